"""What changed in a tenant since a moment (DESIGN.md §11): the incident view's and `regvault changes`' service.

The protocol:
1. The moment is a time or a snapshot. Its baseline is that snapshot, or the newest complete snapshot that finished
   at or before the time (`NoBaseline` when the store has none: nothing is known of the tenant then).
2. Unless told not to, the live tenant is captured first (services/capture.py: a delta capture, or a full backup
   when one is due), so what was added a minute ago is in the answer, and the audit log is read up to now.
3. The apps whose document at the baseline differs from their document now (store/changes.py) are compared
   (domain/incident.py): each item with who made it and when, from the audit events kept that name the app since
   the baseline began. An item whose event is older than the time asked for happened between the baseline and the
   moment: the tenant had it then, so it is not a change since.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from desktop_app.domain.audit import AuditEvent
from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.incident import ChangedApp, TenantChange, tenant_changes
from desktop_app.services.backup import BackupProgress
from desktop_app.services.capture import CaptureOutcome, CaptureService
from desktop_app.store import SnapshotInfo, Store, TenantInfo
from desktop_app.store.errors import LockHolder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Since:
    """A moment: a time (aware), or a snapshot by id."""

    moment: datetime | None = None
    snapshot_id: int | None = None

    def __post_init__(self) -> None:
        if (self.moment is None) == (self.snapshot_id is None):
            raise ValueError("a moment is a time or a snapshot")


class NoBaseline(Exception):
    """The store holds no snapshot of the tenant at or before the moment (or no such snapshot id)."""

    def __init__(self, tenant: TenantInfo, since: Since, first: SnapshotInfo | None) -> None:
        super().__init__(f"no snapshot of {tenant.display_name} at or before {since}")
        self.tenant = tenant
        self.since = since
        self.first = first  # the oldest complete snapshot there is, if any


@dataclass(frozen=True)
class ChangesReport:
    tenant: TenantInfo
    since: Since
    baseline: SnapshotInfo
    changes: tuple[TenantChange, ...]  # by risk (domain/incident.py)
    apps: tuple[ChangedApp, ...]
    capture: CaptureOutcome | None = None
    audit_read_until: datetime | None = None
    audit_refused: str | None = None  # the permission the audit log needs, when Regvault lacks it
    before_moment: int = 0  # items left out: made between the baseline and the moment
    versions: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)  # object id -> (at, now)

    @property
    def incident(self) -> list[TenantChange]:
        return [c for c in self.changes if c.item.incident]

    @property
    def other(self) -> list[TenantChange]:
        return [c for c in self.changes if not c.item.incident]

    @property
    def moment(self) -> datetime:
        """The time the changes are counted from: the one asked for, else the baseline's."""
        return self.since.moment or self.baseline.finished or self.baseline.started


class ChangesService:
    def __init__(self, store: Store, capture: CaptureService | None) -> None:
        self._store = store
        self._capture = capture

    def baseline(self, tenant: TenantInfo, since: Since) -> SnapshotInfo:
        snapshots = self._store.snapshots(tenant.tenant_id)  # complete ones, newest first
        if since.snapshot_id is not None:
            found = next((s for s in snapshots if s.id == since.snapshot_id), None)
        else:
            assert since.moment is not None
            found = next((s for s in snapshots if s.finished is not None and s.finished <= since.moment), None)
        if found is None:
            raise NoBaseline(tenant, since, snapshots[-1] if snapshots else None)
        return found

    def changes(
        self,
        tenant_key: str,
        since: Since,
        *,
        capture: bool = True,
        progress: Callable[[BackupProgress], None] | None = None,
        cancel: CancelToken | None = None,
        lock_wait: float = 0.0,
        on_lock_wait: Callable[[LockHolder | None], None] | None = None,
    ) -> ChangesReport:
        tenant = self._store.get_tenant(tenant_key)
        baseline = self.baseline(tenant, since)  # before capturing: a wrong moment costs no Graph request
        outcome = None
        if capture and self._capture is not None:
            outcome = self._capture.capture(tenant.tenant_id, trigger="manual", progress=progress, cancel=cancel,
                                            lock_wait=lock_wait, on_lock_wait=on_lock_wait)
        return self.compare(tenant, since, baseline, outcome)

    def compare(self, tenant: TenantInfo, since: Since, baseline: SnapshotInfo,
                outcome: CaptureOutcome | None = None) -> ChangesReport:
        """The changes between the baseline and what the store holds now (no Graph)."""
        found = self._store.changes.changed_since(tenant.tenant_id, baseline.id)
        apps = [ChangedApp(a.object_id, a.app_id, _name(a.after or a.before, a.display_name), a.before, a.after)
                for a in found]

        def events_of(app: ChangedApp) -> Sequence[AuditEvent]:
            return self._store.timeline.events(tenant.tenant_id, app_object_id=app.object_id,
                                               since=baseline.started)

        every = tenant_changes(apps, events_of)
        changes = [c for c in every if not _before(c, since)]
        state = self._store.timeline.capture_state(tenant.tenant_id)
        return ChangesReport(
            tenant=tenant, since=since, baseline=baseline, changes=tuple(changes), apps=tuple(apps),
            capture=outcome, audit_read_until=state.audit_read_until, audit_refused=state.audit_refused,
            before_moment=len(every) - len(changes),
            versions={a.object_id: (a.before_version, a.after_version) for a in found},
        )


def _before(change: TenantChange, since: Since) -> bool:
    return since.moment is not None and change.time is not None and change.time < since.moment


def _name(document: dict | None, fallback: str) -> str:  # type: ignore[type-arg]
    application = (document or {}).get("application") or {}
    return str(application.get("displayName") or fallback)
