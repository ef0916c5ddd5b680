"""Unified social credit codes, JJF 1022 standard codes and procedure numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labregistry.domain import (
    DISCIPLINES,
    build_uscc,
    check_uscc,
    make_uscc,
    org_code_check_char,
    parse_procedure,
    parse_standard_code,
    procedure_issues,
    standard_code_issues,
    uscc_check_char,
    uscc_issues,
    uscc_province,
)
from labregistry.domain.codes import USCC_ALPHABET, USCC_AUTHORITIES
from labregistry.errors import DomainError

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

# A real, published code (Fujian); verified against the algorithm in the first test.
PUBLIC_USCC = "91350100M000100Y43"


def _codes(err: DomainError) -> list[str]:
    return [i.code for i in err.issues]


def _weighted_check(first17: str) -> str:
    """The GB 32100 check written out independently of the module under test."""
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, weights))
    return USCC_ALPHABET[(31 - total % 31) % 31]


class TestUscc:
    def test_public_code_is_valid_per_the_algorithm(self) -> None:
        assert _weighted_check(PUBLIC_USCC[:17]) == PUBLIC_USCC[17]
        assert org_code_check_char(PUBLIC_USCC[8:16]) == PUBLIC_USCC[16]
        assert check_uscc(PUBLIC_USCC) == PUBLIC_USCC
        assert uscc_issues(PUBLIC_USCC) == []

    def test_alphabet_has_31_characters_without_i_o_s_v_z(self) -> None:
        assert len(USCC_ALPHABET) == 31
        assert not set("IOSVZ") & set(USCC_ALPHABET)

    @pytest.mark.parametrize(
        "typed",
        [
            " 91350100m000100y43 ",
            "９１３５０１００Ｍ０００１００Ｙ４３",
            "913501-00M000100Y43",
            "91350100 M000100Y43",
        ],
    )
    def test_normalises_case_width_and_spacing(self, typed: str) -> None:
        assert check_uscc(typed) == PUBLIC_USCC

    def test_build_uscc_makes_codes_valid_in_both_checks(self) -> None:
        code = build_uscc("1", "2", "310000", "42500054")
        assert len(code) == 18 and code.startswith("12310000")
        assert uscc_issues(code) == []
        assert uscc_province(code) == "上海"
        assert uscc_province(build_uscc("9", "1", "320100", "13488260")) == "江苏"
        assert uscc_province(PUBLIC_USCC) is None

    def test_wrong_check_char_names_the_expected_one(self) -> None:
        with pytest.raises(DomainError) as exc:
            check_uscc("91350100M000100Y44")
        issue = exc.value.issues[0]
        assert (issue.code, issue.field, issue.params["expected"]) == ("uscc.check", "uscc", "3")
        assert "应为 3" in issue.message("zh")
        assert "should be 3" in issue.message("en")

    def test_length(self) -> None:
        with pytest.raises(DomainError) as exc:
            check_uscc("91350100M000100Y4")
        assert _codes(exc.value) == ["uscc.length"]
        assert "17" in exc.value.issues[0].message("zh")

    def test_letters_outside_the_alphabet(self) -> None:
        with pytest.raises(DomainError) as exc:
            check_uscc("9135010OM000100Y43")  # letter O for zero
        assert _codes(exc.value) == ["uscc.charset"]
        assert "O" in exc.value.issues[0].message("en")

    def test_registration_authority(self) -> None:
        code = make_uscc("03350100M000100Y4")
        with pytest.raises(DomainError) as exc:
            check_uscc(code)
        assert _codes(exc.value) == ["uscc.authority"]

    def test_region_must_be_digits(self) -> None:
        code = make_uscc("9135A100M000100Y4")
        with pytest.raises(DomainError) as exc:
            check_uscc(code)
        assert _codes(exc.value) == ["uscc.region"]

    def test_organisation_code_check_is_a_warning(self) -> None:
        code = make_uscc("91350100M000100Y5")  # org-code check should be 4
        assert check_uscc(code) == code
        issues = uscc_issues(code)
        assert [(i.code, i.warning, i.params["expected"]) for i in issues] == [("uscc.org_check", True, "4")]

    def test_check_char_helper_refuses_bad_input(self) -> None:
        with pytest.raises(ValueError):
            uscc_check_char("9135010")
        with pytest.raises(ValueError):
            uscc_check_char("9135010OM000100Y4")

    @given(
        st.sampled_from(sorted(USCC_AUTHORITIES)),
        st.text(USCC_ALPHABET, min_size=1, max_size=1),
        st.text("0123456789", min_size=6, max_size=6),
        st.text(USCC_ALPHABET, min_size=9, max_size=9),
        st.data(),
    )
    def test_make_uscc_round_trip_and_every_check_char_substitution_fails(
        self, authority: str, kind: str, region: str, org: str, data: st.DataObject
    ) -> None:
        code = make_uscc(authority + kind + region + org)
        assert check_uscc(code) == code
        other = data.draw(st.sampled_from([c for c in USCC_ALPHABET if c != code[17]]))
        with pytest.raises(DomainError) as exc:
            check_uscc(code[:17] + other)
        assert _codes(exc.value) == ["uscc.check"]
        assert exc.value.issues[0].params["expected"] == code[17]

    @given(st.text(USCC_ALPHABET, min_size=17, max_size=17), st.integers(0, 16), st.data())
    def test_any_single_substitution_in_the_body_is_caught(
        self, body: str, pos: int, data: st.DataObject
    ) -> None:
        code = make_uscc(body)
        other = data.draw(st.sampled_from([c for c in USCC_ALPHABET if c != code[pos]]))
        changed = code[:pos] + other + code[pos + 1 :]
        assert any(not i.warning for i in uscc_issues(changed))

    @given(st.text(max_size=30))
    def test_never_crashes(self, text: str) -> None:
        try:
            check_uscc(text)
        except DomainError:
            pass


class TestStandardCode:
    def test_disciplines_are_the_eighteen_of_jjf_1022_in_order(self) -> None:
        assert list(DISCIPLINES) == [
            "01",
            "04",
            "12",
            "15",
            "23",
            "25",
            "28",
            "33",
            "37",
            "46",
            "51",
            "53",
            "55",
            "57",
            "59",
            "61",
            "63",
            "65",
        ]
        assert DISCIPLINES["12"] == ("力学", "mechanics")
        assert DISCIPLINES["25"][0] == "时间频率"

    def test_valid_code(self) -> None:
        code = parse_standard_code("12113100")
        assert (code.code, code.discipline, code.discipline_name_zh, code.temporary) == (
            "12113100",
            "12",
            "力学",
            False,
        )
        assert code.levels == ("12", "11", "31", "00")
        assert standard_code_issues("12113100") == []

    def test_full_width_and_spaces(self) -> None:
        assert parse_standard_code(" １２ １１ ３１ ００ ").code == "12113100"

    def test_excel_number_gets_its_leading_zero_back(self) -> None:
        assert parse_standard_code(1101000).code == "01101000"
        assert parse_standard_code(1101000.0).discipline_name_zh == "几何量"

    def test_unknown_discipline_refused(self) -> None:
        with pytest.raises(DomainError) as exc:
            parse_standard_code("99010000")
        issue = exc.value.issues[0]
        assert (issue.code, issue.field, issue.params) == (
            "standard_code.discipline",
            "code",
            {"discipline": "99"},
        )
        assert "99" in issue.message("zh") and "JJF 1022" in issue.message("en")

    @pytest.mark.parametrize("text,level", [("12000100", 2), ("12001000", 2), ("12100001", 3)])
    def test_a_00_level_cannot_have_sub_levels(self, text: str, level: int) -> None:
        with pytest.raises(DomainError) as exc:
            parse_standard_code(text)
        assert _codes(exc.value) == ["standard_code.level_gap"]
        assert exc.value.issues[0].params["level"] == level

    @pytest.mark.parametrize("text", ["1211310", "121131000", "1211310A", "", "12-11-31-00x"])
    def test_format(self, text: str) -> None:
        with pytest.raises(DomainError) as exc:
            parse_standard_code(text)
        assert _codes(exc.value) == ["standard_code.format"]

    def test_temporary_code_accepted_with_a_warning(self) -> None:
        code = parse_standard_code("01219001")
        assert code.temporary is True and code.discipline == "01"
        [issue] = standard_code_issues("01219001")
        assert (issue.code, issue.warning, issue.params) == (
            "standard_code.temporary",
            True,
            {"level": 3, "catch_all": "90"},
        )
        assert "临时代码" in issue.message("zh") and "temporary" in issue.message("en")

    @pytest.mark.parametrize("text", ["01219000", "12900000", "04119100"])
    def test_catch_all_codes_themselves_are_normal(self, text: str) -> None:
        assert parse_standard_code(text).temporary is False
        assert standard_code_issues(text) == []

    def test_sub_level_under_a_level_2_catch_all_is_temporary(self) -> None:
        assert parse_standard_code("12911000").temporary is True


class TestProcedure:
    @pytest.mark.parametrize(
        "typed,kind,number,year,text",
        [
            ("JJG 52-2013", "JJG", "52", "2013", "JJG 52-2013"),
            ("JJG52-2013", "JJG", "52", "2013", "JJG 52-2013"),
            ("ＪＪＧ 52－2013", "JJG", "52", "2013", "JJG 52-2013"),
            ("jjg 52—2013", "JJG", "52", "2013", "JJG 52-2013"),
            ("JJF1059.1-2012", "JJF", "1059.1", "2012", "JJF 1059.1-2012"),
            ("GB/T 19022-2003", "GB/T", "19022", "2003", "GB/T 19022-2003"),
            ("GB/T2423.1-2008", "GB/T", "2423.1", "2008", "GB/T 2423.1-2008"),
            ("JJG 52-99", "JJG", "52", "1999", "JJG 52-1999"),
            ("GB 3100-93", "GB", "3100", "1993", "GB 3100-1993"),
            ("JJG(沪) 12-2018", "JJG(沪)", "12", "2018", "JJG(沪) 12-2018"),
            ("JJF（浙）1123-2016", "JJF(浙)", "1123", "2016", "JJF(浙) 1123-2016"),
            ("DB31/T 1234-2020", "DB31/T", "1234", "2020", "DB31/T 1234-2020"),
            ("JB/T 9329-1999", "JB/T", "9329", "1999", "JB/T 9329-1999"),
            ("ISO 6789-1:2017", "ISO", "6789-1", "2017", "ISO 6789-1:2017"),
            ("OIML R76-1:2006", "OIML R", "76-1", "2006", "OIML R 76-1:2006"),
        ],
    )
    def test_spellings(self, typed: str, kind: str, number: str, year: str, text: str) -> None:
        proc = parse_procedure(typed)
        assert (proc.kind, proc.number, proc.year, proc.text) == (kind, number, year, text)
        assert procedure_issues(typed) == []

    def test_title_after_the_number_is_kept_apart(self) -> None:
        proc = parse_procedure("JJG 52-2013《弹性元件式一般压力表、压力真空表和真空表》")
        assert proc.text == "JJG 52-2013"
        assert proc.title == "弹性元件式一般压力表、压力真空表和真空表"

    def test_verification_regulation(self) -> None:
        assert parse_procedure("JJG(苏) 45-2009").is_verification_regulation
        assert not parse_procedure("JJF 1033-2023").is_verification_regulation

    def test_missing_year_is_a_warning(self) -> None:
        proc = parse_procedure("JJG 52")
        assert proc.year is None and proc.text == "JJG 52"
        assert [(i.code, i.warning) for i in procedure_issues("JJG 52")] == [("procedure.no_year", True)]

    @pytest.mark.parametrize(
        "text", ["52-2013", "JJG", "JJG 52-13", "JJG 52-1850", "", "压力表检定规程", "JJG 52-2013x"]
    )
    def test_format(self, text: str) -> None:
        with pytest.raises(DomainError) as exc:
            parse_procedure(text, field="services[0].procedure")
        assert _codes(exc.value) == ["procedure.format"]
        assert exc.value.issues[0].field == "services[0].procedure"
        assert "JJG 52-2013" in exc.value.render("zh")
