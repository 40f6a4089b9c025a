"""The canonical app document: shape, what is dropped, stability of bytes and hash."""

from __future__ import annotations

import copy
import hashlib
import json
import random
import uuid
from typing import Any

import pytest

from desktop_app.domain import schema
from desktop_app.domain.document import (
    APPLICATION_SELECT,
    DOCUMENT_SECTIONS,
    NOT_READ,
    SecretInfo,
    build_document,
    canonical_json,
    document_hash,
    json_with_service_principal,
    key_credentials_digest,
    secrets_of,
    with_service_principal,
)

SEEDS = list(range(8))


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128)))


def graph_application(rng: random.Random) -> dict[str, Any]:
    """An application as Graph returns it from a list with $select and $expand=owners, randomly filled."""
    scopes = [
        {
            "id": _guid(rng),
            "value": f"scope_{i}",
            "type": rng.choice(["User", "Admin"]),
            "isEnabled": rng.random() < 0.8,
            "adminConsentDisplayName": f"Scope {i}",
            "adminConsentDescription": "Allows ü and 漢字",
            "userConsentDisplayName": None,
            "userConsentDescription": None,
            "origin": "Application",
        }
        for i in range(rng.randint(0, 4))
    ]
    return {
        "@odata.type": "#microsoft.graph.application",
        "@odata.etag": 'W/"x"',
        "id": _guid(rng),
        "appId": _guid(rng),
        "displayName": f"App {rng.randint(0, 10**6)}",
        "description": rng.choice([None, "a description"]),
        "createdDateTime": "2026-01-02T03:04:05Z",
        "deletedDateTime": None,
        "publisherDomain": "contoso.onmicrosoft.com",
        "signInAudience": rng.choice(["AzureADMyOrg", "AzureADMultipleOrgs"]),
        "tags": [f"t{i}" for i in range(rng.randint(0, 3))],
        "identifierUris": [f"api://{_guid(rng)}"],
        "isFallbackPublicClient": rng.choice([None, True, False]),
        "oauth2RequirePostResponse": False,
        "nativeAuthenticationApisEnabled": None,
        "api": {
            "acceptMappedClaims": None,
            "knownClientApplications": [],
            "requestedAccessTokenVersion": rng.choice([None, 1, 2]),
            "oauth2PermissionScopes": scopes,
            "preAuthorizedApplications": [
                {"appId": _guid(rng), "delegatedPermissionIds": [s["id"] for s in scopes[:1]]}
            ],
        },
        "appRoles": [
            {
                "id": _guid(rng),
                "value": f"Role.{i}",
                "displayName": f"Role {i}",
                "description": "d",
                "allowedMemberTypes": ["User"],
                "isEnabled": True,
                "origin": "Application",
            }
            for i in range(rng.randint(0, 3))
        ],
        "web": {
            "homePageUrl": None,
            "logoutUrl": None,
            "redirectUris": [f"https://app{i}.example/cb" for i in range(rng.randint(0, 3))],
            "redirectUriSettings": [],
            "implicitGrantSettings": {"enableAccessTokenIssuance": False, "enableIdTokenIssuance": rng.random() < 0.5},
        },
        "spa": {"redirectUris": []},
        "publicClient": {"redirectUris": []},
        "info": {
            "logoUrl": f"https://cdn.example/{rng.randint(0, 10**9)}.png",
            "marketingUrl": None,
            "privacyStatementUrl": None,
            "supportUrl": "https://support.example",
            "termsOfServiceUrl": None,
        },
        "keyCredentials": [
            {
                "keyId": _guid(rng),
                "type": "AsymmetricX509Cert",
                "usage": "Verify",
                "key": rng.choice([None, "TUlJQ2VydA=="]),
                "displayName": f"CN=cert{i}",
                "customKeyIdentifier": "QUJD",
                "startDateTime": "2026-01-01T00:00:00Z",
                "endDateTime": "2027-01-01T00:00:00Z",
            }
            for i in range(rng.randint(0, 2))
        ],
        "passwordCredentials": [
            {
                "keyId": _guid(rng),
                "displayName": f"secret {i}",
                "hint": "abc",
                "secretText": None,
                "customKeyIdentifier": None,
                "startDateTime": "2026-01-01T00:00:00Z",
                "endDateTime": "2026-07-01T00:00:00Z",
            }
            for i in range(rng.randint(0, 2))
        ],
        "requiredResourceAccess": [
            {
                "resourceAppId": "00000003-0000-0000-c000-000000000000",
                "resourceAccess": [{"id": _guid(rng), "type": "Scope"} for _ in range(rng.randint(1, 3))],
            }
        ],
        "authenticationBehaviors": {
            "blockAzureADGraphAccess": rng.choice([None, True]),
            "removeUnverifiedEmailClaim": True,
            "requireClientServicePrincipal": None,
        },
        "owners@odata.context": "https://graph.microsoft.com/v1.0/$metadata#...",
        "owners": [{"id": "ignored-here"}],
    }


def graph_owners(rng: random.Random) -> list[dict[str, Any]]:
    owners: list[dict[str, Any]] = []
    for i in range(rng.randint(0, 4)):
        if rng.random() < 0.6:
            owners.append(
                {
                    "@odata.type": "#microsoft.graph.user",
                    "id": _guid(rng),
                    "displayName": f"User {i}",
                    "userPrincipalName": f"user{i}@contoso.example",
                    "mail": f"user{i}@contoso.example",
                    "businessPhones": [],
                }
            )
        else:
            owners.append(
                {
                    "@odata.type": "#microsoft.graph.servicePrincipal",
                    "id": _guid(rng),
                    "displayName": f"SP {i}",
                    "appId": _guid(rng),
                    "servicePrincipalType": "Application",
                }
            )
    return owners


def graph_federated_credentials(rng: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "id": _guid(rng),
            "name": f"fic-{rng.randint(0, 10**6)}-{i}",
            "issuer": "https://token.actions.githubusercontent.com",
            "subject": f"repo:contoso/app:ref:refs/heads/b{i}",
            "audiences": ["api://AzureADTokenExchange"],
            "description": None,
        }
        for i in range(rng.randint(0, 3))
    ]


def sample(seed: int) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], dict[str, str], str | None]:
    rng = random.Random(seed)
    application = graph_application(rng)
    keys = {c["keyId"]: hashlib.sha256(c["keyId"].encode()).hexdigest() for c in application["keyCredentials"]}
    logo = rng.choice([None, hashlib.sha256(b"logo").hexdigest()])
    return application, graph_owners(rng), graph_federated_credentials(rng), keys, logo


def shuffled(value: Any, rng: random.Random) -> Any:
    """The same JSON with every object's keys in another order (list order kept)."""
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: shuffled(v, rng) for k, v in items}
    if isinstance(value, list):
        return [shuffled(v, rng) for v in value]
    return value


# --- APPLICATION_SELECT --------------------------------------------------------------------------------------


def test_select_is_every_v1_application_property() -> None:
    assert tuple(schema.application_properties()) == APPLICATION_SELECT
    assert "authenticationBehaviors" in APPLICATION_SELECT
    assert "logo" not in APPLICATION_SELECT
    assert len(set(APPLICATION_SELECT)) == len(APPLICATION_SELECT)


@pytest.mark.parametrize("beta_only", ["onPremisesPublishing", "signInAudienceRestrictions", "windows", "connectorGroup"])
def test_select_has_no_beta_only_property(beta_only: str) -> None:
    assert beta_only not in APPLICATION_SELECT


# --- build_document ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_document_shape(seed: int) -> None:
    document = build_document(*sample(seed))
    assert tuple(document) == DOCUMENT_SECTIONS[:-1]  # the enterprise part not read: absent, not null
    assert set(document) == {"application", "owners", "federatedIdentityCredentials", "keyCredentialKeys", "logo"}
    assert list(document["application"]) == sorted(document["application"])
    assert tuple(build_document(*sample(seed), None)) == DOCUMENT_SECTIONS  # read, and the app has none
    assert build_document(*sample(seed), None)["servicePrincipal"] is None


@pytest.mark.parametrize("seed", SEEDS)
def test_document_application_is_schema_valid(seed: int) -> None:
    document = build_document(*sample(seed))
    assert schema.validate_body("application", document["application"]) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_volatile_and_secret_fields_are_dropped(seed: int) -> None:
    application, owners, fics, keys, logo = sample(seed)
    document = build_document(application, owners, fics, keys, logo)
    app = document["application"]
    assert "logoUrl" not in app["info"]
    assert app["info"]["supportUrl"] == "https://support.example"
    assert not [k for k in app if k.startswith("@") or "@" in k]
    assert "owners" not in app
    assert all("key" not in c for c in app["keyCredentials"])
    assert [c["keyId"] for c in app["keyCredentials"]] == [c["keyId"] for c in application["keyCredentials"]]
    assert all(c["secretText"] is None for c in app["passwordCredentials"])
    # Everything else of the application is kept as Graph returned it.
    kept = {k: v for k, v in application.items() if "@" not in k and k not in ("owners", "info", "keyCredentials")}
    assert {k: app[k] for k in kept} == kept


def test_a_returned_secret_is_never_stored() -> None:
    application, owners, fics, keys, logo = sample(1)
    application["passwordCredentials"] = [{"keyId": "k", "hint": "Xy1", "secretText": "Xy1~very-secret-value"}]
    document = build_document(application, owners, fics, keys, logo)
    assert b"very-secret" not in canonical_json(document)
    assert document["application"]["passwordCredentials"] == [{"hint": "Xy1", "keyId": "k", "secretText": None}]


def test_properties_the_schema_does_not_name_are_dropped_at_every_level() -> None:
    application = {
        "id": "o",
        "isDisabledBeta": True,  # not in v1.0
        "logo": "AAAA",  # a stream, never JSON
        "api": {"oauth2PermissionScopes": [{"id": "s", "futureField": 1}], "@odata.type": "x"},
        "web": {"implicitGrantSettings": {"enableIdTokenIssuance": True, "extra": 0}},
    }
    document = build_document(application, [], [], {}, None)
    assert document["application"] == {
        "api": {"oauth2PermissionScopes": [{"id": "s"}]},
        "id": "o",
        "web": {"implicitGrantSettings": {"enableIdTokenIssuance": True}},
    }


def test_missing_and_null_properties_stay_as_returned() -> None:
    document = build_document({"id": "o", "api": None, "info": None}, [], [], {}, None)
    assert document["application"] == {"api": None, "id": "o", "info": None}


def test_inputs_are_not_modified_and_not_shared() -> None:
    args = sample(3)
    before = copy.deepcopy(args)
    document = build_document(*args)
    assert args == before
    document["application"]["api"]["oauth2PermissionScopes"].append({"id": "new"})
    document["owners"].append({"id": "new"})
    assert args == before


def test_owners_are_reduced_by_kind_and_sorted_by_id() -> None:
    owners = [
        {"@odata.type": "#microsoft.graph.user", "id": "b", "displayName": "B", "userPrincipalName": "b@x", "appId": "no", "mail": "m"},
        {"@odata.type": "#microsoft.graph.servicePrincipal", "id": "a", "displayName": "A", "appId": "app-a", "userPrincipalName": "no"},
        {"@odata.type": "#microsoft.graph.group", "id": "c", "displayName": "C", "mail": "m"},
        {"id": "d", "userPrincipalName": "d@x"},
    ]
    document = build_document({"id": "o"}, owners, [], {}, None)
    assert document["owners"] == [
        {"@odata.type": "#microsoft.graph.servicePrincipal", "appId": "app-a", "displayName": "A", "id": "a"},
        {"@odata.type": "#microsoft.graph.user", "displayName": "B", "id": "b", "userPrincipalName": "b@x"},
        {"@odata.type": "#microsoft.graph.group", "displayName": "C", "id": "c"},
        {"id": "d", "userPrincipalName": "d@x"},
    ]


def test_an_owner_listed_twice_is_one_owner_whatever_the_order() -> None:
    first = {"@odata.type": "#microsoft.graph.user", "id": "a", "displayName": "A", "userPrincipalName": "a@x"}
    stale = {"@odata.type": "#microsoft.graph.user", "id": "a", "displayName": "A (old)", "userPrincipalName": "a@x"}
    one = build_document({"id": "o"}, [first, stale], [], {}, None)
    other = build_document({"id": "o"}, [stale, first], [], {}, None)
    assert len(one["owners"]) == 1
    assert one == other


def test_federated_credentials_are_reduced_and_sorted_by_name() -> None:
    fics = [
        {"id": "2", "name": "b", "issuer": "i", "subject": "s", "audiences": ["x"], "description": None, "extra": 1},
        {"id": "1", "name": "a", "issuer": "i2", "subject": "s2", "audiences": ["y"], "description": "d"},
    ]
    document = build_document({"id": "o"}, [], fics, {}, None)
    assert document["federatedIdentityCredentials"] == [
        {"audiences": ["y"], "description": "d", "issuer": "i2", "name": "a", "subject": "s2"},
        {"audiences": ["x"], "description": None, "issuer": "i", "name": "b", "subject": "s"},
    ]


def test_key_hashes_and_logo_are_carried() -> None:
    document = build_document({"id": "o"}, [], [], {"k2": "h2", "k1": "h1"}, "logo-sha")
    assert list(document["keyCredentialKeys"].items()) == [("k1", "h1"), ("k2", "h2")]
    assert document["logo"] == "logo-sha"


# --- canonical JSON and hash ---------------------------------------------------------------------------------


def test_canonical_json_format() -> None:
    document = {"b": [1, {"y": True, "x": None}], "a": "ü"}
    assert canonical_json(document) == '{"a":"ü","b":[1,{"x":null,"y":true}]}'.encode()


def test_canonical_json_writes_what_the_json_module_writes() -> None:
    """The stored hashes were made with the json module: orjson must give the same bytes for document values."""
    text = "".join(chr(i) for i in range(0x800)) + "\u2028\u2029\ufeff\U0001f600\uffff"
    documents = [build_document(*sample(5)), {"a": text, "\U0001f600": 1, "\uffff": 2, "Z": [True, None, -(2**63)]},
                 {"z": {"y": [{"x": ""}, 2**63 - 1]}, "k": 1 << 70}]  # beyond 64 bits: the json module writes it
    for document in documents:
        expected = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        assert canonical_json(document) == expected


def test_document_hash_is_sha256_of_canonical_json() -> None:
    document = build_document(*sample(5))
    assert document_hash(document) == hashlib.sha256(canonical_json(document)).hexdigest()


def test_golden_document_bytes_and_hash() -> None:
    # Stored versions are identified by this hash: a change here means every app gets a new version.
    application = {
        "@odata.type": "#microsoft.graph.application",
        "id": "o1",
        "displayName": "Golden",
        "info": {"logoUrl": "https://cdn/x.png", "supportUrl": None},
        "keyCredentials": [{"keyId": "k1", "key": "QUJD", "displayName": "c"}],
    }
    owners = [{"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "U", "userPrincipalName": "u@x"}]
    fics = [{"id": "f", "name": "n", "issuer": "i", "subject": "s", "audiences": ["a"], "description": None}]
    document = build_document(application, owners, fics, {"k1": "h"}, None)
    expected = (
        b'{"application":{"displayName":"Golden","id":"o1","info":{"supportUrl":null},'
        b'"keyCredentials":[{"displayName":"c","keyId":"k1"}]},'
        b'"federatedIdentityCredentials":[{"audiences":["a"],"description":null,"issuer":"i","name":"n","subject":"s"}],'
        b'"keyCredentialKeys":{"k1":"h"},"logo":null,'
        b'"owners":[{"@odata.type":"#microsoft.graph.user","displayName":"U","id":"u1","userPrincipalName":"u@x"}]}'
    )
    assert canonical_json(document) == expected
    assert document_hash(document) == hashlib.sha256(expected).hexdigest()


@pytest.mark.parametrize("seed", SEEDS)
def test_same_input_in_any_key_and_owner_order_gives_the_same_bytes(seed: int) -> None:
    application, owners, fics, keys, logo = sample(seed)
    reference = canonical_json(build_document(application, owners, fics, keys, logo))
    rng = random.Random(1000 + seed)
    for _ in range(5):
        owners_again = shuffled(owners, rng)
        fics_again = shuffled(fics, rng)
        rng.shuffle(owners_again)
        rng.shuffle(fics_again)
        keys_again = dict(rng.sample(list(keys.items()), len(keys)))
        again = build_document(shuffled(application, rng), owners_again, fics_again, keys_again, logo)
        assert canonical_json(again) == reference
    # The stored bytes read back are the same document.
    assert canonical_json(json.loads(reference)) == reference


def test_a_new_logo_url_alone_is_not_a_new_version() -> None:
    application, owners, fics, keys, logo = sample(2)
    moved = copy.deepcopy(application)
    moved["info"]["logoUrl"] = "https://cdn.example/elsewhere.png"
    assert document_hash(build_document(application, owners, fics, keys, logo)) == document_hash(
        build_document(moved, owners, fics, keys, logo)
    )


MUTATIONS: list[tuple[str, Any]] = [
    ("displayName", lambda a, o, f, k, logo: a.update(displayName="Renamed")),
    ("description null", lambda a, o, f, k, logo: a.update(description="x" if a["description"] is None else None)),
    ("tag order", lambda a, o, f, k, logo: a.update(tags=["z", "a"])),
    ("scope enabled", lambda a, o, f, k, logo: a["api"].update(oauth2PermissionScopes=[{"id": "s", "isEnabled": False}])),
    ("nested bool", lambda a, o, f, k, logo: a["web"]["implicitGrantSettings"].update(enableAccessTokenIssuance=True)),
    ("auth behaviour", lambda a, o, f, k, logo: a["authenticationBehaviors"].update(requireClientServicePrincipal=True)),
    ("owner added", lambda a, o, f, k, logo: o.append({"id": "zzz", "displayName": "New"})),
    ("fic added", lambda a, o, f, k, logo: f.append({"name": "new", "issuer": "i", "subject": "s", "audiences": []})),
    ("key bytes", lambda a, o, f, k, logo: k.update(extra="h")),
]


@pytest.mark.parametrize(("name", "mutate"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_any_real_change_changes_the_hash(name: str, mutate: Any) -> None:
    args = sample(4)
    before = document_hash(build_document(*args))
    changed = copy.deepcopy(args)
    mutate(*changed)
    assert document_hash(build_document(*changed)) != before


def test_a_changed_logo_changes_the_hash() -> None:
    application, owners, fics, keys, _ = sample(4)
    assert document_hash(build_document(application, owners, fics, keys, None)) != document_hash(
        build_document(application, owners, fics, keys, "abc")
    )


# --- key credentials digest ----------------------------------------------------------------------------------

CERT_A = {"keyId": "a", "type": "AsymmetricX509Cert", "usage": "Verify", "displayName": "A", "endDateTime": "2027"}
CERT_B = {"keyId": "b", "type": "AsymmetricX509Cert", "usage": "Verify", "displayName": "B", "endDateTime": "2028"}


def test_key_credentials_digest_ignores_order_and_key_bytes() -> None:
    reference = key_credentials_digest({"keyCredentials": [CERT_A, CERT_B]})
    assert key_credentials_digest({"keyCredentials": [CERT_B, CERT_A]}) == reference
    assert key_credentials_digest({"keyCredentials": [dict(CERT_A, key="QUJD"), dict(CERT_B, key=None)]}) == reference
    assert key_credentials_digest({"keyCredentials": [shuffled(CERT_B, random.Random(1)), CERT_A]}) == reference


@pytest.mark.parametrize(
    "changed",
    [
        [CERT_A],
        [CERT_A, dict(CERT_B, endDateTime="2029")],
        [CERT_A, dict(CERT_B, displayName="B2")],
        [CERT_A, dict(CERT_B, keyId="c")],
        [CERT_A, CERT_B, dict(CERT_B, keyId="c")],
    ],
)
def test_key_credentials_digest_changes_with_the_metadata(changed: list[dict[str, Any]]) -> None:
    assert key_credentials_digest({"keyCredentials": changed}) != key_credentials_digest({"keyCredentials": [CERT_A, CERT_B]})


def test_key_credentials_digest_of_none() -> None:
    empty = key_credentials_digest({"keyCredentials": []})
    assert key_credentials_digest({}) == empty
    assert key_credentials_digest({"keyCredentials": None}) == empty
    assert len(empty) == 64


def test_key_credentials_digest_is_the_same_for_graph_data_and_the_document() -> None:
    application, owners, fics, keys, logo = sample(6)
    document = build_document(application, owners, fics, keys, logo)
    assert key_credentials_digest(document["application"]) == key_credentials_digest(application)


# --- secrets -------------------------------------------------------------------------------------------------


def test_secrets_of_lists_metadata_only() -> None:
    application = {
        "id": "o",
        "passwordCredentials": [
            {"keyId": "k2", "displayName": "ci", "hint": "Ab1", "secretText": None, "startDateTime": "s", "endDateTime": "e"},
            {"keyId": "k1", "displayName": None, "hint": None, "endDateTime": None},
        ],
    }
    document = build_document(application, [], [], {}, None)
    assert secrets_of(document) == [
        SecretInfo(key_id="k2", display_name="ci", hint="Ab1", start_date_time="s", end_date_time="e"),
        SecretInfo(key_id="k1", display_name=None, hint=None, start_date_time=None, end_date_time=None),
    ]


@pytest.mark.parametrize("application", [{"id": "o"}, {"id": "o", "passwordCredentials": None}, {"id": "o", "passwordCredentials": []}])
def test_secrets_of_an_app_without_secrets(application: dict[str, Any]) -> None:
    assert secrets_of(build_document(application, [], [], {}, None)) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_the_section_added_to_a_built_document_gives_the_same_bytes_as_building_it_whole(seed: int) -> None:
    """A backup builds an app's document and its JSON while the enterprise applications are still being read,
    then adds the section: the bytes (so the hash, so "changed or not") must be those of building it whole."""
    application, owners, credentials, keys, logo = sample(seed)
    section = {"id": "sp-1", "properties": {"tags": ["b", "a"], "notes": "ü"}, "owners": [],
               "delegatedPermissionGrants": [], "appRoleAssignments": [], "appRoleAssignedTo": []}
    pending = list(keys)[:1]
    for part in (section, None):
        whole = build_document(application, owners, credentials, keys, logo, part, pending_keys=pending)
        app_part = build_document(application, owners, credentials, keys, logo, pending_keys=pending)
        assert "servicePrincipal" not in app_part
        assert with_service_principal(app_part, part) == whole
        assert json_with_service_principal(app_part, canonical_json(app_part), part) == canonical_json(whole)
    app_part = build_document(application, owners, credentials, keys, logo)
    assert json_with_service_principal(app_part, canonical_json(app_part), NOT_READ) == canonical_json(app_part)


def test_a_document_whose_keys_would_sort_after_the_section_is_dumped_whole() -> None:
    document: dict[str, Any] = {"application": {}, "zzz": 1}
    joined = json_with_service_principal(document, canonical_json(document), {"id": "x"})
    assert joined == canonical_json({**document, "servicePrincipal": {"id": "x"}})
