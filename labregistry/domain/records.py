"""What users enter, before and after validation, and the fixed lists they choose from.

``*Input`` dataclasses hold raw values as they come from a form, a ledger row or a CLI
flag (text, numbers, dates in any accepted spelling); ``validate_*`` in
:mod:`labregistry.domain.validation` turn them into ``Validated*`` values with
normalised codes, ranges, accuracies and dates.

The enumerations (GRADES, STATUSES, AUTH_FORMS, CREDENTIAL_KINDS, PROVINCES ...) map a
stable key to its Chinese and English labels; the UI and the Excel templates use them
for drop-downs, and :meth:`Choices.parse` accepts the key, either label, or a usual
short form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from labregistry import i18n
from labregistry.domain.accuracy import Accuracy
from labregistry.domain.codes import Procedure, StandardCode
from labregistry.domain.quantities import MeasuredRange
from labregistry.domain.text import normalise
from labregistry.errors import Issue, register_fields


class Choices(Mapping[str, tuple[str, str]]):
    """An enumeration: key -> (Chinese label, English label), in display order."""

    def __init__(self, items: dict[str, tuple[str, str]], aliases: dict[str, str] | None = None) -> None:
        self._items = dict(items)
        self._lookup: dict[str, str] = {}
        for key, (zh, en) in self._items.items():
            for spelling in (key, zh, en):
                self._lookup[self._fold(spelling)] = key
        for spelling, key in (aliases or {}).items():
            self._lookup[self._fold(spelling)] = key

    @staticmethod
    def _fold(text: str) -> str:
        return "".join(normalise(text).lower().split())

    def __getitem__(self, key: str) -> tuple[str, str]:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def parse(self, value: object) -> str | None:
        """The key for a key, a label in either language or an alias; None if unknown."""
        if value is None:
            return None
        return self._lookup.get(self._fold(str(value)))

    def label(self, key: str, lang: str | None = None) -> str:
        zh, en = self._items[key]
        return en if i18n.normalise_lang(lang or i18n.default_lang()) == "en" else zh

    def labels(self, lang: str | None = None) -> list[str]:
        return [self.label(key, lang) for key in self._items]


GRADES = Choices(
    {
        "public": ("社会公用计量标准", "public measurement standard"),
        "department": ("部门最高计量标准", "highest standard of a department"),
        "enterprise": ("企事业单位最高计量标准", "highest standard of an enterprise or institution"),
    },
    {
        "社会公用": "public",
        "公用": "public",
        "部门最高": "department",
        "企事业最高": "enterprise",
        "企事业单位最高": "enterprise",
        "企业最高": "enterprise",
        "企事业最高计量标准": "enterprise",
    },
)

STATUSES = Choices(
    {
        "valid": ("有效", "valid"),
        "suspended": ("暂停", "suspended"),
        "revoked": ("撤销", "revoked"),
        "expired": ("过期", "expired"),
    },
    {
        "正常": "valid",
        "在用": "valid",
        "停用": "suspended",
        "暂停使用": "suspended",
        "注销": "revoked",
        "已撤销": "revoked",
        "失效": "expired",
        "已过期": "expired",
        "超期": "expired",
    },
)

STAFF_STATUSES = Choices(
    {
        "active": ("在职", "active"),
        "left": ("离职", "left"),
        "retired": ("退休", "retired"),
    },
    {"在岗": "active", "调离": "left", "已离职": "left", "已退休": "retired"},
)

# Metrology Law implementing rules (计量法实施细则), art. 30: the four forms of authorisation.
AUTH_FORMS = Choices(
    {
        "legal_verification": (
            "授权为法定计量检定机构",
            "authorised as a legal metrology verification institution",
        ),
        "public_standard": (
            "授权建立社会公用计量标准",
            "authorised to establish public measurement standards",
        ),
        "internal": ("授权本单位执行强制检定", "authorised for compulsory verification within the body"),
        "special": ("授权承担其他检定、测试任务", "authorised for other verification or testing tasks"),
    },
    {
        "法定计量检定机构授权": "legal_verification",
        "法定计量检定机构": "legal_verification",
        "法定": "legal_verification",
        "建立社会公用计量标准": "public_standard",
        "社会公用计量标准": "public_standard",
        "社会公用": "public_standard",
        "内部强制检定": "internal",
        "本单位内部强制检定": "internal",
        "强制检定": "internal",
        "专项授权": "special",
        "专项计量授权": "special",
        "专项": "special",
    },
)

CREDENTIAL_KINDS = Choices(
    {
        "registered_1": ("一级注册计量师", "registered metrologist, level 1"),
        "registered_2": ("二级注册计量师", "registered metrologist, level 2"),
        "verifier": ("计量检定员证", "verifier certificate"),
        "item_cert": ("计量专业项目考核合格证明", "certificate of competence for metrology items"),
    },
    {
        "一级": "registered_1",
        "一级注册": "registered_1",
        "二级": "registered_2",
        "二级注册": "registered_2",
        "检定员": "verifier",
        "检定员证": "verifier",
        "计量检定员": "verifier",
        "项目考核合格证明": "item_cert",
        "考核合格证明": "item_cert",
        "计量专业项目考核合格证明书": "item_cert",
    },
)

REGISTRATIONS = Choices(
    {
        "initial": ("初始注册", "initial registration"),
        "renewal": ("延续注册", "renewal"),
        "change": ("变更注册", "change of registration"),
    },
    {"初始": "initial", "首次注册": "initial", "延续": "renewal", "变更": "change"},
)

PROVINCES = Choices(
    {
        "上海": ("上海", "Shanghai"),
        "江苏": ("江苏", "Jiangsu"),
        "浙江": ("浙江", "Zhejiang"),
        "安徽": ("安徽", "Anhui"),
    },
    {
        "SH": "上海",
        "上海市": "上海",
        "沪": "上海",
        "JS": "江苏",
        "江苏省": "江苏",
        "苏": "江苏",
        "ZJ": "浙江",
        "浙江省": "浙江",
        "浙": "浙江",
        "AH": "安徽",
        "安徽省": "安徽",
        "皖": "安徽",
    },
)

INSTITUTE_KINDS = Choices(
    {
        "legal": ("法定计量检定机构", "legal metrology verification institution"),
        "authorised": ("授权的专业/区域计量检定机构", "authorised specialised or regional institution"),
        "enterprise": ("企事业单位", "enterprise or public institution"),
        "other": ("其他", "other"),
    },
    {
        "法定": "legal",
        "授权": "authorised",
        "授权机构": "authorised",
        "企业": "enterprise",
        "事业单位": "enterprise",
    },
)

INSTRUMENT_ROLES = Choices(
    {"main": ("主标准器", "main standard instrument"), "ancillary": ("配套设备", "ancillary equipment")},
    {"主标准": "main", "标准器": "main", "配套": "ancillary", "辅助设备": "ancillary"},
)

SERVICE_KINDS = Choices(
    {
        "verification": ("检定", "verification"),
        "calibration": ("校准", "calibration"),
        "test": ("检测", "test"),
    },
    {"测试": "test"},
)


# --------------------------------------------------------------------------------------
# Input: raw values from forms, ledgers, the CLI
# --------------------------------------------------------------------------------------

DateInput = Any  # date, datetime, Excel serial, or text (see dates.parse_date)


@dataclass
class InstrumentInput:
    """A main standard instrument (主标准器) or ancillary equipment (配套设备)."""

    name: str | None = None
    role: str | None = "main"
    model: str | None = None
    serial_no: str | None = None
    range_text: str | None = None
    accuracy_text: str | None = None
    traced_to_uscc: str | None = None
    traced_to_name: str | None = None
    calibration_cert_no: str | None = None
    calibration_due: DateInput = None


@dataclass
class ServiceInput:
    """A verification or calibration item the standard supports (开展的检定或校准项目)."""

    name: str | None = None
    procedure: str | None = None
    kind: str | None = "calibration"


@dataclass
class StandardInput:
    """A measurement standard (计量标准) and its assessment certificate (考核证书)."""

    name: str | None = None
    code: Any = None  # text, or a number when Excel dropped the leading zero
    grade: str | None = None
    certificate_no: Any = None
    certificate_authority: str | None = None
    issued_on: DateInput = None
    valid_until: DateInput = None
    range_text: str | None = None
    accuracy_text: str | None = None
    quantity: str | None = None  # expected quantity, e.g. "pressure" or "压力"
    responsible_person: str | None = None
    status: str | None = "valid"
    operators: str | None = None
    environment: str | None = None
    notes: str | None = None
    instruments: list[InstrumentInput] = field(default_factory=list)
    services: list[ServiceInput] = field(default_factory=list)


@dataclass
class AuthorisedItemInput:
    """One authorised item of a metrology authorisation certificate."""

    name: str | None = None
    range_text: str | None = None
    accuracy_text: str | None = None
    procedure: str | None = None


@dataclass
class AuthorisationInput:
    """A metrology authorisation certificate (计量授权证书)."""

    certificate_no: Any = None
    form: str | None = None
    authority: str | None = None
    issued_on: DateInput = None
    valid_until: DateInput = None
    status: str | None = "valid"
    items: list[AuthorisedItemInput] = field(default_factory=list)


@dataclass
class CredentialInput:
    """A credential of a person: registered metrologist, verifier certificate, item certificate."""

    kind: str | None = None
    certificate_no: Any = None
    registration: str | None = None  # initial / renewal / change, for registered metrologists
    issued_on: DateInput = None
    valid_until: DateInput = None
    items: list[str] = field(default_factory=list)


@dataclass
class StaffInput:
    """A person. ``phone`` and ``id_number`` are private: they never leave the institute."""

    name: str | None = None
    department: str | None = None
    title: str | None = None
    phone: Any = None
    id_number: Any = None
    credentials: list[CredentialInput] = field(default_factory=list)
    status: str | None = "active"


@dataclass
class InstituteInput:
    """A metrology institute."""

    name: str | None = None
    uscc: str | None = None
    province: str | None = None
    city: str | None = None
    kind: str | None = None
    name_en: str | None = None
    address: str | None = None
    contact: str | None = None


# --------------------------------------------------------------------------------------
# Validated: normalised values, plus the warnings found
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidatedInstrument:
    role: str
    name: str
    model: str | None
    serial_no: str | None
    range_text: str | None
    accuracy_text: str | None
    traced_to_uscc: str | None
    traced_to_name: str | None
    calibration_cert_no: str | None
    calibration_due: dt.date | None


@dataclass(frozen=True)
class ValidatedService:
    name: str
    procedure: Procedure | None
    kind: str


@dataclass(frozen=True)
class ValidatedStandard:
    name: str
    code: StandardCode
    grade: str
    certificate_no: str
    certificate_authority: str | None
    issued_on: dt.date | None
    valid_until: dt.date
    range: MeasuredRange
    accuracy: Accuracy
    responsible_person: str | None
    status: str
    operators: str | None
    environment: str | None
    notes: str | None
    instruments: tuple[ValidatedInstrument, ...]
    services: tuple[ValidatedService, ...]
    warnings: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class ValidatedAuthorisedItem:
    name: str
    range: MeasuredRange | None
    accuracy: Accuracy | None
    procedure: Procedure | None
    range_text: str | None
    accuracy_text: str | None


@dataclass(frozen=True)
class ValidatedAuthorisation:
    certificate_no: str
    form: str
    authority: str | None
    issued_on: dt.date | None
    valid_until: dt.date
    status: str
    items: tuple[ValidatedAuthorisedItem, ...]
    warnings: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class ValidatedCredential:
    kind: str
    certificate_no: str
    registration: str | None
    issued_on: dt.date | None
    valid_until: dt.date | None
    items: tuple[str, ...]


@dataclass(frozen=True)
class ValidatedStaff:
    name: str
    department: str | None
    title: str | None
    phone: str | None
    id_number: str | None
    credentials: tuple[ValidatedCredential, ...]
    warnings: tuple[Issue, ...] = ()
    status: str = "active"


@dataclass(frozen=True)
class ValidatedInstitute:
    name: str
    uscc: str
    province: str
    city: str
    kind: str | None
    name_en: str | None
    address: str | None
    contact: str | None
    warnings: tuple[Issue, ...] = ()


# --------------------------------------------------------------------------------------
# Field labels, for rendering issues
# --------------------------------------------------------------------------------------

FIELD_LABELS: dict[str, tuple[str, str]] = {
    # shared
    "name": ("名称", "name"),
    "certificate_no": ("证书编号", "certificate number"),
    "issued_on": ("发证日期", "date of issue"),
    "valid_until": ("有效期至", "valid until"),
    "status": ("状态", "status"),
    "range_text": ("测量范围", "measurement range"),
    "accuracy_text": (
        "不确定度/准确度等级/最大允许误差",
        "uncertainty / accuracy class / maximum permissible error",
    ),
    "procedure": ("依据的规程/规范", "procedure"),
    "range": ("测量范围", "measurement range"),
    "accuracy": (
        "不确定度/准确度等级/最大允许误差",
        "uncertainty / accuracy class / maximum permissible error",
    ),
    "date": ("日期", "date"),
    "unit": ("单位", "unit"),
    # standard
    "code": ("计量标准代码", "standard code"),
    "grade": ("计量标准类别", "category of standard"),
    "certificate_authority": ("发证机关", "issuing authority"),
    "quantity": ("被测量", "quantity"),
    "responsible_person": ("计量标准负责人", "person responsible"),
    "operators": ("检定或校准人员", "operators"),
    "environment": ("环境条件", "environmental conditions"),
    # authorisation
    "form": ("授权形式", "form of authorisation"),
    "authority": ("授权机关", "authorising body"),
    "items": ("授权项目", "authorised items"),
    # staff
    "department": ("部门", "department"),
    "title": ("职称/职务", "title"),
    "phone": ("联系电话", "phone"),
    "id_number": ("身份证号码", "ID number"),
    # institute
    "uscc": ("统一社会信用代码", "unified social credit code"),
    "name_en": ("英文名称", "English name"),
    "province": ("省份", "province"),
    "city": ("城市", "city"),
    "kind": ("类型", "kind"),
    "address": ("地址", "address"),
    "contact": ("联系方式", "contact"),
}

#: Labels of fields inside list items, by list: (list label zh, en), {field: (zh, en)}.
ITEM_FIELD_LABELS: dict[str, tuple[tuple[str, str], dict[str, tuple[str, str]]]] = {
    "instruments": (
        ("主标准器及配套设备", "instrument"),
        {
            "role": ("类别", "role"),
            "name": ("设备名称", "name"),
            "model": ("型号", "model"),
            "serial_no": ("出厂编号", "serial number"),
            "traced_to_uscc": ("溯源机构统一社会信用代码", "traced to (USCC)"),
            "traced_to_name": ("溯源机构名称", "traced to"),
            "calibration_cert_no": ("检定/校准证书编号", "calibration certificate number"),
            "calibration_due": ("检定/校准有效期至", "calibration due"),
        },
    ),
    "services": (
        ("开展的检定或校准项目", "service"),
        {
            "name": ("项目名称", "name"),
            "procedure": ("依据的规程/规范", "procedure"),
            "kind": ("检定/校准", "verification or calibration"),
        },
    ),
    "items": (
        ("授权项目", "authorised item"),
        {
            "name": ("项目名称", "name"),
            "range_text": ("测量范围", "measurement range"),
            "accuracy_text": ("不确定度/准确度等级/最大允许误差", "uncertainty / accuracy / MPE"),
            "procedure": ("依据的规程/规范", "procedure"),
        },
    ),
    "credentials": (
        ("资质证书", "credential"),
        {
            "kind": ("证书类别", "kind"),
            "certificate_no": ("证书编号", "certificate number"),
            "registration": ("注册类型", "registration"),
            "issued_on": ("发证日期", "date of issue"),
            "valid_until": ("有效期至", "valid until"),
            "items": ("专业项目", "items"),
        },
    ),
}

register_fields(FIELD_LABELS)
_registered_items: set[tuple[str, int]] = set()


def item_field(list_name: str, index: int, name: str) -> str:
    """``'instruments[0].calibration_due'``, with its label registered ("主标准器及配套设备第 1 项 · ...")."""
    if (list_name, index) not in _registered_items:
        (list_zh, list_en), fields = ITEM_FIELD_LABELS[list_name]
        register_fields(
            {
                f"{list_name}[{index}].{f}": (
                    f"{list_zh}第 {index + 1} 项 · {zh}",
                    f"{list_en} {index + 1}: {en}",
                )
                for f, (zh, en) in fields.items()
            }
        )
        _registered_items.add((list_name, index))
    return f"{list_name}[{index}].{name}"
