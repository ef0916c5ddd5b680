"""A certificate's content names the registry's fields, but is not derived from it.

Its digest is signed into the QR code and recomputed from the database later to tell
whether the record changed since the certificate was issued; content that grew with
every new field would make every earlier certificate look changed. So the content stays
written out in ``certificates/content.py``, and this test fails when it names a field
the registry does not have (a field renamed or dropped in the registry).
"""

from __future__ import annotations

import datetime as dt

from labregistry.certificates.content import standard_content, statement_content
from labregistry.domain import fields as registry
from labregistry.storage.models import Capability, Institute, Instrument, Service, Standard
from labregistry.storage.repositories import StandardAggregate


def _names(record: registry.RecordType) -> set[str]:
    return {f.name for f in record}


def test_a_standard_certificate_holds_registry_fields_only() -> None:
    inst = Institute(uscc="12310000425010623N", name="上海市计量测试技术研究院", province="上海", city="上海")
    standard = Standard(institute_id=1, name="精密压力表标准装置", code="12113100", grade="public",
                        certificate_no="[2023]沪量标证字第0123号", valid_until=dt.date(2027, 5, 31),
                        range_text="(0~60)MPa", accuracy_text="0.05级")
    agg = StandardAggregate(standard, [Instrument(standard_id=0, name="数字压力计")],
                            [Service(standard_id=0, name="精密压力表检定")])
    content = standard_content(inst, agg)
    assert set(content["institute"]) <= _names(registry.INSTITUTE)
    assert set(content["standard"]) <= _names(registry.STANDARD)
    assert set(content["standard"]) >= {f.name for f in registry.STANDARD if f.required}
    (instrument,) = content["instruments"]
    assert set(instrument) == {f.name for f in registry.INSTRUMENT.inputs}
    (service,) = content["services"]
    assert set(service) == {f.name for f in registry.SERVICE.inputs}
    assert content["capabilities"] == []  # none in this aggregate; each row's keys are the registry's:
    agg.capabilities.append(Capability(standard_id=0, range_text="(0~60)MPa", accuracy_text="0.05级"))
    (row,) = standard_content(inst, agg)["capabilities"]
    assert set(row) == {f.name for f in registry.CAPABILITY.inputs if f.name != "quantity"}


def test_a_statement_holds_registry_fields_only() -> None:
    inst = Institute(uscc="12310000425010623N", name="上海市计量测试技术研究院", province="上海", city="上海")
    row = {"uid": "u1", "certificate_no": "C1", "name": "n", "code": "12113100", "grade": "public",
           "range_text": "(0~60)MPa", "accuracy_text": "0.05级", "valid_until": dt.date(2027, 5, 31),
           "issued_on": None, "status": "valid", "main_calibration_due": None, "id": 7}
    cap = {"parameter": "压力", "range_text": "(0~60)MPa", "accuracy_text": "0.05级", "conditions": None}
    content = statement_content(inst, [row], [], dt.date(2026, 1, 1), capabilities={7: [cap]})
    (standard,) = content["standards"]
    (capability,) = standard.pop("capabilities")  # each row's keys are the registry's:
    assert set(standard) <= _names(registry.STANDARD)
    assert set(capability) == {f.name for f in registry.CAPABILITY.inputs if f.name != "quantity"}
