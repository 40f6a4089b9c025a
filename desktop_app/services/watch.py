"""Continuous capture: every `interval` seconds, each watched tenant's changes since the last look
(services/capture.py), until stopped. `regvault watch` runs it in the foreground; the window runs `Watch.round`
on its own timer while it is open.

A round captures the tenants one after the other; a tenant that fails (Graph down, sign-in needed, another process
holding it past the wait) is reported and the others go on, and it is tried again next round. Stopping (the cancel
token) ends the capture in progress before it writes anything, and the store is as the last completed capture left
it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.services.capture import CaptureOutcome, CaptureService
from desktop_app.services.sign_in_failures import (
    is_sign_in_failure,
    record_sign_in_failure,
    sign_in_failure_text,
)
from desktop_app.store import Store, StoreError, TenantInfo

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 300.0
MIN_INTERVAL_S = 10.0
WHILE_OPEN = "timeline.watchWhileOpen"  # the window captures its tenants while it is open (Settings; on by default)


def watching_while_open(store: Store) -> bool:
    return bool(store.get_setting(WHILE_OPEN, True))


def set_watching_while_open(store: Store, on: bool) -> None:
    store.set_setting(WHILE_OPEN, bool(on))


@dataclass(frozen=True)
class WatchReport:
    """One tenant's capture in a round: the outcome, or why it failed."""

    tenant: TenantInfo
    outcome: CaptureOutcome | None = None
    error: BaseException | None = None
    unrecorded: StoreError | None = None  # why a failed sign-in could not be recorded (the store took no write)
    # A failed sign-in said, not recorded: this workstation's own (a shared store's tenant another may capture).
    workstation_only: bool = False


class Watch:
    def __init__(self, capture: CaptureService, tenants: Callable[[], Sequence[TenantInfo]], *,
                 interval_s: float = DEFAULT_INTERVAL_S, lock_wait_s: float = 60.0,
                 after_round: Callable[[Sequence[TenantInfo]], None] | None = None,
                 records_sign_in_failures: bool = True) -> None:
        """`after_round(tenants)`: what follows each round (the alerts: services/alerts.py).
        `records_sign_in_failures`: False where a failed sign-in is this workstation's alone (the window on a shared
        store: the tenant's backups are the team's, and a colleague's window or the nightly backup may capture it
        fine; recorded, each round would flip its last attempt between failed and complete, and alert every time)."""
        if interval_s < MIN_INTERVAL_S:
            raise ValueError(f"the interval is at least {MIN_INTERVAL_S:.0f} seconds")
        self._capture = capture
        self._tenants = tenants
        self.interval_s = interval_s
        self._lock_wait_s = lock_wait_s
        self._after_round = after_round
        self._records_sign_in_failures = records_sign_in_failures

    def round(self, cancel: CancelToken, report: Callable[[WatchReport], None]) -> None:
        """Capture every watched tenant once; Cancelled when stopped."""
        tenants = self._tenants()
        for tenant in tenants:
            cancel.raise_if_cancelled()
            try:
                outcome = self._capture.capture(tenant.tenant_id, cancel=cancel, lock_wait=self._lock_wait_s)
            except Cancelled:
                raise
            except Exception as exc:  # one tenant's failure is reported; the others and the next round go on
                log.warning("watch: capture of %s failed: %s", tenant.tenant_id, exc)
                if is_sign_in_failure(exc) and not self._records_sign_in_failures:
                    report(WatchReport(tenant, error=exc, workstation_only=True))
                else:
                    report(WatchReport(tenant, error=exc, unrecorded=self._record(tenant, exc)))
                continue
            report(WatchReport(tenant, outcome=outcome))
        if self._after_round is not None:
            self._after_round(tenants)

    def _record(self, tenant: TenantInfo, exc: Exception) -> StoreError | None:
        """A sign-in that failed made no request, so no capture recorded it: the failed attempt is recorded here
        (for the alerts and the tenant's last backup), in the command line's words, unless the tenant's last attempt
        failed for the same reason (a window left open would add one every round). A capture records Graph's
        failures itself; another process holding the tenant is no failure. The store's error when it took no write."""
        if not is_sign_in_failure(exc):
            return None
        store = self._capture.store
        try:
            last = store.last_backup(tenant.tenant_id)
            if last is not None and last.status == "failed" and last.error == sign_in_failure_text(exc):
                return None  # the same failure as the last attempt's: said once, not a row every round
            record_sign_in_failure(store, tenant, exc)
        except StoreError as error:
            log.warning("watch: the failed sign-in to %s could not be recorded: %s", tenant.tenant_id, error)
            return error
        return None

    def run(self, cancel: CancelToken, report: Callable[[WatchReport], None],
            sleep: Callable[[float], None] = time.sleep) -> None:
        """Rounds every `interval_s` seconds (measured from the start of each) until `cancel`; raises Cancelled."""
        while True:
            started = time.monotonic()
            self.round(cancel, report)
            while (left := self.interval_s - (time.monotonic() - started)) > 0:
                cancel.raise_if_cancelled()
                sleep(min(left, 0.5))
