"""English sentences for what the restore planner and run return as codes (actions, warnings and notes, follow-ups,
access changes, failures, plan, pick and input errors): the CLI's words, and those of the report files and the audit trail. The
window makes its own from the same codes, through tr() (ui/restore/words.py).
"""

from __future__ import annotations

import collections
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from desktop_app.domain.cherry_pick import PickError, PickErrorCode
from desktop_app.domain.counts import counted
from desktop_app.domain.remap import humanize
from desktop_app.domain.restore_plan import (
    MAX_DISPLAY_NAME_LENGTH,
    AccessChange,
    AccessChangeKind,
    Action,
    Failure,
    FailureCode,
    FollowUp,
    FollowUpCode,
    PlanError,
    PlanErrorCode,
    PlanWarning,
    Undo,
    UriLeftOutReason,
    WarningCode,
    failure_from_json,
)
from desktop_app.services.restore_model import InputProblem, NothingToRestore, RestoreInputError, days_around
from desktop_app.services.restore_selection import nothing_to_restore_text
from desktop_app.store.records import RestoreRunInfo

_ACTIONS: Mapping[Action, str] = {
    Action.OVERWRITE: "overwrite",
    Action.UNDELETE: "undelete from the recycle bin, then overwrite",
    Action.RECREATE: "recreate (deleted permanently: new client ID)",
    Action.CREATE_AS_NEW: "create as a new app",
    Action.CREATE_IN_TARGET: "create in the target tenant",
    Action.OVERWRITE_IN_TARGET: "overwrite the earlier copy in the target tenant",
    Action.UNDELETE_IN_TARGET: "undelete the earlier copy in the target tenant, then overwrite",
}


# TARGET_STATE_UNKNOWN's parts, in words.
_PARTS: Mapping[str, str] = {"owners": "owners", "federatedIdentityCredentials": "federated credentials",
                             "servicePrincipal": "enterprise application (consent and assignments)",
                             "servicePrincipal.access": "consent and assignments of the enterprise application"}


def describe_action(action: Action) -> str:
    return _ACTIONS.get(action, action.value)


def warning_facts(code: WarningCode, p: Mapping[str, str]) -> dict[str, str]:
    """The facts a warning's sentence names that its params hold only in parts, the same in every language (the
    window's words too, ui/restore/words.py): `name`, a credential's display name or else its key ID, or an owner's
    or an API's display name and a space (or nothing); `who`, the principal not found."""
    derived: dict[str, str] = {}
    if code in (WarningCode.CERTIFICATE_NOT_RESTORABLE, WarningCode.SECRET_KEPT,
                WarningCode.CERTIFICATE_BYTES_PENDING, WarningCode.SP_CERTIFICATE_NOT_RESTORED):
        derived["name"] = p.get("display_name") or p.get("key_id") or ""
    elif code in (WarningCode.OWNER_NOT_FOUND, WarningCode.CONSENT_RESOURCE_NOT_IN_TARGET):
        derived["name"] = p["display_name"] + " " if p.get("display_name") else ""
    if code is WarningCode.OWNER_NOT_FOUND:
        derived["who"] = p.get("user_principal_name") or p.get("app_id") or p.get("owner_id") or ""
    elif code is WarningCode.PRINCIPAL_NOT_FOUND:
        derived["who"] = p.get("user_principal_name") or p.get("display_name") or p.get("principal_id") or ""
    return derived


# The portal's names of the redirect URI platforms, and the characters Graph refuses in a redirect URI.
_PLATFORMS = {"web": "Web", "spa": "Single-page application", "publicClient": "Mobile and desktop applications"}
_FORBIDDEN = "! $ ' ( ) , ;"

# The warnings' sentences whose facts are said as they are (warning_facts adds `name` and `who`); the others, whose
# words depend on a reason, are made in describe_warning.
_WARNINGS: Mapping[WarningCode, str] = {
    WarningCode.CLIENT_ID_WILL_CHANGE: "The app was deleted permanently: Graph gives the recreated app a new client ID "
    "(was {old_app_id}). Update the apps and services that use the old one.",
    WarningCode.IDENTIFIER_URI_REWRITTEN: "Identifier URI {old} becomes {new}.",
    WarningCode.OWNER_NOT_FOUND: "Owner {name}({who}) was not found in the tenant restored to, and is left out.",
    WarningCode.OWNERS_KEPT: "The snapshot had no owners that can be put back; the {count} current owner(s) stay.",
    WarningCode.CUSTOM_API_NOT_IN_TARGET: "The app asks for permissions of API {resource_app_id}, which does not exist "
    "in the target tenant: restore that API too, or remove the permission.",
    WarningCode.TOKEN_ENCRYPTION_KEY_LEFT_OUT: "Token encryption key {key_id} is left out: its certificate can't be "
    "restored.",
    WarningCode.SECRET_KEPT: "Client secret {name} (hint {hint}) was added after the snapshot and is kept.",
    WarningCode.LOGO_NOT_REMOVABLE: "The snapshot had no logo, but Graph can't remove one: the current logo stays.",
    WarningCode.CONSENT_RESOURCE_NOT_IN_TARGET: "The app was granted permissions on {name}({resource_app_id}), which "
    "has no service principal in the tenant restored to: that consent is left out.",
    WarningCode.PERMISSION_NOT_IN_TARGET: "Permission {value} of {resource_app_id} is not published there: it is left "
    "out of the consent restored.",
    WarningCode.PRINCIPAL_NOT_FOUND: "{kind} {who} was not found in the tenant restored to: its consent or assignment "
    "is left out.",
    WarningCode.ACCESS_FROM_RECYCLE_BIN: "The enterprise application comes back from the recycle bin with its consent "
    "and user/group assignments as they were when it was deleted.",
    WarningCode.ACCESS_NOT_COPIED: "The new app's enterprise application gets the settings only: consent and "
    "user/group assignments were not copied (ask for them with 'copy consent and assignments').",
    WarningCode.CERTIFICATES_KEPT: "The app's certificates are left as they are: key(s) {key_ids} can't be sent again "
    "(Graph replaces the whole set, so sending the others would delete them).",
    WarningCode.CERTIFICATE_BYTES_PENDING: "Certificate {name}: its bytes were still to come when the snapshot was "
    "written, so the app keeps the certificate it has with that key.",
    WarningCode.FEDERATED_CREDENTIAL_LEFT_OUT: "Federated credential {name} is left out: its subject is an object of "
    "the source tenant ({issuer}), meaningless in this one.",
    WarningCode.KNOWN_CLIENT_LEFT_OUT: "Known client application {app_id} is left out: it is not an app of the target "
    "tenant.",
    WarningCode.PRE_AUTHORIZATION_LEFT_OUT: "The pre-authorization of client {app_id} is left out: that client is an "
    "app of the source tenant that was not restored here.",
    WarningCode.EXTENSION_PROPERTY_DIFFERS: "The directory extension {name} differs from the snapshot (type, "
    "multi-valued or targets): Graph can't change one, and making it again would delete its values on every object, "
    "so it is kept.",
    WarningCode.EXTENSION_PROPERTY_KEPT: "The directory extension {name} was added after the snapshot; it is kept "
    "(deleting it would delete its values on every user, group and other object).",
    WarningCode.EXTENSION_PROPERTY_SYNCED: "The directory extension {name} is synced from on-premises Active "
    "Directory: Microsoft Entra Connect makes it, not a restore.",
    WarningCode.REDIRECT_URI_LEFT_OUT: "Redirect URI {uri} ({platform}) is left out: Graph no longer accepts it (https "
    f"only, http for localhost; none of {_FORBIDDEN}). Add its https address in the portal if the app still needs it.",
    WarningCode.REDIRECT_URIS_KEPT: "The settings under {platform} are kept as they are: the app has a redirect URI "
    f"there Graph no longer accepts (http other than localhost, or one of {_FORBIDDEN}), and Graph refuses any change "
    "that carries it. Replace it in the portal, then restore again.",
    WarningCode.SP_CERTIFICATE_NOT_RESTORED: "The enterprise application's certificate {name} ({usage}) is not "
    "restored: the snapshot doesn't hold its bytes, or they can't be sent back beside the enterprise application's "
    "SAML signing key. Upload it to the enterprise application again if it is still used.",
    WarningCode.GROUP_ASSIGNMENT_NEEDS_PREMIUM: "Group {display_name} is not assigned to {role}: this tenant has Entra "
    "ID Free, which can't assign groups to an application (Entra ID P1 or P2 can). Assign its members one by one, or "
    "restore again once the tenant has P1 or P2.",
    WarningCode.OWNER_GONE: "Owner {owner_id} no longer exists in the tenant and was left out.",
    WarningCode.SERVER_DEFAULT: "Graph gave the new app its default for {path} (the snapshot had none); that is "
    "Graph's, not a failure.",
    WarningCode.ADOPTED: "An interrupted restore had created this app; it was taken over and completed (no duplicate).",
    WarningCode.FOUND_AFTER_TIMEOUT: "A create timed out or its answer was lost; the app it made was found and used "
    "(no duplicate).",
    WarningCode.GROUP_ASSIGNMENT_REFUSED: "Group {display_name} was not assigned to {role}: the tenant's Entra ID plan "
    "does not allow assigning groups to an application (Entra ID P1 or P2 is needed). Assign its members one by one, "
    "or restore again once the tenant has P1 or P2.",
    WarningCode.NEW_SIGNING_CERTIFICATE: "New SAML signing certificate, thumbprint {thumbprint}: it signs the app's "
    "tokens now.",
    WarningCode.ASSIGNMENTS_NOT_LISTED_YET: "{count} app role assignment(s) this restore made are not listed by Graph "
    "yet (it lists them 30 to 60 seconds after they are made); Graph accepted each when it was written.",
}


def describe_warning(warning: PlanWarning) -> str:
    said = {k: humanize(v) for k, v in warning.params.items()}
    p = collections.defaultdict(str, said)
    code = warning.code
    p.update(warning_facts(code, said))
    if code is WarningCode.IDENTIFIER_URI_LEFT_OUT:
        if p["reason"] == UriLeftOutReason.IN_USE_BY_ORIGINAL:
            return f"Identifier URI {p['uri']} is left out: the original app still uses it."
        if p["reason"] == UriLeftOutReason.NOT_ALLOWED_BY_POLICY:
            return (f"Identifier URI {p['uri']} is left out: it names no verified domain, tenant ID or client ID, "
                    "and Graph's identifier-URI policy refuses such new URIs.")
        return f"Identifier URI {p['uri']} is left out: it is not on a verified domain of the target tenant."
    if code is WarningCode.CERTIFICATE_NOT_RESTORABLE:
        why = {
            "not_public": "it is not a public certificate",
            "bytes_pending": "the snapshot was written before its bytes were read (the backup reads them "
                             "afterwards; the next backup fills them in if it was stopped)",
        }.get(p["reason"], "its bytes were never backed up")
        return f"Certificate {p['name']} can't be restored: {why}."
    if code is WarningCode.UNIQUE_NAME_LEFT_OUT:
        why = "the original app still has it" if p["reason"] == "in_use_by_original" else "it can't be changed once set"
        return f"Unique name {p['unique_name']} is left out: {why}."
    if code is WarningCode.TARGET_STATE_UNKNOWN:
        part = _PARTS.get(p["part"], p["part"])
        if p["reason"] == "recycle_bin":
            return (f"The {part} of an app in the recycle bin can't be listed until it is restored, so the "
                    f"snapshot's {part} are written as they are; others it comes back with, if any, stay.")
        if p["part"].startswith("servicePrincipal"):
            return (f"The {part} could not be read where the app is restored: it is written as the snapshot had "
                    "it, and nothing there is removed.")
        return f"The current {p['part']} of the app could not be read: extras, if any, are not removed."
    p["kind"] = "Group" if p["principal_type"] == "Group" else "User"
    p["platform"] = _PLATFORMS.get(p["platform"], p["platform"])
    p["usage"] = p["usage"] or "certificate"
    if code in _WARNINGS:
        return _WARNINGS[code].format_map(p)
    return f"{code.value} {said}"


def remark_text(warning: PlanWarning) -> str:
    """A warning, or a note said as one, for lists that hold both (the report files, the audit trail)."""
    text = describe_warning(warning)
    return f"Note: {text}" if warning.is_note else text


_ACCESS_WORDS: Mapping[AccessChangeKind, tuple[str, str]] = {
    AccessChangeKind.GRANT: ("Grant admin consent", "Granted admin consent"),
    AccessChangeKind.REVOKE: ("Remove the consent", "Removed the consent"),
    AccessChangeKind.PERMIT: ("Grant the application permission", "Granted the application permission"),
    AccessChangeKind.UNPERMIT: ("Remove the application permission", "Removed the application permission"),
    AccessChangeKind.ASSIGN: ("Assign", "Assigned"),
    AccessChangeKind.UNASSIGN: ("Unassign", "Unassigned"),
}


def describe_access(change: AccessChange, *, done: bool = False) -> str:
    """A grant or assignment in plain words; consent is a powerful write, so it says what it gives to whom."""
    verb = _ACCESS_WORDS[change.kind][1 if done else 0]
    if change.kind in (AccessChangeKind.GRANT, AccessChangeKind.REVOKE):
        who = f"for {change.who} only" if change.who else "for all users of the tenant"
        return f"{verb} {who} on {change.subject}: {change.detail}"
    if change.kind in (AccessChangeKind.PERMIT, AccessChangeKind.UNPERMIT):
        return f"{verb} {change.detail} on {change.subject} (the app acts without a signed-in user)"
    return f"{verb} {change.subject} to {change.detail}" if change.kind is AccessChangeKind.ASSIGN \
        else f"{verb} {change.subject} from {change.detail}"


def describe_follow_up(follow_up: FollowUp) -> str:
    p = follow_up.params
    if follow_up.code is FollowUpCode.NEW_SAML_SIGNING_CERTIFICATE:
        return ("The SAML single sign-on certificate is new (Graph never returns the old one's private key, thumbprint "
                f"{p.get('old_thumbprint')}): give the service provider the new certificate or the app's federation "
                "metadata, or its users can't sign in.")
    if follow_up.code is FollowUpCode.COPY_EXTENSION_VALUES:
        new_app_id = p.get("new_app_id")  # known once the run made the app (restore_execution adds it)
        prefix = f"extension_{new_app_id.replace('-', '')}_" if new_app_id else "extension_<new client ID>_"
        names = [n for n in (p.get("names") or "").split(",") if n]
        pairs = "; ".join(f"{old} -> {prefix}{old.split('_', 2)[-1]}" for old in names)
        return ("The app's directory extensions were made again under its new client ID, so their names changed. "
                f"Values on users, groups and other objects keep the old names: copy them ({pairs}).")
    if follow_up.code is FollowUpCode.ISSUE_SECRET:
        expiry = f", expired/expires {p.get('end_date_time')}" if p.get("end_date_time") else ""
        return (
            f"Issue a new client secret to replace {p.get('display_name') or p.get('key_id')} "
            f"(hint {p.get('hint') or '-'}{expiry}): Graph never returns secrets, so none can be restored."
        )
    if follow_up.code is FollowUpCode.ISSUE_SP_SECRET:
        expiry = f", expired/expires {p.get('end_date_time')}" if p.get("end_date_time") else ""
        return (f"Issue the enterprise application a new client secret to replace "
                f"{p.get('display_name') or p.get('key_id')} (hint {p.get('hint') or '-'}{expiry}): Graph never "
                "returns secrets, so none can be restored.")
    if follow_up.code is FollowUpCode.GRANT_ADMIN_CONSENT:
        resources = ", ".join(humanize(r) for r in (p.get("resource_app_ids") or "").split(",") if r)
        return f"Grant admin consent again for the permissions on {resources}: consent is not part of the app."
    return f"{follow_up.code.value} {dict(p)}"


_PLAN_ERRORS: Mapping[PlanErrorCode, str] = {
    PlanErrorCode.NO_APPS_SELECTED: "No apps are selected.",
    PlanErrorCode.DUPLICATE_APP: "App {object_id} is selected twice.",
    PlanErrorCode.AS_NEW_NEEDS_ONE_APP: "Restore as new takes exactly one app; {count} are selected.",
    PlanErrorCode.NAME_EMPTY: "Type a name for the new app.",
    PlanErrorCode.NAME_TOO_LONG: "The new app's name is too long: at most {max_length} characters.",
    PlanErrorCode.TARGET_TENANT_MISSING: "Choose the tenant to restore to.",
    PlanErrorCode.SAME_TENANT: "The target tenant is the tenant the backup comes from: restore with object instead.",
    PlanErrorCode.TARGET_HAS_NO_VERIFIED_DOMAINS: "Tenant {tenant_id} has no verified domain to rewrite identifier "
                                                  "URIs to.",
    PlanErrorCode.DOMAIN_NOT_VERIFIED: "Domain {domain} is not a verified domain of the target tenant.{verified}",
    PlanErrorCode.TARGET_STATE_MISSING: "The current state of app {object_id} could not be read.",
}


def describe_plan_error(error: PlanError) -> str:
    template = _PLAN_ERRORS.get(error.code)
    if template is None:
        return str(error)
    p = error.params
    verified = f" Its verified domains: {p['verified']}." if p.get("verified") else ""
    values = {"max_length": str(MAX_DISPLAY_NAME_LENGTH), **{k: str(v) for k, v in p.items()}, "verified": verified}
    return template.format_map(collections.defaultdict(lambda: "None", values))


def describe_pick_error(error: PickError) -> str:
    """--only / "Restore selected values…": why those paths can't be restored as asked."""
    code, path, detail = error.code, error.path, error.detail
    if code is PickErrorCode.EMPTY:
        return "Name at least one path to restore, e.g. web.redirectUris or owners."
    if code is PickErrorCode.UNKNOWN_PATH:
        hint = f" Did you mean {detail}?" if detail else ""
        return f"{path!r} is not a property path of an app registration.{hint}"
    if code is PickErrorCode.READ_ONLY:
        return f"{path} is set by Microsoft Graph and can't be restored."
    if code is PickErrorCode.SECRETS:
        return "Client secrets can't be restored (Graph never returns them): issue new ones instead."
    if code is PickErrorCode.NOT_A_COLLECTION:
        return f"{path}: only items of these collections can be picked one by one: {detail}."
    if code is PickErrorCode.ITEM_NOT_FOUND:
        return f"{path}: no such item in the snapshot or in the app now."
    if code is PickErrorCode.NEEDS_PATH:
        return (f"Restoring only {path} would leave a pre-authorized client naming a scope the app would not have: "
                f"add {detail} to the paths.")
    return str(error)


_INPUT_PROBLEMS: Mapping[InputProblem, str] = {
    InputProblem.UNKNOWN_TENANT: "No tenant {tenant!r} has been added.",
    InputProblem.NO_SUCH_SNAPSHOT: "There is no snapshot {snapshot_id}.",
    InputProblem.SNAPSHOT_OF_ANOTHER_TENANT: "Snapshot {snapshot_id} is not a snapshot of {tenant}.",
    InputProblem.SNAPSHOT_INCOMPLETE: "Snapshot {snapshot_id} did not complete; choose another one.",
    InputProblem.PICK_ONLY_WITH_OBJECT: "Restoring selected values works on apps in their own tenant (with object), "
                                        "not as new or into another tenant.",
    InputProblem.PICKED_APP_GONE: "{display_name} ({app_id}) {where}: selected values can only be restored into an "
                                  "app that exists. Restore the whole app first.",
    InputProblem.PICK_REFUSED: "Those paths can't be restored on their own.",
    InputProblem.NOTHING_TO_RESTORE: "None of the {count} chosen apps is in snapshot {snapshot_id}.",
}


def describe_input_error(error: RestoreInputError) -> str:
    """Why a restore can't start from what was asked."""
    if isinstance(error, NothingToRestore):
        return nothing_to_restore_text(error.snapshot, error.left_out)
    if error.pick is not None:
        return describe_pick_error(error.pick)
    p = error.params
    if error.problem is InputProblem.NO_SNAPSHOT_THEN:
        when = p.get("day", "") + (f" at or before {p['at']}" if p.get("at") else "")
        return f"There is no snapshot on {when}. {_days_text(p)}"
    template = _INPUT_PROBLEMS.get(error.problem)
    if template is None:
        return str(error)
    where = "is in the recycle bin" if p.get("presence") == "recycled" else "was deleted permanently"
    return template.format_map(collections.defaultdict(str, {**p, "where": where}))


def days_with_snapshots(days: Sequence[date], day: date) -> str:
    """Where the snapshots are, as seen from `day`: their range and the nearest days before and after it."""
    return _days_text(days_around(days, day))


def _days_text(p: Mapping[str, str]) -> str:
    count = int(p.get("count") or 0)
    if not count:
        return "The tenant has no snapshot yet."
    span = (f"Snapshots exist on 1 day, {p['first']}." if count == 1 else
            f"Snapshots exist on {count} days from {p['first']} to {p['last']}.")
    near = [f"the last before it is {p['before']}"] if p.get("before") else []
    near += [f"the first after it is {p['after']}"] if p.get("after") else []
    return span + (f" Nearest: {' and '.join(near)}." if near and count > 1 else "")


_FAILURES: Mapping[FailureCode, str] = {
    FailureCode.STEP_FAILED: "{step} failed: {error}",
    FailureCode.BYTES_MISSING: "The stored bytes {sha256} are missing from the database.",
    FailureCode.UNEXPECTED_METHOD: "Unexpected method {method} in the plan.",
    FailureCode.UNIQUE_NAME_TAKEN: "An app with this unique name exists already ({object_id}): it is not the one "
                                   "being restored, so it is left untouched. Restore as a new app, or remove that "
                                   "one first.",
    FailureCode.GRANT_NOT_FOUND: "Graph says the grant exists, but it could not be found to update.",
    FailureCode.REFERENCE_NOT_RESTORED: "Not done because an app it refers to was not restored: {unresolved}",
    FailureCode.NEW_ID_UNKNOWN: "The app's new id is not known, so it could not be read back.",
    FailureCode.READ_BACK_FAILED: "Reading the app back failed: {error}",
    FailureCode.NOT_VERIFIED: "Read back after the restore, the app differs from the plan at: {paths}",
    FailureCode.NOT_STARTED: "Cancelled before this app was started.",
    FailureCode.NOT_STARTED_WRITE_REFUSED: "Not started: Graph refused the run's first write.",
    FailureCode.STILL_THERE: "Still there after the rollback: {items}.",
    FailureCode.DELETED_SINCE_PREVIEW: "{object_id} was deleted after the preview; preview again to restore it.",
    FailureCode.UNEXPECTED: "Unexpected error: {error}",
    FailureCode.NOT_A_RECYCLE: "Not a move to the recycle bin: {method} {path}. Nothing was sent.",
    FailureCode.KEY_BYTES_UNAVAILABLE: "Graph does not give out the bytes of {keys} (a private signing key), and "
                                       "keyCredentials can only be replaced whole: nothing was written, so no other "
                                       "key was lost. Remove the certificate in the Entra admin center.",
    FailureCode.INTERRUPTED_BEFORE_START: "Not started: the {run} was interrupted before it.",
    FailureCode.INTERRUPTED_AFTER_CREATE: "The restore was interrupted after creating this app ({object_id}); it was "
                                          "adopted, not created again. Finish the restore (or run it again) to "
                                          "complete and verify it.",
    FailureCode.INTERRUPTED_NOTHING_CREATED: "The restore was interrupted while creating this app; Graph shows no app "
                                             "it made, so nothing was created. Run the restore again to create it.",
    FailureCode.INTERRUPTED_UNDER_WAY: "The {run} was interrupted while this app was being {done}; run it again to "
                                       "finish and verify it.",
    FailureCode.CANCELLED_BEFORE_WRITING: "Cancelled before anything was written.",
    FailureCode.STOPPED_BEFORE_WRITING: "Stopped before anything was written (Ctrl+C or a signal).",
    FailureCode.FAILED_BEFORE_WRITING: "Stopped before anything was written: {error}",
    FailureCode.NOT_ALL_ROLLED_BACK: "{failed} of {apps} were not rolled back completely: see each app.",
    FailureCode.WRITE_REFUSED: "Graph refused to write ({status} {code}): the account or token may only read. "
                               "Nothing was changed. Sign in with an account that may change app registrations "
                               "(Application.ReadWrite.All, e.g. Application Administrator) and run the restore "
                               "again.",
    FailureCode.CANCELLED: "Cancelled: the apps in flight, and any app they refer to, were finished; the others were "
                           "not started.",
}
_UNDO: Mapping[Undo, str] = {
    Undo.NONE: "",
    Undo.DONE: " The scopes and app roles disabled for it were enabled again.",
    Undo.FAILED: " Enabling again the scopes and app roles disabled for it failed too: check them.",
}


def describe_stopped(run: RestoreRunInfo) -> str | None:
    """How a run of the audit trail stopped (None: it completed); recorded before the audit kept codes, in the words
    it was recorded with."""
    stopped = failure_from_json(run.stopped)
    return describe_failure(stopped) if stopped is not None else run.message


# After a run stopped while apps were being written: what the next run does about it.
_SETTLED_NEXT = {
    "restore": "The next preview or restore into this tenant settles the apps that were in flight (what they created "
               "is adopted, never created twice).",
    "rollback": "Run the rollback again to finish it: what was undone stays undone, nothing is done twice.",
}


def describe_failure(failure: Failure) -> str:
    """Why an app failed, or the run stopped."""
    values = {k: str(v) for k, v in failure.params.items()}
    if "step" in values:
        values["step"] = describe_step(values["step"])
    code, run = failure.code, values.get("run", "restore")
    if code is FailureCode.PROCESS_GONE:
        return _process_gone(values)
    if code is FailureCode.UNJOURNALED_GONE:
        return _unjournaled_gone(values)
    if code is FailureCode.STOPPED_WHILE_WRITING:
        what = "Stopped while apps were being rolled back." if run == "rollback" else \
            "Stopped at once (a second Ctrl+C or signal) while apps were being written."
        return f"{what} {_SETTLED_NEXT.get(run, '')}"
    if code is FailureCode.FAILED_WHILE_WRITING:
        return f"{values.get('error', '')} while apps were being written. {_SETTLED_NEXT.get(run, '')}"
    values["done"] = "rolled back" if run == "rollback" else "restored"
    values["apps"] = counted(int(values.get("total") or 0), "app")
    text = _FAILURES[code].format_map(collections.defaultdict(str, values))
    return text + _UNDO[failure.undo]


def _process_gone(p: Mapping[str, str]) -> str:
    """A run whose process stopped, settled by the next run into the tenant (services/restore_journal.py)."""
    what = p.get("run", "restore")
    if p.get("taken_over_by"):
        how = (f"taken over by {p['taken_over_by']}, who said its workstation had stopped (host {p.get('host')}, "
               f"process {p.get('pid')})")
    else:
        how = f"the process running this {what} stopped (host {p.get('host')}, process {p.get('pid')})"
    number = {k: int(p.get(k) or 0) for k in ("finished", "total", "adopted", "not_created", "not_started")}
    parts = [f"{number['finished']:,} of {counted(number['total'], 'app')} done"]
    if number["adopted"]:
        parts.append(f"{counted(number['adopted'], 'created app was', 'created apps were')} found and adopted (not "
                     "created again)")
    if number["not_created"]:
        parts.append(f"{counted(number['not_created'], 'create')} had not happened")
    if number["not_started"]:
        parts.append(f"{counted(number['not_started'], 'app was', 'apps were')} not started")
    return f"Interrupted: {how}. " + "; ".join(parts) + f". Run the {what} again to finish it."


def _unjournaled_gone(p: Mapping[str, str]) -> str:
    """A run of a version before the journal, left running, its process gone."""
    try:
        started = datetime.fromisoformat(p.get("started", "")).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        started = p.get("started", "")
    where = f" on {p['workstation']}" if p.get("workstation") else ""
    reported = counted(int(p.get("reported") or 0), "app was", "apps were")
    return (f"Interrupted: this restore (started {started} by {p.get('operator')}{where}) did not finish and its "
            f"process is gone; {reported} reported. It ran without the restore journal (an earlier version of "
            "Regvault), so the apps it was changing when it stopped are not known: preview the restore again to see "
            "what is left to do, and check the tenant for an app it may have created without reporting it.")


def describe_step(kind: str) -> str:
    """A step kind (StepKind's value) as a sentence's subject: "add_owner" -> "Add owner"."""
    return kind.replace("_", " ").capitalize()
