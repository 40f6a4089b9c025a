"""/users, /me and /directoryObjects/{id}: the people and objects an owner or assignment points at."""

from __future__ import annotations

from ..errors import ApiError, not_found, segment_not_found
from ..messages import Request, Response, json_response, plain_key
from ..odata import parse_filter, parse_select
from ..render import directory_object, render_user
from ..state import Tenant
from .base import Routes


class UserRoutes(Routes):
    def users(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        self.method(req, "GET")
        allowed = set(next(iter(tenant.users.values()), {}).keys()) | {"id"}
        select = parse_select(req.query.get("$select"), allowed, "user")
        if rest:
            if len(rest) > 1:
                raise segment_not_found(rest[-1])
            key = plain_key(rest[0])
            user = tenant.users.get(key) or tenant.users.get(tenant.upn_index.get(key.lower(), ""))
            if user is None:
                raise not_found(key)
            return json_response(200, {"@odata.context": self.odata_context(req, "users", select, True),
                                       **render_user(user, select)}, 1)
        self.check_unsupported(req)
        count = self.want_count(req)
        predicate = None
        if "$filter" in req.query:
            user_predicate = parse_filter(req.query["$filter"], {
                "userPrincipalName": "userPrincipalName", "displayName": "displayName", "mail": "mail", "id": "id",
                "givenName": "givenName", "surname": "surname"}, "User")
            predicate = lambda item: user_predicate(item[1])  # noqa: E731
        return self.listing(req, tenant, tenant.user_order, tenant.users, predicate, scope="users", path="/users",
                            entity_set="users", select=select, render=lambda u: render_user(u, select), count=count)

    def me(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        self.method(req, "GET")
        if rest:
            raise segment_not_found(rest[0])
        actor = req.actor
        if actor is not None and actor.kind == "app":
            raise ApiError(400, "BadRequest", "/me request is only valid with delegated authentication flow.")
        user_id = actor.id if actor is not None else tenant.upn_index[f"admin@{tenant.initial_domain}"]
        return json_response(200, {"@odata.context": self.odata_context(req, "users", None, True),
                                   **render_user(tenant.users[user_id], None)}, 1)

    def directory_objects(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        self.method(req, "GET")
        if len(rest) != 1:
            raise segment_not_found(rest[-1] if rest else "directoryObjects")
        obj = directory_object(tenant, rest[0])
        if obj is None:
            raise not_found(rest[0])
        return json_response(200, {"@odata.context": f"{req.base_url}/$metadata#directoryObjects/$entity", **obj}, 1)
