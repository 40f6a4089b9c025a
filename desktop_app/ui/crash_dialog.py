"""An uncaught exception, in any thread, told to the user in a dialog (diagnostics.watching_for_crashes logs it
first). Nothing is lost by closing it: the log has the traceback; the dialog says where the log is.

`CrashReporter.notify` may be called from any thread; the dialog is shown on the GUI thread (a queued signal).
One dialog at a time: an exception repeated while it is open (a timer failing every second) only counts up.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.domain.redact import redact
from desktop_app.ui.named import named


class CrashReporter(QObject):
    crashed = Signal(str, str, str)  # exception type, its message (redacted), thread name

    def __init__(self, logs_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.logs_dir = logs_dir
        self.box: QMessageBox | None = None
        self.repeats = 0
        self.crashed.connect(self._show)

    def notify(self, kind: type[BaseException], exc: BaseException, _tb: TracebackType | None,
               thread: str) -> None:
        self.crashed.emit(kind.__name__, redact(str(exc))[:500], thread)

    @Slot(str, str, str)
    def _show(self, kind: str, message: str, thread: str) -> None:
        if self.box is not None:
            self.repeats += 1
            self.box.setInformativeText(self._details(kind, message, thread))
            return
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Regvault"),
                          self.tr("Something went wrong inside Regvault."), QMessageBox.StandardButton.Close,
                          QApplication.activeWindow())
        named(box, "crashDialog", self.tr("Unexpected error"))
        box.setInformativeText(self._details(kind, message, thread))
        open_logs = box.addButton(self.tr("Open log folder"), QMessageBox.ButtonRole.ActionRole)
        open_logs.setObjectName("crashOpenLogsButton")
        open_logs.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.logs_dir))))
        box.finished.connect(self._closed)
        self.box = box
        box.open()

    def _details(self, kind: str, message: str, thread: str) -> str:
        text = self.tr("{kind}: {message}\n(in {thread})\n\nWhat you were doing may not have finished. The details "
                       "are in regvault.log in {folder}; please include it when you report this.").format(
            kind=kind, message=message or "-", thread=thread, folder=self.logs_dir)
        if self.repeats:
            text += "\n\n" + self.tr("This happened %n more time(s) since.", "", self.repeats)
        return text

    @Slot()
    def _closed(self) -> None:
        self.box = None
        self.repeats = 0
