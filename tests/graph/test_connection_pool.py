"""The real httpx pool on a loopback server: 16 threads really run in parallel and connections are reused."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from desktop_app.graph import GraphClient, StaticTokenProvider

PARALLEL = 16


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    barrier: threading.Barrier
    peers: set[tuple[str, int]]
    lock: threading.Lock


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        with self.server.lock:
            self.server.peers.add(self.client_address)
        body: dict[str, Any]
        try:
            # Answers only once all 16 requests are in flight at the same time.
            self.server.barrier.wait(timeout=5)
            status, body = 200, {"value": []}
        except threading.BrokenBarrierError:
            status, body = 500, {"error": {"code": "NotParallel", "message": "requests were serialised"}}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server(("127.0.0.1", 0), _Handler)
    srv.peers = set()
    srv.lock = threading.Lock()
    srv.barrier = threading.Barrier(PARALLEL)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def test_16_threads_share_one_client_in_parallel_and_reuse_connections(server: _Server) -> None:
    base = f"http://127.0.0.1:{server.server_address[1]}/v1.0"
    with GraphClient(base, StaticTokenProvider("t"), max_connections=PARALLEL, timeout=10, max_retries=0) as client, \
            ThreadPoolExecutor(PARALLEL) as pool:
        for _round in range(3):
            results = list(pool.map(lambda _: client.get_all("/applications"), range(PARALLEL)))
            assert results == [[]] * PARALLEL
            server.barrier.reset()

    # Three rounds of 16 requests over at most 16 connections: keep-alive works.
    assert len(server.peers) <= PARALLEL
    assert client.stats.requests == 3 * PARALLEL
