"""Reading and writing ``.xlsx`` files safely: what every spreadsheet the registry touches goes through.

Modules:

- :mod:`.preflight`  the zip and XML checks before any part is parsed (bombs, macros, links)
- :mod:`.workbook`   writing and strictly reading the registry's own workbooks (bundles)
- :mod:`.sheetxml`   a fast reader of plain worksheet cells, exact to openpyxl's
- :mod:`.strings`    the shared string table (bundles and ledgers)
- :mod:`.refs`       column letters
- :mod:`.looks`      what a cell's style shows of its value (number formats, fonts, fills)
- :mod:`.sheetframe` what a worksheet shows around its cells (hidden rows, merges, drawings)
- :mod:`.canonical`  the canonical form of cell values and of a sheet's rows (what is signed)
- :mod:`.cells`      cells that hold data, never formulas, for every openpyxl writer

No database, no Qt. What a bundle's sheets hold is :mod:`labregistry.exchange.schema`.
"""
