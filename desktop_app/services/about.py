"""What Help → About tells: which Regvault this is and where it keeps everything. Facts only; the window
words them (ui/about_dialog.py) and `regvault --version` prints the first.

A user reads these to a helpdesk, or goes to the folder to find a log: they must be exact, so each is taken
from the object that uses it (the open store's file, the keyring backend the sign-ins went to), not rebuilt.
"""

from __future__ import annotations

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
