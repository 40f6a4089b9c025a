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


def test_a_stored_text_that_is_no_longer_utf8_is_damage_not_a_traceback(db_path: Path) -> None:
    """Bytes changed inside a row's text: every page is sound (quick_check passes), but Python's sqlite3 cannot
    decode the value and raises an OperationalError of its own (without SQLite's result code)."""
    with Store.open(db_path) as store:
        store.add_tenant(tenant_info())
        write(store, [observed("o1", "Alpha"), observed("o2", "Beta")])
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE app SET app_id = CAST(x'ff41fe' AS TEXT) WHERE object_id = 'o2'")
    conn.commit()
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    conn.close()
    with Store.open(db_path) as store:
        ids = store.app_ids(TENANT)
        with pytest.raises(DatabaseDamaged, match="a stored value cannot be read.*Restore a copy"):
            store.app_rows(ids)


def test_the_window_and_every_command_open_the_store_only_after_its_quick_check(tmp_path: Path) -> None:
    from desktop_app.app import AppPaths, open_store

    paths = AppPaths.resolve(tmp_path / "data").ensure()
    db = paths.data_dir / "regvault.sqlite"
    with Store.open(db) as store:
        store.add_tenant(tenant_info())
        write(store, [observed(f"o{i}", f"App {i}") for i in range(200)])
    with open_store(paths) as store:  # sound: opens
        assert store.count_apps(TENANT) == 200
    conn = sqlite3.connect(db)
    page = conn.execute("SELECT pageno FROM dbstat WHERE name = 'app' AND pagetype = 'leaf' ORDER BY pageno "
                        "LIMIT 1").fetchone()[0]
    conn.close()
    with db.open("r+b") as f:
        f.seek((page - 1) * 4096 + 2048)
        f.write(random.Random(3).randbytes(2048))
    with pytest.raises(DatabaseDamaged, match="quick_check.*Restore a copy.*new database"):
        open_store(paths)
    with Store.open(db) as store:  # the failed open closed what it opened: the store can be opened again
        assert store.engine == "sqlite"
