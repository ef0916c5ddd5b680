"""What a bundle carries: its data sheets, their columns, and how rows map to tables.

Records are linked across sheets by ``uid`` (a standard's instruments carry the
standard's uid), never by database ids, which differ between registries. Staff carry
only what recognition needs (DOMAIN.md's privacy rule): no phone, no ID number.
Booleans travel as 0/1 integers, since spreadsheet programs turn booleans into formulas.
"""

from __future__ import annotations

from dataclasses import dataclass

from labregistry.xlsx.workbook import ColumnSpec, SheetSpec

FORMAT = "labregistry-bundle"
VERSION = 2
"""Written by this version. 2: the manifest lists the SHA-256 of each key statement."""
READABLE_VERSIONS = (1, 2)
META_SHEET = "签名 Signature"


def _c(key: str, zh: str, en: str, type_: str = "text", width: float | None = None) -> ColumnSpec:
    return ColumnSpec(key, zh, en, type_, width)  # type: ignore[arg-type]


@dataclass(frozen=True)
class SheetDef:
    """A data sheet and the table it comes from; ``parent`` names the linking column."""

    kind: str
    spec: SheetSpec
    table: str
    parent: str | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return self.spec.keys


INSTITUTE = SheetDef(
    "institute",
    SheetSpec(
        "机构 Institute",
        [
            _c("uscc", "统一社会信用代码", "USCC", width=22),
            _c("name", "机构名称", "Name", width=36),
            _c("name_en", "英文名称", "English name", width=36),
            _c("province", "省份", "Province"),
            _c("city", "城市", "City"),
            _c("kind", "机构类型", "Kind", width=24),
            _c("address", "地址", "Address", width=36),
            _c("contact", "联系方式", "Contact", width=24),
        ],
    ),
    "institute",
)

STANDARDS = SheetDef(
    "standard",
    SheetSpec(
        "计量标准 Standards",
        [
            _c("uid", "记录标识", "Record ID", width=34),
            _c("certificate_no", "考核证书编号", "Certificate No.", width=28),
            _c("name", "计量标准名称", "Name", width=30),
            _c("code", "计量标准代码", "Code"),
            _c("code_temporary", "临时代码", "Temporary code", "int"),
            _c("grade", "等级类别", "Grade"),
            _c("certificate_authority", "发证机关", "Authority", width=24),
            _c("issued_on", "发证日期", "Issued on", "date", 14),
            _c("valid_until", "有效期至", "Valid until", "date", 14),
            _c("range_text", "测量范围", "Range", width=24),
            _c("quantity", "量", "Quantity"),
            _c("range_min", "下限(SI)", "Min (SI)", "float"),
            _c("range_max", "上限(SI)", "Max (SI)", "float"),
            _c("unit", "SI单位", "SI unit"),
            _c("accuracy_text", "不确定度/准确度等级/最大允许误差", "Accuracy", width=28),
            _c("accuracy_kind", "准确度表示", "Accuracy kind"),
            _c("accuracy_value", "准确度数值", "Accuracy value", "float"),
            _c("accuracy_relative", "相对值", "Relative", "int"),
            _c("accuracy_k", "包含因子k", "Coverage factor k", "float"),
            _c("accuracy_class", "准确度等级", "Accuracy class"),
            _c("responsible_person", "计量标准负责人", "Responsible person"),
            _c("operators", "检定或校准人员", "Operators"),
            _c("environment", "环境条件", "Environment"),
            _c("status", "状态", "Status"),
            _c("notes", "备注", "Notes"),
        ],
    ),
    "standard",
)

INSTRUMENTS = SheetDef(
    "instrument",
    SheetSpec(
        "标准器及配套设备 Instruments",
        [
            _c("standard_uid", "计量标准记录标识", "Standard record ID", width=34),
            _c("position", "序号", "No.", "int"),
            _c("role", "类别", "Role"),
            _c("name", "名称", "Name", width=24),
            _c("model", "型号规格", "Model"),
            _c("serial_no", "出厂编号", "Serial No."),
            _c("range_text", "测量范围", "Range"),
            _c("accuracy_text", "准确度", "Accuracy"),
            _c("traced_to_uscc", "溯源机构信用代码", "Traced to (USCC)", width=22),
            _c("traced_to_name", "溯源机构", "Traced to", width=28),
            _c("calibration_cert_no", "检定/校准证书号", "Calibration certificate", width=22),
            _c("calibration_due", "有效期至", "Due", "date", 14),
        ],
    ),
    "instrument",
    "standard_uid",
)

SERVICES = SheetDef(
    "service",
    SheetSpec(
        "开展项目 Services",
        [
            _c("standard_uid", "计量标准记录标识", "Standard record ID", width=34),
            _c("position", "序号", "No.", "int"),
            _c("name", "检定或校准项目", "Item", width=30),
            _c("procedure", "依据规程规范", "Procedure", width=22),
            _c("kind", "类别", "Kind"),
        ],
    ),
    "service",
    "standard_uid",
)

AUTHORISATIONS = SheetDef(
    "authorisation",
    SheetSpec(
        "计量授权 Authorisations",
        [
            _c("uid", "记录标识", "Record ID", width=34),
            _c("certificate_no", "授权证书编号", "Certificate No.", width=28),
            _c("form", "授权形式", "Form"),
            _c("authority", "授权机关", "Authority", width=24),
            _c("issued_on", "发证日期", "Issued on", "date", 14),
            _c("valid_until", "有效期至", "Valid until", "date", 14),
            _c("status", "状态", "Status"),
            _c("notes", "备注", "Notes"),
        ],
    ),
    "authorisation",
)

AUTHORISED_ITEMS = SheetDef(
    "authorisation_item",
    SheetSpec(
        "授权项目 Authorised items",
        [
            _c("authorisation_uid", "授权记录标识", "Authorisation record ID", width=34),
            _c("position", "序号", "No.", "int"),
            _c("name", "项目名称", "Item", width=26),
            _c("range_text", "测量范围", "Range", width=22),
            _c("quantity", "量", "Quantity"),
            _c("range_min", "下限(SI)", "Min (SI)", "float"),
            _c("range_max", "上限(SI)", "Max (SI)", "float"),
            _c("unit", "SI单位", "SI unit"),
            _c("accuracy_text", "准确度", "Accuracy", width=20),
            _c("procedure", "依据规程", "Procedure", width=20),
        ],
    ),
    "authorisation_item",
    "authorisation_uid",
)

STAFF = SheetDef(
    "staff",
    SheetSpec(
        "人员 Staff",
        [
            _c("uid", "记录标识", "Record ID", width=34),
            _c("name", "姓名", "Name"),
            _c("department", "部门", "Department"),
            _c("title", "职称", "Title"),
            _c("status", "状态", "Status"),
        ],
    ),
    "staff",
)

CREDENTIALS = SheetDef(
    "credential",
    SheetSpec(
        "资格证书 Credentials",
        [
            _c("staff_uid", "人员记录标识", "Staff record ID", width=34),
            _c("position", "序号", "No.", "int"),
            _c("kind", "证书类别", "Kind"),
            _c("certificate_no", "证书编号", "Certificate No.", width=22),
            _c("registration", "注册类型", "Registration"),
            _c("issued_on", "发证日期", "Issued on", "date", 14),
            _c("valid_until", "有效期至", "Valid until", "date", 14),
        ],
    ),
    "credential",
    "staff_uid",
)

CREDENTIAL_ITEMS = SheetDef(
    "credential_item",
    SheetSpec(
        "资格项目 Credential items",
        [
            _c("staff_uid", "人员记录标识", "Staff record ID", width=34),
            _c("credential_position", "证书序号", "Credential No.", "int"),
            _c("position", "序号", "No.", "int"),
            _c("name", "专业项目", "Item", width=26),
            _c("discipline", "专业代码", "Discipline"),
        ],
    ),
    "credential_item",
    "staff_uid",
)

SHEETS: tuple[SheetDef, ...] = (
    INSTITUTE,
    STANDARDS,
    INSTRUMENTS,
    SERVICES,
    AUTHORISATIONS,
    AUTHORISED_ITEMS,
    STAFF,
    CREDENTIALS,
    CREDENTIAL_ITEMS,
)
SPECS = tuple(s.spec for s in SHEETS)
BY_NAME = {s.spec.name: s for s in SHEETS}
BOOL_COLUMNS = {"code_temporary", "accuracy_relative"}
