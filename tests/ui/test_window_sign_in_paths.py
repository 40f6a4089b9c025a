"""Ways into signing in from the window: the empty state's Add tenant…, Sign in… on a backup that needs a
sign-in, and Add tenant from the restore wizard. The fake identity platform and the emulator (signin_world)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from signin_world import PARTNER_USER, SignInWorld, signin_world  # noqa: E402

from desktop_app import app as app_module  # noqa: E402
from desktop_app.app import AppPaths, Services, build_services  # noqa: E402
from desktop_app.store import Store  # noqa: E402
from desktop_app.ui.main_window import MainWindow, WindowServices  # noqa: E402


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[SignInWorld]:
    with signin_world() as built:
        monkeypatch.setattr(app_module, "WIRING", built.wiring())
        yield built


@pytest.fixture
def services(world: SignInWorld, store: Store, tmp_path: Path) -> Services:
    return build_services(AppPaths(tmp_path).ensure(), store, max_retries=2)


def window_on(open_window: Callable[..., MainWindow], services: Services) -> MainWindow:
    return open_window(WindowServices(store=services.store, backup=services.backup(),
                                      extras={"services": services}))


def test_no_tenant_points_to_add_tenant_and_its_button_opens_it(qtbot: Any, open_window: Callable[..., MainWindow],
                                                                services: Services, world: SignInWorld) -> None:
    window = window_on(open_window, services)
    assert window.apps_stack.currentWidget() is window.empty_state
    assert "Tenants → Add tenant…" in window.empty_title.text()
    button = window.empty_add_tenant_button
    assert button.isVisible() and button.accessibleName() and not window.empty_backup_button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    tenants = window.account_actions.tenants_dialog
    assert tenants is not None and tenants.isVisible()
    add = tenants.add_dialog
    assert add is not None and add.isVisible()
    add.tenant_edit.setText(world.domain("contoso"))
    qtbot.mouseClick(add.ok_button, Qt.MouseButton.LeftButton)
    # The window follows: the new tenant is listed and its empty state offers Back up now instead.
    qtbot.waitUntil(lambda: window.tenant_switcher.count() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.empty_backup_button.isVisible(), timeout=10_000)
    assert not button.isVisible()


def test_back_up_now_that_needs_a_sign_in_offers_sign_in_then_backs_up(
        qtbot: Any, open_window: Callable[..., MainWindow], services: Services, world: SignInWorld) -> None:
    tenant = services.tenants.add_tenant(world.tenant_id("contoso"))
    services.tenants.sign_out(tenant.tenant_id)
    window = window_on(open_window, services)
    with qtbot.waitSignal(window.backup_finished, timeout=10_000) as ended:
        qtbot.mouseClick(window.backup_button, Qt.MouseButton.LeftButton)
    assert ended.args == ["failed"]
    box = window.error_dialog
    assert box is not None and box.isVisible()
    assert box.text() == "A sign-in to this tenant is needed."
    assert "Nobody is signed in to this tenant" in box.informativeText()
    button = box.findChild(QAbstractButton, "signInFromErrorButton")
    assert button is not None and button.text() == "Sign in…" and button.accessibleName()
    assert not services.store.snapshots(tenant.tenant_id)
    # Sign in… signs in to that tenant (the fake browser) and Back up now runs again.
    with qtbot.waitSignal(window.backup_finished, timeout=15_000) as again:
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
    with qtbot.waitSignal(window.backup_finished, timeout=15_000):
        qtbot.mouseClick(window.backup_button, Qt.MouseButton.LeftButton)
    box = window.error_dialog
    assert box is not None and "Microsoft Graph had a problem" in box.text()
    assert box.findChild(QAbstractButton, "signInFromErrorButton") is None
    assert not services.store.snapshots(tenant.tenant_id)
