"""App-only identity for unattended backups: a client id with a certificate or a client secret.

The credentials live in the OS keyring (service "Regvault", account "app-only:<tenantId>"), never in the
database or a log. The certificate file stays where the admin put it; its passphrase goes to the keyring.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import msal
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from desktop_app.auth.errors import SignInFailed
from desktop_app.auth.secrets import KeyringSecrets
from desktop_app.auth.sign_in import AUTHORITY_HOST

GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default"


@dataclass(frozen=True)
class AppOnlyCredentials:
    """An app registration's identity. Give `certificate_path` (PEM with key and certificate, or PFX) or
    `client_secret`. Secrets are left out of repr() so they can't reach a log through an f-string."""

    client_id: str
    certificate_path: str | None = None
    certificate_passphrase: str | None = field(default=None, repr=False)
    client_secret: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if bool(self.certificate_path) == bool(self.client_secret):
            raise ValueError("app-only credentials need either a certificate or a client secret (not both)")

    @property
    def kind(self) -> str:
        return "certificate" if self.certificate_path else "secret"

    def to_json(self) -> str:
        return json.dumps(
            {
                "client_id": self.client_id,
                "certificate_path": self.certificate_path,
                "certificate_passphrase": self.certificate_passphrase,
                "client_secret": self.client_secret,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> AppOnlyCredentials:
        data = json.loads(text)
        return cls(
            client_id=data["client_id"],
            certificate_path=data.get("certificate_path"),
            certificate_passphrase=data.get("certificate_passphrase"),
            client_secret=data.get("client_secret"),
        )

    def msal_credential(self) -> str | dict[str, Any]:
        """The `client_credential` argument of msal.ConfidentialClientApplication."""
        if self.client_secret:
            return self.client_secret
        assert self.certificate_path is not None
        if self.certificate_path.lower().endswith((".pfx", ".p12")):
            credential: dict[str, Any] = {"private_key_pfx_path": self.certificate_path}
        else:
            credential = _pem_credential(Path(self.certificate_path))
        if self.certificate_passphrase:
            credential["passphrase"] = self.certificate_passphrase
        return credential


def _pem_credential(path: Path) -> dict[str, Any]:
    try:
        pem = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise SignInFailed("certificate_unreadable", f"can't read the certificate file {path}: {error}") from None
    begin = pem.find("-----BEGIN CERTIFICATE-----")
    if begin < 0 or "PRIVATE KEY-----" not in pem:
        raise SignInFailed("certificate_unreadable", f"{path} must hold the private key and the certificate (PEM)")
    certificate = x509.load_pem_x509_certificate(pem[begin:].encode("ascii"))
    # The SHA-1 thumbprint is what every msal >= 1.29 accepts (newer ones compute a SHA-256 one themselves).
    thumbprint = certificate.fingerprint(hashes.SHA1()).hex().upper()
    return {"private_key": pem, "thumbprint": thumbprint}


def keyring_account(tenant_id: str) -> str:
    """The keyring entry of a tenant's app-only credentials."""
    return f"app-only:{tenant_id.lower()}"


class AppOnlyCredentialStore:
    """Per-tenant app-only credentials in the keyring. Raises KeyringUnavailable when there is none."""

    def __init__(self, secrets: KeyringSecrets | None = None) -> None:
        self._secrets = secrets if secrets is not None else KeyringSecrets()

    def save(self, tenant_id: str, credentials: AppOnlyCredentials) -> None:
        self._secrets.set(keyring_account(tenant_id), credentials.to_json())

    def load(self, tenant_id: str) -> AppOnlyCredentials | None:
        stored = self._secrets.get(keyring_account(tenant_id))
        return AppOnlyCredentials.from_json(stored) if stored else None

    def remove(self, tenant_id: str) -> None:
        self._secrets.delete(keyring_account(tenant_id))


class ConfidentialClient(Protocol):
    def acquire_token_for_client(self, scopes: list[str], **kwargs: Any) -> dict[str, Any]: ...


class ConfidentialClientFactory(Protocol):
    def __call__(self, *, client_id: str, authority: str, client_credential: str | dict[str, Any]) -> ConfidentialClient: ...


def msal_confidential_client(
    *, client_id: str, authority: str, client_credential: str | dict[str, Any], http_client: Any = None
) -> ConfidentialClient:
    extra = {"http_client": http_client} if http_client is not None else {}
    client: ConfidentialClient = msal.ConfidentialClientApplication(
        client_id, authority=authority, client_credential=client_credential, **extra
    )
    return client


class AppOnlyTokenProvider:
    """TokenProvider for an app-only identity. What it may do is what the app was granted (`.default`):
    Application.Read.All for backups, Application.ReadWrite.All if it is also meant to restore."""

    def __init__(
        self,
        tenant_id: str,
        credentials: AppOnlyCredentials,
        *,
        authority_host: str = AUTHORITY_HOST,
        client_factory: ConfidentialClientFactory = msal_confidential_client,
        graph_scope: str = GRAPH_DEFAULT_SCOPE,  # the tenant's cloud's Graph (https://graph.microsoft.us/.default)
    ) -> None:
        self.tenant_id = tenant_id
        self.client_id = credentials.client_id
        self._credentials = credentials
        self._authority = f"{authority_host.rstrip('/')}/{tenant_id}"
        self._client_factory = client_factory
        self._graph_scope = graph_scope
        self._client: ConfidentialClient | None = None
        self._lock = threading.Lock()

    def access_token(self, *, write: bool) -> str:
        with self._lock:
            if self._client is None:
                # Built on first use so a wrong certificate path is reported when a backup needs it.
                self._client = self._client_factory(
                    client_id=self._credentials.client_id,
                    authority=self._authority,
                    client_credential=self._credentials.msal_credential(),
                )
            # msal keeps app tokens in its in-memory cache and only asks Entra ID when they expire.
            result = self._client.acquire_token_for_client([self._graph_scope])
        if "access_token" not in result:
            # No user to ask: a wrong secret, an expired certificate or missing consent all need the admin.
            raise SignInFailed(str(result.get("error") or "unknown_error"), str(result.get("error_description") or ""))
        return str(result["access_token"])
