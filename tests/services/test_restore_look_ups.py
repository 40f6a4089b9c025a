"""A restore's look-ups of users and groups in the target (issue 10): held to Graph's permission rules (Graph reads
users and groups only with a user/group/directory read permission, the emulator too), asked for when the plan
needs them, and proportional to the principals the snapshot names, not to the size of the target tenant."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from restore_world import World, said
from test_restore_enterprise import DEFAULT_ACCESS, emulator, prepared_app, time_passes  # noqa: F401 - the fixture

from desktop_app.domain.restore_plan import RestoreMode
from desktop_app.graph.tokens import StaticTokenProvider, TokenProvider
from desktop_app.services.permissions import PermissionsNeeded
from desktop_app.services.tenants import GraphConnector
from desktop_app.store import Store, TenantInfo

# What a sign-in that may restore consent but never consented to Directory.Read.All carries.
WITHOUT_DIRECTORY = ("Application.ReadWrite.All", "DelegatedPermissionGrant.ReadWrite.All",
                     "AppRoleAssignment.ReadWrite.All", "User.Read")


@dataclass
class ScopedConnector(GraphConnector):
    """Emulator tokens carrying exactly `permissions` (a real token's scp), whatever the tenant."""

    permissions: tuple[str, ...] = ()
    emulator_tokens: Any = None

    def tokens_for(self, tenant: TenantInfo) -> TokenProvider:
        return StaticTokenProvider(self.emulator_tokens.token(tenant.tenant_id, permissions=self.permissions))


def scoped_world(emulator: Any, store: Store, permissions: tuple[str, ...]) -> World:  # noqa: F811
    return World(emulator, store, ScopedConnector(timeout=20, max_retries=2, permissions=permissions,
                                                  emulator_tokens=emulator))


def _backed_up(emulator: Any, store: Store) -> tuple[World, dict[str, Any], int, Any]:  # noqa: F811
    """A world with the prepared app (consent, assignments) backed up: (world, its setup, snapshot, the app)."""
    world = World(emulator, store)
    setup = prepared_app(world)
    snapshot = world.snapshot()
    return world, setup, snapshot, next(a for a in world.apps(snapshot) if a.object_id == setup["app"]["id"])


def _other_tenant(world: World, snapshot: int, app: Any) -> Any:
    return world.service.preview(world.request(snapshot, [app], RestoreMode.OTHER_TENANT,
                                               target_tenant_id=world.fabrikam.tenant_id, target_domain="fabrikam.com"))


def test_without_directory_read_a_cross_tenant_restore_says_so_and_writes_nothing(
        emulator: Any, store: Store) -> None:  # noqa: F811
    world, setup, snapshot, app = _backed_up(emulator, store)
    lacking = scoped_world(emulator, store, WITHOUT_DIRECTORY)
    writes = world.counters("fabrikam")["writes"]

    preview = _other_tenant(lacking, snapshot, app)
    assert preview.look_ups_refused
    assert "Directory.Read.All" in preview.permissions_missing
    # Not looked up is not "not found": the preview says what is missing instead of warning about every principal.
    assert not any("not found" in w for i in preview.items for w in said(i)), said(preview.items[0])
    with pytest.raises(PermissionsNeeded) as raised:
        lacking.service.run(preview)

    needed = raised.value
    assert "Directory.Read.All (to find the owners, users and groups" in needed.sentence
    assert "Nothing was changed" in needed.sentence
    assert needed.command == f"regvault signin --tenant {world.fabrikam.tenant_id} --write --enterprise-read"
    assert world.counters("fabrikam")["writes"] == writes
    assert world.fabrikam_portal.all("/applications", **{"$filter": f"displayName eq '{app.display_name}'"}) == []
    assert store.restore_runs() == []  # refused before the audit trail: no run started
    lacking.close()
    world.close()


def test_with_directory_read_users_and_groups_are_matched_and_the_unmatched_warned(
        emulator: Any, store: Store) -> None:  # noqa: F811
    world, setup, snapshot, app = _backed_up(emulator, store)
    # Fabrikam has a member with the contoso user's sign-in name's local part nowhere, but a guest account of
    # that user: found under the user's home sign-in name, as the portal shows invited users.
    fabrikam = emulator.directory.tenant("fabrikam")
    guest_of = setup["user"]["userPrincipalName"]
    guest = _user_like(fabrikam, f"{guest_of.replace('@', '_')}#EXT#@{fabrikam.initial_domain}")
    scoped = scoped_world(emulator, store, (*WITHOUT_DIRECTORY, "Directory.Read.All"))

    preview = _other_tenant(scoped, snapshot, app)
    assert not preview.look_ups_refused and preview.permissions_missing == ()
    report = scoped.service.run(preview)

    [item] = report.items
    assert item.result in ("verified", "warnings"), item
    sp = world.fabrikam_portal.get(f"/servicePrincipals(appId='{item.new_app_id}')")
    assigned = {(a["principalType"], a["principalId"])
                for a in world.fabrikam_portal.all(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo")}
    finance = world.fabrikam_portal.all("/groups", **{"$filter": "displayName eq 'Finance'"})[0]
    assert assigned == {("Group", finance["id"]), ("User", guest["id"])}
    scoped.close()
    world.close()


def test_the_look_ups_cost_requests_per_principal_named_not_per_user_of_the_target(
        emulator: Any, store: Store) -> None:  # noqa: F811
    world, setup, snapshot, app = _backed_up(emulator, store)
    before = world.counters("fabrikam")["requests"]
    first = _other_tenant(world, snapshot, app)
    small = world.counters("fabrikam")["requests"] - before
    # A principal the target lacks is warned about.
    assert any(setup["user"]["userPrincipalName"] in w and "not found" in w for w in said(first.items[0]))

    fabrikam = emulator.directory.tenant("fabrikam")
    for n in range(3000):  # the target grows by three pages of 999 users and two of groups
        _user_like(fabrikam, f"bulk{n}@{fabrikam.initial_domain}")
    template = next(iter(fabrikam.groups.values()))
    for n in range(1500):
        fabrikam.add_group({**copy.deepcopy(template), "id": str(uuid.uuid4()), "displayName": f"Bulk group {n}"})
    before = world.counters("fabrikam")["requests"]
    second = _other_tenant(world, snapshot, app)
    large = world.counters("fabrikam")["requests"] - before

    assert large == small  # no listing of users or groups: the target's size does not matter
    assert [i.warnings for i in second.items] == [i.warnings for i in first.items]
    world.close()


def _user_like(tenant: Any, upn: str) -> dict[str, Any]:
    user = {**copy.deepcopy(next(iter(tenant.users.values()))), "id": str(uuid.uuid4()), "userPrincipalName": upn,
            "displayName": upn.split("@")[0]}
    tenant.add_user(user)
    return user


def test_the_principal_assigned_is_looked_up_by_its_own_name(emulator: Any, store: Store) -> None:  # noqa: F811
    """A group named with a quote is found through an OData literal with the quote doubled."""
    world = World(emulator, store)
    setup = prepared_app(world)
    named = world.portal.http.post("/groups", json={"displayName": "O'Brien's team", "mailEnabled": False,
                                                    "mailNickname": "obrien", "securityEnabled": True})
    assert named.status_code == 201, named.text
    world.portal.http.post(f"/servicePrincipals/{setup['sp']['id']}/appRoleAssignedTo", json={
        "principalId": named.json()["id"], "resourceId": setup["sp"]["id"], "appRoleId": DEFAULT_ACCESS,
    }).raise_for_status()
    time_passes(world)  # Graph lists the assignment a little later
    snapshot = world.snapshot()
    app = next(a for a in world.apps(snapshot) if a.object_id == setup["app"]["id"])
    there = world.fabrikam_portal.http.post("/groups", json={"displayName": "O'Brien's team", "mailEnabled": False,
                                                             "mailNickname": "obrien", "securityEnabled": True})
    assert there.status_code == 201, there.text

    preview, report = world.restore(snapshot, [app], RestoreMode.OTHER_TENANT,
                                    target_tenant_id=world.fabrikam.tenant_id, target_domain="fabrikam.com")

    sp = world.fabrikam_portal.get(f"/servicePrincipals(appId='{report.items[0].new_app_id}')")
    time_passes(world)
    assigned = {a["principalId"] for a in world.fabrikam_portal.all(f"/servicePrincipals/{sp['id']}/appRoleAssignedTo")}
    assert there.json()["id"] in assigned
    world.close()
