"""What the benchmarks against one big tenant share: the emulator in its own process at Graph's L throttling, 100 ms
per request + 1 ms per object returned, the tenant added to a store in a temporary folder, and the figures printed
as aligned lines."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from emulator_process import EmulatorProcess

from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store, TenantInfo

LATENCY_MS = 100.0
PER_OBJECT_MS = 1.0


def line(label: str, value: str) -> None:
    print(f"  {label:<60} {value}", flush=True)


@dataclass(frozen=True)
class ThrottledTenant:
    emulator: EmulatorProcess
    store: Store
    connector: GraphConnector
    tenant: TenantInfo


@contextmanager
def throttled_tenant(name: str, apps: int, seed: int) -> Iterator[ThrottledTenant]:
    """The emulator with one tenant `name` of `apps` apps, at L throttling and LATENCY_MS + PER_OBJECT_MS, added to a
    store in a temporary folder (closed afterwards)."""
    with tempfile.TemporaryDirectory() as folder, EmulatorProcess(
            tenants=f"{name}:{apps}", seed=seed, throttle="L", latency_ms=LATENCY_MS,
            per_object_ms=PER_OBJECT_MS) as emulator:
        store = Store.open(Path(folder) / "regvault.sqlite")
        try:
            connector = GraphConnector(timeout=120)
            tenant = TenantService(store, connector).add_emulator_tenant(emulator.base_url, emulator.tenant_id(name))
            yield ThrottledTenant(emulator, store, connector, tenant)
        finally:
            store.close()
