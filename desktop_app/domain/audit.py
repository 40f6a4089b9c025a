"""Directory audit events (GET /auditLogs/directoryAudits) as Regvault keeps them: who did what to which app, when.

`parse_event` takes Graph's record (graph-notes §11; emulator README "Directory audit log") and keeps what the
timeline needs: the actor (a user by userPrincipalName, or an app by name and service principal id: Graph gives
no appId for an app on the wire), the activity, the time, what it names (target resources, and the apps named in
modified properties such as `ServicePrincipal.AppId`) and the modified properties. `parts_changed` says which parts
of the app document an event touched, as codes (`Part`): the edges turn them into words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

# The activities that touch app registrations and enterprise applications are all in this category.
APPLICATION_MANAGEMENT = "ApplicationManagement"
_APP_ID_PROPERTIES = ("ServicePrincipal.AppId", "Application.AppId", "AppPrincipalId")
_OBJECT_ID_PROPERTIES = {"Application.ObjectID": "Application", "ServicePrincipal.ObjectID": "ServicePrincipal"}
_SKIPPED = ("Included Updated Properties",)


class Part(StrEnum):
    """A part of the app document an event changed (the side panel's sections say it in words)."""

    APP = "app"  # created, deleted, restored
    NAME = "displayName"
    REDIRECT_URIS = "redirectUris"
    IDENTIFIER_URIS = "identifierUris"
    AUDIENCE = "signInAudience"
    API_PERMISSIONS = "requiredResourceAccess"
    CREDENTIALS = "credentials"
    FEDERATED_CREDENTIALS = "federatedIdentityCredentials"
    OWNERS = "owners"
    LOGO = "logo"
    CONSENT = "consent"
    ASSIGNMENTS = "assignments"
    SERVICE_PRINCIPAL = "servicePrincipal"
    OTHER = "other"


_PROPERTY_PARTS = {
    "DisplayName": Part.NAME, "AppAddress": Part.REDIRECT_URIS, "AppIdentifierUri": Part.IDENTIFIER_URIS,
    "AvailableToOtherTenants": Part.AUDIENCE, "SignInAudience": Part.AUDIENCE,
    "RequiredResourceAccess": Part.API_PERMISSIONS, "KeyDescription": Part.CREDENTIALS,
    "FederatedIdentityCredentials": Part.FEDERATED_CREDENTIALS, "MainLogo": Part.LOGO,
}


@dataclass(frozen=True)
class Actor:
    kind: str  # "user" | "app" | "unknown"
    id: str | None  # the user's object id, or the app's service principal id
    name: str | None  # the user's userPrincipalName, or the app's display name
    app_id: str | None = None  # the app's appId, when Graph gives it


@dataclass(frozen=True)
class Target:
    id: str  # lower-case object id (an appId for kind "appId")
    kind: str  # Application | ServicePrincipal | User | Group | appId | ...
    display_name: str | None = None


@dataclass(frozen=True)
class ModifiedProperty:
    target_id: str
    name: str
    old: str | None  # Graph's JSON text, as it came
    new: str | None


@dataclass(frozen=True)
class AuditEvent:
    event_id: str
    time: datetime
    activity: str
    category: str
    operation: str | None
    result: str | None
    actor: Actor
    correlation_id: str | None
    targets: tuple[Target, ...]
    modified: tuple[ModifiedProperty, ...]
    raw: Mapping[str, Any]

    @property
    def named_ids(self) -> frozenset[str]:
        """Every object id and appId the event names (lower-case)."""
        return frozenset(t.id for t in self.targets)


_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$")


def parse_time(text: object) -> datetime | None:
    """Graph's DateTimeOffset ("2026-07-17T13:48:10.9301252Z": seven decimals, more than Python reads)."""
    match = _TIME.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    head, fraction, zone = match.groups()
    offset = "+00:00" if zone in (None, "Z") else zone
    try:
        moment = datetime.fromisoformat(f"{head}.{(fraction or '0')[:6].ljust(6, '0')}{offset}")
    except ValueError:
        return None
    return moment.astimezone(UTC)


def parse_event(raw: Mapping[str, Any]) -> AuditEvent | None:
    """None for a record without an id or a time (nothing to keep it by)."""
    event_id, time = raw.get("id"), parse_time(raw.get("activityDateTime"))
    if not isinstance(event_id, str) or not event_id or time is None:
        return None
    targets: list[Target] = []
    modified: list[ModifiedProperty] = []
    for item in raw.get("targetResources") or []:
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            continue
        target_id = item["id"].lower()
        targets.append(Target(target_id, str(item.get("type") or ""), _text(item.get("displayName"))))
        for prop in item.get("modifiedProperties") or []:
            if not isinstance(prop, Mapping) or not isinstance(prop.get("displayName"), str):
                continue
            name = prop["displayName"]
            modified.append(ModifiedProperty(target_id, name, _text(prop.get("oldValue")),
                                             _text(prop.get("newValue"))))
            value = _json_string(prop.get("newValue")) or _json_string(prop.get("oldValue"))
            if value and name in _APP_ID_PROPERTIES:
                targets.append(Target(value.lower(), "appId"))
            elif value and name in _OBJECT_ID_PROPERTIES:
                targets.append(Target(value.lower(), _OBJECT_ID_PROPERTIES[name]))
    return AuditEvent(
        event_id=event_id, time=time, activity=str(raw.get("activityDisplayName") or ""),
        category=str(raw.get("category") or ""), operation=_text(raw.get("operationType")),
        result=_text(raw.get("result")), actor=_actor(raw.get("initiatedBy")),
        correlation_id=_text(raw.get("correlationId")), targets=tuple(dict.fromkeys(targets)),
        modified=tuple(modified), raw=dict(raw),
    )


def _actor(initiated: object) -> Actor:
    initiated = initiated if isinstance(initiated, Mapping) else {}
    user, app = initiated.get("user"), initiated.get("app")
    if isinstance(user, Mapping) and (user.get("userPrincipalName") or user.get("id")):
        return Actor("user", _text(user.get("id")), _text(user.get("userPrincipalName")) or _text(
            user.get("displayName")))
    if isinstance(app, Mapping) and (app.get("servicePrincipalId") or app.get("displayName") or app.get("appId")):
        return Actor("app", _text(app.get("servicePrincipalId")), _text(app.get("displayName")),
                     _text(app.get("appId")))
    return Actor("unknown", None, None)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value != "" else None


def _json_string(value: object) -> str | None:
    """The string inside Graph's JSON text (`"\\"abc\\""` or `["abc"]`), else None."""
    if not isinstance(value, str):
        return None
    try:
        decoded = json.loads(value)
    except ValueError:
        return None
    if isinstance(decoded, list) and len(decoded) == 1:
        decoded = decoded[0]
    return decoded if isinstance(decoded, str) and decoded else None


def parts_changed(event: AuditEvent) -> tuple[Part, ...]:
    """What the event changed in the app document, in a stable order (no duplicates)."""
    activity = event.activity.lower()
    parts: list[Part] = []
    if activity.startswith(("add application", "delete application", "restore application", "hard delete application")):
        parts.append(Part.APP)
    elif "owner" in activity:
        parts.append(Part.OWNERS)
    elif "delegated permission grant" in activity or activity.startswith("consent to application"):
        parts.append(Part.CONSENT)
    elif "app role assignment" in activity:
        parts.append(Part.ASSIGNMENTS)
    elif "service principal" in activity:
        parts.append(Part.CREDENTIALS if "credentials" in activity else Part.SERVICE_PRINCIPAL)
    else:
        for prop in event.modified:
            if prop.name in _SKIPPED or "." in prop.name:
                continue
            parts.append(_PROPERTY_PARTS.get(prop.name, Part.OTHER))
        if not parts:
            parts.append(Part.CREDENTIALS if "certificates and secrets" in activity else Part.OTHER)
    return tuple(dict.fromkeys(parts))


def other_properties(event: AuditEvent) -> tuple[str, ...]:
    """The names (Graph's, as the log gives them) of the properties `parts_changed` counts as Part.OTHER."""
    return tuple(dict.fromkeys(p.name for p in event.modified if p.name not in _SKIPPED and "." not in p.name
                               and p.name not in _PROPERTY_PARTS))


def property_names(event: AuditEvent) -> tuple[str, ...]:
    """The modified properties' names as Graph gave them (without its own bookkeeping entries)."""
    return tuple(dict.fromkeys(p.name for p in event.modified if p.name not in _SKIPPED))


def newest(events: Iterable[AuditEvent]) -> datetime | None:
    return max((e.time for e in events), default=None)
