"""The frozen desktop app (Windows: the windowed labregistry-gui.exe of the Start menu).

``ui.app.main`` reads --home, --db and --lang and hands the rest to Qt (``-platform``...).
"""

from ui.app import main

raise SystemExit(main())
