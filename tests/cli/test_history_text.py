"""``history`` as text: a record's changes as a lab manager reads them, in zh and en.

The fault it guards (7 Dec 2026): the text printed the audit snapshot's raw keys and values:
derived columns (``accuracy_k：— → 2.0``, ``range_min``, ``code_temporary``), English keys of
the lists (``instruments：— → []``) and a Python repr of the child rows
(``capabilities：— → [{'accuracy_basis': ...}]``), a demo person's ``['registered_2']``. Now
it prints what the record's form shows: its fields by their labels, choices as their labels,
lists item by item; ``--json`` keeps the raw snapshots for scripts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from labregistry.domain import fields as registry
from labregistry.domain.records import (
    AuthorisationInput,
    AuthorisedItemInput,
    CredentialInput,
    InstrumentInput,
    StaffInput,
    StandardInput,
)
from labregistry.registry import open_registry
from labregistry.services import exchange, records
from tests.conftest import run_cli, as_recorded
from tests.exchange.sites import make_site

USCC = "12310000425011296P"
INIT = ["init", "--name", "上海市计量测试技术研究院", "--uscc", USCC, "--province", "上海", "--city", "上海",
        "--operator", "王质量"]
CALIBRATOR = [
    "add-standard", "--name", "多功能校准器标准装置", "--code", "15113100", "--grade", "社会公用",
    "--certificate-no", "[2024]沪量标证字第0009号", "--issued-on", "2024-01-05", "--valid-until", "2028-01-04",
    "--capability", "直流电压 (0~1000)V U=0.002%,k=2", "--capability", "交流电压 (0~750)V U=0.05%,k=2",
]

#: Every internal name a snapshot holds: the registry's field names with an underscore (no
#: label word has one) and the lists' keys.
INTERNAL = sorted({f.name for rt in registry.RECORD_TYPES for f in rt if "_" in f.name}
                  | {"instruments", "services", "capabilities", "credentials", "items"})


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    result = run_cli("--home", str(home), *INIT)
    assert result.code == 0, result.err
    return home


def history(home: Path, kind: str, ref: str, lang: str) -> list[str]:
    result = run_cli("--home", str(home), "--lang", lang, "history", kind, ref)
    assert result.code == 0, result.err
    return result.out.splitlines()


def body(lines: list[str]) -> list[str]:
    """The field lines (indented under each entry's head line), without their indent."""
    return [line.strip() for line in lines if line.startswith("    ")]


def assert_readable(lines: list[str]) -> None:
    """No internal name, no Python repr of a list or a row."""
    for line in body(lines):
        assert "{" not in line and "['" not in line and "[]" not in line, line
        for name in INTERNAL:
            assert not line.startswith((f"{name}：", f"{name}:")), line
            if "_" in name:
                assert name not in line, line


def test_a_standard_with_two_capability_rows_in_chinese(home: Path) -> None:
    assert run_cli("--home", str(home), *CALIBRATOR).code == 0
    lines = history(home, "standards", "[2024]沪量标证字第0009号", "zh")
    assert lines[0].endswith(f"  {as_recorded('王质量')}  新建  （命令行）")
    assert body(lines) == [
        "名称：— → 多功能校准器标准装置",
        "计量标准代码：— → 15113100",
        "计量标准类别：— → 社会公用计量标准",
        "状态：— → 有效",
        "证书编号：— → [2024]沪量标证字第0009号",
        "发证日期：— → 2024-01-05",
        "有效期至：— → 2028-01-04",
        "被测量：— → 电压",
        "测量范围：— → (0~1000)V",
        "不确定度/准确度等级/最大允许误差：— → U=0.002%,k=2",
        "测量能力第 1 项 · 参数：— → 直流电压",
        "测量能力第 1 项 · 测量范围：— → (0~1000)V",
        "测量能力第 1 项 · 不确定度/准确度等级/最大允许误差：— → U=0.002%,k=2",
        "测量能力第 2 项 · 参数：— → 交流电压",
        "测量能力第 2 项 · 测量范围：— → (0~750)V",
        "测量能力第 2 项 · 不确定度/准确度等级/最大允许误差：— → U=0.05%,k=2",
    ]
    assert_readable(lines)


def test_a_standard_with_two_capability_rows_in_english_and_its_json_unchanged(home: Path) -> None:
    assert run_cli("--home", str(home), *CALIBRATOR).code == 0
    lines = history(home, "standards", "[2024]沪量标证字第0009号", "en")
    shown = body(lines)
    assert "category of standard: — → public measurement standard" in shown
    assert "status: — → valid" in shown
    assert "quantity: — → voltage" in shown
    assert "capability 2: parameter: — → 交流电压" in shown
    assert "capability 2: uncertainty / accuracy class / maximum permissible error: — → U=0.05%,k=2" in shown
    assert len(shown) == 16
    assert_readable(lines)
    # a script reads the raw snapshots: every stored column, derived ones included
    [entry] = run_cli("--home", str(home), "history", "standards", "1", "--json").json()
    assert entry["after"]["accuracy_k"] == 2.0 and entry["after"]["code_temporary"] is False
    assert [c["parameter"] for c in entry["after"]["capabilities"]] == ["直流电压", "交流电压"]


def test_an_edit_of_one_instruments_field_is_one_line(home: Path) -> None:
    reg = open_registry(home)
    try:
        def standard(serial: str) -> StandardInput:
            return StandardInput(
                name="精密压力表标准装置", code="12113200", grade="public", certificate_no="[2023]沪量标证字第0123号",
                valid_until="2027-05-30", range_text="(0~60)MPa", accuracy_text="0.05级", quantity="压力",
                instruments=[InstrumentInput(name="精密数字压力计", serial_no="2019-0457"),
                             InstrumentInput(name="活塞压力计", role="ancillary", serial_no=serial)])

        sid = records.create_standard(reg, standard("A-1"), operator="王质量")
        assert records.update(reg, "standard", sid, standard("A-2"), operator="李检定") is True
    finally:
        reg.close()
    zh = history(home, "standards", str(sid), "zh")
    assert zh[0].endswith(f"  {as_recorded('王质量')}  新建  （桌面程序）")
    assert "主标准器及配套设备第 2 项 · 类别：— → 配套设备" in body(zh)  # a creation: every field set
    assert "测量能力第 1 项 · 测量范围：— → (0~60)MPa" not in body(zh)  # the row the standard's own range makes
    head = zh.index(next(line for line in zh if f"{as_recorded('李检定')}  修改" in line))
    assert zh[head + 1:] == ["    主标准器及配套设备第 2 项 · 出厂编号：A-1 → A-2"]
    en = history(home, "standards", str(sid), "en")
    assert en[-1] == "    instrument 2: serial number: A-1 → A-2"
    assert_readable(zh)
    assert_readable(en)


def test_an_authorisation_item_by_item(home: Path) -> None:
    reg = open_registry(home)
    try:
        records.create_authorisation(reg, AuthorisationInput(
            certificate_no="(沪)法计(2024)01001号", form="legal_verification", authority="上海市市场监督管理局",
            issued_on="2024-01-01", valid_until="2028-12-31",
            items=[AuthorisedItemInput("出租汽车计价器", "(0~9999)km", "MPE: ±1%", "JJG 517-2016"),
                   AuthorisedItemInput("弹性元件式一般压力表", "(0~60)MPa", "1.6级", "JJG 52-2013")]))
    finally:
        reg.close()
    zh = history(home, "authorisations", "(沪)法计(2024)01001号", "zh")
    assert body(zh)[:3] == ["证书编号：— → (沪)法计(2024)01001号", "授权形式：— → 授权为法定计量检定机构",
                            "授权机关：— → 上海市市场监督管理局"]
    assert "授权项目第 2 项 · 项目名称：— → 弹性元件式一般压力表" in body(zh)
    assert "授权项目第 2 项 · 依据的规程/规范：— → JJG 52-2013" in body(zh)
    en = history(home, "authorisations", "(沪)法计(2024)01001号", "en")
    assert "form of authorisation: — → authorised as a legal metrology verification institution" in body(en)
    assert "authorised item 1: measurement range: — → (0~9999)km" in body(en)
    assert_readable(zh)
    assert_readable(en)


def test_a_person_with_credentials(home: Path) -> None:
    reg = open_registry(home)
    try:
        pid = records.create_staff(reg, StaffInput(name="王建华", department="力学室", credentials=[
            CredentialInput(kind="registered_2", certificate_no="JL2-32-2021-00001", registration="initial",
                            issued_on="2021-01-01", valid_until="2025-12-31", items=["压力表", "数字压力计"])]))
    finally:
        reg.close()
    zh = history(home, "staff", str(pid), "zh")
    assert body(zh) == [
        "名称：— → 王建华",
        "部门：— → 力学室",
        "状态：— → 在职",
        "资质证书第 1 项 · 证书类别：— → 二级注册计量师",
        "资质证书第 1 项 · 证书编号：— → JL2-32-2021-00001",
        "资质证书第 1 项 · 注册类型：— → 初始注册",
        "资质证书第 1 项 · 发证日期：— → 2021-01-01",
        "资质证书第 1 项 · 有效期至：— → 2025-12-31",
        "资质证书第 1 项 · 专业项目：— → 压力表；数字压力计",
    ]
    en = history(home, "staff", str(pid), "en")
    assert "credential 1: kind: — → registered metrologist, level 2" in body(en)
    assert_readable(zh)
    assert_readable(en)


def test_demo_entries_read_as_counts_and_kinds(home: Path) -> None:
    """A demo entry holds how many instruments a standard has, and a person's credentials'
    kinds, where a real one holds the rows."""
    assert run_cli("--home", str(home), "demo", "--standards", "3", "--seed", "7").code == 0
    person = run_cli("--home", str(home), "list", "staff", "--json").json()[0]
    zh = history(home, "staff", str(person["id"]), "zh")
    assert zh[0].endswith("新建  （演示数据）")
    [entry] = run_cli("--home", str(home), "history", "staff", str(person["id"]), "--json").json()
    labels = {"registered_1": "一级注册计量师", "registered_2": "二级注册计量师", "verifier": "计量检定员证",
              "item_cert": "计量专业项目考核合格证明"}
    kinds = entry["after"]["credentials"]
    assert kinds and all(isinstance(k, str) for k in kinds)  # the demo's shape
    assert "资质证书：— → " + "；".join(labels[k] for k in kinds) in body(zh)
    standard = run_cli("--home", str(home), "list", "standards", "--json").json()[0]
    zh = history(home, "standards", str(standard["id"]), "zh")
    [entry] = run_cli("--home", str(home), "history", "standards", str(standard["id"]), "--json").json()
    n = entry["after"]["instruments"]
    assert isinstance(n, int) and n > 0  # the demo's shape: a count
    assert f"主标准器及配套设备：— → {n} 项" in body(zh)
    assert f"测量范围：— → {standard['range_text']}" in body(zh)
    en = history(home, "standards", str(standard["id"]), "en")
    assert f"main instruments and ancillary equipment: — → {n}" in body(en)
    assert_readable(zh)
    assert_readable(en)


def test_a_peers_record_merged_from_bundles_reads_as_the_form(tmp_path: Path) -> None:
    """A bundle's entries hold the lists under their sheets' names (``instrument``,
    ``credential``, a credential's items as rows of their own): read as the form's."""
    peer, home = make_site(tmp_path, "B"), make_site(tmp_path, "A")
    try:
        def standard(serial: str) -> StandardInput:
            return StandardInput(
                name="活塞式压力计标准装置", code="12113100", grade="public", certificate_no="[2022]苏量标证字第0101号",
                valid_until="2026-02-28", range_text="(100~100000)kPa", accuracy_text="0.02级",
                instruments=[InstrumentInput(name="活塞式压力计", serial_no=serial)])

        sid = records.create_standard(peer.reg, standard("S-1"))
        records.create_staff(peer.reg, StaffInput(name="王建华", department="力学室", credentials=[
            CredentialInput(kind="registered_2", certificate_no="JL2-32-2021-00001", valid_until="2025-12-31",
                            items=["压力表", "数字压力计"])]))
        home.trust(peer, tmp_path)
        exchange.import_bundle(home.reg, peer.export(tmp_path / "1.xlsx"))
        assert records.update(peer.reg, "standard", sid, standard("S-2")) is True
        exchange.import_bundle(home.reg, peer.export(tmp_path / "2.xlsx"))
    finally:
        peer.reg.close()
        home.reg.close()
    zh = history(home.home, "standards", "[2022]苏量标证字第0101号", "zh")
    assert "主标准器及配套设备第 1 项 · 设备名称：— → 活塞式压力计" in body(zh)
    changed = zh.index(next(line for line in zh if "  修改  （数据包" in line))
    assert zh[changed + 1:] == ["    主标准器及配套设备第 1 项 · 出厂编号：S-1 → S-2"]
    person = run_cli("--home", str(home.home), "list", "staff", "--region", "--json").json()[0]
    staff = history(home.home, "staff", str(person["id"]), "zh")
    assert "资质证书第 1 项 · 专业项目：— → 压力表；数字压力计" in body(staff)
    assert_readable(zh)
    assert_readable(staff)


def test_a_record_not_found_is_named_in_the_users_language(home: Path) -> None:
    """``history staff 王建国`` said "找不到记录：staff 王建国": the table's English name in a Chinese
    line (the app's message on a record deleted meanwhile is the same text)."""
    for kind, zh, en in (("staff", "人员", "person"), ("standards", "计量标准", "measurement standard"),
                         ("authorisations", "计量授权", "authorisation")):
        refused = run_cli("--home", str(home), "history", kind, "王建国")
        assert refused.code == 1 and refused.err.strip() == f"error: 找不到记录：{zh} 王建国", refused.err
        english = run_cli("--home", str(home), "--lang", "en", "history", kind, "王建国")
        assert english.err.strip() == f"error: record not found: {en} 王建国", english.err
