"""Is a newer Regvault out? One look a day at the project's releases feed, from the window only.

- On by default; off with `regvault settings --update-check off` or Settings → "Tell me when a new version is out",
  or for every user of a machine with the environment variable REGVAULT_NO_UPDATE_CHECK=1 (managed desktops; the
  tests set it too).
- Only the window asks: no command does, so a scheduled backup never reaches the feed.
- At most one request a day: the time of the last answer (or failure) is kept with the answer, so later starts
  that day read what the first one learnt.
- The answer is a version and its release page ("Regvault 1.3.0 is available"); nothing is ever downloaded or
  installed by Regvault itself.
- A failure (offline, a proxy, the feed answering 403 for its rate limit) is logged and says nothing to the user.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

from desktop_app import __version__
from desktop_app.network.http import httpx_transport
from desktop_app.network.proxy import NetworkSettings
from desktop_app.store.database import Store

log = logging.getLogger(__name__)

# Where Regvault's releases are published (the release workflow's repository; packaging/release.py).
RELEASES_REPOSITORY = "regvault/regvault"
FEED_URL = f"https://api.github.com/repos/{RELEASES_REPOSITORY}/releases/latest"  # the newest non-draft, non-prerelease
ENABLED_SETTING = "updates.check"
DISABLED_ENV = "REGVAULT_NO_UPDATE_CHECK"
LAST_CHECKED_SETTING = "updates.lastChecked"  # ISO time of the last request, answered or not
LATEST_SETTING = "updates.latest"  # {"version": ..., "url": ...} of the newest release seen, or None
INTERVAL = timedelta(days=1)
TIMEOUT_S = 10.0
_RELEASE = re.compile(r"v?(\d+(?:\.\d+){0,3})")


@dataclass(frozen=True)
class AvailableUpdate:
    version: str
    url: str  # the release's page: notes and downloads, for the user to read


def version_key(text: str) -> tuple[int, ...] | None:
    """1.2.10 → (1, 2, 10, 0); a pre-release or anything else → None (never offered)."""
    match = _RELEASE.fullmatch(text.strip())
    if match is None:
        return None
    parts = [int(p) for p in match.group(1).split(".")]
    return tuple(parts + [0] * (4 - len(parts)))


def is_newer(candidate: str, current: str = __version__) -> bool:
    new, now = version_key(candidate), version_key(current)
    return new is not None and now is not None and new > now


def turned_off_for_this_machine() -> bool:
    return os.environ.get(DISABLED_ENV, "").strip() not in ("", "0")


def update_check_setting(store: Store) -> bool:
    """The user's choice (on unless turned off), whatever the machine says."""
    return bool(store.get_setting(ENABLED_SETTING, True))


def update_check_enabled(store: Store) -> bool:
    return not turned_off_for_this_machine() and update_check_setting(store)


def set_update_check(store: Store, enabled: bool) -> None:
    store.set_setting(ENABLED_SETTING, bool(enabled))


class UpdateCheck:
    def __init__(self, store: Store, *, network: NetworkSettings | None = None, feed_url: str = FEED_URL,
                 current: str = __version__, transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._store = store
        self._network = network or NetworkSettings()
        self._feed_url = feed_url
        self._current = current
        self._transport = transport
        self._clock = clock

    def check(self) -> AvailableUpdate | None:
        """The newer release, if there is one (asking the feed only when the last answer is a day old)."""
        if not update_check_enabled(self._store):
            return None
        if not self._due():
            return self._known()
        self._store.set_setting(LAST_CHECKED_SETTING, self._clock().isoformat())
        try:
            latest = self._fetch()
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            log.info("update check: the releases feed could not be read (%s); trying again tomorrow",
                     type(exc).__name__)
            return self._known()
        self._store.set_setting(LATEST_SETTING, json.dumps(latest) if latest else "")
        return self._known()

    def _due(self) -> bool:
        last = self._store.get_setting(LAST_CHECKED_SETTING)
        try:
            when = datetime.fromisoformat(str(last)) if last else None
        except ValueError:
            when = None
        return when is None or not (timedelta(0) <= self._clock() - when < INTERVAL)

    def _known(self) -> AvailableUpdate | None:
        stored = self._store.get_setting(LATEST_SETTING)
        try:
            latest = json.loads(stored) if stored else None
        except ValueError:
            return None
        if not isinstance(latest, dict) or not is_newer(str(latest.get("version", "")), self._current):
            return None
        return AvailableUpdate(str(latest["version"]), str(latest.get("url", "")))

    def _fetch(self) -> dict[str, str] | None:
        transport = self._transport or httpx_transport(self._feed_url, self._network)
        headers = {"Accept": "application/vnd.github+json", "User-Agent": f"Regvault/{self._current}"}
        with httpx.Client(transport=transport, timeout=TIMEOUT_S, headers=headers, follow_redirects=False) as client:
            response = client.get(self._feed_url)
        if response.status_code == 404:  # nothing released yet
            return None
        response.raise_for_status()
        release = response.json()
        if release.get("draft") or release.get("prerelease"):
            return None
        version = str(release["tag_name"]).lstrip("v")
        url = str(release.get("html_url") or "")
        if version_key(version) is None or not url.startswith("https://"):
            return None
        return {"version": version, "url": url}
