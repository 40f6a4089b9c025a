"""Issue 29 items 6 and 11: a bad command line is a sentence and exit 2, never a traceback; what the command
line writes (`--log-file`, the crash log) is the user's alone (0600). In-process, one small backup shared."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.emulator import Emulator


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    data = tmp_path_factory.mktemp("bad-arguments") / "data"
    with Emulator("contoso:3", seed=29, throttle="off") as emulator:
        tenant = emulator.tenant_id("contoso")
        assert _run("tenants", "add", "--emulator", emulator.base_url, "--tenant", tenant, "--data-dir", str(data))[0] == 0
        assert _run("backup", "--tenant", tenant, "--data-dir", str(data))[0] == 0
        yield data, tenant


def _run(*argv: str) -> tuple[int, str, str]:
    """main() as a process would run it: argparse's exit included, every exception a failure of the test."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


SNAPSHOT_TIMES = ["9999-12-31 23:59", "9999-12-31T23:59:59", "0001-01-01T00:00+14:00", "9999-12-31T23:59-14:00"]


@pytest.mark.parametrize("when", SNAPSHOT_TIMES)
@pytest.mark.parametrize("command", ["restore", "export", "diff"])
def test_a_snapshot_time_at_the_ends_of_the_calendar_is_no_snapshot(
    backed_up: tuple[Path, str], tmp_path: Path, command: str, when: str
) -> None:
    data, tenant = backed_up
    argv = {
        "restore": ["restore", "--tenant", tenant, "--snapshot", when, "--all", "--dry-run"],
        "export": ["export", "--tenant", tenant, "--snapshot", when, "--all", "--format", "html", "--output",
                   str(tmp_path / "x.html")],
        "diff": ["diff", "--tenant", tenant, "--from", when, "--all"],
    }[command]
    code, _, err = _run(*argv, "--data-dir", str(data))
    assert code == 2, err
    assert err.startswith("regvault: ") and "no snapshot" in err, err
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize(("argv", "said"), [
    (["emulator", "--port", "99999"], "between 0 and 65535"),
    (["emulator", "--port", "-1"], "between 0 and 65535"),
    (["emulator", "--port", "http"], "between 0 and 65535"),
    (["emulator", "--latency-ms", "-5"], "not below 0"),
    (["emulator", "--consistency-delay", "-1"], "not below 0"),
    (["emulator", "--fault-rate", "nan"], "between 0 and 1"),
    (["backup", "--tenant", "contoso.com", "--wait", "-5"], "not below 0"),
    (["backup", "--tenant", "contoso.com", "--wait", "nan"], "not below 0"),
    (["backup", "--tenant", "contoso.com", "--wait", "inf"], "not below 0"),
    (["restore", "--tenant", "contoso.com", "--snapshot", "1", "--all", "--wait", "-0.5"], "not below 0"),
])
def test_numbers_out_of_range_are_refused_by_the_parser(argv: list[str], said: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def started(*_args: object) -> None:
        raise AssertionError("the emulator was started with a bad argument")

    monkeypatch.setattr(Emulator, "start", started)
    code, _, err = _run(*argv, "--data-dir", str(tmp_path / "data"))
    assert code == 2 and said in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize("when", [  # ids, not the moments, name the cases: xdist's workers collect at other times
    pytest.param((datetime.now() + timedelta(days=1)).strftime("%Y-%m-%d"), id="tomorrow"),
    pytest.param((datetime.now(UTC) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M+00:00"), id="in-5-minutes"),
    pytest.param("9999-12-31 23:59", id="end-of-the-calendar"),
])
@pytest.mark.parametrize("command", ["changes", "rollback"])
def test_since_a_moment_in_the_future_is_refused_by_the_parser(backed_up: tuple[Path, str], command: str,
                                                              when: str) -> None:
    data, tenant = backed_up
    code, out, err = _run(command, "--tenant", tenant, "--since", when, "--data-dir", str(data))
    assert code == 2 and out == "", out
    assert f"argument --since: {when!r} is in the future" in err, err


@pytest.mark.parametrize("target", ["/proc/1/mem", "/dev/null/x.log", "FOLDER", "DATABASE", "/dev/full", "nul\x00.log"])
def test_a_log_file_that_cannot_be_written_is_a_sentence(backed_up: tuple[Path, str], tmp_path: Path,
                                                          target: str) -> None:
    data, _ = backed_up
    database = data / "regvault.sqlite"
    before = database.read_bytes()
    path = {"FOLDER": str(tmp_path), "DATABASE": str(database)}.get(target, target)
    code, _, err = _run("--log-file", path, "tenants", "--data-dir", str(data))
    assert code == 2, err
    assert err.startswith("regvault: ") and "--log-file" in err and "Traceback" not in err, err
    assert database.read_bytes() == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_log_file_and_the_crash_log_are_the_users_alone(backed_up: tuple[Path, str], tmp_path: Path) -> None:
    data, _ = backed_up
    fresh = tmp_path / "fresh"
    log_file = tmp_path / "logs" / "scheduled.log"
    old = os.umask(0o022)
    try:
        code, _, err = _run("--log-file", str(log_file), "tenants", "--data-dir", str(fresh))
    finally:
        os.umask(old)
    assert code == 0, err
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700
    crash_log = fresh / "logs" / "crash.log"
    assert stat.S_IMODE(crash_log.stat().st_mode) == 0o600


@pytest.mark.parametrize("as_json", [False, True])
def test_a_reader_that_stops_reading_is_no_traceback(backed_up: tuple[Path, str], as_json: bool) -> None:
    """`regvault apps … | head -1`: the pipe closes before the output is written; the command stops quietly."""
    data, tenant = backed_up
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the command writes a byte
    try:
        done = subprocess.run(
            [sys.executable, "-m", "desktop_app.cli", "apps", "--tenant", tenant, "--data-dir", str(data),
             *(["--json"] if as_json else [])],
            stdout=write_end, stderr=subprocess.PIPE, timeout=120, check=False)
    finally:
        os.close(write_end)
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    assert done.stderr == b""
    assert done.returncode == 1
