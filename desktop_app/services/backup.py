"""Back up every app registration of a tenant into one snapshot (DESIGN.md section 4).

Cost model (graph-notes section 8): a list call costs 2 resource units (RU), -1 for $select, +1 for
$expand, whatever the page holds; a single-object GET costs 1. So the whole tenant is read in list calls:
- the apps with every v1.0 property and their owners, expanded (Graph caps expanded owners, so an app
  that hits the cap gets its owners fetched in full), and
- the apps' federated identity credentials, expanded in a second listing of ids only,
each split into 16 parts by the first hex digit of appId and fetched in parallel, since one page of
expanded items holds at most 100 apps and a backup is otherwise a long chain of sequential pages.
Certificate bytes and logos are fetched only for the apps whose certificates or logo changed since the
last backup, 20 to a $batch. Apps no longer listed are looked up in the recycle bin.
Everything but the certificate bytes is written in one transaction as soon as it is in: a backup that fails or
is killed before leaves no trace but a "failed" line in the history. Certificate bytes come only from single-app
reads limited to 150 a minute per tenant (minutes for a large tenant), so they are read after the snapshot is
written and filled into its versions as they arrive (certificate_reads.fill_pending_certificates): the snapshot
can be browsed meanwhile, its documents list those keys as pending, and a backup stopped or killed while reading
them leaves them pending for the next backup, which reads them first.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple
from urllib.parse import quote

from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.domain.document import (
    APPLICATION_SELECT,
    NOT_READ,
    AppDocument,
    build_document,
    canonical_json,
    json_with_service_principal,
    key_credentials_digest,
    with_service_principal,
)
from desktop_app.graph.batch import BatchRequest, BatchResponse
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphError
from desktop_app.services.certificate_reads import (
    CERTIFICATE_READS_PER_MINUTE,
    CertificateReadPacer,
    FillOutcome,
    PendingCertificates,
    fill_pending_certificates,
    known_key_hashes,
    reusable_key_hashes,
)
from desktop_app.services.enterprise_read import (
    EnterpriseRead,
    read_selected_enterprise,
    read_tenant_enterprise,
)
from desktop_app.services.enterprise_read import (
    results as _results,
)
from desktop_app.services.permissions import READ_CONSENT, ask_for
from desktop_app.store.database import Store
from desktop_app.store.errors import LockHolder
from desktop_app.store.records import (
    CurrentApp,
    ObservedApp,
    SnapshotInfo,
    SnapshotTrigger,
    SnapshotWrite,
    TenantInfo,
)

log = logging.getLogger(__name__)

HEX_DIGITS = "0123456789abcdef"
OWNERS_EXPAND_CAP = 20  # Graph returns at most this many expanded items per object, with no nextLink
RECYCLE_BIN_DAYS = 30
BATCH_SIZE = 20
PAGE_SIZE = 999  # Graph's maximum; it lowers it to 100 itself while expanding

GraphForTenant = Callable[[TenantInfo], GraphClient]


@dataclass(frozen=True)
class BackupProgress:
    """Where a backup is: `phase` is one of "listing", "details", "recycle-bin", "writing", then "browsable" (the
    snapshot is written: done = its apps, total = certificates whose bytes are still to come) and "certificates"
    (done of total of those bytes are in)."""

    phase: str
    done: int
    total: int | None = None


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

    @classmethod
    def of(
        cls, snapshot: SnapshotInfo, *, seconds: float, retries: int, throttled: int, details: Mapping[str, int]
    ) -> BackupSummary:
        return cls(
            tenant_id=snapshot.tenant_id, snapshot_id=snapshot.id, apps=snapshot.apps, added=snapshot.added,
            changed=snapshot.changed, removed=snapshot.removed, requests=snapshot.requests,
            resource_units=snapshot.resource_units, seconds=seconds, retries=retries, throttled=throttled,
            details=dict(details),
        )


class BackupFailed(Exception):
    """A backup that could not complete; nothing of it was kept. `cause` is the Graph error, if any."""

    def __init__(self, message: str, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.cause = cause


@dataclass
class _Listed:
    """One app as the listings returned it, with what the detail calls add."""

    application: dict[str, Any]
    owners: list[dict[str, Any]]
    federated_credentials: list[dict[str, Any]] | None = None
    key_credential_keys: dict[str, str] = field(default_factory=dict)
    pending_keys: list[str] = field(default_factory=list)  # keyIds whose bytes are read after the snapshot
    logo_sha256: str | None = None
    waiting: int = 0  # parts still to come: its federated credentials, its detail reads
    # What its observation needs but the enterprise section, built while the enterprise applications are read.
    prebuilt: _Prebuilt | None = None

    @property
    def object_id(self) -> str:
        return str(self.application["id"])

    @property
    def logo_url(self) -> str | None:
        info = self.application.get("info")
        url = info.get("logoUrl") if isinstance(info, dict) else None
        return url if isinstance(url, str) and url else None


class _Prebuilt(NamedTuple):
    document: AppDocument  # without the enterprise section
    document_json: bytes  # its canonical JSON
    key_credentials_digest: str


@dataclass(frozen=True)
class _Detail:
    app: _Listed
    kind: str  # "owners" | "certificates" | "logo"
    url: str


class BackupService:
    def __init__(
        self,
        store: Store,
        graph_for_tenant: GraphForTenant,
        *,
        parallel: int = 16,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        certificate_reads_per_minute: float = CERTIFICATE_READS_PER_MINUTE,
    ) -> None:
        self._store = store
        self._graph_for_tenant = graph_for_tenant
        self._parallel = parallel
        self._clock = clock
        self._certificate_reads_per_minute = certificate_reads_per_minute
        self._pacers: dict[str, CertificateReadPacer] = {}
        self._pacers_lock = threading.Lock()

    def _pacer(self, tenant: TenantInfo, *, shared: bool = True) -> CertificateReadPacer:
        """The tenant's certificate-read budget, shared by this service's reads of a few apps (a restore's
        read-backs, one after the other). A whole backup starts with a budget of its own: the backups of a day
        are hours apart, and one that follows another closely is slowed to the steady rate by its first 429."""
        if not shared:
            return CertificateReadPacer(self._certificate_reads_per_minute)
        with self._pacers_lock:
            return self._pacers.setdefault(
                tenant.tenant_id.lower(), CertificateReadPacer(self._certificate_reads_per_minute)
            )

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
    ) -> BackupSummary:
        """One snapshot of the tenant, under the tenant's lock: a second backup (or a restore) of the same tenant
        elsewhere waits up to `lock_wait` seconds for it (`on_lock_wait(holder)` is told once), then TenantBusy
        says who holds it. Nothing is read from Graph before the lock is held."""
        tenant = self._store.get_tenant(tenant_key)
        cancel = cancel or CancelToken()
        with self._store.lock_tenant(
            tenant.tenant_id, "backup", wait=lock_wait, should_stop=lambda: cancel.cancelled, on_wait=on_lock_wait
        ):
            return self._run_locked(tenant, trigger, progress, cancel)

    def _run_locked(
        self,
        tenant: TenantInfo,
        trigger: SnapshotTrigger,
        progress: Callable[[BackupProgress], None] | None,
        cancel: CancelToken,
    ) -> BackupSummary:
        report = progress or (lambda _p: None)
        started = self._clock()
        t0 = time.monotonic()
        graph = self._graph_for_tenant(tenant)
        graph.cancel = cancel
        pacer = self._pacer(tenant, shared=False)
        try:
            try:
                # Consent is read only with Directory.Read.All, asked for now; without it the part is not read.
                refused = ask_for(graph, [READ_CONSENT])
                run = _BackupRun(graph, self._parallel, cancel, report, self._store.current_apps(tenant.tenant_id),
                                 tenant.tenant_id, stored=self._store.blob, pacer=pacer,
                                 # Under Graph's limit the bytes come after the snapshot; without one, with it.
                                 defer_certificates=not pacer.unlimited,
                                 permissions_missing=(READ_CONSENT,) if refused is not None else ())
                write = run.collect()
                cancel.raise_if_cancelled()
                stats = graph.stats
                total = len(write.observed)
                report(BackupProgress("writing", 0, total))
                snapshot = self._store.write_snapshot(
                    tenant.tenant_id,
                    SnapshotWrite(
                        started=started, finished=self._clock(), observed=write.observed,
                        recycle_bin=write.recycle_bin, blobs=write.blobs, trigger=trigger,
                        requests=stats.requests, resource_units=stats.resource_units,
                    ),
                    progress=lambda done: report(BackupProgress("writing", done, total)),
                )
            except (GraphError, Cancelled) as exc:
                stats = graph.stats
                reason = "Cancelled by the user" if isinstance(exc, Cancelled) else str(exc)
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
            waiting = sum(len(p.key_ids) for p in run.deferred)
            # The snapshot can be browsed now; the certificate bytes follow, paced, into the same versions.
            report(BackupProgress("browsable", snapshot.apps, waiting))
            filled = fill_pending_certificates(
                graph, self._store, tenant.tenant_id, run.deferred, pacer, cancel,
                lambda done, of: report(BackupProgress("certificates", done, of)),
            )
            stats = graph.stats
            if filled.apps_read:
                self._store.set_snapshot_cost(snapshot.id, requests=stats.requests,
                                              resource_units=stats.resource_units)
        finally:
            graph.close()
        return self._summary(tenant, run, snapshot, filled, stats, t0, browsable)

    def _summary(
        self, tenant: TenantInfo, run: _BackupRun, snapshot: SnapshotInfo, filled: FillOutcome, stats: Any,
        t0: float, browsable: float,
    ) -> BackupSummary:
        # The enterprise applications' single-object reads (owners and assignments beyond the expand cap, the users
        # consent names) count with the others; their listings are in the totals.
        enterprise = {f"enterprise {k}": v for k, v in run.enterprise_requests.items() if k != "listings"}
        details = dict(run.details_sent)
        details["certificates"] = details.get("certificates", 0) + filled.apps_read
        summary = BackupSummary.of(
            snapshot, seconds=time.monotonic() - t0, retries=stats.retries, throttled=stats.throttled,
            details={**details, **enterprise},
        )
        summary = replace(
            summary, requests=stats.requests, resource_units=stats.resource_units, browsable_seconds=browsable,
            certificates_pending=filled.pending, certificates_stopped=filled.stopped,
            permissions_missing=run.permissions_missing,
        )
        if run.permissions_missing:
            log.warning("backup of %s: consent not read (%s not granted to the sign-in)", tenant.tenant_id,
                        ", ".join(run.permissions_missing))
        log.info(
            "backup of %s: %d apps, %d added, %d changed, %d removed, %d requests, %.0f RU, browsable after %.1f s, "
            "%.1f s, %d certificates still to come",
            tenant.tenant_id, summary.apps, summary.added, summary.changed, summary.removed,
            summary.requests, summary.resource_units, browsable, summary.seconds, filled.pending,
        )
        return summary

    def read_apps(
        self,
        tenant: TenantInfo,
        object_ids: Sequence[str],
        *,
        graph: GraphClient | None = None,
        cancel: CancelToken | None = None,
        reuse_known: bool = True,
        written_keys: Mapping[str, Mapping[str, str]] | None = None,
        documents_only: bool = False,
    ) -> AppsRead:
        """The current documents of some apps, read the way a backup reads them (owners beyond the expand cap,
        certificate bytes, logo). Apps Graph does not find (deleted, or too new to be visible) are `missing`.
        `reuse_known=False` reads every logo and certificate again instead of trusting the last backup's;
        `written_keys` (object id -> keyId -> sha256: what a restore just wrote) are then still not read again
        when the listed keys match them (same keyId and thumbprint).
        A few apps are read by id, 10 to a $batch; many (`list_instead`) by listing the tenant as a backup does,
        which costs a few hundred requests for 10,000 apps instead of 20,000.
        `documents_only`: a plan's read, that compares the documents and stores nothing: `observed` stays empty
        (their stored form, canonical JSON and hash, is a third of the CPU of reading 10,000 apps)."""
        cancel = cancel or CancelToken()
        own = graph is None
        client = graph if graph is not None else self._graph_for_tenant(tenant)
        if own:
            client.cancel = cancel
        try:
            backed_up = self._store.current_apps(tenant.tenant_id)
            known = dict(backed_up) if reuse_known else {}
            for object_id, keys in (written_keys or {}).items():
                known[object_id] = _written(object_id, keys)
            wanted = list(dict.fromkeys(object_ids))
            listed = list_instead(len(wanted), len(backed_up))
            kind = _ListedSelectionRun if listed else _SelectedAppsRun
            run = kind(client, self._parallel, cancel, lambda _p: None, known, wanted,
                       tenant_id=tenant.tenant_id if listed else None, stored=self._store.blob,
                       pacer=self._pacer(tenant))
            run.observing = not documents_only
            collected = run.collect()
        finally:
            if own:
                client.close()
        return AppsRead(
            documents=run.documents, observed=tuple(collected.observed), blobs=dict(collected.blobs),
            missing=frozenset(run.missing),
        )

    def read_tenant(
        self,
        tenant: TenantInfo,
        *,
        progress: Callable[[BackupProgress], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> TenantRead:
        """Every app of the tenant as Graph has it now, read the way a backup reads it, written nowhere (for
        "what changed since snapshot S" against the live tenant)."""
        cancel = cancel or CancelToken()
        graph = self._graph_for_tenant(tenant)
        graph.cancel = cancel
        try:
            run = _BackupRun(graph, self._parallel, cancel, progress or (lambda _p: None),
                             self._store.current_apps(tenant.tenant_id), tenant.tenant_id, stored=self._store.blob,
                             pacer=self._pacer(tenant, shared=False))
            collected = run.collect()
        finally:
            graph.close()
        cancel.raise_if_cancelled()
        documents = {o.object_id: json.loads(o.document_json) for o in collected.observed}
        return TenantRead(documents=documents, recycle_bin=dict(collected.recycle_bin))

    def snapshot_apps(
        self,
        tenant_key: str,
        read: AppsRead,
        *,
        trigger: SnapshotTrigger = "pre-restore",
        started: datetime | None = None,
    ) -> SnapshotInfo | None:
        """A partial snapshot of the apps in `read` (e.g. the pre-restore one, so a restore can be undone);
        None when there is nothing to keep."""
        if not read.observed:
            return None
        tenant = self._store.get_tenant(tenant_key)
        return self._store.write_snapshot(
            tenant.tenant_id,
            SnapshotWrite(
                started=started or self._clock(), finished=self._clock(), observed=read.observed,
                blobs=read.blobs, trigger=trigger, partial=True,
            ),
        )


@dataclass(frozen=True)
class AppsRead:
    """Some apps as Graph has them now (BackupService.read_apps)."""

    documents: Mapping[str, AppDocument]  # object id -> document
    observed: tuple[ObservedApp, ...]
    blobs: Mapping[str, bytes]
    missing: frozenset[str]


@dataclass(frozen=True)
class TenantRead:
    """A whole tenant as Graph has it now (BackupService.read_tenant)."""

    documents: Mapping[str, AppDocument]  # object id -> document, every live app
    recycle_bin: Mapping[str, datetime | None]  # object id -> purge time, apps the store knew that are deleted


@dataclass(frozen=True)
class _Collected:
    observed: list[ObservedApp]
    recycle_bin: dict[str, datetime | None]
    blobs: dict[str, bytes]


class _BackupRun:
    """One backup's Graph reads.

    Detail requests (owners beyond the expand cap, certificate bytes, logos) are batched and sent as soon as
    a listing page shows they are needed, on a pool of their own, so they overlap the listing instead of
    following it. An app's document is built as soon as its last part arrives, so the CPU work is done
    while other requests are in flight.
    """

    def __init__(
        self,
        graph: GraphClient,
        parallel: int,
        cancel: CancelToken,
        report: Callable[[BackupProgress], None],
        known: Mapping[str, CurrentApp],
        tenant_id: str | None = None,
        stored: Callable[[str], bytes | None] = lambda _sha: None,
        pacer: CertificateReadPacer | None = None,
        defer_certificates: bool = False,
        permissions_missing: tuple[str, ...] = (),
    ) -> None:
        self._graph = graph
        self._tenant_id = tenant_id
        # Without these permissions the enterprise part is not read at all (its consent would be refused).
        self.permissions_missing = permissions_missing
        # A backup's certificate bytes are read after its snapshot is written (certificate_reads.py): the apps
        # are observed with those keys pending, and `deferred` says what is still to read.
        self._defer_certificates = defer_certificates
        self.deferred: list[PendingCertificates] = []
        # The enterprise applications are read beside the apps; documents wait ("parked") until they are in.
        self._enterprise: EnterpriseRead | None = None
        self._parked: list[_Listed] = []
        self._parallel = parallel
        self._cancel = cancel
        self._report = report
        self._known = known
        self._stored = stored  # blob bytes the store has, by sha256
        self._pacer = pacer or CertificateReadPacer()
        self._pending_certificates: list[_Detail] = []  # certificate reads go in batches of their own (paced)
        self._blobs: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self._listed: dict[str, _Listed] = {}
        self._fics: dict[str, list[dict[str, Any]]] = {}  # federated credentials listed before their app
        self._observed: dict[str, ObservedApp] = {}
        self.observing = True  # False: only documents are built (see `_observe_all`), nothing to store
        self._pending: list[_Detail] = []  # detail requests not yet sent (fewer than a batch)
        self._jobs: list[tuple[list[_Detail], Future[None]]] = []
        self._details_pool: ThreadPoolExecutor | None = None

    def collect(self) -> _Collected:
        with (
            ThreadPoolExecutor(2 * len(HEX_DIGITS), thread_name_prefix="backup-list") as list_pool,
            ThreadPoolExecutor(self._parallel, thread_name_prefix="backup-details") as details_pool,
            ThreadPoolExecutor(1, thread_name_prefix="backup-enterprise") as enterprise_pool,
        ):
            self._details_pool = details_pool
            t0 = time.monotonic()
            enterprise = self._start_enterprise(enterprise_pool)
            try:
                self._list_apps(list_pool)
                with self._lock:
                    self._flush_details()
                t1 = time.monotonic()
                _results([future for _, future in self._jobs])
                self._enterprise_done(enterprise.result() if enterprise is not None else self._read_enterprise())
            except KeyboardInterrupt:
                # Ctrl+C reaches this thread only. Leaving the `with` joins the pools, and their workers would
                # first sit out every retry and backoff (over a minute against a failing Graph): cancelling
                # wakes them at once.
                self._cancel.cancel()
                raise
        t2 = time.monotonic()
        self._complete_federated_credentials()
        recycle_bin = self._recycle_bin(self._listed)
        log.debug("backup phases: listing %.2f s, remaining details %.2f s, rest %.2f s",
                  t1 - t0, t2 - t1, time.monotonic() - t2)
        return _Collected(list(self._observed.values()), recycle_bin, self._blobs)

    # ----- the enterprise applications --------------------------------------------------------------------

    def _start_enterprise(self, pool: ThreadPoolExecutor) -> Future[EnterpriseRead] | None:
        """The tenant's service principals, consent and assignments, read while the apps are listed."""
        if self._tenant_id is None or self.permissions_missing:
            return None
        tenant_id = self._tenant_id
        future = pool.submit(read_tenant_enterprise, self._graph, tenant_id, self._cancel)
        future.add_done_callback(lambda f: self._enterprise_done(f.result()) if f.exception() is None else None)
        return future

    def _read_enterprise(self) -> EnterpriseRead:
        """Without a tenant id (nothing to tell its own service principals by), or without the permission to read
        consent: the part stays unread."""
        if self.permissions_missing:
            return EnterpriseRead(unread=f"{', '.join(self.permissions_missing)} not granted")
        return EnterpriseRead(unread="no tenant id")

    def _enterprise_done(self, read: EnterpriseRead) -> None:
        with self._lock:
            if self._enterprise is not None:
                return
            self._enterprise = read
            parked, self._parked = self._parked, []
        self._observe_all(parked)

    @property
    def enterprise_requests(self) -> Mapping[str, int]:
        return dict(self._enterprise.requests) if self._enterprise is not None else {}

    # ----- listings ------------------------------------------------------------------------------------

    def _list_apps(self, pool: ThreadPoolExecutor) -> None:
        app_params = {"$select": ",".join(APPLICATION_SELECT), "$expand": "owners", "$top": PAGE_SIZE}
        fic_params = {"$select": "id", "$expand": "federatedIdentityCredentials", "$top": PAGE_SIZE}
        parts = [pool.submit(self._list_part, app_params, digit, self._take_apps) for digit in HEX_DIGITS]
        parts += [pool.submit(self._list_part, fic_params, digit, self._take_fics) for digit in HEX_DIGITS]
        _results(parts)

    def _list_part(
        self, params: Mapping[str, Any], digit: str, take: Callable[[list[dict[str, Any]]], None]
    ) -> None:
        query = {**params, "$filter": f"startswith(appId,'{digit}')"}
        # A listing that selects keyCredentials counts against the certificate-read limit too, page by page.
        paced = "keycredentials" in str(params.get("$select", "")).lower().split(",")
        pages = iter(self._graph.get_pages("/applications", query))
        while True:
            if paced:
                self._pacer.acquire(1, self._cancel)
            page = next(pages, None)
            if page is None:
                return
            self._cancel.raise_if_cancelled()
            take(page)

    def _take_apps(self, page: list[dict[str, Any]]) -> None:
        apps = []
        for item in page:
            owners = item.pop("owners", None) or []
            apps.append(_Listed(application=item, owners=list(owners)))
        details = [detail for app in apps for detail in self._details_of(app)]
        complete = []
        with self._lock:
            for app in apps:
                self._listed[app.object_id] = app
                fics = self._fics.pop(app.object_id, None)
                if fics is None:
                    app.waiting += 1
                else:
                    app.federated_credentials = fics
            for detail in details:
                detail.app.waiting += 1
            complete = [app for app in apps if app.waiting == 0]
            self._queue(details)
            count = len(self._listed)
        self._report(BackupProgress("listing", count))
        self._observe_all(complete)

    def _take_fics(self, page: list[dict[str, Any]]) -> None:
        complete = []
        with self._lock:
            for item in page:
                object_id = str(item["id"])
                fics = list(item.get("federatedIdentityCredentials") or [])
                app = self._listed.get(object_id)
                if app is None:
                    self._fics[object_id] = fics
                elif app.federated_credentials is None:
                    app.federated_credentials = fics
                    app.waiting -= 1
                    if app.waiting == 0:
                        complete.append(app)
        self._observe_all(complete)

    # ----- details, 20 to a batch --------------------------------------------------------------------------

    def _details_of(self, app: _Listed) -> list[_Detail]:
        details: list[_Detail] = []
        known = self._known.get(app.object_id)
        if len(app.owners) >= OWNERS_EXPAND_CAP:  # maybe cut at the cap: fetch them all
            details.append(_Detail(app, "owners", f"/applications/{app.object_id}/owners?$top={PAGE_SIZE}"))
        credentials = app.application.get("keyCredentials")
        if credentials and all(isinstance(c, Mapping) and c.get("key") for c in credentials):
            # Read by id with keyCredentials selected: the bytes came with the app, no second read.
            app.key_credential_keys = self._key_hashes(credentials)
        elif credentials:
            reused = None
            if known is not None and known.key_credentials_digest == key_credentials_digest(app.application):
                reused = dict(known.key_credential_keys)
            elif known is not None:  # some metadata changed: keys whose bytes the store has are not read again
                reused = reusable_key_hashes(credentials, known.key_credential_keys, self._stored)
            if reused is not None:
                app.key_credential_keys = reused
            elif self._defer_certificates:
                self._defer(app, credentials, known)
            else:  # certificate bytes come only from a single-app GET that selects keyCredentials
                details.append(_Detail(app, "certificates", f"/applications/{app.object_id}?$select=keyCredentials"))
        if app.logo_url is not None:
            # The logo's CDN URL changes whenever the logo does.
            if known is not None and known.logo_url == app.logo_url:
                app.logo_sha256 = known.logo_sha256
            else:
                details.append(_Detail(app, "logo", f"/applications/{app.object_id}/logo"))
        return details

    def _defer(self, app: _Listed, credentials: list[Any], known: CurrentApp | None) -> None:
        """The keys whose bytes the store has stay; the others are pending, read after the snapshot is written
        (those an earlier backup left pending first)."""
        app.key_credential_keys = known_key_hashes(
            credentials, known.key_credential_keys if known is not None else {}, self._stored
        )
        app.pending_keys = sorted(
            {str(c.get("keyId")) for c in credentials if isinstance(c, Mapping)} - set(app.key_credential_keys)
        )
        if app.pending_keys:
            with self._lock:
                self.deferred.append(PendingCertificates(
                    object_id=app.object_id, key_ids=tuple(app.pending_keys),
                    key_credentials_digest=key_credentials_digest(app.application),
                    left_by_earlier=bool(known is not None and known.pending_keys),
                ))

    def _queue(self, details: list[_Detail]) -> None:
        """Send full batches; the caller holds the lock. Certificate reads go in batches of their own, so that
        pacing them (150 a minute) holds up nothing else."""
        for detail in details:
            (self._pending_certificates if detail.kind == "certificates" else self._pending).append(detail)
        for pending in (self._pending, self._pending_certificates):
            while len(pending) >= BATCH_SIZE:
                self._send(pending[:BATCH_SIZE])
                del pending[:BATCH_SIZE]

    def _flush_details(self) -> None:
        """Send what is left over; the caller holds the lock."""
        for pending in (self._pending, self._pending_certificates):
            for start in range(0, len(pending), BATCH_SIZE):
                self._send(pending[start : start + BATCH_SIZE])
            pending.clear()

    @property
    def details_sent(self) -> dict[str, int]:
        counts = {"owners": 0, "certificates": 0, "logo": 0}
        for details, _ in self._jobs:
            for detail in details:
                counts[detail.kind] += 1
        return counts

    def _send(self, details: list[_Detail]) -> None:
        """Queue one batch; the caller holds the lock."""
        assert self._details_pool is not None
        self._jobs.append((details, self._details_pool.submit(self._read_details, details)))

    def _read_details(self, details: list[_Detail]) -> None:
        self._cancel.raise_if_cancelled()
        requests = [BatchRequest(id=str(n), method="GET", url=d.url) for n, d in enumerate(details)]
        certificates = sum(1 for d in details if d.kind == "certificates")
        if certificates:
            self._pacer.acquire(certificates, self._cancel)
            throttled = self._graph.stats.throttled
        answers = self._graph.batch(requests)
        if certificates and self._graph.stats.throttled > throttled:
            self._pacer.exhaust()  # another reader shares the tenant's limit: slow down to the steady rate
        for detail, answer in zip(details, answers, strict=True):
            self._apply(detail, answer)
        complete = []
        with self._lock:
            for detail in details:
                detail.app.waiting -= 1
                if detail.app.waiting == 0:
                    complete.append(detail.app)
        self._observe_all(complete)

    def _apply(self, detail: _Detail, answer: BatchResponse) -> None:
        app = detail.app
        if detail.kind == "logo":
            if answer.status == 404:  # removed between the listing and now
                app.logo_sha256 = None
                return
            answer.raise_for_status()
            data = answer.raw
            app.logo_sha256 = self._blob(data) if data else None
            return
        answer.raise_for_status()
        if detail.kind == "certificates":
            app.key_credential_keys = self._key_hashes(answer.json.get("keyCredentials") or [])
        else:
            app.owners = _all_values(self._graph, answer.json)

    def _complete_federated_credentials(self) -> None:
        """Apps created between the two listings are missing from the second one: read theirs one by one."""
        for app in self._listed.values():
            if app.federated_credentials is None:
                app.federated_credentials = self._graph.get_all(
                    f"/applications/{app.object_id}/federatedIdentityCredentials"
                )
                app.waiting -= 1
                self._observe_all([app])

    def _key_hashes(self, credentials: Iterable[Mapping[str, Any]]) -> dict[str, str]:
        keys: dict[str, str] = {}
        for credential in credentials:
            encoded = credential.get("key")
            if not isinstance(encoded, str) or not encoded:
                continue
            try:
                data = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                data = encoded.encode("utf-8")
            keys[str(credential.get("keyId"))] = self._blob(data)
        return keys

    # ----- apps gone since the last backup ---------------------------------------------------------------

    def _recycle_bin(self, listed: Mapping[str, _Listed]) -> dict[str, datetime | None]:
        gone = [
            object_id for object_id, app in self._known.items()
            if object_id not in listed and app.status != "purged"
        ]
        if not gone:
            return {}
        self._report(BackupProgress("recycle-bin", 0, len(gone)))
        deleted = self._graph.get_all(
            "/directory/deletedItems/microsoft.graph.application",
            {"$select": "id,appId,displayName,deletedDateTime", "$top": PAGE_SIZE},
        )
        wanted = set(gone)
        recycle_bin: dict[str, datetime | None] = {}
        for item in deleted:
            object_id = str(item.get("id"))
            if object_id in wanted:
                recycle_bin[object_id] = _purge_date(item.get("deletedDateTime"))
        return recycle_bin

    # ----- the document ------------------------------------------------------------------------------------

    def _observe_all(self, apps: Iterable[_Listed]) -> None:
        apps = list(apps)
        if self._enterprise is None:
            for app in apps:  # the CPU work while Graph is still answering; only the section is left for later
                document = self._app_part(app)
                app.prebuilt = _Prebuilt(document, canonical_json(document), key_credentials_digest(app.application))
        with self._lock:
            if self._enterprise is None:
                self._parked.extend(apps)
                return
        if not self.observing:
            for app in apps:
                self._document(app)
            return
        observed = [self._observe(app) for app in apps]
        with self._lock:
            for item in observed:
                self._observed[item.object_id] = item

    def _observe(self, app: _Listed) -> ObservedApp:
        document_json = self._document_json(app)
        return ObservedApp(
            object_id=app.object_id,
            app_id=str(app.application.get("appId") or ""),
            display_name=str(app.application.get("displayName") or ""),
            document_json=document_json,
            document_hash=hashlib.sha256(document_json).hexdigest(),  # document_hash, without a second dump
            logo_url=app.logo_url,
            logo_sha256=app.logo_sha256,
            key_credentials_digest=(app.prebuilt.key_credentials_digest if app.prebuilt is not None
                                    else key_credentials_digest(app.application)),
            key_credential_keys=app.key_credential_keys,
            pending_keys=tuple(app.pending_keys),
        )

    def _document(self, app: _Listed) -> AppDocument:
        document = app.prebuilt.document if app.prebuilt is not None else self._app_part(app)
        return with_service_principal(document, self._section(app))

    def _document_json(self, app: _Listed) -> bytes:
        if app.prebuilt is None:
            return canonical_json(self._document(app))
        return json_with_service_principal(app.prebuilt.document, app.prebuilt.document_json, self._section(app))

    def _section(self, app: _Listed) -> Any:
        """The app's enterprise section; NOT_READ when that part was not read."""
        if self._enterprise is not None:
            known, section = self._enterprise.section_of(str(app.application.get("appId") or ""))
            if known:
                return section
        return NOT_READ

    @staticmethod
    def _app_part(app: _Listed) -> AppDocument:
        return build_document(
            app.application, app.owners, app.federated_credentials or [], app.key_credential_keys,
            app.logo_sha256, pending_keys=app.pending_keys,
        )

    def _blob(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        with self._lock:
            self._blobs[sha] = data
        return sha


class _ChosenAppsRun(_BackupRun):
    """The reads of chosen apps (by object id): their documents are kept for the caller (a restore's pre-restore
    snapshot and read-back), and the apps not found are `missing`. Says nothing about the apps it did not read."""

    def __init__(self, graph: GraphClient, parallel: int, cancel: CancelToken,
                 report: Callable[[BackupProgress], None], known: Mapping[str, CurrentApp], object_ids: list[str],
                 **options: Any) -> None:
        """`options`: _BackupRun's (tenant_id, stored, pacer)."""
        super().__init__(graph, parallel, cancel, report, known, **options)
        self._object_ids = list(dict.fromkeys(object_ids))
        self._wanted = set(self._object_ids)
        self.missing: set[str] = set()
        self._documents: dict[str, AppDocument] = {}

    def _recycle_bin(self, listed: Mapping[str, _Listed]) -> dict[str, datetime | None]:
        return {}  # a partial read says nothing about apps it did not find

    def _document(self, app: _Listed) -> AppDocument:
        document = super()._document(app)
        self._documents[app.object_id] = document
        return document

    def _document_json(self, app: _Listed) -> bytes:
        if app.prebuilt is not None:
            self._document(app)  # kept for the caller; the JSON comes from the prebuilt part as in a backup
        return super()._document_json(app)

    @property
    def documents(self) -> dict[str, AppDocument]:
        return dict(self._documents)


class _SelectedAppsRun(_ChosenAppsRun):
    """A backup's reads for a given list of apps instead of the whole tenant: each app and its federated
    credentials by id, 20 requests to a $batch; then the same detail reads as a full backup."""

    def _list_apps(self, pool: ThreadPoolExecutor) -> None:
        # Reading an app by id with keyCredentials selected counts against the 150-a-minute certificate-read limit,
        # so each app is read without them, and their metadata (no bytes) comes from one list call per chunk
        # (`id in (...)`): a chunk of apps costs one read of that budget; bytes are read only where unknown.
        select = ",".join(p for p in APPLICATION_SELECT if p != "keyCredentials")
        per_batch = (BATCH_SIZE - 1) // 2
        chunks = [self._object_ids[i : i + per_batch] for i in range(0, len(self._object_ids), per_batch)]
        futures = []
        for chunk in chunks:
            requests: list[BatchRequest] = []
            for n, object_id in enumerate(chunk):
                requests.append(BatchRequest(
                    id=f"a{n}", method="GET", url=f"/applications/{object_id}?$select={select}&$expand=owners"
                ))
                requests.append(BatchRequest(
                    id=f"f{n}", method="GET", url=f"/applications/{object_id}/federatedIdentityCredentials"
                ))
            ids = ",".join(f"'{object_id}'" for object_id in chunk)
            keys_filter = quote(f"id in ({ids})", safe="")
            requests.append(BatchRequest(
                id="k", method="GET", url=f"/applications?$filter={keys_filter}&$select=id,keyCredentials"
            ))
            self._pacer.acquire(1, self._cancel)  # the one request of the batch that selects keyCredentials
            futures.append(pool.submit(self._graph.batch, requests))
        for chunk, answers in zip(chunks, _results(futures), strict=True):
            apps: list[dict[str, Any]] = []
            fics: list[dict[str, Any]] = []
            keys = answers[-1]
            keys.raise_for_status()
            key_metadata = {str(a.get("id")): a.get("keyCredentials") or [] for a in _all_values(self._graph, keys.json)}
            for n, object_id in enumerate(chunk):
                app, fic = answers[2 * n], answers[2 * n + 1]
                if app.status == 404 or fic.status == 404 or object_id not in key_metadata:
                    self.missing.add(object_id)
                    continue
                app.raise_for_status()
                fic.raise_for_status()
                apps.append({**app.json, "keyCredentials": key_metadata[object_id]})
                fics.append({"id": object_id, "federatedIdentityCredentials": _all_values(self._graph, fic.json)})
            self._take_apps(apps)
            self._take_fics(fics)

    def _start_enterprise(self, pool: ThreadPoolExecutor) -> Future[EnterpriseRead] | None:
        return None  # read once the apps are found, for those apps only

    def _read_enterprise(self) -> EnterpriseRead:
        with self._lock:
            app_ids = [str(app.application.get("appId")) for app in self._listed.values() if app.application.get("appId")]
        return read_selected_enterprise(self._graph, app_ids) if app_ids else EnterpriseRead()


# Resource units (graph-notes §8): reading an app by id costs about 3 (the app with its owners, its federated
# credentials); listing the tenant costs 2 per page of 100 apps in each of the two listings, and at least one
# page for each of the 32 parts.
_UNITS_PER_APP_BY_ID = 3.0
_UNITS_PER_LISTED_APP = 4.0 / 100
_LISTING_BASE_UNITS = 2.0 * 2 * len(HEX_DIGITS)
_LIST_WHEN_UNKNOWN = 100  # apps wanted from a tenant the store knows nothing of


def list_instead(wanted: int, tenant_apps: int) -> bool:
    """Whether reading `wanted` apps of a tenant of about `tenant_apps` apps is cheaper by listing it."""
    if tenant_apps <= 0:
        return wanted >= _LIST_WHEN_UNKNOWN
    return wanted * _UNITS_PER_APP_BY_ID > _LISTING_BASE_UNITS + tenant_apps * _UNITS_PER_LISTED_APP


class _ListedSelectionRun(_ChosenAppsRun):
    """Many apps of a tenant: the backup's listings (the enterprise part too), keeping only the wanted apps (their
    details included)."""

    def collect(self) -> _Collected:
        collected = super().collect()
        self.missing = self._wanted - set(self._documents)
        return collected

    def _take_apps(self, page: list[dict[str, Any]]) -> None:
        super()._take_apps([item for item in page if str(item.get("id")) in self._wanted])

    def _take_fics(self, page: list[dict[str, Any]]) -> None:
        super()._take_fics([item for item in page if str(item.get("id")) in self._wanted])


def _written(object_id: str, keys: Mapping[str, str]) -> CurrentApp:
    """What a restore just wrote, as the last backup's view of the app: only the certificate bytes are known."""
    return CurrentApp(
        pk=0, object_id=object_id, app_id="", display_name="", status="active", document_hash=None,
        logo_url=None, logo_sha256=None, key_credentials_digest=None, key_credential_keys=dict(keys),
    )


def _all_values(graph: GraphClient, page: Mapping[str, Any]) -> list[dict[str, Any]]:
    values = list(page.get("value") or [])
    next_link = page.get("@odata.nextLink")
    if isinstance(next_link, str):
        values += graph.get_all(next_link)
    return values


def _purge_date(deleted: object) -> datetime | None:
    if not isinstance(deleted, str):
        return None
    try:
        when = datetime.fromisoformat(deleted.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when + timedelta(days=RECYCLE_BIN_DAYS)
