"""`regvault backup --tenant T [--full]`: capture what changed in a tenant since the last backup (a full backup the
first time, once a day, when Graph's change feed expired, or with --full; services/capture.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from desktop_app.auth.errors import AuthError
from desktop_app.cli.capture_words import capture_json, capture_line, capture_notes, capture_text
from desktop_app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CANCELLED,
    EXIT_FAILED,
    EXIT_OK,
    CommandError,
    StatusLine,
    add_wait_argument,
    emit,
    fail,
    guarded,
    paths_of,
    printable,
    waiting_note,
)
from desktop_app.cli.session import describe_auth_error, opened_services
from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.services.alerts_unrecorded import store_usable_again, tell_store_unusable
from desktop_app.services.backup import BackupFailed, BackupProgress, BackupService, BackupSummary
from desktop_app.services.capture import CaptureService
from desktop_app.services.permissions import PermissionsNeeded
from desktop_app.services.tenants import TenantNotConnectable
from desktop_app.store import (
    DatabaseDamaged,
    DatabaseUnreachable,
    DatabaseWriteError,
    Store,
    StoreError,
    TenantBusy,
)
from desktop_app.store.records import SnapshotTrigger


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    backup = subparsers.add_parser("backup", parents=[common], help="back up every app registration of a tenant")
    which = backup.add_mutually_exclusive_group(required=True)
    which.add_argument("--tenant", metavar="T", help="tenant id, domain or name")
    which.add_argument("--all-tenants", action="store_true", help="every tenant added (not restore-only ones)")
    backup.add_argument("--scheduled", action="store_true", help="mark the snapshot as taken by the scheduler")
    backup.add_argument("--full", action="store_true",
                        help="read every app again (otherwise only what changed since the last backup is read)")
    add_wait_argument(backup)
    backup.set_defaults(handler=guarded(run_backup))


def run_backup(args: argparse.Namespace) -> int:
    try:
        return _run_backup(args)
    except (CommandError, StoreError) as exc:
        # The store could not be used at all (unreachable, damaged, another program's, a read-only folder):
        # monitoring still gets its line, then the usual sentence and exit code.
        which = "all" if getattr(args, "all_tenants", False) else args.tenant
        print(f"regvault-backup failed tenant={which} {_one_line(str(exc))}", file=sys.stderr)
        if args.scheduled and isinstance(exc.__cause__ if isinstance(exc, CommandError) else exc, StoreError):
            # No store to record it in, and nobody at the screen: the desktop is told (once per reason).
            try:
                why = tell_store_unusable(paths_of(args).data_dir, _one_line(str(exc)))
            except CommandError as unusable:  # the data folder too
                why = str(unusable)
            if why:
                print(f"regvault: warning: a desktop notification could not be sent: {why}", file=sys.stderr)
        raise


def _record_failure(store: Store, tenant_id: str, started: datetime, error: str, trigger: SnapshotTrigger) -> None:
    """A failed attempt, in the CLI's words (services/alerts.py sends them); a store that takes no write (a full
    disk) leaves it unrecorded, and the failure is still printed and in the exit code."""
    try:
        store.record_failed_backup(tenant_id, started=started, finished=datetime.now(UTC), error=error,
                                   trigger=trigger)
    except StoreError as exc:
        print(f"regvault: the failed backup could not be recorded: {_one_line(str(exc))}", file=sys.stderr)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _run_backup(args: argparse.Namespace) -> int:
    cancel = CancelToken()
    trigger: SnapshotTrigger = "scheduled" if args.scheduled else "manual"
    results: list[dict[str, object]] = []
    exit_code = EXIT_OK
    with opened_services(args) as services:
        store = services.store
        store_usable_again(paths_of(args).data_dir)
        tenants = store.list_tenants() if args.all_tenants else [store.get_tenant(args.tenant)]
        if not tenants:
            raise CommandError("no tenants have been added yet")
        # The connector prefers a tenant's app-only identity, else the remembered sign-in (never asks).
        capture = CaptureService(store, BackupService(store, services.connector))
        for tenant in tenants:
            progress = _ProgressLine(tenant.display_name, quiet=args.json)
            started = datetime.now(UTC)
            try:
                outcome = capture.capture(tenant.tenant_id, full=args.full, trigger=trigger, progress=progress,
                                          cancel=cancel, lock_wait=args.wait * 60,
                                          on_lock_wait=waiting_note(tenant.display_name, args.wait))
            except (BackupFailed, TenantNotConnectable, DatabaseWriteError, DatabaseDamaged, DatabaseUnreachable,
                    TenantBusy) as exc:
                progress.done()
                if isinstance(exc, TenantNotConnectable | DatabaseWriteError):
                    # Recorded (if the store still takes it) for the window and the alerts: BackupFailed is
                    # recorded where it happens; another backup holding the tenant is no failure.
                    _record_failure(store, tenant.tenant_id, started, str(exc), trigger)
                cause = getattr(exc, "cause", None)
                results.append({
                    "tenant": tenant.tenant_id, "result": "failed", "message": str(exc),
                    "code": getattr(cause, "code", None), "requestId": getattr(cause, "request_id", None),
                })
                # A line for monitoring tools: one per tenant, "regvault-backup <result> <tenant> ...".
                print(f"regvault-backup failed tenant={tenant.tenant_id} {_one_line(str(exc))}", file=sys.stderr)
                # A damaged or unreachable database is no failed backup but an unusable database (as at opening).
                unusable = isinstance(exc, DatabaseDamaged | DatabaseUnreachable)
                exit_code = EXIT_BAD_INPUT if unusable else EXIT_FAILED
                continue
            except AuthError as exc:
                # No one to ask: a clear message, a failed attempt the window shows, its own exit code.
                progress.done()
                message, code = describe_auth_error(exc)
                keyring = services.credentials.keyring_problem
                if keyring and tenant.kind != "emulator":
                    # A locked keychain looks like no sign-in at all: the alert says which it is.
                    message += (" The system keyring could not be used, so a saved sign-in could not be read: "
                                f"{keyring.split('. ')[0].rstrip('.')}.")
                _record_failure(store, tenant.tenant_id, started, message, trigger)
                results.append({"tenant": tenant.tenant_id, "result": "sign-in needed", "message": message})
                print(f"regvault-backup failed tenant={tenant.tenant_id} {message}", file=sys.stderr)
                exit_code = code if exit_code in (EXIT_OK, code) else EXIT_FAILED
                continue
            except (Cancelled, KeyboardInterrupt):
                cancel.cancel()
                progress.done()
                return fail(args, "backup cancelled; earlier snapshots are unchanged", EXIT_CANCELLED)
            progress.done()
            for line in capture_notes(outcome, tenant.display_name, tenant.tenant_id):
                print(f"regvault: {line}", file=sys.stderr)
            if outcome.backup is None:
                results.append({"tenant": tenant.tenant_id, "result": "complete", "capture": capture_json(outcome)})
                print(f"regvault-backup complete tenant={tenant.tenant_id} {capture_line(outcome)}", file=sys.stderr)
                continue
            summary = outcome.backup
            if summary.permissions_missing:
                needed = PermissionsNeeded(tenant.tenant_id, tenant.display_name, summary.permissions_missing,
                                           "backup")
                print(f"regvault: note: {needed.sentence} Run `{needed.command}`.", file=sys.stderr)
            line = (f"snapshot={summary.snapshot_id} apps={summary.apps} added={summary.added} "
                    f"changed={summary.changed} removed={summary.removed}")
            if summary.certificates_pending:
                # The snapshot is kept and can be browsed; some certificate bytes are still to come.
                results.append({"tenant": tenant.tenant_id, "result": "certificates pending", "summary": summary})
                print(f"regvault-backup incomplete tenant={tenant.tenant_id} {line} "
                      f"certificates_pending={summary.certificates_pending} "
                      f"{_one_line(summary.certificates_stopped or '')}", file=sys.stderr)
                cancelled = summary.certificates_stopped == "cancelled"
                exit_code = EXIT_CANCELLED if cancelled and exit_code == EXIT_OK else exit_code or EXIT_FAILED
                if cancelled:
                    break  # Ctrl+C: the other tenants are not started
                continue
            if summary.unlisted_kept:
                # Graph's listing left out apps that still exist: the snapshot keeps their last versions.
                results.append({"tenant": tenant.tenant_id, "result": "listing incomplete", "summary": summary,
                                "capture": capture_json(outcome)})
                print(f"regvault-backup incomplete tenant={tenant.tenant_id} {line} "
                      f"unlisted_kept={summary.unlisted_kept}", file=sys.stderr)
                exit_code = exit_code or EXIT_FAILED
                continue
            results.append({"tenant": tenant.tenant_id, "result": "complete", "summary": summary,
                            "capture": capture_json(outcome)})
            print(f"regvault-backup complete tenant={tenant.tenant_id} {line}", file=sys.stderr)
        # What needs a person (failures, expiring credentials, incident-relevant changes), told once; whatever
        # happens to the alerts, the backups' results and exit code stay as they are.
        alerts = services.alerts().after_backups([t.tenant_id for t in tenants])
        for sentence in alerts.sentences():
            print(f"regvault: warning: {printable(sentence)}", file=sys.stderr)

    def text() -> str | list[str]:
        lines = []
        for r in results:
            s = r.get("summary")
            if "capture" in r and s is None:
                lines.append(f"{r['tenant']}: {capture_text(r['capture'])}")  # type: ignore[arg-type]
            elif isinstance(s, BackupSummary):
                lines.append(
                    f"{r['tenant']}: snapshot {s.snapshot_id}: {s.apps:,} apps ({s.added} added, {s.changed} "
                    f"changed, {s.removed} removed) in {s.seconds:.1f} s, {s.requests} requests, "
                    f"{s.resource_units:.0f} resource units"
                )
                lines += certificate_lines(s)
                if s.unlisted_kept:
                    lines.append(f"  {s.unlisted_kept:,} app(s) were missing from Graph's listing although they still "
                                 "exist (a short or damaged answer): not counted as removed, their last versions "
                                 "kept; run the backup again")
                if s.repaired:
                    lines.append(f"  {s.repaired:,} stored version(s) could not be read (damaged in the database): "
                                 "written anew from this backup")
                if s.permissions_missing:
                    lines.append(f"  enterprise applications not read: {', '.join(s.permissions_missing)} not "
                                 "granted (see the note above)")
            else:
                lines.append(f"{r['tenant']}: FAILED: {r['message']}")
        return lines

    emit(args, {"backups": results, "alerts": {"created": alerts.created, "sent": dict(alerts.sent),
                                               "problems": [p.reason for p in alerts.problems]}}, text)
    return exit_code


def certificate_lines(s: BackupSummary) -> list[str]:
    """What the summary says of the certificate bytes read after the snapshot was written."""
    read = s.details.get("certificates", 0)
    lines = []
    if s.browsable_seconds is not None and (read or s.certificates_pending):
        lines.append(f"  browsable after {s.browsable_seconds:.1f} s; certificate bytes read afterwards for "
                     f"{read:,} apps (Graph allows 150 certificate reads a minute)")
    if s.certificates_pending:
        why = "cancelled" if s.certificates_stopped == "cancelled" else f"stopped: {s.certificates_stopped}"
        lines.append(f"  {s.certificates_pending:,} certificates still to come ({why}): the snapshot is kept, and "
                     "the next backup reads them first")
    return lines


class _ProgressLine(StatusLine):
    def __init__(self, name: str, *, quiet: bool) -> None:
        super().__init__(quiet=quiet)
        self._name = name
        self._quiet = quiet

    def note(self, text: str) -> None:
        """A line that stays (also when stderr is no terminal): the moment the snapshot can be browsed."""
        self.done()
        if not self._quiet:
            print(f"regvault: {printable(text)}", file=sys.stderr, flush=True)

    def __call__(self, p: BackupProgress) -> None:
        if p.phase == "browsable":
            if p.total:
                self.note(f"{self._name}: the snapshot of {p.done:,} apps can be browsed now; reading the bytes of "
                          f"{p.total:,} certificates still to come (Graph allows 150 a minute)…")
            return
        if p.phase == "certificates":
            self.show(f"{self._name}: certificates {p.done:,}/{p.total or 0:,} ({(p.total or 0) - p.done:,} "
                      "still to come)")
            return
        total = f"/{p.total:,}" if p.total else ""
        self.show(f"{self._name}: {p.phase} {p.done:,}{total}")
