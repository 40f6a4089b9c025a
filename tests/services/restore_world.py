"""A small world for restore tests: the emulator, a store, contoso backed up, fabrikam as a restore target."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from desktop_app.domain.document import AppDocument
from desktop_app.domain.remap import replace_ids
from desktop_app.domain.restore_plan import RestoreMode, writable_application
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.restore import (
    RestorePreview,
    RestoreReport,
    RestoreRequest,
    RestoreService,
    RestoreTiming,
)
from desktop_app.services.restore_texts import (
    describe_access,
    describe_failure,
    describe_follow_up,
    remark_text,
)
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import AppAt, Store, TenantInfo

# Waits short enough for a fast suite, long enough to ride out the emulator's consistency delay.
FAST = RestoreTiming(
    workers=8, replication_timeout_s=30, lag_backoff_s=0.05, lag_backoff_cap_s=0.4, lookup_settle_s=(0.0, 0.3)
)


def said(item: Any) -> list[str]:
    """A preview or report item's warnings and notes in the CLI's words (as the report files have them)."""
    return [remark_text(w) for w in item.warnings]


def follow_ups_said(item: Any) -> list[str]:
    return [describe_follow_up(f) for f in item.follow_ups]


def access_said(item: Any, *, done: bool = False) -> list[str]:
    return [describe_access(a, done=done) for a in item.access]


def failure_said(item: Any) -> str | None:
    """Why a report item failed (or a report stopped: its `stopped`), in the CLI's words."""
    failure = getattr(item, "failure", None) if not hasattr(item, "stopped") else item.stopped
    return describe_failure(failure) if failure is not None else None


class Portal:
    """Plain HTTP to the emulator, as an admin in the portal would change things: no Regvault code."""

    def __init__(self, emulator: Emulator, tenant: str) -> None:
        self.http = httpx.Client(
            base_url=emulator.base_url, headers={"Authorization": f"Bearer {emulator.token(tenant)}"}, timeout=20
        )

    def get(self, path: str, **params: Any) -> Any:
        return self.http.get(path, params=params or None).raise_for_status().json()

    def all(self, path: str, **params: Any) -> list[dict[str, Any]]:
        data = self.get(path, **params)
        items = list(data["value"])
        while "@odata.nextLink" in data:
            data = self.http.get(data["@odata.nextLink"]).raise_for_status().json()
            items.extend(data["value"])
        return items

    def patch(self, path: str, body: Any) -> None:
        response = self.http.patch(path, json=body)
        assert response.status_code < 300, response.text

    def delete_app(self, object_id: str, *, permanently: bool = False) -> None:
        self.http.delete(f"/applications/{object_id}").raise_for_status()
        if permanently:
            self.http.delete(f"/directory/deletedItems/{object_id}").raise_for_status()

    def app_names(self) -> list[str]:
        return sorted(a["displayName"] for a in self.all("/applications", **{"$select": "displayName", "$top": 999}))

    def close(self) -> None:
        self.http.close()


class World:
    def __init__(self, emulator: Emulator, store: Store, connector: GraphConnector | None = None) -> None:
        self.emulator = emulator
        self.store = store
        self.connector = connector or GraphConnector(timeout=20, max_retries=12)
        tenants = TenantService(store, GraphConnector(timeout=20, max_retries=12))
        self.contoso: TenantInfo = tenants.add_emulator_tenant(emulator.base_url, emulator.tenant_id("contoso"))
        self.fabrikam: TenantInfo = tenants.add_emulator_tenant(
            emulator.base_url, emulator.tenant_id("fabrikam"), restore_target=True
        )
        self.backup = BackupService(store, GraphConnector(timeout=20, max_retries=12))
        self.service = RestoreService(store, self.connector, reader=self.backup.reader, operator="tester", timing=FAST)
        self.portal = Portal(emulator, "contoso")
        self.fabrikam_portal = Portal(emulator, "fabrikam")

    def close(self) -> None:
        self.portal.close()
        self.fabrikam_portal.close()

    # ----- backups --------------------------------------------------------------------------------------------

    def snapshot(self, tenant: TenantInfo | None = None) -> int:
        return self.backup.run((tenant or self.contoso).tenant_id).snapshot_id

    def apps(self, snapshot_id: int, tenant: TenantInfo | None = None) -> list[AppAt]:
        return self.store.apps_at((tenant or self.contoso).tenant_id, snapshot_id)

    def app(self, snapshot_id: int, suffix: str, n: int = 0) -> AppAt:
        return [a for a in self.apps(snapshot_id) if a.display_name.endswith(suffix)][n]

    def document(self, object_id: str, tenant: TenantInfo | None = None) -> AppDocument:
        read = self.backup.reader.read_apps(tenant or self.contoso, [object_id], reuse_known=False)
        return dict(read.documents[object_id])

    # ----- restores -------------------------------------------------------------------------------------------

    def request(self, snapshot_id: int, apps: Sequence[AppAt] | None, mode: RestoreMode = RestoreMode.WITH_OBJECT,
                **kwargs: Any) -> RestoreRequest:
        pks = None if apps is None else tuple(a.app_pk for a in apps)
        return RestoreRequest(self.contoso.tenant_id, snapshot_id, pks, mode, **kwargs)

    def restore(self, snapshot_id: int, apps: Sequence[AppAt] | None,
                mode: RestoreMode = RestoreMode.WITH_OBJECT, **kwargs: Any) -> tuple[RestorePreview, RestoreReport]:
        preview = self.service.preview(self.request(snapshot_id, apps, mode, **kwargs))
        return preview, self.service.run(preview)

    def counters(self, tenant: str = "contoso") -> dict[str, int]:
        data = httpx.get(f"{self.emulator.root_url}/_emulator/counters", headers=self.emulator.control_headers,
                         timeout=20).raise_for_status().json()
        tenant_id = self.emulator.tenant_id(tenant)
        per_tenant = data.get("tenants", data).get(tenant_id, {})
        return {k: int(v) for k, v in per_tenant.items() if isinstance(v, int | float)}


# What Graph gives a new app created without servicePrincipalLockConfiguration: the app instance lock on (Microsoft
# turns it on by default for new apps; graph-notes §10). The emulator does the same by default.
NEW_APP_INSTANCE_LOCK = {
    "isEnabled": True, "allProperties": True, "credentialsWithUsageVerify": True, "credentialsWithUsageSign": True,
    "tokenEncryptionKeyId": True,
}


def as_created(application: dict[str, Any]) -> dict[str, Any]:
    """The writable application a create of `application` gives: Graph's default where it names no lock."""
    if application.get("servicePrincipalLockConfiguration") is None:
        return {**application, "servicePrincipalLockConfiguration": dict(NEW_APP_INSTANCE_LOCK)}
    return application


def recreated(document: Mapping[str, Any], id_map: Mapping[str, str] | None = None) -> dict[str, Any]:
    """restorable(document) as a recreate of it reads back: with Graph's defaults for a new app."""
    out = restorable(document, id_map)
    out["application"] = as_created(out["application"])
    return out


def restorable(document: Mapping[str, Any], id_map: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What a restore can bring back of a document: writable properties (no ids, dates or secrets), owners,
    federated credentials, certificate bytes and logo; ids of recreated apps mapped old -> new."""
    app = writable_application(document.get("application") or {})
    app.pop("passwordCredentials", None)
    out = {
        "application": app,
        "owners": sorted(o["id"] for o in document.get("owners") or []),
        "federatedIdentityCredentials": document.get("federatedIdentityCredentials"),
        "keyCredentialKeys": document.get("keyCredentialKeys"),
        "logo": document.get("logo"),
    }
    text = json.dumps(out, sort_keys=True)
    if id_map:
        text = replace_ids(text, id_map)
    result: dict[str, Any] = json.loads(text)
    return result


def new_service_principals(apps: Sequence[AppAt], items: Sequence[Any], after: Mapping[str, AppAt]) -> dict[str, str]:
    """Old service principal id -> the one the restored app has now (its owner entries name it), for the apps of a
    restore's report (items with source_object_id and new_object_id) as a fresh backup (`after`) reads them."""
    out: dict[str, str] = {}
    for app in apps:
        item = next((i for i in items if i.source_object_id == app.object_id), None)
        old = (app.document.get("servicePrincipal") or {}).get("id")
        copy = after.get(str(item.new_object_id)) if item is not None else None
        new = ((copy.document.get("servicePrincipal") or {}).get("id")) if copy is not None else None
        if old and new and old != new:
            out[str(old)] = str(new)
    return out
