"""Federated identity credentials: deletes first, then updates and adds (or upserts when the current ones
are unknown)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from desktop_app.domain.restore_plan.drafting import Draft, warn_unknown
from desktop_app.domain.restore_plan.plan import WarningCode
from desktop_app.domain.restore_plan.steps import Step, StepKind
from desktop_app.domain.restore_plan.writable import same_value

_FIC_FIELDS = ("issuer", "subject", "audiences", "description")

# Microsoft Entra's own token issuers (every cloud): the subject of such a credential is an object id in the
# issuing tenant (graph-notes §10), meaningless in another one.
_ENTRA_ISSUER_HOSTS = frozenset(
    {"login.microsoftonline.com", "sts.windows.net", "login.microsoftonline.us", "login.chinacloudapi.cn",
     "login.partner.microsoftonline.cn"}
)


def is_entra_issuer(issuer: Any) -> bool:
    return isinstance(issuer, str) and (urlsplit(issuer).hostname or "").lower() in _ENTRA_ISSUER_HOSTS


def _wanted(draft: Draft) -> list[Mapping[str, Any]]:
    credentials = [
        c for c in draft.source.document.get("federatedIdentityCredentials") or [] if isinstance(c, Mapping)
    ]
    if not draft.action.value.endswith("_in_target"):
        return credentials
    kept = []
    for credential in credentials:
        if is_entra_issuer(credential.get("issuer")):
            draft.warn(
                WarningCode.FEDERATED_CREDENTIAL_LEFT_OUT,
                name=str(credential.get("name") or ""),
                issuer=str(credential.get("issuer")),
                reason="entra_issuer",
            )
        else:
            kept.append(credential)
    return kept


def fic_body(credential: Mapping[str, Any], with_name: bool) -> dict[str, Any]:
    body = {k: copy.deepcopy(credential[k]) for k in _FIC_FIELDS if k in credential}
    if with_name:
        body = {"name": credential.get("name"), **body}
    return body


def plan_federated_credentials(draft: Draft) -> tuple[tuple[Mapping[str, Any], ...], bool]:
    wanted = _wanted(draft)
    base = f"{draft.app_path}/federatedIdentityCredentials"
    if draft.action.creates_application:
        for credential in wanted:
            draft.steps.append(
                Step(StepKind.ADD_FEDERATED_CREDENTIAL, "POST", base, fic_body(credential, True))
            )
        if wanted:
            draft.changes.append("federatedIdentityCredentials")
        return tuple(wanted), True
    document = draft.target.document
    current_list = document.get("federatedIdentityCredentials") if document is not None else None
    if not isinstance(current_list, list):
        # Unknown current state: create or update each by name (upsert); extras, if any, stay.
        for credential in wanted:
            draft.steps.append(
                Step(
                    StepKind.UPSERT_FEDERATED_CREDENTIAL,
                    "PATCH",
                    f"{base}(name='{credential.get('name')}')",
                    fic_body(credential, True),
                    headers=(("Prefer", "create-if-missing"),),
                )
            )
        warn_unknown(draft, "federatedIdentityCredentials")
        if wanted:
            draft.changes.append("federatedIdentityCredentials")
        return tuple(wanted), False
    current = {str(c.get("name")): c for c in current_list if isinstance(c, Mapping)}
    desired = {str(c.get("name")): c for c in wanted}
    steps: list[Step] = []
    # Deletes first: issuer+subject are unique within an app and there is a cap of 20 (graph-notes §1.3).
    for name in sorted(set(current) - set(desired)):
        steps.append(Step(StepKind.DELETE_FEDERATED_CREDENTIAL, "DELETE", f"{base}/{name}"))
    for name in sorted(set(current) & set(desired)):
        if not same_value(fic_body(current[name], False), fic_body(desired[name], False)):
            # The name is immutable (and the key), so only the other fields are sent.
            steps.append(
                Step(
                    StepKind.UPDATE_FEDERATED_CREDENTIAL,
                    "PATCH",
                    f"{base}/{name}",
                    fic_body(desired[name], False),
                )
            )
    for name in sorted(set(desired) - set(current)):
        steps.append(Step(StepKind.ADD_FEDERATED_CREDENTIAL, "POST", base, fic_body(desired[name], True)))
    draft.steps.extend(steps)
    if steps:
        draft.changes.append("federatedIdentityCredentials")
    return tuple(wanted), True
