"""The enterprise application in the app document (DESIGN.md §10): the app's service principal in its home tenant.

Shape of the document's `servicePrincipal` section (absent: not read, e.g. a store made before this part existed;
null: the app has no service principal):

    {"id": the service principal's object id,
     "properties": {the writable settings, SERVICE_PRINCIPAL_PROPERTIES},
     "owners": [as the app's owners],
     "delegatedPermissionGrants": [{"key", "resourceAppId", "resourceDisplayName", "consentType",
                                    "principal": null | {"id", "userPrincipalName", "displayName"},
                                    "scopes": [permission values, sorted]}],
     "appRoleAssignments": [{"key", "resourceAppId", "resourceDisplayName", "appRoleId", "appRoleValue"}],
     "appRoleAssignedTo": [{"key", "principalId", "principalType", "principalDisplayName",
                            "userPrincipalName" (users), "appRoleId", "appRoleValue"}],
     "keyCredentials": [its certificates as Graph lists them, without the key bytes, by keyId],
     "passwordCredentials": [its secrets' metadata (a secret is never returned), by keyId],
     "keyCredentialKeys": {keyId: sha256 hex of the certificate's bytes} (only a service principal with public
                          certificates of its own and no SAML signing set: services/sp_certificates.py)}

The two credential lists came with Regvault 0.x's third wave: a version stored before them lacks them, and a backup
that reads them for the first time records them without calling the app changed (`first_read_only`).

Consent and permissions name the resource by its appId and the permission by its value as well as its id, so a
restore into another tenant can find them there (Microsoft Graph's ids are the same everywhere; a custom API's
are not). Each item carries a `key` that identifies it across versions (the diff matches items by it). Lists are
sorted by key: Graph keeps no order for any of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from desktop_app.domain.plain import plain as _plain

SERVICE_PRINCIPAL_PROPERTIES: tuple[str, ...] = (
    "accountEnabled",
    "appRoleAssignmentRequired",
    "description",
    "displayName",
    "homepage",
    "loginUrl",
    "logoutUrl",
    "notes",
    "notificationEmailAddresses",
    "preferredSingleSignOnMode",
    "preferredTokenSigningKeyThumbprint",
    "replyUrls",
    "samlSingleSignOnSettings",
    "tags",
)
# What a backup selects when it lists service principals: the settings, what names and resolves them, and the
# credentials' metadata (Graph lists no key bytes; selecting keyCredentials counts against the 150-a-minute limit
# of certificate reads once per page).
SERVICE_PRINCIPAL_SELECT: tuple[str, ...] = (
    "id", "appId", "appDisplayName", "appOwnerOrganizationId", "appRoles", "servicePrincipalType",
    "keyCredentials", "passwordCredentials", *SERVICE_PRINCIPAL_PROPERTIES,
)
KEY_CREDENTIAL_FIELDS = ("customKeyIdentifier", "displayName", "endDateTime", "keyId", "startDateTime", "type", "usage")
# The usages of a service principal's public certificates: their bytes can be read, kept and sent back (a Sign key is a
# private key Graph never returns).
PUBLIC_KEY_USAGES = ("Verify", "Encrypt")
PASSWORD_CREDENTIAL_FIELDS = ("customKeyIdentifier", "displayName", "endDateTime", "hint", "keyId", "startDateTime")
# Parts a document gained after stores were made (DESIGN.md §10): a stored version that lacks one of them and
# differs from a new document only by it is the same app, read more fully (`first_read_only`).
FIRST_READ_PARTS: tuple[tuple[str, ...], ...] = (
    ("servicePrincipal",), ("servicePrincipal", "keyCredentials"), ("servicePrincipal", "passwordCredentials"),
    ("servicePrincipal", "keyCredentialKeys"),
    ("extensionProperties",),
)
DEFAULT_ACCESS_ROLE = "00000000-0000-0000-0000-000000000000"
# Entra ID P1 and P2's service plans (AAD_PREMIUM, AAD_PREMIUM_P2: licensing-service-plan-reference): a tenant
# with neither can't assign groups to an application (assign-user-or-group-access-portal).
ENTRA_PREMIUM_PLANS = frozenset({"41781fb2-bc02-4b7c-bd55-b576c07bb09d", "eec0eb4f-6444-4f95-aba0-50c24d67f998"})
ENTERPRISE_SECTION = "servicePrincipal"
_OWNER_TYPES = {
    "#microsoft.graph.user": ("id", "@odata.type", "displayName", "userPrincipalName"),
    "#microsoft.graph.servicePrincipal": ("id", "@odata.type", "displayName", "appId"),
}


def grant_key(resource_app_id: str, consent_type: str, principal_id: str | None) -> str:
    return "/".join([resource_app_id.lower(), consent_type, *([principal_id] if principal_id else [])])


def permission_key(resource_app_id: str, app_role_id: str) -> str:
    return f"{resource_app_id.lower()}/{app_role_id.lower()}"


def assignment_key(principal_id: str, app_role_id: str) -> str:
    return f"{principal_id}/{app_role_id.lower()}"


def role_value(resource: Mapping[str, Any] | None, app_role_id: str) -> str | None:
    if app_role_id.lower() == DEFAULT_ACCESS_ROLE:
        return None  # "Default Access": no role of the app's own
    for role in (resource or {}).get("appRoles") or []:
        if isinstance(role, Mapping) and str(role.get("id", "")).lower() == app_role_id.lower():
            value = role.get("value")
            return str(value) if value is not None else None
    return None


def build_enterprise_section(
    service_principal: Mapping[str, Any],
    owners: Iterable[Mapping[str, Any]],
    grants: Iterable[Mapping[str, Any]],
    permissions: Iterable[Mapping[str, Any]],
    assigned: Iterable[Mapping[str, Any]],
    service_principals: Mapping[str, Mapping[str, Any]],
    users: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """The section of one app from what Graph returned.

    grants: the oauth2PermissionGrants whose client is this service principal; permissions: the appRoleAssignments
    whose principal it is (application permissions); assigned: the appRoleAssignments whose resource it is (users,
    groups and service principals given its roles). service_principals: by object id, the resources these name
    (appId, displayName, appRoles); users: by object id, userPrincipalName and displayName. An id neither map knows
    is kept as it is, without the names.
    """
    section = {
        "id": str(service_principal.get("id")),
        "properties": {name: _plain(service_principal.get(name)) for name in SERVICE_PRINCIPAL_PROPERTIES
                       if name in service_principal},
        "owners": _owners(owners),
        "delegatedPermissionGrants": delegated_grants(grants, service_principals, users),
        "appRoleAssignments": _permissions(permissions, service_principals),
        "appRoleAssignedTo": _assigned(assigned, service_principal, users),
    }
    for part, fields in (("keyCredentials", KEY_CREDENTIAL_FIELDS), ("passwordCredentials", PASSWORD_CREDENTIAL_FIELDS)):
        if isinstance(service_principal.get(part), list):
            section[part] = _credentials(service_principal[part], fields)
    return section


def _credentials(credentials: Iterable[Any], fields: Sequence[str]) -> list[dict[str, Any]]:
    """Credentials' metadata as Graph lists it (never a key's bytes nor a secret), by keyId."""
    reduced = [{f: _plain(c.get(f)) for f in fields} for c in credentials if isinstance(c, Mapping)]
    return sorted(reduced, key=lambda c: str(c.get("keyId")))


def delegated_grants(grants: Iterable[Mapping[str, Any]], sps: Mapping[str, Mapping[str, Any]],
                     users: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The section's `delegatedPermissionGrants` from the oauth2PermissionGrants whose client is the app (see
    build_enterprise_section)."""
    out: dict[str, dict[str, Any]] = {}
    for grant in grants:
        resource = sps.get(str(grant.get("resourceId"))) or {}
        resource_app_id = str(resource.get("appId") or grant.get("resourceId"))
        consent_type = str(grant.get("consentType") or "AllPrincipals")
        principal_id = grant.get("principalId") if consent_type == "Principal" else None
        principal = None
        if principal_id:
            user = users.get(str(principal_id)) or {}
            principal = {"id": str(principal_id), "userPrincipalName": user.get("userPrincipalName"),
                         "displayName": user.get("displayName")}
        key = grant_key(resource_app_id, consent_type, str(principal_id) if principal_id else None)
        scopes = sorted(set(str(grant.get("scope") or "").split()))
        if key in out:  # two grants of one kind (Graph refuses it, but merge rather than lose one)
            scopes = sorted(set(scopes) | set(out[key]["scopes"]))
        out[key] = {"key": key, "resourceAppId": resource_app_id, "resourceDisplayName": resource.get("displayName"),
                    "consentType": consent_type, "principal": principal, "scopes": scopes}
    return [out[k] for k in sorted(out)]


def _permissions(assignments: Iterable[Mapping[str, Any]],
                 sps: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for assignment in assignments:
        resource = sps.get(str(assignment.get("resourceId")))
        resource_app_id = str((resource or {}).get("appId") or assignment.get("resourceId"))
        role_id = str(assignment.get("appRoleId"))
        key = permission_key(resource_app_id, role_id)
        out[key] = {"key": key, "resourceAppId": resource_app_id,
                    "resourceDisplayName": (resource or {}).get("displayName") or assignment.get("resourceDisplayName"),
                    "appRoleId": role_id, "appRoleValue": role_value(resource, role_id)}
    return [out[k] for k in sorted(out)]


def _assigned(assignments: Iterable[Mapping[str, Any]], sp: Mapping[str, Any],
              users: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for assignment in assignments:
        principal_id = str(assignment.get("principalId"))
        role_id = str(assignment.get("appRoleId"))
        principal_type = str(assignment.get("principalType") or "")
        key = assignment_key(principal_id, role_id)
        item: dict[str, Any] = {"key": key, "principalId": principal_id, "principalType": principal_type,
                                "principalDisplayName": assignment.get("principalDisplayName"),
                                "appRoleId": role_id, "appRoleValue": role_value(sp, role_id)}
        if principal_type == "User":
            item["userPrincipalName"] = (users.get(principal_id) or {}).get("userPrincipalName")
        out[key] = item
    return [out[k] for k in sorted(out)]


def _owners(owners: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    reduced: dict[str, dict[str, Any]] = {}
    for owner in owners:
        fields = _OWNER_TYPES.get(str(owner.get("@odata.type")), ("id", "@odata.type", "displayName"))
        reduced[str(owner.get("id"))] = {f: _plain(owner[f]) for f in sorted(fields) if f in owner}
    return [reduced[k] for k in sorted(reduced)]


def first_read_only(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """`new` differs from `old` only by parts read for the first time (FIRST_READ_PARTS, in a store made before
    Regvault read them): the backup records them without calling the app changed."""
    trimmed = _without_new_parts(old, new)
    return trimmed != new and trimmed == old


def _without_new_parts(old: Mapping[str, Any], new: Mapping[str, Any]) -> Mapping[str, Any]:
    """`new` without every FIRST_READ_PARTS path that `old` lacks (where `old` has the part's parent)."""
    result: dict[str, Any] = dict(new)
    for path in FIRST_READ_PARTS:
        old_parent: Any = old
        new_parent: Any = result
        for step in path[:-1]:
            old_parent = old_parent.get(step) if isinstance(old_parent, Mapping) else None
            child = new_parent.get(step) if isinstance(new_parent, Mapping) else None
            if isinstance(child, Mapping):
                child = dict(child)
                new_parent[step] = child
            new_parent = child
        last = path[-1]
        if isinstance(old_parent, Mapping) and isinstance(new_parent, dict) and last not in old_parent:
            new_parent.pop(last, None)
    return result


def without_certificate_bytes(document: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """The document without its service principal's `keyCredentialKeys` (the bytes of its own certificates, which a
    restore's preview does not read: the plan needs only their keyIds)."""
    section = document.get("servicePrincipal") if document is not None else None
    if document is None or not isinstance(section, Mapping) or "keyCredentialKeys" not in section:
        return document
    return {**document, "servicePrincipal": {k: v for k, v in section.items() if k != "keyCredentialKeys"}}


def user_principal_ids(section: Mapping[str, Any] | None) -> set[str]:
    """The users a section names (per-user consent, assignments), whose sign-in names a restore elsewhere needs."""
    if not section:
        return set()
    ids = {str(g["principal"]["id"]) for g in section.get("delegatedPermissionGrants") or [] if g.get("principal")}
    ids |= {str(a["principalId"]) for a in section.get("appRoleAssignedTo") or [] if a.get("principalType") == "User"}
    return ids
