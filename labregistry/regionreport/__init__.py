"""The coordinator's report of the region against the integration plan's targets.

``model``: what a report is (sections of facts, a table and bar charts, in one language);
``figures``: the sections, counted from the registry; ``xlsx`` and ``pdf``: the files.
The app page and ``region-report`` both go through :mod:`labregistry.services.region_report`.
"""
