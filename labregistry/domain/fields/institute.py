"""A metrology institute (机构): the own one, or a peer known from its bundles."""

from __future__ import annotations

from labregistry.domain.choices import INSTITUTE_KINDS, PROVINCES
from labregistry.domain.fields.common import NAME
from labregistry.domain.fields.model import Family, Field, RecordType, SheetColumn

INSTITUTE = RecordType(
    "institute",
    (
        Field("uscc", "code", label=("统一社会信用代码", "unified social credit code"), max_length=18, required=True,
              sheet=SheetColumn("统一社会信用代码", "USCC", 22)),
        Field("name", label=NAME, max_length=200, required=True, sheet=SheetColumn("机构名称", "Name", 36)),
        Field("name_en", label=("英文名称", "English name"), max_length=300,
              sheet=SheetColumn("英文名称", "English name", 36)),
        Field("province", "choice", label=("省份", "province"), max_length=8, required=True, choices=PROVINCES,
              sheet=SheetColumn("省份", "Province")),
        Field("city", label=("城市", "city"), max_length=50, required=True, sheet=SheetColumn("城市", "City")),
        Field("kind", "choice", label=("类型", "kind"), max_length=50, choices=INSTITUTE_KINDS,
              sheet=SheetColumn("机构类型", "Kind", 24)),
        Field("address", label=("地址", "address"), max_length=300, sheet=SheetColumn("地址", "Address", 36)),
        Field("contact", label=("联系方式", "contact"), max_length=200, sheet=SheetColumn("联系方式", "Contact", 24)),
    ),
    sheet_name="机构 Institute",
)

INSTITUTE_FAMILY = Family("institute", INSTITUTE)
