"""Reference tokens and the id/domain rewriting of restores to new objects (domain/remap.py)."""

from __future__ import annotations

import base64

import pytest

from desktop_app.domain.remap import (
    GRAPH_BASE_TOKEN,
    Ref,
    RefKind,
    ResolvedIds,
    UnresolvedReference,
    acceptable_in_tenant,
    app_id_ref,
    blob_ref,
    contains_ref,
    humanize,
    object_id_ref,
    refs_in,
    replace_ids,
    resolve,
    rewrite_domain,
    strip_refs,
)

OLD_APP = "aaaaaaaa-0000-0000-0000-000000000001"
NEW_APP = "bbbbbbbb-0000-0000-0000-000000000001"
OLD_OBJ = "cccccccc-0000-0000-0000-000000000001"
NEW_OBJ = "dddddddd-0000-0000-0000-000000000001"


def test_tokens_round_trip_through_resolve() -> None:
    ids = ResolvedIds()
    ids.bind(OLD_OBJ, OLD_APP.upper(), NEW_OBJ, NEW_APP)
    value = {
        "path": f"/applications/{object_id_ref(OLD_OBJ)}",
        "uris": [f"api://{app_id_ref(OLD_APP)}", f"api://tenant/{app_id_ref(OLD_APP.upper())}"],
        "key": blob_ref("ab12"),
        "@odata.id": f"{GRAPH_BASE_TOKEN}/directoryObjects/x",
        "n": 3,
    }
    out = resolve(
        value,
        ids,
        blob_base64=lambda sha: base64.b64encode(sha.encode()).decode(),
        graph_base_url="http://127.0.0.1:9/v1.0/",
    )
    assert out == {
        "path": f"/applications/{NEW_OBJ}",
        "uris": [f"api://{NEW_APP}", f"api://tenant/{NEW_APP}"],
        "key": base64.b64encode(b"ab12").decode(),
        "@odata.id": "http://127.0.0.1:9/v1.0/directoryObjects/x",
        "n": 3,
    }
    assert value["path"].startswith("/applications/{{regvault:id:")  # the plan itself is not changed


def test_resolve_names_every_missing_id() -> None:
    ids = ResolvedIds()
    ids.bind(OLD_OBJ, OLD_APP, NEW_OBJ, NEW_APP)
    missing = "eeeeeeee-0000-0000-0000-000000000009"
    with pytest.raises(UnresolvedReference) as info:
        resolve([app_id_ref(missing), object_id_ref(missing), app_id_ref(OLD_APP), blob_ref("s")], ids)
    assert set(info.value.refs) == {
        Ref(RefKind.APP_ID, missing),
        Ref(RefKind.OBJECT_ID, missing),
        Ref(RefKind.BLOB, "s"),  # no blob source given
    }


def test_refs_in_and_contains_ref() -> None:
    value = {"a": [f"x{app_id_ref(OLD_APP)}y", {"b": object_id_ref(OLD_OBJ)}], "c": blob_ref("s")}
    assert refs_in(value) == {
        Ref(RefKind.APP_ID, OLD_APP),
        Ref(RefKind.OBJECT_ID, OLD_OBJ),
        Ref(RefKind.BLOB, "s"),
    }
    assert contains_ref(value)
    assert not contains_ref({"c": blob_ref("s")})  # blobs are not ids
    assert not contains_ref({"a": "api://plain", "b": ["{not a token}"]})


def test_strip_refs_drops_items_and_fields_naming_new_ids() -> None:
    token = app_id_ref(OLD_APP)
    value = {
        "identifierUris": [f"api://{token}", "https://contoso.com/x"],
        "api": {
            "knownClientApplications": [token, "11111111-1111-1111-1111-111111111111"],
            "preAuthorizedApplications": [{"appId": token, "delegatedPermissionIds": ["s"]}],
            "requestedAccessTokenVersion": 2,
        },
        "defaultRedirectUri": f"msal{token}://auth",
        "keyCredentials": [{"key": blob_ref("s")}],
    }
    assert strip_refs(value) == {
        "identifierUris": ["https://contoso.com/x"],
        "api": {
            "knownClientApplications": ["11111111-1111-1111-1111-111111111111"],
            "preAuthorizedApplications": [],
            "requestedAccessTokenVersion": 2,
        },
        "keyCredentials": [{"key": blob_ref("s")}],
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"api://{OLD_APP}", "api://NEW"),
        (f"api://{OLD_APP.upper()}", "api://NEW"),
        (f"api://tenant/{OLD_APP}/x", "api://tenant/NEW/x"),
        ("api://unrelated", "api://unrelated"),
        (f"msal{OLD_APP}://auth", "msalNEW://auth"),
    ],
)
def test_replace_ids_any_case(text: str, expected: str) -> None:
    assert replace_ids(text, {OLD_APP: "NEW"}) == expected


def test_replace_ids_follows_each_map_it_is_given() -> None:
    """It keeps the last map it prepared: another map, or the same one changed since, is prepared again."""
    other = "22222222-2222-2222-2222-222222222222"
    ids = {OLD_APP: "NEW"}
    assert replace_ids(f"api://{OLD_APP}/{other}", ids) == f"api://NEW/{other}"
    assert replace_ids(f"api://{OLD_APP}/{other}", {other: "OTHER"}) == f"api://{OLD_APP}/OTHER"
    ids[other] = "SECOND"
    assert replace_ids(f"api://{OLD_APP}/{other}", ids) == "api://NEW/SECOND"
    assert replace_ids("api://orders-v2", {"orders": "sales"}) == "api://sales-v2"  # not GUIDs: another pattern
    assert replace_ids(f"api://{OLD_APP}", ids) == "api://NEW"


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("https://contoso.com/orders", "https://fabrikam.com/orders"),
        ("https://api.contoso.com/orders", "https://api.fabrikam.com/orders"),
        ("https://API.Contoso.com/Orders", "https://api.fabrikam.com/Orders"),
        ("api://contoso.onmicrosoft.com/orders", "api://fabrikam.com/orders"),
        ("https://contoso.com:8443/x?y=1", "https://fabrikam.com:8443/x?y=1"),
        ("https://notcontoso.com/x", "https://notcontoso.com/x"),
        ("https://example.org/x", "https://example.org/x"),
        ("urn:contoso.com", "urn:contoso.com"),
    ],
)
def test_rewrite_domain(uri: str, expected: str) -> None:
    assert rewrite_domain(uri, ("contoso.com", "contoso.onmicrosoft.com"), "fabrikam.com") == expected


@pytest.mark.parametrize(
    ("uri", "ok"),
    [
        (f"api://{app_id_ref(OLD_APP)}", True),
        ("api://33333333-3333-3333-3333-333333333333/orders", True),  # api://<tenantId>/<string>
        ("api://fabrikam.com/orders", True),
        ("https://fabrikam.com/orders", True),
        ("https://api.fabrikam.com", True),
        ("https://contoso.com/orders", False),
        ("api://orders", False),
        (f"api://orders/{app_id_ref(OLD_APP)}", True),  # api://<string>/<own appId>
        ("urn:something", True),  # rules unknown: not second-guessed
    ],
)
def test_acceptable_in_tenant(uri: str, ok: bool) -> None:
    assert acceptable_in_tenant(uri, "33333333-3333-3333-3333-333333333333", ("fabrikam.com",)) is ok


def test_humanize_for_previews() -> None:
    assert humanize(f"api://{app_id_ref(OLD_APP)}") == f"api://<new client ID of {OLD_APP}>"
    assert humanize("plain") == "plain"
