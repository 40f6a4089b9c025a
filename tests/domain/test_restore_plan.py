"""Restore planning (domain/restore_plan.py): actions, step order, bodies, warnings, follow-ups, verify.

Many tests run the plan against `FakeGraph`, a small in-memory model of the Graph rules that break naive
restores (graph-notes §3-§6): read-only properties rejected, enabled scopes/roles can't be removed or changed,
tokenEncryptionKeyId must name an existing key, identifier URIs unique, MSA audiences need v2 tokens, FIC names
and issuer+subject unique, owners only once. A plan that passes it and then verifies is a plan that works.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from typing import Any

import pytest
from plan_world import (
    CERT_A,
    CERT_B,
    GRAPH_API,
    GRAPH_USER_READ,
    LOGO_1,
    LOGO_2,
    SOURCE,
    SOURCE_TENANT_ID,
    TARGET_TENANT_ID,
    FakeGraph,
    GraphRejected,
    all_bodies,
    cert,
    codes,
    doc_with,
    fic,
    graph_application,
    guid,
    kinds,
    other_tenant,
    role,
    run_and_verify,
    scope,
    secret,
    sha,
    source_app,
    user,
)

from desktop_app.domain.remap import ResolvedIds, UnresolvedReference
from desktop_app.domain.restore_plan import (
    BODY_TYPES,
    Action,
    FollowUpCode,
    Phase,
    PlanError,
    PlanErrorCode,
    PlanItem,
    RestoreMode,
    RestorePlan,
    ServicePrincipalPresence,
    SourceApp,
    SourceTenant,
    StepKind,
    TargetState,
    TargetTenant,
    WarningCode,
    disable_permissions_body,
    plan_restore,
    validate_new_name,
    verify,
    writable_application,
)
from desktop_app.domain.schema import (
    READ_ONLY_APPLICATION_PROPERTIES,
    validate_body,
)

# --- Actions per mode ---------------------------------------------------------------------------------------------------

FULL = {
    "owners": [user(1, "ann@contoso.com")],
    "fics": [fic("deploy", "repo:contoso/app:ref:refs/heads/main")],
    "cert_bytes": {guid("ce", 1): CERT_A},
    "logo": LOGO_1,
    "keyCredentials": [cert(1)],
    "passwordCredentials": [secret(1)],
    "identifierUris": [f"api://{guid('a9', 1)}"],
    "api": {"oauth2PermissionScopes": [scope(1, "read")]},
    "requiredResourceAccess": [
        {"resourceAppId": GRAPH_API, "resourceAccess": [{"id": GRAPH_USER_READ, "type": "Scope"}]}
    ],
}


@pytest.mark.parametrize(
    ("mode", "presence", "action", "first_kinds"),
    [
        (RestoreMode.WITH_OBJECT, "exists", Action.OVERWRITE, []),
        (RestoreMode.WITH_OBJECT, "recycled", Action.UNDELETE, [StepKind.RESTORE_DELETED_APPLICATION]),
        (RestoreMode.WITH_OBJECT, "gone", Action.RECREATE, [StepKind.CREATE_APPLICATION]),
        (RestoreMode.AS_NEW, "exists", Action.CREATE_AS_NEW, [StepKind.CREATE_APPLICATION]),
        (RestoreMode.OTHER_TENANT, "gone", Action.CREATE_IN_TARGET, [StepKind.CREATE_APPLICATION]),
        (RestoreMode.OTHER_TENANT, "exists", Action.OVERWRITE_IN_TARGET, []),
        (
            RestoreMode.OTHER_TENANT,
            "recycled",
            Action.UNDELETE_IN_TARGET,
            [StepKind.RESTORE_DELETED_APPLICATION],
        ),
    ],
)
def test_action_per_mode_and_presence(
    mode: RestoreMode, presence: str, action: Action, first_kinds: list[StepKind]
) -> None:
    src = source_app(1, "Orders API", **FULL)
    copy_id, copy_app = guid("0c", 1), guid("ac", 1)
    in_target = mode is RestoreMode.OTHER_TENANT
    state = {
        "exists": TargetState.exists(
            copy_id if in_target else src.object_id,
            copy_app if in_target else src.app_id,
            doc_with(src, notes="changed"),
        ),
        "recycled": TargetState.recycled(
            copy_id if in_target else src.object_id, copy_app if in_target else src.app_id
        ),
        "gone": TargetState.gone(),
    }[presence]
    plan = plan_restore(
        [src],
        mode,
        source_tenant=SOURCE,
        targets={src.object_id: state},
        target_tenant=other_tenant(users_by_upn={"ann@contoso.com": guid("1e", 1)}) if in_target else None,
        new_name="Orders API (copy)" if mode is RestoreMode.AS_NEW else None,
    )
    (item,) = plan.items
    assert item.action is action
    assert kinds(item)[: len(first_kinds)] == first_kinds
    creates = action in (Action.RECREATE, Action.CREATE_AS_NEW, Action.CREATE_IN_TARGET)
    assert (StepKind.CREATE_SERVICE_PRINCIPAL in kinds(item)) is (creates or presence == "recycled")
    # Phase 1 steps are exactly the ones that bring the object into existence.
    assert {s.kind for s in item.steps if s.phase is Phase.CREATE} <= {
        StepKind.CREATE_APPLICATION,
        StepKind.RESTORE_DELETED_APPLICATION,
    }
    if creates:
        assert item.object_id.startswith("{{regvault:id:") and item.app_id.startswith("{{regvault:appId:")
        assert [f.code for f in item.follow_ups] == [
            FollowUpCode.ISSUE_SECRET,
            FollowUpCode.GRANT_ADMIN_CONSENT,
        ]
    elif in_target:
        assert (item.object_id, item.app_id) == (copy_id, copy_app)
    else:
        assert (item.object_id, item.app_id) == (src.object_id, src.app_id)
    assert (WarningCode.CLIENT_ID_WILL_CHANGE in codes(item)) is (action is Action.RECREATE)


def test_recreate_warns_that_the_client_id_changes_and_runs() -> None:
    src = source_app(1, "Orders API", **FULL)
    graph = FakeGraph(directory=src.document["owners"])
    plan = plan_restore(
        [src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets={src.object_id: TargetState.gone()}
    )
    (item,) = plan.items
    assert item.warnings[0].code is WarningCode.CLIENT_ID_WILL_CHANGE
    assert item.warnings[0].params == {"old_app_id": src.app_id}
    ids = run_and_verify(graph, plan)
    new_app_id = ids.app_ids[src.app_id]
    new_app = graph.apps[ids.object_ids[src.object_id]]
    assert new_app["identifierUris"] == [f"api://{new_app_id}"]
    assert new_app_id in graph.service_principals.values()
    assert graph.key_shas[new_app["id"]] == {guid("ce", 1): sha(CERT_A)}
    assert graph.logos[new_app["id"]] == sha(LOGO_1)
    secret_follow_up = item.follow_ups[0]
    assert secret_follow_up.params == {
        "key_id": guid("5e", 1),
        "display_name": "secret 1",
        "hint": "ab1",
        "end_date_time": "2027-06-01T00:00:00Z",
    }


def test_round_trip_of_a_recreated_app_differs_only_in_what_graph_cannot_restore() -> None:
    src = source_app(1, "Orders API", **FULL)
    graph = FakeGraph(directory=src.document["owners"])
    plan = plan_restore(
        [src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets={src.object_id: TargetState.gone()}
    )
    ids = graph.run(plan)
    after = graph.document(ids.object_ids[src.object_id])
    before = copy.deepcopy(src.document)
    new_app_id = ids.app_ids[src.app_id]
    for doc in (before, after):
        for key in ("id", "appId", "passwordCredentials", "createdDateTime"):
            doc["application"].pop(key)
    before["application"]["identifierUris"] = [f"api://{new_app_id}"]
    assert after == before


# --- Overwrite ------------------------------------------------------------------------------------------------------


def overwrite_plan(src: SourceApp, current: Mapping[str, Any], **target: Any) -> PlanItem:
    plan = plan_restore(
        [src],
        RestoreMode.WITH_OBJECT,
        source_tenant=SOURCE,
        targets={src.object_id: TargetState.exists(src.object_id, src.app_id, current, **target)},
    )
    return plan.items[0]


def test_overwrite_of_an_unchanged_app_does_nothing() -> None:
    src = source_app(1, **FULL)
    item = overwrite_plan(src, src.document, service_principal=ServicePrincipalPresence.PRESENT)
    assert item.up_to_date
    assert item.changes == ()
    assert item.follow_ups == ()


def test_overwrite_patches_only_what_differs() -> None:
    src = source_app(1, tags=["a", "b"], notes=None)
    current = doc_with(src, tags=["b", "a"], notes="added later", displayName="Renamed")
    item = overwrite_plan(src, current)
    assert kinds(item) == [StepKind.UPDATE_APPLICATION]
    assert item.steps[0].body == {"notes": None, "displayName": "App"}  # tag order is not a change
    assert item.steps[0].path == f"/applications/{src.object_id}"
    assert set(item.changes) == {"notes", "displayName"}


@pytest.mark.parametrize(
    ("case", "snapshot_scopes", "current_scopes", "disabled_ids", "final_ids"),
    [
        # The snapshot has a scope the app lost since: just added, nothing to disable.
        ("scope added", [scope(1, "read"), scope(2, "write")], [scope(1, "read")], None, [1, 2]),
        # The app gained a scope since the snapshot: disable it, then remove it.
        ("scope removed", [scope(1, "read")], [scope(1, "read"), scope(2, "write")], [2], [1]),
        # A scope's value was changed since: disable it, then put the old value back.
        ("scope changed", [scope(1, "read")], [scope(1, "read.all")], [1], [1]),
        # Removed but already disabled: no disabling PATCH needed.
        (
            "disabled scope removed",
            [scope(1, "read")],
            [scope(1, "read"), scope(2, "w", enabled=False)],
            None,
            [1],
        ),
        # Only isEnabled differs: a direct update is allowed.
        ("scope re-enabled", [scope(1, "read")], [scope(1, "read", enabled=False)], None, [1]),
        ("scope disabled in snapshot", [scope(1, "read", enabled=False)], [scope(1, "read")], None, [1]),
    ],
)
def test_overwrite_disables_scopes_before_removing_or_changing_them(
    case: str,
    snapshot_scopes: list[dict[str, Any]],
    current_scopes: list[dict[str, Any]],
    disabled_ids: list[int] | None,
    final_ids: list[int],
) -> None:
    src = source_app(1, api={"oauth2PermissionScopes": snapshot_scopes})
    current = doc_with(src, api={"oauth2PermissionScopes": current_scopes})
    item = overwrite_plan(src, current)
    if disabled_ids is None:
        assert StepKind.DISABLE_PERMISSIONS not in kinds(item), case
        assert kinds(item) == [StepKind.UPDATE_APPLICATION]
    else:
        assert kinds(item) == [StepKind.DISABLE_PERMISSIONS, StepKind.UPDATE_APPLICATION], case
        disable = item.steps[0].body
        assert disable is not None
        sent = disable["api"]["oauth2PermissionScopes"]
        # The disabling PATCH sends the current scopes, the doomed ones with isEnabled false.
        assert [s["id"] for s in sent] == [s["id"] for s in current_scopes]
        assert {s["id"] for s in sent if not s["isEnabled"]} == {guid("5c", n) for n in disabled_ids} | {
            s["id"] for s in current_scopes if not s["isEnabled"]
        }
        assert all(s["value"] == c["value"] for s, c in zip(sent, current_scopes, strict=True))
    final = item.steps[-1].body
    assert final is not None
    assert [s["id"] for s in final["api"]["oauth2PermissionScopes"]] == [guid("5c", n) for n in final_ids]
    graph = FakeGraph()
    graph.add_existing(src, current)
    run_and_verify(graph, RestorePlan(RestoreMode.WITH_OBJECT, SOURCE_TENANT_ID, (item,)))


def test_overwrite_disables_app_roles_too_and_a_naive_patch_would_fail() -> None:
    src = source_app(1, appRoles=[role(1, "Reader")])
    current = doc_with(src, appRoles=[role(1, "Reader.All"), role(2, "Writer")])
    item = overwrite_plan(src, current)
    assert kinds(item) == [StepKind.DISABLE_PERMISSIONS, StepKind.UPDATE_APPLICATION]
    assert item.steps[0].body == {
        "appRoles": [
            {**{k: v for k, v in role(1, "Reader.All").items() if k != "origin"}, "isEnabled": False},
            {**{k: v for k, v in role(2, "Writer").items() if k != "origin"}, "isEnabled": False},
        ]
    }
    graph = FakeGraph()
    graph.add_existing(src, current)
    with pytest.raises(GraphRejected, match="CannotDeleteOrUpdateEnabledEntitlement"):
        graph.execute(item, item.steps[1], ResolvedIds())  # the final PATCH alone is refused
    run_and_verify(graph, RestorePlan(RestoreMode.WITH_OBJECT, SOURCE_TENANT_ID, (item,)))


def test_disable_permissions_body() -> None:
    current = graph_application("o", "a", "x", api={"oauth2PermissionScopes": [scope(1, "r"), scope(2, "w")]})
    desired = graph_application("o", "a", "x", api={"oauth2PermissionScopes": [scope(1, "r")]})
    body = disable_permissions_body(current, desired)
    assert body is not None and set(body) == {"api"}
    assert [s["isEnabled"] for s in body["api"]["oauth2PermissionScopes"]] == [True, False]
    assert "origin" not in body["api"]["oauth2PermissionScopes"][0]
    assert disable_permissions_body(desired, desired) is None
    assert disable_permissions_body(desired, current) is None  # adding needs no disabling


def test_overwrite_federated_credentials_deletes_then_updates_then_adds() -> None:
    src = source_app(1, fics=[fic("keep", "s1"), fic("changed", "s2", "old text"), fic("missing", "s3")])
    current = copy.deepcopy(src.document)
    current["federatedIdentityCredentials"] = [
        fic("keep", "s1"),
        fic("changed", "s2", "new text"),
        fic("renamed", "s3"),  # same issuer+subject as "missing": must go before "missing" is added
    ]
    item = overwrite_plan(src, current)
    assert [(s.kind, s.method, s.path.rsplit("/", 1)[-1]) for s in item.steps] == [
        (StepKind.DELETE_FEDERATED_CREDENTIAL, "DELETE", "renamed"),
        (StepKind.UPDATE_FEDERATED_CREDENTIAL, "PATCH", "changed"),
        (StepKind.ADD_FEDERATED_CREDENTIAL, "POST", "federatedIdentityCredentials"),
    ]
    assert item.steps[1].body == {k: v for k, v in fic("changed", "s2", "old text").items() if k != "name"}
    graph = FakeGraph()
    graph.add_existing(src, current)
    run_and_verify(graph, RestorePlan(RestoreMode.WITH_OBJECT, SOURCE_TENANT_ID, (item,)))


def test_overwrite_owners_adds_missing_then_removes_extras() -> None:
    ann, bob, cy = user(1, "ann@contoso.com"), user(2, "bob@contoso.com"), user(3, "cy@contoso.com")
    src = source_app(1, owners=[ann, bob])
    current = copy.deepcopy(src.document)
    current["owners"] = [bob, cy]
    item = overwrite_plan(src, current)
    assert [(s.kind, s.path) for s in item.steps] == [
        (StepKind.ADD_OWNER, f"/applications/{src.object_id}/owners/$ref"),
        (StepKind.REMOVE_OWNER, f"/applications/{src.object_id}/owners/{cy['id']}/$ref"),
    ]
    assert item.steps[0].body == {"@odata.id": "{{regvault:graph}}/directoryObjects/" + ann["id"]}
    graph = FakeGraph(directory=[ann, cy])
    graph.add_existing(src, current)
    run_and_verify(graph, RestorePlan(RestoreMode.WITH_OBJECT, SOURCE_TENANT_ID, (item,)))


def test_overwrite_never_leaves_an_app_without_owners_when_the_snapshot_had_none() -> None:
    src = source_app(1)
    current = copy.deepcopy(src.document)
    current["owners"] = [user(2, "bob@contoso.com")]
    item = overwrite_plan(src, current)
    assert StepKind.REMOVE_OWNER not in kinds(item)
    assert item.warnings[0].code is WarningCode.OWNERS_KEPT
    assert item.expected.owner_ids == {user(2, "bob@contoso.com")["id"]}


@pytest.mark.parametrize(
    ("snapshot_logo", "current_logo", "put", "warning"),
    [
        (LOGO_1, LOGO_1, False, None),
        (LOGO_1, LOGO_2, True, None),
        (LOGO_1, None, True, None),
        (None, LOGO_2, False, WarningCode.LOGO_NOT_REMOVABLE),
        (None, None, False, None),
    ],
)
def test_overwrite_logo(
    snapshot_logo: bytes | None, current_logo: bytes | None, put: bool, warning: WarningCode | None
) -> None:
    src = source_app(1, logo=snapshot_logo)
    current = copy.deepcopy(src.document)
    current["logo"] = sha(current_logo) if current_logo else None
    item = overwrite_plan(src, current)
    logo_steps = [s for s in item.steps if s.kind is StepKind.SET_LOGO]
    assert bool(logo_steps) is put
    if put:
        assert logo_steps[0].method == "PUT" and logo_steps[0].content_sha256 == sha(LOGO_1)
        assert logo_steps[0].path.endswith("/logo") and logo_steps[0].body is None
    assert codes(item) == ([warning] if warning else [])


def test_overwrite_keeps_secrets_added_since_and_asks_for_lost_ones() -> None:
    src = source_app(1, passwordCredentials=[secret(1), secret(2)])
    current = doc_with(src, passwordCredentials=[secret(2), secret(3)])
    item = overwrite_plan(src, current)
    assert not item.steps  # passwordCredentials are never PATCHed
    assert [f.params["key_id"] for f in item.follow_ups] == [guid("5e", 1)]
    assert [(w.code, w.params["key_id"]) for w in item.warnings] == [(WarningCode.SECRET_KEPT, guid("5e", 3))]


def test_overwrite_creates_a_missing_service_principal_and_asks_for_consent() -> None:
    src = source_app(1, requiredResourceAccess=FULL["requiredResourceAccess"])
    item = overwrite_plan(src, src.document, service_principal=ServicePrincipalPresence.ABSENT)
    assert kinds(item) == [StepKind.CREATE_SERVICE_PRINCIPAL]
    assert item.steps[0].body == {"appId": src.app_id}
    assert [f.code for f in item.follow_ups] == [FollowUpCode.GRANT_ADMIN_CONSENT]
    assert item.follow_ups[0].params == {"resource_app_ids": GRAPH_API}


def test_unique_name_is_set_only_while_null() -> None:
    src = source_app(1, uniqueName="orders")
    assert overwrite_plan(src, doc_with(src, uniqueName=None)).steps[0].body == {"uniqueName": "orders"}
    item = overwrite_plan(src, doc_with(src, uniqueName="other"))
    assert item.up_to_date
    assert codes(item) == [WarningCode.UNIQUE_NAME_LEFT_OUT]
    assert "uniqueName" not in item.expected.application


def test_switching_to_personal_accounts_sends_token_version_2_in_the_same_body() -> None:
    src = source_app(
        1, signInAudience="AzureADandPersonalMicrosoftAccount", api={"requestedAccessTokenVersion": 2}
    )
    current = doc_with(src, signInAudience="AzureADMyOrg", api={"requestedAccessTokenVersion": 2})
    item = overwrite_plan(src, current)
    body = item.steps[0].body
    assert body is not None
    assert body["signInAudience"] == "AzureADandPersonalMicrosoftAccount"
    assert body["api"]["requestedAccessTokenVersion"] == 2
    # Both changed: still one body.
    current = doc_with(src, signInAudience="AzureADMyOrg", api={"requestedAccessTokenVersion": None})
    item = overwrite_plan(src, current)
    graph = FakeGraph()
    graph.add_existing(src, current)
    run_and_verify(graph, RestorePlan(RestoreMode.WITH_OBJECT, SOURCE_TENANT_ID, (item,)))
    # And on create the POST carries both.
    plan = plan_restore(
        [src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets={src.object_id: TargetState.gone()}
    )
    post = plan.items[0].steps[0].body
    assert post is not None and post["api"]["requestedAccessTokenVersion"] == 2
    run_and_verify(FakeGraph(), plan)


# --- Certificates and tokenEncryptionKeyId --------------------------------------------------------------------------


def test_create_sets_certificates_before_the_token_encryption_key() -> None:
    src = source_app(
        1,
        keyCredentials=[cert(1), cert(2, usage="Encrypt")],
        cert_bytes={guid("ce", 1): CERT_A, guid("ce", 2): CERT_B},
        tokenEncryptionKeyId=guid("ce", 2),
    )
    plan = plan_restore(
        [src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets={src.object_id: TargetState.gone()}
    )
    (item,) = plan.items
    post = item.steps[0].body
    assert post is not None and "keyCredentials" not in post and "tokenEncryptionKeyId" not in post
    key_step = next(i for i, s in enumerate(item.steps) if "keyCredentials" in (s.body or {}))
    tek_step = next(i for i, s in enumerate(item.steps) if "tokenEncryptionKeyId" in (s.body or {}))
    assert key_step < tek_step
    assert item.steps[tek_step].kind is StepKind.SET_TOKEN_ENCRYPTION_KEY
    sent = item.steps[key_step].body["keyCredentials"]  # type: ignore[index]
    assert [k["key"] for k in sent] == [
        f"{{{{regvault:blob:{sha(CERT_A)}}}}}",
        f"{{{{regvault:blob:{sha(CERT_B)}}}}}",
    ]
    run_and_verify(FakeGraph(), plan)


def test_overwrite_moves_the_token_encryption_key_around_a_certificate_swap() -> None:
    # Snapshot: cert 1, encrypting with it. Now: cert 2 only, encrypting with cert 2.
    src = source_app(
        1,
        keyCredentials=[cert(1, usage="Encrypt")],
        cert_bytes={guid("ce", 1): CERT_A},
        tokenEncryptionKeyId=guid("ce", 1),
    )
    current = doc_with(src, keyCredentials=[cert(2, usage="Encrypt")], tokenEncryptionKeyId=guid("ce", 2))
    current["keyCredentialKeys"] = {guid("ce", 2): sha(CERT_B)}
    item = overwrite_plan(src, current)
    assert [(s.kind, s.body if s.kind is not StepKind.SET_CERTIFICATES else "...") for s in item.steps] == [
        (StepKind.UPDATE_APPLICATION, {"tokenEncryptionKeyId": None}),
        (StepKind.SET_CERTIFICATES, "..."),
        (StepKind.SET_TOKEN_ENCRYPTION_KEY, {"tokenEncryptionKeyId": guid("ce", 1)}),
    ]
    graph = FakeGraph()
    graph.add_existing(src, current)
    run_and_verify(graph, RestorePlan(RestoreMode.WITH_OBJECT, SOURCE_TENANT_ID, (item,)))


def test_overwrite_with_same_certificates_only_sets_the_key_id() -> None:
    src = source_app(
        1,
        keyCredentials=[cert(1, usage="Encrypt")],
        cert_bytes={guid("ce", 1): CERT_A},
        tokenEncryptionKeyId=guid("ce", 1),
    )
    current = doc_with(src, tokenEncryptionKeyId=None)
    item = overwrite_plan(src, current)
    assert [(s.kind, s.body) for s in item.steps] == [
        (StepKind.UPDATE_APPLICATION, {"tokenEncryptionKeyId": guid("ce", 1)})
    ]


def test_certificates_that_cannot_be_restored_are_warned_about() -> None:
    src = source_app(
        1,
        keyCredentials=[cert(1), cert(2), cert(3, type_="Symmetric"), cert(4, usage="Sign")],
        cert_bytes={guid("ce", 1): CERT_A},  # no bytes for cert 2
        tokenEncryptionKeyId=guid("ce", 2),
    )
    plan = plan_restore(
        [src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets={src.object_id: TargetState.gone()}
    )
    (item,) = plan.items
    assert [(w.code, w.params.get("key_id"), w.params.get("reason")) for w in item.warnings[1:]] == [
        (WarningCode.CERTIFICATE_NOT_RESTORABLE, guid("ce", 2), "no_bytes"),
        (WarningCode.CERTIFICATE_NOT_RESTORABLE, guid("ce", 3), "not_public"),
        (WarningCode.CERTIFICATE_NOT_RESTORABLE, guid("ce", 4), "not_public"),
        (WarningCode.TOKEN_ENCRYPTION_KEY_LEFT_OUT, guid("ce", 2), None),
    ]
    assert StepKind.SET_TOKEN_ENCRYPTION_KEY not in kinds(item)
    run_and_verify(FakeGraph(), plan)


# --- Undelete -------------------------------------------------------------------------------------------------------


def test_undelete_without_known_state_restores_then_overwrites_everything() -> None:
    src = source_app(1, **FULL)
    deleted_state = doc_with(
        src, api={"oauth2PermissionScopes": [scope(1, "read.all"), scope(2, "extra")]}, notes="x"
    )
    plan = plan_restore(
        [src],
        RestoreMode.WITH_OBJECT,
        source_tenant=SOURCE,
        targets={
            src.object_id: TargetState.recycled(
                src.object_id, src.app_id, None, deleted_service_principal_id="sp-1"
            )
        },
    )
    (item,) = plan.items
    assert item.action is Action.UNDELETE
    first = item.steps[0]
    assert (first.kind, first.method, first.path, first.phase) == (
        StepKind.RESTORE_DELETED_APPLICATION,
        "POST",
        f"/directory/deletedItems/{src.object_id}/restore",
        Phase.CREATE,
    )
    disable = item.steps[1]
    assert (
        disable.kind is StepKind.DISABLE_PERMISSIONS and disable.body is None and disable.desired is not None
    )
    update = item.steps[2]
    assert update.body is not None
    # uniqueName can only be set while null, so an unknown state leaves it alone.
    assert set(writable_application(src.document["application"])) - {"keyCredentials", "uniqueName"} <= set(
        update.body
    )
    assert kinds(item)[-1] is StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL
    assert item.steps[-1].path == "/directory/deletedItems/sp-1/restore"
    assert item.follow_ups == ()  # the object comes back with its secrets
    assert WarningCode.CLIENT_ID_WILL_CHANGE not in codes(item)
    graph = FakeGraph()
    graph.add_existing(src, deleted_state, recycled=True)
    graph.deleted_service_principals["sp-1"] = src.app_id
    ids = run_and_verify(graph, plan, already_existed=1)  # the owner came back with the object
    assert graph.already_existed == [(StepKind.ADD_OWNER, src.document["owners"][0]["id"])]
    assert graph.apps[src.object_id]["appId"] == src.app_id  # the client id is kept
    assert ids.object_ids == {}
    assert graph.service_principals == {"sp-1": src.app_id}


def test_undelete_with_known_state_plans_like_an_overwrite() -> None:
    src = source_app(1, api={"oauth2PermissionScopes": [scope(1, "read")]})
    deleted_state = doc_with(src, api={"oauth2PermissionScopes": [scope(1, "read"), scope(2, "extra")]})
    plan = plan_restore(
        [src],
        RestoreMode.WITH_OBJECT,
        source_tenant=SOURCE,
        targets={
            src.object_id: TargetState.recycled(
                src.object_id, src.app_id, deleted_state, service_principal=ServicePrincipalPresence.ABSENT
            )
        },
    )
    (item,) = plan.items
    assert kinds(item) == [
        StepKind.RESTORE_DELETED_APPLICATION,
        StepKind.DISABLE_PERMISSIONS,
        StepKind.UPDATE_APPLICATION,
        StepKind.CREATE_SERVICE_PRINCIPAL,
    ]
    graph = FakeGraph()
    graph.add_existing(src, deleted_state, recycled=True)
    run_and_verify(graph, plan)


def test_undelete_with_the_recycled_application_read_patches_only_what_differs() -> None:
    # What GET /directory/deletedItems/{id} gives: the application, not its owners or federated credentials.
    src = source_app(1, owners=[user(1, "ann@contoso.com")], fics=[fic("deploy", "s")], notes="as it was")
    deleted = doc_with(src, notes="changed before the delete")
    deleted_state = {"application": deleted["application"]}
    plan = plan_restore(
        [src],
        RestoreMode.WITH_OBJECT,
        source_tenant=SOURCE,
        targets={
            src.object_id: TargetState.recycled(
                src.object_id, src.app_id, deleted_state, service_principal=ServicePrincipalPresence.ABSENT
            )
        },
    )
    (item,) = plan.items
    update = next(s for s in item.steps if s.kind is StepKind.UPDATE_APPLICATION)
    assert update.body == {"notes": "as it was"}
    assert "notes" in item.changes
    # Owners and federated credentials are still written (not known there), with a note that says why.
    assert {StepKind.ADD_OWNER, StepKind.UPSERT_FEDERATED_CREDENTIAL} <= set(kinds(item))
    unknown = [w for w in item.warnings if w.code is WarningCode.TARGET_STATE_UNKNOWN]
    assert [(w.params["part"], w.params.get("reason")) for w in unknown] == [
        ("federatedIdentityCredentials", "recycle_bin"),
        ("owners", "recycle_bin"),
    ]
    graph = FakeGraph()
    graph.add_existing(src, deleted, recycled=True)
    run_and_verify(graph, plan, already_existed=1)  # the owner came back with the object


def test_unknown_federated_credentials_and_owners_are_upserted_and_added() -> None:
    src = source_app(1, owners=[user(1, "ann@contoso.com")], fics=[fic("deploy", "s")])
    state = {"application": src.document["application"]}  # owners, FICs, logo unknown
    item = overwrite_plan(src, state)
    upsert = next(s for s in item.steps if s.kind is StepKind.UPSERT_FEDERATED_CREDENTIAL)
    assert upsert.path.endswith("/federatedIdentityCredentials(name='deploy')")
    assert dict(upsert.headers) == {"Prefer": "create-if-missing"}
    assert StepKind.ADD_OWNER in kinds(item)
    assert [w.params["part"] for w in item.warnings if w.code is WarningCode.TARGET_STATE_UNKNOWN] == [
        "federatedIdentityCredentials",
        "owners",
    ]


# --- As new ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Orders copy", None),
        ("  Orders copy  ", None),
        ("x" * 120, None),
        ("x" * 121, PlanErrorCode.NAME_TOO_LONG),
        ("", PlanErrorCode.NAME_EMPTY),
        ("   ", PlanErrorCode.NAME_EMPTY),
        (None, PlanErrorCode.NAME_EMPTY),
    ],
)
def test_as_new_name_validation(name: str | None, problem: PlanErrorCode | None) -> None:
    assert validate_new_name(name) is problem
    src = source_app(1)
    if problem is None:
        plan = plan_restore([src], RestoreMode.AS_NEW, source_tenant=SOURCE, new_name=name)
        assert plan.items[0].steps[0].body["displayName"] == (name or "").strip()  # type: ignore[index]
    else:
        with pytest.raises(PlanError) as info:
            plan_restore([src], RestoreMode.AS_NEW, source_tenant=SOURCE, new_name=name)
        assert info.value.code is problem


def test_as_new_needs_exactly_one_app() -> None:
    with pytest.raises(PlanError) as info:
        plan_restore([source_app(1), source_app(2)], RestoreMode.AS_NEW, source_tenant=SOURCE, new_name="x")
    assert info.value.code is PlanErrorCode.AS_NEW_NEEDS_ONE_APP


def test_as_new_rewrites_own_uris_and_leaves_out_the_others() -> None:
    old = guid("a9", 1)
    src = source_app(
        1,
        "Orders",
        identifierUris=[f"api://{old}", f"api://{SOURCE_TENANT_ID}/{old}", "https://contoso.com/orders"],
        uniqueName="orders",
        publicClient={"redirectUris": [f"msal{old}://auth"]},
        **{k: v for k, v in FULL.items() if k != "identifierUris"},
    )
    graph = FakeGraph(directory=src.document["owners"])
    graph.add_existing(src)  # the original is still there
    plan = plan_restore([src], RestoreMode.AS_NEW, source_tenant=SOURCE, new_name="Orders (test)")
    (item,) = plan.items
    assert item.action is Action.CREATE_AS_NEW
    post = item.steps[0].body
    assert post is not None
    assert post["displayName"] == "Orders (test)"
    assert "identifierUris" not in post and "uniqueName" not in post
    token = f"{{{{regvault:appId:{old}}}}}"
    assert item.expected.application["identifierUris"] == [
        f"api://{token}",
        f"api://{SOURCE_TENANT_ID}/{token}",
    ]
    left_out = [w for w in item.warnings if w.code is WarningCode.IDENTIFIER_URI_LEFT_OUT]
    assert [(w.params["uri"], w.params["reason"]) for w in left_out] == [
        ("https://contoso.com/orders", "in_use_by_original")
    ]
    assert WarningCode.UNIQUE_NAME_LEFT_OUT in codes(item)
    ids = run_and_verify(graph, plan)
    new = graph.apps[ids.object_ids[src.object_id]]
    assert new["identifierUris"] == [f"api://{new['appId']}", f"api://{SOURCE_TENANT_ID}/{new['appId']}"]
    assert new["publicClient"]["redirectUris"] == [f"msal{new['appId']}://auth"]
    assert graph.apps[src.object_id]["displayName"] == "Orders"  # the original untouched


# --- Identifier URIs in every mode -------------------------------------------------------------------------------------

OLD = guid("a9", 1)
URI_CASES = [
    # uri, with object (overwrite), recreate, as new, other tenant
    (f"api://{OLD}", f"api://{OLD}", "api://NEW", "api://NEW", "api://NEW"),
    (
        f"api://{SOURCE_TENANT_ID}/{OLD}",
        f"api://{SOURCE_TENANT_ID}/{OLD}",
        f"api://{SOURCE_TENANT_ID}/NEW",
        f"api://{SOURCE_TENANT_ID}/NEW",
        f"api://{TARGET_TENANT_ID}/NEW",
    ),
    (
        f"api://{SOURCE_TENANT_ID}/orders",
        f"api://{SOURCE_TENANT_ID}/orders",
        f"api://{SOURCE_TENANT_ID}/orders",
        None,
        f"api://{TARGET_TENANT_ID}/orders",
    ),
    (
        "https://contoso.com/orders",
        "https://contoso.com/orders",
        "https://contoso.com/orders",
        None,
        "https://fabrikam.com/orders",
    ),
    (
        "https://api.contoso.onmicrosoft.com",
        "https://api.contoso.onmicrosoft.com",
        "https://api.contoso.onmicrosoft.com",
        None,
        "https://api.fabrikam.com",
    ),
    (
        "api://contoso.com/orders",
        "api://contoso.com/orders",
        "api://contoso.com/orders",
        None,
        "api://fabrikam.com/orders",
    ),
    # Not on a verified domain, naming neither the tenant nor the app: the identifier-URI policy refuses it as a
    # new URI (graph-notes §10), so it is left out wherever the app doesn't have it now.
    ("https://partner.example/orders", None, None, None, None),
    ("api://orders-legacy", None, None, None, None),
]


@pytest.mark.parametrize(("uri", "overwrite", "recreate", "as_new", "elsewhere"), URI_CASES)
def test_identifier_uri_rewriting(
    uri: str, overwrite: str | None, recreate: str | None, as_new: str | None, elsewhere: str | None
) -> None:
    src = source_app(1, identifierUris=[uri])
    token = f"{{{{regvault:appId:{OLD}}}}}"

    def uris(mode: RestoreMode, state: TargetState) -> list[str]:
        plan = plan_restore(
            [src],
            mode,
            source_tenant=SOURCE,
            targets={src.object_id: state},
            target_tenant=other_tenant() if mode is RestoreMode.OTHER_TENANT else None,
            new_name="n",
        )
        return list(plan.items[0].expected.application["identifierUris"])

    current = doc_with(src, identifierUris=[])
    assert uris(RestoreMode.WITH_OBJECT, TargetState.exists(src.object_id, src.app_id, current)) == (
        [overwrite] if overwrite else []
    )
    assert uris(RestoreMode.WITH_OBJECT, TargetState.gone()) == ([recreate.replace("NEW", token)] if recreate else [])
    # An app that has the URI now keeps it: the policy only refuses new ones.
    has_it = doc_with(src, identifierUris=[uri])
    assert uris(RestoreMode.WITH_OBJECT, TargetState.exists(src.object_id, src.app_id, has_it)) == [uri]
    assert uris(RestoreMode.AS_NEW, TargetState.gone()) == ([as_new.replace("NEW", token)] if as_new else [])
    assert uris(RestoreMode.OTHER_TENANT, TargetState.gone()) == (
        [elsewhere.replace("NEW", token)] if elsewhere else []
    )
    copy_state = TargetState.exists(guid("0c", 1), guid("ac", 1), None)
    expected_copy = [elsewhere.replace("NEW", guid("ac", 1))] if elsewhere else []
    assert uris(RestoreMode.OTHER_TENANT, copy_state) == expected_copy


def test_post_never_carries_uris_naming_the_old_client_id() -> None:
    src = source_app(1, identifierUris=[f"api://{OLD}", "https://contoso.com/orders"])
    plan = plan_restore(
        [src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets={src.object_id: TargetState.gone()}
    )
    post, complete = plan.items[0].steps[0], plan.items[0].steps[1]
    assert post.body is not None and post.body["identifierUris"] == ["https://contoso.com/orders"]
    assert complete.kind is StepKind.UPDATE_APPLICATION
    assert complete.body == {
        "identifierUris": [f"api://{{{{regvault:appId:{OLD}}}}}", "https://contoso.com/orders"]
    }
    outside_tokens = re.sub(r"\{\{regvault:[^}]*\}\}", "", json.dumps([s.body for s in plan.items[0].steps]))
    assert OLD not in outside_tokens


# --- Other tenant ------------------------------------------------------------------------------------------------------


def linked_apps() -> tuple[SourceApp, SourceApp, SourceApp, SourceApp]:
    """SPA -> API <- daemon, plus an unrelated app; the API pre-authorizes the SPA and knows it as a client."""
    spa_app, api_app = guid("a9", 1), guid("a9", 2)
    api = source_app(
        2,
        "Orders API",
        identifierUris=[f"api://{api_app}", "https://api.contoso.com/orders"],
        api={
            "oauth2PermissionScopes": [scope(1, "Orders.Read")],
            "knownClientApplications": [spa_app],
            "preAuthorizedApplications": [{"appId": spa_app, "delegatedPermissionIds": [guid("5c", 1)]}],
            "requestedAccessTokenVersion": 2,
        },
        appRoles=[role(1, "Orders.ReadAll")],
        owners=[user(1, "ann@contoso.com"), user(2, "gone@contoso.com")],
    )
    spa = source_app(
        1,
        "Orders SPA",
        spa={"redirectUris": ["https://orders.contoso.com/"]},
        requiredResourceAccess=[
            {"resourceAppId": api_app, "resourceAccess": [{"id": guid("5c", 1), "type": "Scope"}]},
            {"resourceAppId": GRAPH_API, "resourceAccess": [{"id": GRAPH_USER_READ, "type": "Scope"}]},
        ],
        owners=[user(1, "ann@contoso.com")],
    )
    daemon = source_app(
        3,
        "Orders daemon",
        requiredResourceAccess=[
            {"resourceAppId": api_app, "resourceAccess": [{"id": guid("a0", 1), "type": "Role"}]},
            {"resourceAppId": guid("a9", 7), "resourceAccess": [{"id": guid("a0", 7), "type": "Role"}]},
        ],
        keyCredentials=[cert(1)],
        cert_bytes={guid("ce", 1): CERT_A},
        fics=[fic("deploy", "repo:contoso/daemon:environment:prod")],
    )
    unrelated = source_app(4, "Unrelated")
    return spa, api, daemon, unrelated


def test_linked_apps_restored_to_another_tenant_keep_their_references() -> None:
    spa, api, daemon, _ = linked_apps()
    target_ann = {
        "id": guid("1e", 1),
        "@odata.type": "#microsoft.graph.user",
        "displayName": "ann",
        "userPrincipalName": "ANN@contoso.com",
    }
    graph = FakeGraph(TARGET_TENANT_ID, directory=[target_ann])
    plan = plan_restore(
        [spa, api, daemon],
        RestoreMode.OTHER_TENANT,
        source_tenant=SourceTenant(
            SOURCE_TENANT_ID, SOURCE.verified_domains, frozenset({guid("a9", n) for n in range(1, 8)})
        ),
        target_tenant=other_tenant(users_by_upn={"ann@contoso.com": guid("1e", 1)}),
    )
    assert plan.target_tenant_id == TARGET_TENANT_ID
    assert [i.action for i in plan.items] == [Action.CREATE_IN_TARGET] * 3
    # No POST names another app: those references are set once every app exists.
    for item in plan.items:
        post = item.steps[0]
        assert post.kind is StepKind.CREATE_APPLICATION and post.phase is Phase.CREATE
        assert "{{regvault" not in json.dumps(post.body)
    spa_item, api_item, daemon_item = plan.items
    assert [
        (w.code, w.params.get("user_principal_name"))
        for w in api_item.warnings
        if w.code is WarningCode.OWNER_NOT_FOUND
    ] == [(WarningCode.OWNER_NOT_FOUND, "gone@contoso.com")]
    assert [w.params for w in daemon_item.warnings if w.code is WarningCode.CUSTOM_API_NOT_IN_TARGET] == [
        {"resource_app_id": guid("a9", 7)}
    ]
    assert WarningCode.CUSTOM_API_NOT_IN_TARGET not in codes(
        spa_item
    )  # Graph and the API in the set are fine
    rewritten = [w.params for w in api_item.warnings if w.code is WarningCode.IDENTIFIER_URI_REWRITTEN]
    assert {"old": "https://api.contoso.com/orders", "new": "https://api.fabrikam.com/orders"} in rewritten

    ids = run_and_verify(graph, plan)
    new_spa, new_api, new_daemon = (ids.app_ids[a.app_id] for a in (spa, api, daemon))
    api_obj = graph.apps[graph.object_id_of(new_api)]
    spa_obj = graph.apps[graph.object_id_of(new_spa)]
    daemon_obj = graph.apps[graph.object_id_of(new_daemon)]
    assert api_obj["identifierUris"] == [f"api://{new_api}", "https://api.fabrikam.com/orders"]
    assert api_obj["api"]["knownClientApplications"] == [new_spa]
    assert api_obj["api"]["preAuthorizedApplications"] == [
        {"appId": new_spa, "delegatedPermissionIds": [guid("5c", 1)]}
    ]
    assert [r["resourceAppId"] for r in spa_obj["requiredResourceAccess"]] == [new_api, GRAPH_API]
    assert [r["resourceAppId"] for r in daemon_obj["requiredResourceAccess"]] == [
        new_daemon and new_api,
        guid("a9", 7),
    ]
    assert graph.owners[api_obj["id"]] == [guid("1e", 1)]
    assert graph.fics[daemon_obj["id"]]["deploy"]["subject"] == "repo:contoso/daemon:environment:prod"
    assert set(graph.service_principals.values()) == {new_spa, new_api, new_daemon}
    assert all(old not in json.dumps(graph.apps) for old in (spa.app_id, api.app_id, daemon.app_id))


def test_other_tenant_overwrites_an_earlier_copy_and_maps_references_to_earlier_copies() -> None:
    spa, api, _, _ = linked_apps()
    copy_obj, copy_app, api_copy_app = guid("0c", 1), guid("ac", 1), guid("ac", 2)
    current = doc_with(spa, displayName="Old name", requiredResourceAccess=[])
    current["application"]["id"], current["application"]["appId"] = copy_obj, copy_app
    plan = plan_restore(
        [spa],
        RestoreMode.OTHER_TENANT,
        source_tenant=SOURCE,
        targets={
            spa.object_id: TargetState.exists(copy_obj, copy_app, current, ServicePrincipalPresence.PRESENT)
        },
        target_tenant=other_tenant(
            previous_copies={api.app_id: api_copy_app}, users_by_upn={"ann@contoso.com": guid("1e", 1)}
        ),
    )
    (item,) = plan.items
    assert item.action is Action.OVERWRITE_IN_TARGET
    update = item.steps[0]
    assert update.path == f"/applications/{copy_obj}"
    assert update.body is not None
    assert [r["resourceAppId"] for r in update.body["requiredResourceAccess"]] == [api_copy_app, GRAPH_API]
    assert update.body["displayName"] == "Orders SPA"
    assert WarningCode.CUSTOM_API_NOT_IN_TARGET not in codes(item)


def test_other_tenant_owner_matching_finds_guests_by_their_home_upn() -> None:
    src = source_app(1, owners=[user(1, "ann@contoso.com"), user(2, "bob_smith@contoso.com")])
    tenant = other_tenant(
        users_by_upn={
            "ann_contoso.com#EXT#@fabrikam.onmicrosoft.com": guid("1e", 1),
            "bob_smith_contoso.com#EXT#@fabrikam.onmicrosoft.com": guid("1e", 2),
        }
    )
    plan = plan_restore([src], RestoreMode.OTHER_TENANT, source_tenant=SOURCE, target_tenant=tenant)
    assert plan.items[0].expected.owner_ids == {guid("1e", 1), guid("1e", 2)}
    assert WarningCode.OWNER_NOT_FOUND not in codes(plan.items[0])


def test_other_tenant_owner_matching_by_upn_and_service_principal() -> None:
    sp_owner = {
        "id": guid("0f", 1),
        "@odata.type": "#microsoft.graph.servicePrincipal",
        "displayName": "deployer",
        "appId": guid("a9", 8),
    }
    src = source_app(1, owners=[user(1, "Ann@Contoso.com"), user(2, "bob@contoso.com"), sp_owner])
    plan = plan_restore(
        [src],
        RestoreMode.OTHER_TENANT,
        source_tenant=SOURCE,
        target_tenant=other_tenant(
            users_by_upn={"ann@contoso.com": guid("1e", 1)},
            service_principals_by_app_id={guid("a9", 8): guid("1f", 1)},
        ),
    )
    (item,) = plan.items
    added = [s.body["@odata.id"].rsplit("/", 1)[1] for s in item.steps if s.kind is StepKind.ADD_OWNER]  # type: ignore[index]
    assert added == [guid("1e", 1), guid("1f", 1)]
    missing = [w.params for w in item.warnings if w.code is WarningCode.OWNER_NOT_FOUND]
    assert missing == [
        {"owner_id": guid("0e", 2), "display_name": "bob", "user_principal_name": "bob@contoso.com"}
    ]


@pytest.mark.parametrize(
    ("resource", "known", "source_apps", "warned"),
    [
        (GRAPH_API, frozenset(), frozenset(), False),
        ("00000003-0000-0ff1-ce00-000000000000", frozenset(), frozenset(), False),  # SharePoint
        (guid("a9", 7), frozenset(), frozenset(), True),
        (guid("a9", 7), frozenset({guid("a9", 7)}), frozenset(), False),  # exists in the target
        (guid("a9", 7), frozenset(), frozenset({guid("a9", 1)}), False),  # not one of the source's own apps
        (guid("a9", 7), frozenset(), frozenset({guid("a9", 7)}), True),
    ],
)
def test_custom_api_permissions_are_warned_about(
    resource: str, known: frozenset[str], source_apps: frozenset[str], warned: bool
) -> None:
    src = source_app(
        1,
        requiredResourceAccess=[
            {"resourceAppId": resource, "resourceAccess": [{"id": guid("a0", 1), "type": "Role"}]}
        ],
    )
    plan = plan_restore(
        [src],
        RestoreMode.OTHER_TENANT,
        source_tenant=SourceTenant(SOURCE_TENANT_ID, SOURCE.verified_domains, source_apps),
        target_tenant=other_tenant(known_app_ids=known),
    )
    assert (WarningCode.CUSTOM_API_NOT_IN_TARGET in codes(plan.items[0])) is warned


@pytest.mark.parametrize(
    ("tenant", "code"),
    [
        (None, PlanErrorCode.TARGET_TENANT_MISSING),
        (TargetTenant(TARGET_TENANT_ID, (), "fabrikam.com"), PlanErrorCode.TARGET_HAS_NO_VERIFIED_DOMAINS),
        (TargetTenant(TARGET_TENANT_ID, ("fabrikam.com",), "contoso.com"), PlanErrorCode.DOMAIN_NOT_VERIFIED),
        (TargetTenant(SOURCE_TENANT_ID.upper(), ("contoso.com",), "contoso.com"), PlanErrorCode.SAME_TENANT),
    ],
)
def test_other_tenant_bad_input(tenant: TargetTenant | None, code: PlanErrorCode) -> None:
    with pytest.raises(PlanError) as info:
        plan_restore([source_app(1)], RestoreMode.OTHER_TENANT, source_tenant=SOURCE, target_tenant=tenant)
    assert info.value.code is code


def test_other_bad_input() -> None:
    with pytest.raises(PlanError) as info:
        plan_restore([], RestoreMode.WITH_OBJECT, source_tenant=SOURCE)
    assert info.value.code is PlanErrorCode.NO_APPS_SELECTED
    src = source_app(1)
    with pytest.raises(PlanError) as info:
        plan_restore(
            [src, src],
            RestoreMode.WITH_OBJECT,
            source_tenant=SOURCE,
            targets={src.object_id: TargetState.gone()},
        )
    assert info.value.code is PlanErrorCode.DUPLICATE_APP
    with pytest.raises(PlanError) as info:
        plan_restore([src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE)
    assert info.value.code is PlanErrorCode.TARGET_STATE_MISSING


# --- Several apps, same tenant -------------------------------------------------------------------------------------


def test_only_the_selected_apps_are_planned_in_their_order() -> None:
    apps = [source_app(n, f"App {n}") for n in range(1, 6)]
    selected = [apps[3], apps[0], apps[2]]
    targets = {a.object_id: TargetState.exists(a.object_id, a.app_id, doc_with(a, notes="x")) for a in apps}
    plan = plan_restore(selected, RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets=targets)
    assert [i.source.object_id for i in plan.items] == [a.object_id for a in selected]
    paths = {s.path for i in plan.items for s in i.steps}
    assert paths == {f"/applications/{a.object_id}" for a in selected}


def test_overwritten_apps_point_to_a_recreated_api_in_the_same_restore() -> None:
    spa, api, daemon, _ = linked_apps()
    graph = FakeGraph(directory=[user(1, "ann@contoso.com"), user(2, "gone@contoso.com")])
    graph.add_existing(spa)
    graph.add_existing(daemon)
    targets = {
        spa.object_id: TargetState.exists(
            spa.object_id, spa.app_id, spa.document, ServicePrincipalPresence.PRESENT
        ),
        daemon.object_id: TargetState.exists(
            daemon.object_id, daemon.app_id, daemon.document, ServicePrincipalPresence.PRESENT
        ),
        api.object_id: TargetState.gone(),
    }
    plan = plan_restore([spa, api, daemon], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets=targets)
    assert [i.action for i in plan.items] == [Action.OVERWRITE, Action.RECREATE, Action.OVERWRITE]
    ids = run_and_verify(graph, plan)
    new_api = ids.app_ids[api.app_id]
    assert graph.apps[spa.object_id]["requiredResourceAccess"][0]["resourceAppId"] == new_api
    assert graph.apps[graph.object_id_of(new_api)]["api"]["knownClientApplications"] == [spa.app_id]


def test_a_step_naming_an_app_that_was_not_created_cannot_be_resolved() -> None:
    spa, api, _, _ = linked_apps()
    plan = plan_restore(
        [spa, api],
        RestoreMode.WITH_OBJECT,
        source_tenant=SOURCE,
        targets={spa.object_id: TargetState.gone(), api.object_id: TargetState.gone()},
    )
    ids = ResolvedIds()
    ids.bind(spa.object_id, spa.app_id, guid("0d", 1), guid("ad", 1))  # the API's creation failed
    spa_item = plan.items[0]
    completion = next(s for s in spa_item.steps if s.kind is StepKind.UPDATE_APPLICATION)
    with pytest.raises(UnresolvedReference):
        completion.resolved(ids)
    sp_step = next(s for s in spa_item.steps if s.kind is StepKind.CREATE_SERVICE_PRINCIPAL)
    assert sp_step.resolved(ids).body == {"appId": guid("ad", 1)}


# --- Bodies: writable properties only, valid against the schema ---------------------------------------------------------


def every_plan() -> list[RestorePlan]:
    spa, api, daemon, unrelated = linked_apps()
    full = source_app(9, "Full", **FULL)
    apps = [spa, api, daemon, unrelated, full]
    drifted = {
        a.object_id: doc_with(
            a,
            notes="drift",
            api={"oauth2PermissionScopes": [scope(1, "changed"), scope(3, "new")]},
            appRoles=[role(5, "Extra")],
            keyCredentials=[],
        )
        for a in apps
    }
    plans = [
        plan_restore(
            apps,
            RestoreMode.WITH_OBJECT,
            source_tenant=SOURCE,
            targets={a.object_id: TargetState.gone() for a in apps},
        ),
        plan_restore(
            apps,
            RestoreMode.WITH_OBJECT,
            source_tenant=SOURCE,
            targets={
                a.object_id: TargetState.exists(a.object_id, a.app_id, drifted[a.object_id]) for a in apps
            },
        ),
        plan_restore(
            apps,
            RestoreMode.WITH_OBJECT,
            source_tenant=SOURCE,
            targets={a.object_id: TargetState.recycled(a.object_id, a.app_id) for a in apps},
        ),
        plan_restore(apps, RestoreMode.OTHER_TENANT, source_tenant=SOURCE, target_tenant=other_tenant()),
        plan_restore(
            apps,
            RestoreMode.OTHER_TENANT,
            source_tenant=SOURCE,
            target_tenant=other_tenant(),
            targets={
                a.object_id: TargetState.exists(guid("0c", i), guid("ac", i), None)
                for i, a in enumerate(apps)
            },
        ),
    ]
    plans.extend(plan_restore([a], RestoreMode.AS_NEW, source_tenant=SOURCE, new_name="copy") for a in apps)
    return plans


def test_no_body_carries_a_read_only_property() -> None:
    checked = 0
    for plan in every_plan():
        for step, body in all_bodies(plan):
            if BODY_TYPES[step.kind] != "application":
                continue
            assert not set(body) & READ_ONLY_APPLICATION_PROPERTIES, (
                step.kind,
                set(body) & READ_ONLY_APPLICATION_PROPERTIES,
            )
            text = json.dumps(body)
            for field in ('"origin"', '"logoUrl"', '"passwordCredentials"', '"secretText"', '"hint"'):
                assert field not in text, (step.kind, field)
            checked += 1
    assert checked > 40


def test_every_body_validates_against_the_schema() -> None:
    checked = 0
    for plan in every_plan():
        for step, body in all_bodies(plan):
            type_name = BODY_TYPES[step.kind]
            if type_name is None:
                assert set(body) == {"@odata.id"}  # a $ref body
                continue
            assert validate_body(type_name, body) == [], (step.kind, body)
            checked += 1
    assert checked > 60


def test_every_path_names_an_app_of_the_plan_or_a_graph_collection() -> None:
    for plan in every_plan():
        for item in plan.items:
            for step in item.steps:
                assert step.path.startswith(
                    (
                        f"/applications/{item.object_id}",
                        "/applications",
                        "/servicePrincipals",
                        "/directory/deletedItems/",
                    )
                )
                if step.path.startswith("/applications/"):
                    assert step.path.startswith(f"/applications/{item.object_id}")


# --- Verify -------------------------------------------------------------------------------------------------------------


def test_verify_reports_what_differs_and_ignores_what_graph_cannot_restore() -> None:
    src = source_app(1, **FULL)
    graph = FakeGraph(directory=[*src.document["owners"], user(5, "operator@contoso.com")])
    graph.creator = user(5, "operator@contoso.com")["id"]  # Graph makes the creator an owner
    plan = plan_restore(
        [src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets={src.object_id: TargetState.gone()}
    )
    ids = graph.run(plan)
    (item,) = plan.items
    new_id = ids.object_ids[src.object_id]
    read_back = graph.document(new_id)
    assert read_back["application"]["passwordCredentials"] == []  # not restorable, not reported
    assert verify(item, read_back, ids) == []

    read_back["application"]["notes"] = "someone changed it"
    read_back["application"]["identifierUris"] = []
    read_back["owners"] = []
    read_back["federatedIdentityCredentials"][0]["subject"] = "other"
    read_back["keyCredentialKeys"] = {guid("ce", 1): "0" * 64}
    read_back["logo"] = None
    paths = [m.path for m in verify(item, read_back, ids)]
    assert paths == [
        ("application", "identifierUris"),
        ("application", "notes"),
        ("owners",),
        ("federatedIdentityCredentials", "deploy"),
        ("keyCredentialKeys", guid("ce", 1)),
        ("logo",),
    ]
    mismatch = verify(item, read_back, ids)[0]
    assert mismatch.expected == [f"api://{ids.app_ids[src.app_id]}"] and mismatch.actual == []


def test_verify_of_an_overwrite_is_exact_about_owners_and_credentials() -> None:
    src = source_app(1, owners=[user(1, "ann@contoso.com")], fics=[fic("a", "s")])
    item = overwrite_plan(src, src.document)
    extra = copy.deepcopy(src.document)
    extra["owners"].append(user(2, "bob@contoso.com"))
    extra["federatedIdentityCredentials"].append(fic("b", "t"))
    assert [m.path for m in verify(item, extra, ResolvedIds())] == [
        ("owners",),
        ("federatedIdentityCredentials", "b"),
    ]


def drifted_apps() -> tuple[list[SourceApp], dict[str, dict[str, Any]]]:
    """The linked apps and a full one, each changed since the snapshot in every way the rules care about."""
    spa, api, daemon, unrelated = linked_apps()
    apps = [spa, api, daemon, unrelated, source_app(9, "Full", **FULL)]
    drifted = {}
    for app in apps:
        state = doc_with(
            app,
            notes="drift",
            displayName="Renamed",
            api={
                "oauth2PermissionScopes": [scope(1, "changed"), scope(3, "new")],
                "requestedAccessTokenVersion": 1,
            },
            appRoles=[role(1, "Changed"), role(5, "Extra")],
            keyCredentials=[],
            identifierUris=[],
        )
        state["keyCredentialKeys"] = {}
        state["federatedIdentityCredentials"] = [fic("extra", "x")]
        state["owners"] = [user(3, "cy@contoso.com")]
        state["logo"] = sha(LOGO_2)
        drifted[app.object_id] = state
    return apps, drifted


DIRECTORY = [user(1, "ann@contoso.com"), user(2, "gone@contoso.com"), user(3, "cy@contoso.com")]


def test_a_set_of_drifted_apps_is_overwritten_back_and_verifies() -> None:
    apps, drifted = drifted_apps()
    graph = FakeGraph(directory=DIRECTORY)
    targets = {}
    for app in apps:
        graph.add_existing(app, drifted[app.object_id])
        state = drifted[app.object_id]
        targets[app.object_id] = TargetState.exists(
            app.object_id, app.app_id, state, ServicePrincipalPresence.PRESENT
        )
    plan = plan_restore(apps, RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets=targets)
    assert all(i.action is Action.OVERWRITE for i in plan.items)
    run_and_verify(graph, plan)
    for app, item in zip(apps, plan.items, strict=True):
        after = graph.document(app.object_id)
        # What can't be put back is warned about: a logo can't be removed, owners are not all removed.
        if WarningCode.LOGO_NOT_REMOVABLE in codes(item):
            after["logo"] = None
        if WarningCode.OWNERS_KEPT in codes(item):
            after["owners"] = []
        assert after == app.document


def test_a_set_of_recycled_apps_with_unknown_state_is_undeleted_and_verifies() -> None:
    apps, drifted = drifted_apps()
    graph = FakeGraph(directory=DIRECTORY)
    for app in apps:
        graph.add_existing(app, drifted[app.object_id], recycled=True)
    targets = {a.object_id: TargetState.recycled(a.object_id, a.app_id) for a in apps}
    plan = plan_restore(apps, RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets=targets)
    assert all(i.action is Action.UNDELETE for i in plan.items)
    # The disabling PATCH is worked out at run time from the app as it came back.
    assert all(
        any(s.kind is StepKind.DISABLE_PERMISSIONS and s.body is None for s in i.steps) for i in plan.items
    )
    graph.owners = {oid: [] for oid in graph.owners}  # owners did not come back with the objects
    run_and_verify(graph, plan)
    for app in apps:
        assert graph.apps[app.object_id]["appId"] == app.app_id
        # Unknown state: extras there are not removed (and the plan said so).
        assert "extra" in graph.fics[app.object_id]


ORDER = [
    StepKind.RESTORE_DELETED_APPLICATION,
    StepKind.CREATE_APPLICATION,
    StepKind.DISABLE_PERMISSIONS,
    StepKind.UPDATE_APPLICATION,
    StepKind.SET_PRE_AUTHORIZED_APPLICATIONS,
    StepKind.SET_CERTIFICATES,
    StepKind.SET_TOKEN_ENCRYPTION_KEY,
    StepKind.DELETE_FEDERATED_CREDENTIAL,
    StepKind.UPDATE_FEDERATED_CREDENTIAL,
    StepKind.ADD_FEDERATED_CREDENTIAL,
    StepKind.UPSERT_FEDERATED_CREDENTIAL,
    StepKind.ADD_OWNER,
    StepKind.REMOVE_OWNER,
    StepKind.SET_LOGO,
    StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL,
    StepKind.CREATE_SERVICE_PRINCIPAL,
]


def test_steps_of_every_plan_come_in_the_order_graph_needs() -> None:
    for plan in every_plan():
        for item in plan.items:
            positions = [ORDER.index(s.kind) for s in item.steps]
            assert positions == sorted(positions), [s.kind for s in item.steps]
            assert [s.phase for s in item.steps] == sorted(s.phase for s in item.steps)
            assert all((s.phase is Phase.CREATE) == (ORDER.index(s.kind) < 2) for s in item.steps)
            creates = [s for s in item.steps if s.kind is StepKind.CREATE_APPLICATION]
            assert all(s.binds == item.source.object_id for s in creates)


def test_which_steps_the_runner_may_resend_and_which_conflicts_mean_done() -> None:
    not_resendable = {k for k in StepKind if not k.retry_safe}
    assert not_resendable == {
        StepKind.CREATE_APPLICATION,
        StepKind.RESTORE_DELETED_APPLICATION,
        StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL,
        StepKind.ADD_TOKEN_SIGNING_CERTIFICATE,  # a second POST is a second certificate
    }
    assert {k for k in StepKind if k.conflict_means_done} == {
        StepKind.ADD_OWNER,
        StepKind.CREATE_SERVICE_PRINCIPAL,
        StepKind.ADD_FEDERATED_CREDENTIAL,
        StepKind.ADD_APP_ROLE_ASSIGNMENT,  # "Permission being assigned already exists on the object"
        StepKind.SET_DELEGATED_GRANT,  # "Permission entry already exists": found and updated instead
        StepKind.CREATE_EXTENSION_PROPERTY,  # the definition is there (409)
    }
    assert set(BODY_TYPES) == set(StepKind)


# --- the enterprise application (issue 10) ---------------------------------------------------------------------


def _section(scopes: list[str], users: list[str]) -> dict[str, Any]:
    from desktop_app.domain.enterprise import build_enterprise_section

    graph_sp = {"id": "graph-sp", "appId": "00000003-0000-0000-c000-000000000000", "displayName": "Microsoft Graph",
                "appRoles": []}
    grants = [{"clientId": "sp-1", "consentType": "AllPrincipals", "principalId": None, "resourceId": "graph-sp",
               "scope": " ".join(scopes)}] if scopes else []
    assigned = [{"principalId": u, "principalType": "User", "principalDisplayName": u,
                 "appRoleId": "00000000-0000-0000-0000-000000000000"} for u in users]
    return build_enterprise_section({"id": "sp-1", "appRoleAssignmentRequired": True}, [], grants, [], assigned,
                                    {"graph-sp": graph_sp}, {})


def test_overwrite_plans_consent_and_assignments_and_verify_checks_them() -> None:
    from desktop_app.domain.restore_plan import TargetDirectory, TargetResource, verify

    src = source_app(1)
    src = SourceApp(src.object_id, src.app_id, {**src.document, "servicePrincipal": _section(["User.Read"], ["u1"])})
    current = {**src.document, "servicePrincipal": _section([], ["u1", "u2"])}
    directory = TargetDirectory(
        resources={"00000003-0000-0000-c000-000000000000": TargetResource(
            "graph-sp", "Microsoft Graph", scopes=frozenset({"User.Read"}))},
        user_ids=frozenset({"u1", "u2"}))
    plan = plan_restore([src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, directory=directory,
                        targets={src.object_id: TargetState.exists(src.object_id, src.app_id, current,
                                                                   ServicePrincipalPresence.PRESENT)})
    [item] = plan.items
    assert kinds(item) == [StepKind.SET_DELEGATED_GRANT, StepKind.REMOVE_APP_ROLE_ASSIGNMENT]
    grant = item.steps[0]
    assert grant.body == {"clientId": "sp-1", "consentType": "AllPrincipals", "principalId": None,
                          "resourceId": "graph-sp", "scope": "User.Read"}
    assert [a.kind.value for a in item.access] == ["grant", "unassign"]
    # Read back as planned: verified; read back without the grant or with the extra user still there: not.
    assert verify(item, {**src.document}, ResolvedIds()) == []
    still_wrong = verify(item, current, ResolvedIds())
    assert {m.path[:2] for m in still_wrong} == {("servicePrincipal", "delegatedPermissionGrants"),
                                                 ("servicePrincipal", "appRoleAssignedTo")}


def test_a_snapshot_without_a_service_principal_creates_none_and_one_that_never_read_it_asks_for_consent() -> None:
    src = source_app(1, requiredResourceAccess=[{"resourceAppId": "00000003-0000-0000-c000-000000000000",
                                                 "resourceAccess": [{"id": guid("5c", 1), "type": "Scope"}]}])
    none = SourceApp(src.object_id, src.app_id, {**src.document, "servicePrincipal": None})
    gone = {src.object_id: TargetState.gone()}
    [item] = plan_restore([none], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets=gone).items
    assert StepKind.CREATE_SERVICE_PRINCIPAL not in kinds(item) and item.follow_ups == ()
    [old] = plan_restore([src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets=gone).items
    assert StepKind.CREATE_SERVICE_PRINCIPAL in kinds(old)
    assert [f.code for f in old.follow_ups] == [FollowUpCode.GRANT_ADMIN_CONSENT]
