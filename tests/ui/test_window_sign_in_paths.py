"""Ways into signing in from the window: the empty state's Add tenant…, Sign in… on a backup that needs a
sign-in, and Add tenant from the restore wizard. The fake identity platform and the emulator (signin_world)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QWidget
from signin_world import PARTNER_USER, SignInWorld, signin_world

from desktop_app import app as app_module
from desktop_app.app import AppPaths, Services, build_services, build_window_context
from desktop_app.store import Store
from desktop_app.store.records import TenantInfo
from desktop_app.ui.main_window import MainWindow


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[SignInWorld]:
    with signin_world() as built:
        monkeypatch.setattr(app_module, "WIRING", built.wiring())
        yield built


@pytest.fixture
def services(world: SignInWorld, store: Store, tmp_path: Path) -> Services:
    return build_services(AppPaths(tmp_path).ensure(), store, max_retries=2)


def window_on(open_window: Callable[..., MainWindow], services: Services) -> MainWindow:
    return open_window(build_window_context(services))


def test_no_tenant_points_to_add_tenant_and_its_button_opens_it(qtbot: Any, open_window: Callable[..., MainWindow],
                                                                services: Services, world: SignInWorld) -> None:
    window = window_on(open_window, services)
    assert window.apps.stack.currentWidget() is window.apps.empty_state
    assert "Tenants → Add tenant…" in window.apps.empty_title.text()
    button = window.apps.empty_add_tenant_button
    assert button.isVisible() and button.accessibleName() and not window.apps.empty_backup_button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    tenants = window.account_actions.tenants_dialog
    assert tenants is not None and tenants.isVisible()
    add = tenants.add_dialog
    assert add is not None and add.isVisible()
    add.tenant_edit.setText(world.domain("contoso"))
    qtbot.mouseClick(add.ok_button, Qt.MouseButton.LeftButton)
    # The window follows: the new tenant is listed and its empty state offers Back up now instead.
    qtbot.waitUntil(lambda: window.tenant_switcher.count() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.apps.empty_backup_button.isVisible(), timeout=10_000)
    assert not button.isVisible()


def test_back_up_now_that_needs_a_sign_in_offers_sign_in_then_backs_up(
        qtbot: Any, open_window: Callable[..., MainWindow], services: Services, world: SignInWorld) -> None:
    tenant = services.tenants.add_tenant(world.tenant_id("contoso"))
    services.tenants.sign_out(tenant.tenant_id)
    window = window_on(open_window, services)
    with qtbot.waitSignal(window.backup.finished, timeout=10_000) as ended:
        qtbot.mouseClick(window.backup.button, Qt.MouseButton.LeftButton)
    assert ended.args == ["failed"]
    box = window.backup.error_dialog
    assert box is not None and box.isVisible()
    assert box.text() == "A sign-in to this tenant is needed."
    assert "Nobody is signed in to this tenant" in box.informativeText()
    assert f"Tenant ID: {tenant.tenant_id}" in box.informativeText()  # what support asks for
    button = box.findChild(QAbstractButton, "signInFromErrorButton")
    assert button is not None and button.text() == "Sign in…" and button.accessibleName()
    assert not services.store.snapshots(tenant.tenant_id)
    # Sign in… signs in to that tenant (the fake browser) and Back up now runs again.
    with qtbot.waitSignal(window.backup.finished, timeout=15_000) as again:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert again.args == ["complete"]
    assert not box.isVisible()
    sign_in = window.account_actions.sign_in_dialog
    assert sign_in is not None and sign_in.result_value.username == PARTNER_USER
    assert len(services.store.snapshots(tenant.tenant_id)) == 1


def test_other_failures_of_back_up_now_offer_no_sign_in(qtbot: Any, open_window: Callable[..., MainWindow],
                                                        services: Services, world: SignInWorld) -> None:
    tenant = services.tenants.add_tenant(world.tenant_id("contoso"))
    window = window_on(open_window, services)
    world.transport.forced_status = 503
    with qtbot.waitSignal(window.backup.finished, timeout=15_000):
        qtbot.mouseClick(window.backup.button, Qt.MouseButton.LeftButton)
    box = window.backup.error_dialog
    assert box is not None and "Microsoft Graph had a problem" in box.text()
    assert box.findChild(QAbstractButton, "signInFromErrorButton") is None
    assert not services.store.snapshots(tenant.tenant_id)


def test_the_wizards_add_target_tenant_hook_signs_in_and_answers(
        qtbot: Any, open_window: Callable[..., MainWindow], services: Services, world: SignInWorld) -> None:
    window = window_on(open_window, services)
    actions = window.account_actions  # the wizard's hook (the next test checks the wizard gets it)
    page = QWidget()
    qtbot.addWidget(page)
    answers: list[TenantInfo | None] = []

    actions.add_target_tenant(page, answers.append)  # Cancel in the Add tenant dialog
    qtbot.waitUntil(lambda: actions.add_target_dialog is not None and actions.add_target_dialog.isVisible())
    actions.add_target_dialog.reject()  # type: ignore[union-attr]
    assert answers == [None]

    actions.add_target_tenant(page, answers.append)  # a sign-in that fails: a tenant the user can't reach
    qtbot.waitUntil(lambda: actions.add_target_dialog is not None and actions.add_target_dialog.isVisible())
    dialog = actions.add_target_dialog
    assert dialog is not None and dialog.restore_target_check.isChecked()
    assert not dialog.restore_target_check.isEnabled()
    dialog.tenant_edit.setText(world.domain("northwind"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=10_000)
    assert answers[1] is None and services.store.list_tenants() == []
    assert actions.sign_in_dialog is not None
    actions.sign_in_dialog.reject()


def test_add_a_target_tenant_from_the_restore_wizard(qtbot: Any, open_window: Callable[..., MainWindow],
                                                     services: Services, world: SignInWorld) -> None:
    contoso = services.tenants.add_tenant(world.tenant_id("contoso"))
    services.backup().run(contoso.tenant_id)
    world.give_partner_access("fabrikam")
    fabrikam_id = world.tenant_id("fabrikam")
    window = window_on(open_window, services)
    pk = services.store.app_ids(contoso.tenant_id)[0]
    wizard = window.open_restore_wizard([pk], None)
    assert wizard is not None and wizard.setup.add_target_tenant == window.account_actions.add_target_tenant
    with qtbot.waitSignal(wizard.data_loaded, timeout=10_000):
        pass
    wizard.next()
    options = wizard.options_page
    assert options.target_tenant_combo.findData(fabrikam_id) < 0
    qtbot.mouseClick(options.add_target_button, Qt.MouseButton.LeftButton)
    actions = window.account_actions
    qtbot.waitUntil(lambda: actions.add_target_dialog is not None and actions.add_target_dialog.isVisible())
    dialog = actions.add_target_dialog
    assert dialog is not None and dialog.parentWidget() is options
    dialog.tenant_edit.setText(world.domain("fabrikam"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: options.target_tenant_combo.findData(fabrikam_id) >= 0, timeout=10_000)
    assert options.another_tenant_check.isChecked()
    assert options.target_tenant is not None and options.target_tenant.tenant_id == fabrikam_id
    assert services.store.get_tenant(fabrikam_id).is_restore_target
    qtbot.waitUntil(lambda: window.tenant_switcher.count() == 2, timeout=10_000)  # the window lists it too
    wizard.reject()


def test_closing_the_window_does_not_wait_for_an_abandoned_browser_sign_in(
        qtbot: Any, open_window: Callable[..., MainWindow], services: Services, world: SignInWorld) -> None:
    """Issue 17 #4: the browser sign-in the user walked away from holds no Graph worker once cancelled."""
    import time

    world.platform.user_abandons_browser = True  # msal would wait its whole timeout (here: 5 minutes)
    window = window_on(open_window, services)
    qtbot.mouseClick(window.apps.empty_add_tenant_button, Qt.MouseButton.LeftButton)
    tenants = window.account_actions.tenants_dialog
    assert tenants is not None and tenants.add_dialog is not None
    tenants.add_dialog.tenant_edit.setText(world.domain("contoso"))
    qtbot.mouseClick(tenants.add_dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(world.platform.clients and world.platform.clients[0].interactive_calls),
                    timeout=10_000)
    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 60  # msal alone would have waited 5 minutes
