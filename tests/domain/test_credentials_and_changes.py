"""domain/credentials.py (thresholds, days left) and domain/changes.py (incident items between two documents)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from desktop_app.domain.changes import incident_items, is_high_privilege
from desktop_app.domain.credentials import EXPIRED, days_left, due_threshold, parse_time

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
GRAPH = "00000003-0000-0000-c000-000000000000"


@pytest.mark.parametrize(("left", "due"), [
    (timedelta(days=400), None), (timedelta(days=90, seconds=1), None), (timedelta(days=90), 90),
    (timedelta(days=31), 90), (timedelta(days=30), 30), (timedelta(days=8), 30), (timedelta(days=7), 7),
    (timedelta(days=2), 7), (timedelta(days=1), 1), (timedelta(seconds=1), 1), (timedelta(0), EXPIRED),
    (-timedelta(days=30), EXPIRED), (-timedelta(days=30, seconds=1), None),
])
def test_the_tightest_threshold_a_credential_is_within(left: timedelta, due: int | None) -> None:
    assert due_threshold(NOW + left, NOW) == due


def test_no_end_is_never_due_and_days_left_count_whole_days() -> None:
    assert due_threshold(None, NOW) is None
    assert days_left(NOW + timedelta(days=3, hours=23), NOW) == 3
    assert days_left(NOW + timedelta(hours=1), NOW) == 0
    assert days_left(NOW - timedelta(hours=1), NOW) == -1
    assert days_left(NOW - timedelta(days=7, hours=23), NOW) == -7


def test_graph_times_with_seven_fractional_digits_and_odd_values() -> None:
    assert parse_time("2027-01-01T00:00:00.1234567Z") == datetime(2027, 1, 1, 0, 0, 0, 123456, tzinfo=UTC)
    assert parse_time("2027-01-01T02:00:00+02:00") == datetime(2027, 1, 1, tzinfo=UTC)
    assert [parse_time(v) for v in (None, "", "soon", 5, "0001-01-01T00:00:00+01:00")] == [None] * 5


def _document(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "application": {"id": "o1", "appId": "a1", "displayName": "Payroll",
                        "passwordCredentials": [{"keyId": "s1", "displayName": "prod", "hint": "Ab1",
                                                 "endDateTime": "2027-01-01T00:00:00Z"}],
                        "keyCredentials": [], "web": {"redirectUris": ["https://payroll.example/"]},
                        "identifierUris": [], "requiredResourceAccess": [
                            {"resourceAppId": GRAPH, "resourceAccess": [
                                {"id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope"}]}]},
        "owners": [{"id": "u1", "@odata.type": "#microsoft.graph.user", "displayName": "Adele",
                    "userPrincipalName": "adele@contoso.example"}],
        "federatedIdentityCredentials": [{"name": "main", "issuer": "https://token.actions.githubusercontent.com",
                                          "subject": "repo:contoso/payroll:ref:refs/heads/main"}],
        "servicePrincipal": {"id": "sp1", "properties": {"displayName": "Payroll"}, "owners": [],
                             "passwordCredentials": [], "keyCredentials": [],
                             "delegatedPermissionGrants": [{"key": f"{GRAPH}/AllPrincipals", "resourceAppId": GRAPH,
                                                            "resourceDisplayName": "Microsoft Graph",
                                                            "consentType": "AllPrincipals", "principal": None,
                                                            "scopes": ["User.Read"]}],
                             "appRoleAssignments": [], "appRoleAssignedTo": []},
    }
    for path, value in changes.items():
        target = doc
        *parents, last = path.split("__")
        for part in parents:
            target = target[part]
        target[last] = value(copy.deepcopy(target.get(last))) if callable(value) else value
    return doc


def _ids(items: Any) -> list[tuple[str, str]]:
    return [(i.id, i.change) for i in items]


def test_the_same_document_has_no_items_and_a_section_not_read_is_not_a_removal() -> None:
    assert incident_items(_document(), _document()) == []
    unread = _document()
    del unread["servicePrincipal"]
    assert incident_items(_document(), unread) == []
    assert incident_items(unread, _document()) == []  # read for the first time: nothing "added" either


def test_an_attacker_s_additions_are_items_with_stable_ids() -> None:
    after = _document(
        application__passwordCredentials=lambda v: [*v, {"keyId": "s2", "displayName": "backdoor",
                                                          "endDateTime": "2028-01-01T00:00:00Z"}],
        owners=lambda v: [*v, {"id": "u9", "@odata.type": "#microsoft.graph.user", "displayName": "Mallory",
                               "userPrincipalName": "mallory@evil.example"}],
        federatedIdentityCredentials=lambda v: [{**v[0], "subject": "repo:evil/x:ref:refs/heads/main"}],
        application__requiredResourceAccess=lambda v: [{**v[0], "resourceAccess": [
            *v[0]["resourceAccess"], {"id": "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", "type": "Role"}]}],
        application__web={"redirectUris": ["https://payroll.example/", "https://evil.example/"]},
    )
    after["servicePrincipal"]["keyCredentials"] = [{"keyId": "k9", "displayName": "CN=evil"}]
    after["servicePrincipal"]["appRoleAssignments"] = [
        {"key": f"{GRAPH}/9e3f62cf", "resourceAppId": GRAPH, "resourceDisplayName": "Microsoft Graph",
         "appRoleId": "9e3f62cf", "appRoleValue": "RoleManagement.ReadWrite.Directory"}]
    after["servicePrincipal"]["delegatedPermissionGrants"][0]["scopes"] = ["Mail.ReadWrite", "User.Read"]
    items = incident_items(_document(), after)
    assert _ids(items) == [
        (f"appRoleAssignment:servicePrincipal:{GRAPH}/9e3f62cf", "added"),
        ("federatedIdentityCredential:application:main", "changed"),
        ("keyCredential:servicePrincipal:k9", "added"),
        (f"oauth2PermissionGrant:servicePrincipal:{GRAPH}/AllPrincipals", "changed"),
        ("owner:application:u9", "added"),
        ("passwordCredential:application:s2", "added"),
        ("redirectUri:application:https://evil.example/", "added"),
        (f"requiredResourceAccess:application:{GRAPH}/1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", "added"),
    ]
    by_id = {i.id: i for i in items}
    assert by_id[f"appRoleAssignment:servicePrincipal:{GRAPH}/9e3f62cf"].high_privilege
    grant = by_id[f"oauth2PermissionGrant:servicePrincipal:{GRAPH}/AllPrincipals"]
    assert grant.high_privilege and grant.detail["scopesAdded"] == ["Mail.ReadWrite"]
    requested = by_id[f"requiredResourceAccess:application:{GRAPH}/1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"]
    assert requested.label == "Microsoft Graph: Application.ReadWrite.All" and requested.high_privilege
    assert by_id["passwordCredential:application:s2"].detail["endDateTime"] == "2028-01-01T00:00:00+00:00"
    assert by_id["owner:application:u9"].label == "Mallory <mallory@evil.example>"
    assert not by_id["redirectUri:application:https://evil.example/"].high_privilege
    # Undone, each is a removal with the same id.
    assert {(i, "removed" if c == "added" else c) for i, c in _ids(items)} == set(_ids(incident_items(after, _document())))


def test_a_new_app_lists_itself_and_what_it_came_with_a_removed_one_only_itself() -> None:
    added = incident_items(None, _document())
    assert ("application:application:o1", "added") in _ids(added)
    assert ("passwordCredential:application:s1", "added") in _ids(added)
    assert ("servicePrincipal:servicePrincipal:sp1", "added") in _ids(added)
    assert _ids(incident_items(_document(), None)) == [("application:application:o1", "removed")]


def test_high_privilege_is_by_permission_value_in_any_case() -> None:
    assert is_high_privilege("mail.readwrite") and is_high_privilege("Application.ReadWrite.All")
    assert not is_high_privilege("User.Read") and not is_high_privilege(None) and not is_high_privilege("")
