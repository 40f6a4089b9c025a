"""Fill a real Store through its API with apps that change over several snapshots (no Graph needed).

Used by the window tests that don't need a backup, and by the benchmark (which writes 100,000 apps).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from desktop_app.domain.document import canonical_json, document_hash
from desktop_app.store import ObservedApp, SnapshotWrite, Store, TenantInfo

START = datetime(2026, 9, 1, 2, 0, tzinfo=UTC)


def guid(*parts: object) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(map(str, parts))))


def app_document(tenant: str, n: int, revision: int = 0) -> dict[str, Any]:
    """A realistic-enough document; `revision` changes a scope, a redirect URI, owners and certificates."""
    app_id = guid(tenant, n, "appId")
    scopes = [
        {"id": guid(tenant, n, "scope", "read"), "value": "Files.Read", "isEnabled": True,
         "type": "User", "adminConsentDisplayName": "Read files"},
    ]
    if revision >= 1:
        scopes.append({"id": guid(tenant, n, "scope", "write"), "value": "Files.Write", "isEnabled": revision < 3,
                       "type": "Admin", "adminConsentDisplayName": "Write files"})
    owners = [{"@odata.type": "#microsoft.graph.user", "displayName": "Adele Vance",
               "id": guid(tenant, "adele"), "userPrincipalName": f"adele@{tenant}.example"}]
    if revision % 2 == 1:
        owners.append({"@odata.type": "#microsoft.graph.user", "displayName": "Megan Bowen",
                       "id": guid(tenant, "megan"), "userPrincipalName": f"megan@{tenant}.example"})
    key_id = guid(tenant, n, "cert", revision // 2)
    application = {
        "api": {"oauth2PermissionScopes": scopes, "requestedAccessTokenVersion": 2},
        "appId": app_id,
        "displayName": app_name(n),
        "id": guid(tenant, n, "objectId"),
        "identifierUris": [f"api://{app_id}"],
        "keyCredentials": [{"keyId": key_id, "displayName": f"CN=app{n}", "type": "AsymmetricX509Cert",
                            "usage": "Verify", "endDateTime": f"{2027 + revision}-01-01T00:00:00Z"}],
        "notes": None if revision < 2 else f"Reviewed in revision {revision}",
        "signInAudience": "AzureADMyOrg",
        "tags": [],
        "web": {"redirectUris": [f"https://app{n}.{tenant}.example/signin-oidc"]
                + ([f"https://app{n}.{tenant}.example/r{revision}"] if revision else [])},
    }
    return {
        "application": application,
        "owners": owners,
        "federatedIdentityCredentials": [{"name": "github-main", "issuer": "https://token.actions.githubusercontent.com",
                                          "subject": f"repo:{tenant}/app{n}:ref:refs/heads/main",
                                          "audiences": ["api://AzureADTokenExchange"], "description": None}],
        "keyCredentialKeys": {key_id: guid("sha", key_id).replace("-", "") * 2},
        "logo": None,
    }


NAMES = ("Payroll", "HR Portal", "Contoso Web", "Build Agent", "Data Lake Reader", "Ticketing", "Intranet",
         "Partner API", "Mobile App", "Reporting")


def app_name(n: int) -> str:
    return f"{NAMES[n % len(NAMES)]} {n:05d}"


def observed(tenant: str, n: int, revision: int = 0) -> ObservedApp:
    doc = app_document(tenant, n, revision)
    return ObservedApp(
        object_id=doc["application"]["id"], app_id=doc["application"]["appId"],
        display_name=doc["application"]["displayName"], document_json=canonical_json(doc),
        document_hash=document_hash(doc),
    )


@dataclass(frozen=True)
class FilledTenant:
    tenant_id: str
    name: str
    apps: int


def add_tenant(store: Store, name: str) -> TenantInfo:
    return store.add_tenant(TenantInfo(
        tenant_id=guid("tenant", name), display_name=f"{name.title()} Ltd", graph_base_url="http://127.0.0.1:1/v1.0",
        default_domain=f"{name}.onmicrosoft.com", domains=(f"{name}.onmicrosoft.com",), kind="emulator",
    ))


def fill_tenant(store: Store, name: str, apps: int, *, snapshots: int = 4, recycle: int = 2,
                purge: int = 1) -> FilledTenant:
    """`snapshots` backups a day apart: app n changes in snapshot s when n % 3 == s % 3; at the end `recycle` apps
    are in the recycle bin and `purge` are gone."""
    tenant = add_tenant(store, name)
    revisions = [0] * apps
    for s in range(snapshots):
        last = s == snapshots - 1
        gone = set(range(apps - recycle - purge, apps)) if last else set()
        observed_apps = []
        for n in range(apps):
            if s and n % 3 == s % 3:
                revisions[n] += 1
            if n not in gone:
                observed_apps.append(observed(name, n, revisions[n]))
        recycle_bin = {guid(name, n, "objectId"): START + timedelta(days=s + 30)
                       for n in range(apps - recycle - purge, apps - purge)} if last else {}
        store.write_snapshot(tenant.tenant_id, SnapshotWrite(
            started=START + timedelta(days=s), finished=START + timedelta(days=s, minutes=3),
            observed=observed_apps, recycle_bin=recycle_bin,
        ))
    return FilledTenant(tenant.tenant_id, name, apps)


def many_versions(store: Store, name: str, versions: int) -> FilledTenant:
    """One app with `versions` versions (a year of daily changes)."""
    tenant = add_tenant(store, name)
    for s in range(versions):
        store.write_snapshot(tenant.tenant_id, SnapshotWrite(
            started=START + timedelta(days=s), finished=START + timedelta(days=s, minutes=1),
            observed=[observed(name, 0, s)],
        ))
    return FilledTenant(tenant.tenant_id, name, 1)


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
