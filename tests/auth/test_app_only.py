"""App-only identities for unattended backups: kept in the keyring, used through a fake confidential client."""

from __future__ import annotations

import datetime
import logging
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from memory_keyring import MemoryKeyring

from desktop_app.auth.app_only import (
    GRAPH_DEFAULT_SCOPE,
    AppOnlyCredentials,
    AppOnlyCredentialStore,
    AppOnlyTokenProvider,
)
from desktop_app.auth.emulator_tokens import EmulatorTokenProvider
from desktop_app.auth.errors import SignInFailed
from desktop_app.auth.secrets import SERVICE

TENANT = "22222222-2222-4222-8222-222222222222"
SECRET = "Xq8~distinctive-client-secret-value"


class FakeConfidentialClient:
    def __init__(self, *, client_id: str, authority: str, client_credential: str | dict[str, Any], fail: bool = False) -> None:
        self.client_id = client_id
        self.authority = authority
        self.client_credential = client_credential
        self.fail = fail
        self.requests: list[list[str]] = []

    def acquire_token_for_client(self, scopes: list[str], **kwargs: Any) -> dict[str, Any]:
        self.requests.append(scopes)
        if self.fail:
            return {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."}
        return {"access_token": "eyJapp.only.token", "token_type": "Bearer", "expires_in": 3599}


def self_signed_pem(tmp_path: Path) -> tuple[Path, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "regvault-backup")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ) + certificate.public_bytes(serialization.Encoding.PEM)
    path = tmp_path / "backup.pem"
    path.write_bytes(pem)
    return path, certificate.fingerprint(hashes.SHA1()).hex().upper()


def test_credentials_live_in_the_keyring_per_tenant(memory_keyring: MemoryKeyring) -> None:
    store = AppOnlyCredentialStore()
    credentials = AppOnlyCredentials(client_id="app-client-id", client_secret=SECRET)
    store.save(TENANT, credentials)

    assert SECRET in memory_keyring.entries[(SERVICE, f"app-only:{TENANT}")]
    assert store.load(TENANT) == credentials
    assert store.load("33333333-3333-4333-8333-333333333333") is None
    store.remove(TENANT)
    assert store.load(TENANT) is None


def test_secrets_stay_out_of_repr_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    credentials = AppOnlyCredentials(client_id="app", certificate_path="/c.pfx", certificate_passphrase="pfx-pass-123")
    secret_credentials = AppOnlyCredentials(client_id="app", client_secret=SECRET)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").info("configured %s and %s", credentials, secret_credentials)
    assert "pfx-pass-123" not in caplog.text and SECRET not in caplog.text
    assert "client_id='app'" in caplog.text


def test_either_a_certificate_or_a_secret() -> None:
    with pytest.raises(ValueError):
        AppOnlyCredentials(client_id="app")
    with pytest.raises(ValueError):
        AppOnlyCredentials(client_id="app", certificate_path="/c.pem", client_secret="s")


def test_client_secret_gets_a_default_scope_token() -> None:
    made: list[FakeConfidentialClient] = []

    def factory(**kwargs: Any) -> FakeConfidentialClient:
        made.append(FakeConfidentialClient(**kwargs))
        return made[-1]

    provider = AppOnlyTokenProvider(TENANT, AppOnlyCredentials("app", client_secret=SECRET), client_factory=factory)
    assert provider.access_token(write=False) == "eyJapp.only.token"
    assert provider.access_token(write=True) == "eyJapp.only.token"
    assert len(made) == 1  # one application, reused: msal caches app tokens in it
    assert made[0].authority == f"https://login.microsoftonline.com/{TENANT}"
    assert made[0].client_credential == SECRET
    assert made[0].requests == [[GRAPH_DEFAULT_SCOPE], [GRAPH_DEFAULT_SCOPE]]


def test_pem_certificate_becomes_key_and_thumbprint(tmp_path: Path) -> None:
    path, thumbprint = self_signed_pem(tmp_path)
    credential = AppOnlyCredentials("app", certificate_path=str(path), certificate_passphrase="pw").msal_credential()
    assert isinstance(credential, dict)
    assert credential["thumbprint"] == thumbprint
    assert "PRIVATE KEY" in credential["private_key"]
    assert credential["passphrase"] == "pw"


def test_pfx_certificate_is_passed_by_path() -> None:
    credential = AppOnlyCredentials("app", certificate_path="/keys/backup.pfx", certificate_passphrase="pw").msal_credential()
    assert credential == {"private_key_pfx_path": "/keys/backup.pfx", "passphrase": "pw"}


def test_unreadable_certificate_is_reported(tmp_path: Path) -> None:
    provider = AppOnlyTokenProvider(TENANT, AppOnlyCredentials("app", certificate_path=str(tmp_path / "missing.pem")))
    with pytest.raises(SignInFailed) as raised:
        provider.access_token(write=False)
    assert raised.value.code == "certificate_unreadable"


def test_refused_credentials_raise_without_the_secret() -> None:
    provider = AppOnlyTokenProvider(
        TENANT,
        AppOnlyCredentials("app", client_secret=SECRET),
        client_factory=lambda **kwargs: FakeConfidentialClient(**kwargs, fail=True),
    )
    with pytest.raises(SignInFailed) as raised:
        provider.access_token(write=False)
    assert raised.value.code == "invalid_client"
    assert SECRET not in str(raised.value)


def test_emulator_tokens() -> None:
    provider = EmulatorTokenProvider(TENANT)
    assert provider.access_token(write=True) == f"emulator.{TENANT}"
    assert provider.access_token(write=False) == f"emulator.{TENANT}.read"
    read_only = EmulatorTokenProvider(TENANT, read_only=True)
    assert read_only.access_token(write=True) == f"emulator.{TENANT}.read"
