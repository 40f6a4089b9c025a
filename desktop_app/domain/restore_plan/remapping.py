"""References to other apps, tenants, domains and users, mapped for the target (as new, another tenant)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from desktop_app.domain.remap import (
    acceptable_in_tenant,
    contains_ref,
    replace_ids,
    rewrite_domain,
)
from desktop_app.domain.restore_plan.drafting import Draft, PlanContext
from desktop_app.domain.restore_plan.inputs import RestoreMode, TargetTenant
from desktop_app.domain.restore_plan.plan import UriLeftOutReason, WarningCode
from desktop_app.domain.restore_plan.steps import Action

# Where client ids of apps appear as whole values, and where inside URIs (graph-notes §3).
_REDIRECT_URI_PATHS: tuple[tuple[str, ...], ...] = (
    ("web", "redirectUris"),
    ("spa", "redirectUris"),
    ("publicClient", "redirectUris"),
)


def _map_id(value: Any, id_map: Mapping[str, str]) -> Any:
    if isinstance(value, str) and value.lower() in id_map:
        return id_map[value.lower()]
    return value


def remap_references(desired: dict[str, Any], id_map: Mapping[str, str]) -> None:
    api = desired.get("api")
    if isinstance(api, dict):
        if isinstance(api.get("knownClientApplications"), list):
            api["knownClientApplications"] = [_map_id(v, id_map) for v in api["knownClientApplications"]]
        for pre in api.get("preAuthorizedApplications") or []:
            if isinstance(pre, dict):
                pre["appId"] = _map_id(pre.get("appId"), id_map)
    for access in desired.get("requiredResourceAccess") or []:
        if isinstance(access, dict):
            access["resourceAppId"] = _map_id(access.get("resourceAppId"), id_map)
    # Redirect URIs of mobile/desktop apps embed the client id (msal{id}://auth, .../BrokerPlugin/{id}).
    for section, key in _REDIRECT_URI_PATHS:
        holder = desired.get(section)
        if isinstance(holder, dict) and isinstance(holder.get(key), list):
            holder[key] = [replace_ids(v, id_map) if isinstance(v, str) else v for v in holder[key]]
    web = desired.get("web")
    if isinstance(web, dict):
        for setting in web.get("redirectUriSettings") or []:
            if isinstance(setting, dict) and isinstance(setting.get("uri"), str):
                setting["uri"] = replace_ids(setting["uri"], id_map)
    if isinstance(desired.get("defaultRedirectUri"), str):
        desired["defaultRedirectUri"] = replace_ids(desired["defaultRedirectUri"], id_map)


def identifier_uris(draft: Draft, context: PlanContext, uris: Iterable[Any]) -> list[Any]:
    """The identifier URIs to write: ids and (another tenant) domains rewritten; left out with a warning, the
    ones the target would refuse. Graph's identifier-URI policy refuses a *new* URI (one the app does not have
    now; every URI of a new app) unless it names a verified domain, the tenant id or the app id (graph-notes
    §10): we don't know whether the target has the policy on, so we take the stricter reading."""
    own = draft.source.app_id.lower()
    target = context.target_tenant
    tenant_id = target.tenant_id if target is not None else context.source_tenant.tenant_id
    domains = target.verified_domains if target is not None else context.source_tenant.verified_domains
    current = _current_identifier_uris(draft)
    out: list[Any] = []
    for uri in uris:
        if not isinstance(uri, str):
            out.append(uri)
            continue
        names_own_id = own in uri.lower()
        if draft.action is Action.CREATE_AS_NEW and not names_own_id:
            # Identifier URIs are unique in the tenant and the original still uses this one.
            draft.warn(
                WarningCode.IDENTIFIER_URI_LEFT_OUT, uri=uri, reason=UriLeftOutReason.IN_USE_BY_ORIGINAL
            )
            continue
        new = replace_ids(uri, context.app_id_map)
        if context.mode is RestoreMode.OTHER_TENANT and target is not None:
            new = replace_ids(new, {context.source_tenant.tenant_id: target.tenant_id})
            new = rewrite_domain(new, context.source_tenant.verified_domains, target.chosen_domain)
            if not acceptable_in_tenant(new, target.tenant_id, target.verified_domains):
                draft.warn(
                    WarningCode.IDENTIFIER_URI_LEFT_OUT,
                    uri=uri,
                    reason=UriLeftOutReason.NOT_ON_VERIFIED_DOMAIN,
                )
                continue
        elif new.lower() not in current and not acceptable_in_tenant(
            new, tenant_id, domains, None if contains_ref(draft.app_id) else draft.app_id
        ):
            draft.warn(
                WarningCode.IDENTIFIER_URI_LEFT_OUT, uri=uri, reason=UriLeftOutReason.NOT_ALLOWED_BY_POLICY
            )
            continue
        if new != uri:
            draft.warn(WarningCode.IDENTIFIER_URI_REWRITTEN, old=uri, new=new)
        if new not in out:
            out.append(new)
    return out


def drop_foreign_clients(draft: Draft, context: PlanContext, desired: dict[str, Any]) -> None:
    """In another tenant: client ids of the source tenant's own apps that are not mapped to an app there name
    nothing (or someone else's app): knownClientApplications must be apps of the same tenant, and a pre-authorized
    client of the source tenant would grant consent-free access to whatever has that id. Left out, with warnings.
    Microsoft's and third parties' multi-tenant clients (not in the source tenant's apps) stay."""
    target = context.target_tenant
    api = desired.get("api")
    if context.mode is not RestoreMode.OTHER_TENANT or target is None or not isinstance(api, dict):
        return
    usable = {a.lower() for a in target.known_app_ids} | {v.lower() for v in context.app_id_map.values()}
    source_apps = {a.lower() for a in context.source_tenant.app_ids}

    def usable_here(app_id: Any, same_tenant_only: bool) -> bool:
        text = str(app_id or "")
        if contains_ref(text) or text.lower() in usable:
            return True
        if same_tenant_only:
            return False
        return text.lower() not in source_apps if source_apps else is_first_party(text)

    if isinstance(api.get("knownClientApplications"), list):
        kept = []
        for app_id in api["knownClientApplications"]:
            if usable_here(app_id, True):
                kept.append(app_id)
            else:
                draft.warn(WarningCode.KNOWN_CLIENT_LEFT_OUT, app_id=str(app_id))
        api["knownClientApplications"] = kept
    if isinstance(api.get("preAuthorizedApplications"), list):
        pre_kept = []
        for pre in api["preAuthorizedApplications"]:
            app_id = pre.get("appId") if isinstance(pre, Mapping) else None
            if usable_here(app_id, False):
                pre_kept.append(pre)
            else:
                draft.warn(WarningCode.PRE_AUTHORIZATION_LEFT_OUT, app_id=str(app_id))
        api["preAuthorizedApplications"] = pre_kept


def _current_identifier_uris(draft: Draft) -> set[str]:
    """The URIs the app has now (lower case); empty for a new app. Unknown state: the snapshot's own, since an
    app that exists most likely still has them (the write then fails loudly, not silently)."""
    if draft.action.creates_application:
        return set()
    document = draft.target.document
    application = document.get("application") if document is not None else None
    if not isinstance(application, Mapping) or "identifierUris" not in application:
        application = draft.source.document.get("application") or {}
    return {str(u).lower() for u in application.get("identifierUris") or []}


# Microsoft's own APIs have the same client id in every tenant (graph-notes §3). The pattern covers Microsoft
# Graph, Azure AD Graph, Exchange, SharePoint, Dynamics, Power BI...; the set a few common others.
_FIRST_PARTY_PATTERN = re.compile(r"^0000000[0-9a-f]-0000-(0000-c000|0ff1-ce00)-000000000000$", re.IGNORECASE)


_FIRST_PARTY_APP_IDS = frozenset(
    {
        "797f4846-ba00-4fd7-ba43-dac1f8f63013",  # Azure Service Management
        "e406a681-f3d4-42a8-90b6-c2b029497af1",  # Azure Storage
        "cfa8b339-82a2-471a-a3c9-0fc0be7a4093",  # Azure Key Vault
        "499b84ac-1321-427f-aa17-267ca6975798",  # Azure DevOps
        "ca7f3f0b-7d91-482c-8e09-c5d840d0eac5",  # Log Analytics
    }
)


def is_first_party(app_id: str) -> bool:
    return bool(_FIRST_PARTY_PATTERN.match(app_id)) or app_id.lower() in _FIRST_PARTY_APP_IDS


def warn_custom_apis(draft: Draft, context: PlanContext, source_app: Mapping[str, Any]) -> None:
    target = context.target_tenant
    assert target is not None
    known = {a.lower() for a in target.known_app_ids}
    for access in source_app.get("requiredResourceAccess") or []:
        if not isinstance(access, Mapping):
            continue
        resource = str(access.get("resourceAppId") or "")
        lowered = resource.lower()
        if lowered in context.app_id_map or lowered in context.in_set or lowered in known:
            continue
        if context.source_tenant.app_ids:
            custom = lowered in {a.lower() for a in context.source_tenant.app_ids}
        else:
            custom = not is_first_party(resource)
        if custom:
            draft.warn(WarningCode.CUSTOM_API_NOT_IN_TARGET, resource_app_id=resource)


def map_owner(draft: Draft, context: PlanContext, owner: Mapping[str, Any]) -> str | None:
    owner_id = str(owner.get("id"))
    linked = context.linked.get(str(owner.get("appId") or "").lower())
    if linked is not None and linked.old_id == owner_id:
        return str(linked.ref)  # the service principal of an app this restore makes or restores (linked.py)
    target = context.target_tenant
    if context.mode is not RestoreMode.OTHER_TENANT or target is None:
        return owner_id
    upn = owner.get("userPrincipalName")
    app_id = owner.get("appId")
    found: str | None = None
    if isinstance(upn, str):
        found = _users_by_upn(target).get(upn.lower())
    elif isinstance(app_id, str):
        by_app = {k.lower(): v for k, v in target.service_principals_by_app_id.items()}
        found = by_app.get(app_id.lower())
    if found is None:
        params = {"owner_id": owner_id, "display_name": str(owner.get("displayName") or "")}
        if isinstance(upn, str):
            params["user_principal_name"] = upn
        if isinstance(app_id, str):
            params["app_id"] = app_id
        draft.warn(WarningCode.OWNER_NOT_FOUND, **params)
    return found


def _users_by_upn(target: TargetTenant) -> dict[str, str]:
    """Target users by lower-case UPN; a guest (ann_contoso.com#EXT#@fabrikam.onmicrosoft.com) is also found
    under the UPN it has at home (ann@contoso.com), which is what the source tenant's owner list shows. A
    member with that exact UPN wins over a guest."""
    out: dict[str, str] = {}
    for upn, object_id in target.users_by_upn.items():
        lowered = upn.lower()
        if "#ext#@" in lowered:
            local = lowered.split("#ext#@", 1)[0]
            name, _, domain = local.rpartition("_")
            if name and domain:
                out.setdefault(f"{name}@{domain}", object_id)
    for upn, object_id in target.users_by_upn.items():
        out[upn.lower()] = object_id
    return out
