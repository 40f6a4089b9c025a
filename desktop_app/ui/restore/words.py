"""The restore engine's codes in the user's words (STYLE.md: the lower layers return codes, the UI words)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime

from PySide6.QtGui import QColor

from desktop_app.domain.remap import RefKind, humanize
from desktop_app.domain.restore_plan import (
    AccessChange,
    AccessChangeKind,
    Action,
    Failure,
    FailureCode,
    FollowUp,
    FollowUpCode,
    PlanErrorCode,
    PlanWarning,
    RestoreMode,
    StepKind,
    Undo,
    UriLeftOutReason,
    WarningCode,
)
from desktop_app.services.restore_texts import warning_facts
from desktop_app.ui.colors import DANGER, MUTED, SUCCESS, WARNING
from desktop_app.ui.path_words import path_words
from desktop_app.ui.texts import QT_TRANSLATE_NOOP, TrContext, format_datetime

RestoreWordTexts = TrContext("RestoreWordTexts")

# The palette-aware tones of ui/colors.py, under the names the wizard's pages use.
GREEN = SUCCESS
AMBER = WARNING
RED = DANGER
GREY = MUTED


def action_text(action: Action | str, target_name: str = "", *, unchanged: bool = False) -> str:
    """What will happen (or happened) to one app (text: an action a newer version wrote to the audit, as it is);
    `unchanged`: the app is already as at the snapshot, and nothing is written to it."""
    if unchanged:
        return RestoreWordTexts.tr("No change")
    try:
        action = Action(action)
    except ValueError:
        return action
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


def mode_text(mode: RestoreMode | str) -> str:
    """A restore's mode, or the audit trail's spelling of it (text it does not know, as it is)."""
    if mode == "rollback":  # an incident rollback's run (services/rollback.py), in the same history
        return RestoreWordTexts.tr("Incident rollback")
    try:
        mode = _AUDIT_MODES.get(mode) or RestoreMode(mode)
    except ValueError:
        return mode
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


def name_problem_text(code: PlanErrorCode | None) -> str:
    if code is PlanErrorCode.NAME_EMPTY:
        return RestoreWordTexts.tr("Type a name for the new app.")
    if code is PlanErrorCode.NAME_TOO_LONG:
        return RestoreWordTexts.tr("The name is too long: at most 120 characters.")
    return ""


# ------------------------------------------------------------------ warnings, notes, follow-ups, access, failures


def _ref(kind: RefKind, key: str) -> str:
    if kind is RefKind.APP_ID:
        return RestoreWordTexts.tr("<new client ID of {app}>").format(app=key)
    if kind is RefKind.OBJECT_ID:
        return RestoreWordTexts.tr("<new object ID of {app}>").format(app=key)
    if kind is RefKind.BLOB:
        return RestoreWordTexts.tr("<stored bytes {sha}>").format(sha=key[:12])
    return "<Graph>"


def _facts(params: Mapping[str, str]) -> dict[str, str]:
    """A code's facts, references to apps not created yet in words; a fact a sentence needs and lacks is empty."""
    return defaultdict(str, {k: humanize(str(v), _ref) for k, v in params.items()})


def _part_text(part: str) -> str:
    return {
        "owners": RestoreWordTexts.tr("owners"),
        "federatedIdentityCredentials": RestoreWordTexts.tr("federated credentials"),
        "servicePrincipal": RestoreWordTexts.tr("enterprise application (consent and assignments)"),
        "servicePrincipal.access": RestoreWordTexts.tr(
            "consent and assignments of the enterprise application"),
    }.get(part, part)


def _warning_template(warning: PlanWarning, p: Mapping[str, str]) -> str:
    code = warning.code
    if code is WarningCode.IDENTIFIER_URI_LEFT_OUT:
        if p["reason"] == UriLeftOutReason.IN_USE_BY_ORIGINAL:
            return RestoreWordTexts.tr("Identifier URI {uri} is left out: the original app still uses it.")
        if p["reason"] == UriLeftOutReason.NOT_ALLOWED_BY_POLICY:
            return RestoreWordTexts.tr(
                "Identifier URI {uri} is left out: it names no verified domain, tenant ID or client ID, and "
                "Graph's identifier-URI policy refuses such new URIs.")
        return RestoreWordTexts.tr(
            "Identifier URI {uri} is left out: it is not on a verified domain of the target tenant.")
    if code is WarningCode.CERTIFICATE_NOT_RESTORABLE:
        return {
            "not_public": RestoreWordTexts.tr(
                "Certificate {name} can't be restored: it is not a public certificate."),
            "bytes_pending": RestoreWordTexts.tr(
                "Certificate {name} can't be restored: the snapshot was written before its bytes were read "
                "(the backup reads them afterwards; the next backup fills them in if it was stopped)."),
        }.get(p["reason"], RestoreWordTexts.tr(
            "Certificate {name} can't be restored: its bytes were never backed up."))
    if code is WarningCode.UNIQUE_NAME_LEFT_OUT:
        if p["reason"] == "in_use_by_original":
            return RestoreWordTexts.tr("Unique name {unique_name} is left out: the original app still has it.")
        return RestoreWordTexts.tr("Unique name {unique_name} is left out: it can't be changed once set.")
    if code is WarningCode.TARGET_STATE_UNKNOWN:
        if p["reason"] == "recycle_bin":
            return RestoreWordTexts.tr(
                "The {part} of an app in the recycle bin can't be listed until it is restored, so the snapshot's "
                "{part} are written as they are; others it comes back with, if any, stay.")
        if p["part"].startswith("servicePrincipal"):
            return RestoreWordTexts.tr(
                "The {part} could not be read where the app is restored: it is written as the snapshot had it, and "
                "nothing there is removed.")
        return RestoreWordTexts.tr(
            "The current {part} of the app could not be read: extras, if any, are not removed.")
    if code is WarningCode.PRINCIPAL_NOT_FOUND and p["principal_type"] == "Group":
        return RestoreWordTexts.tr(
            "Group {who} was not found in the tenant restored to: its consent or assignment is left out.")
    return {
        WarningCode.CLIENT_ID_WILL_CHANGE: RestoreWordTexts.tr(
            "The app was deleted permanently: Graph gives the recreated app a new client ID (was "
            "{old_app_id}). Update the apps and services that use the old one."),
        WarningCode.IDENTIFIER_URI_REWRITTEN: RestoreWordTexts.tr("Identifier URI {old} becomes {new}."),
        WarningCode.OWNER_NOT_FOUND: RestoreWordTexts.tr(
            "Owner {name}({who}) was not found in the tenant restored to, and is left out."),
        WarningCode.OWNERS_KEPT: RestoreWordTexts.tr(
            "The snapshot had no owners that can be put back; the {count} current owner(s) stay."),
        WarningCode.CUSTOM_API_NOT_IN_TARGET: RestoreWordTexts.tr(
            "The app asks for permissions of API {resource_app_id}, which does not exist in the target "
            "tenant: restore that API too, or remove the permission."),
        WarningCode.TOKEN_ENCRYPTION_KEY_LEFT_OUT: RestoreWordTexts.tr(
            "Token encryption key {key_id} is left out: its certificate can't be restored."),
        WarningCode.SECRET_KEPT: RestoreWordTexts.tr(
            "Client secret {name} (hint {hint}) was added after the snapshot and is kept."),
        WarningCode.LOGO_NOT_REMOVABLE: RestoreWordTexts.tr(
            "The snapshot had no logo, but Graph can't remove one: the current logo stays."),
        WarningCode.CONSENT_RESOURCE_NOT_IN_TARGET: RestoreWordTexts.tr(
            "The app was granted permissions on {name}({resource_app_id}), which has no service principal in "
            "the tenant restored to: that consent is left out."),
        WarningCode.PERMISSION_NOT_IN_TARGET: RestoreWordTexts.tr(
            "Permission {value} of {resource_app_id} is not published there: it is left out of the consent "
            "restored."),
        WarningCode.PRINCIPAL_NOT_FOUND: RestoreWordTexts.tr(
            "User {who} was not found in the tenant restored to: its consent or assignment is left out."),
        WarningCode.ACCESS_FROM_RECYCLE_BIN: RestoreWordTexts.tr(
            "The enterprise application comes back from the recycle bin with its consent and user/group "
            "assignments as they were when it was deleted."),
        WarningCode.ACCESS_NOT_COPIED: RestoreWordTexts.tr(
            "The new app's enterprise application gets the settings only: consent and user/group assignments "
            "were not copied (ask for them with 'copy consent and assignments')."),
        WarningCode.CERTIFICATES_KEPT: RestoreWordTexts.tr(
            "The app's certificates are left as they are: key(s) {key_ids} can't be sent again (Graph "
            "replaces the whole set, so sending the others would delete them)."),
        WarningCode.CERTIFICATE_BYTES_PENDING: RestoreWordTexts.tr(
            "Certificate {name}: its bytes were still to come when the snapshot was written, so the app keeps"
            " the certificate it has with that key."),
        WarningCode.FEDERATED_CREDENTIAL_LEFT_OUT: RestoreWordTexts.tr(
            "Federated credential {name} is left out: its subject is an object of the source tenant "
            "({issuer}), meaningless in this one."),
        WarningCode.KNOWN_CLIENT_LEFT_OUT: RestoreWordTexts.tr(
            "Known client application {app_id} is left out: it is not an app of the target tenant."),
        WarningCode.PRE_AUTHORIZATION_LEFT_OUT: RestoreWordTexts.tr(
            "The pre-authorization of client {app_id} is left out: that client is an app of the source tenant"
            " that was not restored here."),
        WarningCode.OWNER_GONE: RestoreWordTexts.tr(
            "Owner {owner_id} no longer exists in the tenant and was left out."),
        WarningCode.SERVER_DEFAULT: RestoreWordTexts.tr(
            "Graph gave the new app its default for {path} (the snapshot had none); that is Graph's, not a "
            "failure."),
        WarningCode.ADOPTED: RestoreWordTexts.tr(
            "An interrupted restore had created this app; it was taken over and completed (no duplicate)."),
        WarningCode.FOUND_AFTER_TIMEOUT: RestoreWordTexts.tr(
            "A create timed out or its answer was lost; the app it made was found and used (no duplicate)."),
        WarningCode.GROUP_ASSIGNMENT_NEEDS_PREMIUM: RestoreWordTexts.tr(
            "Group {display_name} is not assigned to {role}: this tenant has Entra ID Free, which can't "
            "assign groups to an application (Entra ID P1 or P2 can). Assign its members one by one, or "
            "restore again once the tenant has P1 or P2."),
        WarningCode.GROUP_ASSIGNMENT_REFUSED: RestoreWordTexts.tr(
            "Group {display_name} was not assigned to {role}: the tenant's Entra ID plan does not allow "
            "assigning groups to an application (Entra ID P1 or P2 is needed). Assign its members one by one,"
            " or restore again once the tenant has P1 or P2."),
        WarningCode.EXTENSION_PROPERTY_DIFFERS: RestoreWordTexts.tr(
            "The directory extension {name} differs from the snapshot (type, multi-valued or targets): Graph can't "
            "change one, and making it again would delete its values on every object, so it is kept."),
        WarningCode.EXTENSION_PROPERTY_KEPT: RestoreWordTexts.tr(
            "The directory extension {name} was added after the snapshot; it is kept (deleting it would delete its "
            "values on every user, group and other object)."),
        WarningCode.EXTENSION_PROPERTY_SYNCED: RestoreWordTexts.tr(
            "The directory extension {name} is synced from on-premises Active Directory: Microsoft Entra Connect "
            "makes it, not a restore."),
        WarningCode.REDIRECT_URI_LEFT_OUT: RestoreWordTexts.tr(
            "Redirect URI {uri} ({platform}) is left out: Graph no longer accepts it (https only, http for "
            "localhost; none of ! $ ' ( ) , ;). Add its https address in the portal if the app still needs it."),
        WarningCode.REDIRECT_URIS_KEPT: RestoreWordTexts.tr(
            "The settings under {platform} are kept as they are: the app has a redirect URI there Graph no longer "
            "accepts (http other than localhost, or one of ! $ ' ( ) , ;), and Graph refuses any change that "
            "carries it. Replace it in the portal, then restore again."),
        WarningCode.SP_CERTIFICATE_NOT_RESTORED: RestoreWordTexts.tr(
            "The enterprise application's certificate {name} ({usage}) is not restored: the snapshot doesn't hold its "
            "bytes, or they can't be sent back beside the enterprise application's SAML signing key. Upload it to the "
            "enterprise application again if it is still used."),
        WarningCode.NEW_SIGNING_CERTIFICATE: RestoreWordTexts.tr(
            "New SAML signing certificate, thumbprint {thumbprint}: it signs the app's tokens now."),
        WarningCode.ASSIGNMENTS_NOT_LISTED_YET: RestoreWordTexts.tr(
            "{count} app role assignment(s) this restore made are not listed by Graph yet (it lists them 30 "
            "to 60 seconds after they are made); Graph accepted each when it was written."),
    }.get(code, code.value)


def warning_text(warning: PlanWarning) -> str:
    """A warning or a note of the preview or the report (PlanWarning.is_note tells which)."""
    code, p = warning.code, _facts(warning.params)
    p.update(warning_facts(code, p))  # name, who: as the CLI's words make them
    if code is WarningCode.TARGET_STATE_UNKNOWN:
        p["part"] = _part_text(p["part"])
    elif code is WarningCode.SERVER_DEFAULT and p["path"]:  # the side panel's words, not Graph's path
        p["path"] = path_words(tuple(p["path"].split(".")))
    elif code in (WarningCode.REDIRECT_URI_LEFT_OUT, WarningCode.REDIRECT_URIS_KEPT) and p["platform"]:
        p["platform"] = path_words(("application", p["platform"]))  # Web, Single-page application, …
    return _warning_template(warning, p).format_map(p)


def follow_up_text(follow_up: FollowUp) -> str:
    p = _facts(follow_up.params)
    if follow_up.code is FollowUpCode.ISSUE_SECRET:
        name = p["display_name"] or p["key_id"]
        if p["end_date_time"]:
            text = RestoreWordTexts.tr(
                "Issue a new client secret to replace {name} (hint {hint}, expired/expires {end}): Graph never returns "
                "secrets, so none can be restored.")
        else:
            text = RestoreWordTexts.tr(
                "Issue a new client secret to replace {name} (hint {hint}): Graph never returns secrets, so none can be "
                "restored.")
        return text.format(name=name, hint=p["hint"] or "-", end=p["end_date_time"])
    if follow_up.code is FollowUpCode.ISSUE_SP_SECRET:
        if p["end_date_time"]:
            text = RestoreWordTexts.tr(
                "Issue the enterprise application a new client secret to replace {name} (hint {hint}, expired/expires"
                " {end}): Graph never returns secrets, so none can be restored.")
        else:
            text = RestoreWordTexts.tr(
                "Issue the enterprise application a new client secret to replace {name} (hint {hint}): Graph never "
                "returns secrets, so none can be restored.")
        return text.format(name=p["display_name"] or p["key_id"], hint=p["hint"] or "-", end=p["end_date_time"])
    if follow_up.code is FollowUpCode.GRANT_ADMIN_CONSENT:
        resources = ", ".join(humanize(r, _ref) for r in p["resource_app_ids"].split(",") if r)
        return RestoreWordTexts.tr(
            "Grant admin consent again for the permissions on {resources}: consent is not part of the app.").format(
            resources=resources)
    if follow_up.code is FollowUpCode.NEW_SAML_SIGNING_CERTIFICATE:
        return RestoreWordTexts.tr(
            "The SAML single sign-on certificate is new (Graph never returns the old one's private key, thumbprint "
            "{old}): give the service provider the new certificate or the app's federation metadata, or its users "
            "can't sign in.").format(old=p["old_thumbprint"])
    if follow_up.code is FollowUpCode.COPY_EXTENSION_VALUES:
        prefix = f"extension_{p['new_app_id'].replace('-', '')}_" if p["new_app_id"] else \
            RestoreWordTexts.tr("extension_<new client ID>_")
        pairs = "; ".join(f"{old} -> {prefix}{old.split('_', 2)[-1]}" for old in p["names"].split(",") if old)
        return RestoreWordTexts.tr(
            "The app's directory extensions were made again under its new client ID, so their names changed. Values "
            "on users, groups and other objects keep the old names: copy them ({pairs}).").format(pairs=pairs)
    return follow_up.code.value


def access_text(change: AccessChange, *, done: bool = False) -> str:
    """A grant or assignment the preview will make (or the report made); consent says what it gives to whom."""
    return _access_template(change, done).format(who=change.who, subject=change.subject, detail=change.detail)


def _access_template(change: AccessChange, done: bool) -> str:
    kind = change.kind
    if kind is AccessChangeKind.GRANT and change.who:
        return RestoreWordTexts.tr("Granted admin consent for {who} only on {subject}: {detail}") if done \
            else RestoreWordTexts.tr("Grant admin consent for {who} only on {subject}: {detail}")
    if kind is AccessChangeKind.GRANT:
        return RestoreWordTexts.tr("Granted admin consent for all users of the tenant on {subject}: {detail}") if done \
            else RestoreWordTexts.tr("Grant admin consent for all users of the tenant on {subject}: {detail}")
    if kind is AccessChangeKind.REVOKE and change.who:
        return RestoreWordTexts.tr("Removed the consent for {who} only on {subject}: {detail}") if done \
            else RestoreWordTexts.tr("Remove the consent for {who} only on {subject}: {detail}")
    if kind is AccessChangeKind.REVOKE:
        return RestoreWordTexts.tr("Removed the consent for all users of the tenant on {subject}: {detail}") if done \
            else RestoreWordTexts.tr("Remove the consent for all users of the tenant on {subject}: {detail}")
    if kind is AccessChangeKind.PERMIT:
        return RestoreWordTexts.tr(
            "Granted the application permission {detail} on {subject} (the app acts without a signed-in user)") \
            if done else RestoreWordTexts.tr(
                "Grant the application permission {detail} on {subject} (the app acts without a signed-in user)")
    if kind is AccessChangeKind.UNPERMIT:
        return RestoreWordTexts.tr(
            "Removed the application permission {detail} on {subject} (the app acts without a signed-in user)") \
            if done else RestoreWordTexts.tr(
                "Remove the application permission {detail} on {subject} (the app acts without a signed-in user)")
    if kind is AccessChangeKind.ASSIGN:
        return RestoreWordTexts.tr("Assigned {subject} to {detail}") if done \
            else RestoreWordTexts.tr("Assign {subject} to {detail}")
    return RestoreWordTexts.tr("Unassigned {subject} from {detail}") if done \
        else RestoreWordTexts.tr("Unassign {subject} from {detail}")


def failure_text(failure: Failure) -> str:
    """Why an app failed or was not started, or why the run stopped."""
    p = _facts(failure.params)
    stopped = _stop_text(failure.code, p)
    if stopped is not None:
        return stopped
    text = {
        FailureCode.STEP_FAILED: RestoreWordTexts.tr("{step} failed: {error}"),
        FailureCode.BYTES_MISSING: RestoreWordTexts.tr(
            "The stored bytes {sha256} are missing from the database."),
        FailureCode.UNEXPECTED_METHOD: RestoreWordTexts.tr("Unexpected method {method} in the plan."),
        FailureCode.UNIQUE_NAME_TAKEN: RestoreWordTexts.tr(
            "An app with this unique name exists already ({object_id}): it is not the one being restored, so "
            "it is left untouched. Restore as a new app, or remove that one first."),
        FailureCode.GRANT_NOT_FOUND: RestoreWordTexts.tr(
            "Graph says the grant exists, but it could not be found to update."),
        FailureCode.REFERENCE_NOT_RESTORED: RestoreWordTexts.tr(
            "Not done because an app it refers to was not restored: {unresolved}"),
        FailureCode.NEW_ID_UNKNOWN: RestoreWordTexts.tr(
            "The app's new id is not known, so it could not be read back."),
        FailureCode.READ_BACK_FAILED: RestoreWordTexts.tr("Reading the app back failed: {error}"),
        FailureCode.NOT_VERIFIED: RestoreWordTexts.tr(
            "Read back after the restore, the app differs from the plan at: {paths}"),
        FailureCode.NOT_STARTED: RestoreWordTexts.tr("Cancelled before this app was started."),
        FailureCode.DELETED_SINCE_PREVIEW: RestoreWordTexts.tr(
            "{object_id} was deleted after the preview; preview again to restore it."),
        FailureCode.UNEXPECTED: RestoreWordTexts.tr("Unexpected error: {error}"),
        FailureCode.NOT_A_RECYCLE: RestoreWordTexts.tr(
            "Not a move to the recycle bin: {method} {path}. Nothing was sent."),
        FailureCode.KEY_BYTES_UNAVAILABLE: RestoreWordTexts.tr(
            "Graph does not give out the bytes of {keys} (a private signing key), and keyCredentials can only"
            " be replaced whole: nothing was written, so no other key was lost. Remove the certificate in the"
            " Entra admin center."),
        FailureCode.WRITE_REFUSED: RestoreWordTexts.tr(
            "Graph refused to write ({status} {code}): the account or token may only read. Nothing was "
            "changed. Sign in with an account that may change app registrations (Application.ReadWrite.All, "
            "e.g. Application Administrator) and run the restore again."),
        FailureCode.CANCELLED: RestoreWordTexts.tr(
            "Cancelled: the apps under way, and any app they refer to, were finished; the others were not "
            "started."),
        FailureCode.NOT_STARTED_WRITE_REFUSED: RestoreWordTexts.tr(
            "Not started: Graph refused the run's first write."),
        FailureCode.STILL_THERE: RestoreWordTexts.tr("Still there after the rollback: {items}."),
        FailureCode.INTERRUPTED_AFTER_CREATE: RestoreWordTexts.tr(
            "The restore was interrupted after creating this app ({object_id}); it was adopted, not created "
            "again. Finish the restore (or run it again) to complete and verify it."),
        FailureCode.INTERRUPTED_NOTHING_CREATED: RestoreWordTexts.tr(
            "The restore was interrupted while creating this app; Graph shows no app it made, so nothing was "
            "created. Run the restore again to create it."),
        FailureCode.CANCELLED_BEFORE_WRITING: RestoreWordTexts.tr("Cancelled before anything was written."),
        FailureCode.STOPPED_BEFORE_WRITING: RestoreWordTexts.tr(
            "Stopped before anything was written (Ctrl+C or a signal)."),
        FailureCode.FAILED_BEFORE_WRITING: RestoreWordTexts.tr("Stopped before anything was written: {error}"),
    }[failure.code]
    if "step" in p:
        p["step"] = _step_text(p["step"])
    if failure.code is FailureCode.NOT_VERIFIED and p["paths"]:  # the side panel's words, not Graph's paths
        p["paths"] = "; ".join(path_words(tuple(path.split("."))) for path in p["paths"].split(", "))
    text = text.format_map(p)
    if failure.undo is Undo.DONE:
        text += " " + RestoreWordTexts.tr("The scopes and app roles disabled for it were enabled again.")
    elif failure.undo is Undo.FAILED:
        text += " " + RestoreWordTexts.tr("Enabling again the scopes and app roles disabled for it failed too: check them.")
    return text


def _stop_text(code: FailureCode, p: Mapping[str, str]) -> str | None:
    """How a run (a restore, or an incident rollback: the `run` fact) stopped, or what became of one of its apps when
    it did; None for the other codes."""
    rollback = p["run"] == "rollback"
    if code is FailureCode.INTERRUPTED_BEFORE_START:
        return RestoreWordTexts.tr("Not started: the rollback was interrupted before it.") if rollback \
            else RestoreWordTexts.tr("Not started: the restore was interrupted before it.")
    if code is FailureCode.INTERRUPTED_UNDER_WAY:
        return RestoreWordTexts.tr(
            "The rollback was interrupted while this app was being rolled back; run it again to finish and verify "
            "it.") if rollback else RestoreWordTexts.tr(
            "The restore was interrupted while this app was being restored; run it again to finish and verify it.")
    if code is FailureCode.STOPPED_WHILE_WRITING:
        return RestoreWordTexts.tr(
            "Stopped while apps were being rolled back. Run the rollback again to finish it: what was undone stays "
            "undone, nothing is done twice.") if rollback else RestoreWordTexts.tr(
            "Stopped at once (a second Ctrl+C or signal) while apps were being written. The next preview or restore "
            "into this tenant settles the apps that were under way (what they created is adopted, never created "
            "twice).")
    if code is FailureCode.FAILED_WHILE_WRITING:
        return (RestoreWordTexts.tr(
            "{error} while apps were being rolled back. Run the rollback again to finish it: what was undone stays "
            "undone, nothing is done twice.") if rollback else RestoreWordTexts.tr(
            "{error} while apps were being written. The next preview or restore into this tenant settles the apps "
            "that were under way (what they created is adopted, never created twice).")).format_map(p)
    if code is FailureCode.PROCESS_GONE:
        return _process_gone_text(p, rollback)
    if code is FailureCode.UNJOURNALED_GONE:
        started = _moment(p["started"])
        reported = _number(p["reported"])
        return (RestoreWordTexts.tr(
            "Interrupted: this restore (started {started} by {operator} on {workstation}) did not finish and its "
            "process is gone; %Ln app(s) reported. It ran without the restore journal (an earlier version of "
            "Regvault), so the apps it was changing when it stopped are not known: preview the restore again to see "
            "what is left to do, and check the tenant for an app it may have created without reporting it.", "",
            reported) if p["workstation"] else RestoreWordTexts.tr(
            "Interrupted: this restore (started {started} by {operator}) did not finish and its process is gone; "
            "%Ln app(s) reported. It ran without the restore journal (an earlier version of Regvault), so the apps "
            "it was changing when it stopped are not known: preview the restore again to see what is left to do, "
            "and check the tenant for an app it may have created without reporting it.", "", reported)
        ).format(started=started, operator=p["operator"], workstation=p["workstation"])
    if code is FailureCode.NOT_ALL_ROLLED_BACK:
        return RestoreWordTexts.tr("{failed} of %Ln app(s) were not rolled back completely: see each app.", "",
                                   _number(p["total"])).format(failed=p["failed"])
    return None


def _process_gone_text(p: Mapping[str, str], rollback: bool) -> str:
    """A run whose process stopped, settled by the next run into the tenant: how, and what became of its apps."""
    if p["taken_over_by"]:
        how = RestoreWordTexts.tr("Interrupted: taken over by {who}, who said its workstation had stopped (host "
                                  "{host}, process {pid}).")
    elif rollback:
        how = RestoreWordTexts.tr("Interrupted: the process running this rollback stopped (host {host}, process "
                                  "{pid}).")
    else:
        how = RestoreWordTexts.tr("Interrupted: the process running this restore stopped (host {host}, process "
                                  "{pid}).")
    parts = [RestoreWordTexts.tr("{done} of %Ln app(s) done", "", _number(p["total"])).format(done=p["finished"])]
    if _number(p["adopted"]):
        parts.append(RestoreWordTexts.tr("%Ln app(s) it had created found and adopted (not created again)", "",
                                         _number(p["adopted"])))
    if _number(p["not_created"]):
        parts.append(RestoreWordTexts.tr("%Ln create(s) had not happened", "", _number(p["not_created"])))
    if _number(p["not_started"]):
        parts.append(RestoreWordTexts.tr("%Ln app(s) not started", "", _number(p["not_started"])))
    again = RestoreWordTexts.tr("Run the rollback again to finish it.") if rollback \
        else RestoreWordTexts.tr("Run the restore again to finish it.")
    return " ".join([how.format(who=p["taken_over_by"], host=p["host"], pid=p["pid"]), "; ".join(parts) + ".", again])


def _number(text: str) -> int:
    return int(text) if text.isdigit() else 0


def _moment(text: str) -> str:
    try:
        return format_datetime(datetime.fromisoformat(text))
    except ValueError:
        return text


def _step_text(kind: str) -> str:
    texts: dict[str, str] = {
        StepKind.RESTORE_DELETED_APPLICATION: RestoreWordTexts.tr("Restoring the app from the recycle bin"),
        StepKind.CREATE_APPLICATION: RestoreWordTexts.tr("Creating the app"),
        StepKind.DISABLE_PERMISSIONS: RestoreWordTexts.tr("Disabling the scopes and app roles to remove"),
        StepKind.UPDATE_APPLICATION: RestoreWordTexts.tr("Updating the app"),
        StepKind.SET_PRE_AUTHORIZED_APPLICATIONS: RestoreWordTexts.tr(
            "Setting the pre-authorized applications"),
        StepKind.SET_CERTIFICATES: RestoreWordTexts.tr("Setting the certificates"),
        StepKind.SET_TOKEN_ENCRYPTION_KEY: RestoreWordTexts.tr("Setting the token encryption key"),
        StepKind.DELETE_FEDERATED_CREDENTIAL: RestoreWordTexts.tr("Deleting a federated credential"),
        StepKind.UPDATE_FEDERATED_CREDENTIAL: RestoreWordTexts.tr("Updating a federated credential"),
        StepKind.ADD_FEDERATED_CREDENTIAL: RestoreWordTexts.tr("Adding a federated credential"),
        StepKind.UPSERT_FEDERATED_CREDENTIAL: RestoreWordTexts.tr("Setting a federated credential"),
        StepKind.ADD_OWNER: RestoreWordTexts.tr("Adding an owner"),
        StepKind.REMOVE_OWNER: RestoreWordTexts.tr("Removing an owner"),
        StepKind.SET_LOGO: RestoreWordTexts.tr("Setting the logo"),
        StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL: RestoreWordTexts.tr(
            "Restoring the enterprise application from the recycle bin"),
        StepKind.CREATE_SERVICE_PRINCIPAL: RestoreWordTexts.tr("Creating the enterprise application"),
        StepKind.UPDATE_SERVICE_PRINCIPAL: RestoreWordTexts.tr("Updating the enterprise application"),
        StepKind.SET_DELEGATED_GRANT: RestoreWordTexts.tr("Granting consent"),
        StepKind.REMOVE_DELEGATED_GRANT: RestoreWordTexts.tr("Removing consent"),
        StepKind.ADD_APP_ROLE_ASSIGNMENT: RestoreWordTexts.tr("Assigning an app role"),
        StepKind.REMOVE_APP_ROLE_ASSIGNMENT: RestoreWordTexts.tr("Removing an app role assignment"),
        StepKind.CREATE_EXTENSION_PROPERTY: RestoreWordTexts.tr("Making a directory extension again"),
        StepKind.ADD_TOKEN_SIGNING_CERTIFICATE: RestoreWordTexts.tr("Making a new SAML signing certificate"),
        StepKind.RECYCLE_APPLICATION: RestoreWordTexts.tr("Moving the app to the recycle bin"),
        StepKind.RECYCLE_SERVICE_PRINCIPAL: RestoreWordTexts.tr(
            "Moving the enterprise application to the recycle bin"),
        StepKind.REMOVE_PASSWORD: RestoreWordTexts.tr("Removing a client secret"),
        StepKind.EDIT_KEY_CREDENTIALS: RestoreWordTexts.tr("Changing the certificates"),
        StepKind.EDIT_APPLICATION_LISTS: RestoreWordTexts.tr(
            "Changing the redirect URIs, identifier URIs and permissions"),
    }
    return texts.get(kind, kind)
