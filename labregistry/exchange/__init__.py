"""Signed exchange between institutes: the bundle format, trust in peers' keys, the merge.

Modules:

- :mod:`.schema`     what a bundle carries: its data sheets and columns
- :mod:`.bundle`     writing and checking signed bundles: the manifest, the signature, every threat
- :mod:`.trust`      pure decision: is this key trusted for this issuer?
- :mod:`.merge`      what a verified bundle changes in the registry, then all of it at once

Keys and signatures are :mod:`labregistry.crypto`; reading and writing ``.xlsx`` files is
:mod:`labregistry.xlsx`.
"""
