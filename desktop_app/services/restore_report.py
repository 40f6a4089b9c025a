"""A restore's report as a file the user keeps: JSON (one document) or CSV (one row per app), in the CLI's words
(services/restore_texts.py). A run of the audit trail exports the same way, from the codes it keeps (recorded
before the audit kept codes: in the words it was recorded with)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from desktop_app.domain.restore_plan import RecordedOutcome, outcome_from_json
from desktop_app.domain.text_safety import spreadsheet_cell
from desktop_app.services.restore_model import RESULTS
from desktop_app.services.restore_texts import (
    describe_access,
    describe_failure,
    describe_follow_up,
    describe_stopped,
    remark_text,
)
from desktop_app.store.records import RestoreItemInfo, RestoreRunInfo

if TYPE_CHECKING:
    from desktop_app.services.restore import ReportItem, RestoreReport

_CSV_COLUMNS = (
    "display_name", "source_app_id", "source_object_id", "action", "result", "new_app_id", "new_object_id",
    "client_id_changed", "error_code", "request_id", "message", "warnings", "follow_ups",
    "up_to_date",  # last: a script reading the columns by position finds the others where they were
)


def export_report(report: RestoreReport, path: Path, fmt: Literal["json", "csv"]) -> None:
    """The report as JSON (one document) or CSV (one row per app; warnings and follow-ups joined by " | "; UTF-8
    with a byte-order mark; cells that a spreadsheet would run as a formula start with an apostrophe)."""
    _write({
        "runId": report.run_id, "cancelled": report.cancelled,
        "message": describe_failure(report.stopped) if report.stopped is not None else None,
        "preRestoreSnapshotId": report.pre_restore_snapshot_id, "counts": report.counts,
        "items": [_item_json(i) for i in report.items],
    }, path, fmt)


def export_recorded(run: RestoreRunInfo, items: Sequence[RestoreItemInfo], path: Path,
                    fmt: Literal["json", "csv"]) -> None:
    """A past run of the audit trail, as export_report writes a report (one recorded before the audit kept codes
has its follow-ups among its warnings)."""
    counts = dict.fromkeys(RESULTS, 0)
    for item in items:
        counts[item.result] = counts.get(item.result, 0) + 1
    _write({
        "runId": run.id, "cancelled": run.status == "cancelled", "message": describe_stopped(run),
        "preRestoreSnapshotId": None, "counts": counts,
        "items": [_recorded_json(i) for i in items],
    }, path, fmt)


def _write(document: dict[str, Any], path: Path, fmt: Literal["json", "csv"]) -> None:
    if fmt == "json":
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    if fmt != "csv":
        raise ValueError(f"unknown report format {fmt!r}")
    # utf-8-sig: Excel reads a file without the byte-order mark as the local code page and garbles names.
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(_CSV_COLUMNS)
        for row in document["items"]:
            writer.writerow([_csv_cell(row[c]) for c in _CSV_COLUMNS])


def _csv_cell(value: Any) -> Any:
    """Names, messages and warnings come from the tenant: a cell starting like a formula stays text."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = " | ".join(value)
    return spreadsheet_cell(value) if isinstance(value, str) else value


def _item_json(item: ReportItem) -> dict[str, Any]:
    return {
        "display_name": item.display_name, "source_app_id": item.source_app_id,
        "source_object_id": item.source_object_id, "action": item.action.value, "result": item.result,
        "up_to_date": item.up_to_date, "new_app_id": item.new_app_id, "new_object_id": item.new_object_id,
        "error_code": item.error_code, "request_id": item.request_id, "client_id_changed": item.client_id_changed,
        **_said(RecordedOutcome(item.warnings, item.follow_ups, item.access, item.failure)),
    }


def _recorded_json(item: RestoreItemInfo) -> dict[str, Any]:
    outcome = outcome_from_json(item.outcome)
    said = _said(outcome) if outcome is not None else {
        "warnings": list(item.warnings), "follow_ups": [], "message": item.message, "access": []}
    return {
        "display_name": item.display_name, "source_app_id": item.source_app_id,
        "source_object_id": item.source_object_id, "action": item.action, "result": item.result,
        "up_to_date": item.result == "unchanged" or (outcome is not None and outcome.up_to_date),
        "new_app_id": item.new_app_id, "new_object_id": item.new_object_id,
        "error_code": item.error_code, "request_id": item.request_id,
        "client_id_changed": bool(item.new_app_id) and str(item.new_app_id).lower() != item.source_app_id.lower(),
        **said,
    }


def _said(outcome: RecordedOutcome) -> dict[str, Any]:
    """An item's codes in the command line's words (codes a later version wrote, as stored, among its warnings)."""
    return {
        "warnings": [remark_text(w) for w in outcome.warnings] + list(outcome.unknown),
        "follow_ups": [describe_follow_up(f) for f in outcome.follow_ups],
        "message": describe_failure(outcome.failure) if outcome.failure is not None else None,
        "access": [describe_access(a, done=True) for a in outcome.access],
    }
