"""GET /applications/delta: pages, deltaLink, changes, @removed changed (recycle bin) and deleted (gone)."""

from __future__ import annotations

from emulator_helpers import assert_error, new_app


def full_round(graph, url: str, params: dict | None = None) -> tuple[list[dict], str]:
    items: list[dict] = []
    while True:
        body = graph.get(url, params=params).json()
        params = None
        items += body["value"]
        if "@odata.deltaLink" in body:
            assert "@odata.nextLink" not in body
            return items, body["@odata.deltaLink"]
        url = body["@odata.nextLink"]


def test_initial_round_pages_to_a_delta_link(graph) -> None:
    first = graph.get("/applications/delta", params={"$top": "10"}).json()
    assert len(first["value"]) == 10 and "@odata.nextLink" in first and "@odata.deltaLink" not in first
    items, link = full_round(graph, "/applications/delta", {"$top": "10"})
    assert len({i["id"] for i in items}) == 29  # active apps only: nothing of the recycle bin
    assert "$deltatoken=" in link
    assert all("@removed" not in i for i in items)


def test_no_changes_means_an_empty_round(graph) -> None:
    _, link = full_round(graph, "/applications/delta")
    items, link2 = full_round(graph, link)
    assert items == [] and link2


def test_changes_show_up_in_the_next_round(graph) -> None:
    _, link = full_round(graph, "/applications/delta")
    created = new_app(graph, displayName="Delta new")
    existing = graph.get("/applications", params={"$top": "3"}).json()["value"]
    graph.patch(f"/applications/{existing[0]['id']}", json={"notes": "changed"})
    graph.delete(f"/applications/{existing[1]['id']}")
    graph.delete(f"/applications/{existing[2]['id']}")
    graph.delete(f"/directory/deletedItems/{existing[2]['id']}")
    items, _ = full_round(graph, link)
    by_id = {i["id"]: i for i in items}
    assert by_id[created["id"]]["displayName"] == "Delta new"
    assert by_id[existing[0]["id"]]["notes"] == "changed"
    assert by_id[existing[1]["id"]]["@removed"] == {"reason": "changed"}
    assert by_id[existing[2]["id"]]["@removed"] == {"reason": "deleted"}
    assert len(items) == 4


def test_select_is_baked_into_the_tokens(graph) -> None:
    items, link = full_round(graph, "/applications/delta", {"$select": "displayName"})
    assert all(set(i) == {"@odata.type", "id", "displayName"} for i in items)
    app = graph.get("/applications", params={"$top": "1"}).json()["value"][0]
    graph.patch(f"/applications/{app['id']}", json={"notes": "x"})
    changed, _ = full_round(graph, link)
    assert [set(i) for i in changed] == [{"@odata.type", "id", "displayName"}]


def test_restore_comes_back_in_delta(graph) -> None:
    app = new_app(graph)
    graph.delete(f"/applications/{app['id']}")
    _, link = full_round(graph, "/applications/delta")
    graph.post(f"/directory/deletedItems/{app['id']}/restore")
    items, _ = full_round(graph, link)
    assert [i["id"] for i in items] == [app["id"]] and "@removed" not in items[0]


def test_bad_delta_token_is_400(graph) -> None:
    assert_error(graph.get("/applications/delta", params={"$deltatoken": "garbage"}), 400)


def test_delta_token_expires_after_7_days(graph, hooks) -> None:
    _, link = full_round(graph, "/applications/delta")
    hooks.post("/_emulator/clock", json={"advanceSeconds": 6 * 86400})
    assert graph.get(link).status_code == 200
    hooks.post("/_emulator/clock", json={"advanceSeconds": 2 * 86400})
    response = graph.get(link)
    assert_error(response, 410)
    assert response.headers["Location"].endswith("/applications/delta")


def test_latest_token_starts_from_now(graph) -> None:
    for resource in ("/applications/delta", "/servicePrincipals/delta"):
        body = graph.get(resource, params={"$deltatoken": "latest"}).json()
        assert body["value"] == [] and "@odata.nextLink" not in body
        items, _ = full_round(graph, body["@odata.deltaLink"])
        assert items == []
    link = graph.get("/applications/delta", params={"$deltatoken": "latest"}).json()["@odata.deltaLink"]
    created = new_app(graph, displayName="After latest")
    items, _ = full_round(graph, link)
    assert [i["id"] for i in items] == [created["id"]]


def test_service_principal_delta_follows_creates_changes_deletes_and_purges(graph) -> None:
    first, link = full_round(graph, "/servicePrincipals/delta", {"$top": "7"})
    listed = graph.get("/servicePrincipals", params={"$top": "999", "$select": "id"}).json()["value"]
    assert {i["id"] for i in first} == {s["id"] for s in listed}
    app = new_app(graph)
    created = graph.post("/servicePrincipals", json={"appId": app["appId"]}).json()
    changed, gone = listed[0]["id"], listed[1]["id"]
    graph.patch(f"/servicePrincipals/{changed}", json={"notes": "changed"})
    graph.delete(f"/servicePrincipals/{gone}")
    items, link = full_round(graph, link)
    by_id = {i["id"]: i for i in items}
    assert by_id[created["id"]]["appId"] == app["appId"] and by_id[changed]["notes"] == "changed"
    assert by_id[gone]["@removed"] == {"reason": "changed"} and by_id[gone]["@odata.type"].endswith("servicePrincipal")
    users = graph.get("/users", params={"$top": "3"}).json()["value"]
    graph.post(f"/servicePrincipals/{changed}/owners/$ref", json={"@odata.id": f"https://x/users/{users[2]['id']}"})
    items, link = full_round(graph, link)
    assert items == []  # owners (a navigation property) are not tracked
    graph.post(f"/directory/deletedItems/{gone}/restore")
    items, link = full_round(graph, link)
    assert [i["id"] for i in items] == [gone] and "@removed" not in items[0]
    graph.delete(f"/servicePrincipals/{gone}")
    graph.delete(f"/directory/deletedItems/{gone}")
    items, _ = full_round(graph, link)
    assert {"id": gone, "@removed": {"reason": "deleted"}}.items() <= items[-1].items()


def test_an_application_change_its_service_principal_follows_shows_in_both(graph) -> None:
    apps = {a["appId"]: a for a in graph.get("/applications", params={"$top": "999"}).json()["value"]}
    sps = graph.get("/servicePrincipals", params={"$top": "999"}).json()["value"]
    app = next(apps[s["appId"]] for s in sps if s["appId"] in apps)
    _, apps_link = full_round(graph, "/applications/delta")
    _, sps_link = full_round(graph, "/servicePrincipals/delta")
    graph.patch(f"/applications/{app['id']}", json={"displayName": "Renamed with its SP"})
    assert [i["id"] for i in full_round(graph, apps_link)[0]] == [app["id"]]
    assert [i["appDisplayName"] for i in full_round(graph, sps_link)[0]] == ["Renamed with its SP"]


def test_service_principal_tokens_expire_with_graphs_location(graph, hooks) -> None:
    _, link = full_round(graph, "/servicePrincipals/delta")
    hooks.post("/_emulator/clock", json={"advanceSeconds": 8 * 86400})
    response = graph.get(link)
    assert_error(response, 410, "SyncStateNotFound")
    assert response.headers["Location"].endswith("/servicePrincipals/delta")
    _, app_link = full_round(graph, "/applications/delta")
    assert_error(graph.get(app_link.replace("/applications/", "/servicePrincipals/")), 400)
