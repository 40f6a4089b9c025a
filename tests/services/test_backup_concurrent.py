"""Two backups of one tenant at once (two technicians, a scheduled run and a manual one): the tenant's lock makes
the second wait for the first, or tells it who is running, so no snapshot is doubled or lost. Both engines."""

from __future__ import annotations

import threading

from desktop_app.services.backup import BackupProgress, BackupService, BackupSummary
from desktop_app.store import LockHolder, Store, TenantBusy, TenantInfo

from .conftest import fast_connector


def _start(service: BackupService, tenant: TenantInfo, **kwargs: object) -> tuple[threading.Thread, list[object]]:
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(service.run(tenant.tenant_id, **kwargs))  # type: ignore[arg-type]
        except TenantBusy as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _first_holding(service: BackupService, tenant: TenantInfo) -> tuple[threading.Thread, list[object], threading.Event]:
    """A first backup that pauses while reading Graph, holding the tenant, until the event is set."""
    reading, go_on = threading.Event(), threading.Event()

    def progress(p: BackupProgress) -> None:
        if p.phase != "writing":
            reading.set()
            assert go_on.wait(60)

    thread, outcome = _start(service, tenant, progress=progress)
    assert reading.wait(60)
    return thread, outcome, go_on


def test_a_second_backup_waits_for_the_first_and_both_snapshots_are_whole(store: Store, contoso: TenantInfo) -> None:
    first, first_out, go_on = _first_holding(BackupService(store, fast_connector()), contoso)
    told: list[LockHolder | None] = []
    second, second_out = _start(BackupService(store, fast_connector()), contoso, lock_wait=120, on_lock_wait=told.append)
    while not told and second.is_alive():
        second.join(0.1)
    assert told and told[0] is not None and told[0].purpose == "backup"
    assert second_out == []  # waiting, not reading Graph
    go_on.set()
    first.join(120)
    second.join(120)
    a, b = first_out[0], second_out[0]
    assert isinstance(a, BackupSummary) and isinstance(b, BackupSummary)
    assert (a.added, b.added, b.changed, b.removed) == (a.apps, 0, 0, 0)
    snapshots = store.snapshots(contoso.tenant_id)
    assert [s.id for s in snapshots] == [b.snapshot_id, a.snapshot_id]
    ids = store.app_ids(contoso.tenant_id)
    assert len(ids) == a.apps
    assert all(row.version_count == 1 for row in store.app_rows(ids))  # nothing doubled


def test_a_second_backup_that_may_not_wait_is_told_who_runs_it(store: Store, contoso: TenantInfo) -> None:
    first, first_out, go_on = _first_holding(BackupService(store, fast_connector()), contoso)
    try:
        second, second_out = _start(BackupService(store, fast_connector()), contoso)
        second.join(60)
        busy = second_out[0]
        assert isinstance(busy, TenantBusy)
        assert "is busy: a backup by" in str(busy) and "Try again" in str(busy)
    finally:
        go_on.set()
        first.join(120)
    assert isinstance(first_out[0], BackupSummary)
    assert len(store.snapshots(contoso.tenant_id, include_failed=True)) == 1  # the refused one wrote nothing
