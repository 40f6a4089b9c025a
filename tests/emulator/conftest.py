"""An emulator per test (small tenants, throttling off), started in-process on a free port, spoken to over HTTP."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator

import httpx
import pytest

from desktop_app.emulator import Emulator

# The tests import their helpers as a plain module (pytest runs with --import-mode=importlib).

TENANTS = "contoso:30,fabrikam:10"
# httpx builds an SSL context per client (40 ms); the emulator is plain HTTP, so share one.
SSL_CONTEXT = ssl.create_default_context()
SEED = 7


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(TENANTS, seed=SEED) as running:
        yield running


@pytest.fixture
def connect(emulator: Emulator) -> Iterator[Callable[..., httpx.Client]]:
    clients: list[httpx.Client] = []

    def make(tenant: str = "contoso", read_only: bool = False, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token or emulator.token(tenant, read_only=read_only)}"}
        client = httpx.Client(base_url=emulator.base_url, headers=headers, timeout=30, verify=SSL_CONTEXT)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def graph(connect: Callable[..., httpx.Client]) -> httpx.Client:
    return connect("contoso")


@pytest.fixture
def hooks(emulator: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.root_url, headers=emulator.control_headers, timeout=30,
                      verify=SSL_CONTEXT) as client:
        yield client
