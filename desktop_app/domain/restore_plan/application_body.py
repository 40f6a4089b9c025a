"""The application body: the writable state the app must end in, and what of it can be sent at creation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.remap import strip_refs
from desktop_app.domain.restore_plan.drafting import Draft, PlanContext
from desktop_app.domain.restore_plan.plan import WarningCode
from desktop_app.domain.restore_plan.redirect_uris import keep_accepted_redirect_uris
from desktop_app.domain.restore_plan.remapping import drop_foreign_clients, identifier_uris, remap_references
from desktop_app.domain.restore_plan.steps import Action
from desktop_app.domain.restore_plan.writable import writable_application

# Handled by their own steps, never in the plain application PATCH/POST.
SEPARATE_PROPERTIES = frozenset({"keyCredentials", "tokenEncryptionKeyId"})


def desired_application(
    draft: Draft, context: PlanContext, source_app: Mapping[str, Any], new_name: str | None
) -> dict[str, Any]:
    """The writable state the app must end in, ids remapped, URIs rewritten; without keyCredentials and
    tokenEncryptionKeyId (their own steps)."""
    desired = {k: v for k, v in writable_application(source_app).items() if k not in SEPARATE_PROPERTIES}
    id_map = context.app_id_map
    if draft.action is Action.CREATE_AS_NEW:
        assert new_name is not None  # validated
        desired["displayName"] = new_name.strip()
        unique_name = desired.pop("uniqueName", None)
        if unique_name:
            draft.warn(
                WarningCode.UNIQUE_NAME_LEFT_OUT, unique_name=str(unique_name), reason="in_use_by_original"
            )
    if id_map:
        remap_references(desired, id_map)
    drop_foreign_clients(draft, context, desired)
    keep_accepted_redirect_uris(draft, desired)
    if "identifierUris" in desired:
        desired["identifierUris"] = identifier_uris(draft, context, desired["identifierUris"] or [])
    return desired


def post_body(desired: Mapping[str, Any]) -> dict[str, Any]:
    """What can be sent at creation: no id tokens (unknown yet), no nulls or empty collections (defaults)."""
    body: dict[str, Any] = {}
    for key, value in strip_refs(dict(desired)).items():
        if value is None or value == []:
            continue
        body[key] = value
    return body
