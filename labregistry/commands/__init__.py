"""Sub-commands of the CLI, one module per area; importing a module registers its commands.

Nothing is imported here: ``labregistry.cli.COMMANDS`` names the module of every command,
and the CLI imports only the one it runs.
"""
