"""How the app wires auth: extra scopes for the partner's customer list, and the credentials it opens (encrypted
cache with the key in the keyring; a session-only stand-in, saying why, when no keyring works)."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
from fake_identity_platform import FakeIdentityPlatform
from memory_keyring import MemoryKeyring

from desktop_app.app import AppPaths, open_credentials
from desktop_app.auth.sign_in import PARTNER_SCOPES, READ_SCOPES, SignIn
from desktop_app.auth.token_cache import KEY_ACCOUNT

TENANT = "11111111-1111-4111-8111-111111111111"


def platform() -> FakeIdentityPlatform:
    world = FakeIdentityPlatform(client_id="client")
    world.add_tenant(TENANT, "contoso.com")
    world.add_user("admin@contoso.com", "aaaaaaaa-0000-4000-8000-000000000001", TENANT)
    world.browser_user = "admin@contoso.com"
    return world


def test_extra_scopes_are_asked_for_interactively_and_with_a_code(tmp_path: Path) -> None:
    world = platform()
    sign_in = SignIn(open_credentials(AppPaths(tmp_path).ensure()).token_cache, client_factory=world)
    session = sign_in.session(TENANT)
    session.sign_in_interactive(extra_scopes=PARTNER_SCOPES)
    [call] = world.clients[0].interactive_calls
    assert call["scopes"] == [*READ_SCOPES, *PARTNER_SCOPES]
    assert session.token_for(PARTNER_SCOPES)  # consented: silent from now on
    session.sign_in_with_device_code(lambda _p: None, extra_scopes=PARTNER_SCOPES + READ_SCOPES[:1])
    assert world.calls[-1]["scopes"] == [*READ_SCOPES, *PARTNER_SCOPES]  # no duplicates


def test_credentials_keep_the_cache_key_in_the_keyring(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    credentials = open_credentials(AppPaths(tmp_path).ensure())
    assert credentials.keyring_problem is None and not credentials.session_only
    assert credentials.app_only is not None
    assert ("Regvault", KEY_ACCOUNT) in memory_keyring.entries


def test_no_keyring_gives_a_session_only_cache_and_says_why(tmp_path: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    credentials = open_credentials(AppPaths(tmp_path).ensure())
    assert credentials.session_only and credentials.app_only is None
    assert credentials.keyring_problem is not None and "continue for this session only" in credentials.keyring_problem
    world = platform()
    sign_in = SignIn(credentials.token_cache, client_factory=world)
    sign_in.session("contoso.com").sign_in_interactive()
    assert sign_in.session(TENANT).access_token(write=False)  # works in this session
    assert not credentials.token_cache.path.exists()  # and nothing was written


def test_session_only_on_request(tmp_path: Path) -> None:
    credentials = open_credentials(AppPaths(tmp_path).ensure(), session_only=True)
    assert credentials.session_only and credentials.keyring_problem
