"""Issue 16 case 4: a damaged database (random bytes deep in the file), a full disk and a read-only data folder
give a sentence, an exit code, a --json error and the `regvault-backup failed` monitoring line, never a
traceback; a backup never writes a snapshot into a database that fails quick_check. The disks are real: a tiny
tmpfs (full) and a tmpfs remounted read-only, where the machine lets the tests mount (root, as CI is)."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import random
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.emulator import Emulator

from .test_backup_cli import Cli


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:120", seed=21, throttle="off") as emu:
        yield emu


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def _mount(path: Path, size: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or done.returncode}): needs root")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root")
    disk = tmp_path / "disk"
    _mount(disk, "16m")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def _add_and_back_up(cli: Cli, emulator: Emulator) -> str:
    tenant = emulator.tenant_id("contoso")
    assert cli("tenants", "add", "--emulator", emulator.base_url, "--tenant", tenant)[0] == 0
    code, _, err = cli("backup", "--tenant", tenant)
    assert code == 0, err
    return tenant


def _backup_fails(cli: Cli, tenant: str, *expected: str, exit_code: int) -> dict[str, Any]:
    code, out, err = cli("backup", "--tenant", tenant, "--json")
    assert code == exit_code, err
    document = json.loads(out)
    message = document["error"]["message"] if "error" in document else document["backups"][0]["message"]
    for text in expected:
        assert text in message, message
    (line,) = [ln for ln in err.splitlines() if ln.startswith("regvault-backup failed tenant=")]
    assert expected[0] in line  # the reason on the monitoring line itself
    return document


def _snapshot_count(db: Path) -> int:
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM snapshot WHERE status = 'complete'").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A data folder with one backup of 120 apps (built once; each test damages a copy): (folder, tenant, the
    client id of an app in it)."""
    data = tmp_path_factory.mktemp("backed-up") / "data"
    with Emulator("contoso:120", seed=21, throttle="off") as emu:
        tenant = emu.tenant_id("contoso")
        assert _quiet_main("tenants", "add", "--emulator", emu.base_url, "--tenant", tenant, "--data-dir", str(data))[0] == 0
        assert _quiet_main("backup", "--tenant", tenant, "--data-dir", str(data))[0] == 0
    code, out = _quiet_main("apps", "--tenant", tenant, "--json", "--data-dir", str(data))
    apps = json.loads(out)["apps"]
    return data, tenant, apps[len(apps) // 2]["appId"]


def _quiet_main(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    assert "Traceback" not in err.getvalue()
    return code, out.getvalue()


def _full_page(db: Path, btree: str) -> int:
    """The number of a page of `btree` (a table or an index; a prefix of its name) that is mostly cells, so
    that bytes written into its second half land in what it holds, not in free space."""
    conn = sqlite3.connect(db)
    query = "SELECT pageno FROM dbstat WHERE name {} ? AND pagetype = 'leaf' AND unused < 1024 ORDER BY pageno"
    try:
        # The b-tree of that exact name (a table: `app` is no prefix of `app_search`), else the one it begins.
        rows = conn.execute(query.format("="), (btree,)).fetchall() or \
            conn.execute(query.format("LIKE"), (btree + "%",)).fetchall()
    finally:
        conn.close()
    assert rows, f"no full leaf page of {btree}"
    return int(rows[len(rows) // 2][0])


READ_COMMANDS = ("apps", "tenants", "versions", "export")


def _read_command(name: str, tenant: str, app_id: str, folder: Path) -> tuple[str, ...]:
    return {
        "apps": ("apps", "--tenant", tenant),
        "tenants": ("tenants",),
        "versions": ("versions", "--tenant", tenant, "--app", app_id),
        "export": ("export", "--tenant", tenant, "--app", app_id, "--format", "graph", "--output",
                   str(folder / "export.json")),
    }[name]


def _read_commands(tenant: str, app_id: str, folder: Path) -> list[tuple[str, ...]]:
    return [_read_command(name, tenant, app_id, folder) for name in READ_COMMANDS]


def _snapshot_commands(tenant: str) -> list[tuple[str, ...]]:
    """Commands that read the first snapshot as a whole (besides READ_COMMANDS)."""
    return [("diff", "--tenant", tenant, "--from", "1", "--all"),
            ("restore", "--tenant", tenant, "--snapshot", "1", "--all", "--dry-run")]


def _copy(source: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """The commands on a copy of the data folder `source` in `data_dir` (each test damages its own copy)."""
    cli = Cli(data_dir, capsys)
    shutil.copytree(source, cli.data_dir)
    return cli


def _change(db: Path, *statements: str) -> None:
    """Run SQL on the database file from outside Regvault."""
    conn = sqlite3.connect(db)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.mark.parametrize("btree", [
    "app",  # the apps' table (names, client ids)
    "app_tenant_id_app_id_folded",  # the index `versions --app` finds an app by
    "app_tenant_id_name_sort",  # the index the apps list is read through (natural name order, schema 4)
    "app_version",  # the stored documents
    "blob",  # certificate bytes and logos: no read command reads them, only the quick check sees it
])
def test_random_bytes_deep_in_the_database_refuse_the_backup_with_the_way_out(
    backed_up: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], btree: str
) -> None:
    source, tenant, app_id = backed_up
    cli = _copy(source, tmp_path / "data", capsys)
    db = cli.data_dir / "regvault.sqlite"
    wal = cli.data_dir / "regvault.sqlite-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # all of it in the file
    before = {name: cli(*_read_command(name, tenant, app_id, tmp_path), "--json") for name in READ_COMMANDS}
    assert all(code == 0 for code, _, _ in before.values()), before
    page = _full_page(db, btree)
    with db.open("r+b") as f:  # the second half of one page of that b-tree
        f.seek((page - 1) * 4096 + 2048)
        f.write(random.Random(f"{btree}-7").randbytes(2048))

    _backup_fails(cli, tenant, "is damaged", "Restore a copy", "start a new database", exit_code=2)
    # Every read command says so too, with the same way out, never an answer read from the damaged pages
    # ("no backed-up app" for an app that is there) nor a traceback (Cli asserts there is none).
    for name in READ_COMMANDS:
        code, out, err = cli(*_read_command(name, tenant, app_id, tmp_path), "--json")
        assert code == 2, (name, out)
        message = json.loads(out)["error"]["message"]
        assert "is damaged" in message and "Restore a copy" in message and "start a new database" in message
        assert err.startswith("regvault: ") and "damaged" in err


def test_an_index_that_misses_an_app_is_called_damaged_not_no_such_app(
    backed_up: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One byte of an app's client id changed in the index `versions --app` looks it up by: every page is still
    well-formed (quick_check passes), but the lookup misses the app. Reading the table without the index
    finds it, so the answer is "damaged", not "no backed-up app"."""
    source, tenant, app_id = backed_up
    cli = _copy(source, tmp_path / "data", capsys)
    db = cli.data_dir / "regvault.sqlite"
    conn = sqlite3.connect(db)
    index_pages = {r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name LIKE 'app_tenant_id_app_id_folded%'")}
    conn.close()
    data = bytearray(db.read_bytes())
    needle = app_id.lower().encode()
    hits = [i for i in range(len(data) - len(needle)) if data[i:i + len(needle)] == needle and i // 4096 + 1 in index_pages]
    assert hits, "the client id is not in the index's pages"
    for at in hits:
        data[at + 10] = ord("0") if data[at + 10] != ord("0") else ord("1")
    db.write_bytes(bytes(data))
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]  # only integrity_check would see it
    conn.close()

    code, out, err = cli("versions", "--tenant", tenant, "--app", app_id, "--json")
    assert code == 2
    message = json.loads(out)["error"]["message"]
    assert "is damaged" in message and "index" in message and "Restore a copy" in message, message
    code, out, _ = cli("versions", "--tenant", tenant, "--app", "00000000-0000-0000-0000-000000000000", "--json")
    assert code == 2 and "no backed-up app" in json.loads(out)["error"]["message"]  # a real miss stays one


def _fill(disk: Path, leave_kib: int = 0) -> Path:
    """Fill the disk but `leave_kib` KiB."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while shutil.disk_usage(disk).free > leave_kib * 1024 + 4096:
            os.write(fd, b"\0" * 4096)
        if leave_kib == 0:
            while True:
                os.write(fd, b"\0" * 512)
    except OSError:
        pass  # ENOSPC: the disk is full
    finally:
        os.close(fd)
    return filler


@pytest.mark.parametrize("leave_kib", [0, 40, 400])
def test_a_full_disk_is_a_sentence_and_keeps_the_earlier_snapshots(
    small_disk: Path, emulator: Emulator, capsys: pytest.CaptureFixture[str], leave_kib: int
) -> None:
    """Issue 29 item 4: with 40 KB free the backup ran out of room at COMMIT, SQLite rolled back by itself, and
    the ROLLBACK that followed ('no transaction is active') came out as a traceback. Whatever room is left, a
    full disk is said as a full disk and nothing is changed."""
    cli = Cli(small_disk / "data", capsys)
    tenant = _add_and_back_up(cli, emulator)
    db = cli.data_dir / "regvault.sqlite"
    # Fill what is left (the next backup changes every app, so it needs room for a whole new set of versions).
    with httpx_patch_all(emulator) as changed:
        assert changed > 100
    filler = _fill(small_disk, leave_kib)
    _backup_fails(cli, tenant, "disk is full", "Nothing was changed", exit_code=1)
    filler.unlink()
    assert _snapshot_count(db) == 1
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    code, _, _ = cli("backup", "--tenant", tenant)  # with room again, it works
    assert code == 0 and _snapshot_count(db) == 2


def test_every_command_on_a_full_disk_answers_or_says_the_disk_is_full(
    small_disk: Path, backed_up: tuple[Path, str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Issue 29 item 4: at 100% full, opening the database failed on its shared-memory file and every command
    called the database damaged and said to move it away: wrong, and dangerous advice."""
    source, tenant, app_id = backed_up
    cli = _copy(source, small_disk / "data", capsys)
    db = cli.data_dir / "regvault.sqlite"
    before = db.read_bytes()
    _fill(small_disk)
    commands = [*_read_commands(tenant, app_id, tmp_path), *_snapshot_commands(tenant),
                ("tenants", "rename", "--tenant", tenant, "--name", "Renamed")]
    for argv in commands:
        code, out, err = cli(*argv, "--json")
        if code:
            message = json.loads(out)["error"]["message"] if out.strip().startswith('{"error"') else err
            assert "disk is full" in message and "damaged" not in message and "move" not in message, (argv, message)
    assert db.read_bytes() == before


@pytest.mark.parametrize("table", ["app_version", "app", "snapshot"])
def test_a_missing_table_is_called_damaged_by_every_command(
    backed_up: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str
) -> None:
    """Issue 29 item 5: a dropped table gave tracebacks ("no such table")."""
    source, tenant, app_id = backed_up
    cli = _copy(source, tmp_path / "data", capsys)
    _change(cli.data_dir / "regvault.sqlite", "PRAGMA foreign_keys = OFF", f"DROP TABLE {table}")
    for argv in _read_commands(tenant, app_id, tmp_path) + [("backup", "--tenant", tenant)]:
        code, out, err = cli(*argv, "--json")  # Cli asserts there is no traceback
        assert code == 2, (argv, out, err)
        message = json.loads(out)["error"]["message"] if '"error"' in out else err
        assert "is damaged" in message and table in message, (argv, message)


@pytest.mark.parametrize("change", [
    "UPDATE app_version SET document = 'text, not compressed bytes' WHERE id = (SELECT min(id) FROM app_version)",
    "UPDATE snapshot SET started = 'not a time', finished = 'not a time'",
])
def test_a_row_changed_outside_regvault_is_called_damaged_not_a_traceback(
    backed_up: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    source, tenant, app_id = backed_up
    cli = _copy(source, tmp_path / "data", capsys)
    _change(cli.data_dir / "regvault.sqlite", change)
    commands = _read_commands(tenant, app_id, tmp_path) + _snapshot_commands(tenant)
    damaged = 0
    for argv in commands:
        code, out, err = cli(*argv, "--json")  # Cli asserts there is no traceback
        if code:
            assert code == 2 and "is damaged" in json.loads(out)["error"]["message"], (argv, out)
            damaged += 1
    assert damaged  # what reads the changed row says so


def test_stored_versions_that_cannot_be_read_are_written_anew_not_carried_into_the_next_snapshot(
    cli: Cli, emulator: Emulator, tmp_path: Path
) -> None:
    """Issue 29 item 5: three current versions with bytes changed inside their rows (the pages are sound:
    quick_check passes) were carried into the next "complete" snapshot, which then could not be exported or
    restored. The next backup writes those apps anew from Graph's answer, and says so."""
    tenant = _add_and_back_up(cli, emulator)
    db = cli.data_dir / "regvault.sqlite"
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, document FROM app_version WHERE valid_until_id IS NULL ORDER BY id LIMIT 3").fetchall()
    for pk, document in rows:
        damaged = bytearray(document)
        damaged[len(damaged) // 2] ^= 0xFF
        conn.execute("UPDATE app_version SET document = ? WHERE id = ?", (bytes(damaged), pk))
    conn.commit()
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    conn.close()
    code, out, err = cli("backup", "--tenant", tenant, "--full")  # a delta capture reads only what changed
    assert code == 0, err
    assert "3 stored version(s) could not be read" in out, out
    code, _, err = cli("export", "--tenant", tenant, "--all", "--format", "graph", "--output", str(tmp_path / "all.zip"))
    assert code == 0, err
    code, _, err = cli("restore", "--tenant", tenant, "--snapshot", "2", "--all", "--dry-run")
    assert code == 0, err
    code, out, _ = cli("backup", "--tenant", tenant, "--full")
    assert code == 0 and "could not be read" not in out  # said once, then the store holds sound documents


def test_an_empty_database_file_is_refused_and_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 29 item 5: a zero-length regvault.sqlite quietly became a new, empty database (the history gone
    without a word). It is refused with a sentence, for every command, and left as it is."""
    cli = Cli(tmp_path / "data", capsys)
    cli.data_dir.mkdir()
    db = cli.data_dir / "regvault.sqlite"
    db.touch()
    for argv in (("tenants",), ("apps", "--tenant", "contoso.com"), ("backup", "--all-tenants")):
        code, out, err = cli(*argv, "--json")
        assert code == 2, (argv, err)
        message = json.loads(out)["error"]["message"]
        assert "empty (0 bytes)" in message and "left untouched" in message, message
    assert db.stat().st_size == 0
    assert sorted(p.name for p in cli.data_dir.iterdir()) == ["logs", "regvault.sqlite"]


def test_a_read_only_data_folder_is_a_sentence_for_every_command(
    small_disk: Path, emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(small_disk / "data", capsys)
    tenant = _add_and_back_up(cli, emulator)
    _close_log_files()  # a file open for writing keeps a mount from going read-only
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        _backup_fails(cli, tenant, "read-only", exit_code=1)
        for argv in (("apps", "--tenant", tenant), ("tenants",), ("tenants", "rename", "--tenant", tenant, "--name", "X")):
            code, out, err = cli(*argv, "--json")
            if code:
                assert "read-only" in json.loads(out)["error"]["message"], out
        # A data folder that can't even be created is a sentence too.
        code, out, err = Cli(small_disk / "data" / f"new-{uuid.uuid4().hex}", capsys)("tenants", "--json")
        assert code == 1 and "Cannot use the data folder" in json.loads(out)["error"]["message"]
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=False)
    assert _snapshot_count(cli.data_dir / "regvault.sqlite") == 1


def _close_log_files() -> None:
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_regvault", False)]:
        root.removeHandler(handler)
        handler.close()


class httpx_patch_all:  # noqa: N801 - used as a context manager like a function
    """Change every app's notes in the emulator (so the next backup writes a version of each)."""

    def __init__(self, emulator: Emulator) -> None:
        import httpx

        self.http = httpx.Client(base_url=emulator.base_url,
                                 headers={"Authorization": f"Bearer {emulator.token('contoso')}"}, timeout=30)

    def __enter__(self) -> int:
        apps = self.http.get("/applications", params={"$select": "id", "$top": "999"}).json()["value"]
        for app in apps:
            self.http.patch(f"/applications/{app['id']}", json={"notes": "n" * 3000 + app["id"]}).raise_for_status()
        return len(apps)

    def __exit__(self, *exc: object) -> None:
        self.http.close()
