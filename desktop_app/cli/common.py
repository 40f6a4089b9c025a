"""What every command shares: opening the data folder, printing, exit codes, clear errors."""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from desktop_app.app_paths import AppPaths, configure_logging, open_store
from desktop_app.diagnostics import watching_for_crashes
from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.text_safety import printable
from desktop_app.store import BadDatabaseLocation, DatabaseWriteError, Store, StoreError, UnknownTenantError
from desktop_app.store.errors import LockHolder, disk_problem

# Exit codes a monitoring tool can rely on.
EXIT_OK = 0
EXIT_FAILED = 1  # the operation ran and failed (Graph said no, the network dropped)
EXIT_BAD_INPUT = 2  # unknown tenant, unusable database, wrong arguments
EXIT_CANCELLED = 130


class CommandError(Exception):
    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def paths_of(args: argparse.Namespace) -> AppPaths:
    paths = AppPaths.resolve(getattr(args, "data_dir", None), demo=bool(getattr(args, "demo", False)))
    try:
        return paths.ensure()
    except OSError as exc:  # a read-only or full disk: exit 1, as any write that fails on it
        raise CommandError(data_folder_problem(paths, exc), EXIT_FAILED) from exc


def data_folder_problem(paths: AppPaths, exc: OSError) -> str:
    return (f"Cannot use the data folder {paths.data_dir}: {disk_problem(exc)} (or give another folder with "
            "--data-dir). Nothing was written.")


@contextmanager
def opened_store(args: argparse.Namespace) -> Iterator[Store]:
    paths = paths_of(args)
    try:
        configure_logging(paths, debug=bool(getattr(args, "debug", False)))
    except OSError as exc:  # reading still works without a log; a write will say what is wrong with the disk
        print(f"regvault: warning: cannot write the log in {paths.logs_dir} ({disk_problem(exc)}); carrying on "
              "without it", file=sys.stderr)
    with watching_for_crashes(paths.logs_dir):
        try:
            store = open_store(paths, getattr(args, "database", None))
        except DatabaseWriteError as exc:  # a full or read-only disk: the operation failed, the database is fine
            raise CommandError(str(exc), EXIT_FAILED) from exc
        except (StoreError, BadDatabaseLocation) as exc:
            raise CommandError(str(exc)) from exc
        try:
            yield store
        finally:
            store.close()


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def to_jsonable(value: Any) -> Any:
    """JSON-ready data; a dataclass's fields become camelCase keys, as Graph's own are (dict keys stay as they are:
    they can be data, such as key ids)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {camel_case(f.name): to_jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    return value


def text_lines(text: str | Sequence[str]) -> str:
    """What a command prints as text. A list is one line per element, every control character in an element
    escaped (a newline in an app's name can't start a row of its own). A plain string is taken to be the
    command's own words: its line breaks stay, other control characters are escaped."""
    if isinstance(text, str):
        return "\n".join(printable(line) for line in text.rstrip("\n").split("\n"))
    return "\n".join(printable(line) for line in text)


def emit(args: argparse.Namespace, document: Any, text: Callable[[], str | Sequence[str]]) -> None:
    """One JSON document with --json, else human-readable text: return the lines as a list when any of them holds
    tenant-controlled text (see `text_lines`). The JSON is ASCII: every other character is a \\uXXXX escape (and
    JSON escapes control characters itself), so a script reads every name exactly whatever code page its console
    or its pipe decodes with (RMM tools on Windows read this output)."""
    if getattr(args, "json", False):
        json.dump(to_jsonable(document), sys.stdout, indent=2, ensure_ascii=True)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text_lines(text()) + "\n")
    sys.stdout.flush()


def fail(args: argparse.Namespace, message: str, exit_code: int, **details: Any) -> int:
    if getattr(args, "json", False):
        json.dump({"error": {"message": message, **to_jsonable(details)}}, sys.stdout, ensure_ascii=True)
        sys.stdout.write("\n")
    print(f"regvault: {printable(message)}", file=sys.stderr)
    return exit_code


def guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turns the errors a user can cause into a clear message and an exit code, not a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except CommandError as exc:
            return fail(args, str(exc), exc.exit_code)
        except UnknownTenantError as exc:
            return fail(args, str(exc) + demo_hint(args), EXIT_BAD_INPUT)
        except StoreError as exc:
            return fail(args, str(exc), EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            return fail(args, "cancelled", EXIT_CANCELLED)

    return run


def demo_hint(args: argparse.Namespace) -> str:
    """A tenant looked for outside the demo, when the demo has a data folder of its own: name the flag."""
    if getattr(args, "demo", False) or getattr(args, "data_dir", None) or getattr(args, "database", None):
        return ""
    demo = AppPaths.demo()
    if not demo.database.exists():
        return ""
    command = getattr(args, "command", None) or "COMMAND"
    return (f" The demo keeps its own data folder ({demo.data_dir}): add --demo for its tenants "
            f"(regvault {command} --demo …).")


DEFAULT_LOCK_WAIT_MINUTES = 30.0


def non_negative(text: str) -> float:
    """An argparse type: a finite number not below 0 (a time to wait, a latency)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number not below 0")
    return value


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0 (any free one) to 65535."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r}: a port is a whole number between 0 and 65535")
    return value


def add_wait_argument(parser: argparse.ArgumentParser) -> None:
    """`--wait MINUTES`: how long a backup or restore waits for another one of the same tenant (the tenant's lock)."""
    parser.add_argument("--wait", type=non_negative, default=DEFAULT_LOCK_WAIT_MINUTES, metavar="MINUTES",
                        help="when another backup or restore of the tenant is running (on any workstation sharing "
                        f"the database), wait this long for it (default {DEFAULT_LOCK_WAIT_MINUTES:g}; 0: don't wait)")


def waiting_note(name: str, minutes: float) -> Callable[[LockHolder | None], None]:
    """What a command prints (once) when it starts waiting for the tenant's lock: who holds it, how long it waits."""

    def note(holder: LockHolder | None) -> None:
        who = holder.describe() if holder is not None else "another Regvault"
        print(f"regvault: {printable(name)} is busy: {who} is running on it; waiting up to {minutes:g} minutes for "
              "it to finish…", file=sys.stderr, flush=True)

    return note


def format_time(value: datetime | None) -> str:
    if value is None:
        return "-"
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


class StatusLine:
    """One line on stderr that rewrites itself while work goes on, when stderr is a terminal; else silent."""

    def __init__(self, *, quiet: bool) -> None:
        # A windowed executable may have no stderr at all, or one without isatty (a log file, the null device).
        isatty = getattr(sys.stderr, "isatty", None)
        self._live = bool(isatty and isatty()) and not quiet

    def show(self, text: str) -> None:
        if self._live:
            sys.stderr.write(f"\r\x1b[K{printable(text)}")
            sys.stderr.flush()

    def done(self) -> None:
        if self._live:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


@contextmanager
def cancel_on_interrupt(cancel: CancelToken,
                        saying: str = "cancelling: finishing the apps in flight") -> Iterator[None]:
    """The first Ctrl+C or SIGTERM (a service manager stopping the job, `kill`) cancels gracefully: the apps in
    flight are finished and every app is recorded in the audit; a second one stops at once (the journal lets
    the next run settle what was cut short). `saying`: what the first one prints (before "(Ctrl+C again ...)").
    Installed even where the parent left SIGINT ignored (a job started in the background), except without a
    console (pythonw)."""
    wanted = [s for s in ("SIGINT", "SIGTERM") if hasattr(signal, s)]
    if not wanted:
        yield
        return

    def handler(signum: int, _frame: Any) -> None:
        if cancel.cancelled:
            raise KeyboardInterrupt
        cancel.cancel()
        how = "Ctrl+C" if signum == signal.SIGINT else "the signal"
        print(f"\nregvault: {saying} ({how} again to stop now)", file=sys.stderr)

    previous: dict[int, Any] = {}
    try:
        for name in wanted:
            number = getattr(signal, name)
            if name == "SIGINT" and sys.stdin is None:
                continue
            previous[number] = signal.getsignal(number)
            signal.signal(number, handler)
    except ValueError:  # not the main thread
        for number, old in previous.items():
            signal.signal(number, old)
        yield
        return
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
