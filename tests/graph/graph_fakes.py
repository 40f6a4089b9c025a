"""A fake Graph on httpx.MockTransport: each test gives a handler; the harness records requests and sleeps.

Tests import the helpers as `graph_fakes` (pytest's `pythonpath` setting puts this folder on sys.path)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import httpx

from desktop_app.graph import GraphClient, StaticTokenProvider

BASE = "https://graph.test/v1.0"
TOKEN = "read-secret-9f8e7d6c"
WRITE_TOKEN = "write-secret-1a2b3c4d"

Handler = Callable[[httpx.Request], httpx.Response]


class Harness:
    def __init__(self) -> None:
        self.sleeps: list[float] = []
        self.requests: list[httpx.Request] = []
        self._lock = threading.Lock()

    def client(self, handler: Handler, **kwargs: Any) -> GraphClient:
        def recording(request: httpx.Request) -> httpx.Response:
            with self._lock:
                self.requests.append(request)
            return handler(request)

        kwargs.setdefault("sleep", self.sleeps.append)
        return GraphClient(
            BASE, StaticTokenProvider(TOKEN, WRITE_TOKEN), transport=httpx.MockTransport(recording), **kwargs
        )


def graph_error(status: int, code: str, message: str, request_id: str = "rid-1", **headers: str) -> httpx.Response:
    body = {"error": {"code": code, "message": message,
                      "innerError": {"date": "2026-11-26T17:00:00", "request-id": request_id,
                                     "client-request-id": "c"}}}
    return httpx.Response(status, json=body, headers={"request-id": request_id, **headers})
