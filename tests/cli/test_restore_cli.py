"""`regvault restore` in-process against the emulator: the plan on a dry run, the report otherwise, clear
messages and exit codes for bad input, and nothing written when it refuses."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop_app.app import AppPaths
from desktop_app.cli import main
from desktop_app.cli import restore as restore_cli
from desktop_app.domain.counts import counted
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:9,fabrikam:3", seed=4, consistency_delay_s=0.1) as emu:
        yield emu


class Cli:
    def __init__(self, data_dir: Path, capsys: pytest.CaptureFixture[str], emulator: Emulator) -> None:
        self.data_dir = data_dir
        self.capsys = capsys
        self.emulator = emulator
        self.http = httpx.Client(base_url=emulator.base_url,
                                 headers={"Authorization": f"Bearer {emulator.token('contoso')}"}, timeout=20)
        store = Store.open(AppPaths.resolve(data_dir).ensure().database)
        tenants = TenantService(store, GraphConnector())
        self.contoso = tenants.add_emulator_tenant(emulator.base_url, emulator.tenant_id("contoso"))
        tenants.add_emulator_tenant(emulator.base_url, emulator.tenant_id("fabrikam"), restore_target=True)
        BackupService(store, GraphConnector()).run(self.contoso.tenant_id)
        self.apps = {a.display_name: a for a in store.apps_at(self.contoso.tenant_id, store.snapshots(
            self.contoso.tenant_id)[0].id)}
        store.close()

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["restore", *argv, "--data-dir", str(self.data_dir)])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    def json(self, *argv: str) -> tuple[int, Any]:
        code, out, _ = self(*argv, "--json")
        return code, json.loads(out)

    def writes(self) -> int:
        data = httpx.get(f"{self.emulator.root_url}/_emulator/counters", headers=self.emulator.control_headers,
                         timeout=20).json()
        return sum(int(t["writes"]) for t in data["tenants"].values())

    def today(self) -> str:
        return datetime.now().astimezone().date().isoformat()


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], emulator: Emulator) -> Iterator[Cli]:
    built = Cli(tmp_path / "data", capsys, emulator)
    yield built
    built.http.close()


def test_a_dry_run_prints_the_plan_and_writes_nothing(cli: Cli) -> None:
    victim = next(iter(cli.apps.values()))
    cli.http.delete(f"/applications/{victim.object_id}").raise_for_status()
    writes = cli.writes()
    code, out, err = cli("--tenant", "contoso.com", "--snapshot", cli.today(), "--all", "--dry-run")
    assert code == 0, err
    assert f"{victim.display_name} ({victim.app_id}): undelete from the recycle bin" in out
    assert "Dry run: nothing was written." in out
    code, document = cli.json("--tenant", "contoso.com", "--snapshot", cli.today(), "--all", "--dry-run")
    assert code == 0 and document["dryRun"] is True
    assert len(document["plan"]["items"]) == len(cli.apps)
    # The apps already as at the snapshot are counted, not listed one by one (--json lists them).
    same = [i for i in document["plan"]["items"] if i["upToDate"] and not i["warnings"]]
    assert same and f"{counted(len(same), 'app')} already as at the snapshot: nothing to write" in out, out
    assert all(f"({i['appId']})" not in out for i in same)
    assert cli.writes() == writes
    code, out, err = cli("--tenant", "contoso.com", "--snapshot", cli.today(), "--all")
    assert code == 0, err
    assert f"{len(same)} already as at the snapshot" in out and "NO CHANGE" not in out, out


def test_a_snapshot_is_also_chosen_by_its_number(cli: Cli) -> None:
    code, document = cli.json("--tenant", "contoso.com", "--snapshot", "1", "--all", "--dry-run")
    assert code == 0 and document["dryRun"] is True and len(document["plan"]["items"]) == len(cli.apps)
    writes = cli.writes()
    code, out, err = cli("--tenant", "contoso.com", "--snapshot", "99", "--all")
    assert code == 2 and "no complete snapshot 99" in err and "Nothing was written" in err
    assert cli.writes() == writes


def test_restoring_two_apps_by_client_id_prints_the_report(cli: Cli) -> None:
    one, two, three = list(cli.apps.values())[:3]
    for app in (one, two, three):
        cli.http.patch(f"/applications/{app.object_id}", json={"notes": "drift"}).raise_for_status()
    now = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
    code, document = cli.json("--tenant", cli.contoso.tenant_id, "--snapshot", now, "--app", one.app_id,
                              "--app", two.app_id.upper())
    assert code == 0
    items = document["report"]["items"]
    assert [i["sourceAppId"] for i in items] == [one.app_id, two.app_id]
    assert {i["result"] for i in items} <= {"verified", "warnings"}
    notes = cli.http.get(f"/applications/{three.object_id}").json()["notes"]
    assert notes == "drift"
    code, out, err = cli("--tenant", "contoso.com", "--snapshot", cli.today(), "--app", three.app_id)
    assert code == 0 and "regvault-restore run=" in err
    assert "VERIFIED" in out or "WARNINGS" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--snapshot", "2001-01-01", "--all"], "There is no snapshot on 2001-01-01"),
        (["--snapshot", "yesterday", "--all"], "is not a date"),
        (["--snapshot", "TODAY", "--all", "--as-new", "  "], "Type a name"),
        (["--snapshot", "TODAY", "--all", "--as-new", "x" * 200], "too long"),
        (["--snapshot", "TODAY", "--all", "--as-new", "Copy"], "exactly one app"),
        (["--snapshot", "TODAY", "--all", "--to-tenant", "fabrikam.com", "--domain", "fabrikam-pending.org",
          "--confirm-tenant", "fabrikam.com"],
         "not a verified domain of the target tenant. Its verified domains: fabrikam.com"),
        (["--snapshot", "TODAY", "--all", "--to-tenant", "fabrikam.com"], "needs --domain"),
        (["--snapshot", "TODAY", "--all", "--to-tenant", "nowhere.example", "--domain", "x.com"], "nowhere.example"),
        (["--snapshot", "TODAY", "--app", "00000000-0000-0000-0000-00000000dead"], "no app with client ID"),
    ],
)
def test_bad_input_is_a_clear_message_exit_2_and_nothing_written(cli: Cli, argv: list[str], message: str) -> None:
    writes = cli.writes()
    argv = [cli.today() if a == "TODAY" else a for a in argv]
    code, out, err = cli("--tenant", "contoso.com", *argv)
    assert code == 2
    assert message in err
    assert cli.writes() == writes


def test_an_unknown_tenant_is_exit_2(cli: Cli) -> None:
    code, _, err = cli("--tenant", "nowhere.example", "--snapshot", cli.today(), "--all")
    assert code == 2 and "nowhere.example" in err


def test_a_read_only_token_is_refused_clearly_and_nothing_is_written(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(restore_cli, "connector", lambda _services: GraphConnector(read_only=True, max_retries=2))
    app = next(iter(cli.apps.values()))
    cli.http.patch(f"/applications/{app.object_id}", json={"notes": "drift"}).raise_for_status()
    writes = cli.writes()
    code, out, err = cli("--tenant", "contoso.com", "--snapshot", cli.today(), "--app", app.app_id)
    assert code == 1
    assert "refused to write" in out and "Nothing was changed" in out
    assert "Authorization_RequestDenied" in out
    assert cli.writes() == writes


def test_snapshot_date_and_time_pick_the_last_snapshot_at_or_before(tmp_path: Path) -> None:
    from desktop_app.services.restore import RestoreInputError, pick_snapshot
    from desktop_app.services.restore_texts import describe_input_error
    from desktop_app.store import SnapshotWrite, TenantInfo

    store = Store.open(tmp_path / "s.sqlite")
    tenant = store.add_tenant(TenantInfo("t1", "T", "http://127.0.0.1:1/v1.0", kind="emulator"))
    day = datetime(2026, 11, 20, tzinfo=UTC)
    made = {}
    for hour, partial in ((8, False), (12, False), (15, True)):
        when = day + timedelta(hours=hour)
        made[hour] = store.write_snapshot(tenant.tenant_id, SnapshotWrite(
            started=when, finished=when, observed=[], partial=partial,
            trigger="pre-restore" if partial else "manual")).id
    pick = lambda d, t=None: pick_snapshot(store, "t1", d, t, tz=UTC).id  # noqa: E731
    assert pick(day.date()) == made[12]  # the last full one of the day
    assert pick(day.date(), datetime(2026, 11, 20, 13).time()) == made[12]
    assert pick(day.date(), datetime(2026, 11, 20, 16).time()) == made[15]  # at or before: a pre-restore one too
    assert pick(day.date(), datetime(2026, 11, 20, 9).time()) == made[8]
    with pytest.raises(RestoreInputError) as early:
        pick(day.date(), datetime(2026, 11, 20, 7).time())
    assert re.search("no snapshot on 2026-11-20 at or before 07:00.*2026-11-20", describe_input_error(early.value))
    with pytest.raises(RestoreInputError) as later:
        pick(day.date() + timedelta(days=1))
    assert "no snapshot on 2026-11-21" in describe_input_error(later.value)
    store.close()


def _fabrikam_names(cli: Cli) -> set[str]:
    token = cli.emulator.token("fabrikam")
    answer = httpx.get(f"{cli.emulator.base_url}/applications", params={"$select": "displayName", "$top": 999},
                       headers={"Authorization": f"Bearer {token}"}, timeout=20)
    return {a["displayName"] for a in answer.json()["value"]}


@pytest.mark.parametrize(
    ("confirm", "message"),
    [
        ([], "needs --confirm-tenant fabrikam.com"),
        (["--confirm-tenant", "contoso.com"], "does not name the target tenant"),
        (["--confirm-tenant", "fabrikam-labs.example"], "does not name the target tenant"),
    ],
)
def test_another_tenant_is_written_only_when_confirmed(cli: Cli, confirm: list[str], message: str) -> None:
    """Issue 16 case 7: a missing or wrong --confirm-tenant writes nothing into the target."""
    app = next(iter(cli.apps.values()))
    before, writes = _fabrikam_names(cli), cli.writes()
    code, _, err = cli("--tenant", "contoso.com", "--snapshot", cli.today(), "--app", app.app_id,
                       "--to-tenant", "fabrikam.com", "--domain", "fabrikam.com", *confirm)
    assert code == 2 and message in err and "Nothing was written" in err
    assert cli.writes() == writes and _fabrikam_names(cli) == before


def test_a_confirmed_copy_to_another_tenant_is_written_and_a_dry_run_needs_no_confirmation(cli: Cli) -> None:
    app = next(iter(cli.apps.values()))
    argv = ["--tenant", "contoso.com", "--snapshot", cli.today(), "--app", app.app_id,
            "--to-tenant", "fabrikam.com", "--domain", "fabrikam.com"]
    writes = cli.writes()
    code, document = cli.json(*argv, "--dry-run")
    assert code == 0 and document["dryRun"] is True and cli.writes() == writes
    tenant_id = cli.emulator.tenant_id("fabrikam")
    code, document = cli.json(*argv, "--confirm-tenant", tenant_id.upper())
    assert code == 0, document
    assert document["report"]["items"][0]["result"] in ("verified", "warnings")
    assert app.display_name in _fabrikam_names(cli)


def test_apps_not_in_the_snapshot_are_left_out_said_once_and_the_others_restored(cli: Cli) -> None:
    created = cli.http.post("/applications", json={"displayName": "Added Since"}).raise_for_status().json()
    store = Store.open(AppPaths.resolve(cli.data_dir).database)
    try:
        BackupService(store, GraphConnector()).run(cli.contoso.tenant_id)
    finally:
        store.close()
    one = next(iter(cli.apps.values()))
    cli.http.patch(f"/applications/{one.object_id}", json={"notes": "drift"}).raise_for_status()

    code, out, err = cli("--tenant", "contoso.com", "--snapshot", "1", "--app", one.app_id, "--app",
                         created["appId"])

    assert code == 0, err
    assert out.count("Added Since") == 1 and f"1 app did not exist yet (Added Since ({created['appId']}))" in out
    assert cli.http.get(f"/applications/{one.object_id}").json()["notes"] != "drift"
    code, document = cli.json("--tenant", "contoso.com", "--snapshot", "1", "--app", created["appId"], "--app",
                              one.app_id, "--dry-run")
    assert code == 0
    assert [(i["appId"], i["reason"]) for i in document["plan"]["leftOut"]] == [(created["appId"], "not-yet")]
    code, out, err = cli("--tenant", "contoso.com", "--snapshot", "1", "--app", created["appId"])
    assert code == 2 and "did not exist yet" in err and "or a later one" in err and "Nothing was written" in err
