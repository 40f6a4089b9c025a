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
