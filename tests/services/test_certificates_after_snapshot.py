"""Issue 9: a backup's snapshot can be browsed before the last certificate bytes arrive (Graph allows 150
certificate reads a minute per tenant). The bytes are filled into the same versions afterwards; a backup stopped
or killed while reading them keeps its snapshot, and the next backup reads what is still to come first; a restore
of an app whose bytes are pending keeps the live key and says so."""

from __future__ import annotations

import base64
import hashlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from restore_world import World

from desktop_app.domain.document import PENDING_KEYS, document_hash, pending_key_ids
from desktop_app.domain.restore_plan import WarningCode
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupProgress, BackupService
from desktop_app.services.restore_texts import describe_warning
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store, TenantInfo


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:600,fabrikam:4", seed=17, throttle="off") as emu:
        # The tests read the live bytes themselves to compare; the backup still paces its reads at 150 a minute.
        emu.configure(key_credential_reads_per_minute=100_000)
        yield emu


@pytest.fixture
def world(emulator: Emulator, store: Store) -> Iterator[World]:
    w = World(emulator, store)
    yield w
    w.close()


def live_key_hashes(world: World, object_id: str) -> dict[str, str]:
    """keyId -> sha256 of the bytes Graph has for the app's certificates (a single-app keyCredentials read)."""
    app = world.portal.get(f"/applications/{object_id}", **{"$select": "keyCredentials"})
    return {c["keyId"]: hashlib.sha256(base64.b64decode(c["key"])).hexdigest() for c in app["keyCredentials"]}


def with_certificates(world: World) -> list[dict[str, Any]]:
    return [a for a in world.portal.all("/applications", **{"$top": 999}) if a["keyCredentials"]]


def open_version(store: Store, tenant: TenantInfo, object_id: str) -> tuple[int, dict[str, Any]]:
    row = store.find_app(tenant.tenant_id, object_id)
    assert row is not None
    (version, *_older) = store.versions(row.pk)
    return version.pk, store.version_document(version.pk)


def stop_after_first_batch(cancel_holder: list[Any]) -> Any:
    """A progress callback that cancels the backup once the first certificate bytes are in."""

    def progress(p: BackupProgress) -> None:
        if p.phase == "certificates" and p.done > 0:
            cancel_holder[0].cancel()

    return progress


def test_the_snapshot_can_be_browsed_before_the_certificate_bytes_arrive(world: World, store: Store) -> None:
    keyed = with_certificates(world)
    assert len(keyed) > 20
    seen: dict[str, Any] = {}

    def progress(p: BackupProgress) -> None:
        if p.phase == "browsable":
            # The snapshot is in the store now, complete, with every app; the bytes are still to come.
            snapshot = store.last_backup(world.contoso.tenant_id)
            assert snapshot is not None and snapshot.status == "complete"
            seen["snapshot"] = snapshot.id
            seen["apps"] = snapshot.apps
            seen["requests"] = snapshot.requests
            seen["total"] = p.total
            seen["pending"] = store.pending_certificates(world.contoso.tenant_id)
            seen["versions"] = {a["id"]: open_version(store, world.contoso, a["id"]) for a in keyed}

    summary = world.backup.run(world.contoso.tenant_id, progress=progress)
    assert seen, "the backup never said its snapshot could be browsed"
    assert seen["snapshot"] == summary.snapshot_id and seen["apps"] == summary.apps
    keys_listed = sum(len(a["keyCredentials"]) for a in keyed)
    assert seen["total"] == keys_listed == sum(seen["pending"].values())
    assert set(seen["pending"]) == {a["id"] for a in keyed}
    for app in keyed:
        _pk, document = seen["versions"][app["id"]]
        assert sorted(pending_key_ids(document)) == sorted(c["keyId"] for c in app["keyCredentials"])
        assert document["keyCredentialKeys"] == {}
        # The metadata is in the snapshot already: the certificates can be looked at, only the bytes wait.
        assert [c["keyId"] for c in document["application"]["keyCredentials"]] == [
            c["keyId"] for c in app["keyCredentials"]
        ]
    # Afterwards: the bytes are in the same versions (no new version), and nothing is pending.
    assert summary.certificates_pending == 0 and summary.certificates_stopped is None
    assert summary.browsable_seconds is not None and summary.browsable_seconds <= summary.seconds
    assert summary.details["certificates"] == len(keyed)
    assert store.pending_certificates(world.contoso.tenant_id) == {}
    # The snapshot's Graph cost counts the reads made after it was written.
    assert store.snapshot(summary.snapshot_id).requests == summary.requests > seen["requests"]
    for app in keyed:
        pk_then, _ = seen["versions"][app["id"]]
        pk_now, document = open_version(store, world.contoso, app["id"])
        assert pk_now == pk_then
        assert PENDING_KEYS not in document
        assert document["keyCredentialKeys"] == live_key_hashes(world, app["id"])
        row = store.find_app(world.contoso.tenant_id, app["id"])
        assert row is not None and row.version_count == 1
        (version,) = store.versions(row.pk)
        assert version.document_hash == document_hash(document)
        for sha in document["keyCredentialKeys"].values():
            assert store.blob(sha) is not None
    # A second backup finds nothing to read and nothing changed: the filled documents are what Graph has.
    again = world.backup.run(world.contoso.tenant_id)
    assert again.details["certificates"] == 0 and again.changed == 0 and again.added == 0


def test_a_backup_stopped_while_reading_bytes_keeps_its_snapshot_and_the_next_reads_them_first(
    world: World, store: Store, emulator: Emulator
) -> None:
    from desktop_app.domain.cancel import CancelToken

    keyed = with_certificates(world)
    cancel = [CancelToken()]
    stopped = world.backup.run(world.contoso.tenant_id, progress=stop_after_first_batch(cancel), cancel=cancel[0])
    assert stopped.certificates_stopped == "cancelled"
    assert 0 < stopped.certificates_pending < sum(len(a["keyCredentials"]) for a in keyed)
    pending = store.pending_certificates(world.contoso.tenant_id)
    assert sum(pending.values()) == stopped.certificates_pending
    snapshot = store.last_backup(world.contoso.tenant_id)
    assert snapshot is not None and snapshot.id == stopped.snapshot_id and snapshot.status == "complete"
    assert len(world.apps(stopped.snapshot_id)) == stopped.apps  # browsable, every app in it
    versions_before = {a: open_version(store, world.contoso, a)[0] for a in pending}

    # Meanwhile another app gets a certificate: the next backup reads the bytes left pending before that one.
    fresh = next(a for a in world.portal.all("/applications", **{"$top": 999}) if not a["keyCredentials"])
    donor = world.portal.get(f"/applications/{keyed[0]['id']}", **{"$select": "keyCredentials"})["keyCredentials"][0]
    new_key = {k: v for k, v in donor.items() if k not in ("keyId",)}
    world.portal.patch(f"/applications/{fresh['id']}", {"keyCredentials": [new_key]})
    order: list[set[str]] = []

    def progress(p: BackupProgress) -> None:
        if p.phase == "certificates" and p.done > 0 and not order:
            order.append(set(store.pending_certificates(world.contoso.tenant_id)))

    again = world.backup.run(world.contoso.tenant_id, progress=progress)
    assert again.certificates_pending == 0
    assert again.details["certificates"] == len(pending) + 1  # only what was still to come, and the new one
    assert fresh["id"] in order[0], "the new certificate was read before those an earlier backup left pending"
    assert store.pending_certificates(world.contoso.tenant_id) == {}
    # Filled into the versions the stopped backup wrote: the second backup added no version for them.
    for object_id, version_pk in versions_before.items():
        pk_now, document = open_version(store, world.contoso, object_id)
        assert pk_now == version_pk
        assert document["keyCredentialKeys"] == live_key_hashes(world, object_id)
    assert again.changed == 1  # the app that got a certificate; none for the bytes that arrived


def test_the_next_capture_reads_the_bytes_a_stopped_backup_left_even_when_nothing_changed(
    world: World, store: Store
) -> None:
    """The scheduled backup and the window capture through the change feed: a tenant where nothing changed since
    must still get the bytes an earlier backup left pending, not a "no change" that leaves them for a day."""
    from desktop_app.domain.cancel import CancelToken
    from desktop_app.services.capture import CaptureService, FullReason

    capture = CaptureService(store, world.backup)
    cancel = [CancelToken()]
    first = capture.capture(world.contoso.tenant_id, progress=stop_after_first_batch(cancel), cancel=cancel[0])
    assert first.backup is not None and first.backup.certificates_stopped == "cancelled"
    assert store.pending_certificates(world.contoso.tenant_id)

    again = capture.capture(world.contoso.tenant_id)
    assert (again.kind, again.full_reason) == ("full", FullReason.CERTIFICATES)
    assert again.backup is not None and again.backup.certificates_pending == 0
    assert store.pending_certificates(world.contoso.tenant_id) == {}
    assert capture.capture(world.contoso.tenant_id).kind == "quiet"  # back to the change feed once they are in


KILLED_WHILE_READING_BYTES = """
import threading
from pathlib import Path
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector
from desktop_app.store import Store

def progress(p):
    if p.phase == "certificates" and p.done > 0:
        print("reading bytes", flush=True)
        threading.Event().wait()  # until SIGKILL

store = Store.open(Path({db!r}))
BackupService(store, GraphConnector(timeout=20)).run({tenant_id!r}, progress=progress)
print("finished", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_backup_killed_while_reading_bytes_is_resumed_by_the_next(tmp_path: Path) -> None:
    db = tmp_path / "regvault.sqlite"
    with Emulator("contoso:300", seed=17, throttle="off") as emulator:
        tenant_id = emulator.tenant_id("contoso")
        with Store.open(db) as store:
            TenantService(store, GraphConnector(timeout=20)).add_emulator_tenant(emulator.base_url, tenant_id)
        script = KILLED_WHILE_READING_BYTES.format(db=str(db), tenant_id=tenant_id)
        process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env={**os.environ, "PYTHONPATH": str(Path.cwd())})
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line.strip() == "reading bytes", (line, process.stderr.read() if process.stderr else "")
            os.kill(process.pid, signal.SIGKILL)
        finally:
            process.wait(timeout=30)
        with Store.open(db) as store:
            (snapshot,) = store.snapshots(tenant_id)
            assert snapshot.status == "complete"  # written before the bytes: kept, and browsable
            pending = store.pending_certificates(tenant_id)
            assert pending
            again = BackupService(store, GraphConnector(timeout=20)).run(tenant_id)
            assert again.certificates_pending == 0
            assert again.details["certificates"] == len(pending)
            assert again.changed == 0 and again.added == 0
            assert store.pending_certificates(tenant_id) == {}


def test_a_restore_of_an_app_whose_bytes_are_pending_keeps_the_live_key_and_says_so(
    world: World, store: Store
) -> None:
    from desktop_app.domain.cancel import CancelToken

    cancel = [CancelToken()]
    stopped = world.backup.run(world.contoso.tenant_id, progress=stop_after_first_batch(cancel), cancel=cancel[0])
    pending = store.pending_certificates(world.contoso.tenant_id)
    object_id = next(iter(pending))
    live_before = live_key_hashes(world, object_id)
    # The admin changes the app; the restore from the stopped backup's snapshot must not touch its certificates.
    world.portal.patch(f"/applications/{object_id}", {"notes": "changed after the snapshot"})
    app = next(a for a in world.apps(stopped.snapshot_id) if a.object_id == object_id)
    preview, report = world.restore(stopped.snapshot_id, [app])
    (planned,) = preview.plan.items
    said = [w for w in planned.warnings if w.code is WarningCode.CERTIFICATE_BYTES_PENDING]
    assert {w.params["key_id"] for w in said} == set(live_before)
    assert "keeps the certificate it has" in describe_warning(said[0])
    (item,) = report.items
    assert item.result in ("verified", "warnings"), item.failure
    assert live_key_hashes(world, object_id) == live_before
    restored = world.portal.get(f"/applications/{object_id}")
    assert restored.get("notes") == app.document["application"].get("notes")
