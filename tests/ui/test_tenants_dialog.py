"""The window's sign-in and tenant features with pytest-qt: Tenants… (add by signing in, device code, GDAP
customers, rename, restore target, remove), Settings…, Schedule backups…, the last scheduled run, no keyring."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from signin_world import PARTNER_USER, SignInWorld, signin_world

from desktop_app import app as app_module
from desktop_app.app import AppPaths, Services, build_services, build_window_context, open_credentials
from desktop_app.services.backup import BackupService
from desktop_app.services.schedule import CRON_MARKER, CommandResult, Scheduler
from desktop_app.store import Store
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.schedule_dialog import ScheduleDialog
from desktop_app.ui.tenants_dialog import TenantColumn, TenantsDialog

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox, QPlainTextEdit)


def assert_named(root: QWidget) -> None:
    """Every interactive widget has an objectName and an accessible name (Qt's own internals aside)."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or widget.objectName().startswith("qt_"):
            continue
        parent = widget.parentWidget()
        internal = False
        while parent is not None and parent is not root:
            if isinstance(parent, QAbstractItemView | QAbstractSpinBox | QComboBox):
                internal = True  # a view's corner button, a spin box's line edit
            parent = parent.parentWidget()
        if internal:
            continue
        if not widget.objectName() or not widget.accessibleName():
            missing.append(f"{type(widget).__name__}({widget.objectName()!r}, {widget.accessibleName()!r})")
    assert not missing, missing


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[SignInWorld]:
    with signin_world() as built:
        monkeypatch.setattr(app_module, "WIRING", built.wiring())
        yield built


@pytest.fixture
def services(world: SignInWorld, store: Store, tmp_path: Path) -> Services:
    return build_services(AppPaths(tmp_path).ensure(), store, max_retries=2)


@pytest.fixture
def window(open_window: Callable[..., MainWindow], services: Services) -> MainWindow:
    return open_window(build_window_context(services))


def open_tenants(qtbot: Any, window: MainWindow) -> TenantsDialog:
    """Tenants… from the menu; the list is read on the database worker and lands through the event loop."""
    window.account_actions.tenants_action.trigger()
    dialog = window.account_actions.tenants_dialog
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        pass
    return dialog


def row_of(dialog: TenantsDialog, tenant_id: str) -> int:
    return next(i for i, s in enumerate(dialog.statuses) if s.tenant.tenant_id == tenant_id)


def add_by_sign_in(qtbot: Any, dialog: TenantsDialog, text: str, *, device_code: bool = False) -> None:
    add = dialog.open_add_tenant()
    assert_named(add)
    add.tenant_edit.setText(text)
    add.device_code_check.setChecked(device_code)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000), qtbot.waitSignal(dialog.tenants_changed, timeout=10_000):
        qtbot.mouseClick(add.ok_button, Qt.MouseButton.LeftButton)


def test_add_a_tenant_in_the_browser_from_the_window(qtbot, window: MainWindow, world: SignInWorld) -> None:  # type: ignore[no-untyped-def]
    assert window.menuBar().findChild(QWidget, "tenantsMenu") is not None
    dialog = open_tenants(qtbot, window)
    assert_named(dialog)
    add_by_sign_in(qtbot, dialog, world.domain("contoso"))
    assert [s.tenant.tenant_id for s in dialog.statuses] == [world.tenant_id("contoso")]
    assert PARTNER_USER in dialog.table.item(0, TenantColumn.CONNECTION).text()
    [call] = [c for client in world.platform.clients for c in client.interactive_calls]
    assert isinstance(call["parent_window_handle"], int)  # the broker gets the main window's handle
    qtbot.waitUntil(lambda: window.tenant_switcher.count() == 1)
    assert dialog.sign_in_dialog is not None and assert_named(dialog.sign_in_dialog) is None


def test_device_code_is_shown_in_the_sign_in_dialog(qtbot, window: MainWindow, world: SignInWorld) -> None:  # type: ignore[no-untyped-def]
    dialog = open_tenants(qtbot, window)
    add_by_sign_in(qtbot, dialog, world.tenant_id("contoso"), device_code=True)
    sign_in = dialog.sign_in_dialog
    assert sign_in is not None and sign_in.code_label.text() == "FAKE-CODE"
    assert not any(client.interactive_calls for client in world.platform.clients)


def test_failed_sign_in_says_why_and_stays_open(qtbot, window: MainWindow, world: SignInWorld) -> None:  # type: ignore[no-untyped-def]
    dialog = open_tenants(qtbot, window)
    add = dialog.open_add_tenant()
    add.tenant_edit.setText(world.tenant_id("fabrikam"))  # the technician has no access there
    add.device_code_check.setChecked(False)
    with qtbot.waitSignal(dialog.busy_finished, timeout=10_000):
        qtbot.mouseClick(add.ok_button, Qt.MouseButton.LeftButton)
    sign_in = dialog.sign_in_dialog
    assert sign_in is not None and sign_in.isVisible() and "AADSTS50020" in sign_in.status_label.text()
    assert sign_in.cancel_button.text() == "Close"
    assert dialog.statuses == []


def test_add_a_us_government_tenant(qtbot, window: MainWindow, world: SignInWorld) -> None:  # type: ignore[no-untyped-def]
    dialog = open_tenants(qtbot, window)
    add = dialog.open_add_tenant()
    add.tenant_edit.setText(world.tenant_id("contoso"))
    add.device_code_check.setChecked(False)
    add.cloud_combo.setCurrentIndex(add.cloud_combo.findData("usgov"))
    with qtbot.waitSignal(dialog.loaded, timeout=10_000), qtbot.waitSignal(dialog.tenants_changed, timeout=10_000):
        qtbot.mouseClick(add.ok_button, Qt.MouseButton.LeftButton)
    [status] = dialog.statuses
    assert status.tenant.cloud == "usgov"
    assert world.platform.clients[-1].authority.startswith("https://login.microsoftonline.us/")


def test_admin_approval_required_shows_the_consent_link(qtbot, window: MainWindow, world: SignInWorld) -> None:  # type: ignore[no-untyped-def]
    world.platform.user_consents = False  # the tenant asks for an administrator's approval; the user can't give it
    world.platform.consented.pop(world.tenant_id("contoso"), None)
    dialog = open_tenants(qtbot, window)
    add = dialog.open_add_tenant()
    add.tenant_edit.setText(world.tenant_id("contoso"))
    add.device_code_check.setChecked(False)
    with qtbot.waitSignal(dialog.busy_finished, timeout=10_000):
        qtbot.mouseClick(add.ok_button, Qt.MouseButton.LeftButton)
    sign_in = dialog.sign_in_dialog
    assert sign_in is not None and sign_in.isVisible()  # not closed as if cancelled
    text = sign_in.status_label.text()
    assert "Application Administrator" in text and '<a href="https://login.microsoftonline.com/' in text
    assert "/v2.0/adminconsent?client_id=" in text and sign_in.status_label.openExternalLinks()


def test_customers_consent_pick_and_type(qtbot, window: MainWindow, world: SignInWorld) -> None:  # type: ignore[no-untyped-def]
    dialog = open_tenants(qtbot, window)
    add_by_sign_in(qtbot, dialog, world.tenant_id("contoso"))
    world.give_partner_access("fabrikam")
    customers = dialog.open_customers()
    qtbot.waitUntil(lambda: customers.consent_button.isVisible(), timeout=10_000)
    assert "DelegatedAdminRelationship.Read.All" in customers.hint_label.text()
    assert_named(customers)
    with qtbot.waitSignal(customers.loaded, timeout=10_000):
        qtbot.mouseClick(customers.consent_button, Qt.MouseButton.LeftButton)
    assert customers.list.count() == 2
    assert customers.hint_label.text().startswith("2 GDAP customers.")
    # Select all (issue 15): every customer not added yet, and again to clear; ticking rows updates it.
    box = customers.select_all_check
    assert box.isEnabled() and box.checkState() == Qt.CheckState.Unchecked
    box.click()
    assert all(customers.list.item(i).checkState() == Qt.CheckState.Checked for i in range(customers.list.count()))
    assert box.checkState() == Qt.CheckState.Checked
    box.click()
    assert all(customers.list.item(i).checkState() == Qt.CheckState.Unchecked
               for i in range(customers.list.count()))
    customers.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert box.checkState() == Qt.CheckState.PartiallyChecked
    customers.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    fabrikam_row = next(i for i in range(customers.list.count())
                        if customers.list.item(i).data(Qt.ItemDataRole.UserRole) == world.tenant_id("fabrikam"))
    customers.list.item(fabrikam_row).setCheckState(Qt.CheckState.Checked)
    customers.ids_edit.setText(world.domain("northwind"))
    with qtbot.waitSignal(customers.finished_adding, timeout=10_000) as finished:
        qtbot.mouseClick(customers.add_button, Qt.MouseButton.LeftButton)
    results = finished.args[0]
    assert [r.tenant is not None for r in results] == [True, False]
    assert "Added Fabrikam" in customers.result_label.text() and "Could not add" in customers.result_label.text()
    qtbot.waitUntil(lambda: window.tenant_switcher.count() == 2, timeout=10_000)


def test_rename_target_and_remove_keeping_backups(qtbot, window: MainWindow, world: SignInWorld,  # type: ignore[no-untyped-def]
                                                  services: Services) -> None:
    dialog = open_tenants(qtbot, window)
    add_by_sign_in(qtbot, dialog, world.tenant_id("contoso"))
    tenant_id = world.tenant_id("contoso")
    BackupService(services.store, services.connector).run(tenant_id)
    dialog.table.selectRow(row_of(dialog, tenant_id))
    dialog.rename_edit.setText("Contoso production")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    assert dialog.statuses[0].tenant.display_name == "Contoso production"
    qtbot.waitUntil(lambda: "Contoso production" in window.tenant_switcher.currentText(), timeout=10_000)

    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.table.item(0, TenantColumn.TARGET).setCheckState(Qt.CheckState.Checked)
    assert services.store.get_tenant(tenant_id).is_restore_target

    dialog.table.selectRow(0)
    box = dialog.remove_selected()
    assert box is not None and box.objectName() == "removeTenantDialog"
    assert_named_buttons(box, ["keepBackupsButton", "deleteBackupsButton", "cancelRemoveButton"])
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(box.findChild(QAbstractButton, "keepBackupsButton"), Qt.MouseButton.LeftButton)
    assert dialog.statuses == [] and "backups are kept" in dialog.status_label.text()
    assert services.store.snapshots(tenant_id)  # kept
    qtbot.waitUntil(lambda: window.tenant_switcher.count() == 0, timeout=10_000)


def assert_named_buttons(root: QWidget, names: Sequence[str]) -> None:
    for name in names:
        button = root.findChild(QAbstractButton, name)
        assert button is not None and button.accessibleName(), name


def test_remove_deleting_backups_and_sign_out(qtbot, window: MainWindow, world: SignInWorld,  # type: ignore[no-untyped-def]
                                              services: Services) -> None:
    dialog = open_tenants(qtbot, window)
    add_by_sign_in(qtbot, dialog, world.tenant_id("contoso"))
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.sign_out_button, Qt.MouseButton.LeftButton)
    assert dialog.table.item(0, TenantColumn.CONNECTION).text() == "Not signed in"
    dialog.table.selectRow(0)
    box = dialog.remove_selected()
    assert box is not None
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(box.findChild(QAbstractButton, "deleteBackupsButton"), Qt.MouseButton.LeftButton)
    assert services.store.find_tenant(world.tenant_id("contoso"), include_archived=True) is None


def test_settings_dialog_explains_and_saves(qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    settings = window.account_actions.open_settings()
    assert settings is not None
    qtbot.waitSignal(settings.loaded, timeout=10_000).wait()
    qtbot.waitUntil(lambda: settings.save_button.isEnabled(), timeout=10_000)
    assert_named(settings)
    text = settings.explanation.text()
    assert "Microsoft Graph Command Line Tools" in text and "admin may have to approve" in text
    assert "http://localhost" in text and "Allow public client" in text
    settings.client_id_edit.setText("not a guid")
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not a client ID" in settings.status_label.text(), timeout=10_000)
    settings.client_id_edit.setText("AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE")
    settings.device_code_check.setChecked(True)
    with qtbot.waitSignal(settings.saved, timeout=10_000):
        qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    assert services.sign_in.settings.client_id == "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
    dialog = open_tenants(qtbot, window)
    assert dialog.open_add_tenant().device_code_check.isChecked()  # the preference


def test_settings_dialog_network(qtbot, window: MainWindow, services: Services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = window.account_actions.open_settings()
    assert settings is not None
    qtbot.waitUntil(lambda: settings.save_button.isEnabled(), timeout=10_000)
    assert settings.proxy_edit.text() == "" and settings.pac_check.isChecked()  # automatic by default
    settings.proxy_edit.setText("proxy.corp.example:8080")
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not a proxy address" in settings.status_label.text(), timeout=10_000)
    settings.proxy_edit.setText("http://proxy.corp.example:8080")
    settings.ca_bundle_edit.setText(str(tmp_path / "missing.pem"))
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "does not exist" in settings.status_label.text(), timeout=10_000)
    settings.ca_bundle_edit.setText("")
    with qtbot.waitSignal(settings.saved, timeout=10_000):
        qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    assert services.connector.network is not None and services.connector.network.proxy == "http://proxy.corp.example:8080"
    assert services.sign_in.settings.network.proxy == "http://proxy.corp.example:8080"


def test_settings_turns_the_update_check_off(qtbot, window: MainWindow, services: Services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.update_check import update_check_enabled

    monkeypatch.delenv("REGVAULT_NO_UPDATE_CHECK")
    settings = window.account_actions.open_settings()
    assert settings is not None
    qtbot.waitUntil(lambda: settings.save_button.isEnabled(), timeout=10_000)
    assert settings.update_check.isChecked() and settings.update_check.isEnabled()  # on by default
    settings.update_check.setChecked(False)
    with qtbot.waitSignal(settings.saved, timeout=10_000):
        qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    assert not update_check_enabled(services.store)


def test_settings_chooses_a_teams_database_checked_first_password_in_the_keyring(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, postgres_schema: str, memory_keyring
) -> None:
    import json
    from urllib.parse import urlsplit

    from store_engines import postgres_url

    settings = window.account_actions.open_settings()
    assert settings is not None
    qtbot.waitUntil(lambda: settings.save_button.isEnabled(), timeout=10_000)
    assert settings.database_in_use.text() == services.store.location.url
    url = postgres_url(postgres_schema)
    password = urlsplit(url).password or ""
    bare = url.replace(f":{password}@", "@")
    settings.database_edit.setText(bare)
    settings.database_password_edit.setText("wrong")
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "refused" in settings.status_label.text(), timeout=20_000)
    assert not (services.paths.data_dir / "database.json").exists()  # nothing saved
    settings.database_password_edit.setText(password)
    with qtbot.waitSignal(settings.database_saved, timeout=20_000) as saved:
        qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    assert "an empty database" in saved.args[0] and "next start" in saved.args[0]
    stored = (services.paths.data_dir / "database.json").read_text()
    assert password not in stored and json.loads(stored)["database"].startswith("postgresql://")
    assert password in memory_keyring.entries.values()


def test_schedule_dialog_shows_installs_and_removes(qtbot, tmp_path: Path, services: Services,  # type: ignore[no-untyped-def]
                                                    world: SignInWorld) -> None:
    from desktop_app.ui.tasks import TaskRunner

    tenant = services.tenants.add_emulator_tenant(world.emulator.base_url, world.tenant_id("northwind"))
    crontab = {"text": "MAILTO=me\n"}
    calls: list[tuple[str, ...]] = []

    def fake_run(argv: Sequence[str], stdin: str | None) -> CommandResult:
        calls.append(tuple(argv))
        if list(argv) == ["crontab", "-l"]:
            return CommandResult(0, crontab["text"], "")
        crontab["text"] = stdin or ""
        return CommandResult(0, "", "")

    runner = TaskRunner()
    dialog = ScheduleDialog(tmp_path, [tenant], runner, schedulers=[Scheduler.CRON, Scheduler.SYSTEMD],
                            command_runner=fake_run, program=("/opt/regvault/regvault",), home=tmp_path / "home")
    qtbot.addWidget(dialog)
    dialog.show()
    assert_named(dialog)
    assert "30 2 * * *" in dialog.preview.toPlainText() and "--all-tenants" in dialog.preview.toPlainText()
    dialog.tenant_combo.setCurrentIndex(1)
    assert f"--tenant {tenant.tenant_id}" in dialog.preview.toPlainText()
    with qtbot.waitSignal(dialog.finished_action, timeout=10_000) as done:
        qtbot.mouseClick(dialog.install_button, Qt.MouseButton.LeftButton)
    assert done.args == ["installed"] and "Installed" in dialog.result_label.text()
    assert crontab["text"].startswith("MAILTO=me\n") and CRON_MARKER in crontab["text"]
    with qtbot.waitSignal(dialog.finished_action, timeout=10_000) as done:
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert done.args == ["removed"] and crontab["text"] == "MAILTO=me\n"
    dialog.scheduler_combo.setCurrentIndex(1)
    assert "OnCalendar=*-*-* 02:30:00" in dialog.preview.toPlainText()

    # The change timeline: every 15 minutes, each run reading only what changed.
    dialog.often_combo.setCurrentIndex(dialog.often_combo.findData(15))
    assert dialog.often_combo.currentText() == "Every 15 minutes, only what changed"
    assert not dialog.time_edit.isEnabled() and "OnCalendar=*:0/15" in dialog.preview.toPlainText()
    dialog.scheduler_combo.setCurrentIndex(0)
    assert "*/15 * * * *" in dialog.preview.toPlainText()
    with qtbot.waitSignal(dialog.finished_action, timeout=10_000) as done:
        qtbot.mouseClick(dialog.install_button, Qt.MouseButton.LeftButton)
    assert done.args == ["installed"] and "every 15 minutes, reading only what changed" in dialog.result_label.text()
    assert "*/15 * * * *" in crontab["text"] and f"--tenant {tenant.tenant_id}" in crontab["text"]
    dialog.often_combo.setCurrentIndex(0)
    assert dialog.time_edit.isEnabled() and "30 2 * * *" in dialog.preview.toPlainText()
    runner.shutdown()


def test_window_shows_the_last_scheduled_run(qtbot, open_window, services: Services, world: SignInWorld) -> None:  # type: ignore[no-untyped-def]
    tenant = services.tenants.add_emulator_tenant(world.emulator.base_url, world.tenant_id("northwind"))
    BackupService(services.store, services.connector).run(tenant.tenant_id, trigger="scheduled")
    BackupService(services.store, services.connector).run(tenant.tenant_id)  # a manual one after it
    window = open_window(build_window_context(services))
    label = window.findChild(QWidget, "lastScheduledLabel")
    qtbot.waitUntil(lambda: "complete, 4 apps" in label.text(), timeout=10_000)
    assert label.text().startswith("Scheduled backup")


def test_without_a_keyring_the_window_says_so_and_runs(qtbot, open_window, store: Store, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       world: SignInWorld) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    paths = AppPaths(tmp_path).ensure()
    services = build_services(paths, store, open_credentials(paths))
    window = open_window(build_window_context(services))
    actions = window.account_actions
    box = actions.keyring_dialog
    assert box is not None and box.isVisible() and box.objectName() == "keyringDialog"
    assert "keyring is not available" in box.informativeText()
    assert_named_buttons(box, ["continueSessionOnlyButton", "quitButton"])
    qtbot.mouseClick(box.findChild(QAbstractButton, "continueSessionOnlyButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert actions.keyring_banner is not None and actions.keyring_banner.isVisible()
    assert window.isVisible()
    dialog = open_tenants(qtbot, window)  # and it still runs: sign in for this session
    add_by_sign_in(qtbot, dialog, world.tenant_id("contoso"))
    assert PARTNER_USER in dialog.table.item(0, TenantColumn.CONNECTION).text()
    assert not (tmp_path / "token-cache.bin").exists()


def test_settings_fit_their_width_whatever_the_data_folders_path(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The database in use is shown whole, wrapped at its slashes: a long data folder's URL (a Windows profile's,
    pytest's under xdist) set the dialog's width, and the body was cut at the right on a small screen."""
    from PySide6.QtWidgets import QLabel
    from window_context import context_for

    from desktop_app.ui.settings_dialog import SettingsDialog
    from desktop_app.ui.tasks import TaskRunner

    folder = tmp_path / "Users" / ("a-rather-long-profile-name-" * 3) / "AppData" / "Local" / "Regvault" / "data"
    folder.mkdir(parents=True)
    store = Store.open(folder / "regvault.sqlite")
    runner = TaskRunner()
    try:
        settings = SettingsDialog(context_for(store, folder), runner)
        qtbot.addWidget(settings)
        settings.show()
        qtbot.waitUntil(settings.save_button.isEnabled, timeout=10_000)
        url = settings.database_in_use
        assert url.text() == store.location.url and url.fontMetrics().horizontalAdvance(url.text()) > 800
        body = settings.body_scroll
        assert body.widget().minimumSizeHint().width() <= body.viewport().width()
        assert settings.width() <= 800  # the test screen (offscreen: 800 wide), room to spare
        qtbot.waitUntil(lambda: url.height() >= url.heightForWidth(url.width()))  # every line of it shown
        assert isinstance(url, QLabel) and url.heightForWidth(url.width()) > url.fontMetrics().height()  # wrapped
        settings.close()
    finally:
        runner.shutdown(wait=True)
        store.close()
