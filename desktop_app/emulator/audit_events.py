"""What a change says in the directory audit log: the activity, its operation type and its target resources.

Names and value shapes follow records seen on real tenants (README "Directory audit log"): an application's
redirect URIs are `AppAddress`, its identifier URIs `AppIdentifierUri`, its audience `AvailableToOtherTenants`,
its API permissions `RequiredResourceAccess`, its credentials `KeyDescription` (never the secret), its federated
credentials `FederatedIdentityCredentials`; a changed property's values are lists in JSON text (`["Payroll"]`,
`[true]`), the facts about a reference (`AppRole.Value`, `ServicePrincipal.AppId`) JSON strings. A property whose
audit name we have not seen goes by its Graph name in PascalCase (`Notes`, `Tags`): our guess.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from .audit import modified, target, with_included

UPDATE_APPLICATION = "Update application"
CREDENTIALS_ACTIVITY = "Update application – Certificates and secrets management"
_CREDENTIALS = ("keyCredentials", "passwordCredentials")
_REDIRECTS = {"web": 1, "publicClient": 2, "spa": 3}  # ReplyAddressClientType: our guess at the numbers
_NAMES = {"displayName": "DisplayName", "identifierUris": "AppIdentifierUri",
          "requiredResourceAccess": "RequiredResourceAccess"}
_VOLATILE = ("deletedDateTime",)


class Event(NamedTuple):
    activity: str
    operation: str  # Add, Update, Delete, Assign, Unassign
    targets: list[dict[str, Any]]


def pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


def reference(name: str, value: Any) -> dict[str, Any]:
    """A fact about the object a change refers to: its value as one JSON string."""
    return modified(name, None, json.dumps(value), raw=True)


def _app_target(doc: Mapping[str, Any], props: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return target(str(doc["id"]), doc.get("displayName"), "Application", modified=with_included(props or []))


def sp_target(doc: Mapping[str, Any], props: list[dict[str, Any]] | None = None,
              included: bool = True) -> dict[str, Any]:
    props = props or []
    return target(str(doc["id"]), doc.get("displayName"), "ServicePrincipal",
                  modified=with_included(props) if included else props)


# ---- applications ---------------------------------------------------------------------------------------------

def _addresses(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for section, client_type in _REDIRECTS.items():
        for uri in (doc.get(section) or {}).get("redirectUris") or []:
            out.append({"AddressType": 0, "Address": uri, "ReplyAddressClientType": client_type,
                        "ReplyAddressIndex": None, "IsReplyAddressDefault": False})
    return out


def _key_descriptions(doc: Mapping[str, Any]) -> list[str]:
    keys = []
    for name in _CREDENTIALS:
        for credential in doc.get(name) or []:
            kind = "Password" if name == "passwordCredentials" else credential.get("type") or "AsymmetricX509Cert"
            keys.append(f"[KeyIdentifier={credential.get('keyId')},KeyType={kind},"
                        f"KeyUsage={credential.get('usage') or 'Verify'},DisplayName={credential.get('displayName')}]")
    return keys


def _permissions(value: Any) -> list[dict[str, Any]]:
    return [{"ResourceAppId": item.get("resourceAppId"),
             "RequiredAppPermissions": [{"EntitlementId": access.get("id"),
                                         "DirectAccessGrant": access.get("type") == "Role",
                                         "ImpersonationAccessGrant": access.get("type") == "Scope"}
                                        for access in item.get("resourceAccess") or []]}
            for item in value or []]


def _without_redirects(value: Any) -> Any:
    return {k: v for k, v in value.items() if k != "redirectUris"} if isinstance(value, Mapping) else value


def application_properties(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The modified properties between two versions of an application's JSON (in Graph's audit names)."""
    props: list[dict[str, Any]] = []
    if _addresses(old) != _addresses(new):
        props.append(modified("AppAddress", _addresses(old) or None, _addresses(new)))
    if any(old.get(n) != new.get(n) for n in _CREDENTIALS):
        props.append(modified("KeyDescription", _key_descriptions(old) or None, _key_descriptions(new)))
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name), new.get(name)
        if name in _VOLATILE or name in _CREDENTIALS or before == after:
            continue
        if name in _REDIRECTS:
            before, after = _without_redirects(before), _without_redirects(after)
            if before == after:
                continue
        if name == "signInAudience":
            was, now = before not in (None, "AzureADMyOrg"), after not in (None, "AzureADMyOrg")
            props.append(modified("AvailableToOtherTenants", was, now) if was != now
                         else modified("SignInAudience", before, after))
        elif name == "info" and _without_logo(before) == _without_logo(after):
            props.append(modified("MainLogo", None, None))  # the logo itself: no value is logged (our guess)
        elif name == "requiredResourceAccess":
            props.append(modified(_NAMES[name], _permissions(before) or None, _permissions(after)))
        else:
            props.append(modified(_NAMES.get(name, pascal(name)), before, after))
    return props


def _without_logo(value: Any) -> Any:
    return {k: v for k, v in value.items() if k != "logoUrl"} if isinstance(value, Mapping) else value


_SET_BY_GRAPH = ("Id", "AppId", "CreatedDateTime", "PublisherDomain", "CreatedByAppId")


def application_added(doc: Mapping[str, Any], defaults: Mapping[str, Any]) -> Event:
    props = [modified("AppId", None, doc.get("appId")),
             *(p for p in application_properties(defaults, doc) if p["displayName"] not in _SET_BY_GRAPH)]
    return Event("Add application", "Add", [_app_target(doc, props)])


def application_updated(old: Mapping[str, Any], new: Mapping[str, Any]) -> Event | None:
    props = application_properties(old, new)
    if not props:
        return None
    only_credentials = all(p["displayName"] == "KeyDescription" for p in props)
    return Event(CREDENTIALS_ACTIVITY if only_credentials else UPDATE_APPLICATION, "Update",
                 [_app_target(new, props)])


def _fic_values(fics: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"Name": f.get("name"), "Issuer": f.get("issuer"), "Subject": f.get("subject"), "Id": f.get("id"),
             "Description": f.get("description"), "Audiences": list(f.get("audiences") or []),
             "ClaimsMatchingExpressionValue": None, "ClaimsMatchingExpressionLanguageVersion": 0,
             "EncodingVersion": 2, "TrustedIssuer": None} for f in fics]


def federated_credentials_changed(doc: Mapping[str, Any], old: Iterable[Mapping[str, Any]],
                                  new: Iterable[Mapping[str, Any]]) -> Event:
    """A federated credential added, changed or removed: "Update application", as a live record shows."""
    props = [modified("FederatedIdentityCredentials", _fic_values(old), _fic_values(new))]
    return Event(UPDATE_APPLICATION, "Update", [_app_target(doc, props)])


def application_deleted(doc: Mapping[str, Any], hard: bool = False) -> Event:
    return Event("Hard Delete application" if hard else "Delete application", "Delete", [_app_target(doc)])


def application_restored(doc: Mapping[str, Any]) -> Event:
    return Event("Restore application", "Update", [_app_target(doc)])


# ---- owners ---------------------------------------------------------------------------------------------------

def owner_changed(owner: Mapping[str, Any], kind: str, doc: Mapping[str, Any], added: bool) -> Event:
    """`kind`: "application" or "service principal"; `owner`: the user's or service principal's JSON."""
    prefix = "Application" if kind == "application" else "ServicePrincipal"
    facts = [reference(f"{prefix}.ObjectID", doc.get("id")), reference(f"{prefix}.DisplayName",
                                                                        doc.get("displayName")),
             reference(f"{prefix}.AppId", doc.get("appId"))]
    owner_type = "User" if "userPrincipalName" in owner else "ServicePrincipal"
    owned = _app_target(doc) if kind == "application" else sp_target(doc)
    activity = f"Add owner to {kind}" if added else f"Remove owner from {kind}"
    return Event(activity, "Add" if added else "Delete",
                 [target(str(owner["id"]), owner.get("displayName"), owner_type,
                         user_principal_name=owner.get("userPrincipalName"), modified=facts), owned])


# ---- service principals ----------------------------------------------------------------------------------------

def service_principal_properties(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [modified(pascal(name), old.get(name), new.get(name)) for name in sorted(set(old) | set(new))
            if name not in _VOLATILE and old.get(name) != new.get(name)]


def service_principal_added(doc: Mapping[str, Any]) -> Event:
    props = [modified("AccountEnabled", None, doc.get("accountEnabled")),
             modified("AppPrincipalId", None, doc.get("appId")),
             modified("DisplayName", None, doc.get("displayName")),
             modified("ServicePrincipalName", None, doc.get("servicePrincipalNames"))]
    return Event("Add service principal", "Add", [sp_target(doc, props)])


def service_principal_updated(old: Mapping[str, Any], new: Mapping[str, Any]) -> Event | None:
    props = service_principal_properties(old, new)
    return Event("Update service principal", "Update", [sp_target(new, props)]) if props else None


def service_principal_deleted(doc: Mapping[str, Any], hard: bool = False) -> Event:
    return Event("Hard delete service principal" if hard else "Delete service principal", "Delete",
                 [sp_target(doc)])


def service_principal_restored(doc: Mapping[str, Any]) -> Event:
    return Event("Restore service principal", "Update", [sp_target(doc)])


# ---- consent and assignments -------------------------------------------------------------------------------------

def grant_changed(grant: Mapping[str, Any], old_scope: str | None, client: Mapping[str, Any],
                  resource: Mapping[str, Any], verb: str) -> Event:
    """`verb`: Add, Update or Remove. The resource first, then the client (our reading of the records seen)."""
    new_scope = None if verb == "Remove" else f" {grant.get('scope') or ''}".rstrip()
    props = [modified("DelegatedPermissionGrant.Scope", None if old_scope is None else json.dumps(old_scope),
                      None if new_scope is None else json.dumps(new_scope), raw=True),
             reference("DelegatedPermissionGrant.ConsentType", grant.get("consentType"))]
    operation = {"Add": "Assign", "Update": "Update", "Remove": "Unassign"}[verb]
    return Event(f"{verb} delegated permission grant", operation,
                 [sp_target(resource, props, included=False), sp_target(client, included=False)])


def consent_given(client: Mapping[str, Any], scope: str, admin: bool) -> Event:
    props = [reference("ConsentContext.IsAdminConsent", str(admin)),
             reference("ConsentAction.Permissions", f"[] => [[Scope: {scope}]]")]
    return Event("Consent to application", "Assign", [sp_target(client, props, included=False)])


def assignment_changed(assignment: Mapping[str, Any], resource: Mapping[str, Any], principal: Mapping[str, Any],
                       role_value: str | None, added: bool) -> Event:
    """The resource's service principal is the target; the principal is named in its properties (a user or a group
    is a second target)."""
    kind = assignment.get("principalType")
    props = [reference("AppRole.Id", assignment.get("appRoleId")), reference("AppRole.Value", role_value),
             reference("AppRoleAssignment.CreatedDateTime", assignment.get("createdDateTime"))]
    targets = [sp_target(resource, props, included=False)]
    if kind == "ServicePrincipal":
        props += [reference("ServicePrincipal.DisplayName", principal.get("displayName")),
                  reference("ServicePrincipal.AppId", principal.get("appId"))]
        activity = "app role assignment to service principal" if added else \
            "app role assignment from service principal"
    elif kind == "User":
        props += [reference("User.ObjectID", principal.get("id")),
                  reference("User.UPN", principal.get("userPrincipalName"))]
        targets.append(target(str(principal.get("id")), principal.get("displayName"), "User",
                              user_principal_name=principal.get("userPrincipalName")))
        activity = "app role assignment grant to user" if added else "app role assignment from user"
    else:
        props += [reference("Group.ObjectID", principal.get("id")),
                  reference("Group.DisplayName", principal.get("displayName"))]
        targets.append(target(str(principal.get("id")), principal.get("displayName"), "Group"))
        activity = "app role assignment to group" if added else "app role assignment from group"
    return Event(("Add " if added else "Remove ") + activity, "Assign" if added else "Unassign", targets)
