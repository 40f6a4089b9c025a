"""Ways into signing in from the window: the empty state's Add tenant…, Sign in… on a backup that needs a
sign-in, and Add tenant from the restore wizard. The fake identity platform and the emulator (signin_world)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from signin_world import SignInWorld, signin_world  # noqa: E402

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
