"""What each kind of ledger holds: its fields, their header spellings, and how rows become input.

A ledger field is a key such as ``"certificate_no"`` (a field of the record itself) or
``"instruments.name"`` (a field of a list item: instruments of a standard, items of an
authorisation, credentials of a person). List items live on *continuation rows*: one
standard with three instruments takes three rows, its own cells merged or left empty
below the first.

Header synonyms are the spellings found in real ledgers (计量标准台账, 授权项目表,
人员台账) in Chinese and English; a header cell is compared after
:func:`header_keys` folded it (full-width to half-width, spaces, ``*`` marks, a trailing
colon and bracketed remarks removed). Each field's own Chinese and English labels are
synonyms too, so the headers of :mod:`.template` are always recognised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from labregistry import i18n
from labregistry.domain.codes import DISCIPLINES
from labregistry.domain.records import (
    AUTH_FORMS,
    CREDENTIAL_KINDS,
    GRADES,
    INSTRUMENT_ROLES,
    REGISTRATIONS,
    SERVICE_KINDS,
    STAFF_STATUSES,
    STATUSES,
    AuthorisationInput,
    AuthorisedItemInput,
    Choices,
    CredentialInput,
    InstrumentInput,
    ServiceInput,
    StaffInput,
    StandardInput,
)
from labregistry.domain.text import clean, is_blank, normalise
from labregistry.errors import Issue, register_fields

KIND_NAMES = ("standards", "authorisations", "staff")

i18n.register(
    {
        "ledger.kind.standards": {"zh": "计量标准", "en": "measurement standards"},
        "ledger.kind.authorisations": {"zh": "计量授权", "en": "authorisations"},
        "ledger.kind.staff": {"zh": "人员", "en": "staff"},
        "ledger.discipline_unknown": {
            "zh": "“{value}”不是 JJF 1022-2014 的一级学科，可选：{choices}",
            "en": "'{value}' is not a level-1 discipline of JJF 1022-2014; one of: {choices}",
        },
        "ledger.discipline_mismatch": {
            "zh": "学科“{value}”与计量标准代码 {code} 的一级代码（{discipline} {discipline_zh}）不一致，请核对",
            "en": "the discipline '{value}' does not match the standard code {code}, whose level-1 code is "
            "{discipline} ({discipline_en}); please check",
        },
    }
)


# --------------------------------------------------------------------------------------
# Header folding
# --------------------------------------------------------------------------------------

_MARKS = re.compile(r"[*＊※★☆]")
_BRACKETED = re.compile(r"[(\[【{][^()\[\]【】{}]*[)\]】}]")
_EDGE_PUNCT = " .:：;；,，、-_—~"


def fold_header(text: str) -> str:
    """The comparable form of a header text: half-width, lower case, no spaces or marks."""
    s = normalise(text).lower()
    s = _MARKS.sub("", s)
    s = "".join(s.split())
    return s.strip(_EDGE_PUNCT)


def header_keys(text: object) -> list[str]:
    """Folded spellings of one header cell: whole, each line, and without bracketed remarks.

    ``"证书编号 *\\nCertificate No."`` -> ``["证书编号certificateno", "证书编号", "certificateno"]``;
    ``"测量范围（单位）"`` -> ``["测量范围(单位)", "测量范围"]``.
    """
    if is_blank(text) or not isinstance(text, str):
        return []
    lines = [text, *text.splitlines()] if "\n" in text.strip() else [text]
    out: list[str] = []
    for line in lines:
        for variant in (line, _BRACKETED.sub("", normalise(line))):
            key = fold_header(variant)
            if key and key not in out:
                out.append(key)
    return out


# --------------------------------------------------------------------------------------
# Field and kind specifications
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """One column a ledger of a kind may have."""

    key: str  # "certificate_no" or "instruments.name"
    zh: str
    en: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    type: str = "text"  # text | date | choice | code | list
    choices: Choices | None = None
    example: Any = None
    width: float = 14.0
    help_zh: str = ""
    help_en: str = ""

    @property
    def list_name(self) -> str | None:
        """``"instruments"`` for ``"instruments.name"``; None for a field of the record itself."""
        return self.key.split(".", 1)[0] if "." in self.key else None

    @property
    def attr(self) -> str:
        return self.key.rsplit(".", 1)[-1]

    def label(self, lang: str | None = None) -> str:
        return self.en if i18n.normalise_lang(lang or i18n.default_lang()) == "en" else self.zh

    def all_spellings(self) -> tuple[str, ...]:
        return (self.zh, self.en, *self.synonyms)


@dataclass(frozen=True)
class KindSpec:
    """A kind of ledger: its fields, the field that identifies a record, and the list fields."""

    name: str  # standards / authorisations / staff
    entity: str  # standard / authorisation / staff (audit trail, services.records)
    sheet_title: str  # the template's data sheet
    key_field: str  # the field whose cell starts a new record (certificate_no / name)
    fields: tuple[FieldSpec, ...]
    #: ledger field -> database columns it sets on the record (what an update may change)
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: fields the domain needs whatever the layout (their columns are always compared)
    always_owned: tuple[str, ...] = ()

    def field(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def has(self, key: str) -> bool:
        return any(f.key == key for f in self.fields)

    @property
    def record_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.list_name is None)

    @property
    def list_names(self) -> tuple[str, ...]:
        names: list[str] = []
        for f in self.fields:
            if f.list_name and f.list_name not in names:
                names.append(f.list_name)
        return tuple(names)

    def list_fields(self, list_name: str) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.list_name == list_name)

    @property
    def required(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.required)

    def label(self, lang: str | None = None) -> str:
        return i18n.tr(f"ledger.kind.{self.name}", lang)

    def resolve_field(self, text: str) -> str | None:
        """A field key from its key, its label in either language, or a header synonym."""
        wanted = text.strip()
        if self.has(wanted):
            return wanted
        folded = fold_header(wanted)
        for f in self.fields:
            if folded in (fold_header(f.key), fold_header(f.zh), fold_header(f.en)):
                return f.key
        for f in self.fields:
            if folded in (fold_header(s) for s in f.synonyms):
                return f.key
        return None


# Spellings shared by several kinds
_VALID_UNTIL = (
    "有效期", "有效期至", "证书有效期", "证书有效期至", "有效日期", "有效期限", "有效期限至", "到期日期",
    "到期日", "到期时间", "截止日期", "有效截止日期", "失效日期", "valid until", "expiry date", "expiry",
    "expires", "valid to", "expiration date",
)
_ISSUED_ON = (
    "发证日期", "颁发日期", "发证时间", "签发日期", "批准日期", "取证日期", "取证时间", "date of issue",
    "issued on", "issue date", "issued",
)
_RANGE = ("测量范围", "量程", "测量范围/量程", "范围", "测量区间", "measurement range", "range")
_ACCURACY = (
    "不确定度", "准确度等级", "最大允许误差", "准确度", "测量不确定度", "扩展不确定度", "精度", "精度等级",
    "不确定度/准确度等级/最大允许误差", "不确定度或准确度等级或最大允许误差", "准确度等级/最大允许误差",
    "准确度等级或最大允许误差", "不确定度/准确度等级", "不确定度或准确度等级", "不确定度/最大允许误差",
    "测量不确定度/准确度等级/最大允许误差", "uncertainty", "accuracy", "accuracy class", "mpe",
    "maximum permissible error", "uncertainty / accuracy class / mpe",
)
_PROCEDURE = (
    "依据的规程", "依据的规程/规范", "检定规程", "校准规范", "检定规程/校准规范", "规程/规范", "依据",
    "技术依据", "依据的技术文件", "检定依据", "校准依据", "规程规范", "依据的检定规程或校准规范", "procedure",
    "regulation", "method",
)
_STATUS = ("状态", "使用状态", "证书状态", "status")


def _choices_help(choices: Choices) -> tuple[str, str]:
    return "、".join(choices.labels("zh")), ", ".join(choices.labels("en"))


def _choice_field(key: str, zh: str, en: str, choices: Choices, synonyms: tuple[str, ...], *,
                  required: bool = False, example: Any = None, width: float = 16.0,
                  help_zh: str = "", help_en: str = "") -> FieldSpec:
    zh_list, en_list = _choices_help(choices)
    return FieldSpec(
        key, zh, en, synonyms, required=required, type="choice", choices=choices, example=example, width=width,
        help_zh=(help_zh + "从下拉列表选择：" + zh_list).strip(),
        help_en=(help_en + " One of: " + en_list).strip(),
    )


DISCIPLINE_CHOICES = Choices(
    {code: names for code, names in DISCIPLINES.items()},
    {f"{code} {zh}": code for code, (zh, _en) in DISCIPLINES.items()},
)

STANDARDS = KindSpec(
    name="standards",
    entity="standard",
    sheet_title="计量标准台账",
    key_field="certificate_no",
    fields=(
        FieldSpec(
            "certificate_no", "证书编号", "Certificate No.",
            ("考核证书号", "考核证书编号", "证书号", "证书号码", "计量标准考核证书编号", "计量标准考核证书号",
             "标准考核证书编号", "标准考核证书号", "考核证号", "标准证书号", "标准证书编号", "计量标准证书编号",
             "计量标准证书号", "certificate number", "cert no", "assessment certificate no"),
            required=True, example="[2023]沪量标证字第0123号", width=26,
            help_zh="计量标准考核证书编号；再次导入时按本机构的证书编号匹配已有记录",
            help_en="number of the assessment certificate; a re-import matches records of the own institute by it",
        ),
        FieldSpec(
            "name", "计量标准名称", "Standard name",
            ("标准名称", "名称", "计量标准", "标准装置名称", "装置名称", "计量标准装置名称", "name",
             "measurement standard", "standard"),
            required=True, example="精密压力表标准装置", width=24,
        ),
        FieldSpec(
            "code", "计量标准代码", "Standard code",
            ("标准代码", "代码", "分类代码", "分类编码", "计量标准分类代码", "计量标准编码", "标准编码", "code"),
            required=True, type="code", example="12113100", width=12,
            help_zh="JJF 1022-2014 规定的 8 位代码，如 12113100（请将单元格设为文本，保留开头的 0）",
            help_en="8-digit code of JJF 1022-2014, e.g. 12113100 (format the cell as text to keep leading zeros)",
        ),
        _choice_field(
            "discipline", "学科", "Discipline", DISCIPLINE_CHOICES,
            ("学科类别", "一级学科", "专业类别", "学科专业"), example="12 力学", width=12,
            help_zh="可不填；填写时须与计量标准代码的前两位一致。",
            help_en="Optional; when given it must agree with the first two digits of the code.",
        ),
        _choice_field(
            "grade", "计量标准类别", "Category", GRADES,
            ("标准类别", "类别", "标准级别", "计量标准性质", "标准性质", "建标类别", "计量标准等级", "grade",
             "category of standard"),
            required=True, example="社会公用计量标准", width=20,
        ),
        FieldSpec("range_text", "测量范围", "Measurement range", _RANGE, required=True, example="(0~60)MPa",
                  width=18, help_zh="如 (0~60)MPa、0.1mV～1000V、10Hz-1GHz",
                  help_en='e.g. "(0~60)MPa", "0.1mV～1000V", "10Hz-1GHz"'),
        FieldSpec("accuracy_text", "不确定度/准确度等级/最大允许误差", "Uncertainty / accuracy class / MPE",
                  _ACCURACY, required=True, example="0.05级", width=24,
                  help_zh="三者选一：U=0.02%, k=2；Urel=1×10⁻⁶ (k=2)；0.05级；MPE: ±0.1%",
                  help_en='one of: "U=0.02%, k=2", "Urel=1×10⁻⁶ (k=2)", "0.05级", "MPE: ±0.1%"'),
        FieldSpec("quantity", "被测量", "Quantity", ("测量参量", "参量", "measurand"), example="压力", width=10,
                  help_zh="可不填；填写时用于核对测量范围的单位，如 压力、电压、温度",
                  help_en="optional; when given the range's unit is checked against it, e.g. pressure, voltage"),
        FieldSpec("certificate_authority", "发证机关", "Issuing authority",
                  ("发证单位", "发证部门", "考核单位", "主持考核单位", "组织考核单位", "考核机关", "authority"),
                  example="上海市市场监督管理局", width=20),
        FieldSpec("issued_on", "发证日期", "Date of issue", _ISSUED_ON + ("考核日期",), type="date",
                  example="2023-05-31", width=12, help_zh="如 2025-03-01、2025/3/1、2025年3月1日",
                  help_en="e.g. 2025-03-01, 2025/3/1, 2025年3月1日"),
        FieldSpec("valid_until", "有效期至", "Valid until", _VALID_UNTIL, required=True, type="date",
                  example="2027-05-30", width=12, help_zh="考核证书有效期的最后一天",
                  help_en="last day of validity of the certificate"),
        FieldSpec("responsible_person", "计量标准负责人", "Person responsible",
                  ("负责人", "标准负责人", "项目负责人", "responsible person", "responsible"), example="王质量",
                  width=12),
        FieldSpec("operators", "检定或校准人员", "Operators",
                  ("检定人员", "校准人员", "检定/校准人员", "操作人员", "检定员", "operators"), example="李检定、张校准",
                  width=16),
        FieldSpec("environment", "环境条件", "Environment", ("environmental conditions",),
                  example="温度(20±2)℃，相对湿度≤85%", width=18),
        _choice_field("status", "状态", "Status", STATUSES, _STATUS + ("标准状态",), example="有效", width=8,
                      help_zh="可不填（默认有效）。", help_en="Optional (default valid)."),
        _choice_field(
            "instruments.role", "主标准器/配套设备", "Instrument role", INSTRUMENT_ROLES,
            ("设备类别", "设备类型", "器具类别", "标准器类别", "主标准器或配套设备", "主/配", "设备用途", "role",
             "instrument role"),
            example="主标准器", width=12, help_zh="可不填（默认主标准器）。", help_en="Optional (default main).",
        ),
        FieldSpec(
            "instruments.name", "设备名称", "Instrument name",
            ("主标准器名称", "标准器名称", "仪器名称", "器具名称", "主标准器及配套设备", "主标准器", "标准器",
             "主要配套设备", "配套设备名称", "标准器及配套设备名称", "主标准器及配套设备名称", "instrument",
             "equipment"),
            example="精密数字压力计", width=18,
            help_zh="一个计量标准有多台设备时，每台一行：后续行的计量标准各列留空或合并单元格",
            help_en="one row per instrument: on the following rows leave the standard's own cells empty "
            "or merged",
        ),
        FieldSpec("instruments.model", "型号", "Model", ("规格型号", "型号规格", "型号/规格", "规格", "model", "type"),
                  example="CPG2500", width=12),
        FieldSpec("instruments.serial_no", "出厂编号", "Serial No.",
                  ("设备编号", "序列号", "器号", "仪器编号", "出厂号", "serial number", "serial"), example="2019-0457",
                  width=12),
        FieldSpec("instruments.traced_to_name", "溯源机构", "Traced to",
                  ("溯源单位", "检定机构", "校准机构", "检定/校准机构", "检定或校准机构", "检定单位", "校准单位",
                   "检定/校准单位", "溯源机构名称", "calibrated by"),
                  example="中国计量科学研究院", width=18),
        FieldSpec("instruments.traced_to_uscc", "溯源机构统一社会信用代码", "Traced to (USCC)",
                  ("溯源机构代码", "检定机构代码", "溯源机构信用代码", "traced to uscc"), example=None, width=20),
        FieldSpec("instruments.calibration_cert_no", "检定/校准证书编号", "Calibration certificate No.",
                  ("检定证书编号", "校准证书编号", "检定证书号", "校准证书号", "检定/校准证书号", "溯源证书编号",
                   "溯源证书号", "检定或校准证书编号", "标准器证书编号", "标准器证书号", "主标准器证书编号",
                   "主标准器证书号", "设备证书编号", "calibration certificate"),
                  example="LSzj2024-01234", width=18),
        FieldSpec("instruments.calibration_due", "检定/校准有效期至", "Calibration due",
                  ("检定有效期", "校准有效期", "检定有效期至", "校准有效期至", "溯源有效期", "溯源有效期至",
                   "下次检定日期", "下次校准日期", "检定/校准有效期", "复校日期", "检定到期日", "校准到期日",
                   "主标准器有效期", "主标准器有效期至", "标准器有效期", "标准器有效期至", "设备有效期",
                   "due date", "next calibration"),
                  type="date", example="2025-06-30", width=14),
        FieldSpec("services.name", "开展的检定或校准项目", "Verification or calibration item",
                  ("开展的检定/校准项目", "检定/校准项目", "检定或校准项目", "开展项目", "开展的项目", "检定项目",
                   "校准项目", "检定校准项目", "service"),
                  example="弹簧管式精密压力表检定", width=22,
                  help_zh="一个计量标准开展多个项目时，每个项目一行（与设备可在同一行）",
                  help_en="one row per item (it may share a row with an instrument)"),
        FieldSpec("services.procedure", "依据的规程/规范", "Procedure", _PROCEDURE, example="JJG 49-2013", width=16,
                  help_zh="如 JJG 52-2013、JJF 1059.1-2012", help_en="e.g. JJG 52-2013, JJF 1059.1-2012"),
        _choice_field("services.kind", "检定/校准", "Service kind", SERVICE_KINDS,
                      ("检定或校准", "项目类别", "服务类型", "service kind"), example="检定", width=10,
                      help_zh="可不填（默认校准）。", help_en="Optional (default calibration)."),
        FieldSpec("notes", "备注", "Notes", ("说明", "remarks", "notes", "remark"), width=16),
    ),
    columns={
        "name": ("name",),
        "code": ("code", "code_temporary"),
        "grade": ("grade",),
        "certificate_no": ("certificate_no",),
        "certificate_authority": ("certificate_authority",),
        "issued_on": ("issued_on",),
        "valid_until": ("valid_until",),
        "range_text": ("range_text", "quantity", "range_min", "range_max", "unit"),
        "accuracy_text": (
            "accuracy_text", "accuracy_kind", "accuracy_value", "accuracy_relative", "accuracy_k", "accuracy_class",
        ),
        "responsible_person": ("responsible_person",),
        "operators": ("operators",),
        "environment": ("environment",),
        "status": ("status",),
        "notes": ("notes",),
    },
    always_owned=("name", "code", "grade", "certificate_no", "valid_until", "range_text", "accuracy_text"),
)

AUTHORISATIONS = KindSpec(
    name="authorisations",
    entity="authorisation",
    sheet_title="计量授权台账",
    key_field="certificate_no",
    fields=(
        FieldSpec("certificate_no", "授权证书编号", "Certificate No.",
                  ("证书编号", "授权证书号", "证书号", "计量授权证书编号", "计量授权证书号", "授权证号", "授权编号",
                   "certificate number", "cert no"),
                  required=True, example="(沪)法计(2022)01001号", width=24,
                  help_zh="计量授权证书编号；一张证书有多个授权项目时，每个项目一行，证书各列留空、合并或重复填写",
                  help_en="one row per authorised item: on the following rows leave the certificate's cells "
                  "empty, merged or repeated"),
        _choice_field("form", "授权形式", "Form of authorisation", AUTH_FORMS,
                      ("授权类型", "授权类别", "授权方式", "授权种类", "类别", "form"), required=True,
                      example="授权建立社会公用计量标准", width=24),
        FieldSpec("authority", "授权机关", "Authorising body",
                  ("授权单位", "授权部门", "发证机关", "发证单位", "authority"), example="上海市市场监督管理局", width=20),
        FieldSpec("issued_on", "发证日期", "Date of issue", _ISSUED_ON + ("授权日期",), type="date",
                  example="2022-03-01", width=12),
        FieldSpec("valid_until", "有效期至", "Valid until", _VALID_UNTIL + ("授权有效期", "授权有效期至"),
                  required=True, type="date", example="2027-02-28", width=12),
        _choice_field("status", "状态", "Status", STATUSES, _STATUS + ("授权状态",), example="有效", width=8,
                      help_zh="可不填（默认有效）。", help_en="Optional (default valid)."),
        FieldSpec("items.name", "授权项目", "Authorised item",
                  ("授权项目名称", "项目名称", "项目", "计量器具名称", "器具名称", "检定项目", "授权检定项目",
                   "授权检定项目名称", "item", "item name"),
                  example="压力表", width=20),
        FieldSpec("items.range_text", "测量范围", "Measurement range", _RANGE, example="(0~60)MPa", width=18),
        FieldSpec("items.accuracy_text", "不确定度/准确度等级/最大允许误差", "Uncertainty / accuracy class / MPE",
                  _ACCURACY, example="1.6级", width=22),
        FieldSpec("items.procedure", "依据的规程/规范", "Procedure", _PROCEDURE, example="JJG 52-2013", width=16),
    ),
    columns={
        "certificate_no": ("certificate_no",),
        "form": ("form",),
        "authority": ("authority",),
        "issued_on": ("issued_on",),
        "valid_until": ("valid_until",),
        "status": ("status",),
    },
    always_owned=("certificate_no", "form", "valid_until"),
)

STAFF = KindSpec(
    name="staff",
    entity="staff",
    sheet_title="人员台账",
    key_field="name",
    fields=(
        FieldSpec("name", "姓名", "Name", ("名字", "人员姓名", "人员", "name", "full name"), required=True,
                  example="王质量", width=10,
                  help_zh="一人持有多本证书时，每本证书一行：后续行的姓名等各列留空、合并或重复填写",
                  help_en="one row per credential: on the following rows leave the person's cells empty, "
                  "merged or repeated"),
        FieldSpec("department", "部门", "Department",
                  ("科室", "所在部门", "部门/科室", "所在科室", "工作部门", "室别", "department"), example="力学室",
                  width=12),
        FieldSpec("title", "职称/职务", "Title", ("职称", "职务", "技术职称", "职称职务", "title"),
                  example="高级工程师", width=12),
        FieldSpec("phone", "联系电话", "Phone", ("电话", "手机", "手机号", "手机号码", "联系方式", "phone"),
                  example="021-12345678", width=14, help_zh="仅在本机构保存，不随数据包导出",
                  help_en="kept inside the institute only, never exported"),
        FieldSpec("id_number", "身份证号码", "ID number",
                  ("身份证号", "身份证", "身份证件号码", "证件号码", "id number", "id no"), width=20,
                  help_zh="可不填；仅在本机构保存，不随数据包导出",
                  help_en="optional; kept inside the institute only, never exported"),
        _choice_field("status", "状态", "Status", STAFF_STATUSES, _STATUS + ("在职状态", "人员状态"), example="在职",
                      width=8, help_zh="可不填（默认在职）。", help_en="Optional (default active)."),
        _choice_field(
            "credentials.kind", "证书类别", "Credential",
            CREDENTIAL_KINDS,
            ("证书类型", "资格类别", "资质类别", "证书种类", "资格证书类别", "资质证书类别", "注册级别", "资格级别",
             "证书名称", "credential kind"),
            example="二级注册计量师", width=18,
        ),
        FieldSpec("credentials.certificate_no", "证书编号", "Certificate No.",
                  ("注册证书编号", "注册证书号", "注册证号", "证书号", "检定员证号", "检定员证编号", "资格证书编号",
                   "资格证书号", "注册编号", "证号", "certificate number"),
                  example="沪22020001234", width=18,
                  help_zh="注册证书或检定员证编号；再次导入时按证书编号（无证书时按姓名和部门）匹配已有人员",
                  help_en="a re-import matches people by certificate number (without one, by name and department)"),
        _choice_field("credentials.registration", "注册类型", "Registration", REGISTRATIONS,
                      ("注册类别", "注册方式", "registration"), example="初始注册", width=10,
                      help_zh="注册计量师填写。", help_en="For registered metrologists."),
        FieldSpec("credentials.issued_on", "发证日期", "Date of issue", _ISSUED_ON + ("注册日期",), type="date",
                  example="2022-01-10", width=12),
        FieldSpec("credentials.valid_until", "有效期至", "Valid until", _VALID_UNTIL + ("注册有效期", "注册有效期至"),
                  type="date", example="2027-01-09", width=12,
                  help_zh="注册计量师必填", help_en="required for registered metrologists"),
        FieldSpec("credentials.items", "专业项目", "Items",
                  ("注册专业", "注册计量专业项目", "注册专业项目", "核准项目", "考核项目", "项目", "检定项目",
                   "持证项目", "计量专业项目", "items"),
                  type="list", example="压力表、数字压力计", width=24,
                  help_zh="多个项目用顿号、逗号或分号分隔", help_en="separate several items with 、 , or ;"),
    ),
    columns={
        "name": ("name",),
        "department": ("department",),
        "title": ("title",),
        "phone": ("phone",),
        "id_number": ("id_number",),
        "status": ("status",),
    },
    always_owned=("name",),
)

KINDS: dict[str, KindSpec] = {spec.name: spec for spec in (STANDARDS, AUTHORISATIONS, STAFF)}

#: Headers that are recognised as belonging to a header row, though nothing is imported from them.
IGNORED_HEADERS = frozenset(fold_header(t) for t in ("序号", "序", "编号序号", "no", "no.", "#", "seq", "序列"))

register_fields({"discipline": ("学科", "discipline")})


def kind_spec(name: str) -> KindSpec:
    return KINDS[name]


# --------------------------------------------------------------------------------------
# Rows -> domain input
# --------------------------------------------------------------------------------------

_ITEM_SPLIT = re.compile(r"[、,，;；/\n]+")


def split_items(value: object) -> list[str]:
    """``"压力表、数字压力计; 砝码"`` -> ``["压力表", "数字压力计", "砝码"]``."""
    text = clean(value)
    if text is None:
        return []
    return [part.strip() for part in _ITEM_SPLIT.split(text) if part.strip()]


def build_input(spec: KindSpec, values: Mapping[str, Any], children: Mapping[str, list[dict[str, Any]]]) -> Any:
    """The domain ``*Input`` for one ledger record; unmapped fields keep the input's defaults."""
    own = {k: v for k, v in values.items() if k != "discipline"}
    if spec.name == "standards":
        return StandardInput(
            **own,
            instruments=[InstrumentInput(**c) for c in children.get("instruments", [])],
            services=[ServiceInput(**c) for c in children.get("services", [])],
        )
    if spec.name == "authorisations":
        return AuthorisationInput(**own, items=[AuthorisedItemInput(**c) for c in children.get("items", [])])
    creds = []
    for c in children.get("credentials", []):
        c = dict(c)
        if "items" in c:
            c["items"] = split_items(c["items"])
        creds.append(CredentialInput(**c))
    return StaffInput(**own, credentials=creds)


def discipline_issues(value: object, code: str | None) -> list[Issue]:
    """Warnings when the optional discipline column is unknown or disagrees with the code."""
    text = clean(value)
    if text is None:
        return []
    key = DISCIPLINE_CHOICES.parse(text)
    if key is None:
        m = re.match(r"^\s*(\d{2})", normalise(text))
        key = m.group(1) if m and m.group(1) in DISCIPLINES else None
    if key is None:
        choices = "、".join(f"{c} {zh}" for c, (zh, _en) in DISCIPLINES.items())
        return [Issue("ledger.discipline_unknown", "discipline", text, {"choices": choices}, warning=True)]
    if code and code[:2] != key:
        zh, en = DISCIPLINES.get(code[:2], ("?", "?"))
        params = {"code": code, "discipline": code[:2], "discipline_zh": zh, "discipline_en": en}
        return [Issue("ledger.discipline_mismatch", "discipline", text, params, warning=True)]
    return []
