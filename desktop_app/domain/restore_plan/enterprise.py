"""The enterprise application (the document's `servicePrincipal` section): its settings, owners, the consent its
client holds (delegated grants), the application permissions granted to it and who is assigned to its roles.

- The service principal itself is restored or created first (service_principal.py). A snapshot that says the app
  had none (section null) creates none; a snapshot that never read the part (section absent) keeps the old rule
  (make sure one exists, and say consent must be granted again).
- Settings: PATCH of what differs (every setting when the current ones are unknown).
- Consent and permissions are written against the target's resource service principal found by the resource's
  appId; permissions by value when their id is not published there (a custom API in another tenant). A resource
  or permission the target lacks: a warning, never a guess.
- Users and groups: by id in the same tenant (where they still exist), by userPrincipalName / group display name
  in another; not found: a warning.
- Overwrite removes what the snapshot did not have (as owners are); when the current state is unknown nothing is
  removed (TARGET_STATE_UNKNOWN). "As new" copies the settings, and consent and assignments only when asked.

The service principal's id: known when it exists or comes back from the recycle bin; for one the plan creates,
the reference token `sp_ref(source object id)`, bound by the runner from the create's answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.enterprise import (
    DEFAULT_ACCESS_ROLE,
    ENTERPRISE_SECTION,
    SERVICE_PRINCIPAL_PROPERTIES,
    assignment_key,
    grant_key,
    permission_key,
)
from desktop_app.domain.remap import contains_ref, object_id_ref
from desktop_app.domain.restore_plan.drafting import Draft, PlanContext, warn_unknown
from desktop_app.domain.restore_plan.inputs import RestoreMode
from desktop_app.domain.restore_plan.plan import AccessChange, AccessChangeKind, WarningCode
from desktop_app.domain.restore_plan.signing import plan_signing_certificate
from desktop_app.domain.restore_plan.sp_credentials import plan_sp_credentials
from desktop_app.domain.restore_plan.steps import Action, Step, StepKind
from desktop_app.domain.restore_plan.writable import same_value

MISSING: Any = object()


def sp_ref(source_object_id: str) -> str:
    """The token for the id of the service principal the plan creates for the app restored from that object."""
    return object_id_ref(f"sp:{source_object_id}")


@dataclass(frozen=True)
class TargetResource:
    """A service principal of the tenant written to that consent or permissions can name (by its appId)."""

    object_id: str
    display_name: str | None = None
    role_ids_by_value: Mapping[str, str] = field(default_factory=dict)  # app roles allowing applications
    role_ids: frozenset[str] = frozenset()  # every app role id (lower case)
    scopes: frozenset[str] = frozenset()  # published delegated permission values


@dataclass(frozen=True)
class TargetDirectory:
    """What consent and assignments need of the tenant written to. None in plan_restore: not read (then the
    enterprise application's access is not planned, and a warning says so)."""

    resources: Mapping[str, TargetResource] = field(default_factory=dict)  # resource appId (lower) -> SP
    user_ids: frozenset[str] = frozenset()
    users_by_upn: Mapping[str, str] = field(default_factory=dict)  # upn (lower) -> id
    group_ids: frozenset[str] = frozenset()
    groups_by_name: Mapping[str, str] = field(default_factory=dict)  # display name (casefold) -> id, unique only
    # False: the tenant has Entra ID Free, which can't assign groups to an app (assign-user-or-group-access-portal);
    # None: not known (then the runner says so per assignment if Graph refuses one)
    group_assignments: bool | None = None


def source_section(draft: Draft) -> Any:
    """The snapshot's section: a dict, None (the app had no service principal) or MISSING (not read)."""
    return draft.source.document.get(ENTERPRISE_SECTION, MISSING)


def target_section(draft: Draft) -> Any:
    """The target's current section: a dict, None (no service principal) or MISSING (unknown)."""
    document = draft.target.document
    if draft.action.creates_application or document is None:
        return MISSING
    return document.get(ENTERPRISE_SECTION, MISSING)


def plan_enterprise(draft: Draft, context: PlanContext, directory: TargetDirectory | None, sp_id: str,
                    copy_access: bool) -> None:
    """The steps after the service principal exists (`sp_id`: its id or token)."""
    wanted = source_section(draft)
    if not isinstance(wanted, Mapping):
        return
    current = target_section(draft)
    current_section = current if isinstance(current, Mapping) else None
    expected_properties = _desired_properties(context, wanted)
    if not _settings(draft, context, wanted, current_section, sp_id):
        expected_properties.pop("preferredTokenSigningKeyThumbprint", None)  # a new signing certificate, or none
    draft.enterprise_expected = {"properties": expected_properties, "exact": {}}
    plan_sp_credentials(draft, wanted, current_section, sp_id)
    if context.mode is RestoreMode.AS_NEW and not copy_access:
        if wanted.get("delegatedPermissionGrants") or wanted.get("appRoleAssignments") or \
                wanted.get("appRoleAssignedTo"):
            draft.warn(WarningCode.ACCESS_NOT_COPIED)
        return
    if directory is None:
        draft.warn(WarningCode.TARGET_STATE_UNKNOWN, part="servicePrincipal.access")
        return
    if draft.action in (Action.UNDELETE, Action.UNDELETE_IN_TARGET) and draft.target.deleted_service_principal_id:
        # Restored from the recycle bin, the service principal brings its consent and assignments back as they were
        # when it was deleted; they can only be listed once it is back (graph-notes §4).
        draft.warn(WarningCode.ACCESS_FROM_RECYCLE_BIN)
        return
    # A list is known when it was read, when the plan makes the service principal, or when there is none; one
    # that comes back from the recycle bin has its properties read there, its lists only once it is back.
    nothing_there = draft.action.creates_application or current is None
    known = {part: nothing_there or (current_section is not None and part in current_section)
             for part in ("delegatedPermissionGrants", "appRoleAssignments", "appRoleAssignedTo")}
    if not all(known.values()):
        warn_unknown(draft, "servicePrincipal")
    draft.enterprise_expected["exact"] = known
    _grants(draft, context, directory, wanted, current_section, sp_id, known["delegatedPermissionGrants"])
    _permissions(draft, context, directory, wanted, current_section, sp_id, known["appRoleAssignments"])
    _assigned(draft, context, directory, wanted, current_section, sp_id, known["appRoleAssignedTo"])


def _desired_properties(context: PlanContext, wanted: Mapping[str, Any]) -> dict[str, Any]:
    desired = {k: v for k, v in (wanted.get("properties") or {}).items() if k in SERVICE_PRINCIPAL_PROPERTIES}
    if context.mode is RestoreMode.AS_NEW:
        desired.pop("displayName", None)  # the new app's service principal takes the new name
    return desired


def _expect(draft: Draft, part: str, key: str, value: Any = True) -> None:
    if draft.enterprise_expected is not None:
        draft.enterprise_expected.setdefault(part, {})[key] = value


def _settings(draft: Draft, context: PlanContext, wanted: Mapping[str, Any],
              current: Mapping[str, Any] | None, sp_id: str) -> bool:
    """The PATCH of what differs; False when the SAML signing thumbprint of the snapshot can't be set again (the
    certificate it names is not there: signing.py)."""
    desired = _desired_properties(context, wanted)
    now = (current or {}).get("properties") or {}
    body = {k: v for k, v in desired.items() if k in SERVICE_PRINCIPAL_PROPERTIES
            and (current is None or not same_value(v, now.get(k)))}
    signing, thumbprint_set = plan_signing_certificate(draft, wanted, current, body, sp_id)
    if body:
        draft.steps.append(Step(StepKind.UPDATE_SERVICE_PRINCIPAL, "PATCH", f"/servicePrincipals/{sp_id}", body))
        draft.changes.append("servicePrincipal.properties")
    if signing is not None:
        draft.steps.append(signing)
        draft.changes.append("servicePrincipal.keyCredentials")
    return thumbprint_set


def _principal(draft: Draft, context: PlanContext, directory: TargetDirectory, principal_type: str,
               principal_id: str, upn: str | None, name: str | None) -> str | None:
    """The principal's id in the target, or None (warned)."""
    other_tenant = context.mode is RestoreMode.OTHER_TENANT
    found: str | None = None
    if principal_type == "User":
        if not other_tenant and principal_id in directory.user_ids:
            found = principal_id
        elif other_tenant and upn:
            found = directory.users_by_upn.get(upn.lower())
    elif principal_type == "Group":
        if not other_tenant and principal_id in directory.group_ids:
            found = principal_id
        elif other_tenant and name:
            found = directory.groups_by_name.get(name.casefold())
    if found is None:
        draft.warn(WarningCode.PRINCIPAL_NOT_FOUND, principal_type=principal_type, principal_id=principal_id,
                   display_name=name or "", user_principal_name=upn or "")
    return found


def _resource(draft: Draft, context: PlanContext, directory: TargetDirectory, app_id: str,
              name: str | None) -> tuple[TargetResource | None, str]:
    """The resource service principal consent or a permission names (by its client id at the snapshot), and the
    client id its key names it by: the one it has after the run, or the old one while that is still a token (a
    resource recreated in this run: linked.py; verify reads the new one back as the old)."""
    mapped = context.app_id_map.get(app_id.lower(), app_id)
    key_app_id = app_id if contains_ref(mapped) else mapped
    linked = context.linked.get(app_id.lower())
    if linked is not None:  # made or restored by this restore: not in the target yet
        return linked.resource, key_app_id
    resource = None if contains_ref(mapped) else directory.resources.get(mapped.lower())
    if resource is None:
        draft.warn(WarningCode.CONSENT_RESOURCE_NOT_IN_TARGET, resource_app_id=app_id, display_name=name or "")
    return resource, key_app_id


def _grants(draft: Draft, context: PlanContext, directory: TargetDirectory, wanted: Mapping[str, Any],
            current: Mapping[str, Any] | None, sp_id: str, known: bool) -> None:
    desired: dict[str, dict[str, Any]] = {}
    for grant in wanted.get("delegatedPermissionGrants") or []:
        resource, key_app_id = _resource(draft, context, directory, str(grant.get("resourceAppId")),
                                         grant.get("resourceDisplayName"))
        if resource is None:
            continue
        principal_id = None
        if grant.get("consentType") == "Principal":
            principal = grant.get("principal") or {}
            principal_id = _principal(draft, context, directory, "User", str(principal.get("id")),
                                      principal.get("userPrincipalName"), principal.get("displayName"))
            if principal_id is None:
                continue
        scopes = []
        for value in grant.get("scopes") or []:
            if value in resource.scopes:
                scopes.append(value)
            else:
                draft.warn(WarningCode.PERMISSION_NOT_IN_TARGET, resource_app_id=str(grant.get("resourceAppId")),
                           value=str(value))
        if not scopes:
            continue
        key = grant_key(key_app_id, str(grant.get("consentType")), principal_id)
        _expect(draft, "delegatedPermissionGrants", key, sorted(scopes))
        desired[key] = {"clientId": sp_id, "consentType": grant.get("consentType"), "principalId": principal_id,
                        "resourceId": resource.object_id, "scope": " ".join(scopes),
                        "_label": (resource.display_name or grant.get("resourceDisplayName") or
                                   str(grant.get("resourceAppId")), grant.get("principal"))}
    now = {str(g.get("key")): g for g in (current or {}).get("delegatedPermissionGrants") or []}
    for key, body in desired.items():
        have = now.get(key)
        if have is not None and sorted(have.get("scopes") or []) == sorted(body["scope"].split()):
            continue
        label, principal = body.pop("_label")
        _write(draft, "delegatedPermissionGrants",
               Step(StepKind.SET_DELEGATED_GRANT, "POST", "/oauth2PermissionGrants", body),
               AccessChange(AccessChangeKind.GRANT, label, body["scope"], _who(principal)))
    for have, resource in _extras(now, desired, directory, known and current is not None):
        identity = {"clientId": sp_id, "consentType": have.get("consentType"),
                    "principalId": (have.get("principal") or {}).get("id"), "resourceId": resource.object_id}
        _write(draft, "delegatedPermissionGrants",
               Step(StepKind.REMOVE_DELEGATED_GRANT, "DELETE", "/oauth2PermissionGrants", identity),
               AccessChange(AccessChangeKind.REVOKE, have.get("resourceDisplayName") or resource.display_name
                            or str(have.get("resourceAppId")), " ".join(have.get("scopes") or []),
                            _who(have.get("principal"))))


def _permissions(draft: Draft, context: PlanContext, directory: TargetDirectory, wanted: Mapping[str, Any],
                 current: Mapping[str, Any] | None, sp_id: str, known: bool) -> None:
    desired: dict[str, tuple[TargetResource, str, str]] = {}
    for permission in wanted.get("appRoleAssignments") or []:
        resource, app_id = _resource(draft, context, directory, str(permission.get("resourceAppId")),
                                     permission.get("resourceDisplayName"))
        if resource is None:
            continue
        role_id = str(permission.get("appRoleId")).lower()
        value = permission.get("appRoleValue")
        if role_id not in resource.role_ids:
            role_id = (resource.role_ids_by_value.get(str(value)) or "").lower() if value else ""
        if not role_id:
            draft.warn(WarningCode.PERMISSION_NOT_IN_TARGET, resource_app_id=app_id,
                       value=str(value or permission.get("appRoleId")))
            continue
        desired[permission_key(app_id, role_id)] = (resource, role_id, str(value or role_id))
        _expect(draft, "appRoleAssignments", permission_key(app_id, role_id))
    now = {str(p.get("key")): p for p in (current or {}).get("appRoleAssignments") or []}
    for key, (resource, role_id, label) in desired.items():
        if key in now:
            continue
        body = {"principalId": sp_id, "resourceId": resource.object_id, "appRoleId": role_id}
        _write(draft, "appRoleAssignments", _assignment_step(StepKind.ADD_APP_ROLE_ASSIGNMENT, resource.object_id, body),
               AccessChange(AccessChangeKind.PERMIT, resource.display_name or key, label))
    for have, resource in _extras(now, desired, directory, known and current is not None):
        identity = {"principalId": sp_id, "resourceId": resource.object_id, "appRoleId": have.get("appRoleId")}
        _write(draft, "appRoleAssignments",
               _assignment_step(StepKind.REMOVE_APP_ROLE_ASSIGNMENT, resource.object_id, identity),
               AccessChange(AccessChangeKind.UNPERMIT, have.get("resourceDisplayName") or str(have.get("key")),
                            str(have.get("appRoleValue") or have.get("appRoleId"))))


def _assigned(draft: Draft, context: PlanContext, directory: TargetDirectory, wanted: Mapping[str, Any],
              current: Mapping[str, Any] | None, sp_id: str, known: bool) -> None:
    # The app's own roles keep their ids (the application is restored with them); default access is all zeros.
    desired: dict[str, tuple[dict[str, Any], tuple[str, str]]] = {}
    now = {str(a.get("key")): a for a in (current or {}).get("appRoleAssignedTo") or []
           if a.get("principalType") in ("User", "Group")}
    for assignment in wanted.get("appRoleAssignedTo") or []:
        principal_type = str(assignment.get("principalType"))
        if principal_type not in ("User", "Group"):
            continue  # a service principal given the app's role: the client app's own permission, restored there
        principal_id = _principal(draft, context, directory, principal_type, str(assignment.get("principalId")),
                                  assignment.get("userPrincipalName"), assignment.get("principalDisplayName"))
        if principal_id is None:
            continue
        role_id = str(assignment.get("appRoleId") or DEFAULT_ACCESS_ROLE).lower()
        if principal_type == "Group" and directory.group_assignments is False and \
                assignment_key(principal_id, role_id) not in now:
            subject, role = _assignment_label(assignment)
            draft.warn(WarningCode.GROUP_ASSIGNMENT_NEEDS_PREMIUM, display_name=subject.removeprefix("group "),
                       role=role)
            continue
        body = {"principalId": principal_id, "resourceId": sp_id, "appRoleId": role_id}
        desired[assignment_key(principal_id, role_id)] = (body, _assignment_label(assignment))
        _expect(draft, "appRoleAssignedTo", assignment_key(principal_id, role_id))
    for key, (body, (subject, role)) in desired.items():
        if key in now:
            continue
        _write(draft, "appRoleAssignedTo", _assignment_step(StepKind.ADD_APP_ROLE_ASSIGNMENT, sp_id, body),
               AccessChange(AccessChangeKind.ASSIGN, subject, role, principal_id=str(body["principalId"])))
    if not known or current is None:
        return
    for key, have in now.items():
        if key in desired:
            continue
        identity = {"principalId": have.get("principalId"), "resourceId": sp_id, "appRoleId": have.get("appRoleId")}
        _write(draft, "appRoleAssignedTo", _assignment_step(StepKind.REMOVE_APP_ROLE_ASSIGNMENT, sp_id, identity),
               AccessChange(AccessChangeKind.UNASSIGN, *_assignment_label(have)))


def _write(draft: Draft, part: str, step: Step, access: AccessChange) -> None:
    """A write of consent, a permission or an assignment: the step, its words for the preview, the part it changes."""
    draft.steps.append(step)
    draft.access.append(access)
    draft.changes.append(f"{ENTERPRISE_SECTION}.{part}")


def _assignment_step(kind: StepKind, resource_id: str, body: dict[str, Any]) -> Step:
    """An app role assignment is written to (or removed from) the resource's appRoleAssignedTo (graph-notes §10)."""
    method = "POST" if kind is StepKind.ADD_APP_ROLE_ASSIGNMENT else "DELETE"
    return Step(kind, method, f"/servicePrincipals/{resource_id}/appRoleAssignedTo", body)


def _extras(now: Mapping[str, Mapping[str, Any]], desired: Mapping[str, Any], directory: TargetDirectory,
            removable: bool) -> list[tuple[Mapping[str, Any], TargetResource]]:
    """What the target has that the snapshot did not (an overwrite removes it), with its resource in the target;
    nothing when the target's list is unknown."""
    if not removable:
        return []
    found = []
    for key, have in now.items():
        resource = directory.resources.get(str(have.get("resourceAppId")).lower())
        if key not in desired and resource is not None:
            found.append((have, resource))
    return found


def _assignment_label(assignment: Mapping[str, Any]) -> tuple[str, str]:
    kind = "group" if assignment.get("principalType") == "Group" else "user"
    name = assignment.get("userPrincipalName") or assignment.get("principalDisplayName") or assignment.get("principalId")
    role = assignment.get("appRoleValue") or "default access"
    return f"{kind} {name}", str(role)


def _who(principal: Any) -> str:
    if isinstance(principal, Mapping):
        return str(principal.get("userPrincipalName") or principal.get("displayName") or principal.get("id"))
    return ""
