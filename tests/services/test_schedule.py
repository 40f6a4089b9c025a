"""The schedule files for Windows, macOS and Linux: their content, and installing / removing them."""

from __future__ import annotations

import configparser
import dataclasses
import datetime
import os
import plistlib
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import pytest

from desktop_app.services.schedule import (
    CRON_MARKER,
    LAUNCHD_LABEL,
    BackupSchedule,
    CommandResult,
    ScheduleError,
    ScheduleProblem,
    Scheduler,
    cron_line,
    default_program,
    install,
    launchd_plist_path,
    plan,
    program_problem,
    remove,
    schedulers_for_platform,
    systemd_units,
    windows_task_xml,
)

TASK_NS = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}


class RecordingRunner:
    """Stands in for subprocess: records each command and answers from a table."""

    def __init__(self, answers: dict[tuple[str, ...], CommandResult] | None = None) -> None:
        self.answers = answers or {}
        self.calls: list[tuple[tuple[str, ...], str | None]] = []

    def __call__(self, argv: Sequence[str], stdin: str | None = None) -> CommandResult:
        self.calls.append((tuple(argv), stdin))
        return self.answers.get(tuple(argv), CommandResult(0, "", ""))


@pytest.fixture
def schedule(tmp_path: Path) -> BackupSchedule:
    return BackupSchedule(
        data_dir=tmp_path / "Regvault Data & more",
        at=datetime.time(3, 15),
        program=("/opt/regvault/bin/python", "-m", "desktop_app.cli"),
        home=tmp_path / "home",
    )


def test_schedulers_per_platform() -> None:
    assert schedulers_for_platform("win32") == (Scheduler.WINDOWS_TASK,)
    assert schedulers_for_platform("darwin") == (Scheduler.LAUNCHD,)
    assert schedulers_for_platform("linux") == (Scheduler.SYSTEMD, Scheduler.CRON)


def test_the_command_backs_up_all_tenants_or_one(schedule: BackupSchedule) -> None:
    assert schedule.argv == (
        "/opt/regvault/bin/python", "-m", "desktop_app.cli", "backup", "--all-tenants", "--scheduled",
        "--data-dir", str(schedule.data_dir),
    )
    one = BackupSchedule(data_dir=schedule.data_dir, tenant="contoso.onmicrosoft.com", program=("regvault",))
    assert one.argv == ("regvault", "backup", "--tenant", "contoso.onmicrosoft.com", "--scheduled",
                        "--data-dir", str(schedule.data_dir))
    assert BackupSchedule(data_dir=schedule.data_dir).argv[0] == sys.executable
    assert schedule.log_file == schedule.data_dir / "logs" / "scheduled-backup.log"


WINDOWS_PROGRAM = r"C:\Users\Ann Lee\AppData\Local\Programs\Regvault\regvault.exe"


def test_windows_task_xml(schedule: BackupSchedule) -> None:
    schedule = dataclasses.replace(schedule, program=(WINDOWS_PROGRAM,))
    runner = RecordingRunner()
    task_plan = plan(schedule, Scheduler.WINDOWS_TASK)
    install(task_plan, run=runner)

    (xml_file,) = task_plan.files
    raw = xml_file.path.read_bytes()
    assert raw[:2] in (b"\xff\xfe", b"\xfe\xff")  # UTF-16 with a BOM, as schtasks expects
    root = ET.parse(xml_file.path).getroot()
    assert root.tag == "{" + TASK_NS["t"] + "}Task"
    trigger = root.find("t:Triggers/t:CalendarTrigger", TASK_NS)
    assert trigger is not None
    assert (trigger.findtext("t:StartBoundary", namespaces=TASK_NS) or "").endswith("T03:15:00")
    assert trigger.findtext("t:ScheduleByDay/t:DaysInterval", namespaces=TASK_NS) == "1"
    assert root.findtext("t:Principals/t:Principal/t:LogonType", namespaces=TASK_NS) == "InteractiveToken"
    assert root.findtext("t:Settings/t:StartWhenAvailable", namespaces=TASK_NS) == "true"
    exec_ = root.find("t:Actions/t:Exec", TASK_NS)
    assert exec_ is not None
    # The installed (windowed) executable itself: no cmd.exe, so no console window flashes at night.
    assert exec_.findtext("t:Command", namespaces=TASK_NS) == WINDOWS_PROGRAM
    arguments = exec_.findtext("t:Arguments", namespaces=TASK_NS) or ""
    assert "cmd" not in arguments and ">>" not in arguments
    # Quoted by the Microsoft C runtime's rules (what the executable's argv parser undoes): the space and
    # the & stay inside quotes; the command line appends its own output to the rotated log.
    assert arguments == subprocess.list2cmdline(
        ["--log-file", str(schedule.log_file), "backup", "--all-tenants", "--scheduled", "--data-dir",
         str(schedule.data_dir)])
    assert f'"{schedule.data_dir}"' in arguments
    assert exec_.findtext("t:WorkingDirectory", namespaces=TASK_NS) == str(schedule.data_dir)

    assert runner.calls == [(("schtasks", "/Create", "/TN", "\\Regvault\\Backup", "/XML", str(xml_file.path), "/F"), None)]
    assert "schtasks /Create" in task_plan.install_commands[0].display()
    assert schedule.log_file.parent.is_dir()


def test_a_windows_task_from_a_python_install_runs_the_module(schedule: BackupSchedule) -> None:
    schedule = dataclasses.replace(schedule, program=(r"C:\venv\Scripts\pythonw.exe", "-m", "desktop_app.cli"))
    root = ET.fromstring(windows_task_xml(schedule).split("\n", 1)[1])
    exec_ = root.find("t:Actions/t:Exec", TASK_NS)
    assert exec_ is not None
    assert exec_.findtext("t:Command", namespaces=TASK_NS) == r"C:\venv\Scripts\pythonw.exe"
    assert (exec_.findtext("t:Arguments", namespaces=TASK_NS) or "").startswith("-m desktop_app.cli --log-file ")


@pytest.mark.parametrize(("platform", "executable", "expected"), [
    # A packaged build: the installed executable; on Windows the windowed one, whichever of the two asks.
    ("win32", r"C:\Users\ann\AppData\Local\Programs\Regvault\regvault-cli.exe",
     (r"C:\Users\ann\AppData\Local\Programs\Regvault\regvault.exe",)),
    ("win32", r"C:\Users\ann\AppData\Local\Programs\Regvault\regvault.exe",
     (r"C:\Users\ann\AppData\Local\Programs\Regvault\regvault.exe",)),
    ("darwin", "/Applications/Regvault.app/Contents/MacOS/regvault",
     ("/Applications/Regvault.app/Contents/MacOS/regvault",)),
    ("linux", "/opt/regvault/regvault", ("/opt/regvault/regvault",)),
])
def test_a_packaged_build_schedules_its_installed_executable(platform: str, executable: str,
                                                              expected: tuple[str, ...]) -> None:
    assert default_program(executable=executable, frozen=True, platform=platform) == expected


def test_a_python_install_schedules_its_interpreter() -> None:
    assert default_program(executable="/opt/venv/bin/python", frozen=False, platform="linux") == (
        "/opt/venv/bin/python", "-m", "desktop_app.cli")


def test_a_mac_app_not_yet_in_applications_is_not_scheduled(schedule: BackupSchedule) -> None:
    from_dmg = dataclasses.replace(schedule, program=("/Volumes/Regvault/Regvault.app/Contents/MacOS/regvault",))
    launchd = plan(from_dmg, Scheduler.LAUNCHD)
    assert launchd.problem is not None and "disk image" in launchd.problem
    assert launchd.text.startswith("# Not installable:")
    runner = RecordingRunner()
    with pytest.raises(ScheduleProblem):
        install(launchd, run=runner)
    assert runner.calls == [] and not launchd_plist_path(from_dmg).exists()
    translocated = ("/private/var/folders/xy/T/AppTranslocation/1234/d/Regvault.app/Contents/MacOS/regvault",)
    assert program_problem(translocated) is not None
    assert program_problem(("/Applications/Regvault.app/Contents/MacOS/regvault",)) is None


def test_removing_a_windows_task_that_is_not_there(schedule: BackupSchedule) -> None:
    task_plan = plan(schedule, Scheduler.WINDOWS_TASK)
    runner = RecordingRunner({task_plan.remove_commands[0].argv: CommandResult(1, "", "ERROR: not found")})
    remove(task_plan, run=runner)
    assert [argv[1] for argv, _ in runner.calls] == ["/Query"]

    present = RecordingRunner()
    remove(task_plan, run=present)
    assert [argv[1] for argv, _ in present.calls] == ["/Query", "/Delete"]


def test_launchd_agent_plist(schedule: BackupSchedule) -> None:
    runner = RecordingRunner()
    agent_plan = plan(schedule, Scheduler.LAUNCHD)
    install(agent_plan, run=runner)

    (plist_file,) = agent_plan.files
    assert plist_file.path == schedule.home / "Library" / "LaunchAgents" / "com.regvault.backup.plist"
    agent = plistlib.loads(plist_file.path.read_bytes())
    assert agent["Label"] == LAUNCHD_LABEL
    assert agent["ProgramArguments"] == list(schedule.argv)
    assert agent["StartCalendarInterval"] == {"Hour": 3, "Minute": 15}
    assert agent["StandardOutPath"] == agent["StandardErrorPath"] == str(schedule.log_file)
    assert agent["RunAtLoad"] is False

    (bootout, _), (bootstrap, _) = runner.calls
    assert bootout[:2] == ("launchctl", "bootout") and bootout[2].endswith("/" + LAUNCHD_LABEL)
    assert bootstrap[:2] == ("launchctl", "bootstrap") and bootstrap[-1] == str(plist_file.path)

    remove(agent_plan, run=runner)
    assert not plist_file.path.exists()


def parse_unit(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return parser


def test_systemd_service_and_timer(schedule: BackupSchedule) -> None:
    service_text, timer_text = systemd_units(schedule)
    service, timer = parse_unit(service_text), parse_unit(timer_text)

    assert service["Service"]["Type"] == "oneshot"
    assert shlex.split(service["Service"]["ExecStart"]) == list(schedule.argv)
    assert service["Service"]["StandardOutput"] == f"append:{schedule.log_file}"
    assert timer["Timer"]["OnCalendar"] == "*-*-* 03:15:00"
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_systemd_escapes_specifiers(tmp_path: Path) -> None:
    odd = BackupSchedule(data_dir=tmp_path / "100%", program=("/usr/bin/regvault",))
    service_text, _ = systemd_units(odd)
    assert f"{tmp_path}/100%%" in service_text
    assert "100% " not in service_text and not service_text.rstrip().endswith("100%")


def test_systemd_install_writes_units_then_enables_the_timer(schedule: BackupSchedule) -> None:
    runner = RecordingRunner()
    timer_plan = plan(schedule, Scheduler.SYSTEMD)
    install(timer_plan, run=runner)
    unit_dir = schedule.home / ".config" / "systemd" / "user"
    assert sorted(p.name for p in unit_dir.iterdir()) == ["regvault-backup.service", "regvault-backup.timer"]
    assert [argv for argv, _ in runner.calls] == [
        ("systemctl", "--user", "daemon-reload"),
        ("systemctl", "--user", "enable", "--now", "regvault-backup.timer"),
    ]
    remove(timer_plan, run=runner)
    assert list(unit_dir.iterdir()) == []
    assert runner.calls[2][0] == ("systemctl", "--user", "disable", "--now", "regvault-backup.timer")


def test_a_failing_command_says_which_and_why(schedule: BackupSchedule) -> None:
    timer_plan = plan(schedule, Scheduler.SYSTEMD)
    runner = RecordingRunner(
        {("systemctl", "--user", "daemon-reload"): CommandResult(1, "", "Failed to connect to bus: No medium found")}
    )
    with pytest.raises(ScheduleError) as raised:
        install(timer_plan, run=runner)
    assert "systemctl --user daemon-reload" in str(raised.value)
    assert "No medium found" in str(raised.value)


def test_a_failed_install_leaves_no_unit_files_and_puts_back_what_was_there(schedule: BackupSchedule) -> None:
    timer_plan = plan(schedule, Scheduler.SYSTEMD)
    enable = ("systemctl", "--user", "enable", "--now", "regvault-backup.timer")
    failing = RecordingRunner({enable: CommandResult(1, "", "Failed to enable unit: Access denied")})
    with pytest.raises(ScheduleError):
        install(timer_plan, run=failing)
    unit_dir = schedule.home / ".config" / "systemd" / "user"
    assert not unit_dir.exists() or list(unit_dir.iterdir()) == []
    assert failing.calls[-1][0] == ("systemctl", "--user", "daemon-reload")  # systemd forgets them too

    install(timer_plan, run=RecordingRunner())  # a working schedule, then a reinstall that fails
    kept = {p.name: p.read_text() for p in unit_dir.iterdir()}
    with pytest.raises(ScheduleError):
        install(plan(schedule, Scheduler.SYSTEMD), run=RecordingRunner({enable: CommandResult(1, "", "no")}))
    assert {p.name: p.read_text() for p in unit_dir.iterdir()} == kept


def test_cron_line(schedule: BackupSchedule) -> None:
    line = cron_line(schedule)
    assert line.endswith(CRON_MARKER + "\n")
    minute, hour, day, month, weekday, *command = shlex.split(line.removesuffix(CRON_MARKER + "\n"))
    assert (minute, hour, day, month, weekday) == ("15", "3", "*", "*", "*")
    start = command.index(schedule.argv[0])
    assert command[start : start + len(schedule.argv)] == list(schedule.argv)
    assert command[-3:] == [">>", str(schedule.log_file), "2>&1"]


def test_cron_escapes_percent(tmp_path: Path) -> None:
    line = cron_line(BackupSchedule(data_dir=tmp_path / "100%", program=("regvault",)))
    assert "100\\%" in line and "100%" not in line.replace("100\\%", "")


def test_cron_install_keeps_the_other_lines(schedule: BackupSchedule) -> None:
    existing = "MAILTO=admin\n0 * * * * /usr/bin/other-job\n5 1 * * * old regvault " + CRON_MARKER + "\n"
    runner = RecordingRunner({("crontab", "-l"): CommandResult(0, existing, "")})
    cron_plan = plan(schedule, Scheduler.CRON)
    install(cron_plan, run=runner)
    written = runner.calls[-1]
    assert written[0] == ("crontab", "-")
    assert written[1] == "MAILTO=admin\n0 * * * * /usr/bin/other-job\n" + cron_line(schedule)
    assert cron_plan.text == cron_line(schedule)

    runner.answers[("crontab", "-l")] = CommandResult(0, written[1] or "", "")
    remove(cron_plan, run=runner)
    assert runner.calls[-1] == (("crontab", "-"), "MAILTO=admin\n0 * * * * /usr/bin/other-job\n")


def test_cron_install_without_a_crontab_yet(schedule: BackupSchedule) -> None:
    runner = RecordingRunner({("crontab", "-l"): CommandResult(1, "", "no crontab for user")})
    install(plan(schedule, Scheduler.CRON), run=runner)
    assert runner.calls[-1] == (("crontab", "-"), cron_line(schedule))
    remove(plan(schedule, Scheduler.CRON), run=runner)
    assert len(runner.calls) == 3  # nothing of ours to remove: crontab left alone


# --- for real, where the machine allows -----------------------------------------------------------------


def _works(*argv: str) -> bool:
    if shutil.which(argv[0]) is None:
        return False
    try:
        return subprocess.run(argv, capture_output=True, timeout=20, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_accepts_the_units(tmp_path: Path) -> None:
    schedule = BackupSchedule(data_dir=tmp_path / "data", home=tmp_path / "home")
    timer_plan = plan(schedule, Scheduler.SYSTEMD)
    install(timer_plan, run=RecordingRunner())
    result = subprocess.run(
        ["systemd-analyze", "verify", *(str(f.path) for f in timer_plan.files)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(
    os.environ.get("REGVAULT_REAL_SCHEDULER_TESTS") != "1" or not _works("systemctl", "--user", "show-environment"),
    reason="needs a working `systemctl --user` and REGVAULT_REAL_SCHEDULER_TESTS=1: the user manager reads units "
    "from the real home only, so this test installs there (and removes again)",
)
def test_systemd_timer_installed_and_removed_for_real(tmp_path: Path) -> None:
    schedule = BackupSchedule(data_dir=tmp_path / "data", program=(sys.executable, "-c", "print('backup')"))
    timer_plan = plan(schedule, Scheduler.SYSTEMD)
    install(timer_plan)
    try:
        enabled = subprocess.run(["systemctl", "--user", "is-enabled", "regvault-backup.timer"], capture_output=True, text=True, check=False)
        assert enabled.stdout.strip() == "enabled"
    finally:
        remove(timer_plan)
    gone = subprocess.run(["systemctl", "--user", "is-enabled", "regvault-backup.timer"], capture_output=True, text=True, check=False)
    assert gone.returncode != 0
    assert not any(f.path.exists() for f in timer_plan.files)


@pytest.mark.skipif(
    not (shutil.which("crontab") and _works("sh", "-c", "crontab -l >/dev/null 2>&1 || crontab -l 2>&1 | grep -qi 'no crontab'")),
    reason="no usable `crontab` command on this machine",
)
def test_cron_line_installed_and_removed_for_real(tmp_path: Path) -> None:
    before = subprocess.run(["crontab", "-l"], capture_output=True, text=True, check=False)
    schedule = BackupSchedule(data_dir=tmp_path / "data", home=tmp_path)
    cron_plan = plan(schedule, Scheduler.CRON)
    try:
        install(cron_plan)
        listed = subprocess.run(["crontab", "-l"], capture_output=True, text=True, check=True).stdout
        assert cron_line(schedule) in listed
        remove(cron_plan)
        after = subprocess.run(["crontab", "-l"], capture_output=True, text=True, check=False).stdout
        assert CRON_MARKER not in after
    finally:
        if before.returncode == 0:
            subprocess.run(["crontab", "-"], input=before.stdout, text=True, check=False)
        else:  # there was no crontab: leave none
            subprocess.run(["crontab", "-r"], capture_output=True, check=False)


def test_every_fifteen_minutes_in_each_scheduler(schedule: BackupSchedule) -> None:
    often = dataclasses.replace(schedule, every_minutes=15)
    task = ET.fromstring(windows_task_xml(often).split("\n", 1)[1])
    repetition = task.find("t:Triggers/t:CalendarTrigger/t:Repetition", TASK_NS)
    assert repetition is not None and repetition.findtext("t:Interval", namespaces=TASK_NS) == "PT15M"
    assert repetition.findtext("t:Duration", namespaces=TASK_NS) == "P1D"
    assert ET.fromstring(windows_task_xml(schedule).split("\n", 1)[1]).find(
        "t:Triggers/t:CalendarTrigger/t:Repetition", TASK_NS) is None  # daily stays daily
    agent = plistlib.loads(plan(often, Scheduler.LAUNCHD).files[0].content.encode())
    assert agent["StartInterval"] == 900 and "StartCalendarInterval" not in agent
    _service, timer = systemd_units(often)
    assert "OnCalendar=*:0/15\n" in timer
    assert cron_line(often).startswith("*/15 * * * * ")
    assert often.backup_arguments == schedule.backup_arguments  # the same `regvault backup`: it reads what changed


def test_systemd_analyze_accepts_the_quarter_hourly_timer(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("no systemd-analyze")
    schedule = BackupSchedule(data_dir=tmp_path / "data", home=tmp_path / "home", every_minutes=15)
    timer_plan = plan(schedule, Scheduler.SYSTEMD)
    install(timer_plan, run=RecordingRunner())
    result = subprocess.run(["systemd-analyze", "verify", *(str(f.path) for f in timer_plan.files)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
