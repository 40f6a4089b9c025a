"""The Restore history dialog over the store's audit trail (RestoreRun / RestoreItem)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.store import Store, TenantInfo
from desktop_app.store.records import RestoreItemRecord, SnapshotWrite
from desktop_app.ui.restore.models import RECORD_ROLE
from desktop_app.ui.restore_history import RestoreHistoryDialog
from desktop_app.ui.tasks import TaskRunner

CONTOSO = TenantInfo("11111111-1111-1111-1111-111111111111", "Contoso", "http://127.0.0.1:1/v1.0",
                     "contoso.com", ("contoso.com",), kind="emulator")
FABRIKAM = TenantInfo("22222222-2222-2222-2222-222222222222", "Fabrikam", "http://127.0.0.1:1/v1.0",
                      "fabrikam.com", ("fabrikam.com",), kind="emulator", is_restore_target=True)
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def audited(tmp_path: Path) -> Iterator[tuple[Store, list[int]]]:
    """Two runs from Contoso (one in place, one to Fabrikam) and one of a third tenant."""
    store = Store.open(tmp_path / "regvault.sqlite")
    for tenant in (CONTOSO, FABRIKAM, TenantInfo("33333333-3333-3333-3333-333333333333", "Tailspin",
                                                 "http://127.0.0.1:1/v1.0", kind="emulator")):
        store.add_tenant(tenant)
    snapshot = store.write_snapshot(CONTOSO.tenant_id, SnapshotWrite(started=T0, finished=T0, observed=()))
    runs = []
    first = store.start_restore_run(operator="adele", tenant_id=CONTOSO.tenant_id,
                                    target_tenant_id=CONTOSO.tenant_id, snapshot_id=snapshot.id,
                                    mode="with-object", started=T0 + timedelta(days=1))
    store.add_restore_item(first.id, RestoreItemRecord(
        "obj-1", "app-1", "undelete", "verified", display_name="Payroll API", new_object_id="obj-1",
        new_app_id="app-1"))
    store.add_restore_item(first.id, RestoreItemRecord(
        "obj-2", "app-2", "recreate", "failed", display_name="HR portal", error_code="Request_BadRequest",
        request_id="req-42", message="400 Request_BadRequest: identifier URI already in use"))
    store.finish_restore_run(first.id, "complete", finished=T0 + timedelta(days=1, minutes=1))
    runs.append(first.id)
    second = store.start_restore_run(operator="megan", tenant_id=CONTOSO.tenant_id,
                                     target_tenant_id=FABRIKAM.tenant_id, snapshot_id=snapshot.id,
                                     mode="another-tenant", started=T0 + timedelta(days=2))
    store.add_restore_item(second.id, RestoreItemRecord(
        "obj-1", "app-1", "create_in_target", "warnings", display_name="Payroll API", new_object_id="obj-9",
        new_app_id="app-9", warnings=("Owner Adele (adele@contoso.com) was not found in the target tenant.",)))
    store.finish_restore_run(second.id, "complete", finished=T0 + timedelta(days=2, minutes=1))
    runs.append(second.id)
    other = store.start_restore_run(operator="x", tenant_id="33333333-3333-3333-3333-333333333333",
                                    target_tenant_id="33333333-3333-3333-3333-333333333333", snapshot_id=None,
                                    mode="with-object")
    store.finish_restore_run(other.id, "cancelled")
    runs.append(other.id)
    try:
        yield store, runs
    finally:
        store.close()


def open_history(qtbot, store: Store, runner: TaskRunner, **kwargs) -> RestoreHistoryDialog:  # type: ignore[no-untyped-def]
    dialog = RestoreHistoryDialog(store, runner, **kwargs)
    qtbot.addWidget(dialog)
    with qtbot.waitSignals([dialog.runs_loaded, dialog.items_loaded], timeout=5000):
        dialog.show()
    return dialog


def column(model, col: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_lists_the_tenants_runs_newest_first_with_their_apps(qtbot, audited, runner) -> None:  # type: ignore[no-untyped-def]
    store, (first, second, _other) = audited
    dialog = open_history(qtbot, store, runner, tenant=CONTOSO)
    assert dialog.objectName() == "restoreHistoryDialog"
    assert [dialog.runs.index(r, 0).data(RECORD_ROLE).run.id for r in range(dialog.runs.rowCount())] == \
        [second, first]
    assert column(dialog.runs, 1) == ["megan", "adele"]
    assert column(dialog.runs, 3) == ["Fabrikam", ""]  # the target named, in-place runs left blank
    assert column(dialog.runs, 5) == ["To another tenant", "With object"]
    # The newest run is selected and its app shown, with the target in the action.
    assert column(dialog.items, 0) == ["Payroll API"]
    assert column(dialog.items, 1) == ["Create in Fabrikam"]
    assert column(dialog.items, 2) == ["Done with warnings"]
    assert column(dialog.items, 3) == ["app-9"]
    assert "not found in the target tenant" in dialog.details.toPlainText()
    with qtbot.waitSignal(dialog.items_loaded, timeout=5000):
        dialog.runs_table.selectRow(1)
    # What needs a look first, as the run's report listed it: the failed app before the one done.
    assert column(dialog.items, 0) == ["HR portal", "Payroll API"]
    assert column(dialog.items, 2) == ["Failed", "Done and verified"]
    assert column(dialog.items, 4)[0] == "Request_BadRequest · request-id req-42"
    dialog.items_table.selectRow(0)
    details = dialog.details.toPlainText()
    assert "req-42" in details and "identifier URI already in use" in details


def test_all_tenants_and_a_preselected_run(qtbot, audited, runner) -> None:  # type: ignore[no-untyped-def]
    store, (first, _second, other) = audited
    dialog = open_history(qtbot, store, runner, tenant=CONTOSO, select_run=first)
    assert dialog.selected_run is not None and dialog.selected_run.run.id == first
    with qtbot.waitSignal(dialog.runs_loaded, timeout=5000):
        dialog.all_tenants_check.setChecked(True)
    assert dialog.runs.rowCount() == 3
    assert "Tailspin" in column(dialog.runs, 2)
    assert "Cancelled" in column(dialog.runs, 6)
    assert dialog.selected_run is not None and dialog.selected_run.run.id == first  # the choice is kept
    assert other in [dialog.runs.index(r, 0).data(RECORD_ROLE).run.id for r in range(dialog.runs.rowCount())]


def test_no_restore_yet(qtbot, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "empty.sqlite")
    try:
        dialog = RestoreHistoryDialog(store, runner, tenant=None)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.runs_loaded, timeout=5000):
            dialog.show()
        assert dialog.runs.rowCount() == 0 and dialog.items.rowCount() == 0
        assert dialog.empty_label.text() == "No restore yet."
        assert not dialog.export_button.isEnabled()
    finally:
        store.close()


def test_a_past_run_exports_to_json_and_csv(qtbot, audited, runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, (first, _second, _other) = audited
    dialog = open_history(qtbot, store, runner, tenant=CONTOSO, select_run=first)
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.exported, timeout=5000):
        dialog.export_to(tmp_path / "run.json", "json")
    with qtbot.waitSignal(dialog.exported, timeout=5000):
        dialog.export_to(tmp_path / "run.csv", "csv")
    text = (tmp_path / "run.json").read_text()
    assert json.loads(text) and "req-42" in text and "HR portal" in text
    with (tmp_path / "run.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2
    assert "Saved to" in dialog.status_label.text()


def test_the_history_models_pass_the_model_tester(qtbot, qtmodeltester, audited, runner) -> None:  # type: ignore[no-untyped-def]
    store, _runs = audited
    dialog = open_history(qtbot, store, runner, tenant=None)
    qtmodeltester.check(dialog.runs)
    qtmodeltester.check(dialog.items)


def test_the_main_windows_restore_history_button_opens_it(qtbot, audited, open_window, context_of) -> None:  # type: ignore[no-untyped-def]
    store, (first, second, _other) = audited
    window = open_window(context_of(store))
    window.switch_tenant(CONTOSO.tenant_id)
    button = window.findChild(type(window.restore_selected_button), "restoreHistoryButton")
    assert button is not None and button.isEnabled() and button.accessibleName() == "Restore history"
    button.click()
    dialog = window.findChild(RestoreHistoryDialog, "restoreHistoryDialog")
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.runs.rowCount() == 2, timeout=5000)  # Contoso's runs, not Tailspin's
    assert {dialog.runs.index(r, 0).data(RECORD_ROLE).run.id for r in range(2)} == {first, second}
    dialog.close()
