""""Regvault X is available" in the status bar: the window's once-a-day look at the releases feed
(services.update_check). A link to the release's page, opened in the browser; nothing is downloaded."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.services.update_check import AvailableUpdate, UpdateCheck
from desktop_app.ui.named import named
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner


class UpdateNotice(QObject):
    def __init__(self, updates: UpdateCheck | None, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._updates = updates
        self._runner = runner
        self.label = named(QLabel(parent), "updateNoticeLabel", self.tr("A new version of Regvault"))
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setOpenExternalLinks(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.label.hide()
        self.available: AvailableUpdate | None = None

    def start(self) -> None:
        """Asks the feed on a worker (at most once a day: the service remembers); shows the answer if newer."""
        updates = self._updates
        if updates is None:
            return

        def work(_task: TaskContext) -> AvailableUpdate | None:
            return updates.check()

        Operation(self._runner, work, kind=Executor.GRAPH, owner=self, name="look for a new Regvault") \
            .on_success(self._show).on_failure(lambda _exc: None).run()

    def _show(self, update: AvailableUpdate | None) -> None:
        self.available = update
        if update is None:
            self.label.hide()
            return
        text = self.tr("Regvault {version} is available").format(version=update.version)
        self.label.setText(f'<a href="{update.url}">{text}</a>')
        self.label.setToolTip(self.tr("Open its release notes and downloads in the browser ({url})")
                              .format(url=update.url))
        self.label.show()
