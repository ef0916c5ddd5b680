"""Sub-commands of the CLI, one module per area; importing registers them."""

from labregistry.commands import registry_cmds  # noqa: F401
from labregistry.commands import exchange_cmds  # noqa: F401
from labregistry.commands import certificate_cmds  # noqa: F401
from labregistry.commands import ledger_cmds  # noqa: F401
from labregistry.commands import maintenance_cmds  # noqa: F401
from labregistry.commands import inventory_cmds  # noqa: F401
