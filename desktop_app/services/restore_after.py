"""What a restore leaves in the store: every app as its verify step read it back, kept as a version.

A restore reads each app it wrote back from Graph to verify it. Those reads are the tenant as it now is, so they
are written as a partial snapshot (trigger "post-restore") once the run ends: the undeleted app is active again,
the overwritten app's current version is the restored one, the recreated app is listed under its new client ID,
without waiting for the next backup. A partial snapshot names only these apps and says nothing of the others
(store/snapshot_writer.py), and it is not a backup: "Last backup" and the wizard's default skip it.

Thread-safe: read-backs arrive from the run's workers. The newest read of an app wins.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from desktop_app.services.app_reader import AppsRead
from desktop_app.store.database import Store
from desktop_app.store.errors import StoreError
from desktop_app.store.records import ObservedApp, SnapshotInfo, SnapshotTrigger, SnapshotWrite

log = logging.getLogger(__name__)

# (the reads, when the run started) -> the partial snapshot written
WriteSnapshot = Callable[[AppsRead, datetime], SnapshotInfo | None]


def keep_partial(store: Store, tenant_id: str, read: AppsRead, trigger: SnapshotTrigger, started: datetime,
                 finished: datetime, gone: frozenset[str] = frozenset()) -> SnapshotInfo | None:
    """The apps read as a partial snapshot (before a run: so that it can itself be undone; after it: what the
    tenant now holds, and `gone`: the deleted objects whose apps it recreated under new ids, so the list shows each
    app once); None when nothing was read."""
    if not read.observed:
        return None
    return store.write_snapshot(tenant_id, SnapshotWrite(
        started=started, finished=finished, observed=list(read.observed), blobs=dict(read.blobs),
        trigger=trigger, partial=True, gone=gone,
    ))


class ReadBacks:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._observed: dict[str, ObservedApp] = {}
        self._blobs: dict[str, bytes] = {}

    def keep(self, read: AppsRead) -> AppsRead:
        with self._lock:
            for app in read.observed:
                self._observed[app.object_id] = app
            self._blobs.update(read.blobs)
        return read

    def __len__(self) -> int:
        return len(self._observed)

    def write(self, write_snapshot: WriteSnapshot, started: datetime) -> SnapshotInfo | None:
        """The partial post-restore snapshot, or None when nothing was read back or the store refused (logged: the
        restore itself is done and audited; the next backup brings the store up to date)."""
        with self._lock:
            read = AppsRead(documents={}, observed=tuple(self._observed.values()), blobs=dict(self._blobs),
                            missing=frozenset())
        if not read.observed:
            return None
        try:
            return write_snapshot(read, started)
        except (StoreError, OSError) as exc:
            log.warning("restore: the apps read back could not be kept (%s); the next backup will", exc)
            return None
