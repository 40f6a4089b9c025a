"""/auditLogs/directoryAudits: the tenant's directory audit log (list, get by id).

Rules (directoryaudit-list, directoryAudit resource; sources in the README): `$filter` with `eq`, `ge`, `le` and
`startswith` on activityDateTime, activityDisplayName, category, correlationId, id, loggedByService, result,
operationType, initiatedBy/user/id|userPrincipalName|displayName, initiatedBy/app/appId|displayName|
servicePrincipalId, and `targetResources/any(t:t/id eq '…')`; `$orderby` on activityDateTime (newest first when
not asked); `$top` up to 1,000 (a page holds 1,000 when not asked); paging by an opaque skip token. Only events
already visible (they come a little after the write) and within retention are listed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from ..audit import AuditEntry
from ..errors import ApiError, bad_request, not_found, segment_not_found, unsupported_query
from ..messages import Request, Response, json_response
from ..odata import decode_token, encode_token, parse_filter
from ..state import Tenant
from .base import Routes

PAGE = 1000
FIELDS = {name: name for name in (
    "activityDateTime", "activityDisplayName", "category", "correlationId", "id", "loggedByService", "result",
    "operationType", "initiatedBy/user/id", "initiatedBy/user/userPrincipalName", "initiatedBy/user/displayName",
    "initiatedBy/app/appId", "initiatedBy/app/displayName", "initiatedBy/app/servicePrincipalId", "targetResources")}


def _flat(entry: AuditEntry) -> dict[str, Any]:
    body = entry.body
    flat: dict[str, Any] = {k: body.get(k) for k in FIELDS if "/" not in k}
    flat["activityDateTime"] = entry.at
    for side in ("user", "app"):
        who = (body.get("initiatedBy") or {}).get(side) or {}
        for key, value in who.items():
            flat[f"initiatedBy/{side}/{key}"] = value
    return flat


class AuditLogRoutes(Routes):
    def handle(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        if not rest or rest[0].lower() != "directoryaudits" or len(rest) > 2:
            raise segment_not_found(rest[-1] if rest else "auditLogs")
        self.method(req, "GET")
        log = self.directory.audit_log
        entries = tenant.audit.visible(self.directory.now(), log.retention_days)
        if len(rest) == 2:
            found = next((e for e in entries if e.id == rest[1]), None)
            if found is None:
                raise not_found(rest[1])
            return json_response(200, {"@odata.context": f"{req.base_url}/$metadata#auditLogs/directoryAudits/$entity",
                                       **found.body}, 1)
        if "$search" in req.query or "$expand" in req.query:
            raise unsupported_query("Only $filter, $orderby, $top and $select are supported on directoryAudits.")
        newest_first = self._order(req.query.get("$orderby"))
        size = self._top(req.query.get("$top"))
        if "$filter" in req.query:
            predicate = parse_filter(req.query["$filter"], FIELDS, "directoryAudit")
            try:
                entries = [e for e in entries if predicate(_flat(e))]
            except TypeError as exc:  # e.g. activityDateTime compared with a quoted string
                raise bad_request("A binary operator with incompatible types was detected.", "BadRequest") from exc
        if newest_first:
            entries = entries[::-1]
        start = 0
        if "$skiptoken" in req.query:
            state = decode_token(req.query["$skiptoken"], "skip")
            if state.get("t") != tenant.id or state.get("s") != "directoryAudits":
                raise bad_request("The skip token belongs to another query or tenant.")
            last = (datetime.fromisoformat(state["at"]), state["id"])
            start = next((i for i, e in enumerate(entries)
                          if (e.key < last if newest_first else e.key > last)), len(entries))
        page = entries[start:start + size]
        select = self._select(req.query.get("$select"))
        payload: dict[str, Any] = {"@odata.context": f"{req.base_url}/$metadata#auditLogs/directoryAudits"}
        if start + size < len(entries):
            token = encode_token({"k": "skip", "t": tenant.id, "s": "directoryAudits",
                                  "at": page[-1].at.isoformat(), "id": page[-1].id})
            params = {k: v for k, v in req.query.items() if k != "$skiptoken"}
            params["$skiptoken"] = token
            payload["@odata.nextLink"] = f"{req.base_url}/auditLogs/directoryAudits?{urlencode(params, safe='$,')}"
        payload["value"] = [e.body if select is None else {k: e.body.get(k) for k in select} for e in page]
        return json_response(200, payload, len(page))

    @staticmethod
    def _order(raw: str | None) -> bool:
        if raw is None:
            return True
        field, _, direction = raw.strip().partition(" ")
        if field != "activityDateTime" or direction.strip().lower() not in ("", "asc", "desc"):
            raise unsupported_query(f"Ordering by '{raw}' is not supported on directoryAudits.")
        return direction.strip().lower() == "desc"

    @staticmethod
    def _top(raw: str | None) -> int:
        if raw is None:
            return PAGE
        if not raw.isdigit() or not 1 <= int(raw) <= PAGE:
            raise ApiError(400, "Request_BadRequest", f"Invalid page size specified: '{raw}'. Must be between 1 "
                           f"and {PAGE} inclusive.")
        return int(raw)

    @staticmethod
    def _select(raw: str | None) -> list[str] | None:
        if raw is None:
            return None
        names = [n.strip() for n in raw.split(",") if n.strip()]
        known = {"id", "category", "correlationId", "result", "resultReason", "activityDisplayName",
                 "activityDateTime", "loggedByService", "operationType", "initiatedBy", "targetResources",
                 "additionalDetails"}
        unknown = [n for n in names if n not in known]
        if unknown or not names:
            raise bad_request(f"Could not find a property named '{unknown[0] if unknown else raw}' on type "
                              "'microsoft.graph.directoryAudit'.")
        return ["id", *[n for n in names if n != "id"]]
