"""The restore engine's codes in English words: the CLI's, and those of the report files and the audit trail. The
sentences are services/restore_sentences/'s, said as they stand (the window translates the same ones,
ui/restore/words.py); the actions' short words are the CLI's own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from desktop_app.domain import restore_plan as plan
from desktop_app.domain.cherry_pick import PickError
from desktop_app.services import restore_sentences as sentences
from desktop_app.services.restore_model import NothingToRestore, RestoreInputError, days_around
from desktop_app.services.restore_selection import nothing_to_restore_text
from desktop_app.services.restore_sentences import ENGLISH
from desktop_app.store.records import RestoreRunInfo

_ACTIONS: Mapping[plan.Action, str] = {
    plan.Action.OVERWRITE: "overwrite",
    plan.Action.UNDELETE: "undelete from the recycle bin, then overwrite",
    plan.Action.RECREATE: "recreate (deleted permanently: new client ID)",
    plan.Action.CREATE_AS_NEW: "create as a new app",
    plan.Action.CREATE_IN_TARGET: "create in the target tenant",
    plan.Action.OVERWRITE_IN_TARGET: "overwrite the earlier copy in the target tenant",
    plan.Action.UNDELETE_IN_TARGET: "undelete the earlier copy in the target tenant, then overwrite",
}


def describe_action(action: plan.Action) -> str:
    return _ACTIONS.get(action, action.value)


def describe_warning(warning: plan.PlanWarning) -> str:
    return sentences.warning_words(warning, ENGLISH)


def remark_text(warning: plan.PlanWarning) -> str:
    """A warning, or a note said as one, for lists that hold both (the report files, the audit trail)."""
    text = describe_warning(warning)
    return f"Note: {text}" if warning.is_note else text


def describe_access(change: plan.AccessChange, *, done: bool = False) -> str:
    """A grant or assignment in plain words; consent is a powerful write, so it says what it gives to whom."""
    return sentences.access_words(change, ENGLISH, done=done)


def describe_follow_up(follow_up: plan.FollowUp) -> str:
    return sentences.follow_up_words(follow_up, ENGLISH)


def describe_plan_error(error: plan.PlanError) -> str:
    return sentences.plan_error_words(error, ENGLISH)


def describe_pick_error(error: PickError) -> str:
    """--only / "Restore selected values…": why those paths can't be restored as asked."""
    return sentences.pick_error_words(error, ENGLISH)


def describe_input_error(error: RestoreInputError) -> str:
    """Why a restore can't start from what was asked."""
    if isinstance(error, NothingToRestore):
        return nothing_to_restore_text(error.snapshot, error.left_out)
    return sentences.input_error_words(error, ENGLISH)


def days_with_snapshots(days: Sequence[date], day: date) -> str:
    """Where the snapshots are, as seen from `day`: their range and the nearest days before and after it."""
    return sentences.days_words(days_around(days, day), ENGLISH)


def describe_failure(failure: plan.Failure) -> str:
    """Why an app failed, or the run stopped."""
    return sentences.failure_words(failure, ENGLISH)


def describe_stopped(run: RestoreRunInfo) -> str | None:
    """How a run of the audit trail stopped (None: it completed); recorded before the audit kept codes, in the words
    it was recorded with."""
    stopped = plan.failure_from_json(run.stopped)
    return describe_failure(stopped) if stopped is not None else run.message
