"""Names for the ids in an app's API permissions (`requiredResourceAccess`): the API (resourceAppId) and each
permission (resourceAccess id, type Scope = delegated, Role = application).

Two sources, as the portal's API permissions blade has them:
- Microsoft's own APIs, whose app ids are the same in every tenant; for Microsoft Graph the permission ids are
  the same everywhere too (Microsoft's "Microsoft Graph permissions reference" lists them; the packaged
  data/graph/graph-permissions.json holds every one). An id not listed shows as itself.
- The tenant's own APIs: the backed-up app whose appId is the resourceAppId publishes its scopes
  (api.oauth2PermissionScopes) and app roles (appRoles) with their ids; `ApiNames.from_document` reads them.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
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


@functools.cache
def microsoft_graph_names() -> ApiNames:
    """Every Microsoft Graph permission's value by id (data/graph/graph-permissions.json; its README says where
    the list comes from): the ids are the same in every tenant."""
    data = json.loads(importlib.resources.files("desktop_app").joinpath("data/graph/graph-permissions.json")
                      .read_text(encoding="utf-8"))
    return ApiNames("Microsoft Graph", dict(data["scopes"]), dict(data["roles"]))


class PermissionNames:
    """Looks names up: Microsoft's APIs first, then `tenant_api(resourceAppId)` (the tenant's own, or None)."""

    def __init__(self, tenant_api: Callable[[str], ApiNames | None] | None = None) -> None:
        self._tenant_api = tenant_api
        self._cache: dict[str, ApiNames | None] = {MICROSOFT_GRAPH: microsoft_graph_names()}

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
        names = found.roles if kind == "Role" else found.scopes
        return names.get(permission_id) or names.get(permission_id.lower())
