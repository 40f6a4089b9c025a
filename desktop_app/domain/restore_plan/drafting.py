"""The state shared while items are planned: the restore's context and one item's draft."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.restore_plan.inputs import (
    RestoreMode,
    SourceApp,
    SourceTenant,
    TargetState,
    TargetTenant,
)
from desktop_app.domain.restore_plan.plan import AccessChange, FollowUp, PlanWarning, WarningCode
from desktop_app.domain.restore_plan.steps import Action, Step


@dataclass
class PlanContext:
    mode: RestoreMode
    source_tenant: SourceTenant
    target_tenant: TargetTenant | None
    app_id_map: dict[str, str]  # old client id (lower) -> new client id or token, where it changes
    in_set: frozenset[str]  # old client ids (lower) of the apps in this restore
    directory: Any = None  # enterprise.TargetDirectory: the target's resources, users and groups; None: not read
    copy_access: bool = False  # as new: copy consent and assignments too (asked, never by default)
    # linked.py: old client id (lower) -> LinkedServicePrincipal, the service principals this restore makes or
    # restores; and the source object ids of the apps whose service principal another item names.
    linked: Mapping[str, Any] = field(default_factory=dict)
    sp_referenced: frozenset[str] = frozenset()

    @property
    def target_tenant_id(self) -> str:
        return self.target_tenant.tenant_id if self.target_tenant else self.source_tenant.tenant_id


@dataclass
class Draft:
    """An item while it is built."""

    source: SourceApp
    action: Action
    object_id: str
    app_id: str
    target: TargetState
    warnings: list[PlanWarning] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    access: list[AccessChange] = field(default_factory=list)
    enterprise_expected: dict[str, Any] | None = None  # what verify checks of the enterprise application

    def warn(self, code: WarningCode, **params: str) -> None:
        warning = PlanWarning(code, params)
        if warning not in self.warnings:
            self.warnings.append(warning)

    @property
    def app_path(self) -> str:
        return f"/applications/{self.object_id}"


def warn_unknown(draft: Draft, part: str) -> None:
    """The current `part` was not read. An app in the recycle bin has its owners and federated credentials only
    listed once it is back (graph-notes §4): nothing failed, so the warning says why (reason=recycle_bin)."""
    if draft.action in (Action.UNDELETE, Action.UNDELETE_IN_TARGET):
        draft.warn(WarningCode.TARGET_STATE_UNKNOWN, part=part, reason="recycle_bin")
    else:
        draft.warn(WarningCode.TARGET_STATE_UNKNOWN, part=part)
