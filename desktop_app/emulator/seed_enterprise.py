"""Seeded enterprise applications: Microsoft Graph's service principal, groups, and for the apps' service principals
their settings, admin consent (oauth2PermissionGrants), application permissions and user/group assignments
(appRoleAssignments), as an admin clicking through the portal leaves them.

Permission ids are Microsoft Graph's real ones (the same in every tenant): a restore into another tenant can map
them by appId and value, and a test catches a client that confuses a delegated id with an application one.
A random stream of its own (seed, tenant, "enterprise") keeps the rest of the seed data as it was.
"""

from __future__ import annotations

import base64
import random
import uuid
from datetime import datetime, timedelta
from typing import Any

from .state import AppRecord, SpRecord, Tenant, deterministic_uuid, iso, service_principal_doc

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
MICROSOFT_SERVICES_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a"
DEFAULT_ACCESS_ROLE = "00000000-0000-0000-0000-000000000000"
PORTAL_TAG = "WindowsAzureActiveDirectoryIntegratedApp"  # the portal adds it; without it the app is hidden there

# value -> (id, "User" | "Admin" consent, what it allows): Microsoft Graph's delegated permissions.
GRAPH_DELEGATED: dict[str, tuple[str, str, str]] = {
    "User.Read": ("e1fe6dd8-ba31-4d61-89e7-88639da4683d", "User", "Sign in and read the user's profile"),
    "User.Read.All": ("a154be20-db9c-4678-8ab7-66f6cc099a59", "Admin", "Read all users' full profiles"),
    "Mail.Read": ("570282fd-fa5c-430d-a7fd-fc8dc98a9dca", "User", "Read the user's mail"),
    "Mail.Send": ("e383f46e-2787-4529-855e-0e479a3ffac0", "User", "Send mail as the user"),
    "Calendars.Read": ("465a38f9-76ea-45b9-9f34-9e8b0d4b0b42", "User", "Read the user's calendars"),
    "Directory.Read.All": ("06da0dbc-49e2-44d2-8312-53f166ab848a", "Admin", "Read directory data"),
    "Application.Read.All": ("c79f8feb-a9db-4090-85f9-90d820caa0eb", "Admin", "Read applications"),
    "Application.ReadWrite.All": ("bdfbf15f-ee85-4955-8675-146e8e5296b5", "Admin", "Read and write all applications"),
    "DelegatedPermissionGrant.ReadWrite.All": ("41ce6ca6-6826-4807-84f1-1c82854f7ee5", "Admin",
                                               "Manage all delegated permission grants"),
    "AppRoleAssignment.ReadWrite.All": ("84bccea3-f856-4a8a-967b-dbe0a3d53a64", "Admin",
                                        "Manage app permission grants and app role assignments"),
    "Group.Read.All": ("5f8c59db-677d-491f-a6b8-5f174b11ec1d", "Admin", "Read all groups"),
    "openid": ("37f7f235-527c-4136-accd-4a02d197296e", "User", "Sign users in"),
    "profile": ("14dad69e-099b-42c9-810b-d002981feec1", "User", "View users' basic profile"),
    "email": ("64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0", "User", "View users' email address"),
    "offline_access": ("7427e0e9-2fba-42fe-b0c0-848c9e6a8182", "User", "Maintain access to data you have given it access to"),
}
# value -> (id, what it allows): Microsoft Graph's application permissions (app roles).
GRAPH_APPLICATION: dict[str, tuple[str, str]] = {
    "User.Read.All": ("df021288-bdef-4463-88db-98f22de89214", "Read all users' full profiles"),
    "User.ReadWrite.All": ("741f803b-c850-494e-b5df-cde7c675a1ca", "Read and write all users' full profiles"),
    "Mail.Read": ("810c84a8-4a9e-49e6-bf7d-12d183f40d01", "Read mail in all mailboxes"),
    "Mail.Send": ("b633e1c5-b582-4048-a93e-9f11b44c7e96", "Send mail as any user"),
    "Directory.Read.All": ("7ab1d382-f21e-4acd-a863-ba3e13f7da61", "Read directory data"),
    "Directory.ReadWrite.All": ("19dbc75e-c2e2-444c-a770-ec69d8559fc7", "Read and write directory data"),
    "Application.Read.All": ("9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", "Read all applications"),
    "Application.ReadWrite.All": ("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", "Read and write all applications"),
    "AppRoleAssignment.ReadWrite.All": ("06b708a9-e830-4db3-a914-8e69da51d44f",
                                        "Manage app permission grants and app role assignments"),
    "Group.Read.All": ("5b567255-7703-4780-807c-7be8301ae99b", "Read all groups"),
    "Group.ReadWrite.All": ("62a82d76-70ea-41e2-9197-370581804d09", "Read and write all groups"),
    "Files.Read.All": ("01d4889c-1287-42c6-ac1f-5d1e02578ef6", "Read files in all site collections"),
}
GROUP_NAMES = ("All Employees", "Finance", "Sales", "IT Admins", "Helpdesk", "Engineering", "Contractors")


def graph_application_doc() -> dict[str, Any]:
    """What Microsoft Graph's own application would say about itself (it lives in Microsoft's tenant)."""
    scopes = [{
        "adminConsentDescription": f"Allows the app to {text[0].lower() + text[1:]}.",
        "adminConsentDisplayName": text,
        "id": scope_id,
        "isEnabled": True,
        "type": consent,
        "userConsentDescription": f"Allows the app to {text[0].lower() + text[1:]} on your behalf." if consent == "User" else None,
        "userConsentDisplayName": text if consent == "User" else None,
        "value": value,
        "origin": "Application",
    } for value, (scope_id, consent, text) in GRAPH_DELEGATED.items()]
    roles = [{
        "allowedMemberTypes": ["Application"],
        "description": f"Allows the app to {text[0].lower() + text[1:]} without a signed-in user.",
        "displayName": text,
        "id": role_id,
        "isEnabled": True,
        "origin": "Application",
        "value": value,
    } for value, (role_id, text) in GRAPH_APPLICATION.items()]
    return {"appId": GRAPH_APP_ID, "displayName": "Microsoft Graph", "description": None,
            "signInAudience": "AzureADMultipleOrgs", "appRoles": roles, "api": {"oauth2PermissionScopes": scopes},
            "identifierUris": ["https://graph.microsoft.com", "https://canary.graph.microsoft.com"],
            "web": {"redirectUris": []}, "tags": [], "info": None}


def add_graph_service_principal(tenant: Tenant, schema: Any, now: datetime) -> SpRecord:
    doc = service_principal_doc(schema, deterministic_uuid(f"graph-sp:{tenant.id}"), graph_application_doc(),
                                MICROSOFT_SERVICES_TENANT, now - timedelta(days=1500))
    record = SpRecord(doc)
    tenant.sps[record.id] = record
    tenant.sp_by_app_id[GRAPH_APP_ID] = record.id
    record.seq = tenant.next_seq()
    return record


class _Seeder:
    def __init__(self, tenant: Tenant, rng: random.Random, now: datetime) -> None:
        self.tenant = tenant
        self.rng = rng
        self.now = now

    def key_id(self) -> str:
        return base64.urlsafe_b64encode(self.rng.randbytes(32)).decode().rstrip("=")

    def grant(self, client: SpRecord, resource: SpRecord, scope: str, principal_id: str | None = None) -> None:
        grant_id = self.key_id()
        self.tenant.grants[grant_id] = {"id": grant_id, "clientId": client.id,
                                        "consentType": "Principal" if principal_id else "AllPrincipals",
                                        "principalId": principal_id, "resourceId": resource.id, "scope": scope}

    def assign(self, principal_id: str, principal_type: str, name: str | None, resource: SpRecord,
               role_id: str) -> None:
        assignment_id = self.key_id()
        self.tenant.assignments[assignment_id] = {
            "id": assignment_id, "deletedDateTime": None, "appRoleId": role_id,
            "createdDateTime": iso(self.now - timedelta(days=self.rng.randint(1, 600), seconds=self.rng.randint(0, 86399))),
            "principalDisplayName": name, "principalId": principal_id, "principalType": principal_type,
            "resourceDisplayName": resource.doc.get("displayName"), "resourceId": resource.id,
        }


def seed_enterprise(tenant: Tenant, schema: Any, records: list[AppRecord], seed: int, now: datetime) -> None:
    rng = random.Random(f"{seed}:{tenant.name}:enterprise")
    seeder = _Seeder(tenant, rng, now)
    graph = add_graph_service_principal(tenant, schema, now)
    for name in GROUP_NAMES:
        group_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        nickname = name.lower().replace(" ", "-")
        tenant.add_group(_group_doc(schema, group_id, name, nickname, tenant, now - timedelta(days=rng.randint(60, 1400))))
    tenant.sp_order = sorted(tenant.sps)
    users = [u for u in tenant.user_order if tenant.users[u]["userPrincipalName"].split("@")[0] != "admin"]
    groups = list(tenant.group_order)
    sps_by_app = {r.doc["appId"]: tenant.sps[tenant.sp_by_app_id[r.doc["appId"].lower()]]
                  for r in records if r.doc["appId"].lower() in tenant.sp_by_app_id}
    for record in records:
        sp = sps_by_app.get(record.doc["appId"])
        if sp is None:
            continue
        _settings(sp, record, tenant, rng)
        _graph_consent(seeder, sp, record, graph, users)
        _assignments(seeder, sp, record, users, groups)
        _api_consent(seeder, sp, record, sps_by_app)


def _group_doc(schema: Any, group_id: str, name: str, nickname: str, tenant: Tenant, created: datetime) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for prop_name, prop in schema.entities["group"].items():
        doc[prop_name] = [] if prop.collection else None
    doc.update({"id": group_id, "displayName": name, "description": f"{name} ({tenant.display_name})",
                "mailEnabled": False, "mailNickname": nickname, "securityEnabled": True, "groupTypes": [],
                "createdDateTime": iso(created), "visibility": "Private",
                "securityIdentifier": f"S-1-12-1-{int(group_id[:8], 16)}-{int(group_id[9:13], 16)}"})
    return doc


def _settings(sp: SpRecord, record: AppRecord, tenant: Tenant, rng: random.Random) -> None:
    """What admins set on an enterprise application: most came through the portal (its tag), some are hidden
    from users, some carry notes and notification addresses, a few are disabled."""
    doc = sp.doc
    tags = list(doc.get("tags") or [])
    if rng.random() < 0.85:
        tags.append(PORTAL_TAG)
    if rng.random() < 0.1 and "HideApp" not in tags:
        tags.append("HideApp")
    doc["tags"] = tags
    sp.own_tags = [t for t in tags if t not in (record.doc.get("tags") or [])]
    if rng.random() < 0.3:
        doc["notes"] = "Access reviewed by the IT team every quarter."
    if rng.random() < 0.4:
        doc["notificationEmailAddresses"] = [f"it-ops@{tenant.default_domain}"]
    if rng.random() < 0.2:
        doc["description"] = f"Enterprise application of {record.doc['displayName']}."
    if rng.random() < 0.05:
        doc["accountEnabled"] = False
    web = record.doc.get("web") or {}
    if web.get("homePageUrl") and rng.random() < 0.3:
        doc["loginUrl"] = web["homePageUrl"]
        doc["preferredSingleSignOnMode"] = "oidc"


def _graph_consent(seeder: _Seeder, sp: SpRecord, record: AppRecord, graph: SpRecord, users: list[str]) -> None:
    """Admin consent for what the app asks of Microsoft Graph: most apps got it, some only from a few users."""
    rng = seeder.rng
    scope_ids = {scope_id: value for value, (scope_id, _, _) in GRAPH_DELEGATED.items()}
    role_ids = {role_id: value for value, (role_id, _) in GRAPH_APPLICATION.items()}
    for access in record.doc.get("requiredResourceAccess") or []:
        if access.get("resourceAppId") != GRAPH_APP_ID:
            continue
        scopes = [scope_ids[a["id"]] for a in access["resourceAccess"] if a["type"] == "Scope" and a["id"] in scope_ids]
        roles = [a["id"] for a in access["resourceAccess"] if a["type"] == "Role" and a["id"] in role_ids]
        if scopes:
            luck = rng.random()
            if luck < 0.75:
                extra = ["offline_access"] if rng.random() < 0.4 else []
                seeder.grant(sp, graph, " ".join([*scopes, *extra]))
            elif luck < 0.9 and users:
                for user_id in rng.sample(users, min(len(users), rng.randint(1, 3))):
                    seeder.grant(sp, graph, " ".join(scopes), user_id)
        if roles and rng.random() < 0.85:
            for role_id in roles:
                seeder.assign(sp.id, "ServicePrincipal", sp.doc.get("displayName"), graph, role_id)


def _assignments(seeder: _Seeder, sp: SpRecord, record: AppRecord, users: list[str], groups: list[str]) -> None:
    """Users and groups given the app's own roles (or default access), and 'assignment required' where it is."""
    rng, tenant = seeder.rng, seeder.tenant
    user_roles = [r for r in record.doc.get("appRoles") or [] if r.get("isEnabled") and "User" in r.get("allowedMemberTypes", [])]
    if user_roles:
        role_ids = [r["id"] for r in user_roles]
    elif record.doc.get("web", {}).get("redirectUris") and rng.random() < 0.45:
        role_ids = [DEFAULT_ACCESS_ROLE]
    else:
        return
    sp.doc["appRoleAssignmentRequired"] = rng.random() < 0.7
    for group_id in rng.sample(groups, min(len(groups), rng.randint(1, 3))):
        seeder.assign(group_id, "Group", tenant.groups[group_id]["displayName"], sp, rng.choice(role_ids))
    for user_id in rng.sample(users, min(len(users), rng.randint(0, 3))):
        seeder.assign(user_id, "User", tenant.users[user_id]["displayName"], sp, rng.choice(role_ids))


def _api_consent(seeder: _Seeder, sp: SpRecord, record: AppRecord, sps_by_app: dict[str, SpRecord]) -> None:
    """The clients an API pre-authorised were also given admin consent to its first scope in most tenants."""
    api = record.doc.get("api") or {}
    scopes = [s for s in api.get("oauth2PermissionScopes") or [] if s.get("isEnabled")]
    if not scopes:
        return
    for client in api.get("preAuthorizedApplications") or []:
        client_sp = sps_by_app.get(client["appId"])
        if client_sp is not None and seeder.rng.random() < 0.6:
            seeder.grant(client_sp, sp, scopes[0]["value"])
