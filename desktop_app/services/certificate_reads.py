"""Certificate bytes under Graph's limit: `$select=keyCredentials` is allowed 150 times a minute per tenant
(application-get, application-list; graph-notes §10), counted inside `$batch` too. A backup paces those reads
and never reads bytes again that the store already has for the same key (same keyId and thumbprint).

A backup writes its snapshot before it reads the bytes (a first backup of a large tenant would otherwise be
browsable only after minutes): fill_pending_certificates reads them afterwards and fills them into the same
versions (store/certificate_fill.py)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.graph.batch import BatchRequest, BatchResponse
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphError
from desktop_app.store.certificate_fill import CertificateFill

CERTIFICATE_READS_PER_MINUTE = 150
UNLIMITED_PER_MINUTE = 1_000_000  # a pacer this generous paces nothing


class CertificateReadPacer:
    """A token bucket in front of certificate reads: `per_minute` a minute, with the minute's budget at once
    when nothing read for a minute. One per tenant, shared by every reader of this process (backups, restore
    read-backs). A 429 empties it (someone else is reading too): the reads then go on at
    the steady rate instead of running into the limit again."""

    def __init__(
        self,
        per_minute: float = CERTIFICATE_READS_PER_MINUTE,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(per_minute)
        # A little of the first minute is kept back for clock differences and other readers of the tenant.
        self._tokens = self.capacity * 0.9
        self._clock = clock
        self._sleep = sleep
        self._at = clock()
        self._lock = threading.Lock()
        self.waited = 0.0

    @property
    def unlimited(self) -> bool:
        """No limit worth pacing for (a Graph without it, as in the backup benchmark): nothing to read later."""
        return self.capacity >= UNLIMITED_PER_MINUTE

    def acquire(self, count: int, cancel: CancelToken | None = None) -> None:
        wanted = min(float(count), self.capacity)
        while True:
            with self._lock:
                now = self._clock()
                self._tokens = min(self.capacity, self._tokens + (now - self._at) * self.rate)
                self._at = now
                if self._tokens >= wanted:
                    self._tokens -= wanted
                    return
                wait = (wanted - self._tokens) / self.rate
            if cancel is not None:
                cancel.raise_if_cancelled()
            self.waited += wait
            self._sleep(min(wait, 1.0))

    def exhaust(self) -> None:
        with self._lock:
            self._tokens = 0.0
            self._at = self._clock()


def thumbprint(data: bytes) -> str:
    """What Graph puts in customKeyIdentifier for a certificate: its SHA-1, base64."""
    return base64.b64encode(hashlib.sha1(data).digest()).decode()  # noqa: S324 - an identifier, not security


def reusable_key_hashes(
    credentials: Iterable[Mapping[str, Any]],
    known: Mapping[str, str],
    stored: Callable[[str], bytes | None],
) -> dict[str, str] | None:
    """The stored bytes (sha256 by keyId) of every listed key, when the store has each one already: the same
    keyId with bytes whose thumbprint is the key's customKeyIdentifier. None as soon as one must be read."""
    listed = list(credentials)
    found = known_key_hashes(listed, known, stored)
    return found if set(found) == {str(c.get("keyId")) for c in listed} else None


def known_key_hashes(
    credentials: Iterable[Mapping[str, Any]],
    known: Mapping[str, str],
    stored: Callable[[str], bytes | None],
) -> dict[str, str]:
    """The stored bytes (sha256 by keyId) of the listed keys the store has already (same keyId, bytes whose
    thumbprint is the key's customKeyIdentifier); the others have to be read."""
    out: dict[str, str] = {}
    for credential in credentials:
        key_id = str(credential.get("keyId"))
        sha = known.get(key_id)
        identifier = credential.get("customKeyIdentifier")
        if not sha or not isinstance(identifier, str):
            continue
        data = stored(sha)
        if data is not None and thumbprint(data) == identifier:
            out[key_id] = sha
    return out


# ----- the bytes read after the snapshot is written ------------------------------------------------------------

FILL_BATCH_SIZE = 20  # certificate reads to a $batch (Graph's maximum)
# Batches read at once. Under the limit the pacer sets the pace and the others wait for it; a tenant whose
# certificates fit in the minute's budget has them read side by side (and the store fills one batch while the
# next ones are read).
FILL_IN_FLIGHT = 8


@dataclass(frozen=True)
class PendingCertificates:
    """One app whose certificate bytes a backup reads after writing its snapshot."""

    object_id: str
    key_ids: tuple[str, ...]
    key_credentials_digest: str  # of the listed keyCredentials: the app's once nothing is pending
    left_by_earlier: bool = False  # an earlier backup wrote them pending and was stopped: read these first


@dataclass(frozen=True)
class FillOutcome:
    apps_read: int  # single-app certificate reads sent
    pending: int  # keys whose bytes are still to come (the fill was stopped)
    stopped: str | None = None  # why: "cancelled", or Graph's error


class CertificateStore(Protocol):
    def fill_certificates(
        self, tenant_id: str, fills: Sequence[CertificateFill], blobs: Mapping[str, bytes]
    ) -> int: ...


def fill_pending_certificates(
    graph: GraphClient,
    store: CertificateStore,
    tenant_id: str,
    pending: Sequence[PendingCertificates],
    pacer: CertificateReadPacer,
    cancel: CancelToken,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
) -> FillOutcome:
    """Read the pending certificates' bytes, paced, FILL_BATCH_SIZE to a $batch, and fill each batch into the
    snapshot's versions as it arrives (one transaction per batch; Store.fill_certificates). A cancel or a Graph
    failure stops the reads: what is not in yet stays pending, and the next backup reads it first."""
    ordered = sorted(pending, key=lambda p: not p.left_by_earlier)
    chunks = [ordered[i : i + FILL_BATCH_SIZE] for i in range(0, len(ordered), FILL_BATCH_SIZE)]
    total = sum(len(p.key_ids) for p in ordered)
    done = sent = 0
    if not chunks:
        return FillOutcome(0, 0)
    progress(0, total)

    def read(chunk: list[PendingCertificates]) -> list[BatchResponse]:
        return read_key_credentials(graph, pacer, cancel, [f"/applications/{p.object_id}" for p in chunk])

    stopped: str | None = None
    with ThreadPoolExecutor(FILL_IN_FLIGHT, thread_name_prefix="backup-certificates") as pool:
        queue = iter(chunks)
        in_flight: list[tuple[list[PendingCertificates], Future[list[BatchResponse]]]] = []
        try:
            for chunk in itertools.islice(queue, FILL_IN_FLIGHT):
                in_flight.append((chunk, pool.submit(read, chunk)))
            while in_flight:
                chunk, future = in_flight.pop(0)
                answers = future.result()
                sent += len(chunk)
                fills, blobs = _fills(chunk, answers)
                store.fill_certificates(tenant_id, fills, blobs)
                done += sum(len(p.key_ids) for p in chunk)
                progress(done, total)
                cancel.raise_if_cancelled()  # the batches read meanwhile are not stored: they stay pending
                following = next(queue, None)
                if following is not None:
                    in_flight.append((following, pool.submit(read, following)))
        except Cancelled:
            stopped = "cancelled"
        except GraphError as exc:
            stopped = str(exc)
        if stopped is not None:
            cancel.cancel()  # the reads still in flight stop at once
            for _, future in in_flight:
                future.cancel()
    return FillOutcome(apps_read=sent, pending=total - done, stopped=stopped)


def read_key_credentials(graph: GraphClient, pacer: CertificateReadPacer, cancel: CancelToken,
                         paths: Sequence[str]) -> list[BatchResponse]:
    """One `$batch` (at most FILL_BATCH_SIZE) reading the keyCredentials of the objects at `paths`, paced."""
    cancel.raise_if_cancelled()
    pacer.acquire(len(paths), cancel)
    throttled = graph.stats.throttled
    answers = graph.batch([BatchRequest(id=str(n), method="GET", url=f"{path}?$select=keyCredentials")
                           for n, path in enumerate(paths)])
    if graph.stats.throttled > throttled:
        pacer.exhaust()  # another reader shares the tenant's limit: slow down to the steady rate
    return answers


def _fills(
    chunk: Sequence[PendingCertificates], answers: Sequence[BatchResponse]
) -> tuple[list[CertificateFill], dict[str, bytes]]:
    fills: list[CertificateFill] = []
    blobs: dict[str, bytes] = {}
    for item, answer in zip(chunk, answers, strict=True):
        arrived: dict[str, str | None] = dict.fromkeys(item.key_ids)  # gone since the listing: nothing to read
        thumbprints: dict[str, str] = {}
        if answer.status != 404:  # a 404: the app was deleted since the listing
            answer.raise_for_status()
            for credential in answer.json.get("keyCredentials") or []:
                key_id = str(credential.get("keyId"))
                data = key_bytes(credential.get("key"))
                if key_id in arrived and data is not None:
                    sha = hashlib.sha256(data).hexdigest()
                    arrived[key_id] = sha
                    thumbprints[key_id] = thumbprint(data)
                    blobs[sha] = data
        fills.append(CertificateFill(item.object_id, arrived, thumbprints, item.key_credentials_digest))
    return fills, blobs


def key_bytes(encoded: object) -> bytes | None:
    if not isinstance(encoded, str) or not encoded:
        return None
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return encoded.encode("utf-8")
