"""The restore engine's codes in the user's words (STYLE.md: the lower layers return codes, the UI words): the
sentences of services/restore_sentences/, translated (RestoreWordTexts), and the window's own short words."""

from __future__ import annotations

from PySide6.QtGui import QColor

from desktop_app.domain import restore_plan as plan
from desktop_app.services import restore_sentences as sentences
from desktop_app.services.restore_sentences import Voice
from desktop_app.ui.colors import DANGER, MUTED, SUCCESS, WARNING
from desktop_app.ui.path_words import path_words
from desktop_app.ui.texts import QT_TRANSLATE_NOOP, TrContext, format_datetime

RestoreWordTexts = TrContext("RestoreWordTexts")

# The palette-aware tones of ui/colors.py, under the names the wizard's pages use.
GREEN = SUCCESS
AMBER = WARNING
RED = DANGER
GREY = MUTED


def action_text(action: plan.Action | str, target_name: str = "", *, unchanged: bool = False) -> str:
    """What will happen (or happened) to one app (text: an action a newer version wrote to the audit, as it is);
    `unchanged`: the app is already as at the snapshot, and nothing is written to it."""
    if unchanged:
        return RestoreWordTexts.tr("No change")
    if action == "rollback":  # each app of an incident rollback's run, in the same history
        return mode_text(action)
    try:
        action = plan.Action(action)
    except ValueError:
        return action
    texts = {
        plan.Action.OVERWRITE: RestoreWordTexts.tr("Overwrite"),
        plan.Action.UNDELETE: RestoreWordTexts.tr("Undelete from the recycle bin"),
        plan.Action.RECREATE: RestoreWordTexts.tr("Recreate (new client ID)"),
        plan.Action.CREATE_AS_NEW: RestoreWordTexts.tr("Create as new"),
        plan.Action.CREATE_IN_TARGET: RestoreWordTexts.tr("Create in {tenant}"),
        plan.Action.OVERWRITE_IN_TARGET: RestoreWordTexts.tr("Overwrite the earlier copy in {tenant}"),
        plan.Action.UNDELETE_IN_TARGET: RestoreWordTexts.tr("Undelete the earlier copy in {tenant}"),
    }
    return texts[action].format(tenant=target_name or RestoreWordTexts.tr("the target tenant"))


# The audit trail spells the modes its own way.
_AUDIT_MODES = {"with-object": plan.RestoreMode.WITH_OBJECT, "as-new": plan.RestoreMode.AS_NEW,
                "another-tenant": plan.RestoreMode.OTHER_TENANT}


def mode_text(mode: plan.RestoreMode | str) -> str:
    """A restore's mode, or the audit trail's spelling of it (text it does not know, as it is)."""
    if mode == "rollback":  # an incident rollback's run (services/rollback.py), in the same history
        return RestoreWordTexts.tr("Incident rollback")
    try:
        mode = _AUDIT_MODES.get(mode) or plan.RestoreMode(mode)
    except ValueError:
        return mode
    return {
        plan.RestoreMode.WITH_OBJECT: RestoreWordTexts.tr("With object"),
        plan.RestoreMode.AS_NEW: RestoreWordTexts.tr("As new"),
        plan.RestoreMode.OTHER_TENANT: RestoreWordTexts.tr("To another tenant"),
    }[mode]


# RestoreProgress.status while running, and ReportItem.result after.
_STATUS = {
    "pending": (QT_TRANSLATE_NOOP("RestoreWordTexts", "Waiting"), GREY),
    "running": (QT_TRANSLATE_NOOP("RestoreWordTexts", "Restoring…"), None),
    "verified": (QT_TRANSLATE_NOOP("RestoreWordTexts", "Done and verified"), GREEN),
    "done": (QT_TRANSLATE_NOOP("RestoreWordTexts", "Done"), GREEN),  # an app of an incident rollback
    "warnings": (QT_TRANSLATE_NOOP("RestoreWordTexts", "Done with warnings"), AMBER),
    "unchanged": (QT_TRANSLATE_NOOP("RestoreWordTexts", "Already as at the snapshot"), None),
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


# The window's voice: the sentences translated, Graph's paths in the side panel's words.
WINDOW = Voice(say=lambda sentence, n: RestoreWordTexts.tr(sentence, "", n),
               path=lambda path: path_words(tuple(path.split("."))),
               platform=lambda key: path_words(("application", key)),  # Web, Single-page application, …
               moment=format_datetime)


def warning_text(warning: plan.PlanWarning) -> str:
    """A warning or a note of the preview or the report (PlanWarning.is_note tells which)."""
    return sentences.warning_words(warning, WINDOW)


def follow_up_text(follow_up: plan.FollowUp) -> str:
    return sentences.follow_up_words(follow_up, WINDOW)


def access_text(change: plan.AccessChange, *, done: bool = False) -> str:
    """A grant or assignment the preview will make (or the report made); consent says what it gives to whom."""
    return sentences.access_words(change, WINDOW, done=done)


def failure_text(failure: plan.Failure) -> str:
    """Why an app failed or was not started, or why the run stopped."""
    return sentences.failure_words(failure, WINDOW)


def name_problem_text(code: plan.PlanErrorCode | None) -> str:
    """What is wrong with the name typed for a new app ("" when nothing is)."""
    if code not in (plan.PlanErrorCode.NAME_EMPTY, plan.PlanErrorCode.NAME_TOO_LONG):
        return ""
    return sentences.plan_error_words(plan.PlanError(code), WINDOW)
