"""Restore benchmark (issue 5): run on purpose, prints its figures.

    .venv/bin/python tests/benchmarks/bench_restore.py [--apps 1000] [--workers 32]

A tenant of 1,000 apps is backed up, every app is deleted permanently, then all are restored (recreated) with
the emulator in its own process at Graph's L throttling budget and 100 ms latency per request. Printed: wall
time, Graph writes, the floor Graph's write budget implies (3,000 writes per 150 s per app and tenant:
writes / 20 per second; and the same counting the bucket's initial burst of 3,000, which the emulator models),
duplicates (must be zero) and how many apps were verified (must be all).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop_app.domain.restore_plan import RestoreMode  # noqa: E402
from desktop_app.services.backup import BackupService  # noqa: E402
from desktop_app.services.restore import RestoreRequest, RestoreService, RestoreTiming  # noqa: E402
from desktop_app.services.tenants import GraphConnector, TenantService  # noqa: E402
from desktop_app.store import Store  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from emulator_process import EmulatorProcess as Emulator  # noqa: E402

LATENCY_MS = 100.0
WRITE_QUOTA = 3000
WRITE_WINDOW_S = 150.0
WRITES_PER_SECOND = WRITE_QUOTA / WRITE_WINDOW_S
RU_PER_SECOND_L = 8000 / 10


def seeded_apps_for(active: int) -> int:
    """The emulator puts every 33rd app (from the 18th) in the recycle bin: seed enough for `active` live ones."""
    n = active
    while n - ((n - 18) // 33 + 1 if n >= 18 else 0) < active:
        n += 1
    return n


def line(label: str, value: str) -> None:
    print(f"  {label:<52} {value}")


def delete_everything(emu: Emulator, tenant: str) -> int:
    http = httpx.Client(base_url=emu.base_url, headers={"Authorization": f"Bearer {emu.token(tenant)}"},
                        timeout=60, limits=httpx.Limits(max_connections=16))
    ids: list[str] = []
    url: str | None = "/applications"
    params: dict[str, object] | None = {"$select": "id", "$top": 999}
    while url:
        data = http.get(url, params=params).raise_for_status().json()
        ids += [a["id"] for a in data["value"]]
        url, params = data.get("@odata.nextLink"), None

    def purge(object_id: str) -> None:
        http.delete(f"/applications/{object_id}").raise_for_status()
        http.delete(f"/directory/deletedItems/{object_id}").raise_for_status()

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(purge, ids))
    http.close()
    return len(ids)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=RestoreTiming().workers)
    args = parser.parse_args()

    print(f"Restore benchmark: {args.apps:,} apps deleted permanently, recreated; emulator in its own process, "
          f"L throttling, {LATENCY_MS:.0f} ms latency")
    with Emulator(f"contoso:{seeded_apps_for(args.apps)}", seed=1) as emu, \
            tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "regvault.sqlite")
        connector = GraphConnector(timeout=120, max_retries=20, max_connections=max(48, args.workers * 2))
        tenant = TenantService(store, connector).add_emulator_tenant(emu.base_url, emu.tenant_id("contoso"))
        snapshot = BackupService(store, connector).run(tenant.tenant_id).snapshot_id
        apps = store.apps_at(tenant.tenant_id, snapshot)
        deleted = delete_everything(emu, "contoso")
        print(f"  (setup: {len(apps):,} apps backed up, {deleted:,} deleted permanently)")

        emu.configure(throttle="L", latency_ms=LATENCY_MS)  # fresh throttle buckets, as after a quiet while
        timing = replace(RestoreTiming(), workers=args.workers)
        service = RestoreService(store, connector, operator="benchmark", timing=timing)
        before = emu.counters()["tenants"][tenant.tenant_id]
        t0 = time.monotonic()
        preview = service.preview(RestoreRequest(tenant.tenant_id, snapshot, None, RestoreMode.WITH_OBJECT))
        t1 = time.monotonic()
        middle = emu.counters()["tenants"][tenant.tenant_id]
        report = service.run(preview)
        t2 = time.monotonic()
        after = emu.counters()["tenants"][tenant.tenant_id]

        http = httpx.Client(base_url=emu.base_url, headers={"Authorization": f"Bearer {emu.token('contoso')}"},
                            timeout=120)
        names: list[str] = []
        url: str | None = "/applications"
        params: dict[str, object] | None = {"$select": "displayName", "$top": 999}
        while url:
            data = http.get(url, params=params).raise_for_status().json()
            names += [a["displayName"] for a in data["value"]]
            url, params = data.get("@odata.nextLink"), None
        http.close()
        store.close()

    writes = after["writes"] - middle["writes"]
    run_seconds = t2 - t1
    floor = writes / WRITES_PER_SECOND
    burst_floor = max(0, writes - WRITE_QUOTA) / WRITES_PER_SECOND
    units = after["resource_units"] - middle["resource_units"]
    extra = sum((Counter(names) - Counter(a.display_name for a in apps)).values())
    counts = report.counts
    print("Preview (reads only)")
    line("wall time", f"{t1 - t0:.1f} s")
    line("requests / writes", f"{middle['requests'] - before['requests']:,} / "
                              f"{middle['writes'] - before['writes']}")
    print("Restore run")
    line("wall time", f"{run_seconds:.1f} s")
    line("apps verified / with warnings / failed / skipped",
         f"{counts['verified']} / {counts['warnings']} / {counts['failed']} / {counts['skipped']}")
    line("Graph writes (accepted by the emulator)", f"{writes:,} ({writes / max(1, len(apps)):.2f} per app)")
    line("writes sent by the client (with retries)", f"{report.writes:,}")
    line("requests / resource units", f"{after['requests'] - middle['requests']:,} / {units:,.0f}")
    line("throttled answers (429)", f"{after['throttled'] - middle['throttled']:,}")
    line("write-budget floor (writes / 20 per s)", f"{floor:.1f} s  -> wall/floor {run_seconds / floor:.2f}x")
    line("floor counting the initial burst of 3,000", f"{burst_floor:.1f} s  -> wall/floor "
         f"{run_seconds / burst_floor:.2f}x" if burst_floor else f"{burst_floor:.1f} s")
    line("resource-unit floor (units / 800 per s)", f"{units / RU_PER_SECOND_L:.1f} s")
    line("apps in the tenant afterwards / expected", f"{len(names):,} / {len(apps):,}")
    line("duplicates", f"{extra}")
    ok = extra == 0 and counts["failed"] == 0 and counts["skipped"] == 0 and len(names) == len(apps)
    line("target: within 1.3x of the write-budget floor", "met" if run_seconds <= 1.3 * floor else "NOT met")
    print("OK" if ok else "PROBLEMS: see above")


if __name__ == "__main__":
    main()
