"""The HTTP side: a threaded HTTP/1.1 keep-alive server on loopback, latency, injected faults, test hooks."""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

from .api import Api
from .errors import ApiError
from .hooks import HookTarget, answer_hook
from .messages import JSON, Request, Response

FAULT_KINDS = ("503-retry-after", "503", "429", "drop", "drop-after-processing", "slow")


@dataclass
class Knobs:
    latency_ms: float = 0.0
    per_object_ms: float = 0.0
    fault_rate: float = 0.0
    fault_kinds: list[str] = field(default_factory=lambda: list(FAULT_KINDS))
    slow_ms: float = 3000.0
    consistency_delay_s: float = 0.0


class ServedEmulator(HookTarget, Protocol):
    """What the server needs of the emulator it serves (`runner.Emulator`; the server does not import it)."""

    api: Api
    knobs: Knobs

    @property
    def base_url(self) -> str: ...
    def pick_fault(self) -> str | None: ...
    def count_fault(self, authorization: str | None = None) -> None: ...
    def log_request(self, method: str, host: str, path: str) -> None: ...


class GraphServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], emulator: ServedEmulator) -> None:
        self.emulator = emulator
        self.open_sockets: set[socket.socket] = set()
        self.sockets_lock = threading.Lock()
        super().__init__(address, GraphHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.sockets_lock:
            self.open_sockets.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.sockets_lock:
            self.open_sockets.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self.sockets_lock:
            sockets = list(self.open_sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class GraphHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "RegvaultGraphEmulator/1.0"
    sys_version = ""
    disable_nagle_algorithm = True
    timeout = 300  # an idle keep-alive connection is dropped after this many seconds
    server: GraphServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # never log: request lines carry tokens in $batch bodies and skip tokens

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._serve()

    def do_POST(self) -> None:  # noqa: N802
        self._serve()

    def do_PATCH(self) -> None:  # noqa: N802
        self._serve()

    def do_PUT(self) -> None:  # noqa: N802
        self._serve()

    def do_DELETE(self) -> None:  # noqa: N802
        self._serve()

    def _read_body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length:
            return self.rfile.read(int(length))
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        return b""

    def _serve(self) -> None:
        emulator = self.server.emulator
        body = self._read_body()
        parts = urlsplit(self.path)
        if parts.path.startswith("/_emulator/") or parts.path == "/_emulator":
            headers = {k.lower(): v for k, v in self.headers.items()}
            self._send(answer_hook(emulator, self.client_address[0], self.command, parts.path, body, headers))
            return
        knobs = emulator.knobs
        fault = emulator.pick_fault()
        if fault is not None:
            emulator.count_fault(self.headers.get("Authorization"))
            if fault == "drop":
                self._drop()
                return
            if fault == "slow":
                time.sleep(knobs.slow_ms / 1000)
            elif fault != "drop-after-processing":
                self._send(self._fault_response(fault))
                return
        headers = {k.lower(): v for k, v in self.headers.items()}
        emulator.log_request(self.command, headers.get("host", ""), parts.path)
        if not parts.path.startswith("/v1.0/") and parts.path != "/v1.0":
            response = emulator.api.error_response(
                ApiError(400, "BadRequest", "Invalid version: use /v1.0."), str(uuid.uuid4()),
                headers.get("client-request-id", ""))
        else:
            request = Request(self.command, parts.path[len("/v1.0"):] or "/",
                              dict(parse_qsl(parts.query, keep_blank_values=True)), headers, body, emulator.base_url)
            try:
                response = emulator.api.handle(request)
            except Exception as exc:  # a bug of the emulator: answer like Graph's 500, keep serving
                response = emulator.api.error_response(
                    ApiError(500, "InternalServerError", f"Emulator error: {type(exc).__name__}"),
                    str(uuid.uuid4()), headers.get("client-request-id", ""))
        if fault == "drop-after-processing":
            self._drop()
            return
        delay = knobs.latency_ms + knobs.per_object_ms * response.objects
        if delay > 0:
            time.sleep(delay / 1000)
        self._send(response)

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _fault_response(self, fault: str) -> Response:
        api = self.server.emulator.api
        request_id = str(uuid.uuid4())
        client_request_id = self.headers.get("client-request-id") or request_id
        if fault == "429":
            error = ApiError(429, "TooManyRequests", "Too many requests (injected fault).",
                             headers={"Retry-After": "1"})
        else:
            error = ApiError(503, "serviceNotAvailable", "Service unavailable (injected fault).",
                             headers={"Retry-After": "1"} if fault == "503-retry-after" else {})
        response = api.error_response(error, request_id, client_request_id)
        response.headers.update({"request-id": request_id, "client-request-id": client_request_id})
        return response

    def _send(self, response: Response) -> None:
        try:
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            if response.content_type:
                self.send_header("Content-Type", response.content_type)
            if response.status != 204:
                self.send_header("Content-Length", str(len(response.body)))
            if response.status >= 400 or response.content_type:
                self.send_header("OData-Version", "4.0") if response.content_type == JSON else None
            self.end_headers()
            if response.body and response.status != 204:
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def fault_rng(seed: int) -> random.Random:
    return random.Random(f"faults:{seed}")
