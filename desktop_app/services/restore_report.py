"""A restore's report as a file the user keeps: JSON (one document) or CSV (one row per app)."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from desktop_app.domain.text_safety import spreadsheet_cell

if TYPE_CHECKING:
    from desktop_app.services.restore import ReportItem, RestoreReport

_CSV_COLUMNS = (
    "display_name", "source_app_id", "source_object_id", "action", "result", "new_app_id", "new_object_id",
    "client_id_changed", "error_code", "request_id", "message", "warnings", "follow_ups",
)


def export_report(report: RestoreReport, path: Path, fmt: Literal["json", "csv"]) -> None:
    """The report as JSON (one document) or CSV (one row per app; warnings and follow-ups joined by " | "; UTF-8
    with a byte-order mark; cells that a spreadsheet would run as a formula start with an apostrophe)."""
    if fmt == "json":
        document = {
            "runId": report.run_id, "cancelled": report.cancelled, "message": report.message,
            "preRestoreSnapshotId": report.pre_restore_snapshot_id, "counts": report.counts,
            "items": [_item_json(i) for i in report.items],
        }
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    if fmt != "csv":
        raise ValueError(f"unknown report format {fmt!r}")
    # utf-8-sig: Excel reads a file without the byte-order mark as the local code page and garbles names.
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(_CSV_COLUMNS)
        for item in report.items:
            row = _item_json(item)
            writer.writerow([_csv_cell(row[c]) for c in _CSV_COLUMNS])


def _csv_cell(value: Any) -> Any:
    """Names, messages and warnings come from the tenant: a cell starting like a formula stays text."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = " | ".join(value)
    return spreadsheet_cell(value) if isinstance(value, str) else value


def _item_json(item: ReportItem) -> dict[str, Any]:
    data = asdict(item)
    data["action"] = item.action.value
    data["warnings"] = list(item.warnings)
    data["follow_ups"] = list(item.follow_ups)
    data["access"] = list(item.access)
    return data
