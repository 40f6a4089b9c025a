"""A stand-in for services/restore.py (the agreed API) while the engine is being written: it reads the store,
writes nothing. Not a test module (it holds no tests)."""

from __future__ import annotations

import csv
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from desktop_app.domain.cancel import Cancelled
from desktop_app.domain.restore_plan import Action, RestoreMode


@dataclass(frozen=True)
class PreviewItem:
    app_pk: int
    display_name: str
    app_id: str
    action: Action
    changes: tuple[str, ...]
    warnings: tuple[str, ...]
    follow_ups: tuple[str, ...]


@dataclass(frozen=True)
class RestorePreview:
    request: Any
    plan: Any
    source_tenant: Any
    target_tenant: Any
    snapshot: Any
    items: tuple[PreviewItem, ...]


@dataclass(frozen=True)
class RestoreProgress:
    index: int
    total: int
    display_name: str
    status: str


@dataclass(frozen=True)
class ReportItem:
    display_name: str
    source_app_id: str
    source_object_id: str
    action: Action
    result: str
    new_app_id: str | None
    new_object_id: str | None
    warnings: tuple[str, ...]
    follow_ups: tuple[str, ...]
    error_code: str | None
    request_id: str | None
    message: str | None


@dataclass(frozen=True)
class RestoreReport:
    run_id: int
    items: tuple[ReportItem, ...]
    cancelled: bool


class FakeRestoreService:
    def __init__(self, store: Any, graph_for_tenant: Any, *, backup: Any = None, operator: str | None = None,
                 delay_s: float = 0.0) -> None:
        self.store = store
        self.delay_s = delay_s

    def preview(self, request: dict[str, Any], *, progress: Any = None, cancel: Any = None) -> RestorePreview:
        mode = RestoreMode(request["mode"])
        items = []
        for row in self.store.app_rows(list(request["app_pks"])):
            action = {"active": Action.OVERWRITE, "recycled": Action.UNDELETE, "purged": Action.RECREATE}[row.status]
            if mode is RestoreMode.AS_NEW:
                action = Action.CREATE_AS_NEW
            elif mode is RestoreMode.OTHER_TENANT:
                action = Action.CREATE_IN_TARGET
            items.append(PreviewItem(row.pk, row.display_name, row.app_id, action, ("notes",),
                                     ("Client secret x can't be restored.",), ("Issue a new secret.",)))
        source = self.store.get_tenant(request["tenant_id"])
        target = self.store.get_tenant(request["target_tenant_id"] or request["tenant_id"])
        return RestorePreview(request, None, source, target, self.store.snapshot(request["snapshot_id"]),
                              tuple(items))

    def run(self, preview: RestorePreview, *, progress: Any = None, cancel: Any = None) -> RestoreReport:
        done = []
        for index, item in enumerate(preview.items):
            if cancel is not None and cancel.cancelled:
                break
            if progress:
                progress(RestoreProgress(index, len(preview.items), item.display_name, "running"))
            time.sleep(self.delay_s)
            if progress:
                progress(RestoreProgress(index, len(preview.items), item.display_name, "verified"))
            done.append(ReportItem(item.display_name, item.app_id, "obj", item.action, "verified", item.app_id,
                                   "obj", (), item.follow_ups, None, None, None))
        if not done and cancel is not None and cancel.cancelled:
            raise Cancelled()
        return RestoreReport(1, tuple(done), len(done) < len(preview.items))


def fake_export_report(report: RestoreReport, path: Path, fmt: str) -> None:
    rows = [asdict(i) for i in report.items]
    if fmt == "json":
        path.write_text(json.dumps({"run_id": report.run_id, "items": rows}, default=str))
        return
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
