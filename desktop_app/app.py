"""Composition root: where Regvault's parts are built and wired, for the window and the command line. Its light
part (the data folder, the log, the store) is `desktop_app.app_paths`, re-exported here.

Nothing here knows about Qt: the window is started by `desktop_app.cli.window`, which hands it the
`WindowContext` built here (`build_window_context`).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from desktop_app import __version__
from desktop_app.app_paths import AppPaths
from desktop_app.app_paths import configure_logging as configure_logging  # re-exported
from desktop_app.app_paths import open_store as open_store
from desktop_app.auth.app_only import (
    AppOnlyCredentialStore,
    ConfidentialClientFactory,
    msal_confidential_client,
)
from desktop_app.auth.errors import KeyringUnavailable
from desktop_app.auth.msal_client import msal_public_client
from desktop_app.auth.secrets import KeyringSecrets
from desktop_app.auth.sign_in import PublicClientFactory, SignIn
from desktop_app.auth.token_cache import TokenCacheStore
from desktop_app.graph.client import THROTTLE_PATIENCE_S
from desktop_app.network.http import SignInSession, discover_cloud
from desktop_app.services.about import AboutFacts, database_description, is_frozen
from desktop_app.services.network_settings import load_network_settings
from desktop_app.services.tenants import GRAPH_BASE_URL, GraphConnector, TenantService, load_preferences
from desktop_app.store import Store

if TYPE_CHECKING:
    from desktop_app.services.alerts import AlertService
    from desktop_app.services.backup import BackupService
    from desktop_app.services.changes import ChangesService
    from desktop_app.services.restore import GraphForTenant
    from desktop_app.services.rollback import RollbackService
    from desktop_app.ui.context import DemoHistory, WindowContext

@dataclass
class Wiring:
    """The outside world Regvault talks to. Tests replace it (a fake msal, a transport in front of the
    emulator); the defaults are the real thing."""

    public_client_factory: PublicClientFactory = msal_public_client
    confidential_client_factory: ConfidentialClientFactory = msal_confidential_client
    transport: httpx.BaseTransport | None = None
    graph_base_url: str = GRAPH_BASE_URL
    throttle_patience_s: float = THROTTLE_PATIENCE_S  # tests: a Graph that throttles for ever fails in seconds


WIRING = Wiring()


@dataclass
class Credentials:
    """Sign-ins and app-only identities, or a session-only stand-in when no keyring works."""

    token_cache: TokenCacheStore
    app_only: AppOnlyCredentialStore | None
    # Why nothing is saved in this session (no usable keyring), in words for the user; None: all is well.
    keyring_problem: str | None = None
    keyring_backend: str | None = None  # the keyring backend in use (Help → About); None in a session only

    @property
    def session_only(self) -> bool:
        return self.token_cache.session_only


def open_credentials(paths: AppPaths, *, session_only: bool = False) -> Credentials:
    """The encrypted token cache and the app-only store. With no usable keyring this never fails and never
    falls back to plaintext: it returns a session-only cache and says why in `keyring_problem`; the window
    asks the user whether to go on, the command line says so on stderr and goes on."""
    if session_only:
        return Credentials(TokenCacheStore(paths.data_dir, session_only=True), None,
                           "Session only: sign-ins are not saved.")
    try:
        secrets = KeyringSecrets()
        cache = TokenCacheStore(paths.data_dir, secrets=secrets)
    except KeyringUnavailable as exc:
        logging.getLogger(__name__).warning("no usable keyring; continuing for this session only")
        return Credentials(TokenCacheStore(paths.data_dir, session_only=True), None, str(exc))
    return Credentials(cache, AppOnlyCredentialStore(secrets), keyring_backend=secrets.backend_name)


@dataclass
class Services:
    """The services the window and the commands share, over one store and one set of credentials."""

    store: Store
    credentials: Credentials
    connector: GraphConnector
    tenants: TenantService
    paths: AppPaths

    @property
    def sign_in(self) -> SignIn:
        assert self.connector.sign_in is not None
        return self.connector.sign_in

    def backup(self, **kwargs: Any) -> BackupService:
        from desktop_app.services.backup import BackupService

        return BackupService(self.store, self.connector, **kwargs)

    def changes(self) -> ChangesService:
        """What changed in a tenant since a moment, the live tenant captured first (services/changes.py)."""
        from desktop_app.services.capture import CaptureService
        from desktop_app.services.changes import ChangesService

        return ChangesService(self.store, CaptureService(self.store, self.backup()))

    def rollback(self, **kwargs: Any) -> RollbackService:
        """Incident rollback over this store and sign-ins (services/rollback.py): Regvault acts as the tenant's
        app-only identity when one is set up, else as the signed-in user."""
        from desktop_app.services.rollback import RollbackService, signed_in_identity

        return RollbackService(self.store, self.changes(), self.connector,
                               identity_of=signed_in_identity(self.connector.app_only_credentials), **kwargs)

    def alerts(self, **kwargs: Any) -> AlertService:
        """Alerts over this store, with the channels this workstation can serve (services/alerts.py)."""
        from desktop_app.services.alert_settings import AlertSecrets, load_alert_secrets, load_alert_settings
        from desktop_app.services.alerts import AlertService, alert_channels

        settings = load_alert_settings(self.store)
        problem = self.credentials.keyring_problem
        secrets = AlertSecrets(problem=problem) if problem else load_alert_secrets(settings)
        return AlertService(self.store, alert_channels(settings, secrets, self.connector.network), settings, **kwargs)

    def reload_sign_in_settings(self) -> None:
        """After the Settings dialog changed the client ID, the broker or the network: new msal applications (same
        cache), and Graph clients with the new proxy and roots."""
        self.connector.sign_in = _sign_in(self.store, self.credentials)
        self.connector.network = load_network_settings(self.store)


def _sign_in(store: Store, credentials: Credentials) -> SignIn:
    network = load_network_settings(store)
    factory = WIRING.public_client_factory
    if factory is msal_public_client:
        # msal's HTTP (discovery, tokens) with the same trust store and proxies as Graph's.
        factory = functools.partial(msal_public_client, http_client=SignInSession(network))
    settings = dataclasses.replace(load_preferences(store).settings(), network=network)
    return SignIn(credentials.token_cache, settings, client_factory=factory)


def build_services(paths: AppPaths, store: Store, credentials: Credentials | None = None, *,
                   max_retries: int = 8) -> Services:
    credentials = credentials or open_credentials(paths)
    network = load_network_settings(store)
    confidential = WIRING.confidential_client_factory
    if confidential is msal_confidential_client:
        confidential = functools.partial(msal_confidential_client, http_client=SignInSession(network))
    connector = GraphConnector(
        sign_in=_sign_in(store, credentials), app_only=credentials.app_only, max_retries=max_retries,
        app_only_client_factory=confidential, transport=WIRING.transport,
        graph_base_url=WIRING.graph_base_url, network=network, throttle_patience_s=WIRING.throttle_patience_s,
        # The real cloud discovery only with the real msal (tests wire a fake identity platform).
        cloud_detector=(functools.partial(discover_cloud, settings=network)
                        if WIRING.public_client_factory is msal_public_client else None),
    )
    return Services(store, credentials, connector, TenantService(store, connector), paths)


def about_facts(paths: AppPaths, database: str | Path, credentials: Credentials | None) -> AboutFacts:
    """Help → About's facts, from the objects this process really uses."""
    return AboutFacts(
        version=__version__, data_folder=paths.data_dir, log_folder=paths.logs_dir,
        database=database_description(database),
        keyring_backend=credentials.keyring_backend if credentials is not None else None,
        frozen=is_frozen(),
    )


def build_window_context(services: Services, *, graph_for_tenant: GraphForTenant | None = None,
                         clock: Callable[[], datetime] | None = None, demo: bool = False,
                         history: DemoHistory | None = None) -> WindowContext:
    """The window's services over `services`' store and sign-ins. The demo passes its emulator's connections
    (`graph_for_tenant`) and clock (its history ends today: backups and restores take their time from it), and the
    history still to build behind the window."""
    from desktop_app.services.app_reader import AppReader
    from desktop_app.services.backup import BackupService
    from desktop_app.services.capture import CaptureService
    from desktop_app.services.changes import ChangesService
    from desktop_app.services.compare import CompareService
    from desktop_app.services.export import ExportService
    from desktop_app.services.restore import RestoreService
    from desktop_app.services.rollback import RollbackService, signed_in_identity
    from desktop_app.services.update_check import UpdateCheck
    from desktop_app.ui.context import WindowContext

    store = services.store
    graph = graph_for_tenant or services.connector
    timed: dict[str, Any] = {"clock": clock} if clock is not None else {}
    # One reader for the backups, the restores and the comparisons: it holds each tenant's certificate-read budget.
    reader = AppReader(store, graph)
    backup = BackupService(store, graph, reader=reader, **timed)
    capture = CaptureService(store, backup, **timed)
    changes = ChangesService(store, capture)
    rollback = RollbackService(store, changes, graph, reader=reader, **timed,
                               identity_of=signed_in_identity(services.connector.app_only_credentials))
    return WindowContext(
        store=store, backup=backup, restore=RestoreService(store, graph, reader=reader, **timed),
        compare=CompareService(store, reader), export=ExportService(store), tenants=services.tenants,
        sign_in=services, data_dir=services.paths.data_dir,
        # The file for SQLite; a server's URL (without a password) for PostgreSQL, which has no path.
        about=about_facts(services.paths, store.location.path or store.location.url, services.credentials),
        # Demo tenants are emulator tenants: no keyring needed, nothing to save.
        keyring_problem=None if demo else services.credentials.keyring_problem,
        demo=demo, history=history, alerts=None if demo else services.alerts,
        # The window, and only the window, looks for a newer Regvault (never a command: never a scheduled backup).
        updates=None if demo else UpdateCheck(store, network=load_network_settings(store)),
        capture=capture, rollback=rollback,
    )
