"""The team engine: one PostgreSQL database that every technician's Regvault shares (psycopg2, through peewee).

- A Regvault database is told apart from another program's by a comment on its schema-version table; one from a
  newer Regvault by that table's highest version. Both are read before anything is written.
- Errors are classified by SQLSTATE (and by the driver's exception class while connecting, where there is no
  SQLSTATE yet), never by their text.
- Creating the schema and migrating run under a transaction-scoped advisory lock, so two workstations opening a
  new or older database at once don't both do it. DDL is transactional in PostgreSQL: each step and its version
  row commit together or not at all (no file copy is made: the server's own backups cover the database).
- A tenant's lock is a session advisory lock on a connection of its own, held while a backup or restore runs; the
  server drops it when that connection dies. Who holds it is written in the tenant_lock table for the one who waits.
- Snapshot writes of one tenant are also serialised inside their transaction (a transaction advisory lock), so
  two writers can never interleave their versions even without the run lock.
- Advisory locks belong to the whole database, while a Regvault store is one schema of it: their keys hash the
  schema's name with the tenant (`_KEY_SQL`), so two stores in one database never hold each other's tenants.
"""

from __future__ import annotations

import json
import logging
import zlib
from contextlib import AbstractContextManager, suppress
from datetime import UTC, datetime
from typing import Any, cast

from peewee import Database, PostgresqlDatabase

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
    DatabaseUnreachable,
    DatabaseWriteError,
    LockHolder,
    NewerSchemaError,
    NotARegvaultDatabase,
    StoredValueUnreadable,
    StoreError,
)
from desktop_app.store.location import DatabaseLocation

log = logging.getLogger(__name__)

MARK = "Regvault snapshot store"
BULK_ROWS = 1_000  # a snapshot adding or changing this many apps refreshes the planner's statistics
SCHEMA_LOCK = 0  # objid of the advisory lock that guards creating and migrating the schema
_WRITE_CLASS = APPLICATION_ID + 1  # classid of the per-tenant snapshot-write lock (a different space than runs)
# The second key of a tenant's advisory locks: the store's schema and the tenant, hashed by the server (a collision
# only serialises two tenants).
_KEY_SQL = "hashtext(current_schema() || '/' || %s)"

# SQLSTATE classes and codes (PostgreSQL "Appendix A. Error Codes").
_DISK_FULL = {"53100"}
_MISSING = frozenset({"42P01"})  # undefined_table: dropped outside Regvault (a missing column is more likely our bug)
_OUT_OF_RESOURCES = "53"
_READ_ONLY = {"25006"}
_PRIVILEGE = {"42501"}
_CONNECTION = "08"
_AUTH = {"28000", "28P01"}
_NO_DATABASE = {"3D000"}
_CORRUPT = {"XX001", "XX002"}
_SHUTDOWN = "57P"


POSTGRESQL_NOT_INSTALLED = (
    "PostgreSQL support is not installed in this Regvault. It is an extra of the Python package: install it with "
    "pip install \"regvault[postgresql]\" (in the same Python environment as Regvault), or use the packaged app, "
    "which includes it. Nothing was written.")


def _psycopg2() -> Any:
    try:
        import psycopg2
    except ImportError as exc:
        raise StoreError(POSTGRESQL_NOT_INSTALLED) from exc
    return psycopg2


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].strip() if text else type(exc).__name__


class TrackedPostgresqlDatabase(TracksConnections, PostgresqlDatabase):
    """PostgreSQL, closing every thread's connection on close_all() (each one is a server session)."""


class PostgresEngine(Engine):
    name = "postgresql"

    def __init__(self, location: DatabaseLocation) -> None:
        self.location = location

    def describe(self) -> str:
        return f"the PostgreSQL database {self.location.url}"

    def _raw_connect(self) -> Any:
        pg = _psycopg2()
        try:
            return pg.connect(**self.location.connect_params())
        except pg.Error as exc:
            raise self._connect_error(exc) from exc

    def _connect_error(self, exc: BaseException) -> StoreError:
        code = getattr(exc, "pgcode", None)
        where = self.location.url
        if code in _AUTH:
            what = "refused the sign-in (wrong user or password)"
        elif code in _NO_DATABASE:
            what = "has no such database"
        else:
            # psycopg2 gives no SQLSTATE for a failed connection: the server never answered, or refused before
            # a session started (a wrong password, pg_hba.conf). Its own first line says which.
            what = f"could not be reached or refused the connection ({_first_line(exc)})"
        return DatabaseUnreachable(
            f"The PostgreSQL database {where} {what}. Nothing was written. Check the server address, that it is "
            "running, the user name, and the password (give it once with `regvault database use URL`, where it is "
            "asked for and kept in the OS keyring, or in the PGPASSWORD variable)."
        )

    # ---------------------------------------------------------------------------------------------- opening
    def inspect(self) -> DatabaseState:
        conn = self._raw_connect()
        try:
            conn.set_session(readonly=True, autocommit=True)
            with conn.cursor() as cur:
                return self._inspect(cur)
        finally:
            conn.close()

    def _inspect(self, cur: Any) -> DatabaseState:
        from desktop_app.store.schema import SCHEMA_VERSION, VERSION_TABLE

        cur.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        if int(cur.fetchone()[0]) == 0:
            return DatabaseState(exists=False)
        cur.execute(
            "SELECT obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relname = %s AND c.relkind = 'r'",
            (VERSION_TABLE,),
        )
        row = cur.fetchone()
        if row is None or row[0] != MARK:
            raise NotARegvaultDatabase(
                f"The PostgreSQL database {self.location.url} holds tables of another program, not Regvault's. It "
                "was left untouched: give Regvault a database (or schema) of its own."
            )
        cur.execute(f'SELECT max(version) FROM "{VERSION_TABLE}"')
        version = int(cur.fetchone()[0] or 0)
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"The PostgreSQL database {self.location.url} was written by a newer Regvault (schema version "
                f"{version}; this version understands up to {SCHEMA_VERSION}). It was left untouched; update "
                "Regvault on this workstation to use it."
            )
        return DatabaseState(exists=True, version=version)

    def connect(self) -> Database:
        params = self.location.connect_params()
        dbname = str(params.pop("dbname"))
        return TrackedPostgresqlDatabase(dbname, **params)

    def atomic(self, db: Database) -> AbstractContextManager[Any]:
        return cast(PostgresqlDatabase, db).atomic()

    def before_create(self, db: Database) -> bool:
        db.execute_sql("SELECT pg_advisory_xact_lock(%s, %s)", (APPLICATION_ID, SCHEMA_LOCK))
        cursor = db.execute_sql(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return int(cursor.fetchone()[0]) == 0

    def before_migration(self, db: Database, from_version: int) -> str | None:
        return None

    def lock_schema(self, db: Database) -> None:
        db.execute_sql("SELECT pg_advisory_xact_lock(%s, %s)", (APPLICATION_ID, SCHEMA_LOCK))

    def mark_as_regvault(self, db: Database) -> None:
        from desktop_app.store.schema import VERSION_TABLE

        db.execute_sql(f"COMMENT ON TABLE \"{VERSION_TABLE}\" IS '{MARK}'")

    # -------------------------------------------------------------------------------------------------- SQL
    def sql(self, text: str) -> str:
        return text.replace("?", "%s")

    def contains(self, column: str) -> str:
        return f"strpos({column}, ?) > 0"

    def id_list(self, db: Database, table: str, where: str, order: str, params: Any) -> list[int]:
        sql = self.sql(f"SELECT array_agg(id ORDER BY {order}) FROM {table} WHERE {where}")
        ids = db.execute_sql(sql, params).fetchone()[0]
        return list(ids or [])

    def executemany(self, cursor: Any, sql: str, rows: Any) -> None:
        """INSERTs as multi-row VALUES (execute_values: one statement per 500 rows), other statements batched
        (execute_batch): a round trip per row would make a 100,000-app snapshot take minutes."""
        if not rows:
            return
        from psycopg2.extras import execute_batch, execute_values

        head, values, tail = _split_values(sql)
        if values is None:
            execute_batch(cursor, self.sql(sql), rows, page_size=250)
        else:
            execute_values(cursor, f"{head}VALUES %s{tail}", rows, template=self.sql(values), page_size=500)

    def after_bulk_write(self, db: Database, rows: int) -> None:
        # Fresh planner statistics after a large snapshot: without them (autovacuum comes later) the next
        # backup's join of apps and open versions can be planned as a nested loop over 100,000 x 100,000 rows.
        if rows >= BULK_ROWS:
            db.execute_sql('ANALYZE "app", "app_version", "app_search", "app_credential"')

    def lock_tenant_writes(self, db: Database, tenant_pk: int) -> None:
        db.execute_sql(f"SELECT pg_advisory_xact_lock(%s, {_KEY_SQL})", (_WRITE_CLASS, str(tenant_pk)))

    def table_names(self, db: Database) -> set[str]:
        rows = db.execute_sql(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()").fetchall()
        return {str(r[0]) for r in rows}

    def damaged(self, detail: str) -> DatabaseDamaged:
        return DatabaseDamaged(
            f"The PostgreSQL database {self.location.url} is damaged ({detail}); nothing was written. Ask its "
            "administrator to restore it from the server's backups."
        )

    def classify(self, exc: BaseException) -> StoreError | None:
        pg = _psycopg2()
        for err in driver_errors(exc):
            if isinstance(err, UnicodeDecodeError | zlib.error | json.JSONDecodeError | StoredValueUnreadable):
                return self.damaged(f"a stored value cannot be read: {err}")
            if not isinstance(err, pg.Error):
                continue
            code = getattr(err, "pgcode", None) or ""
            if code in _MISSING:
                return self.damaged(f"{_first_line(err)}: part of Regvault's tables is missing")
            if code in _DISK_FULL or code.startswith(_OUT_OF_RESOURCES):
                hint = "the database server's disk is full or out of resources"
            elif code in _READ_ONLY:
                hint = "the server is read-only (a standby, or default_transaction_read_only)"
            elif code in _PRIVILEGE:
                hint = "the database user may not write there (ask for the privileges on its tables)"
            elif code in _CORRUPT:
                return DatabaseDamaged(
                    f"The PostgreSQL database {self.location.url} reports damaged data ({_first_line(err)}); "
                    "nothing was written. Ask its administrator to restore it from the server's backups."
                )
            elif code.startswith(_CONNECTION) or code.startswith(_SHUTDOWN) or isinstance(
                err, pg.OperationalError | pg.InterfaceError
            ):
                return DatabaseUnreachable(
                    f"The connection to the PostgreSQL database {self.location.url} was lost "
                    f"({_first_line(err)}). What was being written was rolled back; run it again."
                )
            else:
                return None
            return DatabaseWriteError(
                f"Cannot write to the PostgreSQL database {self.location.url}: {hint} ({_first_line(err)}). "
                "Nothing was changed."
            )
        return None

    # ------------------------------------------------------------------------------------------------ locks
    def try_lock_tenant(self, tenant_id: str, holder: LockHolder) -> HeldLock | None:
        conn = self._raw_connect()
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(f"SELECT pg_try_advisory_lock(%s, {_KEY_SQL})", (APPLICATION_ID, tenant_id.strip().lower()))
                if not cur.fetchone()[0]:
                    conn.close()
                    return None
                cur.execute(
                    "INSERT INTO tenant_lock (tenant_id, purpose, os_user, workstation, pid, since) "
                    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (tenant_id) DO UPDATE SET purpose = EXCLUDED.purpose, "
                    "os_user = EXCLUDED.os_user, workstation = EXCLUDED.workstation, pid = EXCLUDED.pid, "
                    "since = EXCLUDED.since",
                    (tenant_id.lower(), holder.purpose, holder.user, holder.workstation, holder.pid,
                     holder.since.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")),
                )
        except Exception:
            conn.close()
            raise
        return _AdvisoryLock(conn, tenant_id)

    def lock_holder(self, tenant_id: str) -> LockHolder | None:
        conn = self._raw_connect()
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(
                    "SELECT purpose, os_user, workstation, pid, since FROM tenant_lock WHERE tenant_id = %s",
                    (tenant_id.lower(),),
                )
                row = cur.fetchone()
        except Exception:
            return None
        finally:
            conn.close()
        if row is None:
            return None
        return LockHolder(
            purpose=row[0], user=row[1], workstation=row[2], pid=int(row[3]),
            since=datetime.fromisoformat(str(row[4])).replace(tzinfo=UTC),
        )


def _split_values(sql: str) -> tuple[str, str | None, str]:
    """`INSERT ... VALUES (?, ?) tail` -> ("INSERT ... ", "(?, ?)", " tail"); (sql, None, "") for anything else."""
    if not sql.lstrip().upper().startswith("INSERT") or "VALUES (" not in sql:
        return sql, None, ""
    head, rest = sql.split("VALUES (", 1)
    depth = 1
    for end, char in enumerate(rest):  # noqa: B007 - `end` is read after the loop
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return head, "(" + rest[: end + 1], rest[end + 1 :]
    return sql, None, ""


class _AdvisoryLock(HeldLock):
    def __init__(self, conn: Any, tenant_id: str) -> None:
        self._conn = conn
        self._tenant_id = tenant_id

    def release(self) -> None:
        if self._conn.closed:
            return
        with suppress(Exception), self._conn.cursor() as cur:
            cur.execute("DELETE FROM tenant_lock WHERE tenant_id = %s", (self._tenant_id.lower(),))
            cur.execute(f"SELECT pg_advisory_unlock(%s, {_KEY_SQL})", (APPLICATION_ID, self._tenant_id.strip().lower()))
        with suppress(Exception):
            self._conn.close()
