"""Issue 16 case 8: a keyring backend that loads fine but fails when it is used (a D-Bus session gone, a locked
collection that raises its own exception type) doesn't stop a backup: it goes on for the session, with a one-line
warning (none in the demo's folder, whose emulator tenants keep no sign-in)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from desktop_app.app import AppPaths
from desktop_app.auth.app_only import AppOnlyCredentialStore
from desktop_app.auth.secrets import KeyringSecrets
from desktop_app.cli import main
from desktop_app.emulator import Emulator
from desktop_app.services.tenants import GraphConnector
from desktop_app.store import Store


class BrokenAtRunTime(KeyringBackend):
    """Chosen as the backend (its priority is fine), then every call raises what no KeyringError covers."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, works_for: int = 0) -> None:
        super().__init__()
        self.calls = 0
        self.works_for = works_for
        self.entries: dict[tuple[str, str], str] = {}

    def _use(self) -> None:
        self.calls += 1
        if self.calls > self.works_for:
            raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown: secret service went away")

    def get_password(self, service: str, username: str) -> str | None:
        self._use()
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._use()
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._use()
        self.entries.pop((service, username), None)


@pytest.fixture
def broken() -> Iterator[BrokenAtRunTime]:
    backend = BrokenAtRunTime()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def _add_and_back_up(data: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Add a new emulator's Contoso to the data folder and back it up: the backup's exit code, stdout and stderr."""
    with Emulator("contoso:6", seed=3) as emulator:
        assert main(["tenants", "add", "--emulator", emulator.base_url, "--tenant", emulator.tenant_id("contoso"),
                     "--data-dir", data]) == 0
        capsys.readouterr()
        code = main(["backup", "--tenant", "contoso.com", "--data-dir", data])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_backup_goes_on_for_the_session_when_the_keyring_fails_at_run_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: BrokenAtRunTime
) -> None:
    data = str(tmp_path / "data")
    code, out, err = _add_and_back_up(data, capsys)
    assert broken.calls > 0  # the keyring really was used, and failed
    assert code == 0, err
    assert "Traceback" not in err
    warnings = [line for line in err.splitlines() if "keyring is not available" in line]
    assert len(warnings) == 1 and "sign-ins are not kept" in warnings[0], err  # one line, said once
    assert "regvault-backup" in err or "6 apps" in out
    store = Store.open(AppPaths(Path(data)).database)
    try:
        store.set_setting("demo.mark", "demo:test")  # the demo's folder: its emulator tenants keep no sign-in
    finally:
        store.close()
    code, _, err = _add_and_back_up(data, capsys)
    assert code == 0, err
    assert "keyring" not in err


def test_keyring_errors_of_any_type_become_keyring_unavailable() -> None:
    from desktop_app.auth.errors import KeyringUnavailable

    secrets = KeyringSecrets(BrokenAtRunTime())
    for call in (lambda: secrets.get("a"), lambda: secrets.set("a", "s3cret"), lambda: secrets.delete("a")):
        with pytest.raises(KeyringUnavailable) as caught:
            call()
        assert "s3cret" not in str(caught.value) and "RuntimeError" in str(caught.value)


def test_an_app_only_identity_that_can_no_longer_be_read_is_a_warning_not_a_crash(
    caplog: pytest.LogCaptureFixture,
) -> None:
    connector = GraphConnector(app_only=AppOnlyCredentialStore(KeyringSecrets(BrokenAtRunTime(works_for=0))))
    with caplog.at_level(logging.WARNING):
        assert connector.app_only_credentials("11111111-1111-1111-1111-111111111111") is None
    assert any("going on without it" in r.getMessage() for r in caplog.records)
