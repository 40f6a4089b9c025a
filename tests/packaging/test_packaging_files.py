"""The files the installers are made from say what packaging/README.md says they do (the builds themselves run on
their OS's runners; see .github/workflows/release.yml)."""

from __future__ import annotations

import configparser
import plistlib
import re
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def test_every_icon_is_generated_at_its_size() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(ROOT / "desktop_app" / "data" / "icons" / f"regvault-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
    assert (PACKAGING / "icons" / "regvault.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # ICO header
    assert (PACKAGING / "icons" / "regvault.icns").read_bytes()[:4] == b"icns"
    assert "<svg" in (ROOT / "resources" / "icons" / "regvault.svg").read_text(encoding="utf-8")


def test_the_linux_desktop_entry_matches_the_application() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "linux" / "regvault.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Exec"] == "regvault" and desktop["Icon"] == "regvault"
    assert desktop["Terminal"] == "false"
    # ensure_application() calls setDesktopFileName("regvault"): the file must be regvault.desktop.
    launch = (ROOT / "desktop_app" / "ui" / "launch.py").read_text(encoding="utf-8")
    assert 'setDesktopFileName("regvault")' in launch


def test_the_windows_installer_is_per_user_at_a_stable_path_with_a_start_menu_entry() -> None:
    script = (PACKAGING / "windows" / "regvault.iss").read_text(encoding="utf-8")
    directives = dict(re.findall(r"^(\w+)=(.*)$", script, flags=re.MULTILINE))
    assert directives["PrivilegesRequired"] == "lowest"
    assert directives["DefaultDirName"] == r"{autopf}\Regvault"  # %LOCALAPPDATA%\Programs\Regvault per user
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", directives["AppId"])
    assert r'Name: "{autoprograms}\Regvault"; Filename: "{app}\regvault.exe"' in script
    assert r'"/Delete /TN ""\Regvault\Backup"" /F"' in script  # the uninstaller removes the scheduled task
    assert r'Source: "{#DistDir}\*"' in script


def test_the_mac_entitlements_are_a_plist_with_only_what_python_needs() -> None:
    entitlements = plistlib.loads((PACKAGING / "macos" / "entitlements.plist").read_bytes())
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}
    spec = (PACKAGING / "regvault.spec").read_text(encoding="utf-8")
    assert 'bundle_identifier="com.regvault.Regvault"' in spec and "entitlements_file=entitlements" in spec


def test_the_uninstaller_offers_to_forget_the_secrets_and_to_delete_the_data_with_no_as_default() -> None:
    """Written for Inno Setup on the Windows runner (the release workflow uninstalls with /FORGET=yes there)."""
    script = (PACKAGING / "windows" / "regvault.iss").read_text(encoding="utf-8")
    code = script[script.index("[Code]"):]
    assert "Exec(ExpandConstant('{app}\\regvault-cli.exe'), 'forget --yes'" in code
    assert code.index("usUninstall") < code.index("forget --yes")  # before the files are gone
    assert code.count("MB_DEFBUTTON2, IDNO") == 1 and "Choice('FORGET'" in code and "Choice('REMOVEDATA'" in code
    assert "DelTree(DataFolder" in code
