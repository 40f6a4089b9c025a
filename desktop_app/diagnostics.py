"""What a process of Regvault does so that nothing it does goes unseen, and nothing unseen kills it.

- `ensure_standard_streams()`: a windowed executable (regvault.exe, Regvault.app started from the Finder) has no
  stdout or stderr (`sys.stdout is None`); every print and progress line would raise. They go to the null device
  instead, or to the log given with `--log-file`.
- `use_utf8_output()`: stdout and stderr write UTF-8 whatever the console's code page. Redirected on Windows, they
  use the ANSI code page (cp1252), where a Cyrillic or Japanese app name raised UnicodeEncodeError; the frozen app
  runs in Python's UTF-8 mode, which does the same.
- `redirect_output(path)`: `--log-file`, which the scheduled backup uses: stdout and stderr appended to a file
  that is rotated (a few generations kept) when it grows past a size, so a year of nightly runs stays small.
- `watching_for_crashes(logs_dir, notify)`: an uncaught exception in any thread goes to the log with its
  traceback, then to `notify` (the window shows a dialog); a hard crash (a segfault in Qt, say) leaves Python's
  tracebacks of every thread in `logs/crash.log` through `faulthandler`.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from desktop_app.services.output_files import private_folder

log = logging.getLogger("regvault.crash")

CRASH_LOG_NAME = "crash.log"
OUTPUT_LOG_MAX_BYTES = 1_000_000
OUTPUT_LOG_BACKUPS = 3

# (exception type, exception, traceback, name of the thread it happened in); called in that thread.
CrashNotice = Callable[[type[BaseException], BaseException, TracebackType | None, str], None]

_open_files: list[IO[Any]] = []  # streams that replace stdout/stderr: open for the life of the process


def ensure_standard_streams() -> None:
    """Give a windowed process streams that can be written to: writes go nowhere rather than raise."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
            _open_files.append(sink)
            setattr(sys, name, sink)


def use_utf8_output() -> None:
    """stdout and stderr in UTF-8 (what Python's UTF-8 mode gives them); a character that still can't be written
    (a lone surrogate) is escaped, never an exception in the middle of a command's output."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        encoding = (getattr(stream, "encoding", None) or "").replace("_", "-").lower()
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue  # a test's capture, or a stream set by someone else: theirs to decide
        with suppress(ValueError, OSError):  # a stream that is closed or can't change any more
            if encoding not in ("utf-8", "utf8"):
                reconfigure(encoding="utf-8", errors="backslashreplace")
            elif getattr(stream, "errors", "strict") == "strict":
                reconfigure(errors="backslashreplace")


def rotate(path: Path, *, max_bytes: int = OUTPUT_LOG_MAX_BYTES, backups: int = OUTPUT_LOG_BACKUPS) -> None:
    """path → path.1 → … → path.N (the oldest dropped) once path has grown past max_bytes."""
    try:
        if path.stat().st_size < max_bytes:
            return
    except FileNotFoundError:
        return
    for generation in range(backups - 1, 0, -1):
        older = path.with_name(f"{path.name}.{generation}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.{generation + 1}"))
    os.replace(path, path.with_name(f"{path.name}.1"))


def _open_private(path: Path, buffering: int = -1) -> IO[str]:
    """`path` opened for appending text, created the user's alone (0600) and made so if it was not."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    if os.name == "posix":
        with suppress(OSError):  # not ours to change (a file of another user we may append to)
            os.fchmod(fd, 0o600)
    return open(fd, "a", encoding="utf-8", buffering=buffering)  # noqa: SIM115 - the caller keeps it


def redirect_output(path: Path) -> None:
    """stdout and stderr appended to `path` (rotated first when it is large); line-buffered, so a run killed
    half-way still leaves every line it printed."""
    private_folder(path.parent)
    rotate(path)
    stream = _open_private(path, buffering=1)  # lives as long as the process
    _open_files.append(stream)
    sys.stdout = stream
    sys.stderr = stream


@contextmanager
def watching_for_crashes(logs_dir: Path, notify: CrashNotice | None = None) -> Iterator[None]:
    """While inside: every uncaught exception (main thread or any other) is logged with its traceback and
    passed to `notify` (the window shows a dialog), and a hard crash leaves every thread's traceback in
    `logs/crash.log`. The hooks found on entry still run after ours (a terminal keeps its traceback on stderr,
    a test runner its report) and are put back on exit."""
    try:
        private_folder(logs_dir)
        crash_file: IO[str] | None = _open_private(logs_dir / CRASH_LOG_NAME)
    except OSError:  # a read-only or full data folder: the command still runs (and says so), minus this file
        crash_file = None
    previous_sys, previous_thread = sys.excepthook, threading.excepthook
    faulthandler_was_on = faulthandler.is_enabled()

    def report(kind: type[BaseException], exc: BaseException, tb: TracebackType | None, thread: str) -> None:
        log.critical("uncaught %s in thread %s", kind.__name__, thread, exc_info=(kind, exc, tb))
        if notify is not None:
            try:
                notify(kind, exc, tb, thread)
            except Exception:  # the reporter failing must not hide the first error
                log.exception("could not show the uncaught exception")

    def main_thread_hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            report(kind, exc, tb, threading.current_thread().name)
        previous_sys(kind, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):
            name = args.thread.name if args.thread is not None else "unknown"
            report(args.exc_type, args.exc_value, args.exc_traceback, name)
        previous_thread(args)

    if crash_file is not None:
        faulthandler.enable(file=crash_file, all_threads=True)
    sys.excepthook = main_thread_hook
    threading.excepthook = thread_hook
    try:
        yield
    finally:
        sys.excepthook, threading.excepthook = previous_sys, previous_thread
        faulthandler.disable()
        if faulthandler_was_on:
            with suppress(ValueError, OSError, AttributeError, RuntimeError):  # stderr without a file descriptor
                faulthandler.enable()
        if crash_file is not None:
            crash_file.close()
