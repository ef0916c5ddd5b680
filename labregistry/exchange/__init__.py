"""Signed exchange between institutes: keys, key cards, signed statements, trust, bundles.

Modules:

- :mod:`.jsonform`   canonical JSON, strict parsing of untrusted JSON, bilingual fault details
- :mod:`.signing`    domain-separated Ed25519 signatures over canonical JSON payloads
- :mod:`.keys`       key ids, fingerprints, the passphrase-sealed private key file
- :mod:`.cards`      the public key card a peer gives out (``keys export-public``)
- :mod:`.statements` signed rotation and revocation statements
- :mod:`.trust`      pure decision: is this key trusted for this issuer?
- :mod:`.passphrase` where the private key's passphrase comes from (env, file, prompt)
- :mod:`.files`      atomic writes (0600 for secrets) and size-capped reads

Everything here is pure Python over bytes and files: no database, no Qt.
"""
