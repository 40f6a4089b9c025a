"""Back up now from the window, against the Graph emulator: progress, cancel, and Graph failures.

The store is filled by real backups (services.backup) of the emulator's tenants; the window runs more.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop_app.domain.cancel import CancelToken
from desktop_app.emulator import Emulator
from desktop_app.graph.client import GraphClient
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store, TenantInfo
from desktop_app.ui.apps_model import AppColumn
from desktop_app.ui.main_window import MainWindow


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(tenants="contoso:40,fabrikam:10", throttle="off") as emu:
        # These tests are about the window, back up the same tenant over and over within a minute and retry
        # without waiting: the 150-a-minute certificate-read limit is tested in tests/services/
        # test_certificate_reads.py, so it is lifted here.
        emu.configure(key_credential_reads_per_minute=0)
        yield emu


@pytest.fixture(autouse=True)
def calm_emulator(emulator: Emulator) -> Iterator[None]:
    yield
    emulator.configure(fault_rate=0.0, latency_ms=0.0, per_object_ms=0.0)


def connector(**kwargs: object) -> GraphConnector:
    # Retries are real but do not wait: a 429 storm ends in seconds, not minutes.
    return GraphConnector(timeout=10, max_retries=kwargs.pop("max_retries", 3),  # type: ignore[arg-type]
                          sleep=lambda _s: None, **kwargs)  # type: ignore[arg-type]


@dataclass
class Backed:
    store: Store
    contoso: TenantInfo
    fabrikam: TenantInfo


@pytest.fixture
def backed_up(emulator: Emulator, tmp_path: Path) -> Iterator[Backed]:
    store = Store.open(tmp_path / "regvault.sqlite")
    tenants = TenantService(store, connector())
    contoso = tenants.add_emulator_tenant(emulator.base_url, emulator.tenant_id("contoso"))
    fabrikam = tenants.add_emulator_tenant(emulator.base_url, emulator.tenant_id("fabrikam"))
    service = BackupService(store, connector())
    service.run(contoso.tenant_id)
    service.run(fabrikam.tenant_id)
    try:
        yield Backed(store, contoso, fabrikam)
    finally:
        store.close()


def state_of(store: Store, tenant_id: str) -> tuple[list[int], list[int], list[str]]:
    """What a failed or cancelled backup must leave as it was."""
    snapshots = [s.id for s in store.snapshots(tenant_id)]
    ids = store.app_ids(tenant_id, include_deleted=True)
    hashes = [v.document_hash for pk in ids for v in store.versions(pk)]
    return snapshots, ids, hashes


def test_window_on_real_backups_shows_the_emulators_apps(qtbot, open_window, context_of, backed_up, emulator) -> None:  # type: ignore[no-untyped-def]
    window = open_window(context_of(backed_up.store, backup=BackupService(backed_up.store, connector())))
    assert window.apps.model.rowCount() == backed_up.store.count_apps(backed_up.contoso.tenant_id) > 0
    assert window.tenant_switcher.currentText().endswith(backed_up.contoso.default_domain)
    with qtbot.waitSignal(window.panel.version_shown, timeout=5000):
        window.apps.show_app(window.apps.model.pk_at(0))
    tree_labels = {window.panel.model.index(r, 0).data() for r in range(window.panel.model.rowCount())}
    assert {"Overview", "Authentication", "Certificates & secrets", "Owners", "Manifest"} <= tree_labels
    with qtbot.waitSignal(window.apps.loaded, timeout=5000):
        window.switch_tenant(backed_up.fabrikam.tenant_id)
    assert window.apps.model.rowCount() == backed_up.store.count_apps(backed_up.fabrikam.tenant_id)


def test_back_up_now_runs_in_the_background_and_finds_changes(qtbot, open_window, context_of, backed_up, emulator) -> None:  # type: ignore[no-untyped-def]
    store = backed_up.store
    window = open_window(context_of(store, backup=BackupService(store, connector())))
    first = window.apps.model.index(0, AppColumn.NAME).data(Qt.ItemDataRole.UserRole + 2)
    # An admin renames an app in the portal.
    with GraphClient(emulator.base_url, GraphConnector().tokens_for(backed_up.contoso)) as graph:
        graph.patch(f"/applications/{first.object_id}", {"displayName": "Aardvark renamed"})
    before = len(store.snapshots(backed_up.contoso.tenant_id))
    with qtbot.waitSignal(window.backup.finished, timeout=30_000) as finished:
        qtbot.mouseClick(window.backup.button, Qt.MouseButton.LeftButton)
        assert window.backup.running and not window.backup.button.isEnabled()
        assert window.backup.progress.isVisible() and window.backup.cancel_button.isVisible()
        window.apps.set_filter("")  # the window stays usable meanwhile
    assert finished.args == ["complete"]
    qtbot.waitUntil(lambda: "Aardvark renamed" in [window.apps.model.index(r, AppColumn.NAME).data()
                                                   for r in range(window.apps.model.rowCount())])
    assert len(store.snapshots(backed_up.contoso.tenant_id)) == before + 1
    assert window.backup.button.isEnabled() and not window.backup.progress.isVisible()
    assert window.backup.last_backup_label.text().startswith("Last backup")
    assert "Backup complete" in window.statusBar().currentMessage()


def test_cancel_back_up_now_keeps_the_data(qtbot, open_window, context_of, backed_up, emulator) -> None:  # type: ignore[no-untyped-def]
    store = backed_up.store
    window = open_window(context_of(store, backup=BackupService(store, connector())))
    before = state_of(store, backed_up.contoso.tenant_id)
    emulator.configure(latency_ms=150)  # slow enough to cancel in flight
    with qtbot.waitSignal(window.backup.finished, timeout=30_000) as finished:
        window.backup.button.click()
        qtbot.mouseClick(window.backup.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["cancelled"]
    assert state_of(store, backed_up.contoso.tenant_id) == before
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.backup.error_dialog is None
    assert window.backup.button.isEnabled()


def _fail_backup(qtbot, window: MainWindow) -> QMessageBox:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.backup.finished, timeout=60_000) as finished:
        window.backup.button.click()
    assert finished.args == ["failed"]
    box = window.findChild(QMessageBox, "errorDialog")
    assert box is not None and box.isVisible()
    return box


def test_refused_access_shows_code_and_request_id_and_changes_nothing(qtbot, open_window, context_of, backed_up,  # type: ignore[no-untyped-def]
                                                                      emulator) -> None:
    store = backed_up.store

    def foreign_token(tenant: TenantInfo, *, cancel: CancelToken | None = None) -> GraphClient:
        # A token the tenant does not accept (another tenant's sign-in, expired consent).
        return GraphClient(tenant.graph_base_url, _Tokens("emulator.00000000-0000-0000-0000-000000000000"),
                           cancel=cancel)

    window = open_window(context_of(store, backup=BackupService(store, foreign_token)))
    before = state_of(store, backed_up.contoso.tenant_id)
    box = _fail_backup(qtbot, window)
    assert box.text() == "Microsoft Graph refused access (401 InvalidAuthenticationToken)."
    assert "Request ID: " in box.informativeText() and "Request ID: none" not in box.informativeText()
    assert "Application.Read.All" in box.informativeText()
    assert "emulator.0000" not in box.detailedText()  # never a token
    assert state_of(store, backed_up.contoso.tenant_id) == before
    qtbot.waitUntil(lambda: window.backup.last_backup_label.text().endswith("failed"))
    assert window.apps.model.rowCount() == store.count_apps(backed_up.contoso.tenant_id)


def test_a_403_without_application_read_rights_shows_code_and_request_id_and_changes_nothing(  # type: ignore[no-untyped-def]
        qtbot, open_window, context_of, backed_up, emulator) -> None:
    store = backed_up.store

    def user_read_only(tenant: TenantInfo, *, cancel: CancelToken | None = None) -> GraphClient:
        # A signed-in user whose token carries only User.Read: Graph answers 403 to every app read.
        return GraphClient(tenant.graph_base_url, _Tokens(f"emulator.{tenant.tenant_id}.basic"), cancel=cancel)

    window = open_window(context_of(store, backup=BackupService(store, user_read_only)))
    before = state_of(store, backed_up.contoso.tenant_id)
    box = _fail_backup(qtbot, window)
    assert "403 Authorization_RequestDenied" in box.text()
    assert "Request ID: " in box.informativeText() and "Request ID: none" not in box.informativeText()
    assert ".basic" not in box.detailedText()  # never a token
    assert state_of(store, backed_up.contoso.tenant_id) == before


def test_429_storm_shows_a_clear_message_and_changes_nothing(qtbot, open_window, context_of, backed_up, emulator) -> None:  # type: ignore[no-untyped-def]
    store = backed_up.store
    # 429s are waited out for the patience (half an hour by default), not for max_retries; these retries don't
    # wait, so each request counts the Retry-Afters it was given against a patience of a few seconds.
    window = open_window(context_of(store, backup=BackupService(
        store, connector(max_retries=2, throttle_patience_s=5.0))))
    before = state_of(store, backed_up.contoso.tenant_id)
    emulator.configure(fault_rate=1.0, fault_kinds=["429"])
    box = _fail_backup(qtbot, window)
    assert box.text() == "Microsoft Graph is throttling this tenant (TooManyRequests)."
    assert "Error code: TooManyRequests" in box.informativeText()
    assert "Request ID: " in box.informativeText()
    assert state_of(store, backed_up.contoso.tenant_id) == before
    assert window.backup.button.isEnabled()


def test_dropped_connections_show_a_clear_message_and_change_nothing(qtbot, open_window, context_of, backed_up,  # type: ignore[no-untyped-def]
                                                                     emulator) -> None:
    store = backed_up.store
    window = open_window(context_of(store, backup=BackupService(store, connector(max_retries=1))))
    before = state_of(store, backed_up.contoso.tenant_id)
    emulator.configure(fault_rate=1.0, fault_kinds=["drop"])
    box = _fail_backup(qtbot, window)
    assert box.text().startswith("Could not reach Microsoft Graph")
    assert state_of(store, backed_up.contoso.tenant_id) == before
    # The window still works: the table and the panel answer.
    with qtbot.waitSignal(window.panel.version_shown, timeout=5000):
        window.apps.show_app(window.apps.model.pk_at(0))


class _Tokens:
    def __init__(self, token: str) -> None:
        self._token = token

    def access_token(self, *, write: bool) -> str:
        return self._token


def test_changes_made_in_graph_are_red_after_back_up_now(qtbot, open_window, context_of, backed_up, emulator) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.domain.diff import diff_documents
    from desktop_app.ui.attributes_model import NodeRole

    store = backed_up.store
    window = open_window(context_of(store, backup=BackupService(store, connector())))
    app = window.apps.model.index(3, AppColumn.NAME).data(Qt.ItemDataRole.UserRole + 2)
    with GraphClient(emulator.base_url, GraphConnector().tokens_for(backed_up.contoso)) as graph:
        current = graph.get(f"/applications/{app.object_id}", params={"$select": "web"})
        uris = list((current.get("web") or {}).get("redirectUris") or [])
        graph.patch(f"/applications/{app.object_id}", {
            "displayName": app.display_name + " (renamed)",
            "web": {"redirectUris": [*uris, "https://new.example.com/signin-oidc"]},
        })
        graph.post(f"/applications/{app.object_id}/federatedIdentityCredentials", {
            "name": "deploy-prod", "issuer": "https://token.actions.githubusercontent.com",
            "subject": "repo:contoso/app:environment:prod", "audiences": ["api://AzureADTokenExchange"],
        })
    with qtbot.waitSignal(window.backup.finished, timeout=30_000):
        window.backup.button.click()
    with qtbot.waitSignal(window.panel.version_shown, timeout=5000):
        window.apps.show_app(app.pk)
    versions = store.versions(app.pk)
    expected = {c.path for c in diff_documents(store.version_document(versions[1].pk),
                                               store.version_document(versions[0].pk))}
    red = {window.panel.model.data(i, NodeRole).path for i in window.panel.model.red_indexes()}
    assert red == expected
    assert {("application", "displayName"), ("application", "web", "redirectUris"),
            ("federatedIdentityCredentials", "deploy-prod")} <= red
    assert window.panel.version_label.text().endswith(f"version {len(versions)} of {len(versions)} (current)")


def test_back_up_now_sends_the_alerts_and_says_what_could_not_go(qtbot, open_window, context_of, backed_up,  # type: ignore[no-untyped-def]
                                                                  emulator) -> None:
    from datetime import UTC, datetime, timedelta

    from desktop_app.services.alert_delivery import DESKTOP, WEBHOOK, RecordingChannel
    from desktop_app.services.alert_settings import AlertSettings
    from desktop_app.services.alerts import AlertService

    store = backed_up.store
    desktop, webhook = RecordingChannel(DESKTOP), RecordingChannel(WEBHOOK, failure="the webhook at hooks.example "
                                                                                    "could not be reached")
    settings = AlertSettings(desktop=True, webhook=True, webhook_host="hooks.example")
    AlertService(store, [desktop, webhook], settings).after_backups()  # alerts start with what is there now
    desktop.sent.clear()
    window = open_window(context_of(store, backup=BackupService(store, connector()),
                                    alerts=lambda: AlertService(store, [desktop, webhook], settings)))
    first = window.apps.model.index(0, AppColumn.NAME).data(Qt.ItemDataRole.UserRole + 2)
    end = (datetime.now(UTC) + timedelta(days=4)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with GraphClient(emulator.base_url, GraphConnector().tokens_for(backed_up.contoso)) as graph:
        graph.post(f"/applications/{first.object_id}/addPassword",
                   {"passwordCredential": {"displayName": "added in the portal", "endDateTime": end}})
    with qtbot.waitSignal(window.backup_alerts.done, timeout=30_000) as reported:
        qtbot.mouseClick(window.backup.button, Qt.MouseButton.LeftButton)
    assert reported.args[0].sent == {DESKTOP: 2}
    assert sorted(desktop.sent[-1][0].lines) == sorted([
        f"Contoso / {first.display_name}: added client secret 'added in the portal', valid until "
        f"{(datetime.now(UTC) + timedelta(days=4)).astimezone():%Y-%m-%d}",
        f"Contoso / {first.display_name}: client secret 'added in the portal' expires in 3 days "
        f"({(datetime.now(UTC) + timedelta(days=4)).astimezone():%Y-%m-%d})"])
    assert window.statusBar().currentMessage().startswith("Some alerts could not be sent (the webhook at "
                                                          "hooks.example could not be reached)")
