"""The restore engine's codes in the user's words (STYLE.md: the lower layers return codes, the UI words)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor

from desktop_app.domain.restore_plan import Action, PlanErrorCode, RestoreMode
from desktop_app.ui.colors import DANGER, MUTED, SUCCESS, WARNING
from desktop_app.ui.texts import QT_TRANSLATE_NOOP, TrContext

RestoreWordTexts = TrContext("RestoreWordTexts")

# The palette-aware tones of ui/colors.py, under the names the wizard's pages use.
GREEN = SUCCESS
AMBER = WARNING
RED = DANGER
GREY = MUTED


def action_text(action: Any, target_name: str = "") -> str:
    """What will happen (or happened) to one app."""
    try:
        action = Action(str(action))
    except ValueError:
        return str(action)
    texts = {
        Action.OVERWRITE: RestoreWordTexts.tr("Overwrite"),
        Action.UNDELETE: RestoreWordTexts.tr("Undelete from the recycle bin"),
        Action.RECREATE: RestoreWordTexts.tr("Recreate (new client ID)"),
        Action.CREATE_AS_NEW: RestoreWordTexts.tr("Create as new"),
        Action.CREATE_IN_TARGET: RestoreWordTexts.tr("Create in {tenant}"),
        Action.OVERWRITE_IN_TARGET: RestoreWordTexts.tr("Overwrite the earlier copy in {tenant}"),
        Action.UNDELETE_IN_TARGET: RestoreWordTexts.tr("Undelete the earlier copy in {tenant}"),
    }
    return texts[action].format(tenant=target_name or RestoreWordTexts.tr("the target tenant"))


# The audit trail spells the modes its own way.
_AUDIT_MODES = {"with-object": RestoreMode.WITH_OBJECT, "as-new": RestoreMode.AS_NEW,
                "another-tenant": RestoreMode.OTHER_TENANT}


def mode_text(mode: Any) -> str:
    try:
        mode = _AUDIT_MODES.get(str(mode)) or RestoreMode(str(mode))
    except ValueError:
        return str(mode)
    return {
        RestoreMode.WITH_OBJECT: RestoreWordTexts.tr("With object"),
        RestoreMode.AS_NEW: RestoreWordTexts.tr("As new"),
        RestoreMode.OTHER_TENANT: RestoreWordTexts.tr("To another tenant"),
    }[mode]


# RestoreProgress.status while running, and ReportItem.result after.
_STATUS = {
    "pending": (QT_TRANSLATE_NOOP("RestoreWordTexts", "Waiting"), GREY),
    "running": (QT_TRANSLATE_NOOP("RestoreWordTexts", "Restoring…"), None),
    "verified": (QT_TRANSLATE_NOOP("RestoreWordTexts", "Done and verified"), GREEN),
    "warnings": (QT_TRANSLATE_NOOP("RestoreWordTexts", "Done with warnings"), AMBER),
    "failed": (QT_TRANSLATE_NOOP("RestoreWordTexts", "Failed"), RED),
    "skipped": (QT_TRANSLATE_NOOP("RestoreWordTexts", "Skipped"), GREY),
    "cancelled": (QT_TRANSLATE_NOOP("RestoreWordTexts", "Not restored (cancelled)"), GREY),
    "interrupted": (QT_TRANSLATE_NOOP("RestoreWordTexts", "Interrupted (the restore stopped)"), AMBER),
}


def status_text(status: str) -> str:
    text = _STATUS.get(status, (status, None))[0]
    return RestoreWordTexts.tr(text) if status in _STATUS else text


def status_color(status: str) -> QColor | None:
    tone = _STATUS.get(status, ("", None))[1]
    return tone.color() if tone is not None else None


def run_status_text(status: str) -> str:
    """RestoreRun.status in the history."""
    return {
        "running": RestoreWordTexts.tr("Running (or interrupted)"),
        "complete": RestoreWordTexts.tr("Complete"),
        "completed": RestoreWordTexts.tr("Complete"),
        "partial": RestoreWordTexts.tr("Complete with failures"),
        "failed": RestoreWordTexts.tr("Failed"),
        "cancelled": RestoreWordTexts.tr("Cancelled"),
        "interrupted": RestoreWordTexts.tr("Interrupted (settled by a later run)"),
    }.get(status, status)


def name_problem_text(code: PlanErrorCode | None) -> str:
    if code is PlanErrorCode.NAME_EMPTY:
        return RestoreWordTexts.tr("Type a name for the new app.")
    if code is PlanErrorCode.NAME_TOO_LONG:
        return RestoreWordTexts.tr("The name is too long: at most 120 characters.")
    return ""
