"""Smoke-test a frozen build with nothing else installed: the way a user's machine runs it.

    python3 packaging/smoke_test.py [dist/regvault]

Runs only the built executable, with an environment stripped to PATH, HOME and a temporary data folder (no
venv, no PYTHONPATH, no Python of ours on PATH), and checks, each within a time limit:
`--version`; the emulator; `tenants add --emulator`; a backup; a restore dry run; a tenant named in several scripts
printed under the Windows ANSI code page; the licence and third-party notices; the window (offscreen) for a
few seconds, then closing by itself; the window in German (Regvault's and Qt's translations loaded); a second start
handing over to that window. Prints one line per step and `N passed, N failed` at the end; exits non-zero when a
step failed. Only the standard library here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def executable_in(dist: Path) -> Path:
    for candidate in (dist / "regvault-cli.exe", dist / "Regvault.app" / "Contents" / "MacOS" / "regvault",
                      dist / "regvault"):
        if candidate.exists():
            return candidate
    raise SystemExit(f"no Regvault executable in {dist}: run packaging/build.py first")


class Smoke:
    def __init__(self, program: Path, home: Path) -> None:
        self.program = program
        self.data = home / "data"
        self.env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
        if os.name == "nt":
            system_root = os.environ.get("SYSTEMROOT", r"C:\Windows")  # Windows' environment ignores case
            self.env = {"PATH": system_root + r"\System32", "SYSTEMROOT": system_root, "USERPROFILE": str(home),
                        "LOCALAPPDATA": str(home), "APPDATA": str(home), "TEMP": str(home), "TMP": str(home),
                        "QT_QPA_PLATFORM": "offscreen"}
        self.passed: list[str] = []
        self.failed: list[str] = []

    def run(self, *argv: str, timeout: float = 120,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.program), *argv], capture_output=True, text=True,
                              env={**self.env, **(env or {})}, timeout=timeout, check=False, cwd=self.data.parent)

    def step(self, name: str, check: Callable[[], str]) -> None:
        started = time.monotonic()
        try:
            detail = check()
        except Exception as exc:  # a failed step is reported, and the next steps still run
            self.failed.append(name)
            print(f"FAIL {name} ({time.monotonic() - started:.1f} s): {exc}", flush=True)
            return
        self.passed.append(name)
        print(f"ok   {name} ({time.monotonic() - started:.1f} s){': ' + detail if detail else ''}", flush=True)


def ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    if done.returncode != 0:
        raise AssertionError(f"exit code {done.returncode}: {(done.stderr or done.stdout).strip()[-600:]}")
    return done


def expected_version() -> str:
    namespace: dict[str, str] = {}
    exec((ROOT / "desktop_app" / "__init__.py").read_text(encoding="utf-8"), namespace)
    return namespace["__version__"]


def main(argv: list[str]) -> int:
    dist = Path(argv[0]) if argv else ROOT / "dist" / "regvault"
    program = executable_in(dist.resolve())
    with tempfile.TemporaryDirectory(prefix="regvault-smoke-") as home_dir:
        home = Path(home_dir)
        (home / "data").mkdir()
        smoke = Smoke(program, home)
        print(f"smoke test of {program}", flush=True)
        smoke_steps(smoke)
    print(f"{len(smoke.passed)} passed, {len(smoke.failed)} failed")
    return 1 if smoke.failed else 0


def smoke_steps(smoke: Smoke) -> None:
    data = str(smoke.data)
    emulator: subprocess.Popen[str] | None = None
    state: dict[str, str] = {}

    def version() -> str:
        out = ok(smoke.run("--version", timeout=60)).stdout.strip()
        if out != f"regvault {expected_version()}":
            raise AssertionError(f"printed {out!r}")
        return out

    def start_emulator() -> str:
        nonlocal emulator
        emulator = subprocess.Popen([str(smoke.program), "emulator", "--port", "0", "--tenants", "contoso:40",
                                     "--throttle", "off"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, env=smoke.env)
        assert emulator.stdout is not None
        line = emulator.stdout.readline()  # blocks until the emulator prints its JSON line (or dies)
        if not line:
            raise AssertionError(f"the emulator printed nothing: {emulator.stderr.read() if emulator.stderr else ''}")
        started = json.loads(line)
        state["url"] = started["baseUrl"]
        state["tenant"] = started["tenants"][0]["id"]
        return state["url"]

    def add_tenant() -> str:
        out = ok(smoke.run("tenants", "add", "--emulator", state["url"], "--tenant", state["tenant"],
                           "--data-dir", data)).stdout
        if "Added" not in out:
            raise AssertionError(out)
        return out.strip().splitlines()[0]

    def backup() -> str:
        document = json.loads(ok(smoke.run("backup", "--tenant", "contoso.com", "--data-dir", data, "--json")).stdout)
        (result,) = document["backups"]
        summary = result["summary"]
        state["snapshot"] = str(summary["snapshotId"])
        if result["result"] != "complete" or summary["apps"] < 30:  # 40 seeded, a few of them deleted
            raise AssertionError(f"{result['result']}: {summary['apps']} apps")
        return f"snapshot {state['snapshot']}, {summary['apps']} apps"

    def restore_dry_run() -> str:
        done = ok(smoke.run("restore", "--tenant", "contoso.com", "--snapshot", state["snapshot"], "--all",
                            "--dry-run", "--data-dir", data, "--json"))
        document = json.loads(done.stdout)
        items = document["plan"]["items"]
        if not document["dryRun"] or len(items) < 30:
            raise AssertionError(f"{len(items)} apps planned")
        return f"{len(items)} apps planned, nothing written"

    def names_in_any_script() -> str:
        """The frozen app's output under the Windows ANSI code page (cp1252): --json is ASCII and exact, text is
        UTF-8 (Python's UTF-8 mode and the CLI's own reconfiguring), never a UnicodeEncodeError."""
        name = "Контора 経費 Zürich 🚀"
        ok(smoke.run("tenants", "rename", "--tenant", "contoso.com", "--name", name, "--data-dir", data))
        env = {**smoke.env, "PYTHONIOENCODING": "cp1252"}
        for extra in (["--json"], []):
            done = subprocess.run([str(smoke.program), "tenants", "--data-dir", data, *extra], capture_output=True,
                                  env=env, timeout=60, check=False, cwd=smoke.data.parent)
            if done.returncode != 0:
                raise AssertionError(done.stderr.decode("utf-8", "replace")[-600:])
            if extra:
                found = json.dumps(json.loads(done.stdout.decode("ascii")), ensure_ascii=False)
            else:
                found = done.stdout.decode("utf-8")
            if name not in found:
                raise AssertionError(f"{name!r} not in {found[:300]!r}")
        return "tenants --json (ASCII) and text (UTF-8) under PYTHONIOENCODING=cp1252"

    def notices() -> str:
        """Help → About's licence texts are in the frozen app, where the app itself finds them."""
        text = ok(smoke.run("about", "--notices", "--data-dir", data, timeout=60)).stdout
        for needed in ("PySide6", "GNU LESSER GENERAL PUBLIC LICENSE", "msal", "Python"):
            if needed not in text:
                raise AssertionError(f"the third-party notices do not name {needed!r}")
        if "Apache License" not in ok(smoke.run("about", "--licence", "--data-dir", data, timeout=60)).stdout:
            raise AssertionError("about --licence does not print the Apache License")
        return f"{len(text) // 1000} kB of notices"

    def window() -> str:
        started = time.monotonic()
        ok(smoke.run("--data-dir", data, "--quit-after", "4", timeout=120))
        log = (smoke.data / "logs" / "regvault.log").read_text(encoding="utf-8")
        if "main window open" not in log:
            raise AssertionError("the log does not say the window opened")
        return f"open and closed in {time.monotonic() - started:.1f} s"

    def german_window() -> str:
        log_file = smoke.data / "logs" / "regvault.log"
        before = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
        ok(smoke.run("--data-dir", data, "--quit-after", "2", timeout=120, env={"REGVAULT_LANGUAGE": "de"}))
        log = log_file.read_text(encoding="utf-8")[len(before):]
        if "window language: de (de_DE; regvault_de.qm, qtbase_de.qm)" not in log:
            raise AssertionError("the German translations did not load: "
                                 + next((line for line in log.splitlines() if "language" in line), "no log line"))
        return "regvault_de.qm and qtbase_de.qm loaded"

    def second_start() -> str:
        log_file = smoke.data / "logs" / "regvault.log"
        opened_before = log_file.read_text(encoding="utf-8").count("main window open")  # the windows of earlier steps
        first = subprocess.Popen([str(smoke.program), "--data-dir", data, "--quit-after", "60"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=smoke.env)
        try:
            deadline = time.monotonic() + 60
            while log_file.read_text(encoding="utf-8").count("main window open") <= opened_before:
                if time.monotonic() > deadline or first.poll() is not None:
                    raise AssertionError("the first window did not open")
                time.sleep(0.2)
            done = ok(smoke.run("--data-dir", data, "--quit-after", "60", timeout=45))
            if "already open" not in done.stderr:
                raise AssertionError(done.stderr)
            return "handed over to the open window"
        finally:
            first.terminate()
            first.wait(timeout=30)

    try:
        for name, check in (("--version", version), ("emulator", start_emulator), ("tenants add --emulator", add_tenant),
                            ("backup", backup), ("restore --dry-run", restore_dry_run),
                            ("names in any script", names_in_any_script), ("licence and notices", notices),
                            ("window (offscreen)", window), ("window in German", german_window),
                            ("second start", second_start)):
            smoke.step(name, check)
    finally:
        if emulator is not None:
            emulator.terminate()
            emulator.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
