"""A backup process killed with SIGKILL in the middle of writing leaves the earlier snapshots intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from store_testkit import TENANT, observed, tenant_info, write

from desktop_app.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def test_kill_minus_9_mid_write_leaves_a_consistent_database_with_earlier_snapshots(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_tenant(tenant_info())
        first = write(store, [observed("o1", "Alpha"), observed("o2", "Beta")])
        second = write(store, [observed("o1", "Alpha", notes="v2")], day=1, recycle_bin={"o2": None})
        before = {
            s.id: {a.object_id: a.document for a in store.apps_at(TENANT, s.id)} for s in (first, second)
        }

    writer = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("killable_writer.py")), str(db_path), TENANT, "6000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        line = writer.stdout.readline()
        assert line.startswith("mid-write"), (line, writer.stderr.read() if writer.stderr else "")
        wal = db_path.with_name(db_path.name + "-wal")
        assert wal.stat().st_size > 1_000_000  # half a transaction really is on disk
        os.kill(writer.pid, signal.SIGKILL)
        assert writer.wait(30) == -signal.SIGKILL
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(30)

    with Store.open(db_path) as store:
        assert store._db.execute_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert store._db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        assert [s.id for s in store.snapshots(TENANT, include_failed=True)] == [second.id, first.id]
        assert set(store.current_apps(TENANT)) == {"o1", "o2"}
        for snapshot_id, apps in before.items():
            assert {a.object_id: a.document for a in store.apps_at(TENANT, snapshot_id)} == apps

        # And the next backup completes.
        third = write(store, [observed("o1", "Alpha", notes="v3"), observed("o3", "Gamma")], day=2)
        assert (third.apps, third.added, third.changed) == (2, 1, 1)
        assert third.id > second.id
