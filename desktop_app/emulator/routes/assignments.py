"""App role assignments: /servicePrincipals/{id}/appRoleAssignments (what a principal was given: application
permissions) and /servicePrincipals/{id}/appRoleAssignedTo (who was given the resource's roles: users, groups,
service principals). One store, two views.

Rules (sources in the emulator README): the resource is a service principal of the tenant; the role is one of its
enabled app roles, or the default-access role (all zeros); the role must allow the principal's type ("User" for
users and groups, "Application" for service principals); the same principal, resource and role twice is refused
(400 "Permission being assigned already exists on the object."). An assignment whose resource or principal is in
the recycle bin is hidden, and comes back with it.
"""

from __future__ import annotations

from typing import Any

from ..errors import bad_request, not_found, segment_not_found
from ..messages import Request, Response, json_response, no_content, page_size, plain_key
from ..state import SpRecord, Tenant, iso
from ..validation import check_object, parse_json_object
from .base import Routes

DEFAULT_ACCESS_ROLE = "00000000-0000-0000-0000-000000000000"
REQUIRED = ("principalId", "resourceId", "appRoleId")


def render_assignment(assignment: dict[str, Any]) -> dict[str, Any]:
    return {"@odata.type": "#microsoft.graph.appRoleAssignment", **assignment}


class AssignmentRoutes(Routes):
    def handle(self, req: Request, tenant: Tenant, sp: SpRecord, nav: str, rest: list[str]) -> Response:
        """`nav` is "appRoleAssignments" (sp is the principal) or "appRoleAssignedTo" (sp is the resource)."""
        side = "principalId" if nav == "appRoleAssignments" else "resourceId"
        path = f"/servicePrincipals/{sp.id}/{nav}"
        if not rest:
            self.method(req, "GET", "POST")
            if req.method == "POST":
                return self._create(req, tenant, sp, side, path)
            return self._list(req, tenant, sp, side, path)
        if len(rest) > 1:
            raise segment_not_found(rest[-1])
        key = plain_key(rest[0])
        assignment = tenant.assignments.get(key)
        if assignment is None or assignment[side] != sp.id or not tenant.assignment_visible(assignment):
            raise not_found(key)
        self.method(req, "GET", "DELETE")
        if req.method == "GET":
            return json_response(200, {"@odata.context": self._context(req, path, True),
                                       **render_assignment(assignment)}, 1)
        del tenant.assignments[key]
        if self.context.consistency_delay_s > 0:
            tenant.removed_assignments[key] = (assignment, self.visible_from())
        return no_content()

    @staticmethod
    def _context(req: Request, path: str, entity: bool) -> str:
        parts = path.strip("/").split("/")
        return f"{req.base_url}/$metadata#{parts[0]}('{parts[1]}')/{parts[2]}{'/$entity' if entity else ''}"

    def _list(self, req: Request, tenant: Tenant, sp: SpRecord, side: str, path: str) -> Response:
        self.check_unsupported(req)
        if "$filter" in req.query:
            raise bad_request("$filter on app role assignments is not supported by the emulator.",
                              "Request_UnsupportedQuery")
        listed = tenant.listed_assignments(self.directory.mono())
        order = sorted(k for k, a in listed.items() if a[side] == sp.id and tenant.assignment_visible(a))

        def lookup(assignment_id: str) -> tuple[str, dict[str, Any]] | None:
            assignment = listed.get(assignment_id)
            return (assignment_id, assignment) if assignment is not None else None

        page, token = self.page_by_id(req, tenant, order, lookup, None, page_size(req.query), path)
        payload: dict[str, Any] = {"@odata.context": self._context(req, path, False)}
        if token:
            payload["@odata.nextLink"] = self.next_link(req, path, token)
        payload["value"] = [render_assignment(a) for _, a in page]
        return json_response(200, payload, len(page))

    def _create(self, req: Request, tenant: Tenant, sp: SpRecord, side: str, path: str) -> Response:
        body = parse_json_object(req.body)
        check_object(self.directory.schema, "appRoleAssignment", body)
        for name in REQUIRED:
            if not isinstance(body.get(name), str) or not body[name]:
                raise bad_request(f"Property '{name}' is required.", target=name)
        for name in sorted(set(body) - set(REQUIRED)):
            if not name.startswith("@odata."):
                raise bad_request(f"Property '{name}' is read-only and cannot be set.", target=name)
        if body[side] != sp.id:
            raise bad_request(f"Property '{side}' must be the id of the service principal in the URL ('{sp.id}').",
                              target=side)
        resource = tenant.sps.get(body["resourceId"])
        if resource is None:
            raise not_found(body["resourceId"])
        not_found_on_app = bad_request(
            f"Permission being assigned was not found on application '{resource.doc.get('appId')}'.",
            target="appRoleId")
        principal_id = body["principalId"]
        principal_type = tenant.principal_type(principal_id)
        if principal_type is None:
            raise not_found(principal_id)
        role_id = body["appRoleId"].lower()
        if not self._role_allows(resource, role_id, principal_type):
            raise not_found_on_app
        # Replication (graph-notes §11; terraform-provider-azuread#1896, msgraph-bicep-types#193): for a while after
        # a resource, its role or a principal service principal was created, Graph answers as if they were not there.
        if not self.visible(resource.visible_at) or \
                not self.visible(resource.roles_visible_at.get(role_id, float("-inf"))):
            raise not_found_on_app
        principal_sp = tenant.sps.get(principal_id)
        if principal_sp is not None and not self.visible(principal_sp.visible_at):
            raise bad_request("Not a valid reference update.")
        if principal_type == "Group" and tenant.plan == "free":
            # assign-user-or-group-access-portal: group assignment needs Entra ID P1 or P2; the portal's words
            # (MicrosoftDocs/azure-docs#83577), Graph's code for it is our guess.
            raise bad_request("Groups are not available for assignment due to your Active Directory plan level. You "
                              "can assign individual users to the application.", target="principalId")
        for existing in tenant.assignments.values():
            if (existing["principalId"], existing["resourceId"], existing["appRoleId"].lower()) == \
                    (principal_id, resource.id, role_id):
                raise bad_request("Permission being assigned already exists on the object.")
        assignment = {
            "id": self.directory.new_key_id(),
            "deletedDateTime": None,
            "appRoleId": body["appRoleId"],
            "createdDateTime": iso(self.directory.now()),
            "principalDisplayName": self._display_name(tenant, principal_id),
            "principalId": principal_id,
            "principalType": principal_type,
            "resourceDisplayName": resource.doc.get("displayName"),
            "resourceId": resource.id,
        }
        tenant.assignments[assignment["id"]] = assignment
        if self.context.consistency_delay_s > 0:
            tenant.assignment_listed_from[assignment["id"]] = self.visible_from()
        return json_response(201, {"@odata.context": self._context(req, path, True),
                                   **render_assignment(assignment)}, 1)

    @staticmethod
    def _role_allows(resource: SpRecord, role_id: str, principal_type: str) -> bool:
        member = "Application" if principal_type == "ServicePrincipal" else "User"
        if role_id == DEFAULT_ACCESS_ROLE:
            return True
        for role in resource.doc.get("appRoles") or []:
            if str(role.get("id", "")).lower() == role_id:
                return bool(role.get("isEnabled")) and member in (role.get("allowedMemberTypes") or [])
        return False

    @staticmethod
    def _display_name(tenant: Tenant, object_id: str) -> str | None:
        for store in (tenant.users, tenant.groups):
            if object_id in store:
                return store[object_id].get("displayName")
        sp = tenant.sps.get(object_id)
        return sp.doc.get("displayName") if sp is not None else None

