"""The restore wizard asks for the enterprise application's permissions only when the plan writes consent or
assignments: the preview says which are missing, Restore waits, and its "Sign in to grant…" button runs the sign-in
that asks for them, then previews again. The tokens come from a sign-in stand-in that refuses what was never
consented; the emulator refuses what a token's scopes don't allow, as Graph does."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from test_restore_wizard import Backed, backed, next_enabled, open_wizard, run_restore, to_preview  # noqa: F401

from desktop_app.auth.errors import InteractionReason, InteractionRequired
from desktop_app.domain.restore_plan import RestoreMode
from desktop_app.emulator.permissions import token_suffix
from desktop_app.graph.tokens import TokenProvider
from desktop_app.services.backup import BackupService
from desktop_app.services.permissions import PermissionsNeeded
from desktop_app.services.restore import RestoreRequest, RestoreService
from desktop_app.services.tenants import GraphConnector
from desktop_app.store import TenantInfo


@dataclass
class Consent:
    """What the tenant consented to for Regvault's sign-in (beyond reading and writing app registrations)."""

    granted: set[str] = field(default_factory=lambda: {"Directory.Read.All"})
    asked: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (tenant id, permissions) signed in for


class SignedInTokens:
    """A sign-in's tokens (like auth.sign_in.TenantSession): exactly the scopes asked for, refused when one was
    never consented (incremental consent needs a sign-in then)."""

    def __init__(self, consent: Consent, tenant_id: str, extra: tuple[str, ...] = ()) -> None:
        self.consent = consent
        self.tenant_id = tenant_id
        self.extra = extra

    def access_token(self, *, write: bool) -> str:
        names = ["Application.Read.All", "User.Read", *(["Application.ReadWrite.All"] if write else []), *self.extra]
        return f"emulator.{self.tenant_id}.{token_suffix(names)}"

    def with_permissions(self, permissions: Any) -> TokenProvider:
        if set(permissions) - self.consent.granted:
            raise InteractionRequired(InteractionReason.CONSENT_REQUIRED, self.tenant_id, "AADSTS65001",
                                      permissions=tuple(permissions))
        return SignedInTokens(self.consent, self.tenant_id, (*self.extra, *permissions))


@dataclass
class SignedInConnector(GraphConnector):
    consent: Consent = field(default_factory=Consent)

    def tokens_for(self, tenant: TenantInfo) -> TokenProvider:
        return SignedInTokens(self.consent, tenant.tenant_id)


def _at_preview(qtbot: Any, backed: Backed, pk: int, connector: SignedInConnector) -> tuple[Any, Any, Consent]:  # noqa: F811
    """The wizard for app `pk` at its preview, restoring through `connector`; its "Sign in to grant" grants what
    it is asked for (the admin approved in the browser) and says what it was asked in `consent.asked`."""
    engine = RestoreService(backed.store, connector, reader=BackupService(backed.store, connector).reader, operator="t")
    consent = connector.consent

    def grant_permissions(tenant: TenantInfo, permissions: Any, then: Any) -> None:
        consent.asked.append((tenant.tenant_id, tuple(permissions)))
        consent.granted.update(permissions)
        then()

    setup = backed.setup([pk], grant_permissions=grant_permissions)
    setup.engine = engine
    wizard = open_wizard(qtbot, setup)
    wizard.next()
    to_preview(qtbot, wizard)
    return wizard, wizard.preview_page, consent


def test_the_preview_names_the_missing_permissions_and_its_sign_in_grants_them(  # type: ignore[no-untyped-def]
        qtbot, backed: Backed) -> None:  # noqa: F811
    portal = backed.portal.http
    grant = portal.get("/oauth2PermissionGrants", params={"$filter": "consentType eq 'AllPrincipals'"}).json()["value"][0]
    sp = portal.get(f"/servicePrincipals/{grant['clientId']}").json()
    app = portal.get(f"/applications(appId='{sp['appId']}')").json()
    pk = backed.pk(backed.contoso, app["displayName"])
    for path in (f"/applications/{app['id']}", f"/directory/deletedItems/{app['id']}",
                 f"/directory/deletedItems/{sp['id']}"):
        assert portal.delete(path).status_code == 204  # deleted for good, with its enterprise application
    connector = SignedInConnector(timeout=20, max_retries=6, sleep=lambda _s: None)
    wizard, page, consent = _at_preview(qtbot, backed, pk, connector)
    assert page.permissions_label.isVisible() and page.grant_button.isVisible()
    assert "DelegatedPermissionGrant.ReadWrite.All" in page.permissions_label.text()
    assert not next_enabled(wizard)  # Restore waits for the permissions
    missing = wizard.state.preview.permissions_missing
    assert "DelegatedPermissionGrant.ReadWrite.All" in missing

    with qtbot.waitSignal(page.preview_finished, timeout=30_000):
        page.grant_button.click()
    assert consent.asked == [(backed.contoso.tenant_id, missing)]
    assert wizard.state.preview.permissions_missing == ()
    assert not page.permissions_label.isVisible() and not page.grant_button.isVisible()
    assert next_enabled(wizard)
    report = run_restore(qtbot, wizard)
    assert [i.result for i in report.items] in (["verified"], ["warnings"])
    [back] = portal.get("/applications", params={"$filter": f"displayName eq '{app['displayName']}'"}).json()["value"]
    new_sp = portal.get(f"/servicePrincipals(appId='{back['appId']}')").json()
    grants = portal.get("/oauth2PermissionGrants", params={"$filter": f"clientId eq '{new_sp['id']}'"}).json()["value"]
    assert ("AllPrincipals", set(grant["scope"].split())) in [(g["consentType"], set(g["scope"].split()))
                                                             for g in grants]


def test_a_restore_without_the_permissions_writes_nothing(backed: Backed) -> None:  # noqa: F811
    """The service refuses before its first write (even when the preview was made before consent was revoked)."""
    portal = backed.portal.http
    grant = portal.get("/oauth2PermissionGrants", params={"$filter": "consentType eq 'AllPrincipals'"}).json()["value"][0]
    sp = portal.get(f"/servicePrincipals/{grant['clientId']}").json()
    app = portal.get(f"/applications(appId='{sp['appId']}')").json()
    pk = backed.pk(backed.contoso, app["displayName"])
    assert portal.delete(f"/oauth2PermissionGrants/{grant['id']}").status_code == 204  # an admin removed consent
    connector = SignedInConnector(timeout=20, max_retries=6, sleep=lambda _s: None)
    connector.consent.granted |= {"DelegatedPermissionGrant.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"}
    engine = RestoreService(backed.store, connector, reader=BackupService(backed.store, connector).reader, operator="t")
    snapshot = backed.store.snapshots(backed.contoso.tenant_id)[0]
    preview = engine.preview(RestoreRequest(backed.contoso.tenant_id, snapshot.id, (pk,), RestoreMode.WITH_OBJECT))
    assert preview.permissions_missing == ()
    connector.consent.granted = {"Directory.Read.All"}  # consent revoked since the preview
    writes = backed.emulator.counters()["tenants"][backed.contoso.tenant_id]["writes"]
    runs = len(backed.store.restore_runs())
    with pytest.raises(PermissionsNeeded) as refused:
        engine.run(preview)
    assert "DelegatedPermissionGrant.ReadWrite.All" in refused.value.permissions
    assert "Nothing was changed" in str(refused.value)
    assert backed.emulator.counters()["tenants"][backed.contoso.tenant_id]["writes"] == writes
    assert len(backed.store.restore_runs()) == runs  # no audit row for a run that never started
    assert portal.get("/oauth2PermissionGrants", params={"$filter": f"clientId eq '{sp['id']}'"}).json()["value"] \
        == []  # consent is still removed


def test_a_restore_that_must_find_owners_offers_the_sign_in_for_directory_read(  # type: ignore[no-untyped-def]
        qtbot, backed: Backed) -> None:  # noqa: F811
    """Graph reads users and directory objects only with a read permission for them: the owners of an app deleted
    for good are not looked up without Directory.Read.All; the preview says what it is for and offers the sign-in."""
    portal = backed.portal.http
    apps = portal.get("/applications", params={"$expand": "owners", "$top": "999"}).json()["value"]
    app = next(a for a in apps if any(o.get("userPrincipalName") for o in a.get("owners") or []))
    owners = sorted(o["id"] for o in app["owners"])
    pk = backed.pk(backed.contoso, app["displayName"])
    for path in (f"/applications/{app['id']}", f"/directory/deletedItems/{app['id']}"):
        assert portal.delete(path).status_code == 204
    connector = SignedInConnector(timeout=20, max_retries=6, sleep=lambda _s: None,
                                  consent=Consent(granted={"DelegatedPermissionGrant.ReadWrite.All",
                                                           "AppRoleAssignment.ReadWrite.All"}))
    wizard, page, consent = _at_preview(qtbot, backed, pk, connector)
    assert page.permissions_label.isVisible() and page.grant_button.isVisible()
    text = page.permissions_label.text()
    assert "Directory.Read.All (to find the owners, users and groups" in text and "Nothing is written" in text
    assert not next_enabled(wizard)
    writes = backed.emulator.counters()["tenants"][backed.contoso.tenant_id]["writes"]

    with qtbot.waitSignal(page.preview_finished, timeout=30_000):
        page.grant_button.click()
    assert consent.asked == [(backed.contoso.tenant_id, ("Directory.Read.All",))]
    assert backed.emulator.counters()["tenants"][backed.contoso.tenant_id]["writes"] == writes  # nothing yet
    assert wizard.state.preview.permissions_missing == () and next_enabled(wizard)
    report = run_restore(qtbot, wizard)
    assert [i.result for i in report.items] in (["verified"], ["warnings"])
    [back] = portal.get("/applications", params={"$filter": f"displayName eq '{app['displayName']}'"}).json()["value"]
    assert sorted(o["id"] for o in portal.get(f"/applications/{back['id']}/owners").json()["value"]) == owners
