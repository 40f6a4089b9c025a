"""Errors the store raises; each message says what is wrong with which database and what the user can do."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from datetime import datetime


def disk_problem(exc: OSError) -> str:
    """What an OSError from the disk means for the user, in words (a full disk, a read-only place, ...)."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full: free some space and run it again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "it is read-only or not yours: check its permissions"
    return exc.strerror or str(exc)


class StoreError(Exception):
    """Base of every error the store raises on purpose."""


class NotARegvaultDatabase(StoreError):
    """The file is not SQLite, is damaged, or belongs to another program; it was left untouched."""


class NewerSchemaError(StoreError):
    """The database was written by a newer Regvault; it was left untouched."""


class MigrationError(StoreError):
    """A migration step failed; the database stays at the last completed step (SQLite: a copy sits beside it)."""


class DatabaseWriteError(StoreError):
    """The database refused a write (a read-only file or folder, a full disk, locked too long); nothing was changed."""


class DatabaseDamaged(StoreError):
    """The database fails its integrity check or reads as malformed: nothing is written into it."""


class DatabaseUnreachable(StoreError):
    """The database server cannot be reached or refused the sign-in (wrong user or password); nothing was written."""


class DatabaseMissing(StoreError):
    """The SQLite file the user chose is not there (a share not mounted, a file moved): nothing was created."""


class NetworkPathRefused(StoreError):
    """An SQLite database on a network share: its WAL and locks don't work there, so it is not opened."""


class UnknownTenantError(StoreError, LookupError):
    """No (or more than one) tenant matches what the user typed."""


@dataclass(frozen=True)
class LockHolder:
    """Who holds a tenant's lock: shown to the one who waits."""

    purpose: str  # "backup", "restore", ...
    user: str
    workstation: str
    pid: int
    since: datetime

    def describe(self) -> str:
        when = self.since.astimezone().strftime("%Y-%m-%d %H:%M")
        return f"a {self.purpose} by {self.user} on {self.workstation} (process {self.pid}, since {when})"


class TenantBusy(StoreError):
    """Another backup or restore of the same tenant holds its lock (`holder` says whose, when it is known)."""

    def __init__(self, tenant_id: str, holder: LockHolder | None) -> None:
        who = holder.describe() if holder is not None else "another Regvault"
        super().__init__(
            f"Tenant {tenant_id} is busy: {who} is running on it. Try again when it has finished."
        )
        self.tenant_id = tenant_id
        self.holder = holder


class StoredValueUnreadable(ValueError):
    """A value in a row can't be read back (a time that is no time, a document that is no compressed bytes): the
    row was changed outside Regvault. The engine names the database damaged (`classify`)."""
