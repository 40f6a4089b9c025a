"""Incident rollback benchmark (issue 25): run on purpose, prints its figures.

    /work/coord/bench .venv/bin/python tests/benchmarks/bench_rollback.py [--apps 10000] [--legitimate 200]

Against the emulator in its own process with Graph's L throttling and 100 ms + 1 ms per object returned:
a tenant of 10,000 apps is captured (a full backup; the certificate-read limit lifted for it, as the other
benchmarks do), then one of its users plants 24 attacker artifacts (secrets and certificates of apps and of their
enterprise applications, federated credentials, owners, an owner removed, redirect and identifier URIs, requested
permissions, admin and user consent, application permissions, new apps with their enterprise applications) and an
admin makes 200 legitimate changes (renames, notes, descriptions, tags of 200 other apps). Graph shows the audit events 5-15 s late here (minutes in Graph).
Measured, each under Graph's limits:
1. `changes`: the capture (a delta capture) and, after it, the comparison that lists the items with who and when.
   Target: the 24 found as incident items, the 200 as other changes, the listing < 10 s after the capture.
2. The rollback's preview (a quiet capture, the plan, the identity, the resources). Target: < 10 s.
3. The rollback's run (the pre-rollback snapshot, the writes, each app read back and verified, the post-rollback
   snapshot). Target: < 60 s.
4. Afterwards, read from Graph: none of the 24 remains, all 200 legitimate changes do.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from desktop_app.services.backup import BackupService
from desktop_app.services.capture import CaptureService
from desktop_app.services.changes import ChangesService, Since
from desktop_app.services.rollback import RollbackRequest, RollbackService

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # incident_attacks.py
from incident_attacks import Attacker, apps_with_service_principals, ok  # noqa: E402
from throttled_tenant import LATENCY_MS, PER_OBJECT_MS, line, throttled_tenant  # noqa: E402

TENANT = "big"
AUDIT_DELAY_S = 10.0


def attack(http: httpx.Client, admin: httpx.Client, people: list[dict[str, Any]]) -> list[str]:
    """24 artifacts on 7 apps and 2 new ones; returns their ids (what came with a new app is part of it)."""
    hit = Attacker(http)
    apps = apps_with_service_principals(admin, 7)
    mallory = people[1]["id"]
    a, b, c, d, e, f, g = apps
    hit.secret(a), hit.certificate(a), hit.federated(a), hit.owner(a, mallory)
    hit.secret(b), hit.redirect(b), hit.identifier(b), hit.permission(b)
    hit.consent(c), hit.app_role(c), hit.sp_owner(c, mallory), hit.consent(c, "Mail.Read", user_id=people[2]["id"])
    hit.sp_secret(d), hit.sp_certificate(d), hit.redirect(d, "https://cb.evil.example/oauth")
    hit.federated(e, "ci"), hit.owner(e, mallory), hit.app_role(e, "19dbc75e-c2e2-444c-a770-ec69d8559fc7")
    owners = ok(admin.get(f"/applications/{f['id']}/owners")).json()["value"]
    if owners:
        hit.remove_owner(f, owners[0]["id"])
    else:
        hit.owner(f, mallory)
    hit.secret(f), hit.consent(g), hit.identifier(g)
    hit.new_app("Sync Helper"), hit.new_app("Backup Agent")
    assert len(hit.made) == 24, len(hit.made)
    return list(hit.made)


def legitimate(admin: httpx.Client, count: int, skip: set[str]) -> set[str]:
    """`count` other apps renamed or re-described; returns their appIds."""
    apps = [a for a in ok(admin.get("/applications", params={"$top": "999", "$select": "id,appId"})).json()["value"]
            if a["appId"] not in skip][:count]
    for n, app in enumerate(apps):
        body = [{"displayName": f"Renamed {n}"}, {"notes": f"reviewed {n}"}, {"description": f"owner team {n}"},
                {"tags": [f"team{n}"]}][n % 4]
        ok(admin.patch(f"/applications/{app['id']}", json=body))
    return {a["appId"] for a in apps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--legitimate", type=int, default=200)
    args = parser.parse_args()
    print(f"Regvault incident rollback benchmark, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"Emulator: throttle L, {LATENCY_MS:.0f} ms + {PER_OBJECT_MS:.0f} ms/object, {args.apps:,} apps")
    with throttled_tenant(TENANT, args.apps, seed=25) as world:
        emu, store, connector = world.emulator, world.store, world.connector
        tenant_id = world.tenant.tenant_id
        emu.configure(key_credential_reads_per_minute=0, auditDelaySeconds=0)
        t0 = time.monotonic()
        capture = CaptureService(store, BackupService(store, connector, certificate_reads_per_minute=1e9))
        first = capture.capture(tenant_id)
        line("first capture (a full backup; certificate-read limit lifted)",
             f"{time.monotonic() - t0:.1f} s, {first.requests:,} requests")
        emu.configure(key_credential_reads_per_minute=150, latency_ms=0, per_object_ms=0,
                      auditDelaySeconds=AUDIT_DELAY_S)
        time.sleep(1)
        moment = Since(moment=datetime.now(UTC))
        time.sleep(1)
        people = emu.users(TENANT)
        with httpx.Client(base_url=emu.base_url, timeout=120,
                          headers={"Authorization": f"Bearer {people[1]['token']}"}) as http, \
                httpx.Client(base_url=emu.base_url, timeout=120,
                             headers={"Authorization": f"Bearer {people[0]['token']}"}) as admin:
            made = attack(http, admin, people)
            attacked = {m.rsplit("@", 1)[1] for m in made}
            legit = legitimate(admin, args.legitimate, attacked)
        line("planted", f"{len(made)} attacker artifacts, {len(legit)} legitimate changes")
        emu.configure(latency_ms=LATENCY_MS, per_object_ms=PER_OBJECT_MS)
        time.sleep(AUDIT_DELAY_S * 1.5 + 2)  # Graph shows the audit events late (0.5 to 1.5 times the delay)

        changes = ChangesService(store, capture)
        t0 = time.monotonic()
        captured = capture.capture(tenant_id)
        capture_s = time.monotonic() - t0
        t0 = time.monotonic()
        report = changes.compare(store.get_tenant(tenant_id), moment, changes.baseline(store.get_tenant(tenant_id),
                                                                                        moment), captured)
        compare_s = time.monotonic() - t0
        incident = {c.id for c in report.incident if not c.item.part_of}
        other = {c.app_id for c in report.other}
        attributed = sum(1 for c in report.incident if c.actor == people[1]["userPrincipalName"])
        if os.environ.get("BENCH_DEBUG"):
            print([(c.id[:60], c.actor, c.activity) for c in report.incident if c.actor != people[1]["userPrincipalName"]])
        print("\n1. regvault changes --since (capture, then the items):")
        line("capture (delta)", f"{capture_s:.1f} s, {captured.requests:,} requests, {captured.apps_read} apps read")
        line("changes listed after the capture", f"{compare_s:.2f} s (target < 10 s)")
        line("attacker artifacts found as incident items", f"{len(incident & set(made))} of {len(made)}"
             + (f"; not found: {sorted(set(made) - incident)}" if set(made) - incident else ""))
        line("incident items that are not the attacker's", f"{len(incident - set(made))}")
        line("legitimate changes listed as other changes", f"{len(other & legit)} of {len(legit)}")
        line("items named the attacker (audit log)", f"{attributed} of {len(report.incident)}")

        service = RollbackService(store, changes, connector)
        t0 = time.monotonic()
        preview = service.preview(RollbackRequest(tenant_id, moment))
        preview_s = time.monotonic() - t0
        print("\n2. regvault rollback --dry-run (the preview):")
        line("preview", f"{preview_s:.1f} s (target < 10 s), {preview.plan.steps} steps, "
                        f"refused {len(preview.plan.refusals)}")
        t0 = time.monotonic()
        run = service.run(preview)
        run_s = time.monotonic() - t0
        print("\n3. regvault rollback (the run):")
        line("run", f"{run_s:.1f} s (target < 60 s), {run.writes} writes, {run.requests} requests, "
                    f"status {run.status}")
        line("items undone", f"{run.count('done')} done, {run.count('failed')} failed")

        emu.configure(latency_ms=0, per_object_ms=0)
        time.sleep(AUDIT_DELAY_S + 2)
        after = changes.changes(tenant_id, moment)
        left = {c.id for c in after.incident} & set(made)
        kept = {c.app_id for c in after.other} & legit
        with httpx.Client(base_url=emu.base_url, timeout=120,
                          headers={"Authorization": f"Bearer {emu.token(TENANT)}"}) as admin:
            renamed = sum(1 for a in ok(admin.get("/applications", params={"$top": "999", "$select": "displayName"}))
                          .json()["value"] if a["displayName"].startswith("Renamed "))
        print("\n4. afterwards:")
        line("attacker artifacts left", f"{len(left)} of {len(made)}" + (f": {sorted(left)}" if left else ""))
        line("legitimate changes kept", f"{len(kept)} of {len(legit)} (renames read from Graph: {renamed})")


if __name__ == "__main__":
    main()
