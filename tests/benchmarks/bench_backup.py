"""Backup benchmark (issue 3): run on purpose, prints its figures.

    .venv/bin/python tests/benchmarks/bench_backup.py [--apps 10000] [--naive-apps 200] [--history-apps 2000]

Against the emulator with Graph's L throttling budget and 100 ms + 1 ms per object returned:
1. a full backup of a 10,000-app tenant: wall time, requests, resource units, and the floor they imply;
2. a naive backup (list, then owners and federated credentials one request at a time) of a 200-app tenant,
   scaled linearly to the large tenant;
3. a second backup after 1% of the apps changed;
4. database size after 30 daily backups of a 2,000-app tenant with 1% daily churn, against 30 full JSON exports.
The certificate-read limit (150 a minute) is lifted unless --certificate-limit: bench_certificate_reads.py measures it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop_app.domain.document import APPLICATION_SELECT  # noqa: E402
from desktop_app.services.backup import BackupService, BackupSummary  # noqa: E402
from desktop_app.services.tenants import GraphConnector, TenantService  # noqa: E402
from desktop_app.store import Store  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from emulator_process import EmulatorProcess as Emulator  # noqa: E402

LATENCY_MS = 100.0
PER_OBJECT_MS = 1.0
RU_PER_SECOND_L = 8000 / 10  # graph-notes section 8, app + tenant, L tenants
WRITES_PER_SECOND = 3000 / 150
CONCURRENCY = 32  # the backup's parallel list calls: 16 parts x 2 listings


def floor_seconds(summary: BackupSummary, objects: int, writes: int = 0) -> dict[str, float]:
    units = summary.resource_units / RU_PER_SECOND_L
    write = writes / WRITES_PER_SECOND
    latency = (summary.requests * LATENCY_MS + objects * PER_OBJECT_MS) / 1000 / CONCURRENCY
    return {"units": units, "writes": write, "latency": latency, "floor": max(units, write, latency)}


def line(label: str, value: str) -> None:
    print(f"  {label:<46} {value}")


def http_for(emu: Emulator, tenant: str) -> httpx.Client:
    return httpx.Client(
        base_url=emu.base_url, headers={"Authorization": f"Bearer {emu.token(tenant)}"}, timeout=120
    )


def naive_backup(emu: Emulator, tenant: str) -> tuple[float, int]:
    """What export tools do today: list, then two calls per app, one at a time."""
    started = time.monotonic()
    requests = 0
    with http_for(emu, tenant) as http:
        url: str | None = "/applications"
        params: dict[str, Any] | None = {"$top": 999}
        apps = []
        while url:
            data = http.get(url, params=params).raise_for_status().json()
            requests += 1
            apps.extend(data["value"])
            url, params = data.get("@odata.nextLink"), None
        for app in apps:
            for part in ("owners", "federatedIdentityCredentials"):
                while True:
                    response = http.get(f"/applications/{app['id']}/{part}")
                    requests += 1
                    if response.status_code != 429:
                        break
                    time.sleep(float(response.headers.get("Retry-After", "1")))
                response.raise_for_status()
    return time.monotonic() - started, requests


def churn(http: httpx.Client, rng: random.Random, count: int, day: int) -> None:
    """Change `count` apps the way admins do: a description, a redirect URI, a tag."""
    ids = [a["id"] for a in _all(http, "/applications", {"$select": "id", "$top": 999})]
    for object_id in rng.sample(ids, count):
        app = http.get(f"/applications/{object_id}", params={"$select": ",".join(APPLICATION_SELECT)}).json()
        kind = rng.randrange(3)
        if kind == 0:
            body: dict[str, Any] = {"description": f"Reviewed on day {day}"}
        elif kind == 1:
            body = {"tags": sorted({*(app.get("tags") or []), f"reviewed-{day}"})}
        else:
            web = dict(app.get("web") or {})
            web["redirectUris"] = [*(web.get("redirectUris") or []), f"https://app{day}.example.org/signin"]
            body = {"web": web}
        http.patch(f"/applications/{object_id}", json=body).raise_for_status()


def _all(http: httpx.Client, url: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    next_url: str | None = url
    query: dict[str, Any] | None = params
    while next_url:
        data = http.get(next_url, params=query).raise_for_status().json()
        items.extend(data["value"])
        next_url, query = data.get("@odata.nextLink"), None
    return items


def full_export_size(http: httpx.Client) -> int:
    """One full JSON export: every app with every property, its owners and federated credentials."""
    apps = _all(http, "/applications", {"$select": ",".join(APPLICATION_SELECT), "$expand": "owners", "$top": 999})
    fics = _all(http, "/applications", {"$select": "id", "$expand": "federatedIdentityCredentials", "$top": 999})
    by_id = {a["id"]: a.get("federatedIdentityCredentials") or [] for a in fics}
    for app in apps:
        app["federatedIdentityCredentials"] = by_id.get(app["id"], [])
    return len(json.dumps(apps, separators=(",", ":")).encode())  # compact: the strictest comparison


def lift_certificate_limit(emu: Emulator, args: argparse.Namespace) -> dict[str, float]:
    """Issue 7's conditions: without Graph's 150-a-minute limit on certificate reads (the emulator's, and the
    client's own pacing of them), which bench_certificate_reads.py measures (with it, a first backup is bound by
    that limit: 539 s for 10,000 apps). The BackupService options that go with it."""
    if args.certificate_limit:
        return {}
    emu.configure(keyCredentialReadsPerMinute=0)
    return {"certificate_reads_per_minute": 1e9}


def bench_full(args: argparse.Namespace, work: Path) -> None:
    print(f"\n1-3. Backups against the emulator: throttle L, {LATENCY_MS:.0f} ms + {PER_OBJECT_MS:.0f} ms/object")
    t0 = time.monotonic()
    with Emulator(tenants=f"big:{args.apps},small:{args.naive_apps}", seed=3, throttle="L",
                  latency_ms=LATENCY_MS, per_object_ms=PER_OBJECT_MS) as emu:
        line("emulator start (seeding included)", f"{time.monotonic() - t0:.1f} s")
        pacing = lift_certificate_limit(emu, args)
        store = Store.open(work / "full.sqlite")
        connector = GraphConnector()
        tenants = TenantService(store, connector)
        big = tenants.add_emulator_tenant(emu.base_url, emu.tenant_id("big"))
        service = BackupService(store, connector, **pacing)
        before = emu.counters()
        full = service.run(big.tenant_id)
        objects = _objects_returned(emu.counters(), before, emu.tenant_id("big"))
        f = floor_seconds(full, objects)
        print(f"  full backup of {full.apps:,} apps")
        line("wall time", f"{full.seconds:.2f} s (target < 15 s: {'met' if full.seconds < 15 else 'MISSED'})")
        if full.browsable_seconds is not None:
            line("browsable after", f"{full.browsable_seconds:.2f} s")
        line("requests", f"{full.requests:,}")
        single = sum(full.details.values())
        line("resource units", f"{full.resource_units:,.0f} = {full.resource_units / full.apps:.3f} per app")
        line("single-app reads (1 unit each)", ", ".join(f"{k} {v:,}" for k, v in full.details.items()))
        listing_units = (full.resource_units - single) / full.apps
        line("units per app besides those reads", f"{listing_units:.3f} (target <= 0.1: "
             f"{'met' if listing_units <= 0.1 else 'MISSED'})")
        line("floor: units / unit rate", f"{f['units']:.2f} s")
        line("floor: requests x latency / concurrency", f"{f['latency']:.2f} s")
        line("floor", f"{f['floor']:.2f} s; wall time / floor = {full.seconds / f['floor']:.2f}")
        line("retries, throttled", f"{full.retries}, {full.throttled}")

        naive_seconds, naive_requests = naive_backup(emu, "small")
        scale = full.apps / args.naive_apps
        print(f"  naive backup of {args.naive_apps} apps, one request at a time")
        line("wall time", f"{naive_seconds:.1f} s, {naive_requests} requests")
        line(f"scaled to {full.apps:,} apps", f"{naive_seconds * scale:,.0f} s, {naive_requests * scale:,.0f} requests")
        speedup = naive_seconds * scale / full.seconds
        line("speed-up of Regvault's backup", f"{speedup:,.0f}x (target >= 100x: {'met' if speedup >= 100 else 'MISSED'})")

        with http_for(emu, "big") as http:
            emu.configure(latency_ms=0, per_object_ms=0)
            churn(http, random.Random(1), full.apps // 100, day=1)
            emu.configure(latency_ms=LATENCY_MS, per_object_ms=PER_OBJECT_MS)
        second = service.run(big.tenant_id)
        print("  second backup after 1% of the apps changed")
        line("wall time", f"{second.seconds:.2f} s")
        line("changed apps found", f"{second.changed} (expected {full.apps // 100})")
        line("requests, resource units", f"{second.requests:,}, {second.resource_units:,.0f} "
             f"({second.resource_units / second.apps:.3f} per app)")
        line("single-app reads", ", ".join(f"{k} {v:,}" for k, v in second.details.items()))
        store.close()


def _objects_returned(after: dict[str, Any], before: dict[str, Any], tenant_id: str) -> int:
    def objects(c: dict[str, Any]) -> int:
        tenant = (c.get("tenants") or {}).get(tenant_id, c)
        return int(tenant.get("objects", 0) or tenant.get("objectsReturned", 0) or 0)

    return max(0, objects(after) - objects(before))


def bench_history(args: argparse.Namespace, work: Path) -> None:
    days = 30
    print(f"\n4. {days} daily backups of {args.history_apps:,} apps with 1% daily churn (no latency, throttle off)")
    with Emulator(tenants=f"history:{args.history_apps}", seed=4, throttle="off") as emu:
        pacing = lift_certificate_limit(emu, args)
        store = Store.open(work / "history.sqlite")
        connector = GraphConnector()
        tenant = TenantService(store, connector).add_emulator_tenant(emu.base_url, emu.tenant_id("history"))
        service = BackupService(store, connector, **pacing)
        rng = random.Random(2)
        exports = 0
        with http_for(emu, "history") as http:
            for day in range(days):
                if day:
                    churn(http, rng, args.history_apps // 100, day)
                service.run(tenant.tenant_id)
                exports += full_export_size(http)
        store.close()
    db_size = sum(p.stat().st_size for p in work.glob("history.sqlite*"))
    line("database size", f"{db_size / 1e6:.2f} MB")
    line(f"{days} full JSON exports (compact JSON)", f"{exports / 1e6:.2f} MB")
    ratio = exports / db_size
    line("ratio", f"{ratio:.1f}x smaller (target >= 20x: {'met' if ratio >= 20 else 'MISSED'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--naive-apps", type=int, default=200)
    parser.add_argument("--history-apps", type=int, default=2_000)
    parser.add_argument("--skip-history", action="store_true")
    parser.add_argument("--certificate-limit", action="store_true",
                        help="keep the emulator's 150-a-minute certificate-read limit on (bench_certificate_reads.py "
                             "measures it)")
    args = parser.parse_args()
    print(f"Regvault backup benchmark, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        bench_full(args, Path(tmp))
        if not args.skip_history:
            bench_history(args, Path(tmp))


if __name__ == "__main__":
    main()
