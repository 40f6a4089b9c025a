"""When the window starts and a restore did not finish (its process was killed, the machine went down), offer to
finish it: the restore wizard opens on the same apps and snapshot; its preview settles the interrupted run
(services/restore_journal.py: the apps it had created are adopted, never created twice) and the run that
follows completes and verifies every app."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.services.restore_journal import close_unjournaled_runs, dead_runs
from desktop_app.store import Store
from desktop_app.store.restore_journal import JournaledRun
from desktop_app.store.rollback_records import ROLLBACK_MODE
from desktop_app.ui.named import named
from desktop_app.ui.texts import format_datetime

log = logging.getLogger(__name__)


class UnfinishedRestoreOffer(QObject):
    """The question, and what "Finish it now" does. Kept by the window (`window.unfinished_restore`)."""

    # (tenant id, app pks, snapshot id or None): the window switches to the tenant and opens the restore wizard.
    finish_requested = Signal(str, list, object)

    def __init__(self, store: Store, run: JournaledRun, parent: QWidget) -> None:
        super().__init__(parent)
        self._store = store
        self.run = run
        self.box = QMessageBox(QMessageBox.Icon.Question, self.tr("A restore did not finish"), "",
                               QMessageBox.StandardButton.NoButton, parent)
        named(self.box, "unfinishedRestoreBox", self.tr("A restore did not finish"))
        info = run.run
        apps = run.request.get("app_pks")
        count = self.tr("every app") if apps is None else self.tr("%Ln app(s)", "", len(apps))
        started = format_datetime(info.started)
        self.box.setText(self.tr("The restore of {count} started {started} by {operator} did not finish: the "
                                 "program running it stopped.").format(count=count, started=started,
                                                                      operator=info.operator))
        self.box.setInformativeText(self.tr(
            "Regvault can finish it now: the apps it had already created are taken over, not created again, and "
            "every app is read back and verified. The restore wizard opens on the same apps and snapshot; check "
            "the options (the mode was \"{mode}\") and run it."
        ).format(mode=info.mode))
        self.finish_button = named(
            self.box.addButton(self.tr("Finish it now…"), QMessageBox.ButtonRole.AcceptRole),
            "finishRestoreButton", self.tr("Finish the interrupted restore"))
        named(self.box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole),
              "finishRestoreLaterButton", self.tr("Finish the interrupted restore later"))
        self.box.accepted.connect(self.finish)

    def open(self) -> None:
        self.box.open()

    @Slot()
    def finish(self) -> None:
        info = self.run.run
        pks = self.run.request.get("app_pks")
        if pks is None and info.snapshot_id is not None:
            pks = [a.app_pk for a in self._store.apps_at(info.tenant_id, info.snapshot_id)]
        if not pks:
            log.warning("restore run %d: nothing to finish (its snapshot is gone)", info.id)
            return
        self.finish_requested.emit(info.tenant_id, [int(p) for p in pks], info.snapshot_id)


def offer_to_finish(store: Store, parent: QWidget) -> UnfinishedRestoreOffer | None:
    """Ask about the newest interrupted restore, if there is one (no Graph needed to tell: see is_dead)."""
    try:
        close_unjournaled_runs(store)  # runs of versions before the journal: nothing to finish, closed
        dead = [r for r in dead_runs(store) if r.run.mode != ROLLBACK_MODE]  # the next rollback finishes those
    except Exception as exc:  # noqa: BLE001 - a start must not fail on this question
        log.warning("could not look for interrupted restores: %s", exc)
        return None
    if not dead:
        return None
    return UnfinishedRestoreOffer(store, dead[-1], parent)
