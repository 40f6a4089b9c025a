"""`regvault restore`: put app registrations back as they were at a snapshot (DESIGN.md §7).

    regvault restore --tenant T --snapshot DATE[TIME] (--app CLIENT_ID ... | --all)
                     [--as-new NAME] [--to-tenant T2 --domain D --confirm-tenant T2] [--only PATH[,PATH...]]
                     [--dry-run] [--wait MINUTES] [--take-over] [--json]

DATE (2026-11-20) picks the last full snapshot of that day in the local time zone; DATE TIME ("2026-11-20 14:30",
or an ISO datetime) the last snapshot at or before that time on that day. A dry run prints the plan and writes
nothing; otherwise the report is printed. Writing into another tenant needs `--confirm-tenant` naming that
tenant again (its id or one of its domains), so a script with a wrong `--to-tenant` writes nothing. Exit codes: 0 every app restored (verified, or with warnings), 1 some
app failed, 2 bad input (nothing written), 130 cancelled (the apps in flight were finished).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from desktop_app.app import Services
from desktop_app.auth.errors import AuthError
from desktop_app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CANCELLED,
    EXIT_FAILED,
    EXIT_OK,
    CommandError,
    StatusLine,
    add_wait_argument,
    cancel_on_interrupt,
    emit,
    fail,
    format_time,
    guarded,
    to_jsonable,
    waiting_note,
)
from desktop_app.cli.session import describe_auth_error, opened_services
from desktop_app.cli.snapshot_choice import backed_up_apps, chosen_snapshot, parse_snapshot_time
from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.domain.counts import counted
from desktop_app.domain.restore_plan import PlanError, PlanWarning, RestoreMode
from desktop_app.graph.errors import GraphError
from desktop_app.services.permissions import PermissionsNeeded
from desktop_app.services.restore import (
    RestoreInputError,
    RestorePreview,
    RestoreProgress,
    RestoreReport,
    RestoreRequest,
    RestoreService,
)
from desktop_app.services.restore_journal import Recovered, RestoreRunningElsewhere
from desktop_app.services.restore_selection import left_out_text
from desktop_app.services.restore_texts import (
    describe_access,
    describe_action,
    describe_failure,
    describe_follow_up,
    describe_input_error,
    describe_plan_error,
    describe_warning,
    remark_text,
)
from desktop_app.services.tenants import GraphConnector, TenantNotConnectable
from desktop_app.store import Store, TenantBusy, TenantInfo


def connector(services: Services) -> GraphConnector:
    """How the command reaches Graph: a tenant's app-only identity, else the remembered sign-in (never asks).
    Tests replace it, e.g. with the emulator's read-only tokens."""
    return services.connector


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    restore = subparsers.add_parser(
        "restore", parents=[common], help="restore app registrations as they were at a snapshot",
        description="Restore app registrations as they were at a snapshot: with their object (overwrite, "
        "undelete or recreate), as a new app, or to another tenant.",
    )
    restore.add_argument("--tenant", metavar="T", required=True, help="the tenant whose backups to restore from")
    restore.add_argument(
        "--snapshot", metavar="DATE[TIME]", required=True,
        help="2026-11-20 (the last snapshot of that local day), '2026-11-20 14:30' (the last one at or before), "
        "or a snapshot number as `regvault backup` prints it",
    )
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("--app", metavar="CLIENT_ID", nargs="+", action="extend", help="client ID(s) of the apps")
    which.add_argument("--all", action="store_true", help="every app of the tenant at that snapshot")
    restore.add_argument("--as-new", metavar="NAME", help="restore one app as a new app with this name")
    restore.add_argument("--copy-consent", action="store_true",
                         help="with --as-new: also copy the enterprise application's admin consent, application "
                              "permissions and user/group assignments (settings are always copied)")
    restore.add_argument("--to-tenant", metavar="T2", help="restore into this (added) tenant instead")
    restore.add_argument("--domain", metavar="D", help="with --to-tenant: verified domain for identifier URIs")
    restore.add_argument(
        "--confirm-tenant", metavar="T2",
        help="with --to-tenant: the target tenant's id or one of its domains again, to confirm writing into it "
        "(not needed with --dry-run)",
    )
    restore.add_argument(
        "--only", metavar="PATH[,PATH...]", action="append", default=[],
        help="restore only these parts (e.g. web.redirectUris, api.oauth2PermissionScopes, owners); everything "
        "else stays as it is now",
    )
    restore.add_argument("--dry-run", action="store_true", help="print the plan; write nothing")
    add_wait_argument(restore)
    restore.add_argument(
        "--take-over", action="store_true",
        help="a restore into the target that another workstation started still looks alive: you know it has "
        "stopped (the workstation is off or its Regvault was killed); settle it now instead of waiting for it",
    )
    restore.set_defaults(handler=guarded(run_restore))


def run_restore(args: argparse.Namespace) -> int:
    with opened_services(args) as services:
        store = services.store
        tenant = store.get_tenant(args.tenant)
        request = _request(args, store, tenant)
        service = RestoreService(store, connector(services))
        cancel = CancelToken()
        try:
            with cancel_on_interrupt(cancel):
                preview = service.preview(request, cancel=cancel)
        except Cancelled:
            return fail(args, "restore cancelled before anything was written", EXIT_CANCELLED)
        except PlanError as exc:
            raise CommandError(describe_plan_error(exc) + " Nothing was written.") from exc
        except RestoreInputError as exc:
            raise CommandError(f"{describe_input_error(exc)} Nothing was written.") from exc
        except (GraphError, TenantNotConnectable) as exc:
            return fail(args, f"reading the target's current state failed: {exc}. Nothing was written.",
                        EXIT_FAILED)
        except AuthError as exc:
            message, code = describe_auth_error(exc)
            return fail(args, f"{message} Nothing was written.", code)
        say_settled(preview.recovered)
        if args.dry_run:
            emit(args, {"dryRun": True, "plan": _plan_json(preview)}, lambda: _plan_text(preview))
            return EXIT_OK
        progress = _ProgressLine(quiet=args.json)
        try:
            with cancel_on_interrupt(cancel):
                report = service.run(preview, progress=progress, cancel=cancel, lock_wait=args.wait * 60,
                                     on_lock_wait=waiting_note(preview.target_tenant.display_name, args.wait),
                                     take_over=args.take_over)
        except RestoreRunningElsewhere as exc:
            progress.done()
            return fail(args, f"{exc} Nothing was written. Wait longer (--wait MINUTES), or, if that workstation "
                        "has stopped, run the restore again with --take-over.", EXIT_FAILED)
        except TenantBusy as exc:
            progress.done()
            return fail(args, f"{exc} Nothing was written.", EXIT_FAILED)
        except (GraphError, TenantNotConnectable) as exc:
            progress.done()
            return fail(args, f"the restore failed: {exc}", EXIT_FAILED)
        except AuthError as exc:
            progress.done()
            message, code = describe_auth_error(exc)
            return fail(args, message, code)
        except Cancelled:
            progress.done()
            return fail(args, "restore cancelled", EXIT_CANCELLED)
        progress.done()
        emit(args, {"dryRun": False, "plan": _plan_json(preview), "report": _report_json(report)},
             lambda: _report_text(preview, report))
        print(
            f"regvault-restore run={report.run_id} tenant={tenant.tenant_id} "
            f"target={preview.target_tenant.tenant_id} "
            + " ".join(f"{k}={v}" for k, v in report.counts.items()),
            file=sys.stderr,
        )
        if report.cancelled:
            return EXIT_CANCELLED
        if report.stopped is not None or report.counts["failed"]:
            return EXIT_FAILED
        return EXIT_OK


def say_settled(recovered: Sequence[Recovered]) -> None:
    """On stderr, each interrupted run into the tenant a preview (restore or rollback) found and settled."""
    for run in recovered:
        what = run.stopped.params.get("run", "restore")  # a run before the journal was a restore
        print(f"regvault: {what} run {run.run_id} had been interrupted; settled: {describe_failure(run.stopped)}",
              file=sys.stderr)


def _request(args: argparse.Namespace, store: Store, tenant: TenantInfo) -> RestoreRequest:
    if args.as_new is not None and args.to_tenant:
        raise CommandError("--as-new and --to-tenant can't be combined")
    if args.copy_consent and args.as_new is None:
        raise CommandError("--copy-consent goes with --as-new (other restores put consent back anyway)")
    if args.domain and not args.to_tenant:
        raise CommandError("--domain goes with --to-tenant")
    if args.to_tenant and not args.domain:
        target = store.get_tenant(args.to_tenant)
        domains = ", ".join(target.domains) or "none (refresh the tenant)"
        raise CommandError(f"--to-tenant needs --domain: one of {target.display_name}'s verified domains: {domains}")
    if args.confirm_tenant and not args.to_tenant:
        raise CommandError("--confirm-tenant goes with --to-tenant")
    if args.to_tenant and not args.dry_run:
        _confirm_target(store.get_tenant(args.to_tenant), args.confirm_tenant)
    snapshot = chosen_snapshot(store, tenant, args.snapshot, after_error="Nothing was written.")
    app_pks = backed_up_apps(store, tenant, args.app) if args.app else None
    if args.as_new is not None:
        mode = RestoreMode.AS_NEW
    elif args.to_tenant:
        mode = RestoreMode.OTHER_TENANT
    else:
        mode = RestoreMode.WITH_OBJECT
    return RestoreRequest(
        tenant_id=tenant.tenant_id, snapshot_id=snapshot.id, app_pks=app_pks, mode=mode, new_name=args.as_new,
        target_tenant_id=store.get_tenant(args.to_tenant).tenant_id if args.to_tenant else None,
        target_domain=args.domain, only=tuple(args.only), copy_access=bool(args.copy_consent),
    )


def _confirm_target(target: TenantInfo, confirmation: str | None) -> None:
    """A restore into another tenant writes only when the tenant is named twice: a typo or a wrong variable
    in a script must not overwrite a customer's apps."""
    names = f"{target.tenant_id} or one of its domains ({', '.join(target.domains) or target.default_domain})"
    if not confirmation:
        raise CommandError(
            f"writing into {target.display_name} needs --confirm-tenant {target.default_domain or target.tenant_id} "
            f"(its tenant id {names}). Nothing was written; --dry-run shows the plan without it."
        )
    given = confirmation.strip().lower()
    known = {target.tenant_id.lower(), target.default_domain.lower(), *(d.lower() for d in target.domains)}
    known.discard("")
    if given not in known:
        raise CommandError(
            f"--confirm-tenant {confirmation} does not name the target tenant {target.display_name}: give its "
            f"tenant id {names}. Nothing was written."
        )


# --- Output -----------------------------------------------------------------------------------------------------


def _mode_text(preview: RestorePreview) -> str:
    request = preview.request
    if request.mode is RestoreMode.AS_NEW:
        return f"as a new app named {request.new_name!r}"
    if request.mode is RestoreMode.OTHER_TENANT:
        return f"to tenant {preview.target_tenant.display_name} ({preview.target_tenant.tenant_id}), " \
               f"identifier URIs on {request.target_domain}"
    if request.only:
        return "with object (same tenant), only " + ", ".join(request.only) + " (everything else as it is now)"
    return "with object (same tenant)"


def _plan_json(preview: RestorePreview) -> dict[str, Any]:
    return {
        "sourceTenant": preview.source_tenant.tenant_id,
        "targetTenant": preview.target_tenant.tenant_id,
        "snapshot": {"id": preview.snapshot.id, "finished": preview.snapshot.finished},
        "mode": preview.request.mode.value,
        "only": list(preview.request.only),
        "writes": preview.writes,
        "permissionsMissing": list(preview.permissions_missing),
        "recovered": [{"runId": r.run_id, "message": describe_failure(r.stopped), "adopted": len(r.adopted)}
                      for r in preview.recovered],
        "leftOut": [
            {"displayName": i.display_name, "appId": i.app_id, "reason": i.absence.value,
             "nearestSnapshot": None if i.nearest is None else {"id": i.nearest.id, "finished": i.nearest.finished}}
            for i in preview.left_out
        ],
        "items": [
            {
                "displayName": i.display_name, "appId": i.app_id, "action": i.action.value,
                "actionText": "No change" if i.up_to_date else describe_action(i.action), "upToDate": i.up_to_date,
                "changes": list(i.changes),
                "warnings": [remark_text(w) for w in i.warnings], "warningCodes": _codes(i.warnings),
                "followUps": [describe_follow_up(f) for f in i.follow_ups],
                "access": [describe_access(a) for a in i.access],
            }
            for i in preview.items
        ],
    }


def _plan_text(preview: RestorePreview) -> list[str]:
    lines = [
        f"Restore plan: {counted(len(preview.items), 'app')} of {preview.source_tenant.display_name} as they were at "
        f"{format_time(preview.snapshot.finished)} (snapshot {preview.snapshot.id}), {_mode_text(preview)}; "
        f"{counted(preview.writes, 'Graph write')}."
    ]
    if preview.left_out:
        lines.append(left_out_text(preview.snapshot, preview.left_out))
    same = [item for item in preview.items if item.up_to_date and not item.warnings]
    if same:  # counted, not listed (a whole tenant is mostly these; --json lists them, upToDate)
        lines.append(f"{counted(len(same), 'app')} already as at the snapshot: nothing to write to them.")
    for item in preview.items:
        if item.up_to_date:
            if item.warnings:
                lines.append(f"  {item.display_name} ({item.app_id}): no change, already as at the snapshot")
                lines += _remark_lines(item.warnings)
            continue
        lines.append(f"  {item.display_name} ({item.app_id}): {describe_action(item.action)}")
        if item.changes:
            lines.append(f"    changes: {', '.join(item.changes)}")
        else:
            lines.append("    nothing to change: already as at the snapshot")
        lines += [f"    consent: {describe_access(a)}" for a in item.access]
        lines += _remark_lines(item.warnings)
        lines += [f"    follow-up: {describe_follow_up(f)}" for f in item.follow_ups]
    if preview.permissions_missing:
        needed = PermissionsNeeded(preview.target_tenant.tenant_id, preview.target_tenant.display_name,
                                   preview.permissions_missing, "restore")
        lines.append(f"Permissions: {needed.sentence} Run `{needed.command}` before restoring.")
    lines.append("Dry run: nothing was written.")
    return lines


def _report_text(preview: RestorePreview, report: RestoreReport) -> list[str]:
    counts = report.counts
    lines = [
        f"Restore run {report.run_id} {_mode_text(preview)}: {counts['verified']} verified, "
        f"{counts['warnings']} with warnings, {counts['unchanged']} already as at the snapshot, "
        f"{counts['failed']} failed, {counts['skipped']} skipped "
        f"({report.seconds:.1f} s, {report.writes} writes)."
    ]
    if report.stopped is not None:
        lines.append(describe_failure(report.stopped))
    if preview.left_out:
        lines.append(left_out_text(preview.snapshot, preview.left_out))
    if report.replanned:
        lines.append("Another restore into the tenant ran since this plan was made: the restore was planned again "
                     "from the tenant as it was then, and the items below are what that plan did.")
    for item in report.items:
        if item.result == "unchanged":
            continue  # counted above
        label = {"verified": "VERIFIED", "warnings": "WARNINGS", "unchanged": "NO CHANGE", "failed": "FAILED",
                 "skipped": "SKIPPED"}[item.result]
        ids = f"client ID {item.new_app_id or item.source_app_id}"
        if item.client_id_changed:
            ids = f"NEW client ID {item.new_app_id} (was {item.source_app_id})"
        what = "nothing to write, already as at the snapshot" if item.up_to_date else describe_action(item.action)
        lines.append(f"  {label:<8} {item.display_name}: {what}; {ids}")
        if item.result == "failed":
            code = f"{item.error_code or 'Error'}" + (f" (request-id {item.request_id})" if item.request_id else "")
            lines.append(f"    {code}: {describe_failure(item.failure) if item.failure else ''}")
        elif item.failure is not None:
            lines.append(f"    {describe_failure(item.failure)}")
        lines += [f"    consent: {describe_access(a, done=True)}" for a in item.access]
        lines += _remark_lines(item.warnings)
        lines += [f"    follow-up: {describe_follow_up(f)}" for f in item.follow_ups]
    if report.pre_restore_snapshot_id is not None:
        lines.append(
            f"The apps overwritten were kept first in snapshot {report.pre_restore_snapshot_id} (pre-restore): "
            "restore from it to undo."
        )
    return lines


class _ProgressLine(StatusLine):
    def __init__(self, *, quiet: bool) -> None:
        super().__init__(quiet=quiet)
        self._finished = 0

    def __call__(self, p: RestoreProgress) -> None:
        if p.status != "running":
            self._finished += 1
        self.show(f"restoring: {self._finished}/{p.total} {p.display_name[:40]}")


__all__ = ["EXIT_BAD_INPUT", "parse_snapshot_time", "register", "run_restore"]


def _remark_lines(warnings: Sequence[PlanWarning]) -> list[str]:
    return [f"    {'note' if w.is_note else 'warning'}: {describe_warning(w)}" for w in warnings]


def _codes(warnings: Sequence[PlanWarning]) -> list[dict[str, Any]]:
    """Warnings and notes as codes with their facts, for scripts."""
    return [{"code": w.code.value, "params": dict(w.params), "note": w.is_note} for w in warnings]


def _report_json(report: RestoreReport) -> dict[str, Any]:
    """The report in words (as the report files have them), with the warnings' codes and each failure's code."""
    document = to_jsonable(replace(report, items=()))
    document.pop("stopped", None)
    document["message"] = describe_failure(report.stopped) if report.stopped is not None else None
    document["items"] = [{
        "displayName": i.display_name, "sourceAppId": i.source_app_id, "sourceObjectId": i.source_object_id,
        "action": i.action.value, "result": i.result, "newAppId": i.new_app_id, "newObjectId": i.new_object_id,
        "warnings": [remark_text(w) for w in i.warnings], "warningCodes": _codes(i.warnings),
        "followUps": [describe_follow_up(f) for f in i.follow_ups], "errorCode": i.error_code,
        "requestId": i.request_id, "message": describe_failure(i.failure) if i.failure is not None else None,
        "failureCode": i.failure.code.value if i.failure is not None else None,
        "clientIdChanged": i.client_id_changed, "access": [describe_access(a, done=True) for a in i.access],
    } for i in report.items]
    return document
