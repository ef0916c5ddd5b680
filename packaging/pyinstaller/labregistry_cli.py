"""The frozen ``labregistry`` command (a console program; with no command it opens the app)."""

from labregistry.cli import main

raise SystemExit(main())
