"""The main window driven like a user would, against a real store (tmp_path) filled through the store API."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QTreeView,
    QWidget,
)
from store_fill import START, add_tenant, app_document

from desktop_app.domain.diff import diff_documents
from desktop_app.domain.document import canonical_json, document_hash
from desktop_app.store import ObservedApp, SnapshotWrite
from desktop_app.ui.apps_model import AppColumn
from desktop_app.ui.attributes_model import NodeRole
from desktop_app.ui.main_window import MainWindow

NAMED_WIDGETS = {
    "tenantSwitcher": QComboBox, "backupButton": QPushButton, "searchBox": QLineEdit, "appsTable": QTableView,
    "selectAllCheckBox": QCheckBox, "showDeletedToggle": QCheckBox, "restoreSelectedButton": QPushButton,
    "versionPanel": QWidget, "previousVersionButton": QToolButton, "nextVersionButton": QToolButton,
    "versionLabel": QLabel, "attributesTree": QTreeView, "onlyChangedToggle": QCheckBox,
    "restoreVersionButton": QPushButton, "clearSelectionButton": QPushButton, "cancelBackupButton": QPushButton,
    "emptyStateBackupButton": QPushButton, "emptyStateAddTenantButton": QPushButton,
    "restoreHistoryButton": QPushButton, "noMatchLabel": QLabel,
}


def names(window: MainWindow) -> list[str]:
    m = window.apps.model
    return [m.index(r, AppColumn.NAME).data() for r in range(m.rowCount())]


def column(window: MainWindow, col: AppColumn) -> list[str]:
    m = window.apps.model
    return [m.index(r, col).data() for r in range(m.rowCount())]


def click_header(qtbot, window: MainWindow, col: AppColumn) -> None:  # type: ignore[no-untyped-def]
    header = window.apps.table.horizontalHeader()
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_every_interactive_widget_has_its_object_and_accessible_name(open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    window = open_window(context_of(filled[0]))
    for name, kind in NAMED_WIDGETS.items():
        widget = window.findChild(kind, name)
        assert widget is not None, name
        assert widget.accessibleName(), name


def test_lists_the_tenant_with_counts_and_last_backup(open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, _ = filled
    window = open_window(context_of(store))
    assert window.tenant_switcher.currentText() == "Contoso Ltd  —  contoso.onmicrosoft.com"
    assert window.apps.model.rowCount() == store.count_apps(contoso.tenant_id) == 37
    assert window.apps.count_label.text() == "37 apps"
    assert window.backup.last_backup_label.text().startswith("Last backup 2026-09-")
    assert not window.restore_selected_button.isEnabled()


def test_filter_by_name_or_client_id_debounced(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, _ = filled
    window = open_window(context_of(store))
    window.apps.search_box.setFocus()
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        qtbot.keyClicks(window.apps.search_box, "payROLL")
    assert window.apps.model.rowCount() == store.count_apps(contoso.tenant_id, "payroll") > 0
    assert all("Payroll" in n for n in names(window))
    client_id = window.apps.model.index(0, AppColumn.CLIENT_ID).data()
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        window.apps.set_filter(client_id[9:18].upper())
    assert column(window, AppColumn.CLIENT_ID) == [client_id]
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        window.apps.set_filter("no app is called this")
    assert window.apps.model.rowCount() == 0 and window.apps.count_label.text() == "0 apps"


def test_ctrl_f_focuses_the_filter_and_typing_in_the_table_filters(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    window = open_window(context_of(filled[0]))
    window.activateWindow()
    window.apps.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.apps.search_box.hasFocus)
    window.apps.table.setFocus()
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        qtbot.keyClicks(window.apps.table, "Intra")
    assert window.apps.search_box.text() == "Intra"
    assert names(window) and all(n.startswith("Intranet") for n in names(window))


def test_sort_each_column_both_ways_by_header_clicks(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, _ = filled
    window = open_window(context_of(store))
    window.apps.show_deleted_toggle.setChecked(True)
    qtbot.waitUntil(lambda: window.apps.model.rowCount() == 40)
    for col, key in ((AppColumn.CLIENT_ID, "appId"), (AppColumn.LAST_MODIFIED, "modified"),
                     (AppColumn.NAME, "name")):
        click_header(qtbot, window, col)
        first = list(window.apps.model.ids)
        click_header(qtbot, window, col)
        second = list(window.apps.model.ids)
        assert second == list(reversed(first))
        descending = window.apps.model.query.descending
        assert window.apps.model.query.sort == key
        assert second == store.app_ids(contoso.tenant_id, sort=key, descending=descending, include_deleted=True)
        values = [window.apps.model.index(r, col).data(Qt.ItemDataRole.UserRole + 1) for r in range(len(second))]
        assert values == sorted(values, reverse=descending)
        indicator = window.apps.table.horizontalHeader().sortIndicatorSection()
        assert indicator == col
    # Status sorts too: active apps, then the recycle bin, then deleted permanently, each by name.
    click_header(qtbot, window, AppColumn.STATUS)
    assert window.apps.model.query.sort == "status"
    assert list(window.apps.model.ids) == store.app_ids(contoso.tenant_id, sort="status", include_deleted=True)
    statuses = [window.apps.model.index(r, AppColumn.STATUS).data() for r in range(window.apps.model.rowCount())]
    assert statuses[0] == "Active" and statuses[-1] != "Active"
    assert window.apps.table.horizontalHeader().sortIndicatorSection() == AppColumn.STATUS


def test_names_sort_naturally_both_ways(qtbot, open_window, context_of, store) -> None:  # type: ignore[no-untyped-def]
    # "App 2" before "App 10": the order comes from the store's SQL (schema 4), both engines.
    tenant = add_tenant(store, "natural")
    apps = []
    for n, label in enumerate(["App 10", "App 2", "app 1", "App 100", "Billing 3", "Billing 20"]):
        doc = app_document("natural", n)
        doc["application"]["displayName"] = label
        apps.append(ObservedApp(object_id=doc["application"]["id"], app_id=doc["application"]["appId"],
                                display_name=label, document_json=canonical_json(doc),
                                document_hash=document_hash(doc)))
    store.write_snapshot(tenant.tenant_id, SnapshotWrite(started=START, finished=START, observed=apps))
    window = open_window(context_of(store))
    assert names(window) == ["app 1", "App 2", "App 10", "App 100", "Billing 3", "Billing 20"]
    click_header(qtbot, window, AppColumn.NAME)
    assert names(window) == ["Billing 20", "Billing 3", "App 100", "App 10", "App 2", "app 1"]


def test_select_one_several_all_and_the_count(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, _ = filled
    window = open_window(context_of(store))
    table = window.apps.table
    # One: a click on the check box.
    rect = table.visualRect(window.apps.model.index(0, AppColumn.CHECK))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.apps.model.checked_count == 1
    assert window.apps.count_label.text() == "37 apps · 1 selected"
    assert window.restore_selected_button.isEnabled()
    # Several: Space toggles the current row.
    table.setFocus()
    for row in (3, 4):
        table.setCurrentIndex(window.apps.model.index(row, AppColumn.NAME))
        qtbot.keyClick(table, Qt.Key.Key_Space)
    assert window.apps.model.checked == {window.apps.model.pk_at(r) for r in (0, 3, 4)}
    assert window.apps.count_label.text() == "37 apps · 3 selected"
    assert window.apps.table.select_all_box.checkState() == Qt.CheckState.PartiallyChecked
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert window.apps.model.checked_count == 2
    # All: the header box selects the whole filtered tenant.
    qtbot.mouseClick(window.apps.table.select_all_box, Qt.MouseButton.LeftButton)
    assert window.apps.model.checked_count == store.count_apps(contoso.tenant_id) == 37
    assert window.apps.count_label.text() == "All 37 apps selected"
    assert window.apps.table.select_all_box.checkState() == Qt.CheckState.Checked
    qtbot.mouseClick(window.apps.table.select_all_box, Qt.MouseButton.LeftButton)
    assert window.apps.model.checked_count == 0 and not window.restore_selected_button.isEnabled()


def test_select_all_means_every_matching_app_not_the_visible_rows(qtbot, open_window, context_of, store) -> None:  # type: ignore[no-untyped-def]
    from store_fill import fill_tenant

    big = fill_tenant(store, "big", 1_200, snapshots=1, recycle=0, purge=0)
    window = open_window(context_of(store))
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        window.apps.set_filter("0")  # every name has a zero: most apps match
    expected = store.count_apps(big.tenant_id, "0")
    assert window.apps.model.rowCount() == expected > 1_000
    qtbot.mouseClick(window.apps.table.select_all_box, Qt.MouseButton.LeftButton)
    assert window.apps.model.checked == set(store.app_ids(big.tenant_id, "0"))
    assert window.apps.model.cached_rows < expected  # the rows off screen were never loaded
    assert window.apps.count_label.text() == f"All {expected:,} apps selected"


def test_selection_survives_sort_and_filter_and_says_what_is_hidden(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, _ = filled
    window = open_window(context_of(store))
    picked = {window.apps.model.pk_at(r) for r in (0, 5, 9)}
    window.apps.model.set_checked(picked, True)
    click_header(qtbot, window, AppColumn.CLIENT_ID)
    assert window.apps.model.checked == picked
    hidden_name = window.apps.model.index(window.apps.model.row_of(min(picked)), AppColumn.NAME).data()
    others = picked - {min(picked)}
    visible_name = window.apps.model.index(window.apps.model.row_of(max(others)), AppColumn.NAME).data()
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        window.apps.set_filter(visible_name)
    assert window.apps.model.checked == picked
    assert window.apps.count_label.text() == "1 app · 3 selected (2 hidden by the filter)"
    with qtbot.waitSignal(window.restore_wizard_requested) as requested:
        qtbot.mouseClick(window.restore_selected_button, Qt.MouseButton.LeftButton)
    assert requested.args == [sorted(picked), None]  # every checked app, the hidden ones too
    wizard = window.restore_wizard  # the wizard opened on them
    assert wizard is not None and wizard.setup.app_pks == tuple(sorted(picked)) and wizard.setup.snapshot_id is None
    wizard.reject()
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        window.apps.set_filter("")
    assert window.apps.count_label.text() == "37 apps · 3 selected"
    assert hidden_name  # it is listed again, still checked
    assert window.apps.model.index(window.apps.model.row_of(min(picked)), 0).data(Qt.ItemDataRole.CheckStateRole) \
        == Qt.CheckState.Checked


def test_show_deleted_apps_toggle(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, _ = filled
    window = open_window(context_of(store))
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        window.apps.show_deleted_toggle.click()
    assert window.apps.model.rowCount() == store.count_apps(contoso.tenant_id, include_deleted=True) == 40
    statuses = column(window, AppColumn.STATUS)
    assert statuses.count("Deleted permanently") == 1
    assert sum(s.startswith("Deleted, in recycle bin until") for s in statuses) == 2


def red_paths_shown(window: MainWindow) -> set[tuple]:
    return {window.panel.model.data(i, NodeRole).path for i in window.panel.model.red_indexes()}


def test_step_through_versions_red_rows_are_the_domain_diff(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, _ = filled
    window = open_window(context_of(store))
    # App 1 changes in snapshot 1 and again in 4: pick an app with the most versions.
    pk = max(window.apps.model.ids, key=lambda p: len(store.versions(p)))
    versions = store.versions(pk)
    assert len(versions) >= 2
    with qtbot.waitSignal(window.panel.version_shown, timeout=5000):
        window.apps.show_app(pk)
    panel = window.panel
    assert panel.version_label.text().endswith(f"version {len(versions)} of {len(versions)} (current)")
    assert not panel.next_button.isEnabled() and panel.previous_button.isEnabled()
    for position, version in enumerate(versions):
        if position:
            with qtbot.waitSignal(panel.version_shown, timeout=5000):
                qtbot.mouseClick(panel.previous_button, Qt.MouseButton.LeftButton)
        assert panel.view.version.pk == version.pk
        assert f"version {len(versions) - position} of {len(versions)}" in panel.version_label.text()
        older = versions[position + 1] if position + 1 < len(versions) else None
        expected = diff_documents(store.version_document(older.pk), store.version_document(version.pk)) \
            if older else []
        assert red_paths_shown(window) == {c.path for c in expected}
        for index in panel.model.red_indexes():  # every red row is visible (its parents are expanded)
            parent = index.parent()
            while parent.isValid():
                assert panel.tree.isExpanded(parent)
                parent = parent.parent()
    assert not panel.previous_button.isEnabled()
    # Back to the newest with the keyboard.
    for _ in versions[1:]:
        with qtbot.waitSignal(panel.version_shown, timeout=5000):
            qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert panel.view.position == 0
    window.apps.table.setFocus()
    with qtbot.waitSignal(panel.version_shown, timeout=5000):
        qtbot.keyClick(window.apps.table, Qt.Key.Key_BracketLeft)
    assert panel.view.position == 1


def test_only_changed_and_restore_this_version(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, _ = filled
    window = open_window(context_of(store))
    pk = max(window.apps.model.ids, key=lambda p: len(store.versions(p)))
    with qtbot.waitSignal(window.panel.version_shown, timeout=5000):
        window.apps.show_app(pk)
    panel = window.panel
    red = red_paths_shown(window)
    total_rows = sum(1 for _ in panel.model.tree.root.walk())
    panel.only_changed.click()
    assert red_paths_shown(window) == red
    assert sum(1 for _ in panel.model._root.walk()) < total_rows
    with qtbot.waitSignal(window.restore_wizard_requested) as requested:
        qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert requested.args == [[pk], store.versions(pk)[0].valid_from]
    wizard = window.restore_wizard  # the wizard opened on the app at that version
    assert wizard is not None and wizard.setup.app_pks == (pk,)
    assert wizard.setup.snapshot_id == store.versions(pk)[0].valid_from
    wizard.reject()


def test_switch_tenant(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, fabrikam = filled
    window = open_window(context_of(store))
    window.apps.model.select_all()
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        window.tenant_switcher.setCurrentIndex(window.tenant_switcher.findData(fabrikam.tenant_id))
    assert window.apps.model.rowCount() == store.count_apps(fabrikam.tenant_id) == 9
    assert window.apps.model.checked_count == 0
    assert window.apps.count_label.text() == "9 apps"
    assert window.tenant_switcher.currentText().startswith("Fabrikam Ltd")
    assert window.panel.view is None


def test_a_tenant_without_backups_says_what_to_do(qtbot, open_window, context_of, store) -> None:  # type: ignore[no-untyped-def]
    add_tenant(store, "newco")
    window = open_window(context_of(store))
    assert window.apps.stack.currentWidget() is window.apps.empty_state
    assert window.apps.empty_title.text() == "No backup of this tenant yet."
    assert window.apps.empty_backup_button.isVisible()
    assert window.backup.last_backup_label.text() == "Never backed up"


def test_no_tenant_at_all(open_window, context_of, store) -> None:  # type: ignore[no-untyped-def]
    window = open_window(context_of(store))
    assert window.apps.stack.currentWidget() is window.apps.empty_state
    assert "Tenants → Add tenant…" in window.apps.empty_title.text()  # every window can add one (no build without it)
    assert window.apps.empty_add_tenant_button.isVisible()
    assert not window.backup.button.isEnabled()


def test_window_layout_is_kept_between_sessions(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = filled
    window = open_window(context_of(store))
    click_header(qtbot, window, AppColumn.LAST_MODIFIED)
    window.splitter.setSizes([500, 700])
    sizes = window.splitter.sizes()
    window.apps.table.horizontalHeader().resizeSection(AppColumn.NAME, 333)
    window.close()
    again = open_window(context_of(store))
    assert again.apps.model.query.sort == "modified" and again.apps.model.query.descending
    assert again.apps.table.horizontalHeader().sectionSize(AppColumn.NAME) == 333
    # The offscreen platform may place the window at another size; the split keeps its proportion.
    left, right = again.splitter.sizes()
    assert abs(left / (left + right) - sizes[0] / sum(sizes)) < 0.02
    assert again.settings.value("mainWindow/geometry") is not None


def test_quick_changes_end_on_the_last_request(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, contoso, fabrikam = filled
    newco = add_tenant(store, "newco")
    window = open_window(context_of(store))
    window.load_tenants()
    qtbot.waitUntil(lambda: window.tenant_switcher.count() == 3)
    # Switch to a tenant without backups and type at once: the superseded request's tenant state still counts.
    window.switch_tenant(newco.tenant_id)
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        window.apps.set_filter("x")
    qtbot.waitUntil(lambda: window.apps.stack.currentWidget() is window.apps.empty_state)
    assert window.backup.last_backup_label.text() == "Never backed up"
    window.switch_tenant(contoso.tenant_id)
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        window.apps.set_filter("")
    qtbot.waitUntil(lambda: window.apps.stack.currentWidget() is window.apps.table and window.apps.model.rowCount() == 37)
    # Walking down the table quickly: the panel ends on the last row walked to.
    window.apps.table.setFocus()
    window.apps.table.setCurrentIndex(window.apps.model.index(0, AppColumn.NAME))
    for _ in range(15):
        qtbot.keyClick(window.apps.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.panel.view is not None and window.panel.view.app.pk == window.apps.model.pk_at(15))


def test_a_filter_without_matches_says_so(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    window = open_window(context_of(filled[0]))
    assert not window.apps.table.no_match_label.isVisible()
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        window.apps.set_filter("nothing like this")
    assert window.apps.table.no_match_label.isVisible()
    assert window.apps.table.no_match_label.text() == "No app matches “nothing like this”."
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        window.apps.set_filter("")
    assert not window.apps.table.no_match_label.isVisible()
