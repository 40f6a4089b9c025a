"""The service principal: back from the recycle bin or created, as the snapshot had it.

A snapshot that read the enterprise application says whether the app had one (null: none, and none is made). One
made before that part was read doesn't: then the app gets one if it lacks it, with the follow-up that consent must
be granted again (nothing recorded it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.restore_plan.drafting import Draft
from desktop_app.domain.restore_plan.enterprise import MISSING, source_section, sp_ref, target_section
from desktop_app.domain.restore_plan.inputs import ServicePrincipalPresence
from desktop_app.domain.restore_plan.plan import FollowUp, FollowUpCode
from desktop_app.domain.restore_plan.steps import Action, Phase, Step, StepKind


def plan_service_principal(draft: Draft, desired: Mapping[str, Any], *, early: bool = False) -> str | None:
    """The steps that make the app's service principal exist; its id (or the token of the one created), None
    when the app has none after the plan or its id is not known. `early`: another app of the restore names it
    (linked.py): it is made in the create phase, and one back from the recycle bin binds its token too."""
    phase = Phase.CREATE if early else Phase.COMPLETE
    wanted = source_section(draft)
    if wanted is None:
        return None  # the app had no service principal at the snapshot
    sp = draft.target.service_principal
    create = False
    if draft.action.creates_application:
        create = True
    elif draft.action in (Action.UNDELETE, Action.UNDELETE_IN_TARGET):
        if draft.target.deleted_service_principal_id:
            draft.steps.append(
                Step(
                    StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL,
                    "POST",
                    f"/directory/deletedItems/{draft.target.deleted_service_principal_id}/restore",
                    phase=phase, binds=f"sp:{draft.source.object_id}",
                )
            )
            draft.changes.append("servicePrincipal")
            return draft.target.deleted_service_principal_id
        if sp is not ServicePrincipalPresence.PRESENT:
            create = True
    elif sp is ServicePrincipalPresence.ABSENT:
        create = True
    if not create:
        current = target_section(draft)
        return str(current["id"]) if isinstance(current, Mapping) and current.get("id") else None
    draft.steps.append(
        Step(StepKind.CREATE_SERVICE_PRINCIPAL, "POST", "/servicePrincipals", {"appId": draft.app_id},
             binds=f"sp:{draft.source.object_id}", phase=phase)
    )
    draft.changes.append("servicePrincipal")
    if wanted is MISSING:
        # Consent lives on the service principal and the snapshot did not record it: a new one has none.
        resources = [
            str(a.get("resourceAppId"))
            for a in desired.get("requiredResourceAccess") or []
            if isinstance(a, Mapping) and a.get("resourceAccess")
        ]
        if resources:
            draft.follow_ups.append(
                FollowUp(FollowUpCode.GRANT_ADMIN_CONSENT, {"resource_app_ids": ",".join(resources)})
            )
    return sp_ref(draft.source.object_id)
