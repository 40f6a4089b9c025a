"""Owners of an application or a service principal: list (paged), add with $ref, remove with $ref."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..errors import bad_request, not_found, segment_not_found
from ..messages import Request, Response, json_response, no_content, page_size
from ..odata import decode_token, encode_token
from ..render import directory_object, select_object
from ..state import AppRecord, SpRecord, Tenant
from ..validation import parse_json_object
from .base import Routes


class OwnerRoutes(Routes):
    def handle(self, req: Request, tenant: Tenant, record: AppRecord | SpRecord, path: str,
               rest: list[str]) -> Response:
        if not rest:
            self.method(req, "GET")
            size = page_size(req.query)
            start = 0
            if "$skiptoken" in req.query:
                state = decode_token(req.query["$skiptoken"], "skip")
                if state.get("t") != tenant.id or state.get("s") != f"owners:{record.id}":
                    raise bad_request("The skip token belongs to another query or tenant.")
                start = int(state["o"])
            select = req.query.get("$select")
            nested = [s.strip() for s in select.split(",")] if select else None
            objects = [o for o in (directory_object(tenant, i) for i in record.owners) if o is not None]
            page = objects[start:start + size]
            payload: dict[str, Any] = {"@odata.context": self.odata_context(req, "directoryObjects", None)}
            if start + size < len(objects):
                token = encode_token({"k": "skip", "t": tenant.id, "s": f"owners:{record.id}", "o": start + size})
                payload["@odata.nextLink"] = self.next_link(req, path, token)
            payload["value"] = [select_object(o, nested) for o in page]
            return json_response(200, payload, len(page))
        if rest == ["$ref"]:
            self.method(req, "POST")
            body = parse_json_object(req.body)
            ref = body.get("@odata.id")
            if not isinstance(ref, str) or set(body) - {"@odata.id"}:
                raise bad_request("The request body must be {\"@odata.id\": \"<url of a directory object>\"}.")
            parts = [s for s in urlsplit(ref).path.split("/") if s]
            if len(parts) < 2 or parts[-2] not in ("directoryObjects", "users", "servicePrincipals"):
                raise bad_request(f"Invalid object reference '{ref}'.", "Request_BadRequest")
            owner_id = parts[-1]
            if owner_id not in tenant.users and owner_id not in tenant.sps:
                raise not_found(owner_id)
            if owner_id in record.owners:
                raise bad_request("One or more added object references already exist for the following modified "
                                  "properties: 'owners'.")
            record.owners = [*record.owners, owner_id]
            return no_content()
        if len(rest) == 2 and rest[1] == "$ref":
            self.method(req, "DELETE")
            if rest[0] not in record.owners:
                raise not_found(rest[0])
            record.owners = [o for o in record.owners if o != rest[0]]
            return no_content()
        raise segment_not_found(rest[-1])
