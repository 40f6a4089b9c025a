"""Issue 16 case 1: on start, the window finds a restore whose process died and offers to finish it; "Finish it
now" opens the restore wizard on the same apps and snapshot (its preview settles the dead run)."""

from __future__ import annotations

import socket
import subprocess
import sys

from PySide6.QtWidgets import QPushButton

from desktop_app.domain.restore_plan import RestoreMode
from desktop_app.services.restore import RestoreRequest
from desktop_app.services.restore_model import request_json
from desktop_app.store import Store
from desktop_app.store.restore_journal import JournalItem
from desktop_app.ui.restore.report_rows import run_stop_text


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _interrupted_run(store: Store, tenant_id: str, pid: int) -> tuple[int, list[int], int]:
    snapshot = store.snapshots(tenant_id)[-1].id
    apps = store.apps_at(tenant_id, snapshot)[:3]
    run = store.start_restore_run(operator="alice", tenant_id=tenant_id, target_tenant_id=tenant_id,
                                  snapshot_id=snapshot, mode="with-object")
    request = RestoreRequest(tenant_id, snapshot, tuple(a.app_pk for a in apps), RestoreMode.WITH_OBJECT)
    store.journal.begin(run.id, request_json(request), socket.gethostname(), pid, [
        JournalItem(n, a.object_id, a.app_id, a.display_name, "recreate") for n, a in enumerate(apps)])
    return run.id, [a.app_pk for a in apps], snapshot


def test_the_window_offers_to_finish_an_interrupted_restore(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    store, _, fabrikam = filled
    _, pks, snapshot = _interrupted_run(store, fabrikam.tenant_id, _dead_pid())
    window = open_window(context_of(store))
    qtbot.waitUntil(lambda: window.unfinished_restore is not None, timeout=5000)
    offer = window.unfinished_restore
    assert offer.box.isVisible()
    assert "3 apps" in offer.box.text() and "alice" in offer.box.text()
    assert "not created again" in offer.box.informativeText()
    button = offer.box.findChild(QPushButton, "finishRestoreButton")
    assert button is not None and button.accessibleName()
    button.click()
    qtbot.waitUntil(lambda: window.restore_wizard is not None, timeout=5000)
    wizard = window.restore_wizard  # on the same apps and snapshot
    assert wizard is not None and (sorted(wizard.setup.app_pks), wizard.setup.snapshot_id) == (sorted(pks), snapshot)
    assert window.tenant is not None and window.tenant.tenant_id == fabrikam.tenant_id


def test_a_restore_still_running_elsewhere_is_not_offered(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    import os

    store, contoso, _ = filled
    _interrupted_run(store, contoso.tenant_id, os.getppid())  # a live process, not this one
    window = open_window(context_of(store))
    qtbot.wait(200)
    assert window.unfinished_restore is None


def test_a_run_left_running_by_a_version_before_the_journal_is_closed_when_the_window_starts(  # type: ignore[no-untyped-def]
    qtbot, open_window, context_of, filled
) -> None:
    from datetime import UTC, datetime, timedelta

    store, contoso, _ = filled
    run = store.start_restore_run(operator="bob", tenant_id=contoso.tenant_id, target_tenant_id=contoso.tenant_id,
                                  snapshot_id=None, mode="with-object", started=datetime.now(UTC) - timedelta(days=2))
    window = open_window(context_of(store))
    qtbot.waitUntil(lambda: store.restore_run(run.id).status == "interrupted", timeout=5000)
    assert "not known" in run_stop_text(store.restore_run(run.id))  # in the window's words
    assert window.unfinished_restore is None  # nothing to finish: no journal says what it was asked
