"""The service principal: back from the recycle bin or created, with the consent follow-up a new one needs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.restore_plan.drafting import Draft
from desktop_app.domain.restore_plan.inputs import ServicePrincipalPresence
from desktop_app.domain.restore_plan.plan import FollowUp, FollowUpCode
from desktop_app.domain.restore_plan.steps import Action, Step, StepKind


def plan_service_principal(draft: Draft, desired: Mapping[str, Any]) -> None:
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
                )
            )
            draft.changes.append("servicePrincipal")
        elif sp is not ServicePrincipalPresence.PRESENT:
            create = True
    elif sp is ServicePrincipalPresence.ABSENT:
        create = True
    if create:
        draft.steps.append(
            Step(StepKind.CREATE_SERVICE_PRINCIPAL, "POST", "/servicePrincipals", {"appId": draft.app_id})
        )
        draft.changes.append("servicePrincipal")
        # Consent lives on the service principal: a new one has none.
        resources = [
            str(a.get("resourceAppId"))
            for a in desired.get("requiredResourceAccess") or []
            if isinstance(a, Mapping) and a.get("resourceAccess")
        ]
        if resources:
            draft.follow_ups.append(
                FollowUp(FollowUpCode.GRANT_ADMIN_CONSENT, {"resource_app_ids": ",".join(resources)})
            )
