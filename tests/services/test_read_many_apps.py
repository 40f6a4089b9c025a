"""Issue 16 case 2: many apps are read by listing the tenant (as a backup does), not one by one in $batch;
the documents are the same either way, and an app Graph no longer has is `missing` either way."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from desktop_app.emulator import Emulator
from desktop_app.services.app_reader import ByIds, ListedSelection, by_ids, list_instead
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store, TenantInfo


@pytest.fixture
def world(tmp_path) -> Iterator[tuple[Emulator, Store, TenantInfo]]:  # type: ignore[no-untyped-def]
    with Emulator("contoso:400", seed=21, throttle="off") as emulator:
        store = Store.open(tmp_path / "regvault.sqlite")
        tenant = TenantService(store, GraphConnector()).add_emulator_tenant(
            emulator.base_url, emulator.tenant_id("contoso"))
        BackupService(store, GraphConnector()).run(tenant.tenant_id)
        yield emulator, store, tenant
        store.close()


def _requests(emulator: Emulator, tenant: TenantInfo) -> int:
    return int(emulator.counters()["tenants"][tenant.tenant_id]["requests"])


def test_many_apps_are_listed_and_read_the_same_as_by_id(world: tuple[Emulator, Store, TenantInfo]) -> None:
    emulator, store, tenant = world
    ids = sorted(store.current_apps(tenant.tenant_id))
    gone = ids[0]
    with httpx.Client(base_url=emulator.base_url,
                      headers={"Authorization": f"Bearer {emulator.token('contoso')}"}) as http:
        http.delete(f"/applications/{gone}").raise_for_status()
    service = BackupService(store, GraphConnector())
    assert list_instead(len(ids), len(ids)) and not list_instead(5, len(ids))

    before = _requests(emulator, tenant)
    listed = service.reader.read_apps(tenant, ids)
    listing_requests = _requests(emulator, tenant) - before
    assert listed.missing == {gone}
    assert len(listed.documents) == len(ids) - 1

    # The same apps read by id, 10 to a batch (what the preview did for every app before).
    few = ids[1:6]
    before = _requests(emulator, tenant)
    by_id = service.reader.read_apps(tenant, few)
    assert _requests(emulator, tenant) - before >= 1
    for object_id in few:
        assert by_id.documents[object_id] == listed.documents[object_id]
    # Knowing their client ids (the change timeline does), the enterprise applications are read alongside the apps:
    # the same documents.
    known = store.current_apps(tenant.tenant_id)
    clients = {object_id: known[object_id].app_id for object_id in few}
    assert by_ids(tenant.tenant_id, few, len(ids), app_ids=clients).enterprise_alongside
    assert not by_ids(tenant.tenant_id, few, len(ids), app_ids={**clients, few[0]: ""}).enterprise_alongside
    assert not by_ids(tenant.tenant_id, few, len(ids)).enterprise_alongside
    # Asked to (a capture weighing time against Graph's units), many apps are read by id too.
    assert isinstance(by_ids(tenant.tenant_id, ids, len(ids)), ListedSelection)
    assert isinstance(by_ids(tenant.tenant_id, ids, len(ids), by_id=True), ByIds)
    alongside = service.reader.read_apps(tenant, few, known=known, app_ids=clients)
    assert alongside.documents == by_id.documents and not alongside.missing
    # By id (the old way) this read was 826 requests (every inner request of a batch counts); listing the apps,
    # their credentials and the tenant's enterprise applications is a few pages per part.
    assert listing_requests < 200, listing_requests


def test_the_whole_tenant_preview_lists_instead_of_reading_apps_one_by_one(
    world: tuple[Emulator, Store, TenantInfo],
) -> None:
    from desktop_app.domain.restore_plan import RestoreMode
    from desktop_app.services.restore import RestoreRequest, RestoreService

    emulator, store, tenant = world
    snapshot = store.snapshots(tenant.tenant_id)[0].id
    before = emulator.counters()["tenants"][tenant.tenant_id]
    preview = RestoreService(store, GraphConnector()).preview(
        RestoreRequest(tenant.tenant_id, snapshot, None, RestoreMode.WITH_OBJECT))
    after = emulator.counters()["tenants"][tenant.tenant_id]
    assert len(preview.items) == len(store.apps_at(tenant.tenant_id, snapshot)) > 350
    inner = after["requests"] - before["requests"]
    # By id (the old way): 918 requests; now the listings, the recycle bin and the owners' check.
    assert inner < 400, inner


class Recording(httpx.BaseTransport):
    """The emulator, with every request's URL kept (the inner requests of a $batch too)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.urls: list[httpx.URL] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(request.url)
        if request.url.path.endswith("/$batch"):
            body = httpx.Response(200, content=request.content).json()
            self.urls += [request.url.join("/v1.0" + r["url"]) for r in body["requests"]]
        return self.inner.handle_request(request)


def test_the_whole_tenant_preview_reads_nothing_twice(world: tuple[Emulator, Store, TenantInfo]) -> None:
    """The service principals are listed once, in 16 parts at once; an owner who owns one of the apps just listed
    exists, so only owners that own none of them are looked up by id."""
    from desktop_app.domain.restore_plan import RestoreMode
    from desktop_app.services.restore import RestoreRequest, RestoreService

    emulator, store, tenant = world
    snapshot = store.snapshots(tenant.tenant_id)[0].id
    apps = store.apps_at(tenant.tenant_id, snapshot)
    recording = Recording()
    RestoreService(store, GraphConnector(transport=recording)).preview(
        RestoreRequest(tenant.tenant_id, snapshot, None, RestoreMode.WITH_OBJECT))

    plan_listings = [u for u in recording.urls if u.path == "/v1.0/servicePrincipals"
                     and "appOwnerOrganizationId" not in u.params.get("$select", "")
                     and "$expand" not in u.params]
    assert sorted(str(u.params.get("$filter")) for u in plan_listings) == [f"startswith(appId,'{d}')"
                                                                  for d in "0123456789abcdef"]
    owners = {str(o["id"]) for app in apps for o in app.document.get("owners") or []}
    looked_up = {u.path.rsplit("/", 1)[-1] for u in recording.urls if u.path.startswith("/v1.0/directoryObjects/")}
    assert owners and not owners & looked_up  # every app is live: each owner was named by the listing
