"""The directory audit log: what each write of the emulator leaves in `GET /auditLogs/directoryAudits`.

Graph's shape (directoryaudit-list, directoryAudit resource; live records quoted in the README): an event is
`{"id", "category", "correlationId", "result", "resultReason", "activityDisplayName", "activityDateTime",
"loggedByService", "operationType", "initiatedBy": {"user": {...} | null, "app": {...} | null},
"targetResources": [{"id", "displayName", "type", "userPrincipalName", "groupType", "modifiedProperties":
[{"displayName", "oldValue", "newValue"}]}], "additionalDetails": [{"key", "value"}]}`, the old and new values being
JSON text (`"[\\"Payroll\\"]"`). Events appear in the log a little after the write (`delay_s`, each event between
half and one and a half times it: they can come out of order) and are kept `retention_days` (30 on P1/P2, 7 on
Free: entra-docs reference-reports-data-retention).

Who acts: a token names a user of the tenant (`~<userPrincipalName>`) or an app (`~app:<appId>`), else the
tenant's administrator (api.py `_authenticate`). An app shows as Graph shows one live: `appId` null, its service
principal's id and name.
"""

from __future__ import annotations

import bisect
import json
import random
import string
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

AUDIT_DELAY_S = 120.0  # "events arrive with a delay (minutes)": graph-notes §11
AUDIT_RETENTION_DAYS = 30
APPLICATION_MANAGEMENT = "ApplicationManagement"
CORE_DIRECTORY = "Core Directory"


@dataclass(frozen=True)
class Actor:
    """Who a request acts as: a user of the tenant, or an app (its service principal) acting on its own."""

    kind: str  # "user" | "app"
    id: str  # the user's object id, or the app's service principal id
    name: str | None  # the user's userPrincipalName, or the service principal's display name

    def initiated_by(self) -> dict[str, Any]:
        if self.kind == "app":
            return {"user": None, "app": {"appId": None, "displayName": self.name, "servicePrincipalId": self.id,
                                          "servicePrincipalName": None}}
        return {"app": None, "user": {"id": self.id, "displayName": None, "userPrincipalName": self.name,
                                      "ipAddress": "", "userType": "Member", "homeTenantId": None,
                                      "homeTenantName": None}}


def target(object_id: str, display_name: str | None, kind: str, *, user_principal_name: str | None = None,
           modified: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": object_id, "displayName": display_name, "type": kind, "userPrincipalName": user_principal_name,
            "groupType": None, "modifiedProperties": modified or []}


def as_text(value: Any) -> str | None:
    """A modified property's value as Graph writes it: JSON text, scalars inside a list (`[true]`, `["x"]`)."""
    if value is None:
        return None
    if not isinstance(value, list):
        value = [value]
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def modified(name: str, old: Any, new: Any, *, raw: bool = False) -> dict[str, Any]:
    """`raw`: the values are already Graph's JSON text (or None)."""
    return {"displayName": name, "oldValue": old if raw else as_text(old), "newValue": new if raw else as_text(new)}


def with_included(properties: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Graph closes the list with the names of the properties changed ("Included Updated Properties")."""
    if not properties:
        return []
    names = ", ".join(p["displayName"] for p in properties)
    return [*properties, {"displayName": "Included Updated Properties", "oldValue": None,
                          "newValue": json.dumps(names)}]


@dataclass
class AuditEntry:
    at: datetime
    id: str
    visible_at: datetime
    body: dict[str, Any]

    @property
    def key(self) -> tuple[datetime, str]:
        return self.at, self.id


@dataclass
class AuditTrail:
    """One tenant's log, in activityDateTime order."""

    entries: list[AuditEntry] = field(default_factory=list)

    def add(self, entry: AuditEntry) -> None:
        bisect.insort(self.entries, entry, key=lambda e: e.key)

    def visible(self, now: datetime, retention_days: float) -> list[AuditEntry]:
        """What a reader sees now, oldest first; events past retention are dropped for good."""
        limit = now - timedelta(days=retention_days)
        start = bisect.bisect_left(self.entries, limit, key=lambda e: e.at)
        if start:
            del self.entries[:start]
        return [e for e in self.entries if e.visible_at <= now]


class AuditLog:
    """Makes the events of every tenant: ids, correlation, when each becomes visible."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"audit:{seed}")
        self.delay_s = AUDIT_DELAY_S
        self.retention_days = float(AUDIT_RETENTION_DAYS)

    def correlation(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def record(self, trail: AuditTrail, *, actor: Actor, activity: str, operation: str, at: datetime,
               targets: list[dict[str, Any]], correlation: str | None = None,
               category: str = APPLICATION_MANAGEMENT, user_agent: str | None = None) -> dict[str, Any]:
        correlation = correlation or self.correlation()
        suffix = "".join(self.rng.choice(string.ascii_uppercase + string.digits) for _ in range(5))
        event_id = f"Directory_{correlation}_{suffix}_{self.rng.randrange(10_000_000, 99_999_999)}"
        details = [{"key": "User-Agent", "value": user_agent}] if user_agent else []
        body = {
            "id": event_id,
            "category": category,
            "correlationId": correlation,
            "result": "success",
            "resultReason": "",
            "activityDisplayName": activity,
            "activityDateTime": _timestamp(at),
            "loggedByService": CORE_DIRECTORY,
            "operationType": operation,
            "initiatedBy": actor.initiated_by(),
            "targetResources": targets,
            "additionalDetails": details,
        }
        visible_at = at + timedelta(seconds=self.delay_s * (0.5 + self.rng.random()))
        trail.add(AuditEntry(at, event_id, visible_at, body))
        return body


def _timestamp(moment: datetime) -> str:
    """Graph's audit times carry seven decimal places (`2026-07-17T13:48:10.9301252Z`)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"
