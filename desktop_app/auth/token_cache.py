"""The msal token cache, kept as an encrypted file in the data folder with its key in the OS keyring.

Why a file and not the keyring itself: the cache holds a refresh token, ID tokens and access tokens for every
tenant and grows past the 2,560 bytes Windows Credential Manager allows per secret. So the keyring holds only a
Fernet key (service "Regvault", account "token-cache-key") and the file is useless without it.

Several processes share the file: the window, the command line and the scheduled backup. msal-extensions'
`PersistedTokenCache` takes a lock file (`CrossPlatLock`, portalocker) around every change, reloads the file first
when another process wrote it, and writes the result before letting go; every search reloads a file that changed.
So one process's sign-in, refresh or sign-out is never overwritten by another's older copy. Only the storage is
ours (`_EncryptedFile`): encrypted, owner-only, replaced atomically.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import msal
from cryptography.fernet import Fernet, InvalidToken
from msal_extensions import PersistedTokenCache
from msal_extensions.persistence import BasePersistence, PersistenceNotFound

from desktop_app.auth.errors import KeyringUnavailable
from desktop_app.auth.secrets import KeyringSecrets, keyring_unavailable_message

log = logging.getLogger(__name__)

CACHE_FILE_NAME = "token-cache.bin"
KEY_ACCOUNT = "token-cache-key"
KEY_LOCK_NAME = "token-cache-key.lock"


class TokenCacheStore:
    """One msal token cache shared by every tenant's sign-in and, through its file, by every Regvault process.

    `session_only=True` keeps the cache in memory only (no keyring, no file): the choice a user makes when the
    keyring is unavailable. Otherwise the constructor raises KeyringUnavailable when no keyring works.
    """

    def __init__(self, data_dir: Path, *, session_only: bool = False, secrets: KeyringSecrets | None = None) -> None:
        self.path = Path(data_dir) / CACHE_FILE_NAME
        self.session_only = session_only
        self._file: _EncryptedFile | None = None
        self.cache: msal.SerializableTokenCache
        if session_only:
            self.cache = msal.SerializableTokenCache()
            return
        fernet = Fernet(self._key(secrets if secrets is not None else KeyringSecrets()))
        self._file = _EncryptedFile(self.path, fernet)
        self.cache = _SharedTokenCache(self._file, lock_location=str(self.path) + ".lockfile")
        self.cache.search(msal.TokenCache.CredentialType.ACCOUNT)  # loads the file now: a bad key shows at once

    @property
    def discarded_unreadable_file(self) -> bool:
        """True when a cache file existed but could not be decrypted (key replaced or file damaged)."""
        return self._file is not None and self._file.discarded

    def _key(self, secrets: KeyringSecrets) -> bytes:
        stored = secrets.get(KEY_ACCOUNT)
        if stored:
            return stored.encode("ascii")
        # The keyring has no compare-and-set: processes starting together on an empty keyring would each make a
        # key, and the last one written would leave the others' sign-ins undecryptable. One makes it, under a lock
        # in the data folder that every process of this folder takes (an OS lock: a killed holder frees it).
        with _key_lock(self.path.with_name(KEY_LOCK_NAME)):
            stored = secrets.get(KEY_ACCOUNT)  # made while this process waited
            if stored:
                return stored.encode("ascii")
            return self._new_key(secrets)

    @staticmethod
    def _new_key(secrets: KeyringSecrets) -> bytes:
        key = Fernet.generate_key()
        secrets.set(KEY_ACCOUNT, key.decode("ascii"))
        if secrets.get(KEY_ACCOUNT) != key.decode("ascii"):
            # A backend that accepts and forgets (seen with misconfigured chainers) would leave an
            # unreadable file behind on every start; better to say so now.
            raise KeyringUnavailable(keyring_unavailable_message("it did not keep the token cache key"))
        return key

    def save(self) -> bool:
        """Nothing to do any more: every change is written (under the lock) as msal makes it. Kept so callers
        need not know whether the cache is persisted; always False."""
        return False


class _SharedTokenCache(PersistedTokenCache):  # type: ignore[misc]
    """msal-extensions' cache, reloading when the file is not the one this process last read or wrote.

    msal-extensions compares the file's mtime with the clock of its last sync; file times come from a coarser
    clock (a few ms on Linux, 2 s on FAT), so a write by another process right after ours could look older
    and be overwritten. The file's identity (inode, size, mtime in ns) changes with every atomic replace."""

    def _reload_if_necessary(self) -> None:
        if self._persistence.changed_since_seen():
            try:
                self.deserialize(self._persistence.load())
            except PersistenceNotFound:
                self.deserialize("")


class _EncryptedFile(BasePersistence):  # type: ignore[misc]
    """msal-extensions' persistence interface over a Fernet-encrypted, owner-only file."""

    is_encrypted = True

    def __init__(self, path: Path, fernet: Fernet) -> None:
        self._path = path
        self._fernet = fernet
        self._write_lock = threading.Lock()
        self._seen: tuple[int, int, int] | None = None  # the file as last read or written here
        self.discarded = False

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            info = os.stat(self._path)
        except FileNotFoundError:
            return None
        return info.st_ino, info.st_size, info.st_mtime_ns

    def changed_since_seen(self) -> bool:
        return self._signature() != self._seen

    def save(self, content: str) -> None:
        with self._write_lock:
            _write_private_atomically(self._path, self._fernet.encrypt(content.encode("utf-8")))
            self._seen = self._signature()

    def load(self) -> str:
        self._seen = self._signature()
        try:
            encrypted = self._path.read_bytes()
        except FileNotFoundError:
            raise PersistenceNotFound(location=str(self._path)) from None
        try:
            return self._fernet.decrypt(encrypted).decode("utf-8")
        except (InvalidToken, UnicodeDecodeError):
            # The key in the keyring is not the one the file was written with (keyring reset, another
            # machine's copy of the data folder) or the file is damaged. Its tokens are lost either way;
            # the user signs in again and the next change replaces the file.
            if not self.discarded:
                log.warning("The saved sign-ins in %s could not be decrypted; signing in again is needed.",
                            self._path)
            self.discarded = True
            return ""

    def time_last_modified(self) -> float:
        try:
            return self._path.stat().st_mtime
        except FileNotFoundError:
            raise PersistenceNotFound(location=str(self._path)) from None

    def get_location(self) -> str:
        return str(self._path)


@contextlib.contextmanager
def _key_lock(path: Path) -> Iterator[None]:
    """Held while the key is made, and gone afterwards (the folder keeps only the cache file). A waiter that gets
    the lock of a file its holder has since removed takes a new one. A folder that can't hold the lock (read-only)
    makes the key without it."""
    while True:
        try:
            handle = os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT, 0o600), "r+b")
        except OSError as exc:  # no data folder yet (nothing else uses it then), or a read-only one
            log.debug("no lock for making the token cache key in %s (%s)", path.parent, exc.strerror or exc)
            yield
            return
        _lock_exclusively(handle.fileno())  # waits for the process making the key
        try:
            current = os.stat(path)
        except FileNotFoundError:
            current = None
        if current is not None and os.path.samestat(current, os.fstat(handle.fileno())):
            break
        handle.close()  # its holder removed it when done: the key is there now, or this is the next try
    try:
        yield
    finally:
        with contextlib.suppress(OSError):  # Windows can't remove an open file: it stays, empty and harmless
            os.unlink(path)
        handle.close()  # closing lets go of the lock


if sys.platform == "win32":
    import msvcrt

    def _lock_exclusively(fd: int) -> None:
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # tries for 10 s, then raises
                return
            except OSError:
                continue
else:
    import fcntl

    def _lock_exclusively(fd: int) -> None:
        # flock belongs to the open file, so two threads of one process exclude each other too (lockf would not).
        fcntl.flock(fd, fcntl.LOCK_EX)


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
