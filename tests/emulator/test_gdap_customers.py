"""GET /tenantRelationships/delegatedAdminCustomers: Graph's delegatedAdminCustomer shape (id, tenantId,
displayName), every other emulator tenant being a customer of the caller's tenant."""

from __future__ import annotations

from emulator_helpers import assert_error


def test_lists_the_other_tenants_as_customers(graph, connect, emulator) -> None:
    answer = graph.get("/tenantRelationships/delegatedAdminCustomers")
    assert answer.status_code == 200
    body = answer.json()
    assert body["@odata.context"].endswith("$metadata#tenantRelationships/delegatedAdminCustomers")
    fabrikam = emulator.tenant_id("fabrikam")
    assert body["value"] == [{
        "@odata.type": "#microsoft.graph.delegatedAdminCustomer", "id": fabrikam, "tenantId": fabrikam,
        "displayName": next(t["displayName"] for t in emulator.tenants if t["name"] == "fabrikam"),
    }]
    seen_from_fabrikam = connect("fabrikam").get("/tenantRelationships/delegatedAdminCustomers").json()["value"]
    assert [c["tenantId"] for c in seen_from_fabrikam] == [emulator.tenant_id("contoso")]


def test_one_customer_by_id_and_errors(graph, emulator) -> None:
    fabrikam = emulator.tenant_id("fabrikam")
    one = graph.get(f"/tenantRelationships/delegatedAdminCustomers/{fabrikam}")
    assert one.status_code == 200 and one.json()["tenantId"] == fabrikam
    assert_error(graph.get("/tenantRelationships/delegatedAdminCustomers/00000000-0000-4000-8000-000000000009"), 404)
    assert_error(graph.get("/tenantRelationships/delegatedAdminRelationships"), 400)
    assert_error(graph.post("/tenantRelationships/delegatedAdminCustomers", json={}), 405)


def test_needs_a_token(connect) -> None:
    assert_error(connect(token="nonsense").get("/tenantRelationships/delegatedAdminCustomers"), 401)
