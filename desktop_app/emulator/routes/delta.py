"""/applications/delta and /servicePrincipals/delta: the initial sync, its pages, and the changes since a delta token
(7 days).

Rules (delta-query-overview, application-delta, serviceprincipal-delta; graph-notes §2 and §11): query options go
on the first request only and are baked into the tokens; `$deltatoken=latest` answers no objects and a deltaLink
("from now"); a changed object comes again (the emulator sends it whole), a soft-deleted one as `@removed`
"changed", one gone for good as `@removed` "deleted"; navigation properties (owners, federated credentials, grants,
assignments) are not tracked; an expired token answers 410 with a Location to start a full sync again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from ..errors import ApiError, bad_request, unsupported_query
from ..messages import Request, Response, json_response, page_size
from ..odata import decode_token, encode_token
from ..render import render_app, render_sp
from ..state import Tenant
from .base import Routes

DELTA_TOKEN_DAYS = 7


@dataclass(frozen=True)
class _Tracked:
    """What one delta function follows: the live objects, the recycle bin, what is gone for good."""

    entity_set: str  # "applications" | "servicePrincipals"
    type_name: str  # "application" | "servicePrincipal"
    active: Callable[[Tenant], Mapping[str, Any]]
    deleted: Callable[[Tenant], Mapping[str, Any]]
    gone: Callable[[Tenant], Mapping[str, int]]
    render: Callable[[Any, list[str] | None], dict[str, Any]]


TRACKED = {
    "applications": _Tracked("applications", "application", lambda t: t.apps, lambda t: t.deleted_apps,
                             lambda t: t.tombstones, lambda r, select: render_app(r, select, False)),
    "servicePrincipals": _Tracked("servicePrincipals", "servicePrincipal", lambda t: t.sps, lambda t: t.deleted_sps,
                                  lambda t: t.sp_tombstones, render_sp),
}


class DeltaRoutes(Routes):
    def handle(self, req: Request, tenant: Tenant, entity_set: str) -> Response:
        tracked = TRACKED[entity_set]
        if "$filter" in req.query:
            raise unsupported_query("$filter on delta is not supported by the emulator.")
        link = f"{req.base_url}/{entity_set}/delta?"
        size = page_size(req.query)
        skip, delta = req.query.get("$skiptoken"), req.query.get("$deltatoken")
        if delta == "latest" and skip is None:
            select = self.entity_select(req, tracked.type_name)
            return self._delta_link(req, tenant, tracked, link, select, size, [])
        if skip is not None or delta is not None:
            state = decode_token(skip if skip is not None else delta, "skip" if skip is not None else "delta")  # type: ignore[arg-type]
            if state.get("t") != tenant.id or state.get("e", "applications") != entity_set:
                raise bad_request("The delta token belongs to another tenant or resource.")
            if delta is not None and self.directory.now().timestamp() - float(state.get("ts", 0)) > DELTA_TOKEN_DAYS * 86400:
                # Directory delta tokens live 7 days; the client must start a full sync again.
                error = ApiError(410, "SyncStateNotFound", "The delta token has expired; start a new full "
                                 "synchronisation without a token.")
                error.headers["Location"] = f"{req.base_url}/{entity_set}/delta"
                raise error
            select = state.get("sel")
            size = int(state.get("n", size))
            initial = bool(state.get("i")) and skip is not None
            cursor = int(state["c"])
        else:
            select = self.entity_select(req, tracked.type_name)
            initial, cursor = True, -1
        events: list[tuple[int, str, Any]] = [(r.seq, "live", r) for r in tracked.active(tenant).values()
                                              if r.seq > cursor]
        if not initial:
            events += [(r.seq, "changed", r.id) for r in tracked.deleted(tenant).values() if r.seq > cursor]
            events += [(seq, "deleted", object_id) for object_id, seq in tracked.gone(tenant).items() if seq > cursor]
        events.sort(key=lambda e: e[0])
        page = events[:size]
        value: list[dict[str, Any]] = []
        for _seq, kind, item in page:
            if kind == "live":
                rendered = tracked.render(item, select)
                rendered["id"] = item.id
                value.append(rendered)
            else:
                value.append({"@odata.type": f"#microsoft.graph.{tracked.type_name}", "id": item,
                              "@removed": {"reason": kind}})
        if len(events) > size:
            payload: dict[str, Any] = {"@odata.context": self.odata_context(req, entity_set, select)}
            token = encode_token({"k": "skip", "t": tenant.id, "e": entity_set, "c": page[-1][0], "i": initial,
                                  "sel": select, "n": size})
            payload["@odata.nextLink"] = link + urlencode({"$skiptoken": token}, safe="$")
            payload["value"] = value
            return json_response(200, payload, len(value))
        return self._delta_link(req, tenant, tracked, link, select, size, value)

    def _delta_link(self, req: Request, tenant: Tenant, tracked: _Tracked, link: str, select: list[str] | None,
                    size: int, value: list[dict[str, Any]]) -> Response:
        payload: dict[str, Any] = {"@odata.context": self.odata_context(req, tracked.entity_set, select)}
        token = encode_token({"k": "delta", "t": tenant.id, "e": tracked.entity_set, "c": tenant.seq, "sel": select,
                              "n": size, "ts": int(self.directory.now().timestamp())})
        payload["@odata.deltaLink"] = link + urlencode({"$deltatoken": token}, safe="$")
        payload["value"] = value
        return json_response(200, payload, len(value))
