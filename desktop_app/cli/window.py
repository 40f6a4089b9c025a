"""`regvault` and `regvault --demo`: the desktop app."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Mapping
from typing import Any

from desktop_app.app import AppPaths, Context, about_facts, configure_logging
from desktop_app.diagnostics import watching_for_crashes

log = logging.getLogger(__name__)


def run_window(args: argparse.Namespace, *, demo_overrides: Mapping[str, Any] | None = None) -> int:
    """`demo_overrides`: prepare_demo's tenants=/days= for tests (a demo built in seconds); not a user option."""
    demo = bool(getattr(args, "demo", False))
    paths = AppPaths.resolve(getattr(args, "data_dir", None), demo=demo)
    try:
        paths.ensure()
        configure_logging(paths, verbose=bool(getattr(args, "verbose", False)))
    except OSError as exc:
        from desktop_app.cli.common import data_folder_problem
        from desktop_app.ui.launch import show_startup_error

        print(f"regvault: {data_folder_problem(paths, exc)}", file=sys.stderr)
        show_startup_error("Regvault cannot use its data folder.", data_folder_problem(paths, exc))
        return 1
    from desktop_app.ui.crash_dialog import CrashReporter
    from desktop_app.ui.launch import ensure_application
    from desktop_app.ui.single_instance import WindowInstance

    ensure_application()
    # Before the database is opened: a second start only brings the first window to the front.
    instance = WindowInstance.claim(paths.data_dir)
    if not instance.is_first:
        print(f"regvault: Regvault is already open on {paths.data_dir}; its window was brought to the front.",
              file=sys.stderr)
        return 0
    reporter = CrashReporter(paths.logs_dir)
    try:
        with watching_for_crashes(paths.logs_dir, reporter.notify):
            return _run_window(args, Context(paths=paths, demo=demo), demo_overrides)
    finally:
        instance.release()


def _run_window(args: argparse.Namespace, context: Context, demo_overrides: Mapping[str, Any] | None) -> int:
    paths, demo = context.paths, context.demo
    if demo:
        from desktop_app.cli.demo import prepare_demo

        print(f"regvault: starting the demo in {paths.data_dir} (a built-in Graph emulator with 60 days of "
              "history; the first start backs those days up, later starts are quick)…", file=sys.stderr)
        return _run_demo(context, prepare_demo, dict(demo_overrides or {}),
                         quit_after_ms=getattr(args, "quit_after_ms", None))

    from desktop_app.app import open_store
    from desktop_app.store import BadDatabaseLocation, StoreError

    try:
        store = open_store(paths, getattr(args, "database", None))
    except (StoreError, BadDatabaseLocation) as exc:
        print(f"regvault: {exc}", file=sys.stderr)
        from desktop_app.ui.launch import show_startup_error

        show_startup_error("Regvault cannot open its database.", str(exc))
        return 2

    from desktop_app.ui.launch import run_main_window
    from desktop_app.ui.main_window import WindowServices

    try:
        backup, notice = _backup_service(paths, store, None, context.extras)
        services = WindowServices(store=store, backup=backup, demo=False, extras=context.extras)
        if notice:
            services.extras["notice"] = notice
        return run_main_window(services, paths.data_dir, quit_after_ms=getattr(args, "quit_after_ms", None))
    finally:
        store.close()


def _run_demo(context: Context, prepare_demo: Callable[..., Any], overrides: dict[str, Any], *,
              quit_after_ms: int | None) -> int:
    """The window opens at once with the demo's progress; the history is built on a worker thread, then the
    main window opens on the store it built."""
    from desktop_app.ui.launch import run_demo_window
    from desktop_app.ui.main_window import WindowServices

    paths = context.paths
    built: list[Any] = []  # the demo environment, once prepared: closed here when the window is done

    def prepare(progress: Callable[[int, int], None], cancel: Any) -> WindowServices:
        def report(done: int, total: int) -> None:
            _demo_progress(done, total)
            progress(done, total)

        # The window opens on the first day backed up (seconds); the other days are backed up behind it, with
        # their progress in its status bar (the whole history first took 44-50 s behind a progress window).
        demo_env = prepare_demo(paths, report, cancel=cancel, first_days=DEMO_FIRST_DAYS, **overrides)
        built.append(demo_env)
        print("", file=sys.stderr)
        backup, _notice = _backup_service(paths, demo_env.store, demo_env, context.extras)
        if not demo_env.complete:
            context.extras["history_fill"] = demo_env
        return WindowServices(store=demo_env.store, backup=backup, demo=True, extras=context.extras)

    try:
        return run_demo_window(prepare, paths.data_dir, quit_after_ms=quit_after_ms)
    finally:
        for demo_env in built:
            demo_env.store.close()
            demo_env.close()


# Days of the demo's history backed up before its window opens.
DEMO_FIRST_DAYS = 1


def _demo_progress(done: int, total: int) -> None:
    print(f"\r  day {done} of {total} backed up", end="", file=sys.stderr, flush=True)


def _backup_service(paths: AppPaths, store: Any, demo_env: Any, extras: dict[str, object]) -> tuple[Any, str | None]:
    """The BackupService for Back up now, and a notice for the user (no keyring: sign-ins are not saved).
    `extras["services"]` gets app.Services for the Tenants, Settings and Schedule dialogs."""
    from desktop_app.app import build_services, open_credentials
    from desktop_app.services.backup import BackupService
    from desktop_app.services.restore import RestoreService
    from desktop_app.ui.about_dialog import about_opener

    if demo_env is not None:
        # Demo tenants are emulator tenants: no keyring needed, nothing to save.
        demo_services = build_services(paths, store, open_credentials(paths, session_only=True))
        extras["services"] = demo_services
        extras["about"] = about_opener(about_facts(paths, store.path, demo_services.credentials))
        # The demo's emulator keeps its own clock (its history ends today); backups take their time from it.
        backup = BackupService(store, demo_env.graph_for_tenant, clock=demo_env.emulator.now)
        extras["restore"] = RestoreService(store, demo_env.graph_for_tenant, backup=backup,
                                           clock=demo_env.emulator.now)
        return backup, None
    services = build_services(paths, store)
    extras["services"] = services
    extras["about"] = about_opener(about_facts(paths, store.path, services.credentials))
    backup = services.backup()
    # Restores go through the same connections (and sign-ins) as backups, and take the pre-restore snapshot.
    extras["restore"] = RestoreService(store, services.connector, backup=backup)
    return backup, services.credentials.keyring_problem
