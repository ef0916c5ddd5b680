"""``python -m labregistry`` runs the command line."""

from labregistry.cli import main

raise SystemExit(main())
