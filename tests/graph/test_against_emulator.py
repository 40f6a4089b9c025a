"""The client against the local Graph emulator over real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from desktop_app.emulator import Emulator
from desktop_app.graph import BatchRequest, GraphClient, GraphError, StaticTokenProvider

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


def test_lists_every_app_with_top_999_and_with_default_paging(client: GraphClient) -> None:
    big_pages = list(client.get_pages("/applications", params={"$top": 999, "$select": "id,appId,displayName"}))
    small_pages = list(client.get_pages("/applications", params={"$select": "id"}))
    deleted = client.get_all("/directory/deletedItems/microsoft.graph.application", params={"$select": "id"})

    listed = [app["id"] for page in big_pages for app in page]
    paged = [app["id"] for page in small_pages for app in page]
    # The seed puts a few of the 250 apps in the recycle bin; listed + recycled is every app, once.
    assert len(set(listed)) == len(listed)
    assert len(listed) + len(deleted) == APPS
    assert not set(listed) & {d["id"] for d in deleted}
    assert len(big_pages) == 1
    # Default page size 100: full pages until the last, and the same apps as the single big page.
    assert len(small_pages) == -(-len(listed) // 100) >= 3
    assert all(len(p) == 100 for p in small_pages[:-1])
    assert sorted(paged) == sorted(listed)


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


def test_a_batch_of_owner_lookups_answers_each_app(client: GraphClient) -> None:
    apps = client.get_all("/applications", params={"$top": 999, "$select": "id"})[:45]
    requests = [BatchRequest(str(i), "GET", f"/applications/{a['id']}/owners?$select=id") for i, a in enumerate(apps)]
    requests.append(BatchRequest("missing", "GET", "/applications/00000000-0000-0000-0000-000000000000/owners"))
    before = client.stats

    answers = client.batch(requests)

    assert [a.id for a in answers] == [r.id for r in requests]
    assert all(a.status == 200 and isinstance(a.json.get("value"), list) for a in answers[:-1])
    missing = answers[-1].error
    assert missing is not None and missing.status == 404 and missing.code == "Request_ResourceNotFound"
    used = client.stats - before
    assert (used.requests, used.inner_requests) == (3, 46)


def test_injected_faults_are_retried_to_the_same_complete_list() -> None:
    with Emulator(tenants=f"t:{APPS}", throttle="off", fault_rate=0.25) as emu:
        emu.configure(fault_kinds=["503-retry-after", "503", "429", "drop"])
        tenant = emu.tenant_id("t")
        tokens = StaticTokenProvider(emu.token(tenant, read_only=True))
        # Retry-After of injected faults is 1 s; the client's waits are skipped so the test stays fast.
        with GraphClient(emu.base_url, tokens, sleep=lambda s: None, timeout=30) as graph:
            faulty = [a["id"] for a in graph.get_all("/applications", params={"$top": 20, "$select": "id"})]
            stats = graph.stats
        emu.configure(fault_rate=0.0)
        with GraphClient(emu.base_url, tokens) as graph:
            clean = [a["id"] for a in graph.get_all("/applications", params={"$top": 20, "$select": "id"})]

    assert faulty == clean
    assert stats.retries > 0
    pages = -(-len(clean) // 20)
    assert stats.requests == pages + stats.retries  # every failed attempt was retried, none given up


def test_a_batch_of_chains_and_independent_requests_is_sent_the_way_graph_takes_it(client: GraphClient) -> None:
    """The emulator refuses a mixed batch whole (400), as Graph does: every request here gets its own answer."""
    apps = client.get("/applications", params={"$top": 3, "$select": "id"})["value"]
    requests = []
    for n, app in enumerate(apps):
        requests.append(BatchRequest(f"set{n}", "PATCH", f"/applications/{app['id']}", body={"notes": f"n{n}"}))
        requests.append(BatchRequest(f"read{n}", "GET", f"/applications/{app['id']}?$select=notes",
                                     depends_on=[f"set{n}"]))
    requests += [BatchRequest(f"owners{n}", "GET", f"/applications/{a['id']}/owners") for n, a in enumerate(apps)]

    answers = {a.id: a for a in client.batch(requests)}

    assert {a.status for a in answers.values()} <= {200, 204}, [a.error for a in answers.values() if a.error]
    assert [answers[f"read{n}"].json["notes"] for n in range(3)] == ["n0", "n1", "n2"]
