"""`regvault export` in-process: each format from a real backup, --snapshot named as restore names it, --all,
clear messages for bad input (exit 2) and an output it cannot write (exit 1), nothing half-written."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import hcl2
import pytest

from desktop_app.app import AppPaths
from desktop_app.cli import main
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[str]]]:
    folder = tmp_path_factory.mktemp("export-cli") / "data"
    with Emulator("contoso:8", seed=3, throttle="off") as emulator:
        store = Store.open(AppPaths.resolve(folder).ensure().database)
        tenant = TenantService(store, GraphConnector()).add_emulator_tenant(
            emulator.base_url, emulator.tenant_id("contoso"))
        snapshot = BackupService(store, GraphConnector()).run(tenant.tenant_id).snapshot_id
        app_ids = [a.app_id for a in store.apps_at(tenant.tenant_id, snapshot)]
        store.close()
        yield folder, app_ids


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["export", "--tenant", "contoso.com", *argv, "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_every_format(data_dir: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder, app_ids = data_dir
    code, out, err = run(folder, capsys, "--app", app_ids[0], "--snapshot", "1", "--format", "graph",
                         "--output", str(tmp_path / "one.json"))
    assert code == 0, err
    assert "Exported 1 app as graph" in out
    assert json.loads((tmp_path / "one.json").read_text())["displayName"]
    code, out, err = run(folder, capsys, "--all", "--format", "graph", "--output", str(tmp_path / "all.zip"),
                         "--json")
    assert code == 0, err
    document = json.loads(out)
    with zipfile.ZipFile(tmp_path / "all.zip") as archive:
        assert len(archive.namelist()) == len(app_ids) + 1 == len(document["apps"]) + 1
    code, _, err = run(folder, capsys, "--all", "--format", "terraform", "--output", str(tmp_path / "main.tf"))
    assert code == 0, err
    assert len(hcl2.loads((tmp_path / "main.tf").read_text())["resource"]) >= len(app_ids)
    code, _, err = run(folder, capsys, "--app", *app_ids[:2], "--format", "html", "--output", str(tmp_path / "p.html"))
    assert code == 0, err
    assert (tmp_path / "p.html").read_text().count("<h2>History of changes</h2>") == 2


@pytest.mark.parametrize(
    ("argv", "message", "exit_code"),
    [
        (["--all", "--snapshot", "42", "--format", "html"], "no complete snapshot 42", 2),
        (["--app", "00000000-0000-0000-0000-00000000dead", "--format", "html"], "no app with client ID", 2),
        (["--all", "--format", "graph"], "is a file", 2),
        (["--all", "--format", "html", "--under-file"], "could not write", 1),
    ],
)
def test_bad_input_and_unwritable_output(data_dir: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path, argv: list[str], message: str, exit_code: int) -> None:
    folder, _ = data_dir
    blocker = tmp_path / "taken"
    blocker.write_text("x")
    output = str(blocker / "p.html") if "--under-file" in argv else str(blocker)
    argv = [a for a in argv if a != "--under-file"]
    code, _, err = run(folder, capsys, *argv, "--output", output)
    assert code == exit_code and message in err
    assert [p.name for p in tmp_path.iterdir()] == ["taken"] and blocker.read_text() == "x"


@pytest.mark.parametrize("where", ["DATABASE", "LOG", "DATA", "DATA/new.html", "OTHER_DATABASE", "/dev/full", "FIFO"])
def test_an_output_that_would_destroy_something_is_refused(data_dir: tuple[Path, list[str]],
                                                            capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                            where: str) -> None:
    """Issue 29 item 2: the database, the log, anything else in the data folder, a database kept elsewhere
    (--database) and a device or a pipe are never an export's output: exit 2, and they are as they were."""
    folder, _ = data_dir
    other = tmp_path / "elsewhere.sqlite"
    other.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    if where == "FIFO":
        os.mkfifo(tmp_path / "pipe")
    if where == "/dev/full" and not Path("/dev/full").is_char_device():
        pytest.skip("no /dev/full here")
    target = {
        "DATABASE": folder / "regvault.sqlite", "LOG": folder / "logs" / "regvault.log", "DATA": folder,
        "DATA/new.html": folder / "new.html", "OTHER_DATABASE": other, "FIFO": tmp_path / "pipe",
    }.get(where, Path(where))
    watched = [p for p in (folder / "regvault.sqlite", folder / "logs" / "regvault.log", other) if p.exists()]
    before = {p: p.read_bytes() for p in watched}
    kind = target.stat().st_mode if target.exists() else None
    for fmt in ("graph", "html", "terraform"):
        code, out, err = run(folder, capsys, "--all", "--format", fmt, "--output", str(target), "--json")
        assert code == 2, (fmt, out, err)
        assert "Nothing was written" in json.loads(out)["error"]["message"]
    assert {p: p.read_bytes() for p in watched} == before
    assert not (folder / "new.html").exists()
    assert (target.stat().st_mode if target.exists() else None) == kind  # a device node stays a device node
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no temporary file left


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_what_an_export_makes_is_the_users_alone(data_dir: tuple[Path, list[str]],
                                                 capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Issue 29 item 11: folders an export makes are 0700, its files 0600, whatever the umask."""
    folder, _ = data_dir
    old = os.umask(0o022)
    try:
        assert run(folder, capsys, "--all", "--format", "graph", "--output", str(tmp_path / "a" / "b"))[0] == 0
        assert run(folder, capsys, "--all", "--format", "html", "--output", str(tmp_path / "c" / "p.html"))[0] == 0
    finally:
        os.umask(old)
    made = [tmp_path / "a", tmp_path / "a" / "b", tmp_path / "c"]
    assert [stat.S_IMODE(p.stat().st_mode) for p in made] == [0o700] * 3
    files = [*(tmp_path / "a" / "b").iterdir(), tmp_path / "c" / "p.html"]
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}


HOSTILE = ["CON", "nul", "Aux", "../../etc/passwd", "..\\..\\win.ini", "a/b\\c:d*e?f\"g<h>i|j"]


def test_hostile_app_names_stay_inside_the_export_and_name_no_windows_device(tmp_path: Path,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 29's review: app names become file names in a Graph export. None may leave the folder (or the zip), and
    none may be a Windows device name (con.json is the console there, nul.json nothing at all)."""
    import httpx

    folder = tmp_path / "data"
    with Emulator(f"contoso:{len(HOSTILE) + 1}", seed=8, throttle="off") as emulator:
        http = httpx.Client(base_url=emulator.base_url, timeout=20,
                            headers={"Authorization": f"Bearer {emulator.token('contoso')}"})
        apps = http.get("/applications", params={"$select": "id", "$top": 999}).json()["value"]
        for app, name in zip(apps, HOSTILE, strict=False):
            http.patch(f"/applications/{app['id']}", json={"displayName": name}).raise_for_status()
        http.close()
        tenant = emulator.tenant_id("contoso")
        assert main(["tenants", "add", "--emulator", emulator.base_url, "--tenant", tenant, "--data-dir", str(folder)]) == 0
        assert main(["backup", "--tenant", tenant, "--data-dir", str(folder)]) == 0
    out = tmp_path / "out"
    assert run(folder, capsys, "--all", "--format", "graph", "--output", str(out / "bodies"))[0] == 0
    assert run(folder, capsys, "--all", "--format", "graph", "--output", str(out / "bodies.zip"))[0] == 0
    written = [p.name for p in (out / "bodies").iterdir()]
    with zipfile.ZipFile(out / "bodies.zip") as archive:
        zipped = archive.namelist()
    devices = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
    for names in (written, zipped):
        assert len(names) == len(HOSTILE) + 2  # every app, and the index
        assert all("/" not in n and "\\" not in n and ".." not in n for n in names), names
        assert not [n for n in names if n.split(".")[0].lower() in devices], names
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out"]  # nothing written beside
