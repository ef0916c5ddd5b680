"""Every threat of SECURITY.md, built as a real file, refused with its reason; B unchanged."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
import zlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.datetime import from_excel
from hypothesis import given
from hypothesis import strategies as st

from labregistry.exchange import bundle, schema
from labregistry.crypto.jsonform import b64encode, canonical_json
from labregistry.crypto.signing import DOMAIN_BUNDLE_MANIFEST, DOMAIN_STATEMENT
from labregistry.services import comparisons, exchange, listing
from tests.conftest import PASSPHRASE
from tests.exchange.sites import Site, db_state, make_site, refused
from tests.interlab.tables import write_table
from tests.properties import property_settings


@pytest.fixture
def a(tmp_path: Path) -> Site:
    """A with demo records and a comparison it piloted: every data sheet of its bundle has rows."""
    site = make_site(tmp_path, "A", standards=12, seed=5)
    comparisons.import_results_table(site.reg, write_table(tmp_path / "comparison.xlsx"))
    return site


def edit(path: Path, out: Path, change: Any) -> Path:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(out)
    return out


def meta_rows(wb: Any) -> dict[str, Any]:
    ws = wb[schema.META_SHEET]
    return {row[0].value: row[1] for row in ws.iter_rows(min_row=2)}


def resign(wb: Any, signer: Any, mutate_manifest: Any = None, domain: bytes = DOMAIN_BUNDLE_MANIFEST) -> None:
    """Change the manifest and sign it again with ``signer`` (an attacker's or A's own key)."""
    cells = meta_rows(wb)
    payload = json.loads(cells["manifest"].value)
    if mutate_manifest:
        mutate_manifest(payload)
    cells["manifest"].value = canonical_json(payload).decode()
    cells["signature"].value = b64encode(signer.sign(domain, payload))


# ---------------------------------------------------------------- forged bundle


def test_forged_bundle_from_an_impostor_key(tmp_path: Path, a: Site, b: Site) -> None:
    impostor = make_site(tmp_path, "A", standards=3, seed=9, uscc=a.uscc)  # same name and USCC, other key
    reason = refused(b, impostor.export(tmp_path / "forged.xlsx"), "bundle.unknown_key")
    assert impostor.fingerprint() in reason


def test_impostor_cannot_borrow_the_real_card(tmp_path: Path, a: Site, b: Site) -> None:
    impostor = make_site(tmp_path, "A", standards=3, seed=9, uscc=a.uscc)
    forged = impostor.export(tmp_path / "forged.xlsx")
    real_card = a.card(tmp_path / "real.card").read_text(encoding="utf-8")
    key_id = exchange.key_summary(a.reg)["key_id"]
    impostor_key = exchange.keystore(impostor.reg).unlock(PASSPHRASE)

    def swap(wb: Any) -> None:
        meta_rows(wb)["key_card"].value = real_card
        resign(wb, impostor_key, lambda m: m.update(key_id=key_id))

    refused(b, edit(forged, tmp_path / "swapped.xlsx", swap), "bundle.bad_signature")


# ---------------------------------------------------------------- tampering


def test_a_changed_cell_names_the_tampered_sheet(tmp_path: Path, a: Site, b: Site) -> None:
    original = a.export(tmp_path / "a.xlsx")

    def change(wb: Any) -> None:
        ws = wb[schema.STANDARDS.spec.name]
        ws.cell(row=3, column=schema.STANDARDS.keys.index("range_text") + 1).value = "(0~600)MPa"

    reason = refused(b, edit(original, tmp_path / "改过 #1.xlsx", change), "bundle.tampered_sheet", "zh")
    assert schema.STANDARDS.spec.name in reason
    assert reason.startswith("改过 #1.xlsx 的工作表"), reason  # which file, as the other refusals say (trial 7)
    # the rows' count is the same: said so, not "N rows expected, N found" (read as no fault)
    rows = len(list(openpyxl.load_workbook(original)[schema.STANDARDS.spec.name].iter_rows())) - 1
    assert f"行数未变（{rows} 行），但有单元格的内容与签名时不同" in reason, reason


def test_a_deleted_row_is_tampering(tmp_path: Path, a: Site, b: Site) -> None:
    original = a.export(tmp_path / "a.xlsx")
    reason = refused(b, edit(original, tmp_path / "t.xlsx",
                             lambda wb: wb[schema.SERVICES.spec.name].delete_rows(2)), "bundle.tampered_sheet", "zh")
    assert schema.SERVICES.spec.name in reason
    assert "行，现有" in reason, reason


def expected_refusal(column_type: str, value: Any) -> str:
    """The reader's type rules, written out: a value its column cannot hold is ``bundle.wrong_type``
    (before any signature check); any other edit is found by the sheet's signed digest.

    A number typed into a date column keeps the cell's date format, so it is read as Excel
    reads it (openpyxl's ``from_excel``, the spreadsheet's rule, not this project's code): a
    date, or a time without a date or no date at all (beyond 9999-12-31): ``bundle.bad_cell``."""
    if column_type == "date" and not isinstance(value, str):
        try:
            read = from_excel(value)
        except OverflowError:
            return "bundle.bad_cell"
        return "bundle.tampered_sheet" if isinstance(read, dt.datetime) else "bundle.bad_cell"
    fits = {
        "text": isinstance(value, str),
        "int": isinstance(value, int) or (isinstance(value, float) and value.is_integer()),
        "float": isinstance(value, (int, float)),
        "date": False,  # text in a date column
    }[column_type]
    return "bundle.tampered_sheet" if fits else "bundle.wrong_type"


@property_settings(short=50, long=1000)
@given(data=st.data())
def test_any_single_cell_edit_of_any_data_sheet_is_detected(tmp_path: Path, a: Site, b: Site,
                                                              data: st.DataObject) -> None:
    original = tmp_path / "a.xlsx"
    if not original.exists():
        a.export(original)
    wb = openpyxl.load_workbook(original)
    sheet = data.draw(st.sampled_from([s for s in schema.SHEETS]), label="sheet")
    ws = wb[sheet.spec.name]
    row = data.draw(st.integers(min_value=2, max_value=max(2, ws.max_row)), label="row")
    col = data.draw(st.integers(min_value=1, max_value=len(sheet.spec.columns)), label="column")
    old = ws.cell(row=row, column=col).value
    new = data.draw(st.one_of(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=12)
                              .filter(lambda t: not t.startswith("=")),
                              st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False,
                                                                    width=32)), label="new")
    if new == old or (isinstance(new, str) and isinstance(old, str) and new.strip() == old.strip() and new == old):
        return
    ws.cell(row=row, column=col).value = new
    out = tmp_path / "edited.xlsx"
    wb.save(out)
    reason = refused(b, out, expected_refusal(sheet.spec.columns[col - 1].type, new))
    assert sheet.spec.name in reason


# ---------------------------------------------------------------- mix and match


def test_sheets_of_two_bundles_are_mixed(tmp_path: Path, a: Site, b: Site) -> None:
    first = a.export(tmp_path / "a1.xlsx")
    exchange.import_bundle(b.reg, first)
    ids = listing.record_ids(a.reg, listing.RecordQuery(kind="standards", own_only=True))
    from labregistry.services import records

    records.delete(a.reg, "standard", ids[0])
    second = a.export(tmp_path / "a2.xlsx")
    old_rows = [list(r) for r in openpyxl.load_workbook(first)[schema.STANDARDS.spec.name].iter_rows(values_only=True)]

    def mix(wb: Any) -> None:
        ws = wb[schema.STANDARDS.spec.name]
        ws.delete_rows(2, ws.max_row)
        for r in old_rows[1:]:
            ws.append(r)

    reason = refused(b, edit(second, tmp_path / "mixed.xlsx", mix), "bundle.mixed_sheets")
    assert schema.STANDARDS.spec.name in reason and "1" in reason


def test_manifest_listing_other_sheets_is_refused(tmp_path: Path, a: Site, b: Site) -> None:
    key = exchange.keystore(a.reg).unlock(PASSPHRASE)
    out = edit(a.export(tmp_path / "a.xlsx"), tmp_path / "m.xlsx",
               lambda wb: resign(wb, key, lambda m: m["sheets"].reverse()))
    refused(b, out, "bundle.mixed_sheets")


# ---------------------------------------------------------------- rollback and freeze


def test_rollback_of_an_older_valid_bundle(tmp_path: Path, a: Site, b: Site) -> None:
    older = a.export(tmp_path / "a1.xlsx")
    exchange.import_bundle(b.reg, a.export(tmp_path / "a2.xlsx"))
    reason = refused(b, older, "bundle.rollback")
    assert "1" in reason and "2" in reason


def test_freeze_with_an_expired_bundle(tmp_path: Path, a: Site, b: Site) -> None:
    stale = a.export(tmp_path / "old.xlsx", now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=200),
                     valid_days=100)
    refused(b, stale, "bundle.expired")


# ---------------------------------------------------------------- domain confusion


def test_a_signature_from_another_domain_does_not_verify(tmp_path: Path, a: Site, b: Site) -> None:
    key = exchange.keystore(a.reg).unlock(PASSPHRASE)
    out = edit(a.export(tmp_path / "a.xlsx"), tmp_path / "d.xlsx", lambda wb: resign(wb, key, domain=DOMAIN_STATEMENT))
    refused(b, out, "bundle.bad_signature")


def test_another_format_or_version_is_refused(tmp_path: Path, a: Site, b: Site) -> None:
    key = exchange.keystore(a.reg).unlock(PASSPHRASE)
    original = a.export(tmp_path / "a.xlsx")
    refused(b, edit(original, tmp_path / "v.xlsx", lambda wb: resign(wb, key, lambda m: m.update(version=schema.VERSION + 1))),
            "bundle.unsupported_version")
    refused(b, edit(original, tmp_path / "f.xlsx",
                    lambda wb: resign(wb, key, lambda m: m.update(format="labregistry-certificate"))),
            "bundle.not_a_bundle")
    refused(b, edit(original, tmp_path / "i.xlsx",
                    lambda wb: resign(wb, key, lambda m: m.update(issuer_uscc="12340000485000217C"))),
            "bundle.key_mismatch")


# ---------------------------------------------------------------- key compromise


def _thief_bundle(a: Site, stolen: Any, old_card: bytes, out: Path) -> Path:
    with a.reg.uow() as uow:
        rows = exchange.collect_rows(uow.session.connection(), uow.institutes.own())
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    bundle.write_bundle(str(out), rows=rows, issuer_uscc=a.uscc, issuer_name="上海市计量测试技术研究院",
                        signing_key=stolen, card_bytes=old_card, own_statements=[], seq=99, issued_at=now,
                        expires_at=now + dt.timedelta(days=30))
    return out


def test_rotation_then_revocation_refuses_bundles_of_the_stolen_key(tmp_path: Path, a: Site, b: Site) -> None:
    stolen = exchange.keystore(a.reg).unlock(PASSPHRASE)
    old_card = a.card(tmp_path / "old.card").read_bytes()
    exchange.import_bundle(b.reg, a.export(tmp_path / "a1.xlsx"))
    rotated = exchange.rotate_key(a.reg, PASSPHRASE)
    exchange.import_bundle(b.reg, a.export(tmp_path / "a2.xlsx"))  # B follows the rotation
    exchange.revoke_own_key(a.reg, PASSPHRASE, rotated["old_key_id"], "私钥泄露 key compromised")
    assert exchange.import_bundle(b.reg, a.export(tmp_path / "a3.xlsx")).applied  # B learns the revocation
    refused(b, _thief_bundle(a, stolen, old_card, tmp_path / "thief.xlsx"), "bundle.revoked_key")


def test_rotation_with_immediate_revocation_needs_a_new_fingerprint_check(tmp_path: Path, a: Site,
                                                                          b: Site) -> None:
    stolen = exchange.keystore(a.reg).unlock(PASSPHRASE)
    old_card = a.card(tmp_path / "old.card").read_bytes()
    exchange.rotate_key(a.reg, PASSPHRASE, revoke_reason="私钥泄露")
    fresh = a.export(tmp_path / "a-new.xlsx")
    # a revoked key endorses nothing: whoever holds it could have made the rotation
    refused(b, fresh, "bundle.unknown_key")
    exchange.trust_add(b.reg, fresh, a.fingerprint())  # after a phone call
    assert exchange.import_bundle(b.reg, fresh).applied
    refused(b, _thief_bundle(a, stolen, old_card, tmp_path / "thief.xlsx"), "bundle.revoked_key")


# ---------------------------------------------------------------- records of another institute


def test_an_issuer_cannot_send_records_of_another_institute(tmp_path: Path, a: Site, b: Site) -> None:
    d = make_site(tmp_path, "D", standards=4, seed=6)
    b.trust(d, tmp_path)
    exchange.import_bundle(b.reg, d.export(tmp_path / "d.xlsx"))
    d_rows = listing.list_records(d.reg, listing.RecordQuery(kind="standards", own_only=True))
    key = exchange.keystore(a.reg).unlock(PASSPHRASE)
    original = a.export(tmp_path / "a.xlsx")

    def smuggle(wb: Any) -> None:
        ws = wb[schema.STANDARDS.spec.name]
        ws.cell(row=2, column=1).value = d_rows[0]["uid"]  # D's record, now "sent" by A
        for child in (schema.INSTRUMENTS, schema.SERVICES, schema.CAPABILITIES):
            for row in wb[child.spec.name].iter_rows(min_row=2):
                if row[0].value == openpyxl_original_uid[0]:
                    row[0].value = d_rows[0]["uid"]
        _resign_digests(wb, key)

    openpyxl_original_uid = [openpyxl.load_workbook(original)[schema.STANDARDS.spec.name].cell(2, 1).value]
    reason = refused(b, edit(original, tmp_path / "s.xlsx", smuggle), "bundle.foreign_records")
    assert d_rows[0]["uid"] in reason

    def other_issuer(wb: Any) -> None:
        wb[schema.INSTITUTE.spec.name].cell(row=2, column=1).value = d.uscc
        _resign_digests(wb, key)

    refused(b, edit(original, tmp_path / "o.xlsx", other_issuer), "bundle.foreign_records")


@pytest.mark.parametrize(("sheet", "key", "value", "why"), [
    (schema.INSTRUMENTS, "position", 3_000_000_000, "outside"),  # fits SQLite's 64 bits, not PostgreSQL's 32
    (schema.SERVICES, "position", -(2**31) - 1, "outside"),
    (schema.INSTRUMENTS, "position", 10**14, "outside"),
    (schema.STANDARDS, "status", None, "empty"),  # NOT NULL with a default: the merge writes None
    (schema.INSTRUMENTS, "role", None, "empty"),
    (schema.CREDENTIALS, "position", None, "empty"),
], ids=["3e9", "below-int32", "1e14", "no-status", "no-role", "no-credential-position"])
def test_signed_values_the_database_cannot_hold_are_refused_by_verify(tmp_path: Path, a: Site, b: Site,
                                                                       sheet: Any, key: str, value: Any,
                                                                       why: str) -> None:
    """Verify said valid, then import raised DataError / IntegrityError (PostgreSQL and
    SQLite differ on integers: the range checked is INTEGER's on both)."""
    key_pair = exchange.keystore(a.reg).unlock(PASSPHRASE)
    original = a.export(tmp_path / "a.xlsx")
    column = sheet.keys.index(key) + 1

    def change(wb: Any) -> None:
        ws = wb[sheet.spec.name]
        assert ws.max_row >= 2, f"{sheet.spec.name} is empty in A's bundle"
        ws.cell(row=2, column=column).value = value
        _resign_digests(wb, key_pair)

    reason = refused(b, edit(original, tmp_path / "v.xlsx", change), "bundle.bad_value")
    assert sheet.spec.name in reason and sheet.spec.columns[column - 1].header in reason and " 2 " in reason
    assert why in reason
    # the same value within range (or filled) imports: the refusal is about the value
    if why == "outside":
        ok = edit(original, tmp_path / "ok.xlsx", lambda wb: (setattr(
            wb[sheet.spec.name].cell(row=2, column=column), "value", 2**31 - 1), _resign_digests(wb, key_pair)))
        assert exchange.import_bundle(b.reg, ok).applied


def _resign_digests(wb: Any, key: Any) -> None:
    """What a malicious but legitimate issuer can do: sign whatever it wrote."""
    buffer = io.BytesIO()
    wb.save(buffer)
    parsed = bundle.read_bundle(buffer.getvalue(), name="x.xlsx")
    digests = parsed.workbook.digests
    resign(wb, key, lambda m: m.update(sheets=[{"name": s["name"], "rows": digests[s["name"]].row_count,
                                                "sha256": digests[s["name"]].sha256} for s in m["sheets"]]))


# ---------------------------------------------------------------- malicious files


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path, a: Site, b: Site, ziptools: Any) -> None:
    """A real bundle whose first sheet part is 300 MiB of zeros (300 KB compressed)."""
    parts = ziptools.parts(a.export(tmp_path / "a.xlsx"))
    sheet = next(name for name in parts if name.startswith("xl/worksheets/"))
    raw, crc = ziptools.zero_bomb(300 << 20)
    entries = [(n, ziptools.deflate(d), zlib.crc32(d), len(d)) for n, d in parts.items() if n != sheet]
    entries.append((sheet, raw, crc, 300 << 20))
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(ziptools.craft_zip(entries))
    reason = refused(b, bomb, "xlsx.compression_ratio")
    assert sheet in reason


@pytest.mark.parametrize(("payload", "code"), [(b"", "xlsx.empty"), (b"PK\x03\x04 truncated", "xlsx.corrupt"),
                                               (b"not a zip at all" * 100, "xlsx.not_zip")])
def test_broken_files_are_refused_cleanly(tmp_path: Path, b: Site, payload: bytes, code: str) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(payload)
    assert "broken.xlsx" in refused(b, path, code)


@pytest.mark.parametrize("kept", [0.5, 0.9, 0.999])
def test_truncated_bundle_is_refused(tmp_path: Path, a: Site, b: Site, kept: float) -> None:
    data = a.export(tmp_path / "a.xlsx").read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: int(len(data) * kept)])
    assert "cut.xlsx" in refused(b, cut, "xlsx.corrupt")


def test_external_link_part_is_refused(tmp_path: Path, a: Site, b: Site) -> None:
    original = a.export(tmp_path / "a.xlsx")
    linked = tmp_path / "linked.xlsx"
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(linked, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    refused(b, linked, "xlsx.external_link")


def test_hidden_sheet_is_refused(tmp_path: Path, a: Site, b: Site) -> None:
    def hide(wb: Any) -> None:
        wb[schema.SERVICES.spec.name].sheet_state = "hidden"

    reason = refused(b, edit(a.export(tmp_path / "a.xlsx"), tmp_path / "h.xlsx", hide), "bundle.hidden_sheet")
    assert schema.SERVICES.spec.name in reason


def test_extra_sheet_is_refused(tmp_path: Path, a: Site, b: Site) -> None:
    extra = edit(a.export(tmp_path / "a.xlsx"), tmp_path / "x.xlsx", lambda wb: wb.create_sheet("Sheet9"))
    assert "Sheet9" in refused(b, extra, "bundle.unknown_sheet")


# ---------------------------------------------------------------- formulas


def test_formula_cells_are_refused_naming_the_cell(tmp_path: Path, a: Site, b: Site) -> None:
    def inject(wb: Any) -> None:
        wb[schema.STANDARDS.spec.name]["C4"] = '=HYPERLINK("http://evil.example","点击")'

    reason = refused(b, edit(a.export(tmp_path / "a.xlsx"), tmp_path / "f.xlsx", inject), "bundle.formula")
    assert f"{schema.STANDARDS.spec.name}!C4" in reason


def test_user_text_that_looks_like_a_formula_travels_as_text(tmp_path: Path, a: Site, b: Site) -> None:
    from labregistry.services import records
    from tests.exchange.test_bundle_exchange import _rename

    sid = listing.record_ids(a.reg, listing.RecordQuery(kind="standards", own_only=True))[0]
    _rename(a, sid, "=1+1 @SUM(A1) -2 +86")
    out = a.export(tmp_path / "a.xlsx")
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
    exchange.import_bundle(b.reg, out)
    names = [r["name"] for r in listing.list_records(b.reg, listing.RecordQuery(kind="standards",
                                                                                  institute_uscc=a.uscc))]
    assert "=1+1 @SUM(A1) -2 +86" in names
    assert records.get(a.reg, "standard", sid).standard.name == "=1+1 @SUM(A1) -2 +86"


# ---------------------------------------------------------------- partial import


def test_a_failure_during_the_merge_leaves_nothing_half_written(tmp_path: Path, a: Site, b: Site,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from labregistry.storage import writes

    real = writes.replace_records

    def crash_after_writing(*args: Any, **kw: Any) -> None:
        real(*args, **kw)
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(writes, "replace_records", crash_after_writing)
    before = db_state(b.reg)
    with pytest.raises(OSError):
        exchange.import_bundle(b.reg, a.export(tmp_path / "a.xlsx"))
    assert db_state(b.reg) == before
    if b.reg.is_sqlite:
        assert list((b.home / "backups").glob("*.db")), "a backup is taken before the first write"


def test_openpyxl_round_trip_still_verifies(tmp_path: Path, a: Site, b: Site) -> None:
    original = a.export(tmp_path / "a.xlsx")
    resaved = edit(original, tmp_path / "resaved.xlsx", lambda wb: None)
    assert resaved.read_bytes() != original.read_bytes()
    assert exchange.verify_bundle(b.reg, resaved).valid


def test_libreoffice_round_trip_still_verifies(tmp_path: Path, a: Site, b: Site) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed for this test: apt-get install libreoffice-calc-nogui (./test.sh does)"
    import subprocess

    original = a.export(tmp_path / "a.xlsx")
    out_dir = tmp_path / "lo"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out_dir), str(original)],
                   check=True, capture_output=True, timeout=180)
    resaved = out_dir / "a.xlsx"
    assert resaved.exists() and resaved.read_bytes() != original.read_bytes()
    check = exchange.verify_bundle(b.reg, resaved)
    assert check.valid, check.reason
    result = exchange.import_bundle(b.reg, resaved)
    assert result.applied
