"""Microsoft Graph over httpx: paging, $batch, throttling and retries, typed errors."""

from desktop_app.graph.batch import BatchRequest, BatchResponse
from desktop_app.graph.client import GraphClient, GraphStats
from desktop_app.graph.errors import GraphConnectionError, GraphError, is_not_found_yet
from desktop_app.graph.tokens import StaticTokenProvider, TokenProvider

__all__ = [
    "BatchRequest",
    "BatchResponse",
    "GraphClient",
    "GraphConnectionError",
    "GraphError",
    "GraphStats",
    "StaticTokenProvider",
    "TokenProvider",
    "is_not_found_yet",
]
