"""Validation of whole records: every issue at once, each with its field, in both languages."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from labregistry import i18n
from labregistry.domain import (
    AUTH_FORMS,
    CREDENTIAL_KINDS,
    GRADES,
    PROVINCES,
    STAFF_STATUSES,
    STATUSES,
    AuthorisationInput,
    AuthorisedItemInput,
    CredentialInput,
    InstituteInput,
    InstrumentInput,
    ServiceInput,
    StaffInput,
    StandardInput,
    build_uscc,
    id_number_valid,
    validate_authorisation,
    validate_institute,
    validate_staff,
    validate_standard,
)
from labregistry.domain.codes import discipline_quantity_issues
from labregistry.domain.quantities import parse_range
from labregistry.errors import DomainError, Issue

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

SHANGHAI_INSTITUTE = build_uscc("1", "2", "310000", "42500054")
FUJIAN_COMPANY = "91350100M000100Y43"


def _standard(**changes: object) -> StandardInput:
    base = StandardInput(
        name="精密压力表标准装置",
        code="12113100",
        grade="社会公用计量标准",
        certificate_no="[2023]沪量标证字第123号",
        certificate_authority="上海市市场监督管理局",
        issued_on="2023-05-10",
        valid_until="2027年5月9日",
        range_text="(0~60) MPa",
        accuracy_text="0.05级",
        quantity="压力",
        responsible_person="张伟",
        status="有效",
        instruments=[
            InstrumentInput(
                name="活塞式压力计",
                role="主标准器",
                model="YS-600",
                serial_no="20190815",
                traced_to_uscc=SHANGHAI_INSTITUTE,
                traced_to_name="上海市计量测试技术研究院",
                calibration_cert_no="2024-Y-0815",
                calibration_due=45717,
            ),
            InstrumentInput(name="温湿度计", role="配套设备"),
        ],
        services=[ServiceInput(name="弹性元件式一般压力表", procedure="JJG 52-2013", kind="检定")],
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _issues(fn: object, inp: object) -> dict[str, Issue]:
    with pytest.raises(DomainError) as exc:
        fn(inp)  # type: ignore[operator]
    return {i.field: i for i in exc.value.issues}


class TestStandard:
    @pytest.mark.parametrize(("text", "code"), [
        ("(0,100) mV", "range.bracket_comma"), ("1,5 V", "range.comma"), ("DCV (0~10)V; ACV (0,100) mV", "range.part")])
    def test_an_instruments_range_is_held_to_the_comma_rule(self, text: str, code: str) -> None:
        """An instrument's range is free text, but trace reads its figures where it reads
        (inventory.trace): "(0,100) mV" was accepted silently, while the standard's own range
        refuses it. The same rule and message, at the instrument's field; any other text stays
        free ("DCV 0~10 V 等" needs not read as a range)."""
        ins = dataclasses.replace(_standard().instruments[0], range_text=text)
        issue = _issues(validate_standard, _standard(instruments=[ins]))["instruments[0].range_text"]
        assert (issue.code, issue.value, issue.warning) == (code, text, False)
        own = _issues(validate_standard, _standard(range_text=text, quantity=None))["range_text"]
        assert (issue.code, issue.message("zh")) == (own.code, own.message("zh"))
        for free in ("DCV 0~10 V 等", "(0~1,000) V", "见说明书", "(0~10) V, (0~1) V"):
            kept = validate_standard(_standard(instruments=[dataclasses.replace(ins, range_text=free)]))
            assert kept.instruments[0].range_text == free

    def test_valid_standard_is_normalised(self) -> None:
        v = validate_standard(_standard())
        assert (v.code.code, v.code.discipline_name_zh, v.grade, v.status) == (
            "12113100",
            "力学",
            "public",
            "valid",
        )
        assert (v.issued_on, v.valid_until) == (dt.date(2023, 5, 10), dt.date(2027, 5, 9))
        assert (v.range.quantity, v.range.max, v.range.unit) == ("pressure", 60e6, "Pa")
        assert (v.accuracy.kind, v.accuracy.accuracy_class) == ("class", "0.05")
        main, ancillary = v.instruments
        assert (main.role, main.traced_to_uscc, main.calibration_due) == (
            "main",
            SHANGHAI_INSTITUTE,
            dt.date(2025, 3, 1),
        )
        assert ancillary.role == "ancillary"
        [service] = v.services
        assert (service.kind, service.procedure and service.procedure.text) == ("verification", "JJG 52-2013")
        assert v.warnings == ()

    def test_an_assessment_certificate_longer_than_four_years_is_a_warning_not_a_refusal(self) -> None:
        v = validate_standard(_standard(issued_on="2023-05-10", valid_until="2028-05-09"))
        [w] = v.warnings
        assert (w.code, w.field, w.params["years"], w.warning) == ("standard.validity_too_long", "valid_until", 5.0,
                                                                   True)
        assert "4 年" in w.message("zh") and "4 years" in w.message("en")
        assert v.valid_until == dt.date(2028, 5, 9)  # kept as entered
        four = validate_standard(_standard(issued_on="2023-05-10", valid_until="2027-05-31"))  # a month of slack
        assert four.warnings == ()

    def test_pressure_range_in_volts_is_refused_naming_range_text(self) -> None:
        issues = _issues(validate_standard, _standard(range_text="(0~60)V"))
        assert issues["range_text"].code == "range.unit_quantity"
        assert issues["range_text"].render("zh") == "测量范围 (range_text) = '(0~60)V': 单位“V”不是压力的单位"

    def test_min_greater_than_max_is_refused(self) -> None:
        assert (
            _issues(validate_standard, _standard(range_text="(60~0)MPa"))["range_text"].code
            == "range.min_gt_max"
        )

    def test_unknown_discipline_is_refused(self) -> None:
        issue = _issues(validate_standard, _standard(code="99010000"))["code"]
        assert issue.code == "standard_code.discipline"
        assert issue.render("zh").startswith("计量标准代码 (code)")

    def test_temporary_code_is_accepted_with_a_warning(self) -> None:
        v = validate_standard(_standard(code="01219001", range_text="(0~100)mm", quantity="length"))
        assert v.code.temporary is True
        assert [(w.code, w.field, w.warning) for w in v.warnings] == [
            ("standard_code.temporary", "code", True)
        ]

    def test_all_issues_are_reported_at_once_with_their_fields(self) -> None:
        bad = _standard(
            name=" ",
            code="12000100",
            grade="国家基准",
            certificate_no=None,
            issued_on="2025-01-01",
            valid_until="2024-01-01",
            accuracy_text="U=0.1%, MPE: ±0.2%",
            status="??",
            instruments=[
                InstrumentInput(
                    name="活塞式压力计", traced_to_uscc="91350100M000100Y44", calibration_due="soon"
                )
            ],
            services=[
                ServiceInput(name="压力表", procedure="JJG 52-2013"),
                ServiceInput(name="压力变送器", procedure="JJF52"),
            ],
        )
        issues = _issues(validate_standard, bad)
        assert {f: i.code for f, i in issues.items()} == {
            "name": "value.required",
            "code": "standard_code.level_gap",
            "grade": "choice.unknown",
            "certificate_no": "value.required",
            "valid_until": "date.order",
            "accuracy_text": "accuracy.ambiguous",
            "status": "choice.unknown",
            "instruments[0].traced_to_uscc": "uscc.check",
            "instruments[0].calibration_due": "date.format",
            "services[1].procedure": "procedure.no_year",
        }
        assert issues["services[1].procedure"].warning
        assert issues["instruments[0].traced_to_uscc"].params["expected"] == "3"

    def test_rendering_of_list_fields_in_both_languages(self) -> None:
        bad = _standard(
            instruments=[InstrumentInput(name="x"), InstrumentInput(name="y", calibration_due="soon")]
        )
        with pytest.raises(DomainError) as exc:
            validate_standard(bad)
        assert exc.value.render("zh").startswith(
            "主标准器及配套设备第 2 项 · 检定/校准有效期至 (instruments[1].calibration_due)"
        )
        assert exc.value.render("en").startswith(
            "instrument 2: calibration due (instruments[1].calibration_due)"
        )

    def test_required_fields(self) -> None:
        issues = _issues(validate_standard, StandardInput())
        for field in (
            "name",
            "code",
            "grade",
            "certificate_no",
            "valid_until",
            "range_text",
            "accuracy_text",
        ):
            assert issues[field].code == "value.required", field
        assert "status" not in issues  # defaults to valid

    def test_accuracy_unit_checked_against_the_range(self) -> None:
        issue = _issues(validate_standard, _standard(accuracy_text="MPEV=±0.5mg"))["accuracy_text"]
        assert issue.code == "accuracy.unit_quantity"

    def test_accuracy_errors_are_reported_even_when_the_range_fails(self) -> None:
        issues = _issues(
            validate_standard, _standard(range_text="(0~60)furlongz", accuracy_text="U=0.1%, ±1%")
        )
        assert (issues["range_text"].code, issues["accuracy_text"].code) == (
            "range.unit_unknown",
            "accuracy.ambiguous",
        )

    def test_unknown_expected_quantity(self) -> None:
        assert (
            _issues(validate_standard, _standard(quantity="widgets"))["quantity"].code == "quantity.unknown"
        )

    def test_verification_by_a_specification_is_a_warning(self) -> None:
        v = validate_standard(
            _standard(services=[ServiceInput(name="数字压力计", procedure="JJF 1033-2023", kind="检定")])
        )
        [w] = v.warnings
        assert (w.code, w.field) == ("service.verification_procedure", "services[0].procedure")
        assert "JJG" in w.message("zh")

    def test_accuracy_warnings_are_carried(self) -> None:
        v = validate_standard(_standard(accuracy_text="U=0.02%"))
        assert [(w.code, w.field) for w in v.warnings] == [("accuracy.k_missing", "accuracy_text")]


class TestAuthorisation:
    def test_valid(self) -> None:
        v = validate_authorisation(
            AuthorisationInput(
                certificate_no="(沪)法计(2023)01001号",
                form="法定计量检定机构授权",
                authority="上海市市场监督管理局",
                issued_on="2023-06-01",
                valid_until="2028-05-31",
                items=[
                    AuthorisedItemInput("弹性元件式一般压力表", "(-0.1~60)MPa", "MPE: ±0.1%", "JJG 52-2013")
                ],
            )
        )
        assert v.form == "legal_verification"
        [item] = v.items
        assert item.range and item.range.min == -1e5
        assert item.accuracy and item.accuracy.value == pytest.approx(1e-3)
        assert item.procedure and item.procedure.text == "JJG 52-2013"

    def test_item_fields_are_named(self) -> None:
        inp = AuthorisationInput(
            certificate_no="A-1",
            form="special",
            valid_until="2028-01-01",
            items=[
                AuthorisedItemInput("压力表", "(0~60)MPa"),
                AuthorisedItemInput("", "(0~60)MPa", "MPEV=±0.5mg", "JJG 52-13"),
            ],
        )
        issues = _issues(validate_authorisation, inp)
        assert {f: i.code for f, i in issues.items()} == {
            "items[1].name": "value.required",
            "items[1].accuracy_text": "accuracy.unit_quantity",
            "items[1].procedure": "procedure.format",
        }
        assert issues["items[1].procedure"].render("zh").startswith("授权项目第 2 项 · 依据的规程/规范")

    def test_form_is_required_and_checked(self) -> None:
        issues = _issues(
            validate_authorisation,
            AuthorisationInput(certificate_no="A-1", form="随便", valid_until="2028-01-01"),
        )
        assert issues["form"].code == "choice.unknown"
        assert "授权为法定计量检定机构" in issues["form"].message("zh")
        assert issues["items"].warning and issues["items"].code == "authorisation.no_items"


class TestStaff:
    def test_registered_metrologist(self) -> None:
        v = validate_staff(
            StaffInput(
                name="王芳",
                department="压力室",
                id_number="11010519491231002X",
                phone="021-5012 3456",
                credentials=[
                    CredentialInput(
                        "二级注册计量师",
                        "2020-JS-0012",
                        "初始注册",
                        "2020-07-01",
                        "2025-06-30",
                        ["压力", " ", "力值"],
                    )
                ],
            )
        )
        [cred] = v.credentials
        assert (cred.kind, cred.registration, cred.items) == ("registered_2", "initial", ("压力", "力值"))
        assert v.warnings == ()

    def test_registration_longer_than_five_years_is_a_warning(self) -> None:
        v = validate_staff(
            StaffInput(
                name="王芳",
                credentials=[CredentialInput("registered_1", "R-1", "renewal", "2020-01-01", "2027-01-01")],
            )
        )
        [w] = v.warnings
        assert (w.code, w.field, w.params["years"]) == (
            "credential.validity_too_long",
            "credentials[0].valid_until",
            7.0,
        )
        assert "5 年" in w.message("zh") and "5 years" in w.message("en")

    def test_five_years_to_the_day_is_fine(self) -> None:
        cred = CredentialInput("registered_1", "R-1", "initial", "2020-01-01", "2024-12-31")
        assert validate_staff(StaffInput(name="王芳", credentials=[cred])).warnings == ()

    def test_registered_needs_a_validity_but_a_verifier_certificate_may_not(self) -> None:
        issues = _issues(
            validate_staff, StaffInput(name="王芳", credentials=[CredentialInput("一级", "R-1")])
        )
        assert issues["credentials[0].valid_until"].code == "value.required"
        assert validate_staff(
            StaffInput(name="王芳", credentials=[CredentialInput("检定员证", "J-1")])
        ).credentials

    def test_id_number_is_checked_and_masked_in_messages(self) -> None:
        assert id_number_valid("11010519491231002X")
        assert not id_number_valid("110105194912310021")
        issue = _issues(validate_staff, StaffInput(name="王芳", id_number="110105194912310021", phone="abc"))
        assert issue["id_number"].code == "staff.id_number"
        assert issue["id_number"].value == "1101**********0021"
        assert "194912" not in issue["id_number"].render("zh")
        assert issue["phone"].code == "staff.phone"


class TestInstitute:
    @pytest.mark.parametrize("typed", ["SH", "上海", "上海市", "sh", "Shanghai", "沪"])
    def test_province_normalised_to_chinese(self, typed: str) -> None:
        v = validate_institute(
            InstituteInput(
                name="上海市计量测试技术研究院", uscc=SHANGHAI_INSTITUTE, province=typed, city="上海"
            )
        )
        assert v.province == "上海" and v.warnings == ()

    def test_other_provinces(self) -> None:
        for key, zh in (("JS", "江苏"), ("ZJ", "浙江"), ("AH", "安徽")):
            assert PROVINCES.parse(key) == zh

    def test_issues(self) -> None:
        issues = _issues(
            validate_institute, InstituteInput(name="x", uscc="91350100M000100Y4", province="北京", city="")
        )
        assert {f: i.code for f, i in issues.items()} == {
            "uscc": "uscc.length",
            "province": "choice.unknown",
            "city": "value.required",
        }
        assert issues["uscc"].render("zh").startswith("统一社会信用代码 (uscc)")

    def test_uscc_region_outside_the_province_is_a_warning(self) -> None:
        v = validate_institute(InstituteInput(name="x", uscc=FUJIAN_COMPANY, province="ZJ", city="杭州"))
        [w] = v.warnings
        assert (w.code, w.params["region"]) == ("institute.province_mismatch", "350100")
        assert "浙江" in w.message("zh") and "Zhejiang" in w.message("en")


def test_enumerations_for_drop_downs() -> None:
    assert list(GRADES) == ["public", "department", "enterprise"]
    assert GRADES["public"] == ("社会公用计量标准", "public measurement standard")
    assert GRADES.parse("企事业最高") == "enterprise"
    assert list(STATUSES) == ["valid", "suspended", "revoked", "expired"]
    assert list(AUTH_FORMS) == ["legal_verification", "public_standard", "internal", "special"]
    assert list(CREDENTIAL_KINDS) == ["registered_1", "registered_2", "verifier", "item_cert"]
    assert list(PROVINCES) == ["上海", "江苏", "浙江", "安徽"]
    assert AUTH_FORMS.labels()[0].en.startswith("authorised as a legal")
    assert STATUSES.label("expired").render("zh") == "过期" and STATUSES.label("expired").render("en") == "expired"
    assert GRADES.parse(None) is None and GRADES.parse("nonsense") is None


def test_staff_status_defaults_to_active_and_is_checked() -> None:
    assert validate_staff(StaffInput(name="王芳")).status == "active"
    assert validate_staff(StaffInput(name="王芳", status="退休")).status == "retired"
    assert _issues(validate_staff, StaffInput(name="王芳", status="出差"))["status"].code == "choice.unknown"
    assert list(STAFF_STATUSES) == ["active", "left", "retired"]


DOMAIN_MESSAGES = [
    "uscc.length", "uscc.charset", "uscc.authority", "uscc.region", "uscc.check", "uscc.org_check",
    "standard_code.format", "standard_code.discipline", "standard_code.level_gap", "standard_code.temporary",
    "procedure.format", "procedure.no_year",
    "range.unparseable", "range.unit_unknown", "range.unit_missing", "range.unit_quantity",
    "range.min_gt_max", "range.mixed_quantities",
    "accuracy.unparseable", "accuracy.ambiguous", "accuracy.unit_quantity", "accuracy.unit_missing",
    "accuracy.relative_unit", "accuracy.k_missing", "accuracy.k_invalid", "accuracy.formula",
    "date.format", "date.no_such_day", "date.no_such_month", "date.serial", "date.order",
    "value.required", "choice.unknown", "quantity.unknown", "service.verification_procedure",
    "authorisation.no_items", "credential.validity_too_long", "standard.validity_too_long", "staff.id_number",
    "staff.phone",
    "institute.province_mismatch",
]  # fmt: skip


@pytest.mark.parametrize("code", DOMAIN_MESSAGES)
def test_every_message_exists_in_chinese_and_english(code: str) -> None:
    assert i18n.known(code)
    zh, en = i18n.tr(code, "zh"), i18n.tr(code, "en")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), zh
    assert zh != en and en[:1].isascii()


@pytest.mark.parametrize(("code", "range_text", "quantity"), [
    ("04113500", "(0~60) MPa", "压力"), ("12113100", "(-60~420)℃", "温度"), ("01113100", "(0~1000)V", "电压"),
    ("15113100", "(0~60) MPa", "压力"), ("37113100", "(0~10)kg", "质量")])
def test_a_range_of_another_quantity_than_the_codes_discipline_is_refused(code: str, range_text: str,
                                                                          quantity: str) -> None:
    """Found by the eighth trial: a standard coded 04 (热学, temperature) with a pressure range
    was accepted. The code's level 1 is the standard's discipline (JJF 1022-2014); its range is
    of a quantity that discipline measures. Refused at the range, naming the code's discipline
    and the range's quantity, in Chinese first."""
    issue = _issues(validate_standard, _standard(code=code, range_text=range_text, quantity=None))["range_text"]
    assert issue.code == "standard_code.quantity"
    zh, en = issue.message("zh"), issue.message("en")
    assert f"计量标准代码 {code}" in zh and f"一级代码 {code[:2]}" in zh and f"此测量范围是{quantity}" in zh, zh
    assert f"the standard code {code}" in en and "check the code or the range" in en, en


@pytest.mark.parametrize(("code", "range_text"), [
    ("04113500", "(-60~420)℃"), ("04313800", "(10~95)%RH"), ("12113100", "(0~60) MPa"), ("12213400", "(1~20)kg"),
    ("15113100", "0.1mV~1000V"), ("25313300", "(0~100)km"), ("28113100", "(2000~3000)K"), ("33113100", "(30~130)dB"),
    ("37213200", "(40~150)kV"), ("46113100", "(0~14)pH"), ("23113100", "9kHz~26.5GHz"), ("55113100", "(0~60) MPa"),
    ("28213200", "(-25~+25)m⁻¹")])
def test_a_range_the_codes_discipline_measures_is_accepted(code: str, range_text: str) -> None:
    """What the rule leaves alone: each discipline's own quantities (colour temperature is a
    temperature in 光学, a tube's kV one of 电离辐射's), and the disciplines whose standards
    measure the quantities of several (无线电, 物理化学, the trades: 气象 measures air pressure),
    and a unit of no known quantity (a 焦度计's m⁻¹, read as 'other:1/m')."""
    validated = validate_standard(_standard(code=code, range_text=range_text, quantity=None, accuracy_text="0.05级"))
    assert validated.code.code == code


@pytest.mark.parametrize(("code", "range_text", "quantity"), [
    ("37113100", "(10~10⁵)min⁻¹", "frequency"), ("37113100", "(1~10⁴)s⁻¹", "frequency"),  # α/β 表面污染仪检定装置
    ("37113100", "(0~10⁴)cps", "frequency"),
    ("28113100", "(0~60)dB", "level"),  # 光衰减器, fibre insertion and return loss
    ("04113500", "(4~20)mA", "current"),  # temperature transmitters, 二次仪表
    ("04313800", "(0~30)g/m³", "density"),  # absolute humidity
    ("04113500", "(0.1~100)mm²/s", "kinematic_viscosity"),  # thermal diffusivity
    ("12113100", "(60~130)dB", "level"),  # 环境振动 振级
    ("12113100", "(0.1~10⁵)pC", "charge"),  # charge amplifiers
    ("12113500", "(4~20)mA", "current"),  # pressure transmitters
    ("25113100", "(-180~180)°", "angle"),  # phase
    ("33113100", "(0~360)°", "angle"), ("33113100", "(20~120)dBμV", "voltage_level"),
    ("28113100", "(1~100)Hz", "frequency"), ("28113100", "(1~100)ms", "time"),  # pulsed lasers, flash
    ("01113100", "(0~60)dB", "level"), ("37113100", "(0~40)dB", "level")])  # a level in dB in every discipline
def test_review_9s_real_standards_are_accepted_by_the_codes_rule(code: str, range_text: str, quantity: str) -> None:
    """Review 9: real standards the rule of a472001 refused (a count rate reads as a frequency,
    an attenuator's dB as a level, absolute humidity's g/m³ as a density ...). Each range reads
    as that quantity, the rule accepts it, and so does the standard's validation."""
    assert parse_range(range_text).quantity == quantity
    assert discipline_quantity_issues(code, quantity, "range_text", range_text) == []
    validated = validate_standard(_standard(code=code, range_text=range_text, quantity=None, accuracy_text="0.05级"))
    assert validated.code.code == code
