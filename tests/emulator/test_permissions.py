"""The emulator refuses what the token's permissions don't allow, as Graph does (emulator/permissions.py): consent
needs DelegatedPermissionGrant.ReadWrite.All to write and Directory.Read.All to read; app role assignments need
AppRoleAssignment.ReadWrite.All; Application.ReadWrite.All allows neither."""

from __future__ import annotations

from typing import Any

import httpx
from emulator_helpers import assert_error
from test_enterprise import DEFAULT_ACCESS, MAIL_SEND_ROLE, a_user, graph_sp, new_sp

APP_WRITE = ["Application.ReadWrite.All", "User.Read"]
APP_READ = ["Application.Read.All", "User.Read"]


def _refused(response: httpx.Response) -> None:
    assert_error(response, 403, "Authorization_RequestDenied")


def _grant_body(client_id: str, resource_id: str) -> dict[str, Any]:
    return {"clientId": client_id, "consentType": "AllPrincipals", "resourceId": resource_id, "scope": "User.Read"}


def test_consent_is_written_only_with_delegated_permission_grant_readwrite(emulator, connect, graph) -> None:
    sp = new_sp(graph)
    resource = graph_sp(graph)["id"]
    app_writer = connect(token=emulator.token("contoso", permissions=APP_WRITE))
    _refused(app_writer.post("/oauth2PermissionGrants", json=_grant_body(sp["id"], resource)))
    assert graph.get("/oauth2PermissionGrants", params={"$filter": f"clientId eq '{sp['id']}'"}).json()["value"] == []

    granter = connect(token=emulator.token("contoso", permissions=[
        *APP_READ, "DelegatedPermissionGrant.ReadWrite.All"]))
    created = granter.post("/oauth2PermissionGrants", json=_grant_body(sp["id"], resource))
    assert created.status_code == 201, created.text
    grant_id = created.json()["id"]
    _refused(app_writer.patch(f"/oauth2PermissionGrants/{grant_id}", json={"scope": "User.Read Mail.Send"}))
    _refused(app_writer.delete(f"/oauth2PermissionGrants/{grant_id}"))
    assert granter.patch(f"/oauth2PermissionGrants/{grant_id}", json={"scope": "User.Read Mail.Send"}).status_code == 204
    assert granter.delete(f"/oauth2PermissionGrants/{grant_id}").status_code == 204


def test_consent_is_read_only_with_directory_read_or_a_grant_permission(emulator, connect, graph) -> None:
    sp_id = graph.get("/oauth2PermissionGrants", params={"$top": "1"}).json()["value"][0]["clientId"]
    reader = connect(token=emulator.token("contoso", permissions=APP_READ))
    _refused(reader.get("/oauth2PermissionGrants"))
    _refused(reader.get(f"/servicePrincipals/{sp_id}/oauth2PermissionGrants"))
    # What a backup reads besides consent stays readable with Application.Read.All.
    assert reader.get("/servicePrincipals", params={"$expand": "appRoleAssignedTo"}).status_code == 200
    assert reader.get(f"/servicePrincipals/{sp_id}/appRoleAssignments").status_code == 200
    for extra in ("Directory.Read.All", "DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"):
        allowed = connect(token=emulator.token("contoso", permissions=[*APP_READ, extra]))
        assert allowed.get("/oauth2PermissionGrants").status_code == 200, extra
    # The emulator's read token is a reader with Directory.Read.All (what a backup asks for).
    assert connect(read_only=True).get("/oauth2PermissionGrants").status_code == 200


def test_app_role_assignments_are_written_only_with_app_role_assignment_readwrite(emulator, connect, graph) -> None:
    sp = new_sp(graph)
    resource = graph_sp(graph)["id"]
    permission = {"principalId": sp["id"], "resourceId": resource, "appRoleId": MAIL_SEND_ROLE}
    user = a_user(graph)
    assignment = {"principalId": user["id"], "resourceId": sp["id"], "appRoleId": DEFAULT_ACCESS}
    for names in (APP_WRITE, ["Directory.ReadWrite.All", "User.Read"]):
        writer = connect(token=emulator.token("contoso", permissions=names))
        _refused(writer.post(f"/servicePrincipals/{resource}/appRoleAssignedTo", json=permission))
        _refused(writer.post(f"/servicePrincipals/{sp['id']}/appRoleAssignments", json=permission))
        _refused(writer.post(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo", json=assignment))
    assert graph.get(f"/servicePrincipals/{sp['id']}/appRoleAssignments").json()["value"] == []

    assigner = connect(token=emulator.token("contoso", permissions=[*APP_READ, "AppRoleAssignment.ReadWrite.All"]))
    given = assigner.post(f"/servicePrincipals/{resource}/appRoleAssignedTo", json=permission)
    assert given.status_code == 201, given.text
    assigned = assigner.post(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo", json=assignment)
    assert assigned.status_code == 201, assigned.text
    app_writer = connect(token=emulator.token("contoso", permissions=APP_WRITE))
    _refused(app_writer.delete(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo/{assigned.json()['id']}"))
    assert assigner.delete(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo/{assigned.json()['id']}").status_code \
        == 204
    # Application.ReadWrite.All still writes the service principal itself.
    assert app_writer.patch(f"/servicePrincipals/{sp['id']}", json={"notes": "n"}).status_code == 204


def test_inside_a_batch_each_request_is_checked_on_its_own(emulator, connect, graph) -> None:
    sp = new_sp(graph)
    resource = graph_sp(graph)["id"]
    app_writer = connect(token=emulator.token("contoso", permissions=APP_WRITE))
    answer = app_writer.post("/$batch", json={"requests": [
        {"id": "1", "method": "PATCH", "url": f"/servicePrincipals/{sp['id']}", "body": {"notes": "x"},
         "headers": {"Content-Type": "application/json"}},
        {"id": "2", "method": "POST", "url": "/oauth2PermissionGrants", "body": _grant_body(sp["id"], resource),
         "headers": {"Content-Type": "application/json"}},
        {"id": "3", "method": "GET", "url": "/oauth2PermissionGrants"},
    ]})
    assert answer.status_code == 200
    statuses = {r["id"]: r["status"] for r in answer.json()["responses"]}
    assert statuses == {"1": 204, "2": 403, "3": 403}


USER_READERS = ("User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All",
                "Directory.ReadWrite.All")
GROUP_READERS = ("GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All",
                 "Directory.ReadWrite.All")


def _a_group(graph: httpx.Client) -> dict[str, Any]:
    groups = graph.get("/groups", params={"$top": "1"}).json()["value"]
    assert groups, "the seed has groups"
    return groups[0]


def test_users_are_read_only_with_a_user_or_directory_read_permission(emulator, connect, graph) -> None:
    user = a_user(graph)
    upn = user["userPrincipalName"]
    for names in (APP_WRITE, APP_READ):
        lacking = connect(token=emulator.token("contoso", permissions=names))
        _refused(lacking.get("/users", params={"$select": "id,userPrincipalName"}))
        _refused(lacking.get(f"/users/{upn}"))
        _refused(lacking.get(f"/users/{user['id']}"))
        _refused(lacking.get("/users", params={"$filter": f"userPrincipalName eq '{upn}'"}))
    for extra in USER_READERS:
        reader = connect(token=emulator.token("contoso", permissions=[*APP_WRITE, extra]))
        listed = reader.get("/users", params={"$select": "id,userPrincipalName"})
        assert listed.status_code == 200, extra
        got = reader.get(f"/users/{upn}", params={"$select": "id,userPrincipalName"})
        assert got.status_code == 200, extra
        assert got.json()["id"] == user["id"]


def test_groups_are_read_only_with_a_group_or_directory_read_permission(emulator, connect, graph) -> None:
    group = _a_group(graph)
    name = group["displayName"].replace("'", "''")
    lacking = connect(token=emulator.token("contoso", permissions=APP_WRITE))
    _refused(lacking.get("/groups"))
    _refused(lacking.get("/groups", params={"$filter": f"displayName eq '{name}'"}))
    _refused(lacking.get(f"/groups/{group['id']}"))
    # A user-read permission is not a group-read one.
    _refused(connect(token=emulator.token("contoso", permissions=[*APP_WRITE, "User.ReadBasic.All"])).get("/groups"))
    for extra in GROUP_READERS:
        reader = connect(token=emulator.token("contoso", permissions=[*APP_WRITE, extra]))
        found = reader.get("/groups", params={"$filter": f"displayName eq '{name}'", "$select": "id,displayName"})
        assert found.status_code == 200, extra
        assert [g["id"] for g in found.json()["value"]] == [group["id"]]
    # Getting one by id: group-get does not name GroupMember.Read.All (the stricter reading).
    members_reader = connect(token=emulator.token("contoso", permissions=[*APP_WRITE, "GroupMember.Read.All"]))
    _refused(members_reader.get(f"/groups/{group['id']}"))
    assert connect(token=emulator.token("contoso", permissions=[*APP_WRITE, "Group.Read.All"])).get(
        f"/groups/{group['id']}").status_code == 200


def test_directory_objects_are_read_only_with_directory_read(emulator, connect, graph) -> None:
    user = a_user(graph)
    for names in (APP_WRITE, [*APP_WRITE, "User.Read.All"], [*APP_WRITE, "Directory.ReadWrite.All"]):
        _refused(connect(token=emulator.token("contoso", permissions=names)).get(f"/directoryObjects/{user['id']}"))
    reader = connect(token=emulator.token("contoso", permissions=[*APP_READ, "Directory.Read.All"]))
    assert reader.get(f"/directoryObjects/{user['id']}").status_code == 200
    # The emulator's read token is what a backup asks for: users, groups and directory objects answer.
    read_only = connect(read_only=True)
    for path in ("/users", "/groups", f"/directoryObjects/{user['id']}"):
        assert read_only.get(path).status_code == 200, path


def test_user_and_group_look_ups_in_a_batch_are_checked_one_by_one(emulator, connect, graph) -> None:
    user = a_user(graph)
    group = _a_group(graph)
    name = group["displayName"].replace("'", "''")
    requests = [
        {"id": "1", "method": "GET", "url": f"/users/{user['userPrincipalName']}?$select=id"},
        {"id": "2", "method": "GET", "url": f"/groups?$filter=displayName eq '{name}'&$select=id"},
        {"id": "3", "method": "GET", "url": "/applications?$top=1&$select=id"},
    ]
    lacking = connect(token=emulator.token("contoso", permissions=APP_WRITE))
    answer = lacking.post("/$batch", json={"requests": requests})
    assert answer.status_code == 200
    responses = {r["id"]: r for r in answer.json()["responses"]}
    assert {k: r["status"] for k, r in responses.items()} == {"1": 403, "2": 403, "3": 200}
    assert responses["1"]["body"]["error"]["code"] == "Authorization_RequestDenied"
    users_only = connect(token=emulator.token("contoso", permissions=[*APP_WRITE, "User.ReadBasic.All"]))
    statuses = {r["id"]: r["status"] for r in users_only.post("/$batch", json={"requests": requests}).json()["responses"]}
    assert statuses == {"1": 200, "2": 403, "3": 200}
    directory = connect(token=emulator.token("contoso", permissions=[*APP_WRITE, "Directory.Read.All"]))
    statuses = {r["id"]: r["status"] for r in directory.post("/$batch", json={"requests": requests}).json()["responses"]}
    assert statuses == {"1": 200, "2": 200, "3": 200}


def test_an_owner_is_added_only_with_application_write_and_directory_read(emulator, connect, graph) -> None:
    app = graph.post("/applications", json={"displayName": "Owners test"}).json()
    user = a_user(graph)
    ref = {"@odata.id": f"{emulator.base_url}/directoryObjects/{user['id']}"}
    for names in (APP_WRITE, ["Directory.Read.All", "User.Read"]):
        _refused(connect(token=emulator.token("contoso", permissions=names)).post(
            f"/applications/{app['id']}/owners/$ref", json=ref))
    assert graph.get(f"/applications/{app['id']}/owners").json()["value"] == []
    adder = connect(token=emulator.token("contoso", permissions=[*APP_WRITE, "Directory.Read.All"]))
    assert adder.post(f"/applications/{app['id']}/owners/$ref", json=ref).status_code == 204
    # Removing one needs Application.ReadWrite.All only (application-delete-owners).
    remover = connect(token=emulator.token("contoso", permissions=APP_WRITE))
    assert remover.delete(f"/applications/{app['id']}/owners/{user['id']}/$ref").status_code == 204
    assert connect(token=emulator.token("contoso", permissions=["Directory.ReadWrite.All", "User.Read"])).post(
        f"/applications/{app['id']}/owners/$ref", json=ref).status_code == 204
