"""The field registry: every field of every record type, declared once.

Before it, a record's fields were restated in the domain's dataclasses, the ORM models
and migrations, the bundle sheets, the ledger kinds, the storage mapping, the merge and
the record editor, and a new field meant editing nine places that could drift apart.
Now each field is one :class:`~labregistry.domain.fields.model.Field` here, with its
type, length, labels, bundle sheet column, ledger header spellings and editor hints, and
those places derive what they need from it:

* :mod:`labregistry.exchange.schema`: the bundle sheets and their columns (in field order);
* :mod:`labregistry.ledger.fields`: the ledger kinds, their headers and synonyms;
* :mod:`labregistry.storage.mapping`: the columns a validated record is stored as;
* :mod:`labregistry.domain.records`: the labels that name a field in messages;
* ``ui/editors/specs.py``: the editor's widgets and tables.

A plain field (a text, choice, date or number with no rule of its own,
``domain.records.plain_fields``) gets its ORM column from here too. What must stay written
out, the ORM models' typed columns (``storage/models.py``), the migrations (frozen history),
the typed ``*Input`` dataclasses of the fields with rules, the bundle layout (the bytes of
every bundle) and certificate content (its digest), is checked against the registry by
tests. ``docs/fields.md`` lists them, and the files to touch to add a field.

A family (:data:`FAMILIES`) is a record with its lists, in the order of the bundle's
sheets: the institute, then standards (instruments, services, capability rows), authorisations (items),
staff (credentials, their items).
"""

from __future__ import annotations

from labregistry.domain.fields.authorisations import AUTHORISATION, AUTHORISATIONS, AUTHORISED_ITEM
from labregistry.domain.fields.institute import INSTITUTE, INSTITUTE_FAMILY
from labregistry.domain.fields.model import EditorHint, Family, Field, LedgerColumn, RecordType, SheetColumn
from labregistry.domain.fields.staff import CREDENTIAL, CREDENTIAL_ITEM, STAFF, STAFF_FAMILY
from labregistry.domain.fields.standards import CAPABILITY, INSTRUMENT, SERVICE, STANDARD, STANDARDS

FAMILIES: tuple[Family, ...] = (INSTITUTE_FAMILY, STANDARDS, AUTHORISATIONS, STAFF_FAMILY)
RECORD_TYPES: tuple[RecordType, ...] = tuple(rt for family in FAMILIES for rt in family.record_types)
BY_FAMILY: dict[str, Family] = {family.name: family for family in FAMILIES}
BY_TYPE: dict[str, RecordType] = {rt.name: rt for rt in RECORD_TYPES}

__all__ = [
    "AUTHORISATION",
    "AUTHORISATIONS",
    "AUTHORISED_ITEM",
    "BY_FAMILY",
    "CAPABILITY",
    "BY_TYPE",
    "CREDENTIAL",
    "CREDENTIAL_ITEM",
    "FAMILIES",
    "INSTITUTE",
    "INSTITUTE_FAMILY",
    "INSTRUMENT",
    "RECORD_TYPES",
    "SERVICE",
    "STAFF",
    "STAFF_FAMILY",
    "STANDARD",
    "STANDARDS",
    "EditorHint",
    "Family",
    "Field",
    "LedgerColumn",
    "RecordType",
    "SheetColumn",
]
