"""Issue 17: sign-in that works for the first real user. One test (or more) per numbered case; where msal's own
behaviour is the point, the real msal runs against a fake of Entra's endpoints (real_msal_entra)."""

from __future__ import annotations

import functools
import sys
import time
import tomllib
import webbrowser
from pathlib import Path
from typing import Any

import msal
import pytest
from fake_identity_platform import FakeIdentityPlatform
from packaging.requirements import Requirement
from real_msal_entra import FakeBrowser, FakeEntraHttp

from desktop_app.auth import msal_client
from desktop_app.auth.errors import (
    AdminConsentRequired,
    InteractionReason,
    InteractionRequired,
    SignInCancelled,
    SignInFailed,
    SignInUnreachable,
    error_from_result,
)
from desktop_app.auth.msal_client import msal_public_client
from desktop_app.auth.sign_in import GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID, READ_SCOPES, SignIn, SignInSettings
from desktop_app.auth.token_cache import TokenCacheStore
from desktop_app.domain.cancel import CancelToken

TENANT = "11111111-1111-4111-8111-111111111111"
ADMIN = "admin@contoso.example"
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


@pytest.fixture
def platform() -> FakeIdentityPlatform:
    idp = FakeIdentityPlatform(GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID)
    idp.add_tenant(TENANT, "contoso.example")
    idp.add_user(ADMIN, "aaaaaaaa-0000-4000-8000-000000000001", TENANT)
    idp.consent(TENANT, READ_SCOPES)
    idp.browser_user = ADMIN
    return idp


def sign_in(tmp_path: Path, factory: Any, **settings: Any) -> SignIn:
    return SignIn(TokenCacheStore(tmp_path), SignInSettings(**settings), client_factory=factory)


# --- 1. the broker requested, pymsalruntime missing -------------------------------------------------------------

def test_broker_requested_without_pymsalruntime_gives_a_working_browser_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        import pymsalruntime  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("pymsalruntime is installed here")
    http = FakeEntraHttp({TENANT})
    browser = FakeBrowser(http)
    monkeypatch.setattr(webbrowser, "open", browser.open)
    monkeypatch.setattr(sys, "platform", "win32")  # msal decides on the broker from sys.platform
    with pytest.raises(ImportError):  # what msal does on its own, which crashed every sign-in
        msal.PublicClientApplication("client", authority=f"https://login.microsoftonline.com/{TENANT}",
                                     enable_broker_on_windows=True, http_client=http)

    session = sign_in(tmp_path, functools.partial(msal_public_client, http_client=http), use_broker=True,
                      interactive_timeout=30).session(TENANT)
    account = session.sign_in_interactive()

    assert (account.tenant_id, account.username) == (TENANT, ADMIN)
    assert browser.opened and browser.opened[0].startswith(f"https://login.microsoftonline.com/{TENANT}/")
    assert session.access_token(write=False) == "eyJ0eXAiOiJKV1QifQ.REALMSALACCESS.sig"


# --- 2. the msal versions allowed ---------------------------------------------------------------------------------

def _msal_requirements() -> list[Requirement]:
    deps = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    return [r for r in map(Requirement, deps) if r.name == "msal"]


@pytest.mark.parametrize("os_name", ["win32", "darwin", "linux"])
def test_no_msal_without_enable_broker_on_mac_and_the_broker_where_it_exists(os_name: str) -> None:
    active = [r for r in _msal_requirements() if r.marker is None or r.marker.evaluate({"sys_platform": os_name})]
    assert len(active) == 1
    [requirement] = active
    assert not requirement.specifier.contains("1.30.0") and requirement.specifier.contains("1.31.0")
    assert not requirement.specifier.contains("2.0.0")
    assert ("broker" in requirement.extras) is (os_name in ("win32", "darwin"))
    assert "enable_broker_on_mac" in msal.PublicClientApplication.__init__.__code__.co_varnames


# --- 3. signing out of the partner tenant keeps the GDAP customers --------------------------------------------------

CUSTOMER = "22222222-2222-4222-8222-222222222222"


def test_signing_out_of_the_partner_keeps_customers_reached_with_its_refresh_token(
    tmp_path: Path, platform: FakeIdentityPlatform
) -> None:
    platform.add_tenant(CUSTOMER, "customer.example")
    platform.access[CUSTOMER].add(ADMIN)
    platform.consent(CUSTOMER, READ_SCOPES)
    signin = sign_in(tmp_path, platform)
    partner = signin.session(TENANT).sign_in_interactive()
    customer = signin.session(CUSTOMER, home_account_id=partner.home_account_id)
    customer.access_token(write=False)
    assert not list(signin.cache.cache.search("Account", query={"realm": CUSTOMER}))  # as msal: no record

    signin.session(TENANT).sign_out(still_used={partner.home_account_id})  # Regvault's record: customer uses it

    platform.advance(2 * 3600)  # access tokens gone: the refresh token has to be there still
    assert customer.access_token(write=False)
    with pytest.raises(InteractionRequired):
        signin.session(TENANT).access_token(write=False)


# --- 4. an abandoned browser sign-in: Cancel, and a timeout that is a sentence ------------------------------------

def test_cancel_stops_waiting_for_an_abandoned_browser_sign_in_at_once(
    tmp_path: Path, platform: FakeIdentityPlatform
) -> None:
    platform.user_abandons_browser = True
    cancel = CancelToken()
    session = sign_in(tmp_path, platform, interactive_timeout=300).session(TENANT)
    started = time.monotonic()
    import threading

    threading.Timer(0.3, cancel.cancel).start()
    with pytest.raises(SignInCancelled):
        session.sign_in_interactive(cancel=cancel)
    assert time.monotonic() - started < 60  # not the 300 s the sign-in would wait
    call = platform.clients[0].interactive_calls[0]
    assert isinstance(call["port"], int) and call["port"] > 0  # an explicit port: msal's listener is known


def test_an_abandoned_browser_sign_in_times_out_with_a_sentence(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    platform.user_abandons_browser = True
    session = sign_in(tmp_path, platform, interactive_timeout=0.3).session(TENANT)
    with pytest.raises(SignInFailed) as raised:
        session.sign_in_interactive()
    assert raised.value.code == "timeout" and "was not finished within" in str(raised.value)


def test_default_browser_timeout_is_shorter_than_msals_ten_minutes() -> None:
    assert SignInSettings().interactive_timeout <= 300


def test_cancel_with_the_real_msal_listener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    http = FakeEntraHttp({TENANT})
    browser = FakeBrowser(http, abandon=True)
    monkeypatch.setattr(webbrowser, "open", browser.open)
    cancel = CancelToken()
    session = sign_in(tmp_path, functools.partial(msal_public_client, http_client=http), use_broker=False,
                      interactive_timeout=300).session(TENANT)
    import threading

    threading.Timer(1.5, cancel.cancel).start()
    started = time.monotonic()
    with pytest.raises(SignInCancelled):
        session.sign_in_interactive(cancel=cancel)
    assert time.monotonic() - started < 60  # not the 300 s the listener would wait
    assert "redirect_uri=http%3A%2F%2Flocalhost%3A" in browser.opened[0]


# --- 5. admin approval required ----------------------------------------------------------------------------------

@pytest.mark.parametrize("code", [65004, 90094, 65001])
def test_admin_approval_required_is_said_with_who_and_where(code: int) -> None:
    result = {"error": "access_denied", "error_description": f"AADSTS{code}: The grant requires admin permission."}
    url = "https://login.microsoftonline.com/t/v2.0/adminconsent?client_id=c"
    error = error_from_result(result, "contoso.example", write=False, interactive=True, consent_url=url)
    assert isinstance(error, AdminConsentRequired)
    assert error.consent_url == url and url in str(error)
    assert "Application Administrator" in str(error) and "cancel" not in str(error).lower()


def test_a_declined_consent_in_the_browser_names_the_admin_consent_page(
    tmp_path: Path, platform: FakeIdentityPlatform
) -> None:
    platform.user_consents = False
    session = sign_in(tmp_path, platform).session(TENANT)
    with pytest.raises(AdminConsentRequired) as raised:
        session.sign_in_interactive(write=True)
    url = raised.value.consent_url
    assert url.startswith(f"https://login.microsoftonline.com/{TENANT}/v2.0/adminconsent?")
    assert f"client_id={GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID}" in url and "Application.ReadWrite.All" in url


# --- 7. no network calls to build a client or show status; discovery failures in words ---------------------------

def test_unknown_tenant_and_offline_are_sentences_not_tracebacks(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    with pytest.raises(SignInFailed) as raised:
        sign_in(tmp_path, platform).session("contosso.example").sign_in_interactive()
    assert "knows no tenant 'contosso.example'" in str(raised.value)

    platform.offline = True
    with pytest.raises(SignInUnreachable) as offline:
        sign_in(tmp_path, platform).session(TENANT).sign_in_interactive()
    assert "Can't reach login.microsoftonline.com" in str(offline.value)


def test_unknown_tenant_with_the_real_msal(tmp_path: Path) -> None:
    http = FakeEntraHttp({TENANT})
    session = sign_in(tmp_path, functools.partial(msal_public_client, http_client=http),
                      use_broker=False).session("contosso.example")
    with pytest.raises(SignInFailed) as raised:
        session.sign_in_interactive()
    assert "knows no tenant" in str(raised.value)


def test_refreshing_offline_says_so(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    session = sign_in(tmp_path, platform).session(TENANT)
    session.sign_in_interactive()
    platform.advance(2 * 3600)
    platform.offline = True
    with pytest.raises(SignInUnreachable):
        session.access_token(write=False)


def test_account_and_status_need_no_network(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    sign_in(tmp_path, platform).session(TENANT).sign_in_interactive()
    platform.discoveries.clear()
    platform.offline = True
    restarted = sign_in(tmp_path, platform)
    assert restarted.session(TENANT).account is not None
    assert restarted.session("fabrikam.example").account is None
    assert platform.discoveries == []


# --- 8. device code expiry, Conditional Access claims, blocked by policy --------------------------------------------

def test_conditional_access_claims_are_passed_to_the_next_sign_in(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    session = sign_in(tmp_path, platform).session(TENANT)
    session.sign_in_interactive()
    platform.advance(2 * 3600)
    platform.mfa_required.add(TENANT)
    with pytest.raises(InteractionRequired) as raised:
        session.access_token(write=False)
    assert raised.value.reason is InteractionReason.INTERACTION_REQUIRED and raised.value.claims

    session.sign_in_interactive()

    assert platform.clients[0].interactive_calls[-1]["claims_challenge"] == raised.value.claims
    assert session.access_token(write=False)


def test_blocked_by_conditional_access_is_not_sign_in_again(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    session = sign_in(tmp_path, platform).session(TENANT)
    session.sign_in_interactive()
    platform.advance(2 * 3600)
    platform.blocked_by_policy.add(TENANT)
    with pytest.raises(SignInFailed) as silent:
        session.access_token(write=False)
    assert "Conditional Access" in str(silent.value) and "AADSTS53003" in str(silent.value)
    with pytest.raises(SignInFailed) as interactive:
        session.sign_in_interactive()
    assert "Signing in again won't help" in str(interactive.value)


# --- 9. broker: default per OS, a missing broker redirect, customers where WAM fails ------------------------------

def test_broker_is_on_by_default_on_windows_only() -> None:
    assert msal_client.BROKER_DEFAULT is (sys.platform == "win32")
    assert SignInSettings().use_broker is msal_client.BROKER_DEFAULT


def test_missing_broker_redirect_falls_back_to_the_browser(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    platform.broker_redirect_missing = True
    session = sign_in(tmp_path, platform, use_broker=True).session(TENANT)
    account = session.sign_in_interactive()
    assert account.username == ADMIN
    assert [c.enable_broker for c in platform.clients] == [True, False]


def test_a_customer_where_the_broker_fails_is_reached_through_the_browser(
    tmp_path: Path, platform: FakeIdentityPlatform
) -> None:
    platform.broker_fails_for.add(TENANT)
    session = sign_in(tmp_path, platform, use_broker=True).session(TENANT)
    assert session.sign_in_interactive().username == ADMIN
    assert [c.enable_broker for c in platform.clients] == [True, False]
