"""Signing in from the window: in the browser (or the broker, with the main window's handle), or with a device
code shown here. msal blocks while the user signs in, so the sign-in runs on the task runner's Graph pool."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.auth.errors import AdminConsentRequired, SignInCancelled
from desktop_app.auth.sign_in import DeviceCodePrompt
from desktop_app.domain.cancel import CancelToken
from desktop_app.ui.auth_words import admin_consent_text
from desktop_app.ui.errors import describe_error
from desktop_app.ui.named import named, named_button
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner

# What a sign-in does once started: gets the device-code callback (None: browser), the cancel token and the
# window handle for the broker; returns whatever the caller wants back (a TenantInfo, a SignedInAccount…).
SignInWork = Callable[[Callable[[DeviceCodePrompt], None] | None, CancelToken, object | None], Any]


def window_handle(widget: QWidget) -> int | None:
    """The native handle the Windows/macOS broker parents its window to (read on the GUI thread)."""
    try:
        return int(widget.window().winId())
    except (RuntimeError, TypeError, ValueError):
        return None


class SignInDialog(QDialog):
    """Runs one sign-in and shows where it stands. `succeeded(result)` / `failed(exception)` when it ends."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, runner: TaskRunner, work: SignInWork, *, device_code: bool, what: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "signInDialog", self.tr("Sign in"))
        self.setWindowTitle(self.tr("Sign in"))
        self.setMinimumWidth(460)
        self._runner = runner
        self._work = work
        self._device_code = device_code
        self._cancel = CancelToken()
        self._op: Operation[Any] | None = None
        self.result_value: Any = None
        self.error: BaseException | None = None

        layout = QVBoxLayout(self)
        self.status_label = named(QLabel(self), "signInStatus", self.tr("Sign-in status"))
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_label)

        self.code_label = named(QLabel(self), "deviceCodeLabel", self.tr("Device code"))
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.code_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setVisible(False)
        layout.addWidget(self.code_label)

        row = QHBoxLayout()
        self.copy_code_button = named_button(QPushButton(self.tr("Copy code"), self), "copyCodeButton",
                                             self.tr("Copy the code"), clicked=self._copy_code)
        self.open_page_button = named_button(QPushButton(self.tr("Open the sign-in page"), self),
                                             "openSignInPageButton", self.tr("Open the sign-in page"),
                                             clicked=self._open_page)
        for button in (self.copy_code_button, self.open_page_button):
            button.setVisible(False)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.setObjectName("signInButtons")
        self.cancel_button = named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
                                   "cancelSignInButton", self.tr("Cancel the sign-in"))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._prompt: DeviceCodePrompt | None = None
        if device_code:
            self.status_label.setText(self.tr("Asking Microsoft for a code to sign in to {what}…").format(what=what))
        else:
            self.status_label.setText(self.tr(
                "Sign in to {what} in the browser window (or the sign-in window) that opened. This dialog closes "
                "when you are done.").format(what=what))

    def start(self) -> None:
        handle = window_handle(self.parentWidget() or self)
        show = self._show_from_worker if self._device_code else None
        cancel = self._cancel

        def work(_task: TaskContext) -> Any:
            return self._work(show, cancel, handle)

        self._op = Operation(self._runner, work, kind=Executor.GRAPH, owner=self, name="sign in", cancel=cancel)
        self._op.on_success(self._done).on_failure(self._fail).on_cancelled(lambda: self._fail(SignInCancelled()))
        self._op.run()

    # Runs on the worker: hand the prompt to the GUI thread.
    def _show_from_worker(self, prompt: DeviceCodePrompt) -> None:
        self._runner.run_on_main(lambda: self.show_device_code(prompt))

    def show_device_code(self, prompt: DeviceCodePrompt) -> None:
        self._prompt = prompt
        self.status_label.setText(self.tr("On any device, open {url} and enter this code. Regvault waits here "
                                          "until you are done.").format(url=prompt.verification_uri))
        self.code_label.setText(prompt.user_code)
        for widget in (self.code_label, self.copy_code_button, self.open_page_button):
            widget.setVisible(True)

    @Slot()
    def _copy_code(self) -> None:
        if self._prompt is not None:
            QGuiApplication.clipboard().setText(self._prompt.user_code)

    @Slot()
    def _open_page(self) -> None:
        if self._prompt is not None:
            QDesktopServices.openUrl(QUrl(self._prompt.verification_uri))

    def _done(self, value: Any) -> None:
        if self._cancel.cancelled:
            return  # the user gave up on this dialog; the sign-in finished regardless (it is in the cache)
        self.result_value = value
        self.succeeded.emit(value)
        self.accept()

    def _fail(self, exc: BaseException) -> None:
        self.error = exc
        self.failed.emit(exc)
        if isinstance(exc, SignInCancelled):
            self.reject()
            return
        if isinstance(exc, AdminConsentRequired):
            # The address to hand to an administrator: a link (opens the browser) and selectable text.
            text = html.escape(admin_consent_text(exc.tenant, exc.consent_url)).replace(html.escape(exc.consent_url),
                                                  f'<a href="{html.escape(exc.consent_url)}">'
                                                  f"{html.escape(exc.consent_url)}</a>")
            self.status_label.setTextFormat(Qt.TextFormat.RichText)
            self.status_label.setOpenExternalLinks(True)
            self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            self.status_label.setText(text)
        else:
            self.status_label.setText(describe_error(exc).summary)
        for widget in (self.code_label, self.copy_code_button, self.open_page_button):
            widget.setVisible(False)
        self.cancel_button.setText(self.tr("Close"))

    def reject(self) -> None:
        # The device code flow stops polling; the browser sign-in stops waiting at once (msal's listener is sent
        # its abort address and gives its port back at its timeout) and frees its Graph worker.
        self._cancel.cancel()
        super().reject()
