"""Set-up registries for the service tests: a fresh home, the own institute, its signing key.

Each test module used to write the same ``open_registry`` + ``setup.init_registry`` fixture
with the same institutes typed out again; they now say only which institute and who set it up.
"""

from __future__ import annotations

from pathlib import Path

from labregistry.domain.records import InstituteInput
from labregistry.registry import Registry, open_registry
from labregistry.services import setup
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
