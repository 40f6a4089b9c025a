"""What an export may say about an app's credentials: metadata and thumbprints, never a secret or key bytes."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.document import SecretInfo, secrets_of


@dataclass(frozen=True)
class CertificateFacts:
    key_id: str
    display_name: str | None
    type: str | None  # AsymmetricX509Cert, Symmetric...
    usage: str | None  # Verify, Encrypt, Sign
    start_date_time: str | None
    end_date_time: str | None
    thumbprint: str | None  # SHA-1 hex, upper case, from customKeyIdentifier as the portal shows it
    sha256: str | None  # of the public certificate bytes the backup kept, when it has them


def certificates_of(document: Mapping[str, Any]) -> list[CertificateFacts]:
    application = document.get("application") or {}
    hashes = document.get("keyCredentialKeys") or {}
    out: list[CertificateFacts] = []
    for credential in application.get("keyCredentials") or []:
        if not isinstance(credential, Mapping):
            continue
        key_id = str(credential.get("keyId") or "")
        out.append(CertificateFacts(
            key_id=key_id, display_name=_text(credential.get("displayName")), type=_text(credential.get("type")),
            usage=_text(credential.get("usage")), start_date_time=_text(credential.get("startDateTime")),
            end_date_time=_text(credential.get("endDateTime")),
            thumbprint=thumbprint(credential.get("customKeyIdentifier")),
            sha256=_text(hashes.get(key_id)) if isinstance(hashes, Mapping) else None,
        ))
    return out


def secrets_metadata(document: Mapping[str, Any]) -> list[SecretInfo]:
    """Name, hint and dates of each client secret: what a user needs to issue a new one, and nothing more."""
    return secrets_of(document)


def thumbprint(custom_key_identifier: Any) -> str | None:
    """customKeyIdentifier is the base64 of the certificate's SHA-1 thumbprint for certificates the portal or
    Graph uploaded; anything else (a custom identifier) is shown as it is."""
    if not isinstance(custom_key_identifier, str) or not custom_key_identifier:
        return None
    try:
        raw = base64.b64decode(custom_key_identifier, validate=True)
    except (binascii.Error, ValueError):
        return custom_key_identifier
    return raw.hex().upper() if len(raw) == 20 else custom_key_identifier


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
