"""What every resource handler shares: the directory, method checks, eventual consistency, contexts, paging."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from ..errors import ApiError, bad_request, unsupported_query
from ..messages import Request, Response, json_response, page_size
from ..odata import decode_token, encode_token, parse_select
from ..state import Directory, Tenant


@dataclass
class Context:
    """Shared by all handlers; `consistency_delay_s` is changed at run time by the emulator's knobs."""
    directory: Directory
    consistency_delay_s: float = 0.0


class Routes:
    def __init__(self, context: Context) -> None:
        self.context = context

    @property
    def directory(self) -> Directory:
        return self.context.directory

    @staticmethod
    def method(req: Request, *allowed: str) -> None:
        if req.method not in allowed:
            raise ApiError(405, "Request_BadRequest", f"The HTTP method '{req.method}' is not allowed here.")

    def visible(self, created_at: float) -> bool:
        return created_at <= self.directory.mono()

    def visible_from(self) -> float:
        """When an object created now becomes visible to reads (eventual consistency)."""
        return self.directory.mono() + self.context.consistency_delay_s

    @staticmethod
    def odata_context(req: Request, entity_set: str, select: list[str] | None, entity: bool = False) -> str:
        suffix = f"({','.join(select)})" if select else ""
        return f"{req.base_url}/$metadata#{entity_set}{suffix}{'/$entity' if entity else ''}"

    @staticmethod
    def next_link(req: Request, path: str, token: str) -> str:
        params = {k: v for k, v in req.query.items() if k not in ("$skiptoken", "$deltatoken")}
        params["$skiptoken"] = token
        return f"{req.base_url}{path}?{urlencode(params, safe='$,')}"

    @staticmethod
    def check_unsupported(req: Request) -> None:
        if "$orderby" in req.query:
            raise unsupported_query("$orderby is not supported by the emulator.")
        if "$search" in req.query:
            if req.headers.get("consistencylevel", "").lower() != "eventual":
                raise bad_request("Request with $search query parameter only works through MSGraph with a special "
                                  "request header: 'ConsistencyLevel: eventual'", "Request_BadRequest")
            raise unsupported_query("$search is not supported by the emulator.")

    @staticmethod
    def want_count(req: Request) -> bool:
        raw = req.query.get("$count")
        if raw is None or raw.lower() == "false":
            return False
        if raw.lower() != "true":
            raise bad_request(f"Invalid value '{raw}' for $count.", "BadRequest")
        if req.headers.get("consistencylevel", "").lower() != "eventual":
            # aad-advanced-queries: without the header, `?$count=true` is silently ignored (only the `/$count`
            # segment answers an error).
            return False
        if "$expand" in req.query:
            raise unsupported_query("$expand is not currently supported in advanced queries (ConsistencyLevel: "
                                    "eventual with $count or $search).")
        return True

    def entity_select(self, req: Request, type_name: str) -> list[str] | None:
        allowed = {n for n, p in self.directory.schema.entities[type_name].items() if p.kind != "stream"}
        return parse_select(req.query.get("$select"), allowed, type_name)

    @staticmethod
    def page_by_id(req: Request, tenant: Tenant, order: list[str], lookup: Callable[[str], Any],
                   predicate: Callable[[Any], bool] | None, size: int, scope: str) -> tuple[list[Any], str | None]:
        """Cursor paging over a sorted id list: the skip token holds the last id returned."""
        start = 0
        token = req.query.get("$skiptoken")
        if token is not None:
            payload = decode_token(token, "skip")
            if payload.get("t") != tenant.id or payload.get("s") != scope:
                raise bad_request("The skip token belongs to another query or tenant.")
            start = bisect.bisect_right(order, payload["a"])
        page: list[Any] = []
        index = start
        more = False
        while index < len(order):
            item = lookup(order[index])
            index += 1
            if item is None or (predicate is not None and not predicate(item)):
                continue
            if len(page) == size:
                more = True
                break
            page.append(item)
        next_token = encode_token({"k": "skip", "t": tenant.id, "s": scope, "a": page[-1][0]}) \
            if more and page else None
        return page, next_token

    def listing(self, req: Request, tenant: Tenant, order: list[str], store: Mapping[str, Any],
                predicate: Callable[[Any], bool] | None, *, scope: str, path: str, entity_set: str,
                select: list[str] | None, render: Callable[[Any], dict[str, Any]], count: bool = False,
                size: int | None = None) -> Response:
        """One page of a collection: `order` is the sorted ids to page over, `store` holds the objects by id."""
        def lookup(object_id: str) -> tuple[str, Any] | None:
            item = store.get(object_id)
            return (object_id, item) if item is not None else None

        size = page_size(req.query) if size is None else size
        page, token = self.page_by_id(req, tenant, order, lookup, predicate, size, scope)
        payload: dict[str, Any] = {"@odata.context": self.odata_context(req, entity_set, select)}
        if count:
            payload["@odata.count"] = sum(1 for k, v in store.items() if predicate is None or predicate((k, v)))
        if token:
            payload["@odata.nextLink"] = self.next_link(req, path, token)
        payload["value"] = [render(item) for _, item in page]
        return json_response(200, payload, len(page))
