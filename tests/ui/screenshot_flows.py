"""Screenshots of the whole-tenant restore, step by step, on the demo (for the README; not collected by the suite).

    .venv/bin/python -c "from desktop_app.app import AppPaths; from desktop_app.cli.demo import prepare_demo; \
        e = prepare_demo(AppPaths.demo().ensure()); e.store.close(); e.close()"      # the demo, built once
    SHOTS=/tmp/shots DEMO=~/.local/share/Regvault/demo SIZE=1600x1000 \
        QT_QPA_PLATFORM=xcb xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python -m pytest -n 0 -s \
        tests/ui/screenshot_flows.py
    (REGVAULT_COLOR_SCHEME=dark and SIZE=1280x720 with a 1280x720 screen for the other three)

The demo folder is copied first: the restore runs in the copy. Each step is a PNG in $SHOTS named
flow-<step>-<size>-<scheme>.png: the list with every app selected, the Snapshot page on an earlier day (the apps
added since are left out), the Options, the Preview, the Report, and the list after. The shot is the X root window
(`import -window root`) when DISPLAY is set, else the windows' own grabs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flow_world import Flow, open_flow
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QCalendarWidget, QLabel, QWidget

from desktop_app.ui.colors import apply_color_scheme

SHOTS = Path(os.environ.get("SHOTS", "/tmp/shots"))
SIZE = tuple(int(n) for n in os.environ.get("SIZE", "1600x1000").split("x"))
SCHEME = os.environ.get("REGVAULT_COLOR_SCHEME", "light")
DAYS_BACK = 6  # the day restored to: recent enough that the restore is quick, far enough that apps were added since


@pytest.fixture
def demo(qtbot, tmp_path: Path) -> Iterator[Flow]:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    app.setStyle("Fusion")  # as the app starts on Linux (ui/launch.py), and its palette, dark when asked
    apply_color_scheme(app)
    source = Path(os.environ.get("DEMO", "")).expanduser()
    if not (source / "regvault.sqlite").exists():
        pytest.skip("DEMO names no built demo folder")
    yield from open_flow(qtbot, source, tmp_path / "demo", size=SIZE, tenants=None, days=None)


def shoot(flow: Flow, step: str, *windows: QWidget) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    out = SHOTS / f"flow-{step}-{SIZE[0]}x{SIZE[1]}-{SCHEME}.png"
    for _ in range(3):  # let the last paint land
        flow.qtbot.wait(150)
    if os.environ.get("DISPLAY") and shutil.which("import"):
        subprocess.run(["import", "-window", "root", str(out)], check=True)
    else:
        (windows[-1] if windows else flow.window).grab().save(str(out))


def test_whole_tenant_restore_to_an_earlier_day(demo: Flow) -> None:
    flow = demo
    flow.window.move(0, 0)
    flow.qtbot.waitUntil(lambda: len(flow.names()) > 1000, timeout=30_000)
    flow.click("selectAllCheckBox")
    flow.qtbot.waitUntil(lambda: flow.text("countLabel").startswith("All "), timeout=10_000)
    shoot(flow, "1-select-all")

    flow.click("restoreSelectedButton")
    wizard = flow.wait_for_wizard()
    wizard.move(max(0, (SIZE[0] - wizard.width()) // 2), max(0, (SIZE[1] - wizard.height()) // 3))
    calendar = flow.find("snapshotCalendar", QCalendarWidget, wizard)
    day = calendar.maximumDate().addDays(-DAYS_BACK)
    calendar.setSelectedDate(QDate(day))
    presence = flow.find("snapshotPresenceLabel", QLabel, wizard)
    flow.qtbot.waitUntil(lambda: "left out" in presence.text(), timeout=30_000)
    shoot(flow, "2-snapshot", wizard)
    flow.next()
    shoot(flow, "3-options", wizard)
    started = time.monotonic()
    flow.to_preview()
    print(f"preview in {time.monotonic() - started:.1f} s: {flow.text('previewSummary', wizard)}")
    shoot(flow, "4-preview", wizard)
    started = time.monotonic()
    report = flow.restore(timeout_s=900)  # the whole demo tenant, on a loaded machine
    print(f"restore in {time.monotonic() - started:.1f} s: {report}")
    shoot(flow, "5-report", wizard)
    flow.close_wizard()
    flow.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5_000)
    shoot(flow, "6-after")

