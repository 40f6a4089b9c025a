"""Issue 16: one backup or restore of a tenant at a time, across processes (the store's per-tenant lock). A
restore waits for a backup of its tenant and says for whom; two restores run one after the other; three backups
started at once are serialised and all complete. Each `regvault` runs in a process of its own against an emulator
in this process, on both engines (SQLite, and PostgreSQL where REGVAULT_TEST_POSTGRES names a server).

To make "the other one is still running" certain rather than likely under load, the emulator holds back the one
request a test names (a Gate) until the test has seen the second process wait; every other request is answered
as usual."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from process_lines import ProcessLines

from desktop_app.app import AppPaths
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import DatabaseLocation, Store

TIMEOUT_S = 240


class Gate:
    """Holds back the first Graph request matching `methods` after `arm` until `open`."""

    def __init__(self, emulator: Emulator) -> None:
        self._log = emulator.log_request
        self._lock = threading.Lock()
        self._methods: frozenset[str] = frozenset()
        self.caught = threading.Event()
        self._opened = threading.Event()
        emulator.log_request = self  # type: ignore[method-assign]  # the server calls it for every Graph request

    def arm(self, *methods: str) -> None:
        with self._lock:
            self._methods = frozenset(methods)
            self.caught.clear()
            self._opened.clear()

    def open(self) -> None:
        self._opened.set()

    def __call__(self, method: str, host: str, path: str) -> None:
        self._log(method, host, path)
        with self._lock:
            hold = method in self._methods and not self.caught.is_set()
            if hold:
                self.caught.set()
        if hold:
            self._opened.wait(TIMEOUT_S)


@dataclass
class Process:
    """A `regvault` command in its own process; its stderr read line by line as it comes."""

    popen: subprocess.Popen[str]
    out: str = ""

    def __post_init__(self) -> None:
        self.stderr = ProcessLines(self.popen, self.popen.stderr, TIMEOUT_S)

    @property
    def lines(self) -> list[str]:
        return self.stderr.lines

    def saw(self, text: str) -> bool:
        return self.stderr.saw(text)

    def finish(self) -> tuple[int, Any]:
        out, _ = self.popen.communicate(timeout=TIMEOUT_S)
        self.stderr.rest()
        self.out = out
        return self.popen.returncode, json.loads(out) if out.strip() else None

    def kill(self) -> None:
        if self.popen.poll() is None:
            self.popen.kill()
            self.popen.communicate(timeout=30)


@dataclass
class World:
    emulator: Emulator
    gate: Gate
    data: Path
    database: DatabaseLocation
    tenant_id: str
    snapshot: int
    http: httpx.Client
    processes: list[Process] = field(default_factory=list)

    def regvault(self, *argv: str) -> Process:
        command = [sys.executable, "-m", "desktop_app.cli", *argv, "--json", "--data-dir", str(self.data),
                   "--database", self.database.url]
        env = dict(os.environ)
        if self.database.password:
            env["PGPASSWORD"] = self.database.password  # libpq's: never on a command line
        process = Process(subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                           env=env))
        self.processes.append(process)
        return process

    def store(self) -> Store:
        return Store.open(self.database)

    def purge(self, count: int) -> list[str]:
        """Delete `count` apps for good (out of the recycle bin too): a restore recreates them. Their names."""
        apps = self.http.get("/applications", params={"$select": "id,displayName", "$top": 999}).json()["value"]
        chosen = sorted(apps, key=lambda a: a["displayName"])[-count:]
        for app in chosen:
            self.http.delete(f"/applications/{app['id']}").raise_for_status()
            self.http.delete(f"/directory/deletedItems/{app['id']}").raise_for_status()
        return [a["displayName"] for a in chosen]

    def names(self) -> Counter[str]:
        listed = self.http.get("/applications", params={"$select": "displayName", "$top": 999}).json()["value"]
        return Counter(a["displayName"] for a in listed)

    def drift(self) -> None:
        """Change a few apps, so that a restore has something to put back."""
        apps = self.http.get("/applications", params={"$select": "id", "$top": 999}).json()["value"]
        for app in apps[:6]:
            self.http.patch(f"/applications/{app['id']}", json={"notes": f"drifted {time.time()}"}).raise_for_status()


@pytest.fixture
def world(database: DatabaseLocation, tmp_path: Path) -> Iterator[World]:
    with Emulator("contoso:30", seed=31, throttle="off") as emulator:
        data = tmp_path / "data"
        AppPaths.resolve(data).ensure()
        store = Store.open(database)
        try:
            tenant = TenantService(store, GraphConnector()).add_emulator_tenant(
                emulator.base_url, emulator.tenant_id("contoso"))
            snapshot = BackupService(store, GraphConnector()).run(tenant.tenant_id).snapshot_id
        finally:
            store.close()
        http = httpx.Client(base_url=emulator.base_url, timeout=30,
                            headers={"Authorization": f"Bearer {emulator.token('contoso')}"})
        world = World(emulator, Gate(emulator), data, database, tenant.tenant_id, snapshot, http)
        try:
            yield world
        finally:
            world.gate.open()
            for process in world.processes:
                process.kill()
            http.close()


def _wait_for(condition: Any, what: str, timeout: float = TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _writes(world: World) -> int:
    """Graph writes the emulator received ($batch posts are the backup's and the preview's reads)."""
    return sum(1 for r in list(world.emulator.request_log)
               if r["method"] in ("PATCH", "PUT", "DELETE") or (r["method"] == "POST" and "$batch" not in r["path"]))


def _restore_argv(world: World) -> tuple[str, ...]:
    return ("restore", "--tenant", "contoso.com", "--snapshot", str(world.snapshot), "--all", "--wait", "4")


@pytest.mark.slow
def test_a_restore_waits_for_a_backup_of_its_tenant_in_another_process_and_says_for_whom(world: World) -> None:
    world.drift()
    world.gate.arm("GET")  # the backup's first read: it holds the tenant's lock from before it
    backup = world.regvault("backup", "--tenant", "contoso.com")
    _wait_for(world.gate.caught.is_set, "the backup's first request")
    world.gate.arm()  # everything else goes through: the restore's preview reads the tenant meanwhile
    restore = world.regvault(*_restore_argv(world))
    _wait_for(lambda: restore.saw("is busy"), "the restore to wait for the lock")
    assert backup.popen.poll() is None  # the backup is still under way: the restore waits for it
    (line,) = [ln for ln in restore.lines if "is busy" in ln]
    assert "a backup by " in line and f"(process {backup.popen.pid}," in line and "waiting up to 4 minutes" in line
    world.gate.open()

    code, backed_up = backup.finish()
    assert code == 0, backup.lines
    code, restored = restore.finish()
    assert code == 0, restore.lines
    assert restored["report"]["items"] and all(i["result"] in ("verified", "warnings", "unchanged")
                                               for i in restored["report"]["items"])
    with world.store() as store:
        snapshot = store.snapshot(backed_up["backups"][0]["summary"]["snapshotId"])
        (run,) = [r for r in store.restore_runs(world.tenant_id) if r.id == restored["report"]["runId"]]
        assert snapshot.finished is not None and run.started >= snapshot.finished  # one after the other
        assert run.status == "complete"


@pytest.mark.slow
def test_two_restores_of_one_tenant_in_two_processes_run_one_after_the_other(world: World) -> None:
    world.drift()
    purged = world.purge(3)  # both previews plan to recreate these: the second must not create them again
    world.gate.arm("PATCH")  # the first restore's first write: it holds the tenant's lock by then
    first = world.regvault(*_restore_argv(world))
    _wait_for(world.gate.caught.is_set, "the first restore's first write")
    world.gate.arm()
    second = world.regvault(*_restore_argv(world))
    _wait_for(lambda: second.saw("is busy"), "the second restore to wait for the lock")
    (line,) = [ln for ln in second.lines if "is busy" in ln]
    assert "a restore by " in line and f"(process {first.popen.pid}," in line
    world.gate.open()

    code, one = first.finish()
    assert code == 0, first.lines
    code, two = second.finish()
    assert code == 0, second.lines
    with world.store() as store:
        runs = {r.id: r for r in store.restore_runs(world.tenant_id)}
        a, b = runs[one["report"]["runId"]], runs[two["report"]["runId"]]
        assert a.status == b.status == "complete"
        assert a.finished is not None and b.started >= a.finished  # never at the same time
    # The second planned again under the lock (a restore into the tenant had run since its preview): it found
    # the apps as the first had left them, overwrote the copies the first had made, and created nothing.
    assert all(i["result"] in ("verified", "warnings", "unchanged") for i in two["report"]["items"])
    assert two["report"]["replanned"] is True and one["report"]["replanned"] is False
    names = world.names()
    assert all(names[name] == 1 for name in purged), {name: names[name] for name in purged}
    actions = {i["displayName"]: i["action"] for i in two["report"]["items"]}
    assert all(actions[name] != "recreate" for name in purged), actions


def test_a_restore_that_may_not_wait_says_who_holds_the_tenant_and_writes_nothing(world: World) -> None:
    world.drift()
    world.gate.arm("GET")
    backup = world.regvault("backup", "--tenant", "contoso.com")
    _wait_for(world.gate.caught.is_set, "the backup's first request")
    world.gate.arm()
    writes_before = _writes(world)
    restore = world.regvault("restore", "--tenant", "contoso.com", "--snapshot", str(world.snapshot), "--all",
                             "--wait", "0")
    code, document = restore.finish()
    assert code == 1
    message = document["error"]["message"]
    assert "is busy: a backup by" in message and "Nothing was written" in message
    assert _writes(world) == writes_before
    world.gate.open()
    assert backup.finish()[0] == 0
    with world.store() as store:
        assert store.restore_runs(world.tenant_id) == []  # not even an audit row: it never started


def test_three_backup_processes_of_one_tenant_at_once_are_serialised_and_all_complete(world: World) -> None:
    world.gate.arm("GET")  # whichever takes the lock first is held at its first read
    backups = [world.regvault("backup", "--tenant", "contoso.com", "--full") for _ in range(3)]
    _wait_for(lambda: sum(b.saw("is busy") for b in backups) == 2, "two backups to wait for the third")
    world.gate.open()

    results = [b.finish() for b in backups]
    assert [code for code, _ in results] == [0, 0, 0], [b.lines for b in backups]
    ids = sorted(doc["backups"][0]["summary"]["snapshotId"] for _, doc in results)
    assert len(set(ids)) == 3
    with world.store() as store:
        snapshots = [store.snapshot(i) for i in ids]
        every_app = store.snapshot(world.snapshot).apps
    assert every_app > 0 and all(s.status == "complete" and not s.partial and s.apps == every_app for s in snapshots)
    # One after the other: each started (took the lock) after the one before had written its snapshot.
    for earlier, later in zip(snapshots, snapshots[1:], strict=False):
        assert earlier.finished is not None and later.started >= earlier.finished
