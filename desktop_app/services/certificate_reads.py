"""Certificate bytes under Graph's limit: `$select=keyCredentials` is allowed 150 times a minute per tenant
(application-get, application-list; graph-notes §10), counted inside `$batch` too. A backup paces those reads
and never reads bytes again that the store already has for the same key (same keyId and thumbprint)."""

from __future__ import annotations

import base64
import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from desktop_app.domain.cancel import CancelToken

CERTIFICATE_READS_PER_MINUTE = 150


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
    out: dict[str, str] = {}
    for credential in credentials:
        key_id = str(credential.get("keyId"))
        sha = known.get(key_id)
        identifier = credential.get("customKeyIdentifier")
        if not sha or not isinstance(identifier, str):
            return None
        data = stored(sha)
        if data is None or thumbprint(data) != identifier:
            return None
        out[key_id] = sha
    return out
