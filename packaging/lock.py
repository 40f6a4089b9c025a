"""Update the lock files the build and CI install from: every distribution pinned, with the hashes of its files.

    python3 packaging/lock.py [--upgrade]

Needs uv (`pip install uv`). Writes, for every OS and Python 3.11+ at once (`--universal`: markers select the
Windows-, macOS- or Linux-only distributions):

    packaging/locks/build.txt   the app, its postgresql extra and PyInstaller: `packaging/build.py` installs this
    packaging/locks/test.txt    the app, its postgresql and test extras: CI and developers install this

Without --upgrade, versions already locked stay where pyproject still allows them (a changed requirement moves
only what it must); with it, everything goes to the newest version pyproject allows. Each file's first line holds a
digest of the requirements it was made from; a test fails when pyproject or build.in changed and this was not
run again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ROOT / "packaging" / "locks"
BUILD_IN = LOCKS / "build.in"
DIGEST_PREFIX = "# requirements-digest: "
# lock file -> the pyproject extras it holds, and whether build.in's tools are added
TARGETS: dict[str, tuple[tuple[str, ...], bool]] = {
    "build.txt": (("postgresql",), True),
    "test.txt": (("test",), False),
}
PYTHON = "3.11"  # the oldest Python Regvault supports (requires-python); the lock holds for newer ones too


def requirements_digest(name: str) -> str:
    """What a lock file is made from: pyproject's requirements (and build.in for the build lock), canonical JSON."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    extras, with_build = TARGETS[name]
    source = {
        "python": PYTHON,
        "requires-python": project.get("requires-python"),
        "dependencies": project["dependencies"],
        "extras": {extra: project["optional-dependencies"][extra] for extra in extras},
        "build.in": [line for line in BUILD_IN.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#")] if with_build else [],
    }
    return hashlib.sha256(json.dumps(source, sort_keys=True).encode()).hexdigest()


def lock(name: str, *, upgrade: bool, uv: str) -> None:
    extras, with_build = TARGETS[name]
    out = LOCKS / name
    argv = [uv, "pip", "compile", "pyproject.toml", *(["packaging/locks/build.in"] if with_build else []),
            *[f"--extra={extra}" for extra in extras], "--universal", f"--python-version={PYTHON}",
            "--generate-hashes", "--quiet", "--custom-compile-command=python3 packaging/lock.py",
            f"--output-file={out.relative_to(ROOT)}", *(["--upgrade"] if upgrade else [])]
    subprocess.run(argv, check=True, cwd=ROOT)
    text = out.read_text(encoding="utf-8")
    if text.startswith(DIGEST_PREFIX):
        text = text.split("\n", 1)[1]
    out.write_text(f"{DIGEST_PREFIX}{requirements_digest(name)}\n{text}", encoding="utf-8")
    pinned = sum(1 for line in text.splitlines() if "==" in line and not line.startswith(" "))
    print(f"{out.relative_to(ROOT)}: {pinned} distributions")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upgrade", action="store_true", help="move every pin to the newest version allowed")
    args = parser.parse_args(argv)
    uv = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))
    if not Path(uv).exists():
        print("packaging/lock.py needs uv: pip install uv", file=sys.stderr)
        return 2
    for name in TARGETS:
        lock(name, upgrade=args.upgrade, uv=uv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
