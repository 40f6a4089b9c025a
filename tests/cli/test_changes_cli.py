"""`regvault changes` in-process against the emulator: the JSON the issue names, the text, the evidence pack, and bad
input as sentences."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from capture_world import capture_emulator
from test_backup_cli import Cli

from desktop_app.emulator import Emulator


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with capture_emulator("contoso:10", seed=27, auditDelaySeconds=0) as emu:
        yield emu


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], emulator: Emulator) -> Cli:
    cli = Cli(tmp_path / "data", capsys)
    assert cli("tenants", "add", "--emulator", emulator.base_url, "--tenant", emulator.tenant_id("contoso"))[0] == 0
    return cli


def test_changes_since_a_moment_as_json_text_and_evidence(cli: Cli, emulator: Emulator, tmp_path: Path) -> None:
    assert cli("backup", "--tenant", "contoso.com")[0] == 0
    time.sleep(0.01)  # the moment is after the backup finished, on the same clock
    moment = datetime.now(UTC).isoformat()
    mallory = emulator.named_users("contoso")[1]
    with httpx.Client(base_url=emulator.base_url, headers={"Authorization": f"Bearer {mallory['token']}"}) as http:
        app = http.get("/applications", params={"$top": 1, "$select": "id,appId"}).json()["value"][0]
        added = http.post(f"/applications/{app['id']}/addPassword", json={"passwordCredential": {
            "displayName": "backdoor", "endDateTime": "2030-01-01T00:00:00Z"}}).json()

    code, found = cli.json("changes", "--tenant", "contoso.com", "--since", moment)
    assert code == 0 and found["otherChanges"] == []
    [item] = found["items"]
    assert {k: item[k] for k in ("id", "kind", "appId", "change", "actor")} == {
        "id": f"passwordCredential:application:{added['keyId']}@{app['appId']}", "kind": "passwordCredential",
        "appId": app["appId"], "change": "added", "actor": mallory["userPrincipalName"]}
    assert item["time"] and item["detail"]["endDateTime"].startswith("2030-01-01") and "until 2030-01-01" in item[
        "validity"]
    assert {"displayName", "detail"} <= set(item)

    code, out, _ = cli("changes", "--tenant", "contoso.com", "--since", moment, "--no-capture")
    assert code == 0 and "ADDED" in out and "client secret “backdoor”" in out and mallory["userPrincipalName"] in out
    pack = tmp_path / "evidence" / "incident.html"
    code, out, _ = cli("changes", "--tenant", "contoso.com", "--since", moment, "--format", "html", "--output",
                       str(pack))
    assert code == 0 and f"Evidence pack written to {pack}" in out
    page = pack.read_text(encoding="utf-8")
    assert "backdoor" in page and item["id"] in page and "<script" not in page
    assert pack.stat().st_mode & 0o077 == 0


def test_bad_input_is_a_sentence(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli("changes", "--tenant", "contoso.com", "--since", "1h")
    assert code == 2 and "never been backed up" in err
    assert cli("backup", "--tenant", "contoso.com")[0] == 0
    code, out, err = cli("changes", "--tenant", "contoso.com", "--since", "2001-01-01")
    assert code == 2 and "backups of Contoso begin at" in err
    code, out, err = cli("changes", "--tenant", "contoso.com", "--since", "999")
    assert code == 2 and "no complete snapshot 999" in err
    with pytest.raises(SystemExit) as refused:
        cli("changes", "--tenant", "contoso.com", "--since", "yesterday-ish")
    assert refused.value.code == 2 and "not a date" in capsys.readouterr().err
    code, out, err = cli("changes", "--tenant", "contoso.com", "--since", "1", "--format", "html")
    assert code == 2 and "--output FILE" in err
    code, out, err = cli("changes", "--tenant", "contoso.com", "--since", "1", "--format", "html", "--output",
                         str(cli.data_dir / "pack.html"))
    assert code == 2 and "data folder" in err


def test_rollback_previews_refuses_a_lock_out_and_undoes_with_evidence(cli: Cli, emulator: Emulator,
                                                                        tmp_path: Path) -> None:
    assert cli("backup", "--tenant", "contoso.com")[0] == 0
    time.sleep(0.01)
    moment = datetime.now(UTC).isoformat()
    admin = httpx.Client(base_url=emulator.base_url, headers={"Authorization": f"Bearer {emulator.token('contoso')}"})
    mallory = emulator.named_users("contoso")[1]
    with admin, httpx.Client(base_url=emulator.base_url,
                             headers={"Authorization": f"Bearer {mallory['token']}"}) as http:
        me = admin.get("/me").json()["id"]  # the CLI signs in to the emulator as the tenant's admin
        app = next(a for a in http.get("/applications", params={"$select": "id,appId"}).json()["value"]
                   if me not in {o["id"] for o in http.get(f"/applications/{a['id']}/owners").json()["value"]})
        key_id = http.post(f"/applications/{app['id']}/addPassword", json={"passwordCredential": {
            "displayName": "backdoor"}}).json()["keyId"]
        assert http.post(f"/applications/{app['id']}/owners/$ref", json={
            "@odata.id": f"https://graph.microsoft.com/v1.0/users/{me}"}).status_code == 204
    secret = f"passwordCredential:application:{key_id}@{app['appId']}"
    owner = f"owner:application:{me}@{app['appId']}"

    code, dry = cli.json("rollback", "--tenant", "contoso.com", "--since", moment, "--dry-run")
    assert code == 1 and [r["id"] for r in dry["refused"]] == [owner]
    assert {i["id"]: i["action"] for i in dry["items"]} == {secret: "remove", owner: "remove"}
    code, out, err = cli("rollback", "--tenant", "contoso.com", "--since", moment)
    assert code == 1 and "lock Regvault out" in err and "Nothing was written" in err
    code, out, err = cli("rollback", "--tenant", "contoso.com", "--since", moment, "--keep", owner, "--dry-run")
    assert code == 0 and "will be removed" in out and "1 item to undo" in out and "— done" not in out

    code, out, err = cli("rollback", "--tenant", "contoso.com", "--since", moment, "--keep", owner)
    assert code == 0, err
    assert "removed — done" in out and "kept (asked)" in out and "regvault-rollback run=" in err
    code, after = cli.json("changes", "--tenant", "contoso.com", "--since", moment)
    assert [i["id"] for i in after["items"]] == [owner]
    code, out, err = cli("rollback", "--tenant", "contoso.com", "--since", moment, "--keep", owner)
    assert code == 0 and "Nothing to write" in out and "regvault-rollback run=" not in err  # no empty run
    pack = tmp_path / "after.html"
    assert cli("changes", "--tenant", "contoso.com", "--since", moment, "--format", "html", "--output",
               str(pack))[0] == 0
    page = pack.read_text(encoding="utf-8")
    assert secret in page and "removed: done at" in page and "No longer in the tenant" in page
    assert "kept (asked) (run " in page and "kept (asked): kept" not in page  # results in words, not codes


def test_a_rollback_run_again_after_a_kill_says_the_earlier_run_was_settled(cli: Cli, emulator: Emulator) -> None:
    from test_rollback import TIMING, StopAfter

    from desktop_app.app import AppPaths, build_services, open_store
    from desktop_app.services.changes import ChangesService, Since
    from desktop_app.services.rollback import RollbackRequest, RollbackService
    from desktop_app.services.tenants import GraphConnector

    assert cli("backup", "--tenant", "contoso.com")[0] == 0
    time.sleep(0.01)
    moment = datetime.now(UTC)
    with httpx.Client(base_url=emulator.base_url,
                      headers={"Authorization": f"Bearer {emulator.token('contoso')}"}) as admin:
        app = admin.get("/applications", params={"$top": "1"}).json()["value"][0]
        admin.post(f"/applications/{app['id']}/addPassword", json={"passwordCredential": {"displayName": "backdoor"}})
    with open_store(AppPaths.resolve(cli.data_dir)) as store:
        tenant = store.get_tenant("contoso.com").tenant_id
        preview = build_services(AppPaths.resolve(cli.data_dir), store).rollback().preview(
            RollbackRequest(tenant, Since(moment=moment)))
        killed = RollbackService(store, ChangesService(store, None),
                                 GraphConnector(timeout=20, max_retries=2, transport=StopAfter(writes=0)),
                                 timing=TIMING)
        with pytest.raises(KeyboardInterrupt):  # as a kill would stop it, before its first write
            killed.run(preview)
        [stopped] = [r for r in store.restore_runs(tenant) if r.mode == "rollback"]

    code, out, err = cli("rollback", "--tenant", "contoso.com", "--since", moment.isoformat(), "--dry-run")
    assert code == 0, err
    assert f"regvault: rollback run {stopped.id} had been interrupted; settled: " in err, err
