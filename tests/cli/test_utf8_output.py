"""Names in any script come out exactly, whatever code page the console or the pipe uses.

On Windows a redirected stdout is in the ANSI code page (cp1252 in western Europe): `PYTHONIOENCODING=cp1252`
reproduces it here. RMM scripts read `--json`; spreadsheets read the restore report's CSV."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from named_apps import backed_up_with_names

NAMES = [
    "Бухгалтерия — отчёты",  # Cyrillic
    "経費精算アプリ",  # Japanese
    "Λογιστική εφαρμογή",  # Greek
    "تطبيق الرواتب",  # Arabic
    "財務報表 同步",  # Chinese
    "Zürich Café · Straße",  # Latin with what cp1252 has
    "Deploy 🚀 bot",  # outside the Basic Multilingual Plane
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with backed_up_with_names(tmp_path_factory.mktemp("utf8") / "data", "contoso:1", 3, NAMES) as folder:
        yield folder


def _regvault_under_cp1252(*argv: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"}
    return subprocess.run([sys.executable, "-m", "desktop_app.cli", *argv], env=env, capture_output=True,
                          timeout=120, check=False)


def test_json_under_cp1252_is_ascii_and_holds_every_name_exactly(data_dir: Path) -> None:
    done = _regvault_under_cp1252("apps", "--tenant", "contoso.com", "--data-dir", str(data_dir), "--json")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    text = done.stdout.decode("ascii")  # readable in any code page: every other character is a \u escape
    names = {app["displayName"] for app in json.loads(text)["apps"]}
    assert set(NAMES) <= names


def test_text_under_cp1252_is_utf8_and_holds_every_name(data_dir: Path) -> None:
    done = _regvault_under_cp1252("apps", "--tenant", "contoso.com", "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    text = done.stdout.decode("utf-8")
    for name in NAMES:
        assert name in text


def test_an_error_under_cp1252_is_json_too(data_dir: Path) -> None:
    done = _regvault_under_cp1252("apps", "--tenant", "Бухгалтерия.example", "--data-dir", str(data_dir), "--json")
    assert done.returncode == 2
    assert "Бухгалтерия.example" in json.loads(done.stdout.decode("ascii"))["error"]["message"]
    assert "Бухгалтерия.example" in done.stderr.decode("utf-8")


def test_the_restore_reports_csv_holds_every_name_exactly(tmp_path: Path) -> None:
    from desktop_app.domain.restore_plan import Action
    from desktop_app.services.restore import ReportItem, RestoreReport
    from desktop_app.services.restore_report import export_report

    items = tuple(ReportItem(display_name=name, source_app_id=f"00000000-0000-0000-0000-{n:012d}",
                             source_object_id=f"obj-{n}", action=Action.OVERWRITE, result="done",
                             new_app_id=None, new_object_id=None, warnings=(), follow_ups=())
                  for n, name in enumerate(NAMES))
    path = tmp_path / "report.csv"
    export_report(RestoreReport(run_id=1, items=items, cancelled=False), path, "csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the byte-order mark: Excel reads UTF-8, not the ANSI page
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["display_name"] for row in rows] == NAMES
