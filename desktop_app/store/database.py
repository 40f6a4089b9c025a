"""The Store: one Regvault database (an SQLite file or a PostgreSQL database), its queries and writes.

Engines: what differs between SQLite and PostgreSQL lives in engine.py and its two implementations; the queries
here are written once. Every public method turns a driver's error into a StoreError a user can act on (a
sentence: damaged, read-only, full, unreachable), never a traceback.

Threads: peewee keeps one connection per thread; the app writes from one worker thread and reads from others.
Readers see the last committed state while a backup is being written (a snapshot is invisible until its
transaction commits). Write transactions start as writers (SQLite: BEGIN IMMEDIATE) so two writers queue.

Tenant locks (`lock_tenant`): one per tenant across processes and workstations, so two backups (or a backup and a
restore) of one tenant never run at once; the second waits or is told who holds it.

The models are bound through a module-wide DatabaseProxy (Vorta's pattern), so one Store is open per process
at a time; opening another closes the previous one.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any, TypeVar, cast

from peewee import EXCLUDED, fn

from desktop_app.domain.natural_sort import natural_key
from desktop_app.store import certificate_fill, schema, timeline
from desktop_app.store.alert_records import AlertRecords
from desktop_app.store.certificate_fill import CertificateFill
from desktop_app.store.changes import ChangeQueries
from desktop_app.store.cross_tenant import CredentialQueries, SearchQueries
from desktop_app.store.engine import Engine, HeldLock, engine_for
from desktop_app.store.errors import (
    DatabaseDamaged,
    LockHolder,
    StoreError,
    TenantBusy,
    UnknownTenantError,
)
from desktop_app.store.location import DatabaseLocation
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
from desktop_app.store.parts import translated as _translated
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
from desktop_app.store.restore_journal import RestoreJournalStore
from desktop_app.store.rollback_records import RollbackRecords
from desktop_app.store.snapshot_writer import WriteProgress, snapshot_counts_update, validate, write_versions
from desktop_app.store.timeline import TimelineRecords

log = logging.getLogger(__name__)

# SQLite's default limit on bound parameters is 999 on older builds; stay below it.
MAX_PARAMS = 900
APP_SORTS: tuple[str, ...] = ("name", "appId", "modified", "status")
# Status: active, then in the recycle bin, then deleted permanently; by name within each.
_SORT_COLUMNS = {"name": "name_sort", "appId": "app_id_folded", "modified": "last_modified",
                 "status": "CASE status WHEN 'active' THEN 0 WHEN 'recycled' THEN 1 ELSE 2 END {direction}, name_sort"}
LOCK_POLL_SECONDS = 0.25

T = TypeVar("T")


def workstation() -> str:
    try:
        return socket.gethostname() or "unknown"
    except OSError:
        return "unknown"


def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a service account without one)
        return "unknown"


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


def _as_location(where: DatabaseLocation | Path | str) -> DatabaseLocation:
    if isinstance(where, DatabaseLocation):
        return where
    if isinstance(where, Path):
        return DatabaseLocation.sqlite(where)
    return DatabaseLocation.parse(where)


def inspect_database(where: DatabaseLocation | Path | str) -> int | None:
    """Look at a database without opening it as the store (nothing is written, the open Store stays open):
    its schema version, or None when it is empty (Regvault creates its tables there on first use). Raises what
    Store.open would: NotARegvaultDatabase, NewerSchemaError, DatabaseUnreachable, NetworkPathRefused."""
    location = _as_location(where)
    engine = engine_for(location)
    try:
        state = engine.inspect()
    except StoreError:
        raise
    except Exception as exc:
        translated = engine.classify(exc)
        if translated is None:
            raise
        raise translated from exc
    return state.version if state.exists else None


class TenantLock:
    """A held tenant lock (a context manager); re-entrant within the thread that took it."""

    def __init__(self, store: Store, key: tuple[str, int], held: HeldLock | None) -> None:
        self._store = store
        self._key = key
        self._held = held  # None: a nested hold of a lock this thread already has

    def release(self) -> None:
        self._store._release_lock(self._key, self._held)
        self._held = None

    def __enter__(self) -> TenantLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class Store:
    def __init__(self, db: Any, engine: Engine) -> None:
        self._db = db
        self._engine = engine
        self._closed = False
        self._locks: dict[tuple[str, int], tuple[HeldLock, int]] = {}
        self._locks_guard = threading.Lock()

    # ----------------------------------------------------------------------------------------------- lifecycle
    @classmethod
    def open(cls, where: DatabaseLocation | Path | str) -> Store:
        """Open (or create) the database: a Path (SQLite file), a DatabaseLocation, or a URL / path as text.

        Raises NotARegvaultDatabase (not SQLite, damaged, another program's), NewerSchemaError (written by a
        newer Regvault), DatabaseUnreachable (a server that can't be reached or refused the sign-in) or
        NetworkPathRefused without writing anything; MigrationError when an update step fails.
        """
        global _open_store
        location = _as_location(where)
        engine = engine_for(location)
        state = engine.inspect()  # raises before anything is written
        db = engine.connect()
        with _open_lock:
            if _open_store is not None and not _open_store._closed:
                log.warning("Opening %s closes the open store %s", location, _open_store.location)
                _open_store.close()
            database_proxy.initialize(db)
            store = cls(db, engine)
            _open_store = store
        try:
            db.connect(reuse_if_open=True)
            if not state.exists:
                schema.create_schema(engine, db)
            elif state.version < schema.SCHEMA_VERSION:
                schema.migrate(engine, db, state.version)
            missing = schema.missing_tables(engine, db)
            if missing:
                raise engine.damaged(f"the table {', '.join(missing)} is missing: part of Regvault's tables were "
                                     "dropped outside Regvault")
            engine.secure_files()
        except StoreError:
            store.close()
            raise
        except Exception as exc:
            store.close()
            translated = engine.classify(exc)
            if translated is not None:
                raise translated from exc
            raise StoreError(f"Cannot open {engine.describe()}: {exc}") from exc
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        global _open_store
        if self._closed:
            return
        self._closed = True
        with self._locks_guard:
            held, self._locks = list(self._locks.values()), {}
        for lock, _count in held:
            lock.release()
        close_all = getattr(self._db, "close_all", None)
        if close_all is not None:
            close_all()
        elif not self._db.is_closed():
            self._db.close()
        self._engine.close()
        with _open_lock:
            if _open_store is self:
                _open_store = None
                database_proxy.initialize(None)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def location(self) -> DatabaseLocation:
        return self._engine.location

    @property
    def engine(self) -> str:
        """"sqlite" or "postgresql"."""
        return self._engine.name

    @property
    def path(self) -> Path:
        """The SQLite file (for PostgreSQL there is none: this raises)."""
        if self._engine.location.path is None:
            raise StoreError(f"{self._engine.describe()} is not a file.")
        return self._engine.location.path

    def describe(self) -> str:
        return self._engine.describe()

    @property
    def schema_version(self) -> int:
        return int(self._read(lambda: SchemaVersion.select(fn.MAX(SchemaVersion.version)).scalar()) or 0)

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"The store {self._engine.describe()} is closed.")

    def _read(self, query: Callable[[], T]) -> T:
        self._check_open()
        return query()

    def _sql(self, text: str, params: Sequence[Any] = ()) -> Any:
        return self._db.execute_sql(self._engine.sql(text), params)

    @contextmanager
    def _write(self) -> Iterator[None]:
        # A driver error rolls the transaction back and leaves through the public method's _translated: what a
        # user can act on (a read-only file or folder, a full disk, a lost server) becomes a sentence there.
        self._check_open()
        with self._engine.atomic(self._db):
            yield

    def check_health(self) -> None:
        """Raise DatabaseDamaged when the engine's consistency check fails (SQLite: PRAGMA quick_check): before
        a snapshot is written, and when a command or the window opens the store (app.open_store), so that a
        damaged file is named as such instead of answering from pages that no longer hold what was written."""
        self._check_open()
        problem = self._engine.health_problem(self._db)
        if problem is not None:
            from desktop_app.store.sqlite_engine import damaged_message

            raise DatabaseDamaged(damaged_message(str(self._engine.location), f"quick_check: {problem}"))

    # -------------------------------------------------------------------------------------------- tenant locks
    def lock_tenant(
        self,
        tenant_id: str,
        purpose: str,
        *,
        wait: float = 0.0,
        should_stop: Callable[[], bool] | None = None,
        on_wait: Callable[[LockHolder | None], None] | None = None,
    ) -> TenantLock:
        """Take the tenant's lock, held across processes and workstations until released (use it as `with`).

        `wait`: seconds to wait for the holder to finish (0: don't wait); then TenantBusy says who holds it.
        `on_wait(holder)` is called once when the lock is taken by someone else and we start waiting;
        `should_stop()` is asked while waiting (True: give up with TenantBusy). Re-entrant in one thread: a
        restore that takes a pre-restore backup holds the lock once.
        """
        self._check_open()
        key = (tenant_id.strip().lower(), threading.get_ident())
        with self._locks_guard:
            if key in self._locks:
                held, count = self._locks[key]
                self._locks[key] = (held, count + 1)
                return TenantLock(self, key, None)
        me = LockHolder(purpose=purpose, user=os_user(), workstation=workstation(), pid=os.getpid(),
                        since=datetime.now(UTC))
        deadline = time.monotonic() + max(0.0, wait)
        told = False
        while True:
            held_lock = self._engine.try_lock_tenant(tenant_id, me)
            if held_lock is not None:
                with self._locks_guard:
                    self._locks[key] = (held_lock, 1)
                return TenantLock(self, key, held_lock)
            holder = self._engine.lock_holder(tenant_id)
            if time.monotonic() >= deadline or (should_stop is not None and should_stop()):
                raise TenantBusy(tenant_id, holder)
            if not told and on_wait is not None:
                on_wait(holder)
                told = True
            time.sleep(LOCK_POLL_SECONDS)

    def tenant_lock_holder(self, tenant_id: str) -> LockHolder | None:
        """Who holds the tenant's lock now, as far as it said (None: free, or unknown)."""
        return self._engine.lock_holder(tenant_id)

    def _release_lock(self, key: tuple[str, int], held: HeldLock | None) -> None:
        with self._locks_guard:
            entry = self._locks.get(key)
            if entry is None:
                return
            lock, count = entry
            if count > 1:
                self._locks[key] = (lock, count - 1)
                return
            del self._locks[key]
        lock.release()

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
            self._confirm_missing(Tenant._meta.table_name, "tenant_id = ?", (tenant_id,), "the tenants")
            raise UnknownTenantError(f"No tenant {tenant_id!r} has been added.")
        return int(pk)

    def _confirm_missing(self, table: str, where: str, params: Sequence[Any], what: str) -> None:
        """Before answering "there is no such row" from an index lookup: read the table without its indexes
        (where the engine can), and call the database damaged when the row is there after all. A damaged index
        page can pass the quick check run at opening and still miss rows; the miss is the rare path, so the
        scan costs nothing on the usual one."""
        source = self._engine.unindexed(table)
        if source is None:
            return
        if self._sql(f"SELECT 1 FROM {source} WHERE {where} LIMIT 1", params).fetchone() is not None:
            from desktop_app.store.sqlite_engine import damaged_message

            raise DatabaseDamaged(damaged_message(str(self._engine.location),
                                                  f"an index of {what} misses rows the table holds"))

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
                    logo_url=r[6], logo_sha256=r[7], key_credentials_digest=r[8],
                    key_credential_keys={k: v for k, v in (r[9] or {}).items() if v},
                    pending_keys=frozenset(k for k, v in (r[9] or {}).items() if not v),
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
        self.check_health()  # never write a snapshot into a damaged database
        with self._write():
            tenant_pk = self._tenant_pk(tenant_id)
            self._engine.lock_tenant_writes(self._db, tenant_pk)
            snap = Snapshot.create(
                tenant=tenant_pk, started=write.started, finished=write.finished, status="complete",
                trigger=write.trigger, partial=write.partial, requests=write.requests,
                resource_units=write.resource_units, operator=os_user(), workstation=workstation(),
                incremental=write.incremental,
            )
            counts = write_versions(self._db, self._engine, tenant_pk, snap.id, write, progress)
            self._engine.after_bulk_write(self._db, counts.added + counts.changed + counts.removed)
            snapshot_counts_update(snap.id, counts)
            if write.capture is not None:
                timeline.save_capture(self._db, self._engine, tenant_pk, snap.id, write.capture)
            timeline.link_pending(self._db, self._engine, tenant_pk)  # events that waited for these versions
        return replace(self.snapshot(snap.id), repaired=counts.repaired)

    def fill_certificates(
        self, tenant_id: str, fills: Sequence[CertificateFill], blobs: Mapping[str, bytes]
    ) -> int:
        """Certificate bytes that arrived after their snapshot was written, filled into the versions that wait
        for them (no new version; certificate_fill.py). One transaction; returns how many versions changed."""
        for sha, data in blobs.items():
            if hashlib.sha256(data).hexdigest() != sha.lower():
                raise ValueError(f"blob {sha} does not match the sha256 of its bytes")
        with self._write():
            tenant_pk = self._tenant_pk(tenant_id)
            self._engine.lock_tenant_writes(self._db, tenant_pk)
            return certificate_fill.fill(self._db, self._engine, tenant_pk, fills, blobs)

    def set_snapshot_cost(self, snapshot_id: int, *, requests: int, resource_units: float) -> None:
        """The Graph cost of a backup once the certificate bytes read after its snapshot are in."""
        with self._write():
            Snapshot.update(requests=requests, resource_units=resource_units).where(
                Snapshot.id == snapshot_id).execute()

    def pending_certificates(self, tenant_id: str) -> dict[str, int]:
        """object id -> how many of the app's certificates' bytes are still to come (only apps with some): a
        backup wrote its snapshot before reading them, and is still reading them or was stopped."""
        return self._read(lambda: certificate_fill.pending_counts(self._db, self._engine, self._tenant_pk(tenant_id)))

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
                operator=os_user(), workstation=workstation(),
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
        """The newest backup attempt, complete or failed (for "last backup: time, result"); the partial snapshots a
        restore takes of the apps it overwrites and reads back are not backups."""
        return next((s for s in self.snapshots(tenant_id, include_failed=True) if not s.partial), None)

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
    def _app_filter_sql(self, tenant_id: str, filter_text: str, include_deleted: bool,
                        deleted_only: bool = False) -> tuple[str, list[Any]]:
        where = "tenant_id = ?"
        params: list[Any] = [self._tenant_pk(tenant_id)]
        if deleted_only:
            where += " AND status <> 'active'"
        elif not include_deleted:
            where += " AND status = 'active'"
        needle = filter_text.strip()
        if needle:
            # instr/strpos, not LIKE: no wildcard escaping; name_folded makes it case-insensitive beyond ASCII.
            contains = self._engine.contains
            where += f" AND ({contains('name_folded')} OR {contains('app_id_folded')})"
            params += [needle.casefold(), needle.lower()]
        return where, params

    def app_ids(
        self,
        tenant_id: str,
        filter_text: str = "",
        sort: AppSort = "name",
        descending: bool = False,
        include_deleted: bool = False,
        deleted_only: bool = False,
    ) -> list[int]:
        """Primary keys of the matching apps in display order, from one SQL query.

        Filter: any part of the display name (case-insensitive) or of the client id; active apps only, or deleted
        ones too, or deleted ones only. Ties are broken by pk, and descending is the exact reverse of ascending, so
        the order is stable.
        """
        if sort not in _SORT_COLUMNS:
            raise ValueError(f"sort must be one of {APP_SORTS}, not {sort!r}")
        self._check_open()
        where, params = self._app_filter_sql(tenant_id, filter_text, include_deleted, deleted_only)
        direction = "DESC" if descending else "ASC"
        order = f"{_SORT_COLUMNS[sort].format(direction=direction)} {direction}, id {direction}"
        return self._engine.id_list(self._db, App._meta.table_name, where, order, params)

    def count_apps(self, tenant_id: str, filter_text: str = "", include_deleted: bool = False,
                   deleted_only: bool = False) -> int:
        self._check_open()
        where, params = self._app_filter_sql(tenant_id, filter_text, include_deleted, deleted_only)
        sql = f"SELECT count(*) FROM {App._meta.table_name} WHERE {where}"
        return int(self._sql(sql, params).fetchone()[0])

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
        if pk is None:
            self._confirm_missing(App._meta.table_name, "tenant_id = ? AND (app_id_folded = ? OR lower(object_id) = ?)",
                                  (self._tenant_pk(tenant_id), wanted, wanted), "the apps")
            return None
        return self.app_row(pk)

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
            for r in self._sql(sql, (app_pk,)).fetchall()
        ]

    def version_spans(self, app_pks: Sequence[int]) -> dict[int, list[tuple[int, int | None]]]:
        """Each app's versions as (valid_from, valid_until) snapshot ids, oldest first, in one query per 900 apps
        (which apps a snapshot holds, for a selection of thousands)."""
        self._check_open()
        spans: dict[int, list[tuple[int, int | None]]] = {pk: [] for pk in app_pks}
        for chunk in _chunks(list(dict.fromkeys(app_pks))):
            rows = (AppVersion.select(AppVersion.app, AppVersion.valid_from, AppVersion.valid_until)
                    .where(AppVersion.app.in_(chunk)).order_by(AppVersion.valid_from))
            for app_pk, valid_from, valid_until in _tuples(rows):
                spans[int(app_pk)].append((int(valid_from), None if valid_until is None else int(valid_until)))
        return spans

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
        """Every app of the tenant as it was at the snapshot (or only `app_pks`), sorted by name (naturally) then pk."""
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
        found.sort(key=lambda a: (natural_key(str(a.display_name)), a.app_pk))
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
                mode=mode, dry_run=dry_run, workstation=workstation(),
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

    @property
    def journal(self) -> RestoreJournalStore:
        """The restore journal (store/restore_journal.py): what a run is about to create, durably."""
        return RestoreJournalStore(self._write, self._read, _restore_run_info)

    @property
    def credentials(self) -> CredentialQueries:
        """Every client secret and certificate across tenants (store/cross_tenant.py)."""
        return CredentialQueries(self._db, self._engine, self._write, self._check_open)

    @property
    def search(self) -> SearchQueries:
        """Apps across tenants by name, ids, URIs, permissions, owners, thumbprints (store/cross_tenant.py)."""
        return SearchQueries(self._db, self._engine, self._write, self._check_open)

    @property
    def alerts(self) -> AlertRecords:
        """What was and is to be told to a person, each once (store/alert_records.py)."""
        return AlertRecords(self._db, self._engine, self._write, self._check_open)

    @property
    def changes(self) -> ChangeQueries:
        """The apps changed since a snapshot, with both documents (store/changes.py)."""
        return ChangeQueries(self._db, self._engine, self._write, self._check_open)

    @property
    def rollbacks(self) -> RollbackRecords:
        """What each rollback run did to each incident item (store/rollback_records.py)."""
        return RollbackRecords(self._db, self._engine, self._write, self._check_open)

    @property
    def timeline(self) -> TimelineRecords:
        """Directory audit events, their links to versions, each tenant's capture state (store/timeline.py)."""
        return TimelineRecords(self._db, self._engine, self._write, self._check_open)

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
            Setting.insert(key=key, value=value).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: EXCLUDED.value}
            ).execute()


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
        operator=s.operator, workstation=s.workstation, incremental=bool(s.incremental),
    )


def _restore_run_info(r: RestoreRun) -> RestoreRunInfo:
    return RestoreRunInfo(
        id=r.id, operator=r.operator, started=r.started, finished=r.finished, tenant_id=r.tenant_id,
        target_tenant_id=r.target_tenant_id, snapshot_id=r.snapshot_id, snapshot_taken=r.snapshot_taken,
        mode=r.mode, status=r.status, dry_run=bool(r.dry_run), message=r.message, workstation=r.workstation,
    )


def _restore_item_info(r: RestoreItem) -> RestoreItemInfo:
    return RestoreItemInfo(
        id=r.id, run_id=r.run_id, source_object_id=r.source_object_id, source_app_id=r.source_app_id,
        display_name=r.display_name, action=r.action, result=r.result, new_object_id=r.new_object_id,
        new_app_id=r.new_app_id, warnings=tuple(r.warnings or ()), error_code=r.error_code,
        request_id=r.request_id, message=r.message, recorded=r.recorded,
    )



for _name, _member in list(vars(Store).items()):
    if not _name.startswith("_") and callable(_member) and _name != "open":
        setattr(Store, _name, _translated(_member))
