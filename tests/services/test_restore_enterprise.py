"""The enterprise application comes back with its app (issue 10): settings, admin consent, application
permissions and user/group assignments, in every mode, against the emulator; read back by a second backup."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from restore_world import World, access_said, follow_ups_said, said

from desktop_app.domain.restore_plan import Action, RestoreMode, StepKind
from desktop_app.emulator import Emulator
from desktop_app.services.tenants import GraphConnector
from desktop_app.store import Store

GRAPH = "00000003-0000-0000-c000-000000000000"
MAIL_SEND_ROLE = "b633e1c5-b582-4048-a93e-9f11b44c7e96"
DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:21,fabrikam:7", seed=5, consistency_delay_s=0.2) as emu:
        yield emu


def prepared_app(world: World) -> dict[str, Any]:
    """A web app whose enterprise application has everything: settings, consent for all users on Microsoft Graph,
    an application permission, a user and a group assigned."""
    portal = world.portal
    graph_sp = portal.get(f"/servicePrincipals(appId='{GRAPH}')")
    apps = {a["appId"]: a for a in portal.all("/applications", **{"$select": "id,appId,displayName,web"})}
    sp = next(s for s in portal.all("/servicePrincipals") if s["appId"] in apps
              and apps[s["appId"]]["displayName"].endswith(" Web"))
    user = portal.all("/users", **{"$top": "5"})[3]
    group = portal.all("/groups", **{"$filter": "displayName eq 'Finance'"})[0]
    portal.patch(f"/servicePrincipals/{sp['id']}", {"appRoleAssignmentRequired": True, "notes": "Finance only",
                                                    "tags": ["WindowsAzureActiveDirectoryIntegratedApp", "HideApp"]})
    for grant in portal.all("/oauth2PermissionGrants", **{"$filter": f"clientId eq '{sp['id']}'"}):
        portal.http.delete(f"/oauth2PermissionGrants/{grant['id']}").raise_for_status()
    for old in portal.all(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo"):
        portal.http.delete(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo/{old['id']}").raise_for_status()
    post = portal.http.post
    assert post("/oauth2PermissionGrants", json={"clientId": sp["id"], "consentType": "AllPrincipals",
                                                 "resourceId": graph_sp["id"], "scope": "User.Read Mail.Send"}
                ).status_code == 201
    assert post(f"/servicePrincipals/{sp['id']}/appRoleAssignments", json={
        "principalId": sp["id"], "resourceId": graph_sp["id"], "appRoleId": MAIL_SEND_ROLE}).status_code == 201
    for principal in (user["id"], group["id"]):
        assert post(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo", json={
            "principalId": principal, "resourceId": sp["id"], "appRoleId": DEFAULT_ACCESS}).status_code == 201
    app = apps[sp["appId"]]
    time_passes(world)
    return {"app": app, "sp": sp, "user": user, "group": group, "graph_sp": graph_sp}


def time_passes(world: World) -> None:
    """Graph lists app role assignments a little after they are made (the emulator: its consistency delay, 0.2 s
    here): an admin's changes are seen by a later backup, and a restore's by a later look."""
    world.emulator.advance_clock(1.0)


def access_of(world: World, app_id: str, portal: Any = None) -> dict[str, Any]:
    """The enterprise application as an admin would check it (a little later), read plainly from the emulator."""
    time_passes(world)
    portal = portal or world.portal
    sp = portal.get(f"/servicePrincipals(appId='{app_id}')")
    grants = portal.all("/oauth2PermissionGrants", **{"$filter": f"clientId eq '{sp['id']}'"})
    return {
        "sp": sp,
        "grants": sorted((g["consentType"], g["principalId"], sorted(g["scope"].split())) for g in grants),
        "permissions": sorted(a["appRoleId"] for a in portal.all(f"/servicePrincipals/{sp['id']}/appRoleAssignments")),
        "assigned": sorted((a["principalType"], a["principalId"], a["appRoleId"])
                           for a in portal.all(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo")),
    }


def test_after_a_permanent_deletion_the_enterprise_application_comes_back_with_consent_and_assignments(
    world: World,
) -> None:
    setup = prepared_app(world)
    before = access_of(world, setup["app"]["appId"])
    snapshot = world.snapshot()
    app = next(a for a in world.apps(snapshot) if a.object_id == setup["app"]["id"])
    world.portal.delete_app(app.object_id, permanently=True)
    world.portal.http.delete(f"/directory/deletedItems/{setup['sp']['id']}").raise_for_status()  # the SP too

    preview, report = world.restore(snapshot, [app])

    assert [i.action for i in preview.items] == [Action.RECREATE]
    access = access_said(preview.items[0])
    assert any("Grant admin consent for all users of the tenant on Microsoft Graph: User.Read Mail.Send" in a
               or "Mail.Send User.Read" in a for a in access), access
    assert any("application permission Mail.Send on Microsoft Graph" in a for a in access), access
    assert any(a.startswith("Assign group Finance") for a in access), access
    [item] = report.items
    assert item.result in ("verified", "warnings"), item
    # the report says so
    assert any(a.startswith("Granted admin consent") for a in access_said(item, done=True)), item.access
    after = access_of(world, str(item.new_app_id))
    assert after["sp"]["id"] != setup["sp"]["id"]  # a new service principal ...
    assert (after["sp"]["appRoleAssignmentRequired"], after["sp"]["notes"], after["sp"]["tags"]) == \
        (True, "Finance only", ["WindowsAzureActiveDirectoryIntegratedApp", "HideApp"])  # ... with its settings
    assert after["grants"] == before["grants"] == [("AllPrincipals", None, ["Mail.Send", "User.Read"])]
    assert after["permissions"] == before["permissions"] == [MAIL_SEND_ROLE]
    assert after["assigned"] == before["assigned"]
    assert not any("Grant admin consent again" in f for f in follow_ups_said(item))  # consent was restored, not asked for


def test_overwrite_puts_back_removed_consent_and_assignments_and_removes_what_was_added(world: World) -> None:
    setup = prepared_app(world)
    sp, portal = setup["sp"], world.portal
    before = access_of(world, setup["app"]["appId"])
    snapshot = world.snapshot()
    app = next(a for a in world.apps(snapshot) if a.object_id == setup["app"]["id"])
    # An admin removes the consent and the group, changes settings and assigns someone else.
    for grant in portal.all("/oauth2PermissionGrants", **{"$filter": f"clientId eq '{sp['id']}'"}):
        portal.http.delete(f"/oauth2PermissionGrants/{grant['id']}").raise_for_status()
    group_assignment = next(a for a in portal.all(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo")
                            if a["principalType"] == "Group")
    portal.http.delete(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo/{group_assignment['id']}").raise_for_status()
    portal.patch(f"/servicePrincipals/{sp['id']}", {"appRoleAssignmentRequired": False, "notes": None})
    intruder = portal.all("/users", **{"$top": "9"})[8]
    portal.http.post(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo", json={
        "principalId": intruder["id"], "resourceId": sp["id"], "appRoleId": DEFAULT_ACCESS}).raise_for_status()
    time_passes(world)

    preview, report = world.restore(snapshot, [app])

    [planned] = preview.plan.items
    kinds = [s.kind for s in planned.steps]
    assert StepKind.SET_DELEGATED_GRANT in kinds and StepKind.REMOVE_APP_ROLE_ASSIGNMENT in kinds
    assert StepKind.CREATE_SERVICE_PRINCIPAL not in kinds
    assert any(a.startswith("Unassign user") for a in access_said(preview.items[0]))
    [item] = report.items
    assert item.result in ("verified", "warnings"), item
    after = access_of(world, setup["app"]["appId"])
    assert after["grants"] == before["grants"]
    assert after["assigned"] == before["assigned"]  # the group is back, the intruder gone
    assert (after["sp"]["appRoleAssignmentRequired"], after["sp"]["notes"]) == (True, "Finance only")
    # and a backup (a little later) finds the app as it was at the snapshot
    time_passes(world)
    summary = world.backup.run(world.contoso.tenant_id)
    assert world.store.app_at(app.app_pk, summary.snapshot_id) == app.document


def test_undelete_restores_the_service_principal_from_the_recycle_bin(world: World) -> None:
    setup = prepared_app(world)
    before = access_of(world, setup["app"]["appId"])
    snapshot = world.snapshot()
    app = next(a for a in world.apps(snapshot) if a.object_id == setup["app"]["id"])
    world.portal.delete_app(app.object_id)  # its service principal goes to the recycle bin with it

    preview, report = world.restore(snapshot, [app])

    [planned] = preview.plan.items
    assert StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL in {s.kind for s in planned.steps}
    assert StepKind.CREATE_SERVICE_PRINCIPAL not in {s.kind for s in planned.steps}
    assert report.items[0].result in ("verified", "warnings"), report.items[0]
    after = access_of(world, setup["app"]["appId"])
    assert after["sp"]["id"] == setup["sp"]["id"]  # the same object, back
    assert (after["grants"], after["permissions"], after["assigned"]) == \
        (before["grants"], before["permissions"], before["assigned"])


def test_to_another_tenant_maps_microsoft_graph_by_app_id_and_warns_about_principals_it_cant_find(
    world: World,
) -> None:
    setup = prepared_app(world)
    snapshot = world.snapshot()
    app = next(a for a in world.apps(snapshot) if a.object_id == setup["app"]["id"])

    preview, report = world.restore(snapshot, [app], RestoreMode.OTHER_TENANT,
                                    target_tenant_id=world.fabrikam.tenant_id, target_domain="fabrikam.com")

    [item] = report.items
    assert item.result in ("verified", "warnings"), item
    fabrikam = world.fabrikam_portal
    after = access_of(world, str(item.new_app_id), fabrikam)
    fabrikam_graph = fabrikam.get(f"/servicePrincipals(appId='{GRAPH}')")
    grants = fabrikam.all("/oauth2PermissionGrants", **{"$filter": f"clientId eq '{after['sp']['id']}'"})
    assert [g["resourceId"] for g in grants] == [fabrikam_graph["id"]]  # fabrikam's Graph, found by appId
    assert after["grants"] == [("AllPrincipals", None, ["Mail.Send", "User.Read"])]
    assert after["permissions"] == [MAIL_SEND_ROLE]  # Microsoft Graph's role ids are the same everywhere
    # Contoso's user is not in fabrikam: warned; fabrikam has a group named Finance: assigned there.
    assert any(setup["user"]["userPrincipalName"] in w and "not found" in w for w in said(item)), said(item)
    fabrikam_finance = fabrikam.all("/groups", **{"$filter": "displayName eq 'Finance'"})[0]
    assert after["assigned"] == [("Group", fabrikam_finance["id"], DEFAULT_ACCESS)]


@pytest.mark.slow
def test_as_new_copies_the_settings_and_copies_consent_only_when_asked(world: World) -> None:
    setup = prepared_app(world)
    snapshot = world.snapshot()
    app = next(a for a in world.apps(snapshot) if a.object_id == setup["app"]["id"])

    preview, report = world.restore(snapshot, [app], RestoreMode.AS_NEW, new_name="Copy without consent")
    assert any("not copied" in w for w in said(preview.items[0]))
    plain = access_of(world, str(report.items[0].new_app_id))
    assert plain["sp"]["notes"] == "Finance only" and plain["grants"] == [] and plain["assigned"] == []

    preview, report = world.restore(snapshot, [app], RestoreMode.AS_NEW, new_name="Copy with consent",
                                    copy_access=True)
    full = access_of(world, str(report.items[0].new_app_id))
    assert full["grants"] == [("AllPrincipals", None, ["Mail.Send", "User.Read"])]
    assert len(full["assigned"]) == 2 and full["sp"]["displayName"] == "Copy with consent"


def test_a_read_only_token_writes_no_consent(world: World, emulator: Emulator, store: Store) -> None:
    setup = prepared_app(world)
    snapshot = world.snapshot()
    app = next(a for a in world.apps(snapshot) if a.object_id == setup["app"]["id"])
    for grant in world.portal.all("/oauth2PermissionGrants", **{"$filter": f"clientId eq '{setup['sp']['id']}'"}):
        world.portal.http.delete(f"/oauth2PermissionGrants/{grant['id']}").raise_for_status()
    read_only = World(emulator, store, GraphConnector(read_only=True, timeout=20, max_retries=2))
    writes = world.counters()["writes"]

    _preview, report = read_only.restore(snapshot, [app])

    assert world.counters()["writes"] == writes
    assert {i.result for i in report.items} == {"failed"}
    assert access_of(world, setup["app"]["appId"])["grants"] == []
    read_only.close()
