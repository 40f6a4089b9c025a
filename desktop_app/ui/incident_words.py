"""The incident view's words for the domain's codes (domain/changes.py kinds, domain/incident.py risks,
domain/rollback.py actions, reasons and lock-outs), translated (services/incident_texts.py has the command line's)."""

from __future__ import annotations

from desktop_app.domain.credentials import parse_time
from desktop_app.domain.incident import Risk, TenantChange
from desktop_app.domain.rollback import ItemAction, LockOut, NotUndone
from desktop_app.ui.texts import QT_TRANSLATE_NOOP, TrContext, format_date

IncidentTexts = TrContext("IncidentTexts")

_KINDS = {
    "application": QT_TRANSLATE_NOOP("IncidentTexts", "App registration"),
    "servicePrincipal": QT_TRANSLATE_NOOP("IncidentTexts", "Enterprise application"),
    "passwordCredential": QT_TRANSLATE_NOOP("IncidentTexts", "Client secret"),
    "keyCredential": QT_TRANSLATE_NOOP("IncidentTexts", "Certificate"),
    "federatedIdentityCredential": QT_TRANSLATE_NOOP("IncidentTexts", "Federated credential"),
    "owner": QT_TRANSLATE_NOOP("IncidentTexts", "Owner"),
    "redirectUri": QT_TRANSLATE_NOOP("IncidentTexts", "Redirect URI"),
    "identifierUri": QT_TRANSLATE_NOOP("IncidentTexts", "Application ID URI"),
    "requiredResourceAccess": QT_TRANSLATE_NOOP("IncidentTexts", "API permission requested"),
    "oauth2PermissionGrant": QT_TRANSLATE_NOOP("IncidentTexts", "Consent (delegated permissions)"),
    "appRoleAssignment": QT_TRANSLATE_NOOP("IncidentTexts", "Application permission granted"),
}
_CHANGES = {
    "added": QT_TRANSLATE_NOOP("IncidentTexts", "added"),
    "removed": QT_TRANSLATE_NOOP("IncidentTexts", "removed"),
    "changed": QT_TRANSLATE_NOOP("IncidentTexts", "changed"),
}
_RISKS = {
    Risk.CREDENTIAL: QT_TRANSLATE_NOOP("IncidentTexts", "Sign-in credential"),
    Risk.PRIVILEGE: QT_TRANSLATE_NOOP("IncidentTexts", "High privilege"),
    Risk.OWNER: QT_TRANSLATE_NOOP("IncidentTexts", "Control of the app"),
    Risk.NEW_OBJECT: QT_TRANSLATE_NOOP("IncidentTexts", "New object"),
    Risk.PERMISSION: QT_TRANSLATE_NOOP("IncidentTexts", "Permission"),
    Risk.URI: QT_TRANSLATE_NOOP("IncidentTexts", "Address"),
    Risk.PUT_BACK: QT_TRANSLATE_NOOP("IncidentTexts", "Removed"),
    Risk.OTHER: QT_TRANSLATE_NOOP("IncidentTexts", "Other change"),
}
_ACTIONS = {
    ItemAction.REMOVE: QT_TRANSLATE_NOOP("IncidentTexts", "Will be removed"),
    ItemAction.RECYCLE: QT_TRANSLATE_NOOP("IncidentTexts", "Will go to the recycle bin"),
    ItemAction.PUT_BACK: QT_TRANSLATE_NOOP("IncidentTexts", "Will be put back"),
    ItemAction.WITH_PARENT: QT_TRANSLATE_NOOP("IncidentTexts", "Goes with its new app"),
    ItemAction.KEPT: QT_TRANSLATE_NOOP("IncidentTexts", "Kept"),
    ItemAction.NOT_UNDONE: QT_TRANSLATE_NOOP("IncidentTexts", "Can't be undone"),
    ItemAction.OTHER: QT_TRANSLATE_NOOP("IncidentTexts", "Stays as it is"),
}
_DONE = {
    ItemAction.REMOVE: QT_TRANSLATE_NOOP("IncidentTexts", "Removed"),
    ItemAction.RECYCLE: QT_TRANSLATE_NOOP("IncidentTexts", "In the recycle bin"),
    ItemAction.PUT_BACK: QT_TRANSLATE_NOOP("IncidentTexts", "Put back"),
}
_REASONS = {
    NotUndone.SECRET_NOT_RESTORABLE: QT_TRANSLATE_NOOP(
        "IncidentTexts", "A removed secret can't come back: Graph never gives a secret out. Issue a new one."),
    NotUndone.CERTIFICATE_NOT_RESTORABLE: QT_TRANSLATE_NOOP(
        "IncidentTexts", "The backups hold no public certificate bytes for it."),
    NotUndone.USE_RESTORE: QT_TRANSLATE_NOOP("IncidentTexts", "Restore it from a backup (Restore…)."),
    NotUndone.NO_RESOURCE: QT_TRANSLATE_NOOP(
        "IncidentTexts", "The permission's API has no enterprise application in the tenant."),
    NotUndone.NO_SERVICE_PRINCIPAL: QT_TRANSLATE_NOOP("IncidentTexts", "The app has no enterprise application now."),
}
_LOCK_OUTS = {
    LockOut.OWN_OWNERSHIP: QT_TRANSLATE_NOOP(
        "IncidentTexts", "It would remove the account Regvault signs in with as an owner."),
    LockOut.OWN_APP: QT_TRANSLATE_NOOP(
        "IncidentTexts", "It would move the app Regvault signs in as to the recycle bin."),
    LockOut.OWN_CREDENTIAL: QT_TRANSLATE_NOOP(
        "IncidentTexts", "It would remove the credential Regvault signs in with."),
    LockOut.OWN_PERMISSION: QT_TRANSLATE_NOOP(
        "IncidentTexts", "It would take a permission from the app Regvault signs in as."),
}
_RESULTS = {
    "done": QT_TRANSLATE_NOOP("IncidentTexts", "Done"),
    "failed": QT_TRANSLATE_NOOP("IncidentTexts", "Failed"),
    "skipped": QT_TRANSLATE_NOOP("IncidentTexts", "Not started"),
}


def kind(change: TenantChange) -> str:
    word = IncidentTexts.tr(_KINDS.get(change.item.kind, change.item.kind))
    if change.item.holder == "servicePrincipal" and change.item.kind in ("passwordCredential", "keyCredential",
                                                                         "owner"):
        return IncidentTexts.tr("{kind} (enterprise application)").format(kind=word)
    return word


def what(change: TenantChange) -> str:
    """The item in a few words: its kind and what names it ("Client secret “backdoor” (Xy9…)")."""
    item, detail = change.item, change.item.detail
    if not item.incident:
        return IncidentTexts.tr("{kind}: {properties}").format(
            kind=kind(change), properties=", ".join(detail.get("properties") or []))
    text = IncidentTexts.tr("{kind} “{label}”").format(kind=kind(change), label=item.label)
    if item.kind == "passwordCredential" and detail.get("hint"):
        text += f" ({detail['hint']}…)"
    elif item.kind == "keyCredential" and detail.get("thumbprint"):
        text += f" ({detail['thumbprint']})"
    elif item.kind == "oauth2PermissionGrant" and detail.get("principal"):
        text += " " + IncidentTexts.tr("for {user}").format(user=detail["principal"])
    return text


def change_word(change: TenantChange) -> str:
    return IncidentTexts.tr(_CHANGES.get(change.item.change, change.item.change))


def risk(change: TenantChange) -> str:
    return IncidentTexts.tr(_RISKS[change.risk])


def who(change: TenantChange) -> str:
    if change.actor is None:
        return IncidentTexts.tr("not in the audit log")
    return change.actor + (" " + IncidentTexts.tr("(app)") if change.actor_kind == "app" else "")


def valid_until(change: TenantChange) -> str:
    if change.item.kind not in ("passwordCredential", "keyCredential"):
        return ""
    end = parse_time(change.item.detail.get("endDateTime"))
    return format_date(end) if end is not None else IncidentTexts.tr("no end date")


def action(value: ItemAction, reason: NotUndone | None = None) -> str:
    word = IncidentTexts.tr(_ACTIONS[value])
    if reason is not None:
        word += ": " + IncidentTexts.tr(_REASONS[reason])
    return word


def outcome(value: ItemAction, result_code: str) -> str:
    """What a run did to an item: done in the past tense, else the action and its result ("Will be removed — Failed")."""
    if result_code == "done" and value in _DONE:
        return IncidentTexts.tr(_DONE[value])
    return f"{action(value)} — {result(result_code)}"


def lock_out(code: LockOut) -> str:
    return IncidentTexts.tr(_LOCK_OUTS[code])


def result(value: str) -> str:
    return IncidentTexts.tr(_RESULTS[value]) if value in _RESULTS else value
