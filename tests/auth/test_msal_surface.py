"""The fake stands in for msal; these checks keep the two honest about the methods and arguments used."""

from __future__ import annotations

import inspect
import threading
from pathlib import Path

import msal
from fake_identity_platform import FakeIdentityPlatform

from desktop_app.auth.sign_in import READ_SCOPES, PublicClient, SignIn
from desktop_app.auth.token_cache import TokenCacheStore


def test_msal_public_client_application_has_what_sign_in_calls() -> None:
    for name in ("get_accounts", "acquire_token_silent_with_error", "acquire_token_interactive",
                 "initiate_device_flow", "acquire_token_by_device_flow", "remove_account"):
        assert callable(getattr(msal.PublicClientApplication, name)), name
        assert hasattr(PublicClient, name)
    interactive = inspect.signature(msal.PublicClientApplication.acquire_token_interactive).parameters
    assert {"prompt", "login_hint", "parent_window_handle", "timeout"} <= set(interactive)
    constructor = inspect.signature(msal.PublicClientApplication.__init__).parameters
    assert {"enable_broker_on_windows", "enable_broker_on_mac"} <= set(constructor)
    base_constructor = inspect.signature(msal.ClientApplication.__init__).parameters  # the rest goes through **kwargs
    assert {"token_cache", "authority"} <= set(base_constructor)
    assert hasattr(msal.PublicClientApplication, "CONSOLE_WINDOW_HANDLE")
    # Device code cancellation relies on msal passing exit_condition through to its polling loop.
    from msal.oauth2cli.oauth2 import Client

    assert "exit_condition" in inspect.signature(Client.obtain_token_by_device_flow).parameters


def test_parallel_graph_requests_share_one_refresh(tmp_path: Path) -> None:
    tenant = "11111111-1111-4111-8111-111111111111"
    platform = FakeIdentityPlatform("client")
    platform.add_tenant(tenant, "contoso.onmicrosoft.com")
    platform.add_user("admin@contoso.onmicrosoft.com", "aaaaaaaa-0000-4000-8000-000000000001", tenant)
    platform.consent(tenant, READ_SCOPES)
    platform.browser_user = "admin@contoso.onmicrosoft.com"
    session = SignIn(TokenCacheStore(tmp_path), client_factory=platform).session(tenant)
    session.sign_in_interactive()
    platform.advance(2 * 3600)  # the access token expired: the next callers need a refresh
    platform.calls.clear()

    tokens: list[str] = []
    start = threading.Barrier(8)

    def graph_worker() -> None:
        start.wait()
        tokens.append(session.access_token(write=False))

    workers = [threading.Thread(target=graph_worker) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(set(tokens)) == 1 and len(tokens) == 8
    assert [c["grant"] for c in platform.calls].count("refresh_token") == 1
