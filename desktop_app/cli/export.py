"""`regvault export`: apps as they were at a snapshot, as Graph JSON, Terraform or an HTML passport.

    regvault export --tenant T (--app CLIENT_ID ... | --all) [--snapshot S] --format graph|terraform|html
                    --output PATH [--json]

S is written as `restore --snapshot` takes it. Without --snapshot: each named app's newest version, or with --all
the apps at the last complete snapshot. `graph` with one app writes the body `POST /applications` accepts to PATH;
with several, a folder (or PATH.zip) of bodies and an index.json. Reads only the local backups: no sign-in.
Exit codes: 0 written, 1 the file could not be written (disk full, permissions), 2 bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    CommandError,
    emit,
    fail,
    guarded,
    opened_store,
    paths_of,
)
from desktop_app.cli.snapshot_choice import backed_up_apps, chosen_snapshot
from desktop_app.domain.counts import counted
from desktop_app.services.export import ExportError, ExportFormat, ExportRequest, ExportResult, ExportService


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = subparsers.add_parser(
        "export", parents=[common], help="export apps as Graph JSON, Terraform or an HTML passport",
        description="Export app registrations as they were at a snapshot: a body POST /applications accepts "
        "(graph), azuread_application resources (terraform), or a printable app passport (html). Secrets are "
        "never exported.",
    )
    export.add_argument("--tenant", metavar="T", required=True)
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--app", metavar="CLIENT_ID", nargs="+", action="extend", help="client ID(s) of the apps")
    which.add_argument("--all", action="store_true", help="every app of the tenant at the snapshot")
    export.add_argument("--snapshot", metavar="S", help="snapshot number, day, day and time, or ISO time")
    export.add_argument("--format", required=True, choices=[f.value for f in ExportFormat])
    export.add_argument("--output", metavar="PATH", required=True,
                        help="file to write; for graph with several apps, a folder or a .zip")
    export.set_defaults(handler=guarded(run_export))


def run_export(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        tenant = store.get_tenant(args.tenant)
        snapshot = chosen_snapshot(store, tenant, args.snapshot) if args.snapshot else None
        app_pks = backed_up_apps(store, tenant, args.app) if args.app else None
        request = ExportRequest(tenant.tenant_id, app_pks, ExportFormat(args.format),
                                Path(args.output).expanduser(), snapshot.id if snapshot else None)
        try:
            result = ExportService(store, protected=(paths_of(args).data_dir,)).export(request)
        except ExportError as exc:
            raise CommandError(f"{exc} Nothing was written.") from exc
        except OSError as exc:
            return fail(args, f"could not write {request.output}: {exc.strerror or exc}. Nothing was written.",
                        EXIT_FAILED)
    emit(args, result_json(result), lambda: result_text(result))
    return EXIT_OK


def result_json(result: ExportResult) -> dict[str, object]:
    return {
        "output": str(result.output), "format": result.format.value, "files": result.files,
        "apps": [
            {"displayName": a.display_name, "appId": a.app_id, "objectId": a.object_id, "snapshot": a.snapshot_id,
             "file": a.file, "afterCreate": a.after_create.as_json() if a.after_create else None}
            for a in result.apps
        ],
    }


def result_text(result: ExportResult) -> list[str]:
    """One line per element (app names come from the tenant: emit escapes each line on its own)."""
    noun = "app" if len(result.apps) == 1 else "apps"
    lines = [f"Exported {len(result.apps)} {noun} as {result.format.value} to {result.output}."]
    for app in result.apps:
        after = app.after_create
        if after is None:
            continue
        todo = []
        if after.identifier_uris:
            todo.append("identifier URIs " + ", ".join(after.identifier_uris) + " (with the new client ID)")
        if after.pre_authorized_applications:
            todo.append(f"{counted(len(after.pre_authorized_applications), 'pre-authorized client')} (PATCH api)")
        if after.certificates:
            todo.append(counted(len(after.certificates), "certificate"))
        if after.owners:
            todo.append(counted(len(after.owners), "owner"))
        if after.federated_identity_credentials:
            todo.append(counted(len(after.federated_identity_credentials), "federated credential"))
        if after.secrets:
            todo.append(counted(len(after.secrets), "new client secret"))
        if todo:
            lines.append(f"  {app.display_name}: after POST /applications, add " + "; ".join(todo))
    return lines
