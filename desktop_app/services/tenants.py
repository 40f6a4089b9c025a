"""Tenants: adding them (after a sign-in, or as a reseller's customers), keeping them, and connecting to Graph
as each of them."""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from desktop_app.auth.app_only import (
    AppOnlyCredentials,
    AppOnlyCredentialStore,
    AppOnlyTokenProvider,
    ConfidentialClientFactory,
    msal_confidential_client,
)
from desktop_app.auth.emulator_tokens import EmulatorTokenProvider
from desktop_app.auth.errors import AuthError, KeyringUnavailable
from desktop_app.auth.msal_client import BROKER_DEFAULT
from desktop_app.auth.sign_in import (
    GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID,
    PARTNER_SCOPES,
    DeviceCodePrompt,
    SignedInAccount,
    SignIn,
    SignInSettings,
    TenantSession,
)
from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.guid import is_guid
from desktop_app.graph.budget import ThrottleBudget, ThrottleBudgets
from desktop_app.graph.client import THROTTLE_PATIENCE_S, GraphClient
from desktop_app.graph.errors import GraphError
from desktop_app.graph.tokens import TokenProvider
from desktop_app.network.clouds import GLOBAL, Cloud, cloud_named
from desktop_app.network.proxy import NetworkSettings
from desktop_app.services.setting_problems import BadSetting, SettingProblem
from desktop_app.store.database import Store
from desktop_app.store.records import TenantInfo

log = logging.getLogger(__name__)

GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0"

# Setting keys (the Setting table): which account reaches a tenant, and through which partner tenant.
_ACCOUNT_KEY = "tenant.{}.homeAccountId"
_PARTNER_KEY = "tenant.{}.partner"
_NAME_KEY = "tenant.{}.name"  # the name the user gave it (kept when the tenant's own name is read again)
# User preferences for signing in (Settings dialog, `regvault settings`).
CLIENT_ID_SETTING = "signIn.clientId"
DEVICE_CODE_SETTING = "signIn.preferDeviceCode"
BROKER_SETTING = "signIn.useBroker"


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
    # How long one request may wait out 429s in all before the operation fails with Graph's answer.
    throttle_patience_s: float = THROTTLE_PATIENCE_S
    # A backup runs 32 listings of apps, 35 of the enterprise applications, 16 batch streams and 8 certificate
    # reads at once; each needs a connection of its own (kept alive: a TLS handshake per request otherwise).
    max_connections: int = 96
    sleep: Callable[[float], None] | None = None
    read_only: bool = False  # the emulator's read token only: for "what if I lack write rights" checks
    # Permissions an emulator tenant's admin never consented to (tests of "what if AuditLog.Read.All is missing").
    refused_permissions: frozenset[str] = frozenset()
    # The account that reaches a tenant (a reseller's partner account for a customer tenant); None: unknown.
    account_of: Callable[[str], str | None] | None = None
    app_only_client_factory: ConfidentialClientFactory = msal_confidential_client
    transport: httpx.BaseTransport | None = None  # tests: a transport in front of the emulator
    graph_base_url: str = GRAPH_BASE_URL  # where tenants added by signing in are read (tests: the emulator)
    network: NetworkSettings | None = None  # proxy and CA bundle for every Graph client without a transport
    # Which cloud a tenant (id or domain) lives in, from its OpenID discovery document; None: not asked.
    cloud_detector: Callable[[str], Cloud | None] | None = None
    # Each tenant's throttling budget, shared by every client this connector makes for it.
    budgets: ThrottleBudgets = field(default_factory=ThrottleBudgets)
    # What a refused connection to an emulator tenant means here (the demo's: its Graph runs only while the demo
    # does); None: the network's own sentence.
    emulator_refused: str | None = None

    def session(self, tenant: TenantInfo | str, cloud: Cloud | None = None) -> TenantSession:
        """The sign-in session of a tenant, in its cloud (a TenantInfo's own; for an id or a domain, `cloud`)."""
        if self.sign_in is None:
            name = tenant if isinstance(tenant, str) else tenant.tenant_id
            raise TenantNotConnectable(f"Signing in is not available in this session (tenant {name}).")
        tenant_id = tenant if isinstance(tenant, str) else tenant.tenant_id
        if cloud is None:
            cloud = GLOBAL if isinstance(tenant, str) else cloud_named(tenant.cloud)
        home = self.account_of(tenant_id) if self.account_of is not None else None
        return self.sign_in.session(tenant_id, home_account_id=home, cloud=cloud)

    def graph_base_url_for(self, cloud: Cloud) -> str:
        """Where a signed-in tenant of `cloud` is read: the cloud's Graph (tests put an emulator instead)."""
        return self.graph_base_url if self.graph_base_url != GRAPH_BASE_URL else cloud.graph_base_url

    def detect_cloud(self, tenant: str) -> Cloud:
        if self.cloud_detector is None:
            return GLOBAL
        return self.cloud_detector(tenant) or GLOBAL

    def app_only_credentials(self, tenant_id: str) -> AppOnlyCredentials | None:
        if self.app_only is None:
            return None
        try:
            return self.app_only.load(tenant_id)
        except KeyringUnavailable as exc:
            # The keyring failed during the session: go on without the identity (a sign-in may still reach the
            # tenant) and say why, rather than stop.
            log.warning("the app-only identity of %s could not be read, going on without it: %s", tenant_id, exc)
            return None

    def tokens_for(self, tenant: TenantInfo) -> TokenProvider:
        if tenant.kind == "emulator":
            return EmulatorTokenProvider(tenant.tenant_id, read_only=self.read_only,
                                         refused=self.refused_permissions)
        credentials = self.app_only_credentials(tenant.tenant_id)
        if credentials is not None:
            cloud = cloud_named(tenant.cloud)
            return AppOnlyTokenProvider(tenant.tenant_id, credentials, client_factory=self.app_only_client_factory,
                                        authority_host=cloud.login_host, graph_scope=cloud.graph_resource + ".default")
        if self.sign_in is None:
            raise TenantNotConnectable(
                f"Regvault is not signed in to {tenant.display_name} ({tenant.tenant_id}): sign in from the "
                "window, or configure an app-only identity for unattended backups."
            )
        return self.session(tenant)

    def client(self, base_url: str, tokens: TokenProvider, budget: ThrottleBudget | None = None,
               refused: str | None = None, cancel: CancelToken | None = None) -> GraphClient:
        kwargs: dict[str, Any] = {
            "timeout": self.timeout, "max_retries": self.max_retries, "max_connections": self.max_connections,
            "transport": self.transport, "network": self.network, "budget": budget,
            "throttle_patience_s": self.throttle_patience_s, "refused": refused, "cancel": cancel,
        }
        if self.sleep is not None:
            kwargs["sleep"] = self.sleep
        return GraphClient(base_url or GRAPH_BASE_URL, tokens, **kwargs)

    def __call__(self, tenant: TenantInfo, *, cancel: CancelToken | None = None) -> GraphClient:
        """A client for the tenant; every client of one tenant in this process shares its throttling budget
        (graph/budget.py): a backup, a preview and a restore of it hold back together when Graph says wait.
        `cancel`: the use case's token, which stops the client's waits and retries."""
        base_url = tenant.graph_base_url or GRAPH_BASE_URL
        refused = self.emulator_refused if tenant.kind == "emulator" else None
        return self.client(base_url, self.tokens_for(tenant), self.budgets.of(base_url, tenant.tenant_id), refused,
                           cancel)


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


@dataclass(frozen=True)
class CustomerTenant:
    """One of a reseller's GDAP customers (tenantRelationships/delegatedAdminCustomers)."""

    tenant_id: str
    display_name: str
    added: bool  # already one of Regvault's tenants


@dataclass(frozen=True)
class CustomerResult:
    """What adding one customer tenant gave: the tenant, or why not (the others are added regardless)."""

    requested: str  # the tenant id or domain asked for
    tenant: TenantInfo | None = None
    error: str | None = None
    needs_sign_in: bool = False  # the partner account has to sign in (again) or consent first


class ConnectionKind(enum.Enum):
    EMULATOR = "emulator"
    APP_ONLY = "app-only"
    SIGNED_IN = "signed-in"
    NOT_SIGNED_IN = "not-signed-in"


@dataclass(frozen=True)
class TenantStatus:
    """How Regvault reaches a tenant now, for the tenants list."""

    tenant: TenantInfo
    connection: ConnectionKind
    account: str = ""  # the signed-in user's name, or the app-only client id
    partner_tenant_id: str | None = None  # added as a customer of this (partner) tenant


@dataclass(frozen=True)
class SignInPreferences:
    """What the Settings dialog edits; kept in the database (Setting table)."""

    client_id: str = GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID
    prefer_device_code: bool = False
    use_broker: bool = BROKER_DEFAULT  # Windows: on; macOS: off until the signed bundle's redirect is registered

    @property
    def uses_default_client(self) -> bool:
        return self.client_id == GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID

    def settings(self, base: SignInSettings | None = None) -> SignInSettings:
        base = base or SignInSettings()
        return SignInSettings(client_id=self.client_id, use_broker=self.use_broker,
                              authority_host=base.authority_host, interactive_timeout=base.interactive_timeout)


def load_preferences(store: Store) -> SignInPreferences:
    return SignInPreferences(
        client_id=str(store.get_setting(CLIENT_ID_SETTING) or GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID),
        prefer_device_code=bool(store.get_setting(DEVICE_CODE_SETTING, False)),
        use_broker=bool(store.get_setting(BROKER_SETTING, BROKER_DEFAULT)),
    )


def save_preferences(store: Store, preferences: SignInPreferences) -> None:
    client_id = preferences.client_id.strip()
    if not is_guid(client_id):
        raise BadSetting(SettingProblem.CLIENT_ID, f"{client_id!r} is not a client ID (a GUID such as "
                         f"{GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID})", client_id=repr(client_id),
                         example=GRAPH_COMMAND_LINE_TOOLS_CLIENT_ID)
    store.set_setting(CLIENT_ID_SETTING, client_id.lower())
    store.set_setting(DEVICE_CODE_SETTING, preferences.prefer_device_code)
    store.set_setting(BROKER_SETTING, preferences.use_broker)


DeviceCodeShow = Callable[[DeviceCodePrompt], None]


class _ScopedTokens:
    """A session's tokens for other scopes than backup/restore (the partner's GDAP customer list)."""

    def __init__(self, session: TenantSession, scopes: Sequence[str]) -> None:
        self._session = session
        self._scopes = tuple(scopes)

    def access_token(self, *, write: bool) -> str:
        return self._session.token_for(self._scopes, write=write)


class TenantService:
    def __init__(self, store: Store, connector: GraphConnector) -> None:
        self._store = store
        self._connector = connector
        if connector.account_of is None:
            connector.account_of = self.account_of

    @property
    def connector(self) -> GraphConnector:
        return self._connector

    # --- listing --------------------------------------------------------------------------------------------

    def tenants(self) -> list[TenantInfo]:
        return self._store.list_tenants()

    def get(self, tenant_key: str) -> TenantInfo:
        return self._store.get_tenant(tenant_key)

    def account_of(self, tenant_id: str) -> str | None:
        value = self._store.get_setting(_ACCOUNT_KEY.format(tenant_id.lower()))
        return str(value) if value else None

    def partner_of(self, tenant_id: str) -> str | None:
        value = self._store.get_setting(_PARTNER_KEY.format(tenant_id.lower()))
        return str(value) if value else None

    def status(self, tenant_key: str) -> TenantStatus:
        tenant = self._store.get_tenant(tenant_key, include_archived=True)
        partner = self.partner_of(tenant.tenant_id)
        if tenant.kind == "emulator":
            return TenantStatus(tenant, ConnectionKind.EMULATOR, partner_tenant_id=partner)
        credentials = self._connector.app_only_credentials(tenant.tenant_id)
        if credentials is not None:
            return TenantStatus(tenant, ConnectionKind.APP_ONLY, credentials.client_id, partner)
        if self._connector.sign_in is not None:
            account = self._connector.session(tenant).account
            if account is not None:
                return TenantStatus(tenant, ConnectionKind.SIGNED_IN, account.username, partner)
        return TenantStatus(tenant, ConnectionKind.NOT_SIGNED_IN, partner_tenant_id=partner)

    def statuses(self) -> list[TenantStatus]:
        return [self.status(t.tenant_id) for t in self._store.list_tenants()]

    # --- adding ---------------------------------------------------------------------------------------------

    def add_emulator_tenant(self, base_url: str, tenant_id: str, *, restore_target: bool = False) -> TenantInfo:
        """Add a tenant served by a Graph emulator; its name and domains come from its /organization."""
        probe = TenantInfo(tenant_id=tenant_id, display_name=tenant_id, graph_base_url=base_url.rstrip("/"),
                           kind="emulator")
        with self._connector(probe) as graph:
            org = read_organization(graph)
        if org.tenant_id.lower() != tenant_id.lower():
            raise ValueError(f"the emulator at {base_url} answered for tenant {org.tenant_id}, not {tenant_id}")
        return self._save(probe, org, restore_target)

    def sign_in(
        self,
        tenant: str,
        *,
        device_code: DeviceCodeShow | None = None,
        parent_window_handle: object | None = None,
        cancel: CancelToken | None = None,
        write: bool = False,
        extra_scopes: Sequence[str] = (),
        cloud: Cloud | None = None,
    ) -> SignedInAccount:
        """Ask the user to sign in to `tenant` (an id or a domain): browser/broker, or the device code flow
        when `device_code` is given (it shows the code). Blocks until done: never call it on the GUI thread.
        The cloud: `cloud`, else the one kept for a known tenant, else the one its discovery document names."""
        known = self._store.find_tenant(tenant.strip(), include_archived=True)
        if cloud is None:
            cloud = cloud_named(known.cloud) if known is not None else self._connector.detect_cloud(tenant.strip())
        session = self._connector.session(known if known is not None and known.kind == "entra" else tenant.strip(),
                                          cloud)
        if device_code is not None:
            account = session.sign_in_with_device_code(device_code, write=write, cancel=cancel,
                                                       extra_scopes=extra_scopes)
        else:
            account = session.sign_in_interactive(write=write, parent_window_handle=parent_window_handle,
                                                  extra_scopes=extra_scopes, cancel=cancel)
        self._remember_account(account.tenant_id, account.home_account_id)
        return account

    def add_tenant(
        self,
        tenant: str,
        *,
        device_code: DeviceCodeShow | None = None,
        parent_window_handle: object | None = None,
        cancel: CancelToken | None = None,
        restore_target: bool = False,
        graph_base_url: str | None = None,
        cloud: Cloud | None = None,
    ) -> TenantInfo:
        """Sign in to `tenant` (id or domain), then add it with the id, name and domains of its /organization.
        `cloud`: the tenant's cloud (None: the one its discovery document names, else global)."""
        known = self._store.find_tenant(tenant.strip(), include_archived=True)
        if cloud is None:
            cloud = cloud_named(known.cloud) if known is not None else self._connector.detect_cloud(tenant.strip())
        account = self.sign_in(tenant, device_code=device_code, parent_window_handle=parent_window_handle,
                               cancel=cancel, cloud=cloud)
        return self.add_signed_in(account, restore_target=restore_target, graph_base_url=graph_base_url, cloud=cloud)

    def add_signed_in(
        self, account: SignedInAccount, *, restore_target: bool = False, graph_base_url: str | None = None,
        cloud: Cloud = GLOBAL,
    ) -> TenantInfo:
        """Add the tenant a sign-in just reached (reads its /organization with that sign-in)."""
        graph_base_url = graph_base_url or self._connector.graph_base_url_for(cloud)
        self._remember_account(account.tenant_id, account.home_account_id)
        session = self._connector.session(account.tenant_id, cloud)
        with self._connector.client(graph_base_url, session) as graph:
            org = read_organization(graph)
        probe = self._entra_probe(org.tenant_id, graph_base_url, cloud)
        existing = self._store.find_tenant(org.tenant_id, include_archived=True)
        return self._save(probe, org, restore_target or bool(existing and existing.is_restore_target))

    def list_customers(self, partner_key: str) -> list[CustomerTenant]:
        """The partner tenant's GDAP customers (needs DelegatedAdminRelationship.Read.All on the partner tenant;
        InteractionRequired(CONSENT_REQUIRED) until it was consented: sign in with PARTNER_SCOPES then)."""
        partner = self._store.get_tenant(partner_key)
        if partner.kind == "emulator":
            tokens: TokenProvider = EmulatorTokenProvider(partner.tenant_id)
        else:
            tokens = _ScopedTokens(self._connector.session(partner), PARTNER_SCOPES)
        with self._connector.client(partner.graph_base_url, tokens) as graph:
            rows = graph.get_all("/tenantRelationships/delegatedAdminCustomers")
        known = {t.tenant_id.lower() for t in self._store.list_tenants()}
        customers = {}
        for row in rows:
            tenant_id = str(row.get("tenantId") or row.get("id") or "").lower()
            if tenant_id and tenant_id != partner.tenant_id.lower():
                customers[tenant_id] = CustomerTenant(tenant_id, str(row.get("displayName") or tenant_id),
                                                      tenant_id in known)
        return sorted(customers.values(), key=lambda c: (c.display_name.casefold(), c.tenant_id))

    def add_customers(
        self, partner_key: str, customers: Sequence[str], *, restore_target: bool = False
    ) -> list[CustomerResult]:
        """Add customer tenants (ids or domains), reached with the partner's sign-in. One that fails (no consent
        in that tenant, no GDAP role, Conditional Access) does not stop the others."""
        partner = self._store.get_tenant(partner_key)
        home = self.account_of(partner.tenant_id)
        if partner.kind != "emulator" and self._connector.sign_in is not None:
            partner_account = self._connector.session(partner).account
            home = partner_account.home_account_id if partner_account else home
        results = []
        for requested in dict.fromkeys(c.strip() for c in customers if c.strip()):
            try:
                tenant = self._add_customer(partner, requested, home, restore_target)
            except AuthError as exc:
                results.append(CustomerResult(requested, error=str(exc), needs_sign_in=True))
            except (GraphError, TenantNotConnectable, ValueError, httpx.HTTPError) as exc:
                results.append(CustomerResult(requested, error=_customer_error(exc)))
            else:
                results.append(CustomerResult(requested, tenant=tenant))
        return results

    def _add_customer(self, partner: TenantInfo, requested: str, home: str | None,
                      restore_target: bool) -> TenantInfo:
        if partner.kind == "emulator":
            if not is_guid(requested):
                raise ValueError(f"emulator tenants are added by tenant ID, not {requested!r}")
            tenant = self.add_emulator_tenant(partner.graph_base_url, requested, restore_target=restore_target)
        else:
            if home is None:
                raise TenantNotConnectable(f"sign in to the partner tenant {partner.display_name} first")
            assert self._connector.sign_in is not None
            # GDAP relationships stay within one cloud: customers are in the partner's.
            cloud = cloud_named(partner.cloud)
            session = self._connector.sign_in.session(requested, home_account_id=home, cloud=cloud)
            with self._connector.client(partner.graph_base_url, session) as graph:
                org = read_organization(graph)
            self._remember_account(org.tenant_id, home)
            tenant = self._save(self._entra_probe(org.tenant_id, partner.graph_base_url, cloud), org, restore_target)
        self._store.set_setting(_PARTNER_KEY.format(tenant.tenant_id.lower()), partner.tenant_id)
        return tenant

    # --- keeping --------------------------------------------------------------------------------------------

    def refresh(self, tenant_key: str) -> TenantInfo:
        """Read the tenant's name and verified domains again (a domain was added or verified).
        Keeps the name the user gave it when they renamed it."""
        tenant = self._store.get_tenant(tenant_key)
        with self._connector(tenant) as graph:
            org = read_organization(graph)
        saved = self._save(tenant, org, tenant.is_restore_target)
        custom_name = self._store.get_setting(_NAME_KEY.format(tenant.tenant_id.lower()))
        if custom_name:
            saved = self._store.rename_tenant(saved.tenant_id, str(custom_name))
        return saved

    def rename(self, tenant_key: str, display_name: str) -> TenantInfo:
        name = display_name.strip()
        if not name:
            raise BadSetting(SettingProblem.TENANT_NAME, "a tenant's name can't be empty")
        tenant = self._store.get_tenant(tenant_key)
        self._store.set_setting(_NAME_KEY.format(tenant.tenant_id.lower()), name)
        return self._store.rename_tenant(tenant.tenant_id, name)

    def set_restore_target(self, tenant_key: str, is_target: bool) -> TenantInfo:
        tenant = self._store.get_tenant(tenant_key)
        return self._store.set_restore_target(tenant.tenant_id, is_target)

    def remove(self, tenant_key: str, *, delete_backups: bool) -> TenantInfo:
        """Remove the tenant (its backups kept, or deleted), sign out of it and forget its app-only identity."""
        tenant = self._store.get_tenant(tenant_key)
        self.sign_out(tenant.tenant_id)
        if self._connector.app_only is not None:
            try:
                self._connector.app_only.remove(tenant.tenant_id)
            except KeyringUnavailable:
                log.warning("could not remove the app-only identity of %s: no keyring", tenant.tenant_id)
        self._store.remove_tenant(tenant.tenant_id, delete_backups)
        for key in (_ACCOUNT_KEY, _PARTNER_KEY, _NAME_KEY):
            self._store.set_setting(key.format(tenant.tenant_id.lower()), "")  # "" = not set (no NULLs there)
        log.info("tenant %s removed (%s)", tenant.tenant_id, "backups deleted" if delete_backups else "backups kept")
        return tenant

    def sign_out(self, tenant_key: str) -> bool:
        """Remove the tenant's tokens. True when there was a sign-in to remove."""
        tenant = self._store.get_tenant(tenant_key, include_archived=True)
        if tenant.kind == "emulator" or self._connector.sign_in is None:
            return False
        session = self._connector.session(tenant)
        had_account = session.account is not None
        # Regvault's own record of which account reaches each tenant decides whether the account's refresh token
        # is still needed: msal keeps no account record for customer tenants reached with the partner's.
        others = {self.account_of(t.tenant_id) for t in self._store.list_tenants()
                  if t.tenant_id.lower() != tenant.tenant_id.lower()}
        session.sign_out(still_used={home for home in others if home})
        # Forget which account reaches it too: a customer tenant would otherwise be reached again silently
        # with the partner's sign-in. Signing in again remembers it anew.
        self._store.set_setting(_ACCOUNT_KEY.format(tenant.tenant_id.lower()), "")
        return had_account

    # --- app-only identity ----------------------------------------------------------------------------------

    def configure_app_only(self, tenant_key: str, credentials: AppOnlyCredentials, *, verify: bool = True) -> None:
        """Keep an app-only identity for unattended backups in the keyring, after checking (with `verify`) that
        it gets a token for this tenant and can read its /organization."""
        tenant = self._store.get_tenant(tenant_key)
        if self._connector.app_only is None:
            raise KeyringUnavailable("no keyring: an app-only identity can't be kept in this session")
        if verify and tenant.kind != "emulator":
            cloud = cloud_named(tenant.cloud)
            provider = AppOnlyTokenProvider(tenant.tenant_id, credentials, authority_host=cloud.login_host,
                                            graph_scope=cloud.graph_resource + ".default",
                                            client_factory=self._connector.app_only_client_factory)
            with self._connector.client(tenant.graph_base_url, provider) as graph:
                org = read_organization(graph)
            if org.tenant_id.lower() != tenant.tenant_id.lower():
                raise ValueError(f"the app-only identity reached tenant {org.tenant_id}, not {tenant.tenant_id}")
        self._connector.app_only.save(tenant.tenant_id, credentials)
        log.info("app-only identity (%s, %s) saved for %s", credentials.client_id, credentials.kind,
                 tenant.tenant_id)

    def remove_app_only(self, tenant_key: str) -> None:
        tenant = self._store.get_tenant(tenant_key)
        if self._connector.app_only is not None:
            self._connector.app_only.remove(tenant.tenant_id)

    # --- internals ------------------------------------------------------------------------------------------

    def _remember_account(self, tenant_id: str, home_account_id: str) -> None:
        self._store.set_setting(_ACCOUNT_KEY.format(tenant_id.lower()), home_account_id)

    def _entra_probe(self, tenant_id: str, graph_base_url: str, cloud: Cloud = GLOBAL) -> TenantInfo:
        sign_in = self._connector.sign_in
        host = (sign_in.settings.authority_host if cloud is GLOBAL else cloud.login_host) if sign_in else None
        return TenantInfo(
            tenant_id=tenant_id, display_name=tenant_id, graph_base_url=graph_base_url, kind="entra",
            client_id=sign_in.settings.client_id if sign_in else None,
            authority=f"{host.rstrip('/')}/{tenant_id}" if host else None, cloud=cloud.name,
        )

    def _save(self, base: TenantInfo, org: Organization, restore_target: bool) -> TenantInfo:
        info = TenantInfo(
            tenant_id=org.tenant_id, display_name=org.display_name, graph_base_url=base.graph_base_url,
            default_domain=org.default_domain, domains=org.domains, kind=base.kind, client_id=base.client_id,
            authority=base.authority, cloud=base.cloud, is_restore_target=restore_target,
        )
        saved = self._store.add_tenant(info)  # adds, or updates the one already added
        log.info("tenant %s (%s) saved", saved.tenant_id, saved.display_name)
        return saved


def _customer_error(exc: BaseException) -> str:
    if isinstance(exc, GraphError) and exc.code in ("Authorization_IdentityNotFound", "InvalidAuthenticationToken"):
        return (f"{exc} — the client application has no consent in this customer tenant yet (with GDAP there is "
                "no pre-consent: an admin of the customer, or a GDAP role that may consent, has to approve it)")
    return str(exc)


__all__ = [
    "GRAPH_BASE_URL", "ConnectionKind", "CustomerResult", "CustomerTenant", "GraphConnector", "Organization",
    "SignInPreferences", "TenantNotConnectable", "TenantService", "TenantStatus", "load_preferences",
    "read_organization", "save_preferences",
]
