"""Store figures for the 100,000-app table (issue 4): run on purpose, prints figures, not part of pytest.

    .venv/bin/python tests/benchmarks/store_table_bench.py [--apps 100000] [--database postgresql://…]

With --database (a PostgreSQL server's URL, password included) the same figures are taken there, in a schema of
the benchmark's own that is dropped afterwards; without it, in an SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop_app.store import DatabaseLocation, ObservedApp, SnapshotWrite, Store, TenantInfo

TENANT = "bench-tenant"
WORDS = ["billing", "portal", "api", "daemon", "spa", "mobile", "payroll", "hr", "graph", "sync", "export", "report", "ledger", "Über", "Ärzte", "crm"]


def apps(n: int, rng: random.Random) -> Iterator[ObservedApp]:
    for i in range(n):
        object_id = str(uuid.UUID(int=rng.getrandbits(128)))
        app_id = str(uuid.UUID(int=rng.getrandbits(128)))
        name = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {i}"
        doc = {
            "application": {
                "id": object_id, "appId": app_id, "displayName": name, "signInAudience": "AzureADMyOrg",
                "web": {"redirectUris": [f"https://app{i}.contoso.example/signin-oidc"]},
                "requiredResourceAccess": [{"resourceAppId": "00000003-0000-0000-c000-000000000000",
                                            "resourceAccess": [{"id": str(uuid.UUID(int=i)), "type": "Scope"}]}],
                "tags": [], "notes": None, "description": "x" * rng.randint(0, 400),
            },
            "owners": [], "federatedIdentityCredentials": [], "keyCredentialKeys": {}, "logo": None,
        }
        data = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()
        yield ObservedApp(object_id, app_id, name, data, hashlib.sha256(data).hexdigest())


def timed(fn: Callable[[], object], repeat: int = 15) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), result


@contextmanager
def bench_database(url: str | None, folder: Path) -> Iterator[DatabaseLocation]:
    if not url:
        yield DatabaseLocation.sqlite(folder / "bench.db")
        return
    import psycopg2

    server = DatabaseLocation.parse(url)
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    conn = psycopg2.connect(**server.connect_params())
    conn.autocommit = True
    conn.cursor().execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield DatabaseLocation.parse(f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}")
    finally:
        conn.cursor().execute(f'DROP SCHEMA "{schema}" CASCADE')
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=100_000)
    parser.add_argument("--database", help="a PostgreSQL URL to measure there instead of SQLite")
    args = parser.parse_args()
    n = args.apps
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp, bench_database(args.database, Path(tmp)) as location:
        store = Store.open(location)
        print(f"engine: {store.engine}")
        store.add_tenant(TenantInfo(TENANT, "Bench", "http://127.0.0.1:1/v1.0"))
        now = datetime.now(UTC)
        all_apps = list(apps(n, rng))
        t = time.perf_counter()
        snap = store.write_snapshot(TENANT, SnapshotWrite(now, now, all_apps))
        print(f"write_snapshot, {n:,} new apps: {time.perf_counter() - t:.2f} s")
        # A second backup with 1% of the apps changed.
        changed = {rng.randrange(n) for _ in range(n // 100)}
        second = []
        for i, a in enumerate(all_apps):
            if i in changed:
                doc = json.loads(a.document_json)
                doc["application"]["notes"] = "changed"
                data = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()
                a = ObservedApp(a.object_id, a.app_id, a.display_name, data, hashlib.sha256(data).hexdigest())
            second.append(a)
        t = time.perf_counter()
        store.write_snapshot(TENANT, SnapshotWrite(now + timedelta(days=1), now + timedelta(days=1), second))
        print(f"write_snapshot, {n:,} apps, {len(changed):,} changed: {time.perf_counter() - t:.2f} s")
        if store.engine == "sqlite":
            print(f"database size: {(Path(tmp) / 'bench.db').stat().st_size / 1e6:.1f} MB (+ WAL)")
        ms, _ = timed(store.check_health, repeat=3)
        print(f"{'health check before each snapshot (quick_check)':45s} median {ms:6.1f} ms")
        store.close()

        def open_checked() -> Store:
            opened = Store.open(location)
            opened.check_health()
            return opened

        # What every command and the window pay when they open the store (app.open_store): the file is in the
        # OS's cache here (just written); a first open after a reboot reads it from the disk.
        samples = []
        for _ in range(3):
            t = time.perf_counter()
            open_checked().close()
            samples.append((time.perf_counter() - t) * 1000)
        print(f"{'open the store + its quick_check (each command)':45s} median {statistics.median(samples):6.1f} ms")
        store = Store.open(location)

        cases: list[tuple[str, Callable[[], object]]] = [
            ("app_ids sort name asc", lambda: store.app_ids(TENANT)),
            ("app_ids sort name desc", lambda: store.app_ids(TENANT, descending=True)),
            ("app_ids sort appId asc", lambda: store.app_ids(TENANT, sort="appId")),
            ("app_ids sort modified desc", lambda: store.app_ids(TENANT, sort="modified", descending=True)),
            ("app_ids filter 'port' + name", lambda: store.app_ids(TENANT, "port")),
            ("app_ids filter 'ärz' + modified desc",
             lambda: store.app_ids(TENANT, "ärz", sort="modified", descending=True)),
            ("app_ids filter '4e' (client id) + appId", lambda: store.app_ids(TENANT, "4e", sort="appId")),
            ("app_ids filter 'a' + name, deleted", lambda: store.app_ids(TENANT, "a", include_deleted=True)),
            ("count_apps filter 'port'", lambda: store.count_apps(TENANT, "port")),
        ]
        for label, fn in cases:
            ms, result = timed(fn)
            size = len(result) if isinstance(result, list) else result
            print(f"{label:45s} median {ms:6.1f} ms  ({size:,} rows)")
        ids = store.app_ids(TENANT)
        page = ids[n // 2 : n // 2 + 50]
        ms, _ = timed(lambda: store.app_rows(page), repeat=50)
        print(f"{'app_rows, 50 ids':45s} median {ms:6.2f} ms")
        ms, _ = timed(lambda: set(ids), repeat=20)
        print(f"{'select all (set of the id list)':45s} median {ms:6.2f} ms")
        ms, _ = timed(lambda: store.apps_at(TENANT, snap.id), repeat=1)
        print(f"{'apps_at, every app of the first snapshot':45s} {ms:8.0f} ms")
        store.close()


if __name__ == "__main__":
    main()
