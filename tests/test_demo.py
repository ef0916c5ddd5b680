"""The demo generator: counts and proportions, reproducibility, realism checked by the domain rules."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from labregistry import i18n
from labregistry.demo import UPSTREAM_INSTITUTES, DemoSummary, counts_for, populate_demo
from labregistry.demo import catalogue as cat
from labregistry.domain.accuracy import parse_accuracy
from labregistry.domain.codes import DISCIPLINES, build_uscc, check_uscc, parse_procedure, parse_standard_code
from labregistry.domain.quantities import QUANTITY_NAMES, parse_range
from labregistry.domain.records import (
    AUTH_FORMS,
    CREDENTIAL_KINDS,
    GRADES,
    INSTRUMENT_ROLES,
    PROVINCES,
    REGISTRATIONS,
    SERVICE_KINDS,
    STATUSES,
    AuthorisationInput,
    AuthorisedItemInput,
    CredentialInput,
    InstrumentInput,
    ServiceInput,
    StaffInput,
    StandardInput,
)
from labregistry.domain.validation import validate_authorisation, validate_staff, validate_standard
from labregistry.errors import DomainError
from labregistry.registry import Registry, open_registry
from labregistry.storage.models import (
    AuditEntry,
    Authorisation,
    AuthorisationItem,
    Credential,
    CredentialItem,
    Institute,
    Instrument,
    Service,
    Staff,
    Standard,
)
from tests.conftest import as_recorded

OWN_USCC = build_uscc("1", "2", "320500", "DM000001")
TODAY = dt.date(2025, 6, 1)
#: Valid data that deserves a look, as real ledgers have it: provincial temporary codes,
#: and accuracies stated as a formula (e.g. U=(0.3+L/1000)μm, k=2 for a CMM).
ALLOWED_WARNINGS = {"standard_code.temporary", "accuracy.formula"}


def _open(home: Path, own: bool = True) -> Registry:
    reg = open_registry(home, logging=False)
    if own:
        with reg.uow("测试员") as uow:
            uow.institutes.add(
                Institute(uscc=OWN_USCC, name="苏州市计量测试院", province="江苏", city="苏州", kind="legal",
                          is_own=True)
            )
            uow.commit()
    return reg


@pytest.fixture
def registries(tmp_path: Path) -> Iterator[Any]:
    opened: list[Registry] = []

    def make(name: str = "home", own: bool = True) -> Registry:
        reg = _open(tmp_path / name, own)
        opened.append(reg)
        return reg

    yield make
    for reg in opened:
        reg.close()


@pytest.fixture(scope="module")
def populated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Registry, DemoSummary]]:
    """One registry with 500 demo standards, shared by the read-only tests."""
    reg = _open(tmp_path_factory.mktemp("demo500"))
    summary = populate_demo(reg, standards=500, seed=11, today=TODAY, operator="演示")
    yield reg, summary
    reg.close()


def _rows(reg: Registry, model: Any) -> list[Any]:
    with reg.uow("t") as uow:
        return list(uow.session.execute(select(model).order_by(model.id)).scalars())


def _children(reg: Registry, model: Any, parent: str) -> dict[int, list[Any]]:
    """The rows of ``model`` by the id in their ``parent`` column (a standard's instruments ...)."""
    out: dict[int, list[Any]] = {}
    for row in _rows(reg, model):
        out.setdefault(getattr(row, parent), []).append(row)
    return out


def _snapshot(reg: Registry) -> dict[str, Any]:
    """Everything the own institute holds, as the bundle writer sees it (no ids, no timestamps)."""
    with reg.uow("t") as uow:
        s = uow.session
        std_ids = s.execute(select(Standard.id).order_by(Standard.id)).scalars().all()
        auth_ids = s.execute(select(Authorisation.id).order_by(Authorisation.id)).scalars().all()
        staff_ids = s.execute(select(Staff.id).order_by(Staff.id)).scalars().all()
        audit = [
            (a.action, a.entity, a.record_uid, a.record_label, a.source, a.after)
            for a in s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
        ]
        return {
            "standards": [uow.standards.get(i).snapshot() for i in std_ids],  # type: ignore[union-attr]
            "authorisations": [uow.authorisations.get(i).snapshot() for i in auth_ids],  # type: ignore[union-attr]
            "staff": [uow.staff.get(i).snapshot() for i in staff_ids],  # type: ignore[union-attr]
            "audit": audit,
        }


# --------------------------------------------------------------------------------------
# Counts and proportions
# --------------------------------------------------------------------------------------


def test_500_standards_with_proportional_records(populated: tuple[Registry, DemoSummary]) -> None:
    reg, summary = populated
    n_auth, n_staff = counts_for(500)
    assert (n_auth, n_staff) == (50, 125)
    with reg.uow("t") as uow:
        s = uow.session

        def count(model: Any) -> int:
            return int(s.execute(select(func.count()).select_from(model)).scalar_one())

        assert count(Standard) == 500 == summary.standards
        assert count(Authorisation) == n_auth == summary.authorisations
        assert count(Staff) == n_staff == summary.staff
        assert count(Instrument) == summary.instruments >= 500
        assert count(Service) == summary.services >= 500
        assert count(AuthorisationItem) == summary.authorisation_items
        assert count(Credential) == summary.credentials
        assert count(CredentialItem) == summary.credential_items
        own_id = uow.institutes.own().id  # type: ignore[union-attr]
        assert set(s.execute(select(Standard.institute_id)).scalars()) == {own_id}

        per_auth = s.execute(
            select(func.count()).select_from(AuthorisationItem).group_by(AuthorisationItem.authorisation_id)
        ).scalars().all()
        assert len(per_auth) == n_auth and all(3 <= n <= 15 for n in per_auth)
        per_staff = s.execute(select(func.count()).select_from(Credential).group_by(Credential.staff_id)).scalars().all()
        assert len(per_staff) == n_staff and all(1 <= n <= 2 for n in per_staff)
        per_cred = s.execute(
            select(func.count()).select_from(CredentialItem).group_by(CredentialItem.credential_id)
        ).scalars().all()
        assert len(per_cred) == summary.credentials and all(1 <= n <= 5 for n in per_cred)
        mains = s.execute(
            select(func.count()).select_from(Instrument).where(Instrument.role == "main").group_by(Instrument.standard_id)
        ).scalars().all()
        assert len(mains) == 500  # every standard has at least one main standard instrument
        assert len(s.execute(select(Service.standard_id).distinct()).all()) == 500


def test_small_counts_still_give_one_authorisation_and_two_staff(registries: Any) -> None:
    reg = registries()
    summary = populate_demo(reg, standards=1, seed=0, today=TODAY)
    assert (summary.standards, summary.authorisations, summary.staff) == (1, 1, 2)


def test_audit_entry_per_top_level_record(populated: tuple[Registry, DemoSummary]) -> None:
    reg, summary = populated
    audit = _rows(reg, AuditEntry)
    demo = [a for a in audit if a.source == "demo"]
    assert len(demo) == 500 + 50 + 125 == summary.audit_entries
    assert {a.action for a in demo} == {"create"}
    assert {a.operator for a in demo} == {as_recorded("演示", reg)}  # on PostgreSQL with the login after it
    by_entity = {e: [a for a in demo if a.entity == e] for e in ("standard", "authorisation", "staff")}
    assert [len(v) for v in by_entity.values()] == [500, 50, 125]
    standards = {s.uid: s for s in _rows(reg, Standard)}
    for entry in by_entity["standard"][:20]:
        std = standards[entry.record_uid]
        assert entry.record_label == std.certificate_no
        after = json.loads(entry.after)
        assert after["code"] == std.code and after["valid_until"] == std.valid_until.isoformat()
    staff = {p.uid: p for p in _rows(reg, Staff)}
    assert all(entry.record_label == staff[entry.record_uid].name for entry in by_entity["staff"])


# --------------------------------------------------------------------------------------
# Reproducibility
# --------------------------------------------------------------------------------------


def test_same_seed_gives_identical_data_and_another_seed_differs(registries: Any) -> None:
    a, b, c = registries("a"), registries("b"), registries("c")
    populate_demo(a, standards=300, seed=5, today=TODAY)
    populate_demo(b, standards=300, seed=5, today=TODAY, chunk_size=37)  # chunking changes nothing
    populate_demo(c, standards=300, seed=6, today=TODAY)
    snap_a, snap_b, snap_c = _snapshot(a), _snapshot(b), _snapshot(c)
    assert snap_a == snap_b
    assert snap_a["standards"][0]["uid"] == snap_b["standards"][0]["uid"]
    assert snap_a["standards"] != snap_c["standards"]
    uids_a = {s["uid"] for s in snap_a["standards"]}
    assert not uids_a & {s["uid"] for s in snap_c["standards"]}
    assert len(uids_a) == 300


def test_two_institutes_with_the_same_seed_get_records_of_their_own(tmp_path: Path) -> None:
    """Same seed, other institute: other uids (a bundle of one may never carry the other's uids)."""
    regs = []
    for name, uscc in (("a", OWN_USCC), ("b", build_uscc("1", "2", "330100", "DM000002"))):
        reg = open_registry(tmp_path / name, logging=False)
        with reg.uow("t") as uow:
            uow.institutes.add(Institute(uscc=uscc, name=f"演示机构{name}", province="江苏", city="苏州", kind="legal",
                                         is_own=True))
            uow.commit()
        populate_demo(reg, standards=100, seed=5, today=TODAY)
        regs.append(reg)
    try:
        snaps = [_snapshot(reg) for reg in regs]
        for kind in ("standards", "authorisations", "staff"):
            uids = [{r["uid"] for r in snap[kind]} for snap in snaps]
            assert uids[0] and not uids[0] & uids[1], kind
    finally:
        for reg in regs:
            reg.close()


def test_today_moves_the_dates(registries: Any) -> None:
    a, b = registries("a"), registries("b")
    populate_demo(a, standards=50, seed=1, today=TODAY)
    populate_demo(b, standards=50, seed=1, today=TODAY + dt.timedelta(days=365))
    first_a, first_b = _rows(a, Standard)[0], _rows(b, Standard)[0]
    assert first_a.uid == first_b.uid and first_a.name == first_b.name
    assert first_b.issued_on - first_a.issued_on == dt.timedelta(days=365)  # type: ignore[operator]
    assert first_b.valid_until > first_a.valid_until


# --------------------------------------------------------------------------------------
# Realism: the domain rules accept every generated record
# --------------------------------------------------------------------------------------


def _standard_input(std: Standard, instruments: list[Instrument], services: list[Service]) -> StandardInput:
    return StandardInput(
        name=std.name, code=std.code, grade=std.grade, certificate_no=std.certificate_no,
        certificate_authority=std.certificate_authority, issued_on=std.issued_on, valid_until=std.valid_until,
        range_text=std.range_text, accuracy_text=std.accuracy_text,
        quantity=std.quantity if std.quantity in QUANTITY_NAMES else None,  # not "other:1/m" (m⁻¹)
        responsible_person=std.responsible_person, status=std.status, operators=std.operators,
        environment=std.environment, notes=std.notes,
        instruments=[
            InstrumentInput(name=i.name, role=i.role, model=i.model, serial_no=i.serial_no,
                            traced_to_uscc=i.traced_to_uscc, traced_to_name=i.traced_to_name,
                            calibration_cert_no=i.calibration_cert_no, calibration_due=i.calibration_due)
            for i in instruments
        ],
        services=[ServiceInput(name=s.name, procedure=s.procedure, kind=s.kind) for s in services],
    )  # fmt: skip


def test_a_sample_of_standards_passes_the_domain_validators(populated: tuple[Registry, DemoSummary]) -> None:
    reg, _ = populated
    standards = _rows(reg, Standard)
    instruments = _children(reg, Instrument, "standard_id")
    services = _children(reg, Service, "standard_id")
    upstream = {u.uscc for u in UPSTREAM_INSTITUTES} | {OWN_USCC}

    for std in random.Random(2).sample(standards, 200):
        assert std.id is not None
        validated = validate_standard(_standard_input(std, instruments[std.id], services[std.id]))
        assert {w.code for w in validated.warnings} <= ALLOWED_WARNINGS

        code = parse_standard_code(std.code)
        assert code.discipline in DISCIPLINES and code.temporary == std.code_temporary
        rng = parse_range(std.range_text, std.quantity if std.quantity in QUANTITY_NAMES else None)
        assert (rng.quantity, rng.min, rng.max, rng.unit) == (std.quantity, std.range_min, std.range_max, std.unit)
        acc = parse_accuracy(std.accuracy_text, rng)
        assert (acc.kind, acc.value, acc.relative, acc.k, acc.accuracy_class) == (
            std.accuracy_kind, std.accuracy_value, std.accuracy_relative, std.accuracy_k, std.accuracy_class)
        for svc in services[std.id]:
            assert svc.procedure is not None
            proc = parse_procedure(svc.procedure)
            assert proc.text == svc.procedure and proc.year is not None
            assert svc.kind == ("verification" if proc.is_verification_regulation else "calibration")
        for ins in instruments[std.id]:
            assert check_uscc(ins.traced_to_uscc) in upstream
            assert ins.calibration_cert_no and ins.calibration_due and ins.serial_no and ins.model

        assert std.grade in GRADES and std.status in STATUSES
        infix = "苏量标企证字第" if std.grade == "enterprise" else "苏量标证字第"  # the grade's infix
        assert std.certificate_no.startswith(f"[{std.issued_on.year}]{infix}")  # type: ignore[union-attr]
        assert std.certificate_authority == "江苏省市场监督管理局"
        assert std.valid_until == std.issued_on.replace(year=std.issued_on.year + 4) - dt.timedelta(days=1)  # type: ignore[union-attr]


def test_authorisations_and_staff_pass_the_domain_validators(populated: tuple[Registry, DemoSummary]) -> None:
    reg, _ = populated
    items = _children(reg, AuthorisationItem, "authorisation_id")
    forms = set()
    for auth in _rows(reg, Authorisation):
        assert auth.id is not None
        forms.add(auth.form)
        v = validate_authorisation(AuthorisationInput(
            certificate_no=auth.certificate_no, form=auth.form, authority=auth.authority, issued_on=auth.issued_on,
            valid_until=auth.valid_until, status=auth.status,
            items=[AuthorisedItemInput(i.name, i.range_text, i.accuracy_text, i.procedure) for i in items[auth.id]],
        ))  # fmt: skip
        assert {w.code for w in v.warnings} <= ALLOWED_WARNINGS
        assert auth.form in AUTH_FORMS and auth.status in STATUSES
        # the number names who authorised (the nation or the province) and carries 法计 whatever the
        # form, as real 计量授权证书 do: (国)法计(2012)01023号, a special one (京)法计(2012)006号
        national = auth.authority == cat.NATIONAL_AUTHORITY
        number = re.fullmatch(r"\((国|苏)\)法计\((\d{4})\)(\d{3,5})号", auth.certificate_no)
        assert number is not None, auth.certificate_no
        assert number[1] == ("国" if national else "苏") and int(number[2]) == auth.issued_on.year  # type: ignore[union-attr]
        assert len(number[3]) == (5 if auth.form == "legal_verification" else 3), auth.certificate_no
        for it in items[auth.id]:
            assert it.range_text and it.quantity and it.unit and it.procedure
    assert forms == set(AUTH_FORMS)

    cred_items = _children(reg, CredentialItem, "credential_id")
    creds = _children(reg, Credential, "staff_id")
    departments = {dept for dept, _ in cat.DISCIPLINE_DEPARTMENTS.values()}
    for person in _rows(reg, Staff):
        assert person.id is not None
        assert person.phone is None and person.id_number is None  # private data is never invented
        assert person.department in departments and person.title in dict(cat.TITLES)
        assert 2 <= len(person.name) <= 4
        v = validate_staff(StaffInput(
            name=person.name, department=person.department, title=person.title,
            credentials=[CredentialInput(c.kind, c.certificate_no, c.registration, c.issued_on, c.valid_until,
                                         [i.name for i in cred_items[c.id]])  # type: ignore[index]
                         for c in creds[person.id]],
        ))  # fmt: skip
        assert v.warnings == ()
        for c in creds[person.id]:
            assert c.kind in CREDENTIAL_KINDS
            assert (c.registration in REGISTRATIONS) == c.kind.startswith("registered")
            assert c.valid_until == c.issued_on.replace(year=c.issued_on.year + 5) - dt.timedelta(days=1)  # type: ignore[union-attr]
            for ci in cred_items[c.id]:  # type: ignore[index]
                assert ci.discipline in DISCIPLINES


def test_certificate_numbers_are_unique(populated: tuple[Registry, DemoSummary]) -> None:
    reg, _ = populated
    for model in (Standard, Authorisation, Credential):
        numbers = [r.certificate_no for r in _rows(reg, model)]
        assert len(numbers) == len(set(numbers)), model


def test_vocabulary_is_the_domain_vocabulary(populated: tuple[Registry, DemoSummary]) -> None:
    reg, _ = populated
    assert {i.role for i in _rows(reg, Instrument)} == set(INSTRUMENT_ROLES)
    assert {s.kind for s in _rows(reg, Service)} <= set(SERVICE_KINDS)
    assert {s.grade for s in _rows(reg, Standard)} <= set(GRADES)
    assert {s.status for s in _rows(reg, Standard)} <= set(STATUSES)


def test_a_lab_manager_would_take_it_for_real(populated: tuple[Registry, DemoSummary]) -> None:
    from labregistry.demo.generator import VERIFIER_CERTIFICATES_UNTIL

    reg, _ = populated
    standards = _rows(reg, Standard)
    # no heap of copies of one standard: 500 standards over the catalogue's variants
    variants = sum(len(t.variants) for t in (*cat.TEMPLATES, *cat.TEMPORARY_TEMPLATES))
    alike = Counter((s.name, s.range_text, s.accuracy_text) for s in standards)
    assert max(alike.values()) <= -(-500 // variants) + 1
    # a legal institute's standards: nearly all public
    grades = Counter(s.grade for s in standards)
    assert grades["public"] >= 0.9 * 500 and grades["department"] == 0
    # no verifier certificate issued after the licensing was abolished; never someone's only credential
    creds = _rows(reg, Credential)
    verifiers = [c for c in creds if c.kind == "verifier"]
    assert verifiers and all(c.issued_on <= VERIFIER_CERTIFICATES_UNTIL for c in verifiers)  # type: ignore[operator]
    assert all(c.position > 0 for c in verifiers)
    # main instruments are calibrated in time, save those of suspended standards and about 1 % of the rest
    late = {i.standard_id for i in _rows(reg, Instrument) if i.role == "main" and i.calibration_due < TODAY}  # type: ignore[operator]
    by_id = {s.id: s for s in standards}
    assert all(by_id[sid].status in ("suspended", "valid", "expired") for sid in late)
    needing = [sid for sid in late if by_id[sid].status == "valid" and by_id[sid].valid_until >= TODAY]
    assert 1 <= len(needing) <= 0.03 * 500


def test_the_own_institute_is_never_invented_again_upstream(tmp_path: Path) -> None:
    reg = open_registry(tmp_path / "simt", logging=False)
    with reg.uow("t") as uow:  # the own institute is the catalogue's East China centre, under its own code
        uow.institutes.add(Institute(uscc="12310000425011296P", name="上海市计量测试技术研究院", province="上海",
                                     city="上海", kind="legal", is_own=True))
        uow.commit()
    try:
        populate_demo(reg, standards=150, seed=2, today=TODAY)
        traced = {(i.traced_to_name, i.traced_to_uscc) for i in _rows(reg, Instrument)}
        simt = next(u for u in UPSTREAM_INSTITUTES if u.key == "simt")
        assert simt.uscc not in {uscc for _, uscc in traced}
        assert not any("华东国家计量测试中心" in (name or "") for name, _ in traced)
        assert ("上海市计量测试技术研究院", "12310000425011296P") in traced
    finally:
        reg.close()


def test_a_share_expires_soon_and_a_few_have_expired(populated: tuple[Registry, DemoSummary]) -> None:
    reg, summary = populated
    standards = _rows(reg, Standard)
    horizon = TODAY + dt.timedelta(days=180)
    soon = [s for s in standards if TODAY <= s.valid_until <= horizon and s.status in ("valid", "suspended")]
    assert 0.06 * 500 <= len(soon) <= 0.2 * 500
    assert len(soon) == summary.expiring_within_180_days
    expired = [s for s in standards if s.status == "expired"]
    assert 1 <= len(expired) <= 0.08 * 500 and len(expired) == summary.expired
    assert all((s.status == "expired") == (s.valid_until < TODAY) for s in standards)
    assert any(s.status == "suspended" for s in standards)
    issued = [s.issued_on for s in standards]
    assert min(issued) >= TODAY - dt.timedelta(days=4 * 366 + 60) and max(issued) < TODAY  # type: ignore[operator]
    instruments = _rows(reg, Instrument)
    overdue = [i for i in instruments if i.calibration_due < TODAY]
    assert 0 < len(overdue) < 0.15 * len(instruments)


def test_traceability_reaches_the_upstream_institutes(populated: tuple[Registry, DemoSummary]) -> None:
    reg, _ = populated
    traced = {(i.traced_to_uscc, i.traced_to_name) for i in _rows(reg, Instrument)}
    upstream = {(u.uscc, u.name) for u in UPSTREAM_INSTITUTES}
    assert traced <= upstream | {(OWN_USCC, "苏州市计量测试院")}
    reached = {u for u, _ in traced}
    for key in ("nim", "simt", "jsim"):
        assert next(u.uscc for u in UPSTREAM_INSTITUTES if u.key == key) in reached
    assert OWN_USCC in reached  # some ancillary equipment is calibrated in house


def test_upstream_institutes_constant() -> None:
    assert [u.level for u in UPSTREAM_INSTITUTES] == ["national", "east_china", "provincial", "provincial",
                                                      "provincial"]
    assert len({u.uscc for u in UPSTREAM_INSTITUTES}) == len(UPSTREAM_INSTITUTES)
    for u in UPSTREAM_INSTITUTES:
        assert check_uscc(u.uscc) == u.uscc
        assert u.province in PROVINCES or u.level == "national"
    assert {u.province for u in UPSTREAM_INSTITUTES if u.level != "national"} == set(PROVINCES)


def test_catalogue_is_broad_and_parses() -> None:
    assert len(cat.TEMPLATES) >= 40
    disciplines = {t.discipline for t in cat.TEMPLATES}
    assert {"01", "04", "12", "15", "23", "25", "28", "33", "37", "46"} <= disciplines
    for t in cat.TEMPLATES + cat.TEMPORARY_TEMPLATES:
        assert parse_standard_code(t.code).temporary == (t in cat.TEMPORARY_TEMPLATES)
        assert t.main and t.services and t.discipline in cat.DISCIPLINE_DEPARTMENTS
        for range_text, accuracy_text, _ in t.variants:
            parse_accuracy(accuracy_text, parse_range(range_text, t.quantity))
    for item in cat.AUTH_ITEMS:
        parse_accuracy(item.accuracy_text or "", parse_range(item.range_text or "", item.quantity))
        parse_procedure(item.procedure)


def test_catalogue_codes_say_where_they_come_from() -> None:
    """docs/standard-codes.md and the catalogue agree on what was verified against JJF 1022-2014
    and what is only representative: a code added or verified later must be documented."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "standard-codes.md").read_text(encoding="utf-8")
    disciplines = re.search(r"\*\*eighteen level-1 disciplines\*\*: (.+?) \(", doc, re.S)
    assert disciplines is not None
    assert re.findall(r"(\d\d) (\S+?)[,\s]", disciplines[1].replace("\n", " ") + " ") == [
        (code, names[0]) for code, names in DISCIPLINES.items()]
    templates = (*cat.TEMPLATES, *cat.TEMPORARY_TEMPLATES)
    assert set(cat.CODE_STATUS) == {t.code for t in templates}
    for code, (name, source) in cat.VERIFIED_CODES.items():
        assert parse_standard_code(code).code == code and f"`{code}` {name}" in doc and source.split()[-1] in doc
    representative = [c for c, status in cat.CODE_STATUS.items() if status == "representative"]
    assert set(representative) == set(cat.CODE_STATUS) - set(cat.VERIFIED_CODES)
    assert f"marks all {len(representative)} of them" in doc or f"marks {len(representative)} of them" in doc


# --------------------------------------------------------------------------------------
# Refusals
# --------------------------------------------------------------------------------------


def test_without_an_own_institute_the_demo_is_refused(registries: Any) -> None:
    reg = registries(own=False)
    with pytest.raises(DomainError) as err:
        populate_demo(reg, standards=10, today=TODAY)
    assert err.value.code == "demo.no_own_institute"
    assert i18n.known("demo.no_own_institute")
    zh, en = err.value.render("zh"), err.value.render("en")
    assert "本机构" in zh and "own institute" in en
    with reg.uow("t") as uow:
        assert uow.session.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == 0


def test_a_second_run_is_refused_and_changes_nothing(registries: Any) -> None:
    reg = registries()
    populate_demo(reg, standards=20, seed=1, today=TODAY)
    before = _snapshot(reg)
    with pytest.raises(DomainError) as err:
        populate_demo(reg, standards=20, seed=2, today=TODAY)
    assert err.value.code == "demo.not_empty"
    assert "20" in err.value.render("en")
    assert _snapshot(reg) == before


@pytest.mark.parametrize("bad", [0, -5])
def test_a_non_positive_count_is_refused(registries: Any, bad: int) -> None:
    with pytest.raises(DomainError) as err:
        populate_demo(registries(), standards=bad)
    assert err.value.code == "demo.bad_count"


def test_summary_renders_in_both_languages(populated: tuple[Registry, DemoSummary]) -> None:
    _, summary = populated
    assert "计量标准 500 项" in summary.render("zh")
    assert "500 standards" in summary.render("en")
    data = summary.as_dict()
    assert data["today"] == TODAY.isoformat() and data["standards"] == 500
    json.dumps(data)


@pytest.mark.postgres
def test_postgresql_gets_the_same_data_as_sqlite(registries: Any, tmp_path: Path, pg_url: str) -> None:
    lite = registries("lite")
    pg = open_registry(tmp_path / "pg", pg_url, logging=False)
    try:
        with pg.uow("测试员") as uow:
            uow.institutes.add(Institute(uscc=OWN_USCC, name="苏州市计量测试院", province="江苏", city="苏州",
                                         kind="legal", is_own=True))
            uow.commit()
        populate_demo(lite, standards=200, seed=9, today=TODAY)
        summary = populate_demo(pg, standards=200, seed=9, today=TODAY)
        assert (summary.standards, summary.authorisations, summary.staff) == (200, 20, 50)
        assert _snapshot(pg) == _snapshot(lite)
    finally:
        pg.close()
