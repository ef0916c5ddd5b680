"""The benchmarks' default work folders: one per checkout.

Built regions take minutes and are kept for the next run. With one fixed folder in the temp
dir (``/tmp/labregistry-bench``), two checkouts of the project (git worktrees) measuring at
the same time built into, reused and removed each other's regions, and both runs broke. The
default now names the checkout: a hash of its path, so each checkout keeps its own regions
and a second run from the same checkout still reuses them. ``--work`` (or ``--home``) still
chooses any folder.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]


def work_folder(stem: str, checkout: Path = CHECKOUT) -> Path:
    """``<temp dir>/<stem>-<first 10 hex digits of sha256(checkout path)>``."""
    tag = hashlib.sha256(str(checkout.resolve()).encode("utf-8")).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"{stem}-{tag}"
