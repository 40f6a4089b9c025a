"""App documents with credentials, owners and a service principal, for the credentials, search and alerts tests."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from typing import Any

from desktop_app.domain.document import canonical_json
from desktop_app.store import ObservedApp

THUMB = bytes(range(20))


def document(object_id: str, name: str, *, app_id: str | None = None, secrets: list[dict[str, Any]] | None = None,
             certificates: list[dict[str, Any]] | None = None, sp: dict[str, Any] | None = None,
             owners: list[dict[str, Any]] | None = None, **application: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "application": {"id": object_id, "appId": app_id or f"a-{object_id}", "displayName": name,
                        "passwordCredentials": secrets or [], "keyCredentials": certificates or [], **application},
        "owners": owners or [], "federatedIdentityCredentials": [], "keyCredentialKeys": {}, "logo": None,
    }
    if sp is not None:
        doc["servicePrincipal"] = sp
    return doc


def observed(doc: dict[str, Any]) -> ObservedApp:
    data = canonical_json(doc)
    app = doc["application"]
    return ObservedApp(object_id=app["id"], app_id=app["appId"], display_name=app["displayName"], document_json=data,
                       document_hash=hashlib.sha256(data).hexdigest())


def secret(key_id: str, name: str, end: datetime, hint: str = "abc") -> dict[str, Any]:
    return {"keyId": key_id, "displayName": name, "hint": hint, "startDateTime": "2026-01-01T00:00:00Z",
            "endDateTime": end.strftime("%Y-%m-%dT%H:%M:%SZ"), "secretText": None}


def certificate(key_id: str, name: str, end: datetime, thumb: bytes = THUMB) -> dict[str, Any]:
    return {"keyId": key_id, "displayName": name, "type": "AsymmetricX509Cert", "usage": "Verify",
            "customKeyIdentifier": base64.b64encode(thumb).decode(), "startDateTime": "2026-01-01T00:00:00Z",
            "endDateTime": end.strftime("%Y-%m-%dT%H:%M:%SZ.0000000").replace("Z.", ".") + "Z"}


def user(object_id: str, name: str, upn: str) -> dict[str, Any]:
    return {"id": object_id, "@odata.type": "#microsoft.graph.user", "displayName": name, "userPrincipalName": upn}
