"""Moving a whole store from one database to another (SQLite into PostgreSQL, and back): DESIGN.md §10.

Every row of every table is copied with its id (snapshots, apps, versions, blobs, the restore audit trail,
settings), in one transaction on the target, so ids (which order snapshots) and the links between rows stay
exactly as they were. The target must be empty or a freshly created Regvault store with no tenants; the source
is only read and stays as it was. Both must be at this Regvault's schema version (opening them migrates).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import peewee
from peewee import BlobField, BooleanField, CompositeKey

from desktop_app.store.database import Store
from desktop_app.store.engine import engine_for
from desktop_app.store.errors import StoreError
from desktop_app.store.location import DatabaseLocation
from desktop_app.store.models import ALL_MODELS, SchemaVersion, TenantLock
from desktop_app.store.records import TenantInfo

CHUNK = 2_000
MoveProgress = Callable[[str, int], None]  # (table, rows copied so far)

# Bookkeeping of the target itself, not data to carry over.
_NOT_COPIED = (SchemaVersion, TenantLock)


@dataclass(frozen=True)
class MoveSummary:
    source: str
    target: str
    rows: dict[str, int]


class TargetNotEmpty(StoreError):
    """The target database already holds tenants or backups: nothing is copied over them. `held` says which;
    `same_as_source` when they are the source's own (an earlier move copied the store and stopped there)."""

    def __init__(self, message: str, held: tuple[TenantInfo, ...], same_as_source: bool) -> None:
        super().__init__(message)
        self.held = held
        self.same_as_source = same_as_source


def move_store(source: DatabaseLocation, target: DatabaseLocation, progress: MoveProgress | None = None) -> MoveSummary:
    if source == target:
        raise StoreError("The source and the target are the same database.")
    # Open each once as a Store: refuses foreign or newer databases, creates or migrates the schema.
    with Store.open(source) as opened_source:
        opened_source.check_health()  # a damaged store is not copied (its damage would go along, or stop half-way)
        source_tenants = {t.tenant_id for t in opened_source.list_tenants(include_archived=True)}
    with Store.open(target) as opened:
        held = tuple(opened.list_tenants(include_archived=True))
        if held:
            raise TargetNotEmpty(
                f"{opened.describe()} already holds tenants; Regvault copies a store only into an empty database. "
                "Nothing was copied.", held, same_as_source={t.tenant_id for t in held} == source_tenants,
            )
    src_engine, dst_engine = engine_for(source), engine_for(target)
    src_db, dst_db = src_engine.connect(), dst_engine.connect()
    rows: dict[str, int] = {}
    try:
        src_db.connect()
        dst_db.connect()
        ordered = peewee.sort_models(list(ALL_MODELS))  # type: ignore[attr-defined]  # parents first; not in the stubs
        models = [m for m in ordered if m not in _NOT_COPIED]
        with dst_engine.atomic(dst_db):
            for model in reversed(models):  # children first: the target holds only what create_schema made
                dst_db.execute_sql(f'DELETE FROM "{model._meta.table_name}"')
            for model in models:
                rows[model._meta.table_name] = _copy_table(model, src_db, dst_engine, dst_db, progress)
            if dst_engine.name == "postgresql":
                _reset_sequences(dst_db, models)
            dst_engine.after_bulk_write(dst_db, sum(rows.values()))
    except StoreError:
        raise
    except Exception as exc:
        translated = dst_engine.classify(exc) or src_engine.classify(exc)
        if translated is not None:
            raise translated from exc
        raise
    finally:
        src_db.close()
        dst_db.close()
    return MoveSummary(source=str(source), target=str(target), rows=rows)


def _copy_table(model: Any, src_db: Any, dst_engine: Any, dst_db: Any, progress: MoveProgress | None) -> int:
    fields = model._meta.sorted_fields
    columns = [f.column_name for f in fields]
    booleans = [isinstance(f, BooleanField) for f in fields]
    blobs = [isinstance(f, BlobField) for f in fields]
    table = model._meta.table_name
    quoted = ", ".join(f'"{c}"' for c in columns)
    primary_key = model._meta.primary_key
    key_columns = (
        [model._meta.fields[name].column_name for name in primary_key.field_names]
        if isinstance(primary_key, CompositeKey) else [primary_key.column_name]
    )
    order = ", ".join(f'"{c}"' for c in key_columns)
    insert = f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join("?" for _ in columns)})'
    cursor = src_db.execute_sql(f'SELECT {quoted} FROM "{table}" ORDER BY {order}')
    dst_cursor = dst_db.cursor()
    copied = 0
    while True:
        batch = cursor.fetchmany(CHUNK)
        if not batch:
            break
        converted = [
            tuple(
                (bool(v) if v is not None else None) if booleans[i]
                else (bytes(v) if v is not None else None) if blobs[i]
                else v
                for i, v in enumerate(row)
            )
            for row in batch
        ]
        dst_engine.executemany(dst_cursor, insert, converted)
        copied += len(converted)
        if progress is not None:
            progress(table, copied)
    return copied


def _reset_sequences(db: Any, models: list[Any]) -> None:
    """Rows came with their ids: move each serial's sequence past the highest, so new rows don't collide."""
    for model in models:
        key = model._meta.primary_key
        if key.field_type != "AUTO":
            continue
        table = model._meta.table_name
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{key.column_name}'), "
            f'COALESCE((SELECT max("{key.column_name}") FROM "{table}"), 0) + 1, false)'
        )


__all__ = ["MoveSummary", "TargetNotEmpty", "move_store"]
