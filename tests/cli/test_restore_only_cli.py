"""`regvault restore --only`: the plan names only the picked paths, the run changes only them on the emulator,
and a path that can't be picked is exit 2 with nothing written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from desktop_app.app import AppPaths
from desktop_app.cli import main
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:7", seed=4, consistency_delay_s=0.1) as emu:
        yield emu


def test_only_the_named_paths_are_planned_and_restored(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       emulator: Emulator) -> None:
    data = tmp_path / "data"
    store = Store.open(AppPaths.resolve(data).ensure().database)
    tenant = TenantService(store, GraphConnector()).add_emulator_tenant(emulator.base_url,
                                                                         emulator.tenant_id("contoso"))
    BackupService(store, GraphConnector()).run(tenant.tenant_id)
    store.close()
    http = httpx.Client(base_url=emulator.base_url, headers={"Authorization": f"Bearer {emulator.token('contoso')}"},
                        timeout=20)
    app = next(a for a in http.get("/applications").json()["value"] if a["web"]["redirectUris"])
    http.patch(f"/applications/{app['id']}", json={"web": {"redirectUris": ["https://x.contoso.com/"]},
                                                   "notes": "stays"}).raise_for_status()

    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["restore", "--tenant", "contoso.com", "--snapshot", "1", "--app", app["appId"], *argv,
                     "--data-dir", str(data)])
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    code, out, err = run("--only", "web.redirectUris", "--dry-run", "--json")
    assert code == 0, err
    plan = json.loads(out)["plan"]
    assert plan["only"] == ["web.redirectUris"] and plan["items"][0]["changes"] == ["web"]
    code, out, err = run("--only", "web.redirectUris,passwordCredentials")
    assert code == 2 and "Client secrets can't be restored" in err
    code, out, err = run("--only", "web.redirectUris")
    assert code == 0, err
    assert "only web.redirectUris (everything else as it is now)" in out
    now = http.get(f"/applications/{app['id']}").json()
    assert now["web"]["redirectUris"] == app["web"]["redirectUris"]
    assert now["notes"] == "stays"
    http.close()
