"""Why a restore can't start, in the window's words: the plan's refusals (PlanError), the input's
(RestoreInputError) and a pick of values the restore can't take as asked (PickError). The sentences are
services/restore_sentences/'s, as the command line's (services/restore_texts.py), translated."""

from __future__ import annotations

from desktop_app.domain.cherry_pick import PickError
from desktop_app.domain.restore_plan import PlanError
from desktop_app.services import restore_sentences as sentences
from desktop_app.services.restore import NothingToRestore, RestoreInputError
from desktop_app.ui.restore.words import WINDOW


def refusal_text(exc: BaseException) -> str | None:
    """The sentence for a restore refused before anything was written; None for any other failure."""
    if isinstance(exc, PlanError):
        return plan_error_text(exc)
    if isinstance(exc, RestoreInputError):
        return input_error_text(exc)
    if isinstance(exc, PickError):
        return pick_error_text(exc)
    return None


def plan_error_text(error: PlanError) -> str:
    return sentences.plan_error_words(error, WINDOW)


def input_error_text(error: RestoreInputError) -> str:
    if isinstance(error, NothingToRestore):  # the command line names the apps (restore_selection.py)
        return WINDOW.say(sentences.NONE_IN_THIS_SNAPSHOT, len(error.left_out))
    return sentences.input_error_words(error, WINDOW)


def pick_error_text(error: PickError) -> str:
    """Restore selected values…: why those values can't be restored as asked."""
    return sentences.pick_error_words(error, WINDOW)
