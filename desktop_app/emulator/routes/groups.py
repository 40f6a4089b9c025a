"""/groups: list (with $filter on displayName), get, create. What app role assignments to groups point at.

Create needs displayName, mailEnabled, mailNickname and securityEnabled (group-post-groups). Members, owners,
dynamic rules and Microsoft 365 group features are not emulated.
"""

from __future__ import annotations

from typing import Any

from ..errors import bad_request, not_found, segment_not_found
from ..messages import Request, Response, json_response, plain_key
from ..odata import parse_filter
from ..schema import Schema
from ..state import Tenant, iso
from ..validation import check_object, parse_json_object
from .base import Routes

REQUIRED = {"displayName": str, "mailEnabled": bool, "mailNickname": str, "securityEnabled": bool}
READ_ONLY = ("id", "createdDateTime", "deletedDateTime", "mail", "renewedDateTime", "securityIdentifier")


def new_group_doc(schema: Schema, group_id: str, created: str, **values: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for name, prop in schema.entities["group"].items():
        doc[name] = [] if prop.collection else None
    doc.update({"id": group_id, "createdDateTime": created, "visibility": "Private"})
    doc.update(values)
    return doc


def render_group(group: dict[str, Any], select: list[str] | None) -> dict[str, Any]:
    if select is None:
        return {"@odata.type": "#microsoft.graph.group", **group}
    return {"@odata.type": "#microsoft.graph.group", **{k: group.get(k) for k in select}}


class GroupRoutes(Routes):
    def handle(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        if not rest:
            self.method(req, "GET", "POST")
            return self._list(req, tenant) if req.method == "GET" else self._create(req, tenant)
        if len(rest) > 1:
            raise segment_not_found(rest[-1])
        self.method(req, "GET")
        key = plain_key(rest[0])
        group = tenant.groups.get(key)
        if group is None:
            raise not_found(key)
        select = self.entity_select(req, "group")
        return json_response(200, {"@odata.context": self.odata_context(req, "groups", select, True),
                                   **render_group(group, select)}, 1)

    def _list(self, req: Request, tenant: Tenant) -> Response:
        self.check_unsupported(req)
        select = self.entity_select(req, "group")
        count = self.want_count(req)
        predicate = None
        if "$filter" in req.query:
            group_predicate = parse_filter(req.query["$filter"], {
                "displayName": "displayName", "id": "id", "mailNickname": "mailNickname"}, "Group")
            predicate = lambda item: group_predicate(item[1])  # noqa: E731
        return self.listing(req, tenant, tenant.group_order, tenant.groups, predicate, scope="groups", path="/groups",
                            entity_set="groups", select=select, render=lambda g: render_group(g, select), count=count)

    def _create(self, req: Request, tenant: Tenant) -> Response:
        body = parse_json_object(req.body)
        check_object(self.directory.schema, "group", body)
        for name, kind in REQUIRED.items():
            if not isinstance(body.get(name), kind):
                raise bad_request(f"Property '{name}' is required.", target=name)
        for name in READ_ONLY:
            if name in body:
                raise bad_request(f"Property '{name}' is read-only and cannot be set.", target=name)
        values = {k: v for k, v in body.items() if not k.startswith("@odata.")}
        group = new_group_doc(self.directory.schema, self.directory.new_id(), iso(self.directory.now()), **values)
        tenant.add_group(group)
        return json_response(201, {"@odata.context": self.odata_context(req, "groups", None, True),
                                   **render_group(group, None)}, 1)
