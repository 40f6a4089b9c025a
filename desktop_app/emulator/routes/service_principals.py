"""/servicePrincipals: list, get (by id or appId), create for an application, PATCH, DELETE (to the recycle bin),
owners, the enterprise application's consent and assignments (grants, appRoleAssignments, appRoleAssignedTo), and
its credentials (addPassword, removePassword, addTokenSigningCertificate, keyCredentials: `credentials`).

What an application's service principal inherits from it (its roles, scopes, names, audience) is read-only here:
the application is where they change (they follow it: `follow_application`). Its `tags` are the union of its own
and its application's (servicePrincipal resource): `SpRecord.own_tags` keeps its own.
"""

from __future__ import annotations

from typing import Any

from ..errors import ApiError, bad_request, not_found, segment_not_found
from ..messages import Request, Response, json_response, no_content, page_size
from ..odata import parse_expand, parse_filter
from ..render import EXPAND_CAP, EXPAND_PAGE, directory_object, render_app, render_sp, select_object
from ..state import AppRecord, SpRecord, Tenant, clone, service_principal_doc
from ..validation import check_object, merge, parse_json_object
from .assignments import AssignmentRoutes, render_assignment
from .base import Context, Routes
from .credentials import (
    add_password,
    add_token_signing_certificate,
    check_preferred_thumbprint,
    normalise_sp_key_credentials,
    remove_password,
)
from .delta import DeltaRoutes
from .grants import GrantRoutes
from .key_actions import add_key, remove_key
from .owners import OwnerRoutes

# Set by Graph, or inherited from the application (the stricter reading for appRoles and oauth2PermissionScopes: an
# app-backed service principal takes them from its application).
READ_ONLY = ("id", "appId", "appOwnerOrganizationId", "servicePrincipalType", "deletedDateTime", "appDisplayName",
             "appDescription", "createdByAppId", "applicationTemplateId", "signInAudience",
             "disabledByMicrosoftStatus", "appRoles", "oauth2PermissionScopes",
             "resourceSpecificApplicationPermissions")
ACTIONS = ("addPassword", "removePassword", "addTokenSigningCertificate", "addKey", "removeKey")
FILTER_FIELDS = {"appId": "appId", "displayName": "displayName", "id": "id",
                 "servicePrincipalNames": "servicePrincipalNames", "servicePrincipalType": "servicePrincipalType",
                 "tags": "tags", "accountEnabled": "accountEnabled"}


class ServicePrincipalRoutes(Routes):
    def __init__(self, context: Context, grants: GrantRoutes) -> None:
        super().__init__(context)
        self.grants = grants
        self.assignments = AssignmentRoutes(context)
        self.owners = OwnerRoutes(context)
        self.delta = DeltaRoutes(context)

    def find_sp(self, tenant: Tenant, key: str) -> SpRecord:
        if key.startswith("\0"):
            name, _, value = key[1:].partition("=")
            sp_id = tenant.sp_by_app_id.get(value.lower()) if name == "appId" else value
            record = tenant.sps.get(sp_id or "")
            label = value
        else:
            record, label = tenant.sps.get(key), key
        if record is None or not self.visible(record.visible_at):
            raise not_found(label)
        return record

    def handle(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        if not rest:
            self.method(req, "GET", "POST")
            if req.method == "POST":
                return self._create(req, tenant)
            return self._list(req, tenant)
        if rest[0] in ("delta", "microsoft.graph.delta()", "delta()") and len(rest) == 1:
            self.method(req, "GET")
            return self.delta.handle(req, tenant, "servicePrincipals")
        record = self.find_sp(tenant, rest[0])
        if len(rest) > 1:
            nav = rest[1]
            if nav == "owners":
                return self.owners.handle(req, tenant, record, f"/servicePrincipals/{record.id}/owners", rest[2:])
            if nav in ("appRoleAssignments", "appRoleAssignedTo"):
                return self.assignments.handle(req, tenant, record, nav, rest[2:])
            if nav == "oauth2PermissionGrants" and len(rest) == 2:
                return self.grants.list_of_client(req, tenant, record)
            if nav == "ownedObjects" and len(rest) == 2:
                self.method(req, "GET")
                return self._owned_objects(req, tenant, record)
            action = nav.removeprefix("microsoft.graph.")
            if action in ACTIONS and len(rest) == 2:
                self.method(req, "POST")
                if action == "addPassword":
                    return add_password(self.directory, req, tenant, record)
                if action == "removePassword":
                    return remove_password(req, tenant, record)
                if action in ("addKey", "removeKey"):
                    return (add_key if action == "addKey" else remove_key)(self.directory, req, tenant, record)
                return add_token_signing_certificate(self.directory, req, tenant, record)
            raise segment_not_found(nav)
        self.method(req, "GET", "PATCH", "DELETE")
        if req.method == "GET":
            select = self.entity_select(req, "servicePrincipal")
            return json_response(200, {"@odata.context": self.odata_context(req, "servicePrincipals", select, True),
                                       **render_sp(record, select, single=True)}, 1)
        if req.method == "PATCH":
            return self._patch(req, tenant, record)
        tenant.soft_delete_sp(record.id, self.directory.now())
        return no_content()

    def _owned_objects(self, req: Request, tenant: Tenant, record: SpRecord) -> Response:
        """GET /servicePrincipals/{id}/ownedObjects: the applications and service principals it owns (one page)."""
        owned: list[dict[str, Any]] = [render_app(a, None, False) for a in tenant.apps.values() if record.id in a.owners]
        owned += [render_sp(s, None) for s in tenant.sps.values() if record.id in s.owners]
        nested = [n.strip() for n in req.query["$select"].split(",")] if "$select" in req.query else None
        return json_response(200, {"@odata.context": f"{req.base_url}/$metadata#directoryObjects",
                                   "value": [select_object(o, nested) for o in owned]}, len(owned))

    def _list(self, req: Request, tenant: Tenant) -> Response:
        self.check_unsupported(req)
        select = self.entity_select(req, "servicePrincipal")
        count = self.want_count(req)
        predicate = None
        if "$filter" in req.query:
            doc_predicate = parse_filter(req.query["$filter"], FILTER_FIELDS, "ServicePrincipal")
            predicate = lambda item: doc_predicate(item[1].doc)  # noqa: E731
        expand = parse_expand(req.query.get("$expand"), self.directory.schema.navigations["servicePrincipal"],
                              {"owners", "appRoleAssignedTo"}, "servicePrincipal")
        if expand is None:
            return self.listing(req, tenant, tenant.sp_order, tenant.sps, predicate, scope="servicePrincipals",
                                path="/servicePrincipals", entity_set="servicePrincipals", select=select,
                                render=lambda r: render_sp(r, select), count=count)
        assigned: dict[str, list[dict[str, Any]]] = {}
        if expand[0] == "appRoleAssignedTo":
            listed = tenant.listed_assignments(self.directory.mono())
            for key in sorted(listed):
                assignment = listed[key]
                if tenant.assignment_visible(assignment):
                    assigned.setdefault(assignment["resourceId"], []).append(assignment)

        def render(record: SpRecord) -> dict[str, Any]:
            out = render_sp(record, select)
            name, nested = expand
            if name == "owners":
                owners = [directory_object(tenant, o) for o in record.owners[:EXPAND_CAP]]
                out["owners"] = [select_object(o, nested) for o in owners if o is not None]
            else:
                out["appRoleAssignedTo"] = [select_object(render_assignment(a), nested)
                                            for a in assigned.get(record.id, [])[:EXPAND_CAP]]
            return out

        return self.listing(req, tenant, tenant.sp_order, tenant.sps, predicate, scope="servicePrincipals",
                            path="/servicePrincipals", entity_set="servicePrincipals", select=select,
                            render=render, count=count, size=min(page_size(req.query), EXPAND_PAGE))

    def _patch(self, req: Request, tenant: Tenant, record: SpRecord) -> Response:
        body = parse_json_object(req.body)
        self._check_body(body, creating=False)
        props = self.directory.schema.entities["servicePrincipal"]
        doc = {**record.doc, **{k: merge(record.doc.get(k), v, props[k], self.directory.schema)
                                for k, v in body.items() if not k.startswith("@odata.")}}
        self._settle(doc, body)
        if "tags" in body:
            record.own_tags = list(body["tags"] or [])
            app, _ = self._app_anywhere(str(doc["appId"]))
            doc["tags"] = union_tags(record.own_tags, (app.doc.get("tags") if app else None) or [])
        tenant.changed_sp(record, doc)
        return no_content()

    def _check_body(self, body: dict[str, Any], *, creating: bool) -> None:
        check_object(self.directory.schema, "servicePrincipal", body)
        if "passwordCredentials" in body:
            # MicrosoftDocs/azure-docs#59275: Graph's answer to a PATCH carrying a secret.
            raise bad_request("New password credentials must be generated using service actions.",
                              target="passwordCredentials")
        for name in READ_ONLY:
            if name in body and not (creating and name == "appId"):
                raise bad_request(f"Property '{name}' is read-only and cannot be set.", target=name)

    def _settle(self, doc: dict[str, Any], body: dict[str, Any]) -> None:
        """The keys a write sends (their bytes and the metadata Graph fills in), and the signing key it names."""
        if "keyCredentials" in body:
            normalise_sp_key_credentials(doc, self.directory.now(), self.directory.new_id)
        if {"keyCredentials", "preferredTokenSigningKeyThumbprint"} & set(body):
            check_preferred_thumbprint(doc)

    def _create(self, req: Request, tenant: Tenant) -> Response:
        body = parse_json_object(req.body)
        self._check_body(body, creating=True)
        app_id = body.get("appId")
        if not isinstance(app_id, str) or not app_id:
            raise bad_request("Property 'appId' is required.", target="appId")
        app, owner_tenant = self._app_anywhere(app_id)
        invalid = bad_request(f"The appId '{app_id}' of the service principal does not reference a valid "
                              "application object.", target="appId", code="Request_BadRequest")
        if app is None or owner_tenant is None or not self.visible(app.visible_at):
            raise invalid
        if owner_tenant.id != tenant.id and app.doc.get("signInAudience") == "AzureADMyOrg":
            raise invalid
        if app_id.lower() in tenant.sp_by_app_id:
            raise ApiError(409, "Request_MultipleObjectsWithSameKeyValue",
                           "The service principal cannot be created, updated, or restored because the service "
                           "principal name " f"{app_id} is already in use.")
        doc = service_principal_doc(self.directory.schema, self.directory.new_id(), app.doc, owner_tenant.id,
                                    self.directory.now())
        props = self.directory.schema.entities["servicePrincipal"]
        for name, value in body.items():
            if not name.startswith("@odata.") and name != "appId":
                doc[name] = merge(doc.get(name), value, props[name], self.directory.schema)
        self._settle(doc, body)
        record = SpRecord(doc)
        record.own_tags = list(body.get("tags") or [])
        doc["tags"] = union_tags(record.own_tags, app.doc.get("tags") or [])
        record.visible_at = self.visible_from()
        tenant.add_sp(record)
        response = json_response(201, {"@odata.context": self.odata_context(req, "servicePrincipals", None, True),
                                       **render_sp(record, None)}, 1)
        # As for an application (serviceprincipal-post-serviceprincipals shows it): where the new object lives.
        response.headers["Location"] = \
            f"{req.base_url}/directoryObjects/{record.id}/Microsoft.DirectoryServices.ServicePrincipal"
        return response

    def _app_anywhere(self, app_id: str) -> tuple[AppRecord | None, Tenant | None]:
        object_id = self.directory.app_ids.get(app_id.lower())
        if object_id is None:
            return None, None
        for tenant in self.directory.tenants.values():
            if object_id in tenant.apps:
                return tenant.apps[object_id], tenant
        return None, None


def union_tags(own: list[str], app_tags: list[str]) -> list[str]:
    """A service principal's tags as Graph shows them: its application's, then its own the application lacks."""
    return [*app_tags, *(t for t in own if t not in app_tags)]


def follow_application(directory_tenants: list[Tenant], app: dict[str, Any], roles_visible_from: float) -> None:
    """After a PATCH of an application: its service principals (in every tenant) take its roles, scopes, names
    and tags. A role new to a service principal can be assigned from `roles_visible_from` on (replication)."""
    app_id = str(app["appId"]).lower()
    for tenant in directory_tenants:
        sp_id = tenant.sp_by_app_id.get(app_id)
        if sp_id is None:
            continue
        sp = tenant.sps[sp_id]
        known = {str(r.get("id", "")).lower() for r in sp.doc.get("appRoles") or []}
        for role in app.get("appRoles") or []:
            if str(role.get("id", "")).lower() not in known:
                sp.roles_visible_at[str(role.get("id", "")).lower()] = roles_visible_from
        followed = {**sp.doc,
                    "appRoles": clone(app.get("appRoles") or []),
                    "oauth2PermissionScopes": clone((app.get("api") or {}).get("oauth2PermissionScopes") or []),
                    "appDisplayName": app.get("displayName"),
                    "appDescription": app.get("description"),
                    "signInAudience": app.get("signInAudience"),
                    "servicePrincipalNames": [app["appId"], *(app.get("identifierUris") or [])],
                    "tags": union_tags(sp.own_tags, app.get("tags") or [])}
        if followed != sp.doc:
            tenant.changed_sp(sp, followed)
