"""The token cache file shared by several Regvault processes (the window, the CLI, a scheduled backup): every
sign-in and sign-out of one process survives the others' writes (issue 11 §5, issue 17 #6)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from cryptography.fernet import Fernet
from memory_keyring import MemoryKeyring

from desktop_app.auth.secrets import SERVICE
from desktop_app.auth.sign_in import READ_SCOPES, SignIn
from desktop_app.auth.token_cache import KEY_ACCOUNT, TokenCacheStore

ROUNDS = 12

# One Regvault process: signs `ROUNDS` users of its own in, one tenant each, then signs the first one out.
CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    import keyring
    from memory_keyring import MemoryKeyring
    from fake_identity_platform import FakeIdentityPlatform
    from desktop_app.auth.secrets import SERVICE
    from desktop_app.auth.sign_in import READ_SCOPES, SignIn
    from desktop_app.auth.token_cache import KEY_ACCOUNT, TokenCacheStore

    name, data_dir, go, rounds = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
    backend = MemoryKeyring()
    backend.entries[(SERVICE, KEY_ACCOUNT)] = os.environ["CACHE_KEY"]
    keyring.set_keyring(backend)
    world = FakeIdentityPlatform("client")
    sign_in = SignIn(TokenCacheStore(data_dir), client_factory=world)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.005)
    for i in range(rounds):
        tenant = f"{i:08d}-0000-4000-8000-{name * 12}"
        user = f"user{i}@{name}.example"
        world.add_tenant(tenant, f"{name}{i}.example")
        world.add_user(user, f"{i:08d}-1111-4111-8111-{name * 12}", tenant)
        world.consent(tenant, READ_SCOPES)
        world.browser_user = user
        sign_in.session(tenant).sign_in_interactive()
    sign_in.session(f"{0:08d}-0000-4000-8000-{name * 12}").sign_out()
    print("done", name)
    """
)


def test_two_processes_updating_the_token_cache_keep_both_accounts(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    key = Fernet.generate_key().decode()
    memory_keyring.entries[(SERVICE, KEY_ACCOUNT)] = key
    data_dir, go = tmp_path / "data", tmp_path / "go"
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = dict(os.environ, CACHE_KEY=key,
               PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]))
    children = [
        subprocess.Popen([sys.executable, str(script), name, str(data_dir), str(go), str(ROUNDS)], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in ("a", "b")
    ]
    for child in children:  # both have imported msal and opened the cache
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    go.touch()
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err

    cache = TokenCacheStore(data_dir).cache
    users = {a["username"] for a in cache.search("Account")}
    expected = {f"user{i}@{name}.example" for name in "ab" for i in range(1, ROUNDS)}
    assert users == expected  # nobody's sign-in lost, and the two sign-outs not brought back
    assert len(list(cache.search("RefreshToken"))) == 2 * (ROUNDS - 1)
    assert [p.name for p in data_dir.iterdir()] == ["token-cache.bin"]  # the lock file is gone too


def test_a_sign_in_by_another_process_is_seen_without_restarting(tmp_path: Path) -> None:
    from fake_identity_platform import FakeIdentityPlatform

    tenant, user = "11111111-1111-4111-8111-111111111111", "admin@contoso.example"
    world = FakeIdentityPlatform("client")
    world.add_tenant(tenant, "contoso.example")
    world.add_user(user, "aaaaaaaa-0000-4000-8000-000000000001", tenant)
    world.consent(tenant, READ_SCOPES)
    world.browser_user = user
    window = SignIn(TokenCacheStore(tmp_path), client_factory=world)
    scheduled_backup = SignIn(TokenCacheStore(tmp_path), client_factory=world)  # opened before the sign-in
    assert scheduled_backup.accounts() == []

    window.session(tenant).sign_in_interactive()

    assert [a.username for a in scheduled_backup.accounts()] == [user]
    assert scheduled_backup.session(tenant).access_token(write=False)
    window.session(tenant).sign_out()
    assert scheduled_backup.accounts() == []
