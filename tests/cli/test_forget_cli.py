"""`regvault forget`: every keyring entry Regvault made goes (indexed or older), nothing else does; backups stay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from memory_keyring import MemoryKeyring
from store_testkit import tenant_info

from desktop_app.app import AppPaths, open_credentials
from desktop_app.auth.app_only import AppOnlyCredentials, AppOnlyCredentialStore, keyring_account
from desktop_app.auth.secrets import SERVICE, KeyringSecrets
from desktop_app.cli import main
from desktop_app.services.database_choice import password_account
from desktop_app.store import DatabaseLocation, Store

TENANT_A = "11111111-1111-1111-1111-111111111111"
TENANT_OLD = "22222222-2222-2222-2222-222222222222"


@pytest.fixture
def data_dir(tmp_path: Path, memory_keyring: MemoryKeyring) -> Path:
    paths = AppPaths.resolve(tmp_path / "data").ensure()
    with Store.open(paths.database) as store:
        store.add_tenant(tenant_info(TENANT_A))
        store.add_tenant(tenant_info(TENANT_OLD, name="Fabrikam", domain="fabrikam.example"))
    open_credentials(paths)  # makes the sign-in cache's key
    paths.token_cache.write_bytes(b"encrypted cache")
    AppOnlyCredentialStore(KeyringSecrets()).save(TENANT_A, AppOnlyCredentials("client", client_secret="s3cret"))
    KeyringSecrets().set(password_account(DatabaseLocation.parse("postgresql://team@db.example:5432/regvault")), "pw")
    # Written by a Regvault before the index: only the store's tenants lead to it.
    memory_keyring.set_password(SERVICE, keyring_account(TENANT_OLD), "{}")
    memory_keyring.set_password("Another app", "token", "theirs")
    return paths.data_dir


def test_forget_removes_every_regvault_entry_and_the_cache_and_nothing_else(
    data_dir: Path, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["forget", "--yes", "--json", "--data-dir", str(data_dir)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document["removed"]) == {
        "token-cache-key", keyring_account(TENANT_A), keyring_account(TENANT_OLD),
        "database:team@db.example:5432/regvault"}
    assert document["tokenCacheDeleted"] is True
    assert memory_keyring.entries == {("Another app", "token"): "theirs"}  # the index went too
    assert not (data_dir / "token-cache.bin").exists()
    with Store.open(data_dir / "regvault.sqlite") as store:  # backups and tenants stay
        assert {t.tenant_id for t in store.list_tenants()} == {TENANT_A, TENANT_OLD}


def test_forget_asks_first_and_a_script_must_say_yes(
    data_dir: Path, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dict(memory_keyring.entries)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["forget", "--data-dir", str(data_dir)]) == 2
    assert "--yes" in capsys.readouterr().err
    assert memory_keyring.entries == before


def test_forget_twice_says_there_is_nothing(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forget", "--yes", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    assert main(["forget", "--yes", "--data-dir", str(data_dir)]) == 0
    assert "had nothing saved" in capsys.readouterr().out
