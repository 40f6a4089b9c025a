"""Compare anything: an app at two versions, at a snapshot and in the live tenant now, and a whole
tenant between two snapshots or since a snapshot until now.

Sides. One end of a comparison is a `Side`: a snapshot ("the app as it was at snapshot S", DESIGN.md §3.2: the
version with valid_from <= S < valid_until), one stored version of an app, or the live tenant read now with the
same reads a backup makes (nothing is written: no snapshot, no version). An app absent at a side (not yet
backed up, deleted) has no document there: the comparison says so instead of failing.

Results are plain frozen dataclasses over `domain.diff` changes, the ones the side panel turns red; the CLI
prints them, the window shows old and new side by side. Apps are matched by object id (display names repeat;
a recreated app is a new object with a new client ID, so it shows as one removed and one added app).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.diff import Change, diff_documents, format_path
from desktop_app.domain.document import AppDocument, document_hash
from desktop_app.services.app_reader import AppReader, ReadProgress
from desktop_app.store.database import Store
from desktop_app.store.errors import StoreError
from desktop_app.store.records import AppRow, SnapshotInfo, TenantInfo, VersionInfo

__all__ = [
    "AppChange",
    "AppComparison",
    "AppChangeKind",
    "CompareError",
    "CompareService",
    "Side",
    "SideKind",
    "TenantComparison",
]


class CompareError(ValueError):
    """A comparison that can't be made from this input (snapshot of another tenant, unknown app...); the
    message says what is wrong. Nothing was read from Graph."""


class SideKind(enum.StrEnum):
    SNAPSHOT = "snapshot"
    VERSION = "version"
    LIVE = "live"


@dataclass(frozen=True)
class Side:
    """One end of a comparison. Build it with `Side.at(snapshot)`, `Side.of(version)` or `Side.live()`."""

    kind: SideKind
    snapshot: SnapshotInfo | None = None
    version: VersionInfo | None = None
    read_at: datetime | None = None  # LIVE, once read

    @classmethod
    def at(cls, snapshot: SnapshotInfo) -> Side:
        return cls(SideKind.SNAPSHOT, snapshot=snapshot)

    @classmethod
    def of(cls, version: VersionInfo) -> Side:
        return cls(SideKind.VERSION, version=version)

    @classmethod
    def live(cls) -> Side:
        return cls(SideKind.LIVE)

    @property
    def moment(self) -> datetime | None:
        """When this side was true: the snapshot's end, the version's first snapshot, or the live read."""
        if self.snapshot is not None:
            return self.snapshot.finished or self.snapshot.started
        if self.version is not None:
            return self.version.valid_from_time
        return self.read_at


@dataclass(frozen=True)
class AppComparison:
    """One app at two sides: `changes` is what `diff_documents(old, new)` gives, sorted by path."""

    tenant_id: str
    app: AppRow
    old_side: Side
    new_side: Side
    old: AppDocument | None  # None: the app did not exist there (or is deleted now, for LIVE)
    new: AppDocument | None
    changes: tuple[Change, ...]

    def path_text(self, change: Change) -> str:
        """The change's path for people, labels looked up in the newer document first."""
        return format_path(change.path, *(d for d in (self.new, self.old) if d is not None))


class AppChangeKind(enum.StrEnum):
    ADDED = "added"  # in the new side only
    REMOVED = "removed"  # in the old side only
    CHANGED = "changed"  # in both, with another document


@dataclass(frozen=True)
class AppChange:
    """One app that differs between the two sides of a tenant comparison."""

    kind: AppChangeKind
    object_id: str
    app_id: str
    display_name: str
    app_pk: int | None  # None: never backed up (an app added live since the last backup)
    paths: tuple[str, ...] = ()  # CHANGED: the changed paths, readable (format_path)
    # CHANGED: each change (path, old and new value), and the two documents, for the window's words.
    changes: tuple[Change, ...] = ()
    old_document: AppDocument | None = field(default=None, repr=False, compare=False)
    new_document: AppDocument | None = field(default=None, repr=False, compare=False)
    # REMOVED against the live tenant: "recycled" (in the recycle bin until `purge`) or "purged"; else None.
    now: str | None = None
    purge: datetime | None = None


@dataclass(frozen=True)
class TenantComparison:
    tenant_id: str
    old_side: Side
    new_side: Side
    apps: tuple[AppChange, ...]  # sorted by kind (added, changed, removed), then name
    unchanged: int

    def of_kind(self, kind: AppChangeKind) -> tuple[AppChange, ...]:
        return tuple(a for a in self.apps if a.kind is kind)

    @property
    def counts(self) -> dict[str, int]:
        out = {kind.value: 0 for kind in AppChangeKind}
        for app in self.apps:
            out[app.kind.value] += 1
        out["unchanged"] = self.unchanged
        return out


@dataclass(frozen=True)
class _AppState:
    object_id: str
    app_id: str
    display_name: str
    app_pk: int | None
    document: AppDocument
    hash: str


class CompareService:
    def __init__(self, store: Store, reader: AppReader, *, clock: Callable[[], datetime] | None = None) -> None:
        self._store = store
        self._reader = reader
        self._clock = clock or (lambda: datetime.now().astimezone())

    # ----- one app -----------------------------------------------------------------------------------------

    def app(self, tenant_id: str, app_pk: int, old: Side, new: Side, *,
            cancel: CancelToken | None = None) -> AppComparison:
        """The app at `old` against the app at `new`. Reads Graph only for a LIVE side (one app, as a backup
        reads it); raises CompareError for a side that belongs to another tenant or app."""
        tenant = self._store.get_tenant(tenant_id)
        row = self._store.app_row(app_pk)
        if row is None:
            raise CompareError(f"There is no backed-up app {app_pk}.")
        old, old_document = self._document(tenant, row, old, cancel)
        new, new_document = self._document(tenant, row, new, cancel)
        changes = tuple(diff_documents(old_document, new_document))
        return AppComparison(tenant.tenant_id, row, old, new, old_document, new_document, changes)

    def _document(self, tenant: TenantInfo, row: AppRow, side: Side,
                  cancel: CancelToken | None) -> tuple[Side, AppDocument | None]:
        if side.kind is SideKind.SNAPSHOT:
            assert side.snapshot is not None
            self._check_snapshot(tenant, side.snapshot)
            return side, self._store.app_at(row.pk, side.snapshot.id)
        if side.kind is SideKind.VERSION:
            assert side.version is not None
            if side.version.app_pk != row.pk:
                raise CompareError(f"Version {side.version.pk} is not a version of {row.display_name}.")
            try:
                return side, self._store.version_document(side.version.pk)
            except StoreError as exc:
                raise CompareError(str(exc)) from exc
        read_at = self._clock()
        read = self._reader.read_apps(tenant, [row.object_id], cancel=cancel, reuse_known=False)
        return Side(SideKind.LIVE, read_at=read_at), read.documents.get(row.object_id)

    # ----- a whole tenant ----------------------------------------------------------------------------------

    def tenant(self, tenant_id: str, old: Side, new: Side, *,
               progress: Callable[[ReadProgress], None] | None = None,
               cancel: CancelToken | None = None) -> TenantComparison:
        """What changed between two snapshots, or since a snapshot until now (`new` LIVE: the whole tenant is
        read the way a backup reads it, and nothing is written)."""
        tenant = self._store.get_tenant(tenant_id)
        if old.kind is SideKind.VERSION or new.kind is SideKind.VERSION:
            raise CompareError("A tenant is compared between snapshots, or a snapshot and the live tenant.")
        old, before, _ = self._tenant_side(tenant, old, progress, cancel)
        new, after, recycle_bin = self._tenant_side(tenant, new, progress, cancel)
        changes: list[AppChange] = []
        unchanged = 0
        for object_id, state in after.items():
            earlier = before.get(object_id)
            if earlier is None:
                changes.append(AppChange(AppChangeKind.ADDED, object_id, state.app_id, state.display_name,
                                         state.app_pk))
            elif earlier.hash == state.hash:
                unchanged += 1
            else:
                found = diff_documents(earlier.document, state.document)
                paths = tuple(dict.fromkeys(format_path(c.path, state.document, earlier.document) for c in found))
                changes.append(AppChange(AppChangeKind.CHANGED, object_id, state.app_id, state.display_name,
                                         state.app_pk or earlier.app_pk, paths, tuple(found),
                                         earlier.document, state.document))
        for object_id, earlier in before.items():
            if object_id in after:
                continue
            now = purge = None
            if new.kind is SideKind.LIVE:
                now = "recycled" if object_id in recycle_bin else "purged"
                purge = recycle_bin.get(object_id)
            changes.append(AppChange(AppChangeKind.REMOVED, object_id, earlier.app_id, earlier.display_name,
                                     earlier.app_pk, now=now, purge=purge))
        order = {AppChangeKind.ADDED: 0, AppChangeKind.CHANGED: 1, AppChangeKind.REMOVED: 2}
        changes.sort(key=lambda c: (order[c.kind], c.display_name.casefold(), c.object_id))
        return TenantComparison(tenant.tenant_id, old, new, tuple(changes), unchanged)

    def _tenant_side(
        self, tenant: TenantInfo, side: Side, progress: Callable[[ReadProgress], None] | None,
        cancel: CancelToken | None,
    ) -> tuple[Side, dict[str, _AppState], Mapping[str, datetime | None]]:
        """The apps at `side` by object id, and (LIVE) the recycle bin: deleted apps the store knew."""
        if side.kind is SideKind.SNAPSHOT:
            assert side.snapshot is not None
            self._check_snapshot(tenant, side.snapshot)
            return side, {
                a.object_id: _AppState(a.object_id, a.app_id, a.display_name, a.app_pk, a.document,
                                       a.document_hash)
                for a in self._store.apps_at(tenant.tenant_id, side.snapshot.id)
            }, {}
        read_at = self._clock()
        read = self._reader.read_tenant(tenant, progress=progress, cancel=cancel)
        known = self._store.current_apps(tenant.tenant_id)
        states: dict[str, _AppState] = {}
        for object_id, document in read.documents.items():
            application = document.get("application") or {}
            states[object_id] = _AppState(
                object_id, str(application.get("appId") or ""), str(application.get("displayName") or ""),
                known[object_id].pk if object_id in known else None, document, document_hash(document),
            )
        return Side(SideKind.LIVE, read_at=read_at), states, read.recycle_bin

    def _check_snapshot(self, tenant: TenantInfo, snapshot: SnapshotInfo) -> None:
        if snapshot.tenant_id != tenant.tenant_id:
            raise CompareError(f"Snapshot {snapshot.id} is not a snapshot of {tenant.display_name}.")
        if snapshot.status != "complete":
            raise CompareError(f"Snapshot {snapshot.id} did not complete; choose another one.")
