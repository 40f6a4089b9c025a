"""Why a restore can't start, in sentences: plan errors, values that can't be restored on their own (--only), and
what was asked that the store can't give (a tenant, a snapshot, a day with none)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from desktop_app.domain import restore_plan as plan
from desktop_app.domain import translation_marks as marks
from desktop_app.domain.cherry_pick import PickError, PickErrorCode
from desktop_app.domain.translation_marks import QT_TRANSLATE_NOOP
from desktop_app.services.restore_model import InputProblem, RestoreInputError
from desktop_app.services.restore_sentences.voice import Voice, facts, number

# ------------------------------------------------------------------------ why a restore can't start: refusals


_PLAN_ERRORS: Mapping[plan.PlanErrorCode, str] = {
    plan.PlanErrorCode.NO_APPS_SELECTED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "No apps to restore: none is chosen, or the snapshot holds none."),
    plan.PlanErrorCode.DUPLICATE_APP: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "App {object_id} is chosen twice."),
    plan.PlanErrorCode.AS_NEW_NEEDS_ONE_APP: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "As new restores exactly one app; {count} are chosen."),
    plan.PlanErrorCode.NAME_EMPTY: QT_TRANSLATE_NOOP("RestoreWordTexts", "Type a name for the new app."),
    plan.PlanErrorCode.NAME_TOO_LONG: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The new app's name is too long: at most {max_length} characters."),
    plan.PlanErrorCode.TARGET_TENANT_MISSING: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Choose the tenant to restore to."),
    plan.PlanErrorCode.SAME_TENANT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The target tenant is the tenant the backup comes from: restore With object or As new "
        "instead."),
    plan.PlanErrorCode.TARGET_HAS_NO_VERIFIED_DOMAINS: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The target tenant ({tenant_id}) has no verified domain to rewrite identifier URIs to."),
    plan.PlanErrorCode.DOMAIN_NOT_VERIFIED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Domain {domain} is not a verified domain of the target tenant."),
    plan.PlanErrorCode.TARGET_STATE_MISSING: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The current state of app {object_id} could not be read."),
}
_VERIFIED_DOMAINS = QT_TRANSLATE_NOOP("RestoreWordTexts", "Its verified domains: {verified}.")


def plan_error_words(error: plan.PlanError, voice: Voice) -> str:
    p = facts(error.params, voice)
    p.setdefault("max_length", str(plan.MAX_DISPLAY_NAME_LENGTH))
    text = voice.say(_PLAN_ERRORS[error.code], -1).format_map(p)
    return f"{text} {voice.say(_VERIFIED_DOMAINS, -1).format_map(p)}" if p["verified"] else text


_PICK_ERRORS: Mapping[PickErrorCode, str] = {
    PickErrorCode.EMPTY: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Choose at least one value to restore, e.g. web.redirectUris or owners."),
    PickErrorCode.UNKNOWN_PATH: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "{path} is not a property of an app registration."),
    PickErrorCode.READ_ONLY: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "{path} is set by Microsoft Graph and can't be restored."),
    PickErrorCode.SECRETS: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Client secrets can't be restored (Graph never returns them): issue new ones instead."),
    PickErrorCode.NOT_A_COLLECTION: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "{path}: only items of these lists can be restored one by one: {detail}."),
    PickErrorCode.ITEM_NOT_FOUND: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "{path}: no such item in the snapshot or in the app now."),
    PickErrorCode.NEEDS_PATH: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Restoring only {path} would leave a pre-authorized client naming a scope the app would "
        "not have: restore {detail} too."),
}
_DID_YOU_MEAN = QT_TRANSLATE_NOOP(
    "RestoreWordTexts", "{path} is not a property of an app registration. Did you mean {detail}?")


def pick_error_words(error: PickError, voice: Voice) -> str:
    """Restore selected values… (--only): why those values can't be restored as asked."""
    unknown_with_hint = error.code is PickErrorCode.UNKNOWN_PATH and error.detail
    sentence = _DID_YOU_MEAN if unknown_with_hint else _PICK_ERRORS[error.code]
    return voice.say(sentence, -1).format(path=error.path, detail=error.detail)


_INPUT_PROBLEMS: Mapping[InputProblem, str] = {
    InputProblem.UNKNOWN_TENANT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The tenant {tenant} is not in Regvault (it may have been removed)."),
    InputProblem.NO_SUCH_SNAPSHOT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "There is no snapshot {snapshot_id} (it may have been removed): choose another one."),
    InputProblem.SNAPSHOT_OF_ANOTHER_TENANT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Snapshot {snapshot_id} is not a snapshot of {tenant}."),
    InputProblem.SNAPSHOT_INCOMPLETE: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Snapshot {snapshot_id} did not complete: choose another one."),
    InputProblem.PICK_ONLY_WITH_OBJECT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Selected values are restored into the app itself (With object), not as new or into "
        "another tenant."),
    InputProblem.PICKED_APP_GONE: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "{display_name} ({app_id}) was deleted permanently: selected values can only be restored "
        "into an app that exists. Restore the whole app first."),
    InputProblem.PICK_REFUSED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "These values can't be restored on their own."),
    InputProblem.NOTHING_TO_RESTORE: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "None of the {count} chosen apps is in snapshot {snapshot_id}."),
}
# NothingToRestore in the window (the command line names the apps left out, services/restore_selection.py).
NONE_IN_THIS_SNAPSHOT = marks.translate(
    "RestoreWordTexts", "None of the %Ln chosen app(s) is in this snapshot: pick another day.", "", -1)
_PICKED_APP_RECYCLED = QT_TRANSLATE_NOOP(
    "RestoreWordTexts", "{display_name} ({app_id}) is in the recycle bin: selected values can only be restored into "
    "an app that exists. Restore the whole app first.")


def input_error_words(error: RestoreInputError, voice: Voice) -> str:
    """Why a restore can't start from what was asked (a NothingToRestore is said by each reader its own way)."""
    if error.pick is not None:
        return pick_error_words(error.pick, voice)
    p = facts(error.params, voice)
    if error.problem is InputProblem.NO_SNAPSHOT_THEN:
        return _no_snapshot_then(p, voice)
    recycled = error.problem is InputProblem.PICKED_APP_GONE and p["presence"] == plan.Presence.RECYCLED
    sentence = _PICKED_APP_RECYCLED if recycled else _INPUT_PROBLEMS.get(error.problem)
    return voice.say(sentence, -1).format_map(p) if sentence is not None else str(error)


_NO_SNAPSHOT_ON = QT_TRANSLATE_NOOP("RestoreWordTexts", "There is no snapshot on {day}.")
_NO_SNAPSHOT_AT = QT_TRANSLATE_NOOP("RestoreWordTexts", "There is no snapshot on {day} at or before {at}.")
_NO_SNAPSHOT_YET = QT_TRANSLATE_NOOP("RestoreWordTexts", "The tenant has no snapshot yet.")
_ONE_DAY = QT_TRANSLATE_NOOP("RestoreWordTexts", "Snapshots exist on 1 day, {first}.")
_DAYS = QT_TRANSLATE_NOOP("RestoreWordTexts", "Snapshots exist on {count} days from {first} to {last}.")
# The nearest days with a snapshot: (one before, one after) -> sentence.
_NEAREST = {
    (True, False): QT_TRANSLATE_NOOP("RestoreWordTexts", "Nearest: the last before it is {before}."),
    (False, True): QT_TRANSLATE_NOOP("RestoreWordTexts", "Nearest: the first after it is {after}."),
    (True, True): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Nearest: the last before it is {before} and the first after it is {after}."),
}


def _no_snapshot_then(p: Mapping[str, str], voice: Voice) -> str:
    missing = voice.say(_NO_SNAPSHOT_AT if p["at"] else _NO_SNAPSHOT_ON, -1).format_map(p)
    return f"{missing} {days_words(p, voice)}"


def days_words(p: Mapping[str, str], voice: Voice) -> str:
    """Where the snapshots are (days_around's facts): their range and the nearest days before and after."""
    facts = defaultdict(str, p)
    count = number(facts["count"])
    if not count:
        return voice.say(_NO_SNAPSHOT_YET, -1)
    span = voice.say(_ONE_DAY if count == 1 else _DAYS, -1).format_map(facts)
    nearest = _NEAREST.get((bool(facts["before"]), bool(facts["after"]))) if count > 1 else None
    return f"{span} {voice.say(nearest, -1).format_map(facts)}" if nearest else span
