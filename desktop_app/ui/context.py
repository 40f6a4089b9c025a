"""What the window is given: one typed context, built by the composition root (`desktop_app.app`).

No Qt here, so `app.py` can build the context without importing PySide6; the window and its components take what
they use from it (DESIGN.md §2: the window is composed, not mixed)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from desktop_app.domain.cancel import CancelToken
from desktop_app.services.about import AboutFacts
from desktop_app.services.alerts import AlertService
from desktop_app.services.backup import BackupService
from desktop_app.services.capture import CaptureService
from desktop_app.services.compare import CompareService
from desktop_app.services.export import ExportService
from desktop_app.services.restore import RestoreService
from desktop_app.services.rollback import RollbackService
from desktop_app.services.tenants import TenantService
from desktop_app.services.update_check import UpdateCheck
from desktop_app.store import Store


class ReloadsSignIn(Protocol):
    """After Settings changed the client ID, the broker or the network: new msal applications (same token cache) and
    Graph clients with the new proxy and trust (app.Services)."""

    def reload_sign_in_settings(self) -> None: ...


class DemoHistory(Protocol):
    """The demo's history still being backed up when the window opens (cli.demo.DemoEnvironment)."""

    days_built: int
    days: int

    def build_rest(self, progress: Callable[[int, int], None] | None = None, *,
                   cancel: CancelToken | None = None) -> None: ...

    def between_days(self, on_wait: Callable[[], None] | None = None,
                     cancel: CancelToken | None = None) -> AbstractContextManager[None]: ...


@dataclass(frozen=True)
class WindowContext:
    """The store the window reads and the services it runs, over one set of Graph connections and sign-ins."""

    store: Store
    backup: BackupService
    # Restores go through the same connections (and sign-ins) as backups, and take the pre-restore snapshot.
    restore: RestoreService
    compare: CompareService
    export: ExportService
    tenants: TenantService
    sign_in: ReloadsSignIn
    # The data folder: the schedule's `regvault backup --data-dir`, the saved database choice (Settings).
    data_dir: Path
    about: AboutFacts
    # Captures the window's tenants' changes while it is open (services.watch, when Settings says so).
    capture: CaptureService
    # What was added since a moment, and undoing it (the incident view).
    rollback: RollbackService
    # Why sign-ins are not saved in this session (no usable keyring), in words; None: all is well (and in the demo,
    # whose emulator tenants need no keyring).
    keyring_problem: str | None = None
    demo: bool = False
    # The demo's history still being built behind the window; None when it is complete (and outside the demo).
    history: DemoHistory | None = None
    # Alerts after each backup, with this workstation's channels as set up now (None: no alerts, the demo).
    alerts: Callable[[], AlertService] | None = None
    # Looks once a day whether a newer Regvault is out (services.update_check); None: never (the demo, tests).
    updates: UpdateCheck | None = None
