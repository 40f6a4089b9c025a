"""An enterprise application's own certificates and client secrets (its service principal's keyCredentials and
passwordCredentials) that the service principal the plan writes to lacks. A certificate whose bytes the snapshot
holds (`keyCredentialKeys`: services/sp_certificates.py) is sent again: one EDIT_KEY_CREDENTIALS step that reads the
live keys with their bytes and PATCHes them back with the missing ones (keyCredentials is replaced whole), checked
by read-back. The others are said: a secret as a follow-up (Graph never returns one: issue a new one), a
certificate without bytes as a warning (upload it again).

A SAML signing certificate (its Sign key, the Verify key with the same customKeyIdentifier and the PFX's password,
whose keyId is the Sign key's) is signing.py's: a service principal made again gets a new one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.enterprise import PUBLIC_KEY_USAGES
from desktop_app.domain.remap import blob_ref
from desktop_app.domain.restore_plan.drafting import Draft
from desktop_app.domain.restore_plan.plan import FollowUp, FollowUpCode, WarningCode
from desktop_app.domain.restore_plan.steps import Action, Step, StepKind
from desktop_app.domain.restore_plan.writable import writable_application


def plan_sp_credentials(draft: Draft, wanted: Mapping[str, Any], current: Mapping[str, Any] | None,
                        sp_id: str) -> None:
    """The step that sends back the snapshot's service principal certificates the target's lacks, and follow-ups
    and warnings for those it can't (`wanted`, the snapshot's section; `current`, the target's, None when there is
    none or it is unknown; `sp_id`, the service principal's id or token)."""
    there = _current_key_ids(draft, current)
    if there is None:
        return
    keys = [k for k in wanted.get("keyCredentials") or [] if isinstance(k, Mapping)]
    signing = {str(k.get("customKeyIdentifier")) for k in keys if k.get("usage") == "Sign"}
    sign_ids = {str(k.get("keyId")) for k in keys if k.get("usage") == "Sign"}
    stored = wanted.get("keyCredentialKeys")
    held: Mapping[str, Any] = stored if isinstance(stored, Mapping) else {}
    # A live Sign key has no bytes to send back with the others: such a service principal's keys are left alone.
    live_signing = any(isinstance(k, Mapping) and k.get("usage") == "Sign"
                       for k in (current or {}).get("keyCredentials") or [])
    resend: list[dict[str, Any]] = []
    for key in keys:
        if str(key.get("keyId")) in there or str(key.get("customKeyIdentifier")) in signing:
            continue
        sha = held.get(str(key.get("keyId")))
        if sha and key.get("usage") in PUBLIC_KEY_USAGES and not live_signing:
            credential = writable_application({"keyCredentials": [dict(key)]})["keyCredentials"][0]
            resend.append({**credential, "key": blob_ref(str(sha))})
            continue
        draft.warn(WarningCode.SP_CERTIFICATE_NOT_RESTORED, key_id=str(key.get("keyId")),
                   display_name=str(key.get("displayName") or ""), usage=str(key.get("usage") or ""))
    if resend:
        draft.steps.append(Step(StepKind.EDIT_KEY_CREDENTIALS, "PATCH", f"/servicePrincipals/{sp_id}",
                                {"remove": [], "add": resend}))
        draft.changes.append("servicePrincipal.keyCredentials")
        if draft.enterprise_expected is not None:
            draft.enterprise_expected["keyCredentialKeys"] = {
                str(k["keyId"]): str(held[str(k["keyId"])]) for k in resend}
    for secret in wanted.get("passwordCredentials") or []:
        if not isinstance(secret, Mapping) or str(secret.get("keyId")) in there | sign_ids:
            continue
        follow_up = FollowUp(FollowUpCode.ISSUE_SP_SECRET, {
            "key_id": str(secret.get("keyId") or ""), "display_name": str(secret.get("displayName") or ""),
            "hint": str(secret.get("hint") or ""), "end_date_time": str(secret.get("endDateTime") or "")})
        if follow_up not in draft.follow_ups:
            draft.follow_ups.append(follow_up)


def _current_key_ids(draft: Draft, current: Mapping[str, Any] | None) -> set[str] | None:
    """The keyIds of the credentials the service principal the plan writes to has (None: not known)."""
    held = target_credentials(draft, current)
    if held is None:
        return None
    keys, secrets = held
    return {str(c.get("keyId")) for c in (*keys, *secrets)}


def target_credentials(draft: Draft, current: Mapping[str, Any] | None
                       ) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]] | None:
    """The certificates and secrets (keyCredentials, passwordCredentials) of the service principal the plan writes
    to: none for one the plan makes; None when they are not known: it comes back with them from the recycle bin, or
    its section does not list them (not read, or a store made before they were)."""
    if any(s.kind is StepKind.CREATE_SERVICE_PRINCIPAL for s in draft.steps):
        return [], []
    if draft.action in (Action.UNDELETE, Action.UNDELETE_IN_TARGET) or current is None:
        return None
    keys, secrets = current.get("keyCredentials"), current.get("passwordCredentials")
    if not isinstance(keys, list) or not isinstance(secrets, list):
        return None
    return [k for k in keys if isinstance(k, Mapping)], [c for c in secrets if isinstance(c, Mapping)]
