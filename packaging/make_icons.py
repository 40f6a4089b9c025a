"""Regenerate Regvault's icons from their one source, `resources/icons/regvault.svg`.

    python packaging/make_icons.py        (in a venv with PySide6 and Pillow: `packaging/build.py` makes one)

Writes, all committed so that neither the app nor a build needs this step:
- `desktop_app/data/icons/regvault-<size>.png`: the window icon at every size Qt picks from, and the Linux
  `.desktop` file's icon (package data);
- `packaging/icons/regvault.ico` (Windows: executables and installer) and `packaging/icons/regvault.icns` (macOS).
Run it again after changing the SVG, and commit what changed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "regvault.svg"
PNG_DIR = ROOT / "desktop_app" / "data" / "icons"
PACKAGING_DIR = ROOT / "packaging" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # what Explorer asks for, up to the 256 of "Extra large icons"
ICNS_SIZE = 1024  # Pillow's ICNS writer makes every smaller size of the set from the largest image


def render(size: int, path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(path)):
        raise SystemExit(f"could not write {path}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    PACKAGING_DIR.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        render(size, PNG_DIR / f"regvault-{size}.png")
    large = PACKAGING_DIR / "regvault-1024.png"
    render(ICNS_SIZE, large)
    with Image.open(large) as image:
        image.save(PACKAGING_DIR / "regvault.icns")
        # Each ICO size drawn from the SVG, not scaled down from 1024: small sizes stay crisp.
        images = [Image.open(PNG_DIR / f"regvault-{size}.png") for size in ICO_SIZES]
        images[-1].save(PACKAGING_DIR / "regvault.ico", sizes=[(s, s) for s in ICO_SIZES],
                        append_images=images[:-1])
    large.unlink()
    print(f"icons written to {PNG_DIR.relative_to(ROOT)} and {PACKAGING_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
