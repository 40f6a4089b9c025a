"""A whole-tenant plan reads the recycle bin and the service principals beside the tenant's listing, not after it
(services/restore_targets._Alongside): the listing is most of its time. The plan is the same either way."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from desktop_app.domain.restore_plan import Action, RestoreMode
from desktop_app.emulator import Emulator
from desktop_app.services import restore_targets
from desktop_app.services.backup import BackupService
from desktop_app.services.restore import RestorePreview, RestoreRequest, RestoreService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store, TenantInfo


class HeldListing(httpx.BaseTransport):
    """The emulator, holding the first page of the apps' listing until the plan's other reads have been sent
    (or 30 s have passed: then `overlapped` says they waited for the listing)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self._seen = {"recycle bin": threading.Event(), "service principals": threading.Event()}
        self.overlapped: bool | None = None
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.path.endswith("/directory/deletedItems/microsoft.graph.application"):
            self._seen["recycle bin"].set()
        if url.path.endswith("/servicePrincipals") and "oauth2PermissionScopes" in url.params.get("$select", ""):
            self._seen["service principals"].set()
        listing = url.path.endswith("/applications") and "startswith(appId" in url.params.get("$filter", "")
        with self._lock:
            first = listing and self.overlapped is None
            if first:
                self.overlapped = False
        if first:
            self.overlapped = all(event.wait(30) for event in self._seen.values())
        return self.inner.handle_request(request)


@pytest.fixture
def damaged(tmp_path) -> Iterator[tuple[Store, TenantInfo, int, list[str]]]:  # type: ignore[no-untyped-def]
    """30 apps backed up; then 2 in the recycle bin (with their service principals) and 1 deleted for good."""
    with Emulator("contoso:30", seed=7, throttle="off") as emulator:
        store = Store.open(tmp_path / "regvault.sqlite")
        tenant = TenantService(store, GraphConnector()).add_emulator_tenant(
            emulator.base_url, emulator.tenant_id("contoso"))
        snapshot = BackupService(store, GraphConnector()).run(tenant.tenant_id).snapshot_id
        apps = store.apps_at(tenant.tenant_id, snapshot)
        with httpx.Client(base_url=emulator.base_url,
                          headers={"Authorization": f"Bearer {emulator.token('contoso')}"}) as http:
            for app in apps[:3]:
                http.delete(f"/applications/{app.object_id}").raise_for_status()
            http.delete(f"/directory/deletedItems/{apps[0].object_id}").raise_for_status()
        yield store, tenant, snapshot, [a.object_id for a in apps[:3]]
        store.close()


def _preview(store: Store, tenant: TenantInfo, snapshot: int, transport: httpx.BaseTransport) -> RestorePreview:
    return RestoreService(store, GraphConnector(transport=transport)).preview(
        RestoreRequest(tenant.tenant_id, snapshot, None, RestoreMode.WITH_OBJECT))


def test_the_recycle_bin_and_service_principals_are_read_beside_the_listing(
    damaged: tuple[Store, TenantInfo, int, list[str]], monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, tenant, snapshot, (purged, *recycled) = damaged
    held = HeldListing()
    alongside = _preview(store, tenant, snapshot, held)
    assert held.overlapped is True

    actions = {item.app_pk: item.action for item in alongside.items}
    by_object = {a.object_id: a.app_pk for a in alongside.apps}
    assert actions[by_object[purged]] is Action.RECREATE
    assert {actions[by_object[r]] for r in recycled} == {Action.UNDELETE}
    # Their properties (and their service principals') were read in the bin: the plan writes only what differs.
    targets = alongside.inputs.targets
    assert all(targets[r].document is not None and targets[r].deleted_service_principal_id for r in recycled)
    assert all("servicePrincipal" in (targets[r].document or {}) for r in recycled)

    # The same plan as with those reads made after the listing, one after the other.
    monkeypatch.setattr(restore_targets, "list_instead", lambda wanted, tenant_apps: False)
    after = _preview(store, tenant, snapshot, httpx.HTTPTransport())
    assert after.items == alongside.items
    assert after.plan.items == alongside.plan.items
    assert after.inputs.targets == alongside.inputs.targets
