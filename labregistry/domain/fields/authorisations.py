"""A metrology authorisation certificate (计量授权证书) and its authorised items."""

from __future__ import annotations

from labregistry.domain.choices import AUTH_FORMS, STATUSES
from labregistry.domain.fields import common as c
from labregistry.domain.fields import spellings as sp
from labregistry.domain.fields.model import EditorHint, Family, Field, LedgerColumn, RecordType, SheetColumn

AUTHORISATION = RecordType(
    "authorisation",
    (
        c.uid(),
        Field(
            "certificate_no", label=c.CERTIFICATE_NO, max_length=100, required=True,
            sheet=SheetColumn("授权证书编号", "Certificate No.", 28),
            ledger=LedgerColumn(
                "授权证书编号", "Certificate No.",
                ("证书编号", "授权证书号", "证书号", "计量授权证书编号", "计量授权证书号", "授权证号", "授权编号",
                 "certificate number", "cert no"),
                example="(沪)法计(2022)01001号", width=24,
                help_zh="计量授权证书编号；一张证书有多个授权项目时，每个项目一行，证书各列留空、合并或重复填写",
                help_en="one row per authorised item: on the following rows leave the certificate's cells "
                "empty, merged or repeated",
            ),
            editor=EditorHint(),
        ),
        Field(
            "form", "choice", label=("授权形式", "form of authorisation"), max_length=24, required=True,
            choices=AUTH_FORMS, sheet=SheetColumn("授权形式", "Form"),
            ledger=LedgerColumn("授权形式", "Form of authorisation",
                                ("授权类型", "授权类别", "授权方式", "授权种类", "类别", "form"),
                                example="授权建立社会公用计量标准", width=24),
            editor=EditorHint(),
        ),
        Field(
            "authority", label=("授权机关", "authorising body"), max_length=200,
            sheet=SheetColumn("授权机关", "Authority", 24),
            ledger=LedgerColumn("授权机关", "Authorising body",
                                ("授权单位", "授权部门", "发证机关", "发证单位", "authority"),
                                example="上海市市场监督管理局", width=20),
            editor=EditorHint(),
        ),
        Field(
            "issued_on", "date", label=c.ISSUED_ON, sheet=c.ISSUED_ON_SHEET,
            ledger=LedgerColumn("发证日期", "Date of issue", sp.ISSUED_ON + ("授权日期",), example="2022-03-01",
                                width=12),
            editor=EditorHint(),
        ),
        Field(
            "valid_until", "date", label=c.VALID_UNTIL, required=True, sheet=c.VALID_UNTIL_SHEET,
            ledger=LedgerColumn("有效期至", "Valid until", sp.VALID_UNTIL + ("授权有效期", "授权有效期至"),
                                example="2027-02-28", width=12),
            editor=EditorHint(),
        ),
        Field(
            "status", "choice", label=c.STATUS, max_length=12, default="valid", choices=STATUSES,
            sheet=SheetColumn("状态", "Status"),
            ledger=LedgerColumn("状态", "Status", sp.STATUS + ("授权状态",), example="有效", width=8,
                                help_zh="可不填（默认有效）。", help_en="Optional (default valid)."),
            editor=EditorHint(),
        ),
        # kept and carried in bundles; neither typed in the editor nor read from ledgers
        Field("notes", label=c.NOTES, origin="system", sheet=SheetColumn("备注", "Notes")),
    ),
    sheet_name="计量授权 Authorisations",
)

AUTHORISED_ITEM = RecordType(
    "authorisation_item",
    (
        c.link("authorisation_uid", "授权记录标识", "Authorisation record ID"),
        c.position(),
        Field(
            "name", label=("项目名称", "name"), max_length=200, required=True, sheet=SheetColumn("项目名称", "Item", 26),
            ledger=LedgerColumn(
                "授权项目", "Authorised item",
                ("授权项目名称", "项目名称", "项目", "计量器具名称", "器具名称", "检定项目", "授权检定项目",
                 "授权检定项目名称", "item", "item name"),
                example="压力表", width=20,
            ),
            editor=EditorHint(width=220),
        ),
        Field(
            "range_text", label=c.RANGE_TEXT, max_length=300, sheet=SheetColumn("测量范围", "Range", 22),
            ledger=LedgerColumn("测量范围", "Measurement range", sp.RANGE, example="(0~60)MPa", width=18),
            editor=EditorHint(width=170),
        ),
        Field("quantity", max_length=40, origin="derived", source="range.quantity", derived_from="range_text",
              sheet=SheetColumn("量", "Quantity")),
        *c.range_bounds(),
        Field("unit", max_length=40, origin="derived", source="range.unit", derived_from="range_text",
              sheet=SheetColumn("SI单位", "SI unit")),
        Field(
            "accuracy_text", label=("不确定度/准确度等级/最大允许误差", "uncertainty / accuracy / MPE"), max_length=300,
            sheet=SheetColumn("准确度", "Accuracy", 20),
            ledger=LedgerColumn("不确定度/准确度等级/最大允许误差", "Uncertainty / accuracy class / MPE", sp.ACCURACY,
                                example="1.6级", width=22),
            editor=EditorHint(width=190),
        ),
        Field(
            "procedure", label=c.PROCEDURE, max_length=100, source="procedure.text",
            sheet=SheetColumn("依据规程", "Procedure", 20),
            ledger=LedgerColumn("依据的规程/规范", "Procedure", sp.PROCEDURE, example="JJG 52-2013", width=16),
            editor=EditorHint(width=160),
        ),
    ),
    sheet_name="授权项目 Authorised items",
    list_name="items",
    list_label=("授权项目", "authorised item"),
    list_plural="authorised items",
)

AUTHORISATIONS = Family(
    "authorisations",
    AUTHORISATION,
    (AUTHORISED_ITEM,),
    editor_groups=(("authorisation", ("certificate_no", "form", "authority", "issued_on", "valid_until", "status")),),
)
