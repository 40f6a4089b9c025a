"""Files Regvault writes where the user points it (`export --output`, the window's Export…, `--log-file`).

The contract:
- `check_output(path, protected)` refuses, before anything is written, a path that would destroy what Regvault
  keeps: one inside a protected folder (the data folder: the database, its journal files, the token cache, the
  logs), one that holds an SQLite database wherever it is (a database chosen with --database may live anywhere),
  and one that exists but is not a regular file (a device such as /dev/full, a pipe, a socket): a rename would
  replace the device node, and writing into one is never an export.
- `private_folder(path)` makes a folder and its missing parents the user's alone (0700), as the data folder is.
- Files themselves are written through a temporary file and a rename (`write_file`, `replaced_file`), created
  0600 (mkstemp): a killed process leaves the old file or the new one, never half of it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

SQLITE_HEADER = b"SQLite format 3\x00"


class UnsafeOutput(ValueError):
    """An output path Regvault will not write to; the message says why and what to do. Nothing was written."""


def check_output(path: Path, protected: Sequence[Path] = (), *, allowed: Sequence[Path] = (),
                 folder: bool = False) -> None:
    """Raise UnsafeOutput when writing `path` (a file, or with `folder` a folder of files) could destroy what
    Regvault keeps; `allowed` are folders inside a protected one that may be written (the logs folder)."""
    if "\0" in str(path):
        raise UnsafeOutput(f"{str(path)!r} is not a usable file name (it holds a NUL character).")
    resolved = _resolved(path)
    for root in protected:
        inside = _resolved(root)
        if (resolved == inside or inside in resolved.parents) and not any(
            _resolved(ok) == resolved or _resolved(ok) in resolved.parents for ok in allowed
        ):
            raise UnsafeOutput(f"{path} is inside Regvault's data folder ({root}), which holds its database and "
                               "logs: choose a file outside it.")
    try:
        info = resolved.stat()
    except OSError:  # not there (or not reachable): nothing to destroy; writing it says what is wrong
        return
    if folder and stat.S_ISDIR(info.st_mode):
        return
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, a pipe or a socket)"
        raise UnsafeOutput(f"{path} is {kind}: give the path of a file to write.")
    if _is_sqlite(resolved):
        raise UnsafeOutput(f"{path} is a database (SQLite): writing there would destroy it. Choose another file.")


def private_folder(path: Path) -> None:
    """Make `path` and every missing parent 0700 (mkdir's mode is applied to the last folder only)."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)


def write_file(path: Path, data: bytes, *, durable: bool = True) -> None:
    with replaced_file(path, durable=durable) as handle:
        handle.write(data)


@contextmanager
def replaced_file(path: Path, *, durable: bool = True) -> Iterator[IO[bytes]]:
    """A file written next to `path` and renamed over it when complete (a killed process leaves the old file or the
    new one, never half of it); removed if anything fails. `durable`: flushed to disk before the rename."""
    private_folder(path.parent)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(path.expanduser()))


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
