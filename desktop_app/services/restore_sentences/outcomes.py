"""What a restore preview and run say of each app, in sentences: warnings and notes, follow-ups, grants and
assignments, failures, and how a run stopped."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from desktop_app.domain import restore_plan as plan
from desktop_app.domain import translation_marks as marks
from desktop_app.domain.translation_marks import QT_TRANSLATE_NOOP
from desktop_app.services.restore_sentences.voice import Voice, facts, number

W = plan.WarningCode
F = plan.FailureCode


# ------------------------------------------------------------------------------------------- warnings and notes


# TARGET_STATE_UNKNOWN's parts.
_PARTS: Mapping[str, str] = {
    "owners": QT_TRANSLATE_NOOP("RestoreWordTexts", "owners"),
    "federatedIdentityCredentials": QT_TRANSLATE_NOOP("RestoreWordTexts", "federated credentials"),
    "servicePrincipal": QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "enterprise application (consent and assignments)"),
    "servicePrincipal.access": QT_TRANSLATE_NOOP("RestoreWordTexts",
                                                 "consent and assignments of the enterprise application"),
}
_CERTIFICATE = QT_TRANSLATE_NOOP("RestoreWordTexts", "certificate")  # SP_CERTIFICATE_NOT_RESTORED without a usage

# The warnings said the same whatever their facts.
_WARNINGS: Mapping[plan.WarningCode, str] = {
    W.CLIENT_ID_WILL_CHANGE: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The app was deleted permanently: Graph gives the recreated app a new client ID (was "
        "{old_app_id}). Update the apps and services that use the old one."),
    W.IDENTIFIER_URI_REWRITTEN: QT_TRANSLATE_NOOP("RestoreWordTexts", "Identifier URI {old} becomes {new}."),
    W.OWNER_NOT_FOUND: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Owner {name}({who}) was not found in the tenant restored to, and is left out."),
    W.OWNERS_KEPT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The snapshot had no owners that can be put back; the {count} current owner(s) stay."),
    W.CUSTOM_API_NOT_IN_TARGET: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The app asks for permissions of API {resource_app_id}, which does not exist in the "
        "target tenant: restore that API too, or remove the permission."),
    W.TOKEN_ENCRYPTION_KEY_LEFT_OUT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Token encryption key {key_id} is left out: its certificate can't be restored."),
    W.SECRET_KEPT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Client secret {name} (hint {hint}) was added after the snapshot and is kept."),
    W.LOGO_NOT_REMOVABLE: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The snapshot had no logo, but Graph can't remove one: the current logo stays."),
    W.CONSENT_RESOURCE_NOT_IN_TARGET: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The app was granted permissions on {name}({resource_app_id}), which has no service "
        "principal in the tenant restored to: that consent is left out."),
    W.PERMISSION_NOT_IN_TARGET: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Permission {value} of {resource_app_id} is not published there: it is left out of the "
        "consent restored."),
    W.PRINCIPAL_NOT_FOUND: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "User {who} was not found in the tenant restored to: its consent or assignment is left "
        "out."),
    W.ACCESS_FROM_RECYCLE_BIN: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The enterprise application comes back from the recycle bin with its consent and "
        "user/group assignments as they were when it was deleted."),
    W.ACCESS_NOT_COPIED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The new app's enterprise application gets the settings only: consent and user/group "
        "assignments were not copied (ask for them with 'copy consent and assignments')."),
    W.CERTIFICATES_KEPT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The app's certificates are left as they are: key(s) {key_ids} can't be sent again "
        "(Graph replaces the whole set, so sending the others would delete them)."),
    W.CERTIFICATE_BYTES_PENDING: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Certificate {name}: its bytes were still to come when the snapshot was written, so the "
        "app keeps the certificate it has with that key."),
    W.FEDERATED_CREDENTIAL_LEFT_OUT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Federated credential {name} is left out: its subject is an object of the source tenant "
        "({issuer}), meaningless in this one."),
    W.KNOWN_CLIENT_LEFT_OUT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Known client application {app_id} is left out: it is not an app of the target tenant."),
    W.PRE_AUTHORIZATION_LEFT_OUT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The pre-authorization of client {app_id} is left out: that client is an app of the "
        "source tenant that was not restored here."),
    W.EXTENSION_PROPERTY_DIFFERS: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The directory extension {name} differs from the snapshot (type, multi-valued or "
        "targets): Graph can't change one, and making it again would delete its values on every object, so it is "
        "kept."),
    W.EXTENSION_PROPERTY_KEPT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The directory extension {name} was added after the snapshot; it is kept (deleting it "
        "would delete its values on every user, group and other object)."),
    W.EXTENSION_PROPERTY_SYNCED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The directory extension {name} is synced from on-premises Active Directory: Microsoft "
        "Entra Connect makes it, not a restore."),
    W.REDIRECT_URI_LEFT_OUT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Redirect URI {uri} ({platform}) is left out: Graph no longer accepts it (https only, "
        "http for localhost; none of ! $ ' ( ) , ;). Add its https address in the portal if the app still needs it."),
    W.REDIRECT_URIS_KEPT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The settings under {platform} are kept as they are: the app has a redirect URI there "
        "Graph no longer accepts (http other than localhost, or one of ! $ ' ( ) , ;), and Graph refuses any change "
        "that carries it. Replace it in the portal, then restore again."),
    W.SP_CERTIFICATE_NOT_RESTORED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The enterprise application's certificate {name} ({usage}) is not restored: the snapshot "
        "doesn't hold its bytes, or they can't be sent back beside the enterprise application's SAML signing key. "
        "Upload it to the enterprise application again if it is still used."),
    W.GROUP_ASSIGNMENT_NEEDS_PREMIUM: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Group {display_name} is not assigned to {role}: this tenant has Entra ID Free, which "
        "can't assign groups to an application (Entra ID P1 or P2 can). Assign its members one by one, or restore "
        "again once the tenant has P1 or P2."),
    W.OWNER_GONE: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Owner {owner_id} no longer exists in the tenant and was left out."),
    W.SERVER_DEFAULT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Graph gave the new app its default for {path} (the snapshot had none); that is Graph's, "
        "not a failure."),
    W.ADOPTED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "An interrupted restore had created this app; it was taken over and completed (no "
        "duplicate)."),
    W.FOUND_AFTER_TIMEOUT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "A create timed out or its answer was lost; the app it made was found and used (no "
        "duplicate)."),
    W.GROUP_ASSIGNMENT_REFUSED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Group {display_name} was not assigned to {role}: the tenant's Entra ID plan does not "
        "allow assigning groups to an application (Entra ID P1 or P2 is needed). Assign its members one by one, or "
        "restore again once the tenant has P1 or P2."),
    W.NEW_SIGNING_CERTIFICATE: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "New SAML signing certificate, thumbprint {thumbprint}: it signs the app's tokens now."),
    W.ASSIGNMENTS_NOT_LISTED_YET: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "{count} app role assignment(s) this restore made are not listed by Graph yet (it lists "
        "them 30 to 60 seconds after they are made); Graph accepted each when it was written."),
}

# The warnings whose sentence depends on a fact (_warning_case): (code, case) -> sentence; case "" for the others.
_WARNING_CASES: Mapping[tuple[plan.WarningCode, str], str] = {
    (W.IDENTIFIER_URI_LEFT_OUT, plan.UriLeftOutReason.IN_USE_BY_ORIGINAL): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Identifier URI {uri} is left out: the original app still uses it."),
    (W.IDENTIFIER_URI_LEFT_OUT, plan.UriLeftOutReason.NOT_ALLOWED_BY_POLICY): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Identifier URI {uri} is left out: it names no verified domain, tenant ID or client ID, "
        "and Graph's identifier-URI policy refuses such new URIs."),
    (W.IDENTIFIER_URI_LEFT_OUT, ""): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Identifier URI {uri} is left out: it is not on a verified domain of the target tenant."),
    (W.CERTIFICATE_NOT_RESTORABLE, "not_public"): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Certificate {name} can't be restored: it is not a public certificate."),
    (W.CERTIFICATE_NOT_RESTORABLE, "bytes_pending"): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Certificate {name} can't be restored: the snapshot was written before its bytes were "
        "read (the backup reads them afterwards; the next backup fills them in if it was stopped)."),
    (W.CERTIFICATE_NOT_RESTORABLE, ""): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Certificate {name} can't be restored: its bytes were never backed up."),
    (W.UNIQUE_NAME_LEFT_OUT, "in_use_by_original"): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Unique name {unique_name} is left out: the original app still has it."),
    (W.UNIQUE_NAME_LEFT_OUT, ""): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Unique name {unique_name} is left out: it can't be changed once set."),
    (W.TARGET_STATE_UNKNOWN, "recycle_bin"): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The {part} of an app in the recycle bin can't be listed until it is restored, so the "
        "snapshot's {part} are written as they are; others it comes back with, if any, stay."),
    (W.TARGET_STATE_UNKNOWN, "servicePrincipal"): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The {part} could not be read where the app is restored: it is written as the snapshot "
        "had it, and nothing there is removed."),
    (W.TARGET_STATE_UNKNOWN, ""): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The current {part} of the app could not be read: extras, if any, are not removed."),
    (W.PRINCIPAL_NOT_FOUND, "Group"): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Group {who} was not found in the tenant restored to: its consent or assignment is left "
        "out."),
}


def _warning_case(code: plan.WarningCode, p: Mapping[str, str]) -> str:
    """Which of a warning's sentences its facts call for (a key of _WARNING_CASES)."""
    if code is W.TARGET_STATE_UNKNOWN and p["reason"] != "recycle_bin":
        return "servicePrincipal" if p["part"].startswith("servicePrincipal") else ""
    if code is W.PRINCIPAL_NOT_FOUND:
        return p["principal_type"]
    return p["reason"]


def warning_facts(code: plan.WarningCode, p: Mapping[str, str]) -> dict[str, str]:
    """The facts a warning's sentence names that its params hold only in parts, the same in every language: `name`,
    a credential's display name or else its key ID, or an owner's or an API's display name and a space (or nothing);
    `who`, the principal not found."""
    derived: dict[str, str] = {}
    if code in (W.CERTIFICATE_NOT_RESTORABLE, W.SECRET_KEPT, W.CERTIFICATE_BYTES_PENDING,
                W.SP_CERTIFICATE_NOT_RESTORED):
        derived["name"] = p.get("display_name") or p.get("key_id") or ""
    elif code in (W.OWNER_NOT_FOUND, W.CONSENT_RESOURCE_NOT_IN_TARGET):
        derived["name"] = p["display_name"] + " " if p.get("display_name") else ""
    if code is W.OWNER_NOT_FOUND:
        derived["who"] = p.get("user_principal_name") or p.get("app_id") or p.get("owner_id") or ""
    elif code is W.PRINCIPAL_NOT_FOUND:
        derived["who"] = p.get("user_principal_name") or p.get("display_name") or p.get("principal_id") or ""
    return derived


def warning_words(warning: plan.PlanWarning, voice: Voice) -> str:
    """A warning or a note (PlanWarning.is_note tells which)."""
    code, p = warning.code, facts(warning.params, voice)
    sentence = _WARNING_CASES.get((code, _warning_case(code, p))) or _WARNING_CASES.get((code, "")) \
        or _WARNINGS.get(code)
    if sentence is None:  # a code without a sentence yet: its facts as they are
        return f"{code.value} {dict(p)}"
    p.update(warning_facts(code, p))
    p["part"] = voice.say(_PARTS[p["part"]], -1) if p["part"] in _PARTS else p["part"]
    if code is W.SERVER_DEFAULT and p["path"]:
        p["path"] = voice.path(p["path"])
    if code in (W.REDIRECT_URI_LEFT_OUT, W.REDIRECT_URIS_KEPT) and p["platform"]:
        p["platform"] = voice.platform(p["platform"])
    p["usage"] = p["usage"] or voice.say(_CERTIFICATE, -1)
    return voice.say(sentence, -1).format_map(p)


# ------------------------------------------------------------------------------------------------- follow-ups


_FOLLOW_UPS: Mapping[plan.FollowUpCode, str] = {
    plan.FollowUpCode.ISSUE_SECRET: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Issue a new client secret to replace {name} (hint {hint}): Graph never returns secrets, "
        "so none can be restored."),
    plan.FollowUpCode.ISSUE_SP_SECRET: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Issue the enterprise application a new client secret to replace {name} (hint {hint}): "
        "Graph never returns secrets, so none can be restored."),
    plan.FollowUpCode.GRANT_ADMIN_CONSENT: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Grant admin consent again for the permissions on {resources}: consent is not part of "
        "the app."),
    plan.FollowUpCode.NEW_SAML_SIGNING_CERTIFICATE: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The SAML single sign-on certificate is new (Graph never returns the old one's private "
        "key, thumbprint {old}): give the service provider the new certificate or the app's federation metadata, or "
        "its users can't sign in."),
    plan.FollowUpCode.COPY_EXTENSION_VALUES: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The app's directory extensions were made again under its new client ID, so their names "
        "changed. Values on users, groups and other objects keep the old names: copy them ({pairs})."),
}
# A secret that has an end date says it.
_EXPIRING: Mapping[plan.FollowUpCode, str] = {
    plan.FollowUpCode.ISSUE_SECRET: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Issue a new client secret to replace {name} (hint {hint}, expired/expires {end}): Graph "
        "never returns secrets, so none can be restored."),
    plan.FollowUpCode.ISSUE_SP_SECRET: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Issue the enterprise application a new client secret to replace {name} (hint {hint}, "
        "expired/expires {end}): Graph never returns secrets, so none can be restored."),
}
# An extension's new name before the run made the app (the report knows its new client ID).
_NEW_EXTENSION_PREFIX = QT_TRANSLATE_NOOP("RestoreWordTexts", "extension_<new client ID>_")


def follow_up_words(follow_up: plan.FollowUp, voice: Voice) -> str:
    p = facts(follow_up.params, voice)
    sentence = (_EXPIRING.get(follow_up.code) if p["end_date_time"] else None) or _FOLLOW_UPS.get(follow_up.code)
    if sentence is None:
        return f"{follow_up.code.value} {dict(p)}"
    new_app_id = p["new_app_id"]  # known once the run made the app (restore_execution adds it)
    prefix = f"extension_{new_app_id.replace('-', '')}_" if new_app_id else voice.say(_NEW_EXTENSION_PREFIX, -1)
    pairs = "; ".join(f"{old} -> {prefix}{old.split('_', 2)[-1]}" for old in p["names"].split(",") if old)
    resources = ", ".join(r for r in p["resource_app_ids"].split(",") if r)
    return voice.say(sentence, -1).format(name=p["display_name"] or p["key_id"], hint=p["hint"] or "-",
                                          end=p["end_date_time"], resources=resources, old=p["old_thumbprint"],
                                          pairs=pairs)


# ---------------------------------------------------------------------------------------------- access changes


K = plan.AccessChangeKind
# (kind, done) -> a grant or assignment to be made (done: made); consent says what it gives to whom.
_ACCESS: Mapping[tuple[plan.AccessChangeKind, bool], str] = {
    (K.GRANT, False): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Grant admin consent for all users of the tenant on {subject}: {detail}"),
    (K.GRANT, True): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Granted admin consent for all users of the tenant on {subject}: {detail}"),
    (K.REVOKE, False): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Remove the consent for all users of the tenant on {subject}: {detail}"),
    (K.REVOKE, True): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Removed the consent for all users of the tenant on {subject}: {detail}"),
    (K.PERMIT, False): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Grant the application permission {detail} on {subject} (the app acts without a "
        "signed-in user)"),
    (K.PERMIT, True): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Granted the application permission {detail} on {subject} (the app acts without a "
        "signed-in user)"),
    (K.UNPERMIT, False): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Remove the application permission {detail} on {subject} (the app acts without a "
        "signed-in user)"),
    (K.UNPERMIT, True): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Removed the application permission {detail} on {subject} (the app acts without a "
        "signed-in user)"),
    (K.ASSIGN, False): QT_TRANSLATE_NOOP("RestoreWordTexts", "Assign {subject} to {detail}"),
    (K.ASSIGN, True): QT_TRANSLATE_NOOP("RestoreWordTexts", "Assigned {subject} to {detail}"),
    (K.UNASSIGN, False): QT_TRANSLATE_NOOP("RestoreWordTexts", "Unassign {subject} from {detail}"),
    (K.UNASSIGN, True): QT_TRANSLATE_NOOP("RestoreWordTexts", "Unassigned {subject} from {detail}"),
}
# Consent of one user only (AccessChange.who).
_ACCESS_OF_ONE: Mapping[tuple[plan.AccessChangeKind, bool], str] = {
    (K.GRANT, False): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Grant admin consent for {who} only on {subject}: {detail}"),
    (K.GRANT, True): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Granted admin consent for {who} only on {subject}: {detail}"),
    (K.REVOKE, False): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Remove the consent for {who} only on {subject}: {detail}"),
    (K.REVOKE, True): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Removed the consent for {who} only on {subject}: {detail}"),
}


def access_words(change: plan.AccessChange, voice: Voice, *, done: bool = False) -> str:
    """A grant or assignment the preview will make (`done`: the run made)."""
    key = (change.kind, done)
    sentence = (_ACCESS_OF_ONE.get(key) if change.who else None) or _ACCESS[key]
    return voice.say(sentence, -1).format(who=change.who, subject=change.subject, detail=change.detail)


# ------------------------------------------------------------------------------------ failures, and how runs stop


S = plan.StepKind
# The step that failed, as the subject of "{step} failed: {error}".
_STEPS: Mapping[str, str] = {
    S.RESTORE_DELETED_APPLICATION: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Restoring the app from the recycle bin"),
    S.CREATE_APPLICATION: QT_TRANSLATE_NOOP("RestoreWordTexts", "Creating the app"),
    S.DISABLE_PERMISSIONS: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Disabling the scopes and app roles to remove"),
    S.UPDATE_APPLICATION: QT_TRANSLATE_NOOP("RestoreWordTexts", "Updating the app"),
    S.SET_PRE_AUTHORIZED_APPLICATIONS: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Setting the pre-authorized applications"),
    S.SET_CERTIFICATES: QT_TRANSLATE_NOOP("RestoreWordTexts", "Setting the certificates"),
    S.SET_TOKEN_ENCRYPTION_KEY: QT_TRANSLATE_NOOP("RestoreWordTexts", "Setting the token encryption key"),
    S.DELETE_FEDERATED_CREDENTIAL: QT_TRANSLATE_NOOP("RestoreWordTexts", "Deleting a federated credential"),
    S.UPDATE_FEDERATED_CREDENTIAL: QT_TRANSLATE_NOOP("RestoreWordTexts", "Updating a federated credential"),
    S.ADD_FEDERATED_CREDENTIAL: QT_TRANSLATE_NOOP("RestoreWordTexts", "Adding a federated credential"),
    S.UPSERT_FEDERATED_CREDENTIAL: QT_TRANSLATE_NOOP("RestoreWordTexts", "Setting a federated credential"),
    S.ADD_OWNER: QT_TRANSLATE_NOOP("RestoreWordTexts", "Adding an owner"),
    S.REMOVE_OWNER: QT_TRANSLATE_NOOP("RestoreWordTexts", "Removing an owner"),
    S.SET_LOGO: QT_TRANSLATE_NOOP("RestoreWordTexts", "Setting the logo"),
    S.RESTORE_DELETED_SERVICE_PRINCIPAL: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Restoring the enterprise application from the recycle bin"),
    S.CREATE_SERVICE_PRINCIPAL: QT_TRANSLATE_NOOP("RestoreWordTexts", "Creating the enterprise application"),
    S.UPDATE_SERVICE_PRINCIPAL: QT_TRANSLATE_NOOP("RestoreWordTexts", "Updating the enterprise application"),
    S.SET_DELEGATED_GRANT: QT_TRANSLATE_NOOP("RestoreWordTexts", "Granting consent"),
    S.REMOVE_DELEGATED_GRANT: QT_TRANSLATE_NOOP("RestoreWordTexts", "Removing consent"),
    S.ADD_APP_ROLE_ASSIGNMENT: QT_TRANSLATE_NOOP("RestoreWordTexts", "Assigning an app role"),
    S.REMOVE_APP_ROLE_ASSIGNMENT: QT_TRANSLATE_NOOP("RestoreWordTexts", "Removing an app role assignment"),
    S.CREATE_EXTENSION_PROPERTY: QT_TRANSLATE_NOOP("RestoreWordTexts", "Making a directory extension again"),
    S.ADD_TOKEN_SIGNING_CERTIFICATE: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Making a new SAML signing certificate"),
    S.RECYCLE_APPLICATION: QT_TRANSLATE_NOOP("RestoreWordTexts", "Moving the app to the recycle bin"),
    S.RECYCLE_SERVICE_PRINCIPAL: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Moving the enterprise application to the recycle bin"),
    S.REMOVE_PASSWORD: QT_TRANSLATE_NOOP("RestoreWordTexts", "Removing a client secret"),
    S.EDIT_KEY_CREDENTIALS: QT_TRANSLATE_NOOP("RestoreWordTexts", "Changing the certificates"),
    S.EDIT_APPLICATION_LISTS: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Changing the redirect URIs, identifier URIs and permissions"),
}

_FAILURES: Mapping[plan.FailureCode, str] = {
    F.STEP_FAILED: QT_TRANSLATE_NOOP("RestoreWordTexts", "{step} failed: {error}"),
    F.BYTES_MISSING: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The stored bytes {sha256} are missing from the database."),
    F.UNEXPECTED_METHOD: QT_TRANSLATE_NOOP("RestoreWordTexts", "Unexpected method {method} in the plan."),
    F.UNIQUE_NAME_TAKEN: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "An app with this unique name exists already ({object_id}): it is not the one being "
        "restored, so it is left untouched. Restore as a new app, or remove that one first."),
    F.GRANT_NOT_FOUND: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Graph says the grant exists, but it could not be found to update."),
    F.REFERENCE_NOT_RESTORED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Not done because an app it refers to was not restored: {unresolved}"),
    F.NEW_ID_UNKNOWN: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The app's new id is not known, so it could not be read back."),
    F.READ_BACK_FAILED: QT_TRANSLATE_NOOP("RestoreWordTexts", "Reading the app back failed: {error}"),
    F.NOT_VERIFIED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Read back after the restore, the app differs from the plan at: {paths}"),
    F.NOT_STARTED: QT_TRANSLATE_NOOP("RestoreWordTexts", "Cancelled before this app was started."),
    F.NOT_STARTED_WRITE_REFUSED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Not started: Graph refused the run's first write."),
    F.STILL_THERE: QT_TRANSLATE_NOOP("RestoreWordTexts", "Still there after the rollback: {items}."),
    F.OWNER_GONE: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Not put back: the owner no longer exists (deleted since the moment): {items}."),
    F.DELETED_SINCE_PREVIEW: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "{object_id} was deleted after the preview; preview again to restore it."),
    F.UNEXPECTED: QT_TRANSLATE_NOOP("RestoreWordTexts", "Unexpected error: {error}"),
    F.NOT_A_RECYCLE: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Not a move to the recycle bin: {method} {path}. Nothing was sent."),
    F.KEY_BYTES_UNAVAILABLE: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Graph does not give out the bytes of {keys} (a private signing key), and keyCredentials "
        "can only be replaced whole: nothing was written, so no other key was lost. Remove the certificate in the "
        "Entra admin center."),
    F.INTERRUPTED_AFTER_CREATE: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The restore was interrupted after creating this app ({object_id}); it was adopted, not "
        "created again. Finish the restore (or run it again) to complete and verify it."),
    F.INTERRUPTED_NOTHING_CREATED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The restore was interrupted while creating this app; Graph shows no app it made, so "
        "nothing was created. Run the restore again to create it."),
    F.CANCELLED_BEFORE_WRITING: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Cancelled before anything was written."),
    F.STOPPED_BEFORE_WRITING: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Stopped before anything was written (Ctrl+C or a signal)."),
    F.FAILED_BEFORE_WRITING: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Stopped before anything was written: {error}"),
    F.NOT_ALL_ROLLED_BACK: marks.translate(
        "RestoreWordTexts", "Not rolled back completely: {failed} of %Ln app(s); see each app.", "", -1),
    F.WRITE_REFUSED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Graph refused to write ({status} {code}): the account or token may only read. Nothing "
        "was changed. Sign in with an account that may change app registrations (Application.ReadWrite.All, e.g. "
        "Application Administrator) and run the restore again."),
    F.CANCELLED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Cancelled: the apps under way, and any app they refer to, were finished; the others were "
        "not started."),
}
# How a run (the `run` fact: a restore, or an incident rollback) stopped, or what became of one of its apps when it
# did: (code, run) -> sentence.
_RUN_FAILURES: Mapping[tuple[plan.FailureCode, str], str] = {
    (F.INTERRUPTED_BEFORE_START, "restore"): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Not started: the restore was interrupted before it."),
    (F.INTERRUPTED_BEFORE_START, "rollback"): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Not started: the rollback was interrupted before it."),
    (F.INTERRUPTED_UNDER_WAY, "restore"): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The restore was interrupted while this app was being restored; run it again to finish "
        "and verify it."),
    (F.INTERRUPTED_UNDER_WAY, "rollback"): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The rollback was interrupted while this app was being rolled back; run it again to "
        "finish and verify it."),
    (F.STOPPED_WHILE_WRITING, "restore"): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Stopped at once (a second Ctrl+C or signal) while apps were being written. The next "
        "preview or restore into this tenant settles the apps that were under way (what they created is adopted, "
        "never created twice)."),
    (F.STOPPED_WHILE_WRITING, "rollback"): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Stopped while apps were being rolled back. Run the rollback again to finish it: what was "
        "undone stays undone, nothing is done twice."),
    (F.FAILED_WHILE_WRITING, "restore"): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "{error} while apps were being written. The next preview or restore into this tenant "
        "settles the apps that were under way (what they created is adopted, never created twice)."),
    (F.FAILED_WHILE_WRITING, "rollback"): QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "{error} while apps were being rolled back. Run the rollback again to finish it: what was "
        "undone stays undone, nothing is done twice."),
}
_UNDO: Mapping[plan.Undo, str] = {
    plan.Undo.DONE: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "The scopes and app roles disabled for it were enabled again."),
    plan.Undo.FAILED: QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Enabling again the scopes and app roles disabled for it failed too: check them."),
}


def step_words(kind: str, voice: Voice) -> str:
    """A step kind (StepKind's value) as a sentence's subject: "add_owner" -> "Adding an owner"."""
    return voice.say(_STEPS[kind], -1) if kind in _STEPS else kind


def failure_words(failure: plan.Failure, voice: Voice) -> str:
    """Why an app failed or was not started, or why the run stopped."""
    p = facts(failure.params, voice)
    code, run = failure.code, p["run"] or "restore"
    if code is F.PROCESS_GONE:
        return _process_gone(p, run, voice)
    if code is F.UNJOURNALED_GONE:
        return _unjournaled_gone(p, voice)
    sentence = _RUN_FAILURES.get((code, run)) or _FAILURES.get(code)
    if sentence is None:
        return f"{code.value} {dict(p)}"
    if "step" in p:
        p["step"] = step_words(p["step"], voice)
    if code is F.NOT_VERIFIED and p["paths"]:
        p["paths"] = "; ".join(voice.path(path) for path in p["paths"].split(", "))
    text = voice.say(sentence, number(p["total"]) if code is F.NOT_ALL_ROLLED_BACK else -1).format_map(p)
    return f"{text} {voice.say(_UNDO[failure.undo], -1)}" if failure.undo in _UNDO else text


_TAKEN_OVER = QT_TRANSLATE_NOOP(
    "RestoreWordTexts", "Interrupted: taken over by {who}, who said its workstation had stopped (host {host}, process "
    "{pid}).")
_PROCESS_STOPPED = {
    "restore": QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Interrupted: the process running this restore stopped (host {host}, process {pid})."),
    "rollback": QT_TRANSLATE_NOOP(
        "RestoreWordTexts", "Interrupted: the process running this rollback stopped (host {host}, process {pid})."),
}
_RUN_AGAIN = {
    "restore": QT_TRANSLATE_NOOP("RestoreWordTexts", "Run the restore again to finish it."),
    "rollback": QT_TRANSLATE_NOOP("RestoreWordTexts", "Run the rollback again to finish it."),
}
# What became of a stopped run's apps: (fact, sentence), said when the fact counts any.
_GONE_COUNTS = (
    ("adopted", marks.translate(
        "RestoreWordTexts", "%Ln app(s) it had created found and adopted (not created again)", "", -1)),
    ("not_created", marks.translate("RestoreWordTexts", "%Ln create(s) had not happened", "", -1)),
    ("not_started", marks.translate("RestoreWordTexts", "%Ln app(s) not started", "", -1)),
)


def _process_gone(p: Mapping[str, str], run: str, voice: Voice) -> str:
    """A run whose process stopped, settled by the next run into the tenant (services/restore_journal.py): how, and
    what became of its apps."""
    how = _TAKEN_OVER if p["taken_over_by"] else _PROCESS_STOPPED.get(run, _PROCESS_STOPPED["restore"])
    parts = [voice.say(marks.translate("RestoreWordTexts", "{done} of %Ln app(s) done", "", -1),
                       number(p["total"])).format(done=p["finished"])]
    parts += [voice.say(sentence, number(p[fact])) for fact, sentence in _GONE_COUNTS if number(p[fact])]
    again = voice.say(_RUN_AGAIN.get(run, _RUN_AGAIN["restore"]), -1)
    return " ".join([voice.say(how, -1).format(who=p["taken_over_by"], host=p["host"], pid=p["pid"]),
                     "; ".join(parts) + ".", again])


def _unjournaled_gone(p: Mapping[str, str], voice: Voice) -> str:
    """A run of a version before the journal, left running, its process gone."""
    try:
        started = voice.moment(datetime.fromisoformat(p["started"]))
    except ValueError:
        started = p["started"]
    sentence = marks.translate(
        "RestoreWordTexts", "Interrupted: this restore (started {started} by {operator} on {workstation}) did not "
        "finish and its process is gone; %Ln app(s) reported. It ran without the restore journal (an earlier version "
        "of Regvault), so the apps it was changing when it stopped are not known: preview the restore again to see "
        "what is left to do, and check the tenant for an app it may have created without reporting it.", "", -1) \
        if p["workstation"] else marks.translate(
        "RestoreWordTexts", "Interrupted: this restore (started {started} by {operator}) did not finish and its "
        "process is gone; %Ln app(s) reported. It ran without the restore journal (an earlier version of Regvault), "
        "so the apps it was changing when it stopped are not known: preview the restore again to see what is left to "
        "do, and check the tenant for an app it may have created without reporting it.", "", -1)
    return voice.say(sentence, number(p["reported"])).format(started=started, operator=p["operator"],
                                                              workstation=p["workstation"])
