"""The task runner (results, failures, cancel, coalesced progress on the GUI thread) and `regvault` opening."""

from __future__ import annotations

import argparse
import importlib
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QThread

from desktop_app.cli.window import run_window
from desktop_app.domain.cancel import Cancelled
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


def test_regvault_demo_opens_the_window_on_the_demo_history(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    demo = importlib.import_module("desktop_app.cli.demo")
    real = demo.prepare_demo
    opened: list[object] = []

    def small_demo(paths, progress=None):  # type: ignore[no-untyped-def]
        return real(paths, progress, tenants={"contoso": (30, 3), "fabrikam": (5, 1)}, days=3)

    def run_main_window(services, data_dir, *, quit_after_ms=None):  # type: ignore[no-untyped-def]
        opened.append((services, [t.display_name for t in services.store.list_tenants()]))
        return 0

    monkeypatch.setattr(demo, "prepare_demo", small_demo)
    monkeypatch.setattr("desktop_app.ui.launch.run_main_window", run_main_window)
    args = argparse.Namespace(data_dir=str(tmp_path), demo=True, json=False, quit_after_ms=300)
    assert run_window(args) == 0
    services, tenants = opened[0]
    assert services.demo and services.backup is not None  # type: ignore[attr-defined]
    assert sorted(tenants) == ["Contoso", "Fabrikam"]
