"""The command line as a newcomer meets it after `regvault --demo` (issue 22 item 8): the demo's own data folder is
named with its flag, the demo's Graph that is not running is said to be the demo's, and a date without a snapshot
is answered with where the snapshots are."""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path

import pytest

from desktop_app.app import AppPaths
from desktop_app.cli import main
from desktop_app.services.restore_texts import days_with_snapshots
from desktop_app.store import Store, TenantInfo

DEMO_TENANT = TenantInfo("4d9f5a7e-0000-4000-8000-0000000000c1", "Contoso", "", default_domain="contoso.com",
                         domains=("contoso.com",), kind="emulator")


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The default data folder and the demo's, both under tmp_path; the demo's holds the demo's tenant."""
    default, demo = tmp_path / "Regvault", tmp_path / "Regvault" / "demo"
    monkeypatch.setattr(AppPaths, "default", classmethod(lambda cls: cls(default)))
    monkeypatch.setattr(AppPaths, "demo", classmethod(lambda cls: cls(demo)))
    with socket.socket() as probe:  # a port where nothing listens: the demo's window is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = Store.open(AppPaths(demo).ensure().database)
    try:
        store.add_tenant(TenantInfo(**{**DEMO_TENANT.__dict__, "graph_base_url": f"http://127.0.0.1:{port}/v1.0"}))
        store.set_setting("demo.mark", "demo:test")
    finally:
        store.close()
    return default, demo


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_a_demo_tenant_asked_for_outside_the_demo_names_the_demo_folder_and_its_flag(
        folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _default, demo = folders
    code, _out, err = run(capsys, "apps", "--tenant", "contoso.com")
    assert code == 2
    assert f"The demo keeps its own data folder ({demo})" in err and "regvault apps --demo" in err, err

    code, out, err = run(capsys, "apps", "--demo", "--tenant", "contoso.com")
    assert code == 0 and "No backed-up apps match in Contoso." in out, err
    code, out, err = run(capsys, "--demo", "apps", "--tenant", "contoso.com")
    assert code == 0, err


def test_with_the_demo_closed_a_command_that_reads_graph_says_the_demo_must_run(
        folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "backup", "--demo", "--tenant", "contoso.com")
    assert code == 1
    assert "The demo's Microsoft Graph (its built-in emulator) runs only while the demo runs" in err, err
    assert "refused the connection (nothing listens there" not in err


def test_a_day_without_a_snapshot_is_answered_with_the_range_and_the_nearest_days() -> None:
    days = [date(2026, 10, 9) + (date(2026, 10, 10) - date(2026, 10, 9)) * n for n in range(60)]
    text = days_with_snapshots(days, date(2025, 1, 1))
    assert text == ("Snapshots exist on 60 days from 2026-10-09 to 2026-12-07. Nearest: the first after it is "
                    "2026-10-09."), text
    gap = [d for d in days if d != date(2026, 11, 1)]
    assert days_with_snapshots(gap, date(2026, 11, 1)).endswith(
        "Nearest: the last before it is 2026-10-31 and the first after it is 2026-11-02.")
    assert days_with_snapshots([], date(2026, 11, 1)) == "The tenant has no snapshot yet."
