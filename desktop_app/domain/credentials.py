"""Every client secret and certificate of an app document, of the app registration and of its service principal,
and when each one needs a person.

An app document holds the application's `passwordCredentials` and `keyCredentials` as Graph returned them (no
secret, no key bytes: domain/document.py) and, when the backup read it, the service principal's own under
`servicePrincipal.passwordCredentials` / `servicePrincipal.keyCredentials` in the same shape. Missing or odd values
are skipped, never raised on: this runs while a snapshot is written.

Expiry thresholds: a credential is due for an alert at the tightest of EXPIRY_THRESHOLDS (days) its end is within,
and once it has ended (EXPIRED). A credential that ended more than EXPIRED_ALERT_DAYS ago is listed but not alerted:
an old secret left on an app is housekeeping, not news.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

CredentialHolder = Literal["application", "servicePrincipal"]
CredentialKind = Literal["secret", "certificate"]

EXPIRY_THRESHOLDS: tuple[int, ...] = (90, 30, 7, 1)  # days, loosest first
EXPIRED = 0  # the threshold code of "has expired"
EXPIRED_ALERT_DAYS = 30

_SECTION = "servicePrincipal"
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Credential:
    holder: CredentialHolder
    kind: CredentialKind
    key_id: str
    display_name: str | None
    hint: str | None  # a secret's first characters, as Graph keeps them
    thumbprint: str | None  # a certificate's SHA-1, upper-case hex (customKeyIdentifier)
    start: datetime | None
    end: datetime | None


@dataclass(frozen=True)
class Owner:
    """Who owns an app (of the registration or of its service principal): a user or a service principal."""

    object_id: str
    display_name: str | None
    user_principal_name: str | None  # users
    app_id: str | None  # service principals

    @property
    def label(self) -> str:
        name = self.display_name or ""
        handle = self.user_principal_name or self.app_id or ""
        if name and handle:
            return f"{name} <{handle}>"
        return name or handle or self.object_id


def credentials_of(document: Mapping[str, Any]) -> list[Credential]:
    """The application's credentials, then its service principal's, each in document order."""
    found: list[Credential] = []
    section = document.get(_SECTION)
    for holder, part in (("application", document.get("application")), ("servicePrincipal", section)):
        if type(part) is not dict and not isinstance(part, Mapping):
            continue
        for item in _dicts(part.get("passwordCredentials")):
            found.append(Credential(
                holder=holder, kind="secret", key_id=_text(item.get("keyId")) or "",  # type: ignore[arg-type]
                display_name=_text(item.get("displayName")), hint=_text(item.get("hint")), thumbprint=None,
                start=parse_time(item.get("startDateTime")), end=parse_time(item.get("endDateTime")),
            ))
        for item in _dicts(part.get("keyCredentials")):
            found.append(Credential(
                holder=holder, kind="certificate", key_id=_text(item.get("keyId")) or "",  # type: ignore[arg-type]
                display_name=_text(item.get("displayName")), hint=None,
                thumbprint=thumbprint(item.get("customKeyIdentifier")),
                start=parse_time(item.get("startDateTime")), end=parse_time(item.get("endDateTime")),
            ))
    return found


def owners_of(document: Mapping[str, Any]) -> list[Owner]:
    """The application's owners and its service principal's, one per object id, sorted by label."""
    section = document.get(_SECTION)
    sources: Iterable[Any] = [*_dicts(document.get("owners")),
                              *(_dicts(section.get("owners")) if isinstance(section, Mapping) else [])]
    if not sources:
        return []
    owners: dict[str, Owner] = {}
    for item in sources:
        object_id = _text(item.get("id")) or ""
        owners.setdefault(object_id, Owner(
            object_id=object_id, display_name=_text(item.get("displayName")),
            user_principal_name=_text(item.get("userPrincipalName")), app_id=_text(item.get("appId")),
        ))
    return sorted(owners.values(), key=lambda o: (o.label.casefold(), o.object_id))


def thumbprint(custom_key_identifier: Any) -> str | None:
    """customKeyIdentifier is the base64 of the certificate's SHA-1 thumbprint for certificates the portal or
    Graph uploaded: shown as the portal shows it (upper-case hex). Anything else is shown as it is."""
    if not isinstance(custom_key_identifier, str) or not custom_key_identifier:
        return None
    try:
        raw = base64.b64decode(custom_key_identifier, validate=True)
    except (binascii.Error, ValueError):
        return custom_key_identifier
    return raw.hex().upper() if len(raw) == 20 else custom_key_identifier


def parse_time(value: Any) -> datetime | None:
    """Graph's ISO 8601 time (`2027-01-01T00:00:00Z`, up to 7 fractional digits) as an aware UTC datetime."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
        return (parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):  # not a time, or one that leaves datetime's range in UTC
        return None


def days_left(end: datetime, now: datetime) -> int:
    """Whole days until `end` (0: it ends within a day); once it has ended, minus the whole days since (at least
    -1), so a secret that expired a week ago reads -7."""
    if end > now:
        return (end - now) // _DAY
    return -max(1, (now - end) // _DAY)


def due_threshold(end: datetime | None, now: datetime) -> int | None:
    """The alert a credential ending at `end` is due for now: the tightest threshold in days (90, 30, 7, 1) its end
    is within, EXPIRED once it has ended (for EXPIRED_ALERT_DAYS), or None (far off, no end, long expired)."""
    if end is None:
        return None
    left = end - now
    if left <= timedelta(0):
        return EXPIRED if -left <= timedelta(days=EXPIRED_ALERT_DAYS) else None
    due = None
    for days in EXPIRY_THRESHOLDS:
        if left <= timedelta(days=days):
            due = days
    return due


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    # Runs for every app a backup writes: an empty list (most apps) costs nothing, dicts pass the exact type check.
    if type(value) is not list or not value:
        return []
    return [item for item in value if type(item) is dict or isinstance(item, Mapping)]


def _text(value: Any) -> str | None:
    return value if type(value) is str or value is None else str(value)
