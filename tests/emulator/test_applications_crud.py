"""Get by id and appId, create, update (204, collections replaced whole), delete, upsert, key credentials."""

from __future__ import annotations

import base64
import random

from emulator_helpers import all_apps, app_of_kind, assert_error, new_app

from desktop_app.emulator.seed import fake_certificate

# A certificate-shaped value: Graph refuses key bytes that are not an X.509 certificate.
CERT = base64.b64encode(fake_certificate(random.Random(9), "restored.contoso.com")).decode()


def test_get_by_id_and_by_app_id(graph, emulator) -> None:
    app = all_apps(graph)[3]
    by_id = graph.get(f"/applications/{app['id']}").json()
    by_app_id = graph.get(f"/applications(appId='{app['appId']}')").json()
    assert by_id["id"] == by_app_id["id"] == app["id"]
    assert by_id["@odata.context"] == f"{emulator.base_url}/$metadata#applications/$entity"
    assert by_id["@odata.type"] == "#microsoft.graph.application"
    assert_error(graph.get("/applications(appId='00000000-0000-4000-8000-000000000000')"), 404,
                 "Request_ResourceNotFound")


def test_create_generates_ids_and_returns_201(graph, emulator) -> None:
    created = new_app(graph, displayName="Fresh", signInAudience="AzureADMultipleOrgs")
    assert created["displayName"] == "Fresh"
    assert created["appId"] and created["id"] and created["appId"] != created["id"]
    assert created["publisherDomain"] == "contoso.com"
    assert created["createdDateTime"].endswith("Z")
    assert created["web"]["redirectUris"] == [] and created["passwordCredentials"] == []
    assert graph.get(f"/applications(appId='{created['appId']}')").json()["displayName"] == "Fresh"


def test_client_ids_are_unique_across_tenants(graph, connect) -> None:
    fabrikam = connect("fabrikam")
    app_ids = [a["appId"] for a in all_apps(graph)] + [a["appId"] for a in all_apps(fabrikam)]
    for _ in range(5):
        app_ids += [new_app(graph)["appId"], new_app(fabrikam)["appId"]]
    assert len(app_ids) == 29 + 10 + 10
    assert len(set(app_ids)) == len(app_ids)


def test_patch_is_204_and_replaces_collections_whole(graph) -> None:
    app = new_app(graph, web={"redirectUris": ["https://a.contoso.com/cb", "https://b.contoso.com/cb"],
                              "logoutUrl": "https://a.contoso.com/out"}, tags=["one", "two"])
    response = graph.patch(f"/applications/{app['id']}", json={"web": {"redirectUris": ["https://c.contoso.com/cb"]},
                                                              "tags": ["three"]})
    assert response.status_code == 204 and response.content == b""
    after = graph.get(f"/applications/{app['id']}").json()
    assert after["web"]["redirectUris"] == ["https://c.contoso.com/cb"]
    assert after["web"]["logoutUrl"] == "https://a.contoso.com/out"  # complex values merge, collections replace
    assert after["tags"] == ["three"]


def test_patch_by_app_id(graph) -> None:
    app = new_app(graph)
    assert graph.patch(f"/applications(appId='{app['appId']}')", json={"notes": "n"}).status_code == 204
    assert graph.get(f"/applications/{app['id']}").json()["notes"] == "n"


def test_delete_moves_to_recycle_bin(graph) -> None:
    app = new_app(graph)
    assert graph.delete(f"/applications/{app['id']}").status_code == 204
    assert_error(graph.get(f"/applications/{app['id']}"), 404, "Request_ResourceNotFound")
    deleted = graph.get(f"/directory/deletedItems/{app['id']}").json()
    assert deleted["appId"] == app["appId"] and deleted["deletedDateTime"]


def test_upsert_by_unique_name(graph) -> None:
    url = "/applications(uniqueName='restore-target-1')"
    assert_error(graph.patch(url, json={"displayName": "Upserted"}), 404)
    created = graph.patch(url, json={"displayName": "Upserted"}, headers={"Prefer": "create-if-missing"})
    assert created.status_code == 201 and created.json()["uniqueName"] == "restore-target-1"
    again = graph.patch(url, json={"notes": "second"}, headers={"Prefer": "create-if-missing"})
    assert again.status_code == 204
    assert graph.get(f"/applications/{created.json()['id']}").json()["notes"] == "second"


def test_key_is_returned_only_on_single_get_selecting_key_credentials(graph) -> None:
    daemon = app_of_kind(graph, "Sync Job")
    plain = graph.get(f"/applications/{daemon['id']}").json()
    assert plain["keyCredentials"] and all(c["key"] is None for c in plain["keyCredentials"])
    selected = graph.get(f"/applications/{daemon['id']}", params={"$select": "keyCredentials"}).json()
    assert all(base64.b64decode(c["key"]).startswith(b"\x30\x82") for c in selected["keyCredentials"])


def test_key_credentials_written_by_patch(graph) -> None:
    app = new_app(graph)
    body = {"keyCredentials": [{"type": "AsymmetricX509Cert", "usage": "Verify", "key": CERT,
                                "displayName": "CN=restored"}]}
    assert graph.patch(f"/applications/{app['id']}", json=body).status_code == 204
    stored = graph.get(f"/applications/{app['id']}", params={"$select": "keyCredentials"}).json()["keyCredentials"]
    assert stored[0]["key"] == CERT and stored[0]["keyId"] and stored[0]["customKeyIdentifier"]


def test_key_credentials_without_key_bytes_are_rejected(graph) -> None:
    app = new_app(graph)
    body = {"keyCredentials": [{"type": "AsymmetricX509Cert", "usage": "Verify", "key": None}]}
    assert_error(graph.patch(f"/applications/{app['id']}", json=body), 400)


def test_roles_and_scopes_come_back_with_origin(graph) -> None:
    app = new_app(graph, appRoles=[{"id": "1b4f816e-5eaf-48b9-8613-7923830595ad", "value": "R", "displayName": "R",
                                    "description": "d", "allowedMemberTypes": ["User"], "isEnabled": True}])
    assert graph.get(f"/applications/{app['id']}").json()["appRoles"][0]["origin"] == "Application"


def test_patching_info_keeps_the_logo_url(graph) -> None:
    app = next(a for a in all_apps(graph) if a["info"]["logoUrl"])
    body = {"info": {"marketingUrl": "https://contoso.com/m", "logoUrl": None}}
    assert graph.patch(f"/applications/{app['id']}", json=body).status_code == 204
    info = graph.get(f"/applications/{app['id']}").json()["info"]
    assert info["logoUrl"] == app["info"]["logoUrl"] and info["marketingUrl"] == "https://contoso.com/m"
