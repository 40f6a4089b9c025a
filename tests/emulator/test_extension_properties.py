"""Directory extension definitions an application owns (issue 27, item 6): application-post-extensionproperty and the
extensionProperty resource. The name Graph gives embeds the owner's appId, so a recreated app names them anew."""

from __future__ import annotations

import pytest
from emulator_helpers import assert_error, new_app

BODY = {"name": "costCenter", "dataType": "String", "targetObjects": ["User"]}


def test_create_list_get_and_delete(graph) -> None:
    app = new_app(graph, displayName="HR Sync")
    url = f"/applications/{app['id']}/extensionProperties"
    assert graph.get(url).json()["value"] == []
    created = graph.post(url, json={**BODY, "isMultiValued": True})
    assert created.status_code == 201, created.text
    extension = created.json()
    assert extension["name"] == f"extension_{app['appId'].replace('-', '')}_costCenter"
    assert extension["dataType"] == "String" and extension["targetObjects"] == ["User"]
    assert extension["isMultiValued"] is True and extension["isSyncedFromOnPremises"] is False
    assert extension["appDisplayName"] == "HR Sync" and extension["deletedDateTime"] is None
    assert [e["id"] for e in graph.get(url).json()["value"]] == [extension["id"]]
    by_app_id = graph.get(f"/applications(appId='{app['appId']}')/extensionProperties").json()["value"]
    assert [e["name"] for e in by_app_id] == [extension["name"]]
    assert graph.get(f"{url}/{extension['id']}").json()["name"] == extension["name"]
    assert_error(graph.patch(f"{url}/{extension['id']}", json={"dataType": "Integer"}), 405)
    assert graph.delete(f"{url}/{extension['id']}").status_code == 204
    assert_error(graph.get(f"{url}/{extension['id']}"), 404)


@pytest.mark.parametrize("body", [
    {"dataType": "String", "targetObjects": ["User"]},
    {**BODY, "name": "cost-center"},
    {**BODY, "name": "1stCenter"},
    {**BODY, "dataType": "Text"},
    {**BODY, "targetObjects": []},
    {**BODY, "targetObjects": ["user"]},
    {**BODY, "targetObjects": ["ServicePrincipal"]},
    {**BODY, "id": "00000000-0000-4000-8000-000000000001"},
    {**BODY, "color": "blue"},
])
def test_what_graph_refuses(graph, body: dict) -> None:
    app = new_app(graph)
    assert_error(graph.post(f"/applications/{app['id']}/extensionProperties", json=body), 400)


def test_one_name_once_per_app_and_a_new_name_for_a_recreated_app(graph) -> None:
    first, second = new_app(graph), new_app(graph)
    made = graph.post(f"/applications/{first['id']}/extensionProperties", json=BODY).json()
    assert_error(graph.post(f"/applications/{first['id']}/extensionProperties", json=BODY), 409,
                 "Request_MultipleObjectsWithSameKeyValue")
    again = graph.post(f"/applications/{second['id']}/extensionProperties", json=BODY).json()
    assert again["name"] != made["name"] and again["name"].endswith("_costCenter")


def test_definitions_go_to_the_recycle_bin_with_their_app_and_come_back_with_it(graph) -> None:
    app = new_app(graph)
    made = graph.post(f"/applications/{app['id']}/extensionProperties", json=BODY).json()
    assert graph.delete(f"/applications/{app['id']}").status_code == 204
    assert_error(graph.get(f"/applications/{app['id']}/extensionProperties"), 404)
    assert graph.post(f"/directory/deletedItems/{app['id']}/restore").status_code == 200
    assert [e["id"] for e in graph.get(f"/applications/{app['id']}/extensionProperties").json()["value"]] == [made["id"]]


def test_reads_and_writes_need_the_application_permissions(connect, emulator) -> None:
    writer = connect("contoso")
    app = new_app(writer)
    reader = connect("contoso", read_only=True)
    url = f"/applications/{app['id']}/extensionProperties"
    assert reader.get(url).status_code == 200
    assert_error(reader.post(url, json=BODY), 403, "Authorization_RequestDenied")
    user_only = connect("contoso", token=emulator.token("contoso", permissions=["User.Read.All"]))
    assert_error(user_only.get(url), 403)


def test_the_apps_that_define_extension_properties_are_found_with_an_advanced_query(graph) -> None:
    """`extensionProperties/$count ne 0` (application resource): only with ConsistencyLevel eventual and $count."""
    with_one, without = new_app(graph), new_app(graph)
    graph.post(f"/applications/{with_one['id']}/extensionProperties", json=BODY).raise_for_status()
    query = {"$filter": "extensionProperties/$count ne 0", "$count": "true", "$select": "id", "$top": "999"}
    assert_error(graph.get("/applications", params=query), 400, "Request_UnsupportedQuery")
    found = graph.get("/applications", params=query, headers={"ConsistencyLevel": "eventual"}).json()
    found_ids = [a["id"] for a in found["value"]]
    assert with_one["id"] in found_ids and without["id"] not in found_ids and found["@odata.count"] == len(found_ids)
    # The others are the seed's (some sync jobs own definitions): each one owns some, as the filter says.
    assert all(graph.get(f"/applications/{i}/extensionProperties").json()["value"] for i in found_ids)
    assert len(found_ids) > 1
    none = graph.get("/applications", params={**query, "$filter": "extensionProperties/$count eq 0"},
                     headers={"ConsistencyLevel": "eventual"}).json()["value"]
    assert without["id"] in {a["id"] for a in none} and with_one["id"] not in {a["id"] for a in none}
