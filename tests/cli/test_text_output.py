"""Issue 16 case 8: control characters in tenant-controlled names are escaped in every text output, so a
newline in an app's name can't forge a row of `regvault apps` and an escape sequence can't drive the terminal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from named_apps import backed_up_with_names

from desktop_app.cli import main
from desktop_app.emulator import Emulator

FORGED = "Evil\n" + "Forged row                               00000000-0000-0000-0000-000000000000  2020-01-01 00:00"
ESCAPE = "Bell\x07\x1b[2J\u202eReversed"


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    with backed_up_with_names(tmp_path / "data", "contoso:3", 2, (FORGED, ESCAPE)) as folder:
        yield folder


def test_apps_prints_one_row_per_app_whatever_the_names_hold(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["apps", "--tenant", "contoso.com", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    lines = out.rstrip("\n").split("\n")
    assert lines[-1] == "5 apps"
    assert len(lines) == 1 + 5 + 1  # header, five apps, count
    assert not any(line.startswith("Forged row") for line in lines)
    assert "Evil\\nForged row" in out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "Bell\\x07\\x1b[2J\\u202eReversed" in out


def test_json_output_keeps_the_names_exactly(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["apps", "--tenant", "contoso.com", "--data-dir", str(data_dir), "--json"]) == 0
    names = {a["displayName"] for a in json.loads(capsys.readouterr().out)["apps"]}
    assert {FORGED, ESCAPE} <= names


def test_the_restore_plan_text_escapes_names(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import datetime

    today = datetime.now().astimezone().date().isoformat()
    code = main(["restore", "--tenant", "contoso.com", "--snapshot", today, "--all", "--dry-run",
                 "--data-dir", str(data_dir)])
    assert code == 0
    out = capsys.readouterr().out
    assert not any(line.startswith("Forged row") for line in out.split("\n"))
    assert "\x1b" not in out


def test_the_tenants_and_signin_confirmations_are_one_line_whatever_the_tenant_is_called(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The tenant's name comes from Graph (its organization's displayName, set by whoever runs that tenant: a
    reseller's customer) or from `tenants rename`: a newline in it can't add a line to a one-line confirmation."""
    folder = str(tmp_path / "data")

    def run(*argv: str) -> list[str]:
        capsys.readouterr()
        assert main([*argv, "--data-dir", folder]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        return out.rstrip("\n").split("\n")

    with Emulator("contoso:1", seed=2) as emulator:
        tenant_id = emulator.tenant_id("contoso")
        emulator.directory.tenant(tenant_id).display_name = "Contoso\nForged line\x1b[2J"
        (added,) = run("tenants", "add", "--emulator", emulator.base_url, "--tenant", tenant_id)
        assert added.startswith("Added Contoso\\nForged line\\x1b[2J (")
        (refreshed,) = run("tenants", "refresh", "--tenant", tenant_id)
        assert refreshed.startswith("Contoso\\nForged line")
        for line in (*run("tenants", "target", "--tenant", tenant_id, "on"), *run("signin", "--tenant", tenant_id),
                     *run("signout", "--tenant", tenant_id)):
            assert line.startswith("Contoso\\nForged line\\x1b[2J ") or "Contoso\\nForged line\\x1b[2J." in line
        (renamed,) = run("tenants", "rename", "--tenant", tenant_id, "--name", "Bell\x07\u202eReversed\nForged")
        assert renamed == f"Renamed {tenant_id} to Bell\\x07\\u202eReversed\\nForged."
        (removed,) = run("tenants", "remove", "--tenant", tenant_id)
        assert removed.startswith("Removed Bell\\x07\\u202eReversed\\nForged (")
