"""The logo: PUT the stored bytes; Graph has no way to remove one."""

from __future__ import annotations

from desktop_app.domain.restore_plan.drafting import Draft
from desktop_app.domain.restore_plan.plan import WarningCode
from desktop_app.domain.restore_plan.steps import Step, StepKind


def plan_logo(draft: Draft) -> bool:
    wanted = draft.source.document.get("logo")
    document = draft.target.document
    known = not draft.action.creates_application and document is not None and "logo" in document
    current = document.get("logo") if known and document is not None else None
    if wanted:
        if not known or current != wanted or draft.action.creates_application:
            draft.steps.append(
                Step(
                    StepKind.SET_LOGO,
                    "PUT",
                    f"{draft.app_path}/logo",
                    content_sha256=str(wanted),
                    content_type="application/octet-stream",
                )
            )
            draft.changes.append("logo")
        return True
    if known and current:
        draft.warn(WarningCode.LOGO_NOT_REMOVABLE)
        return False
    return known or draft.action.creates_application
