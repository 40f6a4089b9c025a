"""An application's sub-resources: owners ($ref), federated identity credentials, logo, addPassword/removePassword."""

from __future__ import annotations

from typing import Any

from ..errors import ApiError, bad_request, not_found, segment_not_found
from ..messages import Request, Response, json_response, no_content, split_key
from ..seed import logo_url
from ..state import AppRecord, Tenant
from ..validation import parse_json_object, validate_fic
from .base import Context, Routes
from .credentials import add_password, remove_password
from .owners import OwnerRoutes


class ApplicationPartRoutes(Routes):
    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.owner_routes = OwnerRoutes(context)

    def owners(self, req: Request, tenant: Tenant, record: AppRecord, rest: list[str]) -> Response:
        return self.owner_routes.handle(req, tenant, record, f"/applications/{record.id}/owners", rest)

    # ---- federated identity credentials -----------------------------------------------------------------

    def _create_fic(self, req: Request, record: AppRecord, body: dict[str, Any]) -> Response:
        """POST, or PATCH by name with Prefer: create-if-missing: the same validation and the same 201."""
        validate_fic(self.directory.schema, body, record.fics, None)
        fic = {"id": self.directory.new_id(), "name": body["name"], "issuer": body["issuer"],
               "subject": body.get("subject"), "description": body.get("description"),
               "audiences": list(body["audiences"])}
        record.fics = [*record.fics, fic]
        return json_response(201, {"@odata.context": self._fic_context(req, record, True), **fic}, 1)

    @staticmethod
    def _fic_context(req: Request, record: AppRecord, entity: bool) -> str:
        return (f"{req.base_url}/$metadata#applications('{record.id}')/federatedIdentityCredentials"
                + ("/$entity" if entity else ""))

    def fics(self, req: Request, tenant: Tenant, record: AppRecord, sub: list[str]) -> Response:
        _, key_name, key = split_key(sub[0])
        if key_name is None and len(sub) > 1:
            key = sub[1]
        if len(sub) > (1 if key_name is not None else 2):
            raise segment_not_found(sub[-1])
        if key is None:
            self.method(req, "GET", "POST")
            if req.method == "GET":
                payload = {"@odata.context": self._fic_context(req, record, False), "value": list(record.fics)}
                return json_response(200, payload, len(record.fics))
            body = parse_json_object(req.body)
            return self._create_fic(req, record, body)
        current = next((f for f in record.fics if f["id"] == key or f["name"].lower() == key.lower()), None)
        self.method(req, "GET", "PATCH", "DELETE")
        if current is None:
            if req.method == "PATCH" and key_name == "name" and \
                    "create-if-missing" in req.headers.get("prefer", "").lower():
                body = parse_json_object(req.body)
                body.setdefault("name", key)
                return self._create_fic(req, record, body)
            raise not_found(key)
        if req.method == "GET":
            return json_response(200, {"@odata.context": self._fic_context(req, record, True), **current}, 1)
        if req.method == "DELETE":
            record.fics = [f for f in record.fics if f is not current]
            return no_content()
        body = parse_json_object(req.body)
        validate_fic(self.directory.schema, body, record.fics, current)
        updated = {**current, **{k: v for k, v in body.items() if not k.startswith("@odata.")}}
        record.fics = [updated if f is current else f for f in record.fics]
        return no_content()

    # ---- logo and passwords ------------------------------------------------------------------------------

    def logo(self, req: Request, tenant: Tenant, record: AppRecord) -> Response:
        self.method(req, "GET", "PUT")
        if req.method == "GET":
            if record.logo is None:
                raise ApiError(404, "Request_ResourceNotFound", "The application has no logo.")
            return Response(200, record.logo, record.logo_type, objects=1)
        if not req.body:
            raise bad_request("The logo body is empty.")
        content_type = req.headers.get("content-type", "application/octet-stream").split(";")[0].strip()
        if not (content_type.startswith("image/") or content_type == "application/octet-stream"):
            raise ApiError(415, "Request_BadRequest", f"Unsupported content type '{content_type}' for a logo.")
        if len(req.body) > 100 * 1024:
            raise bad_request("The logo is larger than 100 KB.")
        record.logo = bytes(req.body)
        record.logo_type = "image/png" if content_type == "application/octet-stream" else content_type
        info = dict(record.doc.get("info") or {})
        info["logoUrl"] = logo_url(tenant.id, record.logo, tenant.seq + 1)
        record.doc = {**record.doc, "info": info}
        record.seq = tenant.next_seq()
        return no_content()

    def add_password(self, req: Request, tenant: Tenant, record: AppRecord) -> Response:
        return add_password(self.directory, req, tenant, record)

    def remove_password(self, req: Request, tenant: Tenant, record: AppRecord) -> Response:
        return remove_password(req, tenant, record)
