"""The test hooks under /_emulator/: tenants, counters, clock, churn, config.

They steer the emulator itself, not a tenant, so they speak to it through `HookTarget`, not through Graph's routes.
A web page open on the machine must not be able to use them (change the demo's data, read the tenants' tokens):
- loopback callers only;
- the Host must be one of the emulator's own addresses (a page on a name rebound to 127.0.0.1 sends its own name);
- an Origin, when sent (browsers send it cross-origin and with every POST), must be the emulator's own;
- every hook needs the emulator's control token (`Authorization: Bearer <controlToken>`, printed on the start line):
  a cross-origin page can't send that header without a preflight the emulator never allows.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Mapping
from typing import Any, Protocol

from .messages import Response, json_response


class HookTarget(Protocol):
    """What the hooks need of the running emulator (`runner.Emulator` is one)."""

    @property
    def tenants(self) -> list[dict[str, Any]]: ...
    @property
    def clock_offset(self) -> float: ...
    @property
    def control_token(self) -> str: ...
    @property
    def own_hosts(self) -> frozenset[str]: ...
    def counters(self) -> dict[str, Any]: ...
    def advance_clock(self, seconds: float) -> None: ...
    def freeze_clock(self, frozen: bool) -> None: ...
    def now_iso(self) -> str: ...
    def churn(self, tenant: str, changes: int = 10, *, actor: str | None = None) -> list[dict[str, str]]: ...
    def config(self) -> dict[str, Any]: ...
    def configure(self, **knobs: Any) -> None: ...


def refusal(target: HookTarget, client_host: str, headers: Mapping[str, str]) -> Response | None:
    """Why this caller may not use the hooks (a 401 or 403 answer), or None."""
    if not ipaddress.ip_address(client_host).is_loopback:
        return _forbidden("Test hooks are loopback only.")
    host = headers.get("host", "").lower()
    if host not in target.own_hosts:
        return _forbidden("Test hooks answer only requests addressed to the emulator itself.")
    origin = headers.get("origin")
    if origin is not None and origin.lower().removeprefix("http://") not in target.own_hosts:
        return _forbidden("Test hooks refuse requests from another origin.")
    given = headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {target.control_token}".encode()):
        return json_response(401, {"error": {"code": "Unauthorized", "message":
                                             "Test hooks need the emulator's control token (controlToken)."}})
    return None


def _forbidden(message: str) -> Response:
    return json_response(403, {"error": {"code": "Forbidden", "message": message}})


def answer_hook(target: HookTarget, client_host: str, method: str, path: str, body: bytes,
                headers: Mapping[str, str]) -> Response:
    try:
        refused = refusal(target, client_host, headers)
        if refused is not None:
            return refused
        payload: dict[str, Any] = json.loads(body) if body.strip() else {}
        name = path[len("/_emulator/"):].strip("/")
        if name == "tenants" and method == "GET":
            return json_response(200, {"value": target.tenants})
        if name == "counters" and method == "GET":
            return json_response(200, target.counters())
        if name == "clock":
            if method == "POST":
                if "freeze" in payload:
                    target.freeze_clock(bool(payload["freeze"]))
                target.advance_clock(float(payload.get("advanceSeconds", 0)))
            return json_response(200, {"now": target.now_iso(), "offsetSeconds": target.clock_offset})
        if name == "churn" and method == "POST":
            try:
                actor = payload.get("actor")
                changes = target.churn(str(payload["tenant"]), int(payload.get("changes", 10)),
                                       actor=str(actor) if actor is not None else None)
            except KeyError as exc:
                raise ValueError(f"unknown tenant {exc}") from exc
            return json_response(200, {"value": changes})
        if name == "config":
            if method == "POST":
                target.configure(**payload)
            return json_response(200, target.config())
        return json_response(404, {"error": {"code": "NotFound", "message": f"No test hook '{name}'."}})
    except (ValueError, TypeError) as exc:
        return json_response(400, {"error": {"code": "BadRequest", "message": str(exc)}})
