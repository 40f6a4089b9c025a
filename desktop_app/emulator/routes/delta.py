"""/applications/delta: the initial sync, its pages, and the changes since a delta token (7 days)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from ..errors import ApiError, bad_request, unsupported_query
from ..messages import Request, Response, json_response, page_size
from ..odata import decode_token, encode_token
from ..render import render_app
from ..state import Tenant
from .base import Routes

DELTA_TOKEN_DAYS = 7


class DeltaRoutes(Routes):
    def handle(self, req: Request, tenant: Tenant) -> Response:
        if "$filter" in req.query:
            raise unsupported_query("$filter on delta is not supported by the emulator.")
        size = page_size(req.query)
        skip, delta = req.query.get("$skiptoken"), req.query.get("$deltatoken")
        if skip is not None or delta is not None:
            state = decode_token(skip if skip is not None else delta, "skip" if skip is not None else "delta")  # type: ignore[arg-type]
            if state.get("t") != tenant.id:
                raise bad_request("The delta token belongs to another tenant.")
            if delta is not None and self.directory.now().timestamp() - float(state.get("ts", 0)) > DELTA_TOKEN_DAYS * 86400:
                # Directory delta tokens live 7 days; the client must start a full sync again.
                error = ApiError(410, "SyncStateNotFound", "The delta token has expired; start a new full "
                                 "synchronisation without a token.")
                error.headers["Location"] = f"{req.base_url}/applications/delta"
                raise error
            select = state.get("sel")
            size = int(state.get("n", size))
            initial = bool(state.get("i")) and skip is not None
            cursor = int(state["c"])
        else:
            select = self.entity_select(req, "application")
            initial, cursor = True, 0
        events: list[tuple[int, str, Any]] = [(r.seq, "app", r) for r in tenant.apps.values() if r.seq > cursor]
        if not initial:
            events += [(r.seq, "changed", r) for r in tenant.deleted_apps.values() if r.seq > cursor]
            events += [(seq, "deleted", object_id) for object_id, seq in tenant.tombstones.items() if seq > cursor]
        events.sort(key=lambda e: e[0])
        page = events[:size]
        value: list[dict[str, Any]] = []
        for _seq, kind, item in page:
            if kind == "app":
                rendered = render_app(item, select, False)
                rendered["id"] = item.id
                value.append(rendered)
            elif kind == "changed":
                value.append({"@odata.type": "#microsoft.graph.application", "id": item.id,
                              "@removed": {"reason": "changed"}})
            else:
                value.append({"@odata.type": "#microsoft.graph.application", "id": item,
                              "@removed": {"reason": "deleted"}})
        payload: dict[str, Any] = {"@odata.context": self.odata_context(req, "applications", select)}
        link = f"{req.base_url}/applications/delta?"
        if len(events) > size:
            token = encode_token({"k": "skip", "t": tenant.id, "c": page[-1][0], "i": initial, "sel": select,
                                  "n": size})
            payload["@odata.nextLink"] = link + urlencode({"$skiptoken": token}, safe="$")
        else:
            token = encode_token({"k": "delta", "t": tenant.id, "c": tenant.seq, "sel": select, "n": size,
                                  "ts": int(self.directory.now().timestamp())})
            payload["@odata.deltaLink"] = link + urlencode({"$deltatoken": token}, safe="$")
        payload["value"] = value
        return json_response(200, payload, len(value))
