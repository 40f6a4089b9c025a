"""Seeded changes to a tenant's apps, so demo mode and tests get a history of changes between backups.

The changes go through the same state as Graph writes (sequence numbers, so delta sees them; the audit log, so the
history says who made them: one of the tenant's named users), but skip throttling and validation: they stand for
what admins did in the portal between two backups.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .audit import Actor
from .audit_events import (
    Event,
    application_added,
    application_deleted,
    application_updated,
    consent_given,
    grant_changed,
    owner_changed,
    service_principal_deleted,
)
from .render import directory_object
from .seed import GRAPH_APP_ID, LOGOS, logo_url, password_credential
from .state import AppRecord, Directory, Tenant, clone, iso, new_application_doc

_CONSENT_SCOPES = ("User.Read", "openid", "profile", "offline_access")


@dataclass
class Change:
    kind: str
    app_id: str  # object id
    display_name: str
    actor: str = ""  # the userPrincipalName of who made it

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.app_id, "displayName": self.display_name, "actor": self.actor}


@dataclass
class _Made:
    """A change as it happened: the events it leaves in the audit log."""

    directory: Directory
    tenant: Tenant
    actor: Actor
    events: list[Event]

    def log(self, event: Event | None) -> None:
        if event is not None:
            self.events.append(event)


def churn(directory: Directory, tenant: Tenant, count: int, rng: random.Random,
          actor_rng: random.Random | None = None, actor_upn: str | None = None) -> list[Change]:
    actor_rng = actor_rng or random.Random(0)
    changes: list[Change] = []
    with directory.lock:
        for _ in range(count):
            if not tenant.app_order:
                break
            record = tenant.apps[rng.choice(tenant.app_order)]
            kind, action = rng.choice(_ACTIONS)
            made = _Made(directory, tenant, _actor(tenant, actor_rng, actor_upn), [])
            result = action(made, record, rng)
            if result is not None:
                record = result
            correlation = directory.audit_log.correlation()
            for event in made.events:
                directory.audit_log.record(tenant.audit, actor=made.actor, activity=event.activity,
                                           operation=event.operation, at=directory.now(), targets=event.targets,
                                           correlation=correlation)
            changes.append(Change(kind, record.id, str(record.doc["displayName"]), made.actor.name or ""))
    return changes


def _actor(tenant: Tenant, rng: random.Random, upn: str | None) -> Actor:
    if upn is not None:
        user_id = tenant.upn_index.get(upn.lower())
        if user_id is None:
            raise ValueError(f"no user {upn!r} in tenant {tenant.name}")
    else:
        user_id = rng.choice(tenant.named_users or [tenant.admin_user_id])
    return Actor("user", user_id, tenant.users[user_id]["userPrincipalName"])


def _when(directory: Directory, rng: random.Random) -> datetime:
    """A seeded time within the day before the emulator's current day: always in the past, and the same
    seed makes the same history however long a replay takes."""
    start = directory.now().replace(hour=0, minute=0, second=0, microsecond=0)
    return start - timedelta(seconds=rng.randrange(1, 86_400))


def _update(made: _Made, record: AppRecord, **values: Any) -> None:
    old = record.doc
    record.doc = {**record.doc, **values}
    record.seq = made.tenant.next_seq()
    made.log(application_updated(old, record.doc))


def _rename(made: _Made, record: AppRecord, rng: random.Random) -> None:
    name = str(record.doc["displayName"])
    _update(made, record, displayName=f"{name} (renamed)" if "(renamed)" not in name else name.replace(" (renamed)", ""))


def _redirect(made: _Made, record: AppRecord, rng: random.Random) -> None:
    web = clone(record.doc["web"])
    web["redirectUris"] = [*web["redirectUris"],
                           f"https://app{rng.randint(1, 999)}.{made.tenant.default_domain}/signin-oidc"]
    _update(made, record, web=web)


def _notes(made: _Made, record: AppRecord, rng: random.Random) -> None:
    _update(made, record, notes=f"Reviewed on {iso(made.directory.now())[:10]} (ticket CHG{rng.randint(1000, 9999)}).")


def _secret(made: _Made, record: AppRecord, rng: random.Random) -> None:
    credential = password_credential(rng, "rotated", 0, _when(made.directory, rng))
    _update(made, record, passwordCredentials=[*record.doc["passwordCredentials"], credential])


def _owner(made: _Made, record: AppRecord, rng: random.Random) -> None:
    tenant = made.tenant
    if record.owners and rng.random() < 0.5:
        changed, added = record.owners[0], False
        record.owners = record.owners[1:]
    else:
        candidates = [u for u in tenant.user_order if u not in record.owners]
        if not candidates:
            return
        changed, added = rng.choice(candidates), True
        record.owners = [*record.owners, changed]
    owner = directory_object(tenant, changed)
    if owner is not None:
        made.log(owner_changed(owner, "application", record.doc, added))


def _logo(made: _Made, record: AppRecord, rng: random.Random) -> None:
    record.logo = rng.choice(LOGOS)
    info = {**(record.doc.get("info") or {}), "logoUrl": logo_url(made.tenant.id, record.logo, made.tenant.seq + 1)}
    _update(made, record, info=info)


def _disable_scope(made: _Made, record: AppRecord, rng: random.Random) -> None:
    api = clone(record.doc["api"])
    for scope in api["oauth2PermissionScopes"]:
        if scope["isEnabled"]:
            scope["isEnabled"] = False
            break
    else:
        return _notes(made, record, rng)
    _update(made, record, api=api)
    return None


def _delete(made: _Made, record: AppRecord, rng: random.Random) -> None:
    tenant, now = made.tenant, made.directory.now()
    tenant.remove_app_from_active(record.id)
    record.deleted_at = now
    record.doc = {**record.doc, "deletedDateTime": iso(now)}
    record.seq = tenant.next_seq()
    tenant.deleted_apps[record.id] = record
    made.log(application_deleted(record.doc))
    sp_id = tenant.sp_by_app_id.get(str(record.doc["appId"]).lower())
    if sp_id is not None:  # Graph sends the application's service principal to the recycle bin with it
        made.log(service_principal_deleted(tenant.soft_delete_sp(sp_id, now).doc))


def _create(made: _Made, record: AppRecord, rng: random.Random) -> AppRecord:
    directory, tenant = made.directory, made.tenant
    doc = new_application_doc(directory.schema)
    now = _when(directory, rng)
    doc.update(id=directory.new_id(), appId=directory.new_client_id(), createdDateTime=iso(now - timedelta(minutes=5)),
               publisherDomain=tenant.default_domain, displayName=f"{tenant.display_name} New App {rng.randint(100, 999)}")
    created = AppRecord(doc)
    tenant.add_app(created)
    directory.index_app(created)
    made.log(application_added(doc, new_application_doc(directory.schema)))
    return created


def _consent(made: _Made, record: AppRecord, rng: random.Random) -> None:
    """An admin consents to a Microsoft Graph permission for the app (its service principal)."""
    tenant = made.tenant
    client_id = tenant.sp_by_app_id.get(str(record.doc["appId"]).lower())
    graph_id = tenant.sp_by_app_id.get(GRAPH_APP_ID)
    if client_id is None or graph_id is None:
        return _notes(made, record, rng)
    client, graph = tenant.sps[client_id], tenant.sps[graph_id]
    grant = next((g for g in tenant.grants.values() if g["clientId"] == client_id and g["resourceId"] == graph_id
                  and g["consentType"] == "AllPrincipals"), None)
    scopes = (grant or {}).get("scope", "").split()
    missing = [s for s in _CONSENT_SCOPES if s not in scopes]
    if not missing:
        return _notes(made, record, rng)
    new_scope = " ".join([*scopes, missing[0]])
    made.log(consent_given(client.doc, new_scope, admin=True))
    if grant is None:
        grant = {"id": made.directory.new_key_id(), "clientId": client_id, "consentType": "AllPrincipals",
                 "principalId": None, "resourceId": graph_id, "scope": new_scope}
        tenant.grants[grant["id"]] = grant
        made.log(grant_changed(grant, None, client.doc, graph.doc, "Add"))
    else:
        old_scope = f" {grant['scope']}"
        tenant.grants[grant["id"]] = grant = {**grant, "scope": new_scope}
        made.log(grant_changed(grant, old_scope, client.doc, graph.doc, "Update"))
    return None


_ACTIONS: list[tuple[str, Callable[..., AppRecord | None]]] = [
    ("renamed", _rename), ("redirectUriAdded", _redirect), ("notesChanged", _notes), ("secretAdded", _secret),
    ("ownersChanged", _owner), ("logoChanged", _logo), ("scopeDisabled", _disable_scope), ("deleted", _delete),
    ("created", _create), ("consented", _consent),
]
