"""Start the Qt application and the main window (called by `desktop_app.cli.window`)."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QProgressBar, QVBoxLayout, QWidget

from desktop_app import __version__
from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.ui.app_icon import regvault_icon
from desktop_app.ui.colors import MUTED, VisibleChecksStyle, apply_color_scheme, set_text_tone, wants_dark
from desktop_app.ui.context import WindowContext
from desktop_app.ui.errors import show_error
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.named import named
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.translations import use_language

log = logging.getLogger(__name__)

# Builds (or reopens) the demo's history and returns what the window needs; runs on a worker thread.
# Gets a progress callback (days done, days in all) and a cancel token.
PrepareDemo = Callable[[Callable[[int, int], None], CancelToken], WindowContext]


def window_settings(data_dir: Path) -> QSettings:
    """Window state next to the data it shows: demo and real data (and each test) keep their own layout."""
    return QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)


def style_to_set(platform: str, native: str, *, dark: bool, forced: str = "") -> str | None:
    """The style Regvault sets, or None to keep the platform's own. macOS and Windows keep theirs (the macOS style
    follows the system's appearance, windows11 its dark mode); Windows 10's windowsvista has no dark mode, so a dark
    system gets Fusion with Regvault's dark palette there. Linux desktops differ too much: Fusion, with Regvault's
    palettes. REGVAULT_STYLE (`forced`) names one, for screenshots."""
    if forced:
        return forced
    if platform == "darwin":
        return None
    if platform == "win32":
        return "Fusion" if dark and native.lower() == "windowsvista" else None
    return "Fusion"


def ensure_application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Regvault")
        app.setOrganizationName("Regvault")
        app.setApplicationDisplayName("Regvault")
        use_language(app)  # the system's language, or REGVAULT_LANGUAGE (ui/translations.py)
        style = app.style()
        chosen = style_to_set(sys.platform, style.name() if style is not None else "", dark=wants_dark(),
                              forced=os.environ.get("REGVAULT_STYLE", ""))
        if chosen is not None and chosen.lower() == "fusion":
            app.setStyle(VisibleChecksStyle(chosen))  # Fusion; its check boxes seen in the dark palette too
            apply_color_scheme(app)  # dark when the system is (or REGVAULT_COLOR_SCHEME=dark)
            app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_color_scheme(app))
        elif chosen is not None:
            app.setStyle(chosen)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(regvault_icon())  # type: ignore[attr-defined]
    # Linux: the taskbar and the window switcher match the window to regvault.desktop by this name.
    app.setDesktopFileName("regvault")  # type: ignore[attr-defined]
    return app  # type: ignore[return-value]


def show_startup_error(title: str, message: str) -> None:
    """A problem found before the main window exists (an unusable database, say). Someone who started Regvault
    from an icon has no terminal to read stderr in: without a window, Regvault would just not open."""
    ensure_application()
    box = QMessageBox(QMessageBox.Icon.Critical, "Regvault", title)
    box.setObjectName("startupErrorBox")
    box.setInformativeText(message)
    box.exec()


def run_main_window(context: WindowContext, data_dir: Path, *, quit_after_ms: int | None = None) -> int:
    app = ensure_application()
    window = MainWindow(context, window_settings(data_dir))
    window.show()
    log.info("main window open (Regvault %s)", __version__)
    if quit_after_ms is not None:
        QTimer.singleShot(quit_after_ms, window.close)
    return int(app.exec())


class DemoProgressWindow(QWidget):
    """Shown at once while the demo's history is built (about a minute and a half on the first start)."""

    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        named(self, "demoProgressWindow", self.tr("Preparing the demo"))
        self.setWindowTitle(self.tr("Regvault — demo"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(10)
        self.status_label = named(QLabel(self.tr("Starting the demo's built-in Graph emulator…"), self),
                                  "demoProgressLabel", self.tr("Demo preparation"))
        font = self.status_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.status_label.setFont(font)
        layout.addWidget(self.status_label)
        self.progress_bar = named(QProgressBar(self), "demoProgressBar", self.tr("Demo preparation progress"))
        self.progress_bar.setRange(0, 0)  # busy until the first day is reported (later starts report none)
        layout.addWidget(self.progress_bar)
        note = QLabel(self.tr("The first start backs up two months of made-up history, one day at a time; "
                              "later starts take a few seconds."), self)
        note.setObjectName("demoProgressNote")
        note.setWordWrap(True)
        set_text_tone(note, MUTED)
        layout.addWidget(note)

    def show_progress(self, days: tuple[int, int]) -> None:
        done, total = days
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)
        self.status_label.setText(self.tr("Preparing the demo: day {done} of {total}…").format(done=done,
                                                                                              total=total))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.cancel_requested.emit()
        super().closeEvent(event)


class DemoLaunch(QObject):
    """The progress window first, the demo's history built on the task runner, then the main window on it
    (sharing that runner). Closing the progress window stops the build; the days built so far are kept."""

    window_opened = Signal(object)  # the MainWindow
    ended = Signal(int)  # no window: the exit code (failed, or cancelled)

    def __init__(self, prepare: PrepareDemo, data_dir: Path, *, quit_after_ms: int | None = None) -> None:
        super().__init__()
        self._prepare = prepare
        self._data_dir = data_dir
        self._quit_after_ms = quit_after_ms
        self.runner = TaskRunner(self)
        self.progress_window = DemoProgressWindow()
        self.progress_window.cancel_requested.connect(self.cancel)
        self.window: MainWindow | None = None
        self.exit_code = 0
        self._op: Operation[WindowContext] | None = None

    def start(self) -> None:
        window = self.progress_window
        window.adjustSize()
        screen = window.screen()
        if screen is not None:  # mid-screen, where the main window will be
            window.move(screen.availableGeometry().center() - window.rect().center())
        window.show()
        prepare = self._prepare

        def work(task: TaskContext) -> WindowContext:
            return prepare(lambda done, total: task.progress((done, total)), task.cancel)

        self._op = Operation(self.runner, work, kind=Executor.DATABASE, name="prepare the demo")
        self._op.on_progress(self.progress_window.show_progress).on_success(self._open) \
            .on_cancelled(self._cancelled).on_failure(self._failed).run()

    def cancel(self) -> None:
        if self._op is not None and self.window is None:
            self._op.cancel()
            self.exit_code = 1

    def shutdown(self) -> None:
        """Stop and wait for the build (nothing may touch the database once the caller closes it)."""
        self.runner.shutdown(wait=True)

    def _open(self, context: WindowContext) -> None:
        self._op = None
        if not self.progress_window.isVisible():
            self._cancelled()  # closed while the last day was being built
            return
        window = MainWindow(context, window_settings(self._data_dir), runner=self.runner)
        self.window = window
        window.show()
        # After the main window is up: closing the last window first would quit the application.
        self.progress_window.cancel_requested.disconnect(self.cancel)
        self.progress_window.close()
        if self._quit_after_ms is not None:
            QTimer.singleShot(self._quit_after_ms, window.close)
        self.window_opened.emit(window)

    def _cancelled(self) -> None:
        self._op = None
        self.exit_code = 1
        self.progress_window.close()
        self.ended.emit(self.exit_code)

    def _failed(self, exc: BaseException) -> None:
        self._op = None
        if isinstance(exc, Cancelled):
            self._cancelled()
            return
        self.exit_code = 1
        self.progress_window.status_label.setText(self.tr("The demo could not be prepared."))
        self.progress_window.progress_bar.setRange(0, 1)
        self.progress_window.progress_bar.setValue(0)
        box = show_error(self.progress_window, self.tr("Demo"), exc)
        box.finished.connect(lambda _result: self.progress_window.close())
        box.finished.connect(lambda _result: self.ended.emit(self.exit_code))


def run_demo_window(prepare: PrepareDemo, data_dir: Path, *, quit_after_ms: int | None = None) -> int:
    """`regvault --demo`: the progress window at once, the main window when the history is there."""
    app = ensure_application()
    launch = DemoLaunch(prepare, data_dir, quit_after_ms=quit_after_ms)
    launch.start()
    code = int(app.exec())
    launch.shutdown()
    return launch.exit_code or code

