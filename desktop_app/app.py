"""Composition root: where Regvault's parts are built and wired, for the window and the command line.

Nothing here knows about Qt: the window is started by `desktop_app.cli.window`, which hands it the
`Context` built here.
"""

from __future__ import annotations

import logging
import logging.handlers
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "Regvault"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "regvault.sqlite"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def token_cache(self) -> Path:
        return self.data_dir / "token-cache.bin"

    @classmethod
    def default(cls) -> AppPaths:
        return cls(platformdirs.user_data_path(APP_NAME, appauthor=False))

    @classmethod
    def demo(cls) -> AppPaths:
        """Demo data lives apart from real backups, so a demo can never touch them."""
        return cls(platformdirs.user_data_path(APP_NAME, appauthor=False) / "demo")

    @classmethod
    def resolve(cls, data_dir: str | Path | None, *, demo: bool = False) -> AppPaths:
        if data_dir:
            return cls(Path(data_dir).expanduser().resolve())
        return cls.demo() if demo else cls.default()

    def ensure(self) -> AppPaths:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        return self


def configure_logging(paths: AppPaths, *, verbose: bool = False) -> None:
    """Log to a rotating file in the data folder; secrets are scrubbed from every record."""
    root = logging.getLogger()
    if any(getattr(h, "_regvault", False) for h in root.handlers):
        return
    handler = logging.handlers.RotatingFileHandler(
        paths.logs_dir / "regvault.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler._regvault = True  # type: ignore[attr-defined]
    try:
        from desktop_app.auth.log_redaction import RedactingFilter
    except ImportError:  # pragma: no cover - during bring-up only
        pass
    else:
        handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # httpx logs every request line at INFO; our Graph client logs what matters (without headers).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


@dataclass
class Context:
    """Everything the window and the commands need, built once per process."""

    paths: AppPaths
    demo: bool = False
    extras: dict[str, object] = field(default_factory=dict)
