"""Seeded changes to a tenant's apps, so demo mode and tests get a history of changes between backups.

The changes go through the same state as Graph writes (sequence numbers, so delta sees them), but skip
throttling and validation: they stand for what admins did in the portal between two backups.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .seed import LOGOS, logo_url, password_credential
from .state import AppRecord, Directory, Tenant, clone, iso, new_application_doc


@dataclass
class Change:
    kind: str
    app_id: str  # object id
    display_name: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.app_id, "displayName": self.display_name}


def churn(directory: Directory, tenant: Tenant, count: int, rng: random.Random) -> list[Change]:
    changes: list[Change] = []
    with directory.lock:
        for _ in range(count):
            if not tenant.app_order:
                break
            record = tenant.apps[rng.choice(tenant.app_order)]
            kind, action = rng.choice(_ACTIONS)
            result = action(directory, tenant, record, rng)
            if result is not None:
                record = result
            changes.append(Change(kind, record.id, str(record.doc["displayName"])))
    return changes


def _when(directory: Directory, rng: random.Random) -> datetime:
    """A seeded time within the day before the emulator's current day: always in the past, and the same
    seed makes the same history however long a replay takes."""
    start = directory.now().replace(hour=0, minute=0, second=0, microsecond=0)
    return start - timedelta(seconds=rng.randrange(1, 86_400))


def _update(tenant: Tenant, record: AppRecord, **values: Any) -> None:
    record.doc = {**record.doc, **values}
    record.seq = tenant.next_seq()


def _rename(directory: Directory, tenant: Tenant, record: AppRecord, rng: random.Random) -> None:
    name = str(record.doc["displayName"])
    _update(tenant, record, displayName=f"{name} (renamed)" if "(renamed)" not in name else name.replace(" (renamed)", ""))


def _redirect(directory: Directory, tenant: Tenant, record: AppRecord, rng: random.Random) -> None:
    web = clone(record.doc["web"])
    web["redirectUris"] = [*web["redirectUris"], f"https://app{rng.randint(1, 999)}.{tenant.default_domain}/signin-oidc"]
    _update(tenant, record, web=web)


def _notes(directory: Directory, tenant: Tenant, record: AppRecord, rng: random.Random) -> None:
    _update(tenant, record, notes=f"Reviewed on {iso(directory.now())[:10]} (ticket CHG{rng.randint(1000, 9999)}).")


def _secret(directory: Directory, tenant: Tenant, record: AppRecord, rng: random.Random) -> None:
    credential = password_credential(rng, "rotated", 0, _when(directory, rng))
    _update(tenant, record, passwordCredentials=[*record.doc["passwordCredentials"], credential])


def _owner(directory: Directory, tenant: Tenant, record: AppRecord, rng: random.Random) -> None:
    if record.owners and rng.random() < 0.5:
        record.owners = record.owners[1:]
    else:
        candidates = [u for u in tenant.user_order if u not in record.owners]
        if candidates:
            record.owners = [*record.owners, rng.choice(candidates)]


def _logo(directory: Directory, tenant: Tenant, record: AppRecord, rng: random.Random) -> None:
    record.logo = rng.choice(LOGOS)
    info = {**(record.doc.get("info") or {}), "logoUrl": logo_url(tenant.id, record.logo, tenant.seq + 1)}
    _update(tenant, record, info=info)


def _disable_scope(directory: Directory, tenant: Tenant, record: AppRecord, rng: random.Random) -> None:
    api = clone(record.doc["api"])
    for scope in api["oauth2PermissionScopes"]:
        if scope["isEnabled"]:
            scope["isEnabled"] = False
            break
    else:
        return _notes(directory, tenant, record, rng)
    _update(tenant, record, api=api)
    return None


def _delete(directory: Directory, tenant: Tenant, record: AppRecord, rng: random.Random) -> None:
    now = directory.now()
    tenant.remove_app_from_active(record.id)
    record.deleted_at = now
    record.doc = {**record.doc, "deletedDateTime": iso(now)}
    record.seq = tenant.next_seq()
    tenant.deleted_apps[record.id] = record


def _create(directory: Directory, tenant: Tenant, record: AppRecord, rng: random.Random) -> AppRecord:
    doc = new_application_doc(directory.schema)
    now = _when(directory, rng)
    doc.update(id=directory.new_id(), appId=directory.new_client_id(), createdDateTime=iso(now - timedelta(minutes=5)),
               publisherDomain=tenant.default_domain, displayName=f"{tenant.display_name} New App {rng.randint(100, 999)}")
    created = AppRecord(doc)
    tenant.add_app(created)
    directory.index_app(created)
    return created


_ACTIONS: list[tuple[str, Callable[..., AppRecord | None]]] = [
    ("renamed", _rename), ("redirectUriAdded", _redirect), ("notesChanged", _notes), ("secretAdded", _secret),
    ("ownersChanged", _owner), ("logoChanged", _logo), ("scopeDisabled", _disable_scope), ("deleted", _delete),
    ("created", _create),
]
