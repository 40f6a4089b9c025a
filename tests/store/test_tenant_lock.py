"""The per-tenant lock: two backups (or a backup and a restore) of one tenant never run at once, across threads,
processes and workstations; the second waits, or is told who holds it. On both engines."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from store_testkit import TENANT

from desktop_app.store import DatabaseLocation, LockHolder, Store, TenantBusy

OTHER = "22222222-2222-2222-2222-222222222222"

HOLDER_SCRIPT = """
import sys, threading
from desktop_app.store import Store, DatabaseLocation
store = Store.open(DatabaseLocation.parse(sys.argv[1]))
lock = store.lock_tenant(sys.argv[2], "restore")
print("held", flush=True)
threading.Event().wait()
"""


def _in_thread(store: Store, **kwargs: object) -> tuple[threading.Thread, list[object]]:
    outcome: list[object] = []

    def take() -> None:
        try:
            with store.lock_tenant(TENANT, "backup", **kwargs):  # type: ignore[arg-type]
                outcome.append("got it")
        except TenantBusy as exc:
            outcome.append(exc)

    thread = threading.Thread(target=take)
    thread.start()
    return thread, outcome


def test_a_second_taker_is_told_who_holds_the_tenant(store: Store) -> None:
    with store.lock_tenant(TENANT, "backup"):
        thread, outcome = _in_thread(store)
        thread.join(30)
        busy = outcome[0]
        assert isinstance(busy, TenantBusy)
        holder = busy.holder
        assert holder is not None and holder.purpose == "backup" and holder.pid == os.getpid()
        assert holder.workstation and holder.user
        assert f"a backup by {holder.user} on {holder.workstation}" in str(busy)
        assert store.tenant_lock_holder(TENANT) == holder
        # Another tenant is free meanwhile.
        with store.lock_tenant(OTHER, "backup"):
            pass
    assert store.tenant_lock_holder(TENANT) is None


def test_a_second_taker_waits_for_the_first_and_is_told_once(store: Store) -> None:
    told: list[LockHolder | None] = []
    lock = store.lock_tenant(TENANT, "restore")
    waiting = threading.Event()

    def on_wait(holder: LockHolder | None) -> None:
        told.append(holder)
        waiting.set()

    thread, outcome = _in_thread(store, wait=30, on_wait=on_wait)
    assert waiting.wait(30)
    assert outcome == []  # still waiting
    lock.release()
    thread.join(30)
    assert outcome == ["got it"]
    assert len(told) == 1 and told[0] is not None and told[0].purpose == "restore"


def test_waiting_gives_up_when_asked_to_stop(store: Store) -> None:
    with store.lock_tenant(TENANT, "backup"):
        stop, waiting = threading.Event(), threading.Event()
        thread, outcome = _in_thread(store, wait=60, should_stop=stop.is_set, on_wait=lambda _h: waiting.set())
        assert waiting.wait(30)
        stop.set()
        thread.join(10)
        assert isinstance(outcome[0], TenantBusy)


def test_the_lock_is_reentrant_in_one_thread(store: Store) -> None:
    """A restore holding the tenant takes a pre-restore backup of it: the same thread holds it once more."""
    with store.lock_tenant(TENANT, "restore"), store.lock_tenant(TENANT, "backup"):
        thread, outcome = _in_thread(store)
        thread.join(30)
        assert isinstance(outcome[0], TenantBusy)
    # Released only when the outer hold ends.
    thread, outcome = _in_thread(store)
    thread.join(30)
    assert outcome == ["got it"]


def _holder_process(location: DatabaseLocation, password_url: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER_SCRIPT, password_url, TENANT], stdout=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_another_process_holding_the_tenant_blocks_it_and_a_kill_frees_it(
    store: Store, database: DatabaseLocation, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue("database_url")
    store.close()
    proc = _holder_process(database, url)
    try:
        with Store.open(DatabaseLocation.parse(url)) as mine:
            with pytest.raises(TenantBusy, match="a restore by") as busy:
                mine.lock_tenant(TENANT, "backup")
            assert busy.value.holder is not None and busy.value.holder.pid == proc.pid
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(30)
            # The OS (SQLite's file lock) or the server (advisory lock of a dead session) frees it.
            with mine.lock_tenant(TENANT, "backup", wait=20):
                pass
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


@pytest.fixture
def database_url(database: DatabaseLocation) -> str:
    """The location as the child process is given it (with the test server's password)."""
    if database.engine == "sqlite":
        return f"sqlite:///{Path(str(database.path)).as_posix().lstrip('/')}"
    from store_engines import postgres_url

    schema = dict(database.options)["options"].split("=", 1)[1]
    return postgres_url(schema)



def test_two_stores_in_one_postgresql_database_do_not_hold_each_others_tenants(postgres_schema: str) -> None:
    """Advisory locks belong to the whole database; a store is one schema of it."""
    from store_engines import drop_postgres_schema, new_postgres_schema, postgres_url

    other_schema = new_postgres_schema()
    other = postgres_url(other_schema)
    Store.open(DatabaseLocation.parse(other)).close()  # a store of its own in the other schema
    proc = _holder_process(DatabaseLocation.parse(other), other)
    try:
        with Store.open(DatabaseLocation.parse(postgres_url(postgres_schema))) as mine, \
                mine.lock_tenant(TENANT, "backup"):
            assert mine.tenant_lock_holder(TENANT) is not None
    finally:
        proc.kill()
        proc.wait(30)
        drop_postgres_schema(other_schema)
