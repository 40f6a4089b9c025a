"""Every interactive widget has an objectName and an accessible name (issue 22): the main window, each menu's
dialogs (opened as a user opens them, from the menu actions) and the restore wizard's pages, on the small demo.
A screen reader reads the accessible name; tests and the translator's screenshots find widgets by objectName."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flow_world import Flow, build_template, open_flow, unnamed, visit_what_opens, window_actions
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

pytestmark = pytest.mark.slow


@pytest.fixture
def flow(qtbot, tmp_path: Path) -> Iterator[Flow]:  # type: ignore[no-untyped-def]
    yield from open_flow(qtbot, build_template(tmp_path / "template"), tmp_path / "demo")


def _unnamed_in_what_opens(flow: Flow, action: QAction) -> list[str]:
    """Trigger the action; the unnamed widgets of the windows it opens."""
    found: list[str] = []
    visit_what_opens(flow, action, lambda opened: found.extend(
        f"{action.objectName()}: {missing}" for widget in opened for missing in unnamed(widget)))
    return found


def test_every_control_of_the_window_its_dialogs_and_the_wizard_is_named(flow: Flow) -> None:
    window = flow.window
    flow.click("showDeletedToggle")
    flow.click_row(flow.names()[0])
    flow.qtbot.waitUntil(lambda: flow.text("appNameLabel") != "", timeout=10_000)
    missing = unnamed(window)  # the list, the toolbar, the side panel with an app shown

    opened = 0
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert menu is not None
        for action in window_actions(menu):
            assert action.objectName(), f"a menu action without an objectName: {action.text()!r}"
            missing += _unnamed_in_what_opens(flow, action)
            opened += 1
    assert opened >= 8  # the File, Tenants and Help menus' windows were walked

    box = flow.row(flow.names()[0]).siblingAtColumn(0)  # its check box, clicked (the dialogs took the focus)
    flow.qtbot.mouseClick(flow.table.viewport(), Qt.MouseButton.LeftButton, pos=flow.table.visualRect(box).center())
    flow.qtbot.waitUntil(flow.find("restoreSelectedButton").isEnabled, timeout=10_000)
    flow.click("restoreSelectedButton")
    wizard = flow.wait_for_wizard()
    missing += unnamed(wizard)
    flow.next()
    missing += unnamed(wizard)
    flow.to_preview()
    missing += unnamed(wizard)
    flow.restore()
    missing += unnamed(wizard)
    assert missing == [], "\n".join(missing)
