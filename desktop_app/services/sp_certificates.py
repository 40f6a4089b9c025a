"""The bytes of an enterprise application's own certificates (its service principal's keyCredentials).

Graph returns them only in a GET of one service principal that selects keyCredentials, under the same limit as the
applications' (150 a minute per tenant: serviceprincipal-get), so they are read through the same pacer, 20 to a
`$batch`. Only for a service principal that holds a public certificate (Verify or Encrypt) and no SAML signing
set (a Sign key, or preferredTokenSigningKeyThumbprint): a Sign key is a private key Graph never returns, so such
keys can't be sent back (a PATCH replaces keyCredentials whole) and a restore makes a new signing certificate
(domain/restore_plan/signing.py). Few service principals qualify, so they are read with the enterprise part, before
the snapshot is written (no pending state). Bytes the store already holds for a key (the last backup's
`keyCredentialKeys` has its keyId, and the stored bytes' thumbprint is the key's customKeyIdentifier) are not read
again: a service principal is read only when one of its keys is new. The section gets `keyCredentialKeys`
{keyId: sha256 of the bytes}, the bytes read go into the backup's blobs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.enterprise import PUBLIC_KEY_USAGES
from desktop_app.graph.client import GraphClient
from desktop_app.services.certificate_reads import (
    FILL_BATCH_SIZE,
    CertificateReadPacer,
    key_bytes,
    known_key_hashes,
    read_key_credentials,
)
from desktop_app.services.enterprise_read import EnterpriseRead

# The keys whose bytes the store holds (appId -> keyId -> sha256: the last backup's `keyCredentialKeys`) of the
# service principals of some apps (by appId, lower case).
HeldKeys = Callable[[Sequence[str]], Mapping[str, Mapping[str, str]]]


def holds_own_certificates(section: Mapping[str, Any]) -> bool:
    """Whether the section's service principal has public certificates whose bytes a backup keeps."""
    keys = [k for k in section.get("keyCredentials") or [] if isinstance(k, Mapping)]
    if any(k.get("usage") == "Sign" for k in keys) or (section.get("properties") or {}).get(
            "preferredTokenSigningKeyThumbprint"):
        return False
    return any(k.get("usage") in PUBLIC_KEY_USAGES and k.get("type") == "AsymmetricX509Cert" for k in keys)


def read_sp_certificates(graph: GraphClient, read: EnterpriseRead, pacer: CertificateReadPacer,
                         cancel: CancelToken, *, held: HeldKeys | None = None,
                         stored: Callable[[str], bytes | None] | None = None) -> EnterpriseRead:
    """Fill `keyCredentialKeys` into the sections of the service principals that hold their own certificates, and
    the bytes read into `read.blobs`. A service principal whose every key `held` has, with bytes in the store
    (`stored`, by sha256) matching its thumbprint, is not read. A service principal gone since the listing (404)
    keeps its section as it is."""
    wanted = {app_id: s for app_id, s in read.sections.items() if isinstance(s, dict) and holds_own_certificates(s)}
    known = held(sorted(wanted)) if held is not None and stored is not None and wanted else {}
    to_read: list[dict[str, Any]] = []
    for app_id, section in wanted.items():
        public = _public_keys(section)
        reused = known_key_hashes(public, known.get(app_id) or {}, stored) if stored is not None else {}
        if reused and set(reused) == {str(k.get("keyId")) for k in public}:
            section["keyCredentialKeys"] = dict(sorted(reused.items()))
        else:
            to_read.append(section)
    for start in range(0, len(to_read), FILL_BATCH_SIZE):
        chunk = to_read[start:start + FILL_BATCH_SIZE]
        answers = read_key_credentials(graph, pacer, cancel, [f"/servicePrincipals/{s['id']}" for s in chunk])
        for section, answer in zip(chunk, answers, strict=True):
            if answer.status == 404:
                continue
            answer.raise_for_status()
            listed = {str(k.get("keyId")) for k in _public_keys(section)}
            hashes: dict[str, str] = {}
            for credential in answer.json.get("keyCredentials") or []:
                data = key_bytes(credential.get("key"))
                if str(credential.get("keyId")) in listed and data is not None:
                    sha = hashlib.sha256(data).hexdigest()
                    hashes[str(credential.get("keyId"))] = sha
                    read.blobs[sha] = data
            section["keyCredentialKeys"] = dict(sorted(hashes.items()))
    return read


def _public_keys(section: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [k for k in section.get("keyCredentials") or [] if isinstance(k, Mapping) and k.get("usage") in PUBLIC_KEY_USAGES]
