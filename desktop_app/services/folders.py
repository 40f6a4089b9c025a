"""Where Regvault keeps its files by default, in each platform's own places.

- Data (the database, the sign-in cache, settings): the user data folder (platformdirs): `%LOCALAPPDATA%\\Regvault`,
  `~/Library/Application Support/Regvault`, `~/.local/share/Regvault`; the demo's in `demo` below it.
- Logs: the platform's log folder for the default data folder: `%LOCALAPPDATA%\\Regvault\\Logs` on Windows,
  `~/Library/Logs/Regvault` on macOS (where Console.app looks), `~/.local/state/Regvault/log` on Linux (XDG state);
  the demo's in `demo` below it. A data folder given with `--data-dir` keeps its logs inside it (`logs`), so a
  second, portable or test data folder stays self-contained.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "Regvault"


def default_data_folder() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def demo_data_folder() -> Path:
    """Demo data lives apart from real backups, so a demo can never touch them."""
    return default_data_folder() / "demo"


def log_folder(data_dir: Path) -> Path:
    """The log folder that goes with a data folder (see the module's note)."""
    platform_logs = platformdirs.user_log_path(APP_NAME, appauthor=False)
    resolved = data_dir.expanduser().resolve()
    if resolved == default_data_folder().resolve():
        return platform_logs
    if resolved == demo_data_folder().resolve():
        return platform_logs / "demo"
    return data_dir / "logs"
