"""/applications/{id}/extensionProperties: directory extension definitions an application owns (list, get, create,
delete; no update).

Rules (application-post-extensionproperty, extensionProperty resource; sources in the emulator README): `name`,
`dataType` and `targetObjects` are required; `dataType` is Binary, Boolean, DateTime, Integer, LargeInteger or
String; `targetObjects` are User, Group, AdministrativeUnit, Application, Device or Organization (PascalCase); the
property Graph makes is named `extension_<appId without dashes>_<name>`, so an app recreated with a new appId
gives new names. Stricter readings (not documented): the name is letters, digits and underscores, starting with a
letter; a second definition of one name on the same app answers 409 Request_MultipleObjectsWithSameKeyValue.
The definitions live and die with their application (the recycle bin keeps them).
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ApiError, bad_request, not_found, segment_not_found
from ..messages import Request, Response, json_response, no_content, plain_key
from ..state import AppRecord, Tenant
from ..validation import check_object, parse_json_object
from .base import Routes

DATA_TYPES = ("Binary", "Boolean", "DateTime", "Integer", "LargeInteger", "String")
TARGET_OBJECTS = ("User", "Group", "AdministrativeUnit", "Application", "Device", "Organization")
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,79}$")
READ_ONLY = ("id", "deletedDateTime", "appDisplayName", "isSyncedFromOnPremises")


def extension_name(app_id: str, name: str) -> str:
    return f"extension_{app_id.replace('-', '')}_{name}"


class ExtensionPropertyRoutes(Routes):
    def handle(self, req: Request, tenant: Tenant, record: AppRecord, rest: list[str]) -> Response:
        path = f"applications('{record.id}')/extensionProperties"
        if not rest:
            self.method(req, "GET", "POST")
            if req.method == "POST":
                return self._create(req, record, path)
            payload = {"@odata.context": f"{req.base_url}/$metadata#{path}",
                       "value": [self._render(record, e) for e in record.extensions]}
            return json_response(200, payload, len(record.extensions))
        if len(rest) > 1:
            raise segment_not_found(rest[-1])
        key = plain_key(rest[0])
        found = next((e for e in record.extensions if e["id"] == key), None)
        if found is None:
            raise not_found(key)
        self.method(req, "GET", "DELETE")
        if req.method == "DELETE":
            record.extensions = [e for e in record.extensions if e is not found]
            return no_content()
        return json_response(200, {"@odata.context": f"{req.base_url}/$metadata#{path}/$entity",
                                   **self._render(record, found)}, 1)

    @staticmethod
    def _render(record: AppRecord, extension: dict[str, Any]) -> dict[str, Any]:
        return {"@odata.type": "#microsoft.graph.extensionProperty", **extension,
                "appDisplayName": record.doc.get("displayName")}

    def _create(self, req: Request, record: AppRecord, path: str) -> Response:
        body = parse_json_object(req.body)
        check_object(self.directory.schema, "extensionProperty", body)
        for read_only in READ_ONLY:
            if read_only in body:
                raise bad_request(f"Property '{read_only}' is read-only and cannot be set.", target=read_only)
        name, data_type, targets = body.get("name"), body.get("dataType"), body.get("targetObjects")
        if not isinstance(name, str) or not NAME.match(name):
            raise bad_request("Property 'name' is required: letters, digits and underscores, starting with a "
                              "letter.", target="name")
        if data_type not in DATA_TYPES:
            raise bad_request(f"Property 'dataType' must be one of {', '.join(DATA_TYPES)}.", target="dataType")
        if not targets or any(t not in TARGET_OBJECTS for t in targets) or len(set(targets)) != len(targets):
            raise bad_request(f"Property 'targetObjects' must name one or more of {', '.join(TARGET_OBJECTS)}.",
                              target="targetObjects")
        full_name = extension_name(str(record.doc["appId"]), name)
        if any(e["name"].lower() == full_name.lower() for e in record.extensions):
            raise ApiError(409, "Request_MultipleObjectsWithSameKeyValue",
                           f"An extension property named '{full_name}' already exists on this application.")
        extension = {"id": self.directory.new_id(), "deletedDateTime": None, "dataType": data_type,
                     "isMultiValued": bool(body.get("isMultiValued") or False), "isSyncedFromOnPremises": False,
                     "name": full_name, "targetObjects": list(targets)}
        record.extensions = [*record.extensions, extension]
        return json_response(201, {"@odata.context": f"{req.base_url}/$metadata#{path}/$entity",
                                   **self._render(record, extension)}, 1)
