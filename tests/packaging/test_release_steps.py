"""The release workflow's own steps (packaging/release.py): the tag against __version__, SHA256SUMS, and the
winget and Homebrew manifests made from the release's files."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from packaging_scripts import load

from desktop_app import __version__

release = load("release")
REPOSITORY = "example-org/regvault"


def test_a_tag_that_is_not_the_code_version_stops_the_release() -> None:
    assert release.check_tag(f"v{__version__}") == __version__
    with pytest.raises(SystemExit, match="does not match"):
        release.check_tag("v999.0.0")
    with pytest.raises(SystemExit):
        release.check_tag(__version__)  # without its v


@pytest.fixture
def release_files(tmp_path: Path) -> Path:
    folder = tmp_path / "release"
    folder.mkdir()
    for name, body in ((f"Regvault-{__version__}-setup.exe", b"setup"),
                       (f"Regvault-{__version__}-macos-arm64.dmg", b"arm"),
                       (f"Regvault-{__version__}-macos-x86_64.dmg", b"intel"),
                       (f"regvault-{__version__}-linux-x86_64.tar.gz", b"tar")):
        (folder / name).write_bytes(body)
    return folder


def test_sha256sums_lists_every_file_in_the_format_sha256sum_checks(release_files: Path) -> None:
    sums = release.write_sums(release_files)
    lines = sums.read_text().splitlines()
    assert len(lines) == 4
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256((release_files / name).read_bytes()).hexdigest() == digest
    done = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=release_files, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_winget_manifests_name_the_installer_and_its_hash(release_files: Path, tmp_path: Path) -> None:
    written = release.write_manifests(__version__, REPOSITORY, release_files, tmp_path / "out")
    folder = tmp_path / "out" / "winget" / "manifests" / "r" / "Regvault" / "Regvault" / __version__
    installer = (folder / "Regvault.Regvault.installer.yaml").read_text()
    setup = release_files / f"Regvault-{__version__}-setup.exe"
    assert f"InstallerSha256: {hashlib.sha256(setup.read_bytes()).hexdigest().upper()}" in installer
    assert (f"InstallerUrl: https://github.com/{REPOSITORY}/releases/download/v{__version__}/{setup.name}"
            in installer)
    assert "InstallerType: inno" in installer and "Scope: user" in installer
    for path in written[:3]:
        text = path.read_text()
        assert f"PackageIdentifier: Regvault.Regvault\nPackageVersion: {__version__}\n" in text
        assert "ManifestVersion: 1.6.0" in text
    assert "License: Apache-2.0" in (folder / "Regvault.Regvault.locale.en-US.yaml").read_text()


def test_the_cask_has_one_dmg_per_architecture(release_files: Path, tmp_path: Path) -> None:
    release.write_manifests(__version__, REPOSITORY, release_files, tmp_path / "out")
    cask = (tmp_path / "out" / "homebrew" / "Casks" / "regvault.rb").read_text()
    arm = hashlib.sha256(b"arm").hexdigest()
    intel = hashlib.sha256(b"intel").hexdigest()
    assert f'sha256 arm:   "{arm}",\n         intel: "{intel}"' in cask
    assert f'version "{__version__}"' in cask
    assert "Regvault-#{version}-macos-#{arch}.dmg" in cask
    assert 'app "Regvault.app"' in cask


def test_manifests_without_both_dmgs_are_refused(release_files: Path, tmp_path: Path) -> None:
    (release_files / f"Regvault-{__version__}-macos-x86_64.dmg").unlink()
    with pytest.raises(SystemExit, match="x86_64"):
        release.write_manifests(__version__, REPOSITORY, release_files, tmp_path / "out")
