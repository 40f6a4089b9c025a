"""Which proxy a request goes through: Regvault's own setting first, then the PAC file the OS names (pypac), then
the environment (HTTPS_PROXY, NO_PROXY) and the OS settings (urllib reads the Windows registry and macOS's
SystemConfiguration). Loopback (the demo's emulator, msal's sign-in listener) never goes through a proxy."""

from __future__ import annotations

import ipaddress
import logging
import threading
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

DIRECT = "direct"  # the proxy setting that turns proxies off


@dataclass(frozen=True)
class NetworkSettings:
    """What the user can set (Settings; `regvault settings --proxy/--ca-bundle`)."""

    proxy: str = ""  # "" = automatic (PAC, environment, OS); DIRECT; or http://host:port
    ca_bundle: str = ""  # a PEM file of extra root CAs, on top of the OS trust store
    use_pac: bool = True


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def proxy_for(url: str, settings: NetworkSettings | None = None, *, pac: Any = None) -> str | None:
    """The proxy URL for `url`, or None to connect directly. `pac`: a pypac PACFile (tests; else the OS's)."""
    settings = settings or NetworkSettings()
    parts = urlsplit(url)
    host = parts.hostname
    if is_loopback(host):
        return None
    if settings.proxy:
        return None if settings.proxy.lower() == DIRECT else settings.proxy
    if settings.use_pac:
        pac = pac if pac is not None else _os_pac()
        if pac is not None:
            return _from_pac(pac, url, host or "")
    proxies = urllib.request.getproxies()
    if host and urllib.request.proxy_bypass(host):
        return None
    found = proxies.get(parts.scheme) or proxies.get("https") or proxies.get("all")
    return _with_scheme(found) if found else None


def _from_pac(pac: Any, url: str, host: str) -> str | None:
    try:
        answer = str(pac.find_proxy_for_url(url, host))
    except Exception as exc:  # noqa: BLE001 - a broken PAC script: say so, go direct
        log.warning("The proxy auto-configuration (PAC) script failed for %s: %s; connecting directly", host, exc)
        return None
    for entry in answer.split(";"):
        words = entry.split()
        if not words:
            continue
        kind = words[0].upper()
        if kind == "DIRECT":
            return None
        if kind in ("PROXY", "HTTP", "HTTPS") and len(words) > 1:
            scheme = "https" if kind == "HTTPS" else "http"
            return f"{scheme}://{words[1]}"
        # SOCKS entries: not supported here; try the next one.
    return None


def _with_scheme(proxy: str) -> str:
    return proxy if "://" in proxy else "http://" + proxy


_pac_lock = threading.Lock()
_pac_cache: list[Any] = []


def _os_pac() -> Any:
    """The PAC file the OS settings name (Windows: the registry's AutoConfigURL; macOS: SystemConfiguration),
    fetched once per process. WPAD by DNS is not tried (it is slow, and spoofable on foreign networks)."""
    with _pac_lock:
        if not _pac_cache:
            _pac_cache.append(_load_os_pac())
        return _pac_cache[0]


def _load_os_pac() -> Any:
    try:
        import pypac
    except ImportError:  # pragma: no cover - a dependency; absent only in a broken install
        return None
    try:
        return pypac.get_pac(from_os_settings=True, from_dns=False, timeout=3)
    except Exception as exc:  # noqa: BLE001 - the OS names a PAC that can't be fetched or parsed
        log.warning("The proxy auto-configuration (PAC) file could not be used: %s", exc)
        return None
