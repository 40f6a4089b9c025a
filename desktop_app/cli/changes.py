"""`regvault changes --tenant T --since WHEN [--json] [--format html --output FILE]`: what was added, removed and
changed in a tenant since a moment, most dangerous first, with who and when (services/changes.py); the HTML
evidence pack for the incident record (services/evidence.py)."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop_app.cli.common import (
    EXIT_CANCELLED,
    EXIT_FAILED,
    CommandError,
    StatusLine,
    add_wait_argument,
    emit,
    fail,
    guarded,
    waiting_note,
)
from desktop_app.cli.session import auth_guarded, opened_services
from desktop_app.domain.cancel import Cancelled
from desktop_app.services import incident_texts as texts
from desktop_app.services.backup import BackupFailed, BackupProgress
from desktop_app.services.changes import ChangesReport, NoBaseline, Since
from desktop_app.services.evidence import evidence_html
from desktop_app.services.output_files import UnsafeOutput, check_output, write_file
from desktop_app.store import TenantBusy

_AGE = re.compile(r"^(\d+)\s*([dhm])$")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    changes = subparsers.add_parser(
        "changes", parents=[common],
        help="what was added, removed and changed in a tenant since a moment (an incident's first question)")
    changes.add_argument("--tenant", metavar="T", required=True)
    add_since_argument(changes)
    changes.add_argument("--no-capture", action="store_true",
                         help="compare with what the store holds, without reading the tenant first")
    changes.add_argument("--format", choices=("text", "html"), default="text",
                         help="html: the evidence pack (every item with who and when, and what a rollback did)")
    changes.add_argument("--output", metavar="FILE", type=Path, help="with --format html: the file to write")
    add_wait_argument(changes)
    changes.set_defaults(handler=guarded(auth_guarded(list_changes)))


def add_since_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="WHEN", required=True, type=since_value,
                        help="a date (2026-12-07: from its start), a date and time (2026-12-07 09:30), an age "
                             "(12h, 3d, 30m) or a snapshot number")


def since_value(text: str) -> Since:
    value = text.strip()
    if value.lstrip("#").isdigit():
        return Since(snapshot_id=int(value.lstrip("#")))
    age = _AGE.match(value.lower())
    if age is not None:
        amount, unit = int(age.group(1)), age.group(2)
        return Since(moment=datetime.now(UTC) - timedelta(**{{"d": "days", "h": "hours", "m": "minutes"}[unit]: amount}))
    try:
        moment = datetime.fromisoformat(value.replace(" ", "T", 1))
        moment = moment.astimezone() if moment.tzinfo is None else moment
    except (ValueError, OverflowError):
        raise argparse.ArgumentTypeError(
            f"not a date (2026-12-07), a date and time (2026-12-07 09:30), an age (12h) or a snapshot number: "
            f"{text!r}") from None
    if moment > datetime.now(UTC):  # nothing can have changed since then: "no changes" would be a wrong answer
        raise argparse.ArgumentTypeError(f"{text!r} is in the future: give a moment that has passed")
    return Since(moment=moment)


def no_baseline_message(exc: NoBaseline) -> str:
    tenant = exc.tenant.display_name
    if exc.since.snapshot_id is not None:
        return f"{tenant} has no complete snapshot {exc.since.snapshot_id}."
    if exc.first is None:
        return f"{tenant} has never been backed up: there is nothing to compare with. Run `regvault backup` first."
    return (f"the backups of {tenant} begin at {texts.local_time(exc.first.finished)}: nothing is known of the "
            f"tenant at {texts.local_time(exc.since.moment)}. Choose a later moment.")


def changes_report(args: argparse.Namespace, services: Any, *, capture: bool) -> ChangesReport:
    """The report `changes` and `rollback` start from: the tenant captured first (unless told not to)."""
    status = StatusLine(quiet=args.json)
    tenant = services.store.get_tenant(args.tenant)

    def progress(p: BackupProgress) -> None:
        status.show(f"Reading {tenant.display_name}: {p.phase} {p.done}" + (f" of {p.total}" if p.total else ""))

    try:
        return services.changes().changes(
            tenant.tenant_id, args.since, capture=capture, progress=progress, lock_wait=args.wait * 60,
            on_lock_wait=waiting_note(tenant.display_name, args.wait))
    except NoBaseline as exc:
        raise CommandError(no_baseline_message(exc)) from exc
    except (BackupFailed, TenantBusy) as exc:
        raise CommandError(f"{exc} Nothing was compared.", EXIT_FAILED) from exc
    finally:
        status.done()


def list_changes(args: argparse.Namespace) -> int:
    if args.format == "html" and args.output is None:
        raise CommandError("--format html writes the evidence pack to a file: give --output FILE")
    if args.output is not None and args.format != "html":
        raise CommandError("--output is for the evidence pack: add --format html")
    with opened_services(args) as services:
        if args.output is not None:
            try:
                check_output(args.output, [services.paths.data_dir])
            except UnsafeOutput as exc:
                raise CommandError(str(exc)) from exc
        try:
            report = changes_report(args, services, capture=not args.no_capture)
        except (Cancelled, KeyboardInterrupt):
            return fail(args, "cancelled; nothing was changed", EXIT_CANCELLED)
        if args.output is not None:
            rolled_back = services.rollback().rolled_back(report)
            try:
                write_file(args.output, evidence_html(report, rolled_back, generated=datetime.now(UTC)).encode())
            except OSError as exc:
                raise CommandError(f"could not write {args.output}: {exc.strerror or exc}", EXIT_FAILED) from exc
    emit(args, report_json(report), lambda: report_text(report, args.output))
    return 0


def report_json(report: ChangesReport) -> dict[str, Any]:
    return {
        "tenant": report.tenant.tenant_id, "since": report.moment,
        "baseline": {"snapshot": report.baseline.id, "finished": report.baseline.finished},
        "captured": report.capture.looked if report.capture else None,
        "auditReadUntil": report.audit_read_until, "auditMissingPermission": report.audit_refused,
        "items": [texts.change_json(c) for c in report.incident],
        "otherChanges": [texts.change_json(c) for c in report.other],
    }


def report_text(report: ChangesReport, output: Path | None) -> list[str]:
    lines = [f"Changes in {report.tenant.display_name} since {texts.local_time(report.moment)} (compared with "
             f"snapshot {report.baseline.id} of {texts.local_time(report.baseline.finished)}"
             + (f"; tenant read {texts.local_time(report.capture.looked)})" if report.capture else "; the store as it "
                                                                                                   "is, tenant not read)")]
    incident = report.incident
    if not incident:
        lines.append("Nothing an incident undoes was added, removed or changed.")
    else:
        lines.append(f"Incident items ({len(incident)}), most dangerous first:")
    for change in incident:
        validity = texts.validity(change)
        lines.append(f"  {change.item.change.upper():<8} {texts.describe(change)}")
        lines.append(f"           {texts.who_and_when(change)}" + (f"; {validity}" if validity else ""))
        lines.append(f"           id {change.id}")
    if report.other:
        lines.append(f"Other changes ({len(report.other)}), which a rollback leaves as they are:")
        lines += [f"  {texts.describe(c)} ({texts.who_and_when(c)})" for c in report.other]
    if report.audit_refused:
        lines.append(f"Who made each change is not known: Regvault's sign-in lacks {report.audit_refused} (run "
                     f"`regvault signin --tenant {report.tenant.tenant_id} --audit-read`).")
    if output is not None:
        lines.append(f"Evidence pack written to {output}.")
    elif incident:
        lines.append(f"Undo them: `regvault rollback --tenant {report.tenant.tenant_id} --since ... --dry-run` "
                     "previews; --keep ID leaves an item as it is.")
    return lines
