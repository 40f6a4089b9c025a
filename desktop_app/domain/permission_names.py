"""Names for the ids in an app's API permissions (`requiredResourceAccess`): the API (resourceAppId) and each
permission (resourceAccess id, type Scope = delegated, Role = application).

Two sources, as the portal's API permissions blade has them:
- Microsoft's own APIs, whose app ids are the same in every tenant; for Microsoft Graph the permission ids are
  the same everywhere too (Microsoft's "Microsoft Graph permissions reference" lists them). The common ones are
  here; an id not listed shows as itself.
- The tenant's own APIs: the backed-up app whose appId is the resourceAppId publishes its scopes
  (api.oauth2PermissionScopes) and app roles (appRoles) with their ids; `ApiNames.from_document` reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

MICROSOFT_GRAPH = "00000003-0000-0000-c000-000000000000"

# Microsoft's first-party APIs (their app ids are fixed across tenants).
WELL_KNOWN_APIS: dict[str, str] = {
    MICROSOFT_GRAPH: "Microsoft Graph",
    "00000002-0000-0000-c000-000000000000": "Azure Active Directory Graph (retired)",
    "00000002-0000-0ff1-ce00-000000000000": "Office 365 Exchange Online",
    "00000003-0000-0ff1-ce00-000000000000": "SharePoint",
    "00000007-0000-0000-c000-000000000000": "Dynamics CRM",
    "00000009-0000-0000-c000-000000000000": "Power BI Service",
    "797f4846-ba00-4fd7-ba43-dac1f8f63013": "Azure Service Management",
    "cfa8b339-82a2-471a-a3c9-0fc0be7a4093": "Azure Key Vault",
    "e406a681-f3d4-42a8-90b6-c2b029497af1": "Azure Storage",
}

# Microsoft Graph's delegated permissions (type Scope) by id.
GRAPH_SCOPES: dict[str, str] = {
    "e1fe6dd8-ba31-4d61-89e7-88639da4683d": "User.Read",
    "b4e74841-8e56-480b-be8b-910348b18b4c": "User.ReadWrite",
    "b340eb25-3456-403f-be2f-af7a0d370277": "User.ReadBasic.All",
    "a154be20-db9c-4678-8ab7-66f6cc099a59": "User.Read.All",
    "570282fd-fa5c-430d-a7fd-fc8dc98a9dca": "Mail.Read",
    "e383f46e-2787-4529-855e-0e479a3ffac0": "Mail.Send",
    "465a38f9-76ea-45b9-9f34-9e8b0d4b0b42": "Calendars.Read",
    "10465720-29dd-4523-a11a-6a75c743c9d9": "Files.Read",
    "06da0dbc-49e2-44d2-8312-53f166ab848a": "Directory.Read.All",
    "0e263e50-5827-48a4-b97c-d940288653c7": "Directory.AccessAsUser.All",
    "c79f8feb-a9db-4090-85f9-90d820caa0eb": "Application.Read.All",
    "bdfbf15f-ee85-4955-8675-146e8e5296b5": "Application.ReadWrite.All",
    "41ce6ca6-6826-4807-84f1-1c82854f7ee5": "DelegatedPermissionGrant.ReadWrite.All",
    "84bccea3-f856-4a8a-967b-dbe0a3d53a64": "AppRoleAssignment.ReadWrite.All",
    "5f8c59db-677d-491f-a6b8-5f174b11ec1d": "Group.Read.All",
    "4e46008b-f24c-477d-8fff-7bb4ec7aafe0": "Group.ReadWrite.All",
    "37f7f235-527c-4136-accd-4a02d197296e": "openid",
    "14dad69e-099b-42c9-810b-d002981feec1": "profile",
    "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0": "email",
    "7427e0e9-2fba-42fe-b0c0-848c9e6a8182": "offline_access",
}

# Microsoft Graph's application permissions (type Role) by id.
GRAPH_ROLES: dict[str, str] = {
    "df021288-bdef-4463-88db-98f22de89214": "User.Read.All",
    "741f803b-c850-494e-b5df-cde7c675a1ca": "User.ReadWrite.All",
    "810c84a8-4a9e-49e6-bf7d-12d183f40d01": "Mail.Read",
    "e2a3a72e-5f79-4c64-b1b1-878b674786c9": "Mail.ReadWrite",
    "b633e1c5-b582-4048-a93e-9f11b44c7e96": "Mail.Send",
    "798ee544-9d2d-430c-a058-570e29e34338": "Calendars.Read",
    "7ab1d382-f21e-4acd-a863-ba3e13f7da61": "Directory.Read.All",
    "19dbc75e-c2e2-444c-a770-ec69d8559fc7": "Directory.ReadWrite.All",
    "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30": "Application.Read.All",
    "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9": "Application.ReadWrite.All",
    "06b708a9-e830-4db3-a914-8e69da51d44f": "AppRoleAssignment.ReadWrite.All",
    "5b567255-7703-4780-807c-7be8301ae99b": "Group.Read.All",
    "62a82d76-70ea-41e2-9197-370581804d09": "Group.ReadWrite.All",
    "01d4889c-1287-42c6-ac1f-5d1e02578ef6": "Files.Read.All",
    "75359482-378d-4052-8f01-80520e7db3cd": "Files.ReadWrite.All",
    "332a536c-c7ef-4017-ab91-336970924f0d": "Sites.Read.All",
    "498476ce-e0fe-48b0-b801-37ba7e2685c6": "Organization.Read.All",
    "b0afded3-3588-46d8-8b3d-9842eff778da": "AuditLog.Read.All",
}


@dataclass(frozen=True)
class ApiNames:
    """An API's name and its permissions' names by id."""

    display_name: str
    scopes: Mapping[str, str] = field(default_factory=dict)
    roles: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> ApiNames:
        """From a backed-up app document (the tenant's own API)."""
        application = document.get("application") or {}
        api = application.get("api") or {}
        scopes = {s["id"]: s.get("value") or s.get("adminConsentDisplayName") or s["id"]
                  for s in api.get("oauth2PermissionScopes") or [] if isinstance(s, Mapping) and s.get("id")}
        roles = {r["id"]: r.get("value") or r.get("displayName") or r["id"]
                 for r in application.get("appRoles") or [] if isinstance(r, Mapping) and r.get("id")}
        return cls(str(application.get("displayName") or ""), scopes, roles)


MICROSOFT_GRAPH_NAMES = ApiNames("Microsoft Graph", GRAPH_SCOPES, GRAPH_ROLES)


class PermissionNames:
    """Looks names up: Microsoft's APIs first, then `tenant_api(resourceAppId)` (the tenant's own, or None)."""

    def __init__(self, tenant_api: Callable[[str], ApiNames | None] | None = None) -> None:
        self._tenant_api = tenant_api
        self._cache: dict[str, ApiNames | None] = {MICROSOFT_GRAPH: MICROSOFT_GRAPH_NAMES}

    def _api(self, resource_app_id: str) -> ApiNames | None:
        if resource_app_id not in self._cache:
            found = self._tenant_api(resource_app_id) if self._tenant_api is not None else None
            if found is None and resource_app_id in WELL_KNOWN_APIS:
                found = ApiNames(WELL_KNOWN_APIS[resource_app_id])
            self._cache[resource_app_id] = found
        return self._cache[resource_app_id]

    def api(self, resource_app_id: str) -> str | None:
        found = self._api(resource_app_id)
        return found.display_name if found is not None and found.display_name else None

    def permission(self, resource_app_id: str, permission_id: str, kind: str) -> str | None:
        """`kind`: "Scope" (delegated) or "Role" (application)."""
        found = self._api(resource_app_id)
        if found is None:
            return None
        return (found.roles if kind == "Role" else found.scopes).get(permission_id)
