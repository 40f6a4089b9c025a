"""A fake Entra ID behind a fake msal.PublicClientApplication: no network, real msal token cache.

The fake writes into the real `msal.SerializableTokenCache` with msal's own `add()` events, so the cache
holds exactly what msal would store (accounts per realm, refresh tokens per account, access tokens per realm),
and the code under test finds accounts, signs out and persists the way it would against the real msal.

As strict as msal 1.39 and Entra where Regvault's code could be fooled (each checked in msal's source):
- tokens got silently with a refresh token add no account record (`skip_account_creation`, as msal's
  `_acquire_token_silent_by_finding_specific_refresh_token` does): a customer tenant reached with the partner's
  refresh token has no account of its own in the cache;
- building the application runs OpenID discovery: an unknown tenant is a ValueError, no network an OSError
  (requests' ConnectionError); refreshing a token offline raises it too;
- an abandoned browser sign-in raises BrowserInteractionTimeoutError after `timeout` seconds and never looks at
  anything that could cancel it;
- an authorization response (browser) carries AADSTS codes only in `error_description`, not `error_codes`;
- the device code poll hands back "authorization_pending" when the caller's exit condition stops it;
- Conditional Access: MFA asks for a claims challenge (50076 with `claims`), a blocking policy refuses (53003).
"""

from __future__ import annotations

import base64
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

import msal
import requests
from msal.oauth2cli.oauth2 import BrowserInteractionTimeoutError

ENVIRONMENT = "login.microsoftonline.com"
CT = msal.TokenCache.CredentialType


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@dataclass
class FakeUser:
    username: str
    object_id: str
    home_tenant: str

    @property
    def home_account_id(self) -> str:
        return f"{self.object_id}.{self.home_tenant}"


@dataclass
class FakeIdentityPlatform:
    client_id: str
    domains: dict[str, str] = field(default_factory=dict)  # domain -> tenant id
    users: dict[str, FakeUser] = field(default_factory=dict)
    access: dict[str, set[str]] = field(default_factory=dict)  # tenant id -> usernames that may sign in there
    consented: dict[str, set[str]] = field(default_factory=dict)  # tenant id -> scopes granted to the client
    revoked_refresh_tokens: set[str] = field(default_factory=set)
    browser_user: str | None = None  # who the user signs in as in the browser (None: the login_hint)
    user_consents: bool = True
    user_cancels: bool = False
    device_code_approved: bool = True
    device_code_lifetime: float = 900
    user_abandons_browser: bool = False  # opens the sign-in page and never finishes it
    offline: bool = False  # no network: discovery and token requests fail like requests does
    broker_redirect_missing: bool = False  # the client id has no broker redirect URI registered
    broker_fails_for: set[str] = field(default_factory=set)  # tenants where WAM fails (GDAP customers, #3613)
    mfa_required: set[str] = field(default_factory=set)  # tenants whose Conditional Access asks for MFA
    blocked_by_policy: set[str] = field(default_factory=set)  # tenants whose Conditional Access blocks sign-in
    clock_offset: float = 0.0
    calls: list[dict[str, Any]] = field(default_factory=list)
    discoveries: list[str] = field(default_factory=list)  # tenants whose OpenID configuration was fetched
    clients: list[FakePublicClientApplication] = field(default_factory=list)
    _serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # --- the world --------------------------------------------------------------------------------------

    def add_tenant(self, tenant_id: str, domain: str) -> None:
        self.domains[domain] = tenant_id
        self.access.setdefault(tenant_id, set())
        self.consented.setdefault(tenant_id, set())

    def add_user(self, username: str, object_id: str, home_tenant: str) -> FakeUser:
        user = FakeUser(username, object_id, home_tenant)
        self.users[username] = user
        self.access.setdefault(home_tenant, set()).add(username)
        return user

    def consent(self, tenant_id: str, scopes: list[str] | tuple[str, ...]) -> None:
        self.consented.setdefault(tenant_id, set()).update(scopes)

    def now(self) -> float:
        return time.time() + self.clock_offset

    def advance(self, seconds: float) -> None:
        self.clock_offset += seconds

    def revoke_all_refresh_tokens(self) -> None:
        """What Entra ID does after 90 days of inactivity, a password reset or "revoke sessions"."""
        for client in self.clients:
            for rt in client.token_cache.search(CT.REFRESH_TOKEN):
                self.revoked_refresh_tokens.add(rt["secret"])

    def tenant_of(self, authority: str) -> str:
        tenant = authority.rstrip("/").rsplit("/", 1)[-1].lower()
        return self.domains.get(tenant, tenant)

    # --- msal factory (the signature of sign_in.PublicClientFactory) -------------------------------------

    def __call__(
        self, *, client_id: str, authority: str, token_cache: msal.SerializableTokenCache, enable_broker: bool
    ) -> FakePublicClientApplication:
        # msal's constructor runs OpenID discovery for the authority (msal/authority.py).
        self.discoveries.append(self.tenant_of(authority))
        if self.offline:
            raise requests.exceptions.ConnectionError("Failed to resolve 'login.microsoftonline.com'")
        if self.tenant_of(authority) not in self.access:
            raise ValueError(f"Unable to get authority configuration for {authority}. Also please double check your "
                             "tenant name or GUID is correct.")
        client = FakePublicClientApplication(self, client_id, authority, token_cache, enable_broker)
        self.clients.append(client)
        return client

    # --- token issuing ----------------------------------------------------------------------------------

    def issue(self, client: FakePublicClientApplication, user: FakeUser, scopes: list[str], grant_type: str) -> dict[str, Any]:
        n = next(self._serial)
        tenant = client.tenant_id
        claims = {
            "tid": tenant,
            "oid": user.object_id,
            "sub": f"sub-{user.object_id}",
            "preferred_username": user.username,
            "iss": f"https://{ENVIRONMENT}/{tenant}/v2.0",
            "aud": client.client_id,
        }
        response = {
            "token_type": "Bearer",
            "scope": " ".join(scopes),
            "expires_in": 3600,
            # Distinctive values the tests search for in files, logs and messages.
            "access_token": f"eyJ0eXAiOiJKV1QifQ.FAKEACCESS{n:04d}xyz.sigAT{n:04d}",
            "refresh_token": f"FAKEREFRESH-{n:04d}-0.AXYZrefresh",
            "id_token": f"eyJhbGciOiJub25lIn0.{_b64(claims)}.",
            "client_info": _b64({"uid": user.object_id, "utid": user.home_tenant}),
        }
        event = {
            # msal adds no account record for tokens redeemed with a refresh token (honouring remove_account).
            "skip_account_creation": grant_type == "refresh_token",
            "client_id": client.client_id,
            "scope": scopes,
            "token_endpoint": f"https://{ENVIRONMENT}/{tenant}/oauth2/v2.0/token",
            "environment": ENVIRONMENT,
            "grant_type": grant_type,
            "response": dict(response),
            "data": {},
        }
        client.token_cache.add(event, now=int(self.now()))
        self.calls.append({"grant": grant_type, "tenant": tenant, "user": user.username, "scopes": list(scopes)})
        return dict(response, id_token_claims=claims)


class RedirectUriError(ValueError):
    """msal.broker.RedirectUriError (msal.broker itself imports only where pymsalruntime is installed)."""


class FakePublicClientApplication:
    def __init__(
        self,
        platform: FakeIdentityPlatform,
        client_id: str,
        authority: str,
        token_cache: msal.SerializableTokenCache,
        enable_broker: bool,
    ) -> None:
        self.platform = platform
        self.client_id = client_id
        self.authority = authority
        self.token_cache = token_cache
        self.enable_broker = enable_broker
        self.tenant_id = platform.tenant_of(authority)
        self.interactive_calls: list[dict[str, Any]] = []

    def get_accounts(self, username: str | None = None) -> list[dict[str, Any]]:
        grouped = {
            a["home_account_id"]: {
                "home_account_id": a["home_account_id"],
                "environment": a["environment"],
                "username": a["username"],
                "local_account_id": a["local_account_id"],
                "realm": a["realm"],
            }
            for a in self.token_cache.search(CT.ACCOUNT, query={"environment": ENVIRONMENT})
        }
        accounts = list(grouped.values())
        if username:
            accounts = [a for a in accounts if a["username"].lower() == username.lower()]
        return accounts

    def _refusal(self, user: FakeUser, scopes: list[str], *, claims: str | None = None) -> dict[str, Any] | None:
        if self.tenant_id in self.platform.blocked_by_policy:
            return {
                "error": "invalid_grant",
                "error_codes": [53003],
                "error_description": "AADSTS53003: Access has been blocked by Conditional Access policies.",
            }
        if self.tenant_id in self.platform.mfa_required and not claims:
            return {
                "error": "invalid_grant",
                "suberror": "basic_action",
                "error_codes": [50076],
                "error_description": "AADSTS50076: you must use multi-factor authentication to access this resource.",
                "claims": '{"access_token":{"capolids":{"essential":true,"values":["cap-1"]}}}',
            }
        if user.username not in self.platform.access.get(self.tenant_id, set()):
            return {
                "error": "invalid_grant",
                "error_codes": [50020],
                "error_description": f"AADSTS50020: User account {user.username} does not exist in tenant.",
            }
        missing = set(scopes) - self.platform.consented.get(self.tenant_id, set())
        if missing:
            return {
                "error": "invalid_grant",
                "suberror": "consent_required",
                "error_codes": [65001],
                "error_description": "AADSTS65001: The user or administrator has not consented to use the application.",
            }
        return None

    def acquire_token_silent_with_error(
        self, scopes: list[str], account: dict[str, Any] | None, **kwargs: Any
    ) -> dict[str, Any] | None:
        if not account:
            return None
        home = account["home_account_id"]
        claims = kwargs.get("claims_challenge")
        now = self.platform.now()
        for at in self.token_cache.search(
            CT.ACCESS_TOKEN, target=scopes, query={"home_account_id": home, "realm": self.tenant_id}, now=now
        ):
            if int(at["expires_on"]) > now:
                self.platform.calls.append({"grant": "cache", "tenant": self.tenant_id, "scopes": list(scopes)})
                return {"access_token": at["secret"], "token_type": "Bearer", "token_source": "cache"}
        refresh_tokens = list(self.token_cache.search(CT.REFRESH_TOKEN, query={"home_account_id": home}))
        if not refresh_tokens:
            return None
        if self.platform.offline:
            raise requests.exceptions.ConnectionError("Failed to establish a new connection: [Errno 111]")
        if all(rt["secret"] in self.platform.revoked_refresh_tokens for rt in refresh_tokens):
            return {
                "error": "invalid_grant",
                "suberror": "bad_token",
                "error_codes": [700082],
                "error_description": "AADSTS700082: The refresh token has expired due to inactivity.",
            }
        user = next(u for u in self.platform.users.values() if u.home_account_id == home)
        refusal = self._refusal(user, scopes, claims=claims)
        if refusal is not None:
            return refusal
        return self.platform.issue(self, user, scopes, "refresh_token")

    def acquire_token_interactive(self, scopes: list[str], **kwargs: Any) -> dict[str, Any]:
        self.interactive_calls.append(dict(kwargs, scopes=list(scopes)))
        if self.enable_broker and self.platform.broker_redirect_missing:
            raise RedirectUriError("MsalRuntime needs the current app to register these redirect_uri ...")
        if self.enable_broker and self.tenant_id in self.platform.broker_fails_for:
            return {"error": "broker_error", "error_description": "Status: ApiContractViolation, Error code: 3399614473"}
        if self.platform.offline:
            raise requests.exceptions.ConnectionError("Failed to establish a new connection: [Errno 111]")
        if self.platform.user_abandons_browser:
            # msal waits for the redirect until its timeout, whatever happens meanwhile.
            time.sleep(float(kwargs.get("timeout") or 600))
            raise BrowserInteractionTimeoutError("User did not complete the flow in time")
        if self.platform.user_cancels:
            return {"error": "access_denied", "error_subcode": "cancel", "error_description": "the user cancelled"}
        username = self.platform.browser_user or kwargs.get("login_hint")
        user = self.platform.users[username] if username else None
        if user is None:
            return {"error": "invalid_request", "error_description": "no user"}
        if set(scopes) - self.platform.consented.get(self.tenant_id, set()):
            if not self.platform.user_consents:
                # An authorization response: the code is only in the description.
                return {"error": "access_denied", "error_subcode": "cancel",
                        "error_description": "AADSTS65004: User declined to consent to access the app."}
            self.platform.consent(self.tenant_id, scopes)
        if self.tenant_id in self.platform.blocked_by_policy:
            return {"error": "access_denied",
                    "error_description": "AADSTS53003: Access has been blocked by Conditional Access policies."}
        refusal = self._refusal(user, scopes, claims=kwargs.get("claims_challenge"))
        if refusal is not None:
            return refusal
        return self.platform.issue(self, user, scopes, "authorization_code")

    def initiate_device_flow(self, scopes: list[str] | None = None, **kwargs: Any) -> dict[str, Any]:
        return {
            "user_code": "FAKE-CODE",
            "device_code": "device-code-value",
            "verification_uri": "https://microsoft.com/devicelogin",
            "message": "To sign in, use a web browser to open https://microsoft.com/devicelogin and enter the code FAKE-CODE.",
            "expires_in": int(self.platform.device_code_lifetime),
            "expires_at": time.time() + self.platform.device_code_lifetime,
            "interval": 5,
            "_scopes": list(scopes or []),
        }

    def acquire_token_by_device_flow(self, flow: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        exit_condition = kwargs.get("exit_condition") or (lambda f: f.get("expires_at", 0) < time.time())
        while not self.platform.device_code_approved:
            # msal's poll loop: it returns the last answer, "still waiting", when the exit condition says stop.
            if exit_condition(flow):
                return {"error": "authorization_pending", "error_description": "AADSTS70016: still waiting"}
            if flow["expires_at"] < time.time():
                return {"error": "expired_token", "error_description": "AADSTS70020: the code expired"}
            time.sleep(0.01)
        username = self.platform.browser_user
        assert username is not None, "set browser_user: the person who types the code"
        scopes = flow["_scopes"]
        if set(scopes) - self.platform.consented.get(self.tenant_id, set()) and self.platform.user_consents:
            self.platform.consent(self.tenant_id, scopes)
        user = self.platform.users[username]
        refusal = self._refusal(user, scopes, claims=kwargs.get("claims_challenge"))
        return refusal if refusal is not None else self.platform.issue(self, user, scopes, "device_code")

    def remove_account(self, account: dict[str, Any]) -> None:
        # msal's ClientApplication._forget_me: everything of the home account, in every realm.
        query = {"home_account_id": account["home_account_id"], "environment": account["environment"]}
        for rt in list(self.token_cache.search(CT.REFRESH_TOKEN, query=query)):
            self.token_cache.remove_rt(rt)
        for at in list(self.token_cache.search(CT.ACCESS_TOKEN, query=query)):
            self.token_cache.remove_at(at)
        for idt in list(self.token_cache.search(CT.ID_TOKEN, query=query)):
            self.token_cache.remove_idt(idt)
        for record in list(self.token_cache.search(CT.ACCOUNT, query=query)):
            self.token_cache.remove_account(record)
