"""Cancel with 16 workers: no app starts after Cancel (but the ones the apps under way refer to), and what is
written after it is at most those apps (issue 15: "cancelling at 9 of 110 left 64 written": apps already queued
for a worker still began after Cancel)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from restore_world import FAST, World

from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.remap import RefKind
from desktop_app.domain.restore_plan import Phase
from desktop_app.emulator import Emulator
from desktop_app.services.restore import RestorePreview, RestoreProgress, RestoreService
from desktop_app.store import Store


@pytest.fixture
def world(emulator: Emulator, store: Store) -> Iterator[World]:
    built = World(emulator, store)
    yield built
    built.close()


def referred_to(preview: RestorePreview, under_way: set[str]) -> set[str]:
    """The apps (source object ids) that the apps under way refer to in their steps after the create, directly
    or through each other: the runner must finish those too, or the apps under way stay half-restored."""
    items = preview.plan.items
    by_object = {i.source.object_id: i.source.object_id for i in items}
    # Another app's service principal ("sp:<object id>", made in that app's create phase) counts as that app.
    by_object |= {f"sp:{i.source.object_id}": i.source.object_id for i in items}
    by_app = {i.source.app_id.lower(): i.source.object_id for i in items}
    refers = {
        i.source.object_id: {
            (by_object if ref.kind is RefKind.OBJECT_ID else by_app)[ref.key]
            for step in i.steps if step.phase is not Phase.CREATE for ref in step.refs
            if ref.kind in (RefKind.OBJECT_ID, RefKind.APP_ID)
            and ref.key in (by_object if ref.kind is RefKind.OBJECT_ID else by_app)
        } - {i.source.object_id}
        for i in items
    }
    found: set[str] = set()
    todo = list(under_way)
    while todo:
        for ref in refers[todo.pop()] - found - under_way:
            found.add(ref)
            todo.append(ref)
    return found


@pytest.mark.slow
def test_cancel_with_16_workers_starts_no_further_app_and_writes_at_most_those_under_way(world: World) -> None:
    snapshot = world.snapshot()
    apps = world.apps(snapshot)
    assert len(apps) > 48  # several times the 16 workers
    for app in apps:
        world.portal.delete_app(app.object_id, permanently=True)
    live_before = len(world.portal.app_names())
    preview = world.service.preview(world.request(snapshot, None))
    cancel = CancelToken()
    lock = threading.Lock()
    running: set[str] = set()
    finished: set[str] = set()
    at_cancel: dict[str, set[str]] = {}
    started_after: list[str] = []

    def progress(p: RestoreProgress) -> None:
        with lock:
            if p.status == "running":
                if cancel.cancelled:
                    started_after.append(p.object_id)
                running.add(p.object_id)
            else:
                running.discard(p.object_id)
                finished.add(p.object_id)
            # Cancel once all 16 workers are busy and a few apps are done: the queue holds apps not yet begun.
            if not cancel.cancelled and len(finished) >= 4 and len(running) >= 8:
                at_cancel["under_way"] = set(running)
                at_cancel["finished"] = set(finished)
                cancel.cancel()

    sixteen = RestoreService(world.store, world.connector, reader=world.backup.reader, operator="tester",
                             timing=replace(FAST, workers=16))
    world.emulator.configure(latency_ms=60)  # each app takes a moment, so the workers overlap
    try:
        report = sixteen.run(preview, progress=progress, cancel=cancel)
    finally:
        world.emulator.configure(latency_ms=0)

    assert at_cancel, "the run ended before it could be cancelled"
    assert report.cancelled
    # No app began after Cancel but those the apps under way refer to (so those are not left half-restored).
    extra = referred_to(preview, at_cancel["under_way"]) - at_cancel["finished"]
    assert set(started_after) <= extra
    done = {i.source_object_id for i in report.items if i.result != "skipped"}
    assert done <= at_cancel["under_way"] | at_cancel["finished"] | extra
    assert all(i.result in ("verified", "warnings") for i in report.items if i.result != "skipped")
    written_after_cancel = len(world.portal.app_names()) - live_before - len(at_cancel["finished"])
    assert 0 < written_after_cancel <= len(at_cancel["under_way"]) + len(extra)
    skipped = [i for i in report.items if i.result == "skipped"]
    # At most the scheduler's window of 32 apps, and the apps those refer to (consent, owners: linked sets).
    assert len(skipped) == len(apps) - len(done) >= len(apps) - 32 - len(extra)
    assert world.store.restore_run(report.run_id).status == "cancelled"
