"""A run the audit trail keeps as codes (RestoreItem.outcome, RestoreRun.stopped) is said in the reader's words: the
restore history in the window's (English, German), its export in the command line's; a run recorded before codes
were kept keeps the words it was recorded with."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from outcome_samples import GRANT, GRANT_CONSENT_AGAIN, OWNER_GONE, PROCESS_GONE, SECRET_KEPT, STEP_FAILED
from PySide6.QtCore import QCoreApplication

from desktop_app.domain.restore_plan import Action, RecordedOutcome, failure_json, outcome_json
from desktop_app.services.restore import ReportItem, RestoreReport
from desktop_app.services.restore_report import export_recorded, export_report
from desktop_app.store import Store, TenantInfo
from desktop_app.store.records import RestoreItemRecord
from desktop_app.ui.restore.report_rows import recorded_row, report_row, run_stop_text
from desktop_app.ui.restore_history import RestoreHistoryDialog
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.translations import use_language

CONTOSO = TenantInfo("11111111-1111-1111-1111-111111111111", "Contoso", "http://127.0.0.1:1/v1.0",
                     "contoso.com", ("contoso.com",), kind="emulator")
ITEMS = [
    ReportItem("Payroll", "app-1", "obj-1", Action.UNDELETE, "verified", "app-1", "obj-1", (SECRET_KEPT,), ()),
    ReportItem("Billing", "app-2", "obj-2", Action.OVERWRITE, "warnings", "app-2", "obj-2", (OWNER_GONE, SECRET_KEPT),
               (GRANT_CONSENT_AGAIN,), access=(GRANT,)),
    ReportItem("HR", "app-3", "obj-3", Action.OVERWRITE, "failed", None, None, (), (), error_code="Forbidden",
               failure=STEP_FAILED),
]


def _record(item: ReportItem) -> RestoreItemRecord:
    return RestoreItemRecord(item.source_object_id, item.source_app_id, item.action.value, item.result,
                             display_name=item.display_name, new_object_id=item.new_object_id,
                             new_app_id=item.new_app_id, error_code=item.error_code, outcome=outcome_json(
                                 RecordedOutcome(item.warnings, item.follow_ups, item.access, item.failure)))


@pytest.fixture
def recorded(tmp_path: Path) -> Iterator[tuple[Store, int]]:
    store = Store.open(tmp_path / "regvault.sqlite")
    store.add_tenant(CONTOSO)
    run = store.start_restore_run(operator="adele", tenant_id=CONTOSO.tenant_id, target_tenant_id=CONTOSO.tenant_id,
                                  snapshot_id=None, mode="with-object", started=datetime(2026, 11, 20, tzinfo=UTC))
    for item in ITEMS:
        store.add_restore_item(run.id, _record(item))
    store.finish_restore_run(run.id, "interrupted", stopped=failure_json(PROCESS_GONE))
    try:
        yield store, run.id
    finally:
        store.close()


def _history(qtbot, store: Store, runner: TaskRunner) -> RestoreHistoryDialog:  # type: ignore[no-untyped-def]
    dialog = RestoreHistoryDialog(store, runner, tenant=CONTOSO)
    qtbot.addWidget(dialog)
    with qtbot.waitSignals([dialog.runs_loaded, dialog.items_loaded], timeout=5000):
        dialog.show()
    return dialog


def _details(qtbot, dialog: RestoreHistoryDialog, row: int) -> str:  # type: ignore[no-untyped-def]
    dialog.items_table.selectRow(row)
    return dialog.details.toPlainText()


def test_a_run_kept_as_codes_reads_as_its_report_did(qtbot, recorded, runner) -> None:  # type: ignore[no-untyped-def]
    store, run_id = recorded
    items = store.restore_items(run_id)
    assert [i.warnings for i in items] == [(), (), ()] and {i.message for i in items} == {None}  # no words stored
    assert [recorded_row(i) for i in items] == [report_row(i) for i in ITEMS]  # the report's rows, from the audit

    dialog = _history(qtbot, store, runner)
    # What needs a look first, as the report lists them.
    assert [dialog.items.index(r, 2).data() for r in range(3)] == ["Failed", "Done with warnings", "Done and verified"]
    assert dialog.items.index(2, 4).data() == "1 note"  # notes only: done and verified, the note still said
    payroll = _details(qtbot, dialog, 2)
    assert "Notes" in payroll and "Client secret CI (hint abc) was added after the snapshot and is kept." in payroll
    assert "Warnings" not in payroll
    billing = _details(qtbot, dialog, 1)
    assert "Owner o-7 no longer exists in the tenant and was left out." in billing
    assert "Granted admin consent for all users of the tenant on Microsoft Graph: User.Read" in billing
    assert "Grant admin consent again for the permissions on" in billing
    assert "Adding an owner failed: Graph said no" in _details(qtbot, dialog, 0)
    stop = ("Interrupted: the process running this restore stopped (host ws1, process 42). 1 of 3 apps done; 1 app it "
            "had created found and adopted (not created again); 1 app not started. Run the restore again to finish it.")
    assert dialog.status_label.text() == stop == run_stop_text(store.restore_run(run_id))
    # The long sentence wraps: it does not make the dialog wider than a small screen (unwrapped it needs ~1,250 px).
    assert dialog.status_label.minimumSizeHint().width() < 800
    assert dialog.runs.index(0, 6).data() == "Interrupted (settled by a later run)"


def test_the_history_speaks_the_windows_language(qtbot, qapp, recorded, runner) -> None:  # type: ignore[no-untyped-def]
    store, _run_id = recorded
    english = "Owner {owner_id} no longer exists in the tenant and was left out."
    german = QCoreApplication.translate("RestoreWordTexts", english)
    use_language(qapp, "de")
    try:
        german = QCoreApplication.translate("RestoreWordTexts", english)
        assert german != english
        dialog = _history(qtbot, store, runner)
        billing = _details(qtbot, dialog, 1)
        assert german.format(owner_id="o-7") in billing and "no longer exists" not in billing
        assert "Interrupted" not in dialog.status_label.text() and "ws1" in dialog.status_label.text()
    finally:
        use_language(qapp, "en")


def test_a_run_kept_as_codes_exports_as_its_report_did(recorded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, run_id = recorded
    export_recorded(store.restore_run(run_id), store.restore_items(run_id), tmp_path / "history.json", "json")
    export_report(RestoreReport(run_id=run_id, items=tuple(ITEMS), cancelled=False, stopped=PROCESS_GONE),
                  tmp_path / "report.json", "json")
    history = json.loads((tmp_path / "history.json").read_text(encoding="utf-8"))
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert history["items"] == report["items"]
    assert history["message"] == report["message"] and history["message"].startswith("Interrupted: the process")
    billing = history["items"][1]
    assert billing["warnings"] == ["Owner o-7 no longer exists in the tenant and was left out.",
                                   "Note: Client secret CI (hint abc) was added after the snapshot and is kept."]
    assert billing["access"] == ["Granted admin consent for all users of the tenant on Microsoft Graph: User.Read"]


def test_a_code_this_version_does_not_know_is_shown_as_stored(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "regvault.sqlite")
    try:
        store.add_tenant(CONTOSO)
        run = store.start_restore_run(operator="a", tenant_id=CONTOSO.tenant_id, target_tenant_id=CONTOSO.tenant_id,
                                      snapshot_id=None, mode="with-object")
        store.add_restore_item(run.id, RestoreItemRecord("obj-1", "app-1", "overwrite", "warnings", outcome={
            "v": 1, "warnings": [{"code": "from_a_later_version", "params": {"x": "1"}},
                                 {"code": OWNER_GONE.code.value, "params": dict(OWNER_GONE.params)}]}))
        [row] = [recorded_row(i) for i in store.restore_items(run.id)]
        assert row.warnings == ("Owner o-7 no longer exists in the tenant and was left out.",
                                "from_a_later_version {'x': '1'}")
    finally:
        store.close()
