"""Issue 16 case 5: the CSV report is safe to open in a spreadsheet (names and messages come from the tenant): a
run's report, and a past run's from the audit trail (its warnings and messages recorded as words)."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop_app.domain import restore_plan as plan
from desktop_app.services.restore import ReportItem, RestoreReport
from desktop_app.services.restore_report import export_recorded, export_report
from desktop_app.store.records import RestoreItemInfo, RestoreRunInfo

FORMULAS = ["=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


def _report(names: list[str]) -> RestoreReport:
    items = tuple(
        ReportItem(
            display_name=name, source_app_id=f"00000000-0000-0000-0000-{n:012d}", source_object_id=f"obj-{n}",
            action=plan.Action.OVERWRITE, result="failed", new_app_id=None, new_object_id=None,
            warnings=(plan.PlanWarning(plan.WarningCode.OWNER_GONE, {"owner_id": "=1+1"}),),
            follow_ups=(plan.FollowUp(plan.FollowUpCode.ISSUE_SECRET, {"display_name": "-secret"}),),
            error_code="BadRequest",
            failure=plan.Failure(plan.FailureCode.DELETED_SINCE_PREVIEW, {"object_id": "@obj"}),
        )
        for n, name in enumerate(names)
    )
    return RestoreReport(run_id=7, items=items, cancelled=False)


def _recorded(names: list[str]) -> tuple[RestoreRunInfo, list[RestoreItemInfo]]:
    run = RestoreRunInfo(id=7, operator="o", started=datetime.now(UTC), finished=None, tenant_id="t",
                         target_tenant_id="t", snapshot_id=1, snapshot_taken=None, mode="with-object",
                         status="failed", dry_run=False, message=None)
    return run, [
        RestoreItemInfo(
            display_name=name, source_app_id=f"00000000-0000-0000-0000-{n:012d}", source_object_id=f"obj-{n}",
            action="overwrite", result="failed", warnings=(f"=HYPERLINK(\"http://x\",\"{n}\")", "plain warning",
                                                            "-follow"),
            error_code="BadRequest", message="@message from Graph",
        )
        for n, name in enumerate(names)
    ]


def _safe_rows(path: Path) -> list[dict[str, str]]:
    """The CSV's rows, the names as written (a formula's first sign quoted), no cell starting like a formula."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["display_name"] for r in rows] == ["'" + f for f in FORMULAS] + ["Café ünïcode"]
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)
    return rows


def test_a_past_runs_csv_cells_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    export_recorded(*_recorded(FORMULAS + ["Café ünïcode"]), path, "csv")
    rows = _safe_rows(path)
    for row in rows:
        assert row["warnings"].startswith("'=HYPERLINK")
        assert row["warnings"].endswith(" | -follow")  # the audit keeps follow-ups among the warnings
        assert row["message"] == "'@message from Graph"
        assert row["action"] == "overwrite"


def test_csv_cells_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    export_report(_report(FORMULAS + ["Café ünïcode"]), path, "csv")
    rows = _safe_rows(path)
    for row in rows:
        assert row["warnings"] == "Owner =1+1 no longer exists in the tenant and was left out."
        assert row["follow_ups"].startswith("Issue a new client secret to replace -secret")
        assert row["message"] == "'@obj was deleted after the preview; preview again to restore it."
        assert row["action"] == "overwrite"


def test_csv_starts_with_a_byte_order_mark_so_excel_reads_utf8(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    export_report(_report(["Zoë"]), path, "csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Zoë".encode() in data


def test_json_report_keeps_names_exactly(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    export_report(_report(FORMULAS), path, "json")
    names = [i["display_name"] for i in json.loads(path.read_text(encoding="utf-8"))["items"]]
    assert names == FORMULAS


@pytest.mark.parametrize("fmt", ["xml"])
def test_unknown_format_is_refused(tmp_path: Path, fmt: str) -> None:
    with pytest.raises(ValueError):
        export_report(_report(["a"]), tmp_path / "r", fmt)  # type: ignore[arg-type]
