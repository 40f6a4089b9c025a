"""The restore wizard against the Graph emulator: a real store filled by real backups, the real restore engine.

Each mode is walked from the first page to the report: with object (after deleting an app in the emulator),
as new, to another tenant; and the gates: no snapshot on a day, Next waiting for a name, as-new disabled for
several apps, a target without verified domains, the cross-tenant confirmation.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTableView, QWizard

from desktop_app.domain.restore_plan import Action, RestoreMode
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.restore import RestoreService, RestoreTiming
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store, TenantInfo
from desktop_app.ui.restore.models import RECORD_ROLE
from desktop_app.ui.restore_history import RestoreHistoryDialog
from desktop_app.ui.restore_wizard import PageId, RestoreSetup, RestoreWizard
from desktop_app.ui.tasks import TaskRunner


def connector() -> GraphConnector:
    return GraphConnector(timeout=20, max_retries=6, sleep=lambda _s: None)


class Portal:
    """Plain HTTP to the emulator, as an admin in the portal would change things: no Regvault code."""

    def __init__(self, emulator: Emulator, tenant: str) -> None:
        self.http = httpx.Client(base_url=emulator.base_url, timeout=20,
                                 headers={"Authorization": f"Bearer {emulator.token(tenant)}"})

    def apps(self) -> list[dict[str, Any]]:
        response = self.http.get("/applications", params={"$top": "999", "$select": "id,appId,displayName"})
        response.raise_for_status()
        return list(response.json()["value"])

    def delete(self, object_id: str) -> None:
        self.http.delete(f"/applications/{object_id}").raise_for_status()

    def patch(self, object_id: str, body: dict[str, Any]) -> None:
        self.http.patch(f"/applications/{object_id}", json=body).raise_for_status()


@dataclass
class Backed:
    emulator: Emulator
    store: Store
    contoso: TenantInfo
    fabrikam: TenantInfo
    runner: TaskRunner
    portal: Portal

    def pk(self, tenant: TenantInfo, display_name: str) -> int:
        for pk in self.store.app_ids(tenant.tenant_id, include_deleted=True):
            if self.store.app_row(pk).display_name == display_name:  # type: ignore[union-attr]
                return pk
        raise LookupError(display_name)

    def engine(self, **kwargs: Any) -> RestoreService:
        return RestoreService(self.store, connector(), reader=BackupService(self.store, connector()).reader,
                              operator="tester", **kwargs)

    def setup(self, app_pks: list[int], snapshot_id: int | None = None, *, timing: RestoreTiming | None = None,
              **kwargs: Any) -> RestoreSetup:
        engine = self.engine(timing=timing)
        return RestoreSetup(store=self.store, runner=self.runner, engine=engine, source_tenant=self.contoso,
                            app_pks=tuple(app_pks), snapshot_id=snapshot_id, **kwargs)


@pytest.fixture
def backed(tmp_path: Path, qtbot) -> Iterator[Backed]:  # type: ignore[no-untyped-def]
    """contoso (12 apps) backed up twice (the second after a change), fabrikam once, marked a restore target."""
    with Emulator(tenants="contoso:12,fabrikam:4", seed=5, throttle="off") as emulator:
        store = Store.open(tmp_path / "regvault.sqlite")
        tenants = TenantService(store, connector())
        contoso = tenants.add_emulator_tenant(emulator.base_url, emulator.tenant_id("contoso"))
        fabrikam = tenants.add_emulator_tenant(emulator.base_url, emulator.tenant_id("fabrikam"),
                                               restore_target=True)
        backup = BackupService(store, connector())
        portal = Portal(emulator, "contoso")
        backup.run(contoso.tenant_id)
        first = sorted(portal.apps(), key=lambda a: a["displayName"])[0]
        portal.patch(first["id"], {"notes": "changed after the first backup"})
        backup.run(contoso.tenant_id)
        backup.run(fabrikam.tenant_id)
        runner = TaskRunner()
        try:
            yield Backed(emulator, store, contoso, fabrikam, runner, portal)
        finally:
            runner.shutdown(wait=True)
            portal.http.close()
            store.close()


def open_wizard(qtbot, setup: RestoreSetup) -> RestoreWizard:  # type: ignore[no-untyped-def]
    wizard = RestoreWizard(setup)
    qtbot.addWidget(wizard)
    with qtbot.waitSignal(wizard.data_loaded, timeout=10_000):
        wizard.show()
    return wizard


def next_enabled(wizard: RestoreWizard) -> bool:
    page = wizard.currentPage()
    which = QWizard.WizardButton.CommitButton if page.isCommitPage() else QWizard.WizardButton.NextButton
    return wizard.button(which).isEnabled() and page.isComplete()


def to_preview(qtbot, wizard: RestoreWizard) -> None:  # type: ignore[no-untyped-def]
    assert wizard.currentId() == PageId.OPTIONS
    assert next_enabled(wizard)
    with qtbot.waitSignal(wizard.preview_page.preview_finished, timeout=30_000):
        wizard.next()
    assert wizard.currentId() == PageId.PREVIEW
    assert not wizard.preview_page.error_label.isVisible() or not wizard.preview_page.error_label.text(), \
        wizard.preview_page.error_label.text()


def run_restore(qtbot, wizard: RestoreWizard) -> Any:  # type: ignore[no-untyped-def]
    assert wizard.currentId() == PageId.PREVIEW and next_enabled(wizard)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.REPORT, timeout=60_000)
    assert wizard.state.report is not None, wizard.state.run_error
    return wizard.state.report


def table_texts(model: Any, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


# ------------------------------------------------------------------------------------------------ snapshot


def bold_days(wizard: RestoreWizard) -> set[date]:
    formats = wizard.snapshot_page.calendar.dateTextFormat()
    return {d.toPython() for d, f in formats.items() if f.fontWeight() == QFont.Weight.Bold}


def test_calendar_marks_the_snapshot_days_and_preselects_the_newest(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    pk = backed.pk(backed.contoso, backed.store.app_rows(backed.store.app_ids(backed.contoso.tenant_id))[0]
                   .display_name)
    wizard = open_wizard(qtbot, backed.setup([pk]))
    page = wizard.snapshot_page
    assert wizard.findChild(type(page.calendar), "snapshotCalendar") is page.calendar
    assert bold_days(wizard) == set(backed.store.snapshot_days(backed.contoso.tenant_id))
    newest = backed.store.snapshots(backed.contoso.tenant_id)[0]
    assert page.snapshot is not None and page.snapshot.id == newest.id
    # Both backups ran today: the time combo offers both, the newest chosen, and it can be changed.
    assert page.time_combo.count() == 2 and page.time_combo.isEnabled()
    assert "2 snapshots" in page.day_note.text()
    older = backed.store.snapshots(backed.contoso.tenant_id)[1]
    page.time_combo.setCurrentIndex(0)
    assert page.snapshot.id == older.id
    qtbot.waitUntil(lambda: "in this snapshot" in page.presence_label.text(), timeout=5000)
    assert next_enabled(wizard)


def test_a_day_without_a_snapshot_disables_next(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    pk = backed.store.app_ids(backed.contoso.tenant_id)[0]
    wizard = open_wizard(qtbot, backed.setup([pk]))
    page = wizard.snapshot_page
    day = backed.store.snapshot_days(backed.contoso.tenant_id)[0]
    # The calendar's range ends at the last snapshot day: widen it to reach an empty day (as a user scrolling
    # a year of daily backups with a gap would).
    page.calendar.setDateRange(QDate(2000, 1, 1), QDate(2100, 1, 1))
    page.select_day(day - timedelta(days=1))
    assert page.snapshot is None
    assert "No snapshot on this day" in page.day_note.text()
    assert page.time_combo.count() == 0 and not page.time_combo.isEnabled()
    assert not next_enabled(wizard)
    page.select_day(day)
    assert page.snapshot is not None and next_enabled(wizard)


def test_the_snapshot_from_the_side_panel_is_preselected(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    pk = backed.store.app_ids(backed.contoso.tenant_id)[0]
    older = backed.store.snapshots(backed.contoso.tenant_id)[1]
    wizard = open_wizard(qtbot, backed.setup([pk], snapshot_id=older.id))
    assert wizard.snapshot_page.snapshot is not None and wizard.snapshot_page.snapshot.id == older.id
    assert wizard.snapshot_page.time_combo.currentData() == older.id


# ------------------------------------------------------------------------------------------------- options


def test_as_new_is_disabled_for_several_apps_with_a_note(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    pks = backed.store.app_ids(backed.contoso.tenant_id)[:3]
    wizard = open_wizard(qtbot, backed.setup(pks))
    wizard.next()
    options = wizard.options_page
    assert options.with_object_radio.isChecked() and options.with_object_radio.isEnabled()
    assert not options.as_new_radio.isEnabled()
    assert "exactly one app" in options.as_new_note.text() and "3 apps" in options.as_new_note.text()
    assert not options.new_name_edit.isEnabled()
    assert next_enabled(wizard)


def test_next_waits_for_a_valid_name(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    pk = backed.store.app_ids(backed.contoso.tenant_id)[0]
    wizard = open_wizard(qtbot, backed.setup([pk]))
    wizard.next()
    options = wizard.options_page
    options.as_new_radio.setChecked(True)
    assert options.mode is RestoreMode.AS_NEW and options.new_name_edit.isEnabled()
    options.new_name_edit.clear()
    assert not next_enabled(wizard)
    assert "Type a name" in options.as_new_note.text()
    options.new_name_edit.setText("   ")
    assert not next_enabled(wizard)
    options.new_name_edit.setText("x" * 121)
    assert not next_enabled(wizard) and "too long" in options.as_new_note.text()
    options.new_name_edit.setText("Payroll API (restored)")
    assert next_enabled(wizard)
    assert wizard.field("newName") == "Payroll API (restored)"
    # Back to "with object": the name no longer matters.
    options.new_name_edit.clear()
    options.with_object_radio.setChecked(True)
    assert next_enabled(wizard)


def test_a_target_without_verified_domains_is_explained_and_blocks_next(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    backed.store.add_tenant(TenantInfo(tenant_id="00000000-0000-0000-0000-0000000000aa", display_name="Northwind",
                                       graph_base_url=backed.emulator.base_url, kind="emulator", domains=()))
    pk = backed.store.app_ids(backed.contoso.tenant_id)[0]
    wizard = open_wizard(qtbot, backed.setup([pk]))
    wizard.next()
    options = wizard.options_page
    options.another_tenant_check.setChecked(True)
    assert not options.with_object_radio.isEnabled() and not options.as_new_radio.isEnabled()
    combo = options.target_tenant_combo
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels[0].startswith("Fabrikam")  # the restore target first
    assert any(label.startswith("Northwind") for label in labels)
    assert all("Contoso" not in label for label in labels)  # never the source
    domains = [options.target_domain_combo.itemText(i) for i in range(options.target_domain_combo.count())]
    assert domains == list(backed.fabrikam.domains)
    assert options.target_domain_combo.currentText() == backed.fabrikam.default_domain
    assert next_enabled(wizard)
    combo.setCurrentIndex(combo.findData("00000000-0000-0000-0000-0000000000aa"))
    assert options.target_domain_combo.count() == 0
    assert "no verified domain" in options.target_note.text()
    assert not next_enabled(wizard)


def test_add_a_target_tenant_from_the_options_page(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    """The built-in fallback for emulator tenants: the tenant id in an input dialog, added as a restore target."""
    with Emulator(tenants="tailspin:2", seed=3) as other:
        pk = backed.store.app_ids(backed.contoso.tenant_id)[0]
        tenants = TenantService(backed.store, connector())
        # The fallback adds on the source tenant's emulator; a second emulator stands in for "another one there".
        setup = backed.setup([pk], add_emulator_tenant=lambda _url, tid: tenants.add_emulator_tenant(
            other.base_url, tid, restore_target=True))
        wizard = open_wizard(qtbot, setup)
        wizard.next()
        options = wizard.options_page
        options.add_target_button.click()
        dialog = options.add_dialog
        assert dialog.objectName() == "addTargetTenantDialog" and dialog.isVisible()
        dialog.setTextValue(other.tenant_id("tailspin"))
        dialog.accept()
        qtbot.waitUntil(lambda: options.target_tenant_combo.findData(other.tenant_id("tailspin")) >= 0,
                        timeout=10_000)
        assert options.another_tenant_check.isChecked()
        assert options.target_tenant.tenant_id == other.tenant_id("tailspin")  # type: ignore[union-attr]
        assert backed.store.get_tenant(other.tenant_id("tailspin")).is_restore_target


# ---------------------------------------------------------------------------------------- the three modes


def test_with_object_undeletes_an_app_deleted_in_the_emulator(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    app = sorted(backed.portal.apps(), key=lambda a: a["displayName"])[3]
    pk = backed.pk(backed.contoso, app["displayName"])
    backed.portal.delete(app["id"])  # into the recycle bin, after the backups
    wizard = open_wizard(qtbot, backed.setup([pk]))
    wizard.next()
    assert wizard.options_page.mode is RestoreMode.WITH_OBJECT
    to_preview(qtbot, wizard)
    preview = wizard.preview_page
    assert preview.model.rowCount() == 1
    item = preview.model.index(0, 0).data(RECORD_ROLE)
    assert item.display_name == app["displayName"]
    assert item.action == Action.UNDELETE
    assert table_texts(preview.model, 1) == ["Undelete from the recycle bin"]
    assert not preview.confirm_check.isVisible()  # same tenant: no cross-tenant confirmation
    assert "Nothing has been written" in preview.subTitle()
    assert app["id"] not in {a["id"] for a in backed.portal.apps()}  # the preview wrote nothing
    report = run_restore(qtbot, wizard)
    assert [i.result for i in report.items] in (["verified"], ["warnings"])
    assert table_texts(wizard.report_page.model, 0) == [app["displayName"]]
    assert wizard.report_page.model.index(0, 2).data().startswith("Done")
    back = {a["id"]: a for a in backed.portal.apps()}
    assert back[app["id"]]["appId"] == app["appId"]  # undelete keeps the client ID


def test_as_new_creates_an_app_with_the_typed_name(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    app = sorted(backed.portal.apps(), key=lambda a: a["displayName"])[2]
    pk = backed.pk(backed.contoso, app["displayName"])
    wizard = open_wizard(qtbot, backed.setup([pk]))
    wizard.next()
    options = wizard.options_page
    options.as_new_radio.setChecked(True)
    assert options.new_name_edit.text() == f"{app['displayName']} (restored)"  # a sensible default
    options.new_name_edit.setText("Copy of the app, restored")
    to_preview(qtbot, wizard)
    item = wizard.preview_page.model.index(0, 0).data(RECORD_ROLE)
    assert item.action == Action.CREATE_AS_NEW
    assert "as a new app named" in wizard.preview_page.summary_label.text()
    report = run_restore(qtbot, wizard)
    (done,) = report.items
    assert done.result in ("verified", "warnings")
    assert done.new_app_id and done.new_app_id != app["appId"]
    assert wizard.report_page.model.index(0, 3).data() == done.new_app_id
    created = [a for a in backed.portal.apps() if a["displayName"] == "Copy of the app, restored"]
    assert [a["appId"] for a in created] == [done.new_app_id]


def test_to_another_tenant_asks_for_confirmation_before_restoring(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    names = sorted(a["displayName"] for a in backed.portal.apps())[4:6]
    pks = [backed.pk(backed.contoso, name) for name in names]
    wizard = open_wizard(qtbot, backed.setup(pks))
    wizard.next()
    options = wizard.options_page
    options.another_tenant_check.setChecked(True)
    assert options.target_tenant is not None and options.target_tenant.tenant_id == backed.fabrikam.tenant_id
    options.target_domain_combo.setCurrentIndex(options.target_domain_combo.findText("fabrikam.com"))
    to_preview(qtbot, wizard)
    preview = wizard.preview_page
    assert preview.model.rowCount() == 2
    assert set(table_texts(preview.model, 1)) == {"Create in Fabrikam"}
    assert "Fabrikam" in preview.summary_label.text() and "fabrikam.com" in preview.summary_label.text()
    # The gate: Restore stays disabled until the target is confirmed, and the box names the target.
    assert preview.confirm_check.isVisible()
    assert "Fabrikam" in preview.confirm_check.text() and backed.fabrikam.tenant_id in preview.confirm_check.text()
    assert not next_enabled(wizard)
    preview.confirm_check.setChecked(True)
    assert next_enabled(wizard)
    preview.confirm_check.setChecked(False)
    assert not next_enabled(wizard)
    preview.confirm_check.setChecked(True)
    report = run_restore(qtbot, wizard)
    assert sorted(i.display_name for i in report.items) == names
    assert all(i.result in ("verified", "warnings") for i in report.items)
    fabrikam = Portal(backed.emulator, "fabrikam")
    try:
        there = {a["displayName"]: a["appId"] for a in fabrikam.apps()}
    finally:
        fabrikam.http.close()
    for item in report.items:
        assert there[item.display_name] == item.new_app_id


# ------------------------------------------------------------------------------------------ report, export


def test_the_report_exports_json_and_csv(qtbot, backed: Backed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pks = backed.store.app_ids(backed.contoso.tenant_id)[:2]
    wizard = open_wizard(qtbot, backed.setup(pks))
    wizard.next()
    to_preview(qtbot, wizard)
    report = run_restore(qtbot, wizard)
    page = wizard.report_page
    assert page.model.rowCount() == len(report.items) == 2
    # Two apps already as they were: the report says so, and nothing was sent to them.
    assert "2</b> already as at the snapshot" in page.summary_label.text(), page.summary_label.text()
    assert {i.result for i in report.items} == {"unchanged"} and report.writes == 0
    with qtbot.waitSignal(page.exported, timeout=5000):
        page.export_to(tmp_path / "report.json", "json")
    with qtbot.waitSignal(page.exported, timeout=5000):
        page.export_to(tmp_path / "report.csv", "csv")
    data = json.loads((tmp_path / "report.json").read_text())
    assert data  # the engine's JSON: every item is in it
    assert all(name in (tmp_path / "report.json").read_text() for name in table_texts(page.model, 0))
    with (tmp_path / "report.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2
    assert "Saved to" in page.export_label.text()
    # Back is gone after the run: nothing to go back to.
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible() or \
        not wizard.button(QWizard.WizardButton.BackButton).isEnabled()


def test_a_failing_export_says_so(qtbot, backed: Backed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pk = backed.store.app_ids(backed.contoso.tenant_id)[0]
    wizard = open_wizard(qtbot, backed.setup([pk]))
    wizard.next()
    to_preview(qtbot, wizard)
    run_restore(qtbot, wizard)
    with qtbot.waitSignal(wizard.report_page.export_failed, timeout=5000):
        wizard.report_page.export_to(tmp_path / "no-such-folder" / "report.json", "json")
    assert "Could not save" in wizard.report_page.export_label.text()


def test_the_wizards_models_pass_the_model_tester(qtbot, qtmodeltester, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    pks = backed.store.app_ids(backed.contoso.tenant_id)[:3]
    wizard = open_wizard(qtbot, backed.setup(pks))
    wizard.next()
    to_preview(qtbot, wizard)
    qtmodeltester.check(wizard.preview_page.model)
    run_restore(qtbot, wizard)
    qtmodeltester.check(wizard.run_page.model)
    qtmodeltester.check(wizard.report_page.model)


# ------------------------------------------------------------------------------------------------- cancel


@pytest.mark.slow
def test_cancel_starts_no_further_app_and_finishes_those_under_way(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    # Copies into another tenant: each app starts with its own create, one after the other (one worker).
    apps = sorted(backed.portal.apps(), key=lambda a: a["displayName"])[:6]
    pks = [backed.pk(backed.contoso, app["displayName"]) for app in apps]
    wizard = open_wizard(qtbot, backed.setup(pks, timing=RestoreTiming(workers=1)))
    wizard.next()
    wizard.options_page.another_tenant_check.setChecked(True)
    to_preview(qtbot, wizard)
    wizard.preview_page.confirm_check.setChecked(True)
    backed.emulator.configure(latency_ms=300)  # each app takes a moment: time to cancel in between
    wizard.button(QWizard.WizardButton.CommitButton).click()
    assert wizard.currentId() == PageId.RUN
    run = wizard.run_page
    assert run.progress.objectName() == "runProgress" and run.progress.maximum() == 6
    qtbot.waitUntil(lambda: "Restoring…" in table_texts(run.model, 1), timeout=30_000)
    wizard.reject()  # Cancel (or Escape)
    assert wizard.isVisible()  # the wizard stays: the report comes when the app in flight is done
    assert "Cancelling" in run.status_label.text()
    # Honest with 16 workers: no further app starts; it says how many under way it finishes.
    assert run.status_label.text() == "Cancelling: no further app is started; the one under way is finished first…"
    assert "in flight" not in run.subTitle()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isEnabled()
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.REPORT, timeout=60_000)
    backed.emulator.configure(latency_ms=0)
    report = wizard.state.report
    assert report.cancelled
    results = [i.result for i in report.items]
    # The apps in flight were finished (whatever their result); the rest never started.
    started = [r for r in results if r != "skipped"]
    assert started and set(started) <= {"verified", "warnings", "failed"}
    assert results.count("skipped") >= 1
    assert table_texts(wizard.report_page.model, 2).count("Skipped") == results.count("skipped")
    assert "Cancelled" in wizard.report_page.summary_label.text()


# ------------------------------------------------------------------------------------ from the main window


def test_the_main_window_opens_the_wizard_on_its_apps_and_snapshot(qtbot, backed: Backed, open_window,  # type: ignore[no-untyped-def]
                                                                   context_of) -> None:
    window = open_window(context_of(backed.store, graph_for_tenant=connector(), restore=backed.engine()))
    app = sorted(backed.portal.apps(), key=lambda a: a["displayName"])[1]
    pk = backed.pk(backed.contoso, app["displayName"])
    older = backed.store.snapshots(backed.contoso.tenant_id)[1]
    window.open_restore_wizard([pk], older.id)  # what "Restore this version…" does
    wizard = window.findChild(RestoreWizard, "restoreWizard")
    assert wizard is not None and wizard.isVisible()
    assert wizard.windowModality() == Qt.WindowModality.WindowModal  # the window stays readable behind it
    qtbot.waitUntil(lambda: wizard.state.data is not None, timeout=10_000)
    assert wizard.setup.app_pks == (pk,) and wizard.setup.source_tenant.tenant_id == backed.contoso.tenant_id
    assert wizard.snapshot_page.snapshot is not None and wizard.snapshot_page.snapshot.id == older.id
    backed.portal.delete(app["id"])
    wizard.next()
    to_preview(qtbot, wizard)
    with qtbot.waitSignal(window.apps.loaded, timeout=30_000):  # the window reads its apps again afterwards
        run_restore(qtbot, wizard)
    assert wizard.state.report.items[0].result in ("verified", "warnings")
    # The report's "Restore history…" shows this run.
    wizard.report_page.history_button.click()
    history = wizard.findChild(RestoreHistoryDialog, "restoreHistoryDialog")
    assert history is not None
    qtbot.waitUntil(lambda: history.selected_run is not None, timeout=5000)
    assert history.selected_run.run.id == wizard.state.report.run_id
    qtbot.waitUntil(lambda: history.items.rowCount() == 1, timeout=5000)
    assert history.items.index(0, 0).data() == app["displayName"]
    # The audit kept the report's codes: the history says what the report said, row for row.
    assert history.items.record(0) == wizard.report_page.model.record(0)
    wizard.accept()


# ------------------------------------------------------------------------------------------------ failures


def test_a_failing_preview_says_why_and_restore_stays_disabled(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    pk = backed.store.app_ids(backed.contoso.tenant_id)[0]
    good = backed.setup([pk])
    # Graph out of reach (nothing listens on port 9): said at once, in words (not retried).
    unreachable = GraphConnector(timeout=2, max_retries=1, sleep=lambda _s: None)
    engine = RestoreService(backed.store, lambda t, cancel=None: unreachable(
                                replace(t, graph_base_url="http://127.0.0.1:9/v1.0"), cancel=cancel),
                            reader=BackupService(backed.store, connector()).reader, operator="t")
    wizard = open_wizard(qtbot, replace(good, engine=engine))
    wizard.next()
    with qtbot.waitSignal(wizard.preview_page.preview_finished, timeout=60_000):
        wizard.next()
    page = wizard.preview_page
    assert not page.error_label.isHidden() and "The preview failed" in page.error_label.text()
    assert "127.0.0.1 refused the connection" in page.error_label.text()  # what happened, named
    assert not page.retry_button.isHidden()
    assert page.model.rowCount() == 0 and not next_enabled(wizard)
    wizard.setup.engine = good.engine  # the network is back
    with qtbot.waitSignal(page.preview_finished, timeout=30_000):
        page.retry_button.click()
    assert page.error_label.isHidden() and page.model.rowCount() == 1 and next_enabled(wizard)


def test_a_read_only_token_fails_the_run_with_graphs_code(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    app = sorted(backed.portal.apps(), key=lambda a: a["displayName"])[5]
    backed.portal.patch(app["id"], {"notes": "changed since the backup"})
    pk = backed.pk(backed.contoso, app["displayName"])
    read_only = GraphConnector(timeout=20, max_retries=2, sleep=lambda _s: None, read_only=True)
    engine = RestoreService(backed.store, read_only, reader=BackupService(backed.store, read_only).reader, operator="t")
    setup = replace(backed.setup([pk]), engine=engine)
    wizard = open_wizard(qtbot, setup)
    wizard.next()
    to_preview(qtbot, wizard)  # reading is allowed
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.REPORT, timeout=60_000)
    page = wizard.report_page
    (item,) = wizard.state.report.items
    assert item.result == "failed" and item.error_code == "Authorization_RequestDenied" and item.request_id
    assert table_texts(page.model, 2) == ["Failed"]
    assert table_texts(page.model, 4) == [f"Authorization_RequestDenied · request-id {item.request_id}"]
    assert "Graph refused to write" in page.summary_label.text()
    page.table.selectRow(0)
    assert item.request_id in page.details.toPlainText()
    response = backed.portal.http.get(f"/applications/{app['id']}", params={"$select": "notes"})
    assert response.json()["notes"] == "changed since the backup"  # nothing was written


# ------------------------------------------------------------------------------------------ keyboard (issue 15)


def _alt_keys(wizard: RestoreWizard) -> list[str]:
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    keys = []
    for widget in wizard.findChildren(QAbstractButton) + wizard.findChildren(QLabel):
        if widget.isVisibleTo(wizard):
            found = re.search(r"(?<!&)&([^&\s])", widget.text())
            if found:
                keys.append(found.group(1).lower())
    return keys


def test_enter_in_the_calendar_goes_on_and_no_alt_key_is_shared(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    pk = backed.store.app_ids(backed.contoso.tenant_id)[0]
    wizard = open_wizard(qtbot, backed.setup([pk]))
    keys = _alt_keys(wizard)
    assert len(keys) == len(set(keys)), keys
    view = wizard.snapshot_page.calendar.findChild(QTableView)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.OPTIONS
    keys = _alt_keys(wizard)  # "As n&ew" and the wizard's "&Next" no longer share Alt+N
    assert "n" in keys and len(keys) == len(set(keys)), keys


def test_restore_this_version_on_the_current_version_preselects_the_latest_backup(qtbot, backed: Backed,  # type: ignore[no-untyped-def]
                                                                                   open_window, context_of) -> None:
    window = open_window(context_of(backed.store))
    snapshots = backed.store.snapshots(backed.contoso.tenant_id)
    # An app that did not change in the second backup: its current version first appeared in the first one.
    pk = next(p for p in backed.store.app_ids(backed.contoso.tenant_id) if len(backed.store.versions(p)) == 1)
    assert backed.store.versions(pk)[0].valid_from == snapshots[-1].id != snapshots[0].id
    with qtbot.waitSignal(window.panel.version_shown, timeout=5000):
        window.apps.show_app(pk)
    with qtbot.waitSignal(window.restore_wizard_requested, timeout=2000) as asked:
        window.panel.restore_button.click()
    assert asked.args == [[pk], snapshots[0].id]


def test_a_whole_tenant_preview_lists_what_changes_first_with_old_and_new(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    apps = sorted(backed.portal.apps(), key=lambda a: a["displayName"])
    last = apps[-1]
    backed.portal.patch(last["id"], {"notes": "edited in the portal today"})  # after the backups
    pks = backed.store.app_ids(backed.contoso.tenant_id)
    newest = backed.store.snapshots(backed.contoso.tenant_id)[0]
    wizard = open_wizard(qtbot, backed.setup(list(pks), snapshot_id=newest.id))
    wizard.next()
    to_preview(qtbot, wizard)
    page = wizard.preview_page
    shown = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert len(shown) == len(pks)
    # What changes first: the app edited today, though its name sorts last; then the rest by name.
    rows = [page.proxy.index(r, 0).data(RECORD_ROLE) for r in range(page.proxy.rowCount())]
    changing = [r.display_name for r in rows if r.changes_anything]
    # What changes first (the app edited today among them, though its name sorts last), each part by name.
    assert last["displayName"] in changing and 0 < len(changing) < len(rows)
    assert shown[:len(changing)] == changing == sorted(changing, key=str.casefold)
    assert shown[len(changing):] == sorted(shown[len(changing):], key=str.casefold)
    edited = next(r for r in rows if r.display_name == last["displayName"])
    assert len(edited.change_lines) == 1 and edited.change_lines[0].startswith(
        "Overview › Internal notes: edited in the portal today → ")
    page.table.selectRow(shown.index(last["displayName"]))
    assert "Overview › Internal notes: edited in the portal today → " in page.details.toPlainText()
    # The summary counts what really changes.
    n, k = len(pks), len(changing)
    assert f"Overwrite: {k} · No change: {n - k}" in page.summary_label.text(), page.summary_label.text()
    assert {page.proxy.index(r, 1).data() for r in range(k, n)} == {"No change"}
    # Only the apps that change; a filter by name; sortable by a header click.
    page.only_changes_check.setChecked(True)
    assert page.proxy.rowCount() == k
    page.only_changes_check.setChecked(False)
    page.filter_edit.setText(apps[2]["displayName"][-6:])
    assert {page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())} >= {apps[2]["displayName"]}
    page.filter_edit.clear()
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert page.proxy.index(0, 0).data() == max(shown, key=str.casefold)


def test_notes_are_not_shown_as_warnings(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.domain.restore_plan import PlanWarning, WarningCode
    from desktop_app.services.restore_texts import describe_warning
    from desktop_app.ui.restore.models import preview_model
    from desktop_app.ui.restore.preview_rows import PreviewRow

    note = describe_warning(PlanWarning(WarningCode.OWNERS_KEPT, {"count": "2"}))
    row = PreviewRow(item=type("Item", (), {"display_name": "A", "app_id": "x", "action": Action.OVERWRITE})(),
                     change_lines=(), warnings=(), notes=(note,), changes_anything=False)
    model = preview_model(lambda: "")
    model.set_records([row])
    assert model.index(0, 3).data() == "1 note"
    assert model.index(0, 3).data(Qt.ItemDataRole.ForegroundRole) is None  # not amber


def test_a_restore_waits_for_a_backup_of_its_tenant_and_says_for_whom(qtbot, backed: Backed) -> None:  # type: ignore[no-untyped-def]
    """The tenant's lock is held elsewhere (here: another thread, as a backup would): the run page says who it
    waits for, writes nothing meanwhile, and restores once the lock is free."""
    import threading

    app = sorted(backed.portal.apps(), key=lambda a: a["displayName"])[2]
    backed.portal.patch(app["id"], {"notes": "drifted"})
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with backed.store.lock_tenant(backed.contoso.tenant_id, "backup"):
            held.set()
            release.wait(60)

    def notes() -> Any:
        return backed.portal.http.get(f"/applications/{app['id']}", params={"$select": "notes"}).json().get("notes")

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    assert held.wait(10)
    try:
        wizard = open_wizard(qtbot, backed.setup([backed.pk(backed.contoso, app["displayName"])]))
        wizard.next()
        to_preview(qtbot, wizard)
        wizard.button(QWizard.WizardButton.CommitButton).click()
        label = wizard.run_page.status_label
        qtbot.waitUntil(lambda: "Waiting for a backup by" in label.text(), timeout=20_000)
        assert "nothing has been written" in label.text()
        assert notes() == "drifted"
        assert wizard.currentId() == PageId.RUN
    finally:
        release.set()
        holder.join(10)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.REPORT, timeout=60_000)
    assert wizard.state.report is not None, wizard.state.run_error
    assert [i.result for i in wizard.state.report.items] in (["verified"], ["warnings"])
    assert notes() != "drifted"
