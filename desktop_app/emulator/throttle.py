"""Throttling of Entra ID's identity endpoints by resource units (graph-notes.md section 8).

Real Graph throttles per (calling app, tenant). The emulator has one calling app per tenant (a token names a
tenant, not an app), so the bucket is per tenant: every client of a tenant shares it. Throttled requests still
count towards usage (capped at 180 %), so hammering a throttled tenant keeps it throttled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

RU_WINDOW_S = 10.0
WRITE_WINDOW_S = 150.0
BUDGETS = {"S": 3500, "M": 5000, "L": 8000}
WRITE_QUOTA = 3000
OVERDRAFT = 1.8  # x-ms-throttle-limit-percentage goes up to 1.8


@dataclass
class Verdict:
    cost: int
    allowed: bool
    retry_after: int = 0
    information: str = ""
    limit_percentage: float | None = None


class Bucket:
    """Usage that drains linearly over the window (a leaky bucket that measures RU spent)."""

    def __init__(self, quota: float, window: float) -> None:
        self.quota = quota
        self.rate = quota / window
        self.used = 0.0
        self.at: float | None = None

    def drain(self, now: float) -> None:
        if self.at is not None and now > self.at:
            self.used = max(0.0, self.used - (now - self.at) * self.rate)
        self.at = now if self.at is None else max(self.at, now)

    def wait_for(self, cost: float) -> int:
        excess = self.used + cost - self.quota
        return max(1, math.ceil(excess / self.rate)) if excess > 0 else 0


class Throttle:
    def __init__(self, level: str = "off", ru_quota: float | None = None, write_quota: float | None = None) -> None:
        self.level = level
        self.ru_quota = float(ru_quota if ru_quota is not None else BUDGETS.get(level, BUDGETS["S"]))
        self.write_quota = float(write_quota if write_quota is not None else WRITE_QUOTA)
        self.ru: dict[str, Bucket] = {}
        self.writes: dict[str, Bucket] = {}

    @property
    def enabled(self) -> bool:
        return self.level != "off"

    def check(self, tenant_id: str, cost: int, is_write: bool, now: float) -> Verdict:
        if not self.enabled:
            return Verdict(cost, True)
        ru = self.ru.setdefault(tenant_id, Bucket(self.ru_quota, RU_WINDOW_S))
        writes = self.writes.setdefault(tenant_id, Bucket(self.write_quota, WRITE_WINDOW_S))
        ru.drain(now)
        writes.drain(now)
        over_ru = ru.wait_for(cost) > 0
        over_write = is_write and writes.wait_for(1) > 0
        if over_ru or over_write:
            # The refused request counts too; Retry-After covers it, so a client that waits gets through.
            ru.used = min(ru.used + cost, ru.quota * OVERDRAFT)
            if is_write:
                writes.used = min(writes.used + 1, writes.quota * OVERDRAFT)
            wait_ru = ru.wait_for(cost)
            wait_write = writes.wait_for(1) if is_write else 0
            information = "WriteLimitExceeded" if over_write and wait_write >= wait_ru else "ResourceUnitLimitExceeded"
            return Verdict(cost, False, max(wait_ru, wait_write, 1), information,
                           self._percentage(ru, writes, is_write))
        ru.used += cost
        if is_write:
            writes.used += 1
        return Verdict(cost, True, limit_percentage=self._percentage(ru, writes, is_write))

    @staticmethod
    def _percentage(ru: Bucket, writes: Bucket, is_write: bool) -> float | None:
        ratio = ru.used / ru.quota
        if is_write:
            ratio = max(ratio, writes.used / writes.quota)
        return round(min(ratio, OVERDRAFT), 2) if ratio > 0.8 else None


def request_cost(method: str, resource: str, query: dict[str, str]) -> int:
    """RU cost of one request: GET applications, users, extensionProperties, oauth2PermissionGrants and a service
    principal's appRoleAssignments 2, other GETs 1, writes 1; then the modifiers."""
    if method != "GET":
        return 1
    cost = 2 if resource in ("applications", "users", "extensionProperties", "oauth2PermissionGrants",
                             "appRoleAssignments") else 1
    if "$select" in query:
        cost -= 1
    if "$expand" in query:
        cost += 1
    top = query.get("$top")
    if top is not None and top.isdigit() and int(top) < 20:
        cost -= 1
    return max(cost, 1)


KEY_CREDENTIAL_READS_PER_MINUTE = 150


class ReadLimit:
    """A count of one kind of read per tenant over a sliding window (a leaky bucket): `limit` at once, then
    `limit / window_s` a second. 0 turns it off (for tests that are about something else)."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit = limit
        self.window_s = window_s
        self.buckets: dict[str, Bucket] = {}

    def check(self, tenant_id: str, now: float) -> int:
        """0 when the read may go ahead (and is counted); else the Retry-After in seconds."""
        if self.limit <= 0:
            return 0
        bucket = self.buckets.setdefault(tenant_id, Bucket(self.limit, self.window_s))
        bucket.drain(now)
        wait = bucket.wait_for(1)
        if wait:
            return wait
        bucket.used += 1
        return 0


class KeyCredentialReads(ReadLimit):
    """GET of applications (or service principals) with `$select` naming keyCredentials: 150 a minute per tenant,
    for every app together (application-get and application-list; graph-notes §10), counted inside `$batch` too. On even when the
    resource-unit throttling is off: it is a rule of Graph's, not a load profile."""

    def __init__(self, per_minute: int = KEY_CREDENTIAL_READS_PER_MINUTE) -> None:
        super().__init__(per_minute, 60.0)

    @property
    def per_minute(self) -> int:
        return self.limit


def reads_key_credentials(method: str, segments: list[str], query: dict[str, str]) -> bool:
    """A GET of applications or service principals (one or a list) selecting keyCredentials: the same rule and,
    the stricter reading, the same budget for both (serviceprincipal-get names the same limit)."""
    if method != "GET" or not segments or not segments[0].startswith(("applications", "servicePrincipals")):
        return False
    select = query.get("$select")
    return select is not None and "keycredentials" in {s.strip().lower() for s in select.split(",")}


AUDIT_READS_PER_10_SECONDS = 5


class AuditReads(ReadLimit):
    """Requests to /auditLogs: 5 per 10 seconds per app and tenant (throttling-limits, "Identity and access reports
    service limits"), counted inside `$batch` too; on whatever the resource-unit throttling, as Graph's own rule."""

    def __init__(self, per_10_seconds: int = AUDIT_READS_PER_10_SECONDS) -> None:
        super().__init__(per_10_seconds, 10.0)

    @property
    def per_10_seconds(self) -> int:
        return self.limit
