"""GET /applications: paging, $top, $select, $filter, $count, $expand (graph-notes.md section 2)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from emulator_helpers import all_apps, assert_error, new_app


def test_default_page_is_100_with_an_opaque_next_link(emulator, connect) -> None:
    with __import__("desktop_app.emulator", fromlist=["Emulator"]).Emulator("wide:250", seed=3) as big:
        client = connect(token=big.token("wide"))
        response = client.get(f"{big.base_url}/applications")
        body = response.json()
        assert len(body["value"]) == 100
        link = body["@odata.nextLink"]
        assert link.startswith(big.base_url + "/applications?")
        token = parse_qs(urlsplit(link).query)["$skiptoken"][0]
        assert len(token) > 20 and "100" not in token  # opaque, not an offset
        second = client.get(link).json()
        ids_1 = {a["id"] for a in body["value"]}
        ids_2 = {a["id"] for a in second["value"]}
        assert len(ids_2) == 100 and not ids_1 & ids_2


def test_paging_returns_every_app_once(graph) -> None:
    pages, ids = 0, []
    url: str | None = "/applications?$top=7"
    while url:
        body = graph.get(url).json()
        assert len(body["value"]) <= 7
        ids += [a["id"] for a in body["value"]]
        url = body.get("@odata.nextLink")
        pages += 1
    assert len(ids) == len(set(ids)) == 29  # 30 seeded, one of them in the recycle bin
    assert pages == 5


def test_top_above_999_is_400(graph) -> None:
    assert_error(graph.get("/applications", params={"$top": "1000"}), 400)
    assert graph.get("/applications", params={"$top": "999"}).status_code == 200


def test_tampered_skip_token_is_400(graph) -> None:
    assert_error(graph.get("/applications", params={"$skiptoken": "not-a-token"}), 400)


def test_skip_token_of_another_tenant_is_rejected(graph, connect) -> None:
    link = graph.get("/applications", params={"$top": "2"}).json()["@odata.nextLink"]
    assert_error(connect("fabrikam").get(link), 400)


def test_select_returns_only_the_selected_properties(graph) -> None:
    body = graph.get("/applications", params={"$select": "appId,displayName", "$top": "5"}).json()
    assert body["@odata.context"].endswith("$metadata#applications(appId,displayName)")
    for app in body["value"]:
        assert set(app) == {"@odata.type", "appId", "displayName"}


def test_select_of_an_unknown_property_is_400(graph) -> None:
    assert_error(graph.get("/applications", params={"$select": "displayName,isAwesome"}), 400, "Request_BadRequest")


def test_authentication_behaviors_only_when_selected(graph) -> None:
    plain = graph.get("/applications", params={"$top": "3"}).json()["value"]
    assert all("authenticationBehaviors" not in app for app in plain)
    assert all(app["@odata.type"] == "#microsoft.graph.application" for app in plain)
    selected = graph.get("/applications", params={"$top": "3", "$select": "id,authenticationBehaviors"}).json()
    assert all("authenticationBehaviors" in app for app in selected["value"])
    single = graph.get(f"/applications/{plain[0]['id']}").json()
    assert "authenticationBehaviors" not in single and "managerApplications" not in single


def test_filter_eq_on_app_id_and_display_name(graph) -> None:
    target = all_apps(graph)[4]
    by_app_id = graph.get("/applications", params={"$filter": f"appId eq '{target['appId']}'"}).json()["value"]
    assert [a["id"] for a in by_app_id] == [target["id"]]
    name = target["displayName"].upper()  # directory string comparisons ignore case
    by_name = graph.get("/applications", params={"$filter": f"displayName eq '{name}'"}).json()["value"]
    assert target["id"] in [a["id"] for a in by_name]
    assert all(a["displayName"].lower() == name.lower() for a in by_name)


def test_filter_startswith_ge_le_and_combinations(graph) -> None:
    apps = all_apps(graph)
    started = graph.get("/applications", params={"$filter": "startswith(displayName,'Contoso Payroll')"}).json()
    expected = {a["id"] for a in apps if a["displayName"].startswith("Contoso Payroll")}
    assert expected and {a["id"] for a in started["value"]} == expected
    names = sorted(a["displayName"].lower() for a in apps)
    low, high = names[5], names[15]
    ranged = all_apps(graph, **{"$filter": f"displayName ge '{low}' and displayName le '{high}'"})
    assert sorted(a["displayName"].lower() for a in ranged) == [n for n in names if low <= n <= high]
    a, b = apps[0]["appId"], apps[1]["appId"]
    either = graph.get("/applications", params={"$filter": f"appId eq '{a}' or appId eq '{b}'"}).json()["value"]
    assert {x["appId"] for x in either} == {a, b}


def test_filter_on_unsupported_property_or_operator_is_400(graph) -> None:
    assert_error(graph.get("/applications", params={"$filter": "notes eq 'x'"}), 400, "Request_UnsupportedQuery")
    assert_error(graph.get("/applications", params={"$filter": "displayName ne 'x'"}), 400, "Request_UnsupportedQuery")
    assert_error(graph.get("/applications", params={"$filter": "displayName eq"}), 400)


def test_count_needs_consistency_level_eventual(graph) -> None:
    # aad-advanced-queries: without the header `?$count=true` is ignored (no count, no error) and the `/$count`
    # segment answers 400.
    plain = graph.get("/applications", params={"$count": "true", "$top": "2"})
    assert plain.status_code == 200 and "@odata.count" not in plain.json() and len(plain.json()["value"]) == 2
    assert_error(graph.get("/applications/$count"), 400)
    body = graph.get("/applications", params={"$count": "true", "$top": "2"},
                     headers={"ConsistencyLevel": "eventual"}).json()
    assert body["@odata.count"] == 29 and len(body["value"]) == 2
    text = graph.get("/applications/$count", headers={"ConsistencyLevel": "eventual"})
    assert text.text == "29" and text.headers["content-type"].startswith("text/plain")


def test_expand_owners_is_capped_at_20_and_pages_at_100(graph) -> None:
    apps = graph.get("/applications", params={"$expand": "owners", "$top": "999"}).json()["value"]
    crowded = [a for a in apps if len(a["owners"]) == 20]
    assert crowded, "the seed has apps with more than 20 owners"
    full = graph.get(f"/applications/{crowded[0]['id']}/owners").json()["value"]
    assert len(full) > 20
    assert all("@odata.type" in o for o in crowded[0]["owners"])


def test_expand_drops_page_size_to_100(emulator, connect) -> None:
    from desktop_app.emulator import Emulator

    with Emulator("wide:150", seed=3) as big:
        client = connect(token=big.token("wide"))
        body = client.get(f"{big.base_url}/applications", params={"$expand": "owners", "$top": "999"}).json()
        assert len(body["value"]) == 100 and "@odata.nextLink" in body
        plain = client.get(f"{big.base_url}/applications", params={"$top": "999"}).json()
        assert len(plain["value"]) > 100


def test_expand_federated_identity_credentials(graph) -> None:
    apps = graph.get("/applications", params={"$expand": "federatedIdentityCredentials"}).json()["value"]
    with_fics = [a for a in apps if a["federatedIdentityCredentials"]]
    assert with_fics and all(f["issuer"] for a in with_fics for f in a["federatedIdentityCredentials"])


def test_only_one_navigation_per_expand(graph) -> None:
    assert_error(graph.get("/applications", params={"$expand": "owners,federatedIdentityCredentials"}), 400)
    assert_error(graph.get("/applications", params={"$expand": "nonsense"}), 400)


def test_expand_with_nested_select(graph) -> None:
    apps = graph.get("/applications", params={"$expand": "owners($select=id,displayName)"}).json()["value"]
    owners = [o for a in apps for o in a["owners"]]
    assert owners and all(set(o) <= {"@odata.type", "id", "displayName"} for o in owners)


def test_key_credentials_key_is_null_on_list_even_when_selected(graph) -> None:
    apps = all_apps(graph, **{"$select": "id,keyCredentials"})
    credentials = [c for a in apps for c in a["keyCredentials"]]
    assert credentials and all(c["key"] is None for c in credentials)


def test_new_app_shows_in_the_list(graph) -> None:
    created = new_app(graph, displayName="Zeta listing check")
    assert created["id"] in {a["id"] for a in all_apps(graph)}


def test_filter_in_and_identifier_uri_any(graph) -> None:
    apps = all_apps(graph)
    wanted = [apps[2]["appId"], apps[9]["appId"]]
    found = graph.get("/applications", params={"$filter": f"appId in ('{wanted[0]}', '{wanted[1]}')"}).json()
    assert sorted(a["appId"] for a in found["value"]) == sorted(wanted)
    with_uri = next(a for a in apps if a["identifierUris"])
    uri = with_uri["identifierUris"][0]
    by_uri = graph.get("/applications", params={"$filter": f"identifierUris/any(x:x eq '{uri}')"}).json()
    assert [a["id"] for a in by_uri["value"]] == [with_uri["id"]]
