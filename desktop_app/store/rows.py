"""Rows of the store's tables as its records, and the small helpers its queries share."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar, cast

import orjson
from peewee import Database

from desktop_app.store.engine import Engine
from desktop_app.store.errors import DatabaseDamaged, StoredValueUnreadable, UnknownTenantError
from desktop_app.store.models import RestoreItem, RestoreRun, Snapshot, Tenant
from desktop_app.store.records import (
    AppDocument,
    RestoreItemInfo,
    RestoreItemRecord,
    RestoreRunInfo,
    SnapshotInfo,
    SnapshotStatus,
    SnapshotTrigger,
    TenantInfo,
    TenantKind,
)

T = TypeVar("T")

# SQLite's default limit on bound parameters is 999 on older builds; stay below it.
MAX_PARAMS = 900


def chunks(items: Sequence[T], size: int = MAX_PARAMS) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def tuples(query: Any) -> Iterable[tuple[Any, ...]]:
    """peewee's stubs type .tuples() rows as model instances."""
    return cast(Iterable[tuple[Any, ...]], query.tuples())


def inflate(blob: Any) -> bytes:
    """A stored document's bytes; StoredValueUnreadable when the row holds no compressed bytes at all (text put
    there outside Regvault), zlib.error when they are damaged: both name the database damaged (classify)."""
    if not isinstance(blob, bytes | bytearray | memoryview):
        raise StoredValueUnreadable(f"a stored document is {type(blob).__name__}, not compressed bytes")
    return zlib.decompress(bytes(blob))


def decompress(blob: bytes) -> AppDocument:
    """A stored document (zlib of its canonical JSON), parsed by orjson (a whole-tenant plan reads 10,000 of them;
    the json module took a tenth of the plan), by json for what orjson refuses (an integer beyond 64 bits, and
    damaged text: json's error is the one classify names)."""
    text = inflate(blob)
    try:
        return cast(AppDocument, orjson.loads(text))
    except orjson.JSONDecodeError:
        return cast(AppDocument, json.loads(text))


def tenant_info(t: Tenant) -> TenantInfo:
    return TenantInfo(
        tenant_id=t.tenant_id, display_name=t.display_name, graph_base_url=t.graph_base_url,
        default_domain=t.default_domain, domains=tuple(t.domains or ()), kind=cast(TenantKind, t.kind), client_id=t.client_id,
        authority=t.authority, cloud=t.cloud, is_restore_target=bool(t.is_restore_target),
        archived=bool(t.archived), created=t.created,
    )


def snapshot_info(s: Snapshot) -> SnapshotInfo:
    return SnapshotInfo(
        id=s.id, tenant_id=s.tenant.tenant_id, started=s.started, finished=s.finished, status=cast(SnapshotStatus, s.status),
        trigger=cast(SnapshotTrigger, s.trigger), partial=bool(s.partial), apps=s.apps, added=s.added, changed=s.changed,
        removed=s.removed, requests=s.requests, resource_units=s.resource_units, error=s.error,
        operator=s.operator, workstation=s.workstation, incremental=bool(s.incremental),
    )


def restore_run_info(r: RestoreRun) -> RestoreRunInfo:
    return RestoreRunInfo(
        id=r.id, operator=r.operator, started=r.started, finished=r.finished, tenant_id=r.tenant_id,
        target_tenant_id=r.target_tenant_id, snapshot_id=r.snapshot_id, snapshot_taken=r.snapshot_taken,
        mode=r.mode, status=r.status, dry_run=bool(r.dry_run), message=r.message, workstation=r.workstation,
        stopped=r.stopped,
    )


def restore_item_info(r: RestoreItem) -> RestoreItemInfo:
    return RestoreItemInfo(
        id=r.id, run_id=r.run_id, source_object_id=r.source_object_id, source_app_id=r.source_app_id,
        display_name=r.display_name, action=r.action, result=r.result, new_object_id=r.new_object_id,
        new_app_id=r.new_app_id, warnings=tuple(r.warnings or ()), error_code=r.error_code,
        request_id=r.request_id, message=r.message, recorded=r.recorded, outcome=r.outcome,
    )


def restore_item_values(item: RestoreItemRecord) -> dict[str, Any]:
    """A RestoreItem's columns for `item`, but its run and when it was recorded."""
    return {
        "source_object_id": item.source_object_id, "source_app_id": item.source_app_id,
        "display_name": item.display_name, "action": item.action, "result": item.result,
        "new_object_id": item.new_object_id, "new_app_id": item.new_app_id, "warnings": list(item.warnings),
        "error_code": item.error_code, "request_id": item.request_id, "message": item.message,
        "outcome": item.outcome,
    }


def tenant_pk(engine: Engine, db: Database, tenant_id: str) -> int:
    """The tenant's row; UnknownTenantError when it was never added (DatabaseDamaged when an index lost it)."""
    pk = Tenant.select(Tenant.id).where(Tenant.tenant_id == tenant_id).scalar()
    if pk is None:
        confirm_missing(engine, db, Tenant._meta.table_name, "tenant_id = ?", (tenant_id,), "the tenants")
        raise UnknownTenantError(f"No tenant {tenant_id!r} has been added.")
    return int(pk)


def confirm_missing(engine: Engine, db: Database, table: str, where: str, params: Sequence[Any], what: str) -> None:
    """Before answering "there is no such row" from an index lookup: read the table without its indexes
    (where the engine can), and call the database damaged when the row is there after all. A damaged index
    page can pass the quick check run at opening and still miss rows; the miss is the rare path, so the
    scan costs nothing on the usual one."""
    source = engine.unindexed(table)
    if source is None:
        return
    if db.execute_sql(engine.sql(f"SELECT 1 FROM {source} WHERE {where} LIMIT 1"), params).fetchone() is not None:
        from desktop_app.store.sqlite_engine import damaged_message

        raise DatabaseDamaged(damaged_message(str(engine.location), f"an index of {what} misses rows the table holds"))
