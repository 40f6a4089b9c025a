"""Tenant locks: one per tenant across processes and workstations (the engine holds it: a lock file beside an
SQLite store, an advisory lock on PostgreSQL), so two backups (or a backup and a restore) of one tenant never run at
once; the second waits or is told who holds it. Re-entrant within the thread that took it."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from desktop_app.store.engine import Engine, HeldLock
from desktop_app.store.errors import LockHolder, TenantBusy
from desktop_app.store.workstation import operator_name, workstation

LOCK_POLL_SECONDS = 0.25


class TenantLock:
    """A held tenant lock (a context manager); re-entrant within the thread that took it."""

    def __init__(self, locks: TenantLocks, key: tuple[str, int], held: HeldLock | None) -> None:
        self._locks = locks
        self._key = key
        self._held = held  # None: a nested hold of a lock this thread already has

    def release(self) -> None:
        self._locks.release(self._key, self._held)
        self._held = None

    def __enter__(self) -> TenantLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class TenantLocks:
    """The tenant locks one Store holds (its `lock_tenant` and `tenant_lock_holder`)."""

    def __init__(self, engine: Engine, check_open: Callable[[], None]) -> None:
        self._engine = engine
        self._check_open = check_open
        self._held: dict[tuple[str, int], tuple[HeldLock, int]] = {}
        self._guard = threading.Lock()

    def take(
        self,
        tenant_id: str,
        purpose: str,
        *,
        wait: float = 0.0,
        should_stop: Callable[[], bool] | None = None,
        on_wait: Callable[[LockHolder | None], None] | None = None,
    ) -> TenantLock:
        """Take the tenant's lock, held until released (use it as `with`).

        `wait`: seconds to wait for the holder to finish (0: don't wait); then TenantBusy says who holds it.
        `on_wait(holder)` is called once when the lock is taken by someone else and we start waiting;
        `should_stop()` is asked while waiting (True: give up with TenantBusy). Re-entrant in one thread: a
        restore that takes a pre-restore backup holds the lock once.
        """
        self._check_open()
        key = (tenant_id.strip().lower(), threading.get_ident())
        with self._guard:
            if key in self._held:
                held, count = self._held[key]
                self._held[key] = (held, count + 1)
                return TenantLock(self, key, None)
        me = LockHolder(purpose=purpose, user=operator_name(), workstation=workstation(), pid=os.getpid(),
                        since=datetime.now(UTC))
        deadline = time.monotonic() + max(0.0, wait)
        told = False
        while True:
            held_lock = self._engine.try_lock_tenant(tenant_id, me)
            if held_lock is not None:
                with self._guard:
                    self._held[key] = (held_lock, 1)
                return TenantLock(self, key, held_lock)
            holder = self._engine.lock_holder(tenant_id)
            if time.monotonic() >= deadline or (should_stop is not None and should_stop()):
                raise TenantBusy(tenant_id, holder)
            if not told and on_wait is not None:
                on_wait(holder)
                told = True
            time.sleep(LOCK_POLL_SECONDS)

    def holder(self, tenant_id: str) -> LockHolder | None:
        """Who holds the tenant's lock now, as far as it said (None: free, or unknown)."""
        return self._engine.lock_holder(tenant_id)

    def release(self, key: tuple[str, int], held: HeldLock | None) -> None:
        with self._guard:
            entry = self._held.get(key)
            if entry is None:
                return
            lock, count = entry
            if count > 1:
                self._held[key] = (lock, count - 1)
                return
            del self._held[key]
        lock.release()

    def release_all(self) -> None:
        """The store is closing: every lock it holds goes."""
        with self._guard:
            held, self._held = list(self._held.values()), {}
        for lock, _count in held:
            lock.release()
