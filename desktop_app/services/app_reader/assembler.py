"""The document assembler: app documents from what a listing strategy hands it.

It takes pages of apps and of federated credentials in any order, from any thread. For each app it decides the
detail reads the listing could not give (owners beyond the expand cap, certificate bytes, the logo), skips those
the store has already (same logo URL; same keys, or keys whose stored bytes match their thumbprint), and sends
them 20 to a $batch on a pool of its own as soon as a batch is full, so they overlap the listing instead of
following it. Certificate reads go in batches of their own, paced (150 a minute per tenant), or, when the
assembly defers them, are left pending for the backup to read after its snapshot is written.

A document is built as soon as its last part is in: the CPU work is done while other requests are in flight.
The enterprise section comes from a read of its own (services/enterprise_read.py): until it is in, each document
is built without it (and its canonical JSON dumped, when observing) and parked; the section is added after.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.document import (
    NOT_READ,
    AppDocument,
    build_document,
    canonical_json,
    json_with_service_principal,
    key_credentials_digest,
    with_extension_properties,
    with_service_principal,
)
from desktop_app.domain.enterprise import ENTERPRISE_SECTION
from desktop_app.graph.batch import BatchRequest, BatchResponse
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphError
from desktop_app.services.app_reader.listing import (
    BATCH_SIZE,
    OWNERS_EXPAND_CAP,
    PAGE_SIZE,
    ReadProgress,
    all_values,
)
from desktop_app.services.certificate_reads import (
    CertificateReadPacer,
    PendingCertificates,
    known_key_hashes,
    reusable_key_hashes,
)
from desktop_app.services.enterprise_read import EnterpriseRead, results
from desktop_app.store.records import CurrentApp, ObservedApp


@dataclass(frozen=True)
class Assembly:
    """How documents are assembled.

    `known`: what the store knows of the apps (object id -> CurrentApp): logos and certificate bytes it has are not
    read again. `defer_certificates`: certificate bytes not known are left pending (`Assembled.deferred`) instead
    of read. `observe`: build each app's stored form (ObservedApp: canonical JSON and its hash, a third of the CPU
    of reading 10,000 apps). `keep_documents`: keep the documents themselves for the caller. `sp_certificates`:
    read the bytes of the service principals' own certificates (services/sp_certificates.py)."""

    known: Mapping[str, CurrentApp] = field(default_factory=dict)
    defer_certificates: bool = False
    observe: bool = True
    keep_documents: bool = False
    sp_certificates: bool = True


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
    def app_id(self) -> str:
        return str(self.application.get("appId") or "")

    @property
    def logo_url(self) -> str | None:
        info = self.application.get("info")
        url = info.get("logoUrl") if isinstance(info, dict) else None
        return url if isinstance(url, str) and url else None


class _Prebuilt(NamedTuple):
    document: AppDocument  # without the enterprise section
    document_json: bytes | None  # its canonical JSON, when observing
    key_credentials_digest: str


@dataclass(frozen=True)
class _Detail:
    app: _Listed
    kind: str  # "owners" | "certificates" | "logo"
    url: str


class DocumentAssembler:
    """One read's documents. Thread-safe: strategies call take_apps / take_fics from their listing threads."""

    def __init__(
        self,
        graph: GraphClient,
        cancel: CancelToken,
        details_pool: ThreadPoolExecutor,
        assembly: Assembly,
        *,
        stored: Callable[[str], bytes | None],
        pacer: CertificateReadPacer,
        report: Callable[[ReadProgress], None],
    ) -> None:
        self._graph = graph
        self._cancel = cancel
        self._details_pool = details_pool
        self._assembly = assembly
        self._known = assembly.known
        self._stored = stored  # blob bytes the store has, by sha256
        self._pacer = pacer
        self._report = report
        self._lock = threading.Lock()
        self._listed: dict[str, _Listed] = {}
        self._fics: dict[str, list[dict[str, Any]]] = {}  # federated credentials listed before their app
        self._pending: list[_Detail] = []  # detail requests not yet sent (fewer than a batch)
        self._pending_certificates: list[_Detail] = []  # certificate reads go in batches of their own (paced)
        self._jobs: list[tuple[list[_Detail], Future[None]]] = []
        self._enterprise: EnterpriseRead | None = None
        self._parked: list[_Listed] = []  # documents waiting for the enterprise section
        self._blobs: dict[str, bytes] = {}
        self._observed: dict[str, ObservedApp] = {}
        self._documents: dict[str, AppDocument] = {}
        self.deferred: list[PendingCertificates] = []

    # ----- what a strategy hands in --------------------------------------------------------------------------

    def take_apps(self, page: list[dict[str, Any]]) -> None:
        apps = []
        for item in page:
            _check_identity(item, "appId")
            owners = item.pop("owners", None) or []
            apps.append(_Listed(application=item, owners=list(owners)))
        details = [detail for app in apps for detail in self._details_of(app)]
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
        self._report(ReadProgress("listing", count))
        self._build(complete)

    def take_fics(self, page: list[dict[str, Any]]) -> None:
        complete = []
        for item in page:
            _check_identity(item)
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
        self._build(complete)

    # ----- the read's end -------------------------------------------------------------------------------------

    def finish_details(self) -> None:
        """Send the detail reads left over (fewer than a batch) and wait for all of them."""
        with self._lock:
            for pending in (self._pending, self._pending_certificates):
                for start in range(0, len(pending), BATCH_SIZE):
                    self._send(pending[start : start + BATCH_SIZE])
                pending.clear()
        results([future for _, future in self._jobs])

    def enterprise_done(self, read: EnterpriseRead) -> None:
        """The enterprise part is in: the parked documents get their section (the first read given counts)."""
        with self._lock:
            if self._enterprise is not None:
                return
            self._enterprise = read
            self._blobs.update(read.blobs)
            parked, self._parked = self._parked, []
        self._build(parked)

    def complete_federated_credentials(self) -> None:
        """Apps created between the two listings are missing from the second one: read theirs one by one."""
        for app in self._listed.values():
            if app.federated_credentials is None:
                app.federated_credentials = self._graph.get_all(
                    f"/applications/{app.object_id}/federatedIdentityCredentials"
                )
                app.waiting -= 1
                self._build([app])

    @property
    def listed(self) -> list[str]:
        """Object ids of the apps handed in."""
        with self._lock:
            return list(self._listed)

    def app_ids(self) -> list[str]:
        """Client ids of the apps handed in."""
        with self._lock:
            return [app.app_id for app in self._listed.values() if app.app_id]

    @property
    def observed(self) -> list[ObservedApp]:
        return list(self._observed.values())

    @property
    def documents(self) -> dict[str, AppDocument]:
        return dict(self._documents)

    @property
    def blobs(self) -> dict[str, bytes]:
        return self._blobs

    @property
    def details_sent(self) -> dict[str, int]:
        counts = {"owners": 0, "certificates": 0, "logo": 0}
        for details, _ in self._jobs:
            for detail in details:
                counts[detail.kind] += 1
        return counts

    @property
    def enterprise_requests(self) -> Mapping[str, int]:
        return dict(self._enterprise.requests) if self._enterprise is not None else {}

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
            elif self._assembly.defer_certificates:
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

    def _send(self, details: list[_Detail]) -> None:
        """Queue one batch; the caller holds the lock."""
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
        self._build(complete)

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
            app.owners = all_values(self._graph, answer.json)

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

    def _blob(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        with self._lock:
            self._blobs[sha] = data
        return sha

    # ----- the documents -----------------------------------------------------------------------------------

    def _build(self, apps: Iterable[_Listed]) -> None:
        apps = list(apps)
        if self._enterprise is None:
            for app in apps:  # the CPU work while Graph is still answering; only the section is left for later
                document = _app_part(app)
                app.prebuilt = _Prebuilt(document, canonical_json(document) if self._assembly.observe else None,
                                         key_credentials_digest(app.application))
        with self._lock:
            if self._enterprise is None:
                self._parked.extend(apps)
                return
        if not self._assembly.observe:
            documents = {app.object_id: self._document(app) for app in apps}
            if self._assembly.keep_documents:
                with self._lock:
                    self._documents.update(documents)
            return
        observed = [self._observe(app) for app in apps]
        with self._lock:
            for item in observed:
                self._observed[item.object_id] = item

    def _observe(self, app: _Listed) -> ObservedApp:
        document_json = self._document_json(app)
        return ObservedApp(
            object_id=app.object_id,
            app_id=app.app_id,
            display_name=str(app.application.get("displayName") or ""),
            document_json=document_json,
            document_hash=hashlib.sha256(document_json).hexdigest(),  # document_hash, without a second dump
            logo_url=app.logo_url,
            logo_sha256=app.logo_sha256,
            key_credentials_digest=(app.prebuilt.key_credentials_digest if app.prebuilt is not None
                                    else key_credentials_digest(app.application)),
            key_credential_keys=app.key_credential_keys,
            pending_keys=tuple(app.pending_keys),
            document=self._built_document(app),
        )

    def _built_document(self, app: _Listed) -> AppDocument | None:
        """The document as built, without building it again (None when it was not prebuilt): what the snapshot's
        search and credential rows are taken from, instead of parsing its JSON once more."""
        if app.prebuilt is None:
            return None
        section = self._section(app)
        document = app.prebuilt.document if section is NOT_READ else {**app.prebuilt.document, ENTERPRISE_SECTION: section}
        return with_extension_properties(document, self._extensions(app))

    def _document(self, app: _Listed) -> AppDocument:
        document = app.prebuilt.document if app.prebuilt is not None else _app_part(app)
        return with_extension_properties(with_service_principal(document, self._section(app)), self._extensions(app))

    def _document_json(self, app: _Listed) -> bytes:
        prebuilt = app.prebuilt
        prebuilt_json = prebuilt.document_json if prebuilt is not None else None
        owns_extensions = bool(self._extensions(app))
        if self._assembly.keep_documents or prebuilt_json is None or owns_extensions:
            document = self._document(app)
            if self._assembly.keep_documents:
                with self._lock:
                    self._documents[app.object_id] = document
            if prebuilt_json is None or owns_extensions:  # the few apps that own some: dumped whole
                return canonical_json(document)
        assert prebuilt is not None and prebuilt_json is not None
        return json_with_service_principal(prebuilt.document, prebuilt_json, self._section(app))

    def _extensions(self, app: _Listed) -> list[dict[str, Any]] | None:
        """The directory extension definitions the app owns (None: none, or not read)."""
        extensions = self._enterprise.extensions if self._enterprise is not None else None
        return extensions.get(app.app_id.lower()) if extensions is not None else None

    def _section(self, app: _Listed) -> Any:
        """The app's enterprise section; NOT_READ when that part was not read."""
        if self._enterprise is not None:
            known, section = self._enterprise.section_of(app.app_id)
            if known:
                return section
        return NOT_READ


def _app_part(app: _Listed) -> AppDocument:
    return build_document(
        app.application, app.owners, app.federated_credentials or [], app.key_credential_keys,
        app.logo_sha256, pending_keys=app.pending_keys,
    )


def _check_identity(item: Mapping[str, Any], *keys: str) -> None:
    """An app in a listing without its object id (or appId) can be neither stored nor told from the others: the
    listing is damaged, and the read stops with a GraphError (a backup fails with a sentence; nothing is written)."""
    for key in ("id", *keys):
        value = item.get(key)
        if not isinstance(value, str) or not value:
            raise GraphError(200, "MalformedListing", f"Graph's listing of applications holds an app without its "
                             f"{key}: the answer is damaged, so nothing of it is believed", method="GET",
                             path="/applications")
