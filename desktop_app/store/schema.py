"""Recognising, creating and migrating the database file (Vorta's numbered migrations).

A fresh database is created at SCHEMA_VERSION. An older one is first copied aside (``<name>.bak-v<N>``), then
brought forward by MIGRATIONS[N+1], MIGRATIONS[N+2], ..., each step and its version bump in one transaction,
so a failure leaves the file at the last completed step. Anything that is not ours, or is newer than us, is
refused before a single byte of it is written.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from peewee import SqliteDatabase

from desktop_app.store.errors import MigrationError, NewerSchemaError, NotARegvaultDatabase
from desktop_app.store.models import ALL_MODELS, SchemaVersion

log = logging.getLogger(__name__)

# PRAGMA application_id marks the file as Regvault's ("RGVT"), so another program's SQLite file is refused.
APPLICATION_ID = 0x52475654
SQLITE_HEADER = b"SQLite format 3\x00"

SCHEMA_VERSION = 1
VERSION_TABLE: str = SchemaVersion._meta.table_name

MigrationStep = Callable[[SqliteDatabase], None]
# MIGRATIONS[n] takes a database at version n-1 to version n. Steps use plain SQL (or playhouse.migrate),
# never today's models, which describe only the newest schema.
MIGRATIONS: dict[int, MigrationStep] = {}


@dataclass(frozen=True)
class FileState:
    exists: bool  # False: no file, an empty file, or an SQLite file without tables: created fresh
    version: int = 0


def backup_path(path: Path, version: int) -> Path:
    return path.with_suffix(f".bak-v{version}")


def _read_only_uri(path: Path) -> str:
    # Without a -wal file beside it, "immutable" reads the file without creating -wal/-shm files next to
    # a file we may refuse. With one, SQLite must read it: the newest committed pages may be there.
    wal = path.with_name(path.name + "-wal")
    flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return f"{path.resolve().as_uri()}?{flags}"


def inspect_file(path: Path) -> FileState:
    """Read-only look at `path`: whose file is it, and at which schema version?"""
    if path.is_dir():
        raise NotARegvaultDatabase(f"{path} is a folder, not a Regvault database file.")
    if not path.exists() or path.stat().st_size == 0:
        return FileState(exists=False)
    with path.open("rb") as f:
        header = f.read(len(SQLITE_HEADER))
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
                return FileState(exists=False)
            if app_id != APPLICATION_ID or VERSION_TABLE not in tables:
                raise NotARegvaultDatabase(
                    f"{path} is an SQLite database of another program, not Regvault's. It was left untouched."
                )
            row = conn.execute(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotARegvaultDatabase(
            f"{path} is damaged or not a Regvault database ({exc}). It was left untouched."
        ) from exc
    version = int(row[0] or 0)
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path} was written by a newer Regvault (schema version {version}; this version understands up to "
            f"{SCHEMA_VERSION}). It was left untouched; update Regvault to open it."
        )
    return FileState(exists=True, version=version)


def create_schema(db: SqliteDatabase) -> None:
    with db.atomic("IMMEDIATE"):
        db.pragma("application_id", APPLICATION_ID)
        db.create_tables(ALL_MODELS)
        SchemaVersion.create(version=SCHEMA_VERSION, changed=datetime.now(UTC))


def copy_aside(path: Path, version: int) -> Path:
    """A consistent copy (WAL content included) through SQLite's backup API, before any migration step."""
    target = backup_path(path, version)
    src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def migrate(db: SqliteDatabase, path: Path, from_version: int) -> None:
    copy = copy_aside(path, from_version)
    log.info("Migrating %s from schema %d to %d; copy at %s", path, from_version, SCHEMA_VERSION, copy)
    for version in range(from_version + 1, SCHEMA_VERSION + 1):
        step = MIGRATIONS.get(version)
        if step is None:
            raise MigrationError(f"No migration step to schema version {version}; {path} left at {version - 1}.")
        try:
            with db.atomic("IMMEDIATE"):
                step(db)
                SchemaVersion.create(version=version, changed=datetime.now(UTC))
        except Exception as exc:
            raise MigrationError(
                f"Updating {path} to schema version {version} failed ({exc}). The database stays at version "
                f"{version - 1}; the copy made before updating is {copy}."
            ) from exc
