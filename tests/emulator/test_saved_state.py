"""Emulator.save_state / load_state: the demo's tenants go on where the last run left them, and a state an emulator
with other records wrote (a field added since) is not loaded."""

from __future__ import annotations

import pickle
from pathlib import Path

import httpx

from desktop_app.emulator import Emulator


def test_a_saved_state_is_loaded_by_the_same_emulator_and_refused_by_another_layout(tmp_path: Path) -> None:
    state = tmp_path / "graph.state"
    with Emulator("contoso:4", seed=3) as first:
        headers = {"Authorization": f"Bearer {first.token('contoso')}"}
        app = httpx.get(f"{first.base_url}/applications", headers=headers).json()["value"][0]
        httpx.patch(f"{first.base_url}/applications/{app['id']}", headers=headers,
                    json={"notes": "kept"}).raise_for_status()
        first.save_state(state)
    assert state.stat().st_mode & 0o777 == 0o600

    again = Emulator("contoso:4", seed=3)
    assert again.load_state(state)
    with again:
        read = httpx.get(f"{again.base_url}/applications/{app['id']}", headers=headers).json()
        assert read["notes"] == "kept"

    assert not Emulator("contoso:5", seed=3).load_state(state)  # other tenants
    saved = pickle.loads(state.read_bytes())
    state.write_bytes(pickle.dumps({**saved, "layout": "records of another version"}))
    assert not Emulator("contoso:4", seed=3).load_state(state)
    state.write_bytes(b"not a state")
    assert not Emulator("contoso:4", seed=3).load_state(state)
