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
