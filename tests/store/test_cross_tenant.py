"""Credentials and search across tenants (store/cross_tenant.py, app_index.py), on both engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from credential_docs import THUMB, certificate, document, observed, secret, user
from older_schemas import as_schema_4
from store_testkit import T0, snapshot_write, tenant_info

from desktop_app.store import Store, StoreError
from desktop_app.store.location import DatabaseLocation

CONTOSO = "11111111-1111-1111-1111-111111111111"
FABRIKAM = "22222222-2222-2222-2222-222222222222"
GRAPH = "00000003-0000-0000-c000-000000000000"
MAIL_READWRITE_ROLE = "e2a3a72e-5f79-4c64-b1b1-878b674786c9"


NOW = T0 + timedelta(days=1)


@pytest.fixture
def two_tenants(database: DatabaseLocation) -> Any:
    store = Store.open(database)
    store.add_tenant(tenant_info(CONTOSO, "Contoso", "contoso.example"))
    store.add_tenant(tenant_info(FABRIKAM, "Fabrikam", "fabrikam.example"))
    yield store
    store.close()


def _payroll() -> dict[str, Any]:
    return document(
        "o-pay", "Payroll", app_id="5d2c1f2e-0000-4000-8000-00000000000a",
        secrets=[secret("s-soon", "prod secret", NOW + timedelta(days=5))],
        certificates=[certificate("c-later", "CN=payroll", NOW + timedelta(days=200))],
        owners=[user("u-adele", "Adele Vance", "adele@contoso.example")],
        web={"redirectUris": ["https://payroll.contoso.example/signin-oidc"]},
        identifierUris=["api://payroll.contoso.example"],
        requiredResourceAccess=[{"resourceAppId": GRAPH,
                                 "resourceAccess": [{"id": MAIL_READWRITE_ROLE, "type": "Role"}]}],
        sp={"id": "sp-pay", "properties": {"displayName": "Payroll"},
            "owners": [user("u-megan", "Megan Bowen", "megan@contoso.example")],
            "passwordCredentials": [secret("sp-s", "sp secret", NOW - timedelta(days=3))],
            "keyCredentials": [], "delegatedPermissionGrants": [
                {"key": "k", "resourceAppId": GRAPH, "consentType": "AllPrincipals", "principal": None,
                 "scopes": ["Files.Read.All", "User.Read"]}],
            "appRoleAssignments": [{"key": "r", "resourceAppId": GRAPH, "appRoleId": "x",
                                    "appRoleValue": "Sites.Read.All"}],
            "appRoleAssignedTo": []},
    )


def _fill(store: Store) -> None:
    store.write_snapshot(CONTOSO, snapshot_write([observed(_payroll()), observed(document("o-hr", "HR Portal"))]))
    store.write_snapshot(FABRIKAM, snapshot_write([observed(document(
        "o-ledger", "Ledger", app_id="9f00aa00-0000-4000-8000-00000000000b",
        secrets=[secret("l-1", "ledger", NOW + timedelta(days=20)), {"keyId": "l-2", "displayName": "no end"}],
        owners=[user("u-j", "Jürgen Groß", "juergen@fabrikam.example")],
        spa={"redirectUris": ["https://ledger.fabrikam.example/"]},
    ))]))


def test_every_credential_of_apps_and_service_principals_with_owners(two_tenants: Store) -> None:
    _fill(two_tenants)
    found = two_tenants.credentials.list()
    assert [(c.tenant_name, c.app_name, c.holder, c.kind, c.key_id) for c in found] == [
        ("Contoso", "Payroll", "servicePrincipal", "secret", "sp-s"),  # soonest end first, expired ones too
        ("Contoso", "Payroll", "application", "secret", "s-soon"),
        ("Fabrikam", "Ledger", "application", "secret", "l-1"),
        ("Contoso", "Payroll", "application", "certificate", "c-later"),
        ("Fabrikam", "Ledger", "application", "secret", "l-2"),  # no end: last
    ]
    cert = found[3]
    assert cert.thumbprint == THUMB.hex().upper() and cert.display_name == "CN=payroll"
    assert cert.end == NOW + timedelta(days=200) and cert.start == datetime(2026, 1, 1, tzinfo=UTC)
    assert [o.label for o in cert.owners] == ["Adele Vance <adele@contoso.example>",
                                             "Megan Bowen <megan@contoso.example>"]
    assert found[1].hint == "abc" and found[1].app_id == "5d2c1f2e-0000-4000-8000-00000000000a"


def test_a_window_of_end_dates_one_tenant_or_all(two_tenants: Store) -> None:
    _fill(two_tenants)
    soon = two_tenants.credentials.list(ends_after=NOW, ends_before=NOW + timedelta(days=30))
    assert [c.key_id for c in soon] == ["s-soon", "l-1"]
    expired = two_tenants.credentials.list(ends_before=NOW)
    assert [c.key_id for c in expired] == ["sp-s"]
    assert [c.key_id for c in two_tenants.credentials.list(FABRIKAM)] == ["l-1", "l-2"]


def test_a_new_version_replaces_the_rows_and_deleted_apps_or_archived_tenants_drop_out(two_tenants: Store) -> None:
    _fill(two_tenants)
    renewed = _payroll()
    renewed["application"]["passwordCredentials"] = [secret("s-new", "renewed", NOW + timedelta(days=700))]
    two_tenants.write_snapshot(CONTOSO, snapshot_write([observed(renewed), observed(document("o-hr", "HR Portal"))],
                                                       day=1))
    assert "s-soon" not in {c.key_id for c in two_tenants.credentials.list()}
    assert "s-new" in {c.key_id for c in two_tenants.credentials.list()}
    two_tenants.write_snapshot(CONTOSO, snapshot_write([observed(document("o-hr", "HR Portal"))], day=2))
    assert {c.app_name for c in two_tenants.credentials.list()} == {"Ledger"}
    # Search still finds the deleted app, and says so.
    hit = two_tenants.search.find("payroll").hits[0]
    assert (hit.display_name, hit.status) == ("Payroll", "purged")
    two_tenants.remove_tenant(FABRIKAM, delete_backups=False)
    assert two_tenants.credentials.list() == []
    assert two_tenants.search.find("ledger").total == 0


@pytest.mark.parametrize(("text", "kind", "shown"), [
    ("PAYROLL", "name", "Payroll"),
    ("5d2c1f2e-0000-4000-8000-00000000000a", "appId", "5d2c1f2e-0000-4000-8000-00000000000a"),
    ("o-pay", "objectId", "o-pay"),
    ("sp-pay", "servicePrincipalId", "sp-pay"),
    ("payroll.contoso.example/signin", "redirectUri", "https://payroll.contoso.example/signin-oidc"),
    ("api://payroll", "identifierUri", "api://payroll.contoso.example"),
    ("mail.readwrite", "permission", "Mail.ReadWrite"),
    ("Files.Read.All", "grantedPermission", "Files.Read.All"),
    ("sites.read", "grantedPermission", "Sites.Read.All"),
    ("megan@", "owner", "Megan Bowen <megan@contoso.example>"),
    (THUMB.hex()[:12], "thumbprint", THUMB.hex().upper()),
])
def test_search_finds_an_app_by_each_kind_of_entry(two_tenants: Store, text: str, kind: str, shown: str) -> None:
    _fill(two_tenants)
    result = two_tenants.search.find(text)
    assert [h.display_name for h in result.hits] == ["Payroll"]
    assert (kind, shown) in [(m.kind, m.text) for m in result.hits[0].matches]
    assert result.hits[0].tenant_name == "Contoso" and result.hits[0].status == "active"


def test_search_spans_tenants_folds_case_beyond_ascii_and_puts_exact_matches_first(two_tenants: Store) -> None:
    _fill(two_tenants)
    assert [h.display_name for h in two_tenants.search.find("JÜRGEN").hits] == ["Ledger"]
    spanning = two_tenants.search.find(".example")
    assert [(h.tenant_name, h.display_name) for h in spanning.hits] == [("Contoso", "Payroll"), ("Fabrikam", "Ledger")]
    assert [h.display_name for h in two_tenants.search.find(".example", FABRIKAM).hits] == ["Ledger"]
    two_tenants.write_snapshot(FABRIKAM, snapshot_write([observed(document("o-ledger", "Ledger")),
                                                         observed(document("o-2", "o-pay report"))], day=1))
    exact = two_tenants.search.find("o-pay")
    assert [h.display_name for h in exact.hits] == ["Payroll", "o-pay report"]  # the whole object id first
    assert (exact.total, len(two_tenants.search.find("o-pay", limit=1).hits)) == (2, 1)
    assert two_tenants.search.find("   ").total == 0


def test_odd_documents_give_no_rows_rather_than_a_failed_snapshot(two_tenants: Store) -> None:
    odd = document("o-odd", "Odd\nname", secrets=[{"keyId": None, "endDateTime": "not a time"}, "junk"],
                   certificates=[{"customKeyIdentifier": "a custom id", "endDateTime": "0001-01-01T00:00:00+01:00"}])
    odd["owners"] = "nobody"
    odd["servicePrincipal"] = None
    two_tenants.write_snapshot(CONTOSO, snapshot_write([observed(odd)]))
    found = two_tenants.credentials.list()
    assert [(c.kind, c.key_id, c.end, c.thumbprint) for c in found] == [
        ("secret", "", None, None), ("certificate", "", None, "a custom id")]
    assert [m.text for m in two_tenants.search.find("odd name").hits[0].matches] == ["Odd name"]


def test_a_closed_store_refuses_the_queries(two_tenants: Store) -> None:
    two_tenants.close()
    with pytest.raises(StoreError, match="closed"):
        two_tenants.credentials.list()


def _tables(store: Store) -> dict[str, Any]:
    """Columns and indexes of this issue's tables, as the engine describes them."""
    tables = ("app_search", "app_credential", "alert", "alert_delivery")
    db = store._db
    return {t: (sorted((c.name, c.data_type.lower(), c.null) for c in db.get_columns(t)),
                sorted((i.name, tuple(i.columns), i.unique) for i in db.get_indexes(t)),
                sorted((f.column, f.dest_table) for f in db.get_foreign_keys(t))) for t in tables}


def test_a_schema_4_store_gets_the_tables_and_rows_for_what_it_holds(database: DatabaseLocation) -> None:
    with Store.open(database) as store:
        store.add_tenant(tenant_info(CONTOSO, "Contoso", "contoso.example"))
        store.add_tenant(tenant_info(FABRIKAM, "Fabrikam", "fabrikam.example"))
        fresh = _tables(store)
        _fill(store)
        older = _payroll()
        older["application"]["displayName"] = "Payroll (old)"
        store.write_snapshot(CONTOSO, snapshot_write([observed(older)], day=1))  # its newest version counts
        as_schema_4(store)
    with Store.open(database) as store:
        assert _tables(store) == fresh
        assert {c.key_id for c in store.credentials.list()} == {"sp-s", "s-soon", "l-1", "c-later", "l-2"}
        assert [(h.display_name, h.status) for h in store.search.find("megan").hits] == [("Payroll (old)", "active")]
        assert store.search.find("HR Portal").hits[0].status == "purged"
