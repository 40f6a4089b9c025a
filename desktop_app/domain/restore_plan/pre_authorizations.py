"""Pre-authorized clients name scopes that must exist already (graph-notes §10): Graph refuses a body whose
preAuthorizedApplications name a scope id the app does not have yet, even one the same body adds. So the scopes
go first and the pre-authorizations in a later PATCH (SET_PRE_AUTHORIZED_APPLICATIONS)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.restore_plan.drafting import Draft
from desktop_app.domain.restore_plan.steps import Step, StepKind


def scope_ids(api: Any) -> set[str]:
    if not isinstance(api, Mapping):
        return set()
    return {
        str(s.get("id")).lower()
        for s in api.get("oauth2PermissionScopes") or []
        if isinstance(s, Mapping) and s.get("id")
    }


def hold_back(api: Mapping[str, Any], existing: set[str]) -> tuple[dict[str, Any], bool]:
    """`api` with its pre-authorizations cut down to the scope ids in `existing` (those the app has both before
    and after the write), and whether anything was held back for the later step."""
    pres = api.get("preAuthorizedApplications")
    if not isinstance(pres, list):
        return dict(api), False
    kept: list[Any] = []
    held = False
    for pre in pres:
        if not isinstance(pre, Mapping):
            kept.append(pre)
            continue
        ids = [i for i in pre.get("delegatedPermissionIds") or [] if str(i).lower() in existing]
        if len(ids) != len(pre.get("delegatedPermissionIds") or []):
            held = True
        if ids or not pre.get("delegatedPermissionIds"):
            kept.append({**pre, "delegatedPermissionIds": ids})
    return {**api, "preAuthorizedApplications": kept}, held


def set_pre_authorizations_later(draft: Draft, desired_api: Mapping[str, Any]) -> None:
    """The whole desired `api` again, once its scopes exist: the scopes are then unchanged, the
    pre-authorizations name only scopes that exist."""
    draft.steps.append(
        Step(StepKind.SET_PRE_AUTHORIZED_APPLICATIONS, "PATCH", draft.app_path, {"api": dict(desired_api)})
    )
