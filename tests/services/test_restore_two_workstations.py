"""Issue 29 item 1: a restore resumed from another workstation (two data folders, two host names, one PostgreSQL
store). Workstation 1 runs `regvault restore --all` and is killed half-way (its tenant lock goes with its
connection, its journal says it is running, its heartbeat is seconds old); workstation 2 runs the same restore at
once. The journal's rule holds across workstations: workstation 2 waits until run 1 can't be alive, settles it
(what it created is adopted), then restores: every app once, no duplicate grant, run 1 interrupted with a
sentence. A run that still beats is never run beside: waited for, refused, or taken over on the user's word."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from store_engines import drop_postgres_schema, needs_postgres, new_postgres_schema, postgres_url

from desktop_app.domain.restore_plan import RestoreMode
from desktop_app.emulator import Emulator
from desktop_app.emulator.routes import applications as application_routes
from desktop_app.services import restore_journal
from desktop_app.services.backup import BackupService
from desktop_app.services.restore import RestoreRequest, RestoreService, RestoreTiming
from desktop_app.services.restore_journal import RestoreRunningElsewhere
from desktop_app.services.restore_texts import describe_stopped
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store
from desktop_app.store.errors import LockHolder
from desktop_app.store.restore_journal import JournalItem

pytestmark = [needs_postgres, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

PURGED, RECYCLED = 12, 3
FAST = RestoreTiming(workers=4, replication_timeout_s=30, lag_backoff_s=0.05, lag_backoff_cap_s=0.4,
                     lookup_settle_s=(0.0, 0.3))
# Workstation 1: `regvault restore` as installed there, under its own host name.
WORKSTATION_1 = ("import socket, sys; socket.gethostname = lambda: 'ws1'; from desktop_app.cli import main; "
                 "sys.exit(main(sys.argv[1:]))")


@dataclass
class World:
    emulator: Emulator
    url: str
    tenant_id: str
    snapshot: int
    wanted: Counter[str]
    http: httpx.Client
    root: Path

    def names(self) -> Counter[str]:
        listed = self.http.get("/applications", params={"$select": "displayName", "$top": 999}).json()["value"]
        return Counter(a["displayName"] for a in listed)

    def grants(self) -> Counter[tuple[str, str, str, str]]:
        grants = self.http.get("/oauth2PermissionGrants", params={"$top": 999}).json()["value"]
        return Counter((g["clientId"], g["resourceId"], g["consentType"], str(g.get("principalId"))) for g in grants)

    def request(self) -> RestoreRequest:
        return RestoreRequest(self.tenant_id, self.snapshot, None, RestoreMode.WITH_OBJECT)


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    schema = new_postgres_schema()
    url = postgres_url(schema)
    try:
        with Emulator("contoso:30", seed=16, throttle="off", latency_ms=10) as emulator:
            store = Store.open(url)
            tenant = TenantService(store, GraphConnector()).add_emulator_tenant(
                emulator.base_url, emulator.tenant_id("contoso"))
            snapshot = BackupService(store, GraphConnector()).run(tenant.tenant_id).snapshot_id
            apps = store_apps = store.apps_at(tenant.tenant_id, snapshot)
            store.close()
            # Apps that own others through their service principal come back with their ownership only when the
            # restore maps it (item 10, test_restore_linked_apps.py): this test deletes the others.
            owners = {o.get("appId") for a in apps for o in a.document.get("owners") or []}
            apps = [a for a in apps if a.app_id not in owners]
            http = httpx.Client(base_url=emulator.base_url, timeout=30,
                                headers={"Authorization": f"Bearer {emulator.token('contoso')}"})
            for app in apps[:PURGED]:  # recreated by the restore: where a lost create makes a duplicate
                http.delete(f"/applications/{app.object_id}").raise_for_status()
                http.delete(f"/directory/deletedItems/{app.object_id}").raise_for_status()
            for app in apps[PURGED:PURGED + RECYCLED]:
                http.delete(f"/applications/{app.object_id}").raise_for_status()
            monkeypatch.setattr(socket, "gethostname", lambda: "ws2")  # this process is workstation 2
            # Three heartbeats without a sign of life: shortened from 45 s for the test (the rule is the same).
            monkeypatch.setattr(restore_journal, "LOCKED_STALE_S", 3.0)
            monkeypatch.setattr(restore_journal, "WAIT_POLL_S", 0.2)
            wanted = Counter(a.display_name for a in store_apps)
            yield World(emulator, url, tenant.tenant_id, snapshot, wanted, http, tmp_path)
            http.close()
    finally:
        drop_postgres_schema(schema)


def _kill_at_create(monkeypatch: pytest.MonkeyPatch, at: int) -> dict[str, Any]:
    """Kill the process in `state["process"]` right after Graph carried out its `at`-th POST /applications."""
    state: dict[str, Any] = {"process": None, "seen": 0, "fired": threading.Event()}
    create = application_routes.ApplicationRoutes._create
    lock = threading.Lock()

    def created(self: Any, req: Any, tenant: Any, extra: Any = None) -> Any:
        response = create(self, req, tenant, extra)
        with lock:
            process = state["process"]
            if process is not None and not state["fired"].is_set():
                state["seen"] += 1
                if state["seen"] >= at:
                    os.kill(process.pid, signal.SIGKILL)
                    state["fired"].set()
        return response

    monkeypatch.setattr(application_routes.ApplicationRoutes, "_create", created)
    return state


@pytest.mark.slow
def test_a_restore_killed_on_one_workstation_is_waited_for_and_settled_by_the_other(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    killer = _kill_at_create(monkeypatch, at=4)
    argv = [sys.executable, "-c", WORKSTATION_1, "restore", "--tenant", "contoso.com", "--snapshot",
            str(world.snapshot), "--all", "--json", "--data-dir", str(world.root / "ws1"), "--database", world.url]
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    killer["process"] = process
    _, err = process.communicate(timeout=120)
    assert killer["fired"].is_set() and process.returncode == -signal.SIGKILL, err[-2000:]

    # Workstation 2, at once: its own data folder, the same store.
    store = Store.open(world.url)
    try:
        [run_1] = store.journal.open_runs()
        assert run_1.host == "ws1" and run_1.run.status == "running"
        waited: list[LockHolder | None] = []
        service = RestoreService(store, GraphConnector(timeout=20, max_retries=6), operator="tech2", timing=FAST)
        report = service.run(service.preview(world.request()), lock_wait=60, on_lock_wait=waited.append)
        assert [h.workstation if h else None for h in waited] == ["ws1"]  # said once, naming who it waits for
        assert [(i.display_name, i.failure) for i in report.items if i.result == "failed"] == []
        assert world.names() == world.wanted  # every app back, none twice
        assert max(world.grants().values()) == 1  # no grant made twice
        settled = store.restore_run(run_1.run.id)
        assert settled.status == "interrupted" and "host ws1" in (describe_stopped(settled) or ""), settled
        assert store.journal.open_runs() == []
    finally:
        store.close()


@pytest.mark.slow
def test_a_run_that_still_beats_is_never_run_beside_waited_for_refused_or_taken_over(world: World) -> None:
    store = Store.open(world.url)
    stop = threading.Event()
    try:
        # A restore on workstation 1 that is alive: its journal beats every 0.3 s (its lock is on another
        # workstation's connection, which this test can't hold, so only the journal speaks for it).
        run_1 = store.start_restore_run(operator="tech1", tenant_id=world.tenant_id,
                                        target_tenant_id=world.tenant_id, snapshot_id=world.snapshot,
                                        mode="with-object")
        store.journal.begin(run_1.id, {"tenantId": world.tenant_id}, "ws1", 4242,
                            [JournalItem(0, "source-object", "source-app", "Payroll", "overwrite")])

        def beat() -> None:
            while not stop.wait(0.3):
                store.journal.heartbeat(run_1.id)

        threading.Thread(target=beat, daemon=True).start()
        service = RestoreService(store, GraphConnector(timeout=20, max_retries=6), operator="tech2", timing=FAST)
        preview = service.preview(world.request())
        assert preview.recovered == ()  # alive: left alone
        before = world.names()
        with pytest.raises(RestoreRunningElsewhere) as refused:
            service.run(preview, lock_wait=1.0)
        assert "ws1" in str(refused.value) and "never runs a second restore beside it" in str(refused.value)
        assert world.names() == before and store.restore_run(run_1.id).status == "running"
        assert len(store.restore_runs()) == 1  # not even an audit row of its own

        report = service.run(preview, take_over=True)  # the user says workstation 1 has stopped
        stop.set()
        assert world.names() == world.wanted
        assert [i for i in report.items if i.result == "failed"] == []
        taken = store.restore_run(run_1.id)
        assert taken.status == "interrupted" and "taken over by tech2 on ws2" in (describe_stopped(taken) or ""), taken
        assert store.journal.open_runs() == []
    finally:
        stop.set()
        store.close()


def test_the_command_line_says_how_to_take_over(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop_app.cli import main

    store = Store.open(world.url)
    try:
        run_1 = store.start_restore_run(operator="tech1", tenant_id=world.tenant_id,
                                        target_tenant_id=world.tenant_id, snapshot_id=world.snapshot,
                                        mode="with-object")
        store.journal.begin(run_1.id, {}, "ws1", 4242, [])
    finally:
        store.close()
    code = main(["restore", "--tenant", "contoso.com", "--snapshot", str(world.snapshot), "--all", "--wait", "0",
                 "--json", "--data-dir", str(world.root / "ws2"), "--database", world.url])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    message = json.loads(out)["error"]["message"]
    assert "ws1" in message and "--take-over" in message and "Nothing was written" in message
