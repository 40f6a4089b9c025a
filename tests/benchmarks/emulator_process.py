"""The emulator in a process of its own, as Graph would be: benchmarks must not share a GIL with it."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import httpx

_CAMEL = {"latency_ms": "latencyMs", "per_object_ms": "perObjectMs", "fault_rate": "faultRate"}


class EmulatorProcess:
    def __init__(self, tenants: str, *, seed: int = 1, throttle: str = "off", latency_ms: float = 0,
                 per_object_ms: float = 0) -> None:
        self._argv = [
            sys.executable, "-m", "desktop_app.cli", "emulator", "--port", "0", "--tenants", tenants,
            "--seed", str(seed), "--throttle", throttle, "--latency-ms", str(latency_ms),
            "--per-object-ms", str(per_object_ms),
        ]
        self._process: subprocess.Popen[str] | None = None
        self.info: dict[str, Any] = {}

    def __enter__(self) -> EmulatorProcess:
        self._process = subprocess.Popen(self._argv, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        self.info = json.loads(self._process.stdout.readline())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=30)

    @property
    def base_url(self) -> str:
        return str(self.info["baseUrl"])

    @property
    def root_url(self) -> str:
        return str(self.info["rootUrl"])

    def _tenant(self, key: str) -> dict[str, Any]:
        return next(t for t in self.info["tenants"] if key in (t["name"], t["id"]))

    def tenant_id(self, name: str) -> str:
        return str(self._tenant(name)["id"])

    def token(self, name: str, read_only: bool = False) -> str:
        return str(self._tenant(name)["readToken" if read_only else "token"])

    def users(self, name: str) -> list[dict[str, Any]]:
        """The tenant's named users (their ids, userPrincipalName and a token each, to write as them)."""
        return list(self._tenant(name)["users"])

    @property
    def control_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.info['controlToken']}"}

    def counters(self) -> dict[str, Any]:
        return httpx.get(f"{self.root_url}/_emulator/counters", headers=self.control_headers,
                         timeout=30).raise_for_status().json()

    def configure(self, **knobs: Any) -> None:
        body = {_CAMEL.get(k, k): v for k, v in knobs.items()}
        httpx.post(f"{self.root_url}/_emulator/config", json=body, headers=self.control_headers,
                   timeout=30).raise_for_status()
