"""A recognition decision (互认决定), as the bundle's decisions sheet carries it (format 4).

The sheet holds the issuer's decisions in force: the recorder is the issuer (no column says
who recorded a decision, so no sheet can say otherwise), and a withdrawn decision is not on
it, so a receiver withdraws it on the issuer's next bundle. Not a ledger kind, so not one of
:data:`labregistry.domain.fields.FAMILIES`; :data:`DECISIONS` is its family (no lists), as
:data:`~labregistry.domain.fields.comparisons.COMPARISONS` is a comparison's: the import's
preview describes a decision a bundle changes by it."""

from __future__ import annotations

from labregistry.domain.fields import common as c
from labregistry.domain.fields.model import Family, Field, RecordType, SheetColumn

DECISION = RecordType(
    "decision",
    (
        c.uid(),
        Field("subject_uscc", label=("被认可机构统一社会信用代码", "recognised institute's USCC"), max_length=18,
              required=True, sheet=SheetColumn("被认可机构统一社会信用代码", "Recognised USCC", 22)),
        Field("subject_name", label=("被认可机构", "recognised institute"), max_length=200, required=True,
              sheet=SheetColumn("被认可机构", "Recognised institute", 28)),
        Field("standard_certificate_no", label=("计量标准证书编号", "standard's certificate no."), max_length=100,
              sheet=SheetColumn("计量标准证书编号", "Standard certificate No.", 26)),
        Field("parameter", label=("参数", "parameter"), max_length=200, sheet=SheetColumn("测量能力参数", "Parameter", 16)),
        Field("discipline", label=("学科", "discipline"), max_length=2, sheet=SheetColumn("学科代码", "Discipline", 8)),
        Field("valid_from", "date", label=("生效日期", "from"), required=True, sheet=SheetColumn("生效日期", "From", 12)),
        Field("valid_until", "date", label=("有效期至", "until"), sheet=SheetColumn("有效期至", "Until", 12)),
        Field("evidence", label=("依据", "evidence"), max_length=500, required=True,
              sheet=SheetColumn("依据", "Evidence", 40)),
        Field("note", label=("说明", "note"), max_length=500, sheet=SheetColumn("说明", "Note", 30)),
    ),
    sheet_name="互认决定 Recognition decisions",
)

DECISIONS = Family("decisions", DECISION)
