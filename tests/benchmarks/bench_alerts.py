"""Expiry alerts over time (issue 26): 500 credentials with chosen end dates, every threshold alert sent exactly once,
none missed. Run on purpose; prints its figures.

    /work/coord/bench .venv/bin/python tests/benchmarks/bench_alerts.py [--database postgresql://…] [--days 130]

Five tenants, 100 apps each with one credential (secrets and certificates, of registrations and of service
principals), ending from 40 days ago to 120 days ahead at chosen hours. The clock then moves on in steps of 6 to 24
hours (seeded: at least daily, as a schedule with backups by hand between) for `--days` days; at each step one of two alert services (two workstations sharing the store, each
with its own channels) runs after_backups, as after a backup; the store is closed and opened again every few steps
(a restart). Every delivered message is read back: each credential must have had exactly the thresholds its end
passed through (90, 30, 7, 1 days, expired; the tightest only when first seen past several), once.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_table_bench import bench_database  # noqa: E402

from desktop_app.domain.credentials import EXPIRED, EXPIRY_THRESHOLDS, due_threshold  # noqa: E402
from desktop_app.domain.document import canonical_json  # noqa: E402
from desktop_app.services.alert_delivery import DESKTOP, WEBHOOK, RecordingChannel  # noqa: E402
from desktop_app.services.alert_settings import AlertSettings  # noqa: E402
from desktop_app.services.alerts import AlertService  # noqa: E402
from desktop_app.store import ObservedApp, SnapshotWrite, Store, TenantInfo  # noqa: E402

SETTINGS = AlertSettings(desktop=True, webhook=True, webhook_host="hooks.example")


def seeded(start: datetime, rng: random.Random) -> tuple[dict[str, list[ObservedApp]], dict[str, datetime]]:
    apps: dict[str, list[ObservedApp]] = {}
    ends: dict[str, datetime] = {}
    for t in range(5):
        tenant = str(uuid.UUID(int=t + 1))
        apps[tenant] = []
        for i in range(100):
            key_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            end = start + timedelta(days=rng.randint(-40, 120), hours=rng.randint(0, 23))
            ends[key_id] = end
            credential = {"keyId": key_id, "displayName": f"credential {t}-{i}",
                          "endDateTime": end.strftime("%Y-%m-%dT%H:%M:%SZ")}
            on_sp, certificate = i % 3 == 0, i % 4 == 0
            application: dict[str, Any] = {"id": f"o-{t}-{i}", "appId": f"a-{t}-{i}", "displayName": f"App {t}-{i}",
                                           "passwordCredentials": [], "keyCredentials": []}
            section: dict[str, Any] = {"id": f"sp-{t}-{i}", "properties": {}, "owners": [],
                                       "passwordCredentials": [], "keyCredentials": [],
                                       "delegatedPermissionGrants": [], "appRoleAssignments": [],
                                       "appRoleAssignedTo": []}
            holder = section if on_sp else application
            holder["keyCredentials" if certificate else "passwordCredentials"].append(credential)
            doc = {"application": application, "owners": [], "federatedIdentityCredentials": [],
                   "keyCredentialKeys": {}, "logo": None, "servicePrincipal": section}
            data = canonical_json(doc)
            apps[tenant].append(ObservedApp(application["id"], application["appId"], application["displayName"],
                                            data, hashlib.sha256(data).hexdigest()))
    return apps, ends


def expected(end: datetime, first_look: datetime, last_look: datetime) -> set[int]:
    """The thresholds a credential ending at `end` must be alerted at, by daily (or more frequent) runs from
    `first_look` to `last_look`: the tightest it is within when first seen, every threshold whose window opens
    after that, expiry; only those whose window opened by the last run."""
    first = due_threshold(end, first_look)
    opens = {t: end - timedelta(days=t) for t in EXPIRY_THRESHOLDS if end - timedelta(days=t) > first_look}
    if end > first_look:
        opens[EXPIRED] = end
    wanted = {t for t, when in opens.items() if when <= last_look}
    return wanted | ({first} if first is not None else set())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", help="a PostgreSQL URL to measure there instead of SQLite")
    parser.add_argument("--days", type=int, default=130)
    args = parser.parse_args()
    rng = random.Random(500)
    start = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    apps, ends = seeded(start, rng)
    with tempfile.TemporaryDirectory() as tmp, bench_database(args.database, Path(tmp)) as location:
        store = Store.open(location)
        print(f"engine: {store.engine}")
        for n, (tenant_id, observed) in enumerate(apps.items()):
            store.add_tenant(TenantInfo(tenant_id, f"Customer {n}", "http://127.0.0.1:1/v1.0", kind="emulator"))
            store.write_snapshot(tenant_id, SnapshotWrite(start - timedelta(minutes=3), start, observed))
        workstations = [[RecordingChannel(DESKTOP), RecordingChannel(WEBHOOK)] for _ in range(2)]
        now, steps, runs, last = start, 0, [], start
        while now < start + timedelta(days=args.days):
            if steps % 7 == 6:  # a restart
                store.close()
                store = Store.open(location)
            channels = workstations[rng.randrange(2)]
            t = time.perf_counter()
            AlertService(store, channels, SETTINGS, clock=lambda now=now: now).after_backups()
            runs.append((time.perf_counter() - t) * 1000)
            last = now
            now += timedelta(hours=rng.randint(6, 24))  # a daily schedule, and backups by hand between
            steps += 1
        store.close()
    for channel in (DESKTOP, WEBHOOK):
        sent: Counter[tuple[str, int]] = Counter()
        for station in workstations:
            for message, _ in next(c for c in station if c.name == channel).sent:
                for item in message.items:
                    if item["kind"].startswith("credential"):
                        sent[(item["facts"]["keyId"], int(item["threshold"]))] += 1
        wanted = {(key_id, t) for key_id, end in ends.items() for t in expected(end, start, last)}
        twice = sum(1 for count in sent.values() if count > 1)
        missed = len(wanted - set(sent))
        extra = len(set(sent) - wanted)
        print(f"{channel}: {len(wanted):,} threshold alerts due, {len(sent):,} sent, {twice} sent twice, "
              f"{missed} missed, {extra} not due")
    print(f"{steps} runs over {args.days} days by 2 workstations with restarts; each run (evaluate + deliver, 500 "
          f"credentials) median {statistics.median(runs):.1f} ms, max {max(runs):.1f} ms")


if __name__ == "__main__":
    main()
