"""An app document as a body `POST /applications` accepts as it is, the way the portal's manifest editor shows an
app now (Microsoft Graph's own property names), and the list of what a create can't carry.

What the body holds: every writable v1.0 property of the app at that version (restore_plan.writable_application:
no id, appId, publisherDomain, createdDateTime, passwordCredentials, origin of roles and scopes, logoUrl...).
What it leaves out, each named in `after_create` so nothing is lost silently:
- identifier URIs that name the app's own client ID (`api://{appId}`): Graph gives a new app a new client ID, and a
  URI naming another app's ID is refused (graph-notes §10, identifier URI restrictions); set them with the new one;
- `api.preAuthorizedApplications`: they name scopes the same body defines, which Graph refuses in one request
  (graph-notes §10: scopes first, then the pre-authorizations);
- certificates (`keyCredentials`, `tokenEncryptionKeyId`): the body would need the key bytes, and app management
  policies may refuse a credential on create; listed with their thumbprints;
- owners, federated identity credentials and the logo: sub-resources with requests of their own;
- client secrets: Graph never returns them; listed by name, hint and expiry so new ones can be issued;
- the enterprise application: its own POST /servicePrincipals, then its settings.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.export.credentials import CertificateFacts, certificates_of, secrets_metadata
from desktop_app.domain.restore_plan import writable_application

_CERTIFICATE_PROPERTIES = ("keyCredentials", "tokenEncryptionKeyId")


@dataclass(frozen=True)
class AfterCreate:
    """What to do once POST /applications answered with the new app (ids in the answer)."""

    identifier_uris: tuple[str, ...]  # with {appId} standing for the new client ID
    pre_authorized_applications: tuple[Mapping[str, Any], ...]  # PATCH api.preAuthorizedApplications
    token_encryption_key_id: str | None
    certificates: tuple[CertificateFacts, ...]
    owners: tuple[Mapping[str, Any], ...]  # POST /applications/{id}/owners/$ref per owner
    federated_identity_credentials: tuple[Mapping[str, Any], ...]  # POST .../federatedIdentityCredentials
    logo_sha256: str | None  # PUT /applications/{id}/logo
    secrets: tuple[Mapping[str, Any], ...]  # addPassword: name, hint, expiry of each secret the app had
    # POST /servicePrincipals {appId}, then these settings: the enterprise application's (None: it had none,
    # or the backup did not read it). Its consent and assignments stay in the backup (they name other objects).
    service_principal: Mapping[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "identifierUris": list(self.identifier_uris),
            "preAuthorizedApplications": [dict(p) for p in self.pre_authorized_applications],
            "tokenEncryptionKeyId": self.token_encryption_key_id,
            "certificates": [
                {"keyId": c.key_id, "displayName": c.display_name, "type": c.type, "usage": c.usage,
                 "startDateTime": c.start_date_time, "endDateTime": c.end_date_time, "thumbprint": c.thumbprint,
                 "sha256": c.sha256}
                for c in self.certificates
            ],
            "owners": [dict(o) for o in self.owners],
            "federatedIdentityCredentials": [dict(f) for f in self.federated_identity_credentials],
            "logoSha256": self.logo_sha256,
            "secrets": [dict(s) for s in self.secrets],
            "servicePrincipal": dict(self.service_principal) if self.service_principal is not None else None,
        }


@dataclass(frozen=True)
class GraphExport:
    body: dict[str, Any]  # POST /applications
    after_create: AfterCreate


def graph_export(document: Mapping[str, Any]) -> GraphExport:
    application = document.get("application") or {}
    app_id = str(application.get("appId") or "")
    body = writable_application(application)
    for name in _CERTIFICATE_PROPERTIES:
        body.pop(name, None)
    uris = [str(u) for u in body.get("identifierUris") or []]
    own = [u for u in uris if app_id and app_id.lower() in u.lower()]
    if "identifierUris" in body:
        body["identifierUris"] = [u for u in uris if u not in own]
    pre_authorized: list[Mapping[str, Any]] = []
    api = body.get("api")
    if isinstance(api, dict) and api.get("preAuthorizedApplications"):
        pre_authorized = copy.deepcopy(list(api["preAuthorizedApplications"]))
        api["preAuthorizedApplications"] = []
    token_key = application.get("tokenEncryptionKeyId")
    secrets = tuple(
        {"keyId": s.key_id, "displayName": s.display_name, "hint": s.hint, "startDateTime": s.start_date_time,
         "endDateTime": s.end_date_time}
        for s in secrets_metadata(document)
    )
    after = AfterCreate(
        identifier_uris=tuple(_with_placeholder(u, app_id) for u in own),
        pre_authorized_applications=tuple(pre_authorized),
        token_encryption_key_id=str(token_key) if token_key else None,
        certificates=tuple(certificates_of(document)),
        owners=tuple(copy.deepcopy(list(document.get("owners") or []))),
        federated_identity_credentials=tuple(copy.deepcopy(list(document.get("federatedIdentityCredentials") or []))),
        logo_sha256=document.get("logo") if isinstance(document.get("logo"), str) else None,
        secrets=secrets,
        service_principal=_service_principal_settings(document),
    )
    return GraphExport(body=body, after_create=after)


def _service_principal_settings(document: Mapping[str, Any]) -> Mapping[str, Any] | None:
    section = document.get("servicePrincipal")
    if not isinstance(section, Mapping):
        return None
    properties = section.get("properties") or {}
    return {k: copy.deepcopy(v) for k, v in properties.items() if v is not None and k != "displayName"}


def _with_placeholder(uri: str, app_id: str) -> str:
    lowered = uri.lower()
    start = lowered.index(app_id.lower())
    return uri[:start] + "{appId}" + uri[start + len(app_id):]
