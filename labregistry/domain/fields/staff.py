"""A person (人员) and their credentials (注册计量师, 计量检定员证 ...) with the items each covers.

``phone`` and ``id_number`` have no bundle sheet column: they never leave the institute
(DOMAIN.md's privacy rule).
"""

from __future__ import annotations

from labregistry.domain.choices import CREDENTIAL_KINDS, LEVELS, REGISTRATIONS, STAFF_STATUSES
from labregistry.domain.fields import common as c
from labregistry.domain.fields import spellings as sp
from labregistry.domain.fields.model import EditorHint, Family, Field, LedgerColumn, RecordType, SheetColumn

_PRIVATE = "仅在本机构保存，不随数据包导出", "kept inside the institute only, never exported"

STAFF = RecordType(
    "staff",
    (
        c.uid(),
        Field(
            "name", label=c.NAME, max_length=100, required=True, sheet=SheetColumn("姓名", "Name"),
            ledger=LedgerColumn(
                "姓名", "Name", ("名字", "人员姓名", "人员", "name", "full name"), example="王质量", width=10,
                help_zh="一人持有多本证书时，每本证书一行：后续行的姓名等各列留空、合并或重复填写",
                help_en="one row per credential: on the following rows leave the person's cells empty, "
                "merged or repeated",
            ),
            editor=EditorHint(),
        ),
        Field(
            "department", label=("部门", "department"), max_length=100, sheet=SheetColumn("部门", "Department"),
            ledger=LedgerColumn("部门", "Department",
                                ("科室", "所在部门", "部门/科室", "所在科室", "工作部门", "室别", "department"),
                                example="力学室", width=12),
            editor=EditorHint(),
        ),
        Field(
            "title", label=("职称/职务", "title"), max_length=100, sheet=SheetColumn("职称", "Title"),
            ledger=LedgerColumn("职称/职务", "Title", ("职称", "职务", "技术职称", "职称职务", "title"),
                                example="高级工程师", width=12),
            editor=EditorHint(),
        ),
        Field(
            "phone", label=("联系电话", "phone"), max_length=40,
            ledger=LedgerColumn("联系电话", "Phone", ("电话", "手机", "手机号", "手机号码", "联系方式", "phone"),
                                example="021-12345678", width=14, help_zh=_PRIVATE[0], help_en=_PRIVATE[1]),
            editor=EditorHint(),
        ),
        Field(
            "id_number", label=("身份证号码", "ID number"), max_length=40,
            ledger=LedgerColumn("身份证号码", "ID number",
                                ("身份证号", "身份证", "身份证件号码", "证件号码", "id number", "id no"), width=20,
                                help_zh="可不填；" + _PRIVATE[0], help_en="optional; " + _PRIVATE[1]),
            editor=EditorHint(),
        ),
        Field(
            "status", "choice", label=c.STATUS, max_length=12, default="active", choices=STAFF_STATUSES,
            sheet=SheetColumn("状态", "Status"),
            ledger=LedgerColumn("状态", "Status", sp.STATUS + ("在职状态", "人员状态"), example="在职", width=8,
                                help_zh="可不填（默认在职）。", help_en="Optional (default active)."),
            editor=EditorHint(),
        ),
    ),
    sheet_name="人员 Staff",
)

CREDENTIAL = RecordType(
    "credential",
    (
        c.link("staff_uid", "人员记录标识", "Staff record ID"),
        c.position(),
        Field(
            "kind", "choice", label=("证书类别", "kind"), max_length=24, required=True, choices=CREDENTIAL_KINDS,
            sheet=SheetColumn("证书类别", "Kind"),
            ledger=LedgerColumn(
                "证书类别", "Credential",
                ("证书类型", "资格类别", "资质类别", "证书种类", "资格证书类别", "资质证书类别", "证书名称", "证件名称",
                 "持证类别", "credential kind"),
                example="二级注册计量师", width=18,
            ),
            editor=EditorHint(width=190),
        ),
        Field(
            # read from a ledger only to infer the kind: a registered metrologist's level
            "level", "choice", label=("注册计量师级别", "registration level"), choices=LEVELS, origin="check",
            ledger=LedgerColumn(
                "注册计量师级别", "Registration level",
                ("级别", "注册级别", "资格级别", "注册等级", "计量师级别", "注册计量师等级", "registration level"),
                example="二级", width=10,
                help_zh="可不填；填写“一级”或“二级”时，证书类别可不填（即一级或二级注册计量师）",
                help_en="Optional; with level 1 or 2 the credential kind may be left empty (a registered "
                "metrologist of that level)",
            ),
        ),
        Field(
            "certificate_no", label=c.CERTIFICATE_NO, max_length=100, required=True,
            sheet=SheetColumn("证书编号", "Certificate No.", 22),
            ledger=LedgerColumn(
                "证书编号", "Certificate No.",
                ("注册证书编号", "注册证书号", "注册证号", "证书号", "检定员证号", "检定员证编号", "资格证书编号",
                 "资格证书号", "注册编号", "证号", "证件编号", "证件号", "持证编号", "计量检定员证号",
                 "certificate number"),
                example="沪22020001234", width=18,
                help_zh="注册证书或检定员证编号；再次导入时按证书编号（无证书时按姓名和部门）匹配已有人员",
                help_en="a re-import matches people by certificate number (without one, by name and department)",
            ),
            editor=EditorHint(width=150),
        ),
        Field(
            "registration", "choice", label=("注册类型", "registration"), max_length=12, choices=REGISTRATIONS,
            sheet=SheetColumn("注册类型", "Registration"),
            ledger=LedgerColumn("注册类型", "Registration", ("注册类别", "注册方式", "registration"), example="初始注册",
                                width=10, help_zh="注册计量师填写。", help_en="For registered metrologists."),
            editor=EditorHint(width=110, optional=True),
        ),
        Field(
            "issued_on", "date", label=c.ISSUED_ON, sheet=c.ISSUED_ON_SHEET,
            ledger=LedgerColumn("发证日期", "Date of issue", sp.ISSUED_ON + ("注册日期",), example="2022-01-10",
                                width=12),
            editor=EditorHint(width=100),
        ),
        Field(
            "valid_until", "date", label=c.VALID_UNTIL, sheet=c.VALID_UNTIL_SHEET,
            ledger=LedgerColumn("有效期至", "Valid until", sp.VALID_UNTIL + ("注册有效期", "注册有效期至"),
                                example="2027-01-09", width=12, help_zh="注册计量师必填",
                                help_en="required for registered metrologists"),
            editor=EditorHint(width=100),
        ),
        Field(
            # one cell in ledgers and editors; stored as the credential's items (CREDENTIAL_ITEM)
            "items", "list", label=("专业项目", "items"),
            ledger=LedgerColumn(
                "专业项目", "Items",
                ("注册专业", "注册计量专业项目", "注册专业项目", "核准项目", "考核项目", "项目", "检定项目",
                 "持证项目", "计量专业项目", "可从事检定项目", "items"),
                example="压力表、数字压力计", width=24,
                help_zh="多个项目用顿号、逗号或分号分隔", help_en="separate several items with 、 , or ;",
            ),
            editor=EditorHint(width=240),
        ),
    ),
    sheet_name="资格证书 Credentials",
    list_name="credentials",
    list_label=("资质证书", "credential"),
    list_plural="credentials",
)

CREDENTIAL_ITEM = RecordType(
    "credential_item",
    (
        c.link("staff_uid", "人员记录标识", "Staff record ID"),
        Field("credential_position", "int", origin="link", sheet=SheetColumn("证书序号", "Credential No.")),
        c.position(),
        Field("name", max_length=200, required=True, sheet=SheetColumn("专业项目", "Item", 26)),
        Field("discipline", max_length=2, origin="system", sheet=SheetColumn("专业代码", "Discipline")),
    ),
    sheet_name="资格项目 Credential items",
)

STAFF_FAMILY = Family(
    "staff",
    STAFF,
    (CREDENTIAL, CREDENTIAL_ITEM),
    editor_groups=(("person", ("name", "department", "title", "status")), ("private", ("phone", "id_number"))),
)
