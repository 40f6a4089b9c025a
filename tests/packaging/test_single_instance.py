"""One window per data folder: a second start hands over to the first window (which comes to the front) and
exits, before it opens the database. Two real processes, as a user double-clicking twice would start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.ui.single_instance import LOCK_FILE_NAME


def start_window(data_dir: Path, quit_after_s: float) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_app.cli", "--data-dir", str(data_dir), "--quit-after", str(quit_after_s)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def log_text(data_dir: Path) -> str:
    path = data_dir / "logs" / "regvault.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def wait_for(condition, timeout_s: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_a_second_start_brings_the_first_window_to_the_front(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = start_window(data, quit_after_s=120)
    try:
        assert wait_for(lambda: "main window open" in log_text(data), 90), log_text(data)
        started = time.monotonic()
        second = start_window(data, quit_after_s=120)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        assert time.monotonic() - started < 30  # it did not open a window of its own and wait out --quit-after
        assert "already open" in err and str(data) in err
        assert wait_for(lambda: "a second start asked this window to come to the front" in log_text(data), 10)
        assert log_text(data).count("main window open") == 1
        assert first.poll() is None  # the first window is still open
    finally:
        first.terminate()
        first.communicate(timeout=30)


@pytest.mark.slow
def test_a_lock_left_by_a_crashed_window_does_not_stop_the_next_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    # QLockFile's own format: pid, application name, host name; that process is gone.
    (data / LOCK_FILE_NAME).write_text(f"{dead.stdout.strip()}\npython\n{socket.gethostname()}\n")
    window = start_window(data, quit_after_s=1)
    _out, err = window.communicate(timeout=90)
    assert window.returncode == 0, err
    assert "main window open" in log_text(data)
