"""The change timeline on the command line: `backup` captures only what changed (`--full` forces a full one),
`versions --json` says who changed each version, `audit` lists the events kept, `watch` captures until Ctrl+C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from capture_world import capture_emulator
from process_lines import ProcessLines
from test_backup_cli import Cli

from desktop_app.emulator import Emulator


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with capture_emulator("contoso:25", seed=21, auditDelaySeconds=0) as emu:
        yield emu


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


@pytest.fixture
def contoso(cli: Cli, emulator: Emulator) -> str:
    assert cli("tenants", "add", "--emulator", emulator.base_url, "--tenant", emulator.tenant_id("contoso"))[0] == 0
    return emulator.tenant_id("contoso")


def as_user(emulator: Emulator, index: int = 0) -> tuple[httpx.Client, str]:
    user = emulator.named_users("contoso")[index]
    return (httpx.Client(base_url=emulator.base_url, headers={"Authorization": f"Bearer {user['token']}"}),
            user["userPrincipalName"])


def test_backup_reads_only_what_changed_and_versions_say_who(cli: Cli, emulator: Emulator, contoso: str) -> None:
    code, first = cli.json("backup", "--tenant", contoso)
    assert code == 0 and first["backups"][0]["capture"]["kind"] == "full"
    assert first["backups"][0]["capture"]["fullReason"] == "first"
    code, out, err = cli("backup", "--tenant", contoso)
    assert code == 0 and "no change" in out and f"regvault-backup complete tenant={contoso} unchanged" in err

    http, upn = as_user(emulator)
    app = http.get("/applications", params={"$top": "1"}).json()["value"][0]
    assert http.patch(f"/applications/{app['id']}", json={"web": {"redirectUris": [
        "https://new.contoso.com/signin"]}}).status_code == 204
    http.close()
    code, delta = cli.json("backup", "--tenant", contoso)
    facts = delta["backups"][0]["capture"]
    assert code == 0 and (facts["kind"], facts["appsRead"], facts["changed"]) == ("delta", 1, 1)
    assert facts["requests"] < 10

    code, versions = cli.json("versions", "--tenant", contoso, "--app", app["appId"])
    newest = versions["versions"][0]
    assert code == 0 and [(c["actor"], c["activity"]) for c in newest["changedBy"]] == [
        (upn, "Update application")]
    assert newest["changedBy"][0]["parts"] == ["redirectUris"] and versions["versions"][-1]["changedBy"] == []
    code, out, _ = cli("versions", "--tenant", contoso, "--app", app["appId"])
    assert f"Redirect URIs: changed by {upn} at" in out and "(Update application)" in out

    code, audit = cli.json("audit", "--tenant", contoso, "--app", app["appId"])
    assert code == 0 and [e["actor"] for e in audit["events"]] == [upn]
    assert audit["events"][0]["properties"] == ["AppAddress"] and audit["readUntil"]
    code, out, _ = cli("audit", "--tenant", contoso, "--since", "1d")
    assert code == 0 and upn in out and "Redirect URIs" in out and "Audit log read up to" in out
    assert cli.json("audit", "--tenant", contoso, "--since", "2999-01-01")[1]["events"] == []

    code, full = cli.json("backup", "--tenant", contoso, "--full")
    assert code == 0 and full["backups"][0]["capture"]["fullReason"] == "asked"


def test_audit_refuses_what_it_cannot_read(cli: Cli, contoso: str) -> None:
    with pytest.raises(SystemExit) as refused:  # argparse's usage error
        cli("audit", "--tenant", contoso, "--since", "yesterday")
    assert refused.value.code == 2
    code, out, err = cli("audit", "--tenant", contoso, "--app", "00000000-0000-0000-0000-00000000beef")
    assert code != 0 and "no backed-up app" in err


WATCH_WAIT_S = 240  # a loaded CI machine: the waits end on what the process prints, long before this


@pytest.mark.slow
def test_watch_captures_until_ctrl_c(cli: Cli, emulator: Emulator, contoso: str) -> None:
    watch = subprocess.Popen(
        [sys.executable, "-m", "desktop_app.cli", "watch", "--tenant", contoso, "--interval", "10", "--data-dir",
         str(cli.data_dir)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    printed = ProcessLines(watch, watch.stdout, WATCH_WAIT_S)  # stderr merged into stdout, in the order written
    try:
        printed.wait_for("watching Contoso every 10 s; Ctrl+C stops.")
        assert "full backup: snapshot" in printed.wait_for("Contoso: full backup: snapshot")
        http, _ = as_user(emulator, 1)
        app = http.get("/applications", params={"$top": "1"}).json()["value"][0]
        assert http.patch(f"/applications/{app['id']}", json={"notes": "watched"}).status_code == 204
        http.close()
        # The first capture that reads the change again (the round running while the test wrote may not see it).
        assert "(0 added, 1 changed, 0 removed)" in printed.wait_for("apps read again")
    finally:
        watch.send_signal(signal.SIGINT)  # the watch's own handler: also when the test's process ignores SIGINT
        code = watch.wait(WATCH_WAIT_S)
    lines = printed.rest()
    assert code == 130, lines
    assert "regvault: stopped; every completed capture is kept." in lines
    assert not any("Traceback" in line for line in lines), lines


def test_json_lines_are_one_document_per_capture(cli: Cli, contoso: str) -> None:
    code, result = cli.json("backup", "--tenant", contoso)
    assert code == 0 and json.loads(json.dumps(result))["backups"][0]["capture"]["snapshot"]
