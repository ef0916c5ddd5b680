"""PDF capability certificates with signed QR codes, verifiable offline.

- :mod:`.content`: what a certificate certifies, as plain data, and its digest
- :mod:`.payload`: the signed QR payload (``LRC1:...``), its text form and verification
- :mod:`.layout`: the A4 pages (reportlab), Chinese first, with page numbers and QR code
- :mod:`.textflow`: fast wrapping table cells for Chinese text
- :mod:`.fonts`: finding and embedding a CJK TrueType font, with the CID fallback
- :mod:`.qr`: the QR code as vector squares
- :mod:`.pdfread`: finding the payloads in a certificate PDF

Use cases (gather records, sign, render, write, verify) are in
:mod:`labregistry.services.certificates`.
"""
