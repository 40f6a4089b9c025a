"""`regvault forget`: remove every entry Regvault keeps in the OS keyring, and the token cache they unlock.

What goes: the key of the encrypted sign-in cache (and the cache file: unreadable without it), the app-only
credentials of every tenant, the passwords of PostgreSQL databases. Backups and settings stay. Asked once on a
terminal; `--yes` for scripts and the Windows uninstaller (which offers it, and runs `regvault-cli.exe forget --yes`).
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from desktop_app.app import AppPaths, open_store
from desktop_app.auth.app_only import keyring_account
from desktop_app.auth.errors import KeyringUnavailable
from desktop_app.auth.secrets import KeyringSecrets
from desktop_app.auth.token_cache import KEY_ACCOUNT
from desktop_app.cli.common import EXIT_BAD_INPUT, EXIT_OK, CommandError, emit, guarded, paths_of
from desktop_app.services.database_choice import choose, password_account, saved_location
from desktop_app.store import BadDatabaseLocation, StoreError


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    forget = subparsers.add_parser(
        "forget", parents=[common],
        help="remove Regvault's sign-ins and secrets from the OS keyring (backups stay)",
        description="Removes every entry Regvault keeps in the OS keyring (Windows Credential Manager, macOS "
        "Keychain, Secret Service): the key of the sign-in cache (the cache file goes too), app-only credentials, "
        "database passwords. Backups, tenants and settings stay; sign in again to go on.")
    forget.add_argument("--yes", action="store_true", help="don't ask (scripts, the uninstaller)")
    forget.set_defaults(handler=guarded(run_forget))


def _known_accounts(paths: AppPaths, database: str | None) -> list[str]:
    """Entries an older Regvault (before the keyring's index) may have left: worked out from the tenants and the
    databases this data folder knows. A store that can't be opened only leaves the index to go by."""
    names = [KEY_ACCOUNT]
    locations = [saved_location(paths.data_dir)]
    with contextlib.suppress(BadDatabaseLocation):
        locations.append(choose(paths.data_dir, database).location)
    names += [password_account(loc) for loc in locations if loc is not None and loc.engine == "postgresql"]
    try:
        store = open_store(paths, database)
    except (StoreError, BadDatabaseLocation, KeyringUnavailable, OSError):
        return names
    try:
        names += [keyring_account(t.tenant_id) for t in store.list_tenants(include_archived=True)]
    finally:
        store.close()
    return names


def run_forget(args: argparse.Namespace) -> int:
    paths = paths_of(args)
    try:
        secrets = KeyringSecrets()
    except KeyringUnavailable as exc:
        why = str(exc)
        emit(args, {"removed": [], "tokenCacheDeleted": False, "keyring": None}, lambda: f"Nothing to remove: {why}")
        return EXIT_OK
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandError("forget removes every sign-in and secret Regvault keeps in the keyring: add --yes "
                               "to do it without a question", EXIT_BAD_INPUT)
        answer = input(f"Remove Regvault's sign-ins and secrets from {secrets.backend_name}? Backups stay. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was removed.", file=sys.stderr)
            return EXIT_BAD_INPUT
    removed = secrets.forget_all(_known_accounts(paths, getattr(args, "database", None)))
    cache_deleted = False
    if paths.token_cache.exists():
        paths.token_cache.unlink()
        cache_deleted = True
    document = {"removed": removed, "tokenCacheDeleted": cache_deleted, "keyring": secrets.backend_name}

    def text() -> str:
        if not removed and not cache_deleted:
            return f"Regvault had nothing saved in {secrets.backend_name}."
        what = ", ".join(removed) if removed else "no keyring entries"
        cache = f" and the sign-in cache {paths.token_cache}" if cache_deleted else ""
        return (f"Removed {len(removed)} keyring entries ({what}) from {secrets.backend_name}{cache}. Backups, "
                "tenants and settings stay; sign in again to go on.")

    emit(args, document, text)
    return EXIT_OK
