"""Issue 16: restore runs left "running" by versions before the journal (no journal row, their process long gone)
are closed as interrupted by the next preview or run into their tenant, saying what they had reported; a run
that still shows signs of life, one started a moment ago, and runs into other tenants are left alone. On both
engines."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.domain.restore_plan import RestoreMode
from desktop_app.emulator import Emulator
from desktop_app.services import restore_journal
from desktop_app.services.backup import BackupService
from desktop_app.services.restore import RestoreRequest, RestoreService
from desktop_app.services.restore_texts import describe_stopped
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import DatabaseLocation, Store
from desktop_app.store.models import RestoreItem
from desktop_app.store.records import RestoreItemRecord, TenantInfo

OTHER_TENANT = "33333333-3333-3333-3333-333333333333"


@pytest.fixture
def backed_up(database: DatabaseLocation) -> Iterator[tuple[Store, TenantInfo, int]]:
    with Emulator("contoso:12", seed=5, throttle="off") as emulator:
        store = Store.open(database)
        try:
            tenant = TenantService(store, GraphConnector()).add_emulator_tenant(
                emulator.base_url, emulator.tenant_id("contoso"))
            snapshot = BackupService(store, GraphConnector()).run(tenant.tenant_id).snapshot_id
            yield store, tenant, snapshot
        finally:
            store.close()


def _legacy_run(store: Store, tenant_id: str, snapshot: int | None, *, started_ago: timedelta,
                reported_ago: timedelta | None = None, target: str | None = None) -> int:
    """A run as versions before the journal left it: an audit row "running", maybe some items, no journal."""
    run = store.start_restore_run(operator="bob", tenant_id=tenant_id, target_tenant_id=target or tenant_id,
                                  snapshot_id=snapshot, mode="with-object", started=datetime.now(UTC) - started_ago)
    if reported_ago is not None:
        item = store.add_restore_item(run.id, RestoreItemRecord(
            source_object_id="o1", source_app_id="a1", display_name="App 1", action="overwrite", result="verified"))
        RestoreItem.update(recorded=datetime.now(UTC) - reported_ago).where(RestoreItem.id == item.id).execute()
    return run.id


def test_the_next_preview_closes_a_run_left_running_without_a_journal(
    backed_up: tuple[Store, TenantInfo, int]
) -> None:
    store, tenant, snapshot = backed_up
    tid = tenant.tenant_id
    legacy = _legacy_run(store, tid, snapshot, started_ago=timedelta(days=3), reported_ago=timedelta(days=3))
    never_reported = _legacy_run(store, tid, None, started_ago=timedelta(hours=2))
    still_reporting = _legacy_run(store, tid, snapshot, started_ago=timedelta(hours=2),
                                  reported_ago=timedelta(minutes=1))
    just_started = _legacy_run(store, tid, snapshot, started_ago=timedelta(seconds=5))
    elsewhere = _legacy_run(store, tid, snapshot, started_ago=timedelta(days=3), target=OTHER_TENANT)

    service = RestoreService(store, GraphConnector())
    preview = service.preview(RestoreRequest(tid, snapshot, None, RestoreMode.WITH_OBJECT))

    assert sorted(r.run_id for r in preview.recovered) == sorted([legacy, never_reported])
    closed = store.restore_run(legacy)
    said = describe_stopped(closed)
    assert closed.status == "interrupted" and closed.finished is not None
    assert said is not None
    assert "1 app reported" in said and "bob" in said
    assert "not known" in said and "preview the restore again" in said
    assert [i.result for i in store.restore_items(legacy)] == ["verified"]  # its audit kept as it was
    assert "0 apps reported" in str(describe_stopped(store.restore_run(never_reported)))
    # Signs of life (an app reported a minute ago, a start seconds ago): maybe a process still at work.
    assert store.restore_run(still_reporting).status == "running"
    assert store.restore_run(just_started).status == "running"
    assert store.restore_run(elsewhere).status == "running"  # another tenant's: its own preview settles it
    assert service.preview(RestoreRequest(tid, snapshot, None, RestoreMode.WITH_OBJECT)).recovered == ()


def test_a_journaled_run_is_left_to_the_journal(backed_up: tuple[Store, TenantInfo, int]) -> None:
    """A dead run with a journal is settled from its journal (test_restore_killed), never closed blindly here."""
    store, tenant, snapshot = backed_up
    run = store.start_restore_run(operator="bob", tenant_id=tenant.tenant_id, target_tenant_id=tenant.tenant_id,
                                  snapshot_id=snapshot, mode="with-object",
                                  started=datetime.now(UTC) - timedelta(days=1))
    store.journal.begin(run.id, {"tenant_id": tenant.tenant_id}, "another-host", 1, [])
    assert restore_journal.close_unjournaled_runs(store, tenant.tenant_id) == []
    assert store.restore_run(run.id).status == "running"


def test_two_processes_closing_the_same_run_close_it_once(backed_up: tuple[Store, TenantInfo, int]) -> None:
    store, tenant, snapshot = backed_up
    run = _legacy_run(store, tenant.tenant_id, snapshot, started_ago=timedelta(days=1))
    found = store.journal.unjournaled_runs(tenant.tenant_id, datetime.now(UTC))
    assert [f.run.id for f in found] == [run]
    first, second = ({"code": "unjournaled_gone", "params": {"operator": name}} for name in ("first", "second"))
    assert store.journal.close_unjournaled(run, first) is True
    assert store.journal.close_unjournaled(run, second) is False  # the other one had closed it meanwhile
    assert store.restore_run(run).stopped == {"code": "unjournaled_gone", "params": {"operator": "first"}}
