"""Real-tenant sign-in without a network: the fake identity platform (tests/auth) issues tokens, the emulator
serves Graph, and a transport in between maps the platform's tokens to the emulator's.

The client's own code handles the fake platform's JWT-looking tokens from msal's cache all the way to the HTTP
request; only the last hop (the transport) swaps them for the emulator's token, so every code path a real token
takes is exercised with a distinctive value the leak tests can search for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from fake_identity_platform import CT, FakeIdentityPlatform, FakeUser

from desktop_app import app as app_module
from desktop_app.auth.sign_in import GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID, READ_SCOPES, WRITE_SCOPES
from desktop_app.emulator import Emulator
from desktop_app.emulator.permissions import token_suffix

PARTNER_USER = "tech@contoso.com"


class TokenMappingTransport(httpx.BaseTransport):
    """Forwards to the emulator, mapping each bearer token the fake platform issued (or a registered app-only
    token) to the emulator's token of that tenant carrying exactly the token's scopes (its `scp`): the emulator
    refuses what they don't allow, as Graph does."""

    def __init__(self, platform: FakeIdentityPlatform) -> None:
        self.platform = platform
        self.inner = httpx.HTTPTransport()
        self.app_only_tokens: dict[str, str] = {}  # token -> emulator token
        self.forced_status: int | None = None  # answer every request with this status (error paths)
        self.seen_tokens: list[str] = []

    def emulator_token(self, token: str) -> str | None:
        if token.startswith("emulator."):  # an emulator tenant's own token
            return token
        if token in self.app_only_tokens:
            return self.app_only_tokens[token]
        for client in self.platform.clients:
            for at in client.token_cache.search(CT.ACCESS_TOKEN):
                if at["secret"] == token:
                    # Any cloud's Graph: https://graph.microsoft.us/Application.ReadWrite.All in GCC High.
                    names = [t.rsplit("/", 1)[-1] for t in at["target"].split() if "/" in t]
                    return f"emulator.{at['realm']}.{token_suffix(names)}"
        return None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        self.seen_tokens.append(token)
        if self.forced_status is not None:
            status = self.forced_status
            body = {"error": {"code": "Authorization_RequestDenied" if status in (401, 403) else "InternalServerError",
                              "message": "Forced by the test. Authorization: Bearer " + token,
                              "innerError": {"request-id": "00000000-0000-4000-8000-0000000000aa",
                                             "date": "2026-01-01T00:00:00"}}}
            return httpx.Response(status, json=body, request=request)
        mapped = self.emulator_token(token)
        request.headers["Authorization"] = f"Bearer {mapped or 'unknown'}"
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class FakeConfidentialClient:
    """msal.ConfidentialClientApplication for app-only identities: a distinctive token per tenant."""

    def __init__(self, world: SignInWorld, client_id: str, authority: str, credential: Any) -> None:
        self.world = world
        self.client_id = client_id
        self.authority = authority
        self.tenant_id = authority.rstrip("/").rsplit("/", 1)[-1]
        self.credential = credential
        self.scopes_asked: list[list[str]] = []

    def acquire_token_for_client(self, scopes: list[str], **kwargs: Any) -> dict[str, Any]:
        self.scopes_asked.append(list(scopes))
        secret = self.credential if isinstance(self.credential, str) else None
        if secret is not None and secret != self.world.app_only_secret:
            return {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."}
        token = f"eyJ0eXAiOiJKV1QifQ.APPONLY{self.tenant_id[:8]}xyz.sigAPPONLY"
        self.world.transport.app_only_tokens[token] = f"emulator.{self.tenant_id}"
        return {"access_token": token, "token_type": "Bearer", "expires_in": 3600}


@dataclass
class SignInWorld:
    emulator: Emulator
    platform: FakeIdentityPlatform
    transport: TokenMappingTransport
    partner: FakeUser
    app_only_secret: str = "APPSECRET~distinctive~0123456789"
    confidential_clients: list[FakeConfidentialClient] = field(default_factory=list)

    def tenant_id(self, name: str) -> str:
        return self.emulator.tenant_id(name)

    def domain(self, name: str) -> str:
        return next(str(t["defaultDomain"]) for t in self.emulator.tenants if t["name"] == name)

    def give_partner_access(self, name: str, *, consent: bool = True) -> None:
        """A GDAP relationship: the partner's technician may work in the customer tenant."""
        tenant = self.tenant_id(name)
        self.platform.access.setdefault(tenant, set()).add(self.partner.username)
        if consent:
            self.platform.consent(tenant, list(READ_SCOPES))

    def confidential_factory(self, *, client_id: str, authority: str, client_credential: Any) -> FakeConfidentialClient:
        client = FakeConfidentialClient(self, client_id, authority, client_credential)
        self.confidential_clients.append(client)
        return client

    def wiring(self) -> app_module.Wiring:
        return app_module.Wiring(public_client_factory=self.platform,
                                 confidential_client_factory=self.confidential_factory,
                                 transport=self.transport, graph_base_url=self.emulator.base_url)


@contextmanager
def signin_world(tenants: str = "contoso:12,fabrikam:6,northwind:4", seed: int = 5) -> Iterator[SignInWorld]:
    with Emulator(tenants, seed=seed, throttle="off") as emulator:
        platform = FakeIdentityPlatform(client_id=GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID)
        for tenant in emulator.tenants:
            for domain in tenant["domains"]:
                platform.add_tenant(str(tenant["id"]), str(domain))
        contoso = emulator.tenant_id("contoso")
        partner = platform.add_user(PARTNER_USER, "0a0a0a0a-1111-4222-8333-444444444444", contoso)
        platform.browser_user = PARTNER_USER
        transport = TokenMappingTransport(platform)
        try:
            yield SignInWorld(emulator, platform, transport, partner)
        finally:
            transport.close()


__all__ = ["PARTNER_USER", "READ_SCOPES", "WRITE_SCOPES", "SignInWorld", "TokenMappingTransport", "signin_world"]
