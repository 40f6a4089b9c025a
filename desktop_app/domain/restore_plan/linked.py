"""Apps of one restore that name each other through their service principals: the consent one app holds on
another (the resource), the application permissions granted on it, an app owned by another app's service principal.
(Also the copy an earlier restore made of an app gone for good: the snapshot names its old service principal, the
plan names the copy's.)

When the named app's service principal is made or brought back by this same restore (the app recreated, undeleted
from the recycle bin, or given the service principal it lacks), the target does not have it yet while the plan is
made, so without this the consent and the ownership were left out ("not in the tenant restored to") or, coming
back with the recycle bin, called a mismatch. Here such a service principal is known to the plan by the reference
token `sp_ref(source object id)`: the runner binds it when the service principal is made (or restored, to the same
id), an item whose steps name it waits for that item's create phase, and that item makes its service principal in
its create phase (`referenced`). Its scopes and roles are the snapshot's: what the restore writes.

Keys of consent and permissions name the resource by client id; for a resource recreated in the run (whose new
client id is a token until then) they keep the old one, and verify reads the new one back as the old (verify.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from desktop_app.domain.restore_plan.drafting import Draft
from desktop_app.domain.restore_plan.enterprise import TargetResource, source_section, sp_ref, target_section
from desktop_app.domain.restore_plan.inputs import ServicePrincipalPresence
from desktop_app.domain.restore_plan.steps import Action


@dataclass(frozen=True)
class LinkedServicePrincipal:
    """The service principal an app of this restore will have after the run, when the run makes or restores it."""

    source_object_id: str  # the app's object id in the snapshot
    old_id: str  # the service principal's object id in the snapshot
    ref: str  # sp_ref(source_object_id): what other items name it by
    literal: str | None  # its id, when known before the run (back from the recycle bin with the same id)
    resource: TargetResource


def linked_service_principals(drafts: Iterable[Draft]) -> dict[str, LinkedServicePrincipal]:
    """By the app's old client id (lower case): the service principals this restore makes or restores."""
    linked: dict[str, LinkedServicePrincipal] = {}
    for draft in drafts:
        section = source_section(draft)
        if not isinstance(section, Mapping):
            continue  # the app had none at the snapshot (or that part was not read)
        made = _made_or_restored(draft)
        literal: str | None
        if made is False:
            current = target_section(draft)
            if draft.object_id == draft.source.object_id or not isinstance(current, Mapping) or not current.get("id"):
                continue  # it exists and stays as it is: the target's directory already has it by its id
            ref = literal = str(current["id"])  # the copy an earlier restore made: its service principal
        else:
            ref, literal = sp_ref(draft.source.object_id), made if isinstance(made, str) and made else None
        application = draft.source.document.get("application") or {}
        linked[draft.source.app_id.lower()] = LinkedServicePrincipal(
            source_object_id=draft.source.object_id, old_id=str(section.get("id") or ""), ref=ref, literal=literal,
            resource=replace(_resource_of(application), object_id=ref),
        )
    return linked


def referenced(drafts: Iterable[Draft], linked: Mapping[str, LinkedServicePrincipal]) -> frozenset[str]:
    """Source object ids of the apps whose service principal another app of the restore names (consent,
    permissions, ownership): those make it in their create phase."""
    drafts = list(drafts)
    found: set[str] = set()
    for draft in drafts:
        section = source_section(draft)
        named: list[str] = [str(o.get("appId") or "") for o in draft.source.document.get("owners") or []
                            if isinstance(o, Mapping)]
        if isinstance(section, Mapping):
            named += [str(g.get("resourceAppId") or "") for g in section.get("delegatedPermissionGrants") or []]
            named += [str(p.get("resourceAppId") or "") for p in section.get("appRoleAssignments") or []]
        for app_id in named:
            target = linked.get(app_id.lower())
            if target is not None and target.source_object_id != draft.source.object_id:
                found.add(target.source_object_id)
    return frozenset(found)


def _made_or_restored(draft: Draft) -> str | bool:
    """What plan_service_principal will do: False (nothing: it exists), "" (it is created), or the id it comes
    back from the recycle bin with."""
    presence = draft.target.service_principal
    if draft.action.creates_application:
        return ""
    if draft.action in (Action.UNDELETE, Action.UNDELETE_IN_TARGET):
        if draft.target.deleted_service_principal_id:
            return draft.target.deleted_service_principal_id
        return False if presence is ServicePrincipalPresence.PRESENT else ""
    return "" if presence is ServicePrincipalPresence.ABSENT else False


def _resource_of(application: Mapping[str, Any]) -> TargetResource:
    """The snapshot's scopes and roles of the app: what its service principal publishes once the restore is done."""
    roles = [r for r in application.get("appRoles") or [] if isinstance(r, Mapping) and r.get("isEnabled", True)]
    api = application.get("api") or {}
    return TargetResource(
        object_id="", display_name=application.get("displayName"),
        role_ids_by_value={str(r.get("value")): str(r.get("id")) for r in roles
                           if "Application" in (r.get("allowedMemberTypes") or [])},
        role_ids=frozenset(str(r.get("id")).lower() for r in roles),
        scopes=frozenset(str(s.get("value")) for s in (api.get("oauth2PermissionScopes") or [])
                         if isinstance(s, Mapping) and s.get("isEnabled", True) and s.get("value")),
    )
