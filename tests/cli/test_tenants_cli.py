"""The tenants, signin/signout, app-only, schedule and settings commands, in-process, on a fake identity
platform in front of the emulator. Failures are messages and exit codes, never tracebacks."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import pytest
from signin_world import PARTNER_USER, SignInWorld, signin_world

from desktop_app import app as app_module
from desktop_app.cli import main
from desktop_app.store import Store


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[SignInWorld]:
    with signin_world() as built:
        monkeypatch.setattr(app_module, "WIRING", built.wiring())
        yield built


class Cli:
    def __init__(self, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data_dir = data_dir
        self.capsys = capsys

    def __call__(self, *argv: str, stdin: str | None = None) -> tuple[int, str, str]:
        self.capsys.readouterr()
        if stdin is not None:
            sys.stdin = io.StringIO(stdin)
        try:
            code = main([*argv, "--data-dir", str(self.data_dir)])
        finally:
            sys.stdin = sys.__stdin__
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    def json(self, *argv: str, stdin: str | None = None) -> tuple[int, Any]:
        code, out, _err = self(*argv, "--json", stdin=stdin)
        return code, json.loads(out)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def test_add_by_domain_list_and_backup(world: SignInWorld, cli: Cli) -> None:
    code, out, err = cli("tenants", "add", "--tenant", world.domain("contoso"), "--browser")
    assert code == 0 and "opening the browser" in err
    assert "Added Contoso" in out and world.tenant_id("contoso") in out
    code, listed = cli.json("tenants")
    assert code == 0
    [tenant] = listed["tenants"]
    assert tenant["tenantId"] == world.tenant_id("contoso")
    assert tenant["connection"] == "signed-in" and tenant["account"] == PARTNER_USER
    code, out, err = cli("backup", "--tenant", world.domain("contoso"))
    assert code == 0 and "regvault-backup complete" in err and "12 apps" in out


def test_add_with_a_device_code_prints_the_message(world: SignInWorld, cli: Cli) -> None:
    code, document = cli.json("tenants", "add", "--tenant", world.tenant_id("contoso"), "--device-code")
    assert code == 0 and document["tenant"]["connection"] == "signed-in"
    code, out, err = cli("tenants", "add", "--tenant", world.tenant_id("fabrikam"), "--device-code")
    assert code != 0 and "enter the code FAKE-CODE" in err  # shown, then fabrikam refused the partner account
    assert "sign-in" in err.lower() or "refused" in err.lower() or "AADSTS50020" in err


def test_reseller_flow(world: SignInWorld, cli: Cli) -> None:
    assert cli("tenants", "add", "--tenant", world.tenant_id("contoso"))[0] == 0
    code, out, err = cli("tenants", "customers")
    assert code == 3 and "--sign-in" in err and "DelegatedAdminRelationship.Read.All" in err
    code, document = cli.json("tenants", "customers", "--sign-in")
    assert code == 0
    assert {c["tenantId"] for c in document["customers"]} == {world.tenant_id("fabrikam"), world.tenant_id("northwind")}

    world.give_partner_access("fabrikam")
    code, out, err = cli("tenants", "add-customer", "--customer", world.domain("fabrikam"))
    assert code == 0 and "Added Fabrikam" in out
    code, out, err = cli("tenants", "add-customer", "--all")
    assert code == 3 and "Could not add" in out  # northwind: no GDAP access for the technician
    code, listed = cli.json("tenants")
    fabrikam = next(t for t in listed["tenants"] if t["tenantId"] == world.tenant_id("fabrikam"))
    assert fabrikam["partnerTenantId"] == world.tenant_id("contoso") and fabrikam["connection"] == "signed-in"


def test_rename_target_remove(world: SignInWorld, cli: Cli) -> None:
    cli("tenants", "add", "--tenant", world.tenant_id("contoso"))
    tenant = world.tenant_id("contoso")
    assert cli("tenants", "rename", "--tenant", tenant, "--name", "Contoso prod")[0] == 0
    code, document = cli.json("tenants", "target", "on", "--tenant", "Contoso prod")
    assert code == 0 and document["tenant"]["isRestoreTarget"] is True
    code, document = cli.json("tenants", "target", "off", "--tenant", tenant)
    assert document["tenant"]["isRestoreTarget"] is False
    assert cli("backup", "--tenant", tenant)[0] == 0
    code, out, _ = cli("tenants", "remove", "--tenant", tenant)
    assert code == 0 and "backups are kept" in out
    with Store.open(cli.data_dir / "regvault.sqlite") as store:
        assert store.snapshots(tenant)
    cli("tenants", "add", "--tenant", tenant)
    code, out, _ = cli("tenants", "remove", "--tenant", tenant, "--delete-backups")
    assert code == 0 and "deleted" in out
    with Store.open(cli.data_dir / "regvault.sqlite") as store:
        assert store.find_tenant(tenant, include_archived=True) is None
    code, _out, err = cli("tenants", "rename", "--tenant", "nobody", "--name", "x")
    assert code == 2 and "No tenant" in err


def test_signed_out_backup_fails_clearly_and_is_recorded(world: SignInWorld, cli: Cli) -> None:
    tenant = world.tenant_id("contoso")
    cli("tenants", "add", "--tenant", tenant)
    code, out, _ = cli("signout", "--tenant", tenant)
    assert code == 0 and "Signed out" in out
    code, out, err = cli("backup", "--tenant", tenant, "--scheduled")
    assert code == 3
    assert "not signed in" in err and f"regvault signin --tenant {tenant}" in err
    assert f"regvault-backup failed tenant={tenant}" in err
    with Store.open(cli.data_dir / "regvault.sqlite") as store:
        last = store.last_backup(tenant)
        assert last is not None and last.status == "failed" and last.trigger == "scheduled"
    code, out, _ = cli("tenants")
    assert code == 0 and " failed " in out.splitlines()[1]  # the time of a failed attempt is not a backup
    code, out, _ = cli("signin", "--tenant", tenant)
    assert code == 0 and PARTNER_USER in out
    assert cli("backup", "--tenant", tenant)[0] == 0


def test_expired_sign_in_is_a_message_not_a_traceback(world: SignInWorld, cli: Cli) -> None:
    tenant = world.tenant_id("contoso")
    cli("tenants", "add", "--tenant", tenant)
    world.platform.advance(2 * 3600)  # access tokens expired
    world.platform.revoke_all_refresh_tokens()
    code, _out, err = cli("backup", "--tenant", tenant)
    assert code == 3 and "expired or was revoked" in err


def test_app_only_secret_from_stdin(world: SignInWorld, cli: Cli) -> None:
    tenant = world.tenant_id("contoso")
    cli("tenants", "add", "--tenant", tenant)
    client_id = "11111111-2222-4333-8444-555555555555"
    code, out, err = cli("tenants", "app-only", "--tenant", tenant, "--client-id", client_id, "--secret-prompt",
                         stdin="wrong-secret\n")
    assert code == 1 and "invalid_client" in err and "wrong-secret" not in out + err
    code, out, err = cli("tenants", "app-only", "--tenant", tenant, "--client-id", client_id, "--secret-prompt",
                         stdin=world.app_only_secret + "\n")
    assert code == 0 and world.app_only_secret not in out + err
    cli("signout", "--tenant", tenant)
    code, listed = cli.json("tenants")
    assert listed["tenants"][0]["connection"] == "app-only"
    assert cli("backup", "--tenant", tenant)[0] == 0  # unattended, no user sign-in
    assert cli("tenants", "app-only", "--tenant", tenant, "--remove")[0] == 0
    assert cli("backup", "--tenant", tenant)[0] == 3


def test_schedule_show_and_install(world: SignInWorld, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = cli("schedule", "show", "--scheduler", "cron", "--at", "03:15")
    assert code == 0 and out.startswith("15 3 * * *") and "backup --all-tenants" in out
    code, document = cli.json("schedule", "show", "--scheduler", "systemd")
    assert document["scheduler"] == "systemd" and len(document["files"]) == 2
    assert "OnCalendar=*-*-* 02:30:00" in document["files"][1]["content"]
    assert any("enable --now" in c for c in document["installCommands"])
    with pytest.raises(SystemExit) as exited:  # argparse refuses it, with the usage line
        cli("schedule", "show", "--at", "25:99")
    assert exited.value.code == 2 and "not a time like 02:30" in cli.capsys.readouterr().err

    installed: list[Any] = []
    monkeypatch.setattr("desktop_app.cli.schedule.install", installed.append)
    cli("tenants", "add", "--emulator", world.emulator.base_url, "--tenant", world.tenant_id("northwind"))
    code, out, _ = cli("schedule", "install", "--scheduler", "launchd", "--tenant", "northwind")
    assert code == 0 and "Installed" in out
    assert world.tenant_id("northwind") in installed[0].files[0].content


def test_settings(world: SignInWorld, cli: Cli) -> None:
    code, document = cli.json("settings")
    assert document == {"clientId": "14d82eec-204b-4c2f-b7e8-296a70dab67e", "preferDeviceCode": False,
                        "useBroker": sys.platform == "win32", "proxy": "auto", "caBundle": "", "usePac": True,
                        "alerts": {"desktop": True, "webhook": None, "smtp": None},
                        "updateCheck": False}  # REGVAULT_NO_UPDATE_CHECK=1 in the tests (conftest)
    code, document = cli.json("settings", "--proxy", "http://proxy.corp.example:8080", "--pac", "off")
    assert (document["proxy"], document["usePac"]) == ("http://proxy.corp.example:8080", False)
    code, _out, err = cli("settings", "--proxy", "proxy.corp.example")
    assert code == 2 and "not a proxy address" in err
    code, _out, err = cli("settings", "--ca-bundle", "/nonexistent/ca.pem")
    assert code == 2 and "does not exist" in err
    code, document = cli.json("settings", "--proxy", "auto")
    assert document["proxy"] == "auto"
    code, _out, err = cli("settings", "--client-id", "nope")
    assert code == 2 and "not a client ID" in err
    code, document = cli.json("settings", "--device-code", "on")
    assert document["preferDeviceCode"] is True
    code, _out, err = cli("tenants", "add", "--tenant", world.tenant_id("contoso"))
    assert code == 0 and "FAKE-CODE" in err  # the preference chose the device code


def test_without_a_keyring_the_cli_says_so_and_runs(world: SignInWorld, cli: Cli) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    northwind = world.tenant_id("northwind")
    code, out, _ = cli("tenants", "add", "--emulator", world.emulator.base_url, "--tenant", northwind)
    assert code == 0
    code, out, err = cli("backup", "--tenant", northwind)
    assert code == 0 and "keyring is not available" in err and "sign-ins are not kept" in err
    code, out, err = cli("tenants", "add", "--tenant", world.tenant_id("contoso"))
    assert code == 0  # signing in within the command works; nothing is saved
    code, out, err = cli("backup", "--tenant", world.tenant_id("contoso"))
    assert code == 3 and "not signed in" in err  # a new process: the session-only sign-in is gone
    code, out, err = cli("tenants", "app-only", "--tenant", northwind, "--client-id", "c", "--secret-prompt",
                         stdin="s\n")
    assert code == 1 and "keyring" in err
    assert not (cli.data_dir / "token-cache.bin").exists()
