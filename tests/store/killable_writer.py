"""Run by test_killed_writer.py as a subprocess: starts a large snapshot write and stops inside it.

    python killable_writer.py DB_PATH TENANT_ID APPS

Prints "mid-write <n>" once <n> apps are written inside the open transaction, then waits to be killed.
"""

from __future__ import annotations

import hashlib
import json
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

from desktop_app.store import ObservedApp, SnapshotWrite, Store


def main() -> None:
    path, tenant_id, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = Store.open(path)
    # A small page cache makes SQLite spill the uncommitted pages into the WAL file, as a really large
    # backup would: the kill then lands with half a transaction on disk, not only in memory.
    store._db.execute_sql("PRAGMA cache_size = 50")
    apps = []
    for i in range(count):
        doc = {"application": {"id": f"big{i}", "appId": f"app-big-{i}", "displayName": f"Big {i}",
                               "description": "x" * 2000 + str(i)}}
        data = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()
        apps.append(ObservedApp(f"big{i}", f"app-big-{i}", f"Big {i}", data, hashlib.sha256(data).hexdigest()))

    def progress(done: int) -> None:
        if done >= count // 2:
            print(f"mid-write {done}", flush=True)
            threading.Event().wait()  # until SIGKILL

    now = datetime.now(UTC)
    store.write_snapshot(tenant_id, SnapshotWrite(now, now, apps), progress=progress)
    print("finished", flush=True)  # never reached when the test works


if __name__ == "__main__":
    main()
