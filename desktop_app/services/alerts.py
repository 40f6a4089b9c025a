"""Alerts: after each backup, what needs a person, told once on each channel (DESIGN.md §11).

Protocol (the store half is store/alert_records.py):
1. `evaluate(tenants)` turns what the store holds into alerts, each with a unique key naming what it is about:
   - every snapshot of a tenant not looked at yet (the per-tenant mark ALERTS_SEEN): a failed one is a
     `backupFailed` alert (its error, in the CLI's words); a complete one (not the tenant's first, not the
     read-back of a restore) gives an `incident` alert per incident-relevant addition among the apps that changed
     in it (domain/changes.py: credentials, owners, consent, application permissions, high-privilege requested
     permissions, federated credentials, new apps);
   - every credential of an active app whose end is due for a threshold now (90, 30, 7, 1 days, expired:
     domain/credentials.due_threshold), keyed by credential, end date and threshold: once per threshold, never twice,
     the tightest only when a run finds one past several;
   - a tenant whose last complete backup is older than STALE_AFTER (`notBackedUp`, once per last backup).
   Each new alert gets its deliveries in the same transaction: the desktop, the webhook, e-mail to each address,
   and for credential alerts the app's owners (users) when `email_owners` is on. A key already recorded (by this
   process earlier, another process, another workstation) is skipped: nothing is sent twice.
2. `deliver()` claims the deliveries of the channels this process can serve, sends one message per channel and
   recipient with every alert claimed for it, and records each as sent or failed (failed ones are claimed again by
   a later run until MAX_ATTEMPTS; desktop notifications older than DESKTOP_MAX_AGE are dropped, not shown late).
3. `after_backups(tenants)` does both and never raises: a backup that succeeded stays successful whatever alerts do;
   its report says what could not be sent, for the caller to say.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import socket
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from desktop_app.domain.changes import ChangeItem, incident_items
from desktop_app.domain.counts import counted
from desktop_app.domain.credentials import EXPIRED, days_left, due_threshold
from desktop_app.network.proxy import NetworkSettings
from desktop_app.services import alert_texts
from desktop_app.services.alert_delivery import DESKTOP, EMAIL, WEBHOOK, AlertChannel, DeliveryFailed
from desktop_app.services.alert_settings import AlertSecrets, AlertSettings, load_alert_settings
from desktop_app.services.alert_texts import (
    BACKUP_FAILED,
    CREDENTIAL_EXPIRED,
    CREDENTIAL_EXPIRING,
    INCIDENT,
    NOT_BACKED_UP,
    TEST,
)
from desktop_app.services.backup import CANCELLED_REASON
from desktop_app.store.alert_records import AlertRecord, DeliveryRecord, NewAlert
from desktop_app.store.database import Store
from desktop_app.store.errors import StoreError
from desktop_app.store.records import SnapshotInfo, TenantInfo

log = logging.getLogger(__name__)

DESKTOP_OFF_ENV = "REGVAULT_DESKTOP_NOTIFICATIONS"
ALERTS_SEEN = "alerts.seen."  # + tenant id: the newest snapshot whose failure or changes were looked at
STALE_AFTER = timedelta(hours=26)  # over a day, with time for the next day's scheduled backup to run
MAX_ATTEMPTS = 6
CLAIM_STALE_AFTER = timedelta(minutes=15)
DESKTOP_MAX_AGE = timedelta(days=1)
# Incident items worth a person's attention at once; the others are in `regvault changes`.
ALERTED_ITEMS = frozenset({"application", "passwordCredential", "keyCredential", "federatedIdentityCredential",
                           "owner", "oauth2PermissionGrant", "appRoleAssignment"})
# What differs between two of Graph's answers for one reason (graph/errors.GraphError.__str__): request id, date, tries.
_VOLATILE = re.compile(r"\s*\((?:no )?request-id[^)]*\)| after \d+ attempts", re.IGNORECASE)
_NOT_FOR_ALERTS = ("post-restore", "post-rollback")  # snapshot triggers whose changes are Regvault's own writes


@dataclass(frozen=True)
class ChannelProblem:
    channel: str
    reason: str
    waiting: int  # alerts still to go on this channel


@dataclass(frozen=True)
class AlertReport:
    created: int = 0
    sent: Mapping[str, int] = field(default_factory=dict)  # channel -> alerts delivered
    problems: tuple[ChannelProblem, ...] = ()

    def sentences(self) -> list[str]:
        """What a caller says about alerts that could not be sent (nothing when all went)."""
        names = {DESKTOP: "a desktop notification", WEBHOOK: "the alert webhook", EMAIL: "alert e-mail"}
        return [f"{names.get(p.channel, p.channel)} could not be sent: {p.reason}"
                + (f"; {counted(p.waiting, 'alert waits and is', 'alerts wait and are')} sent after the next backup"
                   if p.waiting else "")
                for p in self.problems]


def channel_names(settings: AlertSettings) -> list[str]:
    return [c for c, on in ((DESKTOP, settings.desktop), (WEBHOOK, settings.webhook), (EMAIL, settings.smtp)) if on]


def alert_channels(settings: AlertSettings, secrets: AlertSecrets, network: NetworkSettings | None = None
                   ) -> list[AlertChannel]:
    """The adapters for this workstation (composition roots call this; tests pass their own channels).
    REGVAULT_DESKTOP_NOTIFICATIONS=off keeps this process from showing desktop notifications (a server's session,
    the tests): its desktop deliveries are left to a process that shows them."""
    from desktop_app.services.notify_desktop import DesktopNotifier
    from desktop_app.services.notify_email import EmailChannel
    from desktop_app.services.notify_webhook import WebhookChannel

    channels: list[AlertChannel] = [
        WebhookChannel(secrets.webhook_url, network, why_unavailable=secrets.problem),
        EmailChannel(settings, secrets.smtp_password, network, why_unavailable=secrets.problem),
    ]
    if os.environ.get(DESKTOP_OFF_ENV, "").strip().lower() not in ("off", "0", "no", "false"):
        channels.insert(0, DesktopNotifier())
    return channels


class AlertService:
    def __init__(self, store: Store, channels: Sequence[AlertChannel], settings: AlertSettings | None = None, *,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._store = store
        self._channels = {c.name: c for c in channels}
        self._settings = settings
        self._clock = clock
        self._claimer = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    @property
    def settings(self) -> AlertSettings:
        return self._settings if self._settings is not None else load_alert_settings(self._store)

    # ----------------------------------------------------------------------------------------------- after backups
    def after_backups(self, tenant_ids: Iterable[str] | None = None) -> AlertReport:
        """Evaluate and deliver; never raises (see the module docstring)."""
        try:
            created = self.evaluate(tenant_ids)
            report = self.deliver()
        except StoreError as exc:
            log.warning("alerts were not evaluated: %s", exc)
            return AlertReport(problems=(ChannelProblem("store", str(exc), 0),))
        except Exception:  # noqa: BLE001 - a backup never fails because of its alerts
            log.exception("alerts were not evaluated")
            return AlertReport(problems=(ChannelProblem("alerts", "an unexpected error (see the log)", 0),))
        return AlertReport(len(created), report.sent, report.problems)

    # ------------------------------------------------------------------------------------------------- evaluate
    def evaluate(self, tenant_ids: Iterable[str] | None = None) -> list[AlertRecord]:
        """Record the alerts now due for these tenants (every tenant: None); returns the new ones."""
        now = self._clock()
        settings = self.settings
        wanted = None if tenant_ids is None else {t.lower() for t in tenant_ids}
        tenants = self._store.list_tenants()
        candidates: list[NewAlert] = []
        stale: list[NewAlert] = []
        marks: dict[str, int] = {}
        for tenant in tenants:
            latest, complete = self._store.alerts.newest_attempts(tenant.tenant_id)
            # staleness is about every tenant, whichever one was just backed up
            stale += self._stale(tenant, complete, now)
            if wanted is not None and tenant.tenant_id.lower() not in wanted:
                continue
            mark, found = self._snapshot_alerts(tenant, latest, now)
            candidates += found
            if mark is not None:
                marks[tenant.tenant_id] = mark
            candidates += self._credential_alerts(tenant, now)
        candidates += stale
        created = self._store.alerts.record(uuid.uuid4().hex, [self._with_deliveries(a, settings) for a in candidates],
                                            now)
        for tenant_id, mark in marks.items():
            self._store.set_setting(ALERTS_SEEN + tenant_id, mark)
        return created

    def _snapshot_alerts(self, tenant: TenantInfo, latest: SnapshotInfo | None,
                         now: datetime) -> tuple[int | None, list[NewAlert]]:
        """`latest`: the tenant's newest backup attempt (store/alert_records.newest_attempts)."""
        if latest is None:
            return None, []
        seen = self._store.get_setting(ALERTS_SEEN + tenant.tenant_id)
        if not isinstance(seen, int):
            # Alerts start now: what happened before is history (`regvault changes`), not news; but a backup that
            # just failed is news even as the first thing alerts see (a tenant's first scheduled backup failing).
            if latest.status != "failed" or latest.finished is None or now - latest.finished > STALE_AFTER:
                return latest.id, []
            seen = latest.id - 1
        newer, complete_before = self._store.alerts.attempts_after(tenant.tenant_id, seen)
        last_good = complete_before.id if complete_before is not None else 0
        found: list[NewAlert] = []
        for snap in newer:
            if snap.status == "failed":
                if snap.error == CANCELLED_REASON:
                    continue  # stopped by its user, who knows
                # Failures in a row for the same reason (a sign-in expired, a watch trying every few minutes) are
                # one alert: keyed by the last good backup before them and the reason (without what differs from
                # one answer of Graph to the next: its request id and date).
                found.append(NewAlert(
                    key=f"{BACKUP_FAILED}:{tenant.tenant_id}:{last_good}:{reason_key(snap.error or '')}",
                    kind=BACKUP_FAILED,
                    tenant_id=tenant.tenant_id, tenant_name=tenant.display_name,
                    facts={"snapshotId": snap.id, "error": snap.error, "trigger": snap.trigger,
                           "started": snap.started.isoformat(),
                           "finished": snap.finished.isoformat() if snap.finished else None},
                ))
            elif snap.status == "complete":
                if last_good and snap.trigger not in _NOT_FOR_ALERTS:  # not the tenant's first backup
                    found += self._incident_alerts(tenant, snap)
                last_good = snap.id
        return max(latest.id, seen), found

    def _incident_alerts(self, tenant: TenantInfo, snap: SnapshotInfo) -> list[NewAlert]:
        found = []
        for changed in self._store.alerts.changed_at(snap.id):
            for change in incident_items(changed.before, changed.after):
                if not _alerted(change):
                    continue
                found.append(NewAlert(
                    key=f"{INCIDENT}:{tenant.tenant_id}:{snap.id}:{changed.app_id}:{change.id}", kind=INCIDENT,
                    tenant_id=tenant.tenant_id, tenant_name=tenant.display_name, app_id=changed.app_id,
                    app_name=changed.display_name,
                    facts={"snapshotId": snap.id, "item": {
                        "id": change.id, "kind": change.kind, "change": change.change, "holder": change.holder,
                        "label": change.label, "detail": dict(change.detail), "highPrivilege": change.high_privilege,
                    }},
                ))
        return found

    def _credential_alerts(self, tenant: TenantInfo, now: datetime) -> list[NewAlert]:
        credentials = self._store.credentials.list(tenant.tenant_id)
        latest: dict[tuple[int, str, str], datetime] = {}  # the furthest end per app, holder and kind
        for c in credentials:
            if c.end is not None:
                key = (c.app_pk, c.holder, c.kind)
                latest[key] = max(latest.get(key, c.end), c.end)
        found = []
        for c in credentials:
            threshold = due_threshold(c.end, now)
            if threshold is None or c.end is None:
                continue
            kind = CREDENTIAL_EXPIRED if threshold == EXPIRED else CREDENTIAL_EXPIRING
            # Another one of the same kind that outlives it (a secret rotated already): said, so nobody renews twice.
            renewed = latest[(c.app_pk, c.holder, c.kind)]
            found.append(NewAlert(
                key=f"credential:{tenant.tenant_id}:{c.holder}:{c.object_id}:{c.key_id}:{c.end.isoformat()}:{threshold}",
                kind=kind, tenant_id=tenant.tenant_id, tenant_name=tenant.display_name, app_id=c.app_id,
                app_name=c.app_name, threshold=threshold,
                facts={"holder": c.holder, "kind": c.kind, "keyId": c.key_id, "displayName": c.display_name,
                       "hint": c.hint, "thumbprint": c.thumbprint, "end": c.end.isoformat(),
                       "daysLeft": days_left(c.end, now),
                       "renewedUntil": renewed.isoformat() if renewed > c.end and renewed > now else None,
                       "owners": [o.label for o in c.owners],
                       "ownerAddresses": [o.user_principal_name for o in c.owners if o.user_principal_name]},
            ))
        return found

    def _stale(self, tenant: TenantInfo, complete: SnapshotInfo | None, now: datetime) -> list[NewAlert]:
        """`complete`: the tenant's newest complete snapshot (store/alert_records.newest_attempts)."""
        finished = complete.finished if complete is not None else None
        if complete is None or finished is None or now - finished <= STALE_AFTER:
            return []  # backed up lately; or never: a restore target, or a tenant just added (failures are alerted)
        return [NewAlert(key=f"{NOT_BACKED_UP}:{tenant.tenant_id}:{complete.id}", kind=NOT_BACKED_UP,
                         tenant_id=tenant.tenant_id, tenant_name=tenant.display_name,
                         facts={"lastBackup": finished.isoformat(), "snapshotId": complete.id})]

    def _with_deliveries(self, alert: NewAlert, settings: AlertSettings) -> NewAlert:
        deliveries = [(name, "") for name in channel_names(settings) if name != EMAIL]
        if settings.smtp:
            deliveries += [(EMAIL, address.lower()) for address in settings.smtp_to]
        if settings.smtp and settings.email_owners and alert.kind in (CREDENTIAL_EXPIRING, CREDENTIAL_EXPIRED):
            deliveries += [(EMAIL, str(a).lower()) for a in alert.facts.get("ownerAddresses") or [] if "@" in str(a)]
        return replace(alert, deliveries=tuple(dict.fromkeys(deliveries)))

    # -------------------------------------------------------------------------------------------------- deliver
    def deliver(self, only: Sequence[int] | None = None) -> AlertReport:
        """Send what this process can (see the module docstring); `only`: just these alerts' deliveries."""
        now = self._clock()
        sent: dict[str, int] = {}
        problems: list[ChannelProblem] = []
        usable = [c for c in self._channels.values() if c.unavailable() is None]
        claimed = self._store.alerts.claim([c.name for c in usable], self._claimer, now,
                                           stale_before=now - CLAIM_STALE_AFTER, max_attempts=MAX_ATTEMPTS)
        if only is not None:
            keep = set(only)
            others = [d.id for d, a in claimed if a.id not in keep]
            if others:  # not ours to send now: back to pending, as they were
                self._store.alerts.release(others)
            claimed = [(d, a) for d, a in claimed if a.id in keep]
        groups: dict[tuple[str, str], list[tuple[DeliveryRecord, AlertRecord]]] = {}
        for delivery, alert in claimed:
            if delivery.channel == DESKTOP and now - alert.created > DESKTOP_MAX_AGE:
                self._store.alerts.finish([delivery.id], sent=False, now=now, error="too old to show", max_attempts=0)
                continue
            groups.setdefault((delivery.channel, delivery.recipient), []).append((delivery, alert))
        for (name, recipient), group in groups.items():
            message = alert_texts.message([a for _, a in group])
            ids = [d.id for d, _ in group]
            try:
                self._channels[name].send(message, recipient)
            except DeliveryFailed as exc:
                self._store.alerts.finish(ids, sent=False, now=self._clock(), error=str(exc),
                                          max_attempts=MAX_ATTEMPTS)
                log.warning("alerts: %s to %r failed: %s", name, recipient or name, exc)
                problems.append(ChannelProblem(name, str(exc), len(group)))
                continue
            self._store.alerts.finish(ids, sent=True, now=self._clock())
            sent[name] = sent.get(name, 0) + len(group)
        return AlertReport(sent=sent, problems=tuple(problems))

    def send_test(self) -> AlertReport:
        """A test alert on every configured channel, sent now (and nothing else)."""
        now = self._clock()
        test = NewAlert(key=f"{TEST}:{uuid.uuid4().hex}", kind=TEST, facts={"sentBy": self._claimer})
        created = self._store.alerts.record(uuid.uuid4().hex, [self._with_deliveries(test, self.settings)], now)
        problems = [ChannelProblem(name, why, 1) for name, why in self.unavailable_channels().items()]
        report = self.deliver(only=[a.id for a in created])
        return AlertReport(len(created), report.sent, (*problems, *report.problems))

    def unavailable_channels(self) -> dict[str, str]:
        """The configured channels this process can't serve, and why."""
        found = {}
        for name in channel_names(self.settings):
            channel = self._channels.get(name)
            why = "turned off for this process" if channel is None else channel.unavailable()
            if why is not None:
                found[name] = why
        return found


def reason_key(error: str) -> str:
    """A failure's reason as a key: the same for failures that differ only in what Graph's answers carry each time."""
    return hashlib.sha256(_VOLATILE.sub("", error).encode()).hexdigest()[:16]


def _alerted(item: ChangeItem) -> bool:
    if item.kind == "requiredResourceAccess":
        return item.change == "added" and item.high_privilege
    if item.kind == "oauth2PermissionGrant":
        return item.change in ("added", "changed") and bool(item.detail.get("scopesAdded"))
    return item.kind in ALERTED_ITEMS and item.change in ("added", "changed")


def as_jsonable(alert: AlertRecord) -> dict[str, Any]:
    return {**alert_texts.item(alert), "deliveries": [
        {"channel": d.channel, "recipient": d.recipient, "status": d.status, "attempts": d.attempts,
         "sentAt": d.sent_at.isoformat() if d.sent_at else None, "error": d.error} for d in alert.deliveries]}
