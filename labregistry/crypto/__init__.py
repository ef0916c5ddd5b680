"""An institute's keys and what they sign: pure Python over bytes and files, no database, no Qt.

Modules:

- :mod:`.jsonform`   canonical JSON, strict parsing of untrusted JSON, bilingual fault details
- :mod:`.signing`    domain-separated Ed25519 signatures over canonical JSON payloads
- :mod:`.keys`       key ids, fingerprints, the passphrase-sealed private key file
- :mod:`.keystore`   the own institute's keys, cards and statements in the home folder
- :mod:`.cards`      the public key card a peer gives out (``keys export-public``)
- :mod:`.statements` signed rotation and revocation statements
- :mod:`.passphrase` where the private key's passphrase comes from (env, file, prompt)

Whether a peer's key is trusted is the exchange's decision (:mod:`labregistry.exchange.trust`).
"""
