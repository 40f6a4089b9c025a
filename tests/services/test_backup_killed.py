"""A backup process killed with SIGKILL leaves a sound database, earlier snapshots intact, and the next
backup completes (issue 3)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


KILLED_BACKUP = """
import sys, time
from pathlib import Path
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector
from desktop_app.store import Store

said = False
def progress(p):
    global said
    if p.phase == "{phase}" and p.done > 0 and not said:
        said = True
        print("in {phase}", flush=True)
        time.sleep(60)

store = Store.open(Path({data_dir!r}) / "regvault.sqlite")
BackupService(store, GraphConnector()).run({tenant_id!r}, progress=progress)
print("finished", flush=True)
"""


@pytest.mark.parametrize("moment", ["while listing", "while writing the snapshot"])
@pytest.mark.slow
def test_a_backup_killed_mid_run_leaves_earlier_snapshots_intact(tmp_path: Path, moment: str) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    db = data_dir / "regvault.sqlite"
    # Over 500 apps, so the snapshot write reports progress inside its transaction (every PROGRESS_EVERY apps).
    with Emulator(tenants="contoso:640", seed=9, throttle="off", latency_ms=2) as emu:
        tenant_id = emu.tenant_id("contoso")
        store = Store.open(db)
        connector = GraphConnector(timeout=20)
        TenantService(store, connector).add_emulator_tenant(emu.base_url, tenant_id)
        first = BackupService(store, connector).run(tenant_id)
        before = {r.object_id: r.version_count for r in store.app_rows(store.app_ids(tenant_id))}
        store.close()
        # Every app changes, so the killed backup had a large write to do.
        emu.configure(latency_ms=0)
        _touch_every_app(emu, tenant_id)
        # The backup runs in its own process and says on stdout where it is; in the write phase it lingers
        # inside the open transaction so the kill lands there and nowhere else.
        phase = "listing" if moment == "while listing" else "writing"
        script = KILLED_BACKUP.format(data_dir=str(data_dir), tenant_id=tenant_id, phase=phase)
        process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line.strip() == f"in {phase}", (line, process.stderr.read() if process.stderr else "")
            os.kill(process.pid, signal.SIGKILL)
        finally:
            process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL

        with sqlite3.connect(db) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

        store = Store.open(db)
        try:
            assert [s.id for s in store.snapshots(tenant_id)] == [first.snapshot_id]
            after = {r.object_id: r.version_count for r in store.app_rows(store.app_ids(tenant_id))}
            assert after == before
            emu.configure(latency_ms=0)
            again = BackupService(store, connector).run(tenant_id)
            assert again.changed == len(before)
            assert sorted(s.id for s in store.snapshots(tenant_id)) == [first.snapshot_id, again.snapshot_id]
        finally:
            store.close()


def _touch_every_app(emu: Emulator, tenant_id: str) -> None:
    import httpx

    with httpx.Client(base_url=emu.base_url, headers={"Authorization": f"Bearer {emu.token(tenant_id)}"}) as http:
        url: str | None = "/applications?$select=id&$top=999"
        while url:
            data = http.get(url).raise_for_status().json()
            for app in data["value"]:
                http.patch(f"/applications/{app['id']}", json={"notes": "touched"}).raise_for_status()
            url = data.get("@odata.nextLink")
