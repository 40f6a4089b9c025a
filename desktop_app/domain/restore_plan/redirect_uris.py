"""Redirect URIs Graph refuses (graph-notes §11, the reply-url restrictions): https, or http for localhost and
127.0.0.1 only; a custom scheme on a public client (mobile and desktop) only; none of ! $ ' ( ) , ; anywhere.
Older apps can still hold such a URI, and a snapshot keeps it, but a request that carries one is refused whole
(the stricter reading, as the emulator's: even a URI the app has now). So a restore never sends one:

- a URI the app doesn't have now is left out, with a warning naming it;
- a platform whose live list holds such a URI is kept as it is, all its settings (a PATCH sends the platform's
  object whole, its list with it, and would be refused), with a warning naming the platform.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from desktop_app.domain.remap import humanize
from desktop_app.domain.restore_plan.drafting import Draft
from desktop_app.domain.restore_plan.plan import WarningCode

PLATFORMS = ("web", "spa", "publicClient")
_FORBIDDEN = frozenset("!$'(),;")
_LOOPBACK = ("localhost", "127.0.0.1")
_SOME_ID = "00000000-0000-0000-0000-000000000000"


def accepted(platform: str, uri: str) -> bool:
    """Whether Graph takes `uri` as a redirect URI of `platform` ("web", "spa" or "publicClient"). A reference to
    an id the run resolves (msal{client id}://auth of a recreated app) is checked as the id it becomes."""
    uri = humanize(uri, lambda _kind, _value: _SOME_ID)
    if _FORBIDDEN & set(uri):
        return False
    try:
        parts = urlsplit(uri)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme == "https":
        return bool(parts.netloc)
    if scheme == "http":
        return host in _LOOPBACK
    return platform == "publicClient" and bool(scheme)


def keep_accepted_redirect_uris(draft: Draft, desired: dict[str, Any]) -> None:
    """Leave out of `desired` (the app's writable state) the redirect URIs Graph would refuse, as the module
    says; the default redirect URI goes with its URI."""
    live = _live_application(draft)
    left_out: set[str] = set()
    for platform in PLATFORMS:
        holder = desired.get(platform)
        if not isinstance(holder, dict) or not isinstance(holder.get("redirectUris"), list):
            continue
        now = live.get(platform)
        if isinstance(now, Mapping) and any(
                isinstance(u, str) and not accepted(platform, u) for u in now.get("redirectUris") or []):
            if dict(now) != holder:
                draft.warn(WarningCode.REDIRECT_URIS_KEPT, platform=platform)
            desired[platform] = dict(now)  # the platform's settings go in one object: none of them is sent
            continue
        refused = [u for u in holder["redirectUris"] if isinstance(u, str) and not accepted(platform, u)]
        for uri in refused:
            draft.warn(WarningCode.REDIRECT_URI_LEFT_OUT, uri=uri, platform=platform)
        left_out.update(refused)
        kept = [u for u in holder["redirectUris"] if u not in refused]
        settings = holder.get("redirectUriSettings")
        desired[platform] = {**holder, "redirectUris": kept, **({"redirectUriSettings": [
            s for s in settings if not (isinstance(s, Mapping) and s.get("uri") in refused)]} if isinstance(
                settings, list) else {})}
    if desired.get("defaultRedirectUri") in left_out:
        desired["defaultRedirectUri"] = None


def _live_application(draft: Draft) -> Mapping[str, Any]:
    """The app as it is now; nothing for a new one."""
    if draft.action.creates_application:
        return {}
    document = draft.target.document
    application = document.get("application") if document is not None else None
    return application if isinstance(application, Mapping) else {}
