"""`Emulator`: the in-process handle tests, demo mode and `regvault emulator` use."""

from __future__ import annotations

import collections
import hashlib
import ipaddress
import os
import pickle
import random
import secrets
import threading
from collections.abc import Iterable
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any

from .api import Api
from .churn import churn
from .clouds import CLOUDS
from .permissions import token_suffix
from .seed import seed_directory
from .server import FAULT_KINDS, GraphServer, Knobs, fault_rng
from .state import AppRecord, Directory, SpRecord, Tenant, iso
from .throttle import AuditReads, KeyCredentialReads, Throttle

THROTTLE_LEVELS = ("off", "S", "M", "L")
ENTRA_PLANS = ("free", "p1", "p2")
STATE_VERSION = 1  # of save_state's file: a different one is not loaded


class Emulator:
    def __init__(
        self,
        tenants: str = "contoso:50,fabrikam:20",
        *,
        seed: int = 1,
        host: str = "127.0.0.1",
        port: int = 0,
        latency_ms: float = 0.0,
        per_object_ms: float = 0.0,
        throttle: str = "off",
        fault_rate: float = 0.0,
        consistency_delay_s: float = 0.0,
        start_days_ago: float = 0.0,
    ) -> None:
        """`start_days_ago`: the emulator's clock starts that far in the past (then runs and moves forward
        as usual), so a demo can build a history of daily changes that ends today."""
        if start_days_ago < 0:
            raise ValueError("start_days_ago cannot be negative: the clock only moves forward")
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError("the emulator listens on loopback only")
        if throttle not in THROTTLE_LEVELS:
            raise ValueError(f"throttle must be one of {', '.join(THROTTLE_LEVELS)}")
        self.spec = tenants
        self.seed = seed
        self.host = host
        self.port = port
        self.knobs = Knobs(latency_ms=latency_ms, per_object_ms=per_object_ms, fault_rate=fault_rate,
                           consistency_delay_s=consistency_delay_s)
        self.directory = Directory(seed)
        self.directory.clock_offset = -start_days_ago * 86400
        seed_directory(self.directory, tenants, seed)
        self.api = Api(self.directory, Throttle(throttle), consistency_delay_s)
        self._fault_rng = fault_rng(seed)
        self._churn_rng = random.Random(f"churn:{seed}")
        self._actor_rng = random.Random(f"churn-actors:{seed}")  # apart: the same seed makes the same changes
        self._fault_lock = threading.Lock()
        # The test hooks under /_emulator/ steer the emulator: only a caller holding this token may use them.
        self.control_token = secrets.token_urlsafe(32)
        self._server: GraphServer | None = None
        self._thread: threading.Thread | None = None
        # Every Graph request as it arrived: method, the Host it was addressed to, path (no query: skip tokens).
        self.request_log: collections.deque[dict[str, str]] = collections.deque(maxlen=20_000)

    # ---- lifecycle ---------------------------------------------------------------------------------------

    def start(self) -> Emulator:
        if self._server is not None:
            return self
        self._server = GraphServer((self.host, self.port), self)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        name=f"graph-emulator-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None

    def serve_forever(self) -> None:
        """Blocks (the CLI); Ctrl+C ends it."""
        if self._thread is None:
            self.start()
        assert self._thread is not None
        try:
            while self._thread.is_alive():
                self._thread.join(timeout=0.5)
        finally:
            self.stop()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- kept across runs (the demo's tenants keep what was done to them) ----------------------------------

    def save_state(self, path: Path) -> None:
        """The tenants as they are now, for `load_state` in a later process (written whole, then renamed; the
        file is the user's alone). Only this emulator's own files are loaded back: they are pickles."""
        with self.directory.lock:
            data = pickle.dumps({"version": STATE_VERSION, "layout": _layout(self.directory),
                                 "spec": self.spec, "seed": self.seed,
                                 "directory": self.directory, "churn": self._churn_rng.getstate(),
                                 "actors": self._actor_rng.getstate()}, protocol=pickle.HIGHEST_PROTOCOL)
        partial = path.with_name(path.name + ".partial")
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            out.write(data)
        os.replace(partial, path)

    def load_state(self, path: Path) -> bool:
        """Go on from a state `save_state` wrote for the same tenants and seed, before `start`; False (nothing
        changed) when there is none or it is of other tenants, another seed or another version."""
        if self._server is not None:
            raise RuntimeError("load_state goes before start")
        try:
            state = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return False
        if not isinstance(state, dict) or (state.get("version"), state.get("spec"), state.get("seed")) != (
                STATE_VERSION, self.spec, self.seed) or state.get("layout") != _layout(self.directory):
            return False  # another emulator's, or one whose records had other fields: start from the seed
        clouds = self.api.clouds
        self.directory = state["directory"]
        self.api = Api(self.directory, self.api.throttle, self.knobs.consistency_delay_s)
        self.api.clouds.update(clouds)
        self._churn_rng.setstate(state["churn"])
        self._actor_rng.setstate(state["actors"])
        return True

    # ---- addresses and tenants ---------------------------------------------------------------------------

    @property
    def root_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1.0"

    @property
    def control_headers(self) -> dict[str, str]:
        """What a caller of the test hooks sends (the control token as a bearer token)."""
        return {"Authorization": f"Bearer {self.control_token}"}

    @property
    def own_hosts(self) -> frozenset[str]:
        """The Host headers the hooks accept: this emulator's own addresses, never a name a page could rebind."""
        return frozenset({f"127.0.0.1:{self.port}", f"localhost:{self.port}", f"[::1]:{self.port}",
                          f"{self.host}:{self.port}" if ":" not in self.host else f"[{self.host}]:{self.port}"})

    @property
    def tenants(self) -> list[dict[str, Any]]:
        return [t.public() for t in self.directory.tenants.values()]

    def tenant_id(self, name: str) -> str:
        return self.directory.tenant(name).id

    def token(self, name_or_id: str, read_only: bool = False, *, permissions: Iterable[str] | None = None,
              acting_as: str | None = None) -> str:
        """The tenant's token: every permission, the read permissions only, or exactly `permissions` (Graph's
        names, e.g. ["Application.ReadWrite.All", "User.Read"]); `acting_as` a user's userPrincipalName or
        "app:<appId>" (who the audit log names), else the tenant's administrator."""
        tenant_id = self.directory.tenant(name_or_id).id
        if permissions is not None:
            token = f"emulator.{tenant_id}.{token_suffix(permissions)}"
        else:
            token = f"emulator.{tenant_id}.read" if read_only else f"emulator.{tenant_id}"
        return f"{token}~{acting_as}" if acting_as else token

    def named_users(self, name_or_id: str) -> list[dict[str, Any]]:
        """The tenant's seeded administrators (who the demo's history and the start line name)."""
        tenant = self.directory.tenant(name_or_id)
        return [{"id": u, "userPrincipalName": tenant.users[u]["userPrincipalName"],
                 "displayName": tenant.users[u]["displayName"],
                 "token": self.token(tenant.id, acting_as=tenant.users[u]["userPrincipalName"])}
                for u in tenant.named_users]

    def info(self) -> dict[str, Any]:
        """What `regvault emulator` prints on start (one JSON line)."""
        return {
            "baseUrl": self.base_url,
            "rootUrl": self.root_url,
            "seed": self.seed,
            "throttle": self.api.throttle.level,
            "controlToken": self.control_token,
            "tenants": [
                {**t, "token": self.token(t["id"]), "readToken": self.token(t["id"], read_only=True),
                 "users": self.named_users(t["id"])}
                for t in self.tenants
            ],
        }

    # ---- clock, counters, knobs --------------------------------------------------------------------------

    @property
    def clock_offset(self) -> float:
        return self.directory.clock_offset

    def advance_clock(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self.directory.lock:
            self.directory.clock_offset += seconds
            for tenant in self.directory.tenants.values():
                self.directory.purge_expired(tenant)

    def freeze_clock(self, frozen: bool) -> None:
        """Stop (or restart) the monotonic clock that throttling and eventual consistency run on, so a test that counts
        budget or visibility doesn't depend on how fast a loaded machine answers; advance_clock still moves it."""
        with self.directory.lock:
            self.directory.freeze(frozen)

    def now_iso(self) -> str:
        return iso(self.directory.now())

    def now(self) -> datetime:
        """The emulator's clock (wall time, moved by start_days_ago and advance_clock)."""
        return self.directory.now()

    def counters(self) -> dict[str, Any]:
        return self.api.counters_snapshot()

    def churn(self, tenant: str, changes: int = 10, *, actor: str | None = None) -> list[dict[str, str]]:
        """Seeded portal-style edits (rename, redirect URI, secret, owners, logo, consent, delete, create...) for
        demo history, each made by one of the tenant's named users (or `actor`, a userPrincipalName) and in its
        audit log."""
        made = churn(self.directory, self.directory.tenant(tenant), changes, self._churn_rng, self._actor_rng,
                     actor)
        return [change.as_dict() for change in made]

    def count_fault(self, authorization: str | None = None) -> None:
        """An injected fault, counted in the total and for the tenant the request's token names (if any)."""
        token = (authorization or "").removeprefix("Bearer ").strip().partition("~")[0]
        tenant_id = token.split(".")[1] if token.startswith("emulator.") and token.count(".") >= 1 else None
        with self.directory.lock:
            self.api.total.faults += 1
            if tenant_id is not None and tenant_id in self.directory.tenants:
                self.api.count_fault(tenant_id)

    def log_request(self, method: str, host: str, path: str) -> None:
        self.request_log.append({"method": method, "host": host.split(":")[0].lower(), "path": path})

    def serve_as(self, tenant: str, cloud: str) -> None:
        """Serve `tenant` (id or name) as a tenant of `cloud` (global, usgov, usgovdod, china): requests for it
        addressed to another cloud's Graph host are refused, as Graph refuses a token of another cloud."""
        if cloud not in CLOUDS:
            raise ValueError(f"cloud is one of {', '.join(sorted(CLOUDS))}")
        tenant_id = self.directory.tenant(tenant).id
        with self.directory.lock:
            self.api.clouds[tenant_id] = cloud

    def pick_fault(self) -> str | None:
        if self.knobs.fault_rate <= 0:
            return None
        with self._fault_lock:
            if self._fault_rng.random() >= self.knobs.fault_rate:
                return None
            return self._fault_rng.choice(self.knobs.fault_kinds)

    def config(self) -> dict[str, Any]:
        throttle = self.api.throttle
        return {
            "latencyMs": self.knobs.latency_ms,
            "perObjectMs": self.knobs.per_object_ms,
            "faultRate": self.knobs.fault_rate,
            "faultKinds": list(self.knobs.fault_kinds),
            "slowMs": self.knobs.slow_ms,
            "consistencyDelaySeconds": self.api.consistency_delay_s,
            "throttle": throttle.level,
            "ruQuota": throttle.ru_quota,
            "writeQuota": throttle.write_quota,
            "keyCredentialReadsPerMinute": self.api.key_reads.per_minute,
            "credentialPolicy": self.directory.credential_policy,
            "newAppInstanceLock": self.directory.new_app_instance_lock,
            "auditDelaySeconds": self.directory.audit_log.delay_s,
            "auditRetentionDays": self.directory.audit_log.retention_days,
            "auditReadsPer10Seconds": self.api.audit_reads.per_10_seconds,
            "entraPlans": {t.name: t.plan for t in self.directory.tenants.values()},
        }

    _CONFIG_NAMES = {
        "latencyMs": "latency_ms", "perObjectMs": "per_object_ms", "faultRate": "fault_rate",
        "faultKinds": "fault_kinds", "slowMs": "slow_ms", "consistencyDelaySeconds": "consistency_delay_s",
        "ruQuota": "ru_quota", "writeQuota": "write_quota",
        "keyCredentialReadsPerMinute": "key_credential_reads_per_minute", "credentialPolicy": "credential_policy",
        "newAppInstanceLock": "new_app_instance_lock", "auditDelaySeconds": "audit_delay_s",
        "auditRetentionDays": "audit_retention_days", "auditReadsPer10Seconds": "audit_reads_per_10_seconds",
        "entraPlans": "entra_plans",
    }

    def configure(self, **knobs: Any) -> None:
        """Change knobs at run time. Accepts snake_case or the camelCase names of GET /_emulator/config."""
        knobs = {self._CONFIG_NAMES.get(k, k): v for k, v in knobs.items()}
        allowed = {"latency_ms", "per_object_ms", "fault_rate", "fault_kinds", "slow_ms", "consistency_delay_s",
                   "throttle", "ru_quota", "write_quota", "key_credential_reads_per_minute", "credential_policy",
                   "new_app_instance_lock", "audit_delay_s", "audit_retention_days", "audit_reads_per_10_seconds",
                   "entra_plans"}
        unknown = set(knobs) - allowed
        if unknown:
            raise ValueError(f"unknown emulator setting(s): {', '.join(sorted(unknown))}")
        # Everything is checked before anything changes: a refused request applies nothing.
        numbers = {}
        for name in ("latency_ms", "per_object_ms", "slow_ms", "consistency_delay_s", "fault_rate",
                     "ru_quota", "write_quota", "audit_delay_s", "audit_retention_days", "audit_reads_per_10_seconds"):
            if name in knobs and knobs[name] is not None:
                try:
                    numbers[name] = float(knobs[name])
                except (TypeError, ValueError):
                    raise ValueError(f"{name} must be a number") from None
                if numbers[name] < 0:
                    raise ValueError(f"{name} can't be negative")
        if "fault_rate" in numbers and not numbers["fault_rate"] <= 1:
            raise ValueError("faultRate is between 0 and 1")
        kinds = None
        if "fault_kinds" in knobs:
            kinds = list(knobs["fault_kinds"] or [])
            if not kinds or set(kinds) - set(FAULT_KINDS):
                raise ValueError(f"fault kinds are among {', '.join(FAULT_KINDS)}")
        throttle = None
        if {"throttle", "ru_quota", "write_quota"} & set(knobs):
            level = knobs.get("throttle", self.api.throttle.level)
            if level not in THROTTLE_LEVELS:
                raise ValueError(f"throttle must be one of {', '.join(THROTTLE_LEVELS)}")
            throttle = Throttle(level, numbers.get("ru_quota"), numbers.get("write_quota"))
        reads = None
        if knobs.get("key_credential_reads_per_minute") is not None:
            try:
                reads = int(knobs["key_credential_reads_per_minute"])
            except (TypeError, ValueError):
                raise ValueError("keyCredentialReadsPerMinute must be a whole number") from None
            if reads < 0:
                raise ValueError("keyCredentialReadsPerMinute can't be negative")
        plans: dict[str, str] = {}
        for name, plan in (knobs.get("entra_plans") or {}).items():
            if plan not in ENTRA_PLANS:
                raise ValueError(f"an Entra ID plan is one of {', '.join(ENTRA_PLANS)}")
            try:
                plans[self.directory.tenant(str(name)).id] = plan
            except KeyError:
                raise ValueError(f"unknown tenant {name!r}") from None
        policy = knobs.get("credential_policy")
        if policy is not None and not isinstance(policy, dict):
            raise ValueError('credentialPolicy is null or {"maxKeyLifetimeDays": N}')
        with self.directory.lock:
            for name in ("latency_ms", "per_object_ms", "slow_ms", "fault_rate"):
                if name in numbers:
                    setattr(self.knobs, name, numbers[name])
            if kinds is not None:
                self.knobs.fault_kinds = kinds
            if reads is not None:
                self.api.key_reads = KeyCredentialReads(reads)
            if "audit_delay_s" in numbers:
                self.directory.audit_log.delay_s = numbers["audit_delay_s"]
            if "audit_retention_days" in numbers:
                self.directory.audit_log.retention_days = numbers["audit_retention_days"]
            if "audit_reads_per_10_seconds" in numbers:
                self.api.audit_reads = AuditReads(int(numbers["audit_reads_per_10_seconds"]))
            for tenant_id, plan in plans.items():
                self.directory.tenants[tenant_id].plan = plan
            if "new_app_instance_lock" in knobs:
                self.directory.new_app_instance_lock = bool(knobs["new_app_instance_lock"])
            if "credential_policy" in knobs:
                self.directory.credential_policy = policy
                self.directory.credential_policy_since = self.directory.now().replace(microsecond=0) if policy else None
            if "consistency_delay_s" in numbers:
                self.knobs.consistency_delay_s = numbers["consistency_delay_s"]
                self.api.consistency_delay_s = self.knobs.consistency_delay_s
            if throttle is not None:
                self.api.throttle = throttle


def _layout(directory: Directory) -> str:
    """The fields of what save_state pickles: a state saved by an emulator whose records had other fields (a field
    added since) is not loaded, as objects missing it would fail at their first request."""
    parts = [sorted(vars(directory)), sorted(vars(directory.audit_log)), list(AppRecord.__slots__),
             list(SpRecord.__slots__), [f.name for f in fields(Tenant)]]
    return hashlib.sha256(repr(parts).encode()).hexdigest()
