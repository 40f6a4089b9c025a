"""Secrets in the OS keyring (service "Regvault"), or a clear `KeyringUnavailable` when there is none.

keyring picks a backend by priority and, through its chainer, silently tries the next one when the first
refuses. That next one can be a plaintext file (keyrings.alt) or nothing at all (the `fail` / `null`
backends, an empty chainer that "stores" into the void). Regvault never wants either, so the backend is
resolved once, here, to one that really encrypts, and every keyring error becomes KeyringUnavailable.
"""

from __future__ import annotations

import json
import logging

import keyring
import keyring.backend
import keyring.errors
from keyring.backends.chainer import ChainerBackend

from desktop_app.auth.errors import KeyringUnavailable

log = logging.getLogger(__name__)

SERVICE = "Regvault"
# The names of Regvault's other entries: a keyring can't list what a service holds, and `regvault forget` (and the
# Windows uninstaller through it) must find every one, including those of tenants no store remembers any more.
INDEX_ACCOUNT = "index"

# Backends that do not keep a secret safe (or at all): module name prefixes.
_UNSAFE_BACKEND_MODULES: tuple[str, ...] = (
    "keyring.backends.fail",
    "keyring.backends.null",
    "keyrings.alt",  # plaintext or "encrypted" files that prompt for a password on stdin
)


def _is_safe(backend: keyring.backend.KeyringBackend) -> bool:
    module = type(backend).__module__
    return not any(module == prefix or module.startswith(prefix + ".") for prefix in _UNSAFE_BACKEND_MODULES)


def _describe(backend: keyring.backend.KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def resolve_backend() -> keyring.backend.KeyringBackend:
    """The backend Regvault will use, or KeyringUnavailable saying why there is none."""
    backend = keyring.get_keyring()
    if isinstance(backend, ChainerBackend):
        safe = [b for b in backend.backends if _is_safe(b)]
        if not safe:
            raise KeyringUnavailable(keyring_unavailable_message("no secure keyring backend was found"))
        return safe[0]
    if not _is_safe(backend):
        raise KeyringUnavailable(keyring_unavailable_message(f"the keyring backend {_describe(backend)} does not protect secrets"))
    return backend


def keyring_unavailable_message(why: str) -> str:
    return (
        f"The system keyring is not available ({why}). Regvault keeps sign-ins and credentials only in "
        "the keyring (Windows Credential Manager, macOS Keychain, or a Secret Service such as GNOME Keyring "
        "or KWallet on Linux). Unlock or install one, or continue for this session only: nothing will be saved."
    )


class KeyringSecrets:
    """get/set/delete of Regvault's entries, with every keyring failure turned into KeyringUnavailable: also the
    ones a backend that loaded fine raises later, in its own types (a D-Bus error, OSError, RuntimeError), so the
    caller can go on for the session instead of stopping on a traceback."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend if backend is not None else resolve_backend()

    @property
    def backend_name(self) -> str:
        """The backend in use, as Help → About shows it: keyring's display name and its class."""
        return f"{getattr(self._backend, 'name', type(self._backend).__name__)} ({_describe(self._backend)})"

    def get(self, account: str) -> str | None:
        try:
            return self._backend.get_password(SERVICE, account)
        except Exception as error:  # noqa: BLE001 - backends raise their own types (D-Bus, OSError, RuntimeError)
            # The error text comes from the backend and names no secret; keep only its type to be sure.
            raise KeyringUnavailable(keyring_unavailable_message(f"reading failed: {type(error).__name__}")) from None

    def set(self, account: str, secret: str) -> None:
        self._write(account, secret)
        names = self.accounts()
        if account not in names:
            self._write(INDEX_ACCOUNT, json.dumps(sorted([*names, account])))

    def _write(self, account: str, secret: str) -> None:
        try:
            self._backend.set_password(SERVICE, account, secret)
        except Exception as error:  # noqa: BLE001
            raise KeyringUnavailable(keyring_unavailable_message(f"saving failed: {type(error).__name__}")) from None

    def delete(self, account: str) -> None:
        """Remove the entry; an entry that is not there is fine."""
        self._remove(account)
        names = self.accounts()
        if account in names:
            names.remove(account)
            if names:
                self._write(INDEX_ACCOUNT, json.dumps(names))
            else:
                self._remove(INDEX_ACCOUNT)

    def _remove(self, account: str) -> None:
        try:
            self._backend.delete_password(SERVICE, account)
        except keyring.errors.PasswordDeleteError:
            log.debug("keyring entry %s was already absent", account)
        except Exception as error:  # noqa: BLE001
            raise KeyringUnavailable(keyring_unavailable_message(f"deleting failed: {type(error).__name__}")) from None

    def accounts(self) -> list[str]:
        """The names of the entries Regvault has saved (since the index exists; `forget` adds the names it can
        work out for older ones)."""
        stored = self.get(INDEX_ACCOUNT)
        try:
            names = json.loads(stored) if stored else []
        except ValueError:
            return []
        return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []

    def forget_all(self, extra: list[str]) -> list[str]:
        """Delete every entry of the index and of `extra` that exists, then the index: the names deleted."""
        removed = []
        for account in sorted(set(self.accounts()) | set(extra)):
            if self.get(account) is not None:
                self._remove(account)
                removed.append(account)
        self._remove(INDEX_ACCOUNT)
        return removed
