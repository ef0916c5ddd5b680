"""Import of the Excel ledgers institutes already keep, and blank ledger templates.

The pieces, in the order a wizard (or ``import-excel``) uses them:

* :mod:`.reader`    - open a ``.xlsx`` safely (pre-flight), list its sheets, read one sheet
  into a grid of plain values with its merged cells; formulas are refused;
* :mod:`.fields`    - what each kind of ledger holds: fields, Chinese and English header
  synonyms, which fields repeat on continuation rows (instruments, items, credentials);
* :mod:`.layout`    - find the header row, propose a column mapping with confidence, and
  fingerprint the layout so a user's corrections can be remembered;
* :mod:`.grouping`  - turn rows into records (a standard over several rows for its
  instruments), skip blank, note and repeated header rows;
* :mod:`.checks`    - validate each record with the domain rules, issues placed at cells;
* :mod:`.store`     - match records with the own institute's stored ones, write set-based;
* :mod:`.report`    - a copy of the ledger with the invalid cells filled and commented;
* :mod:`.template`  - blank ledgers with headers, drop-downs and instructions.

:mod:`labregistry.services.ledger` strings these together into use cases (one
transaction per import, the audit source, remembered mappings) for the CLI and the app.
"""
