"""What the Store takes and gives: plain frozen dataclasses, never peewee rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

AppDocument = dict[str, Any]
AppStatus = Literal["active", "recycled", "purged"]
SnapshotTrigger = Literal["manual", "scheduled", "pre-restore", "post-restore", "pre-rollback", "post-rollback"]
SnapshotStatus = Literal["running", "complete", "failed"]
TenantKind = Literal["entra", "emulator"]
AppSort = Literal["name", "appId", "modified", "status"]


@dataclass(frozen=True)
class TenantInfo:
    tenant_id: str
    display_name: str
    graph_base_url: str
    default_domain: str = ""
    domains: tuple[str, ...] = ()
    kind: TenantKind = "entra"
    client_id: str | None = None
    authority: str | None = None
    cloud: str = "global"
    is_restore_target: bool = False
    archived: bool = False
    created: datetime | None = None  # set by the store


@dataclass(frozen=True)
class CurrentApp:
    """What the last backup saw of an app: lets the next backup skip unchanged logos and certificates."""

    pk: int
    object_id: str
    app_id: str
    display_name: str
    status: AppStatus
    document_hash: str | None
    logo_url: str | None
    logo_sha256: str | None
    key_credentials_digest: str | None
    key_credential_keys: Mapping[str, str]
    # keyIds whose bytes the last backup had not read yet (its snapshot was written first): the next one reads them
    pending_keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ObservedApp:
    """One app as a backup saw it. document_json is domain.document.canonical_json(doc), document_hash its sha256."""

    object_id: str
    app_id: str
    display_name: str
    document_json: bytes
    document_hash: str
    logo_url: str | None = None
    logo_sha256: str | None = None
    key_credentials_digest: str | None = None
    key_credential_keys: Mapping[str, str] = field(default_factory=dict)
    pending_keys: tuple[str, ...] = ()  # keyIds whose bytes are still to come (Store.fill_certificates)
    # The document document_json was made from, when the reader still has it: the snapshot's search and credential
    # rows are taken from it instead of parsing the JSON again (None: parsed). Never compared, never stored.
    document: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class SnapshotWrite:
    """Everything one backup writes, in one transaction.

    A full snapshot (partial=False) lists every live app in `observed`; an app the store knew as active that is
    in neither `observed` nor `recycle_bin` was deleted permanently. `recycle_bin` maps object id -> the time the
    recycle bin purges it (deletedDateTime + 30 days; None when unknown). A partial snapshot (the pre-restore one)
    updates only the apps it names and says nothing about the others; an incremental one (below) stands for the
    whole tenant but names only what changed.
    `blobs` maps sha256 hex -> bytes (logos, certificates); each is stored once.
    """

    started: datetime
    finished: datetime
    observed: Iterable[ObservedApp]
    recycle_bin: Mapping[str, datetime | None] = field(default_factory=dict)
    blobs: Mapping[str, bytes] = field(default_factory=dict)
    trigger: SnapshotTrigger = "manual"
    partial: bool = False
    requests: int = 0
    resource_units: float = 0.0
    # A delta capture (incremental): `observed` holds only the apps that changed, every other app is as it was,
    # except those in `recycle_bin` and those in `gone` (deleted permanently). The snapshot stands for the whole
    # tenant, like a full one.
    incremental: bool = False
    gone: frozenset[str] = frozenset()
    # A full snapshot: apps the store knew that the listing left out although Graph still has them (a short
    # listing, services/app_reader/listing.py): not removed; their current versions stay current.
    kept: frozenset[str] = frozenset()
    # The tenant's capture state that comes with this snapshot (store/timeline.py save_capture), in its transaction.
    capture: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    tenant_id: str
    started: datetime
    finished: datetime | None
    status: SnapshotStatus
    trigger: SnapshotTrigger
    partial: bool
    apps: int
    added: int
    changed: int
    removed: int
    requests: int
    resource_units: float
    error: str | None
    operator: str | None = None  # the workstation's user who took it (None: before schema 2)
    workstation: str | None = None
    incremental: bool = False  # written from a delta capture (schema 6)
    # Only on the SnapshotInfo Store.write_snapshot returns: apps whose stored current version could not be read
    # and was written anew from this backup (not kept in the database).
    repaired: int = 0


@dataclass(frozen=True)
class AppRow:
    """One row of the apps table."""

    pk: int
    object_id: str
    app_id: str
    display_name: str
    status: AppStatus
    deleted_until: datetime | None
    last_modified: datetime
    first_seen: datetime
    version_count: int


@dataclass(frozen=True)
class VersionInfo:
    """One version of an app; valid from snapshot `valid_from` until (excluding) `valid_until`."""

    pk: int
    app_pk: int
    document_hash: str
    valid_from: int
    valid_from_time: datetime
    valid_until: int | None
    valid_until_time: datetime | None


@dataclass(frozen=True)
class AppAt:
    """An app as it was at a snapshot (for restores)."""

    app_pk: int
    object_id: str
    app_id: str
    display_name: str
    status: AppStatus  # its status now, not at the snapshot
    version_pk: int
    document_hash: str
    document: AppDocument


@dataclass(frozen=True)
class RestoreRunInfo:
    id: int
    operator: str
    started: datetime
    finished: datetime | None
    tenant_id: str
    target_tenant_id: str
    snapshot_id: int | None
    snapshot_taken: datetime | None
    mode: str
    status: str
    dry_run: bool
    message: str | None  # how it stopped, in the words of a version before schema 8 (new runs: `stopped`)
    workstation: str | None = None  # where it ran (None: before schema 2); operator is the user
    # How it stopped (failed, cancelled, interrupted), as its code and facts in their stored JSON
    # (domain/restore_plan/recorded.py failure_from_json reads it): the edges say it.
    stopped: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class RestoreItemRecord:
    """What the restore engine reports for one app; written as one RestoreItem. Its warnings, follow-ups, grants
    and failure are kept as codes (`outcome`); `warnings` and `message` hold the English words rows written before
    schema 8 have instead (outcome None). The store keeps the codes as they are given and never reads them: what they
mean is the domain's."""

    source_object_id: str
    source_app_id: str
    action: str
    result: str
    display_name: str = ""
    new_object_id: str | None = None
    new_app_id: str | None = None
    warnings: tuple[str, ...] = ()
    error_code: str | None = None
    request_id: str | None = None
    message: str | None = None
    # The codes and their facts in their stored JSON (domain/restore_plan/recorded.py: outcome_json writes it,
    # outcome_from_json reads it); None: a row from before schema 8.
    outcome: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class RestoreItemInfo(RestoreItemRecord):
    id: int = 0
    run_id: int = 0
    recorded: datetime | None = None
