"""What differs between the store's two engines, behind one small interface (SQLite file, PostgreSQL server).

Contract for the rest of store/:
- `inspect()` looks without writing: whose database is it, at which schema version? It raises
  NotARegvaultDatabase, NewerSchemaError or DatabaseUnreachable before a single byte is written.
- `connect()` gives a peewee Database (not yet bound to the models); `atomic(db)` a write transaction that starts
  as a writer (SQLite: BEGIN IMMEDIATE), so two writers queue instead of failing on a lock upgrade.
- SQL written for the store uses `?` placeholders; `sql()` turns them into the engine's own.
- `classify(exc)` turns a driver error into the StoreError a user can act on, from the driver's error codes
  (SQLite's result codes, PostgreSQL's SQLSTATE), never by reading its message; None: not ours to explain.
- `try_lock_tenant(tenant_id)` takes a tenant's cross-process lock without waiting, or returns None; the lock
  dies with the process (an OS file lock, a PostgreSQL session advisory lock), so a killed backup frees it.
"""

from __future__ import annotations

import abc
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from typing import Any

from peewee import Database

from desktop_app.store.errors import DatabaseDamaged, LockHolder, StoreError
from desktop_app.store.location import DatabaseLocation

# Marks a database as Regvault's ("RGVT"): SQLite's PRAGMA application_id, PostgreSQL's advisory lock class.
APPLICATION_ID = 0x52475654


@dataclass(frozen=True)
class DatabaseState:
    exists: bool  # False: nothing there yet (no file, an empty file or database): created fresh
    version: int = 0


class TracksConnections:
    """A peewee Database mixin that remembers every thread's connection, so close_all() closes them all, not
    just the calling thread's (peewee keeps one per thread)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._all_connections: list[Any] = []
        self._connections_lock = threading.Lock()

    def _connect(self) -> Any:
        conn = super()._connect()  # type: ignore[misc]
        with self._connections_lock:
            self._all_connections.append(conn)
        return conn

    def close_all(self) -> None:
        if not self.is_closed():  # type: ignore[attr-defined]
            self.close()  # type: ignore[attr-defined]
        with self._connections_lock:
            for conn in self._all_connections:
                with suppress(Exception):
                    conn.close()
            self._all_connections.clear()


class HeldLock(abc.ABC):
    """A tenant lock this process holds."""

    @abc.abstractmethod
    def release(self) -> None: ...


class Engine(abc.ABC):
    name: str
    location: DatabaseLocation

    @abc.abstractmethod
    def describe(self) -> str:
        """The database in words for messages: `the database /path/regvault.sqlite`."""

    @abc.abstractmethod
    def inspect(self) -> DatabaseState: ...

    @abc.abstractmethod
    def connect(self) -> Database: ...

    @abc.abstractmethod
    def atomic(self, db: Database) -> AbstractContextManager[Any]: ...

    @abc.abstractmethod
    def mark_as_regvault(self, db: Database) -> None:
        """Inside the schema-creating transaction: what tells `inspect` later that this database is ours."""

    def before_create(self, db: Database) -> bool:
        """Inside the schema-creating transaction: False when another process created it meanwhile."""
        return True

    def before_migration(self, db: Database, from_version: int) -> str | None:
        """Before the first migration step: a copy of the database, if the engine makes one (where it is)."""
        return None

    def lock_schema(self, db: Database) -> None:
        """Inside a migration step's transaction: keep other workstations from migrating at the same time."""
        return None

    def sql(self, text: str) -> str:
        return text

    def contains(self, column: str) -> str:
        """A condition: `column` contains the bound text (no wildcard escaping)."""
        return f"instr({column}, ?) > 0"

    @abc.abstractmethod
    def id_list(self, db: Database, table: str, where: str, order: str, params: Sequence[Any]) -> list[int]: ...

    @abc.abstractmethod
    def table_names(self, db: Database) -> set[str]:
        """The tables the database holds (in the store's own schema)."""

    def damaged(self, detail: str) -> DatabaseDamaged:
        """The error for a database found damaged (`detail`: what is wrong)."""
        return DatabaseDamaged(f"{self.describe()} is damaged ({detail}); nothing was written to it.")

    def executemany(self, cursor: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            cursor.executemany(self.sql(sql), rows)

    def lock_tenant_writes(self, db: Database, tenant_pk: int) -> None:
        """Inside a write transaction: serialise snapshot writes of one tenant (SQLite's writers already are)."""
        return None

    def after_bulk_write(self, db: Database, rows: int) -> None:
        """After a write of `rows` new or changed rows: what the engine needs to plan the next queries well."""
        return None

    def unindexed(self, table: str) -> str | None:
        """`table` read without its indexes (SQLite: `table NOT INDEXED`), to confirm that a row an index lookup
        did not find is really not there (an index whose pages were damaged can miss rows while every page
        still passes the quick check); None: the engine has no such check (a server checks its own)."""
        return None

    def health_problem(self, db: Database) -> str | None:
        """What the engine's own consistency check reports (None: fine) before a snapshot is written."""
        return None

    @abc.abstractmethod
    def classify(self, exc: BaseException) -> StoreError | None: ...

    @abc.abstractmethod
    def try_lock_tenant(self, tenant_id: str, holder: LockHolder) -> HeldLock | None: ...

    @abc.abstractmethod
    def lock_holder(self, tenant_id: str) -> LockHolder | None: ...

    def secure_files(self) -> None:
        """Make the database's files the user's alone (SQLite: 0600); a server's files are the server's."""
        return None

    def close(self) -> None:
        """Release what the engine itself holds (not the peewee Database)."""
        return None


def driver_errors(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and what it wraps (peewee re-raises a driver's error as its own, keeping the original)."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if current.args and isinstance(current.args[0], BaseException):
            todo.append(current.args[0])
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                todo.append(linked)


def engine_for(location: DatabaseLocation) -> Engine:
    if location.engine == "postgresql":
        from desktop_app.store.postgres_engine import PostgresEngine

        return PostgresEngine(location)
    from desktop_app.store.sqlite_engine import SqliteEngine

    return SqliteEngine(location)
