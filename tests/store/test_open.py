"""Opening a database file: fresh, ours, migrated, or refused with the file untouched."""

from __future__ import annotations

import socket
import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from older_schemas import as_schema_1, as_schema_3, as_schema_7, older_store
from store_testkit import TENANT, observed, snapshot_write, tenant_info, write

from desktop_app.store import (
    SCHEMA_VERSION,
    DatabaseLocation,
    DatabaseWriteError,
    MigrationError,
    NewerSchemaError,
    NotARegvaultDatabase,
    Store,
    StoreError,
    schema,
)
from desktop_app.store.models import SchemaVersion
from desktop_app.store.records import RestoreItemRecord


def _fingerprint(path: Path) -> tuple[bytes, int, list[str]]:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def test_fresh_database_is_created_at_the_current_version_with_wal_and_foreign_keys(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        db = store._db
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert db.execute_sql("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID


def test_reopening_keeps_the_data(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_tenant(tenant_info())
        write(store, [observed("o1", "Alpha")])
    with Store.open(db_path) as store:
        assert [s.apps for s in store.snapshots(TENANT)] == [1]


def test_an_empty_file_is_refused_and_kept(db_path: Path) -> None:
    """Issue 29 item 5: Regvault never leaves an empty file itself, so an empty one is a database cut off
    outside it: starting a new one there would drop the history without a word."""
    db_path.touch()
    with pytest.raises(NotARegvaultDatabase, match=r"is empty \(0 bytes\)"):
        Store.open(db_path)
    assert db_path.stat().st_size == 0


def test_a_new_database_is_never_an_empty_file(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
    assert db_path.stat().st_size > 0
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith(".")) == []


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(db_path: Path) -> None:
    db_path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    before = _fingerprint(db_path)
    with pytest.raises(NotARegvaultDatabase, match="not an SQLite file") as err:
        Store.open(db_path)
    assert str(db_path) in str(err.value)
    assert _fingerprint(db_path) == before


def test_another_programs_sqlite_database_is_refused_and_left_untouched(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.commit()
    conn.close()
    before = _fingerprint(db_path)
    with pytest.raises(NotARegvaultDatabase, match="another program"):
        Store.open(db_path)
    assert _fingerprint(db_path) == before


def test_a_damaged_sqlite_file_is_refused_and_left_untouched(db_path: Path) -> None:
    db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    before = _fingerprint(db_path)
    with pytest.raises(NotARegvaultDatabase, match="damaged"):
        Store.open(db_path)
    assert _fingerprint(db_path) == before


def test_a_newer_schema_is_refused_and_left_untouched(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_tenant(tenant_info())
    conn = sqlite3.connect(db_path)
    conn.execute(f"INSERT INTO {SchemaVersion._meta.table_name} VALUES (?, '2030-01-01 00:00:00.000000')",
                 (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    before = _fingerprint(db_path)
    with pytest.raises(NewerSchemaError, match=f"schema version {SCHEMA_VERSION + 1}"):
        Store.open(db_path)
    assert _fingerprint(db_path) == before


def _add_notes_column(db: object) -> None:
    db.execute_sql("ALTER TABLE tenant ADD COLUMN notes TEXT NOT NULL DEFAULT 'migrated'")  # type: ignore[attr-defined]


def test_an_older_database_is_copied_aside_then_migrated_step_by_step(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = SCHEMA_VERSION
    with Store.open(db_path) as store:
        store.add_tenant(tenant_info())
        write(store, [observed("o1", "Alpha")])

    monkeypatch.setattr(schema, "SCHEMA_VERSION", base + 1)
    monkeypatch.setitem(schema.MIGRATIONS, base + 1, _add_notes_column)
    with Store.open(db_path) as store:
        assert store.schema_version == base + 1
        assert store._db.execute_sql("SELECT notes FROM tenant").fetchall() == [("migrated",)]
        assert [s.apps for s in store.snapshots(TENANT)] == [1]

    copy = db_path.with_suffix(f".bak-v{base}")
    assert copy.exists()
    conn = sqlite3.connect(copy)
    assert conn.execute(f"SELECT max(version) FROM {SchemaVersion._meta.table_name}").fetchone()[0] == base
    assert conn.execute("SELECT count(*) FROM app").fetchone()[0] == 1
    assert "notes" not in {r[1] for r in conn.execute("PRAGMA table_info(tenant)")}
    conn.close()


def test_a_failing_step_rolls_back_and_leaves_the_previous_version(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = SCHEMA_VERSION
    with Store.open(db_path) as store:
        store.add_tenant(tenant_info())

    def half_done_then_fail(db: object) -> None:
        _add_notes_column(db)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", base + 1)
    monkeypatch.setitem(schema.MIGRATIONS, base + 1, half_done_then_fail)
    with pytest.raises(MigrationError, match=f"stays at version {base}") as err:
        Store.open(db_path)
    assert f".bak-v{base}" in str(err.value)

    monkeypatch.setattr(schema, "SCHEMA_VERSION", base)
    with Store.open(db_path) as store:
        assert store.schema_version == base
        assert "notes" not in {r[1] for r in store._db.execute_sql("PRAGMA table_info(tenant)")}
        assert store.get_tenant(TENANT).display_name == "Contoso"


def test_a_closed_store_refuses_work(db_path: Path) -> None:
    store = Store.open(db_path)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.list_tenants()


def test_opening_a_second_store_closes_the_first(tmp_path: Path) -> None:
    first = Store.open(tmp_path / "one.db")
    second = Store.open(tmp_path / "two.db")
    with pytest.raises(StoreError, match="closed"):
        first.list_tenants()
    assert second.list_tenants() == []
    second.close()


def test_a_snapshot_is_invisible_to_other_threads_until_committed(db_path: Path) -> None:
    store = Store.open(db_path)
    store.add_tenant(tenant_info())
    write(store, [observed("o1", "Alpha")])
    mid_write = threading.Event()
    release = threading.Event()

    def progress(done: int) -> None:
        mid_write.set()
        assert release.wait(30)

    apps = [observed(f"n{i}", f"New {i}") for i in range(600)]
    writer = threading.Thread(
        target=lambda: store.write_snapshot(TENANT, snapshot_write(apps, day=1), progress=progress)
    )
    writer.start()
    try:
        assert mid_write.wait(30)
        # This (main) thread has its own connection: it sees the last committed state only.
        assert [s.apps for s in store.snapshots(TENANT)] == [1]
        assert store.count_apps(TENANT) == 1
    finally:
        release.set()
        writer.join(30)
    assert [s.apps for s in store.snapshots(TENANT)] == [600, 1]  # o1 was not observed: deleted
    store.close()


def test_several_threads_read_at_once_and_close_closes_every_connection(store: Store) -> None:
    write(store, [observed(f"o{i}", f"App {i}") for i in range(50)])
    results: list[int] = []
    lock = threading.Lock()

    def read() -> None:
        for _ in range(20):
            n = len(store.app_ids(TENANT, "app"))
            with lock:
                results.append(n)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == [50] * 80
    assert len(store._db._all_connections) >= 4  # one per thread (and the main one)
    store.close()
    assert store._db._all_connections == []


def test_a_folder_or_an_unreadable_place_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotARegvaultDatabase, match="is a folder"):
        (tmp_path / "folder.db").mkdir()
        Store.open(tmp_path / "folder.db")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="Cannot open the database"):
        Store.open(blocker / "sub" / "regvault.db")  # a path through a file


def test_a_database_that_cannot_be_written_is_a_clear_error_and_keeps_what_was_there(store: Store) -> None:
    write(store, [observed("o1", "One")])
    # query_only makes SQLite refuse writes the way a read-only file or folder does (root ignores chmod);
    # PostgreSQL's read-only transactions are what a standby server or a read-only role gives.
    read_only = {"sqlite": ("PRAGMA query_only = 1", "PRAGMA query_only = 0"),
                 "postgresql": ("SET default_transaction_read_only = on", "SET default_transaction_read_only = off")}
    store._db.execute_sql(read_only[store.engine][0])
    with pytest.raises(DatabaseWriteError, match="read-only.*Nothing was changed"):
        write(store, [observed("o1", "One"), observed("o2", "Two")], day=1)
    with pytest.raises(StoreError, match="read-only"):
        store.set_setting("k", "v")
    store._db.execute_sql(read_only[store.engine][1])
    assert [s.apps for s in store.snapshots(TENANT)] == [1]


def test_schema_1_is_migrated_to_record_who_and_where_on_both_engines(database: DatabaseLocation) -> None:
    older_store(database, as_schema_1)
    with Store.open(database) as store:
        assert store.schema_version == SCHEMA_VERSION
        old = store.snapshots(TENANT)[0]
        assert (old.operator, old.workstation) == (None, None)  # unknown for what came before
        new = write(store, [observed("o1", "Alpha"), observed("o2", "Beta")], day=1)
        assert new.workstation == socket.gethostname() and new.operator
        with store.lock_tenant(TENANT, "backup"):
            assert store.tenant_lock_holder(TENANT) is not None or database.engine == "sqlite"
    if database.engine == "sqlite":
        assert database.path is not None and database.path.with_suffix(".bak-v1").exists()


def test_schema_3_is_migrated_to_the_natural_name_order_on_both_engines(database: DatabaseLocation) -> None:
    names = ["App 10", "App 2", "app 1", "Billing", "App 2 (old)", "App 100"]
    with Store.open(database) as store:
        store.add_tenant(tenant_info())
        write(store, [observed(f"o{i}", name) for i, name in enumerate(names)])
        as_schema_3(store)
        # At schema 3 the name sort was plain text order: "App 10" before "App 2".
        rows = store._db.execute_sql('SELECT display_name FROM "app" ORDER BY name_folded, id').fetchall()
        assert [r[0] for r in rows] == ["app 1", "App 10", "App 100", "App 2", "App 2 (old)", "Billing"]
    with Store.open(database) as store:
        assert store.schema_version == SCHEMA_VERSION
        in_order = [r.display_name for r in store.app_rows(store.app_ids(TENANT))]
        assert in_order == ["app 1", "App 2", "App 2 (old)", "App 10", "App 100", "Billing"]
        indexes = (
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'app'"
            if database.engine == "sqlite"
            else "SELECT indexname FROM pg_indexes WHERE tablename = 'app' AND schemaname = current_schema()"
        )
        found = {r[0] for r in store._db.execute_sql(indexes).fetchall()}
        assert "app_tenant_id_name_sort_id_status_name_folded_app_id_folded" in found
        assert "app_tenant_id_name_folded_id_status_app_id_folded" not in found
        # Apps written after the step get their key on write, like a fresh database's.
        write(store, [*(observed(f"o{i}", name) for i, name in enumerate(names)), observed("o9", "App 9")], day=1)
        in_order = [r.display_name for r in store.app_rows(store.app_ids(TENANT))]
        assert in_order == ["app 1", "App 2", "App 2 (old)", "App 9", "App 10", "App 100", "Billing"]
    if database.engine == "sqlite":
        assert database.path is not None and database.path.with_suffix(".bak-v3").exists()


def test_schema_7_is_migrated_to_keep_restore_outcomes_as_codes_on_both_engines(database: DatabaseLocation) -> None:
    """Runs recorded in words before keep their words; runs after keep codes (restore_item.outcome,
    restore_run.stopped)."""
    with Store.open(database) as store:
        store.add_tenant(tenant_info())
        old = store.start_restore_run(operator="alice", tenant_id=TENANT, target_tenant_id=TENANT, snapshot_id=None,
                                      mode="with-object")
        store.add_restore_item(old.id, RestoreItemRecord("o1", "a1", "overwrite", "failed",
                                                         warnings=("Owner x was left out.",), message="It failed."))
        store.finish_restore_run(old.id, "failed", "Cancelled")
        as_schema_7(store)
    with Store.open(database) as store:
        assert store.schema_version == SCHEMA_VERSION
        [item] = store.restore_items(old.id)
        assert (item.warnings, item.message, item.outcome) == (("Owner x was left out.",), "It failed.", None)
        assert (store.restore_run(old.id).message, store.restore_run(old.id).stopped) == ("Cancelled", None)
        outcome = {"v": 1, "warnings": [{"code": "owner_gone", "params": {"owner_id": "x"}}], "followUps": [],
                   "access": [], "failure": {"code": "not_verified", "params": {"paths": "notes"}, "undo": ""}}
        new = store.start_restore_run(operator="bob", tenant_id=TENANT, target_tenant_id=TENANT, snapshot_id=None,
                                      mode="with-object")
        store.add_restore_item(new.id, RestoreItemRecord("o1", "a1", "overwrite", "failed", outcome=outcome))
        store.finish_restore_run(new.id, "cancelled", stopped={"code": "cancelled", "params": {}, "undo": ""})
        [item] = store.restore_items(new.id)
        assert (item.warnings, item.message, item.outcome) == ((), None, outcome)
        assert store.restore_run(new.id).stopped == {"code": "cancelled", "params": {}, "undo": ""}
    if database.engine == "sqlite":
        assert database.path is not None and database.path.with_suffix(".bak-v7").exists()


def test_the_restore_audit_records_the_workstation(store: Store) -> None:
    run = store.start_restore_run(operator="alice", tenant_id=TENANT, target_tenant_id=TENANT, snapshot_id=None,
                                  mode="with-object")
    assert run.workstation == socket.gethostname() and run.operator == "alice"


def test_database_files_are_the_users_alone(tmp_path: Path) -> None:
    path = tmp_path / "data" / "regvault.sqlite"
    with Store.open(path) as store:
        store.add_tenant(tenant_info())
        write(store, [observed("o1", "Alpha")])
        for suffix in ("", "-wal", "-shm"):
            assert (path.with_name(path.name + suffix).stat().st_mode & 0o777) == 0o600, suffix
        with store.lock_tenant(TENANT, "backup"):
            locks = path.with_name(path.name + "-locks")
            assert locks.stat().st_mode & 0o777 == 0o700
            assert all(f.stat().st_mode & 0o777 == 0o600 for f in locks.iterdir())
    # A database made by an older Regvault with the umask's 0644 is tightened when opened.
    path.chmod(0o644)
    with Store.open(path):
        assert path.stat().st_mode & 0o777 == 0o600


def test_postgresql_without_its_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """psycopg2-binary is the `postgresql` extra: a pip install without it gets the command to run, not a traceback."""
    monkeypatch.setitem(sys.modules, "psycopg2", None)  # `import psycopg2` raises ImportError
    with pytest.raises(StoreError) as raised:
        Store.open("postgresql://regvault@127.0.0.1:9/regvault")
    assert 'pip install "regvault[postgresql]"' in str(raised.value)
    assert "packaged app" in str(raised.value)
