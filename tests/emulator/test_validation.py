"""Write validation answers Graph's error body with the right status and code (graph-notes.md sections 1 and 3)."""

from __future__ import annotations

import uuid

import pytest
from emulator_helpers import all_apps, app_of_kind, assert_error, new_app


def role(value: str = "Reader", enabled: bool = True, role_id: str | None = None) -> dict:
    return {"id": role_id or str(uuid.uuid4()), "value": value, "displayName": value, "description": value,
            "allowedMemberTypes": ["User"], "isEnabled": enabled}


def scope(value: str = "read", enabled: bool = True, scope_id: str | None = None) -> dict:
    return {"id": scope_id or str(uuid.uuid4()), "value": value, "type": "User", "isEnabled": enabled,
            "adminConsentDisplayName": value, "adminConsentDescription": value}


def test_unknown_property_on_create_and_patch(graph) -> None:
    assert_error(graph.post("/applications", json={"displayName": "x", "isDisabledd": True}), 400, "Request_BadRequest")
    app = new_app(graph)
    assert_error(graph.patch(f"/applications/{app['id']}", json={"windows": {}}), 400, "Request_BadRequest")


def test_unknown_property_in_a_nested_complex_type(graph) -> None:
    app = new_app(graph)
    error = assert_error(graph.patch(f"/applications/{app['id']}", json={"web": {"redirectUri": ["https://x"]}}),
                         400, "Request_BadRequest")
    assert "redirectUri" in error["message"]
    deep = {"web": {"implicitGrantSettings": {"enableIdTokenIssuance": True, "enableEverything": True}}}
    assert_error(graph.patch(f"/applications/{app['id']}", json=deep), 400, "Request_BadRequest")
    in_list = {"appRoles": [{**role(), "colour": "red"}]}
    assert_error(graph.patch(f"/applications/{app['id']}", json=in_list), 400, "Request_BadRequest")


def test_wrong_types_are_400(graph) -> None:
    app = new_app(graph)
    for body in ({"tags": "one"}, {"isFallbackPublicClient": "yes"}, {"tokenEncryptionKeyId": "not-a-guid"},
                 {"api": {"requestedAccessTokenVersion": "2"}}, {"nativeAuthenticationApisEnabled": "most"}):
        assert_error(graph.patch(f"/applications/{app['id']}", json=body), 400)


@pytest.mark.parametrize("name", ["id", "appId", "publisherDomain", "createdDateTime", "deletedDateTime",
                                  "certification", "verifiedPublisher"])
def test_read_only_property_written(graph, name: str) -> None:
    app = new_app(graph)
    value = app[name] if name in ("id", "appId", "publisherDomain", "createdDateTime") else {}
    if name == "deletedDateTime":
        value = "2024-01-01T00:00:00Z"
    assert_error(graph.patch(f"/applications/{app['id']}", json={name: value}), 400, "Request_BadRequest")


def test_logo_url_is_read_only(graph) -> None:
    app = new_app(graph)
    body = {"info": {"logoUrl": "https://example.org/logo.png"}}
    assert_error(graph.patch(f"/applications/{app['id']}", json=body), 400, "Request_BadRequest")


def test_password_credentials_cannot_be_patched(graph) -> None:
    app = new_app(graph)
    body = {"passwordCredentials": [{"displayName": "s", "keyId": str(uuid.uuid4())}]}
    assert_error(graph.patch(f"/applications/{app['id']}", json=body), 400, "Request_BadRequest")


def test_display_name_required_on_create(graph) -> None:
    assert_error(graph.post("/applications", json={"notes": "no name"}), 400, "Request_BadRequest")
    assert_error(graph.post("/applications", json={"displayName": ""}), 400, "Request_BadRequest")


def test_invalid_json_is_400(graph) -> None:
    response = graph.post("/applications", content=b"{not json", headers={"Content-Type": "application/json"})
    assert_error(response, 400)


def test_identifier_uri_already_used_in_any_tenant(graph, connect) -> None:
    used = next(a for a in all_apps(graph) if a["identifierUris"])["identifierUris"][0]
    app = new_app(graph)
    error = assert_error(graph.patch(f"/applications/{app['id']}", json={"identifierUris": [used]}), 400,
                         "Request_BadRequest")
    assert "identifierUris" in error["message"]
    fabrikam = connect("fabrikam")
    other = new_app(fabrikam)
    uri = f"api://{other['appId']}"
    assert fabrikam.patch(f"/applications/{other['id']}", json={"identifierUris": [uri]}).status_code == 204
    assert_error(graph.post("/applications", json={"displayName": "dup", "identifierUris": [uri]}), 400)


@pytest.mark.parametrize("template", [
    "api://{app_id}", "api://{tenant_id}/{app_id}", "api://{tenant_id}/payroll", "api://payroll/{app_id}",
    "https://contoso.com/payroll", "https://api.contoso.com", "https://contoso.onmicrosoft.com/x",
    "api://contoso-labs.io/payroll",
])
def test_identifier_uri_formats_accepted(graph, emulator, template: str) -> None:
    app = new_app(graph)
    uri = template.format(app_id=app["appId"], tenant_id=emulator.tenant_id("contoso"))
    response = graph.patch(f"/applications/{app['id']}", json={"identifierUris": [uri]})
    assert response.status_code == 204, response.text


@pytest.mark.parametrize("template", [
    "https://fabrikam.com/payroll", "https://contoso-pending.org/x", "api://payroll", "api://someone-else.com/x",
    "http://contoso.com/payroll", "api://{other_app_id}", "urn:payroll",
])
def test_identifier_uri_not_on_a_verified_domain(graph, template: str) -> None:
    app = new_app(graph)
    uri = template.format(other_app_id=str(uuid.uuid4()))
    response = graph.patch(f"/applications/{app['id']}", json={"identifierUris": [uri]})
    assert_error(response, 400, "HostNameNotOnVerifiedDomain")


def test_enabled_scope_cannot_be_removed_or_changed(graph) -> None:
    api = app_of_kind(graph, "API")
    scopes = [{k: v for k, v in s.items() if k != "origin"} for s in api["api"]["oauth2PermissionScopes"]]
    url = f"/applications/{api['id']}"
    error = assert_error(graph.patch(url, json={"api": {"oauth2PermissionScopes": scopes[1:]}}), 400,
                         "CannotDeleteOrUpdateEnabledEntitlement")
    assert error["message"]
    renamed = [{**scopes[0], "value": "renamed"}, *scopes[1:]]
    assert_error(graph.patch(url, json={"api": {"oauth2PermissionScopes": renamed}}), 400,
                 "CannotDeleteOrUpdateEnabledEntitlement")
    disabled = [{**scopes[0], "isEnabled": False}, *scopes[1:]]
    assert graph.patch(url, json={"api": {"oauth2PermissionScopes": disabled}}).status_code == 204
    # Pre-authorizations may name only scopes that remain (graph-notes §10): they let go of it in the same body.
    pres = [{**p, "delegatedPermissionIds": [i for i in p["delegatedPermissionIds"] if i != scopes[0]["id"]]}
            for p in api["api"]["preAuthorizedApplications"]]
    removed = {"oauth2PermissionScopes": scopes[1:], "preAuthorizedApplications": pres}
    assert graph.patch(url, json={"api": removed}).status_code == 204


def test_enabled_app_role_cannot_be_removed(graph) -> None:
    first = role("A")
    app = new_app(graph, appRoles=[first, role("B")])
    url = f"/applications/{app['id']}"
    assert_error(graph.patch(url, json={"appRoles": [role("B")]}), 400, "CannotDeleteOrUpdateEnabledEntitlement")
    assert_error(graph.patch(url, json={"appRoles": []}), 400, "CannotDeleteOrUpdateEnabledEntitlement")
    current = [{k: v for k, v in r.items() if k != "origin"} for r in graph.get(url).json()["appRoles"]]
    disabled = [{**r, "isEnabled": False} for r in current]
    assert graph.patch(url, json={"appRoles": disabled}).status_code == 204
    assert graph.patch(url, json={"appRoles": []}).status_code == 204


def test_origin_must_not_be_sent(graph) -> None:
    assert_error(graph.post("/applications", json={"displayName": "o", "appRoles": [{**role(), "origin": "Application"}]}),
                 400, "Request_BadRequest")
    app = new_app(graph)
    body = {"api": {"oauth2PermissionScopes": [{**scope(), "origin": "Application"}]}}
    assert_error(graph.patch(f"/applications/{app['id']}", json=body), 400, "Request_BadRequest")


def test_token_encryption_key_id_must_name_a_key_credential(graph) -> None:
    app = new_app(graph)
    assert_error(graph.patch(f"/applications/{app['id']}", json={"tokenEncryptionKeyId": str(uuid.uuid4())}), 400)
    daemon = app_of_kind(graph, "Sync Job")
    key_id = daemon["keyCredentials"][0]["keyId"]
    assert graph.patch(f"/applications/{daemon['id']}", json={"tokenEncryptionKeyId": key_id}).status_code == 204


def test_personal_accounts_need_access_token_version_2(graph) -> None:
    assert_error(graph.post("/applications", json={"displayName": "p",
                                                   "signInAudience": "AzureADandPersonalMicrosoftAccount"}), 400)
    ok = graph.post("/applications", json={"displayName": "p", "signInAudience": "AzureADandPersonalMicrosoftAccount",
                                           "api": {"requestedAccessTokenVersion": 2}})
    assert ok.status_code == 201
    app = new_app(graph)
    assert_error(graph.patch(f"/applications/{app['id']}",
                             json={"signInAudience": "AzureADandPersonalMicrosoftAccount"}), 400)


def test_duplicate_entitlement_ids_are_rejected(graph) -> None:
    same = str(uuid.uuid4())
    body = {"displayName": "d", "appRoles": [role("A", role_id=same), role("B", role_id=same)]}
    assert_error(graph.post("/applications", json=body), 400)


def test_redirect_uri_limits(graph) -> None:
    app = new_app(graph)
    url = f"/applications/{app['id']}"
    too_long = "https://contoso.com/" + "a" * 240
    assert_error(graph.patch(url, json={"web": {"redirectUris": [too_long]}}), 400)
    many = [f"https://contoso.com/cb/{i}" for i in range(257)]
    assert_error(graph.patch(url, json={"spa": {"redirectUris": many}}), 400)
    assert graph.patch(url, json={"spa": {"redirectUris": many[:256]}}).status_code == 204
    personal = {"signInAudience": "AzureADandPersonalMicrosoftAccount", "api": {"requestedAccessTokenVersion": 2}}
    assert_error(graph.patch(url, json=personal), 400)  # 256 URIs is above the 100 of personal-account apps


def test_manifest_aggregate_limit(graph) -> None:
    app = new_app(graph)
    body = {"web": {"redirectUris": [f"https://contoso.com/cb/{i}" for i in range(250)]},
            "identifierUris": [f"https://contoso.com/id/{i}" for i in range(600)],
            "appRoles": [role(f"R{i}") for i in range(200)],
            "api": {"oauth2PermissionScopes": [scope(f"s{i}") for i in range(150)]}}
    assert graph.patch(f"/applications/{app['id']}", json=body).status_code == 204  # 1,200 entries
    more = {"identifierUris": [f"https://contoso.com/id/{i}" for i in range(601)]}
    assert_error(graph.patch(f"/applications/{app['id']}", json=more), 400)


def test_default_redirect_uri_must_be_a_redirect_uri(graph) -> None:
    app = new_app(graph, web={"redirectUris": ["https://a.contoso.com/cb"]})
    url = f"/applications/{app['id']}"
    assert_error(graph.patch(url, json={"defaultRedirectUri": "https://b.contoso.com/cb"}), 400)
    assert graph.patch(url, json={"defaultRedirectUri": "https://a.contoso.com/cb"}).status_code == 204
    assert_error(graph.patch(url, json={"web": {"redirectUris": ["https://c.contoso.com/cb"]}}), 400)
