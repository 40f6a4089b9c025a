"""Fixtures for the window tests: a real Store in tmp_path, a window with its settings beside it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from store_fill import FilledTenant, fill_tenant
from window_context import context_for

from desktop_app.store import Store
from desktop_app.store.location import DatabaseLocation
from desktop_app.ui.context import WindowContext
from desktop_app.ui.launch import window_settings
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from flow_world import Flow


@pytest.fixture
def store(database: DatabaseLocation) -> Iterator[Store]:
    opened = Store.open(database)  # SQLite in tmp_path, and PostgreSQL where a server is configured
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def filled(store: Store) -> tuple[Store, FilledTenant, FilledTenant]:
    contoso = fill_tenant(store, "contoso", 40)
    fabrikam = fill_tenant(store, "fabrikam", 10, snapshots=2, recycle=1, purge=0)
    return store, contoso, fabrikam


@pytest.fixture
def context_of(tmp_path: Path) -> Callable[..., WindowContext]:
    """context_for(store, ...) with a data folder in tmp_path."""
    return lambda store, **fields: context_for(store, tmp_path / "data", **fields)


@pytest.fixture
def open_window(qtbot, tmp_path: Path) -> Callable[..., MainWindow]:  # type: ignore[no-untyped-def]
    """Open a MainWindow on `context`, wait for its first id list; closed (workers joined) after the test."""
    windows: list[MainWindow] = []

    def opener(context: WindowContext, *, wait: bool = True) -> MainWindow:
        window = MainWindow(context, window_settings(tmp_path))
        qtbot.addWidget(window)
        windows.append(window)
        if wait and context.store.list_tenants():
            with qtbot.waitSignal(window.apps.loaded, timeout=10_000):
                window.show()
        else:
            window.show()
        return window

    yield opener
    for window in windows:
        window.close()


@pytest.fixture
def german(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The window's language German for this test (as REGVAULT_LANGUAGE=de makes it), English again after."""
    from desktop_app.ui.translations import use_language

    use_language(qapp, "de")
    try:
        yield
    finally:
        use_language(qapp, "en")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo's data folder (flow_world.py), built once per test process; each flow starts on a copy."""
    from flow_world import build_template

    return build_template(tmp_path_factory.mktemp("flow-demo") / "template")


@pytest.fixture
def flow(qtbot, demo_template: Path, tmp_path: Path) -> Iterator[Flow]:  # type: ignore[no-untyped-def]
    """The demo's window on Contoso, started on a copy of the template (flow_world.open_flow)."""
    from flow_world import open_flow

    yield from open_flow(qtbot, demo_template, tmp_path / "demo")


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown(wait=True)
