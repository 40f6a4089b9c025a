"""Service principals, users, domains, organization."""

from __future__ import annotations

from emulator_helpers import assert_error, new_app


def test_create_service_principal_by_app_id(graph, emulator) -> None:
    app = new_app(graph, displayName="Needs an SP")
    created = graph.post("/servicePrincipals", json={"appId": app["appId"]})
    assert created.status_code == 201
    sp = created.json()
    assert sp["appId"] == app["appId"] and sp["displayName"] == "Needs an SP"
    assert sp["appOwnerOrganizationId"] == emulator.tenant_id("contoso")
    assert_error(graph.post("/servicePrincipals", json={"appId": app["appId"]}), 409,
                 "Request_MultipleObjectsWithSameKeyValue")


def test_service_principal_needs_a_real_app(graph) -> None:
    assert_error(graph.post("/servicePrincipals", json={"appId": "00000000-0000-4000-8000-000000000001"}), 400)
    assert_error(graph.post("/servicePrincipals", json={}), 400)
    assert_error(graph.post("/servicePrincipals", json={"appId": "x", "bogus": 1}), 400, "Request_BadRequest")


def test_multi_tenant_app_gets_a_service_principal_elsewhere(graph, connect) -> None:
    single = new_app(graph)
    multi = new_app(graph, signInAudience="AzureADMultipleOrgs")
    fabrikam = connect("fabrikam")
    assert_error(fabrikam.post("/servicePrincipals", json={"appId": single["appId"]}), 400)
    assert fabrikam.post("/servicePrincipals", json={"appId": multi["appId"]}).status_code == 201


def test_list_filter_get_and_delete_service_principals(graph) -> None:
    app = new_app(graph)
    sp = graph.post("/servicePrincipals", json={"appId": app["appId"]}).json()
    found = graph.get("/servicePrincipals", params={"$filter": f"appId eq '{app['appId']}'"}).json()["value"]
    assert [s["id"] for s in found] == [sp["id"]]
    assert graph.get(f"/servicePrincipals(appId='{app['appId']}')").json()["id"] == sp["id"]
    assert graph.get(f"/servicePrincipals/{sp['id']}").json()["appId"] == app["appId"]
    assert graph.delete(f"/servicePrincipals/{sp['id']}").status_code == 204
    assert_error(graph.get(f"/servicePrincipals/{sp['id']}"), 404)
    assert graph.get("/servicePrincipals", params={"$filter": f"appId eq '{app['appId']}'"}).json()["value"] == []


def test_seeded_service_principals_page(graph) -> None:
    body = graph.get("/servicePrincipals", params={"$top": "5", "$select": "id,appId"}).json()
    assert len(body["value"]) == 5 and "@odata.nextLink" in body
    assert all(set(s) == {"@odata.type", "id", "appId"} for s in body["value"])


def test_users_list_get_and_filter_by_upn(graph) -> None:
    users = graph.get("/users", params={"$top": "999"}).json()["value"]
    assert len(users) >= 30
    upn = users[7]["userPrincipalName"]
    found = graph.get("/users", params={"$filter": f"userPrincipalName eq '{upn}'"}).json()["value"]
    assert [u["id"] for u in found] == [users[7]["id"]]
    assert graph.get(f"/users/{users[7]['id']}").json()["userPrincipalName"] == upn
    assert graph.get(f"/users/{upn}").json()["id"] == users[7]["id"]
    assert_error(graph.get("/users/nobody@contoso.com"), 404, "Request_ResourceNotFound")
    assert_error(graph.get("/users", params={"$filter": "jobTitle eq 'x'"}), 400, "Request_UnsupportedQuery")


def test_users_page(graph) -> None:
    first = graph.get("/users", params={"$top": "10"}).json()
    second = graph.get(first["@odata.nextLink"]).json()
    assert not {u["id"] for u in first["value"]} & {u["id"] for u in second["value"]}


def test_domains(graph) -> None:
    domains = {d["id"]: d for d in graph.get("/domains").json()["value"]}
    assert domains["contoso.com"]["isDefault"] and domains["contoso.com"]["isVerified"]
    assert domains["contoso.onmicrosoft.com"]["isInitial"]
    assert domains["contoso-pending.org"]["isVerified"] is False
    assert graph.get("/domains/contoso-labs.io").json()["isVerified"] is True


def test_organization(graph, emulator) -> None:
    org = graph.get("/organization").json()["value"][0]
    assert org["id"] == emulator.tenant_id("contoso") and org["displayName"] == "Contoso"
    assert org["@odata.type"] == "#microsoft.graph.organization"
    names = {d["name"] for d in org["verifiedDomains"]}
    assert names == {"contoso.com", "contoso.onmicrosoft.com", "contoso-labs.io"}  # not the unverified one
    tenant = next(t for t in emulator.tenants if t["name"] == "contoso")
    assert set(tenant["domains"]) == names


def test_unknown_segment_is_400(graph) -> None:
    assert_error(graph.get("/devices"), 400, "BadRequest")
    assert_error(graph.get("/applications/x/y/z"), 404)
