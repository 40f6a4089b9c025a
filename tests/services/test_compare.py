"""Compare (issue 13 §1): an app between two snapshots, two versions, a snapshot and the live emulator; a whole
tenant since a snapshot, until another snapshot or until now. Changes are made over plain HTTP, as an admin
would, between real backups."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from desktop_app.domain.diff import ChangeKind
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.compare import AppChangeKind, CompareError, CompareService, Side, SideKind
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store, TenantInfo


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(tenants="contoso:14,fabrikam:3", seed=7, throttle="off") as emu:
        yield emu


@pytest.fixture
def world(emulator: Emulator, store: Store, graph: Any) -> tuple[TenantInfo, BackupService, Any]:
    """The tenant, a backup service, and plain HTTP to the emulator (conftest's `graph`)."""
    connector = GraphConnector(timeout=20, max_retries=6)
    tenant = TenantService(store, connector).add_emulator_tenant(emulator.base_url, emulator.tenant_id("contoso"))
    return tenant, BackupService(store, connector), graph


def _active(graph: Any) -> list[dict[str, Any]]:
    return sorted(graph.all("/applications", **{"$select": "id,appId,displayName,web,notes"}),
                  key=lambda a: a["displayName"])


def test_an_app_between_two_snapshots_and_against_the_live_tenant(world, store: Store) -> None:
    tenant, backup, graph = world
    first = store.get_tenant(tenant.tenant_id)
    one = backup.run(first.tenant_id).snapshot_id
    app = next(a for a in _active(graph) if a["web"]["redirectUris"])
    graph.send("PATCH", f"/applications/{app['id']}", json={
        "notes": "changed once", "web": {"redirectUris": ["https://changed.contoso.com/signin"]}})
    two = backup.run(first.tenant_id).snapshot_id
    service = CompareService(store, backup.reader)
    row = store.find_app(tenant.tenant_id, app["appId"])
    assert row is not None

    between = service.app(tenant.tenant_id, row.pk, Side.at(store.snapshot(one)), Side.at(store.snapshot(two)))
    by_path = {between.path_text(c): c for c in between.changes}
    assert set(by_path) == {"notes", "web.redirectUris"}
    assert by_path["web.redirectUris"].old == app["web"]["redirectUris"]
    assert by_path["web.redirectUris"].new == ["https://changed.contoso.com/signin"]
    assert by_path["notes"].kind in (ChangeKind.CHANGED, ChangeKind.ADDED)

    # The same two versions picked as versions give the same diff.
    newest, older = store.versions(row.pk)[:2]
    as_versions = service.app(tenant.tenant_id, row.pk, Side.of(older), Side.of(newest))
    assert as_versions.changes == between.changes

    # Against the live tenant: an unsaved change shows, the backed-up ones do not.
    graph.send("PATCH", f"/applications/{app['id']}", json={"description": "live only"})
    live = service.app(tenant.tenant_id, row.pk, Side.at(store.snapshot(two)), Side.live())
    assert live.new_side.kind is SideKind.LIVE and live.new_side.read_at is not None
    assert [(live.path_text(c), c.new) for c in live.changes] == [("description", "live only")]
    since_first = service.app(tenant.tenant_id, row.pk, Side.at(store.snapshot(one)), Side.live())
    assert {since_first.path_text(c) for c in since_first.changes} == {"description", "notes", "web.redirectUris"}
    assert len(store.snapshots(tenant.tenant_id)) == 2  # reading live wrote nothing

    # Deleted since: the live side has no document.
    graph.send("DELETE", f"/applications/{app['id']}")
    gone = service.app(tenant.tenant_id, row.pk, Side.at(store.snapshot(two)), Side.live())
    assert gone.new is None and [c.kind for c in gone.changes] == [ChangeKind.REMOVED]


def test_the_whole_tenant_since_a_snapshot_until_another_and_until_now(world, store: Store) -> None:
    tenant, backup, graph = world
    one = backup.run(tenant.tenant_id).snapshot_id
    apps = _active(graph)
    changed, deleted, purged = apps[0], apps[1], apps[2]
    graph.send("PATCH", f"/applications/{changed['id']}", json={"notes": "after the incident"})
    graph.send("DELETE", f"/applications/{deleted['id']}")
    graph.send("DELETE", f"/applications/{purged['id']}")
    graph.send("DELETE", f"/directory/deletedItems/{purged['id']}")
    added = graph.send("POST", "/applications", json={"displayName": "Added after the snapshot"}).json()
    service = CompareService(store, backup.reader)

    live = service.tenant(tenant.tenant_id, Side.at(store.snapshot(one)), Side.live())
    kinds = {(a.kind, a.object_id) for a in live.apps}
    assert kinds == {
        (AppChangeKind.CHANGED, changed["id"]), (AppChangeKind.REMOVED, deleted["id"]),
        (AppChangeKind.REMOVED, purged["id"]), (AppChangeKind.ADDED, added["id"]),
    }
    assert live.counts == {"added": 1, "changed": 1, "removed": 2, "unchanged": len(apps) - 3}
    assert live.of_kind(AppChangeKind.CHANGED)[0].paths == ("notes",)
    removed = {a.object_id: a for a in live.of_kind(AppChangeKind.REMOVED)}
    assert removed[deleted["id"]].now == "recycled" and removed[deleted["id"]].purge is not None
    assert removed[purged["id"]].now == "purged"
    assert live.of_kind(AppChangeKind.ADDED)[0].app_pk is None  # never backed up
    assert len(store.snapshots(tenant.tenant_id)) == 1

    two = backup.run(tenant.tenant_id).snapshot_id
    stored = service.tenant(tenant.tenant_id, Side.at(store.snapshot(one)), Side.at(store.snapshot(two)))
    assert {(a.kind, a.object_id) for a in stored.apps} == kinds
    assert all(a.now is None for a in stored.apps)
    assert service.tenant(tenant.tenant_id, Side.at(store.snapshot(two)), Side.live()).apps == ()


def test_a_snapshot_of_another_tenant_or_a_version_of_another_app_is_refused(world, store: Store,
                                                                              emulator: Emulator) -> None:
    tenant, backup, graph = world
    other = TenantService(store, GraphConnector()).add_emulator_tenant(emulator.base_url,
                                                                        emulator.tenant_id("fabrikam"))
    mine = backup.run(tenant.tenant_id).snapshot_id
    theirs = backup.run(other.tenant_id).snapshot_id
    service = CompareService(store, backup.reader)
    with pytest.raises(CompareError, match="not a snapshot of"):
        service.tenant(tenant.tenant_id, Side.at(store.snapshot(theirs)), Side.live())
    first, second = (store.find_app(tenant.tenant_id, a["appId"]) for a in _active(graph)[:2])
    assert first is not None and second is not None
    with pytest.raises(CompareError, match="not a version of"):
        service.app(tenant.tenant_id, first.pk, Side.of(store.versions(second.pk)[0]),
                    Side.at(store.snapshot(mine)))
