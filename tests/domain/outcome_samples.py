"""One of each thing a restore's outcome holds, as the codes the audit trail keeps (domain/restore_plan/recorded.py):
the samples the tests of the audit's codes and of their words write, read back and say."""

from __future__ import annotations

from desktop_app.domain import restore_plan as plan

OWNER_GONE = plan.PlanWarning(plan.WarningCode.OWNER_GONE, {"owner_id": "o-7"})
SECRET_KEPT = plan.PlanWarning(plan.WarningCode.SECRET_KEPT, {"display_name": "CI", "hint": "abc"})  # a note
GRANT_CONSENT_AGAIN = plan.FollowUp(plan.FollowUpCode.GRANT_ADMIN_CONSENT,
                                    {"resource_app_ids": "00000003-0000-0000-c000-000000000000"})
GRANT = plan.AccessChange(plan.AccessChangeKind.GRANT, "Microsoft Graph", "User.Read")
STEP_FAILED = plan.Failure(plan.FailureCode.STEP_FAILED, {"step": "add_owner", "error": "Graph said no"})
# How a restore stopped: its process gone, settled by the next run.
PROCESS_GONE = plan.Failure(plan.FailureCode.PROCESS_GONE, {
    "run": "restore", "host": "ws1", "pid": "42", "finished": "1", "total": "3", "adopted": "1", "not_created": "0",
    "not_started": "1"})
