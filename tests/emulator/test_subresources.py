"""Owners ($ref), federated identity credentials, logo, addPassword/removePassword."""

from __future__ import annotations

from emulator_helpers import all_apps, app_of_kind, assert_error, new_app

from desktop_app.emulator.seed import LOGOS

GITHUB = "https://token.actions.githubusercontent.com"


def fic(name: str, subject: str | None = None) -> dict:
    return {"name": name, "issuer": GITHUB, "subject": subject or f"repo:contoso/{name}:ref:refs/heads/main",
            "audiences": ["api://AzureADTokenExchange"], "description": "test"}


def a_user(graph) -> dict:
    return graph.get("/users", params={"$top": "5"}).json()["value"][3]


# ---- owners ----------------------------------------------------------------------------------------------

def test_owners_list_add_and_remove(graph) -> None:
    app = new_app(graph)
    url = f"/applications/{app['id']}/owners"
    assert graph.get(url).json()["value"] == []
    user = a_user(graph)
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{user['id']}"}
    assert graph.post(f"{url}/$ref", json=ref).status_code == 204
    owners = graph.get(url).json()["value"]
    assert [(o["id"], o["@odata.type"]) for o in owners] == [(user["id"], "#microsoft.graph.user")]
    assert owners[0]["userPrincipalName"] == user["userPrincipalName"]
    assert_error(graph.post(f"{url}/$ref", json=ref), 400, "Request_BadRequest")  # already an owner
    assert graph.delete(f"{url}/{user['id']}/$ref").status_code == 204
    assert graph.get(url).json()["value"] == []
    assert_error(graph.delete(f"{url}/{user['id']}/$ref"), 404)


def test_owner_must_exist_in_the_tenant(graph, connect) -> None:
    app = new_app(graph)
    stranger = a_user(connect("fabrikam"))
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{stranger['id']}"}
    assert_error(graph.post(f"/applications/{app['id']}/owners/$ref", json=ref), 404, "Request_ResourceNotFound")


def test_service_principal_owners_carry_their_type(graph) -> None:
    apps = graph.get("/applications", params={"$expand": "owners", "$top": "999"}).json()["value"]
    sp_owners = [o for a in apps for o in a["owners"] if o["@odata.type"] == "#microsoft.graph.servicePrincipal"]
    assert sp_owners and all(o["appId"] for o in sp_owners)


def test_owners_list_pages(graph) -> None:
    crowded = next(a for a in graph.get("/applications", params={"$expand": "owners"}).json()["value"]
                   if len(a["owners"]) == 20)
    first = graph.get(f"/applications/{crowded['id']}/owners", params={"$top": "10"}).json()
    assert len(first["value"]) == 10 and "@odata.nextLink" in first
    ids = [o["id"] for o in first["value"]]
    url = first["@odata.nextLink"]
    while url:
        page = graph.get(url).json()
        ids += [o["id"] for o in page["value"]]
        url = page.get("@odata.nextLink")
    assert len(ids) == len(set(ids)) > 20


# ---- federated identity credentials ------------------------------------------------------------------

def test_fic_create_get_update_delete_by_id_and_name(graph) -> None:
    app = new_app(graph)
    url = f"/applications/{app['id']}/federatedIdentityCredentials"
    created = graph.post(url, json=fic("deploy-main"))
    assert created.status_code == 201
    fic_id = created.json()["id"]
    assert graph.get(f"{url}/{fic_id}").json()["name"] == "deploy-main"
    assert graph.get(f"{url}/deploy-main").json()["id"] == fic_id
    assert graph.get(f"{url}(name='deploy-main')").json()["id"] == fic_id
    assert graph.patch(f"{url}/deploy-main", json={"description": "changed"}).status_code == 204
    assert graph.get(f"{url}/{fic_id}").json()["description"] == "changed"
    assert_error(graph.patch(f"{url}/{fic_id}", json={"name": "renamed"}), 400)
    assert graph.delete(f"{url}/deploy-main").status_code == 204
    assert_error(graph.get(f"{url}/{fic_id}"), 404)
    assert graph.get(url).json()["value"] == []


def test_fic_name_and_issuer_subject_are_unique(graph) -> None:
    app = new_app(graph)
    url = f"/applications/{app['id']}/federatedIdentityCredentials"
    assert graph.post(url, json=fic("one", "repo:x/y:ref:refs/heads/main")).status_code == 201
    assert_error(graph.post(url, json=fic("one", "repo:x/y:environment:prod")), 409)
    assert_error(graph.post(url, json=fic("two", "repo:x/y:ref:refs/heads/main")), 409)


def test_at_most_20_fics(graph) -> None:
    app = new_app(graph)
    url = f"/applications/{app['id']}/federatedIdentityCredentials"
    for index in range(20):
        assert graph.post(url, json=fic(f"f{index}")).status_code == 201
    assert_error(graph.post(url, json=fic("f20")), 400)


def test_fic_validation(graph) -> None:
    app = new_app(graph)
    url = f"/applications/{app['id']}/federatedIdentityCredentials"
    assert_error(graph.post(url, json={**fic("x"), "colour": "blue"}), 400, "Request_BadRequest")
    assert_error(graph.post(url, json={"name": "x", "issuer": GITHUB, "audiences": ["a"]}), 400)  # no subject
    assert_error(graph.post(url, json={**fic("x"), "audiences": ["a", "b"]}), 400)
    assert_error(graph.post(url, json=fic("has space")), 400)


def test_seeded_github_federation(graph) -> None:
    deploy = app_of_kind(graph, "Deploy")
    fics = graph.get(f"/applications/{deploy['id']}/federatedIdentityCredentials").json()["value"]
    assert {f["issuer"] for f in fics} == {GITHUB}
    assert any(f["subject"].startswith("repo:contoso/") for f in fics)
    assert all(f["audiences"] == ["api://AzureADTokenExchange"] for f in fics)


# ---- logo --------------------------------------------------------------------------------------------

def test_logo_404_when_none_then_put_and_get(graph) -> None:
    app = new_app(graph)
    url = f"/applications/{app['id']}/logo"
    assert_error(graph.get(url), 404)
    assert graph.put(url, content=LOGOS[0], headers={"Content-Type": "image/png"}).status_code == 204
    got = graph.get(url)
    assert got.status_code == 200 and got.content == LOGOS[0]
    assert got.headers["content-type"] == "image/png"


def test_logo_url_changes_when_the_logo_changes(graph) -> None:
    app = new_app(graph)
    url = f"/applications/{app['id']}/logo"
    graph.put(url, content=LOGOS[0], headers={"Content-Type": "image/png"})
    first = graph.get(f"/applications/{app['id']}").json()["info"]["logoUrl"]
    graph.put(url, content=LOGOS[1], headers={"Content-Type": "image/png"})
    second = graph.get(f"/applications/{app['id']}").json()["info"]["logoUrl"]
    assert first and second and first != second


def test_logo_by_app_id_and_empty_body(graph) -> None:
    app = new_app(graph)
    url = f"/applications(appId='{app['appId']}')/logo"
    assert_error(graph.put(url, content=b"", headers={"Content-Type": "image/png"}), 400)
    assert graph.put(url, content=LOGOS[2], headers={"Content-Type": "application/octet-stream"}).status_code == 204
    assert graph.get(url).content == LOGOS[2]


def test_seeded_logos_match_their_url(graph) -> None:
    with_logo = [a for a in all_apps(graph) if a["info"]["logoUrl"]]
    without = [a for a in all_apps(graph) if not a["info"]["logoUrl"]]
    assert with_logo and without
    assert graph.get(f"/applications/{with_logo[0]['id']}/logo").content.startswith(b"\x89PNG")
    assert graph.get(f"/applications/{without[0]['id']}/logo").status_code == 404


# ---- passwords ---------------------------------------------------------------------------------------

def test_add_password_returns_secret_text_once(graph) -> None:
    app = new_app(graph)
    added = graph.post(f"/applications/{app['id']}/addPassword",
                       json={"passwordCredential": {"displayName": "ci", "endDateTime": "2030-01-01T00:00:00Z"}})
    assert added.status_code == 200
    secret = added.json()
    assert len(secret["secretText"]) >= 16 and secret["hint"] == secret["secretText"][:3]
    assert secret["endDateTime"].startswith("2030-01-01")
    stored = graph.get(f"/applications/{app['id']}").json()["passwordCredentials"]
    assert [c["keyId"] for c in stored] == [secret["keyId"]]
    assert stored[0]["secretText"] is None and stored[0]["hint"] == secret["hint"]
    assert secret["secretText"] not in graph.get(f"/applications/{app['id']}").text
    assert secret["secretText"] not in graph.get("/applications", params={"$top": "999"}).text


def test_remove_password(graph) -> None:
    app = new_app(graph)
    key_id = graph.post(f"/applications/{app['id']}/addPassword", json={}).json()["keyId"]
    assert graph.post(f"/applications/{app['id']}/removePassword", json={"keyId": key_id}).status_code == 204
    assert graph.get(f"/applications/{app['id']}").json()["passwordCredentials"] == []
    assert_error(graph.post(f"/applications/{app['id']}/removePassword", json={"keyId": key_id}), 404)


def test_add_password_rejects_unknown_and_read_only_properties(graph) -> None:
    app = new_app(graph)
    url = f"/applications/{app['id']}/addPassword"
    assert_error(graph.post(url, json={"passwordCredential": {"displayName": "x", "strength": 9}}), 400)
    assert_error(graph.post(url, json={"passwordCredential": {"secretText": "mine-mine-mine-mine"}}), 400)


def test_fic_upsert_by_name_and_unknown_segments(graph) -> None:
    app = new_app(graph)
    url = f"/applications/{app['id']}/federatedIdentityCredentials"
    body = {"issuer": GITHUB, "subject": "repo:contoso/x:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]}
    assert_error(graph.patch(f"{url}(name='upserted')", json=body), 404)
    created = graph.patch(f"{url}(name='upserted')", json=body, headers={"Prefer": "create-if-missing"})
    assert created.status_code == 201 and created.json()["name"] == "upserted"
    assert_error(graph.get(f"{url}/upserted/extra"), 400, "BadRequest")
