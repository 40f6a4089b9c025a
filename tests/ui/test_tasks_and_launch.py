"""The task runner (results, failures, cancel, coalesced progress on the GUI thread) and `regvault` opening."""

from __future__ import annotations

import argparse
import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QThread, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from desktop_app.cli.window import run_window
from desktop_app.domain.cancel import Cancelled
from desktop_app.ui.launch import DemoLaunch
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner


@pytest.fixture
def runner(qtbot):  # type: ignore[no-untyped-def]
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown(wait=True)


def gui_thread() -> bool:
    return QThread.currentThread() is QObject().thread()


def test_results_come_back_on_the_gui_thread(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def work(_task: TaskContext) -> str:
        seen["worker"] = threading.current_thread().name
        return "done"

    def ok(value: str) -> None:
        seen["value"], seen["on_gui"] = value, gui_thread()

    Operation(runner, work, kind=Executor.DATABASE).on_success(ok).run()
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen == {"worker": seen["worker"], "value": "done", "on_gui": True}
    assert str(seen["worker"]).startswith("regvault-db")
    qtbot.waitUntil(lambda: runner.in_flight == 0)


def test_failures_and_cancellation_reach_their_handlers(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    failures: list[BaseException] = []
    cancelled: list[bool] = []

    def boom(_task: TaskContext) -> None:
        raise ValueError("no")

    Operation(runner, boom, kind=Executor.GRAPH).on_failure(failures.append).run()
    started = threading.Event()

    def long(task: TaskContext) -> None:
        started.set()
        while not task.cancel.wait(0.01):
            pass
        task.cancel.raise_if_cancelled()

    op = Operation(runner, long, kind=Executor.GRAPH).on_cancelled(lambda: cancelled.append(True)).run()
    assert started.wait(5)
    op.cancel()
    qtbot.waitUntil(lambda: bool(failures and cancelled))
    assert isinstance(failures[0], ValueError) and cancelled == [True]
    # Without an on_cancelled handler a cancel is a failure with Cancelled.
    caught: list[BaseException] = []

    def stop(_task: TaskContext) -> None:
        raise Cancelled()

    Operation(runner, stop).on_failure(caught.append).run()
    qtbot.waitUntil(lambda: bool(caught))
    assert isinstance(caught[0], Cancelled)


def test_unhandled_failures_are_signalled(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    def boom(_task: TaskContext) -> None:
        raise RuntimeError("unhandled")

    with qtbot.waitSignal(runner.unhandled_error) as signal:
        Operation(runner, boom).run()
    assert str(signal.args[0]) == "unhandled"


def test_progress_is_coalesced_and_ends_with_the_last_value(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    values: list[int] = []
    done: list[bool] = []

    def work(task: TaskContext) -> None:
        for i in range(1, 20_001):
            task.progress(i)

    Operation(runner, work).on_progress(values.append).on_success(lambda _r: done.append(True)).run()
    qtbot.waitUntil(lambda: bool(done))
    qtbot.waitUntil(lambda: bool(values) and values[-1] == 20_000)
    assert len(values) < 2_000 and values == sorted(values)


def test_the_last_progress_arrives_while_the_worker_goes_quiet(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    """Reports in quick succession, then a long wait (certificate reads paced, a held backup): the last report is
    delivered during the wait, not when the next report or the end comes."""
    values: list[str] = []
    quiet = threading.Event()
    release = threading.Event()

    def work(task: TaskContext) -> None:
        task.progress("first")
        task.progress("browsable")  # within the rate limit of the first
        quiet.set()
        assert release.wait(30)

    op = Operation(runner, work).on_progress(values.append)
    op.run()
    try:
        qtbot.waitUntil(quiet.is_set)
        qtbot.waitUntil(lambda: bool(values) and values[-1] == "browsable", timeout=10_000)
    finally:
        release.set()
    qtbot.waitUntil(lambda: op.future is not None and op.future.done())
    assert values.count("browsable") == 1  # the end's flush finds nothing more to deliver


def test_handlers_of_a_deleted_owner_are_not_called(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    called: list[object] = []
    release = threading.Event()

    def work(_task: TaskContext) -> int:
        release.wait(5)
        return 1

    Operation(runner, work, owner=owner).on_success(called.append).run()
    import shiboken6

    shiboken6.delete(owner)
    release.set()
    qtbot.waitUntil(lambda: runner.in_flight == 0)
    assert called == []


def test_regvault_opens_the_window_on_the_data_folder(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    args = argparse.Namespace(data_dir=str(tmp_path), demo=False, json=False, quit_after_ms=300)
    assert run_window(args) == 0
    assert (tmp_path / "regvault.sqlite").exists() and (tmp_path / "window.ini").exists()


def test_an_unusable_database_is_shown_in_a_window_not_only_on_stderr(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "regvault.sqlite").write_bytes(b"garbage")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.informativeText())) or 0)
    args = argparse.Namespace(data_dir=str(tmp_path), demo=False, json=False, quit_after_ms=300)

    assert run_window(args) == 2
    [(title, details)] = shown
    assert "cannot open its database" in title and "is not a Regvault database" in details
    assert (tmp_path / "regvault.sqlite").read_bytes() == b"garbage"


def test_a_chosen_database_file_that_is_missing_is_shown_in_a_window_and_not_created(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "share" / "team.sqlite"
    chosen.parent.mkdir()  # the share's mount point, with the share not mounted on it
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "database.json").write_text(json.dumps({"database": str(chosen)}))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.informativeText())) or 0)
    args = argparse.Namespace(data_dir=str(tmp_path / "data"), demo=False, json=False, quit_after_ms=300)

    assert run_window(args) == 2
    [(title, details)] = shown
    assert "cannot open its database" in title and f"{chosen} " in details and "does not exist" in details
    assert not chosen.exists() and not (tmp_path / "data" / "regvault.sqlite").exists()


def test_regvault_demo_shows_its_progress_then_the_window_on_the_demo_history(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`regvault --demo` end to end (a small demo): the progress window first, then the main window on the
    history the worker built, and nothing left running."""
    seen: list[tuple[str, str]] = []  # (window, what it showed), in the order they were on screen

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and widget.objectName() == "demoProgressWindow":
                label = widget.findChild(QLabel, "demoProgressLabel")
                seen.append(("progress", label.text() if label is not None else ""))
            elif widget.isVisible() and isinstance(widget, MainWindow):
                seen.append(("main", ",".join(widget.tenant_switcher.itemText(i).split("  —")[0]
                                              for i in range(widget.tenant_switcher.count()))))

    watcher = QTimer()
    watcher.setInterval(5)
    watcher.timeout.connect(look)
    watcher.start()
    args = argparse.Namespace(data_dir=str(tmp_path), demo=True, json=False, quit_after_ms=300)
    try:
        assert run_window(args, demo_overrides={"tenants": {"contoso": (30, 3), "fabrikam": (5, 1)}, "days": 3}) == 0
    finally:
        watcher.stop()
    windows = [window for window, _ in seen]
    assert windows and windows[0] == "progress" and "main" in windows
    assert "progress" not in windows[windows.index("main"):], "the progress window closes once the window is up"
    assert ("main", "Contoso,Fabrikam") in seen
    assert (tmp_path / "regvault.sqlite").exists() and (tmp_path / "window.ini").exists()


@pytest.fixture
def gated_prepare(store, context_of):  # type: ignore[no-untyped-def]
    """A demo preparation the test steps through: day 5 of 60, then it waits for `release`."""
    release = threading.Event()
    calls: list[str] = []

    def prepare(progress, cancel):  # type: ignore[no-untyped-def]
        calls.append(threading.current_thread().name)
        progress(5, 60)
        while not release.wait(0.01):
            cancel.raise_if_cancelled()
        return context_of(store, demo=True)

    return prepare, release, calls


def test_the_demo_progress_window_shows_at_once_and_the_main_window_follows(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                            gated_prepare) -> None:
    prepare, release, calls = gated_prepare
    launch = DemoLaunch(prepare, tmp_path)
    try:
        launch.start()
        progress = launch.progress_window
        assert progress.isVisible() and progress.accessibleName()  # before any work is done
        qtbot.waitUntil(lambda: progress.status_label.text() == "Preparing the demo: day 5 of 60…", timeout=5000)
        assert (progress.progress_bar.value(), progress.progress_bar.maximum()) == (5, 60)
        assert calls and calls[0].startswith("regvault-db"), "built on the worker, not the GUI thread"
        with qtbot.waitSignal(launch.window_opened, timeout=5000) as opened:
            release.set()
        window = opened.args[0]
        qtbot.addWidget(window)
        assert window is launch.window and window.isVisible() and not progress.isVisible()
        assert window.runner is launch.runner  # one task runner for the whole session
        assert "demo" in window.windowTitle()
        window.close()
    finally:
        release.set()
        launch.shutdown()


def test_closing_the_demo_progress_window_stops_the_build(qtbot, tmp_path: Path, gated_prepare) -> None:  # type: ignore[no-untyped-def]
    prepare, release, _calls = gated_prepare
    launch = DemoLaunch(prepare, tmp_path)
    try:
        launch.start()
        qtbot.waitUntil(lambda: launch.progress_window.progress_bar.value() == 5, timeout=5000)
        with qtbot.waitSignal(launch.ended, timeout=5000) as ended:
            launch.progress_window.close()
        assert ended.args == [1] and launch.window is None
        qtbot.waitUntil(lambda: launch.runner.in_flight == 0)  # the worker stopped at the cancel
    finally:
        release.set()
        launch.shutdown()


def test_the_demo_window_opens_on_the_days_built_and_fills_in_the_rest(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                       context_of) -> None:
    """Issue 15: the main window shows the first day's apps at once; the rest of the history is backed up
    behind it with its progress in the status bar, and the list follows."""
    from store_fill import add_tenant, observed

    from desktop_app.store import SnapshotWrite, Store
    from desktop_app.ui.history_fill import HistoryFill
    from desktop_app.ui.launch import window_settings

    store = Store.open(tmp_path / "regvault.sqlite")
    tenant = add_tenant(store, "contoso")
    start = datetime(2026, 1, 1, tzinfo=UTC)

    def day(n: int, apps: int) -> None:
        store.write_snapshot(tenant.tenant_id, SnapshotWrite(
            started=start + timedelta(days=n), finished=start + timedelta(days=n, minutes=1),
            observed=[observed("contoso", i, n) for i in range(apps)]))

    day(0, 5)
    release = threading.Event()

    class Filler:
        days_built, days = 1, 4

        def build_rest(self, progress, *, cancel) -> None:  # type: ignore[no-untyped-def]
            release.wait(10)
            for n in range(1, 4):
                cancel.raise_if_cancelled()
                day(n, 5 + n)
                progress(n + 1, 4)

    window = MainWindow(context_of(store, demo=True, history=Filler()),
                        window_settings(tmp_path))
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.apps.loaded, timeout=10_000):
            window.show()
        assert window.apps.model.rowCount() == 5  # the first day, at once
        fill = window.history_fill
        assert isinstance(fill, HistoryFill) and fill.running
        assert fill.label.text() == "Building the demo's history: day 1 of 4…"
        assert window.statusBar().isAncestorOf(fill.label)
        with qtbot.waitSignal(fill.finished, timeout=20_000) as ended:
            release.set()
        assert ended.args == ["complete"]
        assert fill.label.text() == "The demo's history is complete."
        qtbot.waitUntil(lambda: window.apps.model.rowCount() == 8, timeout=10_000)
    finally:
        release.set()
        window.close()
        store.close()
