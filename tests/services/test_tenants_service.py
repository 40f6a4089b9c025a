"""TenantService on a fake identity platform and the emulator: add after sign-in, resellers' customers, rename,
remove, restore target, sign-out, app-only identities, preferences, and no keyring."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from signin_world import PARTNER_USER, SignInWorld, signin_world

from desktop_app import app as app_module
from desktop_app.app import AppPaths, Services, build_services, open_credentials
from desktop_app.auth.app_only import AppOnlyCredentials
from desktop_app.auth.errors import InteractionReason, InteractionRequired, SignInFailed
from desktop_app.auth.sign_in import GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID, PARTNER_SCOPES, DeviceCodePrompt
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import (
    ConnectionKind,
    SignInPreferences,
    load_preferences,
    save_preferences,
)
from desktop_app.store import Store


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[SignInWorld]:
    with signin_world() as built:
        monkeypatch.setattr(app_module, "WIRING", built.wiring())
        yield built


@pytest.fixture
def services(world: SignInWorld, tmp_path: Path) -> Iterator[Services]:
    paths = AppPaths(tmp_path / "data").ensure()
    store = Store.open(paths.database)
    try:
        yield build_services(paths, store, max_retries=2)
    finally:
        store.close()


def test_add_tenant_by_domain_signs_in_and_reads_the_organization(world: SignInWorld, services: Services) -> None:
    tenant = services.tenants.add_tenant(world.domain("contoso"), parent_window_handle=4242)
    emulated = next(t for t in world.emulator.tenants if t["name"] == "contoso")
    assert tenant.tenant_id == world.tenant_id("contoso")
    assert tenant.display_name == emulated["displayName"]
    assert tenant.default_domain == emulated["defaultDomain"]
    assert set(tenant.domains) == {d for d in emulated["domains"] if "pending" not in d}  # verified only
    assert tenant.kind == "entra" and tenant.client_id == GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID
    interactive = [c for client in world.platform.clients for c in client.interactive_calls]
    assert len(interactive) == 1 and interactive[0]["parent_window_handle"] == 4242
    assert "https://graph.microsoft.com/Application.ReadWrite.All" not in interactive[0]["scopes"]  # least privilege
    status = services.tenants.status(tenant.tenant_id)
    assert status.connection is ConnectionKind.SIGNED_IN and status.account == PARTNER_USER
    assert services.credentials.token_cache.path.exists()  # remembered (encrypted) for the next start


def test_add_tenant_with_a_device_code(world: SignInWorld, services: Services) -> None:
    shown: list[DeviceCodePrompt] = []
    tenant = services.tenants.add_tenant(world.tenant_id("contoso"), device_code=shown.append)
    assert [p.user_code for p in shown] == ["FAKE-CODE"] and "devicelogin" in shown[0].message
    assert tenant.tenant_id == world.tenant_id("contoso")
    assert not any(client.interactive_calls for client in world.platform.clients)
    assert [c["grant"] for c in world.platform.calls][:1] == ["device_code"]


def test_backup_of_a_signed_in_tenant_uses_the_read_token(world: SignInWorld, services: Services) -> None:
    tenant = services.tenants.add_tenant(world.tenant_id("contoso"))
    summary = BackupService(services.store, services.connector).run(tenant.tenant_id)
    assert summary.apps == 12
    # Reads only: every token the client sent was a read token (no write scope was ever asked for).
    assert {world.transport.emulator_token(t) for t in set(world.transport.seen_tokens)} == {
        f"emulator.{tenant.tenant_id}.scp.Application.Read.All+User.Read"}


def test_gdap_customers_need_consent_then_list_and_add(world: SignInWorld, services: Services) -> None:
    partner = services.tenants.add_tenant(world.tenant_id("contoso"))
    with pytest.raises(InteractionRequired) as raised:
        services.tenants.list_customers(partner.tenant_id)
    assert raised.value.reason is InteractionReason.CONSENT_REQUIRED

    services.tenants.sign_in(partner.tenant_id, extra_scopes=PARTNER_SCOPES)
    customers = services.tenants.list_customers(partner.tenant_id)
    assert [(c.tenant_id, c.added) for c in customers] == sorted(
        [(world.tenant_id("fabrikam"), False), (world.tenant_id("northwind"), False)],
        key=lambda pair: next(t["displayName"] for t in world.emulator.tenants if t["id"] == pair[0]).casefold())

    world.give_partner_access("fabrikam")
    interactive_before = sum(len(c.interactive_calls) for c in world.platform.clients)
    results = services.tenants.add_customers(partner.tenant_id, [world.domain("fabrikam"), world.tenant_id("northwind")])
    by_request = {r.requested: r for r in results}
    fabrikam = by_request[world.domain("fabrikam")]
    assert fabrikam.tenant is not None and fabrikam.tenant.tenant_id == world.tenant_id("fabrikam")
    northwind = by_request[world.tenant_id("northwind")]
    assert northwind.tenant is None and northwind.error  # no GDAP access there: reported, the others added
    # Reached silently with the partner's sign-in: no browser for the customer.
    assert sum(len(c.interactive_calls) for c in world.platform.clients) == interactive_before
    assert services.tenants.partner_of(world.tenant_id("fabrikam")) == partner.tenant_id
    assert services.tenants.status(world.tenant_id("fabrikam")).account == PARTNER_USER
    listed = {c.tenant_id: c.added for c in services.tenants.list_customers(partner.tenant_id)}
    assert listed[world.tenant_id("fabrikam")] is True

    # A fresh process (new SignIn on the saved cache) still reaches the customer with the partner's account.
    services.reload_sign_in_settings()
    assert BackupService(services.store, services.connector).run(world.tenant_id("fabrikam")).apps == 6


def test_customers_of_an_emulator_partner(world: SignInWorld, services: Services) -> None:
    partner = services.tenants.add_emulator_tenant(world.emulator.base_url, world.tenant_id("contoso"))
    customers = services.tenants.list_customers(partner.tenant_id)
    assert {c.tenant_id for c in customers} == {world.tenant_id("fabrikam"), world.tenant_id("northwind")}
    results = services.tenants.add_customers(partner.tenant_id, [world.tenant_id("northwind"), "fabrikam.example"])
    assert results[0].tenant is not None and results[0].tenant.kind == "emulator"
    assert results[1].tenant is None and "tenant ID" in (results[1].error or "")


def test_rename_target_refresh_and_remove(world: SignInWorld, services: Services) -> None:
    tenants = services.tenants
    contoso = tenants.add_tenant(world.tenant_id("contoso"))
    assert tenants.rename(contoso.tenant_id, "  Contoso production ").display_name == "Contoso production"
    with pytest.raises(ValueError):
        tenants.rename(contoso.tenant_id, "   ")
    assert tenants.set_restore_target("Contoso production", True).is_restore_target
    refreshed = tenants.refresh(contoso.tenant_id)
    assert refreshed.display_name == "Contoso production" and refreshed.is_restore_target  # kept
    assert not tenants.set_restore_target(contoso.tenant_id, False).is_restore_target

    BackupService(services.store, services.connector).run(contoso.tenant_id)
    tenants.remove(contoso.tenant_id, delete_backups=False)
    assert services.store.list_tenants() == []
    kept = services.store.get_tenant(contoso.tenant_id, include_archived=True)
    assert services.store.snapshots(kept.tenant_id)  # backups kept
    assert tenants.status(contoso.tenant_id).connection is ConnectionKind.NOT_SIGNED_IN  # signed out

    again = tenants.add_tenant(world.tenant_id("contoso"))
    tenants.remove(again.tenant_id, delete_backups=True)
    assert services.store.find_tenant(again.tenant_id, include_archived=True) is None


def test_sign_out_forgets_the_tenant_only(world: SignInWorld, services: Services) -> None:
    partner = services.tenants.add_tenant(world.tenant_id("contoso"))
    world.give_partner_access("fabrikam")
    services.tenants.add_customers(partner.tenant_id, [world.tenant_id("fabrikam")])
    assert services.tenants.sign_out(world.tenant_id("fabrikam")) is True
    assert services.tenants.status(world.tenant_id("fabrikam")).connection is ConnectionKind.NOT_SIGNED_IN
    assert services.tenants.status(partner.tenant_id).connection is ConnectionKind.SIGNED_IN
    with pytest.raises(InteractionRequired):
        BackupService(services.store, services.connector).run(world.tenant_id("fabrikam"))
    assert services.tenants.sign_out(world.tenant_id("fabrikam")) is False


def test_cancel_ends_a_browser_sign_in_the_user_walked_away_from(world: SignInWorld, services: Services) -> None:
    import threading
    import time

    from desktop_app.auth.errors import SignInCancelled
    from desktop_app.domain.cancel import CancelToken

    world.platform.user_abandons_browser = True
    cancel = CancelToken()
    threading.Timer(0.2, cancel.cancel).start()
    started = time.monotonic()
    with pytest.raises(SignInCancelled):
        services.tenants.add_tenant(world.tenant_id("contoso"), cancel=cancel)
    # Not the browser's whole timeout: the Graph worker is free again; closing the window doesn't wait.
    assert time.monotonic() - started < 60
    assert services.store.list_tenants() == []


def test_signing_out_of_the_partner_keeps_its_gdap_customers(world: SignInWorld, services: Services) -> None:
    partner = services.tenants.add_tenant(world.tenant_id("contoso"))
    world.give_partner_access("fabrikam")
    services.tenants.add_customers(partner.tenant_id, [world.tenant_id("fabrikam")])

    assert services.tenants.sign_out(partner.tenant_id) is True

    assert services.tenants.status(partner.tenant_id).connection is ConnectionKind.NOT_SIGNED_IN
    customer = services.tenants.status(world.tenant_id("fabrikam"))
    assert customer.connection is ConnectionKind.SIGNED_IN and customer.account == world.partner.username
    world.platform.advance(2 * 3600)  # the customer's access token expired: its refresh token is still there
    BackupService(services.store, services.connector).run(world.tenant_id("fabrikam"))
    assert services.tenants.sign_out(world.tenant_id("fabrikam")) is True  # the last one: the refresh token goes
    assert not list(services.sign_in.cache.cache.search("RefreshToken"))


def test_app_only_identity_is_verified_kept_in_the_keyring_and_preferred(
    world: SignInWorld, services: Services, memory_keyring: object
) -> None:
    tenant = services.tenants.add_tenant(world.tenant_id("contoso"))
    with pytest.raises(SignInFailed):
        services.tenants.configure_app_only(tenant.tenant_id, AppOnlyCredentials("11111111-2222-4333-8444-555555555555",
                                                                                 client_secret="wrong"))
    assert services.tenants.status(tenant.tenant_id).connection is ConnectionKind.SIGNED_IN
    good = AppOnlyCredentials("11111111-2222-4333-8444-555555555555", client_secret=world.app_only_secret)
    services.tenants.configure_app_only(tenant.tenant_id, good)
    status = services.tenants.status(tenant.tenant_id)
    assert status.connection is ConnectionKind.APP_ONLY and status.account == good.client_id
    assert any(world.app_only_secret in v for v in memory_keyring.entries.values())  # type: ignore[attr-defined]
    services.tenants.sign_out(tenant.tenant_id)
    summary = BackupService(services.store, services.connector).run(tenant.tenant_id)  # unattended: no user
    assert summary.apps == 12
    assert world.app_only_secret.encode() not in services.store.path.read_bytes()
    services.tenants.remove_app_only(tenant.tenant_id)
    assert services.tenants.status(tenant.tenant_id).connection is ConnectionKind.NOT_SIGNED_IN


def test_preferences_round_trip_and_reload(world: SignInWorld, services: Services) -> None:
    assert load_preferences(services.store) == SignInPreferences()
    assert SignInPreferences().uses_default_client
    own = SignInPreferences("AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE", prefer_device_code=True, use_broker=False)
    save_preferences(services.store, own)
    loaded = load_preferences(services.store)
    assert loaded.client_id == own.client_id.lower() and loaded.prefer_device_code and not loaded.use_broker
    with pytest.raises(ValueError):
        save_preferences(services.store, SignInPreferences("not-a-guid"))
    services.reload_sign_in_settings()
    assert services.sign_in.settings.client_id == own.client_id.lower()
    assert services.sign_in.settings.use_broker is False


def test_without_a_keyring_everything_runs_for_this_session(world: SignInWorld, tmp_path: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # the autouse fixture puts the memory keyring back
    paths = AppPaths(tmp_path / "nokeyring").ensure()
    credentials = open_credentials(paths)
    assert credentials.session_only and credentials.app_only is None
    assert credentials.keyring_problem and "session only" in credentials.keyring_problem
    with Store.open(paths.database) as store:
        services = build_services(paths, store, credentials)
        emulated = services.tenants.add_emulator_tenant(world.emulator.base_url, world.tenant_id("northwind"))
        assert BackupService(store, services.connector).run(emulated.tenant_id).apps == 4
        # A real tenant: signing in within this session works; nothing is written to disk.
        tenant = services.tenants.add_tenant(world.tenant_id("contoso"))
        assert BackupService(store, services.connector).run(tenant.tenant_id).apps == 12
        with pytest.raises(Exception, match="keyring"):
            services.tenants.configure_app_only(tenant.tenant_id, AppOnlyCredentials("c", client_secret="s"))
    assert not credentials.token_cache.path.exists()
