"""services/directory_lookup.py against the emulator: users by sign-in name, groups by display name and directory
objects by id, 20 to a $batch - the requests grow with the names asked for, never with the tenant."""

from __future__ import annotations

import copy
import math
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from desktop_app.emulator import Emulator
from desktop_app.graph.client import GraphClient
from desktop_app.graph.tokens import StaticTokenProvider
from desktop_app.services import directory_lookup


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(tenants="contoso:4", seed=3, throttle="off") as emu:
        yield emu


def _graph(emulator: Emulator, permissions: list[str] | None = None) -> GraphClient:
    token = emulator.token("contoso", permissions=permissions) if permissions else emulator.token("contoso")
    return GraphClient(emulator.base_url, StaticTokenProvider(token), max_retries=2)


def _batches(emulator: Emulator) -> int:
    data = httpx.get(f"{emulator.root_url}/_emulator/counters", headers=emulator.control_headers, timeout=20).raise_for_status().json()
    return int(data["tenants"][emulator.tenant_id("contoso")]["batches"])


def _add_user(emulator: Emulator, upn: str) -> dict[str, Any]:
    tenant = emulator.directory.tenant("contoso")
    user = {**copy.deepcopy(next(iter(tenant.users.values()))), "id": str(uuid.uuid4()), "userPrincipalName": upn}
    tenant.add_user(user)
    return user


def test_users_are_found_by_sign_in_name_twenty_to_a_batch(emulator: Emulator) -> None:
    tenant = emulator.directory.tenant("contoso")
    domain = tenant.initial_domain
    named = [_add_user(emulator, f"person{n}@{domain}") for n in range(41)]
    quoted = _add_user(emulator, f"o'neil+test@{domain}")  # a quote and a plus in a URL path
    guest = _add_user(emulator, f"ann_fabrikam.com#EXT#@{domain}")  # invited: found under her home name
    for n in range(2000):
        _add_user(emulator, f"bulk{n}@{domain}")  # the tenant's size must not matter
    asked = [u["userPrincipalName"].upper() for u in named] + [quoted["userPrincipalName"], "gone@nowhere.example"]
    graph = _graph(emulator)
    before = _batches(emulator)

    found = directory_lookup.users_by_upn(graph, [*asked, "ann@fabrikam.com"], guest_domains=[domain])

    expected = {u["userPrincipalName"].lower(): u["id"] for u in [*named, quoted]}
    assert found == {**expected, "ann@fabrikam.com": guest["id"]}
    # 44 names in 3 batches of 20, then the 2 not found as members again as guests: 1 batch.
    assert _batches(emulator) - before == math.ceil(44 / 20) + 1
    graph.close()


def test_groups_are_found_by_display_name_and_a_shared_name_is_not_guessed(emulator: Emulator) -> None:
    tenant = emulator.directory.tenant("contoso")
    template = next(iter(tenant.groups.values()))

    def group(name: str) -> dict[str, Any]:
        made = {**copy.deepcopy(template), "id": str(uuid.uuid4()), "displayName": name}
        tenant.add_group(made)
        return made

    teams = [group(f"Team {n}") for n in range(25)]
    quoted = group("O'Brien's team")
    group("Twins")
    group("Twins")
    graph = _graph(emulator)
    before = _batches(emulator)

    found = directory_lookup.groups_by_name(graph, ["team 3", *(g["displayName"] for g in teams), quoted["displayName"],
                                                    "Twins", "Nobody's group"])

    assert found == {**{g["displayName"].casefold(): g["id"] for g in teams}, "o'brien's team": quoted["id"]}
    assert _batches(emulator) - before == math.ceil(28 / 20)  # "team 3" and "Team 3" are one name
    graph.close()


def test_a_refused_look_up_is_said_not_guessed(emulator: Emulator) -> None:
    user = next(iter(emulator.directory.tenant("contoso").users.values()))
    graph = _graph(emulator, ["Application.ReadWrite.All", "User.Read"])
    with pytest.raises(directory_lookup.LookUpRefused):
        directory_lookup.users_by_upn(graph, [user["userPrincipalName"]])
    with pytest.raises(directory_lookup.LookUpRefused):
        directory_lookup.groups_by_name(graph, ["Finance"])
    with pytest.raises(directory_lookup.LookUpRefused):
        directory_lookup.existing(graph, [user["id"]])
    graph.close()
    allowed = _graph(emulator, ["Application.ReadWrite.All", "Directory.Read.All"])
    assert directory_lookup.existing(allowed, [user["id"], str(uuid.uuid4())]) == {user["id"]}
    allowed.close()
