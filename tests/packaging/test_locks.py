"""The lock files the build and CI install from: current with pyproject, complete, every file hashed."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging_scripts import PACKAGING, ROOT, load

lock = load("lock")
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)")


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            found[canonicalize_name(match[1])] = match[2]
    return found


def project() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]


@pytest.mark.parametrize("name", sorted(lock.TARGETS))
def test_each_lock_was_made_from_the_current_requirements(name: str) -> None:
    first = (PACKAGING / "locks" / name).read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == lock.DIGEST_PREFIX + lock.requirements_digest(name), (
        f"packaging/locks/{name} is stale: run python3 packaging/lock.py")


@pytest.mark.parametrize(("name", "extras"), [("build.txt", ["postgresql"]), ("test.txt", ["postgresql", "test"])])
def test_every_requirement_is_pinned_to_a_version_it_allows(name: str, extras: list[str]) -> None:
    pinned = pins(PACKAGING / "locks" / name)
    wanted = [*project()["dependencies"], *(r for e in extras for r in project()["optional-dependencies"][e])]
    for text in wanted:
        requirement = Requirement(text)
        if canonicalize_name(requirement.name) == "regvault":
            continue  # the test extra's own postgresql extra
        key = canonicalize_name(requirement.name)
        assert key in pinned, f"{requirement.name} is not in {name}"
        assert requirement.specifier.contains(pinned[key], prereleases=True), f"{key}=={pinned[key]} vs {text}"


@pytest.mark.parametrize("name", sorted(lock.TARGETS))
def test_every_pinned_distribution_has_hashes(name: str) -> None:
    text = (PACKAGING / "locks" / name).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 3)[3])
    assert len(entries) == len(pins(PACKAGING / "locks" / name)) > 20
    for entry in entries:
        assert "--hash=sha256:" in entry, entry.split("\n", 1)[0]


def test_the_build_installs_the_build_lock_with_its_hashes() -> None:
    build = load("build")
    command = build.install_command(Path("python"))
    assert command[command.index("-r") + 1] == str(PACKAGING / "locks" / "build.txt")
    assert "--require-hashes" in command


def test_the_build_lock_holds_pyinstaller_and_the_test_lock_does_not() -> None:
    assert "pyinstaller" in pins(PACKAGING / "locks" / "build.txt")
    assert "pyinstaller" not in pins(PACKAGING / "locks" / "test.txt")
    assert "psycopg2-binary" in pins(PACKAGING / "locks" / "build.txt")  # the packaged app serves a team's store
