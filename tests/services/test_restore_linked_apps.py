"""Issue 29 items 8, 9 and 10: apps of one restore that name each other. Consent one app holds on another, and an
app owned by another app's service principal, come back when both are restored together (from the recycle bin or
recreated), the run verifies what it wrote without calling a correct restore failed, and the apps list shows each
recreated app once."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from restore_world import World

from desktop_app.domain.natural_sort import natural_key
from desktop_app.domain.restore_plan import StepKind, WarningCode
from desktop_app.emulator import Emulator
from desktop_app.services.restore import RestorePreview
from desktop_app.services.restore_report import export_recorded
from desktop_app.store import AppAt, Store
from desktop_app.ui.restore.preview_rows import preview_rows
from desktop_app.ui.restore.report_rows import recorded_row


@dataclass(frozen=True)
class Linked:
    snapshot: int
    client: AppAt  # holds delegated consent on `resource`
    resource: AppAt
    scopes: frozenset[str]
    owned: AppAt  # owned by `owner`'s service principal
    owner: AppAt


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with Emulator("contoso:19,fabrikam:3", seed=1, throttle="off") as emulator:
        store = Store.open(tmp_path / "regvault.sqlite")
        built = World(emulator, store)
        yield built
        built.close()
        store.close()


@pytest.fixture
def linked(world: World) -> Linked:
    snapshot = world.snapshot()
    apps = world.apps(snapshot)
    by_app_id = {a.app_id: a for a in apps}
    sps = {s["id"]: s for s in world.portal.all("/servicePrincipals", **{"$top": 999})}
    grants = [g for g in world.portal.all("/oauth2PermissionGrants")
              if sps.get(g["clientId"], {}).get("appId") in by_app_id
              and sps.get(g["resourceId"], {}).get("appId") in by_app_id]
    assert grants, "the seed has consent between two of its apps"
    grant = grants[0]
    owned = [(a, o) for a in apps for o in a.document.get("owners") or []
             if o.get("@odata.type") == "#microsoft.graph.servicePrincipal" and o.get("appId") in by_app_id]
    assert owned, "the seed has an app owned by another app's service principal"
    return Linked(snapshot, by_app_id[sps[grant["clientId"]]["appId"]], by_app_id[sps[grant["resourceId"]]["appId"]],
                  frozenset(grant["scope"].split()), owned[0][0], by_app_id[owned[0][1]["appId"]])


def _sp(world: World, app_id: str) -> dict[str, Any]:
    (sp,) = world.portal.all("/servicePrincipals", **{"$filter": f"appId eq '{app_id}'"})
    return sp


def _live_app_id(world: World, app: AppAt) -> str:
    (live,) = world.portal.all("/applications", **{"$filter": f"displayName eq '{app.display_name}'",
                                                   "$select": "appId"})
    return str(live["appId"])


def _consent_between(world: World, client: AppAt, resource: AppAt) -> set[str]:
    client_sp, resource_sp = _sp(world, _live_app_id(world, client)), _sp(world, _live_app_id(world, resource))
    grants = world.portal.all("/oauth2PermissionGrants", **{"$filter": f"clientId eq '{client_sp['id']}'"})
    return {s for g in grants if g["resourceId"] == resource_sp["id"] for s in g["scope"].split()}


def _owned_by_sp(world: World, owned: AppAt, owner: AppAt) -> bool:
    owner_sp = _sp(world, _live_app_id(world, owner))
    (live,) = world.portal.all("/applications", **{"$filter": f"displayName eq '{owned.display_name}'"})
    return owner_sp["id"] in {o["id"] for o in world.portal.all(f"/applications/{live['id']}/owners")}


def _left_out(preview: RestorePreview) -> list[tuple[str, WarningCode]]:
    """Consent and owners the preview leaves out (the planner's warnings and those found reading the target)."""
    extra = preview.inputs.extra_warnings if preview.inputs is not None else {}
    return [(i.source.document["application"]["displayName"], w.code) for i in preview.plan.items
            for w in (*i.warnings, *extra.get(i.source.object_id, ()))
            if w.code in (WarningCode.CONSENT_RESOURCE_NOT_IN_TARGET, WarningCode.OWNER_NOT_FOUND)]


def test_a_resource_back_from_the_recycle_bin_keeps_its_consent_and_the_run_verifies(world: World,
                                                                                      linked: Linked) -> None:
    """Item 8: the resource's app is in the recycle bin, the client is overwritten: the consent is expected (it
    comes back with the resource's service principal), not warned about and then called a mismatch."""
    world.portal.delete_app(linked.resource.object_id)
    preview, report = world.restore(linked.snapshot, None)
    assert _left_out(preview) == []
    failed = [(i.display_name, i.error_code, i.failure) for i in report.items if i.result == "failed"]
    assert failed == [] and report.stopped is None
    assert _consent_between(world, linked.client, linked.resource) == linked.scopes


@pytest.mark.parametrize("permanently", [False, True], ids=["recycle-bin", "recreated"])
def test_consent_and_ownership_between_apps_restored_together_come_back(world: World, linked: Linked,
                                                                        permanently: bool) -> None:
    """Item 10: the client and its resource, the owned app's owner: all deleted, all restored in one run (undeleted
    or recreated with new ids): the consent and the ownership are restored, nothing left out, all verified."""
    for app in {linked.client.object_id, linked.resource.object_id, linked.owner.object_id}:
        world.portal.delete_app(app, permanently=permanently)
    preview, report = world.restore(linked.snapshot, None)
    assert _left_out(preview) == []
    assert [(i.display_name, i.failure) for i in report.items if i.result == "failed"] == []
    assert _consent_between(world, linked.client, linked.resource) == linked.scopes
    assert _owned_by_sp(world, linked.owned, linked.owner)
    again = world.service.preview(world.request(linked.snapshot, None))  # a later dry run: nothing left of these
    assert _left_out(again) == []
    access = {StepKind.SET_DELEGATED_GRANT, StepKind.REMOVE_DELEGATED_GRANT, StepKind.ADD_APP_ROLE_ASSIGNMENT,
              StepKind.REMOVE_APP_ROLE_ASSIGNMENT, StepKind.ADD_OWNER, StepKind.REMOVE_OWNER}
    assert [(i.source.document["application"]["displayName"], s.kind) for i in again.plan.items for s in i.steps
            if s.kind in access] == []


def test_the_apps_list_shows_each_recreated_app_once(world: World, linked: Linked) -> None:
    """Item 9: after a restore that recreated apps, and its re-run, the list holds each app once: the old object
    (gone for good, the reason for the recreate) is no longer listed as active."""
    gone = [linked.client, linked.resource]
    for app in gone:
        world.portal.delete_app(app.object_id, permanently=True)
    world.restore(linked.snapshot, None)
    world.restore(linked.snapshot, None)
    tenant = world.contoso.tenant_id
    rows = world.store.app_rows(world.store.app_ids(tenant))  # the list as the window shows it
    names = Counter(r.display_name for r in rows)
    assert {n: c for n, c in names.items() if c > 1} == {}
    current = world.store.current_apps(tenant)
    assert [current[a.object_id].status for a in gone] == ["purged", "purged"]
    assert sum(1 for a in current.values() if a.status == "active") == len(world.apps(linked.snapshot))


def test_an_app_as_at_the_snapshot_whose_consent_cant_be_restored_is_not_written_and_says_so(
        world: World, linked: Linked, tmp_path: Path) -> None:
    """Issue 22: an app already as at the snapshot is not written to ("unchanged"); one whose consent on a resource
    the tenant no longer has is left out has nothing to write either, but needs a look: "warnings", not hidden
    among the unchanged."""
    world.portal.delete_app(linked.resource.object_id, permanently=True)
    others = [a for a in world.apps(linked.snapshot)
              if a.object_id not in {linked.client.object_id, linked.resource.object_id}]
    # One whose name comes first: the window's preview still puts the app that needs a look first.
    untouched = min(others, key=lambda a: natural_key(a.display_name))
    assert natural_key(untouched.display_name) < natural_key(linked.client.display_name)
    preview, report = world.restore(linked.snapshot, [linked.client, untouched])
    assert (linked.client.display_name, WarningCode.CONSENT_RESOURCE_NOT_IN_TARGET) in _left_out(preview)
    assert all(i.up_to_date for i in preview.items), preview.items
    assert [r.display_name for r in preview_rows(preview)] == [linked.client.display_name, untouched.display_name]
    results = {i.display_name: (i.result, i.up_to_date) for i in report.items}
    assert results == {linked.client.display_name: ("warnings", True), untouched.display_name: ("unchanged", True)}
    assert report.writes == 0
    # The restore history says the same of the run afterwards: "No change" for both, the warning kept.
    history = {row.display_name: row for row in map(recorded_row, world.store.restore_items(report.run_id))}
    assert {name: (row.result, row.up_to_date) for name, row in history.items()} == results
    assert history[linked.client.display_name].warnings
    [run] = [r for r in world.store.restore_runs() if r.id == report.run_id]
    exported = tmp_path / "run.json"
    export_recorded(run, world.store.restore_items(report.run_id), exported, "json")
    items = json.loads(exported.read_text(encoding="utf-8"))["items"]
    assert {i["display_name"]: (i["result"], i["up_to_date"]) for i in items} == results
