"""The attribute-level diff: exact paths, natural keys, stable order, and agreement with the hash."""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

import pytest

from desktop_app.domain.diff import (
    KEYED_COLLECTIONS,
    Change,
    ChangeKind,
    changed_paths,
    contains_change,
    diff_documents,
    format_path,
    is_changed,
    keyed_collection_field,
)
from desktop_app.domain.document import build_document, document_hash

ADDED, REMOVED, CHANGED = ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.CHANGED

SCOPE_1 = "11111111-0000-0000-0000-000000000001"
SCOPE_2 = "11111111-0000-0000-0000-000000000002"
ROLE_1 = "22222222-0000-0000-0000-000000000001"
ROLE_2 = "22222222-0000-0000-0000-000000000002"
CERT_1 = "33333333-0000-0000-0000-000000000001"
SECRET_1 = "44444444-0000-0000-0000-000000000001"
GRAPH = "00000003-0000-0000-c000-000000000000"
READ_ALL = "55555555-0000-0000-0000-000000000001"
WRITE_ALL = "55555555-0000-0000-0000-000000000002"
CLIENT = "66666666-0000-0000-0000-000000000001"


def base_document() -> dict[str, Any]:
    application = {
        "id": "object-1",
        "appId": "app-1",
        "displayName": "Contoso",
        "description": None,
        "tags": ["a", "b"],
        "identifierUris": ["api://contoso"],
        "api": {
            "requestedAccessTokenVersion": 2,
            "knownClientApplications": [],
            "oauth2PermissionScopes": [
                {"id": SCOPE_1, "value": "user_impersonation", "isEnabled": True, "type": "User"},
                {"id": SCOPE_2, "value": "read", "isEnabled": True, "type": "Admin"},
            ],
            "preAuthorizedApplications": [{"appId": CLIENT, "delegatedPermissionIds": [SCOPE_1]}],
        },
        "appRoles": [
            {"id": ROLE_1, "value": "Reader", "displayName": "Reader", "allowedMemberTypes": ["User"], "isEnabled": True},
            {"id": ROLE_2, "value": "Writer", "displayName": "Writer", "allowedMemberTypes": ["User"], "isEnabled": True},
        ],
        "web": {
            "redirectUris": ["https://a.example/cb"],
            "implicitGrantSettings": {"enableAccessTokenIssuance": False, "enableIdTokenIssuance": True},
        },
        "info": {"supportUrl": None},
        "keyCredentials": [{"keyId": CERT_1, "displayName": "CN=one", "endDateTime": "2027-01-01T00:00:00Z"}],
        "passwordCredentials": [{"keyId": SECRET_1, "displayName": "ci", "hint": "abc", "secretText": None}],
        "requiredResourceAccess": [
            {"resourceAppId": GRAPH, "resourceAccess": [{"id": READ_ALL, "type": "Scope"}, {"id": WRITE_ALL, "type": "Role"}]}
        ],
        "addIns": [],
        "optionalClaims": {"idToken": [{"name": "email", "essential": False, "source": None, "additionalProperties": []}]},
        "authenticationBehaviors": {"requireClientServicePrincipal": None},
    }
    owners = [
        {"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Ann", "userPrincipalName": "ann@x"},
        {"@odata.type": "#microsoft.graph.servicePrincipal", "id": "s1", "displayName": "Deployer", "appId": "sp-app"},
    ]
    fics = [{"name": "github", "issuer": "https://gh", "subject": "repo:x", "audiences": ["api://AzureADTokenExchange"]}]
    return build_document(application, owners, fics, {CERT_1: "certhash"}, None)


def _scope(doc: dict[str, Any], scope_id: str) -> dict[str, Any]:
    return next(s for s in doc["application"]["api"]["oauth2PermissionScopes"] if s["id"] == scope_id)


def _role(doc: dict[str, Any], role_id: str) -> dict[str, Any]:
    return next(r for r in doc["application"]["appRoles"] if r["id"] == role_id)


def changed(mutate: Callable[[dict[str, Any]], Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    old = base_document()
    new = copy.deepcopy(old)
    mutate(new)
    return old, new


def test_identical_documents_have_no_changes() -> None:
    assert diff_documents(base_document(), base_document()) == []


APP = "application"

# (name, mutation of the new document, the exact expected changes)
CASES: list[tuple[str, Callable[[dict[str, Any]], Any], list[Change]]] = [
    (
        "scalar",
        lambda d: d[APP].update(displayName="Fabrikam"),
        [Change((APP, "displayName"), CHANGED, "Contoso", "Fabrikam")],
    ),
    (
        "null to value",
        lambda d: d[APP].update(description="now described"),
        [Change((APP, "description"), CHANGED, None, "now described")],
    ),
    (
        "value to null",
        lambda d: d[APP]["api"].update(requestedAccessTokenVersion=None),
        [Change((APP, "api", "requestedAccessTokenVersion"), CHANGED, 2, None)],
    ),
    (
        "object to null",
        lambda d: d[APP].update(authenticationBehaviors=None),
        [Change((APP, "authenticationBehaviors"), CHANGED, {"requireClientServicePrincipal": None}, None)],
    ),
    (
        "nested field",
        lambda d: d[APP]["web"]["implicitGrantSettings"].update(enableAccessTokenIssuance=True),
        [Change((APP, "web", "implicitGrantSettings", "enableAccessTokenIssuance"), CHANGED, False, True)],
    ),
    (
        "property added",
        lambda d: d[APP].update(notes="n"),
        [Change((APP, "notes"), ADDED, None, "n")],
    ),
    (
        "property added as null",
        lambda d: d[APP].update(notes=None),
        [Change((APP, "notes"), ADDED, None, None)],
    ),
    (
        "property removed",
        lambda d: d[APP].pop("tags"),
        [Change((APP, "tags"), REMOVED, ["a", "b"], None)],
    ),
    (
        "bool is not int",
        lambda d: d[APP]["api"].update(requestedAccessTokenVersion=2.0),
        [Change((APP, "api", "requestedAccessTokenVersion"), CHANGED, 2, 2.0)],
    ),
    (
        "string list changed",
        lambda d: d[APP]["tags"].append("c"),
        [Change((APP, "tags"), CHANGED, ["a", "b"], ["a", "b", "c"])],
    ),
    (
        "string list reordered",
        lambda d: d[APP]["tags"].reverse(),
        [Change((APP, "tags"), CHANGED, ["a", "b"], ["b", "a"])],
    ),
    (
        "nested string list",
        lambda d: d[APP]["web"]["redirectUris"].append("https://b.example/cb"),
        [
            Change(
                (APP, "web", "redirectUris"),
                CHANGED,
                ["https://a.example/cb"],
                ["https://a.example/cb", "https://b.example/cb"],
            )
        ],
    ),
    (
        "scope field",
        lambda d: _scope(d, SCOPE_1).update(isEnabled=False),
        [Change((APP, "api", "oauth2PermissionScopes", SCOPE_1, "isEnabled"), CHANGED, True, False)],
    ),
    (
        "scope field added",
        lambda d: _scope(d, SCOPE_2).update(userConsentDisplayName="Read"),
        [Change((APP, "api", "oauth2PermissionScopes", SCOPE_2, "userConsentDisplayName"), ADDED, None, "Read")],
    ),
    (
        "scope removed",
        lambda d: d[APP]["api"]["oauth2PermissionScopes"].pop(1),
        [
            Change(
                (APP, "api", "oauth2PermissionScopes", SCOPE_2),
                REMOVED,
                {"id": SCOPE_2, "isEnabled": True, "type": "Admin", "value": "read"},
                None,
            )
        ],
    ),
    (
        "role added",
        lambda d: d[APP]["appRoles"].append({"id": "r3", "value": "Admin", "isEnabled": True}),
        [Change((APP, "appRoles", "r3"), ADDED, None, {"id": "r3", "value": "Admin", "isEnabled": True})],
    ),
    (
        "role list member types (plain list inside a keyed item)",
        lambda d: _role(d, ROLE_2)["allowedMemberTypes"].append("Application"),
        [Change((APP, "appRoles", ROLE_2, "allowedMemberTypes"), CHANGED, ["User"], ["User", "Application"])],
    ),
    (
        "roles reordered only",
        lambda d: d[APP]["appRoles"].reverse(),
        [Change((APP, "appRoles"), CHANGED, base_document()[APP]["appRoles"], base_document()[APP]["appRoles"][::-1])],
    ),
    (
        "certificate metadata",
        lambda d: d[APP]["keyCredentials"][0].update(endDateTime="2028-01-01T00:00:00Z"),
        [
            Change(
                (APP, "keyCredentials", CERT_1, "endDateTime"), CHANGED, "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"
            )
        ],
    ),
    (
        "secret removed",
        lambda d: d[APP].update(passwordCredentials=[]),
        [
            Change(
                (APP, "passwordCredentials", SECRET_1),
                REMOVED,
                {"displayName": "ci", "hint": "abc", "keyId": SECRET_1, "secretText": None},
                None,
            )
        ],
    ),
    (
        "resource access inside a required resource",
        lambda d: d[APP]["requiredResourceAccess"][0]["resourceAccess"][1].update(type="Scope"),
        [Change((APP, "requiredResourceAccess", GRAPH, "resourceAccess", WRITE_ALL, "type"), CHANGED, "Role", "Scope")],
    ),
    (
        "resource access removed",
        lambda d: d[APP]["requiredResourceAccess"][0]["resourceAccess"].pop(0),
        [
            Change(
                (APP, "requiredResourceAccess", GRAPH, "resourceAccess", READ_ALL),
                REMOVED,
                {"id": READ_ALL, "type": "Scope"},
                None,
            )
        ],
    ),
    (
        "pre-authorized application permissions",
        lambda d: d[APP]["api"]["preAuthorizedApplications"][0]["delegatedPermissionIds"].append(SCOPE_2),
        [
            Change(
                (APP, "api", "preAuthorizedApplications", CLIENT, "delegatedPermissionIds"),
                CHANGED,
                [SCOPE_1],
                [SCOPE_1, SCOPE_2],
            )
        ],
    ),
    (
        "add-in added",
        lambda d: d[APP]["addIns"].append({"id": "addin", "type": "FileHandler", "properties": []}),
        [Change((APP, "addIns", "addin"), ADDED, None, {"id": "addin", "type": "FileHandler", "properties": []})],
    ),
    (
        "optional claims are a plain list",
        lambda d: d[APP]["optionalClaims"]["idToken"][0].update(essential=True),
        [
            Change(
                (APP, "optionalClaims", "idToken"),
                CHANGED,
                [{"additionalProperties": [], "essential": False, "name": "email", "source": None}],
                [{"additionalProperties": [], "essential": True, "name": "email", "source": None}],
            )
        ],
    ),
    (
        "owner removed",
        lambda d: d["owners"].pop(1),
        [
            Change(
                ("owners", "u1"),
                REMOVED,
                {"@odata.type": "#microsoft.graph.user", "displayName": "Ann", "id": "u1", "userPrincipalName": "ann@x"},
                None,
            )
        ],
    ),
    (
        "owner renamed",
        lambda d: d["owners"][0].update(displayName="Deploy bot"),
        [Change(("owners", "s1", "displayName"), CHANGED, "Deployer", "Deploy bot")],
    ),
    (
        "federated credential subject",
        lambda d: d["federatedIdentityCredentials"][0].update(subject="repo:y"),
        [Change(("federatedIdentityCredentials", "github", "subject"), CHANGED, "repo:x", "repo:y")],
    ),
    (
        "certificate bytes added",
        lambda d: d["keyCredentialKeys"].update({"k2": "h2"}),
        [Change(("keyCredentialKeys", "k2"), ADDED, None, "h2")],
    ),
    (
        "certificate bytes changed",
        lambda d: d["keyCredentialKeys"].update({CERT_1: "other"}),
        [Change(("keyCredentialKeys", CERT_1), CHANGED, "certhash", "other")],
    ),
    (
        "logo",
        lambda d: d.update(logo="logohash"),
        [Change(("logo",), CHANGED, None, "logohash")],
    ),
    (
        "type change object to list",
        lambda d: d[APP].update(info=[]),
        [Change((APP, "info"), CHANGED, {"supportUrl": None}, [])],
    ),
]


@pytest.mark.parametrize(("name", "mutate", "expected"), CASES, ids=[c[0] for c in CASES])
def test_exact_changes(name: str, mutate: Callable[[dict[str, Any]], Any], expected: list[Change]) -> None:
    old, new = changed(mutate)
    assert diff_documents(old, new) == expected


@pytest.mark.parametrize(("name", "mutate", "expected"), CASES, ids=[c[0] for c in CASES])
def test_reverse_diff_mirrors(name: str, mutate: Callable[[dict[str, Any]], Any], expected: list[Change]) -> None:
    old, new = changed(mutate)
    mirrored = {ADDED: REMOVED, REMOVED: ADDED, CHANGED: CHANGED}
    assert diff_documents(new, old) == sorted(
        (Change(c.path, mirrored[c.kind], c.new, c.old) for c in expected), key=lambda c: [str(p) for p in c.path]
    )


def test_several_changes_come_sorted_by_path() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["logo"] = "l"
        d["owners"].pop()
        _scope(d, SCOPE_2).update(isEnabled=False)
        _scope(d, SCOPE_1).update(isEnabled=False)
        d[APP]["displayName"] = "X"
        d[APP]["appRoles"].insert(0, {"id": "r0", "value": "New"})

    old, new = changed(mutate)
    assert [c.path for c in diff_documents(old, new)] == [
        (APP, "api", "oauth2PermissionScopes", SCOPE_1, "isEnabled"),
        (APP, "api", "oauth2PermissionScopes", SCOPE_2, "isEnabled"),
        (APP, "appRoles", "r0"),
        (APP, "displayName"),
        ("logo",),
        ("owners", "u1"),
    ]


def test_item_key_changed_is_removed_plus_added() -> None:
    old, new = changed(lambda d: _role(d, ROLE_1).update(id="r9"))
    assert [(c.path, c.kind) for c in diff_documents(old, new)] == [
        ((APP, "appRoles", ROLE_1), REMOVED),
        ((APP, "appRoles", "r9"), ADDED),
    ]


def test_reordered_and_changed_items_report_both() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d[APP]["appRoles"].reverse()
        _role(d, ROLE_1)["isEnabled"] = False

    old, new = changed(mutate)
    assert [(c.path, c.kind) for c in diff_documents(old, new)] == [
        ((APP, "appRoles"), CHANGED),
        ((APP, "appRoles", ROLE_1, "isEnabled"), CHANGED),
    ]


def test_adding_an_item_in_the_middle_is_not_a_reorder() -> None:
    old, new = changed(lambda d: d[APP]["appRoles"].insert(1, {"id": "mid", "value": "Mid"}))
    assert [(c.path, c.kind) for c in diff_documents(old, new)] == [((APP, "appRoles", "mid"), ADDED)]


@pytest.mark.parametrize(
    ("old_items", "new_items"),
    [
        ([{"id": "a", "v": 1}, {"id": "a", "v": 2}], [{"id": "a", "v": 1}]),  # duplicate key
        ([{"id": "a"}, {"v": 1}], [{"id": "a"}]),  # an item without a key
        ([{"id": "a"}, "loose"], [{"id": "a"}]),  # an item that is not an object
        ([{"id": 1}], [{"id": 2}]),  # a key that is not a string
    ],
)
def test_unmatchable_keyed_collections_are_compared_whole(old_items: list[Any], new_items: list[Any]) -> None:
    old = {APP: {"appRoles": old_items}}
    new = {APP: {"appRoles": new_items}}
    assert diff_documents(old, new) == [Change((APP, "appRoles"), CHANGED, old_items, new_items)]


def test_missing_documents() -> None:
    doc = base_document()
    assert diff_documents(None, None) == []
    assert diff_documents(None, doc) == [Change((), ADDED, None, doc)]
    assert diff_documents(doc, None) == [Change((), REMOVED, doc, None)]


def test_inputs_are_not_modified() -> None:
    old, new = changed(lambda d: d[APP]["appRoles"].reverse())
    before = copy.deepcopy((old, new))
    diff_documents(old, new)
    assert (old, new) == before


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ((APP, "appRoles"), "id"),
        ((APP, "api", "oauth2PermissionScopes"), "id"),
        ((APP, "keyCredentials"), "keyId"),
        ((APP, "passwordCredentials"), "keyId"),
        ((APP, "addIns"), "id"),
        ((APP, "requiredResourceAccess"), "resourceAppId"),
        ((APP, "requiredResourceAccess", GRAPH, "resourceAccess"), "id"),
        ((APP, "api", "preAuthorizedApplications"), "appId"),
        (("federatedIdentityCredentials",), "name"),
        (("owners",), "id"),
        ((APP, "tags"), None),
        ((APP, "web", "redirectUris"), None),
        ((APP, "optionalClaims", "idToken"), None),
        (("appRoles",), None),
        ((APP, "requiredResourceAccess", GRAPH), None),
    ],
)
def test_natural_keys(path: tuple[str, ...], field: str | None) -> None:
    assert keyed_collection_field(path) == field


def test_every_keyed_collection_is_a_collection_of_the_schema() -> None:
    from desktop_app.domain.schema import load_schema

    graph = load_schema()
    for pattern, field in KEYED_COLLECTIONS.items():
        if pattern[0] != APP:
            continue
        type_name = "application"
        prop = None
        for element in pattern[1:]:
            if element == "*":
                continue
            prop = graph.properties(type_name)[element]
            type_name = prop.type_name
        assert prop is not None and prop.is_collection and prop.kind == "complex", pattern
        assert field in graph.properties(type_name), pattern


# --- generated documents: the diff agrees with the hash ------------------------------------------------------


def random_mutation(doc: dict[str, Any], rng: random.Random) -> None:
    """One random edit; some edits happen to change nothing (same name again, same logo)."""
    app = doc[APP]
    choice = rng.randrange(12)
    if choice == 0:
        app["displayName"] = f"Name {rng.randrange(3)}"
    elif choice == 1 and "api" in app:
        rng.choice(app["api"]["oauth2PermissionScopes"])["isEnabled"] = rng.random() < 0.5
    elif choice == 2 and "appRoles" in app:
        app["appRoles"].append({"id": f"r{rng.randrange(5)}", "value": "x"})
    elif choice == 3 and app.get("appRoles"):
        app["appRoles"].pop(rng.randrange(len(app["appRoles"])))
    elif choice == 4 and "tags" in app:
        rng.shuffle(app["tags"])
    elif choice == 5:
        doc["logo"] = rng.choice([None, "l1", "l2"])
    elif choice == 6 and doc["owners"]:
        doc["owners"].pop(rng.randrange(len(doc["owners"])))
    elif choice == 7:
        doc["keyCredentialKeys"][f"k{rng.randrange(3)}"] = rng.choice(["h1", "h2"])
    elif choice == 8 and "web" in app:
        app["web"]["implicitGrantSettings"] = rng.choice([None, {"enableIdTokenIssuance": True}])
    elif choice == 9 and "requiredResourceAccess" in app:
        app["requiredResourceAccess"][0]["resourceAccess"].reverse()
    elif choice == 10:
        app.pop(rng.choice(sorted(app)))
    elif choice == 11:
        doc["federatedIdentityCredentials"][0]["audiences"] = [rng.choice(["a", "api://AzureADTokenExchange"])]


def generated_pair(seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    rng = random.Random(seed)
    old = base_document()
    new = copy.deepcopy(old)
    for _ in range(rng.randint(1, 4)):
        random_mutation(new, rng)
    return old, new


GENERATED_SEEDS = range(40)


@pytest.mark.parametrize("seed", GENERATED_SEEDS)
def test_diff_is_empty_exactly_when_hashes_match(seed: int) -> None:
    old, new = generated_pair(seed)
    changes = diff_documents(old, new)
    assert (changes == []) == (document_hash(old) == document_hash(new))
    # Deterministic, and independent of the key order of either document.
    rng = random.Random(seed)
    assert diff_documents(old, new) == changes
    assert diff_documents(_reorder_keys(old, rng), _reorder_keys(new, rng)) == changes
    assert [c.path for c in changes] == sorted({c.path for c in changes}, key=lambda p: [str(e) for e in p])


def test_generated_cases_include_equal_and_different_pairs() -> None:
    # Guards the test above against a generator that never (or always) changes something.
    empty = [diff_documents(*generated_pair(seed)) == [] for seed in GENERATED_SEEDS]
    assert 0 < sum(empty) < len(empty)


def _reorder_keys(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: _reorder_keys(v, rng) for k, v in items}
    if isinstance(value, list):
        return [_reorder_keys(v, rng) for v in value]
    return value


# --- helpers for the UI --------------------------------------------------------------------------------------


def test_changed_paths_and_lookups() -> None:
    old, new = changed(
        lambda d: (_scope(d, SCOPE_1).update(isEnabled=False), d[APP].update(authenticationBehaviors=None))
    )
    paths = changed_paths(diff_documents(old, new))
    assert paths == {
        (APP, "api", "oauth2PermissionScopes", SCOPE_1, "isEnabled"),
        (APP, "authenticationBehaviors"),
    }
    assert is_changed((APP, "api", "oauth2PermissionScopes", SCOPE_1, "isEnabled"), paths)
    assert is_changed((APP, "authenticationBehaviors", "requireClientServicePrincipal"), paths)  # inside a changed value
    assert not is_changed((APP, "api", "oauth2PermissionScopes", SCOPE_1, "value"), paths)
    assert not is_changed((APP, "api"), paths)
    assert contains_change((APP, "api"), paths)
    assert contains_change((APP,), paths)
    assert not contains_change((APP, "web"), paths)
    assert not contains_change(("owners",), paths)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ((APP, "api", "oauth2PermissionScopes", SCOPE_1, "isEnabled"), "api.oauth2PermissionScopes[user_impersonation].isEnabled"),
        ((APP, "appRoles", ROLE_2), "appRoles[Writer]"),
        ((APP, "keyCredentials", CERT_1, "endDateTime"), "keyCredentials[CN=one].endDateTime"),
        ((APP, "passwordCredentials", SECRET_1), "passwordCredentials[ci]"),
        ((APP, "requiredResourceAccess", GRAPH, "resourceAccess", READ_ALL, "type"), f"requiredResourceAccess[{GRAPH}].resourceAccess[{READ_ALL}].type"),
        ((APP, "api", "preAuthorizedApplications", CLIENT), f"api.preAuthorizedApplications[{CLIENT}]"),
        ((APP, "displayName"), "displayName"),
        ((APP,), "application"),
        (("owners", "u1"), "owners[ann@x]"),
        (("owners", "s1", "displayName"), "owners[sp-app].displayName"),
        (("federatedIdentityCredentials", "github", "subject"), "federatedIdentityCredentials[github].subject"),
        (("keyCredentialKeys", CERT_1), f"keyCredentialKeys[{CERT_1}]"),
        (("logo",), "logo"),
        ((), "(document)"),
        ((APP, "web", "redirectUris", 0), "web.redirectUris[0]"),
        ((APP, "appRoles", "not-there"), "appRoles[not-there]"),
    ],
)
def test_format_path(path: tuple[str | int, ...], expected: str) -> None:
    assert format_path(path, base_document()) == expected


def test_format_path_without_documents_shows_keys() -> None:
    assert format_path((APP, "api", "oauth2PermissionScopes", SCOPE_1, "isEnabled")) == (
        f"api.oauth2PermissionScopes[{SCOPE_1}].isEnabled"
    )


def test_format_path_finds_removed_items_in_the_old_document() -> None:
    old, new = changed(lambda d: d[APP]["api"]["oauth2PermissionScopes"].pop(1))
    (change,) = diff_documents(old, new)
    assert format_path(change.path, new, old) == "api.oauth2PermissionScopes[read]"


def test_format_path_falls_back_to_the_key_when_labels_collide() -> None:
    doc = base_document()
    _role(doc, ROLE_2)["value"] = "Reader"  # two roles now share a value
    assert format_path((APP, "appRoles", ROLE_1), doc) == f"appRoles[{ROLE_1}]"
    assert format_path((APP, "api", "oauth2PermissionScopes", SCOPE_2), doc) == "api.oauth2PermissionScopes[read]"


def test_format_path_falls_back_to_the_key_without_a_label() -> None:
    doc = base_document()
    _scope(doc, SCOPE_1)["value"] = None
    assert format_path((APP, "api", "oauth2PermissionScopes", SCOPE_1), doc) == f"api.oauth2PermissionScopes[{SCOPE_1}]"
