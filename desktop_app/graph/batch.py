"""The request and answer types of Graph's JSON batching (`POST /$batch`, graph-notes §8)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

from desktop_app.graph.errors import GraphError

MAX_BATCH_SIZE = 20  # Graph rejects a $batch with more inner requests
SAFE_METHODS = frozenset({"GET", "PUT", "DELETE", "PATCH"})  # PATCH of whole properties is idempotent here


@dataclass(frozen=True)
class BatchRequest:
    """One inner request. `url` is relative to the API version ("/applications/{id}/owners")."""

    id: str
    method: str
    url: str
    body: Any = None
    headers: dict[str, str] | None = None
    depends_on: tuple[str, ...] | list[str] | None = None
    # A POST that may be repeated without harm (e.g. a lookup via POST) is retried like a GET.
    retry_safe: bool = False

    @property
    def safe_to_repeat(self) -> bool:
        return self.method.upper() in SAFE_METHODS or self.retry_safe

    def to_json(self) -> dict[str, Any]:
        item: dict[str, Any] = {"id": self.id, "method": self.method.upper(), "url": self.url}
        headers = dict(self.headers or {})
        if self.body is not None:
            item["body"] = self.body
            # Graph requires a Content-Type for inner requests that carry a body.
            if not any(k.lower() == "content-type" for k in headers):
                headers["Content-Type"] = "application/json"
        if headers:
            item["headers"] = headers
        if self.depends_on:
            item["dependsOn"] = list(self.depends_on)
        return item


@dataclass(frozen=True)
class BatchResponse:
    """One inner answer, as Graph gave it. Header names are lower-cased."""

    id: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    # Filled in by the client for a failed inner request (status >= 400): method and url of the request.
    method: str | None = None
    url: str | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400

    @property
    def error(self) -> GraphError | None:
        """The parsed Graph error of a failed inner request, None when it succeeded."""
        if self.ok:
            return None
        return GraphError.from_response(self.status, self.body, self.headers, method=self.method, path=self.url)

    def raise_for_status(self) -> None:
        err = self.error
        if err is not None:
            raise err

    @property
    def json(self) -> dict[str, Any]:
        """The body as a JSON object ({} when the answer has no JSON object body, e.g. 204)."""
        return self.body if isinstance(self.body, dict) else {}

    @property
    def raw(self) -> bytes | None:
        """The body's bytes: Graph base64-encodes non-JSON inner bodies (a logo, a certificate)."""
        if self.body is None:
            return None
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            content_type = self.headers.get("content-type", "").lower()
            if "json" in content_type or content_type.startswith("text/"):
                return self.body.encode("utf-8")
            try:
                return base64.b64decode(self.body, validate=True)
            except (binascii.Error, ValueError):
                return self.body.encode("utf-8")
        import json

        return json.dumps(self.body).encode("utf-8")


def next_envelopes(pending: list[BatchRequest]) -> list[list[BatchRequest]]:
    """What to send next of `pending` (in input order; their `depends_on` name only requests still pending):
    envelopes Graph accepts, each fully parallel (no dependsOn) or fully sequential (every request after the first
    depends on one before it: microsoft-graph-docs-contrib#2339, a mix is refused whole).

    A chain (requests joined by dependsOn) goes whole in one sequential envelope, 20 at most, the rest of it in a
    later round; independent requests go 20 to a parallel envelope. A chain with several first requests (none of
    them depending on anything pending) can't be sent as one: its first requests go alone, in parallel, and the
    rest of it follows in a later round, so nothing runs before what it depends on."""
    by_id = {r.id: r for r in pending}
    group = {r.id: r.id for r in pending}

    def root(request_id: str) -> str:
        while group[request_id] != request_id:
            group[request_id] = group[group[request_id]]
            request_id = group[request_id]
        return request_id

    for request in pending:
        for dependency in request.depends_on or ():
            if dependency in by_id:
                group[root(request.id)] = root(dependency)
    chains: dict[str, list[BatchRequest]] = {}
    for request in pending:
        chains.setdefault(root(request.id), []).append(request)
    alone: list[BatchRequest] = []
    envelopes: list[list[BatchRequest]] = []
    for members in chains.values():
        starts = [r for r in members if not r.depends_on]
        if len(members) == 1 or len(starts) > 1:
            alone.extend(starts)
        else:
            envelopes.append(members[:MAX_BATCH_SIZE])
    order = {r.id: i for i, r in enumerate(pending)}
    alone.sort(key=lambda r: order[r.id])
    envelopes += [alone[i:i + MAX_BATCH_SIZE] for i in range(0, len(alone), MAX_BATCH_SIZE)]
    envelopes.sort(key=lambda e: order[e[0].id])
    return envelopes
