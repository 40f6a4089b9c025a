"""Tenants: adding them, and connecting to Graph as each of them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop_app.auth.app_only import AppOnlyCredentialStore, AppOnlyTokenProvider
from desktop_app.auth.emulator_tokens import EmulatorTokenProvider
from desktop_app.auth.sign_in import SignIn
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphError
from desktop_app.graph.tokens import TokenProvider
from desktop_app.store.database import Store
from desktop_app.store.records import TenantInfo

log = logging.getLogger(__name__)

GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0"


class TenantNotConnectable(Exception):
    """No way to get tokens for this tenant (not signed in, and no app-only identity)."""


@dataclass
class GraphConnector:
    """Builds a GraphClient for a tenant with the right tokens: the emulator's, an app-only identity's
    (unattended backups), or the signed-in user's."""

    sign_in: SignIn | None = None
    app_only: AppOnlyCredentialStore | None = None
    timeout: float = 60
    max_retries: int = 8
    # A backup runs 32 listings and 16 batch streams at once; each needs a connection of its own.
    max_connections: int = 48
    sleep: Callable[[float], None] | None = None
    read_only: bool = False  # the emulator's read token only: for "what if I lack write rights" checks

    def tokens_for(self, tenant: TenantInfo) -> TokenProvider:
        if tenant.kind == "emulator":
            return EmulatorTokenProvider(tenant.tenant_id, read_only=self.read_only)
        if self.app_only is not None:
            credentials = self.app_only.load(tenant.tenant_id)
            if credentials is not None:
                return AppOnlyTokenProvider(tenant.tenant_id, credentials)
        if self.sign_in is None:
            raise TenantNotConnectable(
                f"Regvault is not signed in to {tenant.display_name} ({tenant.tenant_id}): sign in from the "
                "window, or configure an app-only identity for unattended backups."
            )
        return self.sign_in.session(tenant.tenant_id)

    def __call__(self, tenant: TenantInfo) -> GraphClient:
        kwargs: dict[str, Any] = {
            "timeout": self.timeout, "max_retries": self.max_retries, "max_connections": self.max_connections,
        }
        if self.sleep is not None:
            kwargs["sleep"] = self.sleep
        return GraphClient(tenant.graph_base_url or GRAPH_BASE_URL, self.tokens_for(tenant), **kwargs)


@dataclass(frozen=True)
class Organization:
    tenant_id: str
    display_name: str
    default_domain: str
    domains: tuple[str, ...]


def read_organization(graph: GraphClient) -> Organization:
    """The tenant's id, name and verified domains (GET /organization needs only User.Read)."""
    orgs = graph.get("/organization").get("value") or []
    if not orgs:
        raise GraphError(404, "Request_ResourceNotFound", "the tenant returned no organization", method="GET",
                         path="/organization")
    org = orgs[0]
    verified = [d for d in org.get("verifiedDomains") or [] if isinstance(d, dict) and d.get("name")]
    default = next((d["name"] for d in verified if d.get("isDefault")), verified[0]["name"] if verified else "")
    return Organization(
        tenant_id=str(org["id"]),
        display_name=str(org.get("displayName") or org["id"]),
        default_domain=str(default),
        domains=tuple(str(d["name"]) for d in verified),
    )


class TenantService:
    def __init__(self, store: Store, connector: GraphConnector) -> None:
        self._store = store
        self._connector = connector

    def add_emulator_tenant(self, base_url: str, tenant_id: str, *, restore_target: bool = False) -> TenantInfo:
        """Add a tenant served by a Graph emulator; its name and domains come from its /organization."""
        probe = TenantInfo(tenant_id=tenant_id, display_name=tenant_id, graph_base_url=base_url.rstrip("/"),
                           kind="emulator")
        with self._connector(probe) as graph:
            org = read_organization(graph)
        if org.tenant_id.lower() != tenant_id.lower():
            raise ValueError(f"the emulator at {base_url} answered for tenant {org.tenant_id}, not {tenant_id}")
        return self._save(probe, org, restore_target)

    def refresh(self, tenant_key: str) -> TenantInfo:
        """Read the tenant's name and verified domains again (a domain was added or verified)."""
        tenant = self._store.get_tenant(tenant_key)
        with self._connector(tenant) as graph:
            org = read_organization(graph)
        return self._save(tenant, org, tenant.is_restore_target)

    def _save(self, base: TenantInfo, org: Organization, restore_target: bool) -> TenantInfo:
        info = TenantInfo(
            tenant_id=org.tenant_id, display_name=org.display_name, graph_base_url=base.graph_base_url,
            default_domain=org.default_domain, domains=org.domains, kind=base.kind, client_id=base.client_id,
            authority=base.authority, cloud=base.cloud, is_restore_target=restore_target,
        )
        saved = self._store.add_tenant(info)  # adds, or updates the one already added
        log.info("tenant %s (%s) saved", saved.tenant_id, saved.display_name)
        return saved
