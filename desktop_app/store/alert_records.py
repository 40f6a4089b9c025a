"""The alert records (Alert, AlertDelivery): the store half of services/alerts.py, whose docstring is the protocol.

- `record`: alerts are inserted by their unique key, with the deliveries (channel, recipient) each needs, in one
  transaction; a key already there is left alone and gets no new deliveries. So two processes that see the same
  expiring credential at once make one alert, delivered once.
- `claim`: a process takes the deliveries of the channels it can serve that are pending, failed but still to be
  tried, or claimed by a process that died (claimed longer ago than `stale_before`), in one transaction; another
  process claiming at the same time gets none of the same rows.
- `finish`: each claimed delivery ends as sent or failed (with the reason, tried again by a later claim until
  `max_attempts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from desktop_app.store.models import (
    Alert,
    AlertDelivery,
    App,
    AppVersion,
    Snapshot,
    Tenant,
    from_utc_text,
    to_utc_text,
)
from desktop_app.store.parts import StorePart
from desktop_app.store.records import SnapshotInfo
from desktop_app.store.rows import chunks, decompress, snapshot_info

_ALERT, _DELIVERY = Alert._meta.table_name, AlertDelivery._meta.table_name
_ALERT_COLUMNS = "a.id, a.key, a.kind, a.tenant_id, a.tenant_name, a.app_id, a.app_name, a.threshold, a.facts, a.created"
_DELIVERY_COLUMNS = "d.id, d.alert_id, d.channel, d.recipient, d.status, d.attempts, d.sent_at, d.error"
_CHUNK = 400


@dataclass(frozen=True)
class NewAlert:
    key: str  # what it is about, once: "credential:<tenant>:<holder>:<object id>:<keyId>:<end>:<threshold>"
    kind: str
    tenant_id: str | None = None
    tenant_name: str | None = None
    app_id: str | None = None
    app_name: str | None = None
    threshold: int | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)
    deliveries: tuple[tuple[str, str], ...] = ()  # (channel, recipient: "" or an address)


@dataclass(frozen=True)
class DeliveryRecord:
    id: int
    alert_id: int
    channel: str
    recipient: str
    status: str  # pending | sending | sent | failed | dropped
    attempts: int
    sent_at: datetime | None
    error: str | None


@dataclass(frozen=True)
class AlertRecord:
    id: int
    key: str
    kind: str
    tenant_id: str | None
    tenant_name: str | None
    app_id: str | None
    app_name: str | None
    threshold: int | None
    facts: Mapping[str, Any]
    created: datetime
    deliveries: tuple[DeliveryRecord, ...] = ()


class AlertRecords(StorePart):
    def record(self, batch: str, alerts: Sequence[NewAlert], now: datetime) -> list[AlertRecord]:
        """Insert the alerts whose key is new, with their deliveries; returns those (the others were made before)."""
        if not alerts:
            return []
        created = to_utc_text(now)
        with self._write():
            cur = self._db.cursor()
            self._engine.executemany(
                cur,
                f"INSERT INTO {_ALERT} (key, batch, kind, tenant_id, tenant_name, app_id, app_name, threshold, facts, "
                "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                [(a.key, batch, a.kind, a.tenant_id, a.tenant_name, a.app_id, a.app_name, a.threshold,
                  orjson.dumps(dict(a.facts)).decode(), created) for a in alerts],
            )
            wanted = {a.key: a for a in alerts}
            ids: dict[str, int] = {}
            keys = list(wanted)
            for part in chunks(keys, _CHUNK):
                marks = ", ".join("?" for _ in part)
                for pk, key in self._sql(f"SELECT id, key FROM {_ALERT} WHERE batch = ? AND key IN ({marks})",
                                         [batch, *part]).fetchall():
                    ids[str(key)] = int(pk)
            self._engine.executemany(
                cur,
                f"INSERT INTO {_DELIVERY} (alert_id, channel, recipient, status, attempts) VALUES (?, ?, ?, 'pending', 0) "
                "ON CONFLICT (alert_id, channel, recipient) DO NOTHING",
                [(pk, channel, recipient) for key, pk in ids.items()
                 for channel, recipient in dict.fromkeys(wanted[key].deliveries)],
            )
        return self._alerts(list(ids.values()))

    def claim(self, channels: Sequence[str], claimer: str, now: datetime, *, stale_before: datetime,
              max_attempts: int) -> list[tuple[DeliveryRecord, AlertRecord]]:
        """Take what is to be delivered on `channels` (see the module docstring), oldest alert first."""
        if not channels:
            return []
        marks = ", ".join("?" for _ in channels)
        with self._write():
            self._sql(
                f"UPDATE {_DELIVERY} SET status = 'sending', claimed_by = ?, claimed_at = ? "
                f"WHERE channel IN ({marks}) AND (status = 'pending' OR (status = 'failed' AND attempts < ?) "
                "OR (status = 'sending' AND claimed_at < ?))",
                [claimer, to_utc_text(now), *channels, max_attempts, to_utc_text(stale_before)],
            )
            rows = self._sql(
                f"SELECT {_DELIVERY_COLUMNS} FROM {_DELIVERY} d WHERE d.claimed_by = ? AND d.status = 'sending' "
                "ORDER BY d.alert_id, d.id", [claimer]).fetchall()
        deliveries = [_delivery(r) for r in rows]
        alerts = {a.id: a for a in self._alerts(sorted({d.alert_id for d in deliveries}), with_deliveries=False)}
        return [(d, alerts[d.alert_id]) for d in deliveries if d.alert_id in alerts]

    def finish(self, delivery_ids: Iterable[int], *, sent: bool, now: datetime, error: str | None = None,
               max_attempts: int | None = None) -> None:
        """End claimed deliveries: sent, or failed with `error` (dropped once it has been tried `max_attempts`)."""
        ids = list(delivery_ids)
        with self._write():
            for part in chunks(ids, _CHUNK):
                marks = ", ".join("?" for _ in part)
                if sent:
                    self._sql(f"UPDATE {_DELIVERY} SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
                              f"error = NULL WHERE id IN ({marks})", [to_utc_text(now), *part])
                    continue
                self._sql(f"UPDATE {_DELIVERY} SET status = 'failed', attempts = attempts + 1, error = ? "
                          f"WHERE id IN ({marks})", [error, *part])
                if max_attempts is not None:
                    self._sql(f"UPDATE {_DELIVERY} SET status = 'dropped' WHERE attempts >= ? AND id IN ({marks})",
                              [max_attempts, *part])

    def release(self, delivery_ids: Iterable[int]) -> None:
        """Give claimed deliveries back, untried (another run sends them)."""
        ids = list(delivery_ids)
        with self._write():
            for part in chunks(ids, _CHUNK):
                marks = ", ".join("?" for _ in part)
                self._sql(f"UPDATE {_DELIVERY} SET status = CASE WHEN attempts > 0 THEN 'failed' ELSE 'pending' END, "
                          f"claimed_by = NULL, claimed_at = NULL WHERE id IN ({marks})", part)

    def recent(self, limit: int = 200, *, kinds: Sequence[str] | None = None) -> list[AlertRecord]:
        """The newest alerts with their deliveries, newest first."""
        where, params = "", []
        if kinds:
            where = f"WHERE a.kind IN ({', '.join('?' for _ in kinds)})"
            params = list(kinds)
        rows = self._sql(f"SELECT a.id FROM {_ALERT} a {where} ORDER BY a.id DESC LIMIT ?", [*params, limit]).fetchall()
        found = {a.id: a for a in self._alerts([int(r[0]) for r in rows])}
        return [found[int(r[0])] for r in rows if int(r[0]) in found]

    def undelivered(self) -> list[AlertRecord]:
        """Alerts with a delivery still pending, being sent, or failed and to be tried again."""
        rows = self._sql(f"SELECT DISTINCT alert_id FROM {_DELIVERY} WHERE status IN ('pending', 'sending', 'failed') "
                         "ORDER BY alert_id").fetchall()
        return self._alerts([int(r[0]) for r in rows])

    def changed_at(self, snapshot_id: int) -> list[ChangedApp]:
        """The apps whose version begins at the snapshot, each with its previous version's document (the app's
        newest version before it, also across a deletion), for the incident items of what that backup saw."""
        version, app = AppVersion._meta.table_name, App._meta.table_name
        rows = self._sql(
            f"SELECT a.id, a.app_id, a.display_name, v.document, "
            f"(SELECT p.document FROM {version} p WHERE p.app_id = v.app_id AND p.id < v.id ORDER BY p.id DESC LIMIT 1) "
            f"FROM {version} v JOIN {app} a ON a.id = v.app_id WHERE v.valid_from_id = ? ORDER BY a.id",
            [snapshot_id]).fetchall()
        return [ChangedApp(int(r[0]), r[1], r[2], decompress(r[3]),
                           None if r[4] is None else decompress(r[4])) for r in rows]

    def newest_attempts(self, tenant_id: str) -> tuple[SnapshotInfo | None, SnapshotInfo | None]:
        """The tenant's newest backup attempt (complete or failed) and its newest complete snapshot: two rows, not
        the tenant's whole history (a watched tenant has thousands)."""
        latest = _attempts(tenant_id).order_by(Snapshot.id.desc()).first()
        complete = (_attempts(tenant_id).where(Snapshot.status == "complete").order_by(Snapshot.id.desc()).first()
                    if latest is not None and latest.status != "complete" else latest)
        return (None if latest is None else snapshot_info(latest),
                None if complete is None else snapshot_info(complete))

    def attempts_after(self, tenant_id: str, after: int) -> tuple[list[SnapshotInfo], SnapshotInfo | None]:
        """The tenant's attempts after snapshot `after`, oldest first, and its newest complete snapshot up to it."""
        newer = [snapshot_info(r) for r in _attempts(tenant_id).where(Snapshot.id > after).order_by(Snapshot.id)]
        before = (_attempts(tenant_id).where(Snapshot.status == "complete", Snapshot.id <= after)
                  .order_by(Snapshot.id.desc()).first())
        return newer, None if before is None else snapshot_info(before)

    def exists(self, key: str) -> bool:
        return self._sql(f"SELECT 1 FROM {_ALERT} WHERE key = ?", [key]).fetchone() is not None

    def _alerts(self, ids: Sequence[int], *, with_deliveries: bool = True) -> list[AlertRecord]:
        out: list[AlertRecord] = []
        for part in chunks(ids, _CHUNK):
            marks = ", ".join("?" for _ in part)
            deliveries: dict[int, list[DeliveryRecord]] = {}
            if with_deliveries:
                for r in self._sql(f"SELECT {_DELIVERY_COLUMNS} FROM {_DELIVERY} d WHERE d.alert_id IN ({marks}) "
                                   "ORDER BY d.id", part).fetchall():
                    record = _delivery(r)
                    deliveries.setdefault(record.alert_id, []).append(record)
            for r in self._sql(f"SELECT {_ALERT_COLUMNS} FROM {_ALERT} a WHERE a.id IN ({marks}) ORDER BY a.id",
                               part).fetchall():
                out.append(AlertRecord(
                    id=int(r[0]), key=r[1], kind=r[2], tenant_id=r[3], tenant_name=r[4], app_id=r[5], app_name=r[6],
                    threshold=r[7], facts=orjson.loads(r[8] or "{}"), created=from_utc_text(r[9]),
                    deliveries=tuple(deliveries.get(int(r[0]), ())),
                ))
        return out


def _delivery(r: Sequence[Any]) -> DeliveryRecord:
    return DeliveryRecord(id=int(r[0]), alert_id=int(r[1]), channel=r[2], recipient=r[3], status=r[4],
                          attempts=int(r[5]), sent_at=AlertDelivery.sent_at.python_value(r[6]), error=r[7])


@dataclass(frozen=True)
class ChangedApp:
    """An app that got a new version at a snapshot, with that version's document and the one before (None: new)."""

    app_pk: int
    app_id: str
    display_name: str
    after: Mapping[str, Any]
    before: Mapping[str, Any] | None


def _attempts(tenant_id: str) -> Any:
    """The tenant's backup attempts: not one still running, nor the partial snapshots a restore or a rollback takes
    of the apps it writes (no backup, as Store.last_backup says; their versions are the restore's own writes)."""
    return (Snapshot.select(Snapshot, Tenant.tenant_id).join(Tenant)
            .where(Tenant.tenant_id == tenant_id, Snapshot.status != "running", Snapshot.partial == False))  # noqa: E712
