"""The official msgraph-sdk parses the emulator's enterprise-application answers (service principals, grants,
app role assignments, groups) into its own models, field by field. Skipped where msgraph-sdk is not installed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

pytest.importorskip("msgraph")

from kiota_serialization_json.json_parse_node_factory import JsonParseNodeFactory
from msgraph.generated.models.app_role_assignment_collection_response import (
    AppRoleAssignmentCollectionResponse,
)
from msgraph.generated.models.group_collection_response import GroupCollectionResponse
from msgraph.generated.models.o_auth2_permission_grant_collection_response import (
    OAuth2PermissionGrantCollectionResponse,
)
from msgraph.generated.models.service_principal import ServicePrincipal
from msgraph.generated.models.service_principal_collection_response import (
    ServicePrincipalCollectionResponse,
)

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"


def parse(response: httpx.Response, model: Any) -> Any:
    assert response.status_code == 200, response.text
    node = JsonParseNodeFactory().get_root_parse_node("application/json", response.content)
    return node.get_object_value(model)


def test_the_sdk_reads_service_principals_grants_assignments_and_groups(graph: httpx.Client) -> None:
    graph_sp = parse(graph.get(f"/servicePrincipals(appId='{GRAPH_APP_ID}')"), ServicePrincipal)
    assert graph_sp.display_name == "Microsoft Graph"
    assert {s.value for s in graph_sp.oauth2_permission_scopes} >= {"User.Read", "Mail.Send"}
    assert {str(r.id) for r in graph_sp.app_roles} >= {"b633e1c5-b582-4048-a93e-9f11b44c7e96"}

    user = graph.get("/users", params={"$top": "3"}).json()["value"][1]
    assert graph.post(f"/servicePrincipals/{graph_sp.id}/owners/$ref",
                      json={"@odata.id": f"{graph.base_url}/directoryObjects/{user['id']}"}).status_code == 204
    sps = parse(graph.get("/servicePrincipals", params={"$expand": "owners"}), ServicePrincipalCollectionResponse)
    assert sps.value and all(sp.app_id for sp in sps.value)
    assert any(sp.app_role_assignment_required for sp in sps.value)
    assert [o.id for sp in sps.value for o in sp.owners or []] == [user["id"]]

    grants = parse(graph.get("/oauth2PermissionGrants"), OAuth2PermissionGrantCollectionResponse)
    assert grants.value and {g.consent_type for g in grants.value} <= {"AllPrincipals", "Principal"}
    assert all(g.client_id and g.resource_id and g.scope is not None for g in grants.value)

    given = parse(graph.get(f"/servicePrincipals/{graph_sp.id}/appRoleAssignedTo"),
                  AppRoleAssignmentCollectionResponse)
    assert given.value and all(a.app_role_id and a.principal_type == "ServicePrincipal" for a in given.value)
    assert all(a.created_date_time is not None for a in given.value)

    groups = parse(graph.get("/groups"), GroupCollectionResponse)
    assert groups.value and all(g.security_enabled for g in groups.value)
