"""What a search across tenants can find an app by (issue 26), taken from its document when a snapshot is written.

`search_entries(document)` lists (kind, text) pairs: the app's name, client ID, object ID and its service principal's,
redirect URIs, identifier URIs, the permissions it requests (named where the name is known: Microsoft Graph's, by
their ids), the permissions granted to it (consent and application permissions, by value), its owners and its
certificates' thumbprints. The store keeps them folded in one text per app (`haystack`), so one scan answers any
query on either engine, and `matches(needle, ...)` says afterwards which entries hit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

from desktop_app.domain.credentials import credentials_of, owners_of
from desktop_app.domain.permission_names import PermissionNames

SearchKind = Literal[
    "name", "appId", "objectId", "servicePrincipalId", "redirectUri", "identifierUri", "permission",
    "grantedPermission", "owner", "thumbprint",
]
SEARCH_KINDS: tuple[SearchKind, ...] = (
    "name", "appId", "objectId", "servicePrincipalId", "redirectUri", "identifierUri", "permission",
    "grantedPermission", "owner", "thumbprint",
)
SEPARATOR = "\n"  # between entries in the haystack; folded entries never hold one (see fold)

_NAMES = PermissionNames()
_SECTION = "servicePrincipal"


def search_entries(document: Mapping[str, Any]) -> list[tuple[SearchKind, str]]:
    """Every (kind, text) the app can be found by, in a stable order, without duplicates."""
    seen: set[tuple[str, str]] = set()
    out: list[tuple[SearchKind, str]] = []
    for kind, text in _entries(document):
        text = " ".join(text.split())  # one line: a newline in a name must not split the haystack
        if text and (kind, text) not in seen:
            seen.add((kind, text))
            out.append((kind, text))
    return out


def fold(text: str) -> str:
    """How entries and queries are compared: case-insensitive beyond ASCII, on one line."""
    return " ".join(text.split()).casefold()


def haystack(entries: Sequence[tuple[str, str]]) -> str:
    return SEPARATOR.join(fold(text) for _, text in entries)


def matches(needle: str, entries: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The entries whose text holds the (folded) needle."""
    wanted = fold(needle)
    return [(kind, text) for kind, text in entries if wanted and wanted in fold(text)]


def _entries(document: Mapping[str, Any]) -> Iterator[tuple[SearchKind, str]]:
    application = _mapping(document.get("application"))
    section = _mapping(document.get(_SECTION))
    yield "name", _text(application.get("displayName"))
    yield "appId", _text(application.get("appId"))
    yield "objectId", _text(application.get("id"))
    yield "servicePrincipalId", _text(section.get("id"))
    for part in ("web", "spa", "publicClient"):
        for uri in _list(_mapping(application.get(part)).get("redirectUris")):
            yield "redirectUri", _text(uri)
    for uri in _list(application.get("identifierUris")):
        yield "identifierUri", _text(uri)
    for resource in _list(application.get("requiredResourceAccess")):
        resource = _mapping(resource)
        resource_app_id = _text(resource.get("resourceAppId"))
        for access in _list(resource.get("resourceAccess")):
            access = _mapping(access)
            permission_id, kind = _text(access.get("id")), _text(access.get("type"))
            yield "permission", _NAMES.permission(resource_app_id, permission_id, kind) or permission_id
    for grant in _list(section.get("delegatedPermissionGrants")):
        for scope in _list(_mapping(grant).get("scopes")):
            yield "grantedPermission", _text(scope)
    for assignment in _list(section.get("appRoleAssignments")):
        assignment = _mapping(assignment)
        yield "grantedPermission", _text(assignment.get("appRoleValue") or assignment.get("appRoleId"))
    for owner in owners_of(document):
        yield "owner", owner.label
    for credential in credentials_of(document):
        if credential.thumbprint:
            yield "thumbprint", credential.thumbprint


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, Mapping | list) else str(value)
