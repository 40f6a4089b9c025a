"""Export apps as they were at a snapshot to what other tools read: the window's Export… and
`regvault export` call `ExportService.export`.

The contract, in full:
- Which apps: `app_pks` (store App keys) or every app of the tenant at the snapshot (`app_pks=None`).
- Which version: at `snapshot_id` (the version valid at that snapshot; an app that did not exist then is an
  error naming it). Without a snapshot: each named app's newest version (deleted apps too: their last state), or
  with every app, the apps at the tenant's last complete snapshot.
- Where, per format:
  - GRAPH, one app, an output not ending in .zip: that file is the body `POST /applications` accepts as it is;
  - GRAPH, several apps or all: a folder (made if missing) or, for an output ending in .zip, a zip, holding one
    `<name>.json` body per app and `index.json` (per app: its file, ids, and what to do after the create);
  - TERRAFORM: one .tf file with every app's resources; HTML: one page with every app's passport.
- Never where it would destroy something (services/output_files.py): not inside the data folder or the database's
  folder, not over a database kept elsewhere, not onto a device or a pipe: ExportError, nothing written.
- Folders an export makes are 0700, its files 0600.
- Files are written whole or not at all (a temporary file renamed into place): a full disk or a killed process
  leaves no half-written export. Nothing is read from Graph and nothing is written to the store.
- No secret is ever written: see domain/export.
"""

from __future__ import annotations

import enum
import json
import os
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.domain.diff import diff_documents, format_path
from desktop_app.domain.export.graph_body import AfterCreate, graph_export
from desktop_app.domain.export.passport import HistoryEntry, PassportApp, passport_html
from desktop_app.domain.export.terraform import TerraformApp, resource_label, terraform_export
from desktop_app.services.output_files import (
    UnsafeOutput,
    check_output,
    private_folder,
    replaced_file,
    write_file,
)
from desktop_app.store.database import Store
from desktop_app.store.errors import StoreError
from desktop_app.store.records import AppDocument, SnapshotInfo, TenantInfo

__all__ = ["ExportError", "ExportFormat", "ExportRequest", "ExportResult", "ExportService", "ExportedApp"]


class ExportFormat(enum.StrEnum):
    GRAPH = "graph"
    TERRAFORM = "terraform"
    HTML = "html"


class ExportError(ValueError):
    """An export that can't be made from this input; the message says why. Nothing was written."""


@dataclass(frozen=True)
class ExportRequest:
    tenant_id: str
    app_pks: tuple[int, ...] | None  # None: every app of the tenant at the snapshot
    format: ExportFormat
    output: Path
    snapshot_id: int | None = None  # None: the newest versions (see the module's contract)


@dataclass(frozen=True)
class ExportedApp:
    app_pk: int
    display_name: str
    app_id: str
    object_id: str
    snapshot_id: int  # the version's first snapshot
    file: str | None = None  # GRAPH with several apps: the file inside the folder or zip
    after_create: AfterCreate | None = None  # GRAPH only


@dataclass(frozen=True)
class ExportResult:
    output: Path
    format: ExportFormat
    apps: tuple[ExportedApp, ...]
    files: int  # files written (a zip counts as one)


@dataclass(frozen=True)
class _Version:
    app_pk: int
    display_name: str
    app_id: str
    object_id: str
    snapshot_id: int
    document: AppDocument


class ExportService:
    def __init__(self, store: Store, *, clock: Callable[[], datetime] | None = None,
                 protected: Sequence[Path] = ()) -> None:
        """`protected`: folders no export may write into (the data folder); the SQLite database's folder is
        always one of them."""
        self._store = store
        self._clock = clock or (lambda: datetime.now().astimezone())
        database = store.location.path
        self._protected = (*protected, *((database.parent,) if database is not None else ()))

    def export(self, request: ExportRequest) -> ExportResult:
        try:
            check_output(request.output, self._protected, folder=request.format is ExportFormat.GRAPH)
        except UnsafeOutput as exc:
            raise ExportError(str(exc)) from None
        tenant = self._store.get_tenant(request.tenant_id)
        snapshot = self._snapshot(tenant, request.snapshot_id)
        versions = self._versions(tenant, request.app_pks, snapshot)
        if not versions:
            raise ExportError(f"{tenant.display_name} has no backed-up apps to export.")
        if request.format is ExportFormat.GRAPH:
            return self._graph(tenant, snapshot, versions, request.output)
        if request.format is ExportFormat.TERRAFORM:
            apps = [TerraformApp(v.document, self._logo(v.document)) for v in versions]
            write_file(request.output, terraform_export(apps).encode("utf-8"))
        else:
            taken = {s.id: s for s in self._store.snapshots(tenant.tenant_id)}
            passports = [self._passport(tenant, v, taken) for v in versions]
            title = versions[0].display_name if len(versions) == 1 else f"{tenant.display_name}: {len(versions)} apps"
            write_file(request.output, passport_html(passports, title=title, generated=self._clock()).encode())
        return ExportResult(request.output, request.format, tuple(_exported(v) for v in versions), 1)

    # ----- what to export ------------------------------------------------------------------------------------

    def _snapshot(self, tenant: TenantInfo, snapshot_id: int | None) -> SnapshotInfo | None:
        if snapshot_id is None:
            return None
        try:
            snapshot = self._store.snapshot(snapshot_id)
        except StoreError as exc:
            raise ExportError(f"There is no snapshot {snapshot_id}.") from exc
        if snapshot.tenant_id != tenant.tenant_id or snapshot.status != "complete":
            raise ExportError(f"{tenant.display_name} has no complete snapshot {snapshot_id}.")
        return snapshot

    def _versions(self, tenant: TenantInfo, app_pks: Sequence[int] | None,
                  snapshot: SnapshotInfo | None) -> list[_Version]:
        if app_pks is None:
            if snapshot is None:
                snapshots = [s for s in self._store.snapshots(tenant.tenant_id) if not s.partial]
                if not snapshots:
                    raise ExportError(f"{tenant.display_name} has no complete backup yet.")
                snapshot = snapshots[0]  # newest first
            return [_Version(a.app_pk, a.display_name, a.app_id, a.object_id, self._from(a.version_pk, a.app_pk),
                             a.document) for a in self._store.apps_at(tenant.tenant_id, snapshot.id)]
        out: list[_Version] = []
        rows = {r.pk: r for r in self._store.app_rows(list(app_pks))}
        for pk in dict.fromkeys(app_pks):
            row = rows.get(pk)
            if row is None:
                raise ExportError(f"There is no backed-up app {pk} in {tenant.display_name}.")
            versions = self._store.versions(pk)
            if snapshot is None:
                version = versions[0] if versions else None
            else:
                version = self._store.version_at(pk, snapshot.id)
            if version is None:
                raise ExportError(f"{row.display_name} ({row.app_id}) is not in snapshot {snapshot.id if snapshot else '?'}: "
                                  "choose another snapshot, or leave it out.")
            out.append(_Version(pk, row.display_name, row.app_id, row.object_id, version.valid_from,
                                self._store.version_document(version.pk)))
        return out

    def _from(self, version_pk: int, app_pk: int) -> int:
        return next((v.valid_from for v in self._store.versions(app_pk) if v.pk == version_pk), 0)

    def _logo(self, document: AppDocument) -> bytes | None:
        sha = document.get("logo")
        return self._store.blob(sha) if isinstance(sha, str) else None

    def _passport(self, tenant: TenantInfo, version: _Version, snapshots: dict[int, SnapshotInfo]) -> PassportApp:
        versions = self._store.versions(version.app_pk)  # newest first
        documents = [self._store.version_document(v.pk) for v in versions]
        history = []
        for n, info in enumerate(versions):
            older = documents[n + 1] if n + 1 < len(documents) else None
            changes = diff_documents(older, documents[n]) if older is not None else []
            paths = tuple(dict.fromkeys(format_path(c.path, documents[n], older or {}) for c in changes))
            history.append(HistoryEntry(info.valid_from, info.valid_from_time, info.valid_until_time, paths))
        snapshot = snapshots.get(version.snapshot_id)
        when = (snapshot.finished or snapshot.started).astimezone().strftime("%Y-%m-%d %H:%M") if snapshot else "?"
        return PassportApp(version.document, f"{tenant.display_name} ({tenant.tenant_id})",
                           f"the version backed up first in snapshot {version.snapshot_id} ({when})", tuple(history))

    # ----- Graph JSON --------------------------------------------------------------------------------------

    def _graph(self, tenant: TenantInfo, snapshot: SnapshotInfo | None, versions: list[_Version],
               output: Path) -> ExportResult:
        exports = [graph_export(v.document) for v in versions]
        if len(versions) == 1 and output.suffix.lower() != ".zip" and not output.is_dir():
            write_file(output, _json(exports[0].body))
            return ExportResult(output, ExportFormat.GRAPH,
                                (_exported(versions[0], None, exports[0].after_create),), 1)
        taken: set[str] = {"index"}
        names = [_file_name(resource_label(v.display_name, taken)) + ".json" for v in versions]
        apps = tuple(_exported(v, name, e.after_create) for v, name, e in zip(versions, names, exports, strict=True))
        index = {
            "exportedBy": "Regvault", "format": "Microsoft Graph POST /applications bodies",
            "tenant": {"id": tenant.tenant_id, "displayName": tenant.display_name},
            "snapshot": snapshot.id if snapshot else None, "exported": self._clock().isoformat(),
            "apps": [
                {"file": a.file, "displayName": a.display_name, "appId": a.app_id, "objectId": a.object_id,
                 "version": {"snapshot": a.snapshot_id},
                 "afterCreate": a.after_create.as_json() if a.after_create else None}
                for a in apps
            ],
        }
        files = {name: _json(e.body) for name, e in zip(names, exports, strict=True)}
        files["index.json"] = _json(index)
        if output.suffix.lower() == ".zip":
            with replaced_file(output) as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, data in files.items():
                    archive.writestr(name, data)
            return ExportResult(output, ExportFormat.GRAPH, apps, 1)
        if output.exists() and not output.is_dir():
            raise ExportError(f"{output} is a file: with several apps the Graph export is a folder or a .zip.")
        private_folder(output)
        for name, data in files.items():
            write_file(output / name, data, durable=False)
        _sync_folder(output)  # once for the folder, not per file: a tenant is thousands of files
        return ExportResult(output, ExportFormat.GRAPH, apps, len(files))


def _exported(version: _Version, file: str | None = None, after: AfterCreate | None = None) -> ExportedApp:
    return ExportedApp(version.app_pk, version.display_name, version.app_id, version.object_id,
                       version.snapshot_id, file, after)


# Names Windows keeps for devices, with any extension (con.json is the console): never a file of an export.
_WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                              *(f"lpt{n}" for n in range(10))})


def _file_name(label: str) -> str:
    return f"{label}_app" if label.lower() in _WINDOWS_DEVICES else label


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _sync_folder(folder: Path) -> None:
    """Flush the folder's new entries and their data to disk (POSIX; Windows has no directory handles)."""
    if os.name != "posix":
        return
    os.sync()  # one call for every file written, instead of one fsync each
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
