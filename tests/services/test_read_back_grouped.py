"""Issue 9: a restore's read-backs share their certificate-limited read. Each app written is read back once, and
that read selects keyCredentials (150 a minute per tenant): read one app at a time, 1,000 apps make a floor of
346 s of their own. Read-backs that arrive together are read in one call (9 apps to a limited read)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import pytest
from restore_world import World

from desktop_app.services.read_back import GROUP_SIZE, GroupedReads


def test_read_backs_arriving_together_are_read_in_one_call_and_each_worker_gets_its_app() -> None:
    calls: list[list[str]] = []
    lock = threading.Lock()

    def read(ids: list[str], written: dict[str, Mapping[str, str]]) -> dict[str, Any]:
        with lock:
            calls.append(list(ids))
        return {i: {"id": i, "written": dict(written.get(i, {}))} for i in ids if i != "gone"}

    reads = GroupedReads(read, wait_s=0.5)
    got: dict[str, Any] = {}
    ids = [f"app{n}" for n in range(2 * GROUP_SIZE + 3)] + ["gone"]

    def worker(object_id: str) -> None:
        got[object_id] = reads.get(object_id, {"k": object_id})

    threads = [threading.Thread(target=worker, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert got.pop("gone") is None  # not found: None, as one read by id says
    assert got == {i: {"id": i, "written": {"k": i}} for i in ids if i != "gone"}
    assert sorted(i for call in calls for i in call) == sorted(ids)  # each app read once
    assert all(len(call) <= GROUP_SIZE for call in calls)
    assert len(calls) <= 4  # 40 apps: three groups, maybe a fourth for a late one


def test_a_failed_group_read_fails_every_worker_of_the_group() -> None:
    def read(ids: list[str], written: dict[str, Mapping[str, str]]) -> dict[str, Any]:
        raise RuntimeError("Graph said no")

    reads = GroupedReads(read, wait_s=0.2)
    errors: list[str] = []

    def worker(object_id: str) -> None:
        try:
            reads.get(object_id)
        except RuntimeError as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=worker, args=(f"a{n}",)) for n in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert errors == ["Graph said no"] * 5


@pytest.mark.slow
def test_a_restore_of_many_apps_stays_under_the_certificate_read_limit(world: World, store: Any) -> None:
    snapshot = world.snapshot()
    apps = world.apps(snapshot)[:40]
    for app in apps:
        world.portal.delete_app(app.object_id, permanently=True)
    preview = world.service.preview(world.request(snapshot, apps))  # reads the tenant by listing it
    # Half as many certificate-limited reads a minute as apps: one read-back each would run into Graph's 429s. (Not
    # fewer: how many read-backs arrive together depends on the workers' timing, and a loaded machine spreads them.)
    world.emulator.configure(key_credential_reads_per_minute=len(apps) // 2)
    before = world.counters()
    report = world.service.run(preview)
    after = world.counters()
    assert all(i.result in ("verified", "warnings") for i in report.items), [i.failure for i in report.items]
    assert after.get("throttled", 0) == before.get("throttled", 0)
