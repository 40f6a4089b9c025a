"""Backups against a real emulator, into a real store in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from capture_world import CaptureWorld
from restore_world import World

from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store, TenantInfo
from desktop_app.store.location import DatabaseLocation


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(tenants="contoso:60,fabrikam:8", seed=11, throttle="off") as emu:
        yield emu


@pytest.fixture
def store(database: DatabaseLocation) -> Iterator[Store]:
    store = Store.open(database)  # SQLite in tmp_path, and PostgreSQL where a server is configured
    try:
        yield store
    finally:
        store.close()


def fast_connector() -> GraphConnector:
    # Waits are real in the emulator's Retry-After; keep retries quick but real.
    return GraphConnector(timeout=20, max_retries=12)


@pytest.fixture
def contoso(emulator: Emulator, store: Store) -> TenantInfo:
    return TenantService(store, fast_connector()).add_emulator_tenant(
        emulator.base_url, emulator.tenant_id("contoso")
    )


@pytest.fixture
def backup(store: Store) -> BackupService:
    return BackupService(store, fast_connector())


class Graph:
    """Plain HTTP to the emulator, as an admin in the portal would change things: no Regvault code."""

    def __init__(self, emulator: Emulator, tenant: str) -> None:
        self.http = httpx.Client(
            base_url=emulator.base_url,
            headers={"Authorization": f"Bearer {emulator.token(tenant)}"},
            timeout=20,
        )

    def get(self, path: str, **params: Any) -> Any:
        response = self.http.get(path, params=params or None)
        response.raise_for_status()
        return response.json()

    def all(self, path: str, **params: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        data = self.get(path, **params)
        items.extend(data["value"])
        while "@odata.nextLink" in data:
            response = self.http.get(data["@odata.nextLink"])
            response.raise_for_status()
            data = response.json()
            items.extend(data["value"])
        return items

    def send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = self.http.request(method, path, **kwargs)
        assert response.status_code < 300, response.text
        return response


@pytest.fixture
def graph(emulator: Emulator) -> Iterator[Graph]:
    g = Graph(emulator, "contoso")
    yield g
    g.http.close()


@pytest.fixture
def world(emulator: Emulator, store: Store) -> Iterator[World]:
    """The restore tests' world (restore_world.py) on the module's emulator; modules with a world of another kind
    define their own."""
    built = World(emulator, store)
    yield built
    built.close()


@pytest.fixture
def capture_world(emulator: Emulator, store: Store) -> Iterator[CaptureWorld]:
    """The change timeline's world (capture_world.py) on the module's emulator."""
    built = CaptureWorld(emulator, store)
    yield built
    built.close()
