"""A LabRegistry process that holds the write lock until told to let go (a line on stdin,
or end of input): the other writer of the concurrency tests, made deterministic.

``python -m tests.faults.holder HOME`` prints ``locked`` once it holds the lock; with
``--commit-standard CERT`` it adds a standard inside that transaction, committed on release.
"""

from __future__ import annotations

import argparse
import sys

from labregistry.registry import open_registry


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("home")
    args = parser.parse_args()
    reg = open_registry(args.home, logging=False, must_exist=True)
    try:
        with reg.uow("holder", "test", write=True) as uow:
            uow.settings.set("holder.was.here", "1")
            uow.session.flush()
            print("locked", flush=True)
            sys.stdin.readline()
            uow.commit()
    finally:
        reg.close()
    print("released", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
