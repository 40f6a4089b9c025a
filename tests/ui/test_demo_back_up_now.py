"""Back up now while the demo's history is still being built behind the window (issue 15): it says that it
waits for the day being built, backs up between two days of the history (not after all of it, and not racing
the history's backups for the tenant's lock), and the history is then completed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from desktop_app.app import AppPaths, build_services, build_window_context, open_credentials
from desktop_app.cli.demo import prepare_demo
from desktop_app.ui.launch import window_settings
from desktop_app.ui.main_window import MainWindow

SMALL = {"contoso": (40, 4), "fabrikam": (8, 1)}
DAYS = 8


@pytest.mark.slow
def test_back_up_now_while_the_demo_history_fills_runs_between_two_days_and_says_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = AppPaths(tmp_path).ensure()
    env = prepare_demo(paths, None, tenants=SMALL, days=DAYS, first_days=1)
    # As cli/window.py builds the demo's window.
    services = build_services(paths, env.store, open_credentials(paths, session_only=True))
    context = build_window_context(services, graph_for_tenant=env.graph_for_tenant, clock=env.emulator.now,
                                   demo=True, history=env)
    window = MainWindow(context, window_settings(tmp_path))
    qtbot.addWidget(window)
    shown: set[str] = set()
    watcher = QTimer()
    watcher.setInterval(5)
    watcher.timeout.connect(lambda: shown.add(window.backup.progress.format()))
    try:
        with qtbot.waitSignal(window.apps.loaded, timeout=20_000):
            window.show()
        fill = window.history_fill
        assert fill is not None and fill.running
        watcher.start()
        with qtbot.waitSignal(window.backup.finished, timeout=120_000) as ended:
            window.backup.start()
            message = window.statusBar().currentMessage()
        assert ended.args == ["complete"]  # not "failed" (the tenant busy with the history's own backup)
        assert message == "Backing up Contoso; the demo's history waits meanwhile…"
        assert "Waiting for the demo's history to finish its day…" in shown
        assert fill.running  # it did not wait for the whole history
        with qtbot.waitSignal(fill.finished, timeout=120_000) as filled:
            pass
        assert filled.args == ["complete"]
        contoso = next(t.tenant_id for t in env.store.list_tenants() if t.display_name == "Contoso")
        triggers = [s.trigger for s in reversed(env.store.snapshots(contoso))]  # oldest first
        assert triggers.count("manual") == 1 and triggers.count("scheduled") == DAYS
        manual = triggers.index("manual")
        assert 1 <= manual < DAYS  # between two days of the history
        started = [s.started for s in reversed(env.store.snapshots(contoso))]
        assert started == sorted(started)  # the snapshots' times keep their order
    finally:
        watcher.stop()
        window.close()
        env.store.close()
        env.close()
