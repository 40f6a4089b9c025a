"""Paging: every page to the end, nextLink used verbatim, query parameters as Graph expects them."""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx
import pytest
from graph_fakes import BASE, TOKEN, Handler, Harness

from desktop_app.graph import GraphError

TOTAL = 2500


def paged_apps(issued_links: list[str]) -> Handler:
    """2,500 apps; page size from $top (default 100, max 999); nextLinks carry an opaque, escaped token."""

    def handler(request: httpx.Request) -> httpx.Response:
        query = parse_qs(request.url.query.decode())
        if "$skiptoken" in query:
            # The client must send the link exactly as issued (not re-encoded, not re-built).
            assert str(request.url) in issued_links
            start, top = (int(x) for x in query["$skiptoken"][0].split("=", 1)[0].split("-"))
        else:
            start, top = 0, min(int(query.get("$top", ["100"])[0]), 999)
        items = [{"id": f"app-{i:05d}"} for i in range(start, min(start + top, TOTAL))]
        body: dict[str, object] = {"value": items}
        if start + top < TOTAL:
            # "%3D" stays escaped in a verbatim link; a client that decodes and re-encodes would alter it.
            link = f"{BASE}/applications?$top={top}&$skiptoken={start + top}-{top}%3D%3D"
            issued_links.append(link)
            body["@odata.nextLink"] = link
        return httpx.Response(200, json=body)

    return handler


def test_get_all_follows_next_links_to_the_end_with_default_page_size(harness: Harness) -> None:
    links: list[str] = []
    client = harness.client(paged_apps(links))

    apps = client.get_all("/applications")

    assert len(apps) == TOTAL
    assert [a["id"] for a in apps] == [f"app-{i:05d}" for i in range(TOTAL)]
    assert len(harness.requests) == 25  # 100 per page
    assert [str(r.url) for r in harness.requests[1:]] == links
    assert client.stats.requests == 25


def test_top_999_and_select_are_sent_readably_on_the_first_request_only(harness: Harness) -> None:
    links: list[str] = []
    client = harness.client(paged_apps(links))

    pages = list(client.get_pages("/applications", params={"$top": 999, "$select": "id,appId",
                                                            "$filter": "startswith(appId,'a b')"}))

    assert [len(p) for p in pages] == [999, 999, 502]
    first = harness.requests[0].url
    assert first.raw_path.decode() == (
        "/v1.0/applications?$top=999&$select=id,appId&$filter=startswith(appId,'a%20b')"
    )
    # Later pages are the nextLinks, untouched (params are not appended a second time).
    assert [str(r.url) for r in harness.requests[1:]] == links


def test_headers_such_as_consistency_level_go_on_every_page(harness: Harness) -> None:
    client = harness.client(paged_apps([]))

    client.get_all("/applications", params={"$count": True}, headers={"ConsistencyLevel": "eventual"})

    assert len(harness.requests) == 25
    assert all(r.headers["ConsistencyLevel"] == "eventual" for r in harness.requests)
    assert "$count=true" in harness.requests[0].url.query.decode()


def test_a_next_link_to_another_host_is_refused_without_sending_the_token(harness: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"value": [{"id": "1"}], "@odata.nextLink": "https://evil.test/v1.0/x"})

    client = harness.client(handler)

    with pytest.raises(GraphError) as caught:
        client.get_all("/applications")

    assert caught.value.code == "ForeignUrl"
    assert len(harness.requests) == 1
    assert all(r.url.host == "graph.test" for r in harness.requests)
    assert TOKEN not in str(caught.value)


def test_a_next_link_that_repeats_the_page_raises_instead_of_looping(harness: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"value": [], "@odata.nextLink": str(request.url)})

    client = harness.client(handler)

    with pytest.raises(GraphError, match="InvalidNextLink"):
        client.get_all("/applications?$top=5")
    assert len(harness.requests) == 1


def test_get_bytes_returns_content_and_none_for_404(harness: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/a/logo"):
            return httpx.Response(200, content=b"\x89PNG\x00\x01", headers={"Content-Type": "image/png"})
        return httpx.Response(404, json={"error": {"code": "Request_ResourceNotFound", "message": "no logo"}})

    client = harness.client(handler)

    assert client.get_bytes("/applications/a/logo") == b"\x89PNG\x00\x01"
    assert client.get_bytes("/applications/b/logo") is None
    assert harness.requests[0].headers["Accept"] == "*/*"


@pytest.mark.parametrize("value", [["not an app"], [{"id": "a"}, 7], [None]])
def test_a_listing_holding_anything_but_objects_is_an_error(harness: Harness, value: list[object]) -> None:
    """Issue 29 item 3: what a caller reads field by field must be objects, or the listing is refused whole."""
    client = harness.client(lambda r: httpx.Response(200, json={"value": value}))

    with pytest.raises(GraphError) as caught:
        client.get_all("/applications")

    assert caught.value.code == "NotACollection"
