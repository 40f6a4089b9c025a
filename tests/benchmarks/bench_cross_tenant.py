"""Credentials and search across tenants at a reseller's scale (issue 26): run on purpose, prints its figures.

    /work/coord/bench .venv/bin/python tests/benchmarks/bench_cross_tenant.py [--database postgresql://…]

A store of 50 tenants, 100,000 apps in all and 30,000 credentials (of the registrations and of their service
principals, ends spread from a year ago to two years ahead) is written through Store.write_snapshot, one backup per
tenant, as a backup writes it. Then, each the median of several runs:
- `regvault credentials --all-tenants --expiring 30` as a process (what a user waits for), and the query alone;
- `regvault search` as a process and the query alone, for each kind of query (name, client ID, object ID, redirect
  URI host, identifier URI, requested and granted permission by name, owner, thumbprint);
- the window's Credentials view: opened (read, models built, shown) and filtered (a keystroke's work).
Targets: < 1 s for the command and each search, < 1 s to open the view, < 50 ms to filter.
With --database (a PostgreSQL server's URL, password included) in a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_table_bench import bench_database, timed  # noqa: E402

from desktop_app.domain.document import canonical_json  # noqa: E402
from desktop_app.domain.permission_names import microsoft_graph_names  # noqa: E402
from desktop_app.store import ObservedApp, SnapshotWrite, Store, TenantInfo  # noqa: E402

GRAPH = "00000003-0000-0000-c000-000000000000"
WORDS = ["Payroll", "HR", "Portal", "Billing", "Ledger", "Sync", "Reporting", "CRM", "Intranet", "Export", "Mobile",
         "Data Lake", "Ticketing", "Partner", "Audit", "Ärzte", "Über"]
PEOPLE = ["adele.vance", "megan.bowen", "lynne.robbins", "diego.siciliani", "grady.archie", "isaiah.langer",
          "joni.sherman", "lee.gu", "miriam.graham", "nestor.wilke", "patti.fernandez", "pradeep.gupta"]


def guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def credential(rng: random.Random, now: datetime, kind: str, n: int) -> dict[str, Any]:
    end = now + timedelta(days=rng.randint(-365, 730), hours=rng.randint(0, 23))
    item: dict[str, Any] = {"keyId": guid(rng), "displayName": f"{kind} {n}",
                            "startDateTime": (end - timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                            "endDateTime": end.strftime("%Y-%m-%dT%H:%M:%SZ")}
    if kind == "secret":
        item["hint"] = base64.b64encode(rng.randbytes(3)).decode()[:3]
    else:
        item.update(type="AsymmetricX509Cert", usage="Verify",
                    customKeyIdentifier=base64.b64encode(hashlib.sha1(rng.randbytes(16)).digest()).decode())
    return item


def tenant_apps(rng: random.Random, name: str, count: int, credentials: int, now: datetime) -> Iterator[ObservedApp]:
    scopes = list(microsoft_graph_names().scopes.items())
    roles = list(microsoft_graph_names().roles.items())
    holders = rng.sample(range(count), credentials)  # one credential each, a third on the service principal
    with_credential = dict.fromkeys(holders)
    for i in range(count):
        object_id, app_id = guid(rng), guid(rng)
        slug = f"app{i}"
        owners = [{"id": guid(rng), "@odata.type": "#microsoft.graph.user", "displayName": p.replace(".", " ").title(),
                   "userPrincipalName": f"{p}@{name}.example"} for p in rng.sample(PEOPLE, rng.randint(0, 2))]
        requested = [{"id": pid, "type": "Scope"} for pid, _ in rng.sample(scopes, 3)]
        requested += [{"id": pid, "type": "Role"} for pid, _ in rng.sample(roles, rng.randint(0, 2))]
        secrets: list[dict[str, Any]] = []
        certificates: list[dict[str, Any]] = []
        sp_secrets: list[dict[str, Any]] = []
        if i in with_credential:
            kind = "certificate" if i % 4 == 0 else "secret"
            made = credential(rng, now, kind, i)
            if i % 3 == 0:
                sp_secrets.append(made if kind == "secret" else credential(rng, now, "secret", i))
            elif kind == "secret":
                secrets.append(made)
            else:
                certificates.append(made)
        doc = {
            "application": {
                "id": object_id, "appId": app_id, "displayName": f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}",
                "signInAudience": "AzureADMyOrg", "identifierUris": [f"api://{slug}.{name}.example"],
                "web": {"redirectUris": [f"https://{slug}.{name}.example/signin-oidc"]},
                "spa": {"redirectUris": [f"https://{slug}.{name}.example/"] if i % 2 else []},
                "requiredResourceAccess": [{"resourceAppId": GRAPH, "resourceAccess": requested}],
                "passwordCredentials": secrets, "keyCredentials": certificates, "tags": [], "notes": None,
            },
            "owners": owners, "federatedIdentityCredentials": [], "keyCredentialKeys": {}, "logo": None,
            "servicePrincipal": {
                "id": guid(rng), "properties": {"displayName": f"{slug}"}, "owners": [],
                "passwordCredentials": sp_secrets, "keyCredentials": [],
                "delegatedPermissionGrants": [{"key": f"{GRAPH}/AllPrincipals", "resourceAppId": GRAPH,
                                               "consentType": "AllPrincipals", "principal": None,
                                               "scopes": sorted(v for _, v in rng.sample(scopes, 2))}],
                "appRoleAssignments": [{"key": f"{GRAPH}/{rid}", "resourceAppId": GRAPH, "appRoleId": rid,
                                        "appRoleValue": value} for rid, value in rng.sample(roles, rng.randint(0, 1))],
                "appRoleAssignedTo": [],
            },
        }
        data = canonical_json(doc)
        yield ObservedApp(object_id, app_id, doc["application"]["displayName"], data, hashlib.sha256(data).hexdigest())


def fill(store: Store, tenants: int, apps: int, credentials: int, now: datetime) -> dict[str, Any]:
    rng = random.Random(26)
    per_tenant, per_credentials = apps // tenants, credentials // tenants
    samples: dict[str, Any] = {}
    t = time.perf_counter()
    for n in range(tenants):
        name = f"customer{n:02d}"
        tenant = store.add_tenant(TenantInfo(str(uuid.UUID(int=n + 1)), f"Customer {n:02d}", "http://127.0.0.1:1/v1.0",
                                             default_domain=f"{name}.example", kind="emulator"))
        observed = list(tenant_apps(rng, name, per_tenant, per_credentials, now))
        store.write_snapshot(tenant.tenant_id, SnapshotWrite(now - timedelta(minutes=5), now, observed))
        if n == tenants // 2:
            samples["app"] = observed[per_tenant // 3]
    print(f"store filled: {tenants} tenants, {tenants * per_tenant:,} apps, {tenants * per_credentials:,} credentials "
          f"in {time.perf_counter() - t:.1f} s")
    return samples


def command(argv: list[str], env: dict[str, str], repeat: int = 5) -> float:
    def run() -> None:
        subprocess.run([sys.executable, "-m", "desktop_app.cli", *argv], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    ms, _ = timed(run, repeat)
    return ms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenants", type=int, default=50)
    parser.add_argument("--apps", type=int, default=100_000)
    parser.add_argument("--credentials", type=int, default=30_000)
    parser.add_argument("--database", help="a PostgreSQL URL to measure there instead of SQLite")
    args = parser.parse_args()
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp, bench_database(args.database, Path(tmp)) as location:
        store = Store.open(location)
        print(f"engine: {store.engine}")
        sample = fill(store, args.tenants, args.apps, args.credentials, now)["app"]
        doc = __import__("json").loads(sample.document_json)
        certificate = next((c for t in store.credentials.list() if t.kind == "certificate"
                            for c in [t]), None)
        print()
        ms, found = timed(lambda: store.credentials.list(ends_after=now, ends_before=now + timedelta(days=30)), 7)
        print(f"{'credentials --expiring 30, the query':50s} median {ms:7.1f} ms  ({len(found):,} rows)")  # type: ignore[arg-type]
        ms, found = timed(lambda: store.credentials.list(), repeat=3)
        print(f"{'credentials, all of them, the query':50s} median {ms:7.1f} ms  ({len(found):,} rows)")  # type: ignore[arg-type]
        queries = [
            ("a name part", "ledger sync 4"),
            ("a client ID", sample.app_id.upper()),
            ("an object ID", sample.object_id),
            ("a redirect URI's host", doc["application"]["web"]["redirectUris"][0].split("/")[2]),
            ("an identifier URI", doc["application"]["identifierUris"][0]),
            ("a requested permission (Mail.ReadWrite)", "Mail.ReadWrite"),
            ("a granted permission", doc["servicePrincipal"]["delegatedPermissionGrants"][0]["scopes"][0]),
            ("an owner", f"{PEOPLE[3]}@customer2"),
            ("a thumbprint", (certificate.thumbprint or "")[:16] if certificate else "00"),
        ]
        for label, text in queries:
            ms, result = timed(lambda text=text: store.search.find(text, limit=1000), 7)
            print(f"{'search ' + label + ', the query':50s} median {ms:7.1f} ms  ({result.total:,} apps)")  # type: ignore[attr-defined]
        store.close()

        # The processes run on compiled bytecode, as an installed or frozen Regvault does (this machine sets
        # PYTHONDONTWRITEBYTECODE, which would make every process compile every module it imports); one warm-up
        # run compiles them.
        env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
               "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache"), "REGVAULT_DESKTOP_NOTIFICATIONS": "off",
               "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
        if args.database:  # the URL the commands get has no password (DatabaseLocation.url leaves it out)
            env["PGPASSWORD"] = str(location.connect_params().get("password") or "")
        base = ["--data-dir", str(Path(tmp) / "data"), "--database", str(location.url if args.database
                                                                          else location.path)]
        print()
        command(["credentials", "--all-tenants", *base], env, repeat=1)
        command(["--version"], env, repeat=1)
        ms = command(["credentials", "--all-tenants", "--expiring", "30", *base], env)
        print(f"{'regvault credentials --all-tenants --expiring 30':50s} median {ms:7.1f} ms (the whole process)")
        ms = command(["credentials", "--all-tenants", "--expiring", "30", "--json", *base], env)
        print(f"{'  … --json':50s} median {ms:7.1f} ms")
        for label, text in queries:
            ms = command(["search", text, *base], env, repeat=3)
            print(f"{'regvault search ' + label:50s} median {ms:7.1f} ms (the whole process)")
        ms = command(["--version"], env)
        print(f"{'  (regvault --version: the process alone)':50s} median {ms:7.1f} ms")
        print()
        window_figures(location)


def window_figures(location: Any) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.credentials_view import CredentialsView, Show
    from desktop_app.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    store = Store.open(location)
    runner = TaskRunner()

    def opened() -> CredentialsView:
        view = CredentialsView(store, runner)
        loop = QEventLoop()
        view.loaded.connect(loop.quit)
        view.show()
        view.reload()
        loop.exec()
        app.processEvents()  # the first paint
        return view

    opens = []
    for _ in range(5):
        t = time.perf_counter()
        view = opened()
        opens.append((time.perf_counter() - t) * 1000)
        view.close()
        view.deleteLater()
    print(f"{'Credentials view: open (read, build, show)':50s} median {statistics.median(opens):7.1f} ms "
          f"({view.model.total:,} credentials)")
    view = opened()
    soon = view.show_box.findData(Show.SOON)
    cases: list[tuple[str, Callable[[], None], Callable[[], None]]] = [
        # (what, the change measured, the change back, not measured)
        ("filter: type 'c' (matches most)", lambda: view.filter_box.setText("c"), lambda: view.filter_box.setText("")),
        ("filter: type 'customer 17' (one tenant)", lambda: view.filter_box.setText("customer 17"),
         lambda: view.filter_box.setText("")),
        ("filter: 'customer 1' -> 'customer 17' (one key)", lambda: view.filter_box.setText("customer 17"),
         lambda: view.filter_box.setText("customer 1")),
        ("filter: clear it", lambda: view.filter_box.setText(""), lambda: view.filter_box.setText("c")),
        ("show: expiring within 30 days", lambda: view.show_box.setCurrentIndex(soon),
         lambda: view.show_box.setCurrentIndex(0)),
        ("show: all", lambda: view.show_box.setCurrentIndex(0), lambda: view.show_box.setCurrentIndex(soon)),
    ]
    for label, change, back in cases:
        samples = []
        back()
        app.processEvents()
        for _ in range(7):
            t = time.perf_counter()
            change()
            app.processEvents()  # the repaint
            samples.append((time.perf_counter() - t) * 1000)
            shown = view.model.rowCount()
            back()
            app.processEvents()
        print(f"{'Credentials view ' + label:50s} median {statistics.median(samples):7.1f} ms ({shown:,} shown)")
    view.filter_box.setText("")
    view.show_box.setCurrentIndex(0)
    for column in (9, 1):  # owners, app: a column's first sort makes its keys; later ones reuse them
        firsts = []
        for _ in range(3):
            view.model.set_records([view.model.record_at(r) for r in range(view.model.rowCount())], datetime.now(UTC))
            t = time.perf_counter()
            view.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
            app.processEvents()
            firsts.append((time.perf_counter() - t) * 1000)
            view.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)
            app.processEvents()
        print(f"{'Credentials view: sort by column ' + str(column) + ' (first time)':50s} median "
              f"{statistics.median(firsts):7.1f} ms")
    view.close()
    runner.shutdown(wait=True)
    store.close()


if __name__ == "__main__":
    main()
