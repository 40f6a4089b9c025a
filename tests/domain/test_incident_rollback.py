"""domain/changes.py's other changes, domain/incident.py (attribution, risk, keep lists) and domain/rollback.py (the
plan of each kind, keep, only, lock-out, verification)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from desktop_app.domain.audit import parse_event
from desktop_app.domain.changes import changes_between, incident_items
from desktop_app.domain.incident import ChangedApp, Risk, TenantChange, resolve_keep, tenant_changes
from desktop_app.domain.remap import blob_ref
from desktop_app.domain.restore_plan import StepKind
from desktop_app.domain.rollback import (
    Identity,
    ItemAction,
    LockOut,
    NotUndone,
    plan_rollback,
    still_there,
)

GRAPH = "00000003-0000-0000-c000-000000000000"
GRAPH_SP = "sp-graph"
MAIL_READ_WRITE_ROLE = "e2a3a72e-5f79-4c64-b1b1-878b674786c9"
THUMB = "AB" * 20


def _document() -> dict[str, Any]:
    return {
        "application": {
            "id": "o1", "appId": "a1", "displayName": "Payroll", "notes": None,
            "passwordCredentials": [{"keyId": "s1", "displayName": "prod", "hint": "Ab1"}],
            "keyCredentials": [{"keyId": "k1", "type": "AsymmetricX509Cert", "usage": "Verify",
                                "displayName": "CN=payroll", "customKeyIdentifier": None}],
            "web": {"redirectUris": ["https://payroll.example/"], "homePageUrl": None},
            "spa": {"redirectUris": []}, "publicClient": {"redirectUris": []},
            "identifierUris": ["api://payroll"],
            "requiredResourceAccess": [{"resourceAppId": GRAPH, "resourceAccess": [
                {"id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope"}]}],
        },
        "owners": [{"id": "u1", "@odata.type": "#microsoft.graph.user", "displayName": "Adele",
                    "userPrincipalName": "adele@contoso.example"}],
        "federatedIdentityCredentials": [{"name": "main", "issuer": "https://token.actions.githubusercontent.com",
                                          "subject": "repo:contoso/payroll:ref:refs/heads/main", "audiences": ["x"]}],
        "keyCredentialKeys": {"k1": "aa" * 32},
        "logo": None,
        "servicePrincipal": {
            "id": "sp1", "properties": {"displayName": "Payroll", "accountEnabled": True}, "owners": [],
            "passwordCredentials": [], "keyCredentials": [],
            "delegatedPermissionGrants": [{"key": f"{GRAPH}/AllPrincipals", "resourceAppId": GRAPH,
                                           "resourceDisplayName": "Microsoft Graph", "consentType": "AllPrincipals",
                                           "principal": None, "scopes": ["User.Read"]}],
            "appRoleAssignments": [], "appRoleAssignedTo": [],
        },
    }


def _attacked() -> dict[str, Any]:
    doc = _document()
    app = doc["application"]
    app["passwordCredentials"].append({"keyId": "s9", "displayName": "backdoor", "hint": "Xy9",
                                       "startDateTime": "2026-06-01T10:00:00Z", "endDateTime": "2028-06-01T10:00:00Z"})
    app["web"]["redirectUris"].append("https://evil.example/")
    app["identifierUris"] = []
    app["displayName"] = "Payroll (renamed)"
    doc["owners"].append({"id": "u9", "@odata.type": "#microsoft.graph.user", "displayName": "Mallory",
                          "userPrincipalName": "mallory@evil.example"})
    doc["owners"] = [o for o in doc["owners"] if o["id"] != "u1"]
    doc["federatedIdentityCredentials"][0]["subject"] = "repo:evil/x:ref:refs/heads/main"
    section = doc["servicePrincipal"]
    section["keyCredentials"] = [{"keyId": "k9", "type": "AsymmetricX509Cert", "usage": "Verify",
                                  "customKeyIdentifier": "q80="}]
    section["delegatedPermissionGrants"][0]["scopes"] = ["Mail.ReadWrite", "User.Read"]
    section["appRoleAssignments"] = [{"key": f"{GRAPH}/{MAIL_READ_WRITE_ROLE}", "resourceAppId": GRAPH,
                                      "resourceDisplayName": "Microsoft Graph", "appRoleId": MAIL_READ_WRITE_ROLE,
                                      "appRoleValue": "Mail.ReadWrite"}]
    section["properties"]["accountEnabled"] = False
    return doc


def _new_app() -> dict[str, Any]:
    doc = _document()
    doc["application"].update(id="o2", appId="a2", displayName="Evil helper")
    doc["servicePrincipal"]["id"] = "sp2"
    return doc


def _event(activity: str, when: str, who: str, target: str, props: list[tuple[str, str]] | None = None,
           event_id: str | None = None) -> Any:
    return parse_event({
        "id": event_id or f"{activity}-{when}", "activityDateTime": when, "activityDisplayName": activity,
        "category": "ApplicationManagement", "result": "success",
        "initiatedBy": {"user": {"id": f"id-{who}", "userPrincipalName": who}},
        "targetResources": [{"id": target, "type": "Application", "modifiedProperties": [
            {"displayName": n, "oldValue": None, "newValue": v} for n, v in props or []]}],
    })


def _world() -> tuple[list[TenantChange], list[ChangedApp]]:
    apps = [ChangedApp("o1", "a1", "Payroll", _document(), _attacked()),
            ChangedApp("o2", "a2", "Evil helper", None, _new_app())]
    events = {
        "o1": [
            _event("Update application – Certificates and secrets management", "2026-06-01T10:00:05Z",
                   "mallory@evil.example", "o1", [("KeyDescription", '["[KeyIdentifier=s9,KeyType=Password]"]')]),
            _event("Update application", "2026-06-01T09:00:00Z", "adele@contoso.example", "o1",
                   [("DisplayName", '["Payroll (renamed)"]')]),
            _event("Add owner to application", "2026-06-01T10:01:00Z", "mallory@evil.example", "u9"),
            _event("Add owner to application", "2026-06-01T08:00:00Z", "adele@contoso.example", "u7"),
        ],
        "o2": [_event("Add application", "2026-06-01T10:02:00Z", "mallory@evil.example", "o2")],
    }
    return tenant_changes(apps, lambda app: events[app.object_id]), apps


def _by_id(changes: list[TenantChange]) -> dict[str, TenantChange]:
    return {c.id: c for c in changes}


# ---- items ---------------------------------------------------------------------------------------------------------

def test_other_changes_are_items_an_incident_does_not_undo() -> None:
    items = {(i.id, i.change): i for i in changes_between(_document(), _attacked())}
    renamed = items[("application:application:o1", "changed")]
    assert not renamed.incident and renamed.detail["properties"] == ["displayName"]
    disabled = items[("servicePrincipal:servicePrincipal:sp1", "changed")]
    assert not disabled.incident and disabled.detail["properties"] == ["accountEnabled"]
    # incident_items (what alerts use) has neither, only the incident ones
    assert all(i.incident for i in incident_items(_document(), _attacked()))
    assert {i.id for i in incident_items(_document(), _attacked())} == {k for k, c in items if items[(k, c)].incident}
    assert items[("redirectUri:application:https://evil.example/", "added")].detail == {"types": ["web"]}
    assert items[("identifierUri:application:api://payroll", "removed")].incident


def test_a_certificate_changed_under_its_key_id_and_bytes_not_read_yet_are_no_change() -> None:
    after = _document()
    after["keyCredentialKeys"] = {"k1": "bb" * 32}
    assert [(i.id, i.change) for i in incident_items(_document(), after)] == [
        ("keyCredential:application:k1", "changed")]
    after["keyCredentialKeys"] = {}
    assert incident_items(_document(), after) == []
    after = _document()
    after["application"]["keyCredentials"][0]["endDateTime"] = "2030-01-01T00:00:00Z"
    assert [i.change for i in incident_items(_document(), after)] == ["changed"]


def test_what_a_new_app_came_with_is_part_of_it() -> None:
    items = incident_items(None, _new_app())
    parent = "application:application:o2"
    assert all(i.part_of == parent for i in items if i.id != parent)
    sp_only = _document()
    sp_only["servicePrincipal"] = None
    items = incident_items(sp_only, _document())
    assert {i.id: i.part_of for i in items} == {
        f"oauth2PermissionGrant:servicePrincipal:{GRAPH}/AllPrincipals": "servicePrincipal:servicePrincipal:sp1",
        "servicePrincipal:servicePrincipal:sp1": None}


# ---- across the tenant: who, when, risk, keep ------------------------------------------------------------------------

def test_each_change_is_attributed_to_the_event_that_names_it() -> None:
    changes = _by_id(_world()[0])
    secret = changes["passwordCredential:application:s9@a1"]
    assert (secret.actor, secret.time) == ("mallory@evil.example", datetime(2026, 6, 1, 10, 0, 5, tzinfo=UTC))
    owner = changes["owner:application:u9@a1"]  # the event naming u9, not the newer-or-older one naming u7
    assert owner.actor == "mallory@evil.example" and owner.time == datetime(2026, 6, 1, 10, 1, tzinfo=UTC)
    assert changes["application:application:o1@a1"].actor == "adele@contoso.example"  # the rename
    assert changes["application:application:o2@a2"].activity == "Add application"
    assert changes["redirectUri:application:https://evil.example/@a1"].actor is None  # no event: unknown


def test_an_other_change_is_attributed_to_the_event_that_made_it_not_a_later_one_on_the_app() -> None:
    apps = [ChangedApp("o1", "a1", "Payroll", _document(), _attacked())]
    events = [
        _event("Update application", "2026-06-01T09:00:00Z", "adele@contoso.example", "o1",
               [("DisplayName", '["Payroll (renamed)"]')]),
        # later: a rollback takes a redirect URI out and an app role assignment off the enterprise application
        _event("Update application", "2026-06-01T11:00:00Z", "regvault@contoso.example", "o1",
               [("AppAddress", '[]')]),
        _event("Remove app role assignment from service principal", "2026-06-01T11:00:01Z",
               "regvault@contoso.example", "sp1"),
        _event("Update service principal", "2026-06-01T08:30:00Z", "bob@contoso.example", "sp1",
               [("AccountEnabled", '[false]')]),
    ]
    changes = _by_id(tenant_changes(apps, lambda app: events))
    assert changes["application:application:o1@a1"].actor == "adele@contoso.example"
    assert changes["servicePrincipal:servicePrincipal:sp1@a1"].actor == "bob@contoso.example"


def test_changes_come_by_risk_credentials_and_privilege_first_other_changes_last() -> None:
    changes, _ = _world()
    risks = [c.risk for c in changes]
    assert risks == sorted(risks)
    assert changes[0].risk is Risk.CREDENTIAL and changes[-1].risk is Risk.OTHER
    by_id = _by_id(changes)
    assert by_id[f"appRoleAssignment:servicePrincipal:{GRAPH}/{MAIL_READ_WRITE_ROLE}@a1"].risk is Risk.PRIVILEGE
    assert by_id["owner:application:u1@a1"].risk is Risk.PUT_BACK


def test_a_keep_list_takes_full_ids_and_item_ids_that_name_one_change() -> None:
    changes, _ = _world()
    kept, unknown = resolve_keep(changes, ["owner:application:u9", "passwordCredential:application:s9@a1",
                                           "nothing:here", f"oauth2PermissionGrant:servicePrincipal:{GRAPH}/AllPrincipals"])
    assert kept == {"owner:application:u9@a1", "passwordCredential:application:s9@a1"}
    # the same grant key is on both apps: ambiguous without the app
    assert unknown == ("nothing:here", f"oauth2PermissionGrant:servicePrincipal:{GRAPH}/AllPrincipals")


# ---- the plan --------------------------------------------------------------------------------------------------------

def _plan(**kwargs: Any) -> Any:
    changes, apps = _world()
    return plan_rollback(changes, apps, resources={GRAPH: GRAPH_SP}, **kwargs), changes, apps


def test_each_kind_becomes_its_step_puts_back_before_removals_and_the_new_app_goes_to_the_recycle_bin() -> None:
    plan, _, _ = _plan()
    assert not plan.refused
    [payroll, evil] = plan.apps
    kinds = [(s.kind, s.method, s.path) for s in payroll.steps]
    assert kinds == [
        (StepKind.EDIT_APPLICATION_LISTS, "PATCH", "/applications/o1"),
        (StepKind.EDIT_KEY_CREDENTIALS, "PATCH", "/servicePrincipals/sp1"),
        (StepKind.UPSERT_FEDERATED_CREDENTIAL, "PATCH", "/applications/o1/federatedIdentityCredentials(name='main')"),
        (StepKind.SET_DELEGATED_GRANT, "POST", "/oauth2PermissionGrants"),
        (StepKind.ADD_OWNER, "POST", "/applications/o1/owners/$ref"),
        # removals in the order of risk: the credential first
        (StepKind.REMOVE_PASSWORD, "POST", "/applications/o1/removePassword"),
        (StepKind.REMOVE_APP_ROLE_ASSIGNMENT, "DELETE", f"/servicePrincipals/{GRAPH_SP}/appRoleAssignedTo"),
        (StepKind.REMOVE_OWNER, "DELETE", "/applications/o1/owners/u9/$ref"),
    ]
    body = {s.kind: s.body for s in payroll.steps}
    assert body[StepKind.EDIT_APPLICATION_LISTS] == {
        "identifierUris": {"remove": [], "add": ["api://payroll"]},
        "redirectUris": {"remove": ["https://evil.example/"], "add": {}}}
    assert body[StepKind.EDIT_KEY_CREDENTIALS] == {"remove": ["k9"], "add": []}
    assert body[StepKind.SET_DELEGATED_GRANT] == {"clientId": "sp1", "consentType": "AllPrincipals",
                                                  "resourceId": GRAPH_SP, "scope": "User.Read"}
    assert body[StepKind.UPSERT_FEDERATED_CREDENTIAL]["subject"] == "repo:contoso/payroll:ref:refs/heads/main"
    assert body[StepKind.REMOVE_PASSWORD] == {"keyId": "s9"}
    assert [(s.kind, s.path) for s in evil.steps] == [(StepKind.RECYCLE_APPLICATION, "/applications/o2")]
    actions = {k: p.action for k, p in plan.items.items()}
    assert actions["application:application:o1@a1"] is ItemAction.OTHER  # the rename stays
    assert actions["servicePrincipal:servicePrincipal:sp1@a1"] is ItemAction.OTHER
    assert actions["application:application:o2@a2"] is ItemAction.RECYCLE
    assert actions["passwordCredential:application:s1@a2"] is ItemAction.WITH_PARENT
    assert actions["owner:application:u1@a1"] is ItemAction.PUT_BACK
    assert actions["owner:application:u9@a1"] is ItemAction.REMOVE


def test_what_cannot_be_undone_says_why() -> None:
    before, after = _document(), _document()
    after["application"]["passwordCredentials"] = []  # a removed secret
    after["application"]["keyCredentials"] = []
    before["keyCredentialKeys"] = {}  # a removed certificate whose bytes were never read
    after["servicePrincipal"]["delegatedPermissionGrants"] = []
    apps = [ChangedApp("o1", "a1", "Payroll", before, after), ChangedApp("o3", "a3", "Gone", _document(), None)]
    changes = tenant_changes(apps, lambda app: [])
    plan = plan_rollback(changes, apps, resources={})
    reasons = {k: p.reason for k, p in plan.items.items()}
    assert reasons == {
        "passwordCredential:application:s1@a1": NotUndone.SECRET_NOT_RESTORABLE,
        "keyCredential:application:k1@a1": NotUndone.CERTIFICATE_NOT_RESTORABLE,
        f"oauth2PermissionGrant:servicePrincipal:{GRAPH}/AllPrincipals@a1": NotUndone.NO_RESOURCE,
        "application:application:o1@a3": NotUndone.USE_RESTORE,
    }
    assert plan.steps == 0


def test_a_removed_certificate_with_stored_bytes_comes_back_by_the_key_edit() -> None:
    after = _document()
    after["application"]["keyCredentials"] = []
    apps = [ChangedApp("o1", "a1", "Payroll", _document(), after)]
    plan = plan_rollback(tenant_changes(apps, lambda app: []), apps)
    [step] = plan.apps[0].steps
    assert step.kind is StepKind.EDIT_KEY_CREDENTIALS and step.body is not None
    assert step.body["remove"] == [] and step.body["add"][0]["key"] == blob_ref("aa" * 32)
    assert step.body["add"][0]["keyId"] == "k1"


def test_kept_items_and_what_came_with_a_kept_app_stay() -> None:
    plan, _, _ = _plan(keep={"passwordCredential:application:s9@a1", "application:application:o2@a2"})
    assert plan.items["passwordCredential:application:s9@a1"].action is ItemAction.KEPT
    assert plan.items["owner:application:u1@a2"].action is ItemAction.KEPT
    assert [a.object_id for a in plan.apps] == ["o1"]
    assert StepKind.REMOVE_PASSWORD not in {s.kind for s in plan.apps[0].steps}


def test_only_undoes_the_named_ids_of_a_run_that_stopped() -> None:
    plan, _, _ = _plan(only={"owner:application:u9@a1"})
    assert [s.kind for a in plan.apps for s in a.steps] == [StepKind.REMOVE_OWNER]


@pytest.mark.parametrize(("identity", "refused"), [
    (Identity("user", object_id="u9"), {("owner:application:u9@a1", LockOut.OWN_OWNERSHIP)}),
    (Identity("user", object_id="u1"), set()),  # put back, not removed
    (Identity("app", object_id="sp2", app_id="A2"), {("application:application:o2@a2", LockOut.OWN_APP)}),
    (Identity("app", app_id="a1", secret_hint="Xy9"), {
        ("passwordCredential:application:s9@a1", LockOut.OWN_CREDENTIAL),
        (f"appRoleAssignment:servicePrincipal:{GRAPH}/{MAIL_READ_WRITE_ROLE}@a1", LockOut.OWN_PERMISSION)}),
    (Identity("app", app_id="a1", thumbprint=THUMB), {
        (f"appRoleAssignment:servicePrincipal:{GRAPH}/{MAIL_READ_WRITE_ROLE}@a1", LockOut.OWN_PERMISSION)}),
    (Identity("app", app_id="a1"), {  # which credential is not known: any of the app's
        ("passwordCredential:application:s9@a1", LockOut.OWN_CREDENTIAL),
        ("keyCredential:servicePrincipal:k9@a1", LockOut.OWN_CREDENTIAL),
        (f"appRoleAssignment:servicePrincipal:{GRAPH}/{MAIL_READ_WRITE_ROLE}@a1", LockOut.OWN_PERMISSION)}),
    (Identity("app", app_id="a7"), set()),
])
def test_a_plan_that_would_lock_regvault_out_is_refused(identity: Identity, refused: set[Any]) -> None:
    plan, _, _ = _plan(identity=identity)
    assert {(r.change_id, r.code) for r in plan.refusals} == refused
    kept, _, _ = _plan(identity=identity, keep={r.change_id for r in plan.refusals})
    assert not kept.refused


def test_the_identity_s_certificate_by_its_thumbprint() -> None:
    after = copy.deepcopy(_document())
    after["application"]["keyCredentials"].append({"keyId": "k8", "type": "AsymmetricX509Cert", "usage": "Verify",
                                                   "customKeyIdentifier": "q80="})  # base64 of 0xab 0xcd: not SHA-1
    after["application"]["keyCredentials"].append({"keyId": "k7", "type": "AsymmetricX509Cert", "usage": "Verify",
                                                   "customKeyIdentifier": "q6urq6urq6urq6urq6urq6urq6s="})
    apps = [ChangedApp("o1", "a1", "Payroll", _document(), after)]
    plan = plan_rollback(tenant_changes(apps, lambda app: []), apps, identity=Identity("app", app_id="a1",
                                                                                        thumbprint=THUMB))
    assert [(r.change_id, r.code) for r in plan.refusals] == [("keyCredential:application:k7@a1",
                                                               LockOut.OWN_CREDENTIAL)]


def test_verification_lists_what_is_still_there() -> None:
    plan, changes, apps = _plan()
    [payroll, evil] = plan.apps
    assert still_there(evil, changes, None, None) == []
    assert still_there(evil, changes, None, _new_app()) == ["application:application:o2@a2"]
    undone = _document()
    undone["application"]["displayName"] = "Payroll (renamed)"  # the other changes stay: not checked
    undone["servicePrincipal"]["properties"]["accountEnabled"] = False
    assert still_there(payroll, changes, _document(), undone) == []
    half = copy.deepcopy(undone)
    half["application"]["passwordCredentials"].append({"keyId": "s9", "displayName": "backdoor", "hint": "Xy9"})
    assert still_there(payroll, changes, _document(), half) == ["passwordCredential:application:s9@a1"]
