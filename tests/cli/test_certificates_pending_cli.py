"""Issue 9: the command line says when a backup's snapshot can be browsed, and `apps`/`tenants` say how many
certificates' bytes are still to come when a backup was stopped while reading them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain.cancel import CancelToken
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupProgress, BackupService
from desktop_app.services.tenants import GraphConnector
from desktop_app.store import Store


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:300", seed=31, throttle="off") as emu:
        yield emu


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([*argv, "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_backup_says_when_the_snapshot_can_be_browsed_and_apps_what_is_still_to_come(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], emulator: Emulator
) -> None:
    data_dir = tmp_path / "data"
    tenant_id = emulator.tenant_id("contoso")
    code, _, _ = run(data_dir, capsys, "tenants", "add", "--emulator", emulator.base_url, "--tenant", tenant_id)
    assert code == 0
    code, out, err = run(data_dir, capsys, "backup", "--tenant", tenant_id)
    assert code == 0, err
    assert "can be browsed now; reading the bytes of" in err
    assert "browsable after" in out and "certificate bytes read afterwards for" in out
    assert "still to come" not in out

    # A second backup stopped while reading certificate bytes (new certificates since): its snapshot is kept.
    with Store.open(data_dir / "regvault.sqlite") as store:
        emulator.configure(key_credential_reads_per_minute=100_000)
        _give_new_certificates(emulator, tenant_id, 45)
        cancel = CancelToken()

        def progress(p: BackupProgress) -> None:
            if p.phase == "certificates" and p.done > 0:
                cancel.cancel()

        stopped = BackupService(store, GraphConnector(timeout=20)).run(tenant_id, progress=progress, cancel=cancel)
        pending = store.pending_certificates(tenant_id)
    assert stopped.certificates_pending == sum(pending.values()) > 0

    code, out, _ = run(data_dir, capsys, "apps", "--tenant", tenant_id)
    assert code == 0
    assert f"The bytes of {sum(pending.values()):,} certificates of {len(pending):,} apps are still to come" in out
    assert len(re.findall(r", [\d,]+ certificates? to come", out)) == len(pending)
    code, out, _ = run(data_dir, capsys, "apps", "--tenant", tenant_id, "--json")
    listing = json.loads(out)
    assert listing["certificatesPending"] == sum(pending.values())
    assert {a["objectId"]: a["certificatesPending"] for a in listing["apps"] if a["certificatesPending"]} == pending
    code, out, _ = run(data_dir, capsys, "tenants")
    assert code == 0 and f"the bytes of {sum(pending.values()):,} certificates are still to come" in out

    # The next backup reads them first, and then nothing is still to come.
    code, out, err = run(data_dir, capsys, "backup", "--tenant", tenant_id)
    assert code == 0, err
    code, out, _ = run(data_dir, capsys, "apps", "--tenant", tenant_id)
    assert "still to come" not in out and "to come" not in out


def _give_new_certificates(emulator: Emulator, tenant_id: str, count: int) -> None:
    """Another certificate on `count` apps (a copy of one that exists, under a new keyId)."""
    import httpx

    headers = {"Authorization": f"Bearer {emulator.token(tenant_id)}"}
    with httpx.Client(base_url=emulator.base_url, headers=headers, timeout=20) as http:
        apps = http.get("/applications", params={"$select": "id,keyCredentials", "$top": 999}).json()["value"]
        donor_id = next(a["id"] for a in apps if a["keyCredentials"])
        donor = http.get(f"/applications/{donor_id}", params={"$select": "keyCredentials"}).json()["keyCredentials"][0]
        key = {k: v for k, v in donor.items() if k != "keyId"}
        for app in [a for a in apps if not a["keyCredentials"]][:count]:
            http.patch(f"/applications/{app['id']}", json={"keyCredentials": [key]}).raise_for_status()
