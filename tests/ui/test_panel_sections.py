"""The side panel shows an app as the Entra admin center does: its sections, in its words."""

from __future__ import annotations

import re

import pytest
from store_fill import app_document

from desktop_app.domain.diff import ChangeKind, diff_documents
from desktop_app.ui import panel_sections
from desktop_app.ui.attribute_tree import AttributeNode, build_tree
from desktop_app.ui.panel_sections import words_of

PORTAL = ["Overview", "Authentication", "Certificates & secrets", "Token configuration", "API permissions",
          "Expose an API", "App roles", "Owners", "Manifest"]


def _section(root: AttributeNode, label: str) -> AttributeNode:
    return next(s for s in root.children if s.label == label)


def _labels(node: AttributeNode) -> list[str]:
    return [child.label for child in node.children]


def test_the_panel_shows_the_portals_sections_in_its_words() -> None:
    document = app_document("t", 1, 0)
    document["application"]["groupMembershipClaims"] = "SecurityGroup"
    document["application"]["samlMetadataUrl"] = None
    tree = build_tree(document)
    assert [s.label for s in tree.root.children] == PORTAL
    assert all(s.section for s in tree.root.children)
    overview = _section(tree.root, "Overview")
    assert {"Display name", "Application (client) ID", "Object ID", "Supported account types",
            "Internal notes"} <= set(_labels(overview))
    audience = next(n for n in overview.children if n.label == "Supported account types")
    assert audience.value == "Accounts in this organizational directory only (single tenant)"
    assert audience.path == ("application", "signInAudience")  # the diff's path, wherever it shows
    authentication = _section(tree.root, "Authentication")
    web = next(n for n in authentication.children if n.label == "Web")
    assert _labels(web) == ["Redirect URIs"]
    assert set(_labels(_section(tree.root, "Certificates & secrets"))) == {
        "Certificates", "Federated credentials", "Certificate SHA-256"}
    assert _labels(_section(tree.root, "Token configuration")) == ["Groups claim"]
    expose = _section(tree.root, "Expose an API")
    assert set(_labels(expose)) == {"API", "Application ID URI"}
    api = next(n for n in expose.children if n.label == "API")
    assert set(_labels(api)) == {"Scopes defined by this API", "Access token version"}
    assert _labels(_section(tree.root, "Owners")) == ["Owners"]
    # What the portal has no blade for is in the Manifest under its JSON name, as the manifest editor shows it.
    assert _labels(_section(tree.root, "Manifest")) == ["samlMetadataUrl"]
    # No camelCase attribute name outside the Manifest (item labels are the items' own names).
    for section in tree.root.children[:-1]:
        for node in section.walk():
            if node.parent is not None and node.parent.kind != "list":
                assert not re.match(r"^[a-z]+[A-Z]", node.label), node.label


def test_changes_are_red_in_the_section_they_show_in() -> None:
    old, new = app_document("t", 1, 0), app_document("t", 1, 3)
    old["application"]["samlMetadataUrl"] = "https://old.example/saml"
    changes = diff_documents(old, new)
    tree = build_tree(new, changes, has_previous=True)
    assert tree.red_paths == {c.path for c in changes}
    removed = [c for c in changes if c.kind == ChangeKind.REMOVED and c.path == ("application", "samlMetadataUrl")]
    assert removed
    manifest = _section(tree.root, "Manifest")
    ghost = next(n for n in manifest.children if n.path == ("application", "samlMetadataUrl"))
    assert ghost.removed and ghost.label == "samlMetadataUrl"
    notes = next(n for n in _section(tree.root, "Overview").children if n.label == "Internal notes")
    assert notes.is_red


@pytest.fixture
def extended_sections():  # type: ignore[no-untyped-def]
    sections, placements, labels = (list(panel_sections.SECTIONS), dict(panel_sections.PLACEMENTS),
                                    dict(panel_sections.LABELS))
    yield
    panel_sections.SECTIONS[:] = sections
    panel_sections.PLACEMENTS.clear()
    panel_sections.PLACEMENTS.update(placements)
    panel_sections.LABELS.clear()
    panel_sections.LABELS.update(labels)


def test_others_add_sections_through_the_mapping(extended_sections) -> None:  # type: ignore[no-untyped-def]
    panel_sections.add_section("properties", "Properties")
    panel_sections.place(("servicePrincipal",), "properties", "Enterprise application")
    panel_sections.place(("servicePrincipal", "accountEnabled"), "properties", "Enabled for users to sign in?")
    document = app_document("t", 1, 0)
    document["servicePrincipal"] = {"accountEnabled": True, "appRoleAssignmentRequired": False}
    tree = build_tree(document)
    assert [s.label for s in tree.root.children][-2:] == ["Properties", "Manifest"]
    properties = _section(tree.root, "Properties")
    assert set(_labels(properties)) == {"Enabled for users to sign in?", "App role assignment required"}


def test_camel_case_names_in_words() -> None:
    assert words_of("groupMembershipClaims") == "Group membership claims"
    assert words_of("logoutUrl") == "Logout URL"
    assert words_of("@odata.type") == "@odata.type"


def test_api_permissions_by_name_for_graph_and_the_tenants_own_apis() -> None:
    from desktop_app.domain.permission_names import ApiNames, PermissionNames

    own_api = app_document("t", 7, 1)  # publishes Files.Read and Files.Write
    own_app_id = own_api["application"]["appId"]
    read_id = own_api["application"]["api"]["oauth2PermissionScopes"][0]["id"]
    document = app_document("t", 1, 0)
    document["application"]["requiredResourceAccess"] = [
        {"resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [
            {"id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope"},
            {"id": "df021288-bdef-4463-88db-98f22de89214", "type": "Role"}]},
        {"resourceAppId": own_app_id, "resourceAccess": [{"id": read_id, "type": "Scope"}]},
        {"resourceAppId": "6e0f2a1b-0000-4000-8000-00000000abcd", "resourceAccess": [
            {"id": "11111111-2222-3333-4444-555555555555", "type": "Scope"}]},
    ]
    names = PermissionNames(lambda app_id: ApiNames.from_document(own_api) if app_id == own_app_id else None)
    tree = build_tree(document, names=names)
    configured = _section(tree.root, "API permissions").children[0]
    assert configured.label == "Configured permissions"
    graph, own, unknown = configured.children
    assert graph.label == "Microsoft Graph"
    access = next(c for c in graph.children if c.label == "Permissions")
    assert [(p.label, p.value) for p in access.children] == [("User.Read", "Delegated"),
                                                             ("User.Read.All", "Application")]
    assert own.label == own_api["application"]["displayName"]
    own_access = next(c for c in own.children if c.label == "Permissions")
    assert [(p.label, p.value) for p in own_access.children] == [("Files.Read", "Delegated")]
    # An API the tenant does not have: its id, as the portal would show an unknown one.
    assert unknown.label == "6e0f2a1b-0000-4000-8000-00000000abcd"


def test_the_old_value_tooltip_is_words_not_json() -> None:
    old, new = app_document("t", 1, 0), app_document("t", 1, 1)
    changes = diff_documents(old, new)
    tree = build_tree(new, changes, has_previous=True)
    scopes = next(n for n in tree.root.walk() if n.is_red and n.old_value is not None
                  and isinstance(n.old_value, list | dict))
    text = scopes.old_value_text
    assert text and "{" not in text and '"' not in text, text
    from desktop_app.ui.attribute_tree import _short

    assert _short({"displayName": "Adele", "roles": ["a", "b"], "nested": {"isEnabled": True}}) == \
        "Display name: Adele\nRoles: a, b\nNested:\n    Is enabled: true"


def _with_enterprise(document: dict, *, group_assigned: bool = True) -> dict:
    from desktop_app.domain.enterprise import build_enterprise_section

    graph = {"id": "g1", "appId": "00000003-0000-0000-c000-000000000000", "displayName": "Microsoft Graph",
             "appRoles": [{"id": "b633e1c5-b582-4048-a93e-9f11b44c7e96", "value": "Mail.Send"}]}
    sp = {"id": "sp1", "appRoleAssignmentRequired": True, "accountEnabled": True, "tags": ["HideApp"],
          "notes": "Finance only"}
    grants = [{"clientId": "sp1", "consentType": "AllPrincipals", "principalId": None, "resourceId": "g1",
               "scope": "User.Read Mail.Send"}]
    permissions = [{"principalId": "sp1", "resourceId": "g1", "appRoleId": "b633e1c5-b582-4048-a93e-9f11b44c7e96"}]
    assigned = [{"principalId": "u1", "principalType": "User", "principalDisplayName": "Ada",
                 "appRoleId": "00000000-0000-0000-0000-000000000000"}]
    if group_assigned:
        assigned.append({"principalId": "grp1", "principalType": "Group", "principalDisplayName": "Finance",
                         "appRoleId": "00000000-0000-0000-0000-000000000000"})
    users = {"u1": {"userPrincipalName": "ada@contoso.com", "displayName": "Ada"}}
    section = build_enterprise_section(sp, [], grants, permissions, assigned, {"g1": graph}, users)
    return {**document, "servicePrincipal": section}


def test_the_enterprise_application_shows_in_its_own_sections_and_its_changes_are_red() -> None:
    old = _with_enterprise(app_document("t", 1, 0))
    new = _with_enterprise(app_document("t", 1, 0), group_assigned=False)
    tree = build_tree(new, diff_documents(old, new), has_previous=True)
    labels = [s.label for s in tree.root.children]
    assert labels[-4:] == ["Enterprise application", "Permissions granted",
                           "Users and groups assigned", "Manifest"]
    properties = _section(tree.root, "Enterprise application")
    props = next(n for n in properties.children if n.label == "Properties")
    assert {"Assignment required?", "Enabled for users to sign in?", "Notes"} <= set(_labels(props))
    granted = _section(tree.root, "Permissions granted")
    assert set(_labels(granted)) == {"Admin consent (delegated permissions)", "Application permissions granted"}
    consent = next(n for n in granted.children if n.label == "Admin consent (delegated permissions)")
    grant = consent.children[0]
    assert grant.label == "Microsoft Graph"
    assert any(n.label == "Granted for" and n.value.startswith("All users") for n in grant.children)
    # The group unassigned since the previous version: a red "removed" row in Users and groups.
    assigned = _section(tree.root, "Users and groups assigned")
    removed = [n for n in assigned.walk() if n.change is ChangeKind.REMOVED]
    assert [n.path[-1] for n in removed] == ["grp1/00000000-0000-0000-0000-000000000000"]
    assert removed[0].removed and removed[0].label == "Finance"
    assert [n.label for n in assigned.walk() if n.path[-1:] == ("u1/00000000-0000-0000-0000-000000000000",)] \
        == ["ada@contoso.com"]


def test_the_enterprise_items_matching_keys_have_no_rows() -> None:
    # Each grant, permission and assignment carries Regvault's own `key` (what the diff matches items by): the
    # portal has no such field, so the panel shows none, neither as a row nor next to the item's name.
    old = _with_enterprise(app_document("t", 1, 0))
    new = _with_enterprise(app_document("t", 1, 0), group_assigned=False)
    tree = build_tree(new, diff_documents(old, new), has_previous=True)
    sections = [_section(tree.root, label) for label in ("Permissions granted",
                                                          "Users and groups assigned")]
    items = [n for s in sections for n in s.walk() if n.path[-2:-1] and n.path[-2] in (
        "delegatedPermissionGrants", "appRoleAssignments", "appRoleAssignedTo") and not n.removed]
    assert len(items) >= 3
    for item in items:
        assert "Key" not in _labels(item)
        assert item.value != item.path[-1]  # not the key next to the name either
        assert item.count == len(item.children)
    # The red "removed" row still has its name, and the diff still matches by key.
    assert any(n.removed and n.label == "Finance" for s in sections for n in s.walk())
    assert all(n.label != "Key" for s in sections for n in s.walk())


def test_directory_extensions_and_saml_settings_show_in_words() -> None:
    document = _with_enterprise(app_document("t", 1, 0))
    document["servicePrincipal"]["properties"]["samlSingleSignOnSettings"] = {"relayState": "https://saas.example/"}
    document["extensionProperties"] = [{"dataType": "String", "isMultiValued": False, "isSyncedFromOnPremises": False,
                                        "name": "extension_0a1b_costCenter", "targetObjects": ["User"]}]
    tree = build_tree(document)
    token = _section(tree.root, "Token configuration")
    extensions = next(n for n in token.children if n.label == "Directory extensions")
    [definition] = extensions.children
    assert definition.label == "extension_0a1b_costCenter"
    assert {"Data type", "Multi-valued", "Synced from on-premises", "Target object types"} <= set(_labels(definition))
    properties = next(n for n in _section(tree.root, "Enterprise application").children if n.label == "Properties")
    saml = next(n for n in properties.children if n.label == "SAML single sign-on settings")
    assert _labels(saml) == ["Relay state"]
    assert "extensionProperties" not in _labels(_section(tree.root, "Manifest"))


def test_values_in_words_outside_the_manifest() -> None:
    document = app_document("t", 1, 0)
    document["application"]["isFallbackPublicClient"] = True
    document["application"]["samlMetadataUrl"] = None
    tree = build_tree(document)
    authentication = _section(tree.root, "Authentication")
    public = next(n for n in authentication.children if n.label == "Allow public client flows")
    assert public.value == "Yes"
    notes = next(n for n in _section(tree.root, "Overview").children if n.label == "Internal notes")
    assert notes.value == "(none)"
    saml = next(n for n in _section(tree.root, "Manifest").children if n.label == "samlMetadataUrl")
    assert saml.value == "null"  # the manifest is JSON


def test_unnamed_items_of_a_list_are_counted_from_one_outside_the_manifest() -> None:
    tree = build_tree({"application": {"tags": ["x", "y"], "displayName": "A"}})
    labels = {node.label: node.value for node in tree.root.walk()}
    assert labels["#1"] == "x" and labels["#2"] == "y" and "[0]" not in labels  # not Python's index


def test_an_enterprise_applications_certificate_bytes_are_named_as_the_apps() -> None:
    from desktop_app.ui.path_words import path_words

    assert path_words(("servicePrincipal", "keyCredentialKeys", "6f1c")) == \
        "Enterprise application › Certificate SHA-256 › 6f1c"
