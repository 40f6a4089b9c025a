"""The test hooks under /_emulator/ (loopback callers only, no token): tenants, counters, clock, churn, config.

They steer the emulator itself, not a tenant, so they speak to it through `HookTarget`, not through Graph's routes.
"""

from __future__ import annotations

import ipaddress
import json
from typing import Any, Protocol

from .messages import Response, json_response


class HookTarget(Protocol):
    """What the hooks need of the running emulator (`runner.Emulator` is one)."""

    @property
    def tenants(self) -> list[dict[str, Any]]: ...
    @property
    def clock_offset(self) -> float: ...
    def counters(self) -> dict[str, Any]: ...
    def advance_clock(self, seconds: float) -> None: ...
    def freeze_clock(self, frozen: bool) -> None: ...
    def now_iso(self) -> str: ...
    def churn(self, tenant: str, changes: int = 10, *, actor: str | None = None) -> list[dict[str, str]]: ...
    def config(self) -> dict[str, Any]: ...
    def configure(self, **knobs: Any) -> None: ...


def answer_hook(target: HookTarget, client_host: str, method: str, path: str, body: bytes) -> Response:
    try:
        if not ipaddress.ip_address(client_host).is_loopback:
            return json_response(403, {"error": {"code": "Forbidden", "message": "Test hooks are loopback only."}})
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
