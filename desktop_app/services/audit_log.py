"""Reading a tenant's directory audit log into the store: who changed which app, and when (the change timeline).

`GET /auditLogs/directoryAudits` (graph-notes §11) with `category eq 'ApplicationManagement'` (every activity on
app registrations, service principals, consent and assignments) since the last read. Graph shows an event a few
minutes after the change and not in order, so each read looks back `LOOKBACK` before the previous one and the store
keeps each event once (by Graph's id). The first read takes what Entra still keeps (30 days; 7 on a Free tenant).
The store keeps every event for as long as it is kept, and links each to the versions it explains
(store/timeline.py).

Permissions: AuditLog.Read.All and Directory.Read.All, asked for silently the first time (services/permissions.py).
Without them, or without a directory role that may read the log (Graph answers 403), the read is skipped and says
so (`refused`); a capture goes on without it. Any other failure (throttled past patience, Graph down) is reported
(`failed`) and the next read looks back over the gap: nothing is lost while Entra still keeps the events.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desktop_app.domain.audit import APPLICATION_MANAGEMENT, AuditEvent, parse_event
from desktop_app.domain.cancel import CancelToken
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphError
from desktop_app.services.permissions import (
    AUDIT_READ,
    PERMISSIONS_OF,
    READ_CONSENT,
    PermissionsNeeded,
    ask_for,
)
from desktop_app.store import Store, TenantInfo

log = logging.getLogger(__name__)

AUDIT_PATH = "/auditLogs/directoryAudits"
LOOKBACK = timedelta(minutes=30)
FIRST_LOOK = timedelta(days=30)  # what Entra keeps on P1/P2; Graph answers what it has
PAGE_SIZE = 1000


@dataclass(frozen=True)
class AuditLogRead:
    events: tuple[AuditEvent, ...] = ()  # read this time (some may have been kept before)
    new_events: tuple[AuditEvent, ...] = ()  # those kept for the first time
    refused: PermissionsNeeded | None = None  # the permission (or role) to read the log is missing
    first_refusal: bool = False  # refused now, read (or never asked) before: worth telling
    failed: str | None = None  # another failure: the next read looks back over it
    requests: int = 0

    @property
    def new(self) -> int:
        return len(self.new_events)

    @property
    def read(self) -> bool:
        return self.refused is None and self.failed is None


def read_audit_log(graph: GraphClient, store: Store, tenant: TenantInfo, now: datetime,
                   cancel: CancelToken | None = None) -> AuditLogRead:
    """Read the tenant's application-management events since the last read (with a look back) and keep them."""
    cancel = cancel or CancelToken()
    state = store.timeline.capture_state(tenant.tenant_id)
    refusal = ask_for(graph, [AUDIT_READ, READ_CONSENT])
    if refusal is not None:
        return _refused(store, tenant, PermissionsNeeded(tenant.tenant_id, tenant.display_name,
                                                         PERMISSIONS_OF["audit"], "audit", refusal))
    since = (state.audit_read_until - LOOKBACK) if state.audit_read_until is not None else now - FIRST_LOOK
    params = {"$filter": f"activityDateTime ge {_odata_time(since)} and category eq '{APPLICATION_MANAGEMENT}'",
              "$top": PAGE_SIZE}
    before = graph.stats.requests
    events: list[AuditEvent] = []
    try:
        for page in graph.get_pages(AUDIT_PATH, params):
            cancel.raise_if_cancelled()
            events.extend(e for raw in page if isinstance(raw, dict) and (e := parse_event(raw)) is not None)
    except GraphError as exc:
        if exc.status == 403:
            return _refused(store, tenant, PermissionsNeeded(tenant.tenant_id, tenant.display_name,
                                                             PERMISSIONS_OF["audit"], "audit"))
        log.warning("reading the audit log of %s failed, the next read looks back over it: %s", tenant.tenant_id, exc)
        return AuditLogRead(failed=str(exc), requests=graph.stats.requests - before)
    new = set(store.timeline.add_events(tenant.tenant_id, events))
    store.timeline.save_capture_state(tenant.tenant_id, audit_read_until=now, audit_refused=None)
    if new:
        log.info("audit log of %s: %d new events", tenant.tenant_id, len(new))
    return AuditLogRead(events=tuple(events), new_events=tuple(e for e in events if e.event_id in new),
                        requests=graph.stats.requests - before)


def _refused(store: Store, tenant: TenantInfo, needed: PermissionsNeeded) -> AuditLogRead:
    log.info("audit log of %s not read: %s", tenant.tenant_id, needed.names)
    first = store.timeline.capture_state(tenant.tenant_id).audit_refused is None
    store.timeline.save_capture_state(tenant.tenant_id, audit_refused=needed.names)
    return AuditLogRead(refused=needed, first_refusal=first)


def _odata_time(moment: datetime) -> str:
    """An OData DateTimeOffset literal (unquoted)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
