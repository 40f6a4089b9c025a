"""`regvault` and `regvault --demo`: the desktop app."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from desktop_app.app import (
    AppPaths,
    build_services,
    build_window_context,
    configure_logging,
    open_credentials,
)
from desktop_app.diagnostics import watching_for_crashes

if TYPE_CHECKING:
    from desktop_app.domain.cancel import CancelToken
    from desktop_app.ui.context import WindowContext

log = logging.getLogger(__name__)


def run_window(args: argparse.Namespace, *, demo_overrides: Mapping[str, Any] | None = None) -> int:
    """`demo_overrides`: prepare_demo's tenants=/days= for tests (a demo built in seconds); not a user option."""
    demo = bool(getattr(args, "demo", False))
    paths = AppPaths.resolve(getattr(args, "data_dir", None), demo=demo)
    try:
        paths.ensure()
        configure_logging(paths, debug=bool(getattr(args, "debug", False)))
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
    quit_after_ms = getattr(args, "quit_after_ms", None)
    try:
        with watching_for_crashes(paths.logs_dir, reporter.notify):
            if demo:
                return _run_demo(paths, dict(demo_overrides or {}), quit_after_ms=quit_after_ms)
            return _run_real(paths, getattr(args, "database", None), quit_after_ms=quit_after_ms)
    finally:
        instance.release()


def _run_real(paths: AppPaths, database: str | None, *, quit_after_ms: int | None) -> int:
    from desktop_app.app import open_store
    from desktop_app.store import BadDatabaseLocation, StoreError
    from desktop_app.ui.launch import run_main_window, show_startup_error

    try:
        store = open_store(paths, database)
    except (StoreError, BadDatabaseLocation) as exc:
        print(f"regvault: {exc}", file=sys.stderr)
        show_startup_error("Regvault cannot open its database.", str(exc))
        return 2
    try:
        return run_main_window(build_window_context(build_services(paths, store)), paths.data_dir,
                               quit_after_ms=quit_after_ms)
    finally:
        store.close()


def _run_demo(paths: AppPaths, overrides: dict[str, Any], *, quit_after_ms: int | None) -> int:
    """The window opens at once with the demo's progress; the history is built on a worker thread, then the
    main window opens on the store it built."""
    from desktop_app.cli.demo import prepare_demo
    from desktop_app.ui.launch import run_demo_window

    print(f"regvault: starting the demo in {paths.data_dir} (a built-in Graph emulator with 60 days of "
          "history; the first start backs those days up, later starts are quick)…", file=sys.stderr)
    built: list[Any] = []  # the demo environment, once prepared: closed here when the window is done

    def prepare(progress: Callable[[int, int], None], cancel: CancelToken) -> WindowContext:
        def report(done: int, total: int) -> None:
            _demo_progress(done, total)
            progress(done, total)

        # The window opens on the first day backed up (seconds); the other days are backed up behind it, with
        # their progress in its status bar (the whole history first took 44-50 s behind a progress window).
        demo_env = prepare_demo(paths, report, cancel=cancel, first_days=DEMO_FIRST_DAYS, **overrides)
        built.append(demo_env)
        if demo_env.complete:
            print("", file=sys.stderr)
        else:  # the terminal follows the days built behind the window (it sat silent for minutes)
            print(" (the window opens; the other days follow behind it)", file=sys.stderr)
            demo_env.on_day = _demo_progress
        # Demo tenants are emulator tenants: no keyring needed, nothing to save. The emulator keeps its own clock
        # (its history ends today); backups and restores take their time from it.
        services = build_services(paths, demo_env.store, open_credentials(paths, session_only=True))
        return build_window_context(services, graph_for_tenant=demo_env.graph_for_tenant,
                                    clock=demo_env.emulator.now, demo=True,
                                    history=None if demo_env.complete else demo_env)

    try:
        return run_demo_window(prepare, paths.data_dir, quit_after_ms=quit_after_ms)
    finally:
        for demo_env in built:
            demo_env.store.close()
            demo_env.close()


# Days of the demo's history backed up before its window opens.
DEMO_FIRST_DAYS = 1


def _demo_progress(done: int, total: int) -> None:
    print(f"\r  day {done} of {total} backed up", end="\n" if done == total else "", file=sys.stderr, flush=True)
    if done == total:
        print("regvault: the demo's history is complete.", file=sys.stderr)
