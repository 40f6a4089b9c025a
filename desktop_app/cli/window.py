"""`regvault` and `regvault --demo`: the desktop app."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable
from typing import Any

from desktop_app.app import AppPaths, Context, configure_logging

log = logging.getLogger(__name__)


def run_window(args: argparse.Namespace) -> int:
    demo = bool(getattr(args, "demo", False))
    paths = AppPaths.resolve(getattr(args, "data_dir", None), demo=demo).ensure()
    configure_logging(paths, verbose=bool(getattr(args, "verbose", False)))
    context = Context(paths=paths, demo=demo)

    demo_env: Any = None
    if demo:
        try:
            prepare_demo = importlib.import_module("desktop_app.cli.demo").prepare_demo
        except (ModuleNotFoundError, AttributeError):
            print("regvault: demo mode is not available in this build yet (desktop_app.cli.demo is missing).",
                  file=sys.stderr)
            return 2
        print(f"regvault: preparing the demo in {paths.data_dir} (an emulator with 60 days of history)…",
              file=sys.stderr)
        demo_env = prepare_demo(paths)
        context.extras["demo"] = demo_env

    from desktop_app.store import Store, StoreError

    try:
        store = _demo_attr(demo_env, "store") or Store.open(paths.database)
    except StoreError as exc:
        print(f"regvault: {exc}", file=sys.stderr)
        return 2

    from desktop_app.ui.launch import run_main_window
    from desktop_app.ui.main_window import WindowServices

    graph_for_tenant = _demo_attr(demo_env, "graph_for_tenant") or context.extras.get("graph_for_tenant") \
        or default_graph_for_tenant()
    services = WindowServices(store=store, backup=_backup_service(store, graph_for_tenant), demo=demo,
                              extras=context.extras)
    try:
        return run_main_window(services, paths.data_dir, quit_after_ms=getattr(args, "quit_after_ms", None))
    finally:
        store.close()
        for name in ("close", "stop"):
            stop = getattr(demo_env, name, None)
            if callable(stop):
                stop()
                break


def default_graph_for_tenant() -> Callable[[Any], Any]:
    """Graph clients per tenant: the emulator's tokens for emulator tenants, an app-only identity when one is
    configured; interactive sign-in from the window is not wired yet (TenantNotConnectable says so)."""
    from desktop_app.auth.app_only import AppOnlyCredentialStore
    from desktop_app.services.tenants import GraphConnector

    return GraphConnector(app_only=AppOnlyCredentialStore())


def _backup_service(store: Any, graph_for_tenant: Callable[[Any], Any]) -> Any:
    try:
        from desktop_app.services.backup import BackupService
    except ModuleNotFoundError:  # during bring-up: the window still browses existing backups
        log.warning("services.backup is not available: Back up now is disabled")
        return None
    return BackupService(store, graph_for_tenant)


def _demo_attr(demo_env: Any, name: str) -> Any:
    return getattr(demo_env, name, None) if demo_env is not None else None
