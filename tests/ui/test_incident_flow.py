"""The incident view through the window (issue 25): File → What was added since… on a small demo attacked by one of its
users; the additions listed most dangerous first with who made them, one kept with its tick, the rollback confirmed,
run and reported per item, the tenant cleaned but for the kept one, and the evidence pack saved."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from flow_world import Flow, unnamed
from incident_attacks import Attacker, ok
from PySide6.QtCore import QDateTime, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QMenu,
    QMessageBox,
    QTableView,
    QTabWidget,
    QWidget,
)

from desktop_app.ui.incident_model import IncidentModel
from desktop_app.ui.incident_view import IncidentView

pytestmark = pytest.mark.slow


def open_incident_view(flow: Flow) -> tuple[QWidget, IncidentView]:
    """File → What was added since… (incident)…, as the menu offers it; the compare window on its Incident tab."""
    menu = flow.find("fileMenu", QMenu, flow.window.menuBar())
    [action] = [a for a in menu.actions() if a.objectName() == "incidentAction"]
    assert action.isEnabled()
    action.trigger()
    flow.qtbot.waitUntil(lambda: flow.window.compare.compare_dialog is not None
                         and flow.window.compare.compare_dialog.isVisible(), timeout=10_000)
    dialog = flow.window.compare.compare_dialog
    assert dialog is not None
    tabs = flow.find("compareTabs", QTabWidget, dialog)
    view = flow.find("incidentView", IncidentView, dialog)
    assert tabs.currentWidget() is view and not unnamed(dialog)
    return dialog, view


def roll_back(flow: Flow, dialog: QWidget, view: IncidentView, *, stop: bool = False) -> Any:
    """Roll back…, Yes (and Stop at once when asked); the run's report."""
    flow.click("incidentRollbackButton", dialog)
    box = flow.find("incidentConfirmBox", QMessageBox, dialog)
    yes = box.button(QMessageBox.StandardButton.Yes)
    assert yes is not None
    with flow.qtbot.waitSignal(view.finished, timeout=120_000) as finished:
        flow.qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
        if stop:
            flow.click("incidentStopButton", dialog)
    return finished.args[0]


def test_additions_since_a_moment_kept_or_rolled_back_through_the_window(flow: Flow, tmp_path: Path) -> None:
    emulator = flow.env.emulator
    moment = emulator.now() + timedelta(seconds=1)
    emulator.advance_clock(60)
    mallory = emulator.named_users("contoso")[1]
    with httpx.Client(base_url=emulator.base_url, headers={"Authorization": f"Bearer {mallory['token']}"},
                      timeout=20) as http:
        app = ok(http.get("/applications", params={"$top": 1, "$select": "id,appId,displayName"})).json()["value"][0]
        attacker = Attacker(http)
        secret = attacker.secret(app)
        uri = attacker.redirect(app)
    emulator.advance_clock(181)  # Graph's audit log shows the events

    dialog, view = open_incident_view(flow)
    view.since_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(moment.timestamp())))
    with flow.qtbot.waitSignal(view.found, timeout=60_000):
        flow.click("incidentFindButton", dialog)
    model = view.model
    rows = {model.change(r).id: r for r in range(model.rowCount())}
    assert set(rows) == {secret, uri}
    assert rows[secret] == 0  # a credential first
    assert model.index(rows[secret], IncidentModel.WHO).data() == mallory["userPrincipalName"]
    assert model.index(rows[secret], IncidentModel.ROLLBACK).data() == "Will be removed"

    keep = model.index(rows[uri], IncidentModel.KEEP)
    view.table.scrollTo(keep)
    cell = view.table.visualRect(keep)  # the tick box is at the cell's left
    flow.qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(cell.left() + 10,
                                                                                      cell.center().y()))
    flow.qtbot.waitUntil(lambda: model.index(rows[uri], IncidentModel.ROLLBACK).data() == "Kept", timeout=5_000)

    report = roll_back(flow, dialog, view)
    assert report.status == "complete" and report.results[secret] == "done" and report.results[uri] == "kept"
    assert model.index(rows[secret], IncidentModel.ROLLBACK).data() == "Removed"
    assert "1 change undone, 0 failed" in flow.text("incidentSummary", dialog)
    assert not flow.find("incidentRollbackButton", QAbstractButton, dialog).isEnabled()

    with httpx.Client(base_url=emulator.base_url, headers={"Authorization": f"Bearer {emulator.token('contoso')}"},
                      timeout=20) as admin:
        now = ok(admin.get(f"/applications/{app['id']}", params={"$select": "passwordCredentials,web"})).json()
    assert secret.split(":")[2].split("@")[0] not in {c["keyId"] for c in now["passwordCredentials"]}
    assert uri.split(":", 2)[2].rsplit("@", 1)[0] in now["web"]["redirectUris"]

    pack = tmp_path / "evidence.html"
    with flow.qtbot.waitSignal(view.evidence_saved, timeout=10_000):
        view.save_evidence(pack)
    page = pack.read_text(encoding="utf-8")
    assert secret in page and uri in page and mallory["userPrincipalName"] in page and ": done at " in page


def test_a_moment_before_the_backups_is_said_and_a_stopped_rollback_is_finished_by_running_it_again(
        flow: Flow) -> None:
    emulator = flow.env.emulator
    dialog, view = open_incident_view(flow)
    view.since_edit.setDateTime(QDateTime.fromSecsSinceEpoch(946_684_800))  # 2000-01-01, before every backup
    with flow.qtbot.waitSignal(view.failed, timeout=60_000):
        flow.click("incidentFindButton", dialog)
    assert "The backups of Contoso begin at" in flow.text("incidentSummary", dialog)
    assert not flow.find("incidentRollbackButton", QAbstractButton, dialog).isEnabled()

    moment = emulator.now() + timedelta(seconds=1)
    emulator.advance_clock(60)
    with httpx.Client(base_url=emulator.base_url, headers={"Authorization": f"Bearer {emulator.token('contoso')}"},
                      timeout=20) as admin:
        apps = ok(admin.get("/applications", params={"$top": 3, "$select": "id,appId,displayName"})).json()["value"]
        with httpx.Client(base_url=emulator.base_url, timeout=20, headers={
                "Authorization": f"Bearer {emulator.named_users('contoso')[1]['token']}"}) as http:
            secrets = {Attacker(http).secret(app) for app in apps}
    emulator.advance_clock(181)
    view.since_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(moment.timestamp())))
    with flow.qtbot.waitSignal(view.found, timeout=60_000):
        flow.click("incidentFindButton", dialog)
    assert {view.model.change(r).id for r in range(view.model.rowCount())} == secrets

    emulator.configure(latency_ms=400)  # Graph slow enough that Stop comes before the first app starts
    try:
        stopped = roll_back(flow, dialog, view, stop=True)
    finally:
        emulator.configure(latency_ms=0)
    assert stopped.cancelled and stopped.count("done") == 0 and stopped.count("skipped") == len(secrets)
    assert "Stopped before every app was rolled back" in flow.text("incidentSummary", dialog)
    assert not flow.find("incidentStopButton", QAbstractButton, dialog).isVisible()

    with flow.qtbot.waitSignal(view.found, timeout=60_000):
        flow.click("incidentFindButton", dialog)
    assert {view.model.change(r).id for r in range(view.model.rowCount())} == secrets  # still there, not lost
    report = roll_back(flow, dialog, view)
    assert report.status == "complete" and {report.results[s] for s in secrets} == {"done"}
    with flow.qtbot.waitSignal(view.found, timeout=60_000):
        flow.click("incidentFindButton", dialog)
    assert view.model.rowCount() == 0


def test_after_a_rollback_the_list_and_the_side_panel_show_the_app_as_it_now_is(flow: Flow) -> None:
    emulator = flow.env.emulator
    name = "Contoso Billing Web"
    flow.click_row(name)
    version = flow.find("versionLabel", QLabel)
    flow.qtbot.waitUntil(lambda: version.text().endswith("version 2 of 2 (current)"), timeout=5_000)
    modified = flow.cell(name, "Last modified")
    moment = emulator.now() + timedelta(seconds=1)
    emulator.advance_clock(60)
    with httpx.Client(base_url=emulator.base_url, timeout=20, headers={
            "Authorization": f"Bearer {emulator.named_users('contoso')[1]['token']}"}) as http:
        [app] = ok(http.get("/applications", params={"$filter": f"displayName eq '{name}'",
                                                     "$select": "id,appId,displayName"})).json()["value"]
        Attacker(http).redirect(app)
    emulator.advance_clock(181)

    dialog, view = open_incident_view(flow)
    view.since_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(moment.timestamp())))
    with flow.qtbot.waitSignal(view.found, timeout=60_000):
        flow.click("incidentFindButton", dialog)
    # Find captured the attacker's change: the panel, still open behind, shows it as the current version.
    flow.qtbot.waitUntil(lambda: version.text().endswith("version 3 of 3 (current)"), timeout=10_000)
    assert roll_back(flow, dialog, view).status == "complete"
    flow.qtbot.waitUntil(lambda: version.text().endswith("version 4 of 4 (current)"), timeout=10_000)
    assert not [row for row in flow.tree() if "evil.example" in row], flow.tree()
    flow.qtbot.waitUntil(lambda: flow.cell(name, "Last modified") != modified, timeout=10_000)
    dialog.close()

    # The Restore history has the rollback, in words.
    flow.click("restoreHistoryButton")
    flow.qtbot.waitUntil(lambda: any(w.objectName() == "restoreHistoryDialog" and w.isVisible()
                                     for w in QApplication.topLevelWidgets()), timeout=5_000)
    [history] = [w for w in QApplication.topLevelWidgets() if w.objectName() == "restoreHistoryDialog"]
    items = flow.find("restoreItemsTable", QTableView, history).model()
    flow.qtbot.waitUntil(lambda: items.rowCount() == 1, timeout=5_000)
    assert [items.index(0, column).data() for column in range(3)] == [name, "Incident rollback", "Done"]
    history.close()
