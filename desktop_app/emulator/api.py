"""Microsoft Graph v1.0 as the emulator serves it: auth, throttling, accounting, and routing to the resources.

`Api.handle(Request) -> Response` knows nothing about sockets: the HTTP server and `$batch` both call it.
The resources' handlers live in `routes/`, one module per resource.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from .audit import Actor
from .audit_writes import WriteAuditor
from .clouds import cloud_asked_for
from .errors import ApiError, segment_not_found
from .messages import JSON, Request, Response, json_response, no_content, split_key
from .permissions import allows, permissions_of
from .routes.applications import ApplicationRoutes
from .routes.audit_logs import AuditLogRoutes
from .routes.base import Context
from .routes.batch import Batch
from .routes.deleted_items import DeletedItemRoutes
from .routes.grants import GrantRoutes
from .routes.groups import GroupRoutes
from .routes.organization import OrganizationRoutes
from .routes.service_principals import ServicePrincipalRoutes
from .routes.users import UserRoutes
from .state import Directory, Tenant
from .throttle import AuditReads, KeyCredentialReads, Throttle, reads_key_credentials, request_cost

__all__ = ["JSON", "Api", "Counters", "Request", "Response", "json_response", "no_content", "split_key"]

WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}
Handler = Callable[[Request, Tenant, list[str]], Response]


@dataclass
class Counters:
    requests: int = 0
    resource_units: int = 0
    writes: int = 0
    throttled: int = 0
    errors: int = 0
    faults: int = 0
    batches: int = 0
    certificate_reads: int = 0  # single-app GETs that select keyCredentials (the ones that return the bytes)
    sp_certificate_reads: int = 0  # the same of one service principal

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


BASIC_RESOURCES = ("organization", "me", "$batch")  # User.Read only: these (a batch: per inner request)


def _cast_alias(segment: str) -> str:
    """`graph.` is an OData alias of the `microsoft.graph` namespace (casts, actions, functions): Graph accepts
    both, and the official SDKs build their URLs with the alias (graph-notes §10)."""
    return "microsoft.graph." + segment[len("graph."):] if segment.startswith("graph.") else segment


class Api:
    def __init__(self, directory: Directory, throttle: Throttle, consistency_delay_s: float = 0.0) -> None:
        self.directory = directory
        self.throttle = throttle
        self.key_reads = KeyCredentialReads()
        self.audit_reads = AuditReads()
        self.auditor = WriteAuditor(directory)
        self.context = Context(directory, consistency_delay_s)
        self.counters: dict[str, Counters] = {}
        self.total = Counters()
        # The cloud each tenant is served as (emulator/clouds.py); a tenant not listed is a global one.
        self.clouds: dict[str, str] = {}
        self.batch = Batch(self.handle, self.error_response)
        applications = ApplicationRoutes(self.context)
        grants = GrantRoutes(self.context)
        service_principals = ServicePrincipalRoutes(self.context, grants)
        users = UserRoutes(self.context)
        organization = OrganizationRoutes(self.context)
        self.routes: dict[str, Handler] = {
            "applications": applications.handle,
            "servicePrincipals": service_principals.handle,
            "users": users.users,
            "me": users.me,
            "domains": organization.domains,
            "organization": organization.organization,
            "directory": DeletedItemRoutes(self.context).handle,
            "directoryObjects": users.directory_objects,
            "tenantRelationships": organization.tenant_relationships,
            "oauth2PermissionGrants": grants.handle,
            "groups": GroupRoutes(self.context).handle,
            "auditLogs": AuditLogRoutes(self.context).handle,
        }

    @property
    def consistency_delay_s(self) -> float:
        """How long a created object stays invisible to reads (the emulator's knob changes it at run time)."""
        return self.context.consistency_delay_s

    @consistency_delay_s.setter
    def consistency_delay_s(self, seconds: float) -> None:
        self.context.consistency_delay_s = seconds

    # ---- entry point -------------------------------------------------------------------------------------

    def handle(self, req: Request, request_id: str | None = None) -> Response:
        request_id = request_id or str(uuid.uuid4())
        client_request_id = req.headers.get("client-request-id") or request_id
        headers = {"request-id": request_id, "client-request-id": client_request_id}
        tenant: Tenant | None = None
        certificate_read = ""  # the counter of a GET that returns key bytes, if this is one
        segments = [_cast_alias(unquote(s)) for s in req.path.split("/") if s]
        is_batch = segments == ["$batch"]
        is_write = req.method in WRITE_METHODS and not is_batch
        cost = request_cost(req.method, self._resource_kind(segments), req.query)
        if not is_batch:
            headers["x-ms-resource-unit"] = str(cost)  # every answer, refused ones included
        try:
            with self.directory.lock:
                self.total.requests += 1
                tenant, permissions, actor = self._authenticate(req)
                req.actor = actor
                self._check_cloud(req, tenant)
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
                    if reads_key_credentials(req.method, segments, req.query):
                        wait = self.key_reads.check(tenant.id, self.directory.mono())
                        if wait:
                            counters.throttled += 1
                            raise ApiError(
                                429, "TooManyRequests",
                                "Too many requests reading keyCredentials. Please retry after the time given in the "
                                "Retry-After header.",
                                headers={"Retry-After": str(wait),
                                         "x-ms-throttle-scope": f"Tenant/Read/{tenant.id}",
                                         "x-ms-throttle-information": "KeyCredentialsReadLimitExceeded"})
                        if len(segments) == 2 or "(" in segments[0]:
                            certificate_read = "sp_certificate_reads" if segments[0].startswith("servicePrincipals") \
                                else "certificate_reads"
                if not allows(permissions, req.method, segments, basic_resources=BASIC_RESOURCES):
                    raise ApiError(403, "Authorization_RequestDenied",
                                   "Insufficient privileges to complete the operation.")
                if segments and segments[0] == "auditLogs":
                    wait = self.audit_reads.check(tenant.id, self.directory.mono())
                    if wait:
                        counters.throttled += 1
                        raise ApiError(429, "TooManyRequests", "Too many requests to the audit log. Please retry "
                                       "after the time given in the Retry-After header.",
                                       headers={"Retry-After": str(wait),
                                                "x-ms-throttle-scope": f"Tenant_Application/Read/"
                                                                       f"{self.directory.client_app_id}/{tenant.id}",
                                                "x-ms-throttle-information": "ReportsLimitExceeded"})
                if is_write:
                    counters.writes += 1
                self.directory.purge_expired(tenant)
            if is_batch:
                response = self.batch.handle(req)
            else:
                with self.directory.lock:
                    before = self.auditor.before(tenant, segments) if is_write else None
                    response = self._dispatch(req, tenant, segments)
                    if before is not None and 200 <= response.status < 300:
                        self.auditor.after(tenant, actor, req, segments, before, response)
                    if certificate_read and response.status == 200:
                        counters = self.counters[tenant.id]
                        setattr(counters, certificate_read, getattr(counters, certificate_read) + 1)
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

    def _authenticate(self, req: Request) -> tuple[Tenant, frozenset[str], Actor]:
        """The tenant, the permissions the token carries (permissions.py: a request none of whose permissions the
        token has answers 403; a user with only User.Read may read /organization and /me) and who it acts as:
        `~<userPrincipalName>` a user of the tenant, `~app:<appId>` an app with a service principal there, nothing
        the tenant's administrator."""
        header = req.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if not header:
            raise ApiError(401, "InvalidAuthenticationToken", "Access token is empty.")
        if scheme.lower() != "bearer" or not token.startswith("emulator."):
            raise ApiError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.")
        claims, acting, who = token[len("emulator."):].partition("~")
        tenant_id, _, suffix = claims.partition(".")
        permissions = permissions_of(suffix)
        if permissions is None or tenant_id not in self.directory.tenants:
            raise ApiError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid tenant.")
        tenant = self.directory.tenants[tenant_id]
        return tenant, permissions, self._actor(tenant, who if acting else None)

    @staticmethod
    def _actor(tenant: Tenant, who: str | None) -> Actor:
        if who is None:
            admin = tenant.users[tenant.admin_user_id]
            return Actor("user", admin["id"], admin["userPrincipalName"])
        if who.startswith("app:"):
            sp_id = tenant.sp_by_app_id.get(who[len("app:"):].lower())
            if sp_id is None:
                raise ApiError(401, "InvalidAuthenticationToken",
                               "Access token validation failure. The app has no service principal in the tenant.")
            return Actor("app", sp_id, tenant.sps[sp_id].doc.get("displayName"))
        user_id = tenant.upn_index.get(who.lower())
        if user_id is None:
            raise ApiError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid user.")
        return Actor("user", user_id, tenant.users[user_id]["userPrincipalName"])

    def _check_cloud(self, req: Request, tenant: Tenant) -> None:
        """A request addressed to one cloud's Graph (its Host) with a token of a tenant in another: Graph refuses
        it as a token for another audience. The emulator's own address (loopback) serves every tenant."""
        asked = cloud_asked_for(req.headers.get("host", ""))
        if asked is not None and asked != self.clouds.get(tenant.id, "global"):
            raise ApiError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.")

    @staticmethod
    def _resource_kind(segments: list[str]) -> str:
        """Which throttle cost table row a request falls in (graph-notes.md section 8)."""
        if not segments:
            return "other"
        head, key_name, _ = split_key(segments[0])
        canonical = [head, "key", *segments[1:]] if key_name is not None else segments
        # The table lists the collections (`applications`, `users`), not one object: `applications/{id}` is an
        # unlisted read (1). Delta and $count are kept at the collection's cost (the stricter reading).
        if head == "applications":
            if len(canonical) == 1 or canonical[1] in ("delta", "$count"):
                return "applications"
            return "extensionProperties" if canonical[-1] == "extensionProperties" else "other"
        if head == "users" and len(canonical) == 1:
            return "users"
        if head == "oauth2PermissionGrants" and len(canonical) <= 2:
            return "oauth2PermissionGrants"
        if head == "servicePrincipals" and len(canonical) == 3 and canonical[2] == "appRoleAssignments":
            return "appRoleAssignments"
        return "other"

    # ---- routing -----------------------------------------------------------------------------------------

    def _dispatch(self, req: Request, tenant: Tenant, segments: list[str]) -> Response:
        if not segments:
            raise segment_not_found("")
        head, key_name, key = split_key(segments[0])
        if key_name is not None:
            segments = [head, f"\0{key_name}={key}", *segments[1:]]
        handler = self.routes.get(head)
        if handler is None:
            raise segment_not_found(head)
        return handler(req, tenant, segments[1:])

    # ---- hooks -------------------------------------------------------------------------------------------

    def count_fault(self, tenant_id: str) -> None:
        """The caller holds the directory lock."""
        self.counters.setdefault(tenant_id, Counters()).faults += 1

    def counters_snapshot(self) -> dict[str, Any]:
        with self.directory.lock:
            tenants = {}
            for tenant in self.directory.tenants.values():
                counters = self.counters.get(tenant.id, Counters()).as_dict()
                counters["name"] = tenant.name  # type: ignore[assignment]
                tenants[tenant.id] = counters
            return {"requests": self.total.requests, "faults": self.total.faults, "tenants": tenants}

