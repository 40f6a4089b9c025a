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
Everything is written in one transaction at the end: a backup that fails or is killed leaves no trace
but a "failed" line in the history.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.domain.document import (
    APPLICATION_SELECT,
    build_document,
    canonical_json,
    document_hash,
    key_credentials_digest,
)
from desktop_app.graph.batch import BatchRequest, BatchResponse
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphError
from desktop_app.store.database import Store
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
    """Where a backup is: `phase` is one of "listing", "details", "recycle-bin", "writing"."""

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

    @classmethod
    def of(cls, snapshot: SnapshotInfo, *, seconds: float, retries: int, throttled: int) -> BackupSummary:
        return cls(
            tenant_id=snapshot.tenant_id, snapshot_id=snapshot.id, apps=snapshot.apps, added=snapshot.added,
            changed=snapshot.changed, removed=snapshot.removed, requests=snapshot.requests,
            resource_units=snapshot.resource_units, seconds=seconds, retries=retries, throttled=throttled,
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
    logo_sha256: str | None = None

    @property
    def object_id(self) -> str:
        return str(self.application["id"])

    @property
    def logo_url(self) -> str | None:
        info = self.application.get("info")
        url = info.get("logoUrl") if isinstance(info, dict) else None
        return url if isinstance(url, str) and url else None


class BackupService:
    def __init__(
        self,
        store: Store,
        graph_for_tenant: GraphForTenant,
        *,
        parallel: int = 16,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._store = store
        self._graph_for_tenant = graph_for_tenant
        self._parallel = parallel
        self._clock = clock

    def run(
        self,
        tenant_key: str,
        *,
        trigger: SnapshotTrigger = "manual",
        progress: Callable[[BackupProgress], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> BackupSummary:
        tenant = self._store.get_tenant(tenant_key)
        cancel = cancel or CancelToken()
        report = progress or (lambda _p: None)
        started = self._clock()
        t0 = time.monotonic()
        graph = self._graph_for_tenant(tenant)
        graph.cancel = cancel
        try:
            with ThreadPoolExecutor(self._parallel, thread_name_prefix="backup") as pool:
                run = _BackupRun(graph, pool, cancel, report, self._store.current_apps(tenant.tenant_id))
                write = run.collect(started=started, trigger=trigger)
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
        finally:
            graph.close()
        summary = BackupSummary.of(
            snapshot, seconds=time.monotonic() - t0, retries=stats.retries, throttled=stats.throttled
        )
        log.info(
            "backup of %s: %d apps, %d added, %d changed, %d removed, %d requests, %.0f RU, %.1f s",
            tenant.tenant_id, summary.apps, summary.added, summary.changed, summary.removed,
            summary.requests, summary.resource_units, summary.seconds,
        )
        return summary


@dataclass(frozen=True)
class _Collected:
    observed: list[ObservedApp]
    recycle_bin: dict[str, datetime | None]
    blobs: dict[str, bytes]


class _BackupRun:
    """One backup's Graph reads; holds the thread pool and the apps the last backup saw."""

    def __init__(
        self,
        graph: GraphClient,
        pool: ThreadPoolExecutor,
        cancel: CancelToken,
        report: Callable[[BackupProgress], None],
        known: Mapping[str, CurrentApp],
    ) -> None:
        self._graph = graph
        self._pool = pool
        self._cancel = cancel
        self._report = report
        self._known = known
        self._blobs: dict[str, bytes] = {}

    def collect(self, *, started: datetime, trigger: SnapshotTrigger) -> _Collected:
        listed = self._list_apps()
        self._report(BackupProgress("details", 0, len(listed)))
        self._complete_owners(listed)
        self._complete_federated_credentials(listed)
        self._fetch_certificates(listed)
        self._fetch_logos(listed)
        recycle_bin = self._recycle_bin(listed)
        observed = [self._observe(app) for app in listed.values()]
        return _Collected(observed, recycle_bin, self._blobs)

    # ----- listings ------------------------------------------------------------------------------------

    def _list_apps(self) -> dict[str, _Listed]:
        app_params = {
            "$select": ",".join(APPLICATION_SELECT),
            "$expand": "owners",
            "$top": PAGE_SIZE,
        }
        fic_params = {"$select": "id", "$expand": "federatedIdentityCredentials", "$top": PAGE_SIZE}
        app_parts = [self._pool.submit(self._list_part, app_params, digit) for digit in HEX_DIGITS]
        fic_parts = [self._pool.submit(self._list_part, fic_params, digit) for digit in HEX_DIGITS]
        listed: dict[str, _Listed] = {}
        for part in _results(app_parts, self._cancel):
            for item in part:
                owners = item.pop("owners", None) or []
                listed[str(item["id"])] = _Listed(application=item, owners=list(owners))
        for part in _results(fic_parts, self._cancel):
            for item in part:
                app = listed.get(str(item["id"]))
                if app is not None:
                    app.federated_credentials = list(item.get("federatedIdentityCredentials") or [])
        return listed

    def _list_part(self, params: Mapping[str, Any], digit: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        query = {**params, "$filter": f"startswith(appId,'{digit}')"}
        for page in self._graph.get_pages("/applications", query):
            self._cancel.raise_if_cancelled()
            items.extend(page)
            self._report(BackupProgress("listing", len(items)))
        return items

    # ----- details, 20 to a batch --------------------------------------------------------------------------

    def _complete_owners(self, listed: Mapping[str, _Listed]) -> None:
        capped = [app for app in listed.values() if len(app.owners) >= OWNERS_EXPAND_CAP]
        futures = [
            self._pool.submit(self._graph.get_all, f"/applications/{app.object_id}/owners", {"$top": PAGE_SIZE})
            for app in capped
        ]
        for app, owners in zip(capped, _results(futures, self._cancel), strict=True):
            app.owners = owners

    def _complete_federated_credentials(self, listed: Mapping[str, _Listed]) -> None:
        # Apps created between the two listings are missing from the second one.
        missing = [app for app in listed.values() if app.federated_credentials is None]
        answers = self._batched(
            missing, lambda app: f"/applications/{app.object_id}/federatedIdentityCredentials"
        )
        for app, answer in answers:
            answer.raise_for_status()
            app.federated_credentials = list(answer.json.get("value") or [])

    def _fetch_certificates(self, listed: Mapping[str, _Listed]) -> None:
        """Certificate bytes come only from a single-app GET that selects keyCredentials."""
        stale: list[_Listed] = []
        for app in listed.values():
            known = self._known.get(app.object_id)
            if not app.application.get("keyCredentials"):
                continue
            if known is not None and known.key_credentials_digest == key_credentials_digest(app.application):
                app.key_credential_keys = dict(known.key_credential_keys)
            else:
                stale.append(app)
        answers = self._batched(stale, lambda app: f"/applications/{app.object_id}?$select=keyCredentials")
        for app, answer in answers:
            answer.raise_for_status()
            app.key_credential_keys = self._key_hashes(answer.json.get("keyCredentials") or [])

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

    def _fetch_logos(self, listed: Mapping[str, _Listed]) -> None:
        """A logo is fetched again only when its CDN URL changed (it changes whenever the logo does)."""
        stale: list[_Listed] = []
        for app in listed.values():
            known = self._known.get(app.object_id)
            if app.logo_url is None:
                continue
            if known is not None and known.logo_url == app.logo_url:
                app.logo_sha256 = known.logo_sha256
            else:
                stale.append(app)
        for app, answer in self._batched(stale, lambda app: f"/applications/{app.object_id}/logo"):
            if answer.status == 404:
                app.logo_sha256 = None
                continue
            answer.raise_for_status()
            data = answer.raw
            app.logo_sha256 = self._blob(data) if data else None

    def _batched(
        self, apps: Sequence[_Listed], url_of: Callable[[_Listed], str]
    ) -> list[tuple[_Listed, BatchResponse]]:
        chunks = [apps[i : i + BATCH_SIZE] for i in range(0, len(apps), BATCH_SIZE)]
        futures = [
            self._pool.submit(
                self._graph.batch,
                [BatchRequest(id=str(n), method="GET", url=url_of(app)) for n, app in enumerate(chunk)],
            )
            for chunk in chunks
        ]
        pairs: list[tuple[_Listed, BatchResponse]] = []
        for chunk, answers in zip(chunks, _results(futures, self._cancel), strict=True):
            pairs.extend(zip(chunk, answers, strict=True))
            self._report(BackupProgress("details", len(pairs), len(apps)))
        return pairs

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

    def _observe(self, app: _Listed) -> ObservedApp:
        document = build_document(
            app.application, app.owners, app.federated_credentials or [], app.key_credential_keys,
            app.logo_sha256,
        )
        return ObservedApp(
            object_id=app.object_id,
            app_id=str(app.application.get("appId") or ""),
            display_name=str(app.application.get("displayName") or ""),
            document_json=canonical_json(document),
            document_hash=document_hash(document),
            logo_url=app.logo_url,
            logo_sha256=app.logo_sha256,
            key_credentials_digest=key_credentials_digest(app.application),
            key_credential_keys=app.key_credential_keys,
        )

    def _blob(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        self._blobs[sha] = data
        return sha


def _results(futures: Sequence[Future[Any]], cancel: CancelToken) -> list[Any]:
    """Every future's result in order; on the first failure the rest are cancelled and it is raised."""
    try:
        return [future.result() for future in futures]
    except BaseException:
        for future in futures:
            future.cancel()
        raise


def _purge_date(deleted: object) -> datetime | None:
    if not isinstance(deleted, str):
        return None
    try:
        when = datetime.fromisoformat(deleted.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when + timedelta(days=RECYCLE_BIN_DAYS)
