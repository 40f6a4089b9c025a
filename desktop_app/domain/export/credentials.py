"""What an export may say about an app's credentials: metadata and thumbprints, never a secret or key bytes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.credentials import thumbprint
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


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
