"""Labels and sheet columns that several record types share, so that they are written once."""

from __future__ import annotations

from labregistry.domain.fields.model import Field, SheetColumn

NAME = ("名称", "name")
CERTIFICATE_NO = ("证书编号", "certificate number")
ISSUED_ON = ("发证日期", "date of issue")
VALID_UNTIL = ("有效期至", "valid until")
STATUS = ("状态", "status")
RANGE_TEXT = ("测量范围", "measurement range")
ACCURACY_TEXT = (
    "不确定度/准确度等级/最大允许误差",
    "uncertainty / accuracy class / maximum permissible error",
)
PROCEDURE = ("依据的规程/规范", "procedure")
NOTES = ("备注", "notes")

ISSUED_ON_SHEET = SheetColumn("发证日期", "Issued on", 14)
VALID_UNTIL_SHEET = SheetColumn("有效期至", "Valid until", 14)


def uid() -> Field:
    """A record's identity across institutes (bundles carry it; merging matches on it)."""
    return Field("uid", max_length=32, required=True, origin="system", sheet=SheetColumn("记录标识", "Record ID", 34))


def position() -> Field:
    """A list item's place in its list."""
    return Field("position", "int", default=0, origin="system", sheet=SheetColumn("序号", "No."))


def link(name: str, zh: str, en: str) -> Field:
    """A bundle sheet's column naming the parent record by its uid."""
    return Field(name, origin="link", sheet=SheetColumn(zh, en, 34))


def range_bounds() -> tuple[Field, Field]:
    """The lower and upper limits of a measured range in its canonical SI unit, parsed from its text."""
    return (
        Field("range_min", "float", origin="derived", source="range.min", derived_from="range_text",
              sheet=SheetColumn("下限(SI)", "Min (SI)")),
        Field("range_max", "float", origin="derived", source="range.max", derived_from="range_text",
              sheet=SheetColumn("上限(SI)", "Max (SI)")),
    )
