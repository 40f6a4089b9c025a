"""The snapshot store: tenants, snapshots, app versions, blobs and the restore audit trail in SQLite.

Everyone else codes against `Store` and the dataclasses of `records`; peewee models stay inside this package.
"""

from desktop_app.store.database import Store
from desktop_app.store.errors import (
    DatabaseWriteError,
    MigrationError,
    NewerSchemaError,
    NotARegvaultDatabase,
    StoreError,
    UnknownTenantError,
)
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

__all__ = [
    "SCHEMA_VERSION",
    "AppAt",
    "AppDocument",
    "AppRow",
    "AppSort",
    "AppStatus",
    "CurrentApp",
    "DatabaseWriteError",
    "MigrationError",
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
    "TenantKind",
    "UnknownTenantError",
    "VersionInfo",
]
