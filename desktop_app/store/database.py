"""The Store: one Regvault database file, its queries and its writes, dataclasses in and out.

Threads: peewee keeps one SQLite connection per thread; the app writes from one worker thread and reads from
others. WAL lets readers see the last committed state while a backup is being written (a snapshot is invisible
until its transaction commits). Write transactions start with BEGIN IMMEDIATE so two writers queue on the
busy timeout instead of failing on a lock upgrade.

The models are bound through a module-wide DatabaseProxy (Vorta's pattern), so one Store is open per process
at a time; opening another closes the previous one.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any, TypeVar, cast

from peewee import OperationalError as PeeweeOperationalError
from peewee import SqliteDatabase, fn

from desktop_app.store import schema
from desktop_app.store.errors import DatabaseWriteError, StoreError, UnknownTenantError
from desktop_app.store.models import (
    App,
    AppVersion,
    Blob,
    RestoreItem,
    RestoreRun,
    SchemaVersion,
    Setting,
    Snapshot,
    Tenant,
    database_proxy,
    from_utc_text,
)
from desktop_app.store.records import (
    AppAt,
    AppDocument,
    AppRow,
    AppSort,
    CurrentApp,
    RestoreItemInfo,
    RestoreItemRecord,
    RestoreRunInfo,
    SnapshotInfo,
    SnapshotStatus,
    SnapshotTrigger,
    SnapshotWrite,
    TenantInfo,
    TenantKind,
    VersionInfo,
)
from desktop_app.store.snapshot_writer import WriteProgress, snapshot_counts_update, validate, write_versions

log = logging.getLogger(__name__)

# SQLite's default limit on bound parameters is 999 on older builds; stay below it.
MAX_PARAMS = 900
BUSY_TIMEOUT_MS = 10_000
APP_SORTS: tuple[str, ...] = ("name", "appId", "modified")
_ORDERED_AGGREGATES = sqlite3.sqlite_version_info >= (3, 44, 0)  # json_group_array(x ORDER BY y)
_SORT_COLUMNS = {"name": "name_folded", "appId": "app_id_folded", "modified": "last_modified"}

T = TypeVar("T")


class _TrackedSqliteDatabase(SqliteDatabase):
    """Remembers every thread's connection so close() can close them all, not just the calling thread's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._all_connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:  # type: ignore[misc]  # peewee's stubs omit the hook
        conn = cast(sqlite3.Connection, super()._connect())  # type: ignore[misc]
        with self._connections_lock:
            self._all_connections.append(conn)
        return conn

    def close_all(self) -> None:
        if not self.is_closed():
            self.close()
        with self._connections_lock:
            for conn in self._all_connections:
                with suppress(sqlite3.Error):
                    conn.close()
            self._all_connections.clear()


_open_store: Store | None = None
_open_lock = threading.RLock()  # open() closes the previous store while holding it


def _chunks(items: Sequence[T], size: int = MAX_PARAMS) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _tuples(query: Any) -> Iterable[tuple[Any, ...]]:
    """peewee's stubs type .tuples() rows as model instances."""
    return cast(Iterable[tuple[Any, ...]], query.tuples())


def _decompress(blob: bytes) -> AppDocument:
    return cast(AppDocument, json.loads(zlib.decompress(blob)))


def _local_tz(tz: tzinfo | None) -> tzinfo:
    return tz if tz is not None else cast(tzinfo, datetime.now().astimezone().tzinfo)


class Store:
    def __init__(self, db: _TrackedSqliteDatabase, path: Path) -> None:
        self._db = db
        self._path = path
        self._closed = False

    # ----------------------------------------------------------------------------------------------- lifecycle
    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (or create) the database at `path`.

        Raises NotARegvaultDatabase (not SQLite, damaged, another program's) or NewerSchemaError (written by
        a newer Regvault) without touching the file; MigrationError when an update step fails.
        """
        global _open_store
        path = Path(path)
        try:
            state = schema.inspect_file(path)  # raises before anything is written
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Cannot open the database {path}: {exc.strerror or exc}") from exc
        db = _TrackedSqliteDatabase(
            str(path),
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
        with _open_lock:
            if _open_store is not None and not _open_store._closed:
                log.warning("Opening %s closes the open store %s", path, _open_store._path)
                _open_store.close()
            database_proxy.initialize(db)
            store = cls(db, path)
            _open_store = store
        try:
            db.connect(reuse_if_open=True)
            if not state.exists:
                schema.create_schema(db)
            elif state.version < schema.SCHEMA_VERSION:
                schema.migrate(db, path, state.version)
        except (sqlite3.Error, PeeweeOperationalError) as exc:
            store.close()
            raise StoreError(f"Cannot open the database {path}: {exc}") from exc
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        global _open_store
        if self._closed:
            return
        self._closed = True
        self._db.close_all()
        with _open_lock:
            if _open_store is self:
                _open_store = None
                database_proxy.initialize(None)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._path

    @property
    def schema_version(self) -> int:
        return int(self._read(lambda: SchemaVersion.select(fn.MAX(SchemaVersion.version)).scalar()) or 0)

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"The store {self._path} is closed.")

    def _read(self, query: Callable[[], T]) -> T:
        self._check_open()
        return query()

    @contextmanager
    def _write(self) -> Iterator[None]:
        self._check_open()
        try:
            with self._db.atomic("IMMEDIATE"):
                yield
        except (sqlite3.OperationalError, PeeweeOperationalError) as exc:
            # The transaction was rolled back. What a user can act on gets a sentence, not a traceback:
            # a read-only file or folder, a full disk, another program holding the database too long.
            reason = str(exc)
            if "readonly" in reason or "read-only" in reason:
                hint = "it is read-only: check the permissions of the file and its folder"
            elif "full" in reason:
                hint = "the disk is full"
            elif "locked" in reason or "busy" in reason:
                hint = "another program kept it locked"
            elif "disk I/O" in reason:
                hint = "the disk reported an error"
            else:
                raise
            raise DatabaseWriteError(
                f"Cannot write to the database {self._path}: {hint} ({reason}). Nothing was changed."
            ) from exc

    # ------------------------------------------------------------------------------------------------ tenants
    def add_tenant(self, info: TenantInfo) -> TenantInfo:
        """Add a tenant, or update the sign-in settings of one already added (and show it again if removed)."""
        fields = {
            "display_name": info.display_name,
            "default_domain": info.default_domain,
            "domains": list(info.domains),
            "kind": info.kind,
            "client_id": info.client_id,
            "authority": info.authority,
            "cloud": info.cloud,
            "graph_base_url": info.graph_base_url,
            "is_restore_target": info.is_restore_target,
            "archived": False,
        }
        with self._write():
            existing = Tenant.get_or_none(Tenant.tenant_id == info.tenant_id)
            if existing is None:
                Tenant.create(tenant_id=info.tenant_id, created=datetime.now(UTC), **fields)
            else:
                Tenant.update(**fields).where(Tenant.id == existing.id).execute()
        return self.get_tenant(info.tenant_id)

    def find_tenant(self, key: str, *, include_archived: bool = False) -> TenantInfo | None:
        """The tenant whose id, display name, default domain or one of whose domains is `key` (any case)."""
        self._check_open()
        wanted = key.strip().casefold()
        tenants = self.list_tenants(include_archived=include_archived)
        for match in (
            lambda t: t.tenant_id.casefold() == wanted,
            lambda t: t.default_domain.casefold() == wanted,
            lambda t: wanted in (d.casefold() for d in t.domains),
            lambda t: t.display_name.casefold() == wanted,
        ):
            found = [t for t in tenants if match(t)]
            if len(found) > 1:
                names = ", ".join(f"{t.display_name} ({t.tenant_id})" for t in found)
                raise UnknownTenantError(f"{key!r} matches several tenants: {names}. Use the tenant id.")
            if found:
                return found[0]
        return None

    def get_tenant(self, key: str, *, include_archived: bool = False) -> TenantInfo:
        found = self.find_tenant(key, include_archived=include_archived)
        if found is None:
            known = ", ".join(f"{t.display_name} ({t.tenant_id})" for t in self.list_tenants()) or "none"
            raise UnknownTenantError(f"No tenant {key!r} has been added. Known tenants: {known}.")
        return found

    def list_tenants(self, *, include_archived: bool = False) -> list[TenantInfo]:
        def query() -> list[TenantInfo]:
            rows = Tenant.select().order_by(fn.LOWER(Tenant.display_name), Tenant.id)
            if not include_archived:
                rows = rows.where(Tenant.archived == False)  # noqa: E712 - peewee expression
            return [_tenant_info(t) for t in rows]

        return self._read(query)

    def rename_tenant(self, tenant_id: str, display_name: str) -> TenantInfo:
        with self._write():
            Tenant.update(display_name=display_name).where(Tenant.id == self._tenant_pk(tenant_id)).execute()
        return self.get_tenant(tenant_id, include_archived=True)

    def set_restore_target(self, tenant_id: str, is_target: bool = True) -> TenantInfo:
        with self._write():
            Tenant.update(is_restore_target=is_target).where(Tenant.id == self._tenant_pk(tenant_id)).execute()
        return self.get_tenant(tenant_id, include_archived=True)

    def remove_tenant(self, tenant_id: str, delete_backups: bool) -> None:
        """Hide the tenant, keeping its backups; or delete it with every snapshot, app and version.

        The restore audit trail stays either way. Blobs are shared between tenants and stay too.
        """
        with self._write():
            pk = self._tenant_pk(tenant_id)
            if not delete_backups:
                Tenant.update(archived=True).where(Tenant.id == pk).execute()
                return
            apps = App.select(App.id).where(App.tenant == pk)
            AppVersion.delete().where(AppVersion.app.in_(apps)).execute()
            App.delete().where(App.tenant == pk).execute()
            Snapshot.delete().where(Snapshot.tenant == pk).execute()
            Tenant.delete().where(Tenant.id == pk).execute()

    def _tenant_pk(self, tenant_id: str) -> int:
        pk = Tenant.select(Tenant.id).where(Tenant.tenant_id == tenant_id).scalar()
        if pk is None:
            raise UnknownTenantError(f"No tenant {tenant_id!r} has been added.")
        return int(pk)

    # ---------------------------------------------------------------------------------------------- snapshots
    def current_apps(self, tenant_id: str) -> dict[str, CurrentApp]:
        """Every app the store knows for the tenant (deleted ones too), by object id."""

        def query() -> dict[str, CurrentApp]:
            rows = (
                App.select(
                    App.id, App.object_id, App.app_id, App.display_name, App.status, App.current_hash,
                    App.logo_url, App.logo_sha256, App.key_credentials_digest, App.key_credential_keys,
                )
                .where(App.tenant == self._tenant_pk(tenant_id))
            )
            return {
                r[1]: CurrentApp(
                    pk=r[0], object_id=r[1], app_id=r[2], display_name=r[3], status=r[4], document_hash=r[5],
                    logo_url=r[6], logo_sha256=r[7], key_credentials_digest=r[8], key_credential_keys=r[9] or {},
                )
                for r in _tuples(rows)
            }

        return self._read(query)

    def write_snapshot(
        self, tenant_id: str, write: SnapshotWrite, progress: WriteProgress | None = None
    ) -> SnapshotInfo:
        """Write one complete snapshot in one transaction (see snapshot_writer for the rules).

        Until the commit nobody sees any of it, and a crash or kill leaves the earlier snapshots as they were.
        `progress(n)` is called every few hundred apps, inside the transaction.
        """
        validate(write)
        with self._write():
            tenant_pk = self._tenant_pk(tenant_id)
            snap = Snapshot.create(
                tenant=tenant_pk, started=write.started, finished=write.finished, status="complete",
                trigger=write.trigger, partial=write.partial, requests=write.requests,
                resource_units=write.resource_units,
            )
            counts = write_versions(self._db, tenant_pk, snap.id, write, progress)
            snapshot_counts_update(snap.id, counts)
        return self.snapshot(snap.id)

    def record_failed_backup(
        self,
        tenant_id: str,
        *,
        started: datetime,
        finished: datetime,
        error: str,
        trigger: SnapshotTrigger = "manual",
        requests: int = 0,
        resource_units: float = 0.0,
    ) -> SnapshotInfo:
        """Note a backup that failed or was cancelled (status "failed", no apps, no versions)."""
        with self._write():
            snap = Snapshot.create(
                tenant=self._tenant_pk(tenant_id), started=started, finished=finished, status="failed",
                trigger=trigger, requests=requests, resource_units=resource_units, error=error,
            )
        return self.snapshot(snap.id)

    def snapshot(self, snapshot_id: int) -> SnapshotInfo:
        def query() -> SnapshotInfo:
            row = Snapshot.select(Snapshot, Tenant.tenant_id).join(Tenant).where(Snapshot.id == snapshot_id).first()
            if row is None:
                raise StoreError(f"No snapshot {snapshot_id}.")
            return _snapshot_info(row)

        return self._read(query)

    def snapshots(self, tenant_id: str, *, include_failed: bool = False) -> list[SnapshotInfo]:
        """The tenant's snapshots, newest first (ordered by id: ids are monotonic, clocks are not)."""

        def query() -> list[SnapshotInfo]:
            rows = (
                Snapshot.select(Snapshot, Tenant.tenant_id)
                .join(Tenant)
                .where(Snapshot.tenant == self._tenant_pk(tenant_id))
                .order_by(Snapshot.id.desc())
            )
            if not include_failed:
                rows = rows.where(Snapshot.status == "complete")
            return [_snapshot_info(r) for r in rows]

        return self._read(query)

    def last_backup(self, tenant_id: str) -> SnapshotInfo | None:
        """The newest backup attempt, complete or failed (for "last backup: time, result")."""
        found = self.snapshots(tenant_id, include_failed=True)
        return found[0] if found else None

    def snapshot_days(self, tenant_id: str, tz: tzinfo | None = None) -> list[date]:
        """Days (in `tz`, default the machine's zone) with at least one complete snapshot, oldest first."""
        zone = _local_tz(tz)
        days = {s.finished.astimezone(zone).date() for s in self.snapshots(tenant_id) if s.finished is not None}
        return sorted(days)

    def snapshots_on(self, tenant_id: str, day: date, tz: tzinfo | None = None) -> list[SnapshotInfo]:
        """Complete snapshots finished on `day` (in `tz`, default the machine's zone), oldest first."""
        zone = _local_tz(tz)
        return [
            s
            for s in reversed(self.snapshots(tenant_id))
            if s.finished is not None and s.finished.astimezone(zone).date() == day
        ]

    # ----------------------------------------------------------------------------------------- the apps table
    def _app_filter_sql(self, tenant_id: str, filter_text: str, include_deleted: bool) -> tuple[str, list[Any]]:
        where = "tenant_id = ?"
        params: list[Any] = [self._tenant_pk(tenant_id)]
        if not include_deleted:
            where += " AND status = 'active'"
        needle = filter_text.strip()
        if needle:
            # instr, not LIKE: no wildcard escaping, and name_folded makes it case-insensitive beyond ASCII.
            where += " AND (instr(name_folded, ?) > 0 OR instr(app_id_folded, ?) > 0)"
            params += [needle.casefold(), needle.lower()]
        return where, params

    def app_ids(
        self,
        tenant_id: str,
        filter_text: str = "",
        sort: AppSort = "name",
        descending: bool = False,
        include_deleted: bool = False,
    ) -> list[int]:
        """Primary keys of the matching apps in display order, from one SQL query.

        Filter: any part of the display name (case-insensitive) or of the client id. Ties are broken by pk,
        and descending is the exact reverse of ascending, so the order is stable.
        """
        if sort not in _SORT_COLUMNS:
            raise ValueError(f"sort must be one of {APP_SORTS}, not {sort!r}")
        self._check_open()
        where, params = self._app_filter_sql(tenant_id, filter_text, include_deleted)
        direction = "DESC" if descending else "ASC"
        order = f"{_SORT_COLUMNS[sort]} {direction}, id {direction}"
        table = App._meta.table_name
        # One JSON array instead of 100,000 row tuples: about 40% faster to fetch into Python.
        if _ORDERED_AGGREGATES:
            sql = f"SELECT json_group_array(id ORDER BY {order}) FROM {table} WHERE {where}"
        else:
            # Before 3.44 an aggregate takes the rows in the order of its FROM subquery (SQLite keeps a
            # subquery's ORDER BY when the outer query has none and no join); tests check the order.
            sql = f"SELECT json_group_array(id) FROM (SELECT id FROM {table} WHERE {where} ORDER BY {order})"
        return cast(list[int], json.loads(self._db.execute_sql(sql, params).fetchone()[0]))

    def count_apps(self, tenant_id: str, filter_text: str = "", include_deleted: bool = False) -> int:
        self._check_open()
        where, params = self._app_filter_sql(tenant_id, filter_text, include_deleted)
        sql = f"SELECT count(*) FROM {App._meta.table_name} WHERE {where}"
        return int(self._db.execute_sql(sql, params).fetchone()[0])

    def app_rows(self, ids: Sequence[int]) -> list[AppRow]:
        """Rows for `ids`, in the order given (unknown ids skipped)."""
        self._check_open()
        by_pk: dict[int, AppRow] = {}
        for chunk in _chunks(list(ids)):
            counts: dict[int, int] = dict(
                _tuples(
                    AppVersion.select(AppVersion.app, fn.COUNT(AppVersion.id))
                    .where(AppVersion.app.in_(chunk))
                    .group_by(AppVersion.app)
                )
            )
            rows = App.select(
                App.id, App.object_id, App.app_id, App.display_name, App.status, App.deleted_until,
                App.last_modified, App.first_seen,
            ).where(App.id.in_(chunk))
            for r in _tuples(rows):
                by_pk[r[0]] = AppRow(
                    pk=r[0], object_id=r[1], app_id=r[2], display_name=r[3], status=r[4], deleted_until=r[5],
                    last_modified=r[6], first_seen=r[7], version_count=int(counts.get(r[0], 0)),
                )
        return [by_pk[i] for i in ids if i in by_pk]

    def app_row(self, app_pk: int) -> AppRow | None:
        rows = self.app_rows([app_pk])
        return rows[0] if rows else None

    def find_app(self, tenant_id: str, key: str) -> AppRow | None:
        """An app by client id or object id (any case); the active one first when several share a client id."""
        wanted = key.strip().lower()

        def query() -> int | None:
            pk = (
                App.select(App.id)
                .where(
                    (App.tenant == self._tenant_pk(tenant_id))
                    & ((App.app_id_folded == wanted) | (fn.LOWER(App.object_id) == wanted))
                )
                .order_by((App.status != "active"), App.last_modified.desc())
                .scalar()
            )
            return None if pk is None else int(pk)

        pk = self._read(query)
        return None if pk is None else self.app_row(pk)

    # ------------------------------------------------------------------------------------------------ history
    def versions(self, app_pk: int) -> list[VersionInfo]:
        """The app's versions, newest first, with the times of the snapshots that bound them."""
        self._check_open()
        snap = Snapshot._meta.table_name
        sql = (
            f"SELECT v.id, v.app_id, v.document_hash, v.valid_from_id, f.finished, v.valid_until_id, u.finished "
            f"FROM {AppVersion._meta.table_name} v JOIN {snap} f ON f.id = v.valid_from_id "
            f"LEFT JOIN {snap} u ON u.id = v.valid_until_id WHERE v.app_id = ? ORDER BY v.valid_from_id DESC, v.id DESC"
        )
        return [
            VersionInfo(
                pk=r[0], app_pk=r[1], document_hash=r[2], valid_from=r[3], valid_from_time=from_utc_text(r[4]),
                valid_until=r[5], valid_until_time=None if r[6] is None else from_utc_text(r[6]),
            )
            for r in self._db.execute_sql(sql, (app_pk,))
        ]

    def version_document(self, version_pk: int) -> AppDocument:
        blob = self._read(lambda: AppVersion.select(AppVersion.document).where(AppVersion.id == version_pk).scalar())
        if blob is None:
            raise StoreError(f"No app version {version_pk}.")
        return _decompress(bytes(blob))

    def version_at(self, app_pk: int, snapshot_id: int) -> VersionInfo | None:
        """The version valid at the snapshot: valid_from <= S < valid_until (None: the app didn't exist)."""
        for v in self.versions(app_pk):
            if v.valid_from <= snapshot_id and (v.valid_until is None or snapshot_id < v.valid_until):
                return v
        return None

    def app_at(self, app_pk: int, snapshot_id: int) -> AppDocument | None:
        version = self.version_at(app_pk, snapshot_id)
        return None if version is None else self.version_document(version.pk)

    def apps_at(
        self, tenant_id: str, snapshot_id: int, app_pks: Sequence[int] | None = None
    ) -> list[AppAt]:
        """Every app of the tenant as it was at the snapshot (or only `app_pks`), sorted by name then pk."""
        self._check_open()
        where = (
            (App.tenant == self._tenant_pk(tenant_id))
            & (AppVersion.valid_from <= snapshot_id)
            & (AppVersion.valid_until.is_null() | (AppVersion.valid_until > snapshot_id))
        )
        selected: list[Any] = []
        for chunk in _chunks(list(app_pks)) if app_pks is not None else [None]:
            clause = where if chunk is None else where & App.id.in_(chunk)
            selected += list(
                _tuples(
                    AppVersion.select(
                        App.id, App.object_id, App.app_id, App.display_name, App.status, AppVersion.id,
                        AppVersion.document_hash, AppVersion.document,
                    )
                    .join(App)
                    .where(clause)
                )
            )
        found = []
        for r in selected:
            document = _decompress(bytes(r[7]))
            name = document.get("application", {}).get("displayName", r[3])
            found.append(
                AppAt(
                    app_pk=r[0], object_id=r[1], app_id=r[2], display_name=name, status=r[4],
                    version_pk=r[5], document_hash=r[6], document=document,
                )
            )
        found.sort(key=lambda a: (str(a.display_name).casefold(), a.app_pk))
        return found

    def blob(self, sha256: str) -> bytes | None:
        data = self._read(lambda: Blob.select(Blob.data).where(Blob.sha256 == sha256.lower()).scalar())
        return None if data is None else bytes(data)

    # ------------------------------------------------------------------------------------------ restore audit
    def start_restore_run(
        self,
        *,
        operator: str,
        tenant_id: str,
        target_tenant_id: str,
        snapshot_id: int | None,
        mode: str,
        dry_run: bool = False,
        started: datetime | None = None,
    ) -> RestoreRunInfo:
        with self._write():
            taken = None
            if snapshot_id is not None:
                taken = Snapshot.select(Snapshot.finished).where(Snapshot.id == snapshot_id).scalar()
                if taken is None:
                    raise StoreError(f"No snapshot {snapshot_id}.")
            run = RestoreRun.create(
                operator=operator, started=started or datetime.now(UTC), tenant_id=tenant_id,
                target_tenant_id=target_tenant_id, snapshot=snapshot_id,
                snapshot_taken=from_utc_text(taken) if isinstance(taken, str) else taken,
                mode=mode, dry_run=dry_run,
            )
        return self.restore_run(run.id)

    def add_restore_item(self, run_id: int, item: RestoreItemRecord) -> RestoreItemInfo:
        with self._write():
            row = RestoreItem.create(
                run=run_id, source_object_id=item.source_object_id, source_app_id=item.source_app_id,
                display_name=item.display_name, action=item.action, result=item.result,
                new_object_id=item.new_object_id, new_app_id=item.new_app_id, warnings=list(item.warnings),
                error_code=item.error_code, request_id=item.request_id, message=item.message,
                recorded=datetime.now(UTC),
            )
        return _restore_item_info(RestoreItem.get_by_id(row.id))

    def finish_restore_run(
        self, run_id: int, status: str, message: str | None = None, finished: datetime | None = None
    ) -> RestoreRunInfo:
        with self._write():
            RestoreRun.update(status=status, message=message, finished=finished or datetime.now(UTC)).where(
                RestoreRun.id == run_id
            ).execute()
        return self.restore_run(run_id)

    def restore_run(self, run_id: int) -> RestoreRunInfo:
        row = self._read(lambda: RestoreRun.get_or_none(RestoreRun.id == run_id))
        if row is None:
            raise StoreError(f"No restore run {run_id}.")
        return _restore_run_info(row)

    def restore_runs(self, tenant_id: str | None = None) -> list[RestoreRunInfo]:
        """Restore runs newest first; with `tenant_id`, those from or to that tenant."""

        def query() -> list[RestoreRunInfo]:
            rows = RestoreRun.select().order_by(RestoreRun.id.desc())
            if tenant_id is not None:
                rows = rows.where((RestoreRun.tenant_id == tenant_id) | (RestoreRun.target_tenant_id == tenant_id))
            return [_restore_run_info(r) for r in rows]

        return self._read(query)

    def restore_items(self, run_id: int) -> list[RestoreItemInfo]:
        return self._read(
            lambda: [
                _restore_item_info(r)
                for r in RestoreItem.select().where(RestoreItem.run == run_id).order_by(RestoreItem.id)
            ]
        )

    def last_restored_copies(
        self, tenant_id: str, source_object_ids: Iterable[str], target_tenant_id: str
    ) -> dict[str, RestoreItemInfo]:
        """Per source app (object id), the newest item of a real (not dry) run that created or overwrote a copy of
        it in the target tenant: lets a second restore overwrite that copy instead of making another. Apps without
        one are left out. One query for many apps (a preview of 1,000 apps asks once, not 1,000 times)."""
        self._check_open()
        copies: dict[str, RestoreItemInfo] = {}
        for chunk in _chunks(list(dict.fromkeys(source_object_ids))):
            rows = (
                RestoreItem.select()
                .join(RestoreRun)
                .where(
                    (RestoreRun.tenant_id == tenant_id)
                    & (RestoreRun.target_tenant_id == target_tenant_id)
                    & (RestoreRun.dry_run == False)  # noqa: E712 - peewee expression
                    & RestoreItem.source_object_id.in_(chunk)
                    & RestoreItem.new_object_id.is_null(False)
                )
                .order_by(RestoreItem.id.desc())
            )
            for row in rows:
                copies.setdefault(row.source_object_id, _restore_item_info(row))
        return copies

    # ----------------------------------------------------------------------------------------------- settings
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self._read(lambda: Setting.get_or_none(Setting.key == key))
        return default if row is None else row.value

    def set_setting(self, key: str, value: Any) -> None:
        with self._write():
            Setting.insert(key=key, value=value).on_conflict_replace().execute()


# ---------------------------------------------------------------------------------------------- row -> record
def _tenant_info(t: Tenant) -> TenantInfo:
    return TenantInfo(
        tenant_id=t.tenant_id, display_name=t.display_name, graph_base_url=t.graph_base_url,
        default_domain=t.default_domain, domains=tuple(t.domains or ()), kind=cast(TenantKind, t.kind), client_id=t.client_id,
        authority=t.authority, cloud=t.cloud, is_restore_target=bool(t.is_restore_target),
        archived=bool(t.archived), created=t.created,
    )


def _snapshot_info(s: Snapshot) -> SnapshotInfo:
    return SnapshotInfo(
        id=s.id, tenant_id=s.tenant.tenant_id, started=s.started, finished=s.finished, status=cast(SnapshotStatus, s.status),
        trigger=cast(SnapshotTrigger, s.trigger), partial=bool(s.partial), apps=s.apps, added=s.added, changed=s.changed,
        removed=s.removed, requests=s.requests, resource_units=s.resource_units, error=s.error,
    )


def _restore_run_info(r: RestoreRun) -> RestoreRunInfo:
    return RestoreRunInfo(
        id=r.id, operator=r.operator, started=r.started, finished=r.finished, tenant_id=r.tenant_id,
        target_tenant_id=r.target_tenant_id, snapshot_id=r.snapshot_id, snapshot_taken=r.snapshot_taken,
        mode=r.mode, status=r.status, dry_run=bool(r.dry_run), message=r.message,
    )


def _restore_item_info(r: RestoreItem) -> RestoreItemInfo:
    return RestoreItemInfo(
        id=r.id, run_id=r.run_id, source_object_id=r.source_object_id, source_app_id=r.source_app_id,
        display_name=r.display_name, action=r.action, result=r.result, new_object_id=r.new_object_id,
        new_app_id=r.new_app_id, warnings=tuple(r.warnings or ()), error_code=r.error_code,
        request_id=r.request_id, message=r.message, recorded=r.recorded,
    )

