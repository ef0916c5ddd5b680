"""pytest plugin of the process :mod:`tests.domain.test_plain_field` starts: the registry of
that process has the plain field ``asset_no`` (``-p tests.plainfield.plugin``, loaded before
the suite's conftest imports LabRegistry). Never loaded by the suite's own processes."""

from __future__ import annotations

from tests.plainfield.hook import add_asset_no

add_asset_no()
