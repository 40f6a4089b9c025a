"""From a write the emulator carried out to the events it leaves in the tenant's audit log.

`Api.handle` asks `before()` what the request is about to change (the objects' JSON, owners, federated credentials,
the grant or assignment it names) and, when the write succeeded, `after()` turns the difference into events
(audit_events.py), all with the request's correlation id and the acting identity. Writes this module does not know
leave no event (say so in the README when adding a route).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from .audit import Actor, modified, target
from .audit_events import (
    Event,
    application_added,
    application_deleted,
    application_restored,
    application_updated,
    assignment_changed,
    federated_credentials_changed,
    grant_changed,
    owner_changed,
    service_principal_added,
    service_principal_deleted,
    service_principal_properties,
    service_principal_restored,
    service_principal_updated,
    sp_target,
)
from .messages import Request, Response, split_key
from .render import directory_object
from .state import AppRecord, Directory, SpRecord, Tenant, new_application_doc


@dataclass
class Before:
    """What a write is about to change, as it was."""

    app: AppRecord | None = None
    app_doc: dict[str, Any] | None = None
    owners: list[str] = field(default_factory=list)
    fics: list[dict[str, Any]] = field(default_factory=list)
    sp: SpRecord | None = None
    sp_doc: dict[str, Any] | None = None
    sp_of_app: str | None = None
    grant: dict[str, Any] | None = None
    assignment: dict[str, Any] | None = None
    deleted_app: AppRecord | None = None
    deleted_sp: SpRecord | None = None


@dataclass(frozen=True)
class _Route:
    head: str
    key_name: str | None  # "id", "appId", "uniqueName" (from `applications(appId='…')`), None for `/{id}`
    key: str | None
    rest: list[str]


def _route(segments: list[str]) -> _Route:
    head, key_name, key = split_key(segments[0]) if segments else ("", None, None)
    if key_name is not None:
        return _Route(head, key_name, key, segments[1:])
    return _Route(head, None, segments[1] if len(segments) > 1 else None, segments[2:])


class WriteAuditor:
    def __init__(self, directory: Directory) -> None:
        self.directory = directory

    # ---- before -------------------------------------------------------------------------------------------

    def before(self, tenant: Tenant, segments: list[str]) -> Before:
        route = _route(segments)
        before = Before()
        if route.head == "applications" and route.key is not None:
            before.app = self._app(tenant, route)
            if before.app is not None:
                before.app_doc, before.owners, before.fics = before.app.doc, list(before.app.owners), before.app.fics
                before.sp_of_app = tenant.sp_by_app_id.get(str(before.app.doc["appId"]).lower())
        elif route.head == "servicePrincipals" and route.key is not None:
            sp_id = tenant.sp_by_app_id.get(route.key.lower()) if route.key_name == "appId" else route.key
            before.sp = tenant.sps.get(sp_id or "")
            if before.sp is not None:
                before.sp_doc, before.owners = before.sp.doc, list(before.sp.owners)
            if len(route.rest) == 2 and route.rest[0] in ("appRoleAssignments", "appRoleAssignedTo"):
                before.assignment = tenant.assignments.get(route.rest[1].partition("=")[2]
                                                           if route.rest[1].startswith("\0") else route.rest[1])
        elif route.head == "oauth2PermissionGrants" and route.key is not None:
            before.grant = tenant.grants.get(route.key)
        elif route.head == "directory" and len(segments) >= 3 and segments[1] == "deletedItems":
            before.deleted_app = tenant.deleted_apps.get(segments[2])
            before.deleted_sp = tenant.deleted_sps.get(segments[2])
        return before

    def _app(self, tenant: Tenant, route: _Route) -> AppRecord | None:
        assert route.key is not None
        if route.key_name == "appId":
            return tenant.apps.get(self.directory.app_ids.get(route.key.lower()) or "")
        if route.key_name == "uniqueName":
            return next((r for r in tenant.apps.values() if r.doc.get("uniqueName") == route.key), None)
        return tenant.apps.get(route.key)

    # ---- after --------------------------------------------------------------------------------------------

    def after(self, tenant: Tenant, actor: Actor, req: Request, segments: list[str], before: Before,
              response: Response) -> None:
        route = _route(segments)
        handler = {"applications": self._applications, "servicePrincipals": self._service_principals,
                   "oauth2PermissionGrants": self._grants, "directory": self._recycle_bin,
                   "groups": self._groups}.get(route.head)
        events = [e for e in handler(tenant, req, route, before, response) if e is not None] if handler else []
        if not events:
            return
        log = self.directory.audit_log
        correlation = log.correlation()
        now = self.directory.now()
        for event in events:
            log.record(tenant.audit, actor=actor, activity=event.activity, operation=event.operation, at=now,
                       targets=event.targets, correlation=correlation, user_agent=req.headers.get("user-agent"),
                       category="GroupManagement" if route.head == "groups" else "ApplicationManagement")

    def _applications(self, tenant: Tenant, req: Request, route: _Route, before: Before,
                      response: Response) -> list[Event | None]:
        if route.key is None or (response.status == 201 and not route.rest):  # created (POST, or upsert)
            record = tenant.apps.get(str(_body(response).get("id")))
            defaults = new_application_doc(self.directory.schema)
            return [application_added(record.doc, defaults)] if record is not None else []
        record, old = before.app, before.app_doc
        if record is None or old is None:
            return []
        if not route.rest:
            if req.method == "DELETE":
                events = [application_deleted(old)]
                if before.sp_of_app is not None and before.sp_of_app in tenant.deleted_sps:
                    events.append(service_principal_deleted(tenant.deleted_sps[before.sp_of_app].doc))
                return list(events)
            return [application_updated(old, record.doc)]
        nav = split_key(route.rest[0])[0]
        if nav == "owners":
            return [self._owner(tenant, "application", record.doc, before.owners, record.owners)]
        if nav == "federatedIdentityCredentials":
            return [federated_credentials_changed(record.doc, before.fics, record.fics)]
        return [application_updated(old, record.doc)]  # logo, addPassword, removePassword

    def _owner(self, tenant: Tenant, kind: str, doc: Mapping[str, Any], old: list[str],
               new: list[str]) -> Event | None:
        added = [o for o in new if o not in old]
        changed = added or [o for o in old if o not in new]
        owner = directory_object(tenant, changed[0]) if changed else None
        return owner_changed(owner, kind, doc, bool(added)) if owner is not None else None

    def _service_principals(self, tenant: Tenant, req: Request, route: _Route, before: Before,
                            response: Response) -> list[Event | None]:
        if route.key is None:
            record = tenant.sps.get(str(_body(response).get("id")))
            return [service_principal_added(record.doc)] if record is not None else []
        sp, old = before.sp, before.sp_doc
        if sp is None or old is None:
            return []
        if not route.rest:
            return [service_principal_deleted(old) if req.method == "DELETE" else
                    service_principal_updated(old, sp.doc)]
        nav = route.rest[0]
        if nav == "owners":
            return [self._owner(tenant, "service principal", sp.doc, before.owners, sp.owners)]
        if nav in ("appRoleAssignments", "appRoleAssignedTo"):
            assignment = _body(response) if req.method == "POST" else before.assignment
            return [self._assignment(tenant, assignment, req.method == "POST")] if assignment else []
        if nav.endswith(("addPassword", "addKey", "removePassword", "removeKey", "addTokenSigningCertificate")):
            props = service_principal_properties(old, sp.doc)
            for prop in props:
                if prop["displayName"] in ("PasswordCredentials", "KeyCredentials"):
                    prop.update(modified("KeyDescription", None, None))
            verb = "Add" if "add" in nav else "Remove"
            return [Event(f"{verb} service principal credentials", "Update", [sp_target(sp.doc, props)])]
        return []

    def _assignment(self, tenant: Tenant, assignment: Mapping[str, Any], added: bool) -> Event | None:
        resource = tenant.sps.get(str(assignment.get("resourceId"))) or \
            tenant.deleted_sps.get(str(assignment.get("resourceId")))
        principal = directory_object(tenant, str(assignment.get("principalId")))
        if resource is None or principal is None:
            return None
        role = next((r.get("value") for r in resource.doc.get("appRoles") or []
                     if str(r.get("id", "")).lower() == str(assignment.get("appRoleId", "")).lower()), None)
        return assignment_changed(assignment, resource.doc, principal, role, added)

    def _grants(self, tenant: Tenant, req: Request, route: _Route, before: Before,
                response: Response) -> list[Event | None]:
        if route.key is None:
            grant, verb, old_scope = _body(response), "Add", None
        else:
            grant = before.grant or {}
            verb = "Remove" if req.method == "DELETE" else "Update"
            old_scope = f" {grant.get('scope') or ''}".rstrip()
            grant = tenant.grants.get(route.key, grant)
        client, resource = tenant.sps.get(str(grant.get("clientId"))), tenant.sps.get(str(grant.get("resourceId")))
        if client is None or resource is None:
            return []
        return [grant_changed(grant, old_scope, client.doc, resource.doc, verb)]

    def _recycle_bin(self, tenant: Tenant, req: Request, route: _Route, before: Before,
                     response: Response) -> list[Event | None]:
        restore = req.method == "POST"
        if before.deleted_app is not None:
            doc = before.deleted_app.doc
            return [application_restored(doc) if restore else application_deleted(doc, hard=True)]
        if before.deleted_sp is not None:
            doc = before.deleted_sp.doc
            return [service_principal_restored(doc) if restore else service_principal_deleted(doc, hard=True)]
        return []

    @staticmethod
    def _groups(tenant: Tenant, req: Request, route: _Route, before: Before,
                response: Response) -> list[Event | None]:
        if route.key is not None or req.method != "POST":
            return []
        group = _body(response)
        return [Event("Add group", "Add", [target(str(group.get("id")), group.get("displayName"), "Group")])]


def _body(response: Response) -> dict[str, Any]:
    try:
        value = orjson.loads(response.body) if response.body else {}
    except orjson.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}
