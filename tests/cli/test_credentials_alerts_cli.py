"""`regvault credentials`, `search`, `alerts` and `settings --alert-…` in-process, after a backup of the emulator:
what they print, and the alerts a backup sends (to a webhook that is down, then up; to the desktop of a scheduled
backup with no window open)."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from alert_peers import session_bus, smtp_server, webhook_receiver
from test_backup_cli import Cli

from desktop_app.domain.counts import counted
from desktop_app.emulator import Emulator
from desktop_app.services import notify_webhook


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:30,fabrikam:8", seed=26, throttle="off") as emu:
        yield emu


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], emulator: Emulator) -> Cli:
    cli = Cli(tmp_path / "data", capsys)
    for name in ("contoso", "fabrikam"):
        assert cli("tenants", "add", "--emulator", emulator.base_url, "--tenant", emulator.tenant_id(name))[0] == 0
    return cli


def add_secret(emulator: Emulator, tenant: str, days: int) -> str:
    """A client secret on the tenant's first app, ending in `days` days; returns the app's client ID."""
    with httpx.Client(base_url=emulator.base_url, headers={"Authorization": f"Bearer {emulator.token(tenant)}"}) as http:
        app = http.get("/applications", params={"$top": 1, "$select": "id,appId"}).json()["value"][0]
        end = (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        http.post(f"/applications/{app['id']}/addPassword",
                  json={"passwordCredential": {"displayName": "due soon", "endDateTime": end}}).raise_for_status()
    return str(app["appId"])


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify_webhook, "RETRY_DELAYS", (0.0, 0.0))


def test_credentials_of_every_tenant_and_their_filters(cli: Cli, emulator: Emulator) -> None:
    app_id = add_secret(emulator, "fabrikam", 12)
    assert cli("backup", "--all-tenants")[0] == 0
    code, everything = cli.json("credentials", "--all-tenants")
    assert code == 0 and everything["count"] == len(everything["credentials"]) > 10
    rows = everything["credentials"]
    assert {r["tenant"] for r in rows} == {"Contoso", "Fabrikam"}
    assert {(r["holder"], r["kind"]) for r in rows} >= {("application", "secret"), ("application", "certificate")}
    ends = [r["end"] for r in rows if r["end"]]
    assert ends == sorted(ends)
    certificate = next(r for r in rows if r["kind"] == "certificate")
    assert len(certificate["thumbprint"]) == 40 and certificate["hintOrThumbprint"] == certificate["thumbprint"]
    code, soon = cli.json("credentials", "--all-tenants", "--expiring", "30")
    assert [(r["appId"], r["displayName"], r["daysLeft"]) for r in soon["credentials"]] == [
        (r["appId"], r["displayName"], r["daysLeft"]) for r in rows
        if r["daysLeft"] is not None and 0 <= r["daysLeft"] <= 30]
    assert (app_id, "due soon", 11) in [(r["appId"], r["displayName"], r["daysLeft"]) for r in soon["credentials"]]
    code, expired = cli.json("credentials", "--all-tenants", "--expired")
    assert [r["keyId"] for r in expired["credentials"]] == [r["keyId"] for r in rows
                                                             if r["daysLeft"] is not None and r["daysLeft"] < 0]
    code, contoso = cli.json("credentials", "--tenant", "contoso.com")
    assert {r["tenant"] for r in contoso["credentials"]} == {"Contoso"}
    code, out, _ = cli("credentials", "--all-tenants", "--csv")
    assert out.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert len(table) == everything["count"] and table[0]["tenant"] in ("Contoso", "Fabrikam")
    code, out, _ = cli("credentials", "--all-tenants", "--expiring", "30")
    tenants = len({r["tenant"] for r in soon["credentials"]})
    assert code == 0 and "Days" in out.splitlines()[0]
    assert out.splitlines()[-1] == (f"{counted(len(soon['credentials']), 'credential')} in "
                                    f"{counted(tenants, 'tenant')}")


def test_credentials_refuse_what_makes_no_sense(cli: Cli) -> None:
    assert cli("credentials", "--tenant", "nowhere.example")[0] == 2
    code, _, err = cli("credentials", "--all-tenants", "--expiring", "-3")
    assert code == 2 and "0 or more" in err
    assert cli("credentials", "--all-tenants", "--csv", "--json")[0] == 2


def test_search_across_tenants_by_client_id_permission_and_uri(cli: Cli) -> None:
    assert cli("backup", "--all-tenants")[0] == 0
    _, everything = cli.json("credentials", "--all-tenants")
    wanted = everything["credentials"][0]
    code, found = cli.json("search", wanted["appId"].upper())
    assert code == 0 and [a["appId"] for a in found["apps"]][0] == wanted["appId"]
    assert found["apps"][0]["matches"][0] == {"kind": "appId", "text": wanted["appId"]}
    code, graph = cli.json("search", "user.read")
    assert graph["total"] >= 2 and {a["tenant"] for a in graph["apps"]} == {"Contoso", "Fabrikam"}
    assert all(any(m["kind"] in ("permission", "grantedPermission") for m in a["matches"]) for a in graph["apps"])
    code, one = cli.json("search", "user.read", "--tenant", "fabrikam.com", "--limit", "1")
    assert len(one["apps"]) == 1 and one["total"] >= 1 and one["apps"][0]["tenant"] == "Fabrikam"
    code, out, _ = cli("search", "https://")
    assert "redirect URI: https://" in out
    assert cli("search", "no-such-thing-anywhere")[1].startswith("No app matches")


def test_a_webhook_that_is_down_is_retried_then_said_and_the_backup_still_succeeds(
        cli: Cli, emulator: Emulator) -> None:
    add_secret(emulator, "contoso", 20)
    with webhook_receiver() as hook:
        url = hook.url
    code, out, _ = cli("settings", "--alert-webhook", url)
    assert code == 0 and "Alert webhook: 127.0.0.1 (URL in the keyring)" in out and "secret-token" not in out
    code, out, err = cli("backup", "--all-tenants", "--json")
    assert code == 0
    result = json.loads(out)
    assert all(b["result"] == "complete" for b in result["backups"])
    assert result["alerts"]["created"] > 0 and "could not be reached after 3 tries" in result["alerts"]["problems"][0]
    assert "regvault: warning: the alert webhook could not be sent: the webhook at 127.0.0.1 could not be reached" in err
    assert "secret-token" not in err
    code, listing = cli.json("alerts")
    assert listing["pending"] and all(d["status"] == "failed" for a in listing["pending"] for d in a["deliveries"]
                                      if d["channel"] == "webhook")
    # The receiver comes back: the next look sends what waited, once.
    with webhook_receiver() as hook:
        cli("settings", "--alert-webhook", hook.url)
        code, checked = cli.json("alerts", "--check")
        assert checked["sent"] == {"webhook": len(hook.bodies[0]["items"])} and len(hook.bodies) == 1
        assert cli.json("alerts", "--check")[1]["sent"] == {}
    assert hook.bodies[0]["text"].startswith("Regvault: ")


def test_alerts_test_and_email_with_the_password_asked_for(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = cli("alerts", "--test")  # the desktop is on by default, and off in the tests' processes
    assert code == 1 and "a desktop notification could not be sent: turned off for this process" in err
    with smtp_server(password="pw") as box, webhook_receiver() as hook:
        monkeypatch.setattr("sys.stdin", io.StringIO("pw\n"))
        code, out, _ = cli("settings", "--alert-smtp", f"127.0.0.1:{box.port}", "--alert-smtp-security", "none",
                           "--alert-smtp-user", "alerts", "--alert-smtp-from", "regvault@contoso.example",
                           "--alert-smtp-to", "admins@contoso.example,sec@contoso.example", "--alert-desktop", "off")
        assert code == 0 and "Alert e-mail: to admins@contoso.example, sec@contoso.example" in out
        port = str(box.port)
        cli("settings", "--alert-webhook", hook.url)
        code, tested = cli.json("alerts", "--test")
        assert code == 0 and tested["sent"] == {"email": 2, "webhook": 1}
    assert sorted(r for _, rs, _ in box.messages for r in rs) == ["admins@contoso.example", "sec@contoso.example"]
    assert box.logins == [("alerts", "pw"), ("alerts", "pw")] and port in tested["channels"]["email"]["server"]
    assert hook.bodies[0]["text"].startswith("Regvault: test alert")
    code, _, err = cli("settings", "--alert-smtp-to", "not an address")
    assert code == 2 and "is not an e-mail address" in err


def test_a_scheduled_backup_with_no_window_notifies_the_desktop(cli: Cli, emulator: Emulator,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    add_secret(emulator, "contoso", 6)
    with session_bus() as bus:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
        monkeypatch.setenv("REGVAULT_DESKTOP_NOTIFICATIONS", "on")
        code, out, err = cli("backup", "--all-tenants", "--scheduled", "--json")
        assert code == 0 and json.loads(out)["alerts"]["sent"]["desktop"] > 0
    (app, title, body), = bus.shown
    assert app == "Regvault" and "expire" in title and "Contoso" in body


def test_a_scheduled_backup_that_fails_is_alerted_once_whatever_the_runs(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    cli = Cli(tmp_path / "data", capsys)
    with Emulator("northwind:3", seed=26, throttle="off") as gone:
        cli("tenants", "add", "--emulator", gone.base_url, "--tenant", gone.tenant_id("northwind"))
        assert cli("backup", "--all-tenants", "--scheduled")[0] == 0
    # Graph is gone: each night's capture fails before it reads anything; the first failure is news, the next
    # ones for the same reason are not.
    with webhook_receiver() as hook:
        cli("settings", "--alert-webhook", hook.url, "--alert-desktop", "off")
        for _ in range(3):
            code, out, err = cli("backup", "--all-tenants", "--scheduled", "--json")
            assert code == 1 and json.loads(out)["backups"][0]["result"] == "failed"
    items = [i for body in hook.bodies for i in body["items"]]
    (failed,) = items
    assert failed["kind"] == "backupFailed" and failed["tenant"] == "Northwind"
    assert "refused the connection" in failed["text"] and failed["facts"]["trigger"] == "scheduled"
    code, listing = cli.json("alerts")
    assert code == 0 and not [d for a in listing["pending"] for d in a["deliveries"] if d["channel"] == "webhook"]


def test_a_watch_that_cannot_sign_in_records_the_failure_in_the_cli_s_words(tmp_path: Path,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    # No token, so no request and no capture to record it: the watch's round records it, for the alerts.
    from desktop_app.auth.errors import InteractionReason, InteractionRequired
    from desktop_app.cli.watch import _say
    from desktop_app.domain.cancel import CancelToken
    from desktop_app.services.watch import Watch, WatchReport
    from desktop_app.store import Store, TenantInfo
    from desktop_app.store.location import DatabaseLocation

    store = Store.open(DatabaseLocation.sqlite(tmp_path / "s.sqlite"))
    tenant = store.add_tenant(TenantInfo("33333333-3333-3333-3333-333333333333", "Tailspin", "https://graph.microsoft.com/v1.0",
                                         default_domain="tailspin.example"))

    class Expired:
        def __init__(self, store: Store) -> None:
            self.store = store

        def capture(self, tenant_id: str, **_kwargs: object) -> object:
            raise InteractionRequired(InteractionReason.SIGN_IN_EXPIRED, "tailspin.example")

    reports: list[WatchReport] = []
    Watch(Expired(store), lambda: [tenant]).round(CancelToken(), reports.append)  # type: ignore[arg-type]
    (report,) = reports
    (attempt,) = store.snapshots(tenant.tenant_id, include_failed=True)
    assert attempt.status == "failed" and attempt.error is not None and report.unrecorded is None
    assert attempt.error.startswith("The sign-in to tenant tailspin.example has expired or was revoked")
    _say(argparse.Namespace(json=True), report)
    assert json.loads(capsys.readouterr().out)["message"] == attempt.error
    store.close()


def test_a_scheduled_backup_that_cannot_open_the_store_tells_the_desktop_once_per_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    cli = Cli(tmp_path / "data", capsys)
    gone = "postgresql://regvault@127.0.0.1:9/regvault"  # nothing listens on port 9 (discard)
    with session_bus() as bus:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
        monkeypatch.setenv("REGVAULT_DESKTOP_NOTIFICATIONS", "on")
        for _ in range(2):
            code, _, err = cli("backup", "--all-tenants", "--scheduled", "--database", gone)
            assert code == 2 and "regvault-backup failed tenant=all" in err
        assert cli("backup", "--all-tenants", "--database", gone)[0] == 2  # by hand: the person sees it
        (app, title, body), = bus.shown
        assert app == "Regvault" and title == "Regvault: the scheduled backup failed"
        assert body.startswith("The database could not be used:") and "127.0.0.1" in body
        # A backup that opens the store: the next failure to open it is news again.
        assert cli("backup", "--all-tenants", "--scheduled")[2].endswith("no tenants have been added yet\n")
        cli("backup", "--all-tenants", "--scheduled", "--database", gone)
        assert len(bus.shown) == 2
    assert oct((tmp_path / "data" / "alerts-store-unusable.json").stat().st_mode & 0o777) == "0o600"


def test_a_scheduled_backup_with_the_keyring_locked_says_so_in_its_alert(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A locked keychain looks like no sign-in at all; the failure recorded (and alerted) says which it is.
    import keyring
    from keyring.backends import fail

    from desktop_app.store import Store, TenantInfo
    from desktop_app.store.location import DatabaseLocation

    cli = Cli(tmp_path / "data", capsys)
    cli("settings", "--alert-desktop", "on")  # makes the data folder and the store
    store = Store.open(DatabaseLocation.sqlite(tmp_path / "data" / "regvault.sqlite"))
    tenant = store.add_tenant(TenantInfo("44444444-4444-4444-4444-444444444444", "Woodgrove",
                                         "https://graph.microsoft.com/v1.0", default_domain="woodgrove.example"))
    store.close()
    keyring.set_keyring(fail.Keyring())  # the autouse memory keyring comes back after the test
    code, _, err = cli("backup", "--all-tenants", "--scheduled")
    assert code == 3 and "Going on for this command only" in err
    code, listing = cli.json("alerts")
    (alert,) = listing["recent"]
    assert alert["kind"] == "backupFailed" and alert["tenantId"] == tenant.tenant_id
    assert "not signed in to tenant" in alert["text"]
    assert "The system keyring could not be used, so a saved sign-in could not be read" in alert["text"]
