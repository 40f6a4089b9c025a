"""Issue 16 case 9: the emulator's test hooks tell the truth: the `faults` counter counts injected faults (in the
total and per tenant), and a `POST /_emulator/config` that is refused changes nothing at all."""

from __future__ import annotations

import httpx
import pytest

from desktop_app.emulator import Emulator


def test_the_faults_counter_counts_injected_faults(emulator: Emulator, graph: httpx.Client,
                                                    hooks: httpx.Client) -> None:
    tenant_id = emulator.tenant_id("contoso")
    assert hooks.get("/_emulator/counters").json()["tenants"][tenant_id]["faults"] == 0
    hooks.post("/_emulator/config", json={"faultRate": 1.0, "faultKinds": ["503"]}).raise_for_status()
    for _ in range(5):
        assert graph.get("/organization").status_code == 503
    hooks.post("/_emulator/config", json={"faultRate": 0}).raise_for_status()
    assert graph.get("/organization").status_code == 200
    counters = hooks.get("/_emulator/counters").json()
    assert counters["faults"] == 5
    assert counters["tenants"][tenant_id]["faults"] == 5
    other = emulator.tenant_id("fabrikam")
    assert counters["tenants"][other]["faults"] == 0


@pytest.mark.parametrize(
    "body",
    [
        {"latencyMs": 250, "faultRate": 7},  # a good knob, then a bad one
        {"latencyMs": 250, "throttle": "XL"},
        {"latencyMs": 250, "faultKinds": ["meteor"]},
        {"latencyMs": 250, "slowMs": "soon"},
        {"latencyMs": 250, "consistencyDelaySeconds": -1},
        {"latencyMs": 250, "noSuchKnob": 1},
    ],
)
def test_a_refused_config_applies_nothing(hooks: httpx.Client, body: dict[str, object]) -> None:
    before = hooks.get("/_emulator/config").json()
    response = hooks.post("/_emulator/config", json=body)
    assert response.status_code == 400
    assert hooks.get("/_emulator/config").json() == before
