"""The release workflow's own steps, kept here so they run (and are tested) the same everywhere.

    python3 packaging/release.py version [--tag vX.Y.Z]      prints version=X.Y.Z; fails if the tag disagrees
    python3 packaging/release.py sums DIR                    writes DIR/SHA256SUMS (sha256sum -c reads it)
    python3 packaging/release.py manifests --version X.Y.Z --repository OWNER/NAME --dir DIR --out OUT
                                                             winget manifests and a Homebrew cask for DIR's files

The manifests name the release's download URLs (https://github.com/OWNER/NAME/releases/download/vX.Y.Z/FILE)
and the sha256 of the files in DIR, so they are made after the files and before anyone can download them.
Submitting them (a pull request to microsoft/winget-pkgs, a commit to a Homebrew tap) is the maintainer's step:
the release attaches them. Only the standard library here.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_ID = "Regvault.Regvault"  # winget: Publisher.Name
WINGET_SCHEMA = "1.6.0"
DESCRIPTION = "Back up and restore Microsoft Entra ID app registrations"


def version() -> str:
    namespace: dict[str, str] = {}
    exec((ROOT / "desktop_app" / "__init__.py").read_text(encoding="utf-8"), namespace)
    return namespace["__version__"]


def check_tag(tag: str | None) -> str:
    """The version the code says; SystemExit when a tag names another (a release of 0.2.0 that says 0.1.0 in
    About and `--version` would never see itself as current)."""
    current = version()
    if tag is not None and tag != f"v{current}":
        raise SystemExit(f"the tag {tag} does not match desktop_app.__version__ {current}: tag v{current}, "
                         "or change __version__ and tag again")
    return current


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_sums(folder: Path) -> Path:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != "SHA256SUMS")
    out = folder / "SHA256SUMS"
    out.write_text("".join(f"{sha256(p)}  {p.name}\n" for p in files), encoding="utf-8")
    return out


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise SystemExit(f"expected one {pattern} in {folder}, found {[p.name for p in found]}")
    return found[0]


def winget_manifests(ver: str, repository: str, setup: Path) -> dict[str, str]:
    """The three files of a winget multi-file manifest (version, installer, default locale)."""
    url = f"https://github.com/{repository}/releases/download/v{ver}/{setup.name}"
    head = f"PackageIdentifier: {PACKAGE_ID}\nPackageVersion: {ver}\n"
    schema = f"# yaml-language-server: $schema=https://aka.ms/winget-manifest.{{kind}}.{WINGET_SCHEMA}.schema.json\n"
    return {
        f"{PACKAGE_ID}.yaml": schema.format(kind="version") + head
        + f"DefaultLocale: en-US\nManifestType: version\nManifestVersion: {WINGET_SCHEMA}\n",
        f"{PACKAGE_ID}.installer.yaml": schema.format(kind="installer") + head + (
            "InstallerType: inno\n"
            "Scope: user\n"  # PrivilegesRequired=lowest: %LOCALAPPDATA%\Programs\Regvault, no UAC prompt
            "InstallModes:\n- interactive\n- silent\n- silentWithProgress\n"
            "UpgradeBehavior: install\n"
            "MinimumOSVersion: 10.0.0.0\n"
            "Installers:\n"
            "- Architecture: x64\n"
            f"  InstallerUrl: {url}\n"
            f"  InstallerSha256: {sha256(setup).upper()}\n"
            f"ManifestType: installer\nManifestVersion: {WINGET_SCHEMA}\n"),
        f"{PACKAGE_ID}.locale.en-US.yaml": schema.format(kind="defaultLocale") + head + (
            "PackageLocale: en-US\n"
            "Publisher: Regvault\n"
            "PackageName: Regvault\n"
            f"PackageUrl: https://github.com/{repository}\n"
            "License: Apache-2.0\n"
            f"LicenseUrl: https://github.com/{repository}/blob/v{ver}/LICENSE\n"
            f"ShortDescription: {DESCRIPTION}\n"
            "Tags:\n- entra-id\n- backup\n- microsoft-graph\n"
            f"ManifestType: defaultLocale\nManifestVersion: {WINGET_SCHEMA}\n"),
    }


def homebrew_cask(ver: str, repository: str, arm: Path, intel: Path) -> str:
    """A cask with one DMG per architecture (the app is built on each: psycopg2-binary has no universal2 wheel)."""
    for dmg, arch in ((arm, "arm64"), (intel, "x86_64")):
        if dmg.name != f"Regvault-{ver}-macos-{arch}.dmg":
            raise SystemExit(f"{dmg.name} is not the {arch} DMG of {ver}")
    return f'''cask "regvault" do
  arch arm: "arm64", intel: "x86_64"

  version "{ver}"
  sha256 arm:   "{sha256(arm)}",
         intel: "{sha256(intel)}"

  url "https://github.com/{repository}/releases/download/v#{{version}}/Regvault-#{{version}}-macos-#{{arch}}.dmg"
  name "Regvault"
  desc "{DESCRIPTION}"
  homepage "https://github.com/{repository}"

  livecheck do
    url :url
    strategy :github_latest
  end

  depends_on macos: ">= :monterey"

  app "Regvault.app"
  binary "#{{appdir}}/Regvault.app/Contents/MacOS/regvault"

  zap trash: [
    "~/Library/Application Support/Regvault",
    "~/Library/Logs/Regvault",
    "~/Library/Preferences/com.regvault.Regvault.plist",
  ]
end
'''


def write_manifests(ver: str, repository: str, folder: Path, out: Path) -> list[Path]:
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repository):
        raise SystemExit(f"not a GitHub repository: {repository!r}")
    winget = out / "winget" / "manifests" / "r" / "Regvault" / "Regvault" / ver
    winget.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in winget_manifests(ver, repository, _one(folder, f"Regvault-{ver}-setup.exe")).items():
        (winget / name).write_text(text, encoding="utf-8")
        written.append(winget / name)
    cask = out / "homebrew" / "Casks" / "regvault.rb"
    cask.parent.mkdir(parents=True, exist_ok=True)
    cask.write_text(homebrew_cask(ver, repository, _one(folder, f"Regvault-{ver}-macos-arm64.dmg"),
                                  _one(folder, f"Regvault-{ver}-macos-x86_64.dmg")), encoding="utf-8")
    return [*written, cask]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("version")
    check.add_argument("--tag")
    sums = commands.add_parser("sums")
    sums.add_argument("dir", type=Path)
    manifests = commands.add_parser("manifests")
    manifests.add_argument("--version", required=True)
    manifests.add_argument("--repository", required=True)
    manifests.add_argument("--dir", type=Path, required=True)
    manifests.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "version":
        print(f"version={check_tag(args.tag)}")
    elif args.command == "sums":
        print(write_sums(args.dir).read_text(encoding="utf-8"), end="")
    else:
        for path in write_manifests(args.version, args.repository, args.dir, args.out):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
