"""Issue 9: the rules of graph-notes §10 that the emulator used to be kind about, case by case.

Each test would pass against a lenient emulator only if it asserted nothing: each one checks that Graph's
refusal (or Graph's answer) is what comes back.
"""

from __future__ import annotations

import base64
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from emulator_helpers import app_of_kind, assert_error, new_app

from desktop_app.emulator.seed import fake_certificate


def scope(value: str, *, enabled: bool = True) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "value": value, "type": "User", "isEnabled": enabled,
            "adminConsentDisplayName": value, "adminConsentDescription": value}


def certificate(n: int, *, days: int = 365, start_days_ago: int = 1) -> dict[str, Any]:
    start = datetime.now(UTC) - timedelta(days=start_days_ago)
    return {"type": "AsymmetricX509Cert", "usage": "Verify", "displayName": f"CN=cert{n}",
            "key": base64.b64encode(fake_certificate(random.Random(n), f"cert{n}.contoso.com")).decode(),
            "startDateTime": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "endDateTime": (start + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")}


CLIENT = "1fec8e78-bce4-4aaf-ab1b-5451cc387264"


# --- pre-authorizations ------------------------------------------------------------------------------------------------


def test_a_pre_authorization_may_not_name_a_scope_added_in_the_same_body(graph) -> None:
    read = scope("read")
    app = new_app(graph)
    url = f"/applications/{app['id']}"
    both = {"api": {"oauth2PermissionScopes": [read],
                    "preAuthorizedApplications": [{"appId": CLIENT, "delegatedPermissionIds": [read["id"]]}]}}
    assert_error(graph.patch(url, json=both), 400, "InvalidValue")
    assert_error(graph.post("/applications", json={"displayName": "both at once", **both}), 400, "InvalidValue")
    # Scopes first, then the pre-authorization: both accepted.
    assert graph.patch(url, json={"api": {"oauth2PermissionScopes": [read]}}).status_code == 204
    assert graph.patch(url, json=both).status_code == 204


def test_a_pre_authorization_may_not_name_an_unknown_scope(graph) -> None:
    api = app_of_kind(graph, "API")
    unknown = {"appId": CLIENT, "delegatedPermissionIds": [str(uuid.uuid4())]}
    response = graph.patch(f"/applications/{api['id']}", json={"api": {"preAuthorizedApplications": [unknown]}})
    error = assert_error(response, 400, "InvalidValue")
    assert error["details"][0]["target"] == "api.preAuthorizedApplications.delegatedPermissionIds"


def test_an_enabled_scope_named_by_nothing_still_cannot_be_removed(graph) -> None:
    keep, drop = scope("keep"), scope("drop")
    app = new_app(graph, api={"oauth2PermissionScopes": [keep, drop]})
    response = graph.patch(f"/applications/{app['id']}", json={"api": {"oauth2PermissionScopes": [keep]}})
    assert_error(response, 400, "CannotDeleteOrUpdateEnabledEntitlement")


# --- keyCredentials --------------------------------------------------------------------------------------------------------


def test_key_credentials_are_replaced_whole_by_patch(graph) -> None:
    app = new_app(graph)
    url = f"/applications/{app['id']}"
    assert graph.patch(url, json={"keyCredentials": [certificate(1), certificate(2)]}).status_code == 204
    assert len(graph.get(url).json()["keyCredentials"]) == 2
    assert graph.patch(url, json={"keyCredentials": [certificate(2)]}).status_code == 204
    assert [k["displayName"] for k in graph.get(url).json()["keyCredentials"]] == ["CN=cert2"]


def test_garbage_key_bytes_are_refused(graph) -> None:
    app = new_app(graph)
    garbage = {**certificate(1), "key": base64.b64encode(b"\x30\x82\x01\x0a" + bytes(range(256))).decode()}
    response = graph.patch(f"/applications/{app['id']}", json={"keyCredentials": [garbage]})
    assert_error(response, 400, "KeyCredentialsInvalidValue")
    assert graph.get(f"/applications/{app['id']}").json()["keyCredentials"] == []


def test_certificate_reads_are_limited_to_150_a_minute_per_tenant_also_inside_batch(emulator, graph, connect) -> None:
    daemon = app_of_kind(graph, "Sync Job")
    url = f"/applications/{daemon['id']}"
    allowed = 0
    while (refused := graph.get(url, params={"$select": "id,keyCredentials"})).status_code == 200:
        allowed += 1
        assert allowed < 200, "certificate reads are not limited"
    # 150 at once, then 2.5 a second as the minute's budget drains (the loop took a moment).
    assert 150 <= allowed < 170, allowed
    assert_error(refused, 429)
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # Other reads of the same app, and another tenant's certificate reads, are not affected.
    assert graph.get(url, params={"$select": "id,displayName"}).status_code == 200
    fabrikam = connect("fabrikam")
    other = app_of_kind(fabrikam, "Sync Job")
    assert fabrikam.get(f"/applications/{other['id']}", params={"$select": "keyCredentials"}).status_code == 200
    batch = {"requests": [{"id": str(n), "method": "GET", "url": f"{url}?$select=keyCredentials"} for n in range(20)]}
    inner = graph.post("/$batch", json=batch).json()["responses"]
    throttled = [r for r in inner if r["status"] == 429]
    assert len(throttled) >= 15 and all("Retry-After" in r["headers"] for r in throttled)
    emulator.advance_clock(61)
    assert graph.get(url, params={"$select": "keyCredentials"}).status_code == 200


# --- policies on new apps ------------------------------------------------------------------------------------------------


def test_new_identifier_uris_must_name_a_verified_domain_the_tenant_or_the_app(graph) -> None:
    response = graph.post("/applications", json={"displayName": "legacy", "identifierUris": ["api://orders-legacy"]})
    assert_error(response, 400, "HostNameNotOnVerifiedDomain")
    app = new_app(graph)
    ok = [f"api://{app['appId']}", "https://orders.contoso.com"]
    assert graph.patch(f"/applications/{app['id']}", json={"identifierUris": ok}).status_code == 204


def test_the_app_management_policy_refuses_long_lived_or_expired_certificates_on_new_apps(emulator, graph) -> None:
    older = new_app(graph)  # created before the policy: not concerned
    emulator.advance_clock(1)  # createdDateTime has whole seconds
    emulator.configure(credential_policy={"maxKeyLifetimeDays": 365})
    too_long = graph.post("/applications", json={"displayName": "cert at birth", "keyCredentials": [certificate(1, days=730)]})
    assert_error(too_long, 400, "CredentialInvalidLifetimeAsPerAppPolicy")
    app = new_app(graph)  # the same app without the certificate is accepted
    url = f"/applications/{app['id']}"
    expired = certificate(2, days=30, start_days_ago=60)
    assert_error(graph.patch(url, json={"keyCredentials": [expired]}), 400, "CredentialInvalidLifetimeAsPerAppPolicy")
    assert graph.patch(url, json={"keyCredentials": [certificate(3, days=300)]}).status_code == 204
    assert graph.patch(f"/applications/{older['id']}", json={"keyCredentials": [certificate(4, days=730)]}).status_code == 204


def test_a_new_app_gets_the_app_instance_lock_by_default(emulator, graph) -> None:
    locked = {"isEnabled": True, "allProperties": True, "credentialsWithUsageVerify": True,
              "credentialsWithUsageSign": True, "tokenEncryptionKeyId": True}
    assert new_app(graph)["servicePrincipalLockConfiguration"] == locked  # on unless the create names one
    named = {"isEnabled": False, "allProperties": False, "credentialsWithUsageVerify": False,
             "credentialsWithUsageSign": False, "tokenEncryptionKeyId": False}
    chosen = graph.post("/applications", json={"displayName": "lock chosen", "servicePrincipalLockConfiguration": named})
    assert chosen.status_code == 201 and chosen.json()["servicePrincipalLockConfiguration"] == named
    upserted = graph.patch("/applications(uniqueName='lock-upsert')", json={"displayName": "Upserted"},
                           headers={"Prefer": "create-if-missing"})
    assert upserted.status_code == 201 and upserted.json()["servicePrincipalLockConfiguration"] == locked
    emulator.configure(new_app_instance_lock=False)  # the lenient past, for a test that needs it
    try:
        assert new_app(graph)["servicePrincipalLockConfiguration"] is None
    finally:
        emulator.configure(new_app_instance_lock=True)


# --- upsert, cast alias, queries ----------------------------------------------------------------------------------------


def test_upsert_by_unique_name_creates_then_updates(graph) -> None:
    url = "/applications(uniqueName='orders-upsert')"
    assert_error(graph.patch(url, json={"displayName": "Orders"}), 404)
    created = graph.patch(url, json={"displayName": "Orders"}, headers={"Prefer": "create-if-missing"})
    assert created.status_code == 201 and created.json()["uniqueName"] == "orders-upsert"
    again = graph.patch(url, json={"displayName": "Orders 2"}, headers={"Prefer": "create-if-missing"})
    assert again.status_code == 204
    assert graph.get(url).json()["displayName"] == "Orders 2"


def test_the_graph_alias_works_wherever_the_full_namespace_does(graph) -> None:
    app = new_app(graph)
    assert graph.delete(f"/applications/{app['id']}").status_code == 204
    listed = graph.get("/directory/deletedItems/graph.application").json()["value"]
    assert app["id"] in {a["id"] for a in listed}
    restored = graph.post(f"/directory/deletedItems/{app['id']}/graph.restore")
    assert restored.status_code == 200
    secret = graph.post(f"/applications/{app['id']}/graph.addPassword", json={"passwordCredential": {}})
    assert secret.status_code == 200 and secret.json()["secretText"]


def test_expand_is_refused_in_advanced_queries_and_count_without_the_header_is_ignored(graph) -> None:
    advanced = {"ConsistencyLevel": "eventual"}
    refused = graph.get("/applications", params={"$count": "true", "$expand": "owners"}, headers=advanced)
    assert_error(refused, 400, "Request_UnsupportedQuery")
    plain = graph.get("/applications", params={"$count": "true", "$expand": "owners", "$top": "3"})
    assert plain.status_code == 200 and "@odata.count" not in plain.json()
    counted = graph.get("/applications", params={"$count": "true", "$top": "3"}, headers=advanced).json()
    assert counted["@odata.count"] >= 20
