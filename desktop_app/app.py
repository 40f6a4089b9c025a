"""Composition root: where Regvault's parts are built and wired, for the window and the command line.

Nothing here knows about Qt: the window is started by `desktop_app.cli.window`, which hands it the
`WindowContext` built here (`build_window_context`).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import logging.handlers
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from desktop_app import __version__
from desktop_app.auth.app_only import (
    AppOnlyCredentialStore,
    ConfidentialClientFactory,
    msal_confidential_client,
)
from desktop_app.auth.errors import KeyringUnavailable
from desktop_app.auth.log_redaction import install_redaction
from desktop_app.auth.msal_client import msal_public_client
from desktop_app.auth.secrets import KeyringSecrets
from desktop_app.auth.sign_in import PublicClientFactory, SignIn
from desktop_app.auth.token_cache import TokenCacheStore
from desktop_app.graph.client import THROTTLE_PATIENCE_S
from desktop_app.network.http import SignInSession, discover_cloud
from desktop_app.services.about import AboutFacts, database_description, is_frozen
from desktop_app.services.folders import default_data_folder, demo_data_folder, log_folder
from desktop_app.services.network_settings import load_network_settings
from desktop_app.services.tenants import GRAPH_BASE_URL, GraphConnector, TenantService, load_preferences
from desktop_app.store import Store

if TYPE_CHECKING:
    from desktop_app.services.alerts import AlertService
    from desktop_app.services.backup import BackupService
    from desktop_app.services.changes import ChangesService
    from desktop_app.services.restore import GraphForTenant
    from desktop_app.ui.context import DemoHistory, WindowContext

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "regvault.sqlite"

    @property
    def logs_dir(self) -> Path:
        """The platform's log folder for the default data folders, `logs` inside any other (services.folders)."""
        return log_folder(self.data_dir)

    @property
    def token_cache(self) -> Path:
        return self.data_dir / "token-cache.bin"

    @classmethod
    def default(cls) -> AppPaths:
        return cls(default_data_folder())

    @classmethod
    def demo(cls) -> AppPaths:
        """Demo data lives apart from real backups, so a demo can never touch them."""
        return cls(demo_data_folder())

    @classmethod
    def resolve(cls, data_dir: str | Path | None, *, demo: bool = False) -> AppPaths:
        if data_dir:
            return cls(Path(data_dir).expanduser().resolve())
        return cls.demo() if demo else cls.default()

    def ensure(self) -> AppPaths:
        """Create the data folder and its logs folder, the user's alone (0700; on Windows the folder under
        %LOCALAPPDATA% inherits an ACL giving only the user, SYSTEM and Administrators access). Raises OSError
        (a read-only or full disk), which the callers turn into a sentence."""
        for folder in (self.data_dir, self.logs_dir):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            _make_private(folder, 0o700)
        return self


def _make_private(path: Path, mode: int) -> None:
    if os.name == "nt":
        return
    try:
        if path.stat().st_mode & 0o777 != mode:
            os.chmod(path, mode)
    except OSError:
        pass  # not ours to change (a shared folder given with --data-dir): its owner decides


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log files are the user's alone (0600), and a log that can't be written (a full or read-only disk)
    costs one line on stderr, never a traceback in the middle of a command's output."""

    _complained = False

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        _make_private(Path(self.baseFilename), 0o600)
        return os.fdopen(fd, self.mode if "a" in self.mode else "a", encoding=self.encoding, errors=self.errors)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        if not PrivateRotatingFileHandler._complained:
            PrivateRotatingFileHandler._complained = True
            error = sys.exc_info()[1]
            reason = getattr(error, "strerror", None) or error
            sys.stderr.write(f"regvault: warning: cannot write the log {self.baseFilename} ({reason}); "
                             "carrying on without it\n")


def configure_logging(paths: AppPaths, *, debug: bool = False) -> None:
    """Log to a rotating file in the log folder; secrets are scrubbed from every record. `debug` (`--debug`):
    everything at DEBUG, Graph's request lines included, to the file and to stderr too."""
    root = logging.getLogger()
    if any(getattr(h, "_regvault", False) for h in root.handlers):
        return
    if debug:
        echo = logging.StreamHandler(sys.stderr)
        echo.setFormatter(logging.Formatter(LOG_FORMAT))
        echo._regvault_debug = True  # type: ignore[attr-defined]
        install_redaction(echo)
        root.addHandler(echo)
    handler = PrivateRotatingFileHandler(
        paths.logs_dir / "regvault.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler._regvault = True  # type: ignore[attr-defined]
    install_redaction(handler)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    # httpx logs every request line at INFO (method, URL, status: no headers); our Graph client logs what matters.
    logging.getLogger("httpx").setLevel(logging.INFO if debug else logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("peewee").setLevel(logging.INFO)  # every SQL statement with its parameters: documents, blobs
    if debug:
        logging.getLogger("regvault").debug("Regvault %s: debug logging to %s and stderr", __version__,
                                            handler.baseFilename)


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
    from desktop_app.services.compare import CompareService
    from desktop_app.services.export import ExportService
    from desktop_app.services.restore import RestoreService
    from desktop_app.services.update_check import UpdateCheck
    from desktop_app.ui.context import WindowContext

    store = services.store
    graph = graph_for_tenant or services.connector
    timed: dict[str, Any] = {"clock": clock} if clock is not None else {}
    # One reader for the backups, the restores and the comparisons: it holds each tenant's certificate-read budget.
    reader = AppReader(store, graph)
    backup = BackupService(store, graph, reader=reader, **timed)
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
    )


def open_store(paths: AppPaths, database: str | None = None) -> Store:
    """The store this workstation uses: `--database`, else REGVAULT_DATABASE, else the saved choice, else
    regvault.sqlite in the data folder (services.database_choice); a PostgreSQL password from the keyring.
    Raises StoreError (and BadDatabaseLocation) with a sentence, having written nothing; DatabaseDamaged when
    the database fails its quick check (SQLite: ~0.2 s at 100,000 apps; nothing on a server), so that no command
    and no window answers from damaged pages ("no such app" for an app that is there)."""
    from desktop_app.services.database_choice import choose, with_saved_password

    choice = choose(paths.data_dir, database)
    store = Store.open(with_saved_password(choice.location))
    try:
        store.check_health()
    except BaseException:
        store.close()
        raise
    return store
