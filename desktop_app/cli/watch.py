"""`regvault watch (--tenant T | --all-tenants) [--interval SECONDS]`: capture changes until stopped (Ctrl+C: exit
130, nothing half-written). Each capture with changes makes a snapshot; one without says when it looked."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime

from desktop_app.cli.capture_words import capture_json, capture_notes, capture_text
from desktop_app.cli.common import (
    EXIT_CANCELLED,
    CommandError,
    cancel_on_interrupt,
    emit,
    guarded,
    non_negative,
)
from desktop_app.cli.session import opened_services
from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.domain.text_safety import printable
from desktop_app.services.backup import BackupService
from desktop_app.services.capture import CaptureOutcome, CaptureService
from desktop_app.services.sign_in_failures import sign_in_failure_text
from desktop_app.services.watch import DEFAULT_INTERVAL_S, MIN_INTERVAL_S, Watch, WatchReport
from desktop_app.store import TenantInfo


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    watch = subparsers.add_parser("watch", parents=[common],
                                  help="capture every change within minutes, until stopped (Ctrl+C)")
    which = watch.add_mutually_exclusive_group(required=True)
    which.add_argument("--tenant", metavar="T", help="tenant id, domain or name")
    which.add_argument("--all-tenants", action="store_true", help="every tenant added (not restore-only ones)")
    watch.add_argument("--interval", metavar="SECONDS", type=non_negative, default=DEFAULT_INTERVAL_S,
                       help=f"seconds from one look to the next (default {DEFAULT_INTERVAL_S:.0f}, at least "
                            f"{MIN_INTERVAL_S:.0f})")
    watch.set_defaults(handler=guarded(run_watch))


def run_watch(args: argparse.Namespace) -> int:
    if args.interval < MIN_INTERVAL_S:
        raise CommandError(f"--interval is at least {MIN_INTERVAL_S:.0f} seconds")
    cancel = CancelToken()
    with opened_services(args) as services:
        store = services.store

        def tenants() -> list[TenantInfo]:
            if args.all_tenants:
                return [t for t in store.list_tenants() if not t.is_restore_target]
            return [store.get_tenant(args.tenant)]

        if not tenants():
            raise CommandError("no tenants have been added yet")
        def alerts(watched: Sequence[TenantInfo]) -> None:
            # What needs a person after each round, told once (services/alerts.py); never stops the watch.
            for sentence in services.alerts().after_backups([t.tenant_id for t in watched]).sentences():
                print(f"regvault: warning: {printable(sentence)}", file=sys.stderr)

        watch = Watch(CaptureService(store, BackupService(store, services.connector)), tenants,
                      interval_s=args.interval, after_round=alerts)
        if not args.json:
            names = ", ".join(t.display_name for t in tenants())
            print(f"regvault: watching {names} every {args.interval:.0f} s; Ctrl+C stops.", file=sys.stderr)
        try:
            # Ctrl+C or SIGTERM (a service manager) stops the capture in progress before it writes; a second one
            # at once. Either way the store is as the last completed capture left it.
            with cancel_on_interrupt(cancel, "stopping: the capture in progress ends before it writes"):
                watch.run(cancel, lambda report: _say(args, report))
        except (Cancelled, KeyboardInterrupt):
            cancel.cancel()
            if not args.json:
                print("regvault: stopped; every completed capture is kept.", file=sys.stderr)
            return EXIT_CANCELLED
    return EXIT_CANCELLED  # watch.run returns only by being stopped


def _say(args: argparse.Namespace, report: WatchReport) -> None:
    tenant = report.tenant
    stamp = datetime.now().strftime("%H:%M:%S")
    if report.outcome is None:
        # A sign-in failure is recorded by the watch's round (services/sign_in_failures.py), in these words.
        message = sign_in_failure_text(report.error) if report.error is not None else "failed"
        if report.unrecorded is not None:
            message += f" (not recorded: {report.unrecorded})"
        emit(args, {"tenant": tenant.tenant_id, "result": "failed", "message": message},
             lambda: [f"{stamp} {tenant.display_name}: FAILED: {message}"])
        return
    outcome = report.outcome
    for note in capture_notes(outcome, tenant.display_name, tenant.tenant_id):
        print(f"regvault: {note}", file=sys.stderr)
    facts = capture_json(outcome)
    emit(args, {"tenant": tenant.tenant_id, "result": "complete", "capture": facts},
         lambda: [f"{stamp} {tenant.display_name}: {capture_text(facts) if outcome.backup is None else _full(outcome)}"])
    sys.stdout.flush()


def _full(outcome: CaptureOutcome) -> str:
    backup = outcome.backup
    if backup is None:
        return ""
    return (f"full backup: snapshot {backup.snapshot_id}: {backup.apps:,} apps ({backup.added} added, "
            f"{backup.changed} changed, {backup.removed} removed) in {backup.seconds:.1f} s, {backup.requests} requests")
