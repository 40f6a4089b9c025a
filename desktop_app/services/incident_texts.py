"""English words for the incident view's codes (domain/changes.py kinds, domain/rollback.py actions, reasons and
lock-outs), for `regvault changes` / `regvault rollback` and the HTML evidence pack. The window makes its own words
from the same codes through tr()."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from desktop_app.domain.credentials import parse_time
from desktop_app.domain.incident import TenantChange
from desktop_app.domain.rollback import ItemAction, LockOut, NotUndone

_KINDS: Mapping[str, str] = {
    "application": "app registration",
    "servicePrincipal": "enterprise application",
    "passwordCredential": "client secret",
    "keyCredential": "certificate",
    "federatedIdentityCredential": "federated credential",
    "owner": "owner",
    "redirectUri": "redirect URI",
    "identifierUri": "identifier URI",
    "requiredResourceAccess": "requested API permission",
    "oauth2PermissionGrant": "delegated consent",
    "appRoleAssignment": "application permission granted",
}

ACTIONS: Mapping[ItemAction, str] = {
    ItemAction.REMOVE: "removed",
    ItemAction.RECYCLE: "moved to the recycle bin",
    ItemAction.PUT_BACK: "put back",
    ItemAction.WITH_PARENT: "goes with its new app",
    ItemAction.KEPT: "kept (asked)",
    ItemAction.NOT_UNDONE: "not undone",
    ItemAction.OTHER: "left as it is (not an incident change)",
}

# The same, said of a plan not run yet (the preview, --dry-run).
PLANNED: Mapping[ItemAction, str] = {
    **ACTIONS,
    ItemAction.REMOVE: "will be removed",
    ItemAction.RECYCLE: "will go to the recycle bin",
    ItemAction.PUT_BACK: "will be put back",
}

# What a run did to an item (store/rollback_records.py results).
RESULTS: Mapping[str, str] = {
    "done": "done",
    "failed": "failed",
    "not_undone": "not undone",
    "kept": "kept",
    "with_parent": "went with its new app",
    "skipped": "skipped",
    "interrupted": "interrupted (run the rollback again to finish it)",
}

REASONS: Mapping[NotUndone, str] = {
    NotUndone.SECRET_NOT_RESTORABLE: "a removed secret can't come back (Graph never gives a secret out): issue a "
                                     "new one if it is needed",
    NotUndone.CERTIFICATE_NOT_RESTORABLE: "the store holds no public certificate bytes for it",
    NotUndone.USE_RESTORE: "restore it from the snapshot (`regvault restore`)",
    NotUndone.NO_RESOURCE: "the permission's API has no enterprise application in the tenant",
    NotUndone.NO_SERVICE_PRINCIPAL: "the app has no enterprise application now",
}

LOCK_OUTS: Mapping[LockOut, str] = {
    LockOut.OWN_OWNERSHIP: "it would remove the identity Regvault signs in with as an owner",
    LockOut.OWN_APP: "it would move the app Regvault signs in as to the recycle bin",
    LockOut.OWN_CREDENTIAL: "it would remove the credential Regvault signs in with",
    LockOut.OWN_PERMISSION: "it would take a permission from the app Regvault signs in as",
}


def kind_word(change: TenantChange) -> str:
    word = _KINDS.get(change.item.kind, change.item.kind)
    if change.item.holder == "servicePrincipal" and change.item.kind in ("passwordCredential", "keyCredential",
                                                                         "owner"):
        return f"{word} of the enterprise application"
    return word


def describe(change: TenantChange) -> str:
    """One line: what it is and where ("client secret 'backdoor' (Xy9…) on Payroll")."""
    item = change.item
    detail = item.detail
    what = f"{kind_word(change)} {_quoted(item.label)}"
    if item.kind == "passwordCredential" and detail.get("hint"):
        what += f" ({detail['hint']}…)"
    if item.kind == "keyCredential" and detail.get("thumbprint"):
        what += f" (thumbprint {detail['thumbprint']})"
    if item.kind == "oauth2PermissionGrant":
        scopes = [*(f"+{s}" for s in detail.get("scopesAdded") or ()), *(f"-{s}" for s in
                                                                          detail.get("scopesRemoved") or ())]
        if scopes and item.change == "changed":
            what += f" ({' '.join(scopes)})"
        if detail.get("principal"):
            what += f" for {detail['principal']}"
    if not item.incident and detail.get("properties"):
        what = f"{kind_word(change)}: {', '.join(detail['properties'])}"
    if item.high_privilege:
        what += " [high privilege]"
    if item.kind in ("application", "servicePrincipal") and item.change != "changed":
        return what
    return f"{what} on {_quoted(change.display_name)}"


def validity(change: TenantChange) -> str | None:
    """How long an added credential is valid ("valid 730 days, until 2028-06-01"), None for other items."""
    if change.item.kind not in ("passwordCredential", "keyCredential"):
        return None
    start, end = parse_time(change.item.detail.get("startDateTime")), parse_time(change.item.detail.get("endDateTime"))
    if end is None:
        return "no end date"
    days = f"valid {(end - start).days} days, " if start is not None else "valid "
    return f"{days}until {end:%Y-%m-%d}"


def who_and_when(change: TenantChange) -> str:
    if change.actor is None and change.time is None:
        return "who and when not in the audit log"
    who = change.actor or "someone"
    if change.actor_kind == "app":
        who += " (app)"
    return f"by {who}" + (f" at {local_time(change.time)}" if change.time else "")


def local_time(value: datetime | None) -> str:
    return "" if value is None else value.astimezone().strftime("%Y-%m-%d %H:%M")


def change_json(change: TenantChange) -> dict[str, Any]:
    """One item of `changes --json` (the issue's shape, and more)."""
    item = change.item
    out: dict[str, Any] = {
        "id": change.id, "kind": item.kind, "holder": item.holder, "appId": change.app_id,
        "objectId": change.object_id, "displayName": change.display_name, "change": item.change,
        "label": item.label, "detail": dict(item.detail), "time": change.time, "actor": change.actor,
        "actorKind": change.actor_kind, "activity": change.activity, "risk": change.risk.name.lower(),
        "highPrivilege": item.high_privilege, "incident": item.incident,
        "partOf": f"{item.part_of}@{change.app_id}" if item.part_of else None,
    }
    if item.kind in ("passwordCredential", "keyCredential"):
        out["validity"] = validity(change)
    return out


def _quoted(text: str) -> str:
    return f"“{text}”"
