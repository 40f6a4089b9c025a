"""The planner: from the request to a plan, item by item, each part of an app planned by its own module."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from desktop_app.domain.restore_plan.action import choose_action
from desktop_app.domain.restore_plan.application_body import desired_application
from desktop_app.domain.restore_plan.application_steps import plan_create, plan_overwrite
from desktop_app.domain.restore_plan.certificates import (
    keep_live_keys,
    key_sha_of,
    restorable_certificates,
    token_encryption_key,
)
from desktop_app.domain.restore_plan.client_secrets import plan_secrets
from desktop_app.domain.restore_plan.drafting import Draft, PlanContext
from desktop_app.domain.restore_plan.enterprise import TargetDirectory, plan_enterprise, source_section
from desktop_app.domain.restore_plan.extension_properties import plan_extension_properties
from desktop_app.domain.restore_plan.federated_credentials import plan_federated_credentials
from desktop_app.domain.restore_plan.inputs import (
    RestoreMode,
    SourceApp,
    SourceTenant,
    TargetState,
    TargetTenant,
    validate_request,
)
from desktop_app.domain.restore_plan.linked import linked_service_principals, referenced
from desktop_app.domain.restore_plan.logo import plan_logo
from desktop_app.domain.restore_plan.owners import plan_owners
from desktop_app.domain.restore_plan.plan import ExpectedState, PlanItem, RestorePlan, WarningCode
from desktop_app.domain.restore_plan.remapping import warn_custom_apis
from desktop_app.domain.restore_plan.service_principal import plan_service_principal
from desktop_app.domain.restore_plan.steps import Action


def plan_restore(
    sources: Sequence[SourceApp],
    mode: RestoreMode,
    *,
    source_tenant: SourceTenant,
    targets: Mapping[str, TargetState] | None = None,
    target_tenant: TargetTenant | None = None,
    new_name: str | None = None,
    directory: TargetDirectory | None = None,
    copy_access: bool = False,
) -> RestorePlan:
    """The plan for restoring exactly `sources` (one item each, in the given order).

    targets: by source object id, the state of the app in the target (WITH_OBJECT: required; OTHER_TENANT:
    the copy an earlier restore made, absent = never copied). directory: what the enterprise application's
    consent and assignments need of the target (None: they are not planned). copy_access: as new, copy consent and
    assignments too. Raises PlanError for bad input.
    """
    targets = targets or {}
    validate_request(sources, mode, source_tenant, targets, target_tenant, new_name)

    drafts = [choose_action(source, mode, targets, target_tenant) for source in sources]
    app_id_map: dict[str, str] = {}
    if mode is RestoreMode.OTHER_TENANT and target_tenant is not None:
        app_id_map.update({old.lower(): new for old, new in target_tenant.previous_copies.items()})
    for draft in drafts:
        if draft.app_id.lower() != draft.source.app_id.lower():
            app_id_map[draft.source.app_id.lower()] = draft.app_id
    linked = linked_service_principals(drafts) if mode is not RestoreMode.AS_NEW else {}
    context = PlanContext(
        mode, source_tenant, target_tenant, app_id_map, frozenset(d.source.app_id.lower() for d in drafts),
        directory, copy_access, linked, referenced(drafts, linked),
    )
    items = tuple(plan_item(draft, context, new_name) for draft in drafts)
    return RestorePlan(mode, context.target_tenant_id, items)


def plan_item(draft: Draft, context: PlanContext, new_name: str | None) -> PlanItem:
    source_app = draft.source.document.get("application") or {}
    if draft.action is Action.RECREATE:
        draft.warn(WarningCode.CLIENT_ID_WILL_CHANGE, old_app_id=draft.source.app_id)
    desired = desired_application(draft, context, source_app, new_name)
    certificates, keys_blocked = keep_live_keys(draft, source_app, restorable_certificates(draft, source_app))
    token_key = None if keys_blocked else token_encryption_key(draft, source_app, certificates)
    if draft.action.creates_application:
        plan_create(draft, desired, certificates, token_key)
    else:
        manage_token_key = "tokenEncryptionKeyId" in source_app and not keys_blocked
        plan_overwrite(draft, desired, certificates, token_key, manage_token_key)
    expected_federated, federated_exact = plan_federated_credentials(draft)
    expected_extensions = plan_extension_properties(draft)
    owner_ids, owners_exact = plan_owners(draft, context)
    check_logo = plan_logo(draft)
    plan_secrets(draft, source_app)
    sp_id = plan_service_principal(draft, desired, early=draft.source.object_id in context.sp_referenced)
    if sp_id is not None:
        plan_enterprise(draft, context, context.directory, sp_id, context.copy_access)
    elif isinstance(source_section(draft), Mapping):
        draft.warn(WarningCode.TARGET_STATE_UNKNOWN, part="servicePrincipal")
    if context.mode is RestoreMode.OTHER_TENANT:
        warn_custom_apis(draft, context, source_app)

    expected_application = dict(desired)
    if certificates is not None:
        expected_application["keyCredentials"] = [
            {k: v for k, v in c.items() if k != "key"} for c in certificates
        ]
    if "tokenEncryptionKeyId" in source_app and not keys_blocked:
        expected_application["tokenEncryptionKeyId"] = token_key
    if any(w.code is WarningCode.UNIQUE_NAME_LEFT_OUT for w in draft.warnings):
        expected_application.pop("uniqueName", None)
    expected = ExpectedState(
        application=expected_application,
        owner_ids=owner_ids,
        owners_exact=owners_exact,
        federated_credentials=expected_federated,
        federated_credentials_exact=federated_exact,
        key_credential_keys={str(c["keyId"]): key_sha_of(draft, c) for c in certificates or []},
        logo_sha256=draft.source.document.get("logo"),
        check_logo=check_logo,
        enterprise=draft.enterprise_expected,
        extension_properties=expected_extensions,
    )
    return PlanItem(
        source=draft.source,
        action=draft.action,
        object_id=draft.object_id,
        app_id=draft.app_id,
        steps=tuple(draft.steps),
        warnings=tuple(draft.warnings),
        follow_ups=tuple(draft.follow_ups),
        changes=tuple(dict.fromkeys(draft.changes)),
        expected=expected,
        access=tuple(draft.access),
    )
