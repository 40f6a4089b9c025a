"""The application's own writes: create (POST then the completing PATCH) or overwrite/undelete (disable,
PATCH what differs, certificates, token encryption key)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.remap import contains_ref
from desktop_app.domain.restore_plan.application_body import post_body
from desktop_app.domain.restore_plan.certificates import (
    certificates_body,
    certificates_differ,
    current_key_ids,
    set_token_encryption_key,
)
from desktop_app.domain.restore_plan.drafting import Draft
from desktop_app.domain.restore_plan.permissions import disable_permissions_body
from desktop_app.domain.restore_plan.plan import WarningCode
from desktop_app.domain.restore_plan.pre_authorizations import (
    hold_back,
    scope_ids,
    set_pre_authorizations_later,
)
from desktop_app.domain.restore_plan.steps import Action, Phase, Step, StepKind
from desktop_app.domain.restore_plan.writable import same_value, unset_server_default, writable_application
from desktop_app.domain.schema import WRITE_ONCE_APPLICATION_PROPERTIES

# Audiences that include personal Microsoft accounts require v2 access tokens (graph-notes §3).
_MSA_AUDIENCES = frozenset({"AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"})


def plan_create(
    draft: Draft, desired: dict[str, Any], certificates: list[dict[str, Any]] | None, token_key: str | None
) -> None:
    """The create (through the upsert when the app has a uniqueName: idempotent), then what names new ids,
    the pre-authorizations once the scopes exist, and the certificates in their own PATCH (an app management
    policy that refuses an old certificate then refuses only that step, not the app)."""
    body = post_body(desired)
    desired_api = desired.get("api")
    later_pre_auths = False
    if isinstance(body.get("api"), Mapping):
        body["api"], later_pre_auths = hold_back(body["api"], set())
    unique_name = body.pop("uniqueName", None) if draft.action is Action.RECREATE else None
    if unique_name:
        quoted = str(unique_name).replace("'", "''")
        create = Step(
            StepKind.CREATE_APPLICATION,
            "PATCH",
            f"/applications(uniqueName='{quoted}')",
            body,
            phase=Phase.CREATE,
            binds=draft.source.object_id,
            headers=(("Prefer", "create-if-missing"),),
        )
    else:
        create = Step(
            StepKind.CREATE_APPLICATION, "POST", "/applications", body, phase=Phase.CREATE,
            binds=draft.source.object_id,
        )
    draft.steps.append(create)
    draft.changes.extend(k for k, v in desired.items() if v not in (None, []))
    # Everything naming a new id (its own, or another app's in this restore) once all ids exist.
    completion = {k: v for k, v in desired.items() if contains_ref(v)}
    if isinstance(completion.get("api"), Mapping):
        completion["api"], held = hold_back(completion["api"], scope_ids(body.get("api")))
        later_pre_auths = later_pre_auths or held
    if completion:
        draft.steps.append(Step(StepKind.UPDATE_APPLICATION, "PATCH", draft.app_path, completion))
    if later_pre_auths and isinstance(desired_api, Mapping):
        set_pre_authorizations_later(draft, desired_api)
    if certificates:
        draft.steps.append(
            Step(StepKind.SET_CERTIFICATES, "PATCH", draft.app_path,
                 {"keyCredentials": certificates_body(certificates)})
        )
        draft.changes.append("keyCredentials")
    if token_key:
        set_token_encryption_key(draft, token_key)


def plan_overwrite(
    draft: Draft,
    desired: dict[str, Any],
    certificates: list[dict[str, Any]] | None,
    token_key: str | None,
    manage_token_key: bool,
) -> None:
    if draft.action in (Action.UNDELETE, Action.UNDELETE_IN_TARGET):
        draft.steps.append(
            Step(
                StepKind.RESTORE_DELETED_APPLICATION,
                "POST",
                f"/directory/deletedItems/{draft.object_id}/restore",
                phase=Phase.CREATE,
            )
        )
        draft.changes.append("restored from the recycle bin")
    document = draft.target.document
    current_raw = document.get("application") if document is not None else None
    current = writable_application(current_raw) if isinstance(current_raw, Mapping) else None

    # 1. Disable what must go or change (graph-notes §3), in its own PATCH.
    # `desired` rides along so a runner can also recompute the body from a fresh read.
    wanted: dict[str, Any] = {k: desired[k] for k in ("api", "appRoles") if k in desired}
    if current is not None:
        disable = disable_permissions_body(current, desired)
        if disable is not None:
            # Should a later step of this app fail, this puts back what was enabled (never fewer enabled
            # scopes/roles than before the restore).
            undo = {k: current[k] for k in disable if k in current}
            draft.steps.append(
                Step(StepKind.DISABLE_PERMISSIONS, "PATCH", draft.app_path, disable, desired=wanted, undo=undo)
            )
    elif wanted:
        draft.steps.append(Step(StepKind.DISABLE_PERMISSIONS, "PATCH", draft.app_path, None, desired=wanted))

    # 2. The application's own properties: what differs (everything when the current state is unknown).
    body: dict[str, Any] = {}
    for key, value in desired.items():
        if unset_server_default(key, value):
            continue  # the snapshot predates Graph's own value (the app instance lock): it stays
        if key in WRITE_ONCE_APPLICATION_PROPERTIES:
            _write_once(draft, body, key, value, current)
        elif current is None or key not in current or not same_value(current[key], value):
            body[key] = value
    if body.get("signInAudience") in _MSA_AUDIENCES and "api" in desired:
        body["api"] = desired["api"]  # requestedAccessTokenVersion 2 must come in the same body
    later_pre_auths = False
    if isinstance(body.get("api"), Mapping):
        existing = scope_ids((current or {}).get("api")) & scope_ids(desired.get("api"))
        body["api"], later_pre_auths = hold_back(body["api"], existing)
    current_keys = current_key_ids(current)
    certificates_change = certificates is not None and certificates_differ(draft, current, certificates)
    current_token_key = current.get("tokenEncryptionKeyId") if current is not None else _UNKNOWN
    token_key_later = False
    if certificates_change:
        # The key the app encrypts tokens with can't be removed from under it; set it again after the keys.
        if current_token_key is _UNKNOWN or (current_token_key and current_token_key != token_key):
            body["tokenEncryptionKeyId"] = None
        token_key_later = token_key is not None and current_token_key != token_key
    elif not manage_token_key:
        pass  # a snapshot that does not name it: leave it as it is
    elif current_token_key is _UNKNOWN or (current_token_key or None) != token_key:
        if token_key is None or token_key in current_keys or current is None:
            body["tokenEncryptionKeyId"] = token_key
        else:
            token_key_later = True
    if body:
        draft.steps.append(Step(StepKind.UPDATE_APPLICATION, "PATCH", draft.app_path, body))
        draft.changes.extend(k for k in body if k != "tokenEncryptionKeyId" or body[k] == token_key)

    if later_pre_auths:
        set_pre_authorizations_later(draft, desired["api"])

    # 3. Certificates (public keys), then the token encryption key that names one of them.
    if certificates_change and certificates is not None:
        draft.steps.append(
            Step(
                StepKind.SET_CERTIFICATES,
                "PATCH",
                draft.app_path,
                {"keyCredentials": certificates_body(certificates)},
            )
        )
        draft.changes.append("keyCredentials")
    if token_key_later:
        set_token_encryption_key(draft, token_key)


class _Unknown:
    pass


_UNKNOWN: Any = _Unknown()


def _write_once(
    draft: Draft, body: dict[str, Any], key: str, value: Any, current: Mapping[str, Any] | None
) -> None:
    """uniqueName can be set only while it is null (graph-notes §1.1)."""
    if current is None or value is None:
        return  # unknown: the object keeps what it has
    existing = current.get(key)
    if existing is None:
        body[key] = value
    elif existing != value:
        draft.warn(WarningCode.UNIQUE_NAME_LEFT_OUT, unique_name=str(value), reason="immutable")
