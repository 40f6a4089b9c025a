"""Delegated sign-in against a fake identity platform (no network, real msal token cache)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fake_identity_platform import FakeIdentityPlatform

from desktop_app.auth.errors import (
    AdminConsentRequired,
    InteractionReason,
    InteractionRequired,
    SignInCancelled,
    SignInFailed,
)
from desktop_app.auth.sign_in import (
    GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID,
    READ_SCOPES,
    WRITE_SCOPES,
    DeviceCodePrompt,
    SignIn,
    SignInSettings,
)
from desktop_app.auth.token_cache import TokenCacheStore
from desktop_app.domain.cancel import CancelToken

PARTNER = "11111111-1111-4111-8111-111111111111"
CONTOSO = "22222222-2222-4222-8222-222222222222"
FABRIKAM = "33333333-3333-4333-8333-333333333333"
ADMIN = "admin@partner.onmicrosoft.com"
WINDOW = object()  # what the UI passes as the main window's handle


@pytest.fixture
def platform() -> FakeIdentityPlatform:
    idp = FakeIdentityPlatform(GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID)
    idp.add_tenant(PARTNER, "partner.onmicrosoft.com")
    idp.add_tenant(CONTOSO, "contoso.onmicrosoft.com")
    idp.add_tenant(FABRIKAM, "fabrikam.onmicrosoft.com")
    idp.add_user(ADMIN, "aaaaaaaa-0000-4000-8000-000000000001", PARTNER)
    # GDAP: the partner's technician reaches both customers; the read scopes are consented there.
    for customer in (CONTOSO, FABRIKAM):
        idp.access[customer].add(ADMIN)
        idp.consent(customer, READ_SCOPES)
    idp.browser_user = ADMIN
    return idp


def make_sign_in(tmp_path: Path, platform: FakeIdentityPlatform, **settings: object) -> SignIn:
    return SignIn(TokenCacheStore(tmp_path), SignInSettings(**settings), client_factory=platform)  # type: ignore[arg-type]


def grants(platform: FakeIdentityPlatform) -> list[tuple[str, str]]:
    return [(c["grant"], c["tenant"]) for c in platform.calls]


def test_first_sign_in_asks_for_read_scopes_only_then_tokens_come_silently(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    session = make_sign_in(tmp_path, platform).session(PARTNER)
    with pytest.raises(InteractionRequired) as raised:
        session.access_token(write=False)
    assert raised.value.reason is InteractionReason.NOT_SIGNED_IN

    account = session.sign_in_interactive(parent_window_handle=WINDOW)

    assert (account.tenant_id, account.username) == (PARTNER, ADMIN)
    assert account.home_account_id == f"aaaaaaaa-0000-4000-8000-000000000001.{PARTNER}"
    call = platform.clients[0].interactive_calls[0]
    assert call["scopes"] == list(READ_SCOPES)  # no write scope at sign-in: least privilege
    assert call["prompt"] == "select_account"
    assert call["parent_window_handle"] is WINDOW
    assert platform.clients[0].authority == f"https://login.microsoftonline.com/{PARTNER}"
    assert platform.clients[0].client_id == GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID
    assert platform.clients[0].enable_broker is (sys.platform == "win32")  # on for Windows only by default

    token = session.access_token(write=False)
    assert token.startswith("eyJ")
    assert grants(platform)[-1] == ("cache", PARTNER)
    assert session.account == account


def test_a_domain_resolves_to_the_tenant_id_at_sign_in(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    session = make_sign_in(tmp_path, platform).session("contoso.onmicrosoft.com")
    assert session.tenant_id is None
    account = session.sign_in_interactive()
    assert session.tenant_id == CONTOSO == account.tenant_id
    assert session.access_token(write=False)


def test_second_tenant_silently_from_the_partner_account(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    sign_in = make_sign_in(tmp_path, platform)
    partner = sign_in.session(PARTNER).sign_in_interactive()

    customer = sign_in.session(CONTOSO, home_account_id=partner.home_account_id)
    token = customer.access_token(write=False)

    assert token
    assert grants(platform)[-1] == ("refresh_token", CONTOSO)  # the partner's refresh token, no browser
    assert all(not c.interactive_calls for c in platform.clients[1:])
    # msal keeps no account record for a tenant reached with a refresh token: a restarted app reaches the customer
    # with the account Regvault remembered for it (TenantService's record), not from msal's records.
    assert {(a.tenant_id, a.username) for a in sign_in.accounts()} == {(PARTNER, ADMIN)}
    with pytest.raises(InteractionRequired):
        make_sign_in(tmp_path, platform).session(CONTOSO).access_token(write=False)
    again = make_sign_in(tmp_path, platform).session(CONTOSO, home_account_id=partner.home_account_id)
    assert again.access_token(write=False) == token
    assert again.account is not None and (again.account.tenant_id, again.account.username) == (CONTOSO, ADMIN)


def test_a_tenant_the_account_cannot_reach_asks_the_user(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    platform.add_tenant("44444444-4444-4444-8444-444444444444", "other.onmicrosoft.com")
    sign_in = make_sign_in(tmp_path, platform)
    partner = sign_in.session(PARTNER).sign_in_interactive()
    other = sign_in.session("44444444-4444-4444-8444-444444444444", home_account_id=partner.home_account_id)
    with pytest.raises(InteractionRequired) as raised:
        other.access_token(write=False)
    assert raised.value.reason is InteractionReason.INTERACTION_REQUIRED


def test_restore_scopes_need_consent_until_the_user_grants_it(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    sign_in = make_sign_in(tmp_path, platform)
    partner = sign_in.session(PARTNER).sign_in_interactive()
    customer = sign_in.session(CONTOSO, home_account_id=partner.home_account_id)
    assert customer.access_token(write=False)

    with pytest.raises(InteractionRequired) as raised:
        customer.access_token(write=True)
    assert raised.value.reason is InteractionReason.CONSENT_REQUIRED
    assert raised.value.write is True
    assert customer.access_token(write=False)  # backups keep working meanwhile

    customer.sign_in_interactive(write=True, parent_window_handle=WINDOW)
    call = platform.clients[-1].interactive_calls[-1]
    assert set(WRITE_SCOPES) <= set(call["scopes"])
    assert call["login_hint"] == ADMIN  # the user is not asked to pick their account again

    assert customer.access_token(write=True)
    assert grants(platform)[-1] == ("cache", CONTOSO)


def test_declining_consent_fails_without_looping(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    session = make_sign_in(tmp_path, platform).session(PARTNER)
    session.sign_in_interactive()
    platform.user_consents = False
    with pytest.raises(AdminConsentRequired):  # not "cancelled": the dialog says who can approve, and where
        session.sign_in_interactive(write=True)
    with pytest.raises(InteractionRequired):
        session.access_token(write=True)


def test_expired_refresh_token_asks_the_user_again(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    sign_in = make_sign_in(tmp_path, platform)
    session = sign_in.session(PARTNER)
    session.sign_in_interactive()
    platform.advance(2 * 3600)  # access tokens expired
    platform.revoke_all_refresh_tokens()

    with pytest.raises(InteractionRequired) as raised:
        session.access_token(write=False)
    assert raised.value.reason is InteractionReason.SIGN_IN_EXPIRED
    assert "FAKEREFRESH" not in str(raised.value)

    platform.browser_user = None  # the browser signs in as the login_hint
    session.sign_in_interactive()
    assert platform.clients[0].interactive_calls[-1]["login_hint"] == ADMIN
    assert session.access_token(write=False)


def test_cancelled_browser_sign_in(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    platform.user_cancels = True
    session = make_sign_in(tmp_path, platform).session(PARTNER)
    with pytest.raises(SignInCancelled):
        session.sign_in_interactive()
    with pytest.raises(InteractionRequired):
        session.access_token(write=False)


def test_device_code_flow_shows_the_code_and_signs_in(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    shown: list[DeviceCodePrompt] = []
    session = make_sign_in(tmp_path, platform).session(PARTNER)
    account = session.sign_in_with_device_code(shown.append)
    assert shown[0].user_code == "FAKE-CODE"
    assert "devicelogin" in shown[0].message
    assert account.username == ADMIN
    assert session.access_token(write=False)


def test_device_code_flow_can_be_cancelled(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    platform.device_code_approved = False
    cancel = CancelToken()
    session = make_sign_in(tmp_path, platform).session(PARTNER)

    def user_clicks_cancel(prompt: DeviceCodePrompt) -> None:
        cancel.cancel()

    with pytest.raises(SignInCancelled):
        session.sign_in_with_device_code(user_clicks_cancel, cancel=cancel)


def test_device_code_expiry_is_a_failure(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    platform.device_code_approved = False
    platform.device_code_lifetime = 0.2  # nobody enters the code
    session = make_sign_in(tmp_path, platform).session(PARTNER)
    with pytest.raises(SignInFailed) as raised:
        session.sign_in_with_device_code(lambda prompt: None)
    # msal's poll hands back its last "authorization_pending" when the code runs out: not what the user reads.
    assert raised.value.code == "expired_token"
    assert "expired" in str(raised.value) and "authorization_pending" not in str(raised.value)


def test_sign_out_of_one_customer_keeps_the_others(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    sign_in = make_sign_in(tmp_path, platform)
    partner_session = sign_in.session(PARTNER)
    partner = partner_session.sign_in_interactive()
    contoso = sign_in.session(CONTOSO, home_account_id=partner.home_account_id)
    fabrikam = sign_in.session(FABRIKAM, home_account_id=partner.home_account_id)
    contoso.access_token(write=False)
    fabrikam.access_token(write=False)

    contoso.sign_out(still_used={partner.home_account_id})  # the partner tenant and fabrikam use the account

    with pytest.raises(InteractionRequired) as raised:
        contoso.access_token(write=False)
    assert raised.value.reason is InteractionReason.NOT_SIGNED_IN
    assert fabrikam.access_token(write=False)
    assert partner_session.access_token(write=False)
    cache = sign_in.cache.cache
    assert not list(cache.search("AccessToken", query={"realm": CONTOSO}))
    assert not list(cache.search("IdToken", query={"realm": CONTOSO}))
    # Persisted: a restarted app does not see the customer as signed in either.
    with pytest.raises(InteractionRequired):
        make_sign_in(tmp_path, platform).session(CONTOSO).access_token(write=False)


def test_signing_out_of_the_last_tenant_removes_the_refresh_token(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    sign_in = make_sign_in(tmp_path, platform)
    session = sign_in.session(PARTNER)
    session.sign_in_interactive()
    session.sign_out()
    cache = sign_in.cache.cache
    assert not list(cache.search("RefreshToken"))
    assert not list(cache.search("Account"))
    assert "FAKEREFRESH" not in cache.serialize()
    with pytest.raises(InteractionRequired):
        session.access_token(write=False)


def test_sign_out_everywhere(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    sign_in = make_sign_in(tmp_path, platform)
    partner = sign_in.session(PARTNER).sign_in_interactive()
    contoso = sign_in.session(CONTOSO, home_account_id=partner.home_account_id)
    contoso.access_token(write=False)
    contoso.sign_out(everywhere=True)
    assert sign_in.accounts() == []
    with pytest.raises(InteractionRequired):
        sign_in.session(PARTNER).access_token(write=False)


def test_client_id_and_broker_are_settings(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    own_client = "55555555-5555-4555-8555-555555555555"
    session = make_sign_in(tmp_path, platform, client_id=own_client, use_broker=False).session(PARTNER)
    session.sign_in_interactive()
    assert platform.clients[0].client_id == own_client
    assert platform.clients[0].enable_broker is False


def test_one_application_per_tenant(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    sign_in = make_sign_in(tmp_path, platform)
    assert sign_in.session(CONTOSO) is sign_in.session(CONTOSO.upper())
    assert platform.clients == []  # built on first use: building one asks the network (OpenID discovery)
    for tenant in (CONTOSO, FABRIKAM, CONTOSO):
        sign_in.session(tenant).sign_in_interactive()
    assert [c.tenant_id for c in platform.clients] == [CONTOSO, FABRIKAM]
    assert len({id(c.token_cache) for c in platform.clients}) == 1  # one shared cache
