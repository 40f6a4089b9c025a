"""The preview's changes in the side panel's words (issue 22 item 7): a scope is named, the enterprise
application's parts are not Graph paths."""

from __future__ import annotations

from desktop_app.ui.restore.preview_rows import change_lines

SCOPE = "0d3f9a40-7d4e-4b2f-9a55-2c6f1b9e0a11"


def api(enabled: bool) -> dict:
    return {"application": {"api": {"oauth2PermissionScopes": [
        {"id": SCOPE, "value": "Data.Read", "isEnabled": enabled, "type": "User"}]}}}


def test_a_scope_change_names_the_scope() -> None:
    assert change_lines(api(False), api(True), ["api"]) == [
        "Expose an API › Scopes defined by this API › Data.Read › Enabled: No → Yes"]


def test_the_parts_a_created_app_gets_are_in_words_not_graph_paths() -> None:
    after = {"application": {"web": {}, "servicePrincipalLockConfiguration": None},
             "servicePrincipal": {"appRoleAssignments": []}}
    lines = change_lines(None, after, ["web", "servicePrincipal.appRoleAssignments"])
    assert lines == ["Authentication › Web", "Permissions granted › Application permissions granted"]
    assert not any("servicePrincipal." in line for line in lines)


def test_graphs_default_on_a_recreated_app_is_named_as_the_portal_names_it() -> None:
    from desktop_app.domain.restore_plan import PlanWarning, WarningCode
    from desktop_app.ui.restore.words import warning_text

    text = warning_text(PlanWarning(WarningCode.SERVER_DEFAULT,
                                    {"path": "application.servicePrincipalLockConfiguration"}))
    assert "Authentication › App instance property lock" in text and "servicePrincipalLock" not in text
