"""What changed between two documents of one app, as *items* an incident cares about (DESIGN.md §11).

`incident_items(before, after)` compares two documents of the same app (None: the app did not exist then, or is
gone) and lists what was added, removed or changed, one item per thing a person could undo:

    kind                         holder               key (part of the item's stable id)
    application                  application          the app's object id
    servicePrincipal             servicePrincipal     its object id
    passwordCredential           either               keyId
    keyCredential                either               keyId
    federatedIdentityCredential  application          name
    owner                        either               the owner's object id
    oauth2PermissionGrant        servicePrincipal     the grant's key (resource appId / consent type / user)
    appRoleAssignment            servicePrincipal     the assignment's key (resource appId / role id)
    requiredResourceAccess       application          resource appId / permission id
    redirectUri, identifierUri   application          the URI

Each item's `id` is `kind:holder:key`, the same for the same thing in any two documents, so a later step (a keep
list, an alert sent once) can name it. A part of the document that was not read (no `servicePrincipal` section)
is compared with nothing: what was not read was not removed. Items come sorted by id.

`changed` is said of what keeps its key and changes its content: a federated credential (issuer, subject,
audiences), a certificate (dates, thumbprint or bytes under the same keyId), a delegated grant (its scopes). What a
new app or a new service principal came with (its credentials, owners, grants...) is listed too, each `part_of`
the new object's item: undoing the new object undoes them.

`changes_between` adds the *other* changes, which an incident does not undo (a renamed app stays renamed): the
application's other properties (`application`, `changed`, detail `properties`: their names) and the service
principal's settings and role assignments (`servicePrincipal`, `changed`). Those items have `incident` False.

`high_privilege` marks permissions that give control over the tenant or its data (HIGH_PRIVILEGE_PERMISSIONS), in
consent, application permissions and requested permissions alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from desktop_app.domain.credentials import credentials_of, owners_of
from desktop_app.domain.permission_names import PermissionNames

ChangeKind = Literal[
    "application", "servicePrincipal", "passwordCredential", "keyCredential", "federatedIdentityCredential",
    "owner", "oauth2PermissionGrant", "appRoleAssignment", "requiredResourceAccess", "redirectUri", "identifierUri",
]
Change = Literal["added", "removed", "changed"]

# Microsoft Graph permissions that give control over the tenant, its identities or everyone's data: Microsoft's
# "Microsoft Graph permissions reference" marks them as needing admin consent, and its incident response playbooks
# for compromised and malicious applications and illicit consent grants name them as the ones attackers seek.
HIGH_PRIVILEGE_PERMISSIONS: frozenset[str] = frozenset({
    "Application.ReadWrite.All", "Application.ReadWrite.OwnedBy", "AppRoleAssignment.ReadWrite.All",
    "DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All",
    "RoleManagement.ReadWrite.Directory", "RoleAssignmentSchedule.ReadWrite.Directory",
    "RoleEligibilitySchedule.ReadWrite.Directory", "PrivilegedAccess.ReadWrite.AzureADGroup",
    "User.ReadWrite.All", "Group.ReadWrite.All", "GroupMember.ReadWrite.All", "UserAuthenticationMethod.ReadWrite.All",
    "Policy.ReadWrite.ConditionalAccess", "Policy.ReadWrite.AuthenticationMethod", "Policy.ReadWrite.PermissionGrant",
    "Domain.ReadWrite.All", "Organization.ReadWrite.All", "IdentityProvider.ReadWrite.All",
    "Mail.Read", "Mail.ReadWrite", "Mail.Send", "MailboxSettings.ReadWrite", "Files.ReadWrite.All",
    "Sites.ReadWrite.All", "Sites.FullControl.All", "Sites.Manage.All", "full_access_as_app", "EWS.AccessAsUser.All",
})
_FOLDED_HIGH = frozenset(p.casefold() for p in HIGH_PRIVILEGE_PERMISSIONS)
_NAMES = PermissionNames()
_SECTION = "servicePrincipal"


@dataclass(frozen=True)
class ChangeItem:
    id: str
    kind: ChangeKind
    change: Change
    holder: Literal["application", "servicePrincipal"]
    label: str  # what names the thing: a credential's display name, an owner, "Microsoft Graph: Mail.ReadWrite"
    detail: Mapping[str, Any] = field(default_factory=dict)  # facts of the kind: keyId, dates, scopes, values
    high_privilege: bool = False
    part_of: str | None = None  # the id of the new application or service principal this came with

    @property
    def incident(self) -> bool:
        """Whether an incident rollback undoes it: everything but the other changes of `changes_between`."""
        return not (self.kind in ("application", "servicePrincipal") and self.change == "changed")


def is_high_privilege(permission: str | None) -> bool:
    return bool(permission) and str(permission).casefold() in _FOLDED_HIGH


def incident_items(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[ChangeItem]:
    items: dict[str, ChangeItem] = {}
    old, new = before or {}, after or {}
    new_app: str | None = None
    if before is None or after is None:
        present = new if after is not None else old
        app = _mapping(present.get("application"))
        change: Change = "added" if after is not None else "removed"
        item = ChangeItem(f"application:application:{app.get('id', '')}", "application", change, "application",
                          str(app.get("displayName") or app.get("appId") or ""),
                          {"appId": app.get("appId"), "objectId": app.get("id")})
        items[item.id] = item
        if after is None:
            return [item]
        new_app = item.id
    compared = list(_compare(old, new, before is not None))
    new_sp = next((i.id for i in compared if i.kind == "servicePrincipal" and i.change == "added"), None)
    for item in compared:
        parent = new_app if item.kind != "application" else None
        if parent is None and new_sp is not None and item.holder == "servicePrincipal" and item.id != new_sp:
            parent = new_sp
        items.setdefault(item.id, replace(item, part_of=parent) if parent and parent != item.id else item)
    return [items[k] for k in sorted(items)]


def changes_between(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[ChangeItem]:
    """The incident items and the other changes (see the module's docstring), sorted by id."""
    items = incident_items(before, after)
    if before is not None and after is not None:
        items += _other_changes(before, after)
    return sorted(items, key=lambda i: (i.id, i.change))


def _compare(old: Mapping[str, Any], new: Mapping[str, Any], existed: bool) -> Iterator[ChangeItem]:
    sections_read = _SECTION in new and (_SECTION in old or not existed)
    old_section, new_section = _mapping(old.get(_SECTION)), _mapping(new.get(_SECTION))
    if sections_read and bool(old_section) != bool(new_section):
        present = new_section or old_section
        props = _mapping(present.get("properties"))
        yield ChangeItem(f"servicePrincipal:servicePrincipal:{present.get('id', '')}", "servicePrincipal",
                         "added" if new_section else "removed", "servicePrincipal",
                         str(props.get("displayName") or present.get("id") or ""), {"objectId": present.get("id")})
    yield from _credentials(old, new, sections_read)
    yield from _keyed("owner", "application", _owner_map(old.get("owners")), _owner_map(new.get("owners")))
    if sections_read:
        yield from _keyed("owner", "servicePrincipal", _owner_map(old_section.get("owners")),
                          _owner_map(new_section.get("owners")))
        yield from _grants(old_section, new_section)
        yield from _assignments(old_section, new_section)
    yield from _federated(old, new)
    yield from _requested(old, new)
    yield from _uris(old, new)


def _credentials(old: Mapping[str, Any], new: Mapping[str, Any], sections_read: bool) -> Iterator[ChangeItem]:
    def by_key(document: Mapping[str, Any]) -> dict[tuple[str, str, str], Any]:
        return {(c.holder, c.kind, c.key_id): c for c in credentials_of(document)
                if c.holder == "application" or sections_read}

    before, after = by_key(old), by_key(new)
    old_bytes, new_bytes = _mapping(old.get("keyCredentialKeys")), _mapping(new.get("keyCredentialKeys"))
    for key in sorted(before.keys() | after.keys()):
        change: Change = "added" if key not in before else "removed" if key not in after else "changed"
        credential = after.get(key) or before[key]
        if change == "changed" and not _certificate_changed(before[key], after[key], old_bytes, new_bytes):
            continue
        kind: ChangeKind = "passwordCredential" if credential.kind == "secret" else "keyCredential"
        yield ChangeItem(
            f"{kind}:{credential.holder}:{credential.key_id}", kind, change, credential.holder,
            credential.display_name or credential.hint or credential.thumbprint or credential.key_id,
            {"keyId": credential.key_id, "hint": credential.hint, "thumbprint": credential.thumbprint,
             "startDateTime": _iso(credential.start), "endDateTime": _iso(credential.end)},
        )


def _certificate_changed(was: Any, now: Any, old_bytes: Mapping[str, Any], new_bytes: Mapping[str, Any]) -> bool:
    """A secret can't change under its keyId. A certificate can (a PATCH of keyCredentials): its dates, its name,
    its thumbprint, or its bytes when both were read (bytes still to be read are no change)."""
    if was.kind == "secret":
        return False
    if was != now:
        return True
    old, new = old_bytes.get(was.key_id), new_bytes.get(was.key_id)
    return was.holder == "application" and bool(old) and bool(new) and old != new


def _owner_map(value: Any) -> dict[str, tuple[str, Mapping[str, Any]]]:
    owners = owners_of({"owners": value if isinstance(value, list) else []})
    return {o.object_id: (o.label, {"objectId": o.object_id, "userPrincipalName": o.user_principal_name,
                                    "appId": o.app_id}) for o in owners}


def _keyed(kind: ChangeKind, holder: Literal["application", "servicePrincipal"],
           before: Mapping[str, tuple[str, Mapping[str, Any]]],
           after: Mapping[str, tuple[str, Mapping[str, Any]]]) -> Iterator[ChangeItem]:
    for key in sorted(before.keys() ^ after.keys()):
        label, detail = after.get(key) or before[key]
        yield ChangeItem(f"{kind}:{holder}:{key}", kind, "added" if key in after else "removed", holder, label,
                         detail)


def _grants(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[ChangeItem]:
    before, after = _by_key(old.get("delegatedPermissionGrants")), _by_key(new.get("delegatedPermissionGrants"))
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        old_scopes = set(_list((was or {}).get("scopes")))
        new_scopes = set(_list((now or {}).get("scopes")))
        if was is not None and now is not None and old_scopes == new_scopes:
            continue
        grant = now or was or {}
        added, removed = sorted(new_scopes - old_scopes), sorted(old_scopes - new_scopes)
        change: Change = "added" if was is None else "removed" if now is None else "changed"
        principal = _mapping(grant.get("principal"))
        resource = str(grant.get("resourceDisplayName") or grant.get("resourceAppId") or "")
        yield ChangeItem(
            f"oauth2PermissionGrant:servicePrincipal:{key}", "oauth2PermissionGrant", change, "servicePrincipal",
            f"{resource}: {' '.join(sorted(new_scopes if now is not None else old_scopes))}",
            {"resourceAppId": grant.get("resourceAppId"), "consentType": grant.get("consentType"),
             "principal": principal.get("userPrincipalName") or principal.get("id"),
             "scopesAdded": added, "scopesRemoved": removed},
            any(is_high_privilege(s) for s in (added if change != "removed" else removed)),
        )


def _assignments(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[ChangeItem]:
    before, after = _by_key(old.get("appRoleAssignments")), _by_key(new.get("appRoleAssignments"))
    for key in sorted(before.keys() ^ after.keys()):
        item = after.get(key) or before[key]
        value = item.get("appRoleValue")
        resource = str(item.get("resourceDisplayName") or item.get("resourceAppId") or "")
        yield ChangeItem(
            f"appRoleAssignment:servicePrincipal:{key}", "appRoleAssignment", "added" if key in after else "removed",
            "servicePrincipal", f"{resource}: {value or item.get('appRoleId')}",
            {"resourceAppId": item.get("resourceAppId"), "appRoleId": item.get("appRoleId"), "appRoleValue": value},
            is_high_privilege(value),
        )


def _federated(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[ChangeItem]:
    def by_name(document: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
        return {str(f.get("name")): f for f in _list(document.get("federatedIdentityCredentials"))
                if isinstance(f, Mapping)}

    before, after = by_name(old), by_name(new)
    for name in sorted(before.keys() | after.keys()):
        was, now = before.get(name), after.get(name)
        if was == now:
            continue
        item = now or was or {}
        yield ChangeItem(
            f"federatedIdentityCredential:application:{name}", "federatedIdentityCredential",
            "added" if was is None else "removed" if now is None else "changed", "application", name,
            {"issuer": item.get("issuer"), "subject": item.get("subject")},
        )


def _requested(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[ChangeItem]:
    before, after = _permissions(old), _permissions(new)
    for key in sorted(before.keys() ^ after.keys()):
        label, detail, high = after.get(key) or before[key]
        yield ChangeItem(f"requiredResourceAccess:application:{key}", "requiredResourceAccess",
                         "added" if key in after else "removed", "application", label, detail, high)


def _permissions(document: Mapping[str, Any]) -> dict[str, tuple[str, Mapping[str, Any], bool]]:
    out: dict[str, tuple[str, Mapping[str, Any], bool]] = {}
    for resource in _list(_mapping(document.get("application")).get("requiredResourceAccess")):
        resource = _mapping(resource)
        resource_app_id = str(resource.get("resourceAppId") or "")
        for access in _list(resource.get("resourceAccess")):
            access = _mapping(access)
            permission_id, kind = str(access.get("id") or ""), str(access.get("type") or "")
            name = _NAMES.permission(resource_app_id, permission_id, kind)
            api = _NAMES.api(resource_app_id) or resource_app_id
            out[f"{resource_app_id.lower()}/{permission_id.lower()}"] = (
                f"{api}: {name or permission_id}",
                {"resourceAppId": resource_app_id, "id": permission_id, "type": kind, "value": name},
                is_high_privilege(name),
            )
    return out


def _uris(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[ChangeItem]:
    """Redirect URIs say which platforms (`web`, `spa`, `publicClient`) list them, in `types`."""
    def uris(document: Mapping[str, Any]) -> dict[str, dict[str, list[str]]]:
        application = _mapping(document.get("application"))
        redirect: dict[str, list[str]] = {}
        for part in _REDIRECT_PARTS:
            for uri in _list(_mapping(application.get(part)).get("redirectUris")):
                redirect.setdefault(str(uri), []).append(part)
        return {"redirectUri": redirect,
                "identifierUri": {str(u): [] for u in _list(application.get("identifierUris"))}}

    before, after = uris(old), uris(new)
    for kind in ("identifierUri", "redirectUri"):
        for uri in sorted(before[kind].keys() ^ after[kind].keys()):
            types = after[kind].get(uri) or before[kind].get(uri) or []
            yield ChangeItem(f"{kind}:application:{uri}", kind,  # type: ignore[arg-type]
                             "added" if uri in after[kind] else "removed", "application", uri,
                             {"types": types} if kind == "redirectUri" else {})


# What the incident items cover of the application: the rest are its other properties.
_COVERED = frozenset({"passwordCredentials", "keyCredentials", "identifierUris", "requiredResourceAccess"})
_REDIRECT_PARTS = ("web", "spa", "publicClient")
_OTHER_PARTS = ("logo",)


def _other_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[ChangeItem]:
    def others(document: Mapping[str, Any]) -> dict[str, Any]:
        application = _mapping(document.get("application"))
        out = {k: v for k, v in application.items() if k not in _COVERED}
        for part in _REDIRECT_PARTS:
            if isinstance(out.get(part), Mapping):
                out[part] = {k: v for k, v in out[part].items() if k != "redirectUris"}
        out.update({f"@{k}": document.get(k) for k in _OTHER_PARTS})
        return out

    before, after = others(old), others(new)
    names = sorted(k.lstrip("@") for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    application = _mapping(new.get("application"))
    if names:
        yield ChangeItem(f"application:application:{application.get('id', '')}", "application", "changed",
                         "application", str(application.get("displayName") or application.get("appId") or ""),
                         {"properties": names, "appId": application.get("appId"), "objectId": application.get("id")})
    old_section, new_section = old.get(_SECTION), new.get(_SECTION)
    if not isinstance(old_section, Mapping) or not isinstance(new_section, Mapping):
        return
    old_props, new_props = _mapping(old_section.get("properties")), _mapping(new_section.get("properties"))
    names = sorted(k for k in old_props.keys() | new_props.keys() if old_props.get(k) != new_props.get(k))
    if _list(old_section.get("appRoleAssignedTo")) != _list(new_section.get("appRoleAssignedTo")):
        names.append("appRoleAssignedTo")
    if names:
        yield ChangeItem(f"servicePrincipal:servicePrincipal:{new_section.get('id', '')}", "servicePrincipal",
                         "changed", "servicePrincipal",
                         str(new_props.get("displayName") or new_section.get("id") or ""),
                         {"properties": names, "objectId": new_section.get("id")})


def _by_key(value: Any) -> dict[str, Mapping[str, Any]]:
    return {str(item.get("key")): item for item in _list(value) if isinstance(item, Mapping)}


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()
