"""Resource units (graph-notes.md section 8): costs, S/M/L budgets, writes per 150 s, 429 and its headers."""

from __future__ import annotations

import math
import time

import pytest
from emulator_helpers import assert_error, new_app


@pytest.mark.parametrize(("path", "params", "cost"), [
    ("/applications", {}, 2),
    ("/applications", {"$select": "id"}, 1),
    ("/applications", {"$expand": "owners"}, 3),
    ("/applications", {"$top": "5"}, 1),
    ("/applications", {"$top": "5", "$select": "id"}, 1),
    ("/applications", {"$top": "20"}, 2),
    ("/users", {}, 2),
    ("/domains", {}, 1),
    ("/organization", {"$select": "id"}, 1),
])
def test_resource_unit_header_on_every_read(graph, path: str, params: dict, cost: int) -> None:
    assert graph.get(path, params=params).headers["x-ms-resource-unit"] == str(cost)


def test_resource_unit_header_on_errors_and_writes(graph) -> None:
    app = new_app(graph)
    assert graph.post("/applications", json={"displayName": "w"}).headers["x-ms-resource-unit"] == "1"
    assert graph.get(f"/applications/{app['id']}/owners").headers["x-ms-resource-unit"] == "1"
    assert graph.get("/oauth2PermissionGrants/" + "x" * 43).headers["x-ms-resource-unit"] == "2"  # a 404 too


def test_costs_of_single_objects_follow_graphs_table(graph) -> None:
    """throttling-limits, identity and access: `applications` and `users` (the lists) cost 2, one of them is an
    unlisted read (1); `oauth2PermissionGrants/{id}` is listed at 2, as the list is."""
    app = new_app(graph)
    user = graph.get("/users", params={"$top": "1"}).json()["value"][0]
    grant = graph.get("/oauth2PermissionGrants", params={"$top": "1"}).json()["value"][0]
    assert graph.get(f"/applications/{app['id']}").headers["x-ms-resource-unit"] == "1"
    assert graph.get(f"/applications(appId='{app['appId']}')").headers["x-ms-resource-unit"] == "1"
    assert graph.get(f"/users/{user['id']}").headers["x-ms-resource-unit"] == "1"
    assert graph.get(f"/oauth2PermissionGrants/{grant['id']}").headers["x-ms-resource-unit"] == "2"
    assert graph.get("/oauth2PermissionGrants").headers["x-ms-resource-unit"] == "2"
    assert graph.get(f"/applications/{app['id']}/extensionProperties").headers["x-ms-resource-unit"] == "2"


def test_small_budget_is_3500_units_per_10_seconds(graph, hooks) -> None:
    grant = graph.get("/oauth2PermissionGrants", params={"$top": "1"}).json()["value"][0]
    hooks.post("/_emulator/config", json={"throttle": "S"})
    # GET oauth2PermissionGrants/{id} costs 2 RU like the list and keeps each answer small
    requests = [{"id": str(i), "method": "GET", "url": f"/oauth2PermissionGrants/{grant['id']}"} for i in range(20)]
    allowed = 0
    started = time.monotonic()
    for _ in range(100):
        statuses = [a["status"] for a in graph.post("/$batch", json={"requests": requests}).json()["responses"]]
        allowed += statuses.count(200)
        if 429 in statuses:
            break
    elapsed = time.monotonic() - started
    # 3500 RU at 2 RU a request, plus what drained (350 RU/s) while the batches ran
    assert 1750 <= allowed <= 1750 + math.ceil(elapsed * 175) + 1


@pytest.mark.parametrize(("level", "quota"), [("S", 3500), ("M", 5000), ("L", 8000)])
def test_budgets_per_level(hooks, level: str, quota: int) -> None:
    config = hooks.post("/_emulator/config", json={"throttle": level}).json()
    assert config["ruQuota"] == quota and config["writeQuota"] == 3000


def test_429_carries_retry_after_and_throttle_headers(graph, hooks, emulator) -> None:
    hooks.post("/_emulator/config", json={"throttle": "S", "ruQuota": 6})
    for _ in range(3):
        assert graph.get("/applications").status_code == 200
    response = graph.get("/applications")
    assert_error(response, 429, "TooManyRequests")
    assert int(response.headers["Retry-After"]) >= 1
    scope = response.headers["x-ms-throttle-scope"]
    assert scope.startswith("Tenant_Application/") and scope.endswith(emulator.tenant_id("contoso"))
    assert response.headers["x-ms-throttle-information"] == "ResourceUnitLimitExceeded"
    assert response.headers["x-ms-resource-unit"] == "2"


def test_waiting_retry_after_lets_requests_through(graph, hooks) -> None:
    hooks.post("/_emulator/config", json={"throttle": "S", "ruQuota": 4})
    graph.get("/applications")
    graph.get("/applications")
    throttled = graph.get("/applications")
    assert throttled.status_code == 429
    hooks.post("/_emulator/clock", json={"advanceSeconds": int(throttled.headers["Retry-After"])})
    assert graph.get("/applications").status_code == 200


def test_limit_percentage_appears_above_80_percent(graph, hooks) -> None:
    hooks.post("/_emulator/config", json={"throttle": "S", "ruQuota": 100})
    hooks.post("/_emulator/clock", json={"freeze": True})  # no draining while a loaded machine answers slowly
    seen = []
    for _ in range(45):
        seen.append(graph.get("/applications").headers.get("x-ms-throttle-limit-percentage"))
    assert seen[0] is None and seen[38] is None  # 78 units of 100
    assert seen[41] is not None and 0.8 < float(seen[41]) <= 1.8


def test_write_quota(graph, hooks) -> None:
    hooks.post("/_emulator/config", json={"throttle": "S", "writeQuota": 3})
    for index in range(3):
        assert graph.post("/applications", json={"displayName": f"w{index}"}).status_code == 201
    response = graph.post("/applications", json={"displayName": "w3"})
    assert_error(response, 429)
    assert response.headers["x-ms-throttle-information"] == "WriteLimitExceeded"
    assert "/Write/" in response.headers["x-ms-throttle-scope"]
    assert graph.get("/organization").status_code == 200  # reads still pass


def test_tenants_have_their_own_budget(graph, connect, hooks) -> None:
    hooks.post("/_emulator/config", json={"throttle": "S", "ruQuota": 4})
    graph.get("/applications")
    graph.get("/applications")
    assert graph.get("/applications").status_code == 429
    assert connect("fabrikam").get("/applications").status_code == 200


def test_throttled_requests_still_count(graph, hooks) -> None:
    hooks.post("/_emulator/config", json={"throttle": "S", "ruQuota": 4})
    graph.get("/applications")
    graph.get("/applications")
    first = int(graph.get("/applications").headers["Retry-After"])
    second = int(graph.get("/applications").headers["Retry-After"])
    assert second >= first


def test_resource_unit_header_on_refused_requests_and_batches(graph, connect) -> None:
    reader = connect("contoso", read_only=True)
    assert reader.post("/applications", json={"displayName": "x"}).headers["x-ms-resource-unit"] == "1"
    requests = [{"id": "1", "method": "GET", "url": "/applications"}, {"id": "2", "method": "GET", "url": "/domains"}]
    response = graph.post("/$batch", json={"requests": requests})
    assert response.headers["x-ms-resource-unit"] == "3"
    assert [a["headers"]["x-ms-resource-unit"] for a in response.json()["responses"]] == ["2", "1"]


def test_a_frozen_clock_drains_nothing_and_restarts_where_it_stopped(emulator, graph, hooks) -> None:
    hooks.post("/_emulator/config", json={"throttle": "S", "ruQuota": 10})
    hooks.post("/_emulator/clock", json={"freeze": True})
    for _ in range(5):
        assert graph.get("/applications").status_code == 200  # 10 units of 10
    time.sleep(2.2)  # a running clock drains 1 unit a second here: enough for one more 2-unit read
    assert graph.get("/applications").status_code == 429
    before = emulator.directory.mono()
    hooks.post("/_emulator/clock", json={"freeze": False})
    assert emulator.directory.mono() >= before  # never backwards
