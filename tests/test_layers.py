"""The layers of DESIGN.md section 2 are a contract: import-linter checks it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


@pytest.mark.slow
def test_the_whole_package_is_mypy_clean(tmp_path: Path) -> None:
    """Every layer, the window (ui/) and the emulator too: pyproject's [tool.mypy] names desktop_app."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Nothing left out: every module of the package was checked.
    modules = sum(1 for _ in (ROOT / "desktop_app").rglob("*.py"))
    assert f"no issues found in {modules} source files" in result.stdout, result.stdout
