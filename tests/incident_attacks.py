"""An attacker's persistence in a tenant, as plain HTTP to the emulator (no Regvault code): one of each incident kind
the rollback undoes (issue 25), each returning the id `regvault changes` names it by, and an admin's legitimate
changes, which a rollback must leave alone. The rollback tests and the rollback benchmark share it."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
APPLICATION_READWRITE_ALL = "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"


def self_signed_certificate(name: str = "attacker") -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=300)).sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.DER)


def ok(response: httpx.Response) -> httpx.Response:
    assert response.status_code < 300, (response.request.method, response.request.url, response.text)
    return response


@dataclass
class Attacker:
    """Changes made as one user of the tenant (`http` carries that user's token); `made` lists the ids of what
    each change added, removed or changed, as `regvault changes` names them (kind:holder:key@appId)."""

    http: httpx.Client
    made: list[str] = field(default_factory=list)
    _graph_sp: dict[str, Any] | None = None

    @property
    def graph_sp(self) -> dict[str, Any]:
        if self._graph_sp is None:
            self._graph_sp = ok(self.http.get("/servicePrincipals", params={
                "$filter": f"appId eq '{GRAPH_APP_ID}'"})).json()["value"][0]
        return self._graph_sp

    def sp_of(self, app: dict[str, Any]) -> dict[str, Any]:
        return ok(self.http.get(f"/servicePrincipals(appId='{app['appId']}')")).json()

    def _id(self, kind: str, holder: str, key: str, app: dict[str, Any]) -> str:
        made = f"{kind}:{holder}:{key}@{app['appId']}"
        self.made.append(made)
        return made

    def secret(self, app: dict[str, Any]) -> str:
        key = ok(self.http.post(f"/applications/{app['id']}/addPassword", json={"passwordCredential": {
            "displayName": "sync"}})).json()["keyId"]
        return self._id("passwordCredential", "application", key, app)

    def sp_secret(self, app: dict[str, Any]) -> str:
        sp = self.sp_of(app)
        key = ok(self.http.post(f"/servicePrincipals/{sp['id']}/addPassword", json={"passwordCredential": {
            "displayName": "sync"}})).json()["keyId"]
        return self._id("passwordCredential", "servicePrincipal", key, app)

    def certificate(self, app: dict[str, Any], der: bytes | None = None) -> str:
        return self._key(f"/applications/{app['id']}", "application", app, der)

    def sp_certificate(self, app: dict[str, Any], der: bytes | None = None) -> str:
        return self._key(f"/servicePrincipals/{self.sp_of(app)['id']}", "servicePrincipal", app, der)

    def _key(self, path: str, holder: str, app: dict[str, Any], der: bytes | None) -> str:
        keys = ok(self.http.get(path, params={"$select": "keyCredentials"})).json()["keyCredentials"]
        kept = [{k: v for k, v in key.items() if k in ("keyId", "type", "usage", "key", "displayName",
                                                         "startDateTime", "endDateTime", "customKeyIdentifier")}
                for key in keys]
        new = {"type": "AsymmetricX509Cert", "usage": "Verify", "displayName": "CN=sync",
               "key": base64.b64encode(der or self_signed_certificate()).decode()}
        ok(self.http.patch(path, json={"keyCredentials": [*kept, new]}))
        after = ok(self.http.get(path, params={"$select": "keyCredentials"})).json()["keyCredentials"]
        key_id = next(k["keyId"] for k in after if k["keyId"] not in {o["keyId"] for o in keys})
        return self._id("keyCredential", holder, key_id, app)

    def federated(self, app: dict[str, Any], name: str = "deploy") -> str:
        ok(self.http.post(f"/applications/{app['id']}/federatedIdentityCredentials", json={
            "name": name, "issuer": "https://token.actions.githubusercontent.com",
            "subject": "repo:evil/tools:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]}))
        return self._id("federatedIdentityCredential", "application", name, app)

    def owner(self, app: dict[str, Any], user_id: str) -> str:
        ok(self.http.post(f"/applications/{app['id']}/owners/$ref",
                          json={"@odata.id": f"https://graph.microsoft.com/v1.0/users/{user_id}"}))
        return self._id("owner", "application", user_id, app)

    def sp_owner(self, app: dict[str, Any], user_id: str) -> str:
        ok(self.http.post(f"/servicePrincipals/{self.sp_of(app)['id']}/owners/$ref",
                          json={"@odata.id": f"https://graph.microsoft.com/v1.0/users/{user_id}"}))
        return self._id("owner", "servicePrincipal", user_id, app)

    def remove_owner(self, app: dict[str, Any], user_id: str) -> str:
        ok(self.http.delete(f"/applications/{app['id']}/owners/{user_id}/$ref"))
        return self._id("owner", "application", user_id, app)

    def redirect(self, app: dict[str, Any], uri: str = "https://login.evil.example/cb") -> str:
        current = ok(self.http.get(f"/applications/{app['id']}", params={"$select": "web"})).json()["web"]
        ok(self.http.patch(f"/applications/{app['id']}", json={"web": {"redirectUris": [
            *current["redirectUris"], uri]}}))
        return self._id("redirectUri", "application", uri, app)

    def identifier(self, app: dict[str, Any]) -> str:
        uri = f"api://{app['appId']}/backdoor"
        current = ok(self.http.get(f"/applications/{app['id']}", params={"$select": "identifierUris"})).json()
        ok(self.http.patch(f"/applications/{app['id']}", json={"identifierUris": [*current["identifierUris"], uri]}))
        return self._id("identifierUri", "application", uri, app)

    def permission(self, app: dict[str, Any]) -> str:
        current = ok(self.http.get(f"/applications/{app['id']}", params={"$select": "requiredResourceAccess"})).json()
        access = [dict(r) for r in current["requiredResourceAccess"]]
        graph = next((r for r in access if r["resourceAppId"] == GRAPH_APP_ID), None)
        if graph is None:
            graph = {"resourceAppId": GRAPH_APP_ID, "resourceAccess": []}
            access.append(graph)
        graph["resourceAccess"] = [*graph["resourceAccess"], {"id": APPLICATION_READWRITE_ALL, "type": "Role"}]
        ok(self.http.patch(f"/applications/{app['id']}", json={"requiredResourceAccess": access}))
        return self._id("requiredResourceAccess", "application", f"{GRAPH_APP_ID}/{APPLICATION_READWRITE_ALL}", app)

    def consent(self, app: dict[str, Any], scope: str = "Application.ReadWrite.All", user_id: str | None = None) -> str:
        """Admin consent (or one user's, with `user_id`) to a Microsoft Graph scope: a new grant, or the scope added
        to the one there."""
        sp = self.sp_of(app)
        kind = "Principal" if user_id else "AllPrincipals"
        grants = ok(self.http.get("/oauth2PermissionGrants", params={
            "$filter": f"clientId eq '{sp['id']}'"})).json()["value"]
        there = next((g for g in grants if g["resourceId"] == self.graph_sp["id"] and g["consentType"] == kind
                      and (g.get("principalId") or None) == user_id), None)
        if there is not None:
            ok(self.http.patch(f"/oauth2PermissionGrants/{there['id']}", json={"scope": f"{there['scope']} {scope}"}))
        else:
            body = {"clientId": sp["id"], "consentType": kind, "resourceId": self.graph_sp["id"], "scope": scope}
            if user_id:
                body["principalId"] = user_id
            ok(self.http.post("/oauth2PermissionGrants", json=body))
        key = "/".join([GRAPH_APP_ID, kind, *([user_id] if user_id else [])])
        return self._id("oauth2PermissionGrant", "servicePrincipal", key, app)

    def app_role(self, app: dict[str, Any], role_id: str = APPLICATION_READWRITE_ALL) -> str:
        sp = self.sp_of(app)
        ok(self.http.post(f"/servicePrincipals/{sp['id']}/appRoleAssignments", json={
            "principalId": sp["id"], "resourceId": self.graph_sp["id"], "appRoleId": role_id}))
        return self._id("appRoleAssignment", "servicePrincipal", f"{GRAPH_APP_ID}/{role_id}", app)

    def new_app(self, name: str = "Sync Helper") -> tuple[str, dict[str, Any]]:
        app = ok(self.http.post("/applications", json={"displayName": name})).json()
        ok(self.http.post("/servicePrincipals", json={"appId": app["appId"]}))
        return self._id("application", "application", app["id"], app), app


def apps_with_service_principals(http: httpx.Client, count: int) -> list[dict[str, Any]]:
    """`count` apps of the tenant that have a service principal, in a stable order. Not SAML apps: a SAML app's
    signing key comes back without its bytes (a private key), so no one can add a certificate to its service
    principal by PATCH (every key must be sent with its bytes)."""
    sps = {s["appId"] for s in ok(http.get("/servicePrincipals", params={"$top": "999"})).json()["value"]
           if s.get("preferredSingleSignOnMode") != "saml"}
    apps = ok(http.get("/applications", params={"$top": "999"})).json()["value"]
    chosen = sorted((a for a in apps if a["appId"] in sps), key=lambda a: a["displayName"])[:count]
    assert len(chosen) == count, f"only {len(chosen)} apps with a service principal"
    return chosen
