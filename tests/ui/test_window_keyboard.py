"""Issue 15: the window by keyboard, its menus, and the deleted app a filter hides (driven as a user would)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu, QWidget
from store_fill import app_name, fill_tenant

from desktop_app.ui.about_dialog import AboutDialog
from desktop_app.ui.apps_model import ROW_CHUNK, AppColumn
from desktop_app.ui.main_window import MainWindow


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def activate(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def mnemonics(widgets: list[QWidget]) -> list[str]:
    """The Alt+letter of every visible button, check box and label in `widgets`."""
    keys = []
    for widget in widgets:
        if not widget.isVisibleTo(widget.window()):
            continue
        text = widget.text() if isinstance(widget, QAbstractButton | QLabel) else ""
        found = re.search(r"(?<!&)&([^&\s])", text or "")
        if found:
            keys.append(found.group(1).lower())
    return keys


class FakeBackup:
    def __init__(self) -> None:
        self.runs: list[str] = []

    def run(self, tenant_id: str, **_kwargs: Any) -> Any:
        self.runs.append(tenant_id)
        raise RuntimeError("not this time")


def test_file_tenants_help_menus_with_quit_settings_and_about(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    window = open_window(context_of(filled[0]))
    bar = window.menuBar()
    titles = [action.text() for action in bar.actions()]
    assert titles == ["&File", "&Tenants", "&Help"]
    file_menu = bar.findChild(QMenu, "fileMenu")
    tenants_menu = bar.findChild(QMenu, "tenantsMenu")
    file_names = [a.objectName() for a in file_menu.actions() if not a.isSeparator()]
    assert file_names == ["backupAction", "restoreSelectedAction", "restoreHistoryAction",
                          "tenantChangesAction", "incidentAction", "credentialsAction", "settingsAction",
                          "quitAction"]
    assert "settingsAction" not in [a.objectName() for a in tenants_menu.actions()]
    assert window.menus.quit.shortcut().toString() == "Ctrl+Q"
    # About: the About dialog with the facts the composition root gave the window.
    window.menus.about.trigger()
    box = window.findChild(AboutDialog, "aboutDialog")
    assert box is not None and box.isVisible() and box.facts == window.context.about
    assert box.fact_labels["dataFolder"].text() == str(window.context.about.data_folder)
    box.close()
    window.menus.quit.trigger()
    assert not window.isVisible()


def test_a_deleted_app_hidden_by_the_filter_is_hinted(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, _ = filled
    window = open_window(context_of(store))
    assert not window.apps.show_deleted_toggle.isChecked()
    recycled = app_name(contoso.apps - 2)  # fill_tenant recycles the last two but one, purges the last
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        window.apps.set_filter(recycled)
    assert window.apps.model.rowCount() == 0
    label = window.apps.table.no_match_label
    assert label.isVisible()
    assert "deleted" in label.text() and "show deleted apps" in label.text()
    assert "1 app that was deleted" in label.text()
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        label.linkActivated.emit("#show-deleted")
    assert window.apps.show_deleted_toggle.isChecked()
    assert window.apps.model.rowCount() == 1
    # A filter that matches nothing at all still says so plainly.
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        window.apps.set_filter("nothing like this")
    assert label.text() == "No app matches “nothing like this”."


def test_tab_leaves_the_table_for_the_side_panel_without_reading_every_row(qtbot, open_window, context_of, store) -> None:  # type: ignore[no-untyped-def]
    fill_tenant(store, "big", ROW_CHUNK * 5, snapshots=3, recycle=0, purge=0)
    window = open_window(context_of(store))
    activate(qtbot, window)
    window.apps.table.setFocus()
    row = next(r for r in range(20) if window.apps.model.app_row(r).version_count > 1)
    window.apps.table.setCurrentIndex(window.apps.model.index(row, AppColumn.NAME))
    qtbot.waitUntil(lambda: window.panel.view is not None, timeout=5000)
    before = window.apps.model.cached_rows
    visited = []
    for _ in range(12):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        widget = focused()
        assert widget is not None
        visited.append(widget)
        if widget is window.apps.table:
            break
    panel_widgets = [w.objectName() for w in visited if window.panel.isAncestorOf(w)]
    assert visited[0] is window.apps.table.select_all_box  # the header's select all, then the panel
    assert window.apps.model.cached_rows == before  # Tab walked no rows
    assert window.apps.table.currentIndex().row() == row
    panel = window.panel
    arrows = {b.objectName() for b in (panel.previous_button, panel.next_button) if b.isEnabled()}
    assert arrows  # the newest of several versions: ◀ is on
    assert {"onlyChangedToggle", "attributesTree", "restoreVersionButton"} | arrows <= set(panel_widgets)


def test_down_and_enter_from_the_filter_then_enter_on_a_row(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    window = open_window(context_of(filled[0]))
    activate(qtbot, window)
    window.apps.focus_search()
    assert focused() is window.apps.search_box
    qtbot.keyClick(window.apps.search_box, Qt.Key.Key_Down)
    assert focused() is window.apps.table and window.apps.table.currentIndex().row() == 0
    window.apps.focus_search()
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        qtbot.keyClicks(window.apps.search_box, "00003")
    qtbot.keyClick(window.apps.search_box, Qt.Key.Key_Return)
    assert focused() is window.apps.table
    assert window.apps.model.index(window.apps.table.currentIndex().row(), AppColumn.NAME).data().endswith("00003")
    qtbot.waitUntil(lambda: window.panel.view is not None, timeout=5000)
    qtbot.keyClick(window.apps.table, Qt.Key.Key_Return)
    assert focused() is window.panel.tree
    # F6 goes back to the table, and on to the panel again.
    qtbot.keyClick(focused(), Qt.Key.Key_F6)
    assert focused() is window.apps.table
    qtbot.keyClick(focused(), Qt.Key.Key_F6)
    assert window.panel.isAncestorOf(focused())
    # Esc in the filter empties it.
    window.apps.focus_search()
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        qtbot.keyClick(window.apps.search_box, Qt.Key.Key_Escape)
    assert window.apps.search_box.text() == ""


def test_shortcuts_for_restore_selected_and_back_up_now(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    backup = FakeBackup()
    window = open_window(context_of(filled[0], backup=backup))
    activate(qtbot, window)
    window.apps.table.setFocus()
    window.apps.table.setCurrentIndex(window.apps.model.index(2, AppColumn.NAME))
    qtbot.keyClick(window.apps.table, Qt.Key.Key_Space)
    with qtbot.waitSignal(window.restore_wizard_requested, timeout=2000) as asked:
        qtbot.keyClick(window.apps.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert asked.args[0] == [window.apps.model.pk_at(2)]
    assert window.restore_wizard is not None
    window.restore_wizard.reject()
    assert "Ctrl+R" in window.restore_selected_button.toolTip()
    with qtbot.waitSignal(window.backup.finished, timeout=5000):
        qtbot.keyClick(window.apps.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert backup.runs == [window.tenant.tenant_id]
    if window.backup.error_dialog is not None:
        window.backup.error_dialog.close()


def test_no_two_controls_share_an_alt_key_in_the_window(open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    window = open_window(context_of(filled[0]))
    keys = mnemonics(window.findChildren(QWidget)) + [
        re.search(r"&(\w)", a.text()).group(1).lower() for a in window.menuBar().actions()]
    assert keys and len(keys) == len(set(keys)), keys


def test_the_title_names_the_tenant_once(open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, fabrikam = filled
    window = open_window(context_of(store, demo=True))
    # Qt appends the application's name where the platform shows it ("— Regvault"): the title must not say it too.
    assert window.windowTitle() == f"{window.tenant.display_name} (demo)"
    assert "Regvault" not in window.windowTitle()


def test_the_tenant_switcher_searches_50_tenants_and_shows_each_ones_last_backup(qtbot, open_window, context_of, store) -> None:  # type: ignore[no-untyped-def]
    from store_fill import add_tenant

    fill_tenant(store, "contoso", 5, snapshots=1, recycle=0, purge=0)
    for n in range(49):
        add_tenant(store, f"customer{n:02d}")
    window = open_window(context_of(store), wait=False)
    combo = window.tenant_switcher
    qtbot.waitUntil(lambda: combo.count() == 50, timeout=5000)
    with qtbot.waitSignal(window.tenant_switcher.statuses_shown, timeout=10_000):
        window.load_tenants()
    contoso = combo.findData(next(t.tenant_id for t in store.list_tenants() if t.display_name == "Contoso Ltd"))
    assert "Last backup" in combo.itemData(contoso, Qt.ItemDataRole.ToolTipRole)
    assert not combo.itemIcon(contoso).isNull()
    other = combo.findText("Customer17 Ltd", Qt.MatchFlag.MatchStartsWith)
    assert "Never backed up" in combo.itemData(other, Qt.ItemDataRole.ToolTipRole)
    # Search: any part of the name or domain, then pick it.
    completer = combo.completer()
    assert combo.isEditable() and completer.filterMode() == Qt.MatchFlag.MatchContains
    completer.setCompletionPrefix("customer17")
    assert completer.completionCount() == 1
    with qtbot.waitSignal(window.apps.loaded, timeout=5000, raising=False):
        completer.activated[str].emit(completer.currentCompletion())
    assert window.tenant.display_name == "Customer17 Ltd"
