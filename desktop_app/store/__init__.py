"""The snapshot store: tenants, snapshots, app versions, blobs and the restore audit trail, in SQLite or PostgreSQL.

Everyone else codes against `Store` and the dataclasses of `records`; peewee models stay inside this package.
"""

from desktop_app.store.database import Store, inspect_database
from desktop_app.store.errors import (
    DatabaseDamaged,
    DatabaseMissing,
    DatabaseUnreachable,
    DatabaseWriteError,
    LockHolder,
    MigrationError,
    NetworkPathRefused,
    NewerSchemaError,
    NotARegvaultDatabase,
    StoreError,
    TenantBusy,
    UnknownTenantError,
)
from desktop_app.store.location import BadDatabaseLocation, DatabaseLocation
from desktop_app.store.records import (
    AppAt,
    AppDocument,
    AppRow,
    AppSort,
    AppStatus,
    CurrentApp,
    ObservedApp,
    RestoreItemInfo,
    RestoreItemRecord,
    RestoreRunInfo,
    SnapshotInfo,
    SnapshotStatus,
    SnapshotTrigger,
    SnapshotWrite,
    TenantInfo,
    TenantKind,
    VersionInfo,
)
from desktop_app.store.schema import SCHEMA_VERSION
from desktop_app.store.tenant_locks import TenantLock

__all__ = [
    "SCHEMA_VERSION",
    "AppAt",
    "AppDocument",
    "AppRow",
    "AppSort",
    "AppStatus",
    "BadDatabaseLocation",
    "CurrentApp",
    "DatabaseDamaged",
    "DatabaseLocation",
    "DatabaseMissing",
    "DatabaseUnreachable",
    "DatabaseWriteError",
    "LockHolder",
    "MigrationError",
    "NetworkPathRefused",
    "NewerSchemaError",
    "NotARegvaultDatabase",
    "ObservedApp",
    "RestoreItemInfo",
    "RestoreItemRecord",
    "RestoreRunInfo",
    "SnapshotInfo",
    "SnapshotStatus",
    "SnapshotTrigger",
    "SnapshotWrite",
    "Store",
    "StoreError",
    "TenantInfo",
    "TenantBusy",
    "TenantKind",
    "TenantLock",
    "UnknownTenantError",
    "VersionInfo",
    "inspect_database",
]
