"""Screenshots of the German window, for a translator to look at (not collected by the suite): the main window on
the small demo with an app's side panel, every menu, every dialog its menus open, and the restore wizard page by
page, each as the X screen shows it.

    QT_QPA_PLATFORM=xcb SHOTS=/tmp/de SIZE=1280x720 xvfb-run -s "-screen 0 1280x720x24" \
        .venv/bin/python -m pytest -n 0 -p no:randomly tests/ui/screenshot_german.py
    (and SIZE=1600x1000 with a 1600x1000 screen)

Each picture is $SHOTS/<language>-<size>-<nn>-<what>.png (SHOT_LANGUAGE=en: the same in English). The walk
also writes $SHOTS/<language>-<size>-texts.txt: every text shown, to
grep for English.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flow_world import Flow, build_template, open_flow, visit_what_opens, window_actions
from german_window import shown_texts
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCalendarWidget, QWidget

from desktop_app.ui.translations import use_language

SHOTS = Path(os.environ.get("SHOTS", "/tmp/de"))
SIZE = tuple(int(n) for n in os.environ.get("SIZE", "1280x720").split("x"))
LANGUAGE = os.environ.get("SHOT_LANGUAGE", "de")  # "en": the same walk in English, to compare


@pytest.fixture
def flow(qtbot, qapp, tmp_path: Path) -> Iterator[Flow]:  # type: ignore[no-untyped-def]
    if not os.environ.get("DISPLAY"):
        pytest.skip("run under xvfb-run (see the docstring)")
    use_language(qapp, LANGUAGE)
    template = build_template(tmp_path / "template")
    try:
        yield from open_flow(qtbot, template, tmp_path / "demo", size=SIZE)
    finally:
        use_language(qapp, "en")


class Camera:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.count = 0
        self.texts: list[str] = []
        SHOTS.mkdir(parents=True, exist_ok=True)

    def shoot(self, what: str, *windows: QWidget) -> None:
        for window in windows or (self.flow.window,):
            self.texts += [f"[{what}] {shown.text}" for shown in shown_texts(window)]
        for _ in range(3):  # let the last paint land
            self.flow.qtbot.wait(120)
        self.count += 1
        out = SHOTS / f"{LANGUAGE}-{SIZE[0]}x{SIZE[1]}-{self.count:02d}-{what}.png"
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(out)], check=True)

    def save_texts(self) -> None:
        (SHOTS / f"{LANGUAGE}-{SIZE[0]}x{SIZE[1]}-texts.txt").write_text("\n".join(self.texts) + "\n", encoding="utf-8")


def test_the_german_window_in_pictures(flow: Flow) -> None:
    camera = Camera(flow)
    window = flow.window
    window.move(0, 0)
    flow.click("showDeletedToggle")
    names = flow.names()
    flow.click_row(names[0])
    flow.qtbot.waitUntil(lambda: flow.text("appNameLabel") == names[0], timeout=10_000)
    camera.shoot("main")

    box = flow.row(names[0]).siblingAtColumn(0)  # its check box: clicked, as keys need a focused window
    flow.qtbot.mouseClick(flow.table.viewport(), Qt.MouseButton.LeftButton, pos=flow.table.visualRect(box).center())
    restore = flow.find("restoreSelectedButton")
    flow.qtbot.waitUntil(restore.isEnabled, timeout=10_000)
    flow.click("restoreSelectedButton")
    wizard = flow.wait_for_wizard()
    calendar = flow.find("snapshotCalendar", QCalendarWidget, wizard)
    calendar.setSelectedDate(calendar.maximumDate().addDays(-5))  # an earlier day: the preview has changes
    camera.shoot("wizard-snapshot", wizard)
    flow.next()
    camera.shoot("wizard-options", wizard)
    flow.to_preview()
    camera.shoot("wizard-preview", wizard)
    flow.restore()
    camera.shoot("wizard-report", wizard)
    flow.close_wizard()

    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        menu.popup(window.mapToGlobal(window.menuBar().actionGeometry(menu_action).bottomLeft()))
        flow.qtbot.waitUntil(menu.isVisible, timeout=5_000)
        camera.shoot(f"menu-{menu_action.text().replace('&', '')}", menu)
        menu.hide()
        for action in window_actions(menu):
            _open_and_shoot(flow, camera, action)
    camera.save_texts()

    camera.save_texts()


def _open_and_shoot(flow: Flow, camera: Camera, action: QAction) -> None:
    """Trigger the action; shoot what it opens (the settings' lower half too), then close it."""
    name = action.objectName() or action.text().replace("&", "")

    def shoot(opened: list[QWidget]) -> None:
        camera.shoot(name, *opened)
        for widget in opened:
            scroll = getattr(widget, "body_scroll", None)
            if scroll is not None:  # the settings: their lower half too
                scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
                camera.shoot(name + "-end", widget)

    visit_what_opens(flow, action, shoot)
