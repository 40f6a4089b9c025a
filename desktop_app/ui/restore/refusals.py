"""Why a restore can't start, in the window's words: the plan's refusals (PlanError), the input's
(RestoreInputError) and a pick of values the restore can't take as asked (PickError). The command line says the same
codes in its own words (services/restore_texts.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from desktop_app.domain.cherry_pick import PickError, PickErrorCode
from desktop_app.domain.restore_plan import MAX_DISPLAY_NAME_LENGTH, PlanError, PlanErrorCode, Presence
from desktop_app.services.restore import InputProblem, NothingToRestore, RestoreInputError
from desktop_app.ui.texts import TrContext

RefusalTexts = TrContext("RefusalTexts")


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
    p = _facts(error.params)
    return {
        PlanErrorCode.NO_APPS_SELECTED: RefusalTexts.tr("None of the apps is in this snapshot."),
        PlanErrorCode.DUPLICATE_APP: RefusalTexts.tr("App {object_id} is chosen twice."),
        PlanErrorCode.AS_NEW_NEEDS_ONE_APP: RefusalTexts.tr("As new restores exactly one app."),
        PlanErrorCode.NAME_EMPTY: RefusalTexts.tr("Type a name for the new app."),
        PlanErrorCode.NAME_TOO_LONG: RefusalTexts.tr("The name is too long: at most {max_length} characters."),
        PlanErrorCode.TARGET_TENANT_MISSING: RefusalTexts.tr("Pick the tenant to restore to."),
        PlanErrorCode.SAME_TENANT: RefusalTexts.tr("The target tenant is the source tenant: use With object or As new."),
        PlanErrorCode.TARGET_HAS_NO_VERIFIED_DOMAINS: RefusalTexts.tr("The target tenant has no verified domain."),
        PlanErrorCode.DOMAIN_NOT_VERIFIED: RefusalTexts.tr(
            "The chosen domain is not a verified domain of the target tenant."),
        PlanErrorCode.TARGET_STATE_MISSING: RefusalTexts.tr(
            "The current state of app {object_id} could not be read."),
    }[error.code].format_map(defaultdict(str, {**p, "max_length": str(MAX_DISPLAY_NAME_LENGTH)}))


def input_error_text(error: RestoreInputError) -> str:
    if isinstance(error, NothingToRestore):
        return RefusalTexts.tr("None of the %Ln chosen app(s) is in this snapshot: pick another day.", "",
                               len(error.left_out))
    if error.pick is not None:
        return pick_error_text(error.pick)
    p = _facts(error.params)
    problem = error.problem
    if problem is InputProblem.NO_SNAPSHOT_THEN:
        if p["count"] in ("", "0"):
            return RefusalTexts.tr("The tenant has no snapshot yet.")
        if p["at"]:
            return RefusalTexts.tr("There is no snapshot on {day} at or before {at}. The snapshots are from {first} "
                                   "to {last}.").format_map(p)
        return RefusalTexts.tr("There is no snapshot on {day}. The snapshots are from {first} to {last}.").format_map(p)
    if problem is InputProblem.PICKED_APP_GONE and p["presence"] == Presence.RECYCLED:
        return RefusalTexts.tr(
            "{display_name} ({app_id}) is in the recycle bin: selected values can only be restored into an app "
            "that exists. Restore the whole app first.").format_map(p)
    return {
        InputProblem.UNKNOWN_TENANT: RefusalTexts.tr("The tenant {tenant} is not in Regvault (it may have been "
                                                     "removed)."),
        InputProblem.NO_SUCH_SNAPSHOT: RefusalTexts.tr("There is no snapshot {snapshot_id} (it may have been "
                                                       "removed): pick another one."),
        InputProblem.SNAPSHOT_OF_ANOTHER_TENANT: RefusalTexts.tr("Snapshot {snapshot_id} is not a snapshot of "
                                                                 "{tenant}."),
        InputProblem.SNAPSHOT_INCOMPLETE: RefusalTexts.tr("Snapshot {snapshot_id} did not complete: pick another "
                                                          "one."),
        InputProblem.PICK_ONLY_WITH_OBJECT: RefusalTexts.tr(
            "Selected values are restored into the app itself (With object), not as new or into another tenant."),
        InputProblem.PICKED_APP_GONE: RefusalTexts.tr(
            "{display_name} ({app_id}) was deleted permanently: selected values can only be restored into an app "
            "that exists. Restore the whole app first."),
        InputProblem.PICK_REFUSED: RefusalTexts.tr("These values can't be restored on their own."),
        InputProblem.NOTHING_TO_RESTORE: RefusalTexts.tr("None of the chosen apps is in this snapshot."),
    }.get(problem, problem.value).format_map(p)


def pick_error_text(error: PickError) -> str:
    """Restore selected values…: why those values can't be restored as asked."""
    p = {"path": error.path, "detail": error.detail}
    if error.code is PickErrorCode.UNKNOWN_PATH and error.detail:
        return RefusalTexts.tr("{path} is not a property of an app registration. Did you mean {detail}?").format_map(p)
    return {
        PickErrorCode.EMPTY: RefusalTexts.tr("Choose at least one value to restore."),
        PickErrorCode.UNKNOWN_PATH: RefusalTexts.tr("{path} is not a property of an app registration."),
        PickErrorCode.READ_ONLY: RefusalTexts.tr("{path} is set by Microsoft Graph and can't be restored."),
        PickErrorCode.SECRETS: RefusalTexts.tr(
            "Client secrets can't be restored (Graph never returns them): issue new ones instead."),
        PickErrorCode.NOT_A_COLLECTION: RefusalTexts.tr(
            "{path}: only items of these lists can be restored one by one: {detail}."),
        PickErrorCode.ITEM_NOT_FOUND: RefusalTexts.tr("{path}: no such item in the snapshot or in the app now."),
        PickErrorCode.NEEDS_PATH: RefusalTexts.tr(
            "Restoring only {path} would leave a pre-authorized client naming a scope the app would not have: "
            "restore {detail} too."),
    }[error.code].format_map(p)


def _facts(params: Mapping[str, str]) -> dict[str, str]:
    """The facts; one a sentence needs and lacks is empty."""
    return defaultdict(str, params)
