"""Change timeline benchmark (issue 24): run on purpose, prints its figures.

    /work/coord/bench .venv/bin/python tests/benchmarks/bench_timeline.py [--apps 10000] [--changes 1000]

Against the emulator in its own process with Graph's L throttling and 100 ms + 1 ms per object returned:
1. 10,000 apps, 1% of them changed since the last capture (the emulator's seeded portal-style changes by its named
   users: renames, redirect URIs, secrets, owners, logos, consent, deletions, new apps): the incremental capture's
   time and HTTP requests (a $batch is one). Targets: < 3 s, < 60 requests (a full backup: 651 requests, ~14 s).
2. A quiet tenant: what a capture with no change costs. Target: <= 3 requests.
3. A change made in Graph is a version in the store within the interval + 10 s: `Watch` on a 30 s interval, changes
   made at random moments, the time until the version is in the store.
4. 1,000 changes by 5 users (as each of them, through Graph), captured every 50 changes while Graph shows the audit
   events late (10-30 s here, so the run waits less than Graph's minutes would): the share of changes whose version
   names the right person. Target: >= 99%.
The setup's full backup runs with the certificate-read limit lifted (bench_certificate_reads.py measures it); the
captures run with Graph's limit on.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.services.backup import BackupService
from desktop_app.services.capture import CaptureService
from desktop_app.services.watch import Watch
from desktop_app.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from emulator_process import EmulatorProcess as Emulator  # noqa: E402
from throttled_tenant import LATENCY_MS, PER_OBJECT_MS, line, throttled_tenant  # noqa: E402

TENANT = "big"
# Graph shows an audit event minutes after the write; the emulator here 10 to 30 s after it, in real time (its clock
# is not moved: the client's and Graph's clocks agree, as they do with NTP), so the benchmark waits that long.
AUDIT_DELAY_S = 20.0


def hook(emu: Emulator, name: str, body: dict[str, Any]) -> Any:
    return httpx.post(f"{emu.root_url}/_emulator/{name}", json=body, headers=emu.control_headers,
                      timeout=300).raise_for_status().json()


def incremental(emu: Emulator, capture: CaptureService, tenant_id: str, apps: int) -> None:
    print("1. 1% of the apps changed since the last capture", flush=True)
    made = hook(emu, "churn", {"tenant": TENANT, "changes": apps // 100})["value"]
    time.sleep(AUDIT_DELAY_S * 1.5 + 1)  # Graph shows the audit events a little after the writes
    before = emu.counters()["tenants"][tenant_id]["requests"]
    outcome = capture.capture(tenant_id)
    inner = emu.counters()["tenants"][tenant_id]["requests"] - before
    snap = outcome.snapshot
    line("changes made (seeded, by 5 named users)", f"{len(made)} ({len({c['id'] for c in made})} apps)")
    line("capture", f"{outcome.kind}, {outcome.seconds:.2f} s (target < 3 s)")
    line("HTTP requests ($batch = 1)", f"{outcome.requests} (target < 60); {inner} at Graph counting batch items")
    line("apps read again / changed / added / removed",
         f"{outcome.apps_read} / {snap.changed if snap else 0} / {snap.added if snap else 0} / "
         f"{snap.removed if snap else 0}")
    line("audit events read", f"{outcome.audit.new}")


def quiet(capture: CaptureService, tenant_id: str) -> None:
    print("2. a quiet tenant", flush=True)
    outcome = capture.capture(tenant_id)
    line("capture", f"{outcome.kind}, {outcome.seconds:.2f} s, {outcome.requests} requests (target <= 3)")


def latency(emu: Emulator, store: Store, capture: CaptureService, tenant_id: str, rounds: int) -> None:
    interval = 30.0
    print(f"3. a change in Graph to a version in the store, watching every {interval:.0f} s", flush=True)
    cancel = CancelToken()
    watch = Watch(capture, lambda: [store.get_tenant(tenant_id)], interval_s=interval)
    thread = threading.Thread(target=_watch, args=(watch, cancel), daemon=True)
    thread.start()
    rng = random.Random(3)
    http = httpx.Client(base_url=emu.base_url, headers={"Authorization": f"Bearer {emu.users(TENANT)[0]['token']}"},
                        timeout=120)
    apps = http.get("/applications", params={"$top": "999", "$select": "id,appId"}).json()["value"]
    delays = []
    try:
        for n in range(rounds):
            time.sleep(rng.uniform(0, interval))
            app = rng.choice(apps)
            row = store.find_app(tenant_id, app["appId"])
            known = len(store.versions(row.pk)) if row is not None else 0
            http.patch(f"/applications/{app['id']}", json={"notes": f"latency probe {n}"}).raise_for_status()
            changed = time.monotonic()
            while True:
                row = store.find_app(tenant_id, app["appId"])
                if row is not None and len(store.versions(row.pk)) > known:
                    break
                time.sleep(0.2)
            delays.append(time.monotonic() - changed)
            line(f"probe {n + 1}", f"{delays[-1]:.1f} s")
    finally:
        cancel.cancel()
        thread.join(timeout=120)
        http.close()
    line("worst / mean", f"{max(delays):.1f} s / {sum(delays) / len(delays):.1f} s "
                         f"(target: within {interval:.0f} + 10 s)")


def _watch(watch: Watch, cancel: CancelToken) -> None:
    with contextlib.suppress(Cancelled):
        watch.run(cancel, lambda _report: None)


def attribution(emu: Emulator, store: Store, capture: CaptureService, tenant_id: str, changes: int) -> None:
    print(f"4. {changes:,} changes by 5 users, captured every 50, the audit log 10-30 s late", flush=True)
    people = emu.users(TENANT)
    clients = [httpx.Client(base_url=emu.base_url, headers={"Authorization": f"Bearer {u['token']}"}, timeout=120)
               for u in people]
    apps = clients[0].get("/applications", params={"$top": "999", "$select": "id,appId"}).json()["value"]
    rng = random.Random(24)
    made: list[tuple[str, str, int]] = []  # (appId, userPrincipalName, capture round)
    started = time.monotonic()
    try:
        for n in range(changes):
            who = rng.randrange(len(people))
            app = rng.choice(apps)
            body = rng.choice([{"notes": f"change {n}"}, {"web": {"redirectUris": [f"https://c{n}.big.com/signin"]}},
                               {"displayName": f"Renamed {n}"}, {"tags": [f"t{n}"]}])
            clients[who].patch(f"/applications/{app['id']}", json=body).raise_for_status()
            made.append((app["appId"], people[who]["userPrincipalName"], n // 50))
            if n % 50 == 49:
                capture.capture(tenant_id)
        time.sleep(AUDIT_DELAY_S * 1.5 + 1)
        capture.capture(tenant_id)  # the events Graph showed late
    finally:
        for client in clients:
            client.close()
    right = 0
    for app_id, upn, _round in made:
        row = store.find_app(tenant_id, app_id)
        assert row is not None
        versions = store.versions(row.pk)
        named = store.timeline.changed_by([v.pk for v in versions])
        if any(e.actor.name == upn for v in versions for e in named.get(v.pk, [])):
            right += 1
    share = 100 * right / len(made)
    line("changes attributed to the right person", f"{right:,} of {len(made):,} = {share:.1f}% (target >= 99%)")
    line("time for the changes and captures", f"{time.monotonic() - started:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=1_000)
    parser.add_argument("--latency-probes", type=int, default=5)
    args = parser.parse_args()
    with throttled_tenant(TENANT, args.apps, seed=1) as world:
        emu, store, connector, tenant = world.emulator, world.store, world.connector, world.tenant
        backup = BackupService(store, connector)
        capture = CaptureService(store, backup)
        print(f"Setup: a full capture of {args.apps:,} apps (L throttling, {LATENCY_MS:.0f} ms + "
              f"{PER_OBJECT_MS:.0f} ms/object; certificate-read limit lifted for it)", flush=True)
        emu.configure(keyCredentialReadsPerMinute=0, auditDelaySeconds=AUDIT_DELAY_S)
        # The client's own pacer lifted too for the setup (else it reads the certificate bytes at 150 a minute).
        setup = CaptureService(store, BackupService(store, connector, certificate_reads_per_minute=1e9))
        first = setup.capture(tenant.tenant_id)
        emu.configure(keyCredentialReadsPerMinute=150)
        line("full capture", f"{first.seconds:.1f} s, {first.requests} requests")
        incremental(emu, capture, tenant.tenant_id, args.apps)
        quiet(capture, tenant.tenant_id)
        latency(emu, store, capture, tenant.tenant_id, args.latency_probes)
        attribution(emu, store, capture, tenant.tenant_id, args.changes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
