"""Building msal's PublicClientApplication, and running its browser sign-in so that Cancel stops it.

Facts from msal's source (1.31-1.39) this relies on:
- With a broker flag set for the running OS, msal imports pymsalruntime (`msal[broker]`) in the constructor and
  raises ImportError when it is missing; a broker that is installed but can't start is dropped by msal itself
  (RuntimeError, logged). We catch the first and build a browser client instead.
- The constructor runs the authority's OpenID discovery over the network: an unknown tenant is a ValueError, no
  network an OSError (requests' errors are OSErrors). `sign_in.TenantSession` builds clients only when a token is
  needed, and turns both into sentences.
- The browser flow listens on http://localhost:<port> and blocks its caller until the response or the timeout
  (BrowserInteractionTimeoutError); it never looks at anything we could use to cancel it. So it runs on a thread
  of its own here, with a port we chose, and the caller stops waiting at once on Cancel; msal's listener is sent
  its abort address and ends with its (shorter) timeout.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import sys
import threading
import urllib.request
from collections.abc import Callable
from typing import Any

import msal

from desktop_app.auth.errors import Refusal, SignInCancelled, SignInFailed
from desktop_app.domain.cancel import CancelToken

log = logging.getLogger(__name__)

# WAM on Windows: on by default. macOS: off until the signed app bundle's own redirect URI is registered (msal
# hard-codes the unsigned-app redirect, which a signed .app can't use).
BROKER_DEFAULT = sys.platform == "win32"
# How long the browser sign-in may take; long enough for MFA and a password manager, short enough that an
# abandoned sign-in gives its port back soon.
BROWSER_TIMEOUT = 300.0

_broker_missing_said = False


def msal_public_client(
    *, client_id: str, authority: str, token_cache: msal.SerializableTokenCache, enable_broker: bool,
    http_client: Any = None,
) -> msal.PublicClientApplication:
    """The real thing: with the broker when asked for and available, the browser otherwise."""
    global _broker_missing_said
    kwargs: dict[str, Any] = {"authority": authority, "token_cache": token_cache}
    if http_client is not None:
        kwargs["http_client"] = http_client
    if enable_broker and sys.platform in ("win32", "darwin"):
        try:
            return msal.PublicClientApplication(
                client_id, enable_broker_on_windows=sys.platform == "win32",
                enable_broker_on_mac=sys.platform == "darwin", **kwargs)
        except ImportError:
            if not _broker_missing_said:
                _broker_missing_said = True
                log.warning("The sign-in broker is not available (pymsalruntime is not installed); "
                            "signing in through the browser instead.")
    return msal.PublicClientApplication(client_id, **kwargs)


def free_local_port() -> int:
    """A port nobody listens on now, for msal's redirect listener (http://localhost:<port>)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_browser_sign_in(
    sign_in: Callable[[int], dict[str, Any]], *, tenant: str, cancel: CancelToken | None, timeout: float,
) -> dict[str, Any]:
    """Run msal's blocking browser sign-in (`sign_in(port)`) so that `cancel` ends the wait at once.

    Returns msal's result; raises SignInCancelled on Cancel and SignInFailed when the browser sign-in was not
    finished within `timeout` seconds."""
    port = free_local_port()
    outcome: dict[str, Any] = {}
    finished = threading.Event()

    def run() -> None:
        try:
            outcome["result"] = sign_in(port)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
            outcome["error"] = exc
        finally:
            finished.set()

    # A daemon: an abandoned sign-in never keeps the app from quitting.
    threading.Thread(target=run, name=f"browser sign-in {tenant}", daemon=True).start()
    while not finished.wait(0.1):
        if cancel is not None and cancel.cancelled:
            _abort_listener(port)
            raise SignInCancelled(f"sign-in to tenant {tenant} was cancelled")
    error = outcome.get("error")
    if error is not None:
        from msal.oauth2cli.oauth2 import BrowserInteractionTimeoutError

        if isinstance(error, BrowserInteractionTimeoutError):
            minutes = str(round(timeout / 60))
            raise SignInFailed("timeout", str(error), sentence=(
                f"The browser sign-in to tenant {tenant} was not finished within {minutes} minutes. "
                "Start it again when you are ready (or sign in with a code on another device)."),
                refusal=Refusal.BROWSER_TIMEOUT, facts={"tenant": tenant, "minutes": minutes}) from error
        raise error
    result: dict[str, Any] = outcome["result"]
    return result


def _abort_listener(port: int) -> None:
    """msal's own abort address: the page says the sign-in was aborted (msal 1.39 then waits out its timeout;
    older versions stop listening)."""
    with contextlib.suppress(OSError):
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy
        opener.open(f"http://localhost:{port}/?error=abort", timeout=2).close()
