"""/applications: list, get, create, upsert by uniqueName, PATCH, DELETE (to the recycle bin), $count.

Sub-resources (owners, federated credentials, logo, passwords) are in `application_parts`, extension properties in
`extension_properties`, delta in `delta`.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import bad_request, not_found, segment_not_found, unsupported_query
from ..messages import Request, Response, json_response, no_content, page_size, split_key
from ..odata import parse_expand, parse_filter
from ..render import EXPAND_PAGE, render_app
from ..state import AppRecord, Tenant, iso, new_application_doc
from ..validation import (
    merge_application,
    normalise_application,
    parse_json_object,
    validate_application_body,
    validate_application_result,
)
from .application_parts import ApplicationPartRoutes
from .base import Context, Routes
from .delta import DeltaRoutes
from .extension_properties import ExtensionPropertyRoutes
from .key_actions import add_key, remove_key
from .service_principals import follow_application

EXTENSIONS_COUNTED = re.compile(r"^\s*extensionProperties/\$count\s+(eq|ne)\s+0\s*$")
NEW_APP_INSTANCE_LOCK = {
    "isEnabled": True, "allProperties": True, "credentialsWithUsageVerify": True, "credentialsWithUsageSign": True,
    "tokenEncryptionKeyId": True,
}


class ApplicationRoutes(Routes):
    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.parts = ApplicationPartRoutes(context)
        self.delta = DeltaRoutes(context)
        self.extension_properties = ExtensionPropertyRoutes(context)

    def find_app(self, tenant: Tenant, key: str) -> AppRecord:
        if key.startswith("\0"):
            name, _, value = key[1:].partition("=")
            if name == "appId":
                object_id = self.directory.app_ids.get(value.lower())
                record = tenant.apps.get(object_id or "")
            elif name == "id":
                record = tenant.apps.get(value)
            else:
                record = next((r for r in tenant.apps.values() if r.doc.get("uniqueName") == value), None) \
                    if name == "uniqueName" else None
            label = value
        else:
            record = tenant.apps.get(key)
            label = key
        if record is None or not self.visible(record.visible_at):
            raise not_found(label)
        return record

    def handle(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        if not rest:
            self.method(req, "GET", "POST")
            return self._list(req, tenant) if req.method == "GET" else self._create(req, tenant)
        if rest == ["$count"]:
            self.method(req, "GET")
            if req.headers.get("consistencylevel", "").lower() != "eventual":
                raise bad_request("$count is not currently supported without the ConsistencyLevel: eventual header.")
            return Response(200, str(len(tenant.apps)).encode(), "text/plain;charset=utf-8")
        if rest[0] in ("delta", "microsoft.graph.delta()", "delta()"):
            self.method(req, "GET")
            return self.delta.handle(req, tenant, "applications")
        key = rest[0]
        if req.method == "PATCH" and len(rest) == 1 and key.startswith("\0uniqueName="):
            return self._upsert(req, tenant, key.split("=", 1)[1])
        record = self.find_app(tenant, key)
        sub = rest[1:]
        if not sub:
            self.method(req, "GET", "PATCH", "DELETE")
            if req.method == "GET":
                return self._get(req, tenant, record)
            if req.method == "PATCH":
                return self._patch(req, tenant, record)
            return self._delete(tenant, record)
        nav = sub[0]
        if nav == "owners":
            return self.parts.owners(req, tenant, record, sub[1:])
        if split_key(nav)[0] == "federatedIdentityCredentials":
            return self.parts.fics(req, tenant, record, sub)
        if nav == "extensionProperties":
            return self.extension_properties.handle(req, tenant, record, sub[1:])
        if nav == "logo":
            return self.parts.logo(req, tenant, record)
        if nav in ("addPassword", "microsoft.graph.addPassword"):
            self.method(req, "POST")
            return self.parts.add_password(req, tenant, record)
        if nav in ("removePassword", "microsoft.graph.removePassword"):
            self.method(req, "POST")
            return self.parts.remove_password(req, tenant, record)
        if nav.removeprefix("microsoft.graph.") in ("addKey", "removeKey"):
            self.method(req, "POST")
            act = add_key if nav.endswith("addKey") else remove_key
            return act(self.directory, req, tenant, record)
        raise segment_not_found(nav)

    def _expand(self, req: Request) -> tuple[str, list[str] | None] | None:
        return parse_expand(req.query.get("$expand"), self.directory.schema.navigations["application"],
                            {"owners", "federatedIdentityCredentials"}, "application")

    def _list(self, req: Request, tenant: Tenant) -> Response:
        self.check_unsupported(req)
        select = self.entity_select(req, "application")
        expand = self._expand(req)
        size = page_size(req.query)
        if expand is not None:
            size = min(size, EXPAND_PAGE)
        count = self.want_count(req)
        predicate = None
        counted = EXTENSIONS_COUNTED.match(req.query.get("$filter", ""))
        if counted:
            # extensionProperties supports $filter on /$count eq 0 and ne 0, with advanced query parameters only
            # (application resource; msgraph-sdk-powershell#1658's docs): ConsistencyLevel eventual and $count.
            if not count:
                raise unsupported_query("Filtering on extensionProperties/$count needs advanced query parameters "
                                        "(ConsistencyLevel: eventual and $count=true).")
            having = counted.group(1) == "ne"
            predicate = lambda item: bool(item[1].extensions) == having  # noqa: E731
        elif "$filter" in req.query:
            fields = {"appId": "appId", "displayName": "displayName", "id": "id", "identifierUris": "identifierUris",
                      "uniqueName": "uniqueName", "publisherDomain": "publisherDomain",
                      "signInAudience": "signInAudience"}
            doc_predicate = parse_filter(req.query["$filter"], fields, "Application")
            predicate = lambda item: doc_predicate(item[1].doc)  # noqa: E731
        return self.listing(req, tenant, tenant.app_order, tenant.apps, predicate, scope="applications",
                            path="/applications", entity_set="applications", select=select,
                            render=lambda r: render_app(r, select, False, expand, tenant), count=count, size=size)

    def _get(self, req: Request, tenant: Tenant, record: AppRecord) -> Response:
        select = self.entity_select(req, "application")
        expand = self._expand(req)
        payload = {"@odata.context": self.odata_context(req, "applications", select, entity=True)}
        payload.update(render_app(record, select, True, expand, tenant))
        return json_response(200, payload, 1)

    def _new_guid(self) -> str:
        return self.directory.new_id()

    def _create(self, req: Request, tenant: Tenant, extra: dict[str, Any] | None = None) -> Response:
        body = parse_json_object(req.body)
        validate_application_body(self.directory, body, None)
        if extra:
            body = {**body, **extra}
        now = self.directory.now()
        doc = new_application_doc(self.directory.schema)
        doc.update(id=self.directory.new_id(), appId=self.directory.new_client_id(), createdDateTime=iso(now),
                   publisherDomain=tenant.default_domain, createdByAppId=self.directory.client_app_id)
        doc = merge_application(self.directory.schema, doc, body)
        if self.directory.new_app_instance_lock and doc.get("servicePrincipalLockConfiguration") is None:
            # Microsoft turns the app instance lock on for new apps (graph-notes §10): a create that names none
            # gets it, so a client that compares what it sent with what it reads sees a default of Graph's.
            doc["servicePrincipalLockConfiguration"] = dict(NEW_APP_INSTANCE_LOCK)
        normalise_application(self.directory.schema, doc, body, now, self._new_guid)
        validate_application_result(self.directory, tenant, doc, None, body)
        record = AppRecord(doc)
        record.visible_at = self.visible_from()
        tenant.add_app(record)
        self.directory.index_app(record)
        payload = {"@odata.context": self.odata_context(req, "applications", None, entity=True)}
        payload.update(render_app(record, None, True))
        response = json_response(201, payload, 1)
        response.headers["Location"] = f"{req.base_url}/directoryObjects/{record.id}/Microsoft.DirectoryServices.Application"
        return response

    def _upsert(self, req: Request, tenant: Tenant, unique_name: str) -> Response:
        record = next((r for r in tenant.apps.values() if r.doc.get("uniqueName") == unique_name), None)
        if record is not None and self.visible(record.visible_at):
            return self._patch(req, tenant, record)
        if "create-if-missing" not in req.headers.get("prefer", "").lower():
            raise not_found(unique_name)
        return self._create(req, tenant, {"uniqueName": unique_name})

    def _patch(self, req: Request, tenant: Tenant, record: AppRecord) -> Response:
        body = parse_json_object(req.body)
        validate_application_body(self.directory, body, record)
        old = record.doc
        doc = merge_application(self.directory.schema, old, body)
        if "info" in body:  # logoUrl is read-only: only a logo upload changes it
            doc["info"] = {**(doc["info"] or {}), "logoUrl": (old.get("info") or {}).get("logoUrl")}
        normalise_application(self.directory.schema, doc, body, self.directory.now(), self._new_guid)
        validate_application_result(self.directory, tenant, doc, old, body)
        record.doc = doc
        record.seq = tenant.next_seq()
        if "identifierUris" in body:
            self.directory.reindex_uris(record, old.get("identifierUris") or [])
        if {"appRoles", "api", "displayName", "description", "signInAudience", "identifierUris", "tags"} & set(body):
            follow_application(list(self.directory.tenants.values()), doc, self.visible_from())
        return no_content()

    def _delete(self, tenant: Tenant, record: AppRecord) -> Response:
        now = self.directory.now()
        tenant.remove_app_from_active(record.id)
        record.deleted_at = now
        record.doc = {**record.doc, "deletedDateTime": iso(now)}
        record.seq = tenant.next_seq()
        tenant.deleted_apps[record.id] = record
        sp_id = tenant.sp_by_app_id.get(str(record.doc["appId"]).lower())
        if sp_id is not None:
            tenant.soft_delete_sp(sp_id, now)
        return no_content()
