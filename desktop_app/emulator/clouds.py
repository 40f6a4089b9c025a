"""Microsoft Graph's hosts per cloud, as the emulator serves them (its own table: it shares no code with the
client). Source: Microsoft Graph national cloud deployments (graph.microsoft.us for US Government L4 / GCC High,
dod-graph.microsoft.us for L5 / DoD, microsoftgraph.chinacloudapi.cn for 21Vianet). Graph accepts a token only
from its own cloud's Entra ID: a GCC High tenant's token at graph.microsoft.com is refused with 401
InvalidAuthenticationToken, and the other way round."""

from __future__ import annotations

GRAPH_HOSTS = {
    "graph.microsoft.com": "global",
    "graph.microsoft.us": "usgov",
    "dod-graph.microsoft.us": "usgovdod",
    "microsoftgraph.chinacloudapi.cn": "china",
}
CLOUDS = frozenset(GRAPH_HOSTS.values())


def cloud_asked_for(host_header: str) -> str | None:
    """The cloud whose Graph a request was addressed to (its Host), or None for the emulator's own address."""
    host = host_header.strip().lower()
    return GRAPH_HOSTS.get(host.split("]")[0] + "]" if host.startswith("[") else host.split(":")[0])
