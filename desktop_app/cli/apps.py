"""`regvault apps` and `regvault versions`: what the backups hold."""

from __future__ import annotations

import argparse

from desktop_app.cli.audit import actor_label, changed_by_json, what_changed
from desktop_app.cli.common import CommandError, emit, format_time, guarded, opened_store
from desktop_app.domain.counts import counted
from desktop_app.domain.diff import diff_documents, format_path
from desktop_app.store.records import AppRow


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    apps = subparsers.add_parser("apps", parents=[common], help="list the backed-up apps of a tenant")
    apps.add_argument("--tenant", metavar="T", required=True)
    apps.add_argument("--filter", default="", metavar="TEXT", help="any part of a name or client ID")
    apps.add_argument("--sort", choices=("name", "appId", "modified", "status"), default="name")
    apps.add_argument("--desc", action="store_true", help="sort descending")
    shown = apps.add_mutually_exclusive_group()
    shown.add_argument("--deleted", action="store_true",
                       help="only deleted apps (in the recycle bin, or deleted permanently)")
    shown.add_argument("--include-deleted", action="store_true", help="active and deleted apps")
    apps.set_defaults(handler=guarded(list_apps))

    versions = subparsers.add_parser("versions", parents=[common], help="the versions of one app")
    versions.add_argument("--tenant", metavar="T", required=True)
    versions.add_argument("--app", metavar="CLIENT_ID", required=True, help="client ID (or object ID)")
    versions.set_defaults(handler=guarded(list_versions))


def status_text(row: AppRow) -> str:
    if row.status == "recycled":
        until = row.deleted_until.astimezone().strftime("%Y-%m-%d") if row.deleted_until else "?"
        return f"Deleted, in recycle bin until {until}"
    if row.status == "purged":
        return "Deleted permanently"
    return "Active"


def pending_lines(pending: dict[str, int]) -> list[str]:
    """What `apps` and `tenants` say of certificate bytes a backup has not read yet."""
    if not pending:
        return []
    return [f"The bytes of {sum(pending.values()):,} certificates of {len(pending):,} apps are still to come: the "
            "backup writes its snapshot first and reads them afterwards (150 a minute); if it was stopped, the next "
            "backup reads them first."]


def list_apps(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        tenant = store.get_tenant(args.tenant)
        ids = store.app_ids(tenant.tenant_id, filter_text=args.filter, sort=args.sort, descending=args.desc,
                            include_deleted=args.include_deleted, deleted_only=args.deleted)
        rows = store.app_rows(ids)
        pending = store.pending_certificates(tenant.tenant_id)

    def text() -> str | list[str]:
        if not rows:
            which = "deleted apps" if args.deleted else "apps"
            return [f"No backed-up {which} match in {tenant.display_name}."]
        lines = [f"{'Name':<40} {'Application (client) ID':<36}  {'Last modified':<16}  Status"]
        lines += [
            f"{r.display_name[:40]:<40} {r.app_id:<36}  {format_time(r.last_modified):<16}  {status_text(r)}"
            + (f", {counted(pending[r.object_id], 'certificate')} to come" if r.object_id in pending else "")
            for r in rows
        ]
        lines.append("1 app" if len(rows) == 1 else f"{len(rows):,} apps")
        lines += pending_lines(pending)
        return lines

    emit(args, {"tenant": tenant.tenant_id, "apps": [
        {"objectId": r.object_id, "appId": r.app_id, "displayName": r.display_name, "status": r.status,
         "deletedUntil": r.deleted_until, "lastModified": r.last_modified, "versions": r.version_count,
         "certificatesPending": pending.get(r.object_id, 0)}
        for r in rows
    ], "certificatesPending": sum(pending.values())}, text)
    return 0


def list_versions(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        tenant = store.get_tenant(args.tenant)
        app = store.find_app(tenant.tenant_id, args.app)
        if app is None:
            raise CommandError(f"no backed-up app with client ID or object ID {args.app} in {tenant.display_name}")
        versions = store.versions(app.pk)  # newest first
        documents = [store.version_document(v.pk) for v in versions]
        changed_by = store.timeline.changed_by([v.pk for v in versions])
    entries = []
    for i, version in enumerate(versions):
        older = documents[i + 1] if i + 1 < len(documents) else None
        changes = diff_documents(older, documents[i]) if older is not None else []
        entries.append({
            "version": len(versions) - i, "hash": version.document_hash, "snapshot": version.valid_from,
            "from": version.valid_from_time, "until": version.valid_until_time,
            # Scopes, roles and credentials by their names, as `regvault diff` says them (not their GUIDs).
            "changes": [{"path": format_path(c.path, documents[i], *([older] if older is not None else [])),
                         "kind": c.kind.value, "old": c.old, "new": c.new}
                        for c in changes],
            "changedBy": [changed_by_json(e) for e in changed_by.get(version.pk, [])],
        })

    def text() -> str | list[str]:
        noun = "version" if len(versions) == 1 else "versions"
        lines = [f"{app.display_name} ({app.app_id}): {len(versions)} {noun}"]
        for e in entries:
            lines.append(f"  version {e['version']}: from {format_time(e['from'])}"  # type: ignore[arg-type]
                         f" until {format_time(e['until'])}")  # type: ignore[arg-type]
            for who in changed_by.get(versions[len(versions) - int(e["version"])].pk, []):  # type: ignore[call-overload]
                lines.append(f"    {what_changed(who)}: changed by {actor_label(who)} at {format_time(who.time)}"
                             f" ({who.activity})")
            for c in e["changes"]:  # type: ignore[attr-defined]
                lines.append(f"      {c['kind']:<8} {c['path']}")
        return lines

    emit(args, {"tenant": tenant.tenant_id, "appId": app.app_id, "objectId": app.object_id,
                "displayName": app.display_name, "versions": entries}, text)
    return 0
