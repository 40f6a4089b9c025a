"""directory/deletedItems: list (cast mandatory), get, restore (same id and appId), purge, 30 days."""

from __future__ import annotations

from emulator_helpers import assert_error, new_app

APPS = "/directory/deletedItems/microsoft.graph.application"


def test_seeded_recycle_bin_and_cast_is_mandatory(graph) -> None:
    deleted = graph.get(APPS).json()
    assert deleted["value"] and all(a["deletedDateTime"] for a in deleted["value"])
    assert all(a["@odata.type"] == "#microsoft.graph.application" for a in deleted["value"])
    assert_error(graph.get("/directory/deletedItems"), 400)


def test_restore_keeps_id_and_app_id(graph) -> None:
    app = new_app(graph, identifierUris=[])
    graph.delete(f"/applications/{app['id']}")
    assert app["id"] in {a["id"] for a in graph.get(APPS).json()["value"]}
    restored = graph.post(f"/directory/deletedItems/{app['id']}/restore")
    assert restored.status_code == 200
    assert restored.json()["id"] == app["id"] and restored.json()["appId"] == app["appId"]
    assert restored.json()["deletedDateTime"] is None
    assert graph.get(f"/applications/{app['id']}").json()["appId"] == app["appId"]
    assert app["id"] not in {a["id"] for a in graph.get(APPS).json()["value"]}


def test_restore_keeps_owners_credentials_and_fics(graph) -> None:
    app = new_app(graph)
    user = graph.get("/users", params={"$top": "1"}).json()["value"][0]
    graph.post(f"/applications/{app['id']}/owners/$ref",
               json={"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{user['id']}"})
    key_id = graph.post(f"/applications/{app['id']}/addPassword", json={}).json()["keyId"]
    graph.delete(f"/applications/{app['id']}")
    graph.post(f"/directory/deletedItems/{app['id']}/restore")
    assert [o["id"] for o in graph.get(f"/applications/{app['id']}/owners").json()["value"]] == [user["id"]]
    assert graph.get(f"/applications/{app['id']}").json()["passwordCredentials"][0]["keyId"] == key_id


def test_permanent_delete(graph) -> None:
    app = new_app(graph)
    graph.delete(f"/applications/{app['id']}")
    assert graph.delete(f"/directory/deletedItems/{app['id']}").status_code == 204
    assert_error(graph.get(f"/directory/deletedItems/{app['id']}"), 404)
    assert_error(graph.post(f"/directory/deletedItems/{app['id']}/restore"), 404)


def test_purged_app_frees_its_identifier_uri_but_not_its_app_id(graph) -> None:
    app = new_app(graph)
    uri = "https://contoso.com/held-by-the-recycle-bin"
    assert graph.patch(f"/applications/{app['id']}", json={"identifierUris": [uri]}).status_code == 204
    graph.delete(f"/applications/{app['id']}")
    # a soft-deleted app still holds its identifier URIs
    assert_error(graph.post("/applications", json={"displayName": "d", "identifierUris": [uri]}), 400,
                 "Request_BadRequest")
    graph.delete(f"/directory/deletedItems/{app['id']}")
    assert graph.post("/applications", json={"displayName": "d", "identifierUris": [uri]}).status_code == 201
    assert_error(graph.get(f"/applications(appId='{app['appId']}')"), 404)


def test_items_older_than_30_days_vanish(graph, hooks) -> None:
    app = new_app(graph)
    graph.delete(f"/applications/{app['id']}")
    hooks.post("/_emulator/clock", json={"advanceSeconds": 29 * 86400})
    assert graph.get(f"/directory/deletedItems/{app['id']}").status_code == 200
    hooks.post("/_emulator/clock", json={"advanceSeconds": 1 * 86400 + 60})
    assert_error(graph.get(f"/directory/deletedItems/{app['id']}"), 404)
    assert app["id"] not in {a["id"] for a in graph.get(APPS, params={"$top": "999"}).json()["value"]}
    # every seeded item was deleted less than 30 days before the start, so all are gone now
    assert graph.get(APPS).json()["value"] == []


def test_deleting_an_app_soft_deletes_its_service_principal(graph) -> None:
    app = new_app(graph)
    sp = graph.post("/servicePrincipals", json={"appId": app["appId"]}).json()
    graph.delete(f"/applications/{app['id']}")
    assert_error(graph.get(f"/servicePrincipals/{sp['id']}"), 404)
    deleted_sps = graph.get("/directory/deletedItems/microsoft.graph.servicePrincipal", params={"$top": "999"})
    assert sp["id"] in {s["id"] for s in deleted_sps.json()["value"]}
    graph.post(f"/directory/deletedItems/{app['id']}/restore")
    assert_error(graph.get(f"/servicePrincipals/{sp['id']}"), 404)  # restoring the app does not restore its SP
    assert graph.post(f"/directory/deletedItems/{sp['id']}/restore").status_code == 200
    assert graph.get(f"/servicePrincipals/{sp['id']}").status_code == 200


def test_deleted_list_filter_select_and_paging(graph) -> None:
    every = graph.get(APPS, params={"$top": "999"}).json()["value"]
    target = every[0]
    found = graph.get(APPS, params={"$filter": f"appId eq '{target['appId']}'", "$select": "id,displayName"}).json()
    assert [set(a) for a in found["value"]] == [{"@odata.type", "id", "displayName"}]
    for _ in range(3):
        graph.delete(f"/applications/{new_app(graph)['id']}")
    page = graph.get(APPS, params={"$top": "2"}).json()
    assert len(page["value"]) == 2 and "@odata.nextLink" in page


def test_get_of_a_deleted_app_honours_select(graph) -> None:
    app = new_app(graph, notes="kept in the bin")
    graph.delete(f"/applications/{app['id']}")
    plain = graph.get(f"/directory/deletedItems/{app['id']}").json()
    assert plain["notes"] == "kept in the bin" and "authenticationBehaviors" not in plain
    selected = graph.get(f"/directory/deletedItems/{app['id']}",
                         params={"$select": "id,notes,authenticationBehaviors"}).json()
    assert selected["notes"] == "kept in the bin" and "authenticationBehaviors" in selected
    assert "displayName" not in selected
