"""The catalogue tests use the ledger tests' initialised home."""

from tests.ledger.conftest import _initialised_template, own_home  # noqa: F401
