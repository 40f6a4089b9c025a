"""`regvault rollback --tenant T --since WHEN [--keep ID ...] [--dry-run] [--json]`: undo an incident (services/
rollback.py). What was added since WHEN is removed (an added app or enterprise application to the recycle bin,
never deleted for good), what was removed comes back, the other changes stay (a renamed app stays renamed). The
preview is printed first; with --dry-run nothing is written. A rollback that would lock Regvault out is refused,
nothing written, naming the items to --keep."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop_app.cli.changes import add_since_argument, no_baseline_message
from desktop_app.cli.common import (
    EXIT_CANCELLED,
    EXIT_FAILED,
    EXIT_OK,
    CommandError,
    add_wait_argument,
    cancel_on_interrupt,
    emit,
    fail,
    guarded,
    printable,
    waiting_note,
)
from desktop_app.cli.restore import say_settled
from desktop_app.cli.session import auth_guarded, opened_services
from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.domain.rollback import ItemAction
from desktop_app.graph.errors import GraphError
from desktop_app.services import incident_texts as texts
from desktop_app.services.changes import NoBaseline
from desktop_app.services.rollback import (
    KeepNotFound,
    LockOutRefused,
    RollbackPreview,
    RollbackReport,
    RollbackRequest,
)
from desktop_app.services.tenants import TenantNotConnectable
from desktop_app.store import TenantBusy


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    rollback = subparsers.add_parser(
        "rollback", parents=[common],
        help="undo an incident: remove what was added since a moment, put back what was removed",
        description="Remove every incident-relevant addition since a moment (secrets, certificates, federated "
        "credentials, owners, consent, application permissions, URIs, requested permissions, new apps and "
        "enterprise applications: to the recycle bin, never deleted for good) and put back what was removed. "
        "Other changes stay. Previews first; journaled, verified by reading back.")
    rollback.add_argument("--tenant", metavar="T", required=True)
    add_since_argument(rollback)
    rollback.add_argument("--keep", metavar="ID", nargs="+", action="extend", default=[],
                          help="leave these changes as they are (ids as `regvault changes` prints them)")
    rollback.add_argument("--dry-run", action="store_true", help="print what would be done; write nothing")
    add_wait_argument(rollback)
    rollback.set_defaults(handler=guarded(auth_guarded(run_rollback)))


def run_rollback(args: argparse.Namespace) -> int:
    with opened_services(args) as services:
        tenant = services.store.get_tenant(args.tenant)
        service = services.rollback()
        cancel = CancelToken()
        request = RollbackRequest(tenant.tenant_id, args.since, tuple(args.keep))
        try:
            with cancel_on_interrupt(cancel):
                preview = service.preview(request, cancel=cancel, lock_wait=args.wait * 60,
                                          on_lock_wait=waiting_note(tenant.display_name, args.wait))
        except NoBaseline as exc:
            raise CommandError(f"{no_baseline_message(exc)} Nothing was written.") from exc
        except KeepNotFound as exc:
            raise CommandError(
                "--keep names no change, or one that more than one app has (give the id with its @appId): "
                + ", ".join(exc.entries) + ". Nothing was written.") from exc
        except Cancelled:
            return fail(args, "rollback cancelled before anything was written", EXIT_CANCELLED)
        except (GraphError, TenantNotConnectable, TenantBusy) as exc:
            return fail(args, f"reading the tenant failed: {exc}. Nothing was written.", EXIT_FAILED)
        say_settled(preview.recovered)
        if preview.refused:
            emit(args, {"dryRun": True, **preview_json(preview), "error": {"message": refusal_sentence(preview)}},
                 lambda: preview_text(preview))
            print(f"regvault: {printable(refusal_sentence(preview))}", file=sys.stderr)
            return EXIT_FAILED
        if args.dry_run or not preview.plan.steps:
            # Nothing to write (all undone already, kept, or no incident change): no run, no snapshots.
            emit(args, {"dryRun": args.dry_run, **preview_json(preview), "run": None}, lambda: preview_text(preview))
            return EXIT_OK
        try:
            with cancel_on_interrupt(cancel):
                report = service.run(preview, cancel=cancel, lock_wait=args.wait * 60,
                                     on_lock_wait=waiting_note(tenant.display_name, args.wait))
        except LockOutRefused:
            return fail(args, refusal_sentence(preview), EXIT_FAILED)
        except TenantBusy as exc:
            return fail(args, f"{exc} Nothing was written.", EXIT_FAILED)
        except (GraphError, TenantNotConnectable) as exc:
            return fail(args, f"the rollback failed: {exc}. Run it again to finish it.", EXIT_FAILED)
        except Cancelled:
            return fail(args, "rollback cancelled before anything was written", EXIT_CANCELLED)
        emit(args, {"dryRun": False, **preview_json(preview), "run": report_json(report)},
             lambda: preview_text(preview, report))
        print(f"regvault-rollback run={report.run_id} tenant={tenant.tenant_id} status={report.status} "
              f"done={report.count('done')} failed={report.count('failed')} skipped={report.count('skipped')}",
              file=sys.stderr)
        if report.cancelled:
            return EXIT_CANCELLED
        return EXIT_OK if report.status == "complete" and not report.count("failed") else EXIT_FAILED


def refusal_sentence(preview: RollbackPreview) -> str:
    if preview.identity is None:
        return ("who Regvault signs in as in this tenant could not be told, so it can't make sure the rollback "
                "leaves it able to undo it. Sign in again (`regvault signin`). Nothing was written.")
    named = "; ".join(f"{r.change_id} ({texts.LOCK_OUTS[r.code]})" for r in preview.plan.refusals)
    return (f"refused: the rollback would lock Regvault out: {named}. Nothing was written. Keep these with "
            f"--keep, or undo them by hand after the rollback.")


def preview_json(preview: RollbackPreview) -> dict[str, Any]:
    changes = preview.changes
    items = []
    for change_id, plan in preview.plan.items.items():
        change = changes[change_id]
        if not change.item.incident:
            continue
        items.append({**texts.change_json(change), "action": plan.action.value,
                      "reason": plan.reason.value if plan.reason else None})
    return {
        "tenant": preview.tenant.tenant_id, "since": preview.report.moment,
        "baseline": {"snapshot": preview.report.baseline.id, "finished": preview.report.baseline.finished},
        "identity": None if preview.identity is None else {"kind": preview.identity.kind,
                                                            "objectId": preview.identity.object_id,
                                                            "appId": preview.identity.app_id},
        "refused": [{"id": r.change_id, "code": r.code.value, "reason": texts.LOCK_OUTS[r.code]}
                    for r in preview.plan.refusals],
        "items": items, "otherChanges": [texts.change_json(c) for c in preview.report.other],
        "steps": preview.plan.steps,
    }


def report_json(report: RollbackReport) -> dict[str, Any]:
    return {"runId": report.run_id, "status": report.status, "cancelled": report.cancelled,
            "message": report.message, "results": dict(report.results),
            "preRollbackSnapshot": report.pre_snapshot_id, "postRollbackSnapshot": report.post_snapshot_id,
            "seconds": round(report.seconds, 2), "writes": report.writes, "requests": report.requests,
            "apps": [{"appId": o.app.app_id, "displayName": o.app.display_name, "status": o.status,
                      "message": o.message, "stillThere": o.still_there} for o in report.apps]}


def preview_text(preview: RollbackPreview, report: RollbackReport | None = None) -> list[str]:
    report_of = dict(report.results) if report else {}
    lines = [f"Rollback of {preview.tenant.display_name} to {texts.local_time(preview.report.moment)} (compared "
             f"with snapshot {preview.report.baseline.id}):"]
    changes = preview.changes
    undoing = [(k, p) for k, p in preview.plan.items.items() if changes[k].item.incident]
    if not undoing:
        lines.append("Nothing an incident undoes changed since then.")
    for change_id, plan in undoing:
        change = changes[change_id]
        action = (texts.ACTIONS if report else texts.PLANNED)[plan.action]
        if plan.reason is not None:
            action += f": {texts.REASONS[plan.reason]}"
        result = report_of.get(change_id)
        if result and plan.action.writes:
            action += f" — {texts.RESULTS.get(result, result)}"
        lines.append(f"  {change.item.change.upper():<8} {texts.describe(change)}")
        lines.append(f"           {texts.who_and_when(change)}; {action}")
        lines.append(f"           id {change_id}")
    writes = sum(1 for _, p in undoing if p.action.writes)
    others = preview.report.other
    if others:
        lines.append(f"Left as they are ({_count(len(others), 'other change')}): "
                     + ", ".join(texts.describe(c) for c in others[:5]) + (" …" if len(others) > 5 else ""))
    for refusal in preview.plan.refusals:
        lines.append(f"REFUSED  {refusal.change_id}: {texts.LOCK_OUTS[refusal.code]}")
    if report is None and not preview.plan.steps:
        lines.append("Nothing to write: every change since then is undone already or kept.")
    elif report is None:
        lines.append(f"{_count(writes, 'item')} to undo, {_count(preview.plan.steps, 'request')} to Graph."
                     + (" Run without --dry-run to do it." if writes and not preview.refused else ""))
    else:
        snapshots = [f"{when}: snapshot {snapshot}" for when, snapshot in (
            ("before it", report.pre_snapshot_id), ("after it", report.post_snapshot_id)) if snapshot is not None]
        lines.append(f"Run {report.run_id}: {report.status}; {report.count('done')} undone, "
                     f"{report.count('failed')} failed, {report.count(ItemAction.KEPT.value)} kept; "
                     f"{_count(report.writes, 'write')} in {report.seconds:.1f} s."
                     + (f" {'; '.join(snapshots).capitalize()}." if snapshots else ""))
        for outcome in report.apps:
            if outcome.status != "done":
                lines.append(f"  {outcome.app.display_name}: {outcome.status}: {outcome.message}")
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")
