"""``python -m ui [--home DIR] [--db URL] [--lang zh|en]``: start the desktop app."""

import sys

from ui.app import main

sys.exit(main())
