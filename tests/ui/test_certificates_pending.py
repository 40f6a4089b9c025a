"""Issue 9: the window shows a backup's snapshot as soon as it is written, while the certificate bytes are still
being read (Graph allows 150 certificate reads a minute), and says how many are still to come: in the status bar,
in the side panel of an app whose bytes are pending, and next to the last backup when a backup was stopped."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain.cancel import CancelToken
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupProgress, BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store, TenantInfo


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(tenants="contoso:300", seed=23, throttle="off") as emu:
        yield emu


class HeldBackup:
    """The real backup service, held once the first certificate bytes are in until the test lets it go on."""

    def __init__(self, service: BackupService) -> None:
        self.service = service
        self.holding = threading.Event()
        self.go_on = threading.Event()

    def run(self, tenant_id: str, *, trigger: str = "manual", progress: Callable[[Any], None] | None = None,
            cancel: CancelToken | None = None) -> Any:
        def hold(p: BackupProgress) -> None:
            if progress is not None:
                progress(p)
            if p.phase == "certificates" and p.done > 0 and not self.go_on.is_set():
                self.holding.set()
                assert self.go_on.wait(30)

        return self.service.run(tenant_id, trigger=trigger, progress=hold, cancel=cancel)  # type: ignore[arg-type]


@pytest.fixture
def never_backed_up(emulator: Emulator, tmp_path: Path) -> Iterator[tuple[Store, TenantInfo]]:
    store = Store.open(tmp_path / "regvault.sqlite")
    tenant = TenantService(store, GraphConnector(timeout=10)).add_emulator_tenant(
        emulator.base_url, emulator.tenant_id("contoso")
    )
    try:
        yield store, tenant
    finally:
        store.close()


def _start(qtbot: Any, open_window: Any, context_of: Any, store: Store) -> tuple[Any, HeldBackup, list[str]]:
    """The window on the store, and Back up now clicked: the backup is held once the first bytes are in."""
    held = HeldBackup(BackupService(store, GraphConnector(timeout=10)))
    window = open_window(context_of(store, backup=held))
    assert window.apps.model.rowCount() == 0  # never backed up
    outcomes: list[str] = []
    window.backup.finished.connect(outcomes.append)
    window.backup.button.click()
    qtbot.waitUntil(held.holding.is_set, timeout=30_000)
    return window, held, outcomes


def _finish(qtbot: Any, held: HeldBackup, outcomes: list[str]) -> None:
    """Let the held backup go on and wait for its end: complete, as its snapshot was written."""
    held.go_on.set()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=60_000)
    assert outcomes == ["complete"]


def _pending_row(window: Any, store: Store, tenant: TenantInfo) -> int:
    pending = store.pending_certificates(tenant.tenant_id)
    assert pending
    object_id = next(iter(pending))
    row = store.find_app(tenant.tenant_id, object_id)
    assert row is not None
    return row.pk


def test_the_window_shows_the_snapshot_while_certificate_bytes_are_still_to_come(  # type: ignore[no-untyped-def]
    qtbot, open_window, context_of, never_backed_up
) -> None:
    store, tenant = never_backed_up
    window, held, outcomes = _start(qtbot, open_window, context_of, store)
    try:
        # Still backing up, and the apps are there to browse.
        qtbot.waitUntil(lambda: window.apps.model.rowCount() == store.count_apps(tenant.tenant_id) > 0, timeout=10_000)
        assert window.backup.running
        qtbot.waitUntil(lambda: "still to come" in window.statusBar().currentMessage(), timeout=10_000)
        left = sum(store.pending_certificates(tenant.tenant_id).values())
        assert left > 0
        qtbot.waitUntil(lambda: window.backup.progress.format().startswith("Certificates"), timeout=10_000)
        app_pk = _pending_row(window, store, tenant)
        with qtbot.waitSignal(window.panel.version_shown, timeout=10_000):
            window.apps.show_app(app_pk)
        assert "still to come" in window.panel._legend.text()
        labels = [window.panel.model.index(r, 0).data() for r in range(window.panel.model.rowCount())]
        assert "Certificates & secrets" in labels
    finally:
        _finish(qtbot, held, outcomes)
    assert store.pending_certificates(tenant.tenant_id) == {}
    assert "Backup complete" in window.statusBar().currentMessage()
    # The side panel reads the filled version again: nothing is said to be still to come.
    with qtbot.waitSignal(window.panel.version_shown, timeout=10_000):
        window.apps.show_app(app_pk)
    assert "still to come" not in window.panel._legend.text()
    assert window.backup.last_backup_label.text().startswith("Last backup") and "to come" not in window.backup.last_backup_label.text()


def test_a_backup_cancelled_while_reading_bytes_is_saved_and_says_what_is_still_to_come(  # type: ignore[no-untyped-def]
    qtbot, open_window, context_of, never_backed_up
) -> None:
    store, tenant = never_backed_up
    window, held, outcomes = _start(qtbot, open_window, context_of, store)
    try:
        qtbot.mouseClick(window.backup.cancel_button, Qt.MouseButton.LeftButton)
    finally:
        _finish(qtbot, held, outcomes)  # the snapshot was written: it is kept
    left = sum(store.pending_certificates(tenant.tenant_id).values())
    assert left > 0
    message = window.statusBar().currentMessage()
    assert "still to come" in message and "next backup" in message
    qtbot.waitUntil(lambda: "certificates to come" in window.backup.last_backup_label.text(), timeout=10_000)
    assert f"{left} certificates to come" in window.backup.last_backup_label.text()
    assert window.apps.model.rowCount() == store.count_apps(tenant.tenant_id) > 0
