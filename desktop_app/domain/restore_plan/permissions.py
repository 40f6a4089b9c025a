"""Disable before remove (graph-notes §3): Graph refuses to delete or change an enabled scope or app role."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.restore_plan.writable import same_value, writable_application


def disable_permissions_body(
    current_application: Mapping[str, Any], desired_application: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The PATCH that disables every enabled scope and app role that the desired state removes or changes
    (Graph refuses to delete or change an enabled one). The current values are sent otherwise unchanged.
    None when nothing needs disabling."""
    # Only the scopes and roles matter here: projecting the whole application twice per app was a fifth of
    # planning a 10,000-app tenant.
    current = writable_application(_permissions_of(current_application))
    desired = writable_application(_permissions_of(desired_application))
    body: dict[str, Any] = {}
    current_api = current.get("api") or {}
    desired_scopes = (desired.get("api") or {}).get("oauth2PermissionScopes")
    if "api" in desired and current_api:
        scopes, changed = _disabled(current_api.get("oauth2PermissionScopes") or [], desired_scopes or [])
        if changed:
            body["api"] = {**current_api, "oauth2PermissionScopes": scopes}
    if "appRoles" in desired:
        roles, changed = _disabled(current.get("appRoles") or [], desired.get("appRoles") or [])
        if changed:
            body["appRoles"] = roles
    return body or None


def _permissions_of(application: Mapping[str, Any]) -> dict[str, Any]:
    return {key: application[key] for key in ("api", "appRoles") if key in application}


def _disabled(current: list[Any], desired: list[Any]) -> tuple[list[Any], bool]:
    wanted = {str(item.get("id")): item for item in desired if isinstance(item, Mapping)}
    out: list[Any] = []
    changed = False
    for item in current:
        if not isinstance(item, Mapping):
            out.append(item)
            continue
        target = wanted.get(str(item.get("id")))
        must_go_or_change = target is None or not same_value(_without_enabled(item), _without_enabled(target))
        if item.get("isEnabled") and must_go_or_change:
            out.append({**item, "isEnabled": False})
            changed = True
        else:
            out.append(dict(item))
    return out, changed


def _without_enabled(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != "isEnabled"}
