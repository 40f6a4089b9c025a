"""/directory/deletedItems: the recycle bin of applications and service principals (list, get, restore, purge)."""

from __future__ import annotations

from typing import Any

from ..errors import ApiError, bad_request, not_found, segment_not_found
from ..messages import Request, Response, json_response, no_content, page_size
from ..odata import parse_filter
from ..render import render_app, render_sp
from ..state import Tenant
from .base import Routes

CASTS = ("microsoft.graph.application", "microsoft.graph.servicePrincipal")


class DeletedItemRoutes(Routes):
    def handle(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        if not rest or rest[0] != "deletedItems":
            raise segment_not_found(rest[0] if rest else "directory")
        rest = rest[1:]
        if not rest:
            raise bad_request("Listing deleted items needs a type cast segment, e.g. "
                              "/directory/deletedItems/microsoft.graph.application.", "Request_BadRequest")
        cast = rest[0]
        if cast in CASTS and len(rest) == 1:
            self.method(req, "GET")
            return self._list(req, tenant, cast)
        object_id = rest[0]
        app = tenant.deleted_apps.get(object_id)
        sp = tenant.deleted_sps.get(object_id)
        if app is None and sp is None:
            raise not_found(object_id)
        if len(rest) == 1:
            self.method(req, "GET", "DELETE")
            if req.method == "GET":
                rendered = render_app(app, self.entity_select(req, "application"), True) if app else \
                    {"@odata.type": "#microsoft.graph.servicePrincipal", **sp.doc}  # type: ignore[union-attr]
                return json_response(200, {"@odata.context": f"{req.base_url}/$metadata#directoryObjects/$entity",
                                           **rendered}, 1)
            if app is not None:
                del tenant.deleted_apps[object_id]
                self.directory.unindex_app(app)
                tenant.tombstones[object_id] = tenant.next_seq()
            else:
                tenant.purge_sp(object_id)
            return no_content()
        if rest[1] in CASTS and len(rest) == 2:
            # A cast of one deleted item (the SDK's `.graph_application`): the item if it is of that type, else
            # 404, as a cast that matches nothing (OData URL conventions).
            self.method(req, "GET")
            if (app is not None) != (rest[1] == "microsoft.graph.application"):
                raise not_found(object_id)
            type_name = rest[1].removeprefix("microsoft.graph.")
            select = self.entity_select(req, type_name)
            rendered = render_app(app, select, True) if app is not None else render_sp(sp, select)  # type: ignore[arg-type]
            context = f"{req.base_url}/$metadata#directory/deletedItems/{rest[1]}/$entity"
            return json_response(200, {"@odata.context": context, **rendered}, 1)
        if rest[1] in ("restore", "microsoft.graph.restore") and len(rest) == 2:
            self.method(req, "POST")
            if app is not None:
                del tenant.deleted_apps[object_id]
                app.deleted_at = None
                app.doc = {**app.doc, "deletedDateTime": None}
                tenant.add_app(app)
                rendered = render_app(app, None, True)
            else:
                assert sp is not None
                if str(sp.doc["appId"]).lower() in tenant.sp_by_app_id:
                    raise ApiError(409, "Request_MultipleObjectsWithSameKeyValue",
                                   "A service principal for this application already exists in the tenant.")
                del tenant.deleted_sps[object_id]
                sp.deleted_at = None
                sp.doc = {**sp.doc, "deletedDateTime": None}
                tenant.add_sp(sp)  # back in delta as changed
                rendered = {"@odata.type": "#microsoft.graph.servicePrincipal", **sp.doc}
            return json_response(200, {"@odata.context": f"{req.base_url}/$metadata#directoryObjects/$entity",
                                       **rendered}, 1)
        raise segment_not_found(rest[-1])

    def _list(self, req: Request, tenant: Tenant, cast: str) -> Response:
        self.check_unsupported(req)
        is_app = cast == "microsoft.graph.application"
        type_name = "application" if is_app else "servicePrincipal"
        select = self.entity_select(req, type_name)
        size = page_size(req.query)
        count = self.want_count(req)
        store: dict[str, Any] = tenant.deleted_apps if is_app else tenant.deleted_sps
        order = sorted(store)
        predicate = None
        if "$filter" in req.query:
            doc_predicate = parse_filter(req.query["$filter"], {"appId": "appId", "displayName": "displayName",
                                                                "id": "id"}, type_name)
            predicate = lambda item: doc_predicate(item[1].doc)  # noqa: E731
        render: Any = (lambda r: render_app(r, select, False)) if is_app else (lambda r: render_sp(r, select))
        return self.listing(req, tenant, order, store, predicate, scope=cast, path=f"/directory/deletedItems/{cast}",
                            entity_set=f"directory/deletedItems/{cast}", select=select, render=render, count=count,
                            size=size)
