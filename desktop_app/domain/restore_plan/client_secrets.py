"""Secrets: never sent (Graph never returns them) nor removed; follow-ups to issue the missing ones."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.document import secrets_of
from desktop_app.domain.restore_plan.drafting import Draft
from desktop_app.domain.restore_plan.plan import FollowUp, FollowUpCode, WarningCode
from desktop_app.domain.restore_plan.steps import Action


def plan_secrets(draft: Draft, source_app: Mapping[str, Any]) -> None:
    """Secrets can't be put back (Graph never returns them): each one the app had and lacks is a follow-up."""
    document = draft.target.document
    current_app = document.get("application") if document is not None else None
    if draft.action.creates_application:
        current_ids: set[str] | None = set()
    elif isinstance(current_app, Mapping) and "passwordCredentials" in current_app:
        current_ids = {
            str(c.get("keyId"))
            for c in current_app.get("passwordCredentials") or []
            if isinstance(c, Mapping)
        }
    else:
        current_ids = None  # undelete without a known state: the object comes back with its secrets
    if current_ids is None:
        return
    snapshot = secrets_of({"application": source_app})
    for secret in snapshot:
        if str(secret.key_id) not in current_ids:
            draft.follow_ups.append(
                FollowUp(
                    FollowUpCode.ISSUE_SECRET,
                    {
                        "key_id": secret.key_id or "",
                        "display_name": secret.display_name or "",
                        "hint": secret.hint or "",
                        "end_date_time": secret.end_date_time or "",
                    },
                )
            )
    if draft.action is Action.OVERWRITE and isinstance(current_app, Mapping):
        # Secrets added since the snapshot stay: removing one could stop a service in production.
        snapshot_ids = {str(s.key_id) for s in snapshot}
        for credential in current_app.get("passwordCredentials") or []:
            if isinstance(credential, Mapping) and str(credential.get("keyId")) not in snapshot_ids:
                draft.warn(
                    WarningCode.SECRET_KEPT,
                    key_id=str(credential.get("keyId")),
                    display_name=str(credential.get("displayName") or ""),
                    hint=str(credential.get("hint") or ""),
                )
