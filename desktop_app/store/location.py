"""Where the store lives: an SQLite file (the embedded default) or a PostgreSQL database a team shares.

`--database` and `REGVAULT_DATABASE` take `sqlite:///path`, a plain file path, or `postgresql://user@host:port/db`
(`postgres://` too). A password written in the URL is taken out at once: it is handed to the keyring by whoever
saves the location, and never kept in a URL that is shown, logged or stored.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

Engine = Literal["sqlite", "postgresql"]
DEFAULT_PG_PORT = 5432


class BadDatabaseLocation(ValueError):
    """The text given is neither an SQLite path nor a PostgreSQL URL."""


@dataclass(frozen=True)
class DatabaseLocation:
    engine: Engine
    path: Path | None = None  # sqlite
    host: str = ""
    port: int = DEFAULT_PG_PORT
    user: str = ""
    database: str = ""
    options: tuple[tuple[str, str], ...] = ()  # libpq parameters from the query string (sslmode=..., options=...)
    password: str | None = field(default=None, repr=False, compare=False)

    @classmethod
    def sqlite(cls, path: Path | str) -> DatabaseLocation:
        return cls(engine="sqlite", path=Path(path).expanduser().absolute())

    @classmethod
    def parse(cls, text: str) -> DatabaseLocation:
        text = text.strip()
        if not text:
            raise BadDatabaseLocation("An empty database location: give a file path or postgresql://user@host/db.")
        lowered = text.lower()
        if lowered.startswith("sqlite:"):
            rest = text[len("sqlite:"):]
            if rest.startswith("///"):
                rest = "/" + rest.lstrip("/")  # sqlite:///abs/path (and sqlite:////abs/path) -> /abs/path
                if len(rest) > 2 and rest[2] == ":":
                    rest = rest[1:]  # sqlite:///C:/x -> C:/x
            elif rest.startswith("//"):
                raise BadDatabaseLocation(f"{text!r}: write an SQLite location as sqlite:///path/to/file.")
            if not rest:
                raise BadDatabaseLocation(f"{text!r} names no file.")
            return cls.sqlite(unquote(rest))
        if lowered.startswith(("postgresql:", "postgres:")):
            return cls._parse_postgres(text)
        if "://" in text:
            scheme = text.split("://", 1)[0]
            raise BadDatabaseLocation(
                f"Regvault stores its backups in SQLite or PostgreSQL, not {scheme!r}: give a file path, "
                "sqlite:///path or postgresql://user@host:port/database."
            )
        return cls.sqlite(text)

    @classmethod
    def _parse_postgres(cls, text: str) -> DatabaseLocation:
        parts = urlsplit(text)
        try:
            port = parts.port or DEFAULT_PG_PORT
        except ValueError as exc:
            raise BadDatabaseLocation(f"{_redact(text)}: the port is not a number.") from exc
        database = unquote(parts.path.lstrip("/"))
        if not parts.hostname or not database:
            raise BadDatabaseLocation(
                f"{_redact(text)} lacks the server or the database name: write postgresql://user@host:port/database."
            )
        user = unquote(parts.username or "")
        password = unquote(parts.password) if parts.password is not None else None
        return cls(
            engine="postgresql", host=parts.hostname, port=port, user=user, database=database,
            options=tuple(parse_qsl(parts.query)), password=password or None,
        )

    # --------------------------------------------------------------------------------------------- views
    @property
    def url(self) -> str:
        """The location as a URL without any password: safe to show, log and store."""
        if self.engine == "sqlite":
            assert self.path is not None
            return f"sqlite:///{self.path.as_posix().lstrip('/')}"
        user = f"{quote(self.user, safe='')}@" if self.user else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        query = f"?{urlencode(self.options)}" if self.options else ""
        return f"postgresql://{user}{host}:{self.port}/{quote(self.database, safe='')}{query}"

    @property
    def keyring_account(self) -> str:
        """The name the database password is kept under in the OS keyring (one per user, server and database)."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def __str__(self) -> str:
        if self.engine == "sqlite":
            return str(self.path)
        return self.url

    def with_password(self, password: str | None) -> DatabaseLocation:
        return DatabaseLocation(
            engine=self.engine, path=self.path, host=self.host, port=self.port, user=self.user,
            database=self.database, options=self.options, password=password,
        )

    def connect_params(self) -> dict[str, object]:
        """Keyword arguments for libpq (psycopg): host, port, user, dbname, password and the query's options."""
        params: dict[str, object] = {"host": self.host, "port": self.port, "dbname": self.database}
        if self.user:
            params["user"] = self.user
        if self.password:
            params["password"] = self.password
        params.update(dict(self.options))
        params.setdefault("connect_timeout", "10")
        params.setdefault("application_name", "Regvault")
        return params


def _redact(text: str) -> str:
    parts = urlsplit(text)
    if parts.password is None:
        return text
    return text.replace(f":{parts.password}@", ":***@", 1)


def network_path_reason(path: Path) -> str | None:
    """Why an SQLite file at `path` is on a network share (None when it is local or we can't tell).

    SQLite's WAL mode, which the store uses, needs shared memory that network file systems don't provide,
    and their locks are unreliable: two workstations on one file can corrupt it.
    """
    text = str(path)
    if sys.platform == "win32" or os.sep == "\\":
        if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
            return f"{path} is on a network share (a UNC path)"
        if sys.platform == "win32" and len(text) >= 2 and text[1] == ":":
            import ctypes

            drive_remote = 4  # DRIVE_REMOTE
            if ctypes.windll.kernel32.GetDriveTypeW(f"{text[:2]}\\") == drive_remote:  # type: ignore[attr-defined]
                return f"{path} is on a network drive ({text[:2]})"
        return None
    fs = _mount_fs_type(path)
    if fs is not None and (fs in NETWORK_FILESYSTEMS or fs.startswith("fuse.sshfs")):
        return f"{path} is on a network file system ({fs})"
    return None


MOUNTS_FILE = Path("/proc/mounts")  # Linux: what is mounted where, with its file system type
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "afpfs", "webdav", "davfs", "fuse.sshfs", "9p", "ncpfs",
    "glusterfs", "ceph", "lustre", "afs",
})


def _mount_fs_type(path: Path) -> str | None:
    """The file system type of the mount holding `path` (Linux: /proc/mounts; macOS: statfs via `df`-less ctypes)."""
    target = path.expanduser()
    while not target.exists() and target != target.parent:
        target = target.parent
    target = target.resolve()
    if sys.platform == "darwin":
        return _darwin_fs_type(target)
    try:
        mounts = MOUNTS_FILE.read_text().splitlines()
    except OSError:
        return None
    best: tuple[int, str] | None = None
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1].replace("\\040", " ")
        inside = target == Path(mount_point) or Path(mount_point) in target.parents
        if inside and (best is None or len(mount_point) > best[0]):
            best = (len(mount_point), fields[2])
    return None if best is None else best[1]


def _darwin_fs_type(path: Path) -> str | None:  # pragma: no cover - macOS only
    import ctypes
    import ctypes.util

    class Statfs(ctypes.Structure):
        _fields_ = [
            ("f_bsize", ctypes.c_uint32), ("f_iosize", ctypes.c_int32), ("f_blocks", ctypes.c_uint64),
            ("f_bfree", ctypes.c_uint64), ("f_bavail", ctypes.c_uint64), ("f_files", ctypes.c_uint64),
            ("f_ffree", ctypes.c_uint64), ("f_fsid", ctypes.c_int32 * 2), ("f_owner", ctypes.c_uint32),
            ("f_type", ctypes.c_uint32), ("f_flags", ctypes.c_uint32), ("f_fssubtype", ctypes.c_uint32),
            ("f_fstypename", ctypes.c_char * 16), ("f_mntonname", ctypes.c_char * 1024),
            ("f_mntfromname", ctypes.c_char * 1024), ("f_reserved", ctypes.c_uint32 * 8),
        ]

    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    buf = Statfs()
    if libc.statfs64(str(path).encode(), ctypes.byref(buf)) != 0:
        return None
    return buf.f_fstypename.decode(errors="replace")
