"""actionlint over .github/workflows/: a typo in release.yml is found in every test run, not on release day."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging_scripts import ROOT


def actionlint() -> str:
    beside = Path(sys.executable).with_name("actionlint")  # the test extra's wheel puts it beside python
    found = str(beside) if beside.exists() else shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint is not installed: pip install -e '.[test]' (or the test lock) brings it")
    return found


def run(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # -shellcheck= / -pyflakes=: only actionlint's own checks, the same on every machine.
    return subprocess.run([actionlint(), "-no-color", "-shellcheck=", "-pyflakes=", *argv], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_workflows_pass_actionlint() -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    done = run(*map(str, workflows), cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_finds_a_typo(tmp_path: Path) -> None:
    """The check can fail: the release workflow with a misspelt output and an unknown runner label is refused."""
    text = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    broken = text.replace("needs.version.outputs.version", "needs.version.outputs.verison", 1)
    broken = broken.replace("runs-on: ubuntu-22.04", "runs-on: ubuntu-22.4", 1)
    assert broken != text
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "release.yml").write_text(broken, encoding="utf-8")
    done = run(str(folder / "release.yml"), cwd=tmp_path)
    assert done.returncode != 0
    assert "verison" in done.stdout and "ubuntu-22.4" in done.stdout
