"""The restore engine's codes in the user's words (STYLE.md: the lower layers return codes, the UI words)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor

from desktop_app.domain.restore_plan import Action, PlanErrorCode, RestoreMode
from desktop_app.ui.colors import DANGER, MUTED, SUCCESS, WARNING
from desktop_app.ui.texts import tr

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
        Action.OVERWRITE: tr("Overwrite"),
        Action.UNDELETE: tr("Undelete from the recycle bin"),
        Action.RECREATE: tr("Recreate (new client ID)"),
        Action.CREATE_AS_NEW: tr("Create as new"),
        Action.CREATE_IN_TARGET: tr("Create in {tenant}"),
        Action.OVERWRITE_IN_TARGET: tr("Overwrite the earlier copy in {tenant}"),
        Action.UNDELETE_IN_TARGET: tr("Undelete the earlier copy in {tenant}"),
    }
    return texts[action].format(tenant=target_name or tr("the target tenant"))


# The audit trail spells the modes its own way.
_AUDIT_MODES = {"with-object": RestoreMode.WITH_OBJECT, "as-new": RestoreMode.AS_NEW,
                "another-tenant": RestoreMode.OTHER_TENANT}


def mode_text(mode: Any) -> str:
    try:
        mode = _AUDIT_MODES.get(str(mode)) or RestoreMode(str(mode))
    except ValueError:
        return str(mode)
    return {
        RestoreMode.WITH_OBJECT: tr("With object"),
        RestoreMode.AS_NEW: tr("As new"),
        RestoreMode.OTHER_TENANT: tr("To another tenant"),
    }[mode]


# RestoreProgress.status while running, and ReportItem.result after.
_STATUS = {
    "pending": ("Waiting", GREY),
    "running": ("Restoring…", None),
    "verified": ("Done and verified", GREEN),
    "warnings": ("Done with warnings", AMBER),
    "failed": ("Failed", RED),
    "skipped": ("Skipped", GREY),
    "cancelled": ("Not restored (cancelled)", GREY),
    "interrupted": ("Interrupted (the restore stopped)", AMBER),
}


def status_text(status: str) -> str:
    text = _STATUS.get(status, (status, None))[0]
    return tr(text) if status in _STATUS else text


def status_color(status: str) -> QColor | None:
    tone = _STATUS.get(status, ("", None))[1]
    return tone.color() if tone is not None else None


def run_status_text(status: str) -> str:
    """RestoreRun.status in the history."""
    return {
        "running": tr("Running (or interrupted)"),
        "complete": tr("Complete"),
        "completed": tr("Complete"),
        "partial": tr("Complete with failures"),
        "failed": tr("Failed"),
        "cancelled": tr("Cancelled"),
        "interrupted": tr("Interrupted (settled by a later run)"),
    }.get(status, status)


def name_problem_text(code: PlanErrorCode | None) -> str:
    if code is PlanErrorCode.NAME_EMPTY:
        return tr("Type a name for the new app.")
    if code is PlanErrorCode.NAME_TOO_LONG:
        return tr("The name is too long: at most 120 characters.")
    return ""
