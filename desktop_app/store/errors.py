"""Errors the store raises; each message says what is wrong with which file and what the user can do."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every error the store raises on purpose."""


class NotARegvaultDatabase(StoreError):
    """The file is not SQLite, is damaged, or belongs to another program; it was left untouched."""


class NewerSchemaError(StoreError):
    """The database was written by a newer Regvault; it was left untouched."""


class MigrationError(StoreError):
    """A migration step failed; the database stays at the last completed step, a copy sits beside it."""


class DatabaseWriteError(StoreError):
    """SQLite refused a write (a read-only file or folder, a full disk, locked too long); nothing was changed."""


class UnknownTenantError(StoreError, LookupError):
    """No (or more than one) tenant matches what the user typed."""
