"""What a request and an answer are, below the HTTP server and `$batch` alike, and the paging size rule."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import orjson

from .errors import bad_request

JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
MAX_TOP = 999
DEFAULT_TOP = 100
_KEY = re.compile(r"^([A-Za-z.$]+)\((?:(\w+)=)?'((?:[^']|'')*)'\)$")


@dataclass
class Request:
    method: str
    path: str  # below /v1.0, e.g. "/applications/{id}"
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes = b""
    base_url: str = "http://127.0.0.1/v1.0"
    actor: Any = None  # who the token acts as (audit.Actor), set once it is authenticated


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    objects: int = 0  # how many objects the answer carries (per-object latency)


def json_response(status: int, payload: Any, objects: int = 0) -> Response:
    return Response(status, dump_json(payload), JSON, objects=objects)


def dump_json(payload: Any) -> bytes:
    """Compact UTF-8 JSON, as Graph sends it. orjson: the emulator's own CPU is not Graph's, and in the benchmarks
    it shares the machine with the client it serves; what orjson can't encode goes to the json module."""
    try:
        return orjson.dumps(payload)
    except TypeError:
        return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def no_content() -> Response:
    return Response(204)


def split_key(segment: str) -> tuple[str, str | None, str | None]:
    """'applications(appId='x')' -> ('applications', 'appId', 'x'); "applications('x')" -> (.., None, 'x')."""
    match = _KEY.match(segment)
    if not match:
        return segment, None, None
    return match.group(1), match.group(2) or "id", match.group(3).replace("''", "'")


def plain_key(segment: str) -> str:
    """The value of a routed key segment: "\\0name=value" (from `resource(name='value')`) or the segment itself."""
    return segment[1:].partition("=")[2] if segment.startswith("\0") else segment


def page_size(query: dict[str, str], default: int = DEFAULT_TOP) -> int:
    raw = query.get("$top")
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise bad_request(f"Invalid value '{raw}' for $top.", "BadRequest")
    if int(raw) > MAX_TOP:
        raise bad_request(f"Invalid page size specified: '{raw}'. Must be between 1 and {MAX_TOP} inclusive.",
                          "Request_BadRequest")
    return int(raw)
