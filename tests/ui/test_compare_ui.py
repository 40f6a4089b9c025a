"""The window's side of issue 13 against the emulator: Compare… (two versions, the live tenant, the whole tenant),
Restore selected values… (the wizard's preview limited to the selected rows; the rest of the app stays as it is
now), and Export…."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hcl2
import httpx
import pytest
from flow_world import unnamed
from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWizard

from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.export import ExportFormat
from desktop_app.services.restore import RestoreService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store, TenantInfo
from desktop_app.ui.compare_view import CompareDialog, DiffRowsModel
from desktop_app.ui.export_dialog import ExportDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.restore_wizard import PageId, RestoreWizard


def connector() -> GraphConnector:
    return GraphConnector(timeout=20, max_retries=6, sleep=lambda _s: None)


@dataclass
class World:
    emulator: Emulator
    store: Store
    contoso: TenantInfo
    http: httpx.Client
    app: dict[str, Any]  # changed between the two backups (notes)

    def pk(self) -> int:
        row = self.store.find_app(self.contoso.tenant_id, self.app["appId"])
        assert row is not None
        return row.pk


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with Emulator(tenants="contoso:8", seed=6, throttle="off") as emulator:
        store = Store.open(tmp_path / "regvault.sqlite")
        contoso = TenantService(store, connector()).add_emulator_tenant(emulator.base_url,
                                                                         emulator.tenant_id("contoso"))
        http = httpx.Client(base_url=emulator.base_url, timeout=20,
                            headers={"Authorization": f"Bearer {emulator.token('contoso')}"})
        backup = BackupService(store, connector())
        backup.run(contoso.tenant_id)
        app = sorted(http.get("/applications").json()["value"], key=lambda a: a["displayName"])[0]
        http.patch(f"/applications/{app['id']}", json={"notes": "changed after the first backup"}).raise_for_status()
        backup.run(contoso.tenant_id)
        try:
            yield World(emulator, store, contoso, http, app)
        finally:
            http.close()
            store.close()


@pytest.fixture
def window(world: World, open_window, context_of) -> MainWindow:  # type: ignore[no-untyped-def]
    engine = RestoreService(world.store, connector(), reader=BackupService(world.store, connector()).reader,
                            operator="tester")
    opened: MainWindow = open_window(context_of(world.store, graph_for_tenant=connector(), restore=engine))
    return opened


def show_app(qtbot, window: MainWindow, pk: int) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.panel.version_shown, timeout=10_000):
        window.panel.show_app(pk)


def rows(model: DiffRowsModel) -> list[tuple[str, str, str, str]]:
    return [tuple(model.index(r, c).data() for c in range(4)) for r in range(model.rowCount())]  # type: ignore[misc]


def test_compare_two_versions_then_the_live_tenant_then_the_whole_tenant(qtbot, qtmodeltester, world: World,  # type: ignore[no-untyped-def]
                                                                        window: MainWindow) -> None:
    show_app(qtbot, window, world.pk())
    window.panel.compare_button.click()
    qtbot.waitUntil(lambda: isinstance(window.compare.compare_dialog, CompareDialog), timeout=10_000)
    dialog: CompareDialog = window.compare.compare_dialog
    qtbot.addWidget(dialog)
    dialog.from_combo.setCurrentIndex(1)  # the older version
    with qtbot.waitSignal(dialog.compared, timeout=20_000):
        dialog.to_combo.setCurrentIndex(0)  # the newer one
    assert [r[0] for r in rows(dialog.model)] == ["Overview › Internal notes"]  # the side panel's words
    assert rows(dialog.model)[0][3] == "changed after the first backup"
    qtmodeltester.check(dialog.model)

    world.http.patch(f"/applications/{world.app['id']}", json={"description": "changed live"}).raise_for_status()
    with qtbot.waitSignal(dialog.compared, timeout=20_000):
        dialog.to_combo.setCurrentIndex(dialog.to_combo.count() - 1)  # the live tenant
    assert {r[0] for r in rows(dialog.model)} == {"Overview › Internal notes", "Overview › Description"}
    assert "live tenant" in dialog.app_summary.text()

    world.http.patch(f"/applications/{world.app['id']}", json={
        "isFallbackPublicClient": True, "web": {**world.app["web"], "redirectUris": [
            "https://one.example/signin", "https://two.example/signin"]}}).raise_for_status()
    dialog.tabs.setCurrentIndex(1)
    dialog.since_combo.setCurrentIndex(dialog.since_combo.count() - 1)  # the first backup
    with qtbot.waitSignal(dialog.compared, timeout=30_000):
        dialog.tenant_button.click()  # until: the live tenant
    changed = dialog.tenant_tree.topLevelItem(1)
    assert changed.text(0) == "Changed (1)" and changed.child(0).text(0) == world.app["displayName"]
    now = {changed.child(0).child(i).text(0): changed.child(0).child(i).text(2)
           for i in range(changed.child(0).childCount())}
    assert set(now) == {"Overview › Internal notes", "Overview › Description",
                        "Authentication › Allow public client flows", "Authentication › Web › Redirect URIs"}
    # Values in words, as the side panel writes them: Yes/No, a list as its items; never JSON.
    assert now["Authentication › Allow public client flows"] == "Yes"
    assert now["Authentication › Web › Redirect URIs"] == "https://one.example/signin, https://two.example/signin"
    assert not unnamed(dialog)  # the filter, the tree, the combos and buttons: each named for a screen reader
    client_id = changed.child(0)
    whole = QFontMetrics(client_id.font(1)).horizontalAdvance(client_id.text(1))
    assert dialog.tenant_tree.header().sectionSize(1) >= whole  # the client ID is never cut
    # The value now beside each change (the "Now" column was empty), the one before in its tooltip.
    notes = next(changed.child(0).child(i) for i in range(4) if changed.child(0).child(i).text(0) == "Overview › Internal notes")
    assert notes.text(2) == "changed after the first backup" and "Before:" in notes.toolTip(2)
    # Filtered by what changed: only the apps, and the changes, that hold the text.
    dialog.tenant_filter.setText("description")
    assert changed.text(0) == "Changed (1)" and not changed.child(0).isHidden()
    assert changed.child(0).isExpanded()  # found by a change: the change shows, with its value now
    assert [changed.child(0).child(i).isHidden() for i in range(4)].count(True) == 3
    dialog.tenant_filter.setText("no such thing")
    assert changed.text(0) == "Changed (0)" and changed.child(0).isHidden()
    assert "0 added, 1 changed, 0 removed" in dialog.tenant_summary.text()
    dialog.reject()


def _index_of(window: MainWindow, path: tuple[str, ...]) -> QModelIndex:
    model = window.panel.model

    def walk(parent: QModelIndex) -> QModelIndex | None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if model.node(index).path == path:
                return index
            found = walk(index)
            if found is not None:
                return found
        return None

    found = walk(QModelIndex())
    assert found is not None, path
    return found


def test_restore_selected_values_limits_the_preview_and_leaves_the_rest_as_it_is_now(  # type: ignore[no-untyped-def]
        qtbot, world: World, window: MainWindow) -> None:
    pk = world.pk()
    show_app(qtbot, window, pk)
    window.panel.show_older()
    qtbot.waitUntil(lambda: window.panel.view is not None and window.panel.view.position == 1, timeout=10_000)
    assert not window.panel.restore_values_button.isEnabled()
    world.http.patch(f"/applications/{world.app['id']}", json={"description": "keep me"}).raise_for_status()
    selection = window.panel.tree.selectionModel()
    for path in (("application", "notes"), ("application", "appId")):  # appId can't be restored: left out
        selection.select(_index_of(window, path),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert window.panel.selected_paths() == ["notes"]
    assert window.panel.restore_values_button.isEnabled()
    window.panel.restore_values_button.click()
    wizard = window.findChild(RestoreWizard, "restoreWizard")
    assert wizard is not None and wizard.setup.only == ("notes",)
    qtbot.waitUntil(lambda: wizard.state.data is not None, timeout=10_000)
    first = world.store.snapshots(world.contoso.tenant_id)[-1]  # newest first: this is the oldest
    assert wizard.snapshot_page.snapshot is not None and wizard.snapshot_page.snapshot.id == first.id
    wizard.next()
    assert not wizard.options_page.as_new_radio.isEnabled()
    assert not wizard.options_page.another_tenant_check.isEnabled()
    with qtbot.waitSignal(wizard.preview_page.preview_finished, timeout=30_000):
        wizard.next()
    preview = wizard.state.preview
    assert preview is not None, wizard.preview_page.error_label.text()
    assert [i.changes for i in preview.items] == [("notes",)]
    assert "only" in wizard.preview_page.summary_label.text()
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.REPORT, timeout=60_000)
    assert wizard.state.report.items[0].result in ("verified", "warnings"), wizard.state.report
    now = world.http.get(f"/applications/{world.app['id']}").json()
    assert now["notes"] == world.app["notes"]  # as at the first backup
    assert now["description"] == "keep me"  # not selected: as it is now
    wizard.accept()


def test_export_from_the_side_panel(qtbot, world: World, window: MainWindow,  # type: ignore[no-untyped-def]
                                    tmp_path_factory: pytest.TempPathFactory) -> None:
    show_app(qtbot, window, world.pk())
    window.panel.export_button.click()
    dialog = window.findChild(ExportDialog, "exportDialog")
    assert dialog is not None
    dialog.terraform_radio.setChecked(True)
    assert dialog.format is ExportFormat.TERRAFORM and dialog.path_edit.text().endswith(".tf")
    out = tmp_path_factory.mktemp("exports")  # not the store's folder (tmp_path): exports never go there
    dialog.path_edit.setText(str(out / "app.tf"))
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.export_button.click()
    parsed = hcl2.loads((out / "app.tf").read_text())
    assert len([r for r in parsed["resource"] if any("azuread_application" in k for k in r)]) >= 1
    assert "Exported 1 app to" in dialog.status.text()
    (out / "blocker").write_text("x")
    dialog.path_edit.setText(str(out / "blocker" / "app.html"))
    dialog.html_radio.setChecked(True)
    dialog.path_edit.setText(str(out / "blocker" / "app.html"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "Could not write" in dialog.status.text(), timeout=10_000)
    dialog.reject()


def test_the_old_values_of_selected_differences_go_to_the_wizard(qtbot, world: World,  # type: ignore[no-untyped-def]
                                                                 window: MainWindow) -> None:
    show_app(qtbot, window, world.pk())
    world.http.patch(f"/applications/{world.app['id']}", json={"description": "changed live"}).raise_for_status()
    window.panel.compare_button.click()
    qtbot.waitUntil(lambda: isinstance(window.compare.compare_dialog, CompareDialog), timeout=10_000)
    dialog: CompareDialog = window.compare.compare_dialog
    with qtbot.waitSignal(dialog.compared, timeout=20_000):
        dialog.from_combo.setCurrentIndex(1)  # the first version, against the live tenant
    paths = [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())]
    assert set(paths) == {"Overview › Internal notes", "Overview › Description"}
    assert not dialog.restore_old_button.isEnabled()
    dialog.table.selectRow(paths.index("Overview › Description"))
    assert dialog.selected_picks() == ["description"] and dialog.restore_old_button.isEnabled()
    dialog.restore_old_button.click()
    wizard = window.findChild(RestoreWizard, "restoreWizard")
    assert wizard is not None and wizard.setup.only == ("description",)
    first = world.store.snapshots(world.contoso.tenant_id)[-1]
    assert wizard.setup.snapshot_id == first.id
    wizard.reject()
