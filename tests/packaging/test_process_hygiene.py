"""A process of Regvault behaves like an app: nothing it does unseen kills it, and nothing that kills it goes unseen.

- an uncaught exception in any thread reaches the log (and, in the window, a dialog);
- a hard crash leaves every thread's traceback in logs/crash.log (faulthandler);
- a windowed executable has no stdout/stderr: printing progress must not be what fails;
- the scheduled backup's `--log-file` appends its output there and rotates it.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from desktop_app.app import AppPaths, configure_logging
from desktop_app.cli import main
from desktop_app.diagnostics import CRASH_LOG_NAME, OUTPUT_LOG_MAX_BYTES, watching_for_crashes
from desktop_app.emulator import Emulator
from desktop_app.store import Store
from desktop_app.ui.crash_dialog import CrashReporter


@pytest.fixture
def paths(tmp_path: Path) -> Iterator[AppPaths]:
    """A data folder whose log this test's records go to (configure_logging keeps the first log of a process:
    an earlier test's is set aside meanwhile)."""
    paths = AppPaths(tmp_path / "data").ensure()
    root = logging.getLogger()
    earlier = [h for h in root.handlers if getattr(h, "_regvault", False)]
    for handler in earlier:
        root.removeHandler(handler)
    level = root.level
    configure_logging(paths)
    yield paths
    for handler in [h for h in root.handlers if getattr(h, "_regvault", False)]:
        root.removeHandler(handler)
        handler.close()
    for handler in earlier:
        root.addHandler(handler)
    root.setLevel(level)


def regvault_log(paths: AppPaths) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return (paths.logs_dir / "regvault.log").read_text(encoding="utf-8")


def failing_worker() -> None:
    raise RuntimeError("the worker's own failure")


# The hook found on entry runs after ours: under pytest that is its own collector, which warns.
expected_thread_warning = pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")


@expected_thread_warning
def test_an_exception_in_a_worker_thread_reaches_the_log(paths: AppPaths) -> None:
    told: list[tuple[str, str]] = []
    with watching_for_crashes(paths.logs_dir, lambda kind, exc, tb, thread: told.append((kind.__name__, thread))):
        worker = threading.Thread(target=failing_worker, name="backup-worker")
        worker.start()
        worker.join()
    log = regvault_log(paths)
    assert "uncaught RuntimeError in thread backup-worker" in log
    assert "the worker's own failure" in log and "in failing_worker" in log  # with its traceback
    assert told == [("RuntimeError", "backup-worker")]


def test_an_exception_in_a_qt_slot_reaches_the_log_and_the_dialog(qtbot, paths: AppPaths) -> None:  # type: ignore[no-untyped-def]
    """PySide hands an exception raised in a slot on the GUI thread to sys.excepthook: ours logs it and shows it."""
    reporter = CrashReporter(paths.logs_dir)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(failing_worker)
    with qtbot.capture_exceptions() as captured, watching_for_crashes(paths.logs_dir, reporter.notify):
        timer.start(0)
        qtbot.waitUntil(lambda: reporter.box is not None)
    assert len(captured) == 1  # the hook found on entry (pytest-qt's here) still saw it
    assert "uncaught RuntimeError in thread MainThread" in regvault_log(paths)
    assert reporter.box is not None and "the worker's own failure" in reporter.box.informativeText()
    reporter.box.close()


def test_the_hooks_are_put_back_and_still_called(paths: AppPaths) -> None:
    before_sys, before_thread = sys.excepthook, threading.excepthook
    seen: list[str] = []
    with watching_for_crashes(paths.logs_dir):
        assert sys.excepthook is not before_sys and threading.excepthook is not before_thread
    assert (sys.excepthook, threading.excepthook) == (before_sys, before_thread)
    # The hook found on entry (a terminal's traceback printer, a test runner's collector) still runs.
    sys.excepthook = lambda kind, exc, tb: seen.append(kind.__name__)
    try:
        with watching_for_crashes(paths.logs_dir):
            try:
                raise ValueError("main thread")
            except ValueError as exc:
                sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = before_sys
    assert seen == ["ValueError"]
    assert "uncaught ValueError in thread MainThread" in regvault_log(paths)


def test_a_hard_crash_leaves_the_tracebacks_in_the_crash_log(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    script = textwrap.dedent(f"""
        import faulthandler
        from pathlib import Path
        from desktop_app.diagnostics import watching_for_crashes

        def deep_in_qt():
            faulthandler._sigsegv()

        with watching_for_crashes(Path({str(logs)!r})):
            deep_in_qt()
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    crash = (logs / CRASH_LOG_NAME).read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in crash
    assert "deep_in_qt" in crash


@expected_thread_warning
def test_the_window_shows_an_exception_from_any_thread_in_a_dialog(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    reporter = CrashReporter(tmp_path / "logs")
    with watching_for_crashes(tmp_path / "logs", reporter.notify):
        worker = threading.Thread(target=failing_worker, name="graph-worker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: reporter.box is not None)
    box = reporter.box
    assert isinstance(box, QMessageBox) and box.isVisible()
    details = box.informativeText()
    assert "RuntimeError: the worker's own failure" in details and "graph-worker" in details
    assert str(tmp_path / "logs") in details
    # A second one while the dialog is open is counted, not stacked.
    reporter.notify(RuntimeError, RuntimeError("again"), None, "graph-worker")
    qtbot.waitUntil(lambda: reporter.repeats == 1)
    assert "1 more time since" in box.informativeText()
    box.close()
    qtbot.waitUntil(lambda: reporter.box is None)


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:30", seed=5, throttle="off") as emu:
        yield emu


def test_a_windowed_executable_without_stdout_or_stderr_backs_up(tmp_path: Path, emulator: Emulator,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """regvault.exe (and pythonw.exe) start with sys.stdout and sys.stderr set to None."""
    data = str(tmp_path / "data")
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["tenants", "add", "--emulator", emulator.base_url, "--tenant", emulator.tenant_id("contoso"),
                 "--data-dir", data]) == 0
    assert main(["backup", "--tenant", "contoso.com", "--data-dir", data]) == 0
    with Store.open(Path(data) / "regvault.sqlite") as store:
        assert store.get_tenant("contoso.com") is not None
    assert sys.stdout is not None and sys.stderr is not None  # written to the null device, not to None


def test_the_scheduled_backup_appends_to_its_log_and_rotates_it(tmp_path: Path, emulator: Emulator,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    data = str(tmp_path / "data")
    log = tmp_path / "data" / "logs" / "scheduled-backup.log"
    monkeypatch.setattr(sys, "stdout", sys.stdout)  # --log-file replaces both; put them back afterwards
    monkeypatch.setattr(sys, "stderr", sys.stderr)
    assert main(["--log-file", str(log), "tenants", "add", "--emulator", emulator.base_url,
                 "--tenant", emulator.tenant_id("contoso"), "--data-dir", data]) == 0
    log.write_text(log.read_text(encoding="utf-8") + "x" * OUTPUT_LOG_MAX_BYTES, encoding="utf-8")
    assert main(["--log-file", str(log), "backup", "--all-tenants", "--data-dir", data]) == 0
    sys.stdout.flush()
    rotated = log.with_name(log.name + ".1")
    assert rotated.exists() and "Added Contoso" in rotated.read_text(encoding="utf-8")
    current = log.read_text(encoding="utf-8")
    assert "regvault-backup complete" in current and "x" * 100 not in current
