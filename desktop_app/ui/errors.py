"""Failures as the user reads them: what went wrong, what to do, and what support needs (code, request-id)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.auth.errors import InteractionReason, InteractionRequired, SignInFailed, SignInUnreachable
from desktop_app.domain.cancel import Cancelled
from desktop_app.graph.errors import GraphConnectionError, GraphError
from desktop_app.services.permissions import PermissionsNeeded
from desktop_app.services.setting_problems import BadSetting
from desktop_app.ui.auth_words import permissions_text, sign_in_failed_text
from desktop_app.ui.named import named
from desktop_app.ui.network_words import network_failure_text, sign_in_unreachable_text
from desktop_app.ui.setting_words import setting_text
from desktop_app.ui.texts import QT_TRANSLATE_NOOP, TrContext

ErrorTexts = TrContext("ErrorTexts")

log = logging.getLogger(__name__)

E = TypeVar("E", bound=BaseException)


@dataclass(frozen=True)
class ErrorText:
    summary: str  # one line, also used in the toolbar ("Last backup failed: …")
    advice: str
    facts: str  # code, request-id, date: what Microsoft support asks for (short enough to show in plain sight)
    message: str = ""  # Graph's or the sign-in's own words, which can be long: in the details only

    @property
    def text(self) -> str:
        """What went wrong and what to do, as one line of a status bar or a label."""
        return " ".join(part for part in (self.summary, self.advice) if part)

    @property
    def details(self) -> str:
        message = f"{ErrorTexts.tr('Message')}: {self.message}" if self.message else ""
        return "\n".join(part for part in (self.facts, message) if part)


def _behind(exc: BaseException, kind: type[E]) -> E | None:
    """`exc` or the first of its causes that is a `kind` (services wrap errors, e.g. BackupFailed(cause=...))."""
    current: BaseException | None = exc
    for _ in range(5):
        if current is None:
            break
        if isinstance(current, kind):
            return current
        current = getattr(current, "cause", None) or current.__cause__
    return None


def graph_error_of(exc: BaseException) -> GraphError | None:
    """The Graph error behind `exc`."""
    return _behind(exc, GraphError)


def sign_in_needed_of(exc: BaseException) -> InteractionRequired | None:
    """The auth layer's "sign-in needed" behind `exc`, if that is what stopped the work."""
    return _behind(exc, InteractionRequired)


_SIGN_IN_REASONS = {
    InteractionReason.NOT_SIGNED_IN: QT_TRANSLATE_NOOP("ErrorTexts", "Nobody is signed in to this tenant in Regvault."),
    InteractionReason.SIGN_IN_EXPIRED: QT_TRANSLATE_NOOP("ErrorTexts", "The sign-in to this tenant has expired or was revoked."),
    InteractionReason.CONSENT_REQUIRED: QT_TRANSLATE_NOOP(
        "ErrorTexts", "The permissions Regvault needs have not been granted in this tenant yet."),
    InteractionReason.INTERACTION_REQUIRED: QT_TRANSLATE_NOOP(
        "ErrorTexts", "The tenant asks for a fresh sign-in (multi-factor authentication, Conditional Access or terms "
                      "of use)."),
}


def describe_error(exc: BaseException) -> ErrorText:
    permissions = _behind(exc, PermissionsNeeded)
    if permissions is not None:
        return ErrorText(permissions_text(permissions), ErrorTexts.tr("Sign in to grant them, then try again."),
                         f"{ErrorTexts.tr('Tenant ID')}: {permissions.tenant_id}\n{ErrorTexts.tr('Permissions')}: {permissions.names}")
    needed = sign_in_needed_of(exc)
    if needed is not None:
        return ErrorText(
            ErrorTexts.tr("A sign-in to this tenant is needed."),
            ErrorTexts.tr(_SIGN_IN_REASONS[needed.reason]) + " " + ErrorTexts.tr("Sign in, then try again. Nothing was changed."),
            f"{ErrorTexts.tr('Tenant ID')}: {needed.tenant}\n{ErrorTexts.tr('Reason')}: {needed.reason.value}",
            needed.detail or "",
        )
    graph_error = graph_error_of(exc)
    if graph_error is not None:
        exc = graph_error
    if isinstance(exc, Cancelled):
        return ErrorText(ErrorTexts.tr("Cancelled."), ErrorTexts.tr("Nothing was changed."), "")
    unreachable = _behind(exc, SignInUnreachable)
    if unreachable is not None and unreachable.failure is not None:
        return ErrorText(sign_in_unreachable_text(unreachable.host, unreachable.failure),
                         ErrorTexts.tr("Nothing was changed."), f"{ErrorTexts.tr('Error code')}: {unreachable.problem}",
                         unreachable.description)
    if isinstance(exc, GraphConnectionError) and exc.sentence:
        where = f" ({exc.method} {exc.path})" if exc.method and exc.path else ""
        sentence = network_failure_text(exc.failure) if exc.failure is not None else exc.sentence
        return ErrorText(sentence, ErrorTexts.tr("Nothing was changed."), f"{ErrorTexts.tr('Error code')}: {exc.code}{where}",
                         exc.message)
    if isinstance(exc, GraphConnectionError):
        return ErrorText(
            ErrorTexts.tr("Could not reach Microsoft Graph ({code}).").format(code=exc.code),
            ErrorTexts.tr("Check the network connection and try again. Nothing was changed."),
            str(exc),
        )
    if isinstance(exc, GraphError):
        details = [f"{ErrorTexts.tr('Error code')}: {exc.code}" + (f" ({', '.join(exc.inner_codes)})" if exc.inner_codes else ""),
                   f"{ErrorTexts.tr('HTTP status')}: {exc.status}",
                   f"{ErrorTexts.tr('Request ID')}: {exc.request_id or ErrorTexts.tr('none')}"]
        if exc.date:
            details.append(f"{ErrorTexts.tr('Date')}: {exc.date}")
        if exc.method and exc.path:
            details.append(f"{ErrorTexts.tr('Request')}: {exc.method} {exc.path}")
        if exc.status in (401, 403):
            summary = ErrorTexts.tr("Microsoft Graph refused access ({status} {code}).").format(status=exc.status, code=exc.code)
            advice = ErrorTexts.tr("The signed-in account needs permission to read app registrations "
                        "(Application.Read.All, or an admin role such as Application Administrator). "
                        "Nothing was changed.")
        elif exc.status == 429:
            summary = ErrorTexts.tr("Microsoft Graph is throttling this tenant ({code}).").format(code=exc.code)
            advice = ErrorTexts.tr("Too many requests for now; Regvault waited and retried. Try again in a few minutes. "
                        "Nothing was changed.")
        elif exc.status >= 500:
            summary = ErrorTexts.tr("Microsoft Graph had a problem ({status} {code}).").format(status=exc.status, code=exc.code)
            advice = ErrorTexts.tr("This is usually temporary: try again in a few minutes. Nothing was changed.")
        else:
            summary = ErrorTexts.tr("Microsoft Graph answered {status} {code}.").format(status=exc.status, code=exc.code)
            advice = ErrorTexts.tr("Nothing was changed.")
        return ErrorText(summary, advice, "\n".join(details), exc.message)
    failed, bad_setting = _behind(exc, SignInFailed), _behind(exc, BadSetting)
    summary = sign_in_failed_text(failed) if failed is not None else setting_text(bad_setting) \
        if bad_setting is not None else str(exc) or type(exc).__name__
    return ErrorText(summary, ErrorTexts.tr("Nothing was changed. The log has the details."),
                     f"{type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class ErrorAction:
    """A way out offered next to OK (e.g. Sign in… when a sign-in is what is missing)."""

    text: str
    name: str  # objectName of the button
    run: Callable[[], None]


def show_error(parent: QWidget, title: str, exc: BaseException, *, action: ErrorAction | None = None) -> QMessageBox:
    """A non-blocking (window-modal) error dialog; logged too, without secrets (GraphError redacts them)."""
    text = describe_error(exc)
    log.error("%s: %s", title, text.details or text.summary)
    box = QMessageBox(QMessageBox.Icon.Critical, title, text.summary, QMessageBox.StandardButton.Ok, parent)
    named(box, "errorDialog", title)
    if action is not None:
        button = named(box.addButton(action.text, QMessageBox.ButtonRole.AcceptRole), action.name,
                       action.text.rstrip("…"))
        box.setDefaultButton(button)
        # An accept-role button closes the box first; the action then opens what comes next.
        button.clicked.connect(action.run)
    box.setInformativeText(text.advice)
    if text.details:
        box.setDetailedText(text.details)
        # The code and request-id in plain sight: support asks for them first.
        if text.facts:
            box.setInformativeText(text.advice + "\n\n" + text.facts)
    box.open()
    return box
