"""The change timeline's records (store/timeline.py): audit events kept once and forever, linked to the versions they
explain whichever comes first, capture state written with its snapshot, incremental snapshots; on both engines."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from older_schemas import as_schema_5, older_store
from store_testkit import T0, TENANT, observed, snapshot_write, write

from desktop_app.domain.audit import AuditEvent, parse_event
from desktop_app.store import Store
from desktop_app.store.location import DatabaseLocation


def event(event_id: str, at: datetime, *targets: tuple[str, str], actor: str = "alice@contoso.example",
          activity: str = "Update application", props: list[dict[str, Any]] | None = None) -> AuditEvent:
    raw = {
        "id": event_id, "category": "ApplicationManagement", "activityDisplayName": activity,
        "activityDateTime": at.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z", "result": "success",
        "initiatedBy": {"user": {"id": "u1", "userPrincipalName": actor}, "app": None},
        "targetResources": [{"id": object_id, "type": kind, "displayName": None,
                             "modifiedProperties": props if i == 0 and props else []}
                            for i, (object_id, kind) in enumerate(targets)],
    }
    parsed = parse_event(raw)
    assert parsed is not None
    return parsed


def at(day: int, minutes: int = 0) -> datetime:
    return T0 + timedelta(days=day, minutes=minutes)


def versions(store: Store, object_id: str) -> list[int]:
    app = next(r for r in store.app_rows(store.app_ids(TENANT, include_deleted=True)) if r.object_id == object_id)
    return [v.pk for v in reversed(store.versions(app.pk))]  # oldest first


def actors(store: Store, object_id: str) -> list[list[str | None]]:
    found = store.timeline.changed_by(versions(store, object_id))
    return [[e.actor.name for e in found.get(v, [])] for v in versions(store, object_id)]


def test_events_are_kept_once_by_their_id(store: Store) -> None:
    first = event("e1", at(0, -30), ("o1", "Application"))
    assert store.timeline.add_events(TENANT, [first, first]) == ["e1"]
    assert store.timeline.add_events(TENANT, [first, event("e2", at(0, -20), ("o1", "Application"))]) == ["e2"]
    assert store.timeline.event_count(TENANT) == 2
    assert [e.event_id for e in store.timeline.events(TENANT)] == ["e2", "e1"]  # newest first
    assert [e.event_id for e in store.timeline.events(TENANT, since=at(0, -25))] == ["e2"]


def test_an_event_explains_the_first_version_after_it_whichever_comes_first(store: Store) -> None:
    write(store, [observed("o1", "Alpha"), observed("o2", "Beta")], day=0)
    # Known before the snapshot that saw the change: linked when that snapshot is written.
    store.timeline.add_events(TENANT, [event("e1", at(1, -60), ("o1", "Application"), actor="alice@x")])
    write(store, [observed("o1", "Alpha 2"), observed("o2", "Beta")], day=1)
    # Known only after it (Graph shows events late): linked when it arrives.
    write(store, [observed("o1", "Alpha 2"), observed("o2", "Beta 2")], day=2)
    store.timeline.add_events(TENANT, [event("e2", at(2, -60), ("o2", "Application"), actor="bob@x")])
    assert actors(store, "o1") == [[], ["alice@x"]]
    assert actors(store, "o2") == [[], ["bob@x"]]


def test_an_event_that_changed_nothing_stored_is_left_unmatched_and_a_future_one_waits(store: Store) -> None:
    write(store, [observed("o1", "Alpha")], day=0)
    store.timeline.add_events(TENANT, [event("same", at(1, -60), ("o1", "Application")),
                                       event("later", at(1, 30), ("o1", "Application"), actor="carol@x")])
    write(store, [observed("o1", "Alpha")], day=1)  # no new version: the first event changed nothing stored
    write(store, [observed("o1", "Alpha 3")], day=2)
    assert actors(store, "o1") == [[], ["carol@x"]]  # not the event before day 1's snapshot


def test_service_principals_and_app_ids_name_their_app(store: Store) -> None:
    write(store, [observed("o1", "Alpha", app_id="A1"), observed("o2", "Beta", app_id="A2")], day=0)
    store.timeline.add_events(TENANT, [
        event("grant", at(1, -50), ("res-sp", "ServicePrincipal"), ("sp-1", "ServicePrincipal"), actor="dan@x",
              activity="Add delegated permission grant"),
        event("role", at(1, -40), ("graph-sp", "ServicePrincipal"), actor="erin@x",
              activity="Add app role assignment to service principal",
              props=[{"displayName": "ServicePrincipal.AppId", "oldValue": None, "newValue": json.dumps("a2")}]),
    ])
    store.timeline.set_service_principals(TENANT, {"SP-1": "A1", "sp-2": "a2"})
    assert store.timeline.service_principals(TENANT) == {"sp-1": "a1", "sp-2": "a2"}
    write(store, [observed("o1", "Alpha", app_id="A1", consent=1), observed("o2", "Beta", app_id="A2", roles=1)],
          day=1)
    assert actors(store, "o1") == [[], ["dan@x"]]
    assert actors(store, "o2") == [[], ["erin@x"]]
    assert [e.event_id for e in store.timeline.events(TENANT, app_object_id="o1")] == ["grant"]
    assert [e.event_id for e in store.timeline.events(TENANT, app_object_id="o2")] == ["role"]


def test_capture_state_comes_with_its_snapshot_or_not_at_all(store: Store) -> None:
    assert store.timeline.capture_state(TENANT).applications_link is None
    snap = write(store, [observed("o1", "Alpha")], capture={
        "applications_link": "https://graph/applications/delta?$deltatoken=1", "full_sweep": at(0),
        "looked": at(0, 1), "links_since": at(0)})
    state = store.timeline.capture_state(TENANT)
    assert (state.applications_link, state.snapshot_id, state.full_sweep) == (
        "https://graph/applications/delta?$deltatoken=1", snap.id, at(0))
    twice = observed("o1", "Alpha 2")
    with pytest.raises(ValueError, match="twice"):
        store.write_snapshot(TENANT, snapshot_write([twice, twice], day=1, capture={"applications_link": "lost"}))
    assert store.timeline.capture_state(TENANT).applications_link.endswith("=1")  # rolled back with it
    store.timeline.save_capture_state(TENANT, looked=at(1), audit_read_until=at(1, -5))
    state = store.timeline.capture_state(TENANT)
    assert (state.looked, state.audit_read_until, state.snapshot_id) == (at(1), at(1, -5), snap.id)
    with pytest.raises(ValueError):
        store.timeline.save_capture_state(TENANT, nonsense=1)


def test_an_incremental_snapshot_names_only_what_changed(store: Store) -> None:
    write(store, [observed(f"o{i}", f"App {i}") for i in range(5)], day=0)
    snap = write(store, [observed("o1", "App 1 changed"), observed("o5", "App 5")], day=1, incremental=True,
                 recycle_bin={"o2": at(30)}, gone=frozenset({"o3"}))
    assert snap.incremental and not snap.partial
    assert (snap.apps, snap.added, snap.changed, snap.removed) == (4, 1, 1, 2)
    rows = {r.object_id: r for r in store.app_rows(store.app_ids(TENANT, include_deleted=True))}
    assert {k: r.status for k, r in rows.items()} == {
        "o0": "active", "o1": "active", "o2": "recycled", "o3": "purged", "o4": "active", "o5": "active"}
    assert store.app_at(rows["o4"].pk, snap.id) is not None  # unchanged apps are as they were


def test_a_schema_5_store_gets_the_timeline_tables(database: DatabaseLocation) -> None:
    older_store(database, as_schema_5)
    with Store.open(database) as store:
        assert store.snapshots(TENANT)[0].incremental is False
        store.timeline.add_events(TENANT, [event("e1", at(1, -10), ("o1", "Application"))])
        write(store, [observed("o1", "Alpha 2")], day=1, incremental=True)
        assert actors(store, "o1") == [[], ["alice@contoso.example"]]
