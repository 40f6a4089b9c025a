"""The window on a small demo, driven as a user drives it: for the end-to-end flow tests (test_flows.py).

The demo's own history (cli/demo.py, on a small tenant: a few days in which apps change, are deleted and added) is
built once per session into a template folder; each test starts the demo again on a copy of it (a later start
replays the emulator's days without backing up: 0.1 s), so every test gets a fresh emulator and store.

Everything after the window is opened goes through its public surface: widgets found by objectName, clicked,
typed into, ticked with Space, read by their text. The one place that knows how the window is built is
`open_flow` (composition root: app.build_window_context, as cli/window.py builds the demo's window).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTabBar,
    QTableView,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QWidget,
    QWizard,
)

from desktop_app.app import AppPaths, build_services, build_window_context, open_credentials
from desktop_app.cli.demo import DemoEnvironment, prepare_demo
from desktop_app.ui.launch import window_settings
from desktop_app.ui.main_window import MainWindow

SMALL_DEMO = {"contoso": (24, 4), "fabrikam": (6, 1)}
DEMO_DAYS = 6
W = TypeVar("W", bound=QWidget)


def build_template(folder: Path) -> Path:
    env = prepare_demo(AppPaths(folder).ensure(), None, tenants=SMALL_DEMO, days=DEMO_DAYS)
    env.store.close()
    env.close()
    return folder


@dataclass
class Flow:
    qtbot: Any
    env: DemoEnvironment
    window: MainWindow

    # ----- finding ------------------------------------------------------------------------------------------------

    def find(self, name: str, kind: type[W] = QWidget, within: QWidget | None = None) -> W:  # type: ignore[assignment]
        found = (within or self.window).findChild(kind, name)
        assert found is not None, f"no {kind.__name__} named {name!r}"
        return found

    def text(self, name: str, within: QWidget | None = None) -> str:
        return self.find(name, QLabel, within).text()

    @property
    def table(self) -> QTableView:
        return self.find("appsTable", QTableView)

    def wizard(self) -> QWizard:
        return self.find("restoreWizard", QWizard)

    def page(self) -> str:
        page = self.wizard().currentPage()
        return page.objectName() if page is not None else ""

    # ----- the apps table -----------------------------------------------------------------------------------------

    def column(self, title: str, model: QAbstractItemModel | None = None) -> int:
        model = model or self.table.model()
        for section in range(model.columnCount()):
            if model.headerData(section, Qt.Orientation.Horizontal) == title:
                return section
        raise LookupError(title)

    def names(self) -> list[str]:
        model = self.table.model()
        name = self.column("Name")
        return [model.index(row, name).data() for row in range(model.rowCount())]

    def cell(self, app: str, title: str) -> str:
        model = self.table.model()
        return str(model.index(self.row(app).row(), self.column(title)).data())

    def row(self, app: str) -> QModelIndex:
        model = self.table.model()
        name = self.column("Name")
        for row in range(model.rowCount()):
            if model.index(row, name).data() == app:
                return model.index(row, name)
        raise LookupError(f"{app!r} is not in the list: {self.names()}")

    def wait_for_row(self, app: str, timeout: int = 10_000) -> None:
        self.qtbot.waitUntil(lambda: app in self.names(), timeout=timeout)

    def click_row(self, app: str) -> None:
        index = self.row(app)
        self.table.scrollTo(index)
        self.qtbot.mouseClick(self.table.viewport(), Qt.MouseButton.LeftButton,
                              pos=self.table.visualRect(index).center())

    def tick(self, app: str) -> None:
        self.click_row(app)
        self.qtbot.keyClick(self.table, Qt.Key.Key_Space)

    def click(self, name: str, within: QWidget | None = None) -> None:
        button = self.find(name, QAbstractButton, within)
        assert button.isVisible() and button.isEnabled(), f"{name} can't be clicked"
        # A check box or radio button reacts on its box and label only, not on the rest of a stretched row.
        at = button.rect().center() if isinstance(button, QPushButton) else QPoint(8, button.height() // 2)
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=at)

    def filter(self, text: str) -> None:
        box = self.find("searchBox")
        box.clear()  # type: ignore[attr-defined]
        if text:
            self.qtbot.keyClicks(box, text)
        self.qtbot.waitUntil(lambda: all(text.casefold() in n.casefold() for n in self.names()), timeout=5_000)

    def tree(self, name: str = "attributesTree") -> list[str]:
        """Every row of a tree view, expanded or not, as "name: value" with its depth in spaces."""
        view = self.find(name, QTreeView)
        model = view.model()
        rows: list[str] = []

        def walk(parent: QModelIndex, depth: int) -> None:
            for row in range(model.rowCount(parent)):
                cells = [model.index(row, c, parent).data() for c in range(model.columnCount(parent))]
                rows.append(" " * depth + ": ".join(str(c) for c in cells if c not in (None, "")))
                walk(model.index(row, 0, parent), depth + 1)

        walk(QModelIndex(), 0)
        return rows

    # ----- the wizard ---------------------------------------------------------------------------------------------

    def wait_for_wizard(self) -> QWizard:
        self.qtbot.waitUntil(lambda: self.window.findChild(QWizard, "restoreWizard") is not None, timeout=5_000)
        wizard = self.wizard()
        self.qtbot.waitUntil(lambda: self.text("snapshotPresenceLabel", wizard) != "", timeout=10_000)
        return wizard

    def next(self) -> None:
        self.click("wizardNextButton", self.wizard())

    def to_preview(self) -> None:
        """Next from the Options page, and wait for the preview's Restore button (or its error)."""
        assert self.page() == "optionsPage", self.page()
        self.next()
        wizard = self.wizard()
        restore = self.find("wizardRestoreButton", QAbstractButton, wizard)
        error = self.find("previewError", QLabel, wizard)
        confirm = self.find("confirmTargetCheck", QAbstractButton, wizard)
        permissions = self.find("previewPermissions", QLabel, wizard)
        busy = self.find("previewBusy", QWidget, wizard)
        self.qtbot.waitUntil(lambda: not busy.isVisible() and (restore.isEnabled() or confirm.isVisible()
                                                               or error.isVisible() or permissions.isVisible()),
                             timeout=60_000)
        assert not error.isVisible(), error.text()

    def restore(self, timeout_s: float = 120) -> str:
        """Click Restore, wait for the report; its summary."""
        wizard = self.wizard()
        self.click("wizardRestoreButton", wizard)
        self.qtbot.waitUntil(lambda: self.page() == "reportPage", timeout=int(timeout_s * 1000))
        return self.text("reportSummary", wizard)

    def close_wizard(self) -> None:
        wizard = self.wizard()
        self.click("wizardCloseButton", wizard)
        self.qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5_000)


INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QAbstractItemView, QCalendarWidget, QTextEdit, QTabBar,
               QAbstractSpinBox)


def unnamed(root: QWidget) -> list[str]:
    """The visible interactive widgets under `root` without an objectName or an accessible name (what a screen
    reader, and a test, goes by); Qt's own internals (a view's corner button, a combo's line edit) aside."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or not widget.isVisible() or widget.objectName().startswith("qt_"):
            continue
        parent, internal = widget.parentWidget(), False
        while parent is not None and parent is not root:
            internal = internal or isinstance(parent, QAbstractItemView | QAbstractSpinBox | QComboBox |
                                              QCalendarWidget | QTabWidget)
            parent = parent.parentWidget()
        if not internal and (not widget.objectName() or not widget.accessibleName()):
            missing.append(f"{type(widget).__name__}({widget.objectName()!r}, {widget.accessibleName()!r}, "
                           f"{getattr(widget, 'text', lambda: '')()!r})")
    return missing


# Menu actions that end the session: a walk through the menus never triggers them.
ENDS_THE_SESSION = {"quitAction", "signOutAction"}


def window_actions(menu: QMenu) -> list[QAction]:
    """The menu's actions a walk through the menus triggers: not separators, submenus, toggles, disabled ones, nor
    those that end the session."""
    return [action for action in menu.actions()
            if not action.isSeparator() and action.isEnabled() and action.objectName() not in ENDS_THE_SESSION
            and action.menu() is None and not action.isCheckable()]


def _new_windows(before: set[QWidget]) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w not in before and not isinstance(w, QMenu)]


def visit_what_opens(flow: Flow, action: QAction, visit: Callable[[list[QWidget]], None]) -> None:
    """Trigger the action; `visit` the windows it opens (a modal dialog from inside its exec loop), then close them.
    An action that opens nothing within a second (a backup) is left to run."""
    before = {w for w in QApplication.topLevelWidgets() if w.isVisible()}
    tries: list[bool] = []

    def visit_and_close() -> None:
        opened = _new_windows(before)
        tries.append(bool(opened))
        if not opened:
            if len(tries) < 4:
                QTimer.singleShot(300, visit_and_close)  # not shown yet
            return
        visit(opened)
        for widget in opened:
            widget.close()

    QTimer.singleShot(300, visit_and_close)
    action.trigger()
    flow.qtbot.waitUntil(lambda: (any(tries) or len(tries) >= 4) and not _new_windows(before), timeout=20_000)


def open_flow(qtbot: Any, template: Path | None, folder: Path, *, size: tuple[int, int] = (1360, 820),
              first_days: int | None = None, tenants: dict[str, tuple[int, int]] | None = SMALL_DEMO,
              days: int | None = DEMO_DAYS) -> Iterator[Flow]:
    """A copy of the demo template in `folder`, the demo started again on it, and its window opened on Contoso.
    Without a template, a first start: the window opens after `first_days` and the rest is built behind it.
    `tenants`/`days` None: the real demo's (`regvault --demo`)."""
    if template is not None:
        shutil.copytree(template, folder)
    paths = AppPaths(folder).ensure()
    env = prepare_demo(paths, None, tenants=tenants, first_days=first_days,
                       **({"days": days} if days is not None else {}))
    services = build_services(paths, env.store, open_credentials(paths, session_only=True))
    context = build_window_context(services, graph_for_tenant=env.graph_for_tenant, clock=env.emulator.now,
                                   demo=True, history=None if env.complete else env)
    window = MainWindow(context, window_settings(folder))
    qtbot.addWidget(window)
    window.resize(*size)
    flow = Flow(qtbot, env, window)
    try:
        window.show()
        qtbot.waitUntil(lambda: flow.table.model().rowCount() > 0, timeout=10_000)
        yield flow
    finally:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QWizard) and widget.isVisible():
                widget.reject()
        window.close()
        env.store.close()
        env.close()
