"""Issue 16 case 4: a backup carried on into a database that fails integrity_check. Random bytes in pages the
next backup does not read (the blobs) can only be told by quick_check: it runs before every snapshot is written
and refuses, saying how to get out; nothing is written."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest
from store_testkit import TENANT, observed, tenant_info, write

from desktop_app.store import DatabaseDamaged, Store


def test_a_snapshot_is_never_written_into_a_database_that_fails_quick_check(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_tenant(tenant_info())
        blobs = {}
        for i in range(60):
            data = random.Random(i).randbytes(3000)
            blobs[hashlib.sha256(data).hexdigest()] = data
        write(store, [observed("o1", "Alpha")], blobs=blobs)
    conn = sqlite3.connect(db_path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'blob'").fetchone()[0]
    conn.close()
    with db_path.open("r+b") as f:  # the blob table's root page: its child pointers become noise
        f.seek((root - 1) * page_size + 8)
        f.write(random.Random(1).randbytes(page_size - 16))

    with Store.open(db_path) as store:
        assert [s.apps for s in store.snapshots(TENANT)] == [1]  # the rest still reads
        with pytest.raises(DatabaseDamaged, match="quick_check.*nothing was written.*Restore a copy.*new database"):
            write(store, [observed("o1", "Alpha"), observed("o2", "Beta")], day=1)
        assert [s.apps for s in store.snapshots(TENANT, include_failed=True)] == [1]
