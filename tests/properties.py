"""Hypothesis settings for every property-based test of the suite: one switch, two modes.

``LABREGISTRY_FUZZ`` chooses the mode for the whole suite (the fuzz suite and every other
``@given`` test):

* ``short`` (default, every CI run): derandomised, so a run is reproducible and a failure
  seen in CI is seen again on a laptop; enough examples per property to matter (100 for the
  cheap ones, 40-60 where one example writes and reads a workbook), the number each test
  names in :func:`property_settings`.
* ``long`` (opt-in: ``LABREGISTRY_FUZZ=long ./test.sh tests/fuzz tests/exchange``): random
  examples, ten times as many or more. Many minutes.

``LABREGISTRY_FUZZ_EXAMPLES=N`` overrides the number of examples of every property, in either
mode (to reproduce a failure with more, or to try a change quickly with fewer).

No example database: what a run tries depends only on the code and the mode.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

MODE = os.environ.get("LABREGISTRY_FUZZ", "short").strip().lower() or "short"
if MODE not in ("short", "long"):
    raise pytest.UsageError(f"LABREGISTRY_FUZZ must be short or long, not {MODE!r}")
LONG = MODE == "long"

#: examples of a property that names no number of its own (the domain parsers, pure functions)
DEFAULT_EXAMPLES = (100, 1000)
_SUPPRESSED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
               HealthCheck.filter_too_much]


def examples(short: int, long: int) -> int:
    """The number of examples for a property: ``short`` or ``long`` by mode, or the override."""
    override = os.environ.get("LABREGISTRY_FUZZ_EXAMPLES")
    if override:
        return int(override)
    return long if LONG else short


def property_settings(short: int, long: int) -> settings:
    """Hypothesis settings for one property: bounded and derandomised in the short mode,
    random in the long one."""
    return settings(
        max_examples=examples(short, long),
        deadline=None,
        derandomize=not LONG,
        database=None,
        print_blob=True,
        suppress_health_check=_SUPPRESSED,
    )


def load_profile() -> None:
    """Make the mode's settings hypothesis' default, for ``@given`` tests without their own
    (called once, by tests/conftest.py, before any test module is imported)."""
    settings.register_profile(f"labregistry-{MODE}", property_settings(*DEFAULT_EXAMPLES))
    settings.load_profile(f"labregistry-{MODE}")
