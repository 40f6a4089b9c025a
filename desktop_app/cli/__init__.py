"""The `regvault` command line: the same services as the window (DESIGN.md section 7).

Each command lives in its own module with a `register(subparsers, common)` function; this module
only builds the parser and dispatches. Every command takes `--data-dir`, `--database` and `--json`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop_app import __version__
from desktop_app.diagnostics import ensure_standard_streams, redirect_output, use_utf8_output
from desktop_app.domain.text_safety import printable

# Modules under desktop_app/cli/ that add a sub-command. One line each.
COMMAND_MODULES: tuple[str, ...] = (
    "emulator",
    "tenants",
    "backup",
    "apps", "audit", "watch",
    "signin", "schedule", "settings",
    "restore",
    "diff", "export",
    "database",
    "about", "forget",
    "credentials", "alerts",
    "changes", "rollback",
)
# Commands registered by a module of another name (tests/cli/test_command_modules.py keeps this list whole).
COMMAND_HOMES: dict[str, str] = {"versions": "apps", "signout": "signin", "search": "credentials"}
# Top-level options that take a value (so the word after them is no command).
_VALUED_OPTIONS = frozenset({"--data-dir", "--database", "--log-file", "--quit-after"})


def common_options(*, top_level: bool = True) -> argparse.ArgumentParser:
    """`--data-dir`, `--database` and `--json`, accepted before and after the sub-command.

    A sub-command's parser writes its defaults over the namespace the top-level parser filled, so
    `regvault --data-dir X backup` would silently use the default folder. Sub-commands therefore
    leave an option out of the namespace when it isn't given (SUPPRESS): the top-level value stays.
    """
    default_dir: object = None if top_level else argparse.SUPPRESS
    default_json: object = False if top_level else argparse.SUPPRESS
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=default_dir,
        help="folder of Regvault's database and logs (default: the platform's user data folder)",
    )
    common.add_argument(
        "--database",
        metavar="URL",
        default=default_dir,
        help="the database: postgresql://user@host:port/db (a team's shared store) or sqlite:///path; default: "
        "$REGVAULT_DATABASE, else the one chosen with `regvault database use`, else regvault.sqlite in the data folder",
    )
    common.add_argument("--demo", action="store_true", default=default_json,
                        help="the demo's data folder and tenants (regvault --demo opens its window)")
    common.add_argument("--json", action="store_true", default=default_json,
                        help="print one JSON document on stdout")
    common.add_argument("--debug", action="store_true", default=default_json,
                        help="log everything (Graph's requests included, never a token) to the log file and stderr")
    return common


def _command_module(argv: Sequence[str]) -> str | None:
    """The module of the command `argv` runs, when it names one (None: the window, help, or a word argparse will
    refuse, for which every command is registered so its message lists them)."""
    words = iter(argv)
    for word in words:
        if word in _VALUED_OPTIONS:
            next(words, None)
            continue
        if word.startswith("-"):
            continue
        module = COMMAND_HOMES.get(word, word)
        return module if module in COMMAND_MODULES else None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with `argv`, only the module of the command it names is imported and registered (a command
    that reads the store starts without importing what backups and restores need: msal, httpx, the planner)."""
    common = common_options(top_level=False)
    parser = argparse.ArgumentParser(
        prog="regvault",
        description="Back up and restore Microsoft Entra ID app registrations.",
        parents=[common_options()],
    )
    parser.add_argument("--version", action="version", version=f"regvault {__version__}")
    parser.add_argument("--log-file", metavar="FILE", type=Path,
                        help="append what would be printed to FILE, rotated when it grows (scheduled backups)")
    # Closes the window after this many seconds: for smoke tests of a build (packaging/smoke_test.py).
    parser.add_argument("--quit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    only = None if argv is None else _command_module(argv)
    for name in COMMAND_MODULES if only is None else (only,):
        module = importlib.import_module(f"{__name__}.{name}")
        module.register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    ensure_standard_streams()  # a windowed executable has none; printing must never be what fails
    use_utf8_output()  # a redirected stdout on Windows is in the ANSI code page, which can't hold every name
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if args.log_file is not None:
        problem = _log_file_problem(args)
        if problem is not None:
            print(f"regvault: --log-file {printable(str(args.log_file))}: {problem} Nothing was done.", file=sys.stderr)
            return 2
    if args.quit_after is not None:
        args.quit_after_ms = int(args.quit_after * 1000)
    handler = getattr(args, "handler", None)
    if handler is None:
        from desktop_app.cli.window import run_window

        return run_window(args)
    try:
        return int(handler(args) or 0)
    except BrokenPipeError:
        return _reader_gone()


def _reader_gone() -> int:
    """Whoever read stdout stopped reading (`regvault apps ... | head -1`): the rest of the output goes nowhere,
    quietly (Python would fail again flushing it at exit), and the exit code says it was not all delivered."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # a stdout without a file descriptor (a windowed executable's stand-in)
        pass
    return 1


def _log_file_problem(args: argparse.Namespace) -> str | None:
    """Why the output can't go to `--log-file` (None: it now does). The data folder's logs folder is where the
    scheduled backup writes; the rest of the data folder, a database anywhere and a device are refused."""
    from desktop_app.app import AppPaths
    from desktop_app.services.output_files import UnsafeOutput, check_output
    from desktop_app.store.errors import disk_problem

    path = args.log_file.expanduser()
    paths = AppPaths.resolve(args.data_dir, demo=args.demo)
    try:
        check_output(path, (paths.data_dir,), allowed=(paths.logs_dir,))
        redirect_output(path)
    except UnsafeOutput as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot write there: {disk_problem(exc)}."
    return None


if __name__ == "__main__":
    sys.exit(main())
