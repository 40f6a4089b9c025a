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

import hashlib
import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any, TypeVar, cast

from peewee import EXCLUDED, fn

from desktop_app.store import certificate_fill, schema, timeline
from desktop_app.store.alert_records import AlertRecords
from desktop_app.store.app_queries import AppQueries
from desktop_app.store.certificate_fill import CertificateFill
from desktop_app.store.changes import ChangeQueries
from desktop_app.store.cross_tenant import CredentialQueries, SearchQueries
from desktop_app.store.engine import Engine, engine_for
from desktop_app.store.errors import (
    DatabaseDamaged,
    StoreError,
    UnknownTenantError,
)
from desktop_app.store.location import DatabaseLocation
from desktop_app.store.models import (
    App,
    AppVersion,
    Blob,
    SchemaVersion,
    Setting,
    Snapshot,
    Tenant,
    database_proxy,
)
from desktop_app.store.parts import translated as _translated
from desktop_app.store.records import (
    CurrentApp,
    SnapshotInfo,
    SnapshotTrigger,
    SnapshotWrite,
    TenantInfo,
)
from desktop_app.store.restore_audit import RestoreAudit
from desktop_app.store.restore_journal import RestoreJournalStore
from desktop_app.store.rollback_records import RollbackRecords
from desktop_app.store.rows import (
    restore_run_info,
    snapshot_info,
    tenant_info,
    tenant_pk,
    tuples,
)
from desktop_app.store.snapshot_writer import WriteProgress, snapshot_counts_update, validate, write_versions
from desktop_app.store.tenant_locks import TenantLocks
from desktop_app.store.timeline import TimelineRecords
from desktop_app.store.workstation import operator_name, workstation

log = logging.getLogger(__name__)


T = TypeVar("T")


_open_store: Store | None = None
_open_lock = threading.RLock()  # open() closes the previous store while holding it


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


class Store:
    def __init__(self, db: Any, engine: Engine) -> None:
        self._db = db
        self._engine = engine
        self._closed = False
        # Tenant locks, held across processes and workstations until released (store/tenant_locks.py):
        self._tenant_locks = TenantLocks(engine, self._check_open)
        self.lock_tenant = self._tenant_locks.take  # use it as `with`
        self.tenant_lock_holder = self._tenant_locks.holder
        # The Store's methods of its parts (their docstrings say what each does): the apps table and their history
        # (store/app_queries.py), the restore audit (store/restore_audit.py).
        apps = AppQueries(db, engine, self._write, self._check_open)
        self.app_ids = apps.app_ids
        self.count_apps = apps.count_apps
        self.app_rows = apps.app_rows
        self.app_row = apps.app_row
        self.find_app = apps.find_app
        self.versions = apps.versions
        self.version_spans = apps.version_spans
        self.version_document = apps.version_document
        self.current_documents = apps.current_documents
        self.version_at = apps.version_at
        self.app_at = apps.app_at
        self.apps_at = apps.apps_at
        audit = RestoreAudit(db, engine, self._write, self._check_open)
        self.start_restore_run = audit.start_run
        self.add_restore_item = audit.add_item
        self.finish_restore_run = audit.finish_run
        self.restore_run = audit.run
        self.restore_runs = audit.runs
        self.restore_items = audit.items
        self.last_restored_copies = audit.last_restored_copies
        # Queries on tables of their own (store/parts.py), over the same connection and write transactions:
        self.journal = RestoreJournalStore(self._write, self._read, restore_run_info)  # what a run is about to create
        part = (db, engine, self._write, self._check_open)
        self.credentials = CredentialQueries(*part)  # every client secret and certificate across tenants
        self.search = SearchQueries(*part)  # apps across tenants by name, ids, URIs, permissions, owners, thumbprints
        self.alerts = AlertRecords(*part)  # what was and is to be told to a person, each once
        self.changes = ChangeQueries(*part)  # the apps changed since a snapshot, with both documents
        self.rollbacks = RollbackRecords(*part)  # what each rollback run did to each incident item
        self.timeline = TimelineRecords(*part)  # directory audit events, their links to versions, capture state

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
        self._tenant_locks.release_all()
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
            return [tenant_info(t) for t in rows]

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
        return tenant_pk(self._engine, self._db, tenant_id)

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
                for r in tuples(rows)
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
                resource_units=write.resource_units, operator=operator_name(), workstation=workstation(),
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
                operator=operator_name(), workstation=workstation(),
            )
        return self.snapshot(snap.id)

    def snapshot(self, snapshot_id: int) -> SnapshotInfo:
        def query() -> SnapshotInfo:
            row = Snapshot.select(Snapshot, Tenant.tenant_id).join(Tenant).where(Snapshot.id == snapshot_id).first()
            if row is None:
                raise StoreError(f"No snapshot {snapshot_id}.")
            return snapshot_info(row)

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
            return [snapshot_info(r) for r in rows]

        return self._read(query)

    def last_backup(self, tenant_id: str) -> SnapshotInfo | None:
        """The newest backup attempt, complete or failed (for "last backup: time, result"); the partial snapshots a
        restore takes of the apps it overwrites and reads back are not backups."""

        def query() -> SnapshotInfo | None:
            # One row, not the tenant's whole history (a watched tenant has thousands; the tenant switcher and
            # every watch round ask this of each tenant).
            row = (
                Snapshot.select(Snapshot, Tenant.tenant_id)
                .join(Tenant)
                .where((Snapshot.tenant == self._tenant_pk(tenant_id)) & (Snapshot.partial == False))  # noqa: E712
                .order_by(Snapshot.id.desc())
                .first()
            )
            return None if row is None else snapshot_info(row)

        return self._read(query)

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

    def blob(self, sha256: str) -> bytes | None:
        data = self._read(lambda: Blob.select(Blob.data).where(Blob.sha256 == sha256.lower()).scalar())
        return None if data is None else bytes(data)

    # ----------------------------------------------------------------------------------------------- settings
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self._read(lambda: Setting.get_or_none(Setting.key == key))
        return default if row is None else row.value

    def set_setting(self, key: str, value: Any) -> None:
        with self._write():
            Setting.insert(key=key, value=value).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: EXCLUDED.value}
            ).execute()


for _name, _member in list(vars(Store).items()):
    if not _name.startswith("_") and callable(_member) and _name != "open":
        setattr(Store, _name, _translated(_member))
