"""`regvault diff`: what changed in an app or a whole tenant between two snapshots, or since a snapshot.

    regvault diff --tenant T --app CLIENT_ID --from S [--to S2|live] [--json]
    regvault diff --tenant T --all --from S [--to S2|live] [--json]

S and S2 are written as `restore --snapshot` takes them (a snapshot number, a day, a day and time, an ISO time).
Without --to, and with `--to live`, the other side is the live tenant read now the way a backup reads it; nothing
is written. Exit codes: 0 compared (whether or not something changed), 1 reading Graph failed, 2 bad input, 3
sign-in needed, 130 cancelled.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desktop_app.cli.common import EXIT_CANCELLED, EXIT_FAILED, EXIT_OK, CommandError, emit, fail, guarded
from desktop_app.cli.session import auth_guarded, opened_services
from desktop_app.cli.snapshot_choice import chosen_snapshot
from desktop_app.domain.cancel import Cancelled
from desktop_app.domain.counts import counted
from desktop_app.domain.diff import ChangeKind
from desktop_app.graph.errors import GraphError
from desktop_app.services.app_reader import AppReader
from desktop_app.services.compare import (
    AppChangeKind,
    AppComparison,
    CompareError,
    CompareService,
    Side,
    SideKind,
    TenantComparison,
)
from desktop_app.services.tenants import TenantNotConnectable

LIVE = "live"
_VALUE_WIDTH = 60


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    diff = subparsers.add_parser(
        "diff", parents=[common], help="what changed in an app or a tenant since a snapshot",
        description="Compare an app, or every app of a tenant, between two snapshots or between a snapshot and "
        "the live tenant now (read only; nothing is written).",
    )
    diff.add_argument("--tenant", metavar="T", required=True, help="the tenant (id, domain or name)")
    which = diff.add_mutually_exclusive_group(required=True)
    which.add_argument("--app", metavar="CLIENT_ID", help="client ID (or object ID) of one app")
    which.add_argument("--all", action="store_true", help="every app of the tenant: added, changed, removed")
    diff.add_argument("--from", dest="from_", metavar="S", required=True,
                      help="snapshot number, 2026-11-20, '2026-11-20 14:30' or an ISO time")
    diff.add_argument("--to", metavar="S2|live", default=LIVE,
                      help="another snapshot, or `live` (the default): the tenant as it is now")
    diff.set_defaults(handler=guarded(auth_guarded(run_diff)))


def run_diff(args: argparse.Namespace) -> int:
    with opened_services(args) as services:
        store = services.store
        tenant = store.get_tenant(args.tenant)
        old = Side.at(chosen_snapshot(store, tenant, args.from_, option="--from"))
        new = Side.live() if args.to.strip().lower() == LIVE else Side.at(
            chosen_snapshot(store, tenant, args.to, option="--to"))
        service = CompareService(store, AppReader(store, services.connector))
        try:
            if args.app:
                row = store.find_app(tenant.tenant_id, args.app)
                if row is None:
                    raise CommandError(f"no backed-up app with client ID or object ID {args.app} in "
                                       f"{tenant.display_name}")
                result = service.app(tenant.tenant_id, row.pk, old, new)
                emit(args, app_json(result), lambda: app_text(result))
            else:
                whole = service.tenant(tenant.tenant_id, old, new)
                emit(args, tenant_json(whole), lambda: tenant_text(whole))
        except CompareError as exc:
            raise CommandError(str(exc)) from exc
        except (GraphError, TenantNotConnectable) as exc:
            return fail(args, f"reading the live tenant failed: {exc}", EXIT_FAILED)
        except Cancelled:
            return fail(args, "cancelled", EXIT_CANCELLED)
    return EXIT_OK


# --- Output -----------------------------------------------------------------------------------------------------


def side_json(side: Side) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": side.kind.value, "time": side.moment}
    if side.snapshot is not None:
        out["snapshot"] = side.snapshot.id
    return out


def side_text(side: Side) -> str:
    when = side.moment.astimezone().strftime("%Y-%m-%d %H:%M") if side.moment else "?"
    if side.kind is SideKind.LIVE:
        return f"live now ({when})"
    if side.snapshot is not None:
        return f"snapshot {side.snapshot.id} ({when})"
    return f"version from {when}"


def app_json(result: AppComparison) -> dict[str, Any]:
    return {
        "tenant": result.tenant_id, "appId": result.app.app_id, "objectId": result.app.object_id,
        "displayName": result.app.display_name, "from": side_json(result.old_side),
        "to": side_json(result.new_side), "existsFrom": result.old is not None, "existsTo": result.new is not None,
        "changes": [
            {"path": result.path_text(c), "kind": c.kind.value, "old": c.old, "new": c.new}
            for c in result.changes
        ],
    }


def app_text(result: AppComparison) -> list[str]:
    """One line per element (names and values come from the tenant: emit escapes each line on its own)."""
    head = (f"{result.app.display_name} ({result.app.app_id}): {side_text(result.old_side)} -> "
            f"{side_text(result.new_side)}")
    if result.old is None and result.new is None:
        return [head, "  the app exists at neither side"]
    if result.old is None:
        return [head, f"  the app did not exist at {side_text(result.old_side)}"]
    if result.new is None:
        where = "in the live tenant (deleted)" if result.new_side.kind is SideKind.LIVE \
            else f"at {side_text(result.new_side)}"
        return [head, f"  the app does not exist {where}"]
    if not result.changes:
        return [head, "  no differences"]
    lines = [head, f"  {counted(len(result.changes), 'difference')}:"]
    for change in result.changes:
        path = result.path_text(change)
        if change.kind is ChangeKind.ADDED:
            lines.append(f"  + {path}: {_short(change.new)}")
        elif change.kind is ChangeKind.REMOVED:
            lines.append(f"  - {path}: {_short(change.old)}")
        else:
            lines.append(f"  ~ {path}: {_short(change.old)} -> {_short(change.new)}")
    return lines


def tenant_json(result: TenantComparison) -> dict[str, Any]:
    return {
        "tenant": result.tenant_id, "from": side_json(result.old_side), "to": side_json(result.new_side),
        "counts": result.counts,
        "apps": [
            {"change": a.kind.value, "displayName": a.display_name, "appId": a.app_id, "objectId": a.object_id,
             "paths": list(a.paths), "now": a.now, "purge": a.purge}
            for a in result.apps
        ],
    }


def tenant_text(result: TenantComparison) -> list[str]:
    counts = result.counts
    lines = [
        f"{side_text(result.old_side)} -> {side_text(result.new_side)}: {counts['added']} added, "
        f"{counts['changed']} changed, {counts['removed']} removed, {counts['unchanged']} unchanged"
    ]
    marks = {AppChangeKind.ADDED: "+", AppChangeKind.CHANGED: "~", AppChangeKind.REMOVED: "-"}
    for app in result.apps:
        line = f"  {marks[app.kind]} {app.display_name} ({app.app_id})"
        if app.now == "recycled":
            until = app.purge.astimezone().strftime("%Y-%m-%d") if app.purge else "?"
            line += f": in the recycle bin until {until}"
        elif app.now == "purged":
            line += ": deleted permanently"
        lines.append(line)
        lines += [f"      {path}" for path in app.paths]
    return lines


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= _VALUE_WIDTH else text[: _VALUE_WIDTH - 1] + "…"
