"""The composition root's light part: the data folder, the log, the store. Every command needs them, and most
commands need nothing else of `desktop_app.app` (which builds the sign-ins and Graph connections, and imports msal
and httpx to do it), so they live here and a command that only reads the store starts without those."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop_app import __version__
from desktop_app.auth.log_redaction import install_redaction
from desktop_app.services.folders import default_data_folder, demo_data_folder, log_folder
from desktop_app.store import Store

__all__ = ["LOG_FORMAT", "AppPaths", "PrivateRotatingFileHandler", "configure_logging", "open_store"]

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "regvault.sqlite"

    @property
    def logs_dir(self) -> Path:
        """The platform's log folder for the default data folders, `logs` inside any other (services.folders)."""
        return log_folder(self.data_dir)

    @property
    def token_cache(self) -> Path:
        return self.data_dir / "token-cache.bin"

    @classmethod
    def default(cls) -> AppPaths:
        return cls(default_data_folder())

    @classmethod
    def demo(cls) -> AppPaths:
        """Demo data lives apart from real backups, so a demo can never touch them."""
        return cls(demo_data_folder())

    @classmethod
    def resolve(cls, data_dir: str | Path | None, *, demo: bool = False) -> AppPaths:
        if data_dir:
            return cls(Path(data_dir).expanduser().resolve())
        return cls.demo() if demo else cls.default()

    def ensure(self) -> AppPaths:
        """Create the data folder and its logs folder, the user's alone (0700; on Windows the folder under
        %LOCALAPPDATA% inherits an ACL giving only the user, SYSTEM and Administrators access). Raises OSError
        (a read-only or full disk), which the callers turn into a sentence."""
        for folder in (self.data_dir, self.logs_dir):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            _make_private(folder, 0o700)
        return self


def _make_private(path: Path, mode: int) -> None:
    if os.name == "nt":
        return
    try:
        if path.stat().st_mode & 0o777 != mode:
            os.chmod(path, mode)
    except OSError:
        pass  # not ours to change (a shared folder given with --data-dir): its owner decides


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log files are the user's alone (0600), and a log that can't be written (a full or read-only disk)
    costs one line on stderr, never a traceback in the middle of a command's output."""

    _complained = False

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        _make_private(Path(self.baseFilename), 0o600)
        return os.fdopen(fd, self.mode if "a" in self.mode else "a", encoding=self.encoding, errors=self.errors)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        if not PrivateRotatingFileHandler._complained:
            PrivateRotatingFileHandler._complained = True
            error = sys.exc_info()[1]
            reason = getattr(error, "strerror", None) or error
            sys.stderr.write(f"regvault: warning: cannot write the log {self.baseFilename} ({reason}); "
                             "carrying on without it\n")


def configure_logging(paths: AppPaths, *, debug: bool = False) -> None:
    """Log to a rotating file in the log folder; secrets are scrubbed from every record. `debug` (`--debug`):
    everything at DEBUG, Graph's request lines included, to the file and to stderr too."""
    root = logging.getLogger()
    if any(getattr(h, "_regvault", False) for h in root.handlers):
        return
    if debug:
        echo = logging.StreamHandler(sys.stderr)
        echo.setFormatter(logging.Formatter(LOG_FORMAT))
        echo._regvault_debug = True  # type: ignore[attr-defined]
        install_redaction(echo)
        root.addHandler(echo)
    handler = PrivateRotatingFileHandler(
        paths.logs_dir / "regvault.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler._regvault = True  # type: ignore[attr-defined]
    install_redaction(handler)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    # httpx logs every request line at INFO (method, URL, status: no headers); our Graph client logs what matters.
    logging.getLogger("httpx").setLevel(logging.INFO if debug else logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("peewee").setLevel(logging.INFO)  # every SQL statement with its parameters: documents, blobs
    if debug:
        logging.getLogger("regvault").debug("Regvault %s: debug logging to %s and stderr", __version__,
                                            handler.baseFilename)


def open_store(paths: AppPaths, database: str | None = None) -> Store:
    """The store this workstation uses: `--database`, else REGVAULT_DATABASE, else the saved choice, else
    regvault.sqlite in the data folder (services.database_choice); a PostgreSQL password from the keyring.
    Raises StoreError (and BadDatabaseLocation) with a sentence, having written nothing (DatabaseMissing for a
    chosen SQLite file that is not there); DatabaseDamaged when the database fails its quick check (SQLite: ~0.2 s
    at 100,000 apps; nothing on a server), so that no command and no window answers from damaged pages ("no such
    app" for an app that is there)."""
    from desktop_app.services.database_choice import choose, refuse_missing, with_saved_password

    choice = choose(paths.data_dir, database)
    refuse_missing(choice)
    store = Store.open(with_saved_password(choice.location))
    try:
        store.check_health()
    except BaseException:
        store.close()
        raise
    return store
