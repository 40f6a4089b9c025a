"""The client against the local Graph emulator over real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from desktop_app.graph import GraphClient, GraphError, StaticTokenProvider

try:
    from desktop_app.emulator import Emulator
except ImportError:  # the emulator is built in parallel; until it lands these tests have nothing to run against
    pytest.skip("desktop_app.emulator.Emulator is not available yet", allow_module_level=True)

APPS = 250


@pytest.fixture(scope="module")
def emulator() -> Iterator[Any]:
    with Emulator(tenants=f"t:{APPS}", throttle="off") as emu:
        yield emu


@pytest.fixture
def client(emulator: Any) -> Iterator[GraphClient]:
    tenant = emulator.tenant_id("t")
    tokens = StaticTokenProvider(emulator.token(tenant, read_only=True), emulator.token(tenant))
    with GraphClient(emulator.base_url, tokens, max_retries=2, timeout=30) as graph:
        yield graph


def test_lists_every_app_with_top_999(client: GraphClient) -> None:
    pages = list(client.get_pages("/applications", params={"$top": 999, "$select": "id,appId,displayName"}))

    apps = [app for page in pages for app in page]
    assert len(apps) == APPS
    assert len({app["id"] for app in apps}) == APPS
    assert len(pages) == 1
    assert client.stats.requests == 1


def test_lists_every_app_with_default_paging(client: GraphClient) -> None:
    pages = list(client.get_pages("/applications"))

    assert [len(p) for p in pages] == [100, 100, 50]
    assert len({app["id"] for page in pages for app in page}) == APPS


def test_a_write_with_the_read_token_is_a_403_with_code_and_request_id(emulator: Any) -> None:
    tenant = emulator.tenant_id("t")
    read_token = emulator.token(tenant, read_only=True)
    # Both tokens read-only: the PATCH goes out with the ".read" token.
    with GraphClient(emulator.base_url, StaticTokenProvider(read_token), max_retries=0) as graph:
        app = graph.get("/applications", params={"$top": 1, "$select": "id"})["value"][0]
        with pytest.raises(GraphError) as caught:
            graph.patch(f"/applications/{app['id']}", {"displayName": "renamed"})

    err = caught.value
    assert err.status == 403
    assert err.code  # Graph's code, e.g. Authorization_RequestDenied
    assert err.request_id
    assert read_token not in str(err)
    assert str(err).startswith(f"403 {err.code}: ")
