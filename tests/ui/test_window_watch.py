"""The window captures its tenant's changes while open (Settings, on by default), and the side panel names who made
each version: driven through the window against the emulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import httpx
import pytest
from capture_world import capture_emulator
from PySide6.QtCore import Qt

from desktop_app.auth.emulator_tokens import EmulatorTokenProvider
from desktop_app.auth.errors import InteractionReason, InteractionRequired
from desktop_app.emulator import Emulator
from desktop_app.graph.tokens import TokenProvider
from desktop_app.services.alert_delivery import DESKTOP, RecordingChannel
from desktop_app.services.alert_settings import AlertSettings
from desktop_app.services.alerts import AlertService
from desktop_app.services.backup import BackupService
from desktop_app.services.capture import CaptureService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.services.watch import set_watching_while_open
from desktop_app.store import Store, TenantInfo
from desktop_app.ui.main_window import MainWindow


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with capture_emulator("contoso:12", seed=8, auditDelaySeconds=0) as emu:
        yield emu


@pytest.fixture
def sqlite(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "regvault.sqlite") as store:  # one engine: the window is the point here
        yield store


def backed_up(emulator: Emulator, store: Store, connector: GraphConnector) -> TenantInfo:
    tenant = TenantService(store, connector).add_emulator_tenant(emulator.base_url, emulator.tenant_id("contoso"))
    CaptureService(store, BackupService(store, connector)).capture(tenant.tenant_id)
    return tenant


def change_as(emulator: Emulator, index: int) -> tuple[dict, str]:
    user = emulator.named_users("contoso")[index]
    with httpx.Client(base_url=emulator.base_url, headers={"Authorization": f"Bearer {user['token']}"}) as http:
        app = http.get("/applications", params={"$top": "1"}).json()["value"][0]
        assert http.patch(f"/applications/{app['id']}", json={"web": {"redirectUris": [
            "https://watched.contoso.com/signin"]}}).status_code == 204
    return app, user["userPrincipalName"]


def alerts_from_now(store: Store) -> tuple[RecordingChannel, Callable[[], AlertService]]:
    """A desktop channel that records what it is sent, and the window's alert service over `store`, with every
    alert due before now already sent (the test's alerts start here)."""
    desktop = RecordingChannel(DESKTOP)

    def make() -> AlertService:
        return AlertService(store, [desktop], AlertSettings())

    make().after_backups()
    desktop.sent.clear()
    return desktop, make


def look(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.watch is not None
    with qtbot.waitSignal(window.watch.round_done, timeout=30_000):
        window.watch.look()


def test_the_open_window_captures_a_change_and_the_panel_says_who_made_it(
        qtbot, emulator: Emulator, sqlite: Store, context_of: Callable, open_window: Callable) -> None:  # type: ignore[no-untyped-def]
    connector = GraphConnector(timeout=20, max_retries=6)
    tenant = backed_up(emulator, sqlite, connector)
    window = open_window(context_of(sqlite, graph_for_tenant=connector))
    assert window.watch is not None and window.watch.timer.isActive() and window.watch.timer.interval() == 300_000
    app, upn = change_as(emulator, 2)
    snapshots = len(sqlite.snapshots(tenant.tenant_id))
    with qtbot.waitSignal(window.watch.captured, timeout=30_000):
        window.watch.look()
    assert len(sqlite.snapshots(tenant.tenant_id)) == snapshots + 1
    assert "Changes of Contoso captured at" in window.statusBar().currentMessage()
    row = sqlite.find_app(tenant.tenant_id, app["appId"])
    assert row is not None
    with qtbot.waitSignal(window.panel.version_shown, timeout=10_000):
        window.open_app(tenant.tenant_id, row.pk)
    label = window.panel.changed_by_label
    assert label.isVisible() and label.accessibleName()
    assert f"Redirect URIs: changed by {upn} at " in label.text() and "(Update application)" in label.text()

    look(qtbot, window)
    assert "No change in Contoso (looked at" in window.statusBar().currentMessage()
    assert len(sqlite.snapshots(tenant.tenant_id)) == snapshots + 1


def test_the_setting_turns_it_off_and_without_the_audit_log_the_panel_says_what_it_would_add(
        qtbot, emulator: Emulator, sqlite: Store, context_of: Callable, open_window: Callable) -> None:  # type: ignore[no-untyped-def]
    connector = GraphConnector(timeout=20, max_retries=6, refused_permissions=frozenset({"AuditLog.Read.All"}))
    tenant = backed_up(emulator, sqlite, connector)
    window = open_window(context_of(sqlite, graph_for_tenant=connector))
    set_watching_while_open(sqlite, False)
    app, _upn = change_as(emulator, 0)
    snapshots = len(sqlite.snapshots(tenant.tenant_id))
    look(qtbot, window)
    assert len(sqlite.snapshots(tenant.tenant_id)) == snapshots  # off: nothing read
    set_watching_while_open(sqlite, True)
    look(qtbot, window)
    assert len(sqlite.snapshots(tenant.tenant_id)) == snapshots + 1
    row = sqlite.find_app(tenant.tenant_id, app["appId"])
    assert row is not None
    with qtbot.waitSignal(window.panel.version_shown, timeout=10_000):
        window.open_app(tenant.tenant_id, row.pk)
    text = window.panel.changed_by_label.text()
    assert "Who made each change is not known" in text and "AuditLog.Read.All" in text


def test_each_capture_round_of_the_open_window_sends_the_alerts(
        qtbot, emulator: Emulator, sqlite: Store, context_of: Callable, open_window: Callable) -> None:  # type: ignore[no-untyped-def]
    connector = GraphConnector(timeout=20, max_retries=6)
    backed_up(emulator, sqlite, connector)
    desktop, make = alerts_from_now(sqlite)
    app, _who = change_as(emulator, 0)
    with httpx.Client(base_url=emulator.base_url, headers={"Authorization": f"Bearer {emulator.token('contoso')}"}) as http:
        http.post(f"/applications/{app['id']}/owners/$ref", json={
            "@odata.id": f"{emulator.base_url}/directoryObjects/{emulator.named_users('contoso')[1]['id']}"})
    window = open_window(context_of(sqlite, graph_for_tenant=connector, alerts=make))
    with qtbot.waitSignal(window.backup_alerts.done, timeout=30_000) as reported:
        look(qtbot, window)
    assert reported.args[0].sent == {DESKTOP: 1}
    assert [line.split(": ", 1)[1].split(" ")[0:2] for line in desktop.sent[0][0].lines] == [["added", "owner"]]


class _ExpiredTokens(EmulatorTokenProvider):
    """A sign-in that expired (or was revoked): the silent token request Graph's first call needs is refused."""

    def access_token(self, *, write: bool) -> str:
        raise InteractionRequired(InteractionReason.SIGN_IN_EXPIRED, self.tenant_id, "AADSTS700082")

    def with_permissions(self, permissions: Sequence[str]) -> _ExpiredTokens:
        return self


class _ExpiredConnector(GraphConnector):
    def tokens_for(self, tenant: TenantInfo) -> TokenProvider:
        return _ExpiredTokens(tenant.tenant_id)


def test_a_capture_of_the_open_window_whose_sign_in_expired_is_a_failed_attempt_alerted_once(
        qtbot, emulator: Emulator, sqlite: Store, context_of: Callable, open_window: Callable) -> None:  # type: ignore[no-untyped-def]
    tenant = backed_up(emulator, sqlite, GraphConnector(timeout=20, max_retries=6))
    desktop, make = alerts_from_now(sqlite)
    window = open_window(context_of(sqlite, graph_for_tenant=_ExpiredConnector(timeout=20, max_retries=6),
                                    alerts=make))
    label = window.backup.last_backup_label
    assert "failed" not in label.text()
    with qtbot.waitSignal(window.backup_alerts.done, timeout=30_000) as reported:
        look(qtbot, window)
    # Recorded as a scheduled backup or `regvault watch` records it: in the command line's words.
    attempt = sqlite.last_backup(tenant.tenant_id)
    assert attempt is not None and attempt.status == "failed" and attempt.trigger == "scheduled"
    assert attempt.error is not None and attempt.error.startswith(
        f"The sign-in to tenant {tenant.tenant_id} has expired or was revoked: sign in with `regvault signin")
    # The window's tenant status shows it: the toolbar and the tenant list.
    qtbot.waitUntil(lambda: label.text().startswith("Last backup") and label.text().endswith("failed"),
                    timeout=10_000)
    assert label.toolTip() == attempt.error
    qtbot.waitUntil(lambda: window.tenant_switcher.itemData(0, Qt.ItemDataRole.UserRole + 1) == "failed",
                    timeout=10_000)
    assert window.statusBar().currentMessage().startswith(
        "Could not capture the changes of Contoso: A sign-in to this tenant is needed. The sign-in to this tenant has "
        "expired or was revoked.")
    # Alerted once: the next rounds fail for the same reason and say nothing new.
    assert reported.args[0].sent == {DESKTOP: 1}
    ((alert, _to),) = desktop.sent
    assert [item["kind"] for item in alert.items] == ["backupFailed"]
    assert "has expired or was revoked" in alert.lines[0]
    for _ in range(2):
        with qtbot.waitSignal(window.backup_alerts.done, timeout=30_000) as again:
            look(qtbot, window)
        assert again.args[0].sent == {}
    assert len(desktop.sent) == 1
    # The same failure again is not a row every round: the last attempt says it.
    assert len([s for s in sqlite.snapshots(tenant.tenant_id, include_failed=True) if s.status == "failed"]) == 1


def test_on_a_shared_store_the_window_says_a_failed_sign_in_but_records_none(
        qtbot, emulator: Emulator, postgres_schema: str, context_of: Callable, open_window: Callable) -> None:  # type: ignore[no-untyped-def]
    """A team's PostgreSQL store: this workstation's sign-in to the tenant expired while a colleague's captures go on.
    The window says it in its status bar; it records no failed attempt and sends no alert. Recorded, each round would
    flip the team's last attempt between failed and complete, and each flip would alert again."""
    from store_engines import postgres_url

    with Store.open(postgres_url(postgres_schema)) as shared:
        colleague = GraphConnector(timeout=20, max_retries=6)  # the colleague's workstation, signed in
        tenant = backed_up(emulator, shared, colleague)
        desktop, make = alerts_from_now(shared)
        window = open_window(context_of(shared, graph_for_tenant=_ExpiredConnector(timeout=20, max_retries=6),
                                        alerts=make))
        for round_ in range(2):
            with qtbot.waitSignal(window.backup_alerts.done, timeout=30_000) as reported:
                look(qtbot, window)
            assert reported.args[0].sent == {}
            assert window.statusBar().currentMessage().startswith(
                "Could not capture the changes of Contoso: A sign-in to this tenant is needed.")
            with httpx.Client(base_url=emulator.base_url,
                              headers={"Authorization": f"Bearer {emulator.token('contoso')}"}) as http:
                app = http.get("/applications", params={"$top": "1"}).json()["value"][0]
                assert http.patch(f"/applications/{app['id']}", json={
                    "notes": f"changed in round {round_}"}).status_code == 204
            # The colleague's capture finds the change and writes it: the team's last attempt is complete.
            assert CaptureService(shared, BackupService(shared, colleague)).capture(tenant.tenant_id).snapshot
        attempts = shared.snapshots(tenant.tenant_id, include_failed=True)
        assert [s.status for s in attempts if s.status == "failed"] == []
        last = shared.last_backup(tenant.tenant_id)
        assert last is not None and last.status == "complete"
        assert "failed" not in window.backup.last_backup_label.text()
        assert desktop.sent == []
