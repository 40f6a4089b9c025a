"""Microsoft's clouds: where each signs in and where its Microsoft Graph is.

Sources: Microsoft Graph "national cloud deployments" (Graph service roots and token endpoints per cloud) and
the identity platform's "authentication national clouds" page; the tenant's OpenID discovery document names its
cloud (`cloud_instance_name`, `msgraph_host`). A permission scope names the cloud's own Graph host
(https://graph.microsoft.us/Application.Read.All in GCC High).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Cloud:
    name: str  # the value kept per tenant
    title: str  # what the user reads
    login_host: str  # the authority host, e.g. https://login.microsoftonline.us
    graph_host: str  # e.g. https://graph.microsoft.us

    @property
    def graph_base_url(self) -> str:
        return f"{self.graph_host}/v1.0"

    @property
    def graph_resource(self) -> str:
        """The prefix of permission scopes in this cloud (with a trailing slash)."""
        return self.graph_host + "/"


GLOBAL = Cloud("global", "Global (commercial, GCC)", "https://login.microsoftonline.com", "https://graph.microsoft.com")
US_GOV = Cloud("usgov", "US Government (GCC High)", "https://login.microsoftonline.us", "https://graph.microsoft.us")
US_GOV_DOD = Cloud("usgovdod", "US Government DoD", "https://login.microsoftonline.us",
                   "https://dod-graph.microsoft.us")
CHINA = Cloud("china", "China (operated by 21Vianet)", "https://login.chinacloudapi.cn",
              "https://microsoftgraph.chinacloudapi.cn")

CLOUDS: dict[str, Cloud] = {c.name: c for c in (GLOBAL, US_GOV, US_GOV_DOD, CHINA)}


def cloud_named(name: str | None) -> Cloud:
    """The cloud kept for a tenant; None or "" (tenants added before clouds were kept) is the global cloud."""
    if not name:
        return GLOBAL
    try:
        return CLOUDS[name.lower()]
    except KeyError:
        raise ValueError(f"unknown cloud {name!r}: one of {', '.join(CLOUDS)}") from None


def cloud_of_graph_url(url: str) -> Cloud | None:
    """The cloud whose Graph serves `url`, if it is one of Microsoft's."""
    for cloud in CLOUDS.values():
        if url.lower().startswith(cloud.graph_host):
            return cloud
    return None


def cloud_from_discovery(document: Mapping[str, Any]) -> Cloud | None:
    """The cloud a tenant's OpenID discovery document (from any cloud's login host) says the tenant lives in."""
    graph = str(document.get("msgraph_host") or "").lower()
    for cloud in CLOUDS.values():
        if graph and cloud.graph_host.endswith("//" + graph):
            return cloud
    instance = str(document.get("cloud_instance_name") or "").lower()
    by_instance = {"microsoftonline.com": GLOBAL, "microsoftonline.us": US_GOV, "partner.microsoftonline.cn": CHINA,
                   "chinacloudapi.cn": CHINA}
    return by_instance.get(instance)
