"""Issue 27: the rules of graph-notes §11 the emulator used to be kind about (service principals, their credentials,
app role assignments, the recycle bin's typed reads, redirect URIs), case by case. Each test fails on an emulator
that lets the request through or answers otherwise than Graph."""

from __future__ import annotations

import base64
import hashlib
import random
from typing import Any

import httpx
import pytest
from emulator_helpers import assert_error, new_app

from desktop_app.emulator.seed import fake_certificate

AAD_PREMIUM = "41781fb2-bc02-4b7c-bd55-b576c07bb09d"
GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
MAIL_SEND_ROLE = "b633e1c5-b582-4048-a93e-9f11b44c7e96"


def new_sp(graph: httpx.Client, **sp: Any) -> dict[str, Any]:
    app = new_app(graph, displayName="Wave 3")
    created = graph.post("/servicePrincipals", json={"appId": app["appId"], **sp})
    assert created.status_code == 201, created.text
    return {**created.json(), "application": app, "location": created.headers.get("Location")}


def certificate(n: int) -> tuple[str, str]:
    """A certificate's base64 and its thumbprint (SHA-1, upper-case hex)."""
    der = fake_certificate(random.Random(n), f"sp{n}.contoso.com")
    return base64.b64encode(der).decode(), hashlib.sha1(der).hexdigest().upper()


def role(value: str) -> dict[str, Any]:
    import uuid

    return {"id": str(uuid.uuid4()), "value": value, "displayName": value, "description": value,
            "isEnabled": True, "allowedMemberTypes": ["User", "Application"]}


# --- item 1: tags ----------------------------------------------------------------------------------------------------


def test_a_service_principals_tags_are_its_own_and_its_applications(graph) -> None:
    app = new_app(graph, displayName="Tagged", tags=["FromApp"])
    sp = graph.post("/servicePrincipals", json={"appId": app["appId"], "tags": ["Own"]}).json()
    assert set(sp["tags"]) == {"FromApp", "Own"}
    assert graph.patch(f"/applications/{app['id']}", json={"tags": ["Renamed"]}).status_code == 204
    assert set(graph.get(f"/servicePrincipals/{sp['id']}").json()["tags"]) == {"Renamed", "Own"}
    # The application's tags can't be taken off through its service principal: they are a union.
    assert graph.patch(f"/servicePrincipals/{sp['id']}", json={"tags": ["Other"]}).status_code == 204
    assert set(graph.get(f"/servicePrincipals/{sp['id']}").json()["tags"]) == {"Renamed", "Other"}


# --- item 10: Location header, typed deleted item ----------------------------------------------------------------------


def test_creating_a_service_principal_answers_where_it_lives(graph) -> None:
    sp = new_sp(graph)
    assert sp["location"] and sp["location"].endswith(
        f"/directoryObjects/{sp['id']}/Microsoft.DirectoryServices.ServicePrincipal")


@pytest.mark.parametrize("alias", ["graph", "microsoft.graph"])
def test_one_deleted_item_can_be_read_through_its_type(graph, alias: str) -> None:
    sp = new_sp(graph)
    app = sp["application"]
    assert graph.delete(f"/applications/{app['id']}").status_code == 204
    typed = graph.get(f"/directory/deletedItems/{app['id']}/{alias}.application", params={"$select": "id,appId"})
    assert typed.status_code == 200, typed.text
    assert typed.json()["appId"] == app["appId"] and typed.json()["@odata.type"] == "#microsoft.graph.application"
    as_sp = graph.get(f"/directory/deletedItems/{sp['id']}/{alias}.servicePrincipal")
    assert as_sp.status_code == 200 and as_sp.json()["appId"] == app["appId"]
    assert_error(graph.get(f"/directory/deletedItems/{app['id']}/{alias}.servicePrincipal"), 404)


# --- item 11: credentials of service principals ------------------------------------------------------------------------


def test_add_and_remove_password_on_a_service_principal(graph) -> None:
    sp = new_sp(graph)
    added = graph.post(f"/servicePrincipals/{sp['id']}/addPassword", json={"passwordCredential": {"displayName": "ci"}})
    assert added.status_code == 200, added.text
    secret = added.json()
    assert secret["secretText"] and secret["hint"] == secret["secretText"][:3] and secret["displayName"] == "ci"
    stored = graph.get(f"/servicePrincipals/{sp['id']}").json()["passwordCredentials"]
    assert [c["keyId"] for c in stored] == [secret["keyId"]] and stored[0]["secretText"] is None
    assert graph.post(f"/servicePrincipals/{sp['id']}/microsoft.graph.removePassword",
                      json={"keyId": secret["keyId"]}).status_code == 204
    assert graph.get(f"/servicePrincipals/{sp['id']}").json()["passwordCredentials"] == []
    assert_error(graph.post(f"/servicePrincipals/{sp['id']}/removePassword", json={"keyId": secret["keyId"]}), 404)


def test_a_patch_cannot_carry_a_secret(graph) -> None:
    sp = new_sp(graph)
    error = assert_error(graph.patch(f"/servicePrincipals/{sp['id']}",
                                     json={"passwordCredentials": [{"displayName": "x"}]}), 400)
    assert error["message"] == "New password credentials must be generated using service actions."


def test_key_credentials_of_a_service_principal_need_their_certificate(graph) -> None:
    sp = new_sp(graph)
    url = f"/servicePrincipals/{sp['id']}"
    key, thumb = certificate(1)
    base = {"type": "AsymmetricX509Cert", "usage": "Verify", "displayName": "CN=sp1"}
    assert_error(graph.patch(url, json={"keyCredentials": [{**base, "key": None}]}), 400)
    assert_error(graph.patch(url, json={"keyCredentials": [{**base, "key": base64.b64encode(b"garbage").decode()}]}),
                 400, "KeyCredentialsInvalidValue")
    # A Sign key is a PKCS#12 file: a certificate alone is not one.
    assert_error(graph.patch(url, json={"keyCredentials": [{**base, "usage": "Sign", "key": key}]}),
                 400, "KeyCredentialsInvalidValue")
    assert graph.patch(url, json={"keyCredentials": [{**base, "key": key}]}).status_code == 204
    listed = graph.get(url).json()["keyCredentials"]
    assert len(listed) == 1 and listed[0]["key"] is None and listed[0]["keyId"]
    assert listed[0]["customKeyIdentifier"] == base64.b64encode(bytes.fromhex(thumb)).decode()


def test_key_bytes_of_a_service_principal_are_read_like_an_applications(graph, emulator) -> None:
    sp = new_sp(graph)
    url = f"/servicePrincipals/{sp['id']}"
    key, _ = certificate(2)
    graph.patch(url, json={"keyCredentials": [{"type": "AsymmetricX509Cert", "usage": "Verify", "key": key}]})
    one = graph.get(url, params={"$select": "id,keyCredentials"}).json()
    assert one["keyCredentials"][0]["key"] == key
    listed = graph.get("/servicePrincipals", params={"$select": "id,keyCredentials", "$filter": f"id eq '{sp['id']}'"})
    assert listed.json()["value"][0]["keyCredentials"][0]["key"] is None  # lists never carry the bytes
    assert emulator.counters()["tenants"][emulator.tenant_id("contoso")]["sp_certificate_reads"] == 1


def test_service_principal_certificate_reads_share_the_150_a_minute_limit(graph, hooks) -> None:
    sp = new_sp(graph)
    hooks.post("/_emulator/clock", json={"freeze": True})
    hooks.post("/_emulator/config", json={"keyCredentialReadsPerMinute": 3})
    app = sp["application"]
    assert graph.get(f"/applications/{app['id']}", params={"$select": "keyCredentials"}).status_code == 200
    for _ in range(2):
        assert graph.get(f"/servicePrincipals/{sp['id']}", params={"$select": "keyCredentials"}).status_code == 200
    throttled = graph.get(f"/servicePrincipals/{sp['id']}", params={"$select": "keyCredentials"})
    assert_error(throttled, 429, "TooManyRequests")
    assert int(throttled.headers["Retry-After"]) >= 1


# --- item 9: the SAML signing certificate ------------------------------------------------------------------------------


def test_the_preferred_signing_thumbprint_must_name_a_certificate_of_the_service_principal(graph) -> None:
    sp = new_sp(graph, preferredSingleSignOnMode="saml")
    url = f"/servicePrincipals/{sp['id']}"
    _, foreign = certificate(3)
    assert_error(graph.patch(url, json={"preferredTokenSigningKeyThumbprint": foreign}), 400)
    created = graph.post(f"{url}/addTokenSigningCertificate", json={"displayName": "CN=Wave 3 SAML"})
    assert created.status_code == 200, created.text
    signing = created.json()
    assert signing["usage"] == "Verify" and signing["thumbprint"] and signing["key"]
    der = base64.b64decode(signing["key"])
    assert hashlib.sha1(der).hexdigest().upper() == signing["thumbprint"]
    keys = graph.get(url, params={"$select": "keyCredentials,passwordCredentials"}).json()
    usages = sorted(k["usage"] for k in keys["keyCredentials"])
    assert usages == ["Sign", "Verify"]
    assert {k["customKeyIdentifier"] for k in keys["keyCredentials"]} == {signing["customKeyIdentifier"]}
    sign = next(k for k in keys["keyCredentials"] if k["usage"] == "Sign")
    assert sign["key"] is None  # the private key never comes back
    assert [p["keyId"] for p in keys["passwordCredentials"]] == [sign["keyId"]]
    assert graph.patch(url, json={"preferredTokenSigningKeyThumbprint": signing["thumbprint"]}).status_code == 204
    # The thumbprint stays only with its key: dropping the certificate it names is refused.
    assert_error(graph.patch(url, json={"keyCredentials": []}), 400)
    assert_error(graph.post(f"{url}/addTokenSigningCertificate", json={"displayName": "no prefix"}), 400)


# --- item 7: replication after a role or a service principal is created ------------------------------------------------


def test_assignments_right_after_a_role_or_a_principal_is_created_are_refused_for_a_while(graph, hooks) -> None:
    resource = new_sp(graph)
    client = new_sp(graph)
    hooks.post("/_emulator/config", json={"consistencyDelaySeconds": 30})
    hooks.post("/_emulator/clock", json={"freeze": True})
    new_role = role("Reports.Read")
    assert graph.patch(f"/applications/{resource['application']['id']}",
                       json={"appRoles": [new_role]}).status_code == 204
    body = {"principalId": client["id"], "resourceId": resource["id"], "appRoleId": new_role["id"]}
    error = assert_error(graph.post(f"/servicePrincipals/{resource['id']}/appRoleAssignedTo", json=body), 400)
    assert error["message"].startswith("Permission being assigned was not found on application")
    fresh_app = new_app(graph, displayName="Fresh")
    hooks.post("/_emulator/clock", json={"advanceSeconds": 31})
    fresh = graph.post("/servicePrincipals", json={"appId": fresh_app["appId"]}).json()
    as_fresh = {**body, "principalId": fresh["id"]}
    error = assert_error(graph.post(f"/servicePrincipals/{resource['id']}/appRoleAssignedTo", json=as_fresh), 400)
    assert error["message"] == "Not a valid reference update."
    # Replicated: both go through.
    assert graph.post(f"/servicePrincipals/{resource['id']}/appRoleAssignedTo", json=body).status_code == 201
    hooks.post("/_emulator/clock", json={"advanceSeconds": 31})
    assert graph.post(f"/servicePrincipals/{resource['id']}/appRoleAssignedTo", json=as_fresh).status_code == 201


def test_assignment_lists_lag_behind_writes(graph, hooks) -> None:
    resource = new_sp(graph, appRoleAssignmentRequired=True)
    user = graph.get("/users", params={"$top": "3"}).json()["value"][2]
    hooks.post("/_emulator/config", json={"consistencyDelaySeconds": 45})
    hooks.post("/_emulator/clock", json={"freeze": True})
    default_access = "00000000-0000-0000-0000-000000000000"
    created = graph.post(f"/servicePrincipals/{resource['id']}/appRoleAssignedTo",
                         json={"principalId": user["id"], "resourceId": resource["id"], "appRoleId": default_access})
    assert created.status_code == 201
    listed = f"/servicePrincipals/{resource['id']}/appRoleAssignedTo"
    assert graph.get(listed).json()["value"] == []  # not listed yet (microsoft-graph-docs-contrib#2459)
    hooks.post("/_emulator/clock", json={"advanceSeconds": 46})
    assert [a["id"] for a in graph.get(listed).json()["value"]] == [created.json()["id"]]
    assert graph.delete(f"{listed}/{created.json()['id']}").status_code == 204
    assert [a["id"] for a in graph.get(listed).json()["value"]] == [created.json()["id"]]  # still listed
    hooks.post("/_emulator/clock", json={"advanceSeconds": 46})
    assert graph.get(listed).json()["value"] == []


# --- item 8: group assignments need Entra ID P1 or P2 ------------------------------------------------------------------


def test_a_free_tenant_refuses_group_assignments_but_not_user_ones(graph, hooks) -> None:
    resource = new_sp(graph)
    group = graph.get("/groups").json()["value"][0]
    user = graph.get("/users", params={"$top": "3"}).json()["value"][2]
    plans = graph.get("/organization").json()["value"][0]["assignedPlans"]
    assert AAD_PREMIUM in {p["servicePlanId"] for p in plans}
    hooks.post("/_emulator/config", json={"entraPlans": {"contoso": "free"}})
    assert graph.get("/organization").json()["value"][0]["assignedPlans"] == []
    default_access = "00000000-0000-0000-0000-000000000000"
    url = f"/servicePrincipals/{resource['id']}/appRoleAssignedTo"
    body = {"resourceId": resource["id"], "appRoleId": default_access}
    error = assert_error(graph.post(url, json={**body, "principalId": group["id"]}), 400)
    assert "plan level" in error["message"]
    assert graph.post(url, json={**body, "principalId": user["id"]}).status_code == 201
    hooks.post("/_emulator/config", json={"entraPlans": {"contoso": "p2"}})
    assert graph.post(url, json={**body, "principalId": group["id"]}).status_code == 201
    assert hooks.post("/_emulator/config", json={"entraPlans": {"contoso": "gold"}}).status_code == 400


# --- item 10: redirect URIs ---------------------------------------------------------------------------------------------


# (platform, redirect URI, accepted): https, or http for localhost only; custom schemes for public clients only
REDIRECT_SCHEMES = [
    ("web", "http://app.contoso.com/signin-oidc", False),
    ("spa", "http://app.contoso.com/", False),
    ("publicClient", "http://app.contoso.com/", False),
    ("web", "myapp://auth", False),
    ("web", "http://localhost:5000/signin-oidc", True),
    ("spa", "http://127.0.0.1:3000/", True),
    ("publicClient", "http://localhost", True),
    ("publicClient", "msal1fec8e78-bce4-4aaf-ab1b-5451cc387264://auth", True),
]
# none of ! $ ' ( ) , ; (a query's & and = are fine)
REDIRECT_CHARACTERS = [
    ("web", "https://app.contoso.com/a,b", False),
    ("web", "https://app.contoso.com/(x)", False),
    ("spa", "https://app.contoso.com/;x", False),
    ("web", "https://app.contoso.com/signin-oidc?tenant=a&x=1", True),
]


@pytest.mark.parametrize(("platform", "uri", "accepted"), REDIRECT_SCHEMES + REDIRECT_CHARACTERS)
def test_redirect_uris_graph_refuses_and_accepts(graph, platform: str, uri: str, accepted: bool) -> None:
    app = new_app(graph)
    patched = graph.patch(f"/applications/{app['id']}", json={platform: {"redirectUris": [uri]}})
    created = graph.post("/applications", json={"displayName": "x", platform: {"redirectUris": [uri]}})
    if accepted:
        assert (patched.status_code, created.status_code) == (204, 201), (patched.text, created.text)
    else:
        assert_error(patched, 400)
        assert_error(created, 400)


def test_microsoft_graphs_own_roles_can_still_be_assigned_at_once(graph, hooks) -> None:
    """Replication delays only what was just created: Microsoft Graph's roles are assignable right away."""
    client = new_sp(graph)
    hooks.post("/_emulator/clock", json={"advanceSeconds": 31})
    hooks.post("/_emulator/config", json={"consistencyDelaySeconds": 30})
    resource = graph.get(f"/servicePrincipals(appId='{GRAPH_APP_ID}')").json()
    body = {"principalId": client["id"], "resourceId": resource["id"], "appRoleId": MAIL_SEND_ROLE}
    assert graph.post(f"/servicePrincipals/{client['id']}/appRoleAssignments", json=body).status_code == 201
