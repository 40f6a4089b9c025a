"""`regvault diff` in-process against the emulator: one app and the whole tenant, between snapshots and against
the live tenant, as text and as JSON; snapshots named as `restore --snapshot` names them; bad input is exit 2."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop_app.app import AppPaths
from desktop_app.cli import main
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:9", seed=4, throttle="off") as emu:
        yield emu


class World:
    def __init__(self, data_dir: Path, capsys: pytest.CaptureFixture[str], emulator: Emulator) -> None:
        self.data_dir = data_dir
        self.capsys = capsys
        self.http = httpx.Client(base_url=emulator.base_url,
                                 headers={"Authorization": f"Bearer {emulator.token('contoso')}"}, timeout=20)
        self.store = Store.open(AppPaths.resolve(data_dir).ensure().database)
        self.tenant = TenantService(self.store, GraphConnector()).add_emulator_tenant(
            emulator.base_url, emulator.tenant_id("contoso"))
        self.backup = BackupService(self.store, GraphConnector())
        self.apps = self.http.get("/applications", params={"$select": "id,appId,displayName"}).json()["value"]

    def snapshot(self) -> int:
        return self.backup.run(self.tenant.tenant_id).snapshot_id

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["diff", "--tenant", "contoso.com", *argv, "--data-dir", str(self.data_dir)])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    def json(self, *argv: str) -> Any:
        code, out, err = self(*argv, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def world(tmp_path: Path, capsys: pytest.CaptureFixture[str], emulator: Emulator) -> Iterator[World]:
    built = World(tmp_path / "data", capsys, emulator)
    yield built
    built.http.close()
    built.store.close()


def test_one_app_between_two_snapshots_and_against_live(world: World) -> None:
    one = world.snapshot()
    app = world.apps[0]
    world.http.patch(f"/applications/{app['id']}", json={"notes": "second"}).raise_for_status()
    two = world.snapshot()
    document = world.json("--app", app["appId"], "--from", str(one), "--to", str(two))
    assert document["from"]["snapshot"] == one and document["to"]["snapshot"] == two
    assert [(c["path"], c["new"]) for c in document["changes"]] == [("notes", "second")]

    world.http.patch(f"/applications/{app['id']}", json={"description": "third, not backed up"}).raise_for_status()
    live = world.json("--app", app["appId"], "--from", str(two))  # --to defaults to live
    assert live["to"]["kind"] == "live"
    assert [(c["path"], c["kind"], c["new"]) for c in live["changes"]] == [
        ("description", "changed", "third, not backed up")]
    code, out, _ = world("--app", app["appId"].upper(), "--from", str(one), "--to", "live")
    assert code == 0
    assert f"{app['displayName']} ({app['appId']}): snapshot {one}" in out and "-> live now" in out
    assert "~ notes:" in out and "~ description:" in out and '"third, not backed up"' in out


def test_the_whole_tenant_since_a_day_until_now(world: World) -> None:
    world.snapshot()
    changed, deleted = world.apps[0], world.apps[1]
    world.http.patch(f"/applications/{changed['id']}", json={"web": {"redirectUris": ["https://x.contoso.com/"]}}
                     ).raise_for_status()
    world.http.delete(f"/applications/{deleted['id']}").raise_for_status()
    today = world.store.snapshots(world.tenant.tenant_id)[0].finished.astimezone().date().isoformat()
    document = world.json("--all", "--from", today)
    by_change = {(a["change"], a["objectId"]): a for a in document["apps"]}
    assert set(by_change) == {("changed", changed["id"]), ("removed", deleted["id"])}
    assert by_change[("changed", changed["id"])]["paths"] == ["web.redirectUris"]
    assert by_change[("removed", deleted["id"])]["now"] == "recycled"
    assert document["counts"]["unchanged"] == len(world.apps) - 2
    code, out, _ = world("--all", "--from", today, "--to", "live")
    assert code == 0 and "0 added, 1 changed, 1 removed" in out
    assert f"- {deleted['displayName']} ({deleted['appId']}): in the recycle bin until" in out
    assert "      web.redirectUris" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--all", "--from", "99"], "no complete snapshot 99"),
        (["--all", "--from", "yesterday"], "--from 'yesterday' is not a date"),
        (["--all", "--from", "1", "--to", "sometime"], "--to 'sometime' is not a date"),
        (["--all", "--from", "2001-01-01"], "There is no snapshot on 2001-01-01"),
        (["--app", "00000000-0000-0000-0000-00000000dead", "--from", "1"], "no backed-up app"),
    ],
)
def test_bad_input_is_a_clear_message_and_exit_2(world: World, argv: list[str], message: str) -> None:
    world.snapshot()
    code, _, err = world(*argv)
    assert code == 2
    assert message in err


def test_a_live_tenant_that_cannot_be_reached_is_exit_1_and_stored_sides_still_compare(
        world: World, emulator: Emulator) -> None:
    one = world.snapshot()
    app = world.apps[0]
    emulator.stop()  # the network is gone: the live side can't be read, the stored ones still can
    code, out, _ = world("--all", "--from", str(one), "--to", str(one))
    assert code == 0 and "0 added, 0 changed, 0 removed" in out
    for argv in (["--all", "--from", str(one)], ["--app", app["appId"], "--from", str(one), "--to", "live"]):
        code, out, err = world(*argv)
        assert code == 1, (argv, out, err)
        assert "reading the live tenant failed" in err


def test_a_name_with_a_line_break_cannot_start_a_line_of_its_own(world: World) -> None:
    one = world.snapshot()
    app = world.apps[0]
    world.http.patch(f"/applications/{app['id']}", json={"displayName": "Evil\n+ forged line"}).raise_for_status()
    world.snapshot()
    for argv in (["--all", "--from", str(one), "--to", "2"], ["--app", app["appId"], "--from", "2", "--to", "2"]):
        code, out, _ = world(*argv)
        assert code == 0
        assert not any(line.startswith("+ forged") for line in out.splitlines()), out


def test_versions_and_diff_name_a_scope_the_same_way(world: World) -> None:
    api = next(a for a in world.apps if a["displayName"].endswith("API"))
    one = world.snapshot()
    scopes = [{k: v for k, v in s.items() if k != "origin"} for s in world.http.get(  # origin is Graph's own
        f"/applications/{api['id']}", params={"$select": "api"}).json()["api"]["oauth2PermissionScopes"]]
    world.http.patch(f"/applications/{api['id']}", json={"api": {"oauth2PermissionScopes": [
        {**s, "isEnabled": False} if n == 0 else s for n, s in enumerate(scopes)]}}).raise_for_status()
    two = world.snapshot()
    expected = f"api.oauth2PermissionScopes[{scopes[0]['value']}].isEnabled"
    diff = world.json("--app", api["appId"], "--from", str(one), "--to", str(two))
    assert [c["path"] for c in diff["changes"]] == [expected]
    world.capsys.readouterr()
    assert main(["versions", "--tenant", "contoso.com", "--app", api["appId"], "--json",
                 "--data-dir", str(world.data_dir)]) == 0
    versions = json.loads(world.capsys.readouterr().out)["versions"]
    assert [c["path"] for c in versions[0]["changes"]] == [expected]  # the scope's value, not its GUID
