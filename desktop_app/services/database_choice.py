"""Which database this workstation uses, and the password of a shared one.

Precedence: `--database` (this command only), then the environment variable REGVAULT_DATABASE, then the choice
saved in the data folder (`database.json`, written by `regvault database use` and the Settings dialog), then the
embedded default: `regvault.sqlite` in the data folder. The saved choice lives beside the database, not in it:
Regvault has to know where the database is before it can read anything from it.

A PostgreSQL password is never written into a saved URL: it is kept in the OS keyring (account
`database:user@host:port/db`), or taken from libpq's own PGPASSWORD / ~/.pgpass.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from desktop_app.auth.errors import KeyringUnavailable
from desktop_app.auth.secrets import KeyringSecrets
from desktop_app.store import DatabaseLocation, DatabaseMissing, inspect_database

DATABASE_ENV = "REGVAULT_DATABASE"
CHOICE_FILE = "database.json"
DEFAULT_FILE = "regvault.sqlite"
Source = Literal["--database", "REGVAULT_DATABASE", "settings", "default"]


@dataclass(frozen=True)
class DatabaseChoice:
    location: DatabaseLocation
    source: Source

    def describe(self) -> str:
        origin = {
            "--database": "given with --database",
            "REGVAULT_DATABASE": "from the REGVAULT_DATABASE environment variable",
            "settings": "chosen in Settings (regvault database use)",
            "default": "the default, in the data folder",
        }[self.source]
        return f"{self.location} ({origin})"


def default_location(data_dir: Path) -> DatabaseLocation:
    return DatabaseLocation.sqlite(data_dir / DEFAULT_FILE)


def saved_location(data_dir: Path) -> DatabaseLocation | None:
    try:
        data = json.loads((data_dir / CHOICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("database") if isinstance(data, dict) else None
    return DatabaseLocation.parse(url) if isinstance(url, str) and url.strip() else None


def choose(data_dir: Path, explicit: str | None = None, environ: Mapping[str, str] | None = None) -> DatabaseChoice:
    """The database to open (raises BadDatabaseLocation for text that is neither a path nor a URL)."""
    env = os.environ if environ is None else environ
    if explicit:
        return DatabaseChoice(DatabaseLocation.parse(explicit), "--database")
    if env.get(DATABASE_ENV, "").strip():
        return DatabaseChoice(DatabaseLocation.parse(env[DATABASE_ENV]), "REGVAULT_DATABASE")
    saved = saved_location(data_dir)
    if saved is not None:
        return DatabaseChoice(saved, "settings")
    return DatabaseChoice(default_location(data_dir), "default")


def refuse_missing(choice: DatabaseChoice) -> None:
    """Raise DatabaseMissing when the SQLite file the user chose is not there (a share not mounted, a file moved):
    opening it would create an empty store in its place, and backups would go there. Only the default file is
    created on first start; `regvault database use` and `move --to` create a new one on purpose."""
    location = choice.location
    if choice.source == "default" or location.engine != "sqlite" or location.path is None or location.path.exists():
        return
    raise DatabaseMissing(
        f"The database {choice.describe()} does not exist: mount its share or restore the file there, or choose "
        "another with `regvault database use PATH|default` (File → Settings… → Database). Nothing was created."
    )


def password_account(location: DatabaseLocation) -> str:
    """The keyring entry of a PostgreSQL database's password."""
    return f"database:{location.keyring_account}"


def with_saved_password(location: DatabaseLocation, secrets: KeyringSecrets | None = None) -> DatabaseLocation:
    """The location with the keyring's password for it, when it has none of its own (a keyring that doesn't
    work is no error here: libpq may still find PGPASSWORD or ~/.pgpass)."""
    if location.engine != "postgresql" or location.password:
        return location
    try:
        password = (secrets or KeyringSecrets()).get(password_account(location))
    except KeyringUnavailable:
        return location
    return location.with_password(password) if password else location


def save_choice(data_dir: Path, location: DatabaseLocation | None, secrets: KeyringSecrets | None = None) -> None:
    """Remember `location` for this data folder (None: back to the default file). A password it carries goes
    to the keyring (KeyringUnavailable when there is none: then nothing is saved), never into the file."""
    path = data_dir / CHOICE_FILE
    if location is None or location == default_location(data_dir):
        path.unlink(missing_ok=True)
        return
    if location.engine == "postgresql" and location.password:
        (secrets or KeyringSecrets()).set(password_account(location), location.password)
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"database": location.url}, f)
        f.write("\n")


@dataclass(frozen=True)
class DatabaseChecked:
    """What Settings found at the database it saved: its URL and Regvault's schema version there (None: empty)."""

    url: str
    version: int | None


def check_and_save(data_dir: Path, text: str, password: str = "",
                   secrets: KeyringSecrets | None = None) -> DatabaseChecked:
    """The Settings dialog's Save: check the database named by `text` (empty: the default file) without
    switching to it, remember it for this data folder (its password in the keyring), and say what was found.
    Raises StoreError / BadDatabaseLocation with a sentence (nothing saved) when it can't be used."""
    location = DatabaseLocation.parse(text) if text.strip() else default_location(data_dir)
    if password and location.engine == "postgresql":
        location = location.with_password(password)
    location = with_saved_password(location, secrets)
    version = inspect_database(location)
    save_choice(data_dir, location, secrets)
    return DatabaseChecked(location.url, version)
