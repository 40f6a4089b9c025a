"""/oauth2PermissionGrants: delegated consent, for every user (AllPrincipals) or for one user (Principal).

Rules (sources in the emulator README): the client and the resource are service principals of the tenant; the
scope is a space-separated list of delegated permissions the resource publishes (the stricter reading: Graph's
docs don't say it checks, a token for an unpublished scope never works); a second grant for the same client,
resource, consent type and user is refused; only `scope` changes after creation. A grant whose client or resource
is in the recycle bin is hidden, and comes back when that service principal is restored.
"""

from __future__ import annotations

from typing import Any

from ..errors import ApiError, bad_request, not_found, segment_not_found
from ..messages import Request, Response, json_response, no_content, page_size, plain_key
from ..odata import parse_filter
from ..state import SpRecord, Tenant
from ..validation import check_object, parse_json_object
from .base import Routes

CONSENT_TYPES = ("AllPrincipals", "Principal")
FILTER_FIELDS = {"clientId": "clientId", "consentType": "consentType", "principalId": "principalId",
                 "resourceId": "resourceId", "id": "id"}


def render_grant(grant: dict[str, Any]) -> dict[str, Any]:
    return {"@odata.type": "#microsoft.graph.oAuth2PermissionGrant", **grant}


class GrantRoutes(Routes):
    def handle(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        if not rest:
            self.method(req, "GET", "POST")
            if req.method == "POST":
                return self._create(req, tenant)
            return self._list(req, tenant, None, "/oauth2PermissionGrants")
        if len(rest) > 1:
            raise segment_not_found(rest[-1])
        key = plain_key(rest[0])
        grant = tenant.grants.get(key)
        if grant is None or not tenant.grant_visible(grant):
            raise not_found(key)
        self.method(req, "GET", "PATCH", "DELETE")
        if req.method == "GET":
            return json_response(200, {"@odata.context": self.odata_context(req, "oauth2PermissionGrants", None, True),
                                       **render_grant(grant)}, 1)
        if req.method == "DELETE":
            del tenant.grants[key]
            return no_content()
        return self._patch(req, tenant, grant)

    def list_of_client(self, req: Request, tenant: Tenant, client: SpRecord) -> Response:
        """GET /servicePrincipals/{id}/oauth2PermissionGrants: the grants whose client it is."""
        self.method(req, "GET")
        return self._list(req, tenant, client.id, f"/servicePrincipals/{client.id}/oauth2PermissionGrants")

    def _list(self, req: Request, tenant: Tenant, client_id: str | None, path: str) -> Response:
        self.check_unsupported(req)
        predicate = None
        if "$filter" in req.query:
            doc_predicate = parse_filter(req.query["$filter"], FILTER_FIELDS, "OAuth2PermissionGrant")
            predicate = lambda item: doc_predicate(item[1])  # noqa: E731
        order = sorted(k for k, g in tenant.grants.items()
                       if tenant.grant_visible(g) and (client_id is None or g["clientId"] == client_id))

        def lookup(grant_id: str) -> tuple[str, dict[str, Any]] | None:
            grant = tenant.grants.get(grant_id)
            return (grant_id, grant) if grant is not None else None

        page, token = self.page_by_id(req, tenant, order, lookup, predicate, page_size(req.query), path)
        payload: dict[str, Any] = {"@odata.context": self.odata_context(req, "oauth2PermissionGrants", None)}
        if token:
            payload["@odata.nextLink"] = self.next_link(req, path, token)
        payload["value"] = [render_grant(g) for _, g in page]
        return json_response(200, payload, len(page))

    def _create(self, req: Request, tenant: Tenant) -> Response:
        body = parse_json_object(req.body)
        check_object(self.directory.schema, "oAuth2PermissionGrant", body)
        if "id" in body:
            raise bad_request("Property 'id' is read-only and cannot be set.", target="id")
        for name in ("clientId", "consentType", "resourceId"):
            if not isinstance(body.get(name), str) or not body[name]:
                raise bad_request(f"Property '{name}' is required.", target=name)
        client = self._service_principal(tenant, body["clientId"], "clientId")
        resource = self._service_principal(tenant, body["resourceId"], "resourceId")
        consent_type, principal_id = body["consentType"], body.get("principalId")
        if consent_type not in CONSENT_TYPES:
            raise bad_request(f"Invalid value specified for property 'consentType': '{consent_type}'.",
                              target="consentType")
        if consent_type == "Principal":
            if not isinstance(principal_id, str) or principal_id not in tenant.users:
                raise bad_request("A grant with consentType 'Principal' needs the id of a user of the tenant in "
                                  "'principalId'.", target="principalId")
        elif principal_id is not None:
            raise bad_request("A grant with consentType 'AllPrincipals' cannot name a principal.",
                              target="principalId")
        scope = self._checked_scope(body.get("scope"), resource)
        for existing in tenant.grants.values():
            if (existing["clientId"], existing["resourceId"], existing["consentType"], existing["principalId"]) == \
                    (client.id, resource.id, consent_type, principal_id):
                raise ApiError(409, "Request_MultipleObjectsWithSameKeyValue", "Permission entry already exists.")
        grant = {"id": self.directory.new_key_id(), "clientId": client.id, "consentType": consent_type,
                 "principalId": principal_id, "resourceId": resource.id, "scope": scope}
        tenant.grants[grant["id"]] = grant
        return json_response(201, {"@odata.context": self.odata_context(req, "oauth2PermissionGrants", None, True),
                                   **render_grant(grant)}, 1)

    def _patch(self, req: Request, tenant: Tenant, grant: dict[str, Any]) -> Response:
        body = parse_json_object(req.body)
        check_object(self.directory.schema, "oAuth2PermissionGrant", body)
        fixed = sorted(name for name in body if not name.startswith("@odata.") and name != "scope")
        if fixed:
            raise bad_request(f"Property '{fixed[0]}' cannot be changed after the grant is created; only 'scope' "
                              "can.", target=fixed[0])
        if "scope" in body:
            resource = tenant.sps[grant["resourceId"]]
            tenant.grants[grant["id"]] = {**grant, "scope": self._checked_scope(body["scope"], resource)}
        return no_content()

    def _service_principal(self, tenant: Tenant, object_id: str, name: str) -> SpRecord:
        record = tenant.sps.get(object_id)
        if record is None or not self.visible(record.visible_at):
            raise bad_request(f"Invalid value specified for property '{name}' of resource 'OAuth2PermissionGrant': "
                              f"no service principal '{object_id}' in this tenant.", target=name)
        return record

    @staticmethod
    def _checked_scope(scope: Any, resource: SpRecord) -> str:
        if scope is None:
            scope = ""
        if not isinstance(scope, str):
            raise bad_request("Property 'scope' must be a string of space-separated permission values.",
                              target="scope")
        published = {s.get("value") for s in resource.doc.get("oauth2PermissionScopes") or [] if s.get("isEnabled")}
        unknown = [value for value in scope.split() if value not in published]
        if unknown:
            raise bad_request(f"The scope '{unknown[0]}' is not a delegated permission that "
                              f"'{resource.doc.get('displayName')}' publishes.", target="scope")
        return scope
