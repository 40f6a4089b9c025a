"""What the capture tests share: a small tenant on an in-process emulator, a capture service on a store, random
portal-style churn by the tenant's named users (plain HTTP, no Regvault code), and the comparison of what the store
holds with what a full backup would store now."""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.capture import CaptureService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store, TenantInfo

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


@contextmanager
def capture_emulator(tenants: str, seed: int, **knobs: Any) -> Iterator[Emulator]:
    """An emulator whose audit log and certificate reads are not rate-limited: a capture reads both at will.
    `knobs`: more of its settings (auditDelaySeconds=0: audit events show at once)."""
    with Emulator(tenants=tenants, seed=seed, throttle="off") as emu:
        emu.configure(auditReadsPer10Seconds=0, keyCredentialReadsPerMinute=0, **knobs)
        yield emu


class CaptureWorld:
    def __init__(self, emulator: Emulator, store: Store, tenant: str = "contoso",
                 connector: GraphConnector | None = None) -> None:
        self.emulator = emulator
        self.store = store
        self.connector = connector or GraphConnector(timeout=20, max_retries=12)
        self.tenant: TenantInfo = TenantService(store, self.connector).add_emulator_tenant(
            emulator.base_url, emulator.tenant_id(tenant))
        self.backup = BackupService(store, self.connector, clock=emulator.now)
        self.capture = CaptureService(store, self.backup, clock=emulator.now)
        self.users = emulator.named_users(tenant)
        self.admin = httpx.Client(base_url=emulator.base_url, timeout=20,
                                  headers={"Authorization": f"Bearer {emulator.token(tenant)}"})
        self.as_user = [httpx.Client(base_url=emulator.base_url, timeout=20,
                                     headers={"Authorization": f"Bearer {u['token']}"}) for u in self.users]

    def close(self) -> None:
        for client in (self.admin, *self.as_user):
            client.close()

    def after_graphs_delay(self) -> None:
        """Past the time the emulator takes to show an audit event (60 to 180 s after the write)."""
        self.emulator.advance_clock(181)

    # ---- what the store holds against what a full backup would store ---------------------------------------

    def stored_documents(self) -> dict[str, dict[str, Any]]:
        current = self.store.current_apps(self.tenant.tenant_id)
        out = {}
        for object_id, app in current.items():
            if app.status != "active":
                continue
            newest = self.store.versions(app.pk)[0]
            assert newest.valid_until is None, object_id
            out[object_id] = json.loads(json.dumps(self.store.version_document(newest.pk)))
        return out

    def full_read(self) -> dict[str, dict[str, Any]]:
        return {k: json.loads(json.dumps(v)) for k, v in self.backup.reader.read_tenant(self.tenant).documents.items()}

    def differences(self) -> list[str]:
        stored, live = self.stored_documents(), self.full_read()
        problems = [f"only in the store: {k}" for k in sorted(set(stored) - set(live))]
        problems += [f"not in the store: {k}" for k in sorted(set(live) - set(stored))]
        problems += [f"differs: {k}: {_first_difference(stored[k], live[k])}" for k in sorted(set(stored) & set(live))
                     if stored[k] != live[k]]
        return problems


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                return _first_difference(a.get(key), b.get(key), f"{path}/{key}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}/{n}")
    return f"{path}: stored {json.dumps(a)[:200]} / now {json.dumps(b)[:200]}"


class Churn:
    """Random changes as admins make them in the portal, each by one of the named users; some are refused by Graph
    (that is fine: the tenant is as Graph left it)."""

    def __init__(self, world: CaptureWorld, seed: int) -> None:
        self.world = world
        self.rng = random.Random(seed)
        self.made: list[tuple[str, str]] = []  # (kind, actor)
        self.graph_sp = world.admin.get("/servicePrincipals", params={
            "$filter": f"appId eq '{GRAPH_APP_ID}'"}).json()["value"][0]

    def one(self) -> str:
        kind, change = self.rng.choice(self._changes)
        who = self.rng.randrange(len(self.world.as_user))
        done = change(self, self.world.as_user[who])
        if done:
            self.made.append((kind, self.world.users[who]["userPrincipalName"]))
        return kind

    # ---- the tenant as it is now ---------------------------------------------------------------------------

    def _apps(self, http: httpx.Client) -> list[dict[str, Any]]:
        return http.get("/applications", params={"$top": "999"}).json()["value"]

    def _sps(self, http: httpx.Client) -> list[dict[str, Any]]:
        return [s for s in http.get("/servicePrincipals", params={"$top": "999"}).json()["value"]
                if s["appId"] != GRAPH_APP_ID]

    def _app(self, http: httpx.Client) -> dict[str, Any] | None:
        apps = self._apps(http)
        return self.rng.choice(apps) if apps else None

    @staticmethod
    def _ok(response: httpx.Response) -> bool:
        return response.status_code < 300

    # ---- the changes ---------------------------------------------------------------------------------------

    def rename(self, http: httpx.Client) -> bool:
        app = self._app(http)
        return app is not None and self._ok(http.patch(f"/applications/{app['id']}", json={
            "displayName": f"{app['displayName'].split(' #')[0]} #{self.rng.randint(1, 999)}"}))

    def redirect(self, http: httpx.Client) -> bool:
        app = self._app(http)
        if app is None:
            return False
        uris = list(app["web"]["redirectUris"])
        if uris and self.rng.random() < 0.4:
            uris.pop(self.rng.randrange(len(uris)))
        else:
            uris.append(f"https://app{self.rng.randint(1, 9999)}.contoso.com/signin")
        return self._ok(http.patch(f"/applications/{app['id']}", json={"web": {"redirectUris": uris}}))

    def secret(self, http: httpx.Client) -> bool:
        app = self._app(http)
        if app is None:
            return False
        if app["passwordCredentials"] and self.rng.random() < 0.4:
            key = self.rng.choice(app["passwordCredentials"])["keyId"]
            return self._ok(http.post(f"/applications/{app['id']}/removePassword", json={"keyId": key}))
        return self._ok(http.post(f"/applications/{app['id']}/addPassword",
                                  json={"passwordCredential": {"displayName": "churn"}}))

    def owner(self, http: httpx.Client) -> bool:
        app = self._app(http)
        if app is None:
            return False
        owners = http.get(f"/applications/{app['id']}/owners").json()["value"]
        if owners and self.rng.random() < 0.5:
            return self._ok(http.delete(f"/applications/{app['id']}/owners/{self.rng.choice(owners)['id']}/$ref"))
        user = self.rng.choice(self.world.users)
        return self._ok(http.post(f"/applications/{app['id']}/owners/$ref",
                                  json={"@odata.id": f"https://graph/v1.0/users/{user['id']}"}))

    def federated(self, http: httpx.Client) -> bool:
        app = self._app(http)
        if app is None:
            return False
        fics = http.get(f"/applications/{app['id']}/federatedIdentityCredentials").json()["value"]
        if fics and self.rng.random() < 0.5:
            return self._ok(http.delete(f"/applications/{app['id']}/federatedIdentityCredentials/{fics[0]['id']}"))
        return self._ok(http.post(f"/applications/{app['id']}/federatedIdentityCredentials", json={
            "name": f"gh-{self.rng.randint(1, 99999)}", "issuer": "https://token.actions.githubusercontent.com",
            "subject": f"repo:contoso/r{self.rng.randint(1, 99)}:ref:refs/heads/main",
            "audiences": ["api://AzureADTokenExchange"]}))

    def logo(self, http: httpx.Client) -> bool:
        app = self._app(http)
        return app is not None and self._ok(http.put(f"/applications/{app['id']}/logo",
                                                     content=PNG + bytes([self.rng.randrange(256)]),
                                                     headers={"Content-Type": "image/png"}))

    def create(self, http: httpx.Client) -> bool:
        response = http.post("/applications", json={"displayName": f"Churned {self.rng.randint(1, 99999)}"})
        if not self._ok(response) or self.rng.random() < 0.5:
            return self._ok(response)
        return self._ok(http.post("/servicePrincipals", json={"appId": response.json()["appId"]}))

    def delete(self, http: httpx.Client) -> bool:
        app = self._app(http)
        return app is not None and len(self._apps(http)) > 15 and self._ok(http.delete(f"/applications/{app['id']}"))

    def restore(self, http: httpx.Client) -> bool:
        deleted = http.get("/directory/deletedItems/microsoft.graph.application").json()["value"]
        if not deleted:
            return False
        item = self.rng.choice(deleted)
        if self.rng.random() < 0.3:
            return self._ok(http.delete(f"/directory/deletedItems/{item['id']}"))
        return self._ok(http.post(f"/directory/deletedItems/{item['id']}/restore"))

    def enterprise(self, http: httpx.Client) -> bool:
        sps = self._sps(http)
        if not sps:
            return False
        sp = self.rng.choice(sps)
        return self._ok(http.patch(f"/servicePrincipals/{sp['id']}", json={
            "notes": f"churn {self.rng.randint(1, 999)}", "appRoleAssignmentRequired": self.rng.random() < 0.5}))

    def consent(self, http: httpx.Client) -> bool:
        sps = self._sps(http)
        if not sps:
            return False
        sp = self.rng.choice(sps)
        grants = http.get("/oauth2PermissionGrants", params={"$filter": f"clientId eq '{sp['id']}'"}).json()["value"]
        to_graph = [g for g in grants if g["resourceId"] == self.graph_sp["id"] and g["consentType"] == "AllPrincipals"]
        if to_graph and self.rng.random() < 0.3:
            return self._ok(http.delete(f"/oauth2PermissionGrants/{to_graph[0]['id']}"))
        scopes = self.rng.sample(["User.Read", "openid", "profile", "offline_access"], self.rng.randint(1, 3))
        if to_graph:
            return self._ok(http.patch(f"/oauth2PermissionGrants/{to_graph[0]['id']}", json={"scope": " ".join(scopes)}))
        return self._ok(http.post("/oauth2PermissionGrants", json={
            "clientId": sp["id"], "consentType": "AllPrincipals", "resourceId": self.graph_sp["id"],
            "scope": " ".join(scopes)}))

    def assignment(self, http: httpx.Client) -> bool:
        sps = self._sps(http)
        if not sps:
            return False
        sp = self.rng.choice(sps)
        mine = http.get(f"/servicePrincipals/{sp['id']}/appRoleAssignments").json()["value"]
        if mine and self.rng.random() < 0.4:
            return self._ok(http.delete(f"/servicePrincipals/{sp['id']}/appRoleAssignments/{mine[0]['id']}"))
        role = self.rng.choice([r for r in self.graph_sp["appRoles"] if "Application" in r["allowedMemberTypes"]])
        return self._ok(http.post(f"/servicePrincipals/{sp['id']}/appRoleAssignments", json={
            "principalId": sp["id"], "resourceId": self.graph_sp["id"], "appRoleId": role["id"]}))

    def remove_enterprise(self, http: httpx.Client) -> bool:
        sps = self._sps(http)
        return bool(sps) and self.rng.random() < 0.5 and self._ok(http.delete(
            f"/servicePrincipals/{self.rng.choice(sps)['id']}"))

    _changes: list[tuple[str, Callable[..., bool]]] = [
        ("rename", rename), ("redirect", redirect), ("secret", secret), ("owner", owner), ("federated", federated),
        ("logo", logo), ("create", create), ("delete", delete), ("restore", restore), ("enterprise", enterprise),
        ("consent", consent), ("assignment", assignment), ("removeEnterprise", remove_enterprise),
    ]
