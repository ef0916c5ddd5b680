"""Use cases as plain functions over a :class:`~labregistry.registry.Registry`.

The CLI and the desktop app call these and nothing below them: no SQL, no Excel
parsing and no signing happens in ``cli.py`` or ``ui/``.
"""
