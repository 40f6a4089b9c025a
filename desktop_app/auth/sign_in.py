"""Delegated sign-in: one msal PublicClientApplication per tenant, all sharing one token cache.

Sharing the cache is what lets a reseller sign in once: Entra ID refresh tokens are not tied to a tenant, so
the partner account's refresh token gets access tokens for each customer tenant's authority silently, as far
as GDAP roles, consent and the customer's Conditional Access allow.

Every token call is synchronous and may block on the network or a browser: call it off the GUI thread.
msal applications are built only when a token is needed (building one runs OpenID discovery over the network),
so listing tenants and their sign-in state never waits on the network.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import msal
from msal.oauth2cli.oidc import decode_part

from desktop_app.auth.errors import (
    InteractionReason,
    InteractionRequired,
    SignInCancelled,
    SignInFailed,
    SignInUnreachable,
    admin_consent_url,
    error_from_result,
    unknown_tenant,
)
from desktop_app.auth.msal_client import (
    BROKER_DEFAULT,
    BROWSER_TIMEOUT,
    msal_public_client,
    run_browser_sign_in,
)
from desktop_app.auth.token_cache import TokenCacheStore
from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.guid import is_guid
from desktop_app.network.clouds import GLOBAL, Cloud
from desktop_app.network.failures import classify
from desktop_app.network.proxy import NetworkSettings, proxy_for

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
# Asked for only when an operation needs them (services/permissions.py): reading the enterprise applications'
# consent in a backup; writing consent and app role assignments in a restore.
CONSENT_READ_SCOPES: tuple[str, ...] = (GRAPH + "Directory.Read.All",)
CONSENT_WRITE_SCOPES: tuple[str, ...] = (GRAPH + "DelegatedPermissionGrant.ReadWrite.All",
                                         GRAPH + "AppRoleAssignment.ReadWrite.All")
# Asked for when the change timeline first reads who changed what (directoryaudit-list needs both).
AUDIT_READ_SCOPES: tuple[str, ...] = (GRAPH + "AuditLog.Read.All", GRAPH + "Directory.Read.All")


def graph_scopes(permissions: Sequence[str]) -> tuple[str, ...]:
    """Graph permission names ("Directory.Read.All") as the scopes msal asks for."""
    return tuple(p if "://" in p else GRAPH + p for p in permissions)

_ACCOUNT = msal.TokenCache.CredentialType.ACCOUNT
_ACCESS_TOKEN = msal.TokenCache.CredentialType.ACCESS_TOKEN
_ID_TOKEN = msal.TokenCache.CredentialType.ID_TOKEN
_REFRESH_TOKEN = msal.TokenCache.CredentialType.REFRESH_TOKEN
_SYNTHESIZED = "_regvault_no_account_record"  # marks an account made up from a refresh token


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


@dataclass(frozen=True)
class SignInSettings:
    client_id: str = GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID
    # WAM on Windows (on by default), the Enterprise SSO plug-in on macOS (off by default); the browser otherwise
    # and whenever the broker can't be loaded or fails.
    use_broker: bool = BROKER_DEFAULT
    authority_host: str = AUTHORITY_HOST
    # Seconds the browser sign-in may take before it is given up.
    interactive_timeout: float = BROWSER_TIMEOUT
    network: NetworkSettings = NetworkSettings()  # trust store, CA bundle, proxy (for the failure sentences)


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

    def session(self, tenant: str, *, home_account_id: str | None = None, cloud: Cloud = GLOBAL) -> TenantSession:
        """The session of `tenant` (a tenant id, or a domain before the id is known) in `cloud`.

        `home_account_id`: the account to reach this tenant with before it ever signed in there, e.g. the
        partner account when a reseller adds a customer tenant.
        """
        key = f"{tenant.lower()}@{cloud.name}"
        with self._lock:
            session = self._sessions.get(key)
            if session is None:
                settings = self.settings if cloud is GLOBAL else replace(self.settings, authority_host=cloud.login_host)

                def build(use_broker: bool, tenant: str = tenant) -> PublicClient:
                    return self._client_factory(
                        client_id=settings.client_id,
                        authority=f"{settings.authority_host.rstrip('/')}/{tenant}",
                        token_cache=self.cache.cache,
                        enable_broker=use_broker,
                    )

                session = TenantSession(tenant, build, self.cache, settings, cloud=cloud)
                self._sessions[key] = session
            if home_account_id:
                session.home_account_id = home_account_id
            return session

    def accounts(self) -> list[SignedInAccount]:
        """Every (tenant, account) pair the token cache holds an account record for: the tenants signed in to
        interactively. Tenants reached silently with another tenant's refresh token (a reseller's customers) have
        no record of their own (msal skips it); Regvault's own record (TenantService) knows those."""
        found = {
            (a.get("realm") or "", a.get("username") or "", a.get("home_account_id") or "")
            for a in self.cache.cache.search(_ACCOUNT)
        }
        return [SignedInAccount(tenant_id=t, username=u, home_account_id=h) for t, u, h in sorted(found)]


class TenantSession:
    """Tokens for one tenant. Implements graph's TokenProvider protocol (`access_token(write=...)`)."""

    def __init__(self, tenant: str, build: Callable[[bool], PublicClient], cache: TokenCacheStore,
                 settings: SignInSettings, *, cloud: Cloud = GLOBAL) -> None:
        self.tenant = tenant
        self.cloud = cloud
        self.home_account_id: str | None = None
        self._build = build
        self._built: PublicClient | None = None
        self._uses_broker = settings.use_broker
        self._cache = cache
        self._settings = settings
        self._tenant_id: str | None = tenant.lower() if is_guid(tenant) else None
        self._claims: str | None = None  # Conditional Access's last claims challenge, for the next sign-in
        self._lock = threading.RLock()

    @property
    def _client(self) -> PublicClient:
        """The msal application, built on first use: its OpenID discovery is the first network call."""
        if self._built is None:
            try:
                self._built = self._build(self._uses_broker)
            except ValueError as exc:
                # msal: "Unable to get authority configuration for ..." (Entra answered 400 for the tenant).
                raise unknown_tenant(self.tenant, "invalid_tenant", str(exc)) from exc
            except OSError as exc:  # requests' ConnectionError, Timeout, SSLError ... are OSErrors
                raise _unreachable(self._settings.authority_host, exc, self._settings.network) from exc
        return self._built

    def _without_broker(self, why: str) -> None:
        """Use the browser from now on for this tenant (the broker failed here, or has no redirect set up)."""
        log.warning("Signing in to tenant %s through the browser instead of the broker: %s", self.tenant, why)
        self._uses_broker = False
        self._built = None

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

    def with_permissions(self, permissions: Sequence[str]) -> PermissionTokens:
        """Tokens that also carry these Graph permissions (graph.tokens.AsksForPermissions): asked for silently
        (incremental consent); never consented: InteractionRequired(CONSENT_REQUIRED) naming them, and a sign-in
        with `extra_scopes=graph_scopes(permissions)` asks for them."""
        return PermissionTokens(self, permissions)

    def token_for(self, scopes: Sequence[str], *, write: bool = False) -> str:
        scopes = _in_cloud(scopes, self.cloud)
        with self._lock:
            account = self._msal_account()
            if account is None:
                raise InteractionRequired(InteractionReason.NOT_SIGNED_IN, self.tenant, write=write)
            try:
                result = self._client.acquire_token_silent_with_error(list(scopes), account=account)
            except OSError as exc:
                raise _unreachable(self._settings.authority_host, exc, self._settings.network) from exc
            if not result:
                # The account is known but nothing in the cache can be redeemed (refresh token removed).
                raise InteractionRequired(InteractionReason.SIGN_IN_EXPIRED, self.tenant, write=write)
            if "access_token" not in result:
                if result.get("error") == "broker_error" and self._uses_broker:
                    # WAM may fail for a GDAP customer where the browser works (Graph PowerShell #3613).
                    self._without_broker(str(result.get("error_description") or "broker_error"))
                    raise InteractionRequired(InteractionReason.INTERACTION_REQUIRED, self.tenant, write=write)
                error = error_from_result(result, self.tenant, write=write, interactive=False)
                if isinstance(error, InteractionRequired) and error.claims:
                    self._claims = error.claims
                raise error
            return str(result["access_token"])

    # --- asking the user ------------------------------------------------------------------------------------

    def sign_in_interactive(
        self,
        *,
        write: bool = False,
        parent_window_handle: object | None = None,
        login_hint: str | None = None,
        extra_scopes: Sequence[str] = (),
        cancel: CancelToken | None = None,
    ) -> SignedInAccount:
        """Sign in in the system browser, or the broker when enabled (then with the main window's handle).

        `extra_scopes`: asked for on top of the read (and write) scopes, e.g. PARTNER_SCOPES when a reseller
        lists their GDAP customers and the scope was never consented."""
        scopes = _in_cloud(_scopes(write, extra_scopes), self.cloud)
        known = self._account_record()
        hint = login_hint or (known.get("username") if known else None) or None
        result = self._interactive(scopes, hint, parent_window_handle, cancel)
        if result.get("error") == "broker_error" and self._uses_broker:
            self._without_broker(str(result.get("error_description") or "broker_error"))
            result = self._interactive(scopes, hint, parent_window_handle, cancel)
        account = self._signed_in(result, write, scopes)
        self._claims = None
        return account

    def _interactive(self, scopes: list[str], hint: str | None, parent_window_handle: object | None,
                     cancel: CancelToken | None) -> dict[str, Any]:
        client = self._client
        timeout = self._settings.interactive_timeout

        def sign_in(port: int) -> dict[str, Any]:
            return client.acquire_token_interactive(
                scopes,
                prompt="select_account",
                login_hint=hint,
                claims_challenge=self._claims,
                # The broker refuses to start without a parent window; a console app passes this marker.
                parent_window_handle=(
                    parent_window_handle
                    if parent_window_handle is not None
                    else msal.PublicClientApplication.CONSOLE_WINDOW_HANDLE
                ),
                timeout=timeout,
                port=port,
            )

        try:
            return run_browser_sign_in(sign_in, tenant=self.tenant, cancel=cancel, timeout=timeout)
        except OSError as exc:
            raise _unreachable(self._settings.authority_host, exc, self._settings.network) from exc
        except ValueError as exc:
            # msal.broker.RedirectUriError (a ValueError; its module imports only where pymsalruntime is):
            # the client id has no broker redirect URI registered (or, on macOS, a signed app can't use it).
            if not (self._uses_broker and type(exc).__name__ == "RedirectUriError"):
                raise
            self._without_broker(f"the client application has no broker redirect URI registered ({exc})")
            return self._interactive(scopes, hint, parent_window_handle, cancel)

    def sign_in_with_device_code(
        self,
        show: Callable[[DeviceCodePrompt], None],
        *,
        write: bool = False,
        cancel: CancelToken | None = None,
        extra_scopes: Sequence[str] = (),
    ) -> SignedInAccount:
        """Device code flow: `show` displays the code and URL; this call blocks until done or cancelled."""
        scopes = _in_cloud(_scopes(write, extra_scopes), self.cloud)
        try:
            flow = self._client.initiate_device_flow(scopes=scopes, claims_challenge=self._claims)
        except OSError as exc:
            raise _unreachable(self._settings.authority_host, exc, self._settings.network) from exc
        if "user_code" not in flow:
            raise error_from_result(flow, self.tenant, write=write, interactive=True,
                                    consent_url=self._consent_url(scopes))
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

        try:
            result = self._client.acquire_token_by_device_flow(flow, exit_condition=stop_polling,
                                                               claims_challenge=self._claims)
        except OSError as exc:
            raise _unreachable(self._settings.authority_host, exc, self._settings.network) from exc
        if cancel is not None and cancel.cancelled and "access_token" not in result:
            raise SignInCancelled(f"sign-in to tenant {self.tenant} was cancelled")
        if result.get("error") in ("authorization_pending", "slow_down"):
            # msal stops polling when the code expires and hands back the last "still waiting" answer.
            result = {"error": "expired_token", "error_description": "the device code expired"}
        account = self._signed_in(result, write, scopes)
        self._claims = None
        return account

    def sign_out(self, *, everywhere: bool = False, still_used: Collection[str] = ()) -> None:
        """Forget this tenant's sign-in: its accounts, ID tokens and access tokens.

        The refresh token belongs to the account, not the tenant. It is kept while another tenant still uses the
        account: `still_used`, the home account ids Regvault's own record says other tenants are reached with
        (msal's account records can't tell: tenants reached silently with the partner's refresh token have none).
        `everywhere=True` signs the account out of every tenant. A reseller signing out of the partner tenant or
        of one customer stays signed in to the others.
        """
        with self._lock:
            cache = self._cache.cache
            realm = self._tenant_id or self.tenant.lower()
            records = list(cache.search(_ACCOUNT, query={"realm": realm}))
            accounts = {r["home_account_id"]: r for r in records}
            reached_with = self._account_record()  # the partner's account, or one made up from its refresh token
            if reached_with is not None and reached_with["home_account_id"] not in accounts:
                accounts[reached_with["home_account_id"]] = {k: v for k, v in reached_with.items()
                                                             if k != _SYNTHESIZED}
            for at in list(cache.search(_ACCESS_TOKEN, query={"realm": realm})):
                cache.remove_at(at)
            for idt in list(cache.search(_ID_TOKEN, query={"realm": realm})):
                cache.remove_idt(idt)
            for record in records:
                cache.remove_account(record)
            used = {h.lower() for h in still_used}
            for home_account_id, record in accounts.items():
                if everywhere or home_account_id.lower() not in used:
                    # msal's own sign-out: refresh tokens of the account everywhere, and the broker's session.
                    try:
                        self._client.remove_account(dict(record))
                    except (SignInFailed, OSError):
                        _forget_account(cache, home_account_id)  # offline: the cache part still goes
            self.home_account_id = None

    # --- internals ------------------------------------------------------------------------------------------

    def _consent_url(self, scopes: Sequence[str]) -> str:
        return admin_consent_url(self._settings.authority_host, self._tenant_id or self.tenant,
                                 self._settings.client_id, scopes)

    def _signed_in(self, result: dict[str, Any], write: bool, scopes: Sequence[str]) -> SignedInAccount:
        if "access_token" not in result:
            error = error_from_result(result, self.tenant, write=write, interactive=True,
                                      consent_url=self._consent_url(scopes))
            if isinstance(error, InteractionRequired) and error.claims:
                self._claims = error.claims
            raise error
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
        """The cached account entry for this tenant, or of the account it is reached through.

        A tenant reached with another tenant's refresh token has no account entry (msal adds none), and the
        partner tenant's own entry goes when the partner tenant is signed out of: then the account is the
        refresh token's, with the user's name from an ID token of this tenant."""
        cache = self._cache.cache
        if self._tenant_id is not None:
            for record in cache.search(_ACCOUNT, query={"realm": self._tenant_id}):
                if self.home_account_id in (None, record["home_account_id"]):
                    return record
        if self.home_account_id is None:
            return None
        for record in cache.search(_ACCOUNT, query={"home_account_id": self.home_account_id}):
            return record
        for rt in cache.search(_REFRESH_TOKEN, query={"home_account_id": self.home_account_id}):
            object_id, _, home_tenant = self.home_account_id.partition(".")
            return {
                "home_account_id": self.home_account_id, "environment": rt["environment"],
                "realm": self._tenant_id or home_tenant, "local_account_id": object_id,
                "username": self._username_from_id_token(), "authority_type": "MSSTS", _SYNTHESIZED: True,
            }
        return None

    def _username_from_id_token(self) -> str:
        query = {"home_account_id": self.home_account_id}
        if self._tenant_id is not None:
            query["realm"] = self._tenant_id
        for idt in self._cache.cache.search(_ID_TOKEN, query=query):
            with contextlib.suppress(ValueError, TypeError):
                claims = json.loads(decode_part(str(idt["secret"]).split(".")[1]))
                return str(claims.get("preferred_username") or "")
        return ""

    def _msal_account(self) -> dict[str, Any] | None:
        record = self._account_record()
        if record is None:
            return None
        if record.get(_SYNTHESIZED):
            # msal's silent call needs only the home account id and environment to find the refresh token.
            return {k: v for k, v in record.items() if k != _SYNTHESIZED}
        for account in self._client.get_accounts():
            if account.get("home_account_id") == record["home_account_id"]:
                return account
        return None


class PermissionTokens:
    """A session's tokens with more Graph permissions than backup/restore's own (a TokenProvider)."""

    def __init__(self, session: TenantSession, permissions: Sequence[str]) -> None:
        self._session = session
        self.permissions = tuple(p.rsplit("/", 1)[-1] for p in permissions)
        self._scopes = graph_scopes(self.permissions)

    def access_token(self, *, write: bool) -> str:
        try:
            return self._session.token_for(_scopes(write, self._scopes), write=write)
        except InteractionRequired as exc:
            exc.permissions = self.permissions
            raise

    def with_permissions(self, permissions: Sequence[str]) -> PermissionTokens:
        return PermissionTokens(self._session, (*self.permissions, *permissions))


def _unreachable(authority_host: str, exc: BaseException, network: NetworkSettings | None = None) -> SignInUnreachable:
    host = authority_host.split("://", 1)[-1].strip("/")
    failure = classify(exc, host, proxy=proxy_for(authority_host, network))
    return SignInUnreachable(host, failure.sentence, problem=failure.problem.value,
                             detail=f"{type(exc).__name__}: {exc}", failure=failure)


def _forget_account(cache: msal.SerializableTokenCache, home_account_id: str) -> None:
    query = {"home_account_id": home_account_id}
    for rt in list(cache.search(_REFRESH_TOKEN, query=query)):
        cache.remove_rt(rt)
    for record in list(cache.search(_ACCOUNT, query=query)):
        cache.remove_account(record)


def _in_cloud(scopes: Sequence[str], cloud: Cloud) -> list[str]:
    """Graph permission scopes name the cloud's own Graph host (https://graph.microsoft.us/User.Read)."""
    if cloud is GLOBAL:
        return list(scopes)
    return [cloud.graph_resource + s[len(GRAPH):] if s.startswith(GRAPH) else s for s in scopes]


def _scopes(write: bool, extra: Sequence[str] = ()) -> list[str]:
    scopes = list(READ_SCOPES + WRITE_SCOPES) if write else list(READ_SCOPES)
    return scopes + [s for s in extra if s not in scopes]
