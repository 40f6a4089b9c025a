"""Microsoft Graph v1.0 as the emulator serves it: auth, throttling, routing and the resource handlers.

`Api.handle(Request) -> Response` knows nothing about sockets: the HTTP server and `$batch` both call it.
"""

from __future__ import annotations

import base64
import bisect
import json
import re
import secrets
import string
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit

from .errors import ApiError, bad_request, not_found, segment_not_found, unsupported_query
from .odata import decode_token, encode_token, parse_expand, parse_filter, parse_select
from .seed import logo_url
from .state import AppRecord, Directory, SpRecord, Tenant, iso, new_application_doc, service_principal_doc
from .throttle import Throttle, request_cost
from .validation import (
    merge,
    merge_application,
    normalise_application,
    parse_json_object,
    validate_application_body,
    validate_application_result,
    validate_fic,
)

JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
HIDDEN_UNLESS_SELECTED = ("authenticationBehaviors", "managerApplications")
EXPAND_CAP = 20
EXPAND_PAGE = 100
MAX_TOP = 999
DEFAULT_TOP = 100
DELTA_TOKEN_DAYS = 7
WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}
_KEY = re.compile(r"^([A-Za-z.$]+)\((?:(\w+)=)?'((?:[^']|'')*)'\)$")


@dataclass
class Request:
    method: str
    path: str  # below /v1.0, e.g. "/applications/{id}"
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes = b""
    base_url: str = "http://127.0.0.1/v1.0"


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    objects: int = 0  # how many objects the answer carries (per-object latency)


@dataclass
class Counters:
    requests: int = 0
    resource_units: int = 0
    writes: int = 0
    throttled: int = 0
    errors: int = 0
    faults: int = 0
    batches: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def json_response(status: int, payload: Any, objects: int = 0) -> Response:
    return Response(status, json.dumps(payload, separators=(",", ":")).encode(), JSON, objects=objects)


def no_content() -> Response:
    return Response(204)


def split_key(segment: str) -> tuple[str, str | None, str | None]:
    """'applications(appId='x')' -> ('applications', 'appId', 'x'); "applications('x')" -> (.., None, 'x')."""
    match = _KEY.match(segment)
    if not match:
        return segment, None, None
    return match.group(1), match.group(2) or "id", match.group(3).replace("''", "'")


def _top(query: dict[str, str], default: int = DEFAULT_TOP) -> int:
    raw = query.get("$top")
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise bad_request(f"Invalid value '{raw}' for $top.", "BadRequest")
    if int(raw) > MAX_TOP:
        raise bad_request(f"Invalid page size specified: '{raw}'. Must be between 1 and {MAX_TOP} inclusive.",
                          "Request_BadRequest")
    return int(raw)


BASIC_RESOURCES = ("organization", "me", "$batch")  # User.Read only: these (a batch: per inner request)


class Api:
    def __init__(self, directory: Directory, throttle: Throttle, consistency_delay_s: float = 0.0) -> None:
        self.directory = directory
        self.throttle = throttle
        self.consistency_delay_s = consistency_delay_s
        self.counters: dict[str, Counters] = {}
        self.total = Counters()

    # ---- entry point -------------------------------------------------------------------------------------

    def handle(self, req: Request, request_id: str | None = None) -> Response:
        request_id = request_id or str(uuid.uuid4())
        client_request_id = req.headers.get("client-request-id") or request_id
        headers = {"request-id": request_id, "client-request-id": client_request_id}
        tenant: Tenant | None = None
        segments = [unquote(s) for s in req.path.split("/") if s]
        is_batch = segments == ["$batch"]
        is_write = req.method in WRITE_METHODS and not is_batch
        cost = request_cost(req.method, self._resource_kind(segments), req.query)
        if not is_batch:
            headers["x-ms-resource-unit"] = str(cost)  # every answer, refused ones included
        try:
            with self.directory.lock:
                self.total.requests += 1
                tenant, rights = self._authenticate(req)
                read_only = rights != "write"
                counters = self.counters.setdefault(tenant.id, Counters())
                counters.requests += 1
                if is_batch:
                    counters.batches += 1
                else:
                    verdict = self.throttle.check(tenant.id, cost, is_write, self.directory.mono())
                    counters.resource_units += cost
                    if verdict.limit_percentage is not None:
                        headers["x-ms-throttle-limit-percentage"] = str(verdict.limit_percentage)
                    if not verdict.allowed:
                        counters.throttled += 1
                        scope_kind = "Write" if verdict.information == "WriteLimitExceeded" else "ReadWrite"
                        raise ApiError(
                            429, "TooManyRequests",
                            "Too many requests. Please retry after the time given in the Retry-After header.",
                            headers={
                                "Retry-After": str(verdict.retry_after),
                                "x-ms-throttle-scope":
                                    f"Tenant_Application/{scope_kind}/{self.directory.client_app_id}/{tenant.id}",
                                "x-ms-throttle-information": verdict.information,
                            })
                basic_only = rights == "basic" and (not segments or segments[0] not in BASIC_RESOURCES)
                if (is_write and read_only) or basic_only:
                    raise ApiError(403, "Authorization_RequestDenied",
                                   "Insufficient privileges to complete the operation.")
                if is_write:
                    counters.writes += 1
                self.directory.purge_expired(tenant)
            if is_batch:
                response = self._batch(req, tenant)
            else:
                with self.directory.lock:
                    response = self._dispatch(req, tenant, segments)
        except ApiError as error:
            if tenant is not None and error.status >= 400:
                self.counters.setdefault(tenant.id, Counters()).errors += 1
            response = self.error_response(error, request_id, client_request_id)
        response.headers = {**headers, **response.headers}
        return response

    def error_response(self, error: ApiError, request_id: str, client_request_id: str) -> Response:
        body: dict[str, Any] = {
            "code": error.code,
            "message": error.message,
            "innerError": {
                "date": self.directory.now().strftime("%Y-%m-%dT%H:%M:%S"),
                "request-id": request_id,
                "client-request-id": client_request_id,
            },
        }
        if error.details:
            body["details"] = error.details
        response = json_response(error.status, {"error": body})
        response.headers.update(error.headers)
        return response

    def _authenticate(self, req: Request) -> tuple[Tenant, str]:
        """The tenant and the rights the token carries: "write", "read", or "basic" (a signed-in user with only
        User.Read, who may read /organization and /me and is refused everything else with 403)."""
        header = req.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if not header:
            raise ApiError(401, "InvalidAuthenticationToken", "Access token is empty.")
        if scheme.lower() != "bearer" or not token.startswith("emulator."):
            raise ApiError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.")
        tenant_id, _, suffix = token[len("emulator."):].partition(".")
        rights = {"": "write", "read": "read", "basic": "basic"}.get(suffix)
        if rights is None or tenant_id not in self.directory.tenants:
            raise ApiError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid tenant.")
        return self.directory.tenants[tenant_id], rights

    @staticmethod
    def _resource_kind(segments: list[str]) -> str:
        """Which throttle cost table row a request falls in (graph-notes.md section 8)."""
        if not segments:
            return "other"
        head, key_name, _ = split_key(segments[0])
        canonical = [head, "key", *segments[1:]] if key_name is not None else segments
        if head == "applications":
            if len(canonical) <= 2 or canonical[1] in ("delta", "$count"):
                return "applications"
            return "extensionProperties" if canonical[-1] == "extensionProperties" else "other"
        if head in ("users", "me") and len(canonical) <= 2:
            return "users"
        return "other"

    # ---- routing -----------------------------------------------------------------------------------------

    def _dispatch(self, req: Request, tenant: Tenant, segments: list[str]) -> Response:
        if not segments:
            raise segment_not_found("")
        head, key_name, key = split_key(segments[0])
        if key_name is not None:
            segments = [head, f"\0{key_name}={key}", *segments[1:]]
        handler = {
            "applications": self._applications,
            "servicePrincipals": self._service_principals,
            "users": self._users,
            "me": self._me,
            "domains": self._domains,
            "organization": self._organization,
            "directory": self._directory,
            "directoryObjects": self._directory_objects,
            "tenantRelationships": self._tenant_relationships,
        }.get(head)
        if handler is None:
            raise segment_not_found(head)
        return handler(req, tenant, segments[1:])

    @staticmethod
    def _method(req: Request, *allowed: str) -> None:
        if req.method not in allowed:
            raise ApiError(405, "Request_BadRequest", f"The HTTP method '{req.method}' is not allowed here.")

    def _visible(self, created_at: float) -> bool:
        return created_at <= self.directory.mono()

    # ---- applications ------------------------------------------------------------------------------------

    def _find_app(self, tenant: Tenant, key: str) -> AppRecord:
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
        if record is None or not self._visible(record.visible_at):
            raise not_found(label)
        return record

    def _applications(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        if not rest:
            self._method(req, "GET", "POST")
            return self._list_apps(req, tenant) if req.method == "GET" else self._create_app(req, tenant)
        if rest == ["$count"]:
            self._method(req, "GET")
            if req.headers.get("consistencylevel", "").lower() != "eventual":
                raise bad_request("$count is not currently supported without the ConsistencyLevel: eventual header.")
            return Response(200, str(len(tenant.apps)).encode(), "text/plain;charset=utf-8")
        if rest[0] in ("delta", "microsoft.graph.delta()", "delta()"):
            self._method(req, "GET")
            return self._delta(req, tenant)
        key = rest[0]
        if req.method == "PATCH" and len(rest) == 1 and key.startswith("\0uniqueName="):
            return self._upsert_app(req, tenant, key.split("=", 1)[1])
        record = self._find_app(tenant, key)
        sub = rest[1:]
        if not sub:
            self._method(req, "GET", "PATCH", "DELETE")
            if req.method == "GET":
                return self._get_app(req, tenant, record)
            if req.method == "PATCH":
                return self._patch_app(req, tenant, record)
            return self._delete_app(tenant, record)
        nav = sub[0]
        if nav == "owners":
            return self._owners(req, tenant, record, sub[1:])
        if split_key(nav)[0] == "federatedIdentityCredentials":
            return self._fics(req, tenant, record, sub)
        if nav == "logo":
            return self._logo(req, tenant, record)
        if nav in ("addPassword", "microsoft.graph.addPassword"):
            self._method(req, "POST")
            return self._add_password(req, tenant, record)
        if nav in ("removePassword", "microsoft.graph.removePassword"):
            self._method(req, "POST")
            return self._remove_password(req, tenant, record)
        raise segment_not_found(nav)

    def render_app(self, record: AppRecord, select: list[str] | None, single: bool,
                   expand: tuple[str, list[str] | None] | None = None, tenant: Tenant | None = None) -> dict[str, Any]:
        doc = record.doc
        out: dict[str, Any] = {"@odata.type": "#microsoft.graph.application"}
        if select is None:
            out.update((k, v) for k, v in doc.items() if k not in HIDDEN_UNLESS_SELECTED)
        else:
            for name in select:
                out[name] = doc.get(name)
        credentials = out.get("keyCredentials")
        if credentials and not (single and select is not None and "keyCredentials" in select):
            out["keyCredentials"] = [{**c, "key": None} for c in credentials]
        if expand is not None and tenant is not None:
            name, nested = expand
            if name == "owners":
                owners = [self._directory_object(tenant, o) for o in record.owners[:EXPAND_CAP]]
                out["owners"] = [self._select_object(o, nested) for o in owners if o is not None]
            else:
                out["federatedIdentityCredentials"] = [self._select_object(f, nested) for f in record.fics[:EXPAND_CAP]]
        return out

    @staticmethod
    def _select_object(obj: dict[str, Any], select: list[str] | None) -> dict[str, Any]:
        if select is None:
            return obj
        return {k: v for k, v in obj.items() if k in select or k == "@odata.type"}

    def _app_select(self, req: Request) -> list[str] | None:
        allowed = {n for n, p in self.directory.schema.entities["application"].items() if p.kind != "stream"}
        return parse_select(req.query.get("$select"), allowed, "application")

    def _app_expand(self, req: Request) -> tuple[str, list[str] | None] | None:
        return parse_expand(req.query.get("$expand"), self.directory.schema.navigations["application"],
                            {"owners", "federatedIdentityCredentials"}, "application")

    def _context(self, req: Request, entity_set: str, select: list[str] | None, entity: bool = False) -> str:
        suffix = f"({','.join(select)})" if select else ""
        return f"{req.base_url}/$metadata#{entity_set}{suffix}{'/$entity' if entity else ''}"

    def _next_link(self, req: Request, path: str, token: str) -> str:
        params = {k: v for k, v in req.query.items() if k not in ("$skiptoken", "$deltatoken")}
        params["$skiptoken"] = token
        return f"{req.base_url}{path}?{urlencode(params, safe='$,')}"

    @staticmethod
    def _check_unsupported(req: Request) -> None:
        if "$orderby" in req.query:
            raise unsupported_query("$orderby is not supported by the emulator.")
        if "$search" in req.query:
            if req.headers.get("consistencylevel", "").lower() != "eventual":
                raise bad_request("Request with $search query parameter only works through MSGraph with a special "
                                  "request header: 'ConsistencyLevel: eventual'", "Request_BadRequest")
            raise unsupported_query("$search is not supported by the emulator.")

    def _want_count(self, req: Request) -> bool:
        raw = req.query.get("$count")
        if raw is None or raw.lower() == "false":
            return False
        if raw.lower() != "true":
            raise bad_request(f"Invalid value '{raw}' for $count.", "BadRequest")
        if req.headers.get("consistencylevel", "").lower() != "eventual":
            raise bad_request("$count is not currently supported without the ConsistencyLevel: eventual header.",
                              "Request_BadRequest")
        return True

    def _page_by_id(self, req: Request, tenant: Tenant, order: list[str], lookup: Callable[[str], Any],
                    predicate: Callable[[Any], bool] | None, size: int, scope: str) -> tuple[list[Any], str | None]:
        """Cursor paging over a sorted id list: the skip token holds the last id returned."""
        start = 0
        token = req.query.get("$skiptoken")
        if token is not None:
            payload = decode_token(token, "skip")
            if payload.get("t") != tenant.id or payload.get("s") != scope:
                raise bad_request("The skip token belongs to another query or tenant.")
            start = bisect.bisect_right(order, payload["a"])
        page: list[Any] = []
        index = start
        more = False
        while index < len(order):
            item = lookup(order[index])
            index += 1
            if item is None or (predicate is not None and not predicate(item)):
                continue
            if len(page) == size:
                more = True
                break
            page.append(item)
        next_token = encode_token({"k": "skip", "t": tenant.id, "s": scope, "a": page[-1][0]}) \
            if more and page else None
        return page, next_token

    def _list_apps(self, req: Request, tenant: Tenant) -> Response:
        self._check_unsupported(req)
        select = self._app_select(req)
        expand = self._app_expand(req)
        size = _top(req.query)
        if expand is not None:
            size = min(size, EXPAND_PAGE)
        count = self._want_count(req)
        predicate = None
        if "$filter" in req.query:
            fields = {"appId": "appId", "displayName": "displayName", "id": "id", "identifierUris": "identifierUris",
                      "uniqueName": "uniqueName", "publisherDomain": "publisherDomain",
                      "signInAudience": "signInAudience"}
            doc_predicate = parse_filter(req.query["$filter"], fields, "Application")
            predicate = lambda item: doc_predicate(item[1].doc)  # noqa: E731

        def lookup(object_id: str) -> tuple[str, AppRecord] | None:
            record = tenant.apps.get(object_id)
            return (object_id, record) if record is not None else None

        page, token = self._page_by_id(req, tenant, tenant.app_order, lookup, predicate, size, "applications")
        payload: dict[str, Any] = {"@odata.context": self._context(req, "applications", select)}
        if count:
            payload["@odata.count"] = sum(1 for r in tenant.apps.values() if predicate is None or predicate((r.id, r)))
        if token:
            payload["@odata.nextLink"] = self._next_link(req, "/applications", token)
        payload["value"] = [self.render_app(r, select, False, expand, tenant) for _, r in page]
        return json_response(200, payload, len(page))

    def _get_app(self, req: Request, tenant: Tenant, record: AppRecord) -> Response:
        select = self._app_select(req)
        expand = self._app_expand(req)
        payload = {"@odata.context": self._context(req, "applications", select, entity=True)}
        payload.update(self.render_app(record, select, True, expand, tenant))
        return json_response(200, payload, 1)

    def _new_guid(self) -> str:
        return self.directory.new_id()

    def _create_app(self, req: Request, tenant: Tenant, extra: dict[str, Any] | None = None) -> Response:
        body = parse_json_object(req.body)
        validate_application_body(self.directory, body, None)
        if extra:
            body = {**body, **extra}
        now = self.directory.now()
        doc = new_application_doc(self.directory.schema)
        doc.update(id=self.directory.new_id(), appId=self.directory.new_client_id(), createdDateTime=iso(now),
                   publisherDomain=tenant.default_domain, createdByAppId=self.directory.client_app_id)
        doc = merge_application(self.directory.schema, doc, body)
        normalise_application(self.directory.schema, doc, body, now, self._new_guid)
        validate_application_result(self.directory, tenant, doc, None, body)
        record = AppRecord(doc)
        record.visible_at = self.directory.mono() + self.consistency_delay_s
        tenant.add_app(record)
        self.directory.index_app(record)
        payload = {"@odata.context": self._context(req, "applications", None, entity=True)}
        payload.update(self.render_app(record, None, True))
        response = json_response(201, payload, 1)
        response.headers["Location"] = f"{req.base_url}/directoryObjects/{record.id}/Microsoft.DirectoryServices.Application"
        return response

    def _upsert_app(self, req: Request, tenant: Tenant, unique_name: str) -> Response:
        record = next((r for r in tenant.apps.values() if r.doc.get("uniqueName") == unique_name), None)
        if record is not None and self._visible(record.visible_at):
            return self._patch_app(req, tenant, record)
        if "create-if-missing" not in req.headers.get("prefer", "").lower():
            raise not_found(unique_name)
        return self._create_app(req, tenant, {"uniqueName": unique_name})

    def _patch_app(self, req: Request, tenant: Tenant, record: AppRecord) -> Response:
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
        return no_content()

    def _delete_app(self, tenant: Tenant, record: AppRecord) -> Response:
        now = self.directory.now()
        tenant.remove_app_from_active(record.id)
        record.deleted_at = now
        record.doc = {**record.doc, "deletedDateTime": iso(now)}
        record.seq = tenant.next_seq()
        tenant.deleted_apps[record.id] = record
        sp_id = tenant.sp_by_app_id.get(str(record.doc["appId"]).lower())
        if sp_id is not None:
            sp = tenant.remove_sp_from_active(sp_id)
            sp.deleted_at = now
            sp.doc = {**sp.doc, "deletedDateTime": iso(now)}
            tenant.deleted_sps[sp_id] = sp
        return no_content()

    # ---- delta -------------------------------------------------------------------------------------------

    def _delta(self, req: Request, tenant: Tenant) -> Response:
        if "$filter" in req.query:
            raise unsupported_query("$filter on delta is not supported by the emulator.")
        size = _top(req.query)
        skip, delta = req.query.get("$skiptoken"), req.query.get("$deltatoken")
        if skip is not None or delta is not None:
            state = decode_token(skip if skip is not None else delta, "skip" if skip is not None else "delta")  # type: ignore[arg-type]
            if state.get("t") != tenant.id:
                raise bad_request("The delta token belongs to another tenant.")
            if delta is not None and self.directory.now().timestamp() - float(state.get("ts", 0)) > DELTA_TOKEN_DAYS * 86400:
                # Directory delta tokens live 7 days; the client must start a full sync again.
                error = ApiError(410, "SyncStateNotFound", "The delta token has expired; start a new full "
                                 "synchronisation without a token.")
                error.headers["Location"] = f"{req.base_url}/applications/delta"
                raise error
            select = state.get("sel")
            size = int(state.get("n", size))
            initial = bool(state.get("i")) and skip is not None
            cursor = int(state["c"])
        else:
            select = self._app_select(req)
            initial, cursor = True, 0
        events: list[tuple[int, str, Any]] = [(r.seq, "app", r) for r in tenant.apps.values() if r.seq > cursor]
        if not initial:
            events += [(r.seq, "changed", r) for r in tenant.deleted_apps.values() if r.seq > cursor]
            events += [(seq, "deleted", object_id) for object_id, seq in tenant.tombstones.items() if seq > cursor]
        events.sort(key=lambda e: e[0])
        page = events[:size]
        value: list[dict[str, Any]] = []
        for _seq, kind, item in page:
            if kind == "app":
                rendered = self.render_app(item, select, False)
                rendered["id"] = item.id
                value.append(rendered)
            elif kind == "changed":
                value.append({"@odata.type": "#microsoft.graph.application", "id": item.id,
                              "@removed": {"reason": "changed"}})
            else:
                value.append({"@odata.type": "#microsoft.graph.application", "id": item,
                              "@removed": {"reason": "deleted"}})
        payload: dict[str, Any] = {"@odata.context": self._context(req, "applications", select)}
        link = f"{req.base_url}/applications/delta?"
        if len(events) > size:
            token = encode_token({"k": "skip", "t": tenant.id, "c": page[-1][0], "i": initial, "sel": select,
                                  "n": size})
            payload["@odata.nextLink"] = link + urlencode({"$skiptoken": token}, safe="$")
        else:
            token = encode_token({"k": "delta", "t": tenant.id, "c": tenant.seq, "sel": select, "n": size,
                                  "ts": int(self.directory.now().timestamp())})
            payload["@odata.deltaLink"] = link + urlencode({"$deltatoken": token}, safe="$")
        payload["value"] = value
        return json_response(200, payload, len(value))

    # ---- owners ------------------------------------------------------------------------------------------

    def _directory_object(self, tenant: Tenant, object_id: str) -> dict[str, Any] | None:
        user = tenant.users.get(object_id)
        if user is not None:
            return {"@odata.type": "#microsoft.graph.user", **user}
        sp = tenant.sps.get(object_id)
        if sp is not None:
            return {"@odata.type": "#microsoft.graph.servicePrincipal", **sp.doc}
        app = tenant.apps.get(object_id)
        if app is not None:
            return self.render_app(app, None, False)
        return None

    def _owners(self, req: Request, tenant: Tenant, record: AppRecord, rest: list[str]) -> Response:
        if not rest:
            self._method(req, "GET")
            size = _top(req.query)
            start = 0
            if "$skiptoken" in req.query:
                state = decode_token(req.query["$skiptoken"], "skip")
                if state.get("t") != tenant.id or state.get("s") != f"owners:{record.id}":
                    raise bad_request("The skip token belongs to another query or tenant.")
                start = int(state["o"])
            select = req.query.get("$select")
            nested = [s.strip() for s in select.split(",")] if select else None
            objects = [o for o in (self._directory_object(tenant, i) for i in record.owners) if o is not None]
            page = objects[start:start + size]
            payload: dict[str, Any] = {"@odata.context": self._context(req, "directoryObjects", None)}
            if start + size < len(objects):
                token = encode_token({"k": "skip", "t": tenant.id, "s": f"owners:{record.id}", "o": start + size})
                payload["@odata.nextLink"] = self._next_link(req, f"/applications/{record.id}/owners", token)
            payload["value"] = [self._select_object(o, nested) for o in page]
            return json_response(200, payload, len(page))
        if rest == ["$ref"]:
            self._method(req, "POST")
            body = parse_json_object(req.body)
            ref = body.get("@odata.id")
            if not isinstance(ref, str) or set(body) - {"@odata.id"}:
                raise bad_request("The request body must be {\"@odata.id\": \"<url of a directory object>\"}.")
            path = [s for s in urlsplit(ref).path.split("/") if s]
            if len(path) < 2 or path[-2] not in ("directoryObjects", "users", "servicePrincipals"):
                raise bad_request(f"Invalid object reference '{ref}'.", "Request_BadRequest")
            owner_id = path[-1]
            if owner_id not in tenant.users and owner_id not in tenant.sps:
                raise not_found(owner_id)
            if owner_id in record.owners:
                raise bad_request("One or more added object references already exist for the following modified "
                                  "properties: 'owners'.")
            record.owners = [*record.owners, owner_id]
            return no_content()
        if len(rest) == 2 and rest[1] == "$ref":
            self._method(req, "DELETE")
            if rest[0] not in record.owners:
                raise not_found(rest[0])
            record.owners = [o for o in record.owners if o != rest[0]]
            return no_content()
        raise segment_not_found(rest[-1])

    # ---- federated identity credentials -----------------------------------------------------------------

    def _create_fic(self, req: Request, record: AppRecord, body: dict[str, Any]) -> Response:
        """POST, or PATCH by name with Prefer: create-if-missing: the same validation and the same 201."""
        validate_fic(self.directory.schema, body, record.fics, None)
        fic = {"id": self.directory.new_id(), "name": body["name"], "issuer": body["issuer"],
               "subject": body.get("subject"), "description": body.get("description"),
               "audiences": list(body["audiences"])}
        record.fics = [*record.fics, fic]
        return json_response(201, {"@odata.context": self._fic_context(req, record, True), **fic}, 1)

    def _fic_context(self, req: Request, record: AppRecord, entity: bool) -> str:
        return (f"{req.base_url}/$metadata#applications('{record.id}')/federatedIdentityCredentials"
                + ("/$entity" if entity else ""))

    def _fics(self, req: Request, tenant: Tenant, record: AppRecord, sub: list[str]) -> Response:
        _, key_name, key = split_key(sub[0])
        if key_name is None and len(sub) > 1:
            key = sub[1]
        if len(sub) > (1 if key_name is not None else 2):
            raise segment_not_found(sub[-1])
        if key is None:
            self._method(req, "GET", "POST")
            if req.method == "GET":
                payload = {"@odata.context": self._fic_context(req, record, False), "value": list(record.fics)}
                return json_response(200, payload, len(record.fics))
            body = parse_json_object(req.body)
            return self._create_fic(req, record, body)
        current = next((f for f in record.fics if f["id"] == key or f["name"].lower() == key.lower()), None)
        self._method(req, "GET", "PATCH", "DELETE")
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

    def _logo(self, req: Request, tenant: Tenant, record: AppRecord) -> Response:
        self._method(req, "GET", "PUT")
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

    def _add_password(self, req: Request, tenant: Tenant, record: AppRecord) -> Response:
        body = parse_json_object(req.body) if req.body.strip() else {}
        if set(body) - {"passwordCredential"}:
            raise bad_request(f"Property '{sorted(set(body) - {'passwordCredential'})[0]}' does not exist as a "
                              "declared property or extension property.")
        requested = body.get("passwordCredential") or {}
        from .validation import check_object

        check_object(self.directory.schema, "passwordCredential", requested, "passwordCredential")
        for read_only in ("secretText", "hint", "keyId"):
            if requested.get(read_only) is not None:
                raise bad_request(f"Property '{read_only}' is read-only and cannot be set.")
        now = self.directory.now()
        alphabet = string.ascii_letters + string.digits + "~._-"
        secret = "".join(secrets.choice(alphabet) for _ in range(40))
        credential = {
            "customKeyIdentifier": None,
            "displayName": requested.get("displayName"),
            "endDateTime": requested.get("endDateTime") or iso(now + timedelta(days=730)),
            "hint": secret[:3],
            "keyId": self.directory.new_id(),
            "secretText": None,
            "startDateTime": requested.get("startDateTime") or iso(now),
        }
        record.doc = {**record.doc, "passwordCredentials": [*record.doc["passwordCredentials"], credential]}
        record.seq = tenant.next_seq()
        answer = {"@odata.context": f"{req.base_url}/$metadata#microsoft.graph.passwordCredential",
                  **credential, "secretText": secret}
        return json_response(200, answer, 1)

    def _remove_password(self, req: Request, tenant: Tenant, record: AppRecord) -> Response:
        body = parse_json_object(req.body)
        key_id = body.get("keyId")
        if set(body) - {"keyId"} or not isinstance(key_id, str):
            raise bad_request("The request body must be {\"keyId\": \"<guid>\"}.")
        remaining = [c for c in record.doc["passwordCredentials"] if c["keyId"].lower() != key_id.lower()]
        if len(remaining) == len(record.doc["passwordCredentials"]):
            raise ApiError(404, "Request_ResourceNotFound", f"No password credential found with keyId '{key_id}'.")
        record.doc = {**record.doc, "passwordCredentials": remaining}
        record.seq = tenant.next_seq()
        return no_content()

    # ---- recycle bin -------------------------------------------------------------------------------------

    def _directory(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        if not rest or rest[0] != "deletedItems":
            raise segment_not_found(rest[0] if rest else "directory")
        rest = rest[1:]
        if not rest:
            raise bad_request("Listing deleted items needs a type cast segment, e.g. "
                              "/directory/deletedItems/microsoft.graph.application.", "Request_BadRequest")
        cast = rest[0]
        if cast in ("microsoft.graph.application", "microsoft.graph.servicePrincipal") and len(rest) == 1:
            self._method(req, "GET")
            return self._list_deleted(req, tenant, cast)
        object_id = rest[0]
        app = tenant.deleted_apps.get(object_id)
        sp = tenant.deleted_sps.get(object_id)
        if app is None and sp is None:
            raise not_found(object_id)
        if len(rest) == 1:
            self._method(req, "GET", "DELETE")
            if req.method == "GET":
                rendered = self.render_app(app, self._app_select(req), True) if app else \
                    {"@odata.type": "#microsoft.graph.servicePrincipal", **sp.doc}  # type: ignore[union-attr]
                return json_response(200, {"@odata.context": f"{req.base_url}/$metadata#directoryObjects/$entity",
                                           **rendered}, 1)
            if app is not None:
                del tenant.deleted_apps[object_id]
                self.directory.unindex_app(app)
                tenant.tombstones[object_id] = tenant.next_seq()
            else:
                del tenant.deleted_sps[object_id]
            return no_content()
        if rest[1] in ("restore", "microsoft.graph.restore") and len(rest) == 2:
            self._method(req, "POST")
            if app is not None:
                del tenant.deleted_apps[object_id]
                app.deleted_at = None
                app.doc = {**app.doc, "deletedDateTime": None}
                tenant.add_app(app)
                rendered = self.render_app(app, None, True)
            else:
                assert sp is not None
                if str(sp.doc["appId"]).lower() in tenant.sp_by_app_id:
                    raise ApiError(409, "Request_MultipleObjectsWithSameKeyValue",
                                   "A service principal for this application already exists in the tenant.")
                del tenant.deleted_sps[object_id]
                sp.deleted_at = None
                sp.doc = {**sp.doc, "deletedDateTime": None}
                tenant.add_sp(sp)
                rendered = {"@odata.type": "#microsoft.graph.servicePrincipal", **sp.doc}
            return json_response(200, {"@odata.context": f"{req.base_url}/$metadata#directoryObjects/$entity",
                                       **rendered}, 1)
        raise segment_not_found(rest[-1])

    def _list_deleted(self, req: Request, tenant: Tenant, cast: str) -> Response:
        self._check_unsupported(req)
        is_app = cast == "microsoft.graph.application"
        type_name = "application" if is_app else "servicePrincipal"
        allowed = {n for n, p in self.directory.schema.entities[type_name].items() if p.kind != "stream"}
        select = parse_select(req.query.get("$select"), allowed, type_name)
        size = _top(req.query)
        count = self._want_count(req)
        store: dict[str, Any] = tenant.deleted_apps if is_app else tenant.deleted_sps
        order = sorted(store)
        predicate = None
        if "$filter" in req.query:
            doc_predicate = parse_filter(req.query["$filter"], {"appId": "appId", "displayName": "displayName",
                                                                "id": "id"}, type_name)
            predicate = lambda item: doc_predicate(item[1].doc)  # noqa: E731

        def lookup(object_id: str) -> tuple[str, Any] | None:
            return (object_id, store[object_id]) if object_id in store else None

        page, token = self._page_by_id(req, tenant, order, lookup, predicate, size, cast)
        payload: dict[str, Any] = {"@odata.context": self._context(req, f"directory/deletedItems/{cast}", select)}
        if count:
            payload["@odata.count"] = sum(1 for r in store.values() if predicate is None or predicate((r.id, r)))
        if token:
            payload["@odata.nextLink"] = self._next_link(req, f"/directory/deletedItems/{cast}", token)
        if is_app:
            payload["value"] = [self.render_app(r, select, False) for _, r in page]
        else:
            payload["value"] = [self._render_sp(r, select) for _, r in page]
        return json_response(200, payload, len(page))

    # ---- service principals ------------------------------------------------------------------------------

    def _render_sp(self, record: SpRecord, select: list[str] | None) -> dict[str, Any]:
        out: dict[str, Any] = {"@odata.type": "#microsoft.graph.servicePrincipal"}
        if select is None:
            out.update(record.doc)
        else:
            out.update((k, record.doc.get(k)) for k in select)
        if out.get("keyCredentials"):
            out["keyCredentials"] = [{**c, "key": None} for c in out["keyCredentials"]]
        return out

    def _find_sp(self, tenant: Tenant, key: str) -> SpRecord:
        if key.startswith("\0"):
            name, _, value = key[1:].partition("=")
            sp_id = tenant.sp_by_app_id.get(value.lower()) if name == "appId" else value
            record = tenant.sps.get(sp_id or "")
            label = value
        else:
            record, label = tenant.sps.get(key), key
        if record is None or not self._visible(record.visible_at):
            raise not_found(label)
        return record

    def _service_principals(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        allowed = {n for n, p in self.directory.schema.entities["servicePrincipal"].items() if p.kind != "stream"}
        if not rest:
            self._method(req, "GET", "POST")
            if req.method == "POST":
                return self._create_sp(req, tenant)
            self._check_unsupported(req)
            select = parse_select(req.query.get("$select"), allowed, "servicePrincipal")
            count = self._want_count(req)
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

            page, token = self._page_by_id(req, tenant, tenant.sp_order, lookup, predicate, _top(req.query),
                                           "servicePrincipals")
            payload: dict[str, Any] = {"@odata.context": self._context(req, "servicePrincipals", select)}
            if count:
                payload["@odata.count"] = sum(1 for r in tenant.sps.values() if predicate is None or predicate((r.id, r)))
            if token:
                payload["@odata.nextLink"] = self._next_link(req, "/servicePrincipals", token)
            payload["value"] = [self._render_sp(r, select) for _, r in page]
            return json_response(200, payload, len(page))
        record = self._find_sp(tenant, rest[0])
        if len(rest) == 2 and rest[1] == "owners":
            self._method(req, "GET")
            owners = [o for o in (self._directory_object(tenant, i) for i in record.owners) if o is not None]
            return json_response(200, {"@odata.context": self._context(req, "directoryObjects", None),
                                       "value": owners}, len(owners))
        if len(rest) != 1:
            raise segment_not_found(rest[-1])
        self._method(req, "GET", "PATCH", "DELETE")
        if req.method == "GET":
            select = parse_select(req.query.get("$select"), allowed, "servicePrincipal")
            return json_response(200, {"@odata.context": self._context(req, "servicePrincipals", select, True),
                                       **self._render_sp(record, select)}, 1)
        if req.method == "PATCH":
            from .validation import check_object

            body = parse_json_object(req.body)
            check_object(self.directory.schema, "servicePrincipal", body)
            for name in ("id", "appId", "appOwnerOrganizationId", "servicePrincipalType", "deletedDateTime"):
                if name in body:
                    raise bad_request(f"Property '{name}' is read-only and cannot be set.", target=name)
            props = self.directory.schema.entities["servicePrincipal"]
            record.doc = {**record.doc, **{k: merge(record.doc.get(k), v, props[k], self.directory.schema)
                                           for k, v in body.items() if not k.startswith("@odata.")}}
            return no_content()
        now = self.directory.now()
        tenant.remove_sp_from_active(record.id)
        record.deleted_at = now
        record.doc = {**record.doc, "deletedDateTime": iso(now)}
        tenant.deleted_sps[record.id] = record
        return no_content()

    def _create_sp(self, req: Request, tenant: Tenant) -> Response:
        from .validation import check_object

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
        if app is None or owner_tenant is None or not self._visible(app.visible_at):
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
        record.visible_at = self.directory.mono() + self.consistency_delay_s
        tenant.add_sp(record)
        return json_response(201, {"@odata.context": self._context(req, "servicePrincipals", None, True),
                                   **self._render_sp(record, None)}, 1)

    def _app_anywhere(self, app_id: str) -> tuple[AppRecord | None, Tenant | None]:
        object_id = self.directory.app_ids.get(app_id.lower())
        if object_id is None:
            return None, None
        for tenant in self.directory.tenants.values():
            if object_id in tenant.apps:
                return tenant.apps[object_id], tenant
        return None, None

    # ---- users, domains, organization, directoryObjects ------------------------------------------------

    def _render_user(self, user: dict[str, Any], select: list[str] | None) -> dict[str, Any]:
        if select is None:
            return {"@odata.type": "#microsoft.graph.user", **user}
        return {"@odata.type": "#microsoft.graph.user", **{k: user.get(k) for k in select}}

    def _users(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        self._method(req, "GET")
        allowed = set(next(iter(tenant.users.values()), {}).keys()) | {"id"}
        select = parse_select(req.query.get("$select"), allowed, "user")
        if rest:
            if len(rest) > 1:
                raise segment_not_found(rest[-1])
            key = rest[0][1:].partition("=")[2] if rest[0].startswith("\0") else rest[0]
            user = tenant.users.get(key) or tenant.users.get(tenant.upn_index.get(key.lower(), ""))
            if user is None:
                raise not_found(key)
            return json_response(200, {"@odata.context": self._context(req, "users", select, True),
                                       **self._render_user(user, select)}, 1)
        self._check_unsupported(req)
        count = self._want_count(req)
        predicate = None
        if "$filter" in req.query:
            user_predicate = parse_filter(req.query["$filter"], {
                "userPrincipalName": "userPrincipalName", "displayName": "displayName", "mail": "mail", "id": "id",
                "givenName": "givenName", "surname": "surname"}, "User")
            predicate = lambda item: user_predicate(item[1])  # noqa: E731

        def lookup(object_id: str) -> tuple[str, dict[str, Any]] | None:
            user = tenant.users.get(object_id)
            return (object_id, user) if user is not None else None

        page, token = self._page_by_id(req, tenant, tenant.user_order, lookup, predicate, _top(req.query), "users")
        payload: dict[str, Any] = {"@odata.context": self._context(req, "users", select)}
        if count:
            payload["@odata.count"] = sum(1 for u in tenant.users.values() if predicate is None or predicate((u["id"], u)))
        if token:
            payload["@odata.nextLink"] = self._next_link(req, "/users", token)
        payload["value"] = [self._render_user(u, select) for _, u in page]
        return json_response(200, payload, len(page))

    def _me(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        self._method(req, "GET")
        if rest:
            raise segment_not_found(rest[0])
        admin = tenant.users[tenant.upn_index[f"admin@{tenant.initial_domain}"]]
        return json_response(200, {"@odata.context": self._context(req, "users", None, True),
                                   **self._render_user(admin, None)}, 1)

    def _domain_objects(self, tenant: Tenant) -> Iterator[dict[str, Any]]:
        for domain in tenant.domains:
            yield {
                "authenticationType": "Managed",
                "availabilityStatus": None,
                "id": domain.name,
                "isAdminManaged": True,
                "isDefault": domain.is_default,
                "isInitial": domain.is_initial,
                "isRoot": True,
                "isVerified": domain.is_verified,
                "manufacturer": None,
                "model": None,
                "passwordNotificationWindowInDays": 14,
                "passwordValidityPeriodInDays": 2147483647,
                "state": None,
                "supportedServices": ["Email", "OfficeCommunicationsOnline"] if domain.is_verified else [],
            }

    def _domains(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        self._method(req, "GET")
        domains = list(self._domain_objects(tenant))
        if rest:
            key = rest[0][1:].partition("=")[2] if rest[0].startswith("\0") else rest[0]
            match = next((d for d in domains if d["id"].lower() == key.lower()), None)
            if match is None or len(rest) > 1:
                raise not_found(key)
            return json_response(200, {"@odata.context": self._context(req, "domains", None, True), **match}, 1)
        return json_response(200, {"@odata.context": self._context(req, "domains", None), "value": domains},
                             len(domains))

    def _organization_object(self, tenant: Tenant) -> dict[str, Any]:
        doc: dict[str, Any] = {}
        for name, prop in self.directory.schema.entities["organization"].items():
            doc[name] = [] if prop.collection else None
        doc.update(
            id=tenant.id,
            displayName=tenant.display_name,
            createdDateTime=iso(tenant.created),
            countryLetterCode="US",
            preferredLanguage="en",
            tenantType="AAD",
            mobileDeviceManagementAuthority="unknown",
            verifiedDomains=[{"capabilities": "Email, OfficeCommunicationsOnline" if d.is_default else "None",
                              "isDefault": d.is_default, "isInitial": d.is_initial, "name": d.name,
                              "type": "Managed"} for d in tenant.domains if d.is_verified],
        )
        return {"@odata.type": "#microsoft.graph.organization", **doc}

    def _organization(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        self._method(req, "GET")
        org = self._organization_object(tenant)
        if rest:
            key = rest[0][1:].partition("=")[2] if rest[0].startswith("\0") else rest[0]
            if key != tenant.id or len(rest) > 1:
                raise not_found(key)
            return json_response(200, {"@odata.context": self._context(req, "organization", None, True), **org}, 1)
        return json_response(200, {"@odata.context": self._context(req, "organization", None), "value": [org]}, 1)

    def _tenant_relationships(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        """GDAP: every other tenant of this emulator is a delegated admin customer of the caller's tenant."""
        self._method(req, "GET")
        if not rest or rest[0] != "delegatedAdminCustomers":
            raise segment_not_found(rest[0] if rest else "tenantRelationships")
        customers = [
            {"@odata.type": "#microsoft.graph.delegatedAdminCustomer", "id": other.id, "tenantId": other.id,
             "displayName": other.display_name}
            for other in self.directory.tenants.values() if other.id != tenant.id
        ]
        entity_set = "tenantRelationships/delegatedAdminCustomers"
        if len(rest) > 1:
            key = rest[1][1:].partition("=")[2] if rest[1].startswith("\0") else rest[1]
            match = next((c for c in customers if c["id"] == key), None)
            if match is None or len(rest) > 2:
                raise not_found(key)
            return json_response(200, {"@odata.context": self._context(req, entity_set, None, True), **match}, 1)
        return json_response(200, {"@odata.context": self._context(req, entity_set, None), "value": customers},
                             len(customers))

    def _directory_objects(self, req: Request, tenant: Tenant, rest: list[str]) -> Response:
        self._method(req, "GET")
        if len(rest) != 1:
            raise segment_not_found(rest[-1] if rest else "directoryObjects")
        obj = self._directory_object(tenant, rest[0])
        if obj is None:
            raise not_found(rest[0])
        return json_response(200, {"@odata.context": f"{req.base_url}/$metadata#directoryObjects/$entity", **obj}, 1)

    # ---- $batch ------------------------------------------------------------------------------------------

    def _batch(self, req: Request, tenant: Tenant) -> Response:
        if req.method != "POST":
            raise ApiError(405, "Request_BadRequest", "$batch accepts POST only.")
        body = parse_json_object(req.body)
        requests = body.get("requests")
        if not isinstance(requests, list) or not requests:
            raise bad_request("The batch body needs a non-empty 'requests' array.", "BadRequest")
        if len(requests) > 20:
            raise bad_request("Number of requests in a batch exceeds the limit of 20.", "BadRequest")
        ids: list[str] = []
        for item in requests:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item.get("method") \
                    or not isinstance(item.get("url"), str):
                raise bad_request("Every batch request needs 'id', 'method' and 'url'.", "BadRequest")
            if item["id"] in ids:
                raise bad_request(f"Batch request id '{item['id']}' is used twice.", "BadRequest")
            for dependency in item.get("dependsOn") or []:
                if dependency not in ids:
                    raise bad_request(f"Request '{item['id']}' depends on '{dependency}', which does not come "
                                      "before it in the batch.", "BadRequest")
            ids.append(item["id"])
        statuses: dict[str, int] = {}
        responses = []
        for item in requests:
            answer = self._batch_item(req, item, statuses)
            statuses[item["id"]] = answer["status"]
            responses.append(answer)
        response = json_response(200, {"responses": responses}, len(responses))
        units = sum(int(r.get("headers", {}).get("x-ms-resource-unit", 0)) for r in responses)
        response.headers["x-ms-resource-unit"] = str(units)  # what the inner requests cost together
        return response

    def _batch_item(self, outer: Request, item: dict[str, Any], statuses: dict[str, int]) -> dict[str, Any]:
        failed = [d for d in item.get("dependsOn") or [] if not 200 <= statuses.get(d, 0) < 300]
        if failed:
            return {"id": item["id"], "status": 424, "headers": {"Content-Type": "application/json"},
                    "body": {"error": {"code": "FailedDependency",
                                       "message": f"The request depends on request(s) {', '.join(failed)} that failed."}}}
        url: str = item["url"]
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url):
            return self._batch_error(item, ApiError(400, "BadRequest", "Batch request URLs must be relative."))
        url = url if url.startswith("/") else "/" + url
        if url.startswith("/v1.0/"):
            url = url[len("/v1.0"):]
        parts = urlsplit(url)
        headers = {k.lower(): str(v) for k, v in (item.get("headers") or {}).items()}
        headers["authorization"] = outer.headers.get("authorization", "")
        if "consistencylevel" in outer.headers and "consistencylevel" not in headers:
            headers["consistencylevel"] = outer.headers["consistencylevel"]
        raw = b""
        if "body" in item and item["body"] is not None:
            content_type = headers.get("content-type")
            if not content_type:
                return self._batch_error(item, ApiError(400, "BadRequest",
                                                        "A batch request with a body needs a Content-Type header."))
            if content_type.startswith("application/json"):
                raw = json.dumps(item["body"]).encode()
            else:
                try:
                    raw = base64.b64decode(item["body"], validate=True)
                except (ValueError, TypeError):
                    return self._batch_error(item, ApiError(400, "BadRequest",
                                                            "A non-JSON batch body must be base64 encoded."))
        from urllib.parse import parse_qsl

        inner = Request(str(item["method"]).upper(), parts.path, dict(parse_qsl(parts.query, keep_blank_values=True)),
                        headers, raw, outer.base_url)
        if inner.path.strip("/") == "$batch":
            return self._batch_error(item, ApiError(400, "BadRequest", "A batch cannot contain a batch."))
        response = self.handle(inner)
        answer: dict[str, Any] = {"id": item["id"], "status": response.status}
        answer_headers = {k: v for k, v in response.headers.items()
                          if k.lower() not in ("request-id", "client-request-id")}
        if response.content_type:
            answer_headers["Content-Type"] = response.content_type
        answer["headers"] = answer_headers
        if response.body:
            if response.content_type and response.content_type.startswith("application/json"):
                answer["body"] = json.loads(response.body)
            else:
                answer["body"] = base64.b64encode(response.body).decode()
        return answer

    def _batch_error(self, item: dict[str, Any], error: ApiError) -> dict[str, Any]:
        response = self.error_response(error, str(uuid.uuid4()), str(uuid.uuid4()))
        return {"id": item["id"], "status": error.status, "headers": {"Content-Type": JSON},
                "body": json.loads(response.body)}

    # ---- hooks -------------------------------------------------------------------------------------------

    def counters_snapshot(self) -> dict[str, Any]:
        with self.directory.lock:
            tenants = {}
            for tenant in self.directory.tenants.values():
                counters = self.counters.get(tenant.id, Counters()).as_dict()
                counters["name"] = tenant.name  # type: ignore[assignment]
                tenants[tenant.id] = counters
            return {"requests": self.total.requests, "tenants": tenants}

