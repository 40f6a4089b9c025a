"""What the restore wizard is given (RestoreSetup), what it reads once (WizardData), what its pages decide
(WizardState), and its page ids. The pages take the setup and the state, not the wizard."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, Protocol

from PySide6.QtWidgets import QWidget

from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.restore_plan import RestoreMode
from desktop_app.services.restore import RestorePreview, RestoreProgress, RestoreReport, RestoreRequest
from desktop_app.services.restore_report import export_report
from desktop_app.services.restore_selection import default_snapshot, is_whole_tenant
from desktop_app.store import LockHolder, Store
from desktop_app.store.records import AppRow, SnapshotInfo, TenantInfo
from desktop_app.ui.tasks import TaskRunner


class PageId(enum.IntEnum):
    SNAPSHOT = 0
    OPTIONS = 1
    PREVIEW = 2
    RUN = 3
    REPORT = 4


class RestoreEngine(Protocol):
    """services.restore.RestoreService, as the wizard uses it: a preview (reads only), then its run."""

    def preview(self, request: RestoreRequest, *, progress: Callable[[RestoreProgress], None] | None = None,
                cancel: CancelToken | None = None) -> RestorePreview: ...

    def run(self, preview: RestorePreview, *, progress: Callable[[RestoreProgress], None] | None = None,
            cancel: CancelToken | None = None, lock_wait: float = 0.0,
            on_lock_wait: Callable[[LockHolder | None], None] | None = None) -> RestoreReport: ...


# Opens whatever adds a target tenant (the tenants dialog, when there is one); the wizard re-reads the store's
# tenants when `done` is called with the tenant that was added (or None).
AddTargetTenant = Callable[[QWidget, Callable[[TenantInfo | None], None]], None]
# Writes a report as a file: services.restore_report.export_report (tests give a failing one).
ExportReport = Callable[[RestoreReport, Path, Literal["json", "csv"]], None]
# Sign in to a tenant asking for more Graph permissions (names such as "DelegatedPermissionGrant.ReadWrite.All"),
# then call back (only after a sign-in that worked).
GrantPermissions = Callable[[TenantInfo, Sequence[str], Callable[[], None]], None]


@dataclass
class RestoreSetup:
    store: Store
    runner: TaskRunner
    engine: RestoreEngine
    source_tenant: TenantInfo
    app_pks: tuple[int, ...]
    snapshot_id: int | None = None  # preselected; None: the newest
    export_report: ExportReport = export_report
    add_target_tenant: AddTargetTenant | None = None
    # For the built-in "add an emulator tenant" fallback: (base URL, tenant id) -> the tenant, added as a target.
    add_emulator_tenant: Callable[[str, str], TenantInfo] | None = None
    operator: str = ""
    # "Restore selected values…": only these document paths; the rest of the app stays as it is now.
    only: tuple[str, ...] = ()
    # The sign-in that grants the permissions a preview found missing (services/permissions.py); None: not offered.
    grant_permissions: GrantPermissions | None = None


@dataclass(frozen=True)
class WizardData:
    """Read once, on the database worker, when the wizard opens."""

    apps: tuple[AppRow, ...]
    snapshots: tuple[SnapshotInfo, ...]  # complete ones, newest first
    days: tuple[date, ...]  # store.snapshot_days: the days shown in bold
    tenants: tuple[TenantInfo, ...]
    missing_apps: int = 0  # asked for but no longer in the store
    # The backup the apps start on when none is asked for: the newest that holds them all (a deleted app: the
    # last one that holds it; services/restore_selection.py).
    default_snapshot_id: int | None = None
    # The apps cover every active app of the tenant: the restore is of the whole tenant at the snapshot, the apps
    # deleted since included (services/restore_selection.py). Never for "Restore selected values…".
    whole_tenant: bool = False

    @classmethod
    def read(cls, store: Store, tenant_id: str, app_pks: Sequence[int], *, only: Sequence[str] = ()) -> WizardData:
        apps = tuple(store.app_rows(list(app_pks)))
        default = default_snapshot(store, tenant_id, app_pks)
        return cls(
            apps=apps,
            snapshots=tuple(store.snapshots(tenant_id)),
            days=tuple(store.snapshot_days(tenant_id)),
            tenants=tuple(store.list_tenants()),
            missing_apps=len(set(app_pks)) - len(apps),
            default_snapshot_id=default.id if default is not None else None,
            whole_tenant=not only and is_whole_tenant(store, tenant_id, app_pks),
        )


@dataclass(frozen=True)
class RestoreChoice:
    """What the Options page decided (on Next)."""

    mode: RestoreMode
    new_name: str | None = None  # AS_NEW
    copy_access: bool = False  # AS_NEW
    target_tenant: TenantInfo | None = None  # OTHER_TENANT
    target_domain: str | None = None  # OTHER_TENANT


@dataclass
class WizardState:
    """What the pages decided, read by the later pages (licensewizard: initializePage reads earlier pages)."""

    data: WizardData | None = None
    snapshot: SnapshotInfo | None = None
    choice: RestoreChoice | None = None
    preview: RestorePreview | None = None
    report: RestoreReport | None = None
    run_error: BaseException | None = None
