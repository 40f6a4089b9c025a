"""Whole-tenant restore plan benchmark (issue 16 case 2): run on purpose, prints its figures.

    .venv/bin/python tests/benchmarks/bench_restore_dry_run.py [--apps 10000] [--purged 200] [--recycled 100]

A tenant of 10,000 apps is backed up (with the emulator in its own process at Graph's L throttling budget, 100 ms
per request + 1 ms per object returned), some apps are deleted for good or moved to the recycle bin, then
`restore --all --dry-run` plans the whole tenant: the disaster-recovery path. Printed: wall time, requests,
resource units, 429s, and two floors:
- the listing floor, measured in the same run: the tenant's apps, their federated credentials and its service
  principals listed (16 parts each, all at once, as a backup lists them) and nothing else done with the answers.
  A plan of the whole tenant must read at least that, so its ratio says what the plan costs beyond reading. It
  starts as the preview does: the resource units drained and a full certificate-read budget (a listing that
  selects keyCredentials counts against 150 a minute per tenant, and since the service principals' are selected
  too a listing of 10,000 apps needs more than a minute's budget: measured right after the preview, the floor
  waited for the budget the preview had spent);
- the formula of the earlier runs: max(units / 800 per s, emulator requests x 100 ms / 32 in parallel), where
  the emulator counts every request inside a $batch too (it is kept to compare with the earlier figures; it
  falls with every request saved, so it is no fixed mark).
Before issue 16 the preview read every app by id in $batch (about 139,000 requests under L throttling,
126,732 of them throttled) and gave up after 242 s; the first listing version took 68.4 s (3,480 requests).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop_app.domain.document import APPLICATION_SELECT  # noqa: E402
from desktop_app.domain.enterprise import SERVICE_PRINCIPAL_SELECT  # noqa: E402
from desktop_app.domain.restore_plan import RestoreMode  # noqa: E402
from desktop_app.graph.client import GraphClient  # noqa: E402
from desktop_app.services.backup import BackupService  # noqa: E402
from desktop_app.services.restore import RestoreRequest, RestoreService  # noqa: E402
from desktop_app.services.tenants import GraphConnector  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from emulator_process import EmulatorProcess as Emulator  # noqa: E402
from throttled_tenant import LATENCY_MS, PER_OBJECT_MS, line, throttled_tenant  # noqa: E402

RU_PER_SECOND_L = 8000 / 10
CONCURRENCY = 32


class Counting(httpx.BaseTransport):
    """The HTTP requests the client sends (a $batch is one), and the requests inside the batches."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport(limits=httpx.Limits(max_connections=64, max_keepalive_connections=64))
        self.http = 0
        self.batched = 0
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        inside = len(json.loads(request.content)["requests"]) if request.url.path.endswith("/$batch") else 0
        with self._lock:
            self.http += 1
            self.batched += inside
        return self.inner.handle_request(request)


def listing_floor(graph: GraphClient) -> float:
    """Seconds to list the tenant's apps, their federated credentials and its service principals, 16 parts of
    each at once, doing nothing with the answers."""
    listings = [
        ("/applications", {"$select": ",".join(APPLICATION_SELECT), "$expand": "owners"}),
        ("/applications", {"$select": "id", "$expand": "federatedIdentityCredentials"}),
        ("/servicePrincipals", {"$select": ",".join(SERVICE_PRINCIPAL_SELECT), "$expand": "owners"}),
    ]
    t0 = time.monotonic()
    with ThreadPoolExecutor(len(listings) * 16) as pool:
        futures = [pool.submit(graph.get_all, path, {**params, "$top": 999, "$filter": f"startswith(appId,'{d}')"})
                   for path, params in listings for d in "0123456789abcdef"]
        for future in futures:
            future.result()
    return time.monotonic() - t0


def counters(emu: Emulator, tenant_id: str) -> dict[str, Any]:
    return dict(emu.counters()["tenants"][tenant_id])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--purged", type=int, default=200)
    parser.add_argument("--recycled", type=int, default=100)
    args = parser.parse_args()
    print(f"Regvault whole-tenant restore plan benchmark, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"Emulator: throttle L, {LATENCY_MS:.0f} ms + {PER_OBJECT_MS:.0f} ms/object, {args.apps:,} apps")
    with throttled_tenant("big", args.apps, seed=5) as world:
        emu, store, connector = world.emulator, world.store, world.connector
        tenant_id = world.tenant.tenant_id
        # The snapshot is only the starting point: its backup runs with the certificate-read limit lifted (at 150
        # a minute it takes nine minutes, and tests/benchmarks/bench_certificate_reads.py measures that). The
        # preview below runs with the limit on.
        emu.configure(key_credential_reads_per_minute=0)
        t0 = time.monotonic()
        backup = BackupService(store, connector, certificate_reads_per_minute=1e9).run(tenant_id)
        line("backup (to have a snapshot; certificate-read limit lifted)",
             f"{time.monotonic() - t0:.1f} s, {backup.requests:,} requests")
        emu.configure(key_credential_reads_per_minute=150)
        apps = store.apps_at(tenant_id, backup.snapshot_id)
        emu.configure(latency_ms=0, per_object_ms=0)
        with httpx.Client(base_url=emu.base_url, timeout=120,
                          headers={"Authorization": f"Bearer {emu.token('big')}"}) as http:
            for app in apps[: args.purged + args.recycled]:
                _write(http, "DELETE", f"/applications/{app.object_id}")
            for app in apps[: args.purged]:
                _write(http, "DELETE", f"/directory/deletedItems/{app.object_id}")
        emu.configure(latency_ms=LATENCY_MS, per_object_ms=PER_OBJECT_MS)
        line("damage", f"{args.purged} deleted for good, {args.recycled} in the recycle bin")
        time.sleep(10)  # the RU bucket drains, as it would between the damage and the restore
        before = counters(emu, tenant_id)
        counting = Counting()
        service = RestoreService(store, GraphConnector(timeout=120, transport=counting))
        t0 = time.monotonic()
        preview = service.preview(RestoreRequest(tenant_id, backup.snapshot_id, None, RestoreMode.WITH_OBJECT))
        seconds = time.monotonic() - t0
        after = counters(emu, tenant_id)
        emu.configure(key_credential_reads_per_minute=150)  # a full budget, as the preview had
        time.sleep(10)
        tenant = store.get_tenant(tenant_id)
        with GraphConnector(timeout=120)(tenant) as graph:
            floor_listing = listing_floor(graph)
    requests = after["requests"] - before["requests"]
    units = after["resource_units"] - before["resource_units"]
    throttled = after["throttled"] - before["throttled"]
    actions: dict[str, int] = {}
    for item in preview.items:
        actions[item.action.value] = actions.get(item.action.value, 0) + 1
    floor_units = units / RU_PER_SECOND_L
    floor_latency = requests * LATENCY_MS / 1000 / CONCURRENCY
    floor = max(floor_units, floor_latency)
    print("\nrestore --all --dry-run (RestoreService.preview):")
    line("apps planned", f"{len(preview.items):,} ({', '.join(f'{k} {v:,}' for k, v in sorted(actions.items()))})")
    line("wall time", f"{seconds:.1f} s")
    line("requests (HTTP, a $batch is one)", f"{counting.http:,} ({counting.batched:,} inside $batch)")
    line("requests (the emulator's count: each inside a $batch too)", f"{requests:,}")
    line("resource units", f"{units:,.0f}")
    line("throttled (429)", f"{throttled:,}")
    line("listing floor (apps, credentials, service principals)", f"{floor_listing:.1f} s")
    line("ratio to the listing floor", f"{seconds / floor_listing:.2f}x")
    line("earlier formula: units / 800 per s", f"{floor_units:.1f} s")
    line("earlier formula: emulator requests x 100 ms / 32", f"{floor_latency:.1f} s")
    line("ratio to the earlier formula", f"{seconds / floor:.2f}x" if floor else "-")


def _write(http: httpx.Client, method: str, url: str) -> None:
    while True:
        response = http.request(method, url)
        if response.status_code != 429:
            response.raise_for_status()
            return
        time.sleep(float(response.headers.get("Retry-After", "1")))


if __name__ == "__main__":
    main()
