"""`regvault tenants add --emulator`, `backup`, `apps`, `versions` in-process against the emulator: JSON output,
the monitoring line, and clear messages with exit codes for bad input and Graph failures."""

from __future__ import annotations

import json
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop_app.app import WIRING
from desktop_app.cli import main
from desktop_app.emulator import Emulator
from desktop_app.store import SCHEMA_VERSION
from desktop_app.store.schema import VERSION_TABLE


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:40,fabrikam:5", seed=12, throttle="off") as emu:
        yield emu


class Cli:
    def __init__(self, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data_dir = data_dir
        self.capsys = capsys

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main([*argv, "--data-dir", str(self.data_dir)])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    def json(self, *argv: str) -> tuple[int, Any]:
        code, out, _ = self(*argv, "--json")
        return code, json.loads(out)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


@pytest.fixture
def contoso(cli: Cli, emulator: Emulator) -> str:
    code, out, _ = cli("tenants", "add", "--emulator", emulator.base_url, "--tenant", emulator.tenant_id("contoso"))
    assert code == 0 and "Added Contoso" in out
    return emulator.tenant_id("contoso")


def test_backup_then_apps_and_versions_show_what_changed(cli: Cli, emulator: Emulator, contoso: str) -> None:
    code, first = cli.json("backup", "--tenant", "contoso.com")
    assert code == 0
    (result,) = first["backups"]
    assert result["result"] == "complete" and result["summary"]["added"] == result["summary"]["apps"] > 30

    code, listing = cli.json("apps", "--tenant", contoso, "--sort", "appId", "--desc")
    assert code == 0
    app_ids = [a["appId"] for a in listing["apps"]]
    assert app_ids == sorted(app_ids, reverse=True) and len(app_ids) == result["summary"]["apps"]
    target = listing["apps"][0]
    code, filtered = cli.json("apps", "--tenant", contoso, "--filter", target["appId"][3:15].upper())
    assert [a["appId"] for a in filtered["apps"]] == [target["appId"]]

    with httpx.Client(base_url=emulator.base_url,
                      headers={"Authorization": f"Bearer {emulator.token('contoso')}"}) as http:
        http.patch(f"/applications/{target['objectId']}", json={"notes": "changed by hand"}).raise_for_status()
        http.delete(f"/applications/{listing['apps'][1]['objectId']}").raise_for_status()
    code, out, err = cli("backup", "--tenant", "Contoso")
    assert code == 0
    # The deleted app's service principal goes with it, and it may have owned another app: that app changes too.
    assert f"regvault-backup complete tenant={contoso}" in err and "removed=1" in err
    assert "1 removed" in out

    code, versions = cli.json("versions", "--tenant", contoso, "--app", target["appId"])
    assert code == 0 and [v["version"] for v in versions["versions"]] == [2, 1]
    assert versions["versions"][0]["changes"] == [
        {"path": "notes", "kind": "changed", "old": None, "new": "changed by hand"}]

    code, with_deleted = cli.json("apps", "--tenant", contoso, "--include-deleted")
    statuses = {a["objectId"]: a["status"] for a in with_deleted["apps"]}
    assert statuses[listing["apps"][1]["objectId"]] == "recycled"
    code, active = cli.json("apps", "--tenant", contoso)
    assert listing["apps"][1]["objectId"] not in {a["objectId"] for a in active["apps"]}
    assert len(with_deleted["apps"]) == len(active["apps"]) + 1
    code, deleted = cli.json("apps", "--tenant", contoso, "--deleted")  # only the deleted ones
    assert [(a["objectId"], a["status"]) for a in deleted["apps"]] == [(listing["apps"][1]["objectId"], "recycled")]


def test_an_unknown_tenant_is_exit_2_with_the_known_tenants_named(cli: Cli, contoso: str) -> None:
    code, out, err = cli("backup", "--tenant", "nowhere.example")
    assert code == 2
    assert "No tenant 'nowhere.example' has been added" in err and "Contoso" in err
    code, document = cli.json("apps", "--tenant", "nowhere.example")
    assert code == 2 and "nowhere.example" in document["error"]["message"]


@pytest.mark.slow
def test_a_graph_failure_is_exit_1_with_code_and_request_id_and_keeps_the_last_snapshot(
    cli: Cli, emulator: Emulator, contoso: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Throttling is waited out for half an hour before a backup gives up; a Graph that never stops
    # throttling must still end in Graph's answer, so this run is given seconds of patience.
    monkeypatch.setattr(WIRING, "throttle_patience_s", 3.0)
    assert cli("backup", "--tenant", contoso)[0] == 0
    emulator.configure(fault_rate=1.0, fault_kinds=["429"])
    code, document = cli.json("backup", "--tenant", contoso)
    emulator.configure(fault_rate=0.0)
    assert code == 1
    (result,) = document["backups"]
    assert result["result"] == "failed" and result["code"] == "TooManyRequests" and result["requestId"]
    code, listing = cli.json("apps", "--tenant", contoso)
    assert code == 0 and listing["apps"], "the earlier snapshot is still there"


def test_a_file_that_is_not_a_database_is_exit_2_and_left_untouched(cli: Cli) -> None:
    cli.data_dir.mkdir(parents=True)
    database = cli.data_dir / "regvault.sqlite"
    database.write_bytes(b"this is a spreadsheet, not a database\n" * 10)
    before = database.read_bytes()
    code, out, err = cli("apps", "--tenant", "contoso")
    assert code == 2 and "not a Regvault database" in err
    assert database.read_bytes() == before


def test_a_database_from_a_newer_regvault_is_exit_2_and_left_untouched(cli: Cli, contoso: str) -> None:
    database = cli.data_dir / "regvault.sqlite"
    with sqlite3.connect(database) as raw:  # what a newer Regvault's migration would have left
        raw.execute(f"INSERT INTO {VERSION_TABLE} (version, changed) VALUES (?, '2027-01-01 00:00:00')",
                    (SCHEMA_VERSION + 1,))
    before = database.read_bytes()
    code, out, err = cli("backup", "--tenant", contoso)
    assert code == 2 and "newer" in err.lower()
    assert database.read_bytes() == before


def test_data_dir_and_json_before_the_command_are_used_not_the_default_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], emulator: Emulator, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Were the top-level --data-dir dropped, the commands below would write to the user's real data folder.
    default_home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(default_home))
    monkeypatch.setenv("XDG_DATA_HOME", str(default_home / "share"))
    data_dir = tmp_path / "chosen"
    tenant = emulator.tenant_id("fabrikam")
    assert main(["--data-dir", str(data_dir), "tenants", "add", "--emulator", emulator.base_url,
                 "--tenant", tenant]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "--json", "backup", "--tenant", tenant]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["backups"][0]["result"] == "complete", err
    assert (data_dir / "regvault.sqlite").is_file()
    assert not default_home.exists()


def test_adding_an_emulator_tenant_says_what_is_wrong_with_the_url_or_the_tenant(cli: Cli, emulator: Emulator) -> None:
    tenant = emulator.tenant_id("contoso")
    code, _, err = cli("tenants", "add", "--emulator", "127.0.0.1:8765/v1.0", "--tenant", tenant)
    assert code == 2 and "is not a URL" in err

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    code, _, err = cli("tenants", "add", "--emulator", f"http://127.0.0.1:{closed}/v1.0", "--tenant", tenant)
    assert code == 1 and "cannot reach an emulator" in err and "refused tenant" not in err

    code, _, err = cli("tenants", "add", "--emulator", emulator.base_url,
                       "--tenant", "11111111-2222-3333-4444-555555555555")
    assert code == 2 and "has no tenant 11111111-2222-3333-4444-555555555555" in err
    assert "InvalidAuthenticationToken" in err and "request-id" in err
    code, listed = cli.json("tenants")
    assert code == 0 and listed["tenants"] == []


def test_versions_text_counts_one_version_in_the_singular(cli: Cli, contoso: str) -> None:
    assert cli("backup", "--tenant", contoso)[0] == 0
    code, listing = cli.json("apps", "--tenant", contoso)
    code, out, _ = cli("versions", "--tenant", contoso, "--app", listing["apps"][0]["appId"])
    assert code == 0 and out.splitlines()[0].endswith(": 1 version")


def test_the_emulator_on_a_port_in_use_names_the_port(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["emulator", "--port", str(port), "--tenants", "contoso:1"])
    err = capsys.readouterr().err
    assert code == 2 and f"port {port} on 127.0.0.1 is already in use" in err and "--port 0" in err
