"""A scheduled backup that could not even use the store (a team's PostgreSQL unreachable, a damaged or locked
database file): its failure can't become an alert record (services/alerts.py keeps those in the store), so it goes
to this machine's desktop at once, once per reason until a backup opens the store again.

What "once" rests on is a marker in the data folder (private, like every file there) holding the reason told; a
backup that opens the store removes it. The store's alert settings can't be read then: the desktop is told unless
this process has desktop notifications off (REGVAULT_DESKTOP_NOTIFICATIONS=off); the webhook and e-mail, whose
settings are in the store, get the failure as soon as the store is back only if it was recorded, which it wasn't.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from desktop_app.services.alert_delivery import AlertChannel, AlertMessage, DeliveryFailed
from desktop_app.services.alerts import DESKTOP_OFF_ENV, reason_key

log = logging.getLogger(__name__)

MARKER = "alerts-store-unusable.json"


def tell_store_unusable(data_dir: Path, reason: str, channel: AlertChannel | None = None) -> str | None:
    """Notify the desktop of `reason` unless it was told already; returns why it could not be told, or None."""
    key = reason_key(reason)
    marker = data_dir / MARKER
    if _told(marker) == key:
        return None
    if channel is None:
        if os.environ.get(DESKTOP_OFF_ENV, "").strip().lower() in ("off", "0", "no", "false"):
            return None
        from desktop_app.services.notify_desktop import DesktopNotifier

        channel = DesktopNotifier()
    why = channel.unavailable()
    if why is not None:
        return why
    try:
        channel.send(AlertMessage(title="Regvault: the scheduled backup failed",
                                  lines=(f"The database could not be used: {reason}",)), "")
    except DeliveryFailed as exc:
        return str(exc)
    try:
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"reason": key}, out)
    except OSError as exc:  # a full or read-only disk: told again next time, rather than never
        log.warning("could not note the failure told: %s", exc)
    return None


def store_usable_again(data_dir: Path) -> None:
    """A backup opened the store: the next failure to use it is news again."""
    try:
        (data_dir / MARKER).unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove %s: %s", MARKER, exc)


def _told(marker: Path) -> str | None:
    try:
        told = json.loads(marker.read_text(encoding="utf-8")).get("reason")
    except (OSError, ValueError, AttributeError):
        return None
    return told if isinstance(told, str) else None
