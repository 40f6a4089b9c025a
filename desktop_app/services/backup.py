"""Back up every app registration of a tenant into one snapshot (DESIGN.md section 4): the backup's policy. The
reads are the app reader's (services/app_reader: the whole tenant in listings, details 20 to a $batch, the recycle
bin for apps no longer listed; its cost model is there).

Policy: nothing is read before the tenant's lock is held; everything but the certificate bytes is written in one
transaction as soon as it is in, so a backup that fails or is killed before leaves no trace but a "failed" line in
the history. Certificate bytes come only from single-app reads limited to 150 a minute per tenant (minutes for a
large tenant), so under that limit they are read after the snapshot is written and filled into its versions as they
arrive (certificate_reads.fill_pending_certificates): the snapshot can be browsed meanwhile, its documents list those
keys as pending, and a backup stopped or killed while reading them leaves them pending for the next backup, which
reads them first.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.graph.errors import GraphError
from desktop_app.services.app_reader import (
    AppReader,
    Assembly,
    GraphForTenant,
    Read,
    ReadProgress,
    WholeTenant,
)
from desktop_app.services.certificate_reads import (
    CERTIFICATE_READS_PER_MINUTE,
    FillOutcome,
    fill_pending_certificates,
)
from desktop_app.services.permissions import READ_CONSENT, ask_for
from desktop_app.store.database import Store
from desktop_app.store.errors import LockHolder
from desktop_app.store.records import SnapshotInfo, SnapshotTrigger, SnapshotWrite, TenantInfo

log = logging.getLogger(__name__)
# The error a backup stopped by its user is recorded with (no failure to alert anyone about: services/alerts.py).
CANCELLED_REASON = "Cancelled by the user"

# Where a backup is: the read's phases ("listing", "recycle-bin"), then "writing", "browsable" (the snapshot is
# written: done = its apps, total = certificates whose bytes are still to come) and "certificates" (done of total of
# those bytes are in).
BackupProgress = ReadProgress


@dataclass(frozen=True)
class BackupSummary:
    tenant_id: str
    snapshot_id: int
    apps: int
    added: int
    changed: int
    removed: int
    requests: int
    resource_units: float
    seconds: float
    retries: int = 0
    throttled: int = 0
    # Single-app reads (1 resource unit each): certificate bytes and logos that changed, owners beyond the cap.
    details: Mapping[str, int] = field(default_factory=dict)
    # The snapshot was written (and could be browsed) this long after the start; certificate bytes came after.
    browsable_seconds: float | None = None
    # Certificates whose bytes are still to come (the fill was stopped: cancelled, or Graph failed), and why:
    # the snapshot is kept, and the next backup reads them first.
    certificates_pending: int = 0
    certificates_stopped: str | None = None
    # Permissions the tenant never consented to, without which a part was not read (services/permissions.py):
    # Directory.Read.All, the enterprise applications' consent.
    permissions_missing: tuple[str, ...] = ()
    # Unchanged apps whose stored version was damaged (could not be read) and was written anew from this backup.
    repaired: int = 0
    # Apps Graph's listing left out although they still exist (a short listing): not removed, their last versions
    # kept as they were (not read again). The snapshot is complete but for these.
    unlisted_kept: int = 0

    @classmethod
    def of(
        cls, snapshot: SnapshotInfo, *, seconds: float, retries: int, throttled: int, details: Mapping[str, int]
    ) -> BackupSummary:
        return cls(
            tenant_id=snapshot.tenant_id, snapshot_id=snapshot.id, apps=snapshot.apps, added=snapshot.added,
            changed=snapshot.changed, removed=snapshot.removed, requests=snapshot.requests,
            resource_units=snapshot.resource_units, seconds=seconds, retries=retries, throttled=throttled,
            details=dict(details), repaired=snapshot.repaired,
        )


class BackupFailed(Exception):
    """A backup that could not complete; nothing of it was kept. `cause` is the Graph error, if any."""

    def __init__(self, message: str, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.cause = cause


class BackupService:
    def __init__(
        self,
        store: Store,
        graph_for_tenant: GraphForTenant,
        *,
        reader: AppReader | None = None,
        parallel: int = 16,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        certificate_reads_per_minute: float = CERTIFICATE_READS_PER_MINUTE,
    ) -> None:
        """`reader`: the process's app reader (it holds each tenant's certificate-read budget); without one, a reader
        of this service's own, reading `parallel` batches at once under `certificate_reads_per_minute`."""
        self._store = store
        self._graph_for_tenant = graph_for_tenant
        self._clock = clock
        self.reader = reader or AppReader(store, graph_for_tenant, parallel=parallel,
                                          certificate_reads_per_minute=certificate_reads_per_minute)

    @property
    def graph_for_tenant(self) -> GraphForTenant:
        """How this service reaches Graph; a restore in the same window goes through the same connections."""
        return self._graph_for_tenant

    def run(
        self,
        tenant_key: str,
        *,
        trigger: SnapshotTrigger = "manual",
        progress: Callable[[BackupProgress], None] | None = None,
        cancel: CancelToken | None = None,
        lock_wait: float = 0.0,
        on_lock_wait: Callable[[LockHolder | None], None] | None = None,
        capture: Mapping[str, Any] | None = None,
    ) -> BackupSummary:
        """One snapshot of the tenant, under the tenant's lock: a second backup (or a restore) of the same tenant
        elsewhere waits up to `lock_wait` seconds for it (`on_lock_wait(holder)` is told once), then TenantBusy
        says who holds it. Nothing is read from Graph before the lock is held. `capture`: the change timeline's state
        that comes with this snapshot (services/capture.py: the feeds' links), written in its transaction."""
        tenant = self._store.get_tenant(tenant_key)
        cancel = cancel or CancelToken()
        with self._store.lock_tenant(
            tenant.tenant_id, "backup", wait=lock_wait, should_stop=lambda: cancel.cancelled, on_wait=on_lock_wait
        ):
            return self._run_locked(tenant, trigger, progress, cancel, capture)

    def _run_locked(
        self,
        tenant: TenantInfo,
        trigger: SnapshotTrigger,
        progress: Callable[[BackupProgress], None] | None,
        cancel: CancelToken,
        capture: Mapping[str, Any] | None = None,
    ) -> BackupSummary:
        report = progress or (lambda _p: None)
        started = self._clock()
        t0 = time.monotonic()
        graph = self._graph_for_tenant(tenant, cancel=cancel)
        pacer = self.reader.pacer(tenant, shared=False)
        try:
            try:
                # Consent is read only with Directory.Read.All, asked for now; without it the part is not read.
                refused = ask_for(graph, [READ_CONSENT]) is not None
                listing = WholeTenant(tenant.tenant_id,
                                      enterprise_unread=f"{READ_CONSENT} not granted" if refused else None)
                # Under Graph's limit the bytes come after the snapshot; without one, with it.
                assembly = Assembly(self._store.current_apps(tenant.tenant_id),
                                    defer_certificates=not pacer.unlimited)
                read = self.reader.read(graph, listing, assembly, pacer=pacer, cancel=cancel, progress=report)
                cancel.raise_if_cancelled()
                stats = graph.stats
                total = len(read.observed)
                report(BackupProgress("writing", 0, total))
                snapshot = self._store.write_snapshot(
                    tenant.tenant_id,
                    SnapshotWrite(
                        started=started, finished=self._clock(), observed=list(read.observed),
                        recycle_bin=dict(read.removed), kept=read.kept, blobs=dict(read.blobs), trigger=trigger,
                        requests=stats.requests, resource_units=stats.resource_units, capture=capture,
                    ),
                    progress=lambda done: report(BackupProgress("writing", done, total)),
                )
            except (GraphError, Cancelled) as exc:
                stats = graph.stats
                reason = CANCELLED_REASON if isinstance(exc, Cancelled) else str(exc)
                self._store.record_failed_backup(
                    tenant.tenant_id, started=started, finished=self._clock(), error=reason, trigger=trigger,
                    requests=stats.requests, resource_units=stats.resource_units,
                )
                if isinstance(exc, Cancelled):
                    log.info("backup of %s cancelled", tenant.tenant_id)
                    raise
                log.warning("backup of %s failed: %s", tenant.tenant_id, reason)
                raise BackupFailed(f"The backup of {tenant.display_name} failed: {reason}", exc) from exc
            browsable = time.monotonic() - t0
            waiting = sum(len(p.key_ids) for p in read.deferred)
            # The snapshot can be browsed now; the certificate bytes follow, paced, into the same versions.
            report(BackupProgress("browsable", snapshot.apps, waiting))
            filled = fill_pending_certificates(
                graph, self._store, tenant.tenant_id, read.deferred, pacer, cancel,
                lambda done, of: report(BackupProgress("certificates", done, of)),
            )
            stats = graph.stats
            if filled.apps_read:
                self._store.set_snapshot_cost(snapshot.id, requests=stats.requests,
                                              resource_units=stats.resource_units)
        finally:
            graph.close()
        missing = (READ_CONSENT,) if refused else ()
        return self._summary(tenant, read, snapshot, filled, stats, t0, browsable, missing)

    def _summary(
        self, tenant: TenantInfo, read: Read, snapshot: SnapshotInfo, filled: FillOutcome, stats: Any,
        t0: float, browsable: float, permissions_missing: tuple[str, ...],
    ) -> BackupSummary:
        details = dict(read.details)
        details["certificates"] = details.get("certificates", 0) + filled.apps_read
        summary = BackupSummary.of(
            snapshot, seconds=time.monotonic() - t0, retries=stats.retries, throttled=stats.throttled,
            details=details,
        )
        summary = replace(
            summary, requests=stats.requests, resource_units=stats.resource_units, browsable_seconds=browsable,
            certificates_pending=filled.pending, certificates_stopped=filled.stopped,
            permissions_missing=permissions_missing, unlisted_kept=len(read.kept),
        )
        if permissions_missing:
            log.warning("backup of %s: consent not read (%s not granted to the sign-in)", tenant.tenant_id,
                        ", ".join(permissions_missing))
        log.info(
            "backup of %s: %d apps, %d added, %d changed, %d removed, %d requests, %.0f RU, browsable after %.1f s, "
            "%.1f s, %d certificates still to come",
            tenant.tenant_id, summary.apps, summary.added, summary.changed, summary.removed,
            summary.requests, summary.resource_units, browsable, summary.seconds, filled.pending,
        )
        return summary
