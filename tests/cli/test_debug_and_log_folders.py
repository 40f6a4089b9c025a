"""Logs in each platform's own folder (Console.app reads ~/Library/Logs on macOS), and `--debug`."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

from desktop_app.app import AppPaths
from desktop_app.cli import main
from desktop_app.services.folders import default_data_folder, log_folder
from desktop_app.services.schedule import BackupSchedule


def test_the_default_data_folders_log_to_the_platforms_log_folder() -> None:
    platform_logs = platformdirs.user_log_path("Regvault", appauthor=False)
    assert AppPaths.default().logs_dir == platform_logs
    assert AppPaths.demo().logs_dir == platform_logs / "demo"
    assert AppPaths.resolve(str(default_data_folder())).logs_dir == platform_logs  # given explicitly: the same
    # The scheduled backup's own log is where the window's About says the logs are.
    assert BackupSchedule(default_data_folder()).log_file.parent == platform_logs


def test_a_data_folder_of_ones_own_keeps_its_logs_inside(tmp_path: Path) -> None:
    assert AppPaths.resolve(tmp_path / "elsewhere").logs_dir == tmp_path / "elsewhere" / "logs"
    assert log_folder(tmp_path) == tmp_path / "logs"
    assert BackupSchedule(tmp_path).log_file == tmp_path / "logs" / BackupSchedule(tmp_path).log_file.name


@pytest.fixture
def fresh_logging() -> Iterator[None]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    for handler in before:
        root.removeHandler(handler)
    try:
        yield
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in before:
            root.addHandler(handler)
        root.setLevel(level)


def test_debug_logs_everything_to_stderr_and_the_file_without_secrets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fresh_logging: None
) -> None:
    data = tmp_path / "data"
    assert main(["--debug", "tenants", "--data-dir", str(data)]) == 0
    logging.getLogger("desktop_app.graph").debug("sent Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOi.abc.def")
    err = capsys.readouterr().err
    assert "DEBUG regvault: Regvault" in err and "debug logging to" in err
    assert "eyJ0eXAiOiJKV1QiLCJhbGciOi" not in err
    assert "sent Authorization" in err
    assert "eyJ0eXAiOiJKV1QiLCJhbGciOi" not in (data / "logs" / "regvault.log").read_text(encoding="utf-8")
    assert "DEBUG" in (data / "logs" / "regvault.log").read_text(encoding="utf-8")


def test_without_debug_nothing_is_echoed(tmp_path: Path, capsys: pytest.CaptureFixture[str], fresh_logging: None) -> None:
    assert main(["tenants", "--data-dir", str(tmp_path / "data")]) == 0
    logging.getLogger("desktop_app.graph").debug("not shown")
    assert "DEBUG" not in capsys.readouterr().err
