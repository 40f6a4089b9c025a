"""What changed across a tenant since a moment, as an incident responder reads it (DESIGN.md §11).

`tenant_changes(apps, events_of)` turns each changed app's two documents (at the moment, now) into `TenantChange`s:
the app's items (domain/changes.py `changes_between`) with the app they belong to, who made each change and when
(`attribute`: the directory audit event that explains it), sorted by risk (`Risk`: credentials first, then
high-privilege permissions, owners, new objects, other permissions, URIs; what was removed and comes back after
what was added; the other changes last).

Ids: an item's id (`kind:holder:key`) is unique within its app; across the tenant a change is named
`kind:holder:key@appId` (`TenantChange.id`), which a keep list may give in full or, when it names one change only,
without the app.

Which event explains an item: among the events that name the app since the moment, the newest whose activity
touched the item's part of the document (domain/audit.py `parts_changed`; for an other change, the parts its properties
are in, then any part an other change can be in) and whose record names the item's own
key (a keyId, an owner's id, a URI, a permission's id); failing that, the newest that touched the part; failing
that, none (the audit log was not read, or Graph has not shown the event yet): the item says when a capture first
saw it instead.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.domain.audit import AuditEvent, Part, parts_changed
from desktop_app.domain.changes import ChangeItem, changes_between


class Risk(enum.IntEnum):
    """Why an item comes where it does in the incident view (lower first)."""

    CREDENTIAL = 0  # a secret, a certificate or a federated credential: someone can sign in as the app
    PRIVILEGE = 1  # a high-privilege permission granted, consented or requested
    OWNER = 2  # someone can now manage the app
    NEW_OBJECT = 3  # a new app or service principal
    PERMISSION = 4  # another permission
    URI = 5  # a redirect or identifier URI
    PUT_BACK = 6  # something removed since the moment (it comes back)
    OTHER = 7  # a change an incident does not undo


_PARTS: Mapping[str, frozenset[Part]] = {
    "application": frozenset({Part.APP}),
    "servicePrincipal": frozenset({Part.SERVICE_PRINCIPAL}),
    "passwordCredential": frozenset({Part.CREDENTIALS}),
    "keyCredential": frozenset({Part.CREDENTIALS}),
    "federatedIdentityCredential": frozenset({Part.FEDERATED_CREDENTIALS}),
    "owner": frozenset({Part.OWNERS}),
    "redirectUri": frozenset({Part.REDIRECT_URIS}),
    "identifierUri": frozenset({Part.IDENTIFIER_URIS}),
    "requiredResourceAccess": frozenset({Part.API_PERMISSIONS}),
    "oauth2PermissionGrant": frozenset({Part.CONSENT}),
    "appRoleAssignment": frozenset({Part.ASSIGNMENTS}),
}
_OTHER_PARTS = frozenset({Part.NAME, Part.AUDIENCE, Part.LOGO, Part.OTHER, Part.SERVICE_PRINCIPAL,
                          Part.ASSIGNMENTS})
_PROPERTY_PARTS: Mapping[str, Part] = {"displayName": Part.NAME, "signInAudience": Part.AUDIENCE, "logo": Part.LOGO}


@dataclass(frozen=True)
class ChangedApp:
    """An app whose document at the moment (`before`, None: it did not exist) differs from its document now
    (`after`, None: it is gone or in the recycle bin)."""

    object_id: str
    app_id: str
    display_name: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None


@dataclass(frozen=True)
class TenantChange:
    item: ChangeItem
    object_id: str  # the app's
    app_id: str
    display_name: str
    time: datetime | None  # when it was made, from the audit log
    actor: str | None  # who made it: a userPrincipalName, or an app's display name
    actor_kind: str | None  # "user" | "app" | "unknown"
    activity: str | None  # the audit event's activity

    @property
    def id(self) -> str:
        return f"{self.item.id}@{self.app_id}"

    @property
    def risk(self) -> Risk:
        return risk_of(self.item)


def risk_of(item: ChangeItem) -> Risk:
    if not item.incident:
        return Risk.OTHER
    if item.change == "removed":
        return Risk.PUT_BACK
    if item.kind in ("passwordCredential", "keyCredential", "federatedIdentityCredential"):
        return Risk.CREDENTIAL
    if item.high_privilege:
        return Risk.PRIVILEGE
    if item.kind == "owner":
        return Risk.OWNER
    if item.kind in ("application", "servicePrincipal"):
        return Risk.NEW_OBJECT
    if item.kind in ("requiredResourceAccess", "oauth2PermissionGrant", "appRoleAssignment"):
        return Risk.PERMISSION
    return Risk.URI


def tenant_changes(apps: Iterable[ChangedApp],
                   events_of: Callable[[ChangedApp], Sequence[AuditEvent]]) -> list[TenantChange]:
    """Every item of every changed app, attributed and sorted by risk, then newest first, then by app and id.
    `events_of(app)`: the audit events that name the app since the moment."""
    out: list[TenantChange] = []
    for app in apps:
        items = changes_between(app.before, app.after)
        if not items:
            continue
        events = events_of(app)
        for item in items:
            event = attribute(item, events)
            out.append(TenantChange(
                item=item, object_id=app.object_id, app_id=app.app_id, display_name=app.display_name,
                time=event.time if event else None, actor=event.actor.name or event.actor.id if event else None,
                actor_kind=event.actor.kind if event else None, activity=event.activity if event else None,
            ))
    return sorted(out, key=_order)


def _order(change: TenantChange) -> tuple[Any, ...]:
    newest_first = -change.time.timestamp() if change.time is not None else 0.0
    return (change.risk, change.item.part_of is not None, newest_first, change.display_name.casefold(),
            change.app_id, change.item.id)


def attribute(item: ChangeItem, events: Sequence[AuditEvent]) -> AuditEvent | None:
    """The event that explains the item (see the module's docstring); `events` may come in any order."""
    touching = _touching(events, _parts_of(item))
    if not touching and not item.incident:
        touching = _touching(events, _OTHER_PARTS)
    needles = [n.casefold() for n in needles_of(item) if n]
    if needles:
        for event in touching:
            text = json.dumps(event.raw, default=str).casefold()
            if any(n in text for n in needles):
                return event
    return touching[0] if touching else None


def _touching(events: Sequence[AuditEvent], parts: frozenset[Part]) -> list[AuditEvent]:
    return sorted((e for e in events if parts & set(parts_changed(e))), key=lambda e: (e.time, e.event_id),
                  reverse=True)


def _parts_of(item: ChangeItem) -> frozenset[Part]:
    """The parts an event explaining the item changed: an other change's own properties (a rename is explained by
    the event that renamed, not by a later one, such as a rollback's, that touched something else of the app)."""
    if item.incident:
        return _PARTS.get(item.kind, frozenset())
    names = [str(n) for n in item.detail.get("properties") or ()]
    if item.holder == "servicePrincipal":
        return frozenset({Part.SERVICE_PRINCIPAL, *([Part.ASSIGNMENTS] if "appRoleAssignedTo" in names else [])})
    return frozenset(_PROPERTY_PARTS.get(n, Part.OTHER) for n in names) or _OTHER_PARTS


def needles_of(item: ChangeItem) -> tuple[str, ...]:
    """What an audit record of this item's change would name."""
    detail = item.detail
    if item.kind in ("passwordCredential", "keyCredential"):
        return (str(detail.get("keyId") or ""),)
    if item.kind == "owner":
        return (str(detail.get("objectId") or ""),)
    if item.kind in ("redirectUri", "identifierUri", "federatedIdentityCredential"):
        return (item.id.split(":", 2)[2],)
    if item.kind == "requiredResourceAccess":
        return (str(detail.get("id") or ""),)
    if item.kind == "appRoleAssignment":
        return (str(detail.get("appRoleId") or ""),)
    if item.kind == "oauth2PermissionGrant":
        return tuple(str(s) for s in [*detail.get("scopesAdded", ()), *detail.get("scopesRemoved", ())])
    return ()


def resolve_keep(changes: Sequence[TenantChange], keep: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The ids (`TenantChange.id`) a keep list names, and the entries that name nothing or more than one change.
    An entry is a full id, or an item's id (`kind:holder:key`) that only one app has."""
    by_id = {c.id: c for c in changes}
    by_item: dict[str, list[str]] = {}
    for change in changes:
        by_item.setdefault(change.item.id, []).append(change.id)
    kept: set[str] = set()
    unknown: list[str] = []
    for entry in keep:
        entry = entry.strip()
        if entry in by_id:
            kept.add(entry)
        elif len(by_item.get(entry, ())) == 1:
            kept.add(by_item[entry][0])
        else:
            unknown.append(entry)
    return frozenset(kept), tuple(unknown)
