"""The exports on hand-made documents: the enterprise application (service principal) in Terraform and in the
passport, HCL strings that would otherwise be templates, and no secret anywhere."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Any

import hcl2
from hcl_text import unquote

from desktop_app.domain.export.graph_body import graph_export
from desktop_app.domain.export.passport import SECTIONS, PassportApp, passport_html
from desktop_app.domain.export.terraform import TerraformApp, resource_label, terraform_export

BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
APP_ID = "11111111-2222-3333-4444-555555555555"


def document(**extra: Any) -> dict[str, Any]:
    return {
        "application": {
            "appId": APP_ID, "id": "obj-1", "displayName": 'Payroll "API" ${var.x} %{if}', "signInAudience": "AzureADMyOrg",
            "identifierUris": [f"api://{APP_ID}", "https://contoso.com/payroll"], "notes": "line one\nline two",
            "passwordCredentials": [{"keyId": "p1", "displayName": "prod", "hint": "abc", "secretText": None,
                                     "endDateTime": "2027-01-01T00:00:00Z"}],
            "keyCredentials": [], "api": {"oauth2PermissionScopes": [], "preAuthorizedApplications": []},
        },
        "owners": [], "federatedIdentityCredentials": [], "keyCredentialKeys": {}, "logo": None, **extra,
    }


ENTERPRISE = {
    "id": "sp-1",
    "properties": {"accountEnabled": True, "appRoleAssignmentRequired": True, "tags": ["WindowsAzureActiveDirectoryIntegratedApp"],
                   "notes": "ops"},
    "owners": [{"id": "u1", "@odata.type": "#microsoft.graph.user", "userPrincipalName": "ada@contoso.com"}],
    "delegatedPermissionGrants": [], "appRoleAssignments": [], "appRoleAssignedTo": [],
}




def test_terraform_writes_the_service_principal_and_keeps_template_sequences_literal() -> None:
    text = terraform_export([TerraformApp(document(servicePrincipal=ENTERPRISE))])
    resources: dict[str, dict[str, Any]] = {}
    for entry in unquote(hcl2.loads(text)["resource"]):
        for kind, named in entry.items():
            resources.setdefault(kind, {}).update(named)
    (app,) = resources["azuread_application"].values()
    assert "$${var.x}" in app["display_name"] and "%%{if}" in app["display_name"]  # escaped, not interpolated
    (sp,) = resources["azuread_service_principal"].values()
    assert sp["app_role_assignment_required"] is True and sp["account_enabled"] is True
    assert sp["owners"] == ["u1"] and sp["use_existing"] is True
    assert "azuread_application." in sp["client_id"]
    assert "abc" in text and "secretText" not in text  # the hint as a comment, never a secret


def test_no_service_principal_no_resource_and_labels_are_unique() -> None:
    text = terraform_export([TerraformApp(document(servicePrincipal=None)), TerraformApp(document())])
    assert "azuread_service_principal" not in text
    taken: set[str] = set()
    assert [resource_label("Payroll API", taken) for _ in range(3)] == ["payroll_api", "payroll_api_2",
                                                                         "payroll_api_3"]
    assert resource_label("1st app", taken) == "app_1st_app"


def test_graph_body_leaves_out_what_a_create_cannot_carry() -> None:
    exported = graph_export(document())
    assert exported.body["identifierUris"] == ["https://contoso.com/payroll"]
    assert exported.after_create.identifier_uris == ("api://{appId}",)
    assert "passwordCredentials" not in exported.body and "appId" not in exported.body
    assert [s["hint"] for s in exported.after_create.secrets] == ["abc"]


def test_the_passport_names_every_section_and_shows_the_enterprise_application() -> None:
    page = passport_html([PassportApp(document(servicePrincipal=ENTERPRISE), "Contoso (t1)", "snapshot 3")],
                         title="Payroll", generated=datetime(2026, 11, 20, tzinfo=UTC))
    for section in SECTIONS:
        assert f"<h2>{section}</h2>" in page
    assert "appRoleAssignmentRequired" in page and "ada@contoso.com" in page
    assert "&quot;API&quot;" in page and "<script" not in page
    empty = passport_html([PassportApp(document(), "Contoso (t1)", "snapshot 3")], title="x",
                          generated=datetime(2026, 11, 20, tzinfo=UTC))
    assert "holds no enterprise application" in empty


def test_the_passport_carries_no_control_character_nor_bidi_override_into_the_page() -> None:
    """Issue 29 item 13: tenant-controlled names, notes and owners are shown escaped, not as raw controls."""
    hostile = "Pay\u202eroll\x1b[2J\x07\x00\x85\u2066"
    enterprise = {**ENTERPRISE, "owners": [{"id": "u1", "@odata.type": "#microsoft.graph.user",
                                            "userPrincipalName": f"ada{hostile}@contoso.com"}]}
    doc = document(servicePrincipal=enterprise)
    doc["application"] = {**doc["application"], "displayName": hostile, "notes": f"one\n{hostile}"}
    page = passport_html([PassportApp(doc, f"Contoso {hostile}", "snapshot 3")], title=hostile,
                         generated=datetime(2026, 11, 20, tzinfo=UTC))
    raw = {c for c in page if (unicodedata.category(c) == "Cc" and c not in "\n\t") or c in BIDI}
    assert raw == set()
    assert "Pay\\u202eroll\\x1b[2J" in page


def test_the_passport_settings_are_grouped_under_the_portals_headings_in_words() -> None:
    doc = document()
    doc["application"]["web"] = {"redirectUris": ["https://contoso.com/signin"],
                                 "implicitGrantSettings": {"enableIdTokenIssuance": True}}
    page = passport_html([PassportApp(doc, "Contoso (t1)", "snapshot 3")], title="x",
                         generated=datetime(2026, 12, 1, tzinfo=UTC))
    settings = page[page.index("<h2>Settings</h2>"):page.index("<h2>Owners</h2>")]
    assert "<h3>Authentication</h3>" in settings and "<h3>Expose an API</h3>" in settings
    assert "Web › Redirect URIs" in settings and "Web › Implicit grant settings › Enable ID token issuance" in settings
    assert "web.redirectUris" not in settings and "identifierUris" not in settings  # not Graph's paths
    assert settings.index("<h3>Branding &amp; properties</h3>") < settings.index("<h3>Authentication</h3>")
