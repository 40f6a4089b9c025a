"""An HTTP proxy in front of the emulator, in this process, that mangles what Graph answers: a listing page cut
short or emptied, a nextLink dropped, an app without its id, JSON nested too deep. The client under test is
pointed at the proxy's base URL and can't tell it from Graph; nextLinks are rewritten to come back through it.

    with ManglingProxy(emulator) as proxy:
        proxy.rule = lambda exchange: ...   # change exchange.body / exchange.status, or leave them
        tenants.add_emulator_tenant(proxy.base_url, tenant_id)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from desktop_app.emulator import Emulator

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host"}


@dataclass
class Exchange:
    """One request and the emulator's answer, as a rule sees and changes it."""

    method: str
    path: str  # without the query
    query: dict[str, str]
    status: int
    body: bytes

    @property
    def listing_apps(self) -> bool:
        """A page of GET /applications that lists apps with every property (a backup's listing)."""
        return self.method == "GET" and self.path == "/v1.0/applications" and "owners" in self.query.get("$expand", "")

    def document(self) -> Any:
        return json.loads(self.body)

    def replace(self, document: Any) -> None:
        self.body = json.dumps(document).encode()


Rule = Callable[[Exchange], None]
RequestRule = Callable[[str, str, dict[str, str]], dict[str, str]]  # (method, path, query) -> query to send


class ManglingProxy:
    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.rule: Rule = lambda _exchange: None
        self.request_rule: RequestRule = lambda _method, _path, query: query
        self.mangled = 0  # answers a rule changed
        self._lock = threading.Lock()
        self._http = httpx.Client(base_url=emulator.root_url, timeout=60)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                query = proxy.request_rule(self.command, parts.path, query)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                answer = proxy._http.request(self.command, parts.path, params=query or None, headers=headers,
                                             content=body)
                exchange = Exchange(self.command, parts.path, query, answer.status_code,
                                    answer.content.replace(proxy.emulator.root_url.encode(), proxy.root_url.encode()))
                before = (exchange.status, exchange.body)
                proxy.rule(exchange)
                if (exchange.status, exchange.body) != before:
                    with proxy._lock:
                        proxy.mangled += 1
                self.send_response(exchange.status)
                for name, value in answer.headers.items():
                    if name.lower() not in HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(exchange.body)))
                self.end_headers()
                self.wfile.write(exchange.body)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _forward  # noqa: N815

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.root_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.base_url = f"{self.root_url}/v1.0"
        self._thread = threading.Thread(target=self._server.serve_forever, name="mangling-proxy", daemon=True)

    def __enter__(self) -> ManglingProxy:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._http.close()
