"""Issue 9: plans that hold on real Graph, where the rules of graph-notes §10 break naive restores.

Each test names the case of the issue it covers; FakeGraph (plan_world.py) holds the rules, so a plan that
breaks one is refused there as Graph would refuse it.
"""

from __future__ import annotations

import copy
from typing import Any

from plan_world import (
    CERT_A,
    CERT_B,
    SOURCE,
    SOURCE_TENANT_ID,
    FakeGraph,
    cert,
    codes,
    doc_with,
    fic,
    guid,
    kinds,
    other_tenant,
    run_and_verify,
    scope,
    sha,
    source_app,
)

from desktop_app.domain.remap import ResolvedIds
from desktop_app.domain.restore_plan import (
    Phase,
    RestoreMode,
    SourceTenant,
    StepKind,
    TargetState,
    UriLeftOutReason,
    WarningCode,
    plan_restore,
    server_defaults,
    verify,
)

CLIENT = guid("c1", 1)


def api_app(n: int = 1, **overrides: Any) -> Any:
    read, write = scope(1, "read"), scope(2, "write")
    pre = {"appId": CLIENT, "delegatedPermissionIds": [read["id"], write["id"]]}
    return source_app(
        n, api={"oauth2PermissionScopes": [read, write], "preAuthorizedApplications": [pre]}, **overrides
    )


def overwrite(src: Any, current: Any) -> Any:
    return plan_restore(
        [src],
        RestoreMode.WITH_OBJECT,
        source_tenant=SOURCE,
        targets={src.object_id: TargetState.exists(src.object_id, src.app_id, current)},
    )


# --- Case 1: the headline restore (a pre-authorization naming a scope that was deleted) -------------------------------


def test_case1_scope_and_its_pre_authorization_go_back_in_two_requests() -> None:
    src = api_app()
    read = src.document["application"]["api"]["oauth2PermissionScopes"][0]
    # The admin removed the client's pre-authorization, disabled "write" and deleted it.
    current = doc_with(src, api={"oauth2PermissionScopes": [read], "preAuthorizedApplications": []})
    graph = FakeGraph()
    graph.add_existing(src, current)
    plan = overwrite(src, current)
    (item,) = plan.items
    assert kinds(item).index(StepKind.UPDATE_APPLICATION) < kinds(item).index(
        StepKind.SET_PRE_AUTHORIZED_APPLICATIONS
    )
    run_and_verify(graph, plan)
    api = graph.apps[src.object_id]["api"]
    assert {s["id"] for s in api["oauth2PermissionScopes"]} == {guid("5c", 1), guid("5c", 2)}
    assert api["preAuthorizedApplications"][0]["delegatedPermissionIds"] == [guid("5c", 1), guid("5c", 2)]


def test_case1_a_recreated_api_gets_its_pre_authorizations_after_its_scopes() -> None:
    src = api_app()
    plan = plan_restore(
        [src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets={src.object_id: TargetState.gone()}
    )
    (item,) = plan.items
    create = item.steps[0]
    assert create.body is not None
    assert all(not p.get("delegatedPermissionIds") for p in create.body["api"]["preAuthorizedApplications"])
    assert StepKind.SET_PRE_AUTHORIZED_APPLICATIONS in kinds(item)
    run_and_verify(FakeGraph(), plan)


def test_case1_a_disable_step_carries_the_patch_that_undoes_it() -> None:
    src = api_app()
    extra = scope(3, "admin")
    live = copy.deepcopy(src.document["application"]["api"]["oauth2PermissionScopes"]) + [extra]
    current = doc_with(src, api={"oauth2PermissionScopes": live})
    graph = FakeGraph()
    graph.add_existing(src, current)
    (item,) = overwrite(src, current).items
    disable = next(s for s in item.steps if s.kind is StepKind.DISABLE_PERMISSIONS)
    assert disable.undo is not None
    app = graph.apps[src.object_id]
    graph._patch(app, disable.body or {})
    assert not next(s for s in app["api"]["oauth2PermissionScopes"] if s["id"] == extra["id"])["isEnabled"]
    graph._patch(app, disable.undo)  # what a runner sends when a later step of the app fails
    assert all(s["isEnabled"] for s in app["api"]["oauth2PermissionScopes"])


# --- Case 2: keyCredentials is replaced whole ---------------------------------------------------------------------------


def two_keys(**overrides: Any) -> Any:
    return source_app(
        1,
        keyCredentials=[cert(1), cert(2, usage="Sign")],
        cert_bytes={guid("ce", 1): CERT_A},
        **overrides,
    )


def test_case2_an_overwrite_keeps_a_key_it_cannot_send_again() -> None:
    src = two_keys(web={"redirectUris": ["https://app.contoso.com/signin"]})
    current = doc_with(src, web={**src.document["application"]["web"], "redirectUris": ["https://evil.example"]})
    graph = FakeGraph()
    graph.add_existing(src, current)
    plan = overwrite(src, current)
    assert StepKind.SET_CERTIFICATES not in kinds(plan.items[0])
    run_and_verify(graph, plan)
    assert {k["keyId"] for k in graph.apps[src.object_id]["keyCredentials"]} == {guid("ce", 1), guid("ce", 2)}


def test_case2_when_certificates_differ_the_live_key_goes_back_with_its_bytes() -> None:
    src = two_keys()
    sign_only = [cert(2, usage="Sign")]
    current = doc_with(src, keyCredentials=sign_only)
    current["keyCredentialKeys"] = {guid("ce", 2): sha(CERT_B)}
    graph = FakeGraph()
    graph.add_existing(src, current)
    plan = overwrite(src, current)
    step = next(s for s in plan.items[0].steps if s.kind is StepKind.SET_CERTIFICATES)
    assert step.body is not None and {c["keyId"] for c in step.body["keyCredentials"]} == {
        guid("ce", 1),
        guid("ce", 2),
    }
    run_and_verify(graph, plan)
    assert {k["keyId"] for k in graph.apps[src.object_id]["keyCredentials"]} == {guid("ce", 1), guid("ce", 2)}


def test_case2_a_live_key_without_known_bytes_blocks_the_certificate_patch_with_a_note() -> None:
    src = two_keys()
    current = doc_with(src, keyCredentials=[cert(2, usage="Sign")])
    current["keyCredentialKeys"] = {}
    (item,) = overwrite(src, current).items
    assert StepKind.SET_CERTIFICATES not in kinds(item)
    assert WarningCode.CERTIFICATES_KEPT in codes(item)
    assert "keyCredentials" not in item.expected.application


# --- Case 4: certificates (and logo) in their own steps after a create ------------------------------------------------


def test_case4_a_recreate_sends_certificates_after_the_create_in_their_own_step() -> None:
    src = source_app(1, keyCredentials=[cert(1)], cert_bytes={guid("ce", 1): CERT_A}, logo=b"\x89PNG")
    (item,) = plan_restore(
        [src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets={src.object_id: TargetState.gone()}
    ).items
    create = item.steps[0]
    assert create.kind is StepKind.CREATE_APPLICATION and "keyCredentials" not in (create.body or {})
    later = [s for s in item.steps if s.phase is Phase.COMPLETE]
    certificates = [s for s in later if s.kind is StepKind.SET_CERTIFICATES]
    assert len(certificates) == 1 and list(certificates[0].body or {}) == ["keyCredentials"]
    assert not any("keyCredentials" in (s.body or {}) for s in later if s.kind is StepKind.UPDATE_APPLICATION)
    assert StepKind.SET_LOGO in kinds(item)


# --- Case 5: identifier URIs the target would refuse ---------------------------------------------------------------------


def test_case5_a_legacy_identifier_uri_is_left_out_of_a_recreate_with_a_warning() -> None:
    src = source_app(1, identifierUris=["api://orders-legacy", f"api://{guid('a9', 1)}"])
    (item,) = plan_restore(
        [src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets={src.object_id: TargetState.gone()}
    ).items
    left_out = [w for w in item.warnings if w.code is WarningCode.IDENTIFIER_URI_LEFT_OUT]
    assert [(w.params["uri"], w.params["reason"]) for w in left_out] == [
        ("api://orders-legacy", UriLeftOutReason.NOT_ALLOWED_BY_POLICY)
    ]
    assert item.expected.application["identifierUris"] == [f"api://{{{{regvault:appId:{guid('a9', 1)}}}}}"]


def test_case5_an_overwrite_does_not_add_back_a_uri_the_policy_refuses() -> None:
    src = source_app(1, identifierUris=["api://orders-legacy"], notes="restored")
    current = doc_with(src, identifierUris=[], notes="changed")
    (item,) = overwrite(src, current).items
    update = next(s for s in item.steps if s.kind is StepKind.UPDATE_APPLICATION)
    assert update.body == {"notes": "restored"}  # the rest of the PATCH still goes through
    assert WarningCode.IDENTIFIER_URI_LEFT_OUT in codes(item)


# --- Case 6: defaults Graph fills in on a new app ---------------------------------------------------------------------


def test_case6_verify_reports_the_app_instance_lock_default_as_a_note() -> None:
    src = source_app(1, servicePrincipalLockConfiguration=None)
    graph = FakeGraph()
    plan = plan_restore(
        [src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets={src.object_id: TargetState.gone()}
    )
    ids = graph.run(plan)
    (item,) = plan.items
    read_back = graph.document(ids.object_ids[src.object_id])
    lock = {"isEnabled": True, "allProperties": True, "credentialsWithUsageVerify": True,
            "credentialsWithUsageSign": True, "identifierUris": False, "tokenEncryptionKeyId": True}
    read_back["application"]["servicePrincipalLockConfiguration"] = lock
    assert verify(item, read_back, ids) == []
    notes = server_defaults(item, read_back, ids)
    assert [n.path for n in notes] == [("application", "servicePrincipalLockConfiguration")]
    # An overwrite of an app that has the lock now: the snapshot, which predates it, says nothing of it, so the plan
    # leaves it on (never switching the protection off) and the read-back accepts it.
    locked = doc_with(src, servicePrincipalLockConfiguration=lock)
    overwritten = overwrite(src, locked).items[0]
    assert overwritten.up_to_date and not overwritten.steps, overwritten.steps
    assert verify(overwritten, locked, ResolvedIds()) == []
    # A lock the snapshot had switched off is put back off, and the read-back compares it.
    off = source_app(2, servicePrincipalLockConfiguration={"isEnabled": False})
    turned_off = overwrite(off, doc_with(off, servicePrincipalLockConfiguration=lock)).items[0]
    assert [s.body for s in turned_off.steps if s.kind is StepKind.UPDATE_APPLICATION] == [
        {"servicePrincipalLockConfiguration": {"isEnabled": False}}]
    assert [m.path for m in verify(turned_off, doc_with(off, servicePrincipalLockConfiguration=lock), ResolvedIds())
            ] == [("application", "servicePrincipalLockConfiguration")]


# --- Case 7: cross-tenant references ------------------------------------------------------------------------------------------


def test_case7_entra_issuer_credentials_and_unmapped_same_tenant_clients_are_left_out_elsewhere() -> None:
    sibling = guid("a9", 7)  # an app of the source tenant that is not part of this restore
    teams = "1fec8e78-bce4-4aaf-ab1b-5451cc387264"  # a Microsoft client: the same id in every tenant
    read = scope(1, "read")
    entra = {**fic("from-aks", guid("0e", 3)), "issuer": f"https://login.microsoftonline.com/{SOURCE_TENANT_ID}/v2.0"}
    src = source_app(
        1,
        fics=[fic("deploy", "repo:contoso/app:ref:refs/heads/main"), entra],
        api={
            "oauth2PermissionScopes": [read],
            "knownClientApplications": [sibling],
            "preAuthorizedApplications": [
                {"appId": sibling, "delegatedPermissionIds": [read["id"]]},
                {"appId": teams, "delegatedPermissionIds": [read["id"]]},
            ],
        },
    )
    source = SourceTenant(SOURCE_TENANT_ID, SOURCE.verified_domains, frozenset({guid("a9", 1), sibling}))
    plan = plan_restore([src], RestoreMode.OTHER_TENANT, source_tenant=source, target_tenant=other_tenant())
    (item,) = plan.items
    assert {WarningCode.FEDERATED_CREDENTIAL_LEFT_OUT, WarningCode.KNOWN_CLIENT_LEFT_OUT,
            WarningCode.PRE_AUTHORIZATION_LEFT_OUT} <= set(codes(item))
    names = [s.body["name"] for s in item.steps if s.kind is StepKind.ADD_FEDERATED_CREDENTIAL and s.body]
    assert names == ["deploy"]
    api = item.expected.application["api"]
    assert api["knownClientApplications"] == []
    assert [p["appId"] for p in api["preAuthorizedApplications"]] == [teams]
    # In the same tenant nothing is left out.
    same = plan_restore(
        [src], RestoreMode.WITH_OBJECT, source_tenant=source, targets={src.object_id: TargetState.gone()}
    ).items[0]
    assert not {WarningCode.FEDERATED_CREDENTIAL_LEFT_OUT, WarningCode.KNOWN_CLIENT_LEFT_OUT} & set(codes(same))


# --- Redirect URIs Graph no longer accepts (graph-notes §11, reply-url restrictions) ---------------------------------


LEGACY_WEB = {"homePageUrl": None, "logoutUrl": None, "implicitGrantSettings": {
    "enableAccessTokenIssuance": False, "enableIdTokenIssuance": False}}


def test_a_recreate_leaves_out_the_redirect_uris_graph_refuses_and_names_each() -> None:
    refused = ["http://intranet.contoso.com/signin", "https://portal.contoso.com/a,b"]
    web = {**LEGACY_WEB, "redirectUris": ["https://portal.contoso.com/signin", *refused],
           "redirectUriSettings": [{"uri": u, "index": None} for u in ["https://portal.contoso.com/signin", *refused]]}
    src = source_app(1, web=web, spa={"redirectUris": ["http://localhost:3000/"]},
                     publicClient={"redirectUris": ["msal{}://auth".format(guid("a9", 1)), "http://desk.contoso.com/"]},
                     defaultRedirectUri="http://intranet.contoso.com/signin")
    (item,) = plan_restore([src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE,
                           targets={src.object_id: TargetState.gone()}).items
    left_out = [(w.params["uri"], w.params["platform"]) for w in item.warnings
                if w.code is WarningCode.REDIRECT_URI_LEFT_OUT]
    assert left_out == [(refused[0], "web"), (refused[1], "web"), ("http://desk.contoso.com/", "publicClient")]
    [create] = [s for s in item.steps if s.kind is StepKind.CREATE_APPLICATION]
    sent = create.body or {}
    assert sent["web"]["redirectUris"] == ["https://portal.contoso.com/signin"]
    assert [s["uri"] for s in sent["web"]["redirectUriSettings"]] == ["https://portal.contoso.com/signin"]
    assert sent["spa"]["redirectUris"] == ["http://localhost:3000/"]  # http for localhost is accepted
    # A custom scheme on a public client is accepted (its new client id is written once the app exists).
    [msal] = item.expected.application["publicClient"]["redirectUris"]
    assert msal.startswith("msal") and msal.endswith("://auth")
    assert "defaultRedirectUri" not in sent  # it named a URI left out
    assert item.expected.application["web"]["redirectUris"] == ["https://portal.contoso.com/signin"]


def test_an_overwrite_keeps_a_platform_whose_live_list_holds_a_refused_uri_and_restores_the_others() -> None:
    src = source_app(1, web={**LEGACY_WEB, "redirectUris": ["https://a.contoso.com/", "http://legacy.contoso.com/"],
                             "redirectUriSettings": []},
                     spa={"redirectUris": ["https://spa.contoso.com/", "http://old-spa.contoso.com/"]}, notes="restored")
    current = doc_with(src, web={**LEGACY_WEB, "redirectUris": ["http://legacy.contoso.com/"], "redirectUriSettings": []},
                       spa={"redirectUris": []}, notes="changed")
    (item,) = overwrite(src, current).items
    update = next(s for s in item.steps if s.kind is StepKind.UPDATE_APPLICATION)
    assert update.body == {"notes": "restored", "spa": {"redirectUris": ["https://spa.contoso.com/"]}}
    assert [(w.code, w.params) for w in item.warnings if w.code in (
        WarningCode.REDIRECT_URIS_KEPT, WarningCode.REDIRECT_URI_LEFT_OUT)] == [
        (WarningCode.REDIRECT_URIS_KEPT, {"platform": "web"}),
        (WarningCode.REDIRECT_URI_LEFT_OUT, {"uri": "http://old-spa.contoso.com/", "platform": "spa"})]
    assert item.expected.application["web"]["redirectUris"] == ["http://legacy.contoso.com/"]  # as it is


# --- Upsert: an idempotent recreate -------------------------------------------------------------------------------------


def test_a_recreate_of_an_app_with_a_unique_name_goes_through_the_upsert() -> None:
    src = source_app(1, uniqueName="orders-api")
    plan = plan_restore(
        [src], RestoreMode.WITH_OBJECT, source_tenant=SOURCE, targets={src.object_id: TargetState.gone()}
    )
    create = plan.items[0].steps[0]
    assert (create.method, create.path) == ("PATCH", "/applications(uniqueName='orders-api')")
    assert dict(create.headers) == {"Prefer": "create-if-missing"}
    assert create.upsert and create.retry_safe and not create.kind.retry_safe
    assert "uniqueName" not in (create.body or {})
    graph = FakeGraph()
    ids = run_and_verify(graph, plan)
    assert graph.apps[ids.object_ids[src.object_id]]["uniqueName"] == "orders-api"
    # Without a uniqueName (or as a new app, which can't take the original's) it is a POST.
    as_new = plan_restore([src], RestoreMode.AS_NEW, source_tenant=SOURCE, new_name="Copy").items[0].steps[0]
    assert (as_new.method, as_new.path) == ("POST", "/applications")


def test_every_new_warning_has_words() -> None:
    from desktop_app.domain.restore_plan import PlanWarning
    from desktop_app.services.restore_texts import describe_warning

    for code in (WarningCode.CERTIFICATES_KEPT, WarningCode.FEDERATED_CREDENTIAL_LEFT_OUT,
                 WarningCode.KNOWN_CLIENT_LEFT_OUT, WarningCode.PRE_AUTHORIZATION_LEFT_OUT):
        text = describe_warning(PlanWarning(code, {"key_ids": "k", "name": "n", "issuer": "i", "app_id": "a"}))
        assert not text.startswith(code.value) and len(text) > 30
    for code in (WarningCode.REDIRECT_URI_LEFT_OUT, WarningCode.REDIRECT_URIS_KEPT):
        text = describe_warning(PlanWarning(code, {"uri": "http://intranet/", "platform": "publicClient"}))
        assert "Mobile and desktop applications" in text and "accept" in text
    policy = PlanWarning(WarningCode.IDENTIFIER_URI_LEFT_OUT, {"uri": "api://x", "reason": "not_allowed_by_policy"})
    assert "policy" in describe_warning(policy)
