"""The embedded engine: one SQLite file in WAL mode, in the user's data folder.

Files: the database, its -wal and -shm files (SQLite gives them the database file's mode) and the migration copies
are 0600, their folder 0700: they hold every app registration of every tenant. On Windows the data folder under
%LOCALAPPDATA% inherits an ACL that gives only the user (and SYSTEM and Administrators) access; chmod there only
sets the read-only flag, so it is not called.

Tenant locks are OS file locks (flock; msvcrt on Windows) on one file per tenant in `<database>-locks/`; the
file also says who holds it. The OS drops the lock when the process dies, so a killed backup frees its tenant.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from datetime import datetime
from hashlib import sha256
from pathlib import Path
from typing import IO, Any, cast

from peewee import Database, SqliteDatabase

from desktop_app.store.engine import (
    APPLICATION_ID,
    DatabaseState,
    Engine,
    HeldLock,
    TracksConnections,
    driver_errors,
)
from desktop_app.store.errors import (
    DatabaseDamaged,
    DatabaseWriteError,
    LockHolder,
    NetworkPathRefused,
    NewerSchemaError,
    NotARegvaultDatabase,
    StoredValueUnreadable,
    StoreError,
    disk_problem,
)
from desktop_app.store.location import DatabaseLocation, network_path_reason

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
_ORDERED_AGGREGATES = sqlite3.sqlite_version_info >= (3, 44, 0)  # json_group_array(x ORDER BY y)
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
NEARLY_FULL_BYTES = 4 * 1024 * 1024  # less free than this when a write fails: call the disk full

# SQLite's primary result codes (https://sqlite.org/rescode.html): the low byte of sqlite_errorcode.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 3, 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26


def make_private(path: Path, mode: int = PRIVATE_FILE) -> None:
    """chmod to the user alone where the OS has modes (not Windows: the folder's ACL does it there)."""
    if os.name == "nt":
        return
    with suppress(OSError):
        if path.exists() and path.stat().st_mode & 0o777 != mode:
            os.chmod(path, mode)


class TrackedSqliteDatabase(TracksConnections, SqliteDatabase):
    """SQLite, closing every thread's connection on close_all()."""


def backup_path(path: Path, version: int) -> Path:
    return path.with_suffix(f".bak-v{version}")


def _read_only_uri(path: Path) -> str:
    # Without a -wal file beside it, "immutable" reads the file without creating -wal/-shm files next to
    # a file we may refuse. With one, SQLite must read it: the newest committed pages may be there.
    wal = path.with_name(path.name + "-wal")
    flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return f"{path.resolve().as_uri()}?{flags}"


class SqliteEngine(Engine):
    name = "sqlite"

    def __init__(self, location: DatabaseLocation) -> None:
        assert location.path is not None
        self.location = location
        self.path = location.path
        self._locks_dir = self.path.with_name(self.path.name + "-locks")

    def describe(self) -> str:
        return f"the database {self.path}"

    # ---------------------------------------------------------------------------------------------- opening
    def inspect(self) -> DatabaseState:
        path = self.path
        if path.is_dir():
            raise NotARegvaultDatabase(f"{path} is a folder, not a Regvault database file.")
        reason = network_path_reason(path)
        if reason is not None:
            raise NetworkPathRefused(
                f"{reason}. Regvault does not open an SQLite database there: SQLite's write-ahead log needs memory "
                "shared between the programs using the file, which network file systems don't provide, and their "
                "file locks are unreliable, so two workstations could damage it. Keep the database in a local folder "
                "(--data-dir), or share one PostgreSQL database with your team (--database postgresql://…)."
            )
        try:
            if not path.exists():
                return DatabaseState(exists=False)
            if path.stat().st_size == 0:
                # Regvault never leaves an empty file (connect() makes a new database whole): the history this file
                # held was cut off outside Regvault. Starting afresh on top of it would lose it without a word.
                raise NotARegvaultDatabase(
                    f"{path} is empty (0 bytes): whatever backups it held are no longer in it. It was left "
                    "untouched: restore a copy of it (a backup of your data folder, or a .bak-v… file beside it); if "
                    "there were never backups here, delete the file and Regvault starts a new database."
                )
            with path.open("rb") as f:
                header = f.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise StoreError(f"Cannot read the database {path}: {exc.strerror or exc}.") from exc
        if header != SQLITE_HEADER:
            raise NotARegvaultDatabase(
                f"{path} is not a Regvault database (not an SQLite file). It was left untouched; "
                "choose another data folder or move the file away."
            )
        try:
            conn = sqlite3.connect(_read_only_uri(path), uri=True)
            try:
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if app_id == 0 and not tables:
                    return DatabaseState(exists=False)
                from desktop_app.store.schema import VERSION_TABLE

                if app_id != APPLICATION_ID or VERSION_TABLE not in tables:
                    raise NotARegvaultDatabase(
                        f"{path} is an SQLite database of another program, not Regvault's. It was left untouched."
                    )
                row = conn.execute(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            full = self.classify(exc)
            if isinstance(full, DatabaseWriteError):  # a full or read-only disk, not a damaged file
                raise full from exc
            raise NotARegvaultDatabase(
                f"{path} is damaged or not a Regvault database ({exc}). It was left untouched: restore a copy of "
                "it, or move it away and Regvault starts a new database."
            ) from exc
        version = int(row[0] or 0)
        from desktop_app.store.schema import SCHEMA_VERSION

        if version > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"{path} was written by a newer Regvault (schema version {version}; this version understands up "
                f"to {SCHEMA_VERSION}). It was left untouched; update Regvault to open it."
            )
        return DatabaseState(exists=True, version=version)

    def connect(self) -> Database:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                _create_empty_database(self.path)
        except OSError as exc:
            raise StoreError(f"Cannot open the database {self.path}: {exc.strerror or exc}") from exc
        self.secure_files()
        return TrackedSqliteDatabase(
            str(self.path),
            pragmas={
                "journal_mode": "wal",
                "foreign_keys": 1,
                "busy_timeout": BUSY_TIMEOUT_MS,
                "synchronous": "NORMAL",
                "cache_size": -32_000,  # 32 MB per connection
            },
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,  # only so close() can close other threads' connections
        )

    def secure_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            make_private(self.path.with_name(self.path.name + suffix))

    def atomic(self, db: Database) -> AbstractContextManager[Any]:
        return _atomic(cast(SqliteDatabase, db))

    def mark_as_regvault(self, db: Database) -> None:
        cast(SqliteDatabase, db).pragma("application_id", APPLICATION_ID)

    def before_migration(self, db: Database, from_version: int) -> str | None:
        """A consistent copy (WAL content included) through SQLite's backup API."""
        target = backup_path(self.path, from_version)
        src = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        make_private(target)
        return str(target)

    # -------------------------------------------------------------------------------------------------- SQL
    def table_names(self, db: Database) -> set[str]:
        return {str(r[0]) for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}

    def damaged(self, detail: str) -> DatabaseDamaged:
        return DatabaseDamaged(damaged_message(self.path, detail))

    def id_list(self, db: Database, table: str, where: str, order: str, params: Any) -> list[int]:
        # One JSON array instead of 100,000 row tuples: about 40% faster to fetch into Python.
        if _ORDERED_AGGREGATES:
            sql = f"SELECT json_group_array(id ORDER BY {order}) FROM {table} WHERE {where}"
        else:
            # Before 3.44 an aggregate takes the rows in the order of its FROM subquery (SQLite keeps a
            # subquery's ORDER BY when the outer query has none and no join); tests check the order.
            sql = f"SELECT json_group_array(id) FROM (SELECT id FROM {table} WHERE {where} ORDER BY {order})"
        return cast(list[int], json.loads(db.execute_sql(sql, params).fetchone()[0]))

    def unindexed(self, table: str) -> str | None:
        return f"{table} NOT INDEXED"

    def health_problem(self, db: Database) -> str | None:
        try:
            rows = [r[0] for r in db.execute_sql("PRAGMA quick_check(3)").fetchall()]
        except sqlite3.DatabaseError as exc:
            return str(exc)
        except Exception as exc:  # peewee's wrapper of the same
            return str(exc)
        return None if rows == ["ok"] else " ".join("; ".join(str(r) for r in rows).split())

    def classify(self, exc: BaseException) -> StoreError | None:
        for err in driver_errors(exc):
            if isinstance(err, UnicodeDecodeError | zlib.error | json.JSONDecodeError | StoredValueUnreadable):
                # Bytes changed inside a row: the pages are sound (quick_check passes) but what they hold is not.
                return DatabaseDamaged(damaged_message(self.path, f"a stored value cannot be read: {err}"))
            code = getattr(err, "sqlite_errorcode", None)
            if code is None:
                if isinstance(err, OSError) and err.errno is not None:
                    return _os_error(self.path, err)
                if isinstance(err, sqlite3.OperationalError | sqlite3.DataError):
                    # Raised by the sqlite3 module itself, not by SQLite (which gives every error a result
                    # code): a stored value it cannot convert, such as text that is no longer UTF-8.
                    return DatabaseDamaged(damaged_message(self.path, f"a stored value cannot be read: {err}"))
                continue
            primary = int(code) & 0xFF
            if _NO_TRANSACTION in str(err):
                continue  # a ROLLBACK after SQLite rolled back by itself: what made it do so is further on
            if str(err).startswith("no such table"):
                return DatabaseDamaged(damaged_message(self.path, f"{err}: part of Regvault's tables is missing"))
            if primary in (SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN):
                hint = "it is read-only: check the permissions of the file and its folder"
            elif primary == SQLITE_FULL:
                hint = "the disk is full: free some space and run it again"
            elif primary in (SQLITE_BUSY, SQLITE_LOCKED):
                hint = "another program kept it locked"
            elif primary == SQLITE_IOERR:
                # On some file systems (tmpfs, a WAL's shared memory) a full disk surfaces as an I/O error:
                # ask the disk itself rather than guess from the message.
                hint = "the disk is full: free some space and run it again" if self._disk_nearly_full() else \
                    "the disk reported an error"
            elif primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
                return DatabaseDamaged(damaged_message(self.path, str(err)))
            else:
                return None
            return DatabaseWriteError(f"Cannot write to the database {self.path}: {hint} ({err}). Nothing was changed.")
        return None

    def _disk_nearly_full(self) -> bool:
        try:
            return shutil.disk_usage(self.path.parent).free < NEARLY_FULL_BYTES
        except OSError:
            return False

    # ------------------------------------------------------------------------------------------------ locks
    def _lock_file(self, tenant_id: str) -> Path:
        return self._locks_dir / f"{sha256(tenant_id.strip().lower().encode()).hexdigest()[:24]}.lock"

    def try_lock_tenant(self, tenant_id: str, holder: LockHolder) -> HeldLock | None:
        try:
            self._locks_dir.mkdir(mode=PRIVATE_DIR, exist_ok=True)
            handle = open(self._lock_file(tenant_id), "a+", encoding="utf-8")  # noqa: SIM115 - held until release
        except OSError as exc:
            raise _os_error(self._locks_dir, exc) from exc
        if not _try_os_lock(handle):
            handle.close()
            return None
        make_private(Path(handle.name))
        with suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(_holder_json(holder)))
            handle.flush()
        return _FileLock(handle)

    def lock_holder(self, tenant_id: str) -> LockHolder | None:
        try:
            text = self._lock_file(tenant_id).read_text(encoding="utf-8")
            data = json.loads(text)
            return LockHolder(
                purpose=str(data["purpose"]), user=str(data["user"]), workstation=str(data["workstation"]),
                pid=int(data["pid"]), since=datetime.fromisoformat(data["since"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None


def _create_empty_database(path: Path) -> None:
    """A new SQLite file with no tables, put in place whole: a process killed while making it never leaves an
    empty file (which `inspect` refuses as a database cut off outside Regvault). Created 0600; SQLite gives -wal
    and -shm the same mode. Another process making it at the same moment wins, and its file is used."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.new")
    os.close(os.open(temp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, PRIVATE_FILE))
    try:
        conn = sqlite3.connect(temp)
        try:
            conn.execute("CREATE TABLE regvault_new (x)")  # writes the header and the schema page
            conn.execute("DROP TABLE regvault_new")
            conn.commit()
        finally:
            conn.close()
        try:
            os.link(temp, path)  # fails if the file is there by now (never replaces a database)
        except FileExistsError:
            pass
        except OSError:
            with suppress(FileExistsError):
                os.rename(temp, path)  # no hard links here (FAT, some shares); Windows' rename never replaces
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temp)


_NO_TRANSACTION = "no transaction is active"


@contextmanager
def _atomic(db: SqliteDatabase) -> Iterator[Any]:
    """peewee's atomic block, but a COMMIT that fails is what the caller sees. A COMMIT that runs out of room
    (SQLITE_FULL, an I/O error) is rolled back by SQLite itself; peewee's ROLLBACK after it then fails with 'no
    transaction is active', and that error hid the one that says the disk is full."""
    failed: BaseException | None = None
    try:
        with db.atomic("IMMEDIATE") as transaction:
            yield transaction
    except Exception as exc:
        if _NO_TRANSACTION not in str(exc) or db.in_transaction():
            raise
        failed = next((e for e in driver_errors(exc) if _NO_TRANSACTION not in str(e)), None)
        if failed is None:
            raise
    if failed is not None:
        raise failed  # outside the except block: its context stays the COMMIT's own, not the ROLLBACK's


def damaged_message(path: Path | str, detail: str) -> str:
    return (
        f"The database {path} is damaged ({detail}); nothing was written to it. Restore a copy of it (a backup of "
        "your data folder, or a .bak-v… file beside it), or start a new database: move the file away (or give "
        "another --data-dir / --database) and run the backup again."
    )


def _os_error(path: Path, exc: OSError) -> StoreError:
    return DatabaseWriteError(f"Cannot write to {path}: {disk_problem(exc)}. Nothing was changed.")


def _holder_json(holder: LockHolder) -> dict[str, object]:
    return {
        "purpose": holder.purpose, "user": holder.user, "workstation": holder.workstation, "pid": holder.pid,
        "since": holder.since.isoformat(),
    }


if sys.platform == "win32":  # pragma: no cover - Windows only
    import msvcrt

    _LOCK_OFFSET = 1 << 20  # lock a byte past the holder text, so others can still read who holds it

    def _try_os_lock(handle: IO[str]) -> bool:
        handle.seek(_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _os_unlock(handle: IO[str]) -> None:
        handle.seek(_LOCK_OFFSET)
        with suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_os_lock(handle: IO[str]) -> bool:
        # flock belongs to the open file, so two threads of one process exclude each other too.
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _os_unlock(handle: IO[str]) -> None:
        with suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class _FileLock(HeldLock):
    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle

    def release(self) -> None:
        if self._handle.closed:
            return
        with suppress(OSError):
            self._handle.seek(0)
            self._handle.truncate()
            self._handle.flush()
        _os_unlock(self._handle)
        self._handle.close()
