"""`regvault schedule show|install|remove`: the operating system's own schedule for a daily backup."""

from __future__ import annotations

import argparse
import datetime

from desktop_app.cli.common import EXIT_FAILED, CommandError, emit, guarded, opened_store, paths_of
from desktop_app.services.schedule import (
    EVERY_CHOICES,
    BackupSchedule,
    ScheduleError,
    SchedulePlan,
    ScheduleProblem,
    Scheduler,
    install,
    plan,
    remove,
    schedulers_for_platform,
)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    schedule = subparsers.add_parser("schedule", parents=[common],
                                     help="show, install or remove the daily unattended backup")
    schedule.add_argument("action", choices=("show", "install", "remove"))
    schedule.add_argument("--at", metavar="HH:MM", default="02:30", type=parse_time,
                          help="local time of the daily backup (default 02:30)")
    schedule.add_argument("--tenant", metavar="T", help="back up only this tenant (default: every tenant)")
    schedule.add_argument("--every", metavar="MINUTES", type=_minutes,
                          help="back up every MINUTES minutes instead of daily (e.g. 15: each run reads only what "
                               "changed since the last; the first of a day reads everything)")
    schedule.add_argument("--scheduler", choices=[s.value for s in Scheduler],
                          help="default: the platform's own (Task Scheduler, launchd, systemd)")
    schedule.set_defaults(handler=guarded(run_schedule))


def parse_time(text: str) -> datetime.time:
    try:
        hours, minutes = text.strip().split(":")
        return datetime.time(int(hours), int(minutes))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time like 02:30") from None


def schedule_plan(args: argparse.Namespace) -> SchedulePlan:
    paths = paths_of(args)
    tenant = None
    if args.tenant:
        with opened_store(args) as store:
            tenant = store.get_tenant(args.tenant).tenant_id
    scheduler = Scheduler(args.scheduler) if args.scheduler else schedulers_for_platform()[0]
    return plan(BackupSchedule(paths.data_dir, at=args.at, tenant=tenant, every_minutes=args.every), scheduler)


def run_schedule(args: argparse.Namespace) -> int:
    the_plan = schedule_plan(args)
    if args.action == "install":
        try:
            install(the_plan)
        except ScheduleProblem as exc:
            raise CommandError(f"not installed: {exc}") from exc
        except (ScheduleError, OSError) as exc:
            raise CommandError(f"installing the schedule failed: {exc}", EXIT_FAILED) from exc
    elif args.action == "remove":
        try:
            remove(the_plan)
        except (ScheduleError, OSError) as exc:
            raise CommandError(f"removing the schedule failed: {exc}", EXIT_FAILED) from exc
    commands = the_plan.remove_commands if args.action == "remove" else the_plan.install_commands
    document = {
        "action": args.action,
        "scheduler": the_plan.scheduler.value,
        "files": [{"path": str(f.path), "content": f.content} for f in the_plan.files],
        "cronLine": the_plan.cron_line,
        "installCommands": [c.display() for c in the_plan.install_commands],
        "removeCommands": [c.display() for c in the_plan.remove_commands],
        "logFile": str(the_plan.log_file),
    }

    def text() -> str:
        if args.action == "install":
            return f"Installed the daily backup ({the_plan.scheduler.value}); its output goes to {the_plan.log_file}."
        if args.action == "remove":
            return f"Removed the daily backup ({the_plan.scheduler.value})."
        shown = "\n".join(c.display() for c in commands)
        return f"{the_plan.text}\n\n# Install with:\n{shown}\n\n# Remove with:\n" + "\n".join(
            c.display() for c in the_plan.remove_commands)

    emit(args, document, text)
    return 0


def _minutes(text: str) -> int:
    try:
        minutes = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of minutes: {text!r}") from None
    if minutes not in EVERY_CHOICES:
        raise argparse.ArgumentTypeError(f"one of {', '.join(map(str, EVERY_CHOICES))} minutes")
    return minutes
