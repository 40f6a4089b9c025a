"""The msal token cache, kept as an encrypted file in the data folder with its key in the OS keyring.

Why a file and not the keyring itself: the cache holds a refresh token, ID tokens and access tokens for every
tenant and grows past the 2,560 bytes Windows Credential Manager allows per secret. So the keyring holds only a
Fernet key (service "Regvault", account "token-cache-key") and the file is useless without it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
from pathlib import Path

import msal
from cryptography.fernet import Fernet, InvalidToken

from desktop_app.auth.errors import KeyringUnavailable
from desktop_app.auth.secrets import KeyringSecrets, keyring_unavailable_message

log = logging.getLogger(__name__)

CACHE_FILE_NAME = "token-cache.bin"
KEY_ACCOUNT = "token-cache-key"


class TokenCacheStore:
    """One `msal.SerializableTokenCache` shared by every tenant's sign-in, persisted encrypted.

    `session_only=True` keeps the cache in memory only (no keyring, no file): the choice a user makes when the
    keyring is unavailable. Otherwise the constructor raises KeyringUnavailable when no keyring works.
    """

    def __init__(self, data_dir: Path, *, session_only: bool = False, secrets: KeyringSecrets | None = None) -> None:
        self.path = Path(data_dir) / CACHE_FILE_NAME
        self.session_only = session_only
        self.cache = msal.SerializableTokenCache()
        # True when a cache file existed but could not be decrypted (key replaced or file damaged).
        self.discarded_unreadable_file = False
        self._lock = threading.Lock()
        self._fernet: Fernet | None = None
        if not session_only:
            self._fernet = Fernet(self._key(secrets if secrets is not None else KeyringSecrets()))
            self._load()

    def _key(self, secrets: KeyringSecrets) -> bytes:
        stored = secrets.get(KEY_ACCOUNT)
        if stored:
            return stored.encode("ascii")
        key = Fernet.generate_key()
        secrets.set(KEY_ACCOUNT, key.decode("ascii"))
        if secrets.get(KEY_ACCOUNT) != key.decode("ascii"):
            # A backend that accepts and forgets (seen with misconfigured chainers) would leave an
            # unreadable file behind on every start; better to say so now.
            raise KeyringUnavailable(keyring_unavailable_message("it did not keep the token cache key"))
        return key

    def _load(self) -> None:
        assert self._fernet is not None
        try:
            encrypted = self.path.read_bytes()
        except FileNotFoundError:
            return
        try:
            state = self._fernet.decrypt(encrypted).decode("utf-8")
            self.cache.deserialize(state)
        except (InvalidToken, UnicodeDecodeError, ValueError):
            # The key in the keyring is not the one the file was written with (keyring reset, another
            # machine's copy of the data folder) or the file is damaged. Its tokens are lost either way;
            # the user signs in again and the next save replaces the file.
            self.discarded_unreadable_file = True
            log.warning("The saved sign-ins in %s could not be decrypted; signing in again is needed.", self.path)

    def save(self) -> bool:
        """Write the cache if msal changed it; True when a file was written."""
        with self._lock:
            if self._fernet is None or not self.cache.has_state_changed:
                return False
            data = self._fernet.encrypt(self.cache.serialize().encode("utf-8"))
            _write_private_atomically(self.path, data)
            self.cache.has_state_changed = False
            return True


def _write_private_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` readable by the owner only; a crash leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp creates the file 0600 from the start, so there is no moment with wider permissions.
    fd, temp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o600)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
