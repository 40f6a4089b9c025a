"""Cherry-pick paths (issue 13 §2): parsing against the schema, the merge of snapshot values into the live
document (whole values, one item of a keyed collection, companions), and refusals."""

from __future__ import annotations

from typing import Any

import pytest

from desktop_app.domain.cherry_pick import PickError, PickErrorCode, parse_paths, pick
from desktop_app.domain.diff import diff_documents, format_path


def scope(value: str, sid: str, enabled: bool = True) -> dict[str, Any]:
    return {"id": sid, "value": value, "isEnabled": enabled, "type": "User", "adminConsentDisplayName": value}


def document(**application: Any) -> dict[str, Any]:
    base = {"displayName": "App", "notes": None, "web": {"redirectUris": [], "homePageUrl": None},
            "api": {"oauth2PermissionScopes": [], "preAuthorizedApplications": []}, "keyCredentials": [],
            "tokenEncryptionKeyId": None}
    base.update(application)
    return {"application": base, "owners": [], "federatedIdentityCredentials": [], "keyCredentialKeys": {},
            "logo": None}


def changed(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    return {format_path(c.path, new, old) for c in diff_documents(old, new)}


def test_a_whole_value_comes_from_the_snapshot_and_nothing_else_changes() -> None:
    snapshot = document(web={"redirectUris": ["https://a/"], "homePageUrl": "https://home/"}, notes="then")
    live = document(web={"redirectUris": ["https://b/"], "homePageUrl": "https://new-home/"}, notes="now",
                    displayName="Renamed")
    merged = pick(snapshot, live, parse_paths(["web.redirectUris"]))
    assert changed(live, merged) == {"web.redirectUris"}
    assert merged["application"]["web"] == {"redirectUris": ["https://a/"], "homePageUrl": "https://new-home/"}
    both = pick(snapshot, live, parse_paths(["web.redirectUris,notes", "application.displayName"]))
    assert changed(live, both) == {"web.redirectUris", "notes", "displayName"}
    assert live["application"]["notes"] == "now"  # the inputs are not modified


def test_one_item_of_a_keyed_collection_by_label_or_key() -> None:
    a, b, c = scope("Read", "id-a"), scope("Write", "id-b"), scope("Admin", "id-c")
    snapshot = document(api={"oauth2PermissionScopes": [a, b], "preAuthorizedApplications": []})
    live = document(api={"oauth2PermissionScopes": [{**a, "adminConsentDisplayName": "renamed"}, c],
                         "preAuthorizedApplications": []})
    put_back = pick(snapshot, live, parse_paths(["api.oauth2PermissionScopes[Write]"]))
    assert [s["id"] for s in put_back["application"]["api"]["oauth2PermissionScopes"]] == ["id-a", "id-c", "id-b"]
    assert put_back["application"]["api"]["oauth2PermissionScopes"][0]["adminConsentDisplayName"] == "renamed"
    reverted = pick(snapshot, live, parse_paths(["api.oauth2PermissionScopes[id-a]"]))
    assert reverted["application"]["api"]["oauth2PermissionScopes"][0] == a
    removed = pick(snapshot, live, parse_paths(["api.oauth2PermissionScopes[admin]"]))  # case-insensitive
    assert [s["id"] for s in removed["application"]["api"]["oauth2PermissionScopes"]] == ["id-a"]
    with pytest.raises(PickError) as error:
        pick(snapshot, live, parse_paths(["api.oauth2PermissionScopes[Nothing]"]))
    assert error.value.code is PickErrorCode.ITEM_NOT_FOUND


def test_owners_and_certificates_bring_their_companions() -> None:
    owner = {"id": "u1", "@odata.type": "#microsoft.graph.user", "userPrincipalName": "ada@contoso.com"}
    other = {"id": "u2", "@odata.type": "#microsoft.graph.user", "userPrincipalName": "ben@contoso.com"}
    cert = {"keyId": "k1", "displayName": "CN=one", "type": "AsymmetricX509Cert", "usage": "Verify"}
    snapshot = {**document(keyCredentials=[cert], tokenEncryptionKeyId="k1"), "owners": [owner],
                "keyCredentialKeys": {"k1": "sha-1"}}
    live = {**document(notes="now"), "owners": [other]}
    owners = pick(snapshot, live, parse_paths(["owners"]))
    assert owners["owners"] == [owner] and owners["application"] == live["application"]
    one_owner = pick(snapshot, live, parse_paths(["owners[ada@contoso.com]"]))
    assert [o["id"] for o in one_owner["owners"]] == ["u1", "u2"]
    chosen = parse_paths(["keyCredentials"])
    assert {p.text for p in chosen.paths} == {"keyCredentials", "keyCredentialKeys", "tokenEncryptionKeyId"}
    certificates = pick(snapshot, live, chosen)
    assert changed(live, certificates) == {"keyCredentials[CN=one]", "keyCredentialKeys[k1]", "tokenEncryptionKeyId"}
    assert certificates["keyCredentialKeys"] == {"k1": "sha-1"}
    assert certificates["application"]["notes"] == "now"


@pytest.mark.parametrize(
    ("path", "code", "detail"),
    [
        ("passwordCredentials", PickErrorCode.SECRETS, ""),
        ("appId", PickErrorCode.READ_ONLY, ""),
        ("web.redirectUri", PickErrorCode.UNKNOWN_PATH, "web.redirectUris"),
        ("redirectUris", PickErrorCode.UNKNOWN_PATH, ""),
        ("web[x]", PickErrorCode.NOT_A_COLLECTION, "api.oauth2PermissionScopes"),
        ("owners.id", PickErrorCode.UNKNOWN_PATH, ""),
        (" , ", PickErrorCode.EMPTY, ""),
    ],
)
def test_paths_that_cannot_be_picked_are_refused_with_a_reason(path: str, code: PickErrorCode,
                                                               detail: str) -> None:
    with pytest.raises(PickError) as error:
        parse_paths([path])
    assert error.value.code is code
    assert detail in error.value.detail


def test_a_pick_that_graph_would_refuse_names_the_path_to_add() -> None:
    a, b = scope("Read", "id-a"), scope("Write", "id-b")
    snapshot = document(api={"oauth2PermissionScopes": [a], "preAuthorizedApplications": []})
    live = document(api={"oauth2PermissionScopes": [a, b],
                         "preAuthorizedApplications": [{"appId": "c1", "delegatedPermissionIds": ["id-b"]}]})
    with pytest.raises(PickError) as error:
        pick(snapshot, live, parse_paths(["api.oauth2PermissionScopes"]))
    assert error.value.code is PickErrorCode.NEEDS_PATH and error.value.detail == "api.preAuthorizedApplications"
    fine = pick(snapshot, live, parse_paths(["api.oauth2PermissionScopes", "api.preAuthorizedApplications"]))
    assert fine["application"]["api"] == snapshot["application"]["api"]


@pytest.mark.parametrize(
    ("document_path", "expected"),
    [
        (("application", "web", "redirectUris", 0), "web.redirectUris"),
        (("application", "api", "oauth2PermissionScopes", "s1", "isEnabled"), "api.oauth2PermissionScopes[s1]"),
        (("application", "requiredResourceAccess", "r1", "resourceAccess", "a1"), "requiredResourceAccess[r1]"),
        (("application", "web", "implicitGrantSettings", "enableIdTokenIssuance"),
         "web.implicitGrantSettings.enableIdTokenIssuance"),
        (("owners", "u1", "displayName"), "owners[u1]"),
        (("keyCredentialKeys", "k1"), "keyCredentials[k1]"),
        (("logo",), "logo"),
        (("application", "appId"), None),
        (("application", "passwordCredentials", "k1", "hint"), None),
        (("#section", "overview"), None),
        (("servicePrincipal", "properties", "notes"), "servicePrincipal.properties.notes"),
        (("servicePrincipal", "delegatedPermissionGrants", "k1", "scopes", 0),
         "servicePrincipal.delegatedPermissionGrants[k1]"),
        (("servicePrincipal", "id"), None),
    ],
)
def test_a_panel_row_maps_to_the_path_that_restores_it(document_path: tuple[Any, ...], expected: str | None) -> None:
    from desktop_app.domain.cherry_pick import path_for

    assert path_for(document_path) == expected
    if expected is not None:
        parse_paths([expected])


def test_the_enterprise_application_picked_whole_keeps_its_id_now() -> None:
    snapshot = {**document(), "servicePrincipal": {"id": "sp-old", "properties": {"notes": "then"}, "owners": []}}
    live = {**document(), "servicePrincipal": {"id": "sp-new", "properties": {"notes": "now"}, "owners": []}}
    merged = pick(snapshot, live, parse_paths(["servicePrincipal"], sections=("servicePrincipal",)))
    assert merged["servicePrincipal"] == {"id": "sp-new", "properties": {"notes": "then"}, "owners": []}
    notes = pick(snapshot, live, parse_paths(["servicePrincipal.properties.notes"], sections=("servicePrincipal",)))
    assert notes["servicePrincipal"]["properties"]["notes"] == "then" and notes["servicePrincipal"]["id"] == "sp-new"
