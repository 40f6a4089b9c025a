"""The token cache file: encrypted with a key from the keyring, atomic, owner-only; no keyring, no file."""

from __future__ import annotations

import stat
import sys
import threading
import time
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.errors
import pytest
from cryptography.fernet import Fernet, InvalidToken
from fake_identity_platform import FakeIdentityPlatform
from keyring.backend import KeyringBackend
from keyrings.alt.file import PlaintextKeyring
from memory_keyring import MemoryKeyring

from desktop_app.auth.errors import KeyringUnavailable
from desktop_app.auth.secrets import SERVICE, KeyringSecrets
from desktop_app.auth.sign_in import READ_SCOPES, SignIn
from desktop_app.auth.token_cache import CACHE_FILE_NAME, KEY_ACCOUNT, TokenCacheStore

TENANT = "11111111-1111-4111-8111-111111111111"
ADMIN = "admin@contoso.onmicrosoft.com"


@pytest.fixture
def platform() -> FakeIdentityPlatform:
    idp = FakeIdentityPlatform("client")
    idp.add_tenant(TENANT, "contoso.onmicrosoft.com")
    idp.add_user(ADMIN, "aaaaaaaa-0000-4000-8000-000000000001", TENANT)
    idp.consent(TENANT, READ_SCOPES)
    idp.browser_user = ADMIN
    return idp


def signed_in(tmp_path: Path, platform: FakeIdentityPlatform, *, session_only: bool = False) -> tuple[TokenCacheStore, str]:
    store = TokenCacheStore(tmp_path, session_only=session_only)
    session = SignIn(store, client_factory=platform).session(TENANT)
    session.sign_in_interactive()
    return store, session.access_token(write=False)


def secrets_in(store: TokenCacheStore) -> list[str]:
    return [entry["secret"] for kind in ("AccessToken", "RefreshToken", "IdToken") for entry in store.cache.search(kind)]


def test_cache_is_saved_encrypted_and_reloaded(tmp_path: Path, platform: FakeIdentityPlatform, memory_keyring: MemoryKeyring) -> None:
    store, token = signed_in(tmp_path, platform)
    secrets = secrets_in(store)
    assert len(secrets) == 3

    data = (tmp_path / CACHE_FILE_NAME).read_bytes()
    for fragment in [*secrets, "FAKEREFRESH", "FAKEACCESS", ADMIN, TENANT, "refresh_token", "RefreshToken"]:
        assert fragment.encode() not in data
    key = memory_keyring.entries[(SERVICE, KEY_ACCOUNT)]
    assert Fernet(key.encode()).decrypt(data)  # the keyring's key opens it ...
    with pytest.raises(InvalidToken):
        Fernet(Fernet.generate_key()).decrypt(data)  # ... and no other key does

    platform.calls.clear()
    reloaded = TokenCacheStore(tmp_path)
    assert SignIn(reloaded, client_factory=platform).session(TENANT).access_token(write=False) == token
    assert [c["grant"] for c in platform.calls] == ["cache"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_file_is_private_and_written_atomically(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    signed_in(tmp_path, platform)
    mode = stat.S_IMODE((tmp_path / CACHE_FILE_NAME).stat().st_mode)
    assert mode == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [CACHE_FILE_NAME]  # no temp file left behind


def test_an_unchanged_cache_is_not_rewritten(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    store, _ = signed_in(tmp_path, platform)
    before = (tmp_path / CACHE_FILE_NAME).stat().st_mtime_ns
    assert store.save() is False
    SignIn(store, client_factory=platform).session(TENANT).access_token(write=False)  # served from cache
    assert (tmp_path / CACHE_FILE_NAME).stat().st_mtime_ns == before


def test_key_is_created_once_in_the_keyring(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    assert (SERVICE, KEY_ACCOUNT) not in memory_keyring.entries
    TokenCacheStore(tmp_path)
    key = memory_keyring.entries[(SERVICE, KEY_ACCOUNT)]
    TokenCacheStore(tmp_path)
    assert memory_keyring.entries[(SERVICE, KEY_ACCOUNT)] == key
    assert len(key) < 2560  # Windows Credential Manager's limit per secret


def test_a_replaced_key_discards_the_file_instead_of_failing(
    tmp_path: Path, platform: FakeIdentityPlatform, memory_keyring: MemoryKeyring
) -> None:
    signed_in(tmp_path, platform)
    memory_keyring.entries[(SERVICE, KEY_ACCOUNT)] = Fernet.generate_key().decode()
    store = TokenCacheStore(tmp_path)
    assert store.discarded_unreadable_file is True
    assert list(store.cache.search("Account")) == []


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the login keychain is locked")


class ReadOnlyKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("access denied")


class ForgetfulKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        pass


@pytest.mark.parametrize(
    "backend",
    [
        keyring.backends.fail.Keyring(),
        LockedKeyring(),
        ReadOnlyKeyring(),
        ForgetfulKeyring(),
        PlaintextKeyring(),  # keyrings.alt: a plaintext file is not a keyring
    ],
    ids=["fail", "locked", "read-only", "forgetful", "plaintext"],
)
def test_no_usable_keyring_raises_keyring_unavailable_and_writes_nothing(tmp_path: Path, backend: KeyringBackend) -> None:
    keyring.set_keyring(backend)  # the autouse memory_keyring fixture restores the previous one
    with pytest.raises(KeyringUnavailable) as raised:
        TokenCacheStore(tmp_path / "data")
    assert "session only" in str(raised.value)
    assert not (tmp_path / "data").exists()


def test_session_only_mode_signs_in_without_keyring_or_file(tmp_path: Path, platform: FakeIdentityPlatform) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store, token = signed_in(tmp_path, platform, session_only=True)
    assert token
    assert store.save() is False
    assert list(tmp_path.iterdir()) == []


def test_keyring_secrets_passes_over_unsafe_backends_in_a_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends.chainer import ChainerBackend

    safe = MemoryKeyring()
    monkeypatch.setattr(ChainerBackend, "backends", [PlaintextKeyring(), safe])
    keyring.set_keyring(ChainerBackend())
    secrets = KeyringSecrets()
    secrets.set("x", "value")
    assert safe.entries[(SERVICE, "x")] == "value"
    secrets.delete("x")
    secrets.delete("x")  # already gone is fine
    assert secrets.get("x") is None


class SlowKeyring(MemoryKeyring):
    """A keyring that takes its time to answer, as one over D-Bus or XPC does, and counts the writes."""

    def __init__(self) -> None:
        super().__init__()
        self.sets = 0  # of the token cache key
        self._count = threading.Lock()

    def get_password(self, service: str, username: str) -> str | None:
        time.sleep(0.05)  # widens the window between reading "no key" and writing one
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        if username == KEY_ACCOUNT:
            with self._count:
                self.sets += 1
        super().set_password(service, username, password)


def test_six_first_starts_at_once_make_one_key_and_read_each_others_sign_ins(tmp_path: Path) -> None:
    """Issue 29 item 7: on an empty keyring, processes starting together (the window, the tray, a scheduled
    backup) each created a key and the last one won: the others' sign-ins could not be decrypted. The key is
    made under a lock in the data folder, so one process makes it and the others read it."""
    backend = SlowKeyring()
    keyring.set_keyring(backend)  # the autouse memory_keyring fixture restores the previous one
    start = threading.Barrier(6)
    stores: list[TokenCacheStore] = []

    def first_start() -> None:
        start.wait(timeout=30)
        stores.append(TokenCacheStore(tmp_path))

    threads = [threading.Thread(target=first_start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(stores) == 6 and backend.sets == 1
    stores[0]._file.save("sign-ins of the first process")  # type: ignore[union-attr]
    assert {store._file.load() for store in stores} == {"sign-ins of the first process"}  # type: ignore[union-attr]
    assert not any(store.discarded_unreadable_file for store in stores)
