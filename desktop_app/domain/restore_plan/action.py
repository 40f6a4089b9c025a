"""Choosing what happens to each app: overwrite, undelete, recreate or create, from the mode and the target."""

from __future__ import annotations

from collections.abc import Mapping

from desktop_app.domain.remap import (
    app_id_ref,
    object_id_ref,
)
from desktop_app.domain.restore_plan.drafting import Draft
from desktop_app.domain.restore_plan.inputs import (
    PlanError,
    PlanErrorCode,
    Presence,
    RestoreMode,
    SourceApp,
    TargetState,
    TargetTenant,
)
from desktop_app.domain.restore_plan.steps import Action


def choose_action(
    source: SourceApp,
    mode: RestoreMode,
    targets: Mapping[str, TargetState],
    target_tenant: TargetTenant | None,
) -> Draft:
    new_object, new_app = object_id_ref(source.object_id), app_id_ref(source.app_id)
    if mode is RestoreMode.AS_NEW:
        return Draft(source, Action.CREATE_AS_NEW, new_object, new_app, TargetState.gone())
    target = targets.get(source.object_id, TargetState.gone())
    same = mode is RestoreMode.WITH_OBJECT
    if target.presence is Presence.GONE:
        action = Action.RECREATE if same else Action.CREATE_IN_TARGET
        return Draft(source, action, new_object, new_app, target)
    if target.presence is Presence.EXISTS:
        action = Action.OVERWRITE if same else Action.OVERWRITE_IN_TARGET
    else:
        action = Action.UNDELETE if same else Action.UNDELETE_IN_TARGET
    object_id = target.object_id or (source.object_id if same else None)
    app_id = target.app_id or (source.app_id if same else None)
    if object_id is None or app_id is None:
        raise PlanError(PlanErrorCode.TARGET_STATE_MISSING, object_id=source.object_id)
    return Draft(source, action, object_id, app_id, target)
