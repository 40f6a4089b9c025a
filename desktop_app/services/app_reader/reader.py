"""AppReader: apps as Graph has them now, through a listing strategy and the document assembler (package
docstring)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.document import AppDocument
from desktop_app.graph.client import GraphClient
from desktop_app.services.app_reader.assembler import Assembly, DocumentAssembler
from desktop_app.services.app_reader.listing import (
    HEX_DIGITS,
    ByIds,
    ListingContext,
    ListingStrategy,
    ReadProgress,
    WholeTenant,
    by_ids,
)
from desktop_app.services.certificate_reads import (
    CERTIFICATE_READS_PER_MINUTE,
    CertificateReadPacer,
    PendingCertificates,
)
from desktop_app.services.enterprise_read import EnterpriseRead
from desktop_app.services.sp_certificates import HeldKeys, read_sp_certificates
from desktop_app.store.database import Store
from desktop_app.store.records import CurrentApp, ObservedApp, TenantInfo

log = logging.getLogger(__name__)

class GraphForTenant(Protocol):
    """A client for the tenant (services/tenants.GraphConnector), stopped by `cancel` while it waits or retries."""

    def __call__(self, tenant: TenantInfo, *, cancel: CancelToken | None = None) -> GraphClient: ...


@dataclass(frozen=True)
class Read:
    """What one read found (AppReader.read)."""

    observed: tuple[ObservedApp, ...]  # the apps' stored form (Assembly.observe)
    documents: Mapping[str, AppDocument]  # object id -> document (Assembly.keep_documents)
    blobs: Mapping[str, bytes]  # sha256 -> bytes read: certificates, logos
    removed: Mapping[str, datetime | None]  # apps the store knew, now in the recycle bin: object id -> purge time
    # Apps the store knew that the listing left out although Graph still has them (a short listing): not removed.
    kept: frozenset[str]
    missing: frozenset[str]  # wanted apps Graph did not return
    deferred: tuple[PendingCertificates, ...]  # certificate bytes left to read (Assembly.defer_certificates)
    # Single-object reads by kind ("owners", "certificates", "logo", "enterprise owners", ...), listings aside.
    details: Mapping[str, int]


@dataclass(frozen=True)
class AppsRead:
    """Some apps as Graph has them now (AppReader.read_apps)."""

    documents: Mapping[str, AppDocument]  # object id -> document
    observed: tuple[ObservedApp, ...]
    blobs: Mapping[str, bytes]
    missing: frozenset[str]


@dataclass(frozen=True)
class TenantRead:
    """A whole tenant as Graph has it now (AppReader.read_tenant)."""

    documents: Mapping[str, AppDocument]  # object id -> document, every live app
    recycle_bin: Mapping[str, datetime | None]  # object id -> purge time, apps the store knew that are deleted


class AppReader:
    """Reads apps for every use case: a backup, a restore's target reads and read-backs, a comparison with the live
    tenant. One per process and store: it holds each tenant's certificate-read budget."""

    def __init__(
        self,
        store: Store,
        graph_for_tenant: GraphForTenant,
        *,
        parallel: int = 16,
        certificate_reads_per_minute: float = CERTIFICATE_READS_PER_MINUTE,
    ) -> None:
        self._store = store
        self._graph_for_tenant = graph_for_tenant
        self._parallel = parallel
        self._certificate_reads_per_minute = certificate_reads_per_minute
        self._pacers: dict[str, CertificateReadPacer] = {}
        self._pacers_lock = threading.Lock()

    @property
    def graph_for_tenant(self) -> GraphForTenant:
        """How this reader reaches Graph; the use cases built on it go through the same connections."""
        return self._graph_for_tenant

    def pacer(self, tenant: TenantInfo, *, shared: bool = True) -> CertificateReadPacer:
        """The tenant's certificate-read budget, shared by this reader's reads of a few apps (a restore's
        read-backs, one after the other). A whole backup starts with a budget of its own: the backups of a day
        are hours apart, and one that follows another closely is slowed to the steady rate by its first 429."""
        if not shared:
            return CertificateReadPacer(self._certificate_reads_per_minute)
        with self._pacers_lock:
            return self._pacers.setdefault(
                tenant.tenant_id.lower(), CertificateReadPacer(self._certificate_reads_per_minute)
            )

    # ----- the one read ----------------------------------------------------------------------------------------

    def read(
        self,
        graph: GraphClient,
        listing: ListingStrategy,
        assembly: Assembly,
        *,
        pacer: CertificateReadPacer,
        cancel: CancelToken,
        progress: Callable[[ReadProgress], None] | None = None,
    ) -> Read:
        """Read the apps `listing` covers and assemble their documents. The enterprise part is read alongside the
        listing or after it (the strategy says which); detail reads overlap the listing."""
        report = progress or (lambda _p: None)
        with (
            ThreadPoolExecutor(2 * len(HEX_DIGITS), thread_name_prefix="read-list") as list_pool,
            ThreadPoolExecutor(self._parallel, thread_name_prefix="read-details") as details_pool,
            ThreadPoolExecutor(1, thread_name_prefix="read-enterprise") as enterprise_pool,
        ):
            assembler = DocumentAssembler(graph, cancel, details_pool, assembly, stored=self._store.blob,
                                          pacer=pacer, report=report)
            ctx = ListingContext(graph, cancel, pacer, list_pool, assembly.known, report)
            t0 = time.monotonic()
            enterprise = None

            def read_enterprise(app_ids: Sequence[str]) -> EnterpriseRead:
                read = listing.read_enterprise(ctx, app_ids)
                if not assembly.sp_certificates:
                    return read
                return read_sp_certificates(graph, read, pacer, cancel, held=self._held_sp_keys(assembly.known),
                                            stored=self._store.blob)

            if listing.enterprise_alongside:
                enterprise = enterprise_pool.submit(read_enterprise, ())
                enterprise.add_done_callback(
                    lambda f: assembler.enterprise_done(f.result()) if f.exception() is None else None)
            try:
                listing.list_apps(ctx, assembler)
                t1 = time.monotonic()
                assembler.finish_details()
                read: EnterpriseRead = enterprise.result() if enterprise is not None \
                    else read_enterprise(assembler.app_ids())
                assembler.enterprise_done(read)
            except KeyboardInterrupt:
                # Ctrl+C reaches this thread only. Leaving the `with` joins the pools, and their workers would
                # first sit out every retry and backoff (over a minute against a failing Graph): cancelling
                # wakes them at once.
                cancel.cancel()
                raise
        t2 = time.monotonic()
        assembler.complete_federated_credentials()
        listed = assembler.listed
        removals = listing.removed(ctx, set(listed))
        if removals.kept:
            log.warning("%d app(s) missing from Graph's listing still exist: their stored versions are kept",
                        len(removals.kept))
        log.debug("read phases: listing %.2f s, remaining details %.2f s, rest %.2f s",
                  t1 - t0, t2 - t1, time.monotonic() - t2)
        enterprise_details = {f"enterprise {k}": v for k, v in assembler.enterprise_requests.items()
                              if k != "listings"}
        return Read(
            observed=tuple(assembler.observed), documents=assembler.documents, blobs=assembler.blobs,
            removed=removals.recycle_bin, kept=removals.kept, missing=listing.missing(listed),
            deferred=tuple(assembler.deferred),
            details={**assembler.details_sent, **enterprise_details},
        )

    def _held_sp_keys(self, known: Mapping[str, CurrentApp]) -> HeldKeys:
        """The certificate bytes the store holds of the known apps' service principals (their current versions'
        `keyCredentialKeys`), by appId: a read sends only new keys' reads."""

        def held(app_ids: Sequence[str]) -> dict[str, Mapping[str, str]]:
            pks = {current.app_id.lower(): current.pk for current in known.values() if current.app_id}
            wanted = {pks[app_id]: app_id for app_id in app_ids if app_id in pks}
            out: dict[str, Mapping[str, str]] = {}
            for pk, document in self._store.current_documents(list(wanted)).items():
                section = document.get("servicePrincipal")
                keys = section.get("keyCredentialKeys") if isinstance(section, Mapping) else None
                if isinstance(keys, Mapping):
                    out[wanted[pk]] = {str(k): str(v) for k, v in keys.items() if v}
            return out

        return held

    # ----- reads of the use cases ----------------------------------------------------------------------------

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
        known: Mapping[str, CurrentApp] | None = None,
        app_ids: Mapping[str, str] | None = None,
        by_id: bool = False,
        sp_certificate_bytes: bool = True,
    ) -> AppsRead:
        """The current documents of some apps (owners beyond the expand cap, certificate bytes, logo). Apps Graph
        does not find (deleted, or too new to be visible) are `missing`.
        `reuse_known=False` reads every logo and certificate again instead of trusting the last backup's;
        `written_keys` (object id -> keyId -> sha256: what a restore just wrote) are then still not read again
        when the listed keys match them (same keyId and thumbprint).
        A few apps are read by id; many by listing the tenant (listing.by_ids chooses).
        `documents_only`: a read that compares the documents and stores nothing: `observed` stays empty.
        `known`: the store's current apps of the tenant, when the caller has just read them (else read here).
        `app_ids`: object id -> client id of the wanted apps, when the caller knows them: with all of them, the
        enterprise applications are read alongside the apps (listing.ByIds). `by_id`: by id even where listing the
        tenant would cost Graph fewer units (listing.by_ids). `sp_certificate_bytes=False`: the service principals'
        own certificates without their bytes (no `keyCredentialKeys`: a restore's plan needs only their keyIds)."""
        cancel = cancel or CancelToken()
        own = graph is None
        client = graph if graph is not None else self._graph_for_tenant(tenant, cancel=cancel)
        try:
            backed_up = known if known is not None else self._store.current_apps(tenant.tenant_id)
            reused = dict(backed_up) if reuse_known else {}
            for object_id, keys in (written_keys or {}).items():
                reused[object_id] = _written(object_id, keys)
            listing = by_ids(tenant.tenant_id, object_ids, len(backed_up), app_ids=app_ids, by_id=by_id)
            read = self.read(client, listing, Assembly(reused, observe=not documents_only, keep_documents=True,
                                                           sp_certificates=sp_certificate_bytes),
                             pacer=self.pacer(tenant), cancel=cancel)
        finally:
            if own:
                client.close()
        return AppsRead(documents=read.documents, observed=read.observed, blobs=read.blobs, missing=read.missing)

    def read_tenant(
        self,
        tenant: TenantInfo,
        *,
        progress: Callable[[ReadProgress], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> TenantRead:
        """Every app of the tenant as Graph has it now, read as a backup reads it, written nowhere (for "what
        changed since snapshot S" against the live tenant)."""
        cancel = cancel or CancelToken()
        graph = self._graph_for_tenant(tenant, cancel=cancel)
        known = self._store.current_apps(tenant.tenant_id)
        pacer = self.pacer(tenant, shared=False)
        try:
            read = self.read(graph, WholeTenant(tenant.tenant_id), Assembly(known, observe=False, keep_documents=True),
                             pacer=pacer, cancel=cancel, progress=progress)
            documents = dict(read.documents)
            if read.kept:  # left out of a short listing, but there: read on their own, or they would look removed
                documents.update(self.read(graph, ByIds(tuple(sorted(read.kept))),
                                           Assembly(known, observe=False, keep_documents=True),
                                           pacer=pacer, cancel=cancel).documents)
        finally:
            graph.close()
        cancel.raise_if_cancelled()
        return TenantRead(documents=documents, recycle_bin=read.removed)


def _written(object_id: str, keys: Mapping[str, str]) -> CurrentApp:
    """What a restore just wrote, as the last backup's view of the app: only the certificate bytes are known."""
    return CurrentApp(
        pk=0, object_id=object_id, app_id="", display_name="", status="active", document_hash=None,
        logo_url=None, logo_sha256=None, key_credentials_digest=None, key_credential_keys=dict(keys),
    )
