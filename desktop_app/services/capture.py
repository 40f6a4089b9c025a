"""Capturing a tenant's changes (the change timeline, DESIGN.md §11): a full backup when needed, else only what
changed since the last capture.

The protocol:
1. Full or delta. A full backup when asked (`full=True`), when the tenant has no change feed yet (no capture before,
   or a store from before the timeline), when the feed's links are older than Graph keeps them (7 days) or Graph
   answers 410 for them, and at least once a day (`FULL_SWEEP_EVERY`: grants and assignments have no feed; what the
   audit log cannot name, a renamed user, is caught there). `FullReason` says which, one line in every front end.
   A full backup takes fresh feed links first (`$deltatoken=latest`: what changes while it reads comes again) and
   keeps them with its snapshot, and reads which app each service principal belongs to.
2. A delta capture, under the tenant's lock: the audit log since the last read (who; and the changes no feed
   carries: owners, federated credentials, consent, assignments) with a round of each feed beside it, then the
   apps to read again (their enterprise applications alongside them, the recycle bin beside them):
   those the application feed names, those whose service principal the other feed names, the clients of a service
   principal that changed (its name and roles are in their documents), and the apps the new audit events name. They
   are read in full, by id, the way a backup reads them, and written as an incremental snapshot together with the
   feeds' new links (one transaction): a capture stopped or killed before that leaves the old links, and the next
   one reads the same changes again. Nothing to read, or only apps that are as stored (read again for an audit
   event that came after its change was captured), and nothing removed: no snapshot, only the new links and when
   it looked.
3. A snapshot built from delta equals, app document by app document, what a full backup at that moment stores
   (tests/services/test_capture.py churns a tenant at random and compares both).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.enterprise import ENTERPRISE_SECTION
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphError
from desktop_app.services import change_feed
from desktop_app.services.app_reader import purge_date
from desktop_app.services.audit_log import AuditLogRead, read_audit_log
from desktop_app.services.backup import BackupFailed, BackupProgress, BackupService, BackupSummary
from desktop_app.services.enterprise_read import results
from desktop_app.services.permissions import READ_CONSENT, ask_for
from desktop_app.services.tenants import GRAPH_BASE_URL
from desktop_app.store import SnapshotInfo, SnapshotWrite, Store, TenantInfo
from desktop_app.store.errors import LockHolder
from desktop_app.store.records import CurrentApp, ObservedApp, SnapshotTrigger

log = logging.getLogger(__name__)

FULL_SWEEP_EVERY = timedelta(days=1)
# A capture reads the changed apps by id, not by listing the tenant (fewer of Graph's units past ~150 apps of 10,000,
# but a whole backup's time: 15 s), up to this many apps and a tenth of the tenant: about 11 units an app (the app,
# its federated credentials, the 4 lists of its enterprise application, its extensions: graph-notes §8), 3,300 at
# most, under half of a large tenant's 8,000 per 10 s.
READ_BY_ID_MOST = 300
FEED_LIFETIME = timedelta(days=7)  # Graph keeps a directory delta token this long (delta-query-overview)


class FullReason(StrEnum):
    ASKED = "asked"  # --full, "Back up now"
    FIRST = "first"  # no change feed yet
    EXPIRED = "expired"  # the feed's links are too old, or Graph answered 410
    DAILY = "daily"  # the daily full sweep
    DOUBT = "doubt"  # the feed answered something that can't be trusted
    PERMISSION = "permission"  # the enterprise applications can be read now, and the last full backup could not
    CERTIFICATES = "certificates"  # an earlier backup was stopped before the bytes of its certificates were all in


@dataclass(frozen=True)
class CaptureOutcome:
    tenant_id: str
    kind: str  # "full" | "delta" | "quiet" (a delta capture that found nothing to write)
    looked: datetime
    seconds: float
    requests: int
    snapshot: SnapshotInfo | None = None
    full_reason: FullReason | None = None
    apps_read: int = 0  # apps read again (delta), whose document may or may not have changed
    audit: AuditLogRead = field(default_factory=AuditLogRead)
    backup: BackupSummary | None = None


class _Doubt(Exception):
    """Something the delta path can't trust, or can't do: start over with a full backup."""

    def __init__(self, message: str, reason: FullReason = FullReason.DOUBT) -> None:
        super().__init__(message)
        self.reason = reason


class CaptureService:
    def __init__(self, store: Store, backup: BackupService, *,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._store = store
        self._backup = backup
        self._clock = clock

    @property
    def store(self) -> Store:
        return self._store

    def capture(
        self,
        tenant_key: str,
        *,
        full: bool = False,
        trigger: SnapshotTrigger = "scheduled",
        progress: Callable[[BackupProgress], None] | None = None,
        cancel: CancelToken | None = None,
        lock_wait: float = 0.0,
        on_lock_wait: Callable[[LockHolder | None], None] | None = None,
    ) -> CaptureOutcome:
        tenant = self._store.get_tenant(tenant_key)
        cancel = cancel or CancelToken()
        # One lock for everything, taken before the first request: a second capture of the tenant (elsewhere)
        # waits for this one and then finds only what changed since (the backup's own lock re-enters it).
        with self._store.lock_tenant(tenant.tenant_id, "backup", wait=lock_wait,
                                     should_stop=lambda: cancel.cancelled, on_wait=on_lock_wait):
            reason = FullReason.ASKED if full else self._full_reason(tenant)
            if reason is None:
                try:
                    return self._delta(tenant, trigger, cancel, time.monotonic())
                except change_feed.FeedExpired:
                    reason = FullReason.EXPIRED
                    log.info("change feed of %s expired (410): a full backup instead", tenant.tenant_id)
                except _Doubt as exc:
                    reason = exc.reason
                    log.warning("change feed of %s: %s; a full backup instead", tenant.tenant_id, exc)
            return self._full(tenant, reason, trigger, progress, cancel)

    def _full_reason(self, tenant: TenantInfo) -> FullReason | None:
        state = self._store.timeline.capture_state(tenant.tenant_id)
        if not state.applications_link or not state.service_principals_link or state.links_since is None:
            return FullReason.FIRST
        if not all(_same_origin(link, tenant.graph_base_url or GRAPH_BASE_URL)
                   for link in (state.applications_link, state.service_principals_link)):
            return FullReason.DOUBT  # the tenant's Graph moved (an emulator on another port): its links are void
        now = self._clock()
        if now - state.links_since >= FEED_LIFETIME:
            return FullReason.EXPIRED
        if state.full_sweep is None or now - state.full_sweep >= FULL_SWEEP_EVERY:
            return FullReason.DAILY
        if self._store.pending_certificates(tenant.tenant_id):
            # Only a full backup reads them (first); the change feed names no app whose bytes are missing.
            return FullReason.CERTIFICATES
        return None

    # ---- a full backup -----------------------------------------------------------------------------------

    def _full(self, tenant: TenantInfo, reason: FullReason, trigger: SnapshotTrigger,
              progress: Callable[[BackupProgress], None] | None, cancel: CancelToken) -> CaptureOutcome:
        started, now = time.monotonic(), self._clock()
        graph = self._backup.graph_for_tenant(tenant, cancel=cancel)
        try:
            try:
                links = {"applications_link": change_feed.latest_link(graph, change_feed.APPLICATIONS),
                         "service_principals_link": change_feed.latest_link(graph, change_feed.SERVICE_PRINCIPALS)}
                refs = change_feed.service_principal_refs(graph)
            except GraphError as exc:
                raise self._failed(tenant, now, trigger, graph, "backup", exc) from exc
            audit = read_audit_log(graph, self._store, tenant, now, cancel)
            requests = graph.stats.requests
        finally:
            graph.close()
        # The service principals first: the snapshot's transaction links the audit events that name them.
        self._store.timeline.set_service_principals(tenant.tenant_id, refs, replace=True)
        summary = self._backup.run(tenant.tenant_id, trigger=trigger, progress=progress, cancel=cancel,
                                   capture={**links, "links_since": now, "full_sweep": now, "looked": now})
        self._store.set_setting(_unread_key(tenant), bool(summary.permissions_missing))
        snapshot = self._store.snapshot(summary.snapshot_id)
        return CaptureOutcome(tenant.tenant_id, "full", now, time.monotonic() - started,
                              requests + summary.requests, snapshot=snapshot, full_reason=reason,
                              apps_read=summary.apps, audit=audit, backup=summary)

    # ---- a delta capture ---------------------------------------------------------------------------------

    def _delta(self, tenant: TenantInfo, trigger: SnapshotTrigger, cancel: CancelToken,
               started: float) -> CaptureOutcome:
        state = self._store.timeline.capture_state(tenant.tenant_id)
        assert state.applications_link is not None and state.service_principals_link is not None
        now = self._clock()
        graph = self._backup.graph_for_tenant(tenant, cancel=cancel)
        try:
            if self._store.get_setting(_unread_key(tenant), False) and ask_for(graph, [READ_CONSENT]) is None:
                raise _Doubt("the enterprise applications can be read now", FullReason.PERMISSION)
            with ThreadPoolExecutor(3, thread_name_prefix="capture") as pool:
                # The two feeds while the audit log is read (and kept: the store is written on this thread only).
                feeds = [pool.submit(change_feed.follow, graph, link, cancel)
                         for link in (state.applications_link, state.service_principals_link)]
                audit = read_audit_log(graph, self._store, tenant, now, cancel)
                apps, sps = results(feeds)
                known = self._store.current_apps(tenant.tenant_id)
                wanted, recycled, gone = self._wanted(tenant, graph, known, apps, sps, audit)
                links = {"applications_link": apps.delta_link, "service_principals_link": sps.delta_link,
                         "links_since": now, "looked": now}
                if not wanted and not recycled and not gone:
                    self._store.timeline.save_capture_state(tenant.tenant_id, **links)
                    return CaptureOutcome(tenant.tenant_id, "quiet", now, time.monotonic() - started,
                                          graph.stats.requests, audit=audit)
                binned = pool.submit(self._recycle_bin, graph, recycled)  # while the apps are read
                read = self._backup.reader.read_apps(tenant, sorted(wanted), graph=graph, cancel=cancel, known=known,
                                                     app_ids=_app_ids(wanted, known, apps),
                                                     by_id=_by_id(len(wanted), len(known)))
                recycle_bin = results([binned])[0]
            unseen = set(read.missing) - gone - set(recycle_bin)  # gone while they were read: binned, or for good
            recycle_bin.update(self._recycle_bin(graph, unseen))
            gone |= unseen - set(recycle_bin)
            cancel.raise_if_cancelled()
            if not recycle_bin and not gone and _as_stored(read.observed, known):
                # Read again for an audit event that came late (its change was captured before): no snapshot.
                self._store.timeline.save_capture_state(tenant.tenant_id, **links)
                return CaptureOutcome(tenant.tenant_id, "quiet", now, time.monotonic() - started,
                                      graph.stats.requests, apps_read=len(read.observed), audit=audit)
            snapshot = self._store.write_snapshot(tenant.tenant_id, SnapshotWrite(
                started=now, finished=self._clock(), observed=read.observed, recycle_bin=recycle_bin,
                blobs=read.blobs, trigger=trigger, incremental=True, gone=frozenset(gone),
                requests=graph.stats.requests, resource_units=graph.stats.resource_units, capture=links))
            return CaptureOutcome(tenant.tenant_id, "delta", now, time.monotonic() - started, graph.stats.requests,
                                  snapshot=snapshot, apps_read=len(read.observed), audit=audit)
        except GraphError as exc:
            if exc.status == 410:
                raise change_feed.FeedExpired(str(exc)) from exc
            raise self._failed(tenant, now, trigger, graph, "capture", exc) from exc
        finally:
            graph.close()

    def _failed(self, tenant: TenantInfo, started: datetime, trigger: SnapshotTrigger, graph: GraphClient,
                what: str, exc: GraphError) -> BackupFailed:
        """A failed attempt, recorded as BackupService.run records its own (the window's "last backup failed", the
        alerts' backupFailed: services/alerts.py), and the error to raise."""
        self._store.record_failed_backup(tenant.tenant_id, started=started, finished=self._clock(), error=str(exc),
                                         trigger=trigger, requests=graph.stats.requests,
                                         resource_units=graph.stats.resource_units)
        log.warning("%s of %s failed: %s", what, tenant.tenant_id, exc)
        return BackupFailed(f"The {what} of {tenant.display_name} failed: {exc}", exc)

    def _wanted(self, tenant: TenantInfo, graph: GraphClient, known: Mapping[str, CurrentApp],
                apps: change_feed.FeedRound, sps: change_feed.FeedRound,
                audit: AuditLogRead) -> tuple[set[str], set[str], set[str]]:
        """(object ids of apps to read again, apps in the recycle bin, apps gone for good)."""
        by_app_id = {app.app_id.lower(): object_id for object_id, app in known.items()}
        refs = self._store.timeline.service_principals(tenant.tenant_id)  # sp object id -> appId, lower case
        if any(not sp.get("appId") for sp in sps.changed.values()):
            raise _Doubt("a service principal without its appId in the feed")
        fed = {k.lower(): v.lower() for k, v in change_feed.app_ids_of(sps.changed).items()}
        removed = {sp.lower() for sp in sps.recycled | sps.gone}
        owners_of = {**refs, **fed}
        self._store.timeline.set_service_principals(tenant.tenant_id, fed, removed=removed)
        app_ids = {owners_of[sp] for sp in (set(fed) | removed) if sp in owners_of}
        new = {sp for sp in fed if sp not in refs}  # created, or back from the recycle bin
        neighbours, owned = self._neighbours(tenant, graph, known, by_app_id, owners_of, set(fed), removed, new)
        app_ids |= neighbours
        wanted = set(apps.changed) | owned
        for event in audit.new_events:
            for named in event.targets:
                if named.kind == "Application":
                    wanted.add(named.id)
                elif named.kind == "appId":
                    app_ids.add(named.id)
                elif named.kind == "ServicePrincipal" and named.id in owners_of:
                    app_ids.add(owners_of[named.id])
        wanted |= {by_app_id[a] for a in app_ids if a in by_app_id}
        spelled = {k.lower(): k for k in known}  # Graph's ids are lower case; an event's are lower-cased
        wanted = {spelled.get(w.lower(), w) for w in wanted} - apps.recycled - apps.gone
        wanted -= {o for o, app in known.items() if app.status != "active" and o not in apps.changed}
        return wanted, set(apps.recycled), set(apps.gone)

    def _neighbours(self, tenant: TenantInfo, graph: GraphClient, known: Mapping[str, CurrentApp],
                    by_app_id: Mapping[str, str], owners_of: Mapping[str, str], changed: set[str],
                    removed: set[str], new: set[str]) -> tuple[set[str], set[str]]:
        """(appIds, object ids) of other apps whose documents name a service principal that changed, came or went:
        the resources it holds application permissions on (their list of who is assigned names it); its clients
        when it is a resource (their consent and permissions name it), asked of Graph for one still there, found in
        the stored documents for one that went (Graph no longer shows its grants); the apps it owns, asked of Graph
        for one that came (back), found in the stored documents for one that went."""
        app_ids: set[str] = set()
        needles: list[str] = []
        for sp in changed | removed:
            owner = by_app_id.get(owners_of.get(sp, ""))
            document = self._current_document(known, owner) if owner is not None else None
            section = (document or {}).get(ENTERPRISE_SECTION) or {}
            app_ids |= {str(a.get("resourceAppId", "")).lower() for a in section.get("appRoleAssignments") or []}
            application = (document or {}).get("application") or {}
            if sp in removed:
                needles.append(sp)  # as an owner
                if application.get("appRoles") or (application.get("api") or {}).get("oauth2PermissionScopes"):
                    needles.append(owners_of[sp])  # as a resource
        if changed:
            app_ids |= {owners_of[c.lower()] for c in change_feed.clients_of(graph, changed)
                        if c.lower() in owners_of}
        object_ids = self._store.timeline.apps_naming(tenant.tenant_id, needles) if needles else set()
        if new:
            apps, sps = change_feed.owned_by(graph, new)
            object_ids |= apps
            app_ids |= {owners_of[sp] for sp in sps if sp in owners_of}
        return app_ids, object_ids

    def _current_document(self, known: Mapping[str, CurrentApp], object_id: str) -> dict[str, Any] | None:
        app = known.get(object_id)
        if app is None or app.status != "active":
            return None
        versions = self._store.versions(app.pk)
        return dict(self._store.version_document(versions[0].pk)) if versions else None

    def _recycle_bin(self, graph: GraphClient, object_ids: Iterable[str]) -> dict[str, datetime | None]:
        wanted = {o.lower(): o for o in object_ids}
        if not wanted:
            return {}
        found: dict[str, datetime | None] = {}
        for item in graph.get_all("/directory/deletedItems/microsoft.graph.application",
                                  {"$select": "id,deletedDateTime", "$top": 999}):
            object_id = str(item.get("id", "")).lower()
            if object_id in wanted:
                found[wanted[object_id]] = purge_date(item.get("deletedDateTime"))
        return found


def _by_id(wanted: int, tenant_apps: int) -> bool:
    return wanted <= min(READ_BY_ID_MOST, tenant_apps // 10)


def _as_stored(observed: Iterable[ObservedApp], known: Mapping[str, CurrentApp]) -> bool:
    """Whether every app read again is exactly as the store has it (what the snapshot writer would leave as it is)."""
    for app in observed:
        stored = known.get(app.object_id)
        if (stored is None or stored.status != "active" or stored.document_hash != app.document_hash
                or stored.logo_url != app.logo_url or app.pending_keys):
            return False
    return True


def _app_ids(wanted: Iterable[str], known: Mapping[str, CurrentApp], apps: change_feed.FeedRound) -> dict[str, str]:
    """The client id of each app to read again that has one here (the store's, or the feed's for a new app): with
    every one of them, the reader reads the enterprise applications alongside the apps instead of after them."""
    ids = {object_id: known[object_id].app_id for object_id in wanted if object_id in known}
    ids.update({object_id: str(apps.changed[object_id]["appId"]) for object_id in wanted
                if object_id not in known and (apps.changed.get(object_id) or {}).get("appId")})
    return {object_id: app_id for object_id, app_id in ids.items() if app_id}


def _unread_key(tenant: TenantInfo) -> str:
    """The setting that says the tenant's last full backup could not read the enterprise applications."""
    return f"timeline.enterpriseUnread.{tenant.tenant_id.lower()}"


def _same_origin(link: str, base_url: str) -> bool:
    a, b = urlsplit(link), urlsplit(base_url)
    return (a.scheme, a.netloc.lower()) == (b.scheme, b.netloc.lower())
