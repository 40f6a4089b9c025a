"""Incident rollback planning (DESIGN.md §11): from what changed since a moment to the Graph writes that undo the
additions and put back what was removed. Pure: the service reads, previews, runs and verifies.

Inputs: the tenant's changes (domain/incident.py `TenantChange`), each changed app's documents at the moment and
now, the ids to keep, the identity Regvault signs in with, and the resources' service principal ids by appId.

What each incident item becomes (`ItemAction`), per app:
- an added application or service principal goes to the recycle bin (`RECYCLE`: DELETE, which Graph makes a soft
  delete; never a hard delete); what it came with goes with it (`WITH_PARENT`), or stays when it is kept;
- an added secret is removed (`removePassword`), an added certificate by a PATCH of `keyCredentials` that keeps every
  other key (`removeKey` needs a proof signed by a key the attacker may hold, graph-notes §11); added owners, federated
  credentials, consent and application permissions are deleted; added URIs and requested permissions are taken out
  (`REMOVE`);
- a removed owner, federated credential, certificate whose bytes the store keeps, permission, consent or URI comes
  back, and a changed one goes back to what it was (`PUT_BACK`);
- what can't be undone says why (`NOT_UNDONE` with a `NotUndone` code): a removed secret (Graph never gave it out),
  a certificate without stored bytes, an app or service principal that is gone (a restore brings those back), a
  resource that no longer has a service principal;
- a kept item (`KEPT`), and the other changes (`OTHER`: a renamed app stays renamed) are left alone.

Steps per app, in order: everything that puts back first (an app is never left without the owners or keys it had),
then removals, then the recycle bin. Steps that edit a collection (`EDIT_APPLICATION_LISTS`, `EDIT_KEY_CREDENTIALS`)
carry what to take out and what to add, not the whole collection: the runner reads the live one and sends it back
changed only there, so a change made since the preview is not undone, and sending it twice changes nothing.

Lock-out (`LockOut`): the plan is refused as a whole, nothing written, when it would take from the identity
Regvault signs in with what it needs to undo the rollback: the signed-in user as an owner; the app-only identity's
app or service principal, the credential it signs in with (any of its credentials when it is not known which), an
application permission or consent it holds, or its service principal as an owner. Each refusal names the change,
so the person can keep it (`--keep`) and run again.

Verification (`still_there`): after the run, the app read back compared with its document at the moment lists no
planned item any more.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from desktop_app.domain.changes import ChangeItem, changes_between
from desktop_app.domain.incident import ChangedApp, TenantChange
from desktop_app.domain.remap import GRAPH_BASE_TOKEN, blob_ref
from desktop_app.domain.restore_plan.federated_credentials import fic_body
from desktop_app.domain.restore_plan.steps import Step, StepKind
from desktop_app.domain.restore_plan.writable import writable_application

_SECTION = "servicePrincipal"


class ItemAction(enum.StrEnum):
    REMOVE = "remove"
    RECYCLE = "recycle"
    PUT_BACK = "put_back"
    WITH_PARENT = "with_parent"
    KEPT = "kept"
    NOT_UNDONE = "not_undone"
    OTHER = "other"

    @property
    def writes(self) -> bool:
        return self in (ItemAction.REMOVE, ItemAction.RECYCLE, ItemAction.PUT_BACK)


class NotUndone(enum.StrEnum):
    SECRET_NOT_RESTORABLE = "secret_not_restorable"  # a removed secret: Graph never returns one
    CERTIFICATE_NOT_RESTORABLE = "certificate_not_restorable"  # no stored bytes, or a private key
    USE_RESTORE = "use_restore"  # a removed app or service principal: `regvault restore` brings it back
    NO_RESOURCE = "no_resource"  # the permission's resource has no service principal in the tenant
    NO_SERVICE_PRINCIPAL = "no_service_principal"  # consent or permissions of an app whose service principal is gone


class LockOut(enum.StrEnum):
    OWN_OWNERSHIP = "own_ownership"  # the signed-in user (or the app-only identity) removed as an owner
    OWN_APP = "own_app"  # the app-only identity's app or service principal to the recycle bin
    OWN_CREDENTIAL = "own_credential"  # the credential the app-only identity signs in with
    OWN_PERMISSION = "own_permission"  # an application permission or consent the app-only identity holds


@dataclass(frozen=True)
class Identity:
    """Who Regvault acts as in the tenant: a signed-in user, or an app-only identity (its client id, its service
    principal when known, and what tells its credential apart: a certificate's thumbprint or a secret's hint)."""

    kind: Literal["user", "app"]
    object_id: str | None = None  # the user's object id, or the app's service principal id
    app_id: str | None = None
    thumbprint: str | None = None  # upper-case hex SHA-1 (app-only with a certificate)
    secret_hint: str | None = None  # the secret's first three characters (app-only with a secret)


@dataclass(frozen=True)
class ItemPlan:
    change_id: str
    action: ItemAction
    reason: NotUndone | None = None


@dataclass(frozen=True)
class Refusal:
    change_id: str
    code: LockOut


@dataclass(frozen=True)
class AppRollback:
    object_id: str
    app_id: str
    display_name: str
    steps: tuple[Step, ...]
    items: tuple[ItemPlan, ...]  # the app's incident items and what happens to each
    recycles_application: bool = False


@dataclass(frozen=True)
class RollbackPlan:
    apps: tuple[AppRollback, ...]  # the apps with something to write, in the order of the changes
    items: Mapping[str, ItemPlan]  # by TenantChange.id, every item
    refusals: tuple[Refusal, ...] = ()

    @property
    def refused(self) -> bool:
        return bool(self.refusals)

    @property
    def steps(self) -> int:
        return sum(len(a.steps) for a in self.apps)


@dataclass
class _Draft:
    app: ChangedApp
    sp_id: str | None
    resources: Mapping[str, str]
    put_back: list[Step] = field(default_factory=list)
    remove: list[Step] = field(default_factory=list)
    recycle: list[Step] = field(default_factory=list)
    lists: dict[str, dict[str, Any]] = field(default_factory=dict)
    keys: dict[str, dict[str, list[Any]]] = field(default_factory=dict)  # holder -> remove/add
    items: list[ItemPlan] = field(default_factory=list)


def plan_rollback(changes: Sequence[TenantChange], apps: Iterable[ChangedApp], *, keep: Iterable[str] = (),
                  identity: Identity | None = None, resources: Mapping[str, str] | None = None,
                  only: Iterable[str] | None = None) -> RollbackPlan:
    """`keep`: TenantChange ids to leave as they are (what came with a kept new object stays too); `only`: undo
    these ids and no others (a run resumed after it was stopped); `resources`: service principal ids by the
    resource's appId (lower case), for consent and application permissions."""
    documents = {a.object_id: a for a in apps}
    kept, wanted = frozenset(keep), None if only is None else frozenset(only)
    parents_kept = {(c.object_id, c.item.id) for c in changes if c.id in kept}
    drafts: dict[str, _Draft] = {}
    plans: dict[str, ItemPlan] = {}
    for change in changes:
        app = documents[change.object_id]
        draft = drafts.get(app.object_id)
        if draft is None:
            section = (app.after or {}).get(_SECTION)
            draft = drafts[app.object_id] = _Draft(
                app, str(section["id"]) if isinstance(section, Mapping) and section.get("id") else None,
                {k.lower(): v for k, v in (resources or {}).items()})
        item = change.item
        if not item.incident:
            plan = ItemPlan(change.id, ItemAction.OTHER)
        elif change.id in kept or (item.part_of is not None and (app.object_id, item.part_of) in parents_kept):
            plan = ItemPlan(change.id, ItemAction.KEPT)
        elif wanted is not None and change.id not in wanted:
            continue
        elif item.part_of is not None:
            plan = ItemPlan(change.id, ItemAction.WITH_PARENT)
        else:
            plan = _plan_item(draft, change)
        plans[change.id] = plan
        draft.items.append(plan)
    out = [a for a in (_finish(d) for d in drafts.values()) if a.steps or any(
        p.action is ItemAction.NOT_UNDONE for p in a.items)]
    refusals = lock_outs(changes, plans, identity) if identity is not None else ()
    return RollbackPlan(tuple(out), plans, refusals)


def _plan_item(draft: _Draft, change: TenantChange) -> ItemPlan:
    outcome = _PLANNERS[change.item.kind](draft, change.item)
    if isinstance(outcome, NotUndone):
        return ItemPlan(change.id, ItemAction.NOT_UNDONE, outcome)
    if outcome is ItemAction.RECYCLE:
        return ItemPlan(change.id, ItemAction.RECYCLE)
    return ItemPlan(change.id, ItemAction.REMOVE if change.item.change == "added" else ItemAction.PUT_BACK)


# ---- one planner per kind: each adds its steps and returns the action, or why it can't be undone ---------------

_Outcome = ItemAction | NotUndone | None


def _application(draft: _Draft, item: ChangeItem) -> _Outcome:
    if item.change != "added":
        return NotUndone.USE_RESTORE
    draft.recycle.append(Step(StepKind.RECYCLE_APPLICATION, "DELETE", f"/applications/{draft.app.object_id}"))
    return ItemAction.RECYCLE


def _service_principal(draft: _Draft, item: ChangeItem) -> _Outcome:
    if item.change != "added":
        return NotUndone.USE_RESTORE
    draft.recycle.insert(0, Step(StepKind.RECYCLE_SERVICE_PRINCIPAL, "DELETE",
                                 f"/servicePrincipals/{item.detail.get('objectId')}"))
    return ItemAction.RECYCLE


def _password(draft: _Draft, item: ChangeItem) -> _Outcome:
    if item.change != "added":
        return NotUndone.SECRET_NOT_RESTORABLE
    base = _holder_path(draft, item)
    if base is None:
        return NotUndone.NO_SERVICE_PRINCIPAL
    draft.remove.append(Step(StepKind.REMOVE_PASSWORD, "POST", f"{base}/removePassword",
                             {"keyId": item.detail.get("keyId")}))
    return None


def _key(draft: _Draft, item: ChangeItem) -> _Outcome:
    if _holder_path(draft, item) is None:
        return NotUndone.NO_SERVICE_PRINCIPAL
    key_id = str(item.detail.get("keyId"))
    credential = None if item.change == "added" else _before_key(draft, item.holder, key_id)
    if item.change != "added" and credential is None:
        return NotUndone.CERTIFICATE_NOT_RESTORABLE
    edit = draft.keys.setdefault(item.holder, {"remove": [], "add": []})
    if credential is None:
        edit["remove"].append(key_id)
        return None
    if item.change == "changed":
        edit["remove"].append(key_id)
    edit["add"].append(credential)
    return None


def _before_key(draft: _Draft, holder: str, key_id: str) -> dict[str, Any] | None:
    """The certificate as it was, with its stored bytes (a token the runner fills), if it can be sent again."""
    before = draft.app.before or {}
    part = before.get("application") if holder == "application" else before.get(_SECTION)
    sha = (before.get("keyCredentialKeys") or {}).get(key_id) if holder == "application" else None
    for credential in (part or {}).get("keyCredentials") or []:
        if (isinstance(credential, Mapping) and str(credential.get("keyId")) == key_id and sha
                and credential.get("type") == "AsymmetricX509Cert" and credential.get("usage") in ("Verify",
                                                                                                 "Encrypt")):
            writable = writable_application({"keyCredentials": [credential]}).get("keyCredentials") or []
            return {**(writable[0] if writable else {}), "key": blob_ref(str(sha))}
    return None


def _federated(draft: _Draft, item: ChangeItem) -> _Outcome:
    name = item.label
    base = f"/applications/{draft.app.object_id}/federatedIdentityCredentials"
    if item.change == "added":
        draft.remove.append(Step(StepKind.DELETE_FEDERATED_CREDENTIAL, "DELETE", f"{base}/{name}"))
        return None
    was = next((f for f in (draft.app.before or {}).get("federatedIdentityCredentials") or []
                if isinstance(f, Mapping) and f.get("name") == name), None)
    if was is None:
        return NotUndone.USE_RESTORE
    draft.put_back.append(Step(StepKind.UPSERT_FEDERATED_CREDENTIAL, "PATCH", f"{base}(name='{name}')",
                               fic_body(was, True), headers=(("Prefer", "create-if-missing"),)))
    return None


def _owner(draft: _Draft, item: ChangeItem) -> _Outcome:
    base = _holder_path(draft, item)
    if base is None:
        return NotUndone.NO_SERVICE_PRINCIPAL
    owner_id = str(item.detail.get("objectId"))
    if item.change == "added":
        draft.remove.append(Step(StepKind.REMOVE_OWNER, "DELETE", f"{base}/owners/{owner_id}/$ref"))
    else:
        draft.put_back.append(Step(StepKind.ADD_OWNER, "POST", f"{base}/owners/$ref",
                                   {"@odata.id": f"{GRAPH_BASE_TOKEN}/directoryObjects/{owner_id}"}))
    return None


def _uri(draft: _Draft, item: ChangeItem) -> _Outcome:
    uri = item.label
    if item.kind == "identifierUri":
        edit = draft.lists.setdefault("identifierUris", {"remove": [], "add": []})
        edit["remove" if item.change == "added" else "add"].append(uri)
        return None
    edit = draft.lists.setdefault("redirectUris", {"remove": [], "add": {}})
    if item.change == "added":
        edit["remove"].append(uri)
    else:
        for platform in item.detail.get("types") or ["web"]:
            edit["add"].setdefault(platform, []).append(uri)
    return None


def _requested(draft: _Draft, item: ChangeItem) -> _Outcome:
    edit = draft.lists.setdefault("requiredResourceAccess", {"remove": [], "add": []})
    entry = {"resourceAppId": item.detail.get("resourceAppId"), "id": item.detail.get("id"),
             "type": item.detail.get("type")}
    edit["remove" if item.change == "added" else "add"].append(entry)
    return None


def _grant(draft: _Draft, item: ChangeItem) -> _Outcome:
    if draft.sp_id is None:
        return NotUndone.NO_SERVICE_PRINCIPAL
    key = item.id.split(":", 2)[2]
    was, now = _section_item(draft.app.before, "delegatedPermissionGrants", key), _section_item(
        draft.app.after, "delegatedPermissionGrants", key)
    grant = now or was or {}
    resource = draft.resources.get(str(grant.get("resourceAppId") or "").lower())
    if resource is None:
        return NotUndone.NO_RESOURCE
    identity: dict[str, Any] = {"clientId": draft.sp_id, "consentType": grant.get("consentType"),
                                "resourceId": resource}
    principal = (grant.get("principal") or {}).get("id")
    if grant.get("consentType") == "Principal":
        identity["principalId"] = principal
    if was is None:
        draft.remove.append(Step(StepKind.REMOVE_DELEGATED_GRANT, "DELETE", "/oauth2PermissionGrants", identity))
    else:
        draft.put_back.append(Step(StepKind.SET_DELEGATED_GRANT, "POST", "/oauth2PermissionGrants",
                                   {**identity, "scope": " ".join(was.get("scopes") or [])}))
    return None


def _assignment(draft: _Draft, item: ChangeItem) -> _Outcome:
    if draft.sp_id is None:
        return NotUndone.NO_SERVICE_PRINCIPAL
    resource = draft.resources.get(str(item.detail.get("resourceAppId") or "").lower())
    if resource is None:
        return NotUndone.NO_RESOURCE
    body = {"principalId": draft.sp_id, "resourceId": resource, "appRoleId": item.detail.get("appRoleId")}
    path = f"/servicePrincipals/{resource}/appRoleAssignedTo"
    if item.change == "added":
        draft.remove.append(Step(StepKind.REMOVE_APP_ROLE_ASSIGNMENT, "DELETE", path, body))
    else:
        draft.put_back.append(Step(StepKind.ADD_APP_ROLE_ASSIGNMENT, "POST", path, body))
    return None


_PLANNERS: Mapping[str, Any] = {
    "application": _application, "servicePrincipal": _service_principal, "passwordCredential": _password,
    "keyCredential": _key, "federatedIdentityCredential": _federated, "owner": _owner, "redirectUri": _uri,
    "identifierUri": _uri, "requiredResourceAccess": _requested, "oauth2PermissionGrant": _grant,
    "appRoleAssignment": _assignment,
}


def _holder_path(draft: _Draft, item: ChangeItem) -> str | None:
    if item.holder == "application":
        return f"/applications/{draft.app.object_id}"
    return f"/servicePrincipals/{draft.sp_id}" if draft.sp_id else None


def _section_item(document: Mapping[str, Any] | None, part: str, key: str) -> Mapping[str, Any] | None:
    section = (document or {}).get(_SECTION)
    if not isinstance(section, Mapping):
        return None
    return next((g for g in section.get(part) or [] if isinstance(g, Mapping) and str(g.get("key")) == key), None)


def _finish(draft: _Draft) -> AppRollback:
    app = draft.app
    recycles = any(s.kind is StepKind.RECYCLE_APPLICATION for s in draft.recycle)
    steps: list[Step] = []
    if not recycles:
        if draft.lists:
            steps.append(Step(StepKind.EDIT_APPLICATION_LISTS, "PATCH", f"/applications/{app.object_id}",
                              dict(draft.lists)))
        for holder, edit in sorted(draft.keys.items()):
            path = f"/applications/{app.object_id}" if holder == "application" else f"/servicePrincipals/{draft.sp_id}"
            steps.append(Step(StepKind.EDIT_KEY_CREDENTIALS, "PATCH", path, dict(edit)))
        steps += draft.put_back + draft.remove
    steps += draft.recycle if not recycles else [s for s in draft.recycle if s.kind is StepKind.RECYCLE_APPLICATION]
    return AppRollback(app.object_id, app.app_id, app.display_name, tuple(steps), tuple(draft.items), recycles)


# ---- lock-out ---------------------------------------------------------------------------------------------------

def lock_outs(changes: Sequence[TenantChange], plans: Mapping[str, ItemPlan], identity: Identity) -> tuple[
        Refusal, ...]:
    found: list[Refusal] = []
    for change in changes:
        plan = plans.get(change.id)
        if plan is None or not plan.action.writes or change.item.change != "added":
            continue
        code = _locks_out(change, identity)
        if code is not None:
            found.append(Refusal(change.id, code))
    return tuple(found)


def _locks_out(change: TenantChange, identity: Identity) -> LockOut | None:
    item = change.item
    if item.kind == "owner" and identity.object_id and str(item.detail.get("objectId")) == identity.object_id:
        return LockOut.OWN_OWNERSHIP
    if identity.kind != "app" or not identity.app_id:
        return None
    own_app = change.app_id.lower() == identity.app_id.lower()
    if item.kind == "owner" and str(item.detail.get("appId") or "").lower() == identity.app_id.lower():
        return LockOut.OWN_OWNERSHIP
    if not own_app:
        return None
    if item.kind in ("application", "servicePrincipal"):
        return LockOut.OWN_APP
    if item.kind in ("passwordCredential", "keyCredential") and _is_identity_credential(item, identity):
        return LockOut.OWN_CREDENTIAL
    if item.kind in ("appRoleAssignment", "oauth2PermissionGrant"):
        return LockOut.OWN_PERMISSION
    return None


def _is_identity_credential(item: ChangeItem, identity: Identity) -> bool:
    """Not known which credential Regvault signs in with: any of the app's is (the stricter reading)."""
    if identity.thumbprint is None and identity.secret_hint is None:
        return True
    if item.kind == "keyCredential":
        return identity.thumbprint is not None and str(item.detail.get("thumbprint") or "").upper() == \
            identity.thumbprint.upper()
    return identity.secret_hint is not None and item.detail.get("hint") == identity.secret_hint


# ---- verification -------------------------------------------------------------------------------------------------

def still_there(app: AppRollback, changes: Sequence[TenantChange], before: Mapping[str, Any] | None,
                read_back: Mapping[str, Any] | None) -> list[str]:
    """The ids of the app's undone items (removed, recycled, put back) that the app read back after the run still
    shows as changed since the moment. A recycled app must be gone (`read_back` None)."""
    undone = {p.change_id for p in app.items if p.action.writes}
    if not undone:
        return []
    if app.recycles_application:
        return [] if read_back is None else sorted(undone)
    now = {f"{i.id}@{app.app_id}" for i in changes_between(before, read_back) if i.incident}
    mine = {c.id for c in changes if c.object_id == app.object_id}
    return sorted(undone & mine & now)
