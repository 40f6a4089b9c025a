"""Delegated sign-in: one msal PublicClientApplication per tenant, all sharing one token cache.

Sharing the cache is what lets a reseller sign in once: Entra ID refresh tokens are not tied to a tenant, so
the partner account's refresh token gets access tokens for each customer tenant's authority silently, as far
as GDAP roles, consent and the customer's Conditional Access allow.

Every token call is synchronous and may block on the network or a browser: call it off the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import msal

from desktop_app.auth.errors import (
    InteractionReason,
    InteractionRequired,
    SignInCancelled,
    SignInFailed,
    error_from_result,
)
from desktop_app.auth.token_cache import TokenCacheStore
from desktop_app.domain.cancel import CancelToken

log = logging.getLogger(__name__)

# Microsoft Graph Command Line Tools: a multi-tenant public client many admin tools reuse. See README
# ("Client ID") for why an organisation may prefer to register its own.
GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID = "14d82eec-204b-4c2f-b7e8-296a70dab67e"
AUTHORITY_HOST = "https://login.microsoftonline.com"
GRAPH = "https://graph.microsoft.com/"

# Least privilege. Backups read app registrations (Application.Read.All); User.Read is enough for
# GET /organization to return the tenant's id, display name and verified domains.
READ_SCOPES: tuple[str, ...] = (GRAPH + "Application.Read.All", GRAPH + "User.Read")
# Asked for only when the user restores.
WRITE_SCOPES: tuple[str, ...] = (GRAPH + "Application.ReadWrite.All",)
# Asked for only when a reseller lists their GDAP customers (on the partner tenant).
PARTNER_SCOPES: tuple[str, ...] = (GRAPH + "DelegatedAdminRelationship.Read.All",)

_ACCOUNT = msal.TokenCache.CredentialType.ACCOUNT
_ACCESS_TOKEN = msal.TokenCache.CredentialType.ACCESS_TOKEN
_ID_TOKEN = msal.TokenCache.CredentialType.ID_TOKEN


class PublicClient(Protocol):
    """The part of msal.PublicClientApplication Regvault uses (a fake implements it in the tests)."""

    def get_accounts(self, username: str | None = None) -> list[dict[str, Any]]: ...

    def acquire_token_silent_with_error(
        self, scopes: list[str], account: dict[str, Any] | None, **kwargs: Any
    ) -> dict[str, Any] | None: ...

    def acquire_token_interactive(self, scopes: list[str], **kwargs: Any) -> dict[str, Any]: ...

    def initiate_device_flow(self, scopes: list[str] | None = None, **kwargs: Any) -> dict[str, Any]: ...

    def acquire_token_by_device_flow(self, flow: dict[str, Any], **kwargs: Any) -> dict[str, Any]: ...

    def remove_account(self, account: dict[str, Any]) -> None: ...


class PublicClientFactory(Protocol):
    def __call__(
        self, *, client_id: str, authority: str, token_cache: msal.SerializableTokenCache, enable_broker: bool
    ) -> PublicClient: ...


def msal_public_client(
    *, client_id: str, authority: str, token_cache: msal.SerializableTokenCache, enable_broker: bool
) -> PublicClient:
    """The real thing. msal falls back to the browser by itself when the broker can't start."""
    application: PublicClient = msal.PublicClientApplication(
        client_id,
        authority=authority,
        token_cache=token_cache,
        enable_broker_on_windows=enable_broker and sys.platform == "win32",
        enable_broker_on_mac=enable_broker and sys.platform == "darwin",
    )
    return application


@dataclass(frozen=True)
class SignInSettings:
    client_id: str = GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID
    # WAM on Windows, the Enterprise SSO broker on macOS (needs `msal[broker]`); the browser otherwise.
    use_broker: bool = True
    authority_host: str = AUTHORITY_HOST
    # Seconds the browser sign-in may take before it is given up.
    interactive_timeout: float = 600


@dataclass(frozen=True)
class SignedInAccount:
    tenant_id: str  # the tenant the session signed in to (a GUID)
    username: str  # e.g. admin@contoso.onmicrosoft.com, or the partner's technician account
    home_account_id: str  # "<objectId>.<homeTenantId>": the same for every tenant a partner account reaches


@dataclass(frozen=True)
class DeviceCodePrompt:
    """What the UI shows for the device code flow: msal's message says it all, the parts are for layout."""

    message: str
    user_code: str
    verification_uri: str
    expires_in: int


class SignIn:
    """Creates and remembers one `TenantSession` per tenant, all on the same token cache."""

    def __init__(
        self,
        cache: TokenCacheStore,
        settings: SignInSettings | None = None,
        *,
        client_factory: PublicClientFactory = msal_public_client,
    ) -> None:
        self.cache = cache
        self.settings = settings or SignInSettings()
        self._client_factory = client_factory
        self._sessions: dict[str, TenantSession] = {}
        self._lock = threading.Lock()

    def session(self, tenant: str, *, home_account_id: str | None = None) -> TenantSession:
        """The session of `tenant` (a tenant id, or a domain before the id is known).

        `home_account_id`: the account to reach this tenant with before it ever signed in there, e.g. the
        partner account when a reseller adds a customer tenant.
        """
        key = tenant.lower()
        with self._lock:
            session = self._sessions.get(key)
            if session is None:
                client = self._client_factory(
                    client_id=self.settings.client_id,
                    authority=f"{self.settings.authority_host.rstrip('/')}/{tenant}",
                    token_cache=self.cache.cache,
                    enable_broker=self.settings.use_broker,
                )
                session = TenantSession(tenant, client, self.cache, self.settings)
                self._sessions[key] = session
            if home_account_id:
                session.home_account_id = home_account_id
            return session

    def accounts(self) -> list[SignedInAccount]:
        """Every (tenant, account) pair the token cache holds a sign-in for."""
        found = {
            (a.get("realm") or "", a.get("username") or "", a.get("home_account_id") or "")
            for a in self.cache.cache.search(_ACCOUNT)
        }
        return [SignedInAccount(tenant_id=t, username=u, home_account_id=h) for t, u, h in sorted(found)]


class TenantSession:
    """Tokens for one tenant. Implements graph's TokenProvider protocol (`access_token(write=...)`)."""

    def __init__(self, tenant: str, client: PublicClient, cache: TokenCacheStore, settings: SignInSettings) -> None:
        self.tenant = tenant
        self.home_account_id: str | None = None
        self._client = client
        self._cache = cache
        self._settings = settings
        self._tenant_id: str | None = tenant.lower() if _looks_like_guid(tenant) else None
        self._lock = threading.Lock()

    @property
    def tenant_id(self) -> str | None:
        return self._tenant_id

    @property
    def account(self) -> SignedInAccount | None:
        record = self._account_record()
        if record is None or self._tenant_id is None:
            return None
        return SignedInAccount(self._tenant_id, record.get("username") or "", record["home_account_id"])

    # --- TokenProvider -------------------------------------------------------------------------------------

    def access_token(self, *, write: bool) -> str:
        """A Graph token without user interaction; InteractionRequired when the user has to sign in."""
        return self.token_for(WRITE_SCOPES if write else READ_SCOPES, write=write)

    def token_for(self, scopes: Sequence[str], *, write: bool = False) -> str:
        with self._lock:
            account = self._msal_account()
            if account is None:
                raise InteractionRequired(InteractionReason.NOT_SIGNED_IN, self.tenant, write=write)
            result = self._client.acquire_token_silent_with_error(list(scopes), account=account)
            self._cache.save()
            if not result:
                # The account is known but nothing in the cache can be redeemed (refresh token removed).
                raise InteractionRequired(InteractionReason.SIGN_IN_EXPIRED, self.tenant, write=write)
            if "access_token" not in result:
                raise error_from_result(result, self.tenant, write=write, interactive=False)
            return str(result["access_token"])

    # --- asking the user ------------------------------------------------------------------------------------

    def sign_in_interactive(
        self,
        *,
        write: bool = False,
        parent_window_handle: object | None = None,
        login_hint: str | None = None,
        extra_scopes: Sequence[str] = (),
    ) -> SignedInAccount:
        """Sign in in the system browser, or the broker when enabled (then with the main window's handle).

        `extra_scopes`: asked for on top of the read (and write) scopes, e.g. PARTNER_SCOPES when a reseller
        lists their GDAP customers and the scope was never consented."""
        scopes = _scopes(write, extra_scopes)
        known = self._account_record()
        hint = login_hint or (known.get("username") if known else None) or None
        result = self._client.acquire_token_interactive(
            scopes,
            prompt="select_account",
            login_hint=hint,
            # The broker refuses to start without a parent window; a console app passes this marker.
            parent_window_handle=(
                parent_window_handle
                if parent_window_handle is not None
                else msal.PublicClientApplication.CONSOLE_WINDOW_HANDLE
            ),
            timeout=self._settings.interactive_timeout,
        )
        return self._signed_in(result, write)

    def sign_in_with_device_code(
        self,
        show: Callable[[DeviceCodePrompt], None],
        *,
        write: bool = False,
        cancel: CancelToken | None = None,
        extra_scopes: Sequence[str] = (),
    ) -> SignedInAccount:
        """Device code flow: `show` displays the code and URL; this call blocks until done or cancelled."""
        flow = self._client.initiate_device_flow(scopes=_scopes(write, extra_scopes))
        if "user_code" not in flow:
            raise error_from_result(flow, self.tenant, write=write, interactive=True)
        show(
            DeviceCodePrompt(
                message=str(flow.get("message", "")),
                user_code=str(flow["user_code"]),
                verification_uri=str(flow.get("verification_uri", "")),
                expires_in=int(flow.get("expires_in", 0)),
            )
        )

        def stop_polling(current: dict[str, Any]) -> bool:
            expired = float(current.get("expires_at", 0)) < time.time()
            return expired or (cancel is not None and cancel.cancelled)

        result = self._client.acquire_token_by_device_flow(flow, exit_condition=stop_polling)
        if cancel is not None and cancel.cancelled and "access_token" not in result:
            raise SignInCancelled(f"sign-in to tenant {self.tenant} was cancelled")
        return self._signed_in(result, write)

    def sign_out(self, *, everywhere: bool = False) -> None:
        """Forget this tenant's sign-in: its accounts, ID tokens and access tokens.

        The refresh token belongs to the account, not the tenant; it is removed too when no other tenant still
        uses that account (or with `everywhere=True`, which signs the account out of every tenant). A reseller
        signing out of one customer stays signed in to the others.
        """
        with self._lock:
            cache = self._cache.cache
            realm = self._tenant_id or self.tenant.lower()
            records = list(cache.search(_ACCOUNT, query={"realm": realm}))
            accounts = {r["home_account_id"]: r for r in records}
            for at in list(cache.search(_ACCESS_TOKEN, query={"realm": realm})):
                cache.remove_at(at)
            for idt in list(cache.search(_ID_TOKEN, query={"realm": realm})):
                cache.remove_idt(idt)
            for record in records:
                cache.remove_account(record)
            for home_account_id, record in accounts.items():
                still_used = any(True for _ in cache.search(_ACCOUNT, query={"home_account_id": home_account_id}))
                if everywhere or not still_used:
                    # msal's own sign-out: refresh tokens of the account, and the broker's session.
                    self._client.remove_account(dict(record))
            self.home_account_id = None
            self._cache.save()

    # --- internals ------------------------------------------------------------------------------------------

    def _signed_in(self, result: dict[str, Any], write: bool) -> SignedInAccount:
        self._cache.save()
        if "access_token" not in result:
            raise error_from_result(result, self.tenant, write=write, interactive=True)
        claims = result.get("id_token_claims") or {}
        tenant_id = str(claims.get("tid") or self._tenant_id or self.tenant).lower()
        self._tenant_id = tenant_id
        record = self._record_for(tenant_id, str(claims.get("oid") or ""), str(claims.get("preferred_username") or ""))
        if record is None:
            raise SignInFailed("no_account", "the sign-in returned no account")
        self.home_account_id = record["home_account_id"]
        log.info("Signed in to tenant %s as %s", tenant_id, record.get("username"))
        return SignedInAccount(tenant_id, record.get("username") or "", record["home_account_id"])

    def _record_for(self, realm: str, object_id: str, username: str) -> dict[str, Any] | None:
        candidates = list(self._cache.cache.search(_ACCOUNT, query={"realm": realm}))
        for record in candidates:
            if object_id and record.get("local_account_id") == object_id:
                return record
        for record in candidates:
            if username and (record.get("username") or "").lower() == username.lower():
                return record
        return candidates[0] if candidates else None

    def _account_record(self) -> dict[str, Any] | None:
        """The cached account entry for this tenant, or of the account it is reached through."""
        if self._tenant_id is not None:
            for record in self._cache.cache.search(_ACCOUNT, query={"realm": self._tenant_id}):
                if self.home_account_id in (None, record["home_account_id"]):
                    return record
        if self.home_account_id is not None:
            for record in self._cache.cache.search(_ACCOUNT, query={"home_account_id": self.home_account_id}):
                return record
        return None

    def _msal_account(self) -> dict[str, Any] | None:
        record = self._account_record()
        if record is None:
            return None
        for account in self._client.get_accounts():
            if account.get("home_account_id") == record["home_account_id"]:
                return account
        return None


def _scopes(write: bool, extra: Sequence[str] = ()) -> list[str]:
    scopes = list(READ_SCOPES + WRITE_SCOPES) if write else list(READ_SCOPES)
    return scopes + [s for s in extra if s not in scopes]


def _looks_like_guid(value: str) -> bool:
    parts = value.split("-")
    return [len(p) for p in parts] == [8, 4, 4, 4, 12] and all(
        c in "0123456789abcdefABCDEF" for p in parts for c in p
    )
