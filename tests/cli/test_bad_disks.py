"""Issue 16 case 4: a damaged database (random bytes deep in the file), a full disk and a read-only data folder
give a sentence, an exit code, a --json error and the `regvault-backup failed` monitoring line, never a
traceback; a backup never writes a snapshot into a database that fails quick_check. The disks are real: a tiny
tmpfs (full) and a tmpfs remounted read-only, where the machine lets the tests mount (root, as CI is)."""

from __future__ import annotations

import json
import logging
import os
import random
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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


@pytest.mark.xfail(strict=False, reason="known gap (issue 16 case 4): read commands run no quick_check, so damage "
                   "in an index page can answer 'no backed-up app' for an app that is there instead of 'damaged'")
def test_random_bytes_deep_in_the_database_refuse_the_backup_with_the_way_out(cli: Cli, emulator: Emulator) -> None:
    tenant = _add_and_back_up(cli, emulator)
    # A real app's client id, so that the only reason `versions` can fail below is the damage (with "x" it says,
    # rightly, that no such app was backed up when the pages it reads happen to be intact).
    code, out, _ = cli("apps", "--tenant", tenant, "--json")
    app_id = json.loads(out)["apps"][0]["appId"]
    db = cli.data_dir / "regvault.sqlite"
    size = db.stat().st_size
    wal = cli.data_dir / "regvault.sqlite-wal"
    assert size > 64 * 1024 and (not wal.exists() or wal.stat().st_size == 0)  # all of it in the file
    rng = random.Random(7)
    with db.open("r+b") as f:  # past the first pages (header and schema), into the data
        for offset in range(size // 3, size - 4096, size // 7):
            f.seek(offset)
            f.write(rng.randbytes(2048))

    _backup_fails(cli, tenant, "is damaged", "Restore a copy", "start a new database", exit_code=2)
    # Whatever else is asked of it gives a sentence too, never a traceback (Cli asserts there is none).
    for argv in (("apps", "--tenant", tenant), ("tenants",), ("versions", "--tenant", tenant, "--app", app_id)):
        code, out, err = cli(*argv, "--json")
        assert code in (0, 2)
        if code:
            assert "damaged" in json.loads(out)["error"]["message"] and err.startswith("regvault: ")


def test_a_full_disk_is_a_sentence_and_keeps_the_earlier_snapshots(
    small_disk: Path, emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(small_disk / "data", capsys)
    tenant = _add_and_back_up(cli, emulator)
    db = cli.data_dir / "regvault.sqlite"
    # Fill what is left (the next backup changes every app, so it needs room for a whole new set of versions).
    with httpx_patch_all(emulator) as changed:
        assert changed > 100
    filler = small_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass  # ENOSPC: the disk is full
    finally:
        os.close(fd)
    _backup_fails(cli, tenant, "disk is full", "Nothing was changed", exit_code=1)
    filler.unlink()
    assert _snapshot_count(db) == 1
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    code, _, _ = cli("backup", "--tenant", tenant)  # with room again, it works
    assert code == 0 and _snapshot_count(db) == 2


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
