"""Tokens: emulator.<tenantId> reads and writes, emulator.<tenantId>.read only reads, emulator.<tenantId>.basic
(a user with only User.Read) reads the organization and nothing else, anything else is 401."""

from __future__ import annotations

import httpx
from emulator_helpers import assert_error


def test_missing_token_is_401(emulator) -> None:
    response = httpx.get(f"{emulator.base_url}/applications")
    assert_error(response, 401, "InvalidAuthenticationToken")


def test_unknown_tenant_token_is_401(connect) -> None:
    client = connect(token="emulator.00000000-0000-4000-8000-000000000000")
    assert_error(client.get("/applications"), 401, "InvalidAuthenticationToken")


def test_token_not_of_the_emulator_is_401(connect) -> None:
    assert_error(connect(token="eyJ0eXAiOiJKV1QiLCJhbGciOi").get("/organization"), 401, "InvalidAuthenticationToken")


def test_read_token_reads(connect) -> None:
    response = connect("contoso", read_only=True).get("/applications", params={"$top": "1"})
    assert response.status_code == 200
    assert len(response.json()["value"]) == 1


def test_read_token_cannot_write(connect) -> None:
    reader = connect("contoso", read_only=True)
    assert_error(reader.post("/applications", json={"displayName": "x"}), 403, "Authorization_RequestDenied")
    app = reader.get("/applications", params={"$top": "1"}).json()["value"][0]
    assert_error(reader.patch(f"/applications/{app['id']}", json={"notes": "x"}), 403, "Authorization_RequestDenied")
    assert_error(reader.delete(f"/applications/{app['id']}"), 403, "Authorization_RequestDenied")


def test_basic_token_reads_the_organization_and_is_refused_the_apps(connect, emulator) -> None:
    basic = connect(token=f"emulator.{emulator.tenant_id('contoso')}.basic")
    org = basic.get("/organization")
    assert org.status_code == 200 and org.json()["value"][0]["id"] == emulator.tenant_id("contoso")
    assert_error(basic.get("/applications"), 403, "Authorization_RequestDenied")
    assert_error(basic.get("/directory/deletedItems/microsoft.graph.application"), 403, "Authorization_RequestDenied")
    batch = basic.post("/$batch", json={"requests": [
        {"id": "1", "method": "GET", "url": "/organization"},
        {"id": "2", "method": "GET", "url": "/applications?$top=1"},
    ]})
    assert batch.status_code == 200
    statuses = {r["id"]: r["status"] for r in batch.json()["responses"]}
    assert statuses == {"1": 200, "2": 403}


def test_unknown_token_suffix_is_401(connect, emulator) -> None:
    client = connect(token=f"emulator.{emulator.tenant_id('contoso')}.admin")
    assert_error(client.get("/organization"), 401, "InvalidAuthenticationToken")


def test_tenants_are_isolated(connect, emulator) -> None:
    contoso_app = connect("contoso").get("/applications", params={"$top": "1"}).json()["value"][0]
    fabrikam = connect("fabrikam")
    assert_error(fabrikam.get(f"/applications/{contoso_app['id']}"), 404, "Request_ResourceNotFound")
    org = fabrikam.get("/organization").json()["value"][0]
    assert org["id"] == emulator.tenant_id("fabrikam")


def test_client_request_id_is_echoed(graph) -> None:
    response = graph.get("/applications/not-there", headers={"client-request-id": "abc-123"})
    error = assert_error(response, 404, "Request_ResourceNotFound")
    assert error["innerError"]["client-request-id"] == "abc-123"
    assert response.headers["client-request-id"] == "abc-123"


def test_me_is_the_user_the_token_acts_as_and_an_app_has_none(connect, emulator) -> None:
    assert connect("contoso").get("/me").json()["userPrincipalName"].startswith("admin@")
    alice = emulator.named_users("contoso")[0]
    assert connect(token=alice["token"]).get("/me").json()["id"] == alice["id"]
    graph_app = "00000003-0000-0000-c000-000000000000"
    app_token = emulator.token("contoso", acting_as=f"app:{graph_app}")
    answer = connect(token=app_token).get("/me")
    assert_error(answer, 400, "BadRequest")
    assert "only valid with delegated authentication flow" in answer.json()["error"]["message"]
