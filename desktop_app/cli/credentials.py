"""`regvault credentials` and `regvault search`: every tenant's credentials and apps, from the store (no network)."""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import UTC, datetime
from typing import Any

from desktop_app.cli.common import CommandError, emit, format_time, guarded, opened_store
from desktop_app.domain.counts import counted
from desktop_app.domain.text_safety import printable, spreadsheet_cell
from desktop_app.services.credentials import (
    KIND_WORDS,
    days_left_of,
    identifier_of,
    list_credentials,
)
from desktop_app.store.cross_tenant import CredentialRecord
from desktop_app.store.database import Store

SEARCH_KIND_WORDS = {
    "name": "name", "appId": "client ID", "objectId": "object ID", "servicePrincipalId": "service principal ID",
    "redirectUri": "redirect URI", "identifierUri": "identifier URI", "permission": "requested permission",
    "grantedPermission": "granted permission", "owner": "owner", "thumbprint": "certificate thumbprint",
}
CSV_COLUMNS = ("tenant", "tenantId", "app", "appId", "objectId", "holder", "kind", "displayName", "hintOrThumbprint",
               "keyId", "start", "end", "daysLeft", "owners")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    credentials = subparsers.add_parser(
        "credentials", parents=[common],
        help="every client secret and certificate of the apps and service principals backed up (no network)")
    which = credentials.add_mutually_exclusive_group(required=True)
    which.add_argument("--tenant", metavar="T", help="tenant id, domain or name")
    which.add_argument("--all-tenants", action="store_true", help="every tenant added")
    credentials.add_argument("--expiring", type=int, metavar="DAYS",
                             help="only those that expire within DAYS days (and have not yet)")
    credentials.add_argument("--expired", action="store_true", help="only those that have expired (with --expiring: "
                             "those too)")
    credentials.add_argument("--csv", action="store_true", help="CSV on stdout, one row per credential (UTF-8 with a byte-order mark, for Excel)")
    credentials.set_defaults(handler=guarded(run_credentials))

    search = subparsers.add_parser(
        "search", parents=[common],
        help="apps of every tenant by name, client or object ID, redirect or identifier URI, permission, owner or "
             "certificate thumbprint (from the store, no network)")
    search.add_argument("text", metavar="TEXT", help="any part of what to find, any case")
    scope = search.add_mutually_exclusive_group()
    scope.add_argument("--tenant", metavar="T", help="only this tenant")
    scope.add_argument("--all-tenants", action="store_true", help="every tenant added (the default)")
    search.add_argument("--limit", type=int, default=1000, metavar="N",
                        help="show at most N apps (default 1000; 0: all); the count covers every match")
    search.set_defaults(handler=guarded(run_search))


def _tenant_id(store: Store, args: argparse.Namespace) -> str | None:
    return None if getattr(args, "all_tenants", False) or not args.tenant else store.get_tenant(args.tenant).tenant_id


def run_credentials(args: argparse.Namespace) -> int:
    if args.csv and args.json:
        raise CommandError("choose --json or --csv, not both")
    now = datetime.now(UTC)
    with opened_store(args) as store:
        try:
            found = list_credentials(store, now, _tenant_id(store, args), expiring_days=args.expiring,
                                     expired=args.expired)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
    rows = [_row(c, now) for c in found]
    if args.csv:
        # A byte-order mark first: Excel reads a CSV without one in the local code page and garbles names.
        sys.stdout.write("\ufeff")
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])
        sys.stdout.flush()
        return 0

    def text() -> list[str]:
        if not rows:
            return ["No credentials match."]
        lines = [f"{'Tenant':<20} {'App':<30} {'Kind':<28} {'Name':<24} {'Hint/thumbprint':<16} {'Ends':<16} "
                 f"{'Days':>5}  Owners"]
        for r in rows:
            kind = f"{KIND_WORDS[r['kind']]}{' (SP)' if r['holder'] == 'servicePrincipal' else ''}"
            days = "" if r["daysLeft"] is None else str(r["daysLeft"])
            lines.append(f"{r['tenant'][:20]:<20} {r['app'][:30]:<30} {kind:<28} {(r['displayName'] or '')[:24]:<24} "
                         f"{r['hintOrThumbprint'][:16]:<16} {format_time(r['_end']):<16} {days:>5}  "
                         f"{', '.join(r['owners'])}")
        expired = sum(1 for r in rows if r["daysLeft"] is not None and r["daysLeft"] < 0)
        lines.append(f"{counted(len(rows), 'credential')} in {counted(len({r['tenantId'] for r in rows}), 'tenant')}"
                     + (f", {expired:,} expired" if expired else ""))
        return lines

    emit(args, {"credentials": [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows],
                "count": len(rows)}, text)
    return 0


def _row(c: CredentialRecord, now: datetime) -> dict[str, Any]:
    return {"tenant": c.tenant_name, "tenantId": c.tenant_id, "app": c.app_name, "appId": c.app_id,
            "objectId": c.object_id, "holder": c.holder, "kind": c.kind, "displayName": c.display_name,
            "hintOrThumbprint": identifier_of(c), "hint": c.hint, "thumbprint": c.thumbprint, "keyId": c.key_id,
            "start": c.start, "end": c.end, "daysLeft": days_left_of(c, now), "owners": [o.label for o in c.owners],
            "_end": c.end}


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return spreadsheet_cell(value) if isinstance(value, str) else value


def run_search(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise CommandError("--limit takes 0 (all) or more")
    with opened_store(args) as store:
        result = store.search.find(args.text, _tenant_id(store, args), limit=args.limit or None)
    hits: list[dict[str, Any]] = [{"tenant": h.tenant_name, "tenantId": h.tenant_id, "app": h.display_name, "appId": h.app_id,
             "objectId": h.object_id, "status": h.status,
             "matches": [{"kind": m.kind, "text": m.text} for m in h.matches]} for h in result.hits]

    def text() -> list[str]:
        if not hits:
            return [f"No app matches {printable(args.text)!r}."]
        lines = []
        for h in hits:
            status = "" if h["status"] == "active" else f" [{'deleted' if h['status'] == 'purged' else 'in recycle bin'}]"
            found = "; ".join(f"{SEARCH_KIND_WORDS.get(m['kind'], m['kind'])}: {m['text']}" for m in h["matches"])
            lines.append(f"{h['tenant']} / {h['app']} ({h['appId']}){status}: {found}")
        more = f" (showing {len(hits):,}; --limit 0 shows all)" if result.total > len(hits) else ""
        lines.append(f"{counted(result.total, 'app')} in {counted(len({h['tenantId'] for h in hits}), 'tenant')}{more}")
        return lines

    emit(args, {"query": args.text, "total": result.total, "apps": hits}, text)
    return 0
