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


@pytest.fixture(params=[PARALLEL, 48], ids=["16 threads", "48 threads"])
def server(request: pytest.FixtureRequest) -> Iterator[_Server]:
    srv = _Server(("127.0.0.1", 0), _Handler)
    srv.peers = set()
    srv.lock = threading.Lock()
    srv.barrier = threading.Barrier(request.param)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def test_threads_share_one_client_in_parallel_and_reuse_connections(server: _Server) -> None:
    """Beyond httpx's default of 20 kept-alive connections too (a backup runs about 80 threads): each connection
    past 20 used to be closed after its answer and opened again, a TLS handshake each time on real Graph."""
    parallel = server.barrier.parties
    base = f"http://127.0.0.1:{server.server_address[1]}/v1.0"
    with GraphClient(base, StaticTokenProvider("t"), max_connections=parallel, timeout=10, max_retries=0) as client, \
            ThreadPoolExecutor(parallel) as pool:
        for _round in range(3):
            results = list(pool.map(lambda _: client.get_all("/applications"), range(parallel)))
            assert results == [[]] * parallel
            server.barrier.reset()

    # Three rounds of N requests over at most N connections: keep-alive works.
    assert len(server.peers) <= parallel
    assert client.stats.requests == 3 * parallel
