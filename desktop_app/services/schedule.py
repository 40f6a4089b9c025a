"""Unattended backups through the operating system's own scheduler.

Regvault runs no daemon of its own: "Schedule backups…" writes a Windows Task Scheduler task, a macOS launchd
agent, or a systemd user timer (a cron line as the alternative) that runs `regvault backup` once a day, or every
few minutes (`every_minutes`: each run reads only what changed since the last, services/capture.py). Each is
generated as text the window shows before anything is installed, together with the commands that install or
remove it, so an admin can also do it by hand or through their own tooling.

All times are the machine's local time (every one of these schedulers reads them that way).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import os
import plistlib
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from xml.sax.saxutils import escape

from desktop_app.domain.redact import redact
from desktop_app.services.folders import log_folder

TASK_NAME = "\\Regvault\\Backup"
LAUNCHD_LABEL = "com.regvault.backup"
SYSTEMD_UNIT = "regvault-backup"
CRON_MARKER = "# regvault-backup"
LOG_FILE_NAME = "scheduled-backup.log"
TASK_XML_FILE_NAME = "regvault-backup-task.xml"


class Scheduler(enum.Enum):
    WINDOWS_TASK = "windows-task"
    LAUNCHD = "launchd"
    SYSTEMD = "systemd"
    CRON = "cron"


def schedulers_for_platform(platform: str = sys.platform) -> tuple[Scheduler, ...]:
    """The schedulers offered on `platform`, the preferred one first."""
    if platform == "win32":
        return (Scheduler.WINDOWS_TASK,)
    if platform == "darwin":
        return (Scheduler.LAUNCHD,)
    return (Scheduler.SYSTEMD, Scheduler.CRON)


WINDOWED_EXECUTABLE = "regvault.exe"  # the frozen Windows build's executable without a console


def default_program(*, executable: str | None = None, frozen: bool | None = None,
                    platform: str = sys.platform) -> tuple[str, ...]:
    """How a scheduler starts Regvault's command line: the installed executable itself in a packaged build,
    else this interpreter (a scheduler knows neither PATH nor the venv).

    On Windows it is a windowed executable, so that the nightly run opens no console window: in a packaged
    build regvault.exe (also when regvault-cli.exe is the one asking), else pythonw.exe beside python.exe.
    Their output goes to the log through `--log-file` (see `windows_task_xml`)."""
    executable = executable or sys.executable
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    here = PureWindowsPath(executable) if platform == "win32" else Path(executable)
    if frozen:
        if platform == "win32":
            return (str(here.with_name(WINDOWED_EXECUTABLE)),)
        return (executable,)
    if platform == "win32" and here.name.lower() == "python.exe":
        windowed = here.with_name("pythonw.exe")
        if Path(windowed).exists():
            executable = str(windowed)
    # The interpreter running now has Regvault installed; the `regvault` script may not be on the scheduler's PATH.
    return (executable, "-m", "desktop_app.cli")


def program_problem(program: Sequence[str]) -> str | None:
    """Why a schedule for `program` would break later, in words for the user; None when it is fine.

    A Mac runs an app straight from its disk image (gone once ejected), or from a random read-only copy when a
    downloaded app was never moved (App Translocation); a schedule must point at the installed app."""
    path = program[0] if program else ""
    if path.startswith("/Volumes/"):
        return ("Regvault is running from its disk image. Drag Regvault.app into Applications, start it from "
                "there, then schedule the backups (the disk image is gone once it is ejected).")
    if "/AppTranslocation/" in path:
        return ("macOS is running Regvault from a temporary copy. Move Regvault.app into Applications, start it "
                "from there, then schedule the backups.")
    return None


EVERY_CHOICES = (5, 10, 15, 20, 30)  # minutes that divide an hour: every scheduler says them the same way


@dataclass(frozen=True)
class BackupSchedule:
    data_dir: Path
    at: datetime.time = datetime.time(2, 30)
    tenant: str | None = None  # None: every tenant (`--all-tenants`)
    # Every this many minutes instead of once a day at `at` (the change timeline: a backup reads only what changed,
    # so it can run every 15 minutes; the first of a day reads everything).
    every_minutes: int | None = None
    program: tuple[str, ...] = field(default_factory=default_program)
    home: Path = field(default_factory=Path.home)

    @property
    def argv(self) -> tuple[str, ...]:
        return (*self.program, *self.backup_arguments)

    @property
    def backup_arguments(self) -> tuple[str, ...]:
        """`--scheduled` marks the snapshots, so the window's status bar can show the last scheduled run."""
        target = ("--tenant", self.tenant) if self.tenant else ("--all-tenants",)
        return ("backup", *target, "--scheduled", "--data-dir", str(self.data_dir))

    @property
    def log_file(self) -> Path:
        return log_folder(self.data_dir) / LOG_FILE_NAME


@dataclass(frozen=True)
class ScheduleFile:
    path: Path
    content: str
    encoding: str = "utf-8"


@dataclass(frozen=True)
class ScheduleCommand:
    argv: tuple[str, ...]
    may_fail: bool = False  # e.g. removing a previous version that may not exist
    stdin: str | None = None

    def display(self) -> str:
        shown = subprocess.list2cmdline(self.argv) if self.argv[0].lower() == "schtasks" else shlex.join(self.argv)
        return f"{shown} <<'EOF'\n{self.stdin}EOF" if self.stdin is not None else shown


@dataclass(frozen=True)
class SchedulePlan:
    """Everything one scheduler needs: files to write, then commands to run (and the way back)."""

    scheduler: Scheduler
    files: tuple[ScheduleFile, ...]
    install_commands: tuple[ScheduleCommand, ...]
    remove_commands: tuple[ScheduleCommand, ...]
    log_file: Path
    cron_line: str | None = None
    problem: str | None = None  # why this schedule would break (program_problem); install() refuses it

    @property
    def text(self) -> str:
        """What the window shows: each file with its path, or the cron line."""
        warning = f"# Not installable: {self.problem}\n\n" if self.problem else ""
        if self.cron_line is not None:
            return warning + self.cron_line
        return warning + "\n".join(f"# {f.path}\n{f.content}" for f in self.files)


class ScheduleProblem(Exception):
    """The schedule would point at a program that will not be there (program_problem says why)."""


class ScheduleError(Exception):
    """A scheduler command failed; the message names the command and what it printed."""

    def __init__(self, command: ScheduleCommand, returncode: int, output: str) -> None:
        self.command = command
        self.returncode = returncode
        self.output = redact(output.strip())
        super().__init__(f"`{command.display().splitlines()[0]}` failed with exit code {returncode}: {self.output}")


# --- the four formats -------------------------------------------------------------------------------------


def windows_task_arguments(schedule: BackupSchedule) -> tuple[str, ...]:
    """The task's arguments: the command line, which appends its own output to the rotated log (no cmd.exe
    around it: that would open a console window every night, and a shell is one more thing to quote for)."""
    return (*schedule.program[1:], "--log-file", str(schedule.log_file), *schedule.backup_arguments)


def windows_task_xml(schedule: BackupSchedule) -> str:
    """A Task Scheduler 1.2 task: daily, as the signed-in user (the Credential Manager is only open then)."""
    # The quoting CreateProcess's callee undoes (the Microsoft C runtime's rules), as subprocess does it.
    arguments = subprocess.list2cmdline(windows_task_arguments(schedule))
    start = f"2024-01-01T{schedule.at.strftime('%H:%M:%S')}"
    repetition = "" if schedule.every_minutes is None else (
        f"\n      <Repetition>\n        <Interval>PT{schedule.every_minutes}M</Interval>\n"
        "        <Duration>P1D</Duration>\n        <StopAtDurationEnd>false</StopAtDurationEnd>\n      </Repetition>")
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>Regvault: daily backup of Microsoft Entra ID app registrations</Description>
    <URI>{escape(TASK_NAME)}</URI>
  </RegistrationInfo>
  <Triggers>
    <CalendarTrigger>
      <StartBoundary>{start}</StartBoundary>
      <Enabled>true</Enabled>{repetition}
      <ScheduleByDay>
        <DaysInterval>1</DaysInterval>
      </ScheduleByDay>
    </CalendarTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>true</RunOnlyIfNetworkAvailable>
    <ExecutionTimeLimit>PT6H</ExecutionTimeLimit>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{escape(schedule.program[0])}</Command>
      <Arguments>{escape(arguments)}</Arguments>
      <WorkingDirectory>{escape(str(schedule.data_dir))}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
"""


def launchd_plist_path(schedule: BackupSchedule) -> Path:
    return schedule.home / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"


def launchd_plist(schedule: BackupSchedule) -> str:
    """A launchd agent; StartCalendarInterval runs a missed time when the Mac wakes up."""
    agent = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": list(schedule.argv),
        **({"StartCalendarInterval": {"Hour": schedule.at.hour, "Minute": schedule.at.minute}}
           if schedule.every_minutes is None else {"StartInterval": schedule.every_minutes * 60}),
        "WorkingDirectory": str(schedule.data_dir),
        "StandardOutPath": str(schedule.log_file),
        "StandardErrorPath": str(schedule.log_file),
        "RunAtLoad": False,
        "ProcessType": "Background",
    }
    return plistlib.dumps(agent).decode("utf-8")


def _systemd_quote(arg: str) -> str:
    # systemd expands %specifiers and $VARIABLES in ExecStart; both are doubled to stay literal.
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    return f'"{escaped}"' if re.search(r"[\s\"'\\;]", arg) or not arg else escaped


def systemd_unit_dir(schedule: BackupSchedule) -> Path:
    return schedule.home / ".config" / "systemd" / "user"


def systemd_units(schedule: BackupSchedule) -> tuple[str, str]:
    """The service and the timer (Persistent=true: a run missed while the machine was off runs at boot)."""
    exec_start = " ".join(_systemd_quote(a) for a in schedule.argv)
    # Paths in these settings are taken verbatim to the end of the line; only specifiers need escaping.
    log = str(schedule.log_file).replace("%", "%%")
    service = f"""[Unit]
Description=Regvault: back up Microsoft Entra ID app registrations

[Service]
Type=oneshot
WorkingDirectory={str(schedule.data_dir).replace("%", "%%")}
ExecStart={exec_start}
StandardOutput=append:{log}
StandardError=append:{log}
"""
    timer = f"""[Unit]
Description=Scheduled Regvault backup

[Timer]
OnCalendar={_on_calendar(schedule)}
Persistent=true
Unit={SYSTEMD_UNIT}.service

[Install]
WantedBy=timers.target
"""
    return service, timer


def cron_line(schedule: BackupSchedule) -> str:
    """One crontab line. cron has no D-Bus address, so it is given the session bus for the keyring."""
    command = f"{shlex.join(schedule.argv)} >> {shlex.quote(str(schedule.log_file))} 2>&1"
    if hasattr(os, "getuid"):
        command = f"DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{os.getuid()}/bus {command}"
    # In a crontab an unescaped % ends the command.
    command = command.replace("%", "\\%")
    when = (f"{schedule.at.minute} {schedule.at.hour}" if schedule.every_minutes is None
            else f"*/{schedule.every_minutes} *")
    return f"{when} * * * {command} {CRON_MARKER}\n"


def _on_calendar(schedule: BackupSchedule) -> str:
    if schedule.every_minutes is None:
        return f"*-*-* {schedule.at.strftime('%H:%M:%S')}"
    return f"*:0/{schedule.every_minutes}"


# --- plans --------------------------------------------------------------------------------------------------


def plan(schedule: BackupSchedule, scheduler: Scheduler) -> SchedulePlan:
    return dataclasses.replace(_plan(schedule, scheduler), problem=program_problem(schedule.program))


def _plan(schedule: BackupSchedule, scheduler: Scheduler) -> SchedulePlan:
    log = schedule.log_file
    if scheduler is Scheduler.WINDOWS_TASK:
        xml_path = schedule.data_dir / TASK_XML_FILE_NAME
        return SchedulePlan(
            scheduler,
            (ScheduleFile(xml_path, windows_task_xml(schedule), encoding="utf-16"),),
            (ScheduleCommand(("schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(xml_path), "/F")),),
            (
                # Asked first so that removing a task that is not there is not an error, in any language.
                ScheduleCommand(("schtasks", "/Query", "/TN", TASK_NAME), may_fail=True),
                ScheduleCommand(("schtasks", "/Delete", "/TN", TASK_NAME, "/F")),
            ),
            log,
        )
    if scheduler is Scheduler.LAUNCHD:
        path = launchd_plist_path(schedule)
        domain = f"gui/{os.getuid()}" if hasattr(os, "getuid") else "gui/$(id -u)"
        bootout = ScheduleCommand(("launchctl", "bootout", f"{domain}/{LAUNCHD_LABEL}"), may_fail=True)
        return SchedulePlan(
            scheduler,
            (ScheduleFile(path, launchd_plist(schedule)),),
            (bootout, ScheduleCommand(("launchctl", "bootstrap", domain, str(path)))),
            (bootout,),
            log,
        )
    if scheduler is Scheduler.SYSTEMD:
        service, timer = systemd_units(schedule)
        unit_dir = systemd_unit_dir(schedule)
        return SchedulePlan(
            scheduler,
            (
                ScheduleFile(unit_dir / f"{SYSTEMD_UNIT}.service", service),
                ScheduleFile(unit_dir / f"{SYSTEMD_UNIT}.timer", timer),
            ),
            (
                ScheduleCommand(("systemctl", "--user", "daemon-reload")),
                ScheduleCommand(("systemctl", "--user", "enable", "--now", f"{SYSTEMD_UNIT}.timer")),
            ),
            (
                ScheduleCommand(("systemctl", "--user", "disable", "--now", f"{SYSTEMD_UNIT}.timer"), may_fail=True),
                ScheduleCommand(("systemctl", "--user", "daemon-reload"), may_fail=True),
            ),
            log,
        )
    line = cron_line(schedule)
    # Shown as what it does; install() merges the line into the user's existing crontab.
    return SchedulePlan(
        scheduler,
        (),
        (ScheduleCommand(("crontab", "-l"), may_fail=True), ScheduleCommand(("crontab", "-"), stdin=line)),
        (ScheduleCommand(("crontab", "-l"), may_fail=True), ScheduleCommand(("crontab", "-"))),
        log,
        cron_line=line,
    )


# --- installing ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommandResult:
    returncode: int
    stdout: str
    stderr: str


Runner = Callable[[Sequence[str], str | None], CommandResult]


def run_command(argv: Sequence[str], stdin: str | None = None) -> CommandResult:
    completed = subprocess.run(list(argv), input=stdin, capture_output=True, text=True, timeout=60, check=False)
    return CommandResult(completed.returncode, completed.stdout, completed.stderr)


def _run(command: ScheduleCommand, run: Runner, stdin: str | None = None) -> CommandResult:
    result = run(command.argv, stdin if stdin is not None else command.stdin)
    if result.returncode != 0 and not command.may_fail:
        raise ScheduleError(command, result.returncode, result.stderr or result.stdout)
    return result


def _without_our_line(crontab: str) -> str:
    return "".join(line for line in crontab.splitlines(keepends=True) if CRON_MARKER not in line)


def install(schedule_plan: SchedulePlan, *, run: Runner = run_command) -> None:
    """Write the files, then run the install commands; ScheduleError when one fails, ScheduleProblem (before
    anything is written) when the program it would run is not installed."""
    if schedule_plan.problem:
        raise ScheduleProblem(schedule_plan.problem)
    schedule_plan.log_file.parent.mkdir(parents=True, exist_ok=True)
    # What was there before: a failed install puts it back (no unit files of a schedule that never ran).
    before = {item.path: item.path.read_bytes() if item.path.exists() else None for item in schedule_plan.files}
    try:
        for item in schedule_plan.files:
            item.path.parent.mkdir(parents=True, exist_ok=True)
            item.path.write_text(item.content, encoding=item.encoding)
        _register(schedule_plan, run)
    except BaseException:
        for path, content in before.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(content)
        if schedule_plan.scheduler is Scheduler.SYSTEMD:
            _, reload = schedule_plan.remove_commands
            run(reload.argv, reload.stdin)  # forget the units just removed; its own failure changes nothing
        raise


def _register(schedule_plan: SchedulePlan, run: Runner) -> None:
    if schedule_plan.scheduler is Scheduler.CRON:
        list_command, write_command = schedule_plan.install_commands
        current = _run(list_command, run)
        existing = _without_our_line(current.stdout if current.returncode == 0 else "")
        if existing and not existing.endswith("\n"):
            existing += "\n"
        _run(write_command, run, stdin=existing + (schedule_plan.cron_line or ""))
        return
    for command in schedule_plan.install_commands:
        _run(command, run)


def remove(schedule_plan: SchedulePlan, *, run: Runner = run_command) -> None:
    """Unregister the schedule and delete its files. Removing what is not installed is fine."""
    if schedule_plan.scheduler is Scheduler.CRON:
        list_command, write_command = schedule_plan.remove_commands
        current = _run(list_command, run)
        if current.returncode == 0 and CRON_MARKER in current.stdout:
            _run(write_command, run, stdin=_without_our_line(current.stdout))
        return
    if schedule_plan.scheduler is Scheduler.SYSTEMD:
        disable, reload = schedule_plan.remove_commands
        _run(disable, run)
        for item in schedule_plan.files:
            item.path.unlink(missing_ok=True)
        _run(reload, run)
        return
    if schedule_plan.scheduler is Scheduler.WINDOWS_TASK:
        query, delete = schedule_plan.remove_commands
        if _run(query, run).returncode == 0:
            _run(delete, run)
    else:
        for command in schedule_plan.remove_commands:
            _run(command, run)
    for item in schedule_plan.files:
        item.path.unlink(missing_ok=True)
