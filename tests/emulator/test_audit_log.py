"""GET /auditLogs/directoryAudits: events made from the emulator's own writes, in Graph's shape, by the identity that
acted; filters, $top, paging, the delay before an event shows, retention, permissions and Graph's read limit."""

from __future__ import annotations

import json

import pytest
from emulator_helpers import assert_error, new_app

AUDITS = "/auditLogs/directoryAudits"


@pytest.fixture
def quick(emulator):
    """Events visible at once and no read limit: for the tests that are about something else."""
    emulator.configure(auditDelaySeconds=0, auditReadsPer10Seconds=0)
    return emulator


def events(graph, **params) -> list[dict]:
    response = graph.get(AUDITS, params=params or None)
    assert response.status_code == 200, response.text
    return response.json()["value"]


def as_user(connect, emulator, index: int = 0):
    user = emulator.named_users("contoso")[index]
    return connect(token=user["token"]), user["userPrincipalName"]


def test_a_write_leaves_an_event_in_graphs_shape(quick, connect) -> None:
    graph, upn = as_user(connect, quick)
    app = new_app(graph, displayName="Payroll", web={"redirectUris": ["https://pay.contoso.com/a"]})
    assert graph.patch(f"/applications/{app['id']}", json={
        "displayName": "Payroll 2", "web": {"redirectUris": ["https://pay.contoso.com/b"]}}).status_code == 204
    event = events(graph, **{"$filter": "activityDisplayName eq 'Update application'"})[0]
    assert set(event) == {"id", "category", "correlationId", "result", "resultReason", "activityDisplayName",
                          "activityDateTime", "loggedByService", "operationType", "initiatedBy", "targetResources",
                          "additionalDetails"}
    assert event["id"].startswith(f"Directory_{event['correlationId']}_")
    assert (event["category"], event["result"], event["operationType"], event["loggedByService"]) == \
        ("ApplicationManagement", "success", "Update", "Core Directory")
    assert event["initiatedBy"]["app"] is None and event["initiatedBy"]["user"]["userPrincipalName"] == upn
    assert event["activityDateTime"].endswith("Z") and len(event["activityDateTime"].split(".")[1]) == 8
    [target] = event["targetResources"]
    assert (target["id"], target["type"], target["displayName"]) == (app["id"], "Application", "Payroll 2")
    props = {p["displayName"]: p for p in target["modifiedProperties"]}
    assert json.loads(props["DisplayName"]["oldValue"]) == ["Payroll"]
    assert json.loads(props["DisplayName"]["newValue"]) == ["Payroll 2"]
    addresses = json.loads(props["AppAddress"]["newValue"])
    assert [a["Address"] for a in addresses] == ["https://pay.contoso.com/b"]
    assert json.loads(props["Included Updated Properties"]["newValue"]) == "AppAddress, DisplayName"


def test_credentials_owners_and_federated_credentials_say_what_changed(quick, connect, graph) -> None:
    app = new_app(graph)
    secret = graph.post(f"/applications/{app['id']}/addPassword", json={"passwordCredential": {"displayName": "ci"}})
    users = graph.get("/users", params={"$top": "3"}).json()["value"]
    graph.post(f"/applications/{app['id']}/owners/$ref", json={"@odata.id": f"https://x/users/{users[2]['id']}"})
    graph.post(f"/applications/{app['id']}/federatedIdentityCredentials", json={
        "name": "gh", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:o/r:ref:refs/heads/main",
        "audiences": ["api://AzureADTokenExchange"]})
    mine = events(graph, **{"$filter": f"targetResources/any(t:t/id eq '{app['id']}')",
                            "$orderby": "activityDateTime"})
    assert [e["activityDisplayName"] for e in mine] == [
        "Add application", "Update application – Certificates and secrets management", "Add owner to application",
        "Update application"]
    credentials = {p["displayName"]: p for p in mine[1]["targetResources"][0]["modifiedProperties"]}
    key_id = secret.json()["keyId"]
    assert key_id in credentials["KeyDescription"]["newValue"]
    assert secret.json()["secretText"] not in json.dumps(mine)  # never the secret
    owner, owned = mine[2]["targetResources"]
    assert (owner["id"], owner["type"], owned["id"], owned["type"]) == (users[2]["id"], "User", app["id"], "Application")
    assert {p["displayName"]: json.loads(p["newValue"]) for p in owner["modifiedProperties"]}["Application.AppId"] == \
        app["appId"]
    fics = json.loads(mine[3]["targetResources"][0]["modifiedProperties"][0]["newValue"])
    assert [f["Name"] for f in fics] == ["gh"] and mine[3]["targetResources"][0]["modifiedProperties"][0][
        "displayName"] == "FederatedIdentityCredentials"


def test_deleting_an_app_logs_its_service_principal_too_in_one_correlation(quick, graph) -> None:
    app = new_app(graph)
    graph.post("/servicePrincipals", json={"appId": app["appId"]})
    graph.delete(f"/applications/{app['id']}")
    graph.post(f"/directory/deletedItems/{app['id']}/restore")
    graph.delete(f"/applications/{app['id']}")  # its service principal is in the recycle bin already
    graph.delete(f"/directory/deletedItems/{app['id']}")
    logged = events(graph, **{"$orderby": "activityDateTime"})[-5:]
    names = [e["activityDisplayName"] for e in logged]
    assert set(names[:2]) == {"Delete application", "Delete service principal"}
    assert names[2:] == ["Restore application", "Delete application", "Hard Delete application"]
    assert logged[0]["correlationId"] == logged[1]["correlationId"] != logged[2]["correlationId"]


def test_consent_and_assignments_name_both_service_principals(quick, graph) -> None:
    graph_sp = graph.get("/servicePrincipals", params={
        "$filter": "appId eq '00000003-0000-0000-c000-000000000000'"}).json()["value"][0]
    app = new_app(graph, appRoles=[{"id": "5d5dfb1e-29d8-4568-bfa3-f7e4caad5163", "value": "Reports.Read",
                                    "displayName": "Read", "description": "Read", "isEnabled": True,
                                    "allowedMemberTypes": ["User", "Application"]}])
    client = graph.post("/servicePrincipals", json={"appId": app["appId"]}).json()
    grant = graph.post("/oauth2PermissionGrants", json={"clientId": client["id"], "consentType": "AllPrincipals",
                                                         "resourceId": graph_sp["id"], "scope": "User.Read"}).json()
    graph.patch(f"/oauth2PermissionGrants/{grant['id']}", json={"scope": "User.Read openid"})
    role = graph_sp["appRoles"][0]
    graph.post(f"/servicePrincipals/{client['id']}/appRoleAssignments", json={
        "principalId": client["id"], "resourceId": graph_sp["id"], "appRoleId": role["id"]})
    user = graph.get("/users", params={"$top": "2"}).json()["value"][1]
    graph.post(f"/servicePrincipals/{client['id']}/appRoleAssignedTo", json={
        "principalId": user["id"], "resourceId": client["id"], "appRoleId": "5d5dfb1e-29d8-4568-bfa3-f7e4caad5163"})
    logged = {e["activityDisplayName"]: e for e in events(graph)}
    added = logged["Add delegated permission grant"]["targetResources"]
    assert [t["id"] for t in added] == [graph_sp["id"], client["id"]]
    scope = {p["displayName"]: p for p in added[0]["modifiedProperties"]}["DelegatedPermissionGrant.Scope"]
    assert json.loads(scope["newValue"]) == " User.Read"
    updated = logged["Update delegated permission grant"]["targetResources"][0]["modifiedProperties"][0]
    assert (json.loads(updated["oldValue"]), json.loads(updated["newValue"])) == (" User.Read", " User.Read openid")
    to_sp = logged["Add app role assignment to service principal"]["targetResources"]
    facts = {p["displayName"]: json.loads(p["newValue"]) for p in to_sp[0]["modifiedProperties"]}
    assert to_sp[0]["id"] == graph_sp["id"] and facts["ServicePrincipal.AppId"] == app["appId"]
    assert facts["AppRole.Value"] == role["value"]
    to_user = logged["Add app role assignment grant to user"]["targetResources"]
    assert [(t["type"], t["id"]) for t in to_user] == [("ServicePrincipal", client["id"]), ("User", user["id"])]


def test_filters_on_time_category_activity_actor_and_target(quick, connect) -> None:
    alice, alice_upn = as_user(connect, quick, 0)
    bob, bob_upn = as_user(connect, quick, 1)
    first = new_app(alice, displayName="By Alice")
    quick.advance_clock(60)
    second = new_app(bob, displayName="By Bob")
    stamp = events(alice, **{"$filter": f"targetResources/any(t:t/id eq '{second['id']}')"})[0]["activityDateTime"]
    assert [e["targetResources"][0]["id"] for e in events(alice, **{"$filter": f"activityDateTime ge {stamp}"})] == \
        [second["id"]]
    assert first["id"] in {e["targetResources"][0]["id"] for e in events(
        alice, **{"$filter": f"activityDateTime le {stamp} and category eq 'ApplicationManagement'"})}
    assert {e["initiatedBy"]["user"]["userPrincipalName"] for e in events(
        alice, **{"$filter": f"initiatedBy/user/userPrincipalName eq '{bob_upn}'"})} == {bob_upn}
    assert len(events(alice, **{"$filter": "startswith(activityDisplayName, 'Add app')"})) == 2
    assert events(alice, **{"$filter": "category eq 'UserManagement'"}) == []
    assert_error(alice.get(AUDITS, params={"$filter": "resultReason eq 'x'"}), 400, "Request_UnsupportedQuery")
    assert_error(alice.get(AUDITS, params={"$filter": "activityDateTime ge '2024-01-01'"}), 400)
    assert alice_upn != bob_upn


def test_top_pages_newest_first_and_orderby(quick, graph) -> None:
    for n in range(5):
        new_app(graph, displayName=f"Paged {n}")
        quick.advance_clock(1)
    seen, url, params = [], AUDITS, {"$top": "2"}
    while url:
        body = graph.get(url, params=params).json()
        params = None
        assert len(body["value"]) <= 2
        seen += body["value"]
        url = body.get("@odata.nextLink")
    times = [e["activityDateTime"] for e in seen]
    assert len(seen) == 5 and times == sorted(times, reverse=True) and len({e["id"] for e in seen}) == 5
    oldest_first = events(graph, **{"$orderby": "activityDateTime asc"})
    assert [e["id"] for e in oldest_first] == [e["id"] for e in reversed(seen)]
    assert_error(graph.get(AUDITS, params={"$top": "1001"}), 400)
    assert_error(graph.get(AUDITS, params={"$orderby": "category"}), 400, "Request_UnsupportedQuery")
    one = graph.get(f"{AUDITS}/{seen[0]['id']}").json()
    assert one["id"] == seen[0]["id"] and graph.get(f"{AUDITS}/Directory_nope").status_code == 404


def test_events_show_a_little_after_the_write_and_go_after_retention(emulator, graph) -> None:
    emulator.configure(auditDelaySeconds=60, auditReadsPer10Seconds=0)
    new_app(graph)
    assert events(graph) == []  # an event shows between half and one and a half times the delay after the write
    emulator.advance_clock(91)
    assert len(events(graph)) == 1
    emulator.advance_clock(29 * 86400)
    assert len(events(graph)) == 1
    emulator.advance_clock(86400)
    assert events(graph) == []  # 30 days on P1/P2


def test_reading_needs_audit_log_and_directory_read(quick, connect) -> None:
    def status(*permissions: str) -> int:
        return connect(token=quick.token("contoso", permissions=permissions)).get(AUDITS).status_code

    assert status("AuditLog.Read.All", "Directory.Read.All") == 200
    assert status("Directory.Read.All", "Application.Read.All") == 403
    assert status("AuditLog.Read.All") == 403
    assert status("AuditLog.Read.All", "Directory.ReadWrite.All") == 403  # the stricter reading


def test_five_reads_in_ten_seconds(emulator, graph) -> None:
    emulator.freeze_clock(True)
    assert [graph.get(AUDITS).status_code for _ in range(5)] == [200] * 5
    throttled = graph.get(AUDITS)
    assert_error(throttled, 429)
    assert int(throttled.headers["Retry-After"]) >= 1
    emulator.advance_clock(2)
    assert graph.get(AUDITS).status_code == 200


def test_acting_as_a_user_or_an_app(quick, connect) -> None:
    graph = connect()
    daemon = new_app(graph, displayName="Automation")
    graph.post("/servicePrincipals", json={"appId": daemon["appId"]})
    sp = graph.get("/servicePrincipals", params={"$filter": f"appId eq '{daemon['appId']}'"}).json()["value"][0]
    robot = connect(token=quick.token("contoso", acting_as=f"app:{daemon['appId']}"))
    touched = new_app(robot, displayName="Made by automation")
    event = events(graph, **{"$filter": f"targetResources/any(t:t/id eq '{touched['id']}')"})[0]
    assert event["initiatedBy"] == {"user": None, "app": {"appId": None, "displayName": "Automation",
                                                          "servicePrincipalId": sp["id"], "servicePrincipalName": None}}
    admin_event = events(graph, **{"$filter": f"targetResources/any(t:t/id eq '{daemon['id']}')"})[0]
    assert admin_event["initiatedBy"]["user"]["userPrincipalName"].startswith("admin@")
    assert_error(connect(token=quick.token("contoso", acting_as="nobody@contoso.com")).get("/applications"), 401)
    assert_error(connect(token=quick.token("contoso", acting_as="app:00000000-1111-2222-3333-444444444444")).get(
        "/applications"), 401)


def test_the_start_line_lists_named_users_and_churn_is_theirs(quick, connect) -> None:
    users = quick.info()["tenants"][0]["users"]
    assert len(users) == 5 and all(u["token"].endswith("~" + u["userPrincipalName"]) for u in users)
    graph = connect()
    made = quick.churn("contoso", 8)
    upns = {u["userPrincipalName"] for u in users}
    assert {c["actor"] for c in made} <= upns
    logged = events(graph)
    assert len(logged) >= len(made) - sum(c["kind"] == "ownersChanged" for c in made)
    assert {e["initiatedBy"]["user"]["userPrincipalName"] for e in logged} <= upns
    for change in made:
        if change["kind"] in ("renamed", "redirectUriAdded", "deleted", "created"):
            assert any(t["id"] == change["id"] and e["initiatedBy"]["user"]["userPrincipalName"] == change["actor"]
                       for e in logged for t in e["targetResources"]), change
