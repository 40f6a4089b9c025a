"""No token, secret or Authorization header in the database, the logs, the command line's output or any exception
message, after a full run with distinctive credentials: sign-in (interactive, silent for a customer tenant,
consent for restore), backups with the signed-in user and an app-only identity, a restore, forced 401/403/500
answers that echo the Authorization header back, an expired sign-in, and sign-out.

The credentials are real-looking and distinctive (the fake identity platform's JWT-shaped access tokens and
refresh tokens, an app-only client secret) and they travel through the client's own code: msal's cache, the
TenantSession, the GraphClient's headers and error handling. Only the last hop (a transport in front of the
emulator) swaps them for the emulator's tokens.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from signin_world import SignInWorld, signin_world

from desktop_app import app as app_module
from desktop_app.app import AppPaths, build_services, configure_logging
from desktop_app.auth.app_only import AppOnlyCredentials
from desktop_app.auth.sign_in import PARTNER_SCOPES
from desktop_app.cli import main
from desktop_app.domain.restore_plan import RestoreMode
from desktop_app.services.backup import BackupService
from desktop_app.services.restore import RestoreRequest, RestoreService
from desktop_app.store import Store


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[SignInWorld]:
    with signin_world(tenants="contoso:10,fabrikam:5") as built:
        monkeypatch.setattr(app_module, "WIRING", built.wiring())
        yield built


@pytest.fixture
def debug_logging(tmp_path: Path) -> Iterator[AppPaths]:
    """configure_logging into this test's data folder, at DEBUG, libraries included."""
    root = logging.getLogger()
    ours = [h for h in root.handlers if getattr(h, "_regvault", False)]
    for handler in ours:
        root.removeHandler(handler)
    level = root.level
    paths = AppPaths(tmp_path / "data").ensure()
    configure_logging(paths, debug=True)
    noisy = {name: logging.getLogger(name).level for name in ("httpx", "httpcore", "msal", "urllib3")}
    for name in noisy:
        logging.getLogger(name).setLevel(logging.DEBUG)  # stricter than the app: every library line too
    try:
        yield paths
    finally:
        for handler in [h for h in root.handlers if getattr(h, "_regvault", False)]:
            root.removeHandler(handler)
            handler.close()
        for handler in ours:
            root.addHandler(handler)
        root.setLevel(level)
        for name, old in noisy.items():
            logging.getLogger(name).setLevel(old)


class Witness:
    """Runs steps, keeping every exception's message, repr and traceback text (and the CLI's output)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.failures: list[BaseException] = []

    def attempt(self, step: Callable[[], Any]) -> Any:
        try:
            return step()
        except Exception as exc:  # noqa: BLE001 - the point is to look at whatever was raised
            self.failures.append(exc)
            self.texts.append(str(exc))
            self.texts.append(repr(exc))
            self.texts.append("".join(traceback.format_exception(exc)))
            cause = getattr(exc, "cause", None)
            if cause is not None:
                self.texts.append(f"{cause!s} {cause!r}")
            return None


def issued_secrets(world: SignInWorld) -> set[str]:
    found: set[str] = set()
    for call in world.platform.issued:  # type: ignore[attr-defined]
        found.update({call["access_token"], call["refresh_token"], call["id_token"]})
    found.update(world.transport.app_only_tokens)
    found.add(world.app_only_secret)
    return found


def test_no_credential_anywhere_after_a_full_run(world: SignInWorld, debug_logging: AppPaths,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # Record every token response the fake identity platform sends.
    platform = world.platform
    platform.issued = []  # type: ignore[attr-defined]
    real_issue = platform.issue

    def issue(*args: Any, **kwargs: Any) -> dict[str, Any]:
        response = real_issue(*args, **kwargs)
        platform.issued.append(response)  # type: ignore[attr-defined]
        return response

    platform.issue = issue  # type: ignore[method-assign]

    paths = debug_logging
    witness = Witness()
    contoso, fabrikam = world.tenant_id("contoso"), world.tenant_id("fabrikam")
    store = Store.open(paths.database)
    try:
        services = build_services(paths, store, max_retries=1)
        services.connector.sleep = lambda _s: None
        tenants = services.tenants

        # Sign-in, a partner's customer reached silently, backups with the user's tokens.
        tenants.add_tenant(world.domain("contoso"))
        witness.attempt(lambda: tenants.list_customers(contoso))  # consent needed: InteractionRequired
        tenants.sign_in(contoso, extra_scopes=PARTNER_SCOPES)
        world.give_partner_access("fabrikam")
        [added] = tenants.add_customers(contoso, [fabrikam])
        assert added.tenant is not None
        backup = BackupService(store, services.connector)
        first = backup.run(contoso)
        backup.run(fabrikam)

        # An app-only identity with a distinctive client secret: a wrong one first, then the right one.
        witness.attempt(lambda: tenants.configure_app_only(
            fabrikam, AppOnlyCredentials("11111111-2222-4333-8444-555555555555", client_secret="WRONG~secret~42")))
        tenants.configure_app_only(fabrikam, AppOnlyCredentials("11111111-2222-4333-8444-555555555555",
                                                                client_secret=world.app_only_secret))
        backup.run(fabrikam)

        # A restore: the write scope is missing (InteractionRequired), then consented, then it runs.
        # An admin renames an app in the portal (plain HTTP to the emulator, no Regvault code).
        admin = httpx.Client(base_url=world.emulator.base_url,
                             headers={"Authorization": f"Bearer {world.emulator.token('contoso')}"})
        victim = admin.get("/applications", params={"$top": "1"}).json()["value"][0]
        admin.patch(f"/applications/{victim['id']}", json={"displayName": "Renamed by someone"})
        admin.close()
        row = store.find_app(contoso, victim["appId"])
        assert row is not None
        restore = RestoreService(store, services.connector, reader=backup.reader, operator="tester")
        request = RestoreRequest(contoso, first.snapshot_id, (row.pk,), RestoreMode.WITH_OBJECT)
        preview = restore.preview(request)
        witness.attempt(lambda: restore.run(preview))
        tenants.sign_in(contoso, write=True)
        report = restore.run(restore.preview(request))
        assert [item.result for item in report.items] in (["verified"], ["warnings"])

        # Graph refuses or breaks, echoing the Authorization header in its message.
        for status in (401, 403, 500):
            world.transport.forced_status = status
            witness.attempt(lambda: backup.run(contoso))
            witness.attempt(lambda: restore.preview(request))
        world.transport.forced_status = None

        # The refresh token expires: a sign-in is needed (service and command line).
        platform.advance(2 * 3600)
        platform.revoke_all_refresh_tokens()
        witness.attempt(lambda: backup.run(contoso))
        services.tenants.remove_app_only(fabrikam)
        witness.attempt(lambda: backup.run(fabrikam))
    finally:
        store.close()
    capsys.readouterr()
    code = main(["backup", "--all-tenants", "--data-dir", str(paths.data_dir)])
    out, err = capsys.readouterr()
    assert code == 3 and "sign" in err
    witness.texts += [out, err]
    witness.attempt(lambda: main(["signout", "--tenant", contoso, "--data-dir", str(paths.data_dir)]))

    # The credentials did flow through the client: otherwise this test would prove nothing.
    secrets = issued_secrets(world)
    seen = set(world.transport.seen_tokens)
    assert any("FAKEACCESS" in t for t in seen) and any("APPONLY" in t for t in seen)
    assert len(witness.failures) >= 9
    statuses = {getattr(getattr(f, "cause", f), "status", None) for f in witness.failures}
    assert {401, 403, 500} <= statuses

    needles = {s for s in secrets if s} | {"Bearer eyJ", "FAKEACCESS", "FAKEREFRESH", "APPONLY", "APPSECRET",
                                          "WRONG~secret~42"}
    logs = "".join(p.read_text(encoding="utf-8", errors="replace") for p in paths.logs_dir.glob("*.log*"))
    assert "GET /applications" in logs or "/applications" in logs  # DEBUG lines were written
    files = {p: p.read_bytes() for p in paths.data_dir.rglob("*") if p.is_file()}
    assert paths.database in files
    for needle in needles:
        for path, data in files.items():
            assert needle.encode() not in data, f"{needle[:24]}… in {path.name}"
        for text in witness.texts:
            assert needle not in text, f"{needle[:24]}… in an exception message or the CLI output: {text[:300]}"
    for text in [logs, *witness.texts]:
        assert "Authorization: Bearer e" not in text and "'Authorization': 'Bearer e" not in text


def test_the_alert_webhook_s_url_and_the_smtp_password_stay_in_the_keyring(
        debug_logging: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """At DEBUG, libraries included: the webhook's URL (its path is its token) and the mail password reach neither
    the database nor the logs nor what the command line prints, whether the alerts go, fail or the webhook is gone."""
    import io

    from alert_peers import smtp_server, webhook_receiver

    from desktop_app.services import notify_webhook

    monkeypatch.setattr(notify_webhook, "RETRY_DELAYS", (0.0, 0.0))
    data = str(debug_logging.data_dir)
    password = "Pw~smtp~2f9c41"
    outputs: list[str] = []

    def run(*argv: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main([*argv, "--data-dir", data])
        outputs.extend(capsys.readouterr())
        return code

    with smtp_server(password=password) as box, webhook_receiver([(200, {}), (500, {})]) as hook:
        token = hook.url.split("/", 3)[3]
        assert run("settings", "--alert-webhook", "-", "--alert-smtp", f"127.0.0.1:{box.port}",
                   "--alert-smtp-security", "none", "--alert-smtp-user", "alerts", "--alert-smtp-from",
                   "regvault@contoso.example", "--alert-smtp-to", "admins@contoso.example", "--alert-desktop", "off",
                   stdin=f"{hook.url}\n{password}\n") == 0
        assert run("alerts", "--test") == 0 and box.logins == [("alerts", password)] and hook.paths == [f"/{token}"]
        assert run("alerts", "--test") == 1  # the webhook answers 500, three times
    assert run("alerts", "--test") == 1  # both gone
    logs = "".join(p.read_text(encoding="utf-8", errors="replace") for p in debug_logging.logs_dir.glob("*.log*"))
    assert "HTTP Request: POST http://127.0.0.1/…" in logs  # httpx's request lines were written, without the path
    files = {p: p.read_bytes() for p in debug_logging.data_dir.rglob("*") if p.is_file()}
    assert debug_logging.database in files
    for needle in (token, password):
        for path, content in files.items():
            assert needle.encode() not in content, f"{needle} in {path.name}"
        for text in outputs:
            assert needle not in text, f"{needle} in the CLI's output: {text[:300]}"
