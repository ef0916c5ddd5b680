"""The regional inventory: one view over the own and every imported institute's records.

* :mod:`.textindex` - the substring index for free text (SQLite FTS5 trigram tables kept
  in sync by triggers; PostgreSQL pg_trgm GIN indexes) and the SQL that queries it.
* :mod:`.criteria` - what a search asks for, parsed and normalised (units, dates, codes).
* :mod:`.comparability` - when two accuracy statements can be compared, and how.
* :mod:`.search` - ranked, paged search over standards, authorised items and people;
  :mod:`.planner` names the index that drives a standards search on SQLite.
* :mod:`.provenance` - where each institute's records came from (bundle, signature, stale).
* :mod:`.recognition` - equivalent standards across institutes, and regional coverage.
* :mod:`.trace` - the traceability chain of a standard, across institutes.
* :mod:`.report` - the unsigned Excel report of a search.

Everything here reads; nothing writes records. Services in
:mod:`labregistry.services.inventory` open the unit of work and call these.
"""
