"""Set-up registries for the service tests: a fresh home, the own institute, its signing key.

Each test module used to write the same ``open_registry`` + ``setup.init_registry`` fixture
with the same institutes typed out again; they now say only which institute and who set it up.
"""

from __future__ import annotations

from pathlib import Path

from labregistry.domain import validation
from labregistry.domain.records import InstituteInput, StandardInput
from labregistry.registry import Registry, open_registry
from labregistry.services import setup
from labregistry.storage import mapping
from labregistry.storage.models import Institute
from tests.conftest import PASSPHRASE


def jiangsu() -> InstituteInput:
    """The Jiangsu institute (a new input each call: the dataclass is mutable)."""
    return InstituteInput(name="江苏省计量科学研究院", uscc="12320000466002712H", province="JS", city="南京")


def zhejiang() -> InstituteInput:
    return InstituteInput(name="浙江省计量科学研究院", uscc="12330000470003295Y", province="ZJ", city="杭州")


def set_up(home: Path, institute: InstituteInput, *, db_url: str | None = None, operator: str | None = None) -> Registry:
    """A registry in ``home`` (on ``db_url``, else the pass's backend) with ``institute`` as its own."""
    registry = open_registry(home, db_url, logging=False)
    setup.init_registry(registry, institute, PASSPHRASE, operator=operator)
    return registry


def add_peer(reg: Registry, **fields: object) -> int:
    """Add the Anhui institute as a peer (as if a bundle had brought it); its id."""
    with reg.uow() as uow:
        peer = uow.institutes.add(
            Institute(uscc="12340000485000217C", name="安徽省计量科学研究院", province="安徽", city="合肥", **fields)
        )
        uow.commit()
        assert peer.id is not None
        return peer.id


def add_peer_standard(reg: Registry, standard: StandardInput) -> int:
    """A standard of the Anhui peer (:func:`add_peer`), stored as a bundle's merge would; its id."""
    peer_id = add_peer(reg)
    with reg.uow() as uow:
        agg = mapping.apply_standard(None, validation.validate_standard(standard), peer_id)
        uow.standards.save(agg)
        uow.commit()
        assert agg.standard.id is not None
        return agg.standard.id
