"""HTTP clients built the one way: the OS trust store (plus the CA bundle setting), the proxy for the host,
environment variables read here rather than by the libraries (so loopback is never proxied)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import requests
import requests.adapters

from desktop_app.network.clouds import GLOBAL, Cloud, cloud_from_discovery
from desktop_app.network.failures import CaptivePortalError, captive_portal
from desktop_app.network.proxy import NetworkSettings, proxy_for
from desktop_app.network.tls import ssl_context


def httpx_transport(base_url: str, settings: NetworkSettings | None = None, **kwargs: Any) -> httpx.HTTPTransport:
    """The transport for one Graph base URL: TLS from the OS trust store, its proxy (none for loopback)."""
    settings = settings or NetworkSettings()
    proxy = proxy_for(base_url, settings)
    return httpx.HTTPTransport(verify=ssl_context(settings.ca_bundle), proxy=proxy, trust_env=False, **kwargs)


class _TrustStoreAdapter(requests.adapters.HTTPAdapter):
    """requests with the OS trust store: urllib3 takes an SSLContext through the pool manager."""

    def __init__(self, settings: NetworkSettings) -> None:
        self._settings = settings
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = ssl_context(self._settings.ca_bundle)
        super().init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        kwargs["ssl_context"] = ssl_context(self._settings.ca_bundle)
        return super().proxy_manager_for(proxy, **kwargs)


class SignInSession(requests.Session):
    """The `http_client` msal is given: the same trust store and proxies as Graph's, per request URL."""

    def __init__(self, settings: NetworkSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or NetworkSettings()
        self.trust_env = False  # proxies come from proxy_for (which reads the environment and the OS itself)
        adapter = _TrustStoreAdapter(self.settings)
        self.mount("https://", adapter)
        self.mount("http://", adapter)

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        target = url.decode() if isinstance(url, bytes) else str(url)
        verb = method.decode() if isinstance(method, bytes) else method
        proxy = proxy_for(target, self.settings)
        kwargs["proxies"] = {urlsplit(target).scheme: proxy} if proxy else {}
        kwargs.setdefault("timeout", (5, 30))
        response = super().request(verb, target, *args, **kwargs)
        # Every answer msal asks for (discovery, tokens, device codes) is JSON; a page is the network's own.
        portal = captive_portal(urlsplit(target).hostname or "", response.status_code,
                                response.headers.get("content-type", ""), response.headers.get("location", ""))
        if portal is not None:
            raise CaptivePortalError(portal)
        return response


def discover_cloud(tenant: str, settings: NetworkSettings | None = None) -> Cloud | None:
    """The cloud a tenant (id or domain) lives in, as the global login host's discovery document for it says;
    None when that can't be read (offline, unknown tenant): the sign-in then says what is wrong."""
    url = f"{GLOBAL.login_host}/{quote(tenant.strip(), safe='')}/v2.0/.well-known/openid-configuration"
    try:
        response = SignInSession(settings).get(url, timeout=(5, 10))
        if response.status_code != 200:
            return None
        document = response.json()
    except (requests.RequestException, ValueError):
        return None
    return cloud_from_discovery(document) if isinstance(document, dict) else None
