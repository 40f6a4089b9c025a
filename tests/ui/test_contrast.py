"""Issue 15: WCAG AA contrast (4.5:1) of every colour the window draws, in the light and the dark palette,
computed from the colours themselves (ui/colors.py), plus a check that no other colour is hard-coded in ui/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyleFactory, QStyleOptionViewItem

from desktop_app.ui import colors
from desktop_app.ui.launch import ensure_application

AA = 4.5
UI = Path(colors.__file__).resolve().parent


def luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def palettes() -> dict[str, QPalette]:
    app = ensure_application()
    return {"light": colors.light_palette(app.style().standardPalette()), "dark": colors.dark_palette()}


BACKGROUNDS = (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase, QPalette.ColorRole.Window,
               QPalette.ColorRole.Button)


def test_the_formula_is_wcags() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#767676"), QColor("#ffffff")) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_tone_meets_aa_on_every_background_it_is_drawn_on(scheme: str) -> None:
    palette = palettes()[scheme]
    assert colors.is_dark(palette) == (scheme == "dark")
    failures = []
    for tone in colors.TONES:
        color = tone.color(palette)
        if tone.background:
            pairs = [("Text", palette.color(QPalette.ColorRole.Text))]
            pairs += [(on.name_, on.color(palette)) for on in colors.ON_FILLS.get(tone, ())]
            for name, fg in pairs:
                if contrast(fg, color) < AA:
                    failures.append(f"{name} on {tone.name_}: {contrast(fg, color):.2f}")
            continue
        for role in BACKGROUNDS:
            ratio = contrast(color, palette.color(role))
            if ratio < AA:
                failures.append(f"{tone.name_} on {role.name}: {ratio:.2f}")
    # The palette's own text too (the dark palette is ours).
    for fg, bg in ((QPalette.ColorRole.Text, QPalette.ColorRole.Base),
                   (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
                   (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
                   (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
                   (QPalette.ColorRole.Link, QPalette.ColorRole.Base)):
        ratio = contrast(palette.color(fg), palette.color(bg))
        if ratio < AA:
            failures.append(f"{fg.name} on {bg.name}: {ratio:.2f}")
    assert failures == [], failures


def test_the_window_uses_no_colour_the_contrast_test_does_not_know() -> None:
    literal = re.compile(r"#[0-9a-fA-F]{6}\b|QColor\(\s*\d|palette\(mid\)|rgba?\(")
    found = []
    for path in UI.rglob("*.py"):
        if path.name == "colors.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if literal.search(line.split("  #")[0]):
                found.append(f"{path.relative_to(UI)}:{number}: {line.strip()}")
    assert found == [], found


def test_the_dark_palette_is_used_when_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    app = ensure_application()
    before = app.palette()
    try:
        monkeypatch.setenv("REGVAULT_COLOR_SCHEME", "dark")
        colors.apply_color_scheme(app)
        assert colors.is_dark(app.palette())
        assert colors.CHANGED.name() == colors.CHANGED.dark
        monkeypatch.setenv("REGVAULT_COLOR_SCHEME", "light")
        colors.apply_color_scheme(app)
        assert not colors.is_dark(app.palette())
        assert colors.CHANGED.name() == colors.CHANGED.light
    finally:
        app.setPalette(before)


def test_labels_coloured_by_style_sheet_follow_a_palette_switch_live(qtbot, open_window, context_of, filled) -> None:  # type: ignore[no-untyped-def]
    """Issue 15: a label's style-sheet colour is written again when the palette changes (dark mode switched on
    while the window is open), so it is never left with the other palette's colour (1.6-3.3:1 on dark)."""
    app = ensure_application()
    before = app.palette()
    light, dark = palettes()["light"], palettes()["dark"]
    try:
        app.setPalette(light)
        window = open_window(context_of(filled[0]))
        window.apps.set_filter("no app is called this")
        qtbot.waitUntil(lambda: window.apps.model.rowCount() == 0, timeout=5000)
        toned = {  # label: its tone, as the window set it
            window.backup.last_backup_label: colors.SUCCESS,
            window.apps.table.no_match_label: colors.MUTED,
        }
        for label, tone in toned.items():
            assert tone.light in label.styleSheet()
        for palette, variant in ((dark, "dark"), (light, "light"), (dark, "dark")):
            app.setPalette(palette)
            for label, tone in toned.items():
                wanted = getattr(tone, variant)
                assert wanted in label.styleSheet(), (label.objectName(), variant)
                label.ensurePolished()
                assert label.palette().color(QPalette.ColorRole.WindowText).name() == wanted
                assert contrast(QColor(wanted), palette.color(QPalette.ColorRole.Window)) >= AA
        assert "padding: 32px" in window.apps.table.no_match_label.styleSheet()  # the other rules stay
    finally:
        app.setPalette(before)


def _unticked_box_contrast(style: QStyle) -> float:
    """The most visible pixel of an unticked item-view check box drawn on the dark palette's base, as contrast."""
    palette = colors.dark_palette()
    base = palette.color(QPalette.ColorRole.Base)
    image = QImage(32, 32, QImage.Format.Format_RGB32)
    image.fill(base)
    option = QStyleOptionViewItem()
    option.rect = QRect(8, 8, 16, 16)
    option.palette = palette
    option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Off
    painter = QPainter(image)
    style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck, option, painter, None)
    painter.end()
    return max(contrast(QColor(image.pixel(x, y)), base) for x in range(32) for y in range(32))


def test_an_unticked_check_box_can_be_seen_in_a_dark_table(qapp) -> None:  # type: ignore[no-untyped-def]
    # Fusion alone draws the frame in the window colour darkened: next to invisible on the dark table.
    assert _unticked_box_contrast(QStyleFactory.create("fusion")) < 3
    assert _unticked_box_contrast(colors.VisibleChecksStyle("fusion")) >= 3  # WCAG 1.4.11: a control's parts
