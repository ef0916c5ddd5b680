"""Export, verify and import report their phases, and a progress callback that raises (the
app's Cancel) stops them with the database exactly as it was, at every phase."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from labregistry.services import exchange, listing
from tests.conftest import PASSPHRASE
from tests.exchange.sites import Site, db_state, make_site

EXPORT_PHASES = ["unlocking", "reading", "writing"]
IMPORT_PHASES = ["reading", "verifying", "comparing", "backup", "merging", "saving"]


class Stop(Exception):
    """What the test's progress callback raises to cancel."""


class Recorder:
    """A progress callback that records every call and raises at the n-th call of a phase."""

    def __init__(self, stop_at: str | None = None, occurrence: int = 1) -> None:
        self.calls: list[tuple[str, int, int]] = []
        self.stop_at = stop_at
        self.occurrence = occurrence

    def __call__(self, phase: str, done: int, total: int) -> None:
        self.calls.append((phase, done, total))
        if phase == self.stop_at and sum(1 for c in self.calls if c[0] == phase) == self.occurrence:
            raise Stop(phase)

    def phases(self) -> list[str]:
        return list(dict.fromkeys(c[0] for c in self.calls))


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, Site, Path]]:
    tmp = tmp_path_factory.mktemp("progress")
    a = make_site(tmp, "A", standards=30, seed=5)
    b = make_site(tmp, "B")
    b.trust(a, tmp)
    bundle = a.export(tmp / "a-1.xlsx")
    yield a, b, bundle
    a.reg.close()
    b.reg.close()


def test_an_export_cancelled_at_any_phase_writes_nothing_not_even_its_number(
    pair: tuple[Site, Site, Path], tmp_path: Path
) -> None:
    a, _b, _bundle = pair
    before = db_state(a.reg)
    for phase in EXPORT_PHASES:
        out = tmp_path / f"cancelled-{phase}.xlsx"
        recorder = Recorder(stop_at=phase)
        with pytest.raises(Stop):
            exchange.export_bundle(a.reg, out, PASSPHRASE, progress=recorder)
        assert recorder.phases()[-1] == phase
        assert not out.exists()
        assert db_state(a.reg) == before, phase
    recorder = Recorder()
    result = exchange.export_bundle(a.reg, tmp_path / "a-2.xlsx", PASSPHRASE, progress=recorder)
    assert recorder.phases() == EXPORT_PHASES
    assert result.manifest.seq == 2  # the cancelled exports used no number


def test_verify_reports_reading_then_verifying(pair: tuple[Site, Site, Path]) -> None:
    _a, b, bundle = pair
    recorder = Recorder()
    assert exchange.verify_bundle(b.reg, bundle, progress=recorder).valid
    assert recorder.phases() == ["reading", "verifying"]


@pytest.mark.parametrize(
    ("phase", "occurrence"),
    [("reading", 1), ("verifying", 1), ("comparing", 1), ("backup", 1), ("merging", 1), ("merging", 2),
     ("saving", 1)],
    ids=["reading", "verifying", "comparing", "backup", "merging-start", "merging-written", "saving"],
)
def test_an_import_cancelled_at_any_phase_leaves_the_database_as_it_was(
    pair: tuple[Site, Site, Path], phase: str, occurrence: int
) -> None:
    _a, b, bundle = pair
    before = db_state(b.reg)
    recorder = Recorder(stop_at=phase, occurrence=occurrence)
    with pytest.raises(Stop):
        exchange.import_bundle(b.reg, bundle, progress=recorder)
    assert recorder.calls[-1][0] == phase
    if (phase, occurrence) == ("merging", 2):
        _, done, total = recorder.calls[-1]
        assert done == total > 0  # every record and audit entry was written in the transaction
    assert db_state(b.reg) == before
    # the bundle's number was not taken: it still verifies (no rollback refusal)
    assert exchange.verify_bundle(b.reg, bundle).valid


def test_an_import_reports_its_phases_and_the_changes_merged(tmp_path: Path, pair: tuple[Site, Site, Path]) -> None:
    a, _b, bundle = pair
    b = make_site(tmp_path, "B")
    try:
        b.trust(a, tmp_path)
        preview = Recorder()
        plan = exchange.import_bundle(b.reg, bundle, dry_run=True, progress=preview).plan
        assert preview.phases() == ["reading", "verifying", "comparing"]
        assert plan is not None
        changes = sum(plan.counts().values())

        recorder = Recorder()
        result = exchange.import_bundle(b.reg, bundle, progress=recorder)
        assert result.applied and recorder.phases() == IMPORT_PHASES
        merging = [(done, total) for phase, done, total in recorder.calls if phase == "merging"]
        assert merging[0] == (0, changes) and merging[-1] == (changes, changes)
        assert [d for d, _ in merging] == sorted(d for d, _ in merging)
        assert recorder.calls[-1] == ("saving", changes, changes)
        region = listing.stats(b.reg)["region"]
        assert region["standards"] == listing.stats(a.reg)["own"]["standards"]
    finally:
        b.reg.close()

