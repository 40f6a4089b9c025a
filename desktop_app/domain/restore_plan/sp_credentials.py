"""An enterprise application's own certificates and client secrets (its service principal's keyCredentials and
passwordCredentials), which a restore can't put back: Graph never returns a secret, and a backup keeps a service
principal's certificates without their bytes (Graph returns them one service principal at a time, under the
150-a-minute limit of certificate reads). So each one the snapshot lists and the service principal the plan writes
to lacks is said: a secret as a follow-up (issue a new one), a certificate as a warning (upload it again).

A SAML signing certificate (its Sign key, the Verify key with the same customKeyIdentifier and the PFX's password,
whose keyId is the Sign key's) is signing.py's: a service principal made again gets a new one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.restore_plan.drafting import Draft
from desktop_app.domain.restore_plan.plan import FollowUp, FollowUpCode, WarningCode
from desktop_app.domain.restore_plan.steps import Action, StepKind


def plan_sp_credentials(draft: Draft, wanted: Mapping[str, Any], current: Mapping[str, Any] | None) -> None:
    """Follow-ups and warnings for the snapshot's service principal credentials the target's lacks (`wanted`, the
    snapshot's section; `current`, the target's, None when there is none or it is unknown)."""
    there = _current_key_ids(draft, current)
    if there is None:
        return
    keys = [k for k in wanted.get("keyCredentials") or [] if isinstance(k, Mapping)]
    signing = {str(k.get("customKeyIdentifier")) for k in keys if k.get("usage") == "Sign"}
    sign_ids = {str(k.get("keyId")) for k in keys if k.get("usage") == "Sign"}
    for key in keys:
        if str(key.get("keyId")) in there or str(key.get("customKeyIdentifier")) in signing:
            continue
        draft.warn(WarningCode.SP_CERTIFICATE_NOT_RESTORED, key_id=str(key.get("keyId")),
                   display_name=str(key.get("displayName") or ""), usage=str(key.get("usage") or ""))
    for secret in wanted.get("passwordCredentials") or []:
        if not isinstance(secret, Mapping) or str(secret.get("keyId")) in there | sign_ids:
            continue
        follow_up = FollowUp(FollowUpCode.ISSUE_SP_SECRET, {
            "key_id": str(secret.get("keyId") or ""), "display_name": str(secret.get("displayName") or ""),
            "hint": str(secret.get("hint") or ""), "end_date_time": str(secret.get("endDateTime") or "")})
        if follow_up not in draft.follow_ups:
            draft.follow_ups.append(follow_up)


def _current_key_ids(draft: Draft, current: Mapping[str, Any] | None) -> set[str] | None:
    """The keyIds of the credentials the service principal the plan writes to has: none for one the plan makes;
    None when they are not known, or come back with it from the recycle bin."""
    if any(s.kind is StepKind.CREATE_SERVICE_PRINCIPAL for s in draft.steps):
        return set()
    if draft.action in (Action.UNDELETE, Action.UNDELETE_IN_TARGET) or current is None:
        return None
    if not isinstance(current.get("keyCredentials"), list) or not isinstance(current.get("passwordCredentials"), list):
        return None  # a store made before they were read
    return {str(c.get("keyId")) for part in ("keyCredentials", "passwordCredentials")
            for c in current.get(part) or [] if isinstance(c, Mapping)}
