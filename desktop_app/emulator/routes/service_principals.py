"""/servicePrincipals: list, get (by id or appId), create for an application, PATCH, DELETE, owners."""

from __future__ import annotations

from typing import Any

from ..errors import ApiError, bad_request, not_found, segment_not_found
from ..messages import Request, Response, json_response, no_content, page_size
from ..odata import parse_filter
from ..render import directory_object, render_sp
from ..state import AppRecord, SpRecord, Tenant, iso, service_principal_doc
from ..validation import check_object, merge, parse_json_object
from .base import Routes


class ServicePrincipalRoutes(Routes):
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
        record = self.find_sp(tenant, rest[0])
        if len(rest) == 2 and rest[1] == "owners":
            self.method(req, "GET")
            owners = [o for o in (directory_object(tenant, i) for i in record.owners) if o is not None]
            return json_response(200, {"@odata.context": self.odata_context(req, "directoryObjects", None),
                                       "value": owners}, len(owners))
        if len(rest) != 1:
            raise segment_not_found(rest[-1])
        self.method(req, "GET", "PATCH", "DELETE")
        if req.method == "GET":
            select = self.entity_select(req, "servicePrincipal")
            return json_response(200, {"@odata.context": self.odata_context(req, "servicePrincipals", select, True),
                                       **render_sp(record, select)}, 1)
        if req.method == "PATCH":
            return self._patch(req, record)
        now = self.directory.now()
        tenant.remove_sp_from_active(record.id)
        record.deleted_at = now
        record.doc = {**record.doc, "deletedDateTime": iso(now)}
        tenant.deleted_sps[record.id] = record
        return no_content()

    def _list(self, req: Request, tenant: Tenant) -> Response:
        self.check_unsupported(req)
        select = self.entity_select(req, "servicePrincipal")
        count = self.want_count(req)
        predicate = None
        if "$filter" in req.query:
            doc_predicate = parse_filter(req.query["$filter"], {
                "appId": "appId", "displayName": "displayName", "id": "id",
                "servicePrincipalNames": "servicePrincipalNames", "servicePrincipalType": "servicePrincipalType",
            }, "ServicePrincipal")
            predicate = lambda item: doc_predicate(item[1].doc)  # noqa: E731

        def lookup(object_id: str) -> tuple[str, SpRecord] | None:
            record = tenant.sps.get(object_id)
            return (object_id, record) if record is not None else None

        page, token = self.page_by_id(req, tenant, tenant.sp_order, lookup, predicate, page_size(req.query),
                                      "servicePrincipals")
        payload: dict[str, Any] = {"@odata.context": self.odata_context(req, "servicePrincipals", select)}
        if count:
            payload["@odata.count"] = sum(1 for r in tenant.sps.values() if predicate is None or predicate((r.id, r)))
        if token:
            payload["@odata.nextLink"] = self.next_link(req, "/servicePrincipals", token)
        payload["value"] = [render_sp(r, select) for _, r in page]
        return json_response(200, payload, len(page))

    def _patch(self, req: Request, record: SpRecord) -> Response:
        body = parse_json_object(req.body)
        check_object(self.directory.schema, "servicePrincipal", body)
        for name in ("id", "appId", "appOwnerOrganizationId", "servicePrincipalType", "deletedDateTime"):
            if name in body:
                raise bad_request(f"Property '{name}' is read-only and cannot be set.", target=name)
        props = self.directory.schema.entities["servicePrincipal"]
        record.doc = {**record.doc, **{k: merge(record.doc.get(k), v, props[k], self.directory.schema)
                                       for k, v in body.items() if not k.startswith("@odata.")}}
        return no_content()

    def _create(self, req: Request, tenant: Tenant) -> Response:
        body = parse_json_object(req.body)
        check_object(self.directory.schema, "servicePrincipal", body)
        app_id = body.get("appId")
        if not isinstance(app_id, str) or not app_id:
            raise bad_request("Property 'appId' is required.", target="appId")
        for name in ("id", "appOwnerOrganizationId", "servicePrincipalType", "deletedDateTime"):
            if name in body:
                raise bad_request(f"Property '{name}' is read-only and cannot be set.", target=name)
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
        record = SpRecord(doc)
        record.visible_at = self.visible_from()
        tenant.add_sp(record)
        return json_response(201, {"@odata.context": self.odata_context(req, "servicePrincipals", None, True),
                                   **render_sp(record, None)}, 1)

    def _app_anywhere(self, app_id: str) -> tuple[AppRecord | None, Tenant | None]:
        object_id = self.directory.app_ids.get(app_id.lower())
        if object_id is None:
            return None, None
        for tenant in self.directory.tenants.values():
            if object_id in tenant.apps:
                return tenant.apps[object_id], tenant
        return None, None
