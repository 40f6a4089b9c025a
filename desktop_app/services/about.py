"""What Help → About tells: which Regvault this is and where it keeps everything. Facts only; the window
words them (ui/about_dialog.py) and `regvault --version` prints the first.

A user reads these to a helpdesk, or goes to the folder to find a log: they must be exact, so each is taken
from the object that uses it (the open store's file, the keyring backend the sign-ins went to), not rebuilt.
"""

from __future__ import annotations

import importlib.resources
import platform
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


@dataclass(frozen=True)
class AboutFacts:
    version: str
    data_folder: Path
    log_folder: Path
    database: str  # a file path, or a server URL without its password
    keyring_backend: str | None  # None: no usable keyring, sign-ins are kept for this session only
    frozen: bool  # a packaged build (PyInstaller), not a Python install
    python: str = platform.python_version()
    system: str = f"{platform.system()} {platform.release()}"

    def as_text(self) -> str:
        """The facts as plain lines, for "Copy" (pasted into a support ticket)."""
        keyring = self.keyring_backend or "none (sign-ins are kept for this session only)"
        build = "packaged build" if self.frozen else "Python install"
        return "\n".join([
            f"Regvault {self.version} ({build}, Python {self.python}, {self.system})",
            f"Data folder: {self.data_folder}",
            f"Log folder: {self.log_folder}",
            f"Database: {self.database}",
            f"Keyring: {keyring}",
        ])


def database_description(location: str | Path) -> str:
    """A database file as its path; a database server's URL without the password it may carry."""
    text = str(location)
    if "://" not in text:
        return text
    parts = urlsplit(text)
    if parts.password is None:
        return text
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


NOTICES_FILE = "THIRD-PARTY-NOTICES.txt"
LICENCE_FILE = "LICENSE"
LICENCE_NAME = "Apache License 2.0"
NOT_PACKAGED = ("This Regvault runs from a Python install: each library it uses carries its own licence in its "
                "installed package. The packaged app (installer, DMG, tarball) ships the third-party notices, "
                "generated from the libraries it is built with, and shows them here.")


def _bundled(name: str) -> str | None:
    """A text file the packaged build puts beside the package's data (packaging/regvault.spec); None in a Python
    install, which has no such file."""
    try:
        return (importlib.resources.files("desktop_app") / "data" / name).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None


def third_party_notices() -> str | None:
    """The notices of every library the packaged app ships (Qt through PySide6 first among them); None when this is
    not a packaged build."""
    return _bundled(NOTICES_FILE)


def licence_text() -> str | None:
    """Regvault's own licence text, as shipped with the packaged build."""
    return _bundled(LICENCE_FILE)
