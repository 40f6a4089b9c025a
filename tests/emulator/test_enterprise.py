"""The enterprise application in the emulator: service principal settings and owners, delegated consent
(oauth2PermissionGrants), app role assignments both ways, groups, Microsoft Graph's service principal, and what the
recycle bin does to them."""

from __future__ import annotations

from typing import Any

import httpx
from emulator_helpers import assert_error

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
USER_READ = "e1fe6dd8-ba31-4d61-89e7-88639da4683d"
MAIL_SEND_ROLE = "b633e1c5-b582-4048-a93e-9f11b44c7e96"
MAIL_SEND_SCOPE = "e383f46e-2787-4529-855e-0e479a3ffac0"
USER_READ_ALL_ROLE = "df021288-bdef-4463-88db-98f22de89214"
DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000"


def graph_sp(client: httpx.Client) -> dict[str, Any]:
    response = client.get(f"/servicePrincipals(appId='{GRAPH_APP_ID}')")
    assert response.status_code == 200, response.text
    return response.json()


def new_sp(client: httpx.Client, name: str = "Enterprise test", **app: Any) -> dict[str, Any]:
    created = client.post("/applications", json={"displayName": name, **app})
    assert created.status_code == 201, created.text
    sp = client.post("/servicePrincipals", json={"appId": created.json()["appId"]})
    assert sp.status_code == 201, sp.text
    return {**sp.json(), "application": created.json()}


def a_user(client: httpx.Client) -> dict[str, Any]:
    return client.get("/users", params={"$top": "5"}).json()["value"][2]


def test_every_tenant_holds_microsoft_graph_with_its_real_permission_ids(connect) -> None:
    for tenant in ("contoso", "fabrikam"):
        sp = graph_sp(connect(tenant))
        assert sp["displayName"] == "Microsoft Graph"
        scopes = {s["value"]: s["id"] for s in sp["oauth2PermissionScopes"]}
        roles = {r["value"]: r["id"] for r in sp["appRoles"]}
        assert scopes["User.Read"] == USER_READ
        assert scopes["Mail.Send"] == MAIL_SEND_SCOPE
        assert scopes["Directory.Read.All"] == "06da0dbc-49e2-44d2-8312-53f166ab848a"
        assert scopes["Application.Read.All"] == "c79f8feb-a9db-4090-85f9-90d820caa0eb"
        assert scopes["User.Read.All"] == "a154be20-db9c-4678-8ab7-66f6cc099a59"
        assert roles["User.Read.All"] == USER_READ_ALL_ROLE
        assert roles["Mail.Send"] == MAIL_SEND_ROLE
        assert roles["Directory.Read.All"] == "7ab1d382-f21e-4acd-a863-ba3e13f7da61"
        assert roles["Application.Read.All"] == "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30"
        assert all(r["allowedMemberTypes"] == ["Application"] for r in sp["appRoles"])


def test_seeded_apps_come_with_consent_permissions_and_assignments(graph) -> None:
    graph_id = graph_sp(graph)["id"]
    grants = graph.get("/oauth2PermissionGrants", params={"$top": "999"}).json()["value"]
    assert any(g["consentType"] == "AllPrincipals" and g["resourceId"] == graph_id and "User.Read" in g["scope"].split()
               for g in grants)
    assert any(g["consentType"] == "Principal" and g["principalId"] for g in grants)
    given = graph.get(f"/servicePrincipals/{graph_id}/appRoleAssignedTo", params={"$top": "999"}).json()["value"]
    assert any(a["principalType"] == "ServicePrincipal" for a in given)
    sps = graph.get("/servicePrincipals", params={"$top": "999"}).json()["value"]
    required = [s for s in sps if s["appRoleAssignmentRequired"]]
    assert required
    assigned = [a for s in required
                for a in graph.get(f"/servicePrincipals/{s['id']}/appRoleAssignedTo").json()["value"]]
    assert {"User", "Group"} <= {a["principalType"] for a in assigned}
    assert any("WindowsAzureActiveDirectoryIntegratedApp" in s["tags"] for s in sps)


def test_service_principal_settings_patch_and_read_only_properties(graph) -> None:
    sp = new_sp(graph)
    body = {"appRoleAssignmentRequired": True, "accountEnabled": False, "tags": ["HideApp"], "notes": "n",
            "notificationEmailAddresses": ["ops@contoso.com"], "preferredSingleSignOnMode": "oidc",
            "loginUrl": "https://contoso.com/login", "homepage": "https://contoso.com/", "description": "d"}
    assert graph.patch(f"/servicePrincipals/{sp['id']}", json=body).status_code == 204
    read = graph.get(f"/servicePrincipals(appId='{sp['appId']}')").json()
    assert {k: read[k] for k in body} == body
    for read_only in ({"appId": sp["appId"]}, {"appRoles": []}, {"appOwnerOrganizationId": sp["id"]}):
        assert_error(graph.patch(f"/servicePrincipals/{sp['id']}", json=read_only), 400)
    assert_error(graph.patch(f"/servicePrincipals/{sp['id']}", json={"bogus": 1}), 400, "Request_BadRequest")


def test_service_principal_owners_are_written_with_ref(graph, emulator) -> None:
    sp = new_sp(graph)
    user = a_user(graph)
    ref = {"@odata.id": f"{emulator.base_url}/directoryObjects/{user['id']}"}
    assert graph.post(f"/servicePrincipals/{sp['id']}/owners/$ref", json=ref).status_code == 204
    assert_error(graph.post(f"/servicePrincipals/{sp['id']}/owners/$ref", json=ref), 400)
    owners = graph.get(f"/servicePrincipals/{sp['id']}/owners").json()["value"]
    assert [o["id"] for o in owners] == [user["id"]]
    assert graph.delete(f"/servicePrincipals/{sp['id']}/owners/{user['id']}/$ref").status_code == 204
    assert graph.get(f"/servicePrincipals/{sp['id']}/owners").json()["value"] == []


def test_grant_create_list_get_update_delete(graph) -> None:
    client, resource = new_sp(graph), graph_sp(graph)
    body = {"clientId": client["id"], "consentType": "AllPrincipals", "resourceId": resource["id"],
            "scope": "User.Read Mail.Send"}
    created = graph.post("/oauth2PermissionGrants", json=body)
    assert created.status_code == 201, created.text
    grant = created.json()
    assert grant["principalId"] is None and grant["scope"] == "User.Read Mail.Send" and len(grant["id"]) == 43
    listed = graph.get("/oauth2PermissionGrants", params={"$filter": f"clientId eq '{client['id']}'"}).json()["value"]
    assert [g["id"] for g in listed] == [grant["id"]]
    assert graph.get(f"/servicePrincipals/{client['id']}/oauth2PermissionGrants").json()["value"][0]["id"] == grant["id"]
    assert graph.patch(f"/oauth2PermissionGrants/{grant['id']}", json={"scope": "User.Read"}).status_code == 204
    assert graph.get(f"/oauth2PermissionGrants/{grant['id']}").json()["scope"] == "User.Read"
    assert_error(graph.patch(f"/oauth2PermissionGrants/{grant['id']}", json={"consentType": "Principal"}), 400)
    assert graph.delete(f"/oauth2PermissionGrants/{grant['id']}").status_code == 204
    assert_error(graph.get(f"/oauth2PermissionGrants/{grant['id']}"), 404)


def test_grant_rules(graph) -> None:
    client, resource = new_sp(graph), graph_sp(graph)
    user = a_user(graph)
    base = {"clientId": client["id"], "consentType": "AllPrincipals", "resourceId": resource["id"], "scope": "User.Read"}
    assert_error(graph.post("/oauth2PermissionGrants", json={**base, "scope": "Not.A.Scope"}), 400)
    assert_error(graph.post("/oauth2PermissionGrants", json={**base, "resourceId": client["application"]["id"]}), 400)
    assert_error(graph.post("/oauth2PermissionGrants", json={**base, "consentType": "Everyone"}), 400)
    assert_error(graph.post("/oauth2PermissionGrants", json={**base, "consentType": "Principal"}), 400)
    assert_error(graph.post("/oauth2PermissionGrants", json={**base, "principalId": user["id"]}), 400)
    assert graph.post("/oauth2PermissionGrants", json=base).status_code == 201
    # A second grant of one kind: 409, as Graph answers (terraform-provider-azuread#690).
    error = assert_error(graph.post("/oauth2PermissionGrants", json=base), 409, "Request_MultipleObjectsWithSameKeyValue")
    assert error["message"] == "Permission entry already exists."
    for_one = {**base, "consentType": "Principal", "principalId": user["id"]}
    assert graph.post("/oauth2PermissionGrants", json=for_one).status_code == 201
    assert_error(graph.patch(f"/oauth2PermissionGrants/{'x' * 43}", json={"scope": "User.Read"}), 404)


def test_app_role_assignments_both_ways_and_their_rules(graph) -> None:
    client, resource = new_sp(graph), graph_sp(graph)
    body = {"principalId": client["id"], "resourceId": resource["id"], "appRoleId": MAIL_SEND_ROLE}
    created = graph.post(f"/servicePrincipals/{client['id']}/appRoleAssignments", json=body)
    assert created.status_code == 201, created.text
    assignment = created.json()
    assert assignment["principalType"] == "ServicePrincipal" and assignment["resourceDisplayName"] == "Microsoft Graph"
    mine = graph.get(f"/servicePrincipals/{client['id']}/appRoleAssignments").json()["value"]
    assert [a["id"] for a in mine] == [assignment["id"]]
    given = graph.get(f"/servicePrincipals/{resource['id']}/appRoleAssignedTo", params={"$top": "999"}).json()["value"]
    assert assignment["id"] in {a["id"] for a in given}
    error = assert_error(graph.post(f"/servicePrincipals/{resource['id']}/appRoleAssignedTo", json=body), 400)
    assert "already exists" in error["message"]
    assert_error(graph.post(f"/servicePrincipals/{client['id']}/appRoleAssignments",
                            json={**body, "appRoleId": MAIL_SEND_SCOPE}), 400)  # a delegated id is no role
    user = a_user(graph)
    assert_error(graph.post(f"/servicePrincipals/{resource['id']}/appRoleAssignedTo",
                            json={**body, "principalId": user["id"]}), 400)  # Graph's roles are for applications
    assert_error(graph.post(f"/servicePrincipals/{client['id']}/appRoleAssignments",
                            json={**body, "principalId": user["id"]}), 400)  # principal must be the URL's
    assert graph.delete(f"/servicePrincipals/{client['id']}/appRoleAssignments/{assignment['id']}").status_code == 204
    assert graph.get(f"/servicePrincipals/{client['id']}/appRoleAssignments").json()["value"] == []


def test_users_and_groups_assigned_to_an_apps_roles(graph) -> None:
    role = {"allowedMemberTypes": ["User"], "description": "r", "displayName": "Reader",
            "id": "6a1b2c3d-0000-4000-8000-000000000001", "isEnabled": True, "value": "Reader"}
    app_only = {**role, "id": "6a1b2c3d-0000-4000-8000-000000000002", "value": "Job", "displayName": "Job",
                "allowedMemberTypes": ["Application"]}
    sp = new_sp(graph, appRoles=[role, app_only])
    assert {r["id"] for r in sp["appRoles"]} == {role["id"], app_only["id"]}
    group = graph.post("/groups", json={"displayName": "Readers", "mailEnabled": False, "mailNickname": "readers",
                                        "securityEnabled": True})
    assert group.status_code == 201, group.text
    user = a_user(graph)
    url = f"/servicePrincipals/{sp['id']}/appRoleAssignedTo"
    for principal in (group.json()["id"], user["id"]):
        answer = graph.post(url, json={"principalId": principal, "resourceId": sp["id"], "appRoleId": role["id"]})
        assert answer.status_code == 201, answer.text
    assert graph.post(url, json={"principalId": user["id"], "resourceId": sp["id"],
                                 "appRoleId": DEFAULT_ACCESS}).status_code == 201
    assert_error(graph.post(url, json={"principalId": group.json()["id"], "resourceId": sp["id"],
                                       "appRoleId": app_only["id"]}), 400)
    listed = graph.get(url).json()["value"]
    assert sorted(a["principalType"] for a in listed) == ["Group", "User", "User"]
    assert {a["principalDisplayName"] for a in listed} == {"Readers", user["displayName"]}


def test_groups_list_filter_get_create(graph) -> None:
    groups = graph.get("/groups").json()["value"]
    assert len(groups) >= 5 and all(g["securityEnabled"] for g in groups)
    finance = graph.get("/groups", params={"$filter": "displayName eq 'Finance'"}).json()["value"]
    assert [g["displayName"] for g in finance] == ["Finance"]
    assert graph.get(f"/groups/{finance[0]['id']}").json()["mailNickname"] == "finance"
    assert_error(graph.post("/groups", json={"displayName": "No nickname", "mailEnabled": False,
                                             "securityEnabled": True}), 400)
    assert_error(graph.get("/groups/00000000-0000-4000-8000-00000000dead"), 404)


def test_a_soft_deleted_service_principal_takes_its_consent_along_and_brings_it_back(graph) -> None:
    client, resource = new_sp(graph), graph_sp(graph)
    grant = graph.post("/oauth2PermissionGrants", json={
        "clientId": client["id"], "consentType": "AllPrincipals", "resourceId": resource["id"], "scope": "User.Read"}).json()
    role = graph.post(f"/servicePrincipals/{client['id']}/appRoleAssignments", json={
        "principalId": client["id"], "resourceId": resource["id"], "appRoleId": USER_READ_ALL_ROLE}).json()
    assert graph.delete(f"/applications/{client['application']['id']}").status_code == 204
    assert_error(graph.get(f"/oauth2PermissionGrants/{grant['id']}"), 404)
    given = graph.get(f"/servicePrincipals/{resource['id']}/appRoleAssignedTo", params={"$top": "999"}).json()["value"]
    assert role["id"] not in {a["id"] for a in given}
    assert graph.post(f"/directory/deletedItems/{client['application']['id']}/restore").status_code == 200
    assert_error(graph.get(f"/servicePrincipals/{client['id']}"), 404)  # the app's restore leaves its SP deleted
    assert graph.post(f"/directory/deletedItems/{client['id']}/restore").status_code == 200
    assert graph.get(f"/oauth2PermissionGrants/{grant['id']}").json()["scope"] == "User.Read"
    assert [a["id"] for a in graph.get(f"/servicePrincipals/{client['id']}/appRoleAssignments").json()["value"]] \
        == [role["id"]]


def test_a_purged_service_principal_loses_its_consent_for_good(graph) -> None:
    client, resource = new_sp(graph), graph_sp(graph)
    grant = graph.post("/oauth2PermissionGrants", json={
        "clientId": client["id"], "consentType": "AllPrincipals", "resourceId": resource["id"], "scope": "User.Read"}).json()
    graph.delete(f"/servicePrincipals/{client['id']}")
    assert graph.delete(f"/directory/deletedItems/{client['id']}").status_code == 204
    fresh = graph.post("/servicePrincipals", json={"appId": client["appId"]}).json()
    assert graph.get(f"/servicePrincipals/{fresh['id']}/oauth2PermissionGrants").json()["value"] == []
    assert_error(graph.get(f"/oauth2PermissionGrants/{grant['id']}"), 404)


def test_a_service_principal_follows_its_applications_roles_and_scopes(graph) -> None:
    sp = new_sp(graph)
    scope = {"adminConsentDescription": "d", "adminConsentDisplayName": "Read", "id": "7b000000-0000-4000-8000-000000000001",
             "isEnabled": True, "type": "User", "userConsentDescription": None, "userConsentDisplayName": None,
             "value": "Things.Read"}
    assert graph.patch(f"/applications/{sp['application']['id']}",
                       json={"api": {"oauth2PermissionScopes": [scope]}}).status_code == 204
    read = graph.get(f"/servicePrincipals/{sp['id']}").json()
    assert [s["value"] for s in read["oauth2PermissionScopes"]] == ["Things.Read"]
    other = new_sp(graph, "A client")
    created = graph.post("/oauth2PermissionGrants", json={
        "clientId": other["id"], "consentType": "AllPrincipals", "resourceId": sp["id"], "scope": "Things.Read"})
    assert created.status_code == 201, created.text


def test_read_only_tokens_cannot_grant_or_assign(connect) -> None:
    reader = connect("contoso", read_only=True)
    resource = graph_sp(reader)
    body = {"clientId": resource["id"], "consentType": "AllPrincipals", "resourceId": resource["id"], "scope": "User.Read"}
    assert_error(reader.post("/oauth2PermissionGrants", json=body), 403, "Authorization_RequestDenied")
    assert_error(reader.post(f"/servicePrincipals/{resource['id']}/appRoleAssignedTo", json={}), 403)
    assert_error(reader.post("/groups", json={}), 403)


def test_listing_grants_and_assignments_costs_two_resource_units(graph) -> None:
    sp = graph_sp(graph)
    assert graph.get("/oauth2PermissionGrants").headers["x-ms-resource-unit"] == "2"
    assert graph.get(f"/servicePrincipals/{sp['id']}/appRoleAssignments").headers["x-ms-resource-unit"] == "2"
    assert graph.get(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo").headers["x-ms-resource-unit"] == "1"


def test_service_principal_lists_expand_owners_and_assignments_with_the_cap(graph, emulator) -> None:
    sp = new_sp(graph, "Expanded")
    users = graph.get("/users", params={"$top": "25"}).json()["value"]
    for user in users[:21]:
        graph.post(f"/servicePrincipals/{sp['id']}/owners/$ref",
                   json={"@odata.id": f"{emulator.base_url}/directoryObjects/{user['id']}"})
        graph.post(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo",
                   json={"principalId": user["id"], "resourceId": sp["id"], "appRoleId": DEFAULT_ACCESS})
    flt = f"appId eq '{sp['appId']}'"
    owners = graph.get("/servicePrincipals", params={"$filter": flt, "$expand": "owners", "$top": "999"}).json()
    assert len(owners["value"][0]["owners"]) == 20  # Graph's cap, no nextLink: read them in full
    assigned = graph.get("/servicePrincipals", params={"$filter": flt, "$expand": "appRoleAssignedTo",
                                                       "$select": "id"}).json()["value"][0]
    assert len(assigned["appRoleAssignedTo"]) == 20
    assert len(graph.get(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo").json()["value"]) == 21
