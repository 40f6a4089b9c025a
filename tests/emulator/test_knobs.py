"""Realism knobs (latency, eventual consistency, faults) and the /_emulator/ test hooks."""

from __future__ import annotations

import time

import httpx
import pytest
from emulator_helpers import assert_error, new_app

from desktop_app.emulator import Emulator


def test_latency_per_request_and_per_object(graph, hooks) -> None:
    hooks.post("/_emulator/config", json={"latencyMs": 120})
    started = time.monotonic()
    graph.get("/organization")
    assert time.monotonic() - started >= 0.12
    hooks.post("/_emulator/config", json={"latencyMs": 0, "perObjectMs": 10})
    started = time.monotonic()
    assert len(graph.get("/applications", params={"$top": "25"}).json()["value"]) == 25
    assert time.monotonic() - started >= 0.25


def test_new_objects_answer_404_for_a_while(graph, hooks) -> None:
    hooks.post("/_emulator/config", json={"consistencyDelaySeconds": 30})
    app = new_app(graph)
    assert_error(graph.get(f"/applications/{app['id']}"), 404, "Request_ResourceNotFound")
    assert_error(graph.patch(f"/applications/{app['id']}", json={"notes": "x"}), 404)
    assert_error(graph.get(f"/applications(appId='{app['appId']}')"), 404)
    assert_error(graph.post("/servicePrincipals", json={"appId": app["appId"]}), 400)
    hooks.post("/_emulator/clock", json={"advanceSeconds": 31})
    assert graph.get(f"/applications/{app['id']}").status_code == 200
    assert graph.post("/servicePrincipals", json={"appId": app["appId"]}).status_code == 201


@pytest.mark.parametrize(("kind", "status", "retry_after"), [
    ("503", 503, False), ("503-retry-after", 503, True), ("429", 429, True),
])
def test_fault_answers(graph, hooks, kind: str, status: int, retry_after: bool) -> None:
    hooks.post("/_emulator/config", json={"faultRate": 1.0, "faultKinds": [kind]})
    response = graph.get("/organization")
    assert_error(response, status)
    assert ("Retry-After" in response.headers) is retry_after


def test_fault_dropped_connection(graph, hooks) -> None:
    hooks.post("/_emulator/config", json={"faultRate": 1.0, "faultKinds": ["drop"]})
    with pytest.raises(httpx.TransportError):
        graph.get("/organization")


def test_fault_dropped_after_the_write_was_done(graph, hooks) -> None:
    before = len(graph.get("/applications", params={"$top": "999"}).json()["value"])
    hooks.post("/_emulator/config", json={"faultRate": 1.0, "faultKinds": ["drop-after-processing"]})
    with pytest.raises(httpx.TransportError):
        graph.post("/applications", json={"displayName": "Created anyway"})
    hooks.post("/_emulator/config", json={"faultRate": 0})
    after = graph.get("/applications", params={"$top": "999"}).json()["value"]
    assert len(after) == before + 1 and any(a["displayName"] == "Created anyway" for a in after)


def test_fault_slow_answer(graph, hooks) -> None:
    hooks.post("/_emulator/config", json={"faultRate": 1.0, "faultKinds": ["slow"], "slowMs": 300})
    started = time.monotonic()
    assert graph.get("/organization").status_code == 200
    assert time.monotonic() - started >= 0.3
    with pytest.raises(httpx.ReadTimeout):
        graph.get("/organization", timeout=0.1)


def test_faults_are_seeded_and_hit_the_given_rate() -> None:
    def statuses(seed: int) -> list[int]:
        with Emulator("t:3", seed=seed, fault_rate=0.3) as emulator:
            emulator.configure(fault_kinds=["503", "429"])
            with httpx.Client(base_url=emulator.base_url,
                              headers={"Authorization": f"Bearer {emulator.token('t')}"}) as client:
                return [client.get("/organization").status_code for _ in range(200)]

    first, again, other = statuses(5), statuses(5), statuses(6)
    assert first == again and first != other
    assert 35 <= sum(s != 200 for s in first) <= 85


def test_hooks_are_never_faulted(hooks) -> None:
    hooks.post("/_emulator/config", json={"faultRate": 1.0, "faultKinds": ["503"]})
    assert all(hooks.get("/_emulator/counters").status_code == 200 for _ in range(10))


def test_counters_per_tenant(graph, connect, hooks, emulator) -> None:
    base = hooks.get("/_emulator/counters").json()["tenants"][emulator.tenant_id("contoso")]
    graph.get("/applications")
    graph.get("/domains")
    graph.post("/applications", json={"displayName": "c"})
    connect("fabrikam").get("/organization")
    counters = hooks.get("/_emulator/counters").json()["tenants"]
    contoso = counters[emulator.tenant_id("contoso")]
    assert contoso["requests"] - base["requests"] == 3
    assert contoso["resource_units"] - base["resource_units"] == 2 + 1 + 1
    assert contoso["writes"] - base["writes"] == 1
    assert counters[emulator.tenant_id("fabrikam")]["requests"] == 1
    assert emulator.counters()["tenants"][emulator.tenant_id("fabrikam")]["requests"] == 1


def test_clock_hook_moves_forward_only(hooks) -> None:
    before = hooks.get("/_emulator/clock").json()["now"]
    after = hooks.post("/_emulator/clock", json={"advanceSeconds": 86400 * 2}).json()["now"]
    assert after > before and after[:10] != before[:10]
    assert hooks.post("/_emulator/clock", json={"advanceSeconds": -5}).status_code == 400


def test_config_hook_rejects_unknown_settings(hooks) -> None:
    assert hooks.post("/_emulator/config", json={"turbo": True}).status_code == 400
    assert hooks.post("/_emulator/config", json={"throttle": "XL"}).status_code == 400
    assert hooks.get("/_emulator/config").json()["throttle"] == "off"


def test_tenants_hook(hooks, emulator) -> None:
    tenants = hooks.get("/_emulator/tenants").json()["value"]
    assert [t["name"] for t in tenants] == ["contoso", "fabrikam"]
    assert tenants[0]["id"] == emulator.tenant_id("contoso")
    assert tenants[0]["defaultDomain"] == "contoso.com"


def test_python_api(emulator) -> None:
    tenant_id = emulator.tenant_id("contoso")
    assert emulator.token("contoso") == f"emulator.{tenant_id}"
    assert emulator.token(tenant_id, read_only=True) == f"emulator.{tenant_id}.read"
    assert emulator.base_url == f"{emulator.root_url}/v1.0" and emulator.root_url.startswith("http://127.0.0.1:")
    with pytest.raises(ValueError):
        Emulator("x:1", host="0.0.0.0")


def test_churn_hook_makes_seeded_changes_that_delta_sees(graph, hooks) -> None:
    items: list[dict] = []
    url = "/applications/delta"
    while True:
        body = graph.get(url).json()
        if "@odata.deltaLink" in body:
            link = body["@odata.deltaLink"]
            break
        url = body["@odata.nextLink"]
    changes = hooks.post("/_emulator/churn", json={"tenant": "contoso", "changes": 12}).json()["value"]
    assert len(changes) == 12 and all(c["kind"] and c["id"] for c in changes)
    url = link
    while True:
        body = graph.get(url).json()
        items += body["value"]
        if "@odata.deltaLink" in body:
            break
        url = body["@odata.nextLink"]
    # owners and consent (navigation properties, grants) are not tracked by delta
    touched = {c["id"] for c in changes if c["kind"] not in ("ownersChanged", "consented")}
    assert touched <= {i["id"] for i in items}
    assert hooks.post("/_emulator/churn", json={"tenant": "nowhere"}).status_code == 400


def test_churn_is_seeded() -> None:
    with Emulator("t:20", seed=3) as one, Emulator("t:20", seed=3) as two:
        assert [c["kind"] for c in one.churn("t", 15)] == [c["kind"] for c in two.churn("t", 15)]
