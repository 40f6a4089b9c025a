"""What a search across tenants can find an app by, taken from its document when a snapshot is written.

`search_entries(document)` lists (kind, text) pairs: the app's name, client ID, object ID and its service principal's,
redirect URIs, identifier URIs, the permissions it requests (named where the name is known: Microsoft Graph's, by
their ids), the permissions granted to it (consent and application permissions, by value), its owners and its
certificates' thumbprints. The store keeps them folded in one text per app (`haystack`), so one scan answers any
query on either engine, and `matches(needle, ...)` says afterwards which entries hit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

from desktop_app.domain.credentials import Credential, Owner, credentials_of, owners_of
from desktop_app.domain.permission_names import MICROSOFT_GRAPH, PermissionNames, microsoft_graph_names

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


def search_entries(document: Mapping[str, Any], owners: Sequence[Owner] | None = None,
                   credentials: Sequence[Credential] | None = None) -> list[tuple[SearchKind, str]]:
    """Every (kind, text) the app can be found by, in a stable order, without duplicates, each on one line.
    `owners` / `credentials`: the document's, when the caller has them already (a snapshot writes both)."""
    seen: set[tuple[str, str]] = set()
    out: list[tuple[SearchKind, str]] = []
    for kind, text in _entries(document, owners, credentials):
        if not text.isprintable() or "  " in text:
            text = " ".join(text.split())  # a newline in a name must not split the haystack
        if text and (kind, text) not in seen:
            seen.add((kind, text))
            out.append((kind, text))
    return out


def fold(text: str) -> str:
    """How entries and queries are compared: case-insensitive beyond ASCII, on one line."""
    return " ".join(text.split()).casefold()


def haystack(entries: Sequence[tuple[str, str]]) -> str:
    """The entries' texts folded, one per line (search_entries made each one line already)."""
    return SEPARATOR.join(text for _, text in entries).casefold()


def matches(needle: str, entries: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The entries whose text holds the (folded) needle."""
    wanted = fold(needle)
    return [(kind, text) for kind, text in entries if wanted and wanted in fold(text)]


def _entries(document: Mapping[str, Any], owners: Sequence[Owner] | None,
             credentials: Sequence[Credential] | None) -> Iterator[tuple[SearchKind, str]]:
    # Runs for every app a backup writes: plain type checks (documents are parsed JSON: dicts, lists, str).
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
    graph = microsoft_graph_names()
    for resource in _list(application.get("requiredResourceAccess")):
        resource = _mapping(resource)
        resource_app_id = _text(resource.get("resourceAppId"))
        for access in _list(resource.get("resourceAccess")):
            access = _mapping(access)
            permission_id, kind = _text(access.get("id")), _text(access.get("type"))
            if resource_app_id == MICROSOFT_GRAPH:
                names = graph.roles if kind == "Role" else graph.scopes
                name = names.get(permission_id) or names.get(permission_id.lower())
            else:
                name = _NAMES.permission(resource_app_id, permission_id, kind)
            yield "permission", name or permission_id
    for grant in _list(section.get("delegatedPermissionGrants")):
        for scope in _list(_mapping(grant).get("scopes")):
            yield "grantedPermission", _text(scope)
    for assignment in _list(section.get("appRoleAssignments")):
        assignment = _mapping(assignment)
        yield "grantedPermission", _text(assignment.get("appRoleValue") or assignment.get("appRoleId"))
    for owner in owners_of(document) if owners is None else owners:
        yield "owner", owner.label
    for credential in credentials_of(document) if credentials is None else credentials:
        if credential.thumbprint:
            yield "thumbprint", credential.thumbprint


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if type(value) is dict or isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if type(value) is list else []


def _text(value: Any) -> str:
    if type(value) is str:
        return value
    return "" if value is None or isinstance(value, Mapping | list) else str(value)
