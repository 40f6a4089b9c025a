"""Issue 12: a tenant in a national cloud is signed in to, backed up and restored at that cloud's endpoints.

The emulator serves contoso as a US Government (GCC High) tenant: it answers for it only when the request comes
for graph.microsoft.us (as Graph refuses a token of another cloud) and logs the host of every request. A transport
sends every Microsoft Graph host to the emulator, keeping the Host header, so the log shows where Regvault went."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from signin_world import SignInWorld, TokenMappingTransport, signin_world

from desktop_app import app as app_module
from desktop_app.app import AppPaths, Services, build_services, open_credentials
from desktop_app.network.clouds import US_GOV
from desktop_app.services.backup import BackupService
from desktop_app.services.restore import RestoreMode, RestoreRequest, RestoreService
from desktop_app.store import Store

GRAPH_HOSTS = ("graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us",
               "microsoftgraph.chinacloudapi.cn")


class CloudRouting(TokenMappingTransport):
    """Microsoft's Graph hosts, all answered by the emulator; the Host header says which one was asked."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        assert host in GRAPH_HOSTS, f"a Graph call went to {host}"
        emulator = httpx.URL(self.platform_emulator_url)
        request.url = request.url.copy_with(scheme="http", host=emulator.host, port=emulator.port)
        request.headers["Host"] = host
        return super().handle_request(request)


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[SignInWorld]:
    with signin_world() as built:
        routing = CloudRouting(built.platform)
        routing.platform_emulator_url = built.emulator.root_url  # type: ignore[attr-defined]
        built.transport.close()
        built.transport = routing
        wiring = built.wiring()
        wiring.graph_base_url = app_module.GRAPH_BASE_URL  # each tenant at its cloud's Graph, not the emulator's URL
        monkeypatch.setattr(app_module, "WIRING", wiring)
        built.emulator.serve_as(built.tenant_id("contoso"), "usgov")
        yield built


@pytest.fixture
def services(world: SignInWorld, tmp_path: Path) -> Iterator[Services]:
    paths = AppPaths(tmp_path / "data").ensure()
    store = Store.open(paths.database)
    try:
        yield build_services(paths, store, open_credentials(paths), max_retries=1)
    finally:
        store.close()


def test_a_us_government_tenant_is_backed_up_and_restored_at_its_cloud(world: SignInWorld, services: Services) -> None:
    contoso = world.tenant_id("contoso")
    tenant = services.tenants.add_tenant(contoso, cloud=US_GOV)

    assert (tenant.cloud, tenant.graph_base_url) == ("usgov", "https://graph.microsoft.us/v1.0")
    assert tenant.authority == f"https://login.microsoftonline.us/{contoso}"
    [client] = world.platform.clients
    assert client.authority == f"https://login.microsoftonline.us/{contoso}"
    assert all(s.startswith("https://graph.microsoft.us/") for s in client.interactive_calls[0]["scopes"])

    world.emulator.request_log.clear()
    backup = BackupService(services.store, services.connector)
    first = backup.run(contoso)
    hosts = {entry["host"] for entry in world.emulator.request_log}
    assert hosts == {"graph.microsoft.us"}

    admin = httpx.Client(base_url=world.emulator.base_url,
                         headers={"Authorization": f"Bearer {world.emulator.token('contoso')}"})
    app = admin.get("/applications", params={"$top": "1"}).json()["value"][0]
    admin.patch(f"/applications/{app['id']}", json={"displayName": "Renamed by someone"})
    admin.close()
    row = services.store.find_app(contoso, app["appId"])
    assert row is not None
    world.emulator.request_log.clear()
    restore = RestoreService(services.store, services.connector, reader=backup.reader, operator="tester")
    request = RestoreRequest(contoso, first.snapshot_id, (row.pk,), RestoreMode.WITH_OBJECT)
    services.tenants.sign_in(contoso, write=True)
    report = restore.run(restore.preview(request))
    assert [item.result for item in report.items] in (["verified"], ["warnings"])
    assert {entry["host"] for entry in world.emulator.request_log} == {"graph.microsoft.us"}
    assert all(s.startswith("https://graph.microsoft.us/") for s in world.platform.clients[0].interactive_calls[-1]["scopes"])


def test_the_emulator_refuses_a_us_government_tenant_at_global_graph(world: SignInWorld) -> None:
    token = world.emulator.token("contoso")
    answer = httpx.get(world.emulator.base_url + "/organization",
                       headers={"Authorization": f"Bearer {token}", "Host": "graph.microsoft.com"})
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "InvalidAuthenticationToken"
    fabrikam = httpx.get(world.emulator.base_url + "/organization",
                         headers={"Authorization": f"Bearer {world.emulator.token('fabrikam')}",
                                  "Host": "graph.microsoft.us"})
    assert fabrikam.status_code == 401  # a global tenant is not in GCC High either
    direct = httpx.get(world.emulator.base_url + "/organization", headers={"Authorization": f"Bearer {token}"})
    assert direct.status_code == 200  # the emulator's own address serves every tenant (the demo)


def test_a_us_government_resellers_gdap_list_is_read_at_its_cloud(world: SignInWorld, services: Services) -> None:
    from desktop_app.auth.sign_in import PARTNER_SCOPES

    contoso = world.tenant_id("contoso")
    services.tenants.add_tenant(contoso, cloud=US_GOV)
    services.tenants.sign_in(contoso, extra_scopes=PARTNER_SCOPES)
    assert "https://graph.microsoft.us/DelegatedAdminRelationship.Read.All" in \
        world.platform.clients[-1].interactive_calls[-1]["scopes"]
    world.emulator.request_log.clear()
    customers = services.tenants.list_customers(contoso)
    assert customers  # the emulator's other tenants
    assert {(e["host"], e["path"]) for e in world.emulator.request_log} == {
        ("graph.microsoft.us", "/v1.0/tenantRelationships/delegatedAdminCustomers")}


def test_an_app_only_identity_of_a_us_government_tenant_uses_its_cloud(world: SignInWorld, services: Services) -> None:
    from desktop_app.auth.app_only import AppOnlyCredentials

    contoso = world.tenant_id("contoso")
    services.tenants.add_tenant(contoso, cloud=US_GOV)
    services.tenants.configure_app_only(contoso, AppOnlyCredentials("11111111-2222-4333-8444-555555555555",
                                                                    client_secret=world.app_only_secret))
    world.emulator.request_log.clear()
    BackupService(services.store, services.connector).run(contoso)
    client = world.confidential_clients[-1]
    assert client.authority == f"https://login.microsoftonline.us/{contoso}"
    assert client.scopes_asked[-1] == ["https://graph.microsoft.us/.default"]
    assert {entry["host"] for entry in world.emulator.request_log} == {"graph.microsoft.us"}
