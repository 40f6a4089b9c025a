"""The seed's flows, end to end through the window (issue 22): from the main window's list to the restore's report
and back to the list and the side panel, on a small demo (flow_world.py). Only the window's public surface is used:
widgets by objectName, clicks, keys, and the text they show."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flow_world import Flow, open_flow, unnamed
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTreeView,
)

pytestmark = pytest.mark.slow


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def done(report: str) -> int:
    """Apps done (verified, or with warnings) in the report's summary; none failed."""
    assert "failed" not in report.lower(), report
    return sum(int(n.replace(",", "")) for n in re.findall(r"([\d,]+) done", report))


def column_texts(flow: Flow, table: str, title: str) -> list[str]:
    model = flow.find(table, QTableView, flow.wizard()).model()
    column = flow.column(title, model)
    return [model.index(row, column).data() for row in range(model.rowCount())]


def restore_one_app(flow: Flow, button: str, action: str) -> str:
    """Restore the one app through the wizard `button` opens, on the snapshot it offers (one that holds the app), the
    preview planning `action` for it; the report's text."""
    flow.click(button)
    wizard = flow.wait_for_wizard()
    assert flow.text("snapshotPresenceLabel", wizard) == "The app is in this snapshot."
    flow.next()
    flow.to_preview()
    assert f"{action}: 1" in plain(flow.text("previewSummary", wizard))
    return plain(flow.restore())


def test_select_all_is_the_whole_tenant_an_earlier_day_brings_back_the_app_deleted_since_and_leaves_out_newer_ones(
        flow: Flow) -> None:
    binned = "Contoso Inventory Desktop"  # in the recycle bin: hidden while "Show deleted apps" is off
    apps = flow.names()
    assert binned not in apps
    assert not unnamed(flow.window)
    flow.click("selectAllCheckBox")
    flow.qtbot.waitUntil(lambda: flow.text("countLabel") == f"All {len(apps)} apps selected", timeout=5_000)
    flow.click("restoreSelectedButton")
    wizard = flow.wait_for_wizard()
    assert not unnamed(wizard)
    assert flow.text("restoreAppsLabel", wizard).startswith("Restore the whole tenant Contoso: ")
    assert re.fullmatch(rf"The whole tenant as at .+: {len(apps)} apps\.", plain(flow.text("snapshotPresenceLabel",
                                                                                           wizard)))

    calendar = flow.find("snapshotCalendar", QCalendarWidget, wizard)
    calendar.setSelectedDate(calendar.minimumDate())  # the first day with a backup: the binned app existed then
    presence = flow.find("snapshotPresenceLabel", QLabel, wizard)
    flow.qtbot.waitUntil(lambda: "left out" in presence.text(), timeout=10_000)
    said = plain(presence.text())
    restored = len(apps) - 2 + 1
    assert re.fullmatch(rf"The whole tenant as at .+: {restored} apps, 1 of them deleted since \(it comes back\)\. "
                        r"2 chosen apps not in this snapshot are left out: 2 apps did not exist yet \(Contoso New App "
                        r"284, Contoso New App 721 \(renamed\)\)\.", said), said
    flow.next()
    assert not unnamed(wizard)
    flow.to_preview()
    assert not unnamed(wizard)
    summary = plain(flow.text("previewSummary", wizard))
    assert "left out, not in this snapshot: 2" in summary, summary
    assert summary.count("Contoso New App 284") == 0  # named once, on the Snapshot page
    names = column_texts(flow, "previewTable", "App")
    actions = column_texts(flow, "previewTable", "Action")
    assert len(names) == restored and actions[names.index(binned)] == "Undelete from the recycle bin", actions
    assert "Undelete from the recycle bin: 1" in summary, summary
    # Most apps are already as they were then: "No change", nothing in "What changes", none sent by the run.
    same = actions.count("No change")
    assert 0 < same < len(apps) - 2 and f"No change: {same}" in summary, (actions, summary)
    whats = column_texts(flow, "previewTable", "What changes")
    assert {w for a, w in zip(actions, whats, strict=True) if a == "No change"} == {
        "Nothing to change: already as at the snapshot"}

    report = plain(flow.restore())

    assert done(report) == restored - same, report
    assert f"{same} already as at the snapshot" in report, report
    results = column_texts(flow, "reportTable", "Result")
    assert results.count("Already as at the snapshot") == same and "Done and verified" in results, results
    assert results[column_texts(flow, "reportTable", "App").index(binned)].startswith("Done"), results
    assert "2 apps were left out: not in this snapshot" in report  # the report adds up to what was chosen
    assert not unnamed(wizard)
    # The same run in the Restore history lists its apps as the report does: what was done before the rest.
    flow.click("reportHistoryButton", wizard)
    flow.qtbot.waitUntil(lambda: any(w.objectName() == "restoreHistoryDialog" and w.isVisible()
                                     for w in QApplication.topLevelWidgets()), timeout=5_000)
    [history] = [w for w in QApplication.topLevelWidgets() if w.objectName() == "restoreHistoryDialog"]
    items = flow.find("restoreItemsTable", QTableView, history).model()
    flow.qtbot.waitUntil(lambda: items.rowCount() == len(results), timeout=5_000)
    assert [items.index(row, 2).data() for row in range(items.rowCount())] == results
    history.close()
    flow.close_wizard()
    flow.wait_for_row(binned)  # back from the recycle bin, in the list with deleted apps still hidden
    flow.qtbot.waitUntil(lambda: flow.cell(binned, "Status") == "Active", timeout=10_000)
    assert sorted(flow.names()) == sorted([*apps, binned])  # a restore does not remove what was added since


def test_a_deleted_app_restores_from_the_last_backup_that_holds_it_and_its_row_and_panel_show_it_active(
        flow: Flow) -> None:
    last_backup = flow.text("lastBackupLabel")
    flow.click("showDeletedToggle")
    flow.filter("Inventory Desktop")
    name = "Contoso Inventory Desktop"
    assert flow.cell(name, "Status").startswith("Deleted, in recycle bin"), flow.cell(name, "Status")
    flow.tick(name)
    flow.qtbot.waitUntil(lambda: flow.text("statusLabel").startswith("Deleted, in recycle bin"), timeout=5_000)
    # The wizard offers the last backup that holds the app, not the newest (the app is gone there).
    report = restore_one_app(flow, "restoreSelectedButton", "Undelete from the recycle bin")
    # Its notes (the recycle bin hides its federated credentials) are for information: not "Done with warnings".
    assert report.startswith("1 done and verified"), report
    flow.close_wizard()

    flow.qtbot.waitUntil(lambda: flow.cell(name, "Status") == "Active", timeout=10_000)
    flow.qtbot.waitUntil(lambda: flow.text("statusLabel") == "Active", timeout=10_000)
    assert flow.text("versionLabel").endswith("(current)"), flow.text("versionLabel")
    assert flow.text("lastBackupLabel") == last_backup  # the restore's own snapshots are not backups


def test_a_changed_app_an_older_version_only_changed_restore_this_version_and_the_panel_shows_it_current(
        flow: Flow) -> None:
    name = "Contoso New App 721 (renamed)"
    flow.click_row(name)
    version = flow.find("versionLabel", QLabel)
    flow.qtbot.waitUntil(lambda: version.text().endswith("version 3 of 3 (current)"), timeout=5_000)
    assert not unnamed(flow.window)  # the side panel's arrows, toggles and buttons too
    everything = len(flow.tree())
    broken = [row for row in flow.tree() if "redirect" in row.lower()]
    flow.click("onlyChangedToggle")  # what the newest version changed: its redirect URIs among them
    flow.qtbot.waitUntil(lambda: len(flow.tree()) < everything, timeout=5_000)
    assert any("redirect" in row.lower() for row in flow.tree()), flow.tree()
    flow.click("onlyChangedToggle")
    flow.click("previousVersionButton")
    flow.qtbot.waitUntil(lambda: "version 2 of 3" in version.text(), timeout=5_000)
    older = [row for row in flow.tree() if "redirect" in row.lower()]
    assert older and older != broken, (older, broken)
    assert done(restore_one_app(flow, "restoreVersionButton", "Overwrite")) == 1
    flow.close_wizard()

    # The panel shows the app as it now is: the restored version is the current one.
    flow.qtbot.waitUntil(lambda: version.text().endswith("version 4 of 4 (current)"), timeout=10_000)
    flow.qtbot.waitUntil(lambda: [row for row in flow.tree() if "redirect" in row.lower()] == older,
                         timeout=5_000)


def test_to_another_tenant_on_one_of_its_domains_and_its_list_shows_the_copy(flow: Flow) -> None:
    name = "Contoso Billing Web"
    flow.tick(name)
    flow.click("restoreSelectedButton")
    wizard = flow.wait_for_wizard()
    flow.next()
    flow.click("anotherTenantCheck", wizard)
    tenants = flow.find("targetTenantCombo", QComboBox, wizard)
    assert tenants.currentText().startswith("Fabrikam")
    domains = flow.find("targetDomainCombo", QComboBox, wizard)
    domains.setCurrentIndex(domains.findText("fabrikam-labs.io"))
    assert not unnamed(wizard)
    flow.to_preview()
    assert "Create in Fabrikam: 1" in plain(flow.text("previewSummary", wizard))
    restore = flow.find("wizardRestoreButton", QAbstractButton, wizard)
    assert not restore.isEnabled()  # writing into another tenant waits for its confirmation
    flow.click("confirmTargetCheck", wizard)
    report = plain(flow.restore())
    assert done(report) == 1 and "1 app has a new client ID" in report, report
    flow.close_wizard()

    switcher = flow.find("tenantSwitcher", QComboBox)
    switcher.setCurrentIndex(next(i for i in range(switcher.count()) if switcher.itemText(i).startswith("Fabrikam")))
    flow.wait_for_row(name)  # no backup needed: what the restore read back is in the store
    assert flow.cell(name, "Status") == "Active"
    flow.click_row(name)
    flow.qtbot.waitUntil(lambda: flow.text("appNameLabel") == name, timeout=5_000)
    assert not [row for row in flow.tree() if "contoso.com" in row], "identifier URIs were rewritten"


def test_as_new_with_a_typed_name_and_the_copy_appears_in_the_list(flow: Flow) -> None:
    flow.tick("Contoso Payroll API")
    flow.click("restoreSelectedButton")
    wizard = flow.wait_for_wizard()
    flow.next()
    flow.click("asNewRadio", wizard)
    name_edit = flow.find("newNameEdit", QLineEdit, wizard)
    assert name_edit.text() == "Contoso Payroll API (restored)"
    name_edit.selectAll()
    flow.qtbot.keyClicks(name_edit, "Payroll API, second copy")
    assert not unnamed(wizard)
    flow.to_preview()
    assert "Create as new: 1" in plain(flow.text("previewSummary", wizard))
    report = plain(flow.restore())
    assert done(report) == 1 and "1 app has a new client ID" in report, report
    flow.close_wizard()
    flow.wait_for_row("Payroll API, second copy")
    assert flow.cell("Payroll API, second copy", "Application (client) ID") != flow.cell(
        "Contoso Payroll API", "Application (client) ID")


@pytest.fixture
def first_start(qtbot, tmp_path: Path) -> Iterator[Flow]:  # type: ignore[no-untyped-def]
    """The demo's first start: the window opens on its first day, the other days are backed up behind it."""
    yield from open_flow(qtbot, None, tmp_path / "demo", first_days=1)


def test_after_the_demo_first_start_each_tenant_reads_backed_up_today_and_no_schedule_is_claimed(
        first_start: Flow) -> None:
    flow = first_start
    today = datetime.now().strftime("%Y-%m-%d")  # the demo's history ends today
    switcher = flow.find("tenantSwitcher", QComboBox)
    flow.qtbot.waitUntil(lambda: all("more than two days ago" in mark for mark in tooltips(switcher)),
                         timeout=5_000)  # day 1 of the history, for now
    fill = flow.find("historyFillLabel", QLabel)
    flow.qtbot.waitUntil(lambda: fill.text() == "The demo's history is complete.", timeout=60_000)
    flow.qtbot.waitUntil(lambda: all(f"Last backup {today}" in mark for mark in tooltips(switcher)), timeout=10_000)
    assert not any("more than two days" in mark for mark in tooltips(switcher)), tooltips(switcher)
    assert not flow.find("lastScheduledLabel", QLabel).isVisible()  # the demo has no schedule


def tooltips(combo: QComboBox) -> list[str]:
    return [str(combo.itemData(i, Qt.ItemDataRole.ToolTipRole)) for i in range(combo.count())]


def test_the_list_sorts_by_status_and_shows_only_the_deleted_apps(flow: Flow) -> None:
    flow.click("showDeletedToggle")
    flow.wait_for_row("Contoso Inventory Desktop")
    header = flow.table.horizontalHeader()
    status = flow.column("Status")
    flow.qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                          pos=QPoint(header.sectionViewportPosition(status) + 8, header.height() // 2))
    flow.qtbot.waitUntil(lambda: flow.names()[-1] == "Contoso Inventory Desktop", timeout=5_000)
    assert all(flow.cell(name, "Status") == "Active" for name in flow.names()[:-1])
    flow.click("onlyDeletedToggle")
    flow.qtbot.waitUntil(lambda: flow.names() == ["Contoso Inventory Desktop"], timeout=5_000)
    assert flow.text("countLabel") == "1 app"


def test_at_1280x720_the_side_panel_labels_can_be_told_apart_and_values_read_as_words(
        qtbot, demo_template: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for flow in open_flow(qtbot, demo_template, tmp_path / "demo", size=(1280, 720)):
        # Scopes (admin and user consent, names and descriptions), then the enterprise application's sections.
        for app in ("Contoso Payroll API", "Contoso Payroll Deploy"):
            sections = panel_rows_as_shown(flow, app)
            assert sections[-1] == "Manifest"
        assert "Enterprise application" in sections and "Permissions granted" in sections, sections


def panel_rows_as_shown(flow: Flow, app: str) -> list[str]:
    """Show `app` in the side panel, every row expanded: sibling labels, as the column cuts them, differ; values
    outside the Manifest read as words (no "{}", no ISO times). The sections' labels as shown."""
    flow.click_row(app)
    flow.qtbot.waitUntil(lambda: flow.text("appNameLabel") == app, timeout=5_000)
    tree = flow.find("attributesTree", QTreeView)
    flow.qtbot.waitUntil(lambda: tree.model().rowCount() > 5, timeout=5_000)
    tree.expandAll()
    model, metrics = tree.model(), QFontMetrics(tree.font())
    width = tree.header().sectionSize(0)

    def shown(index: QModelIndex, depth: int) -> str:
        room = width - tree.indentation() * (depth + 1) - 8
        return metrics.elidedText(str(index.data()), tree.textElideMode(), room)

    def walk(parent: QModelIndex, depth: int, in_manifest: bool) -> None:
        siblings = [model.index(r, 0, parent) for r in range(model.rowCount(parent))]
        cut = [shown(i, depth) for i in siblings]
        assert len(set(cut)) == len(cut), (app, [c for c in cut if cut.count(c) > 1])
        for index in siblings:
            value = str(model.index(index.row(), 1, parent).data() or "")
            manifest = in_manifest or (depth == 0 and index.data() == "Manifest")
            if not manifest:
                assert value != "{}" and not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", value), (app, index.data(), value)
            walk(index, depth + 1, manifest)

    walk(QModelIndex(), 0, False)
    return [shown(model.index(r, 0), 0) for r in range(model.rowCount())]
