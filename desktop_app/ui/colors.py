"""Every colour the window uses beyond the palette's own, in a light and a dark variant, chosen from the palette in
use; and the dark palette itself. WCAG AA (4.5:1 against the backgrounds they are drawn on, in both palettes) is
checked by tests/ui/test_contrast.py over `TONES`: a colour not listed here is a colour nobody checked.

Dark mode follows the system (Qt's colour scheme) or REGVAULT_COLOR_SCHEME=dark|light; it is the palette that
changes, and every tone is read from it at the time it is drawn. Labels coloured with a tone get it through
`set_text_tone`, which writes their style sheet again whenever the application's palette changes (a style sheet
holds a fixed colour: set once, a label would keep its light-mode colour on a dark window).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


@dataclass(frozen=True)
class Tone:
    """A foreground colour (or, for `background` tones, a fill) with its light and dark variants."""

    name_: str
    light: str
    dark: str
    background: bool = False

    def color(self, palette: QPalette | None = None) -> QColor:
        return QColor(self.dark if is_dark(palette) else self.light)

    def name(self, palette: QPalette | None = None) -> str:
        """#rrggbb for style sheets and rich text (QColor.name()'s spelling, so callers read the same)."""
        return self.color(palette).name()

    def css(self, palette: QPalette | None = None) -> str:
        return f"color: {self.name(palette)};"


SUCCESS = Tone("success", "#1b6e3a", "#6fd394")
DANGER = Tone("danger", "#9e2a2b", "#ff8f87")
CHANGED = Tone("changed", "#b0232a", "#ff8a80")
WARNING = Tone("warning", "#7f5200", "#f2bd5c")
DELETED = Tone("deleted", "#7a5d00", "#e7c65f")
MUTED = Tone("muted", "#595f66", "#aab0b8")
# Fills: text on them is the palette's Text colour.
CHANGED_BACKGROUND = Tone("changed background", "#f9e4e5", "#4a2426", background=True)
SNAPSHOT_DAY_BACKGROUND = Tone("snapshot day", "#d9ecdf", "#254a31", background=True)

TONES: tuple[Tone, ...] = (SUCCESS, DANGER, CHANGED, WARNING, DELETED, MUTED, CHANGED_BACKGROUND,
                           SNAPSHOT_DAY_BACKGROUND)
# Foreground tones drawn on these fills too (a changed row's red text on its tint).
ON_FILLS: dict[Tone, tuple[Tone, ...]] = {CHANGED_BACKGROUND: (CHANGED,), SNAPSHOT_DAY_BACKGROUND: ()}


_TONE_PROPERTY = "regvaultTextTone"  # the tone's name ("" for the palette's own text colour)
_STYLE_PROPERTY = "regvaultTextStyle"  # the other style-sheet rules that go with it (padding)
_BY_NAME = {tone.name_: tone for tone in TONES}


def set_text_tone(widget: QWidget, tone: Tone | None, rules: str = "") -> None:
    """The widget's text in `tone` (None: the palette's own colour) plus other style-sheet `rules`, kept in step
    with the palette: written again whenever the application's palette changes (dark mode on or off)."""
    if tone is not None and _BY_NAME.get(tone.name_) is not tone:
        raise ValueError(f"{tone.name_!r} is not one of colors.TONES (the ones the contrast test checks)")
    widget.setProperty(_TONE_PROPERTY, "" if tone is None else tone.name_)
    widget.setProperty(_STYLE_PROPERTY, rules)
    _write_style(widget)
    _PaletteFollower.install()


def _write_style(widget: QWidget) -> None:
    tone = _BY_NAME.get(str(widget.property(_TONE_PROPERTY) or ""))
    colour = tone.css() if tone is not None else ""
    rules = str(widget.property(_STYLE_PROPERTY) or "")
    widget.setStyleSheet(" ".join(part for part in (colour, rules) if part))


class _PaletteFollower(QObject):
    """One per application: on a palette change, every widget coloured through set_text_tone is written again."""

    _installed: _PaletteFollower | None = None

    @classmethod
    def install(cls) -> None:
        app = QApplication.instance()
        current = cls._installed
        if app is None or (current is not None and shiboken6.isValid(current) and current.parent() is app):
            return
        follower = cls(app)
        app.installEventFilter(follower)
        cls._installed = follower

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ApplicationPaletteChange and watched is QApplication.instance():
            for widget in QApplication.allWidgets():
                if widget.property(_TONE_PROPERTY) is not None:
                    _write_style(widget)
        return False


def dark_palette() -> QPalette:
    """Fusion's roles in dark: text #e6e6e6 on #1e1e1e / #2b2b2b (about 13:1)."""
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#2d6cb5", QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#353535", QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#a3a3a3", QPalette.ColorRole.Link: "#79b8ff",
        QPalette.ColorRole.LinkVisited: "#c297ff", QPalette.ColorRole.Light: "#4a4a4a",
        QPalette.ColorRole.Midlight: "#3e3e3e", QPalette.ColorRole.Mid: "#5c5c5c",
        QPalette.ColorRole.Dark: "#181818", QPalette.ColorRole.Shadow: "#000000",
    }
    for role, value in roles.items():
        p.setColor(QPalette.ColorGroup.All, role, QColor(value))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7d7d7d"))
    return p


def light_palette(standard: QPalette) -> QPalette:
    """Fusion's light palette with a selection dark enough for white text (Fusion's #308cc6 gives 3.7:1)."""
    p = QPalette(standard)
    p.setColor(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight, QColor("#2462a8"))
    p.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight, QColor("#2462a8"))
    p.setColor(QPalette.ColorGroup.All, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    return p


def wants_dark() -> bool:
    chosen = os.environ.get("REGVAULT_COLOR_SCHEME", "").strip().lower()
    if chosen in ("dark", "light"):
        return chosen == "dark"
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_color_scheme(app: QGuiApplication) -> None:
    """Dark palette when the system (or REGVAULT_COLOR_SCHEME) asks for it; Fusion's light one otherwise."""
    from PySide6.QtWidgets import QApplication

    if wants_dark():
        app.setPalette(dark_palette())
    elif isinstance(app, QApplication) and app.style() is not None:
        app.setPalette(light_palette(app.style().standardPalette()))


# A check box's frame in the dark palette. Fusion draws it in the window colour darkened (#1e1e1e on a #1e1e1e
# table: an unticked box in the apps table or the incident view's Keep column could not be seen). 5:1 against the
# dark base, over WCAG's 3:1 for the parts of a control.
DARK_CHECK_FRAME = "#8c8c8c"


class VisibleChecksStyle(QProxyStyle):
    """Fusion, with check boxes whose frame can be seen in the dark palette (in tables and in dialogs)."""

    _CHECKS = (QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck, QStyle.PrimitiveElement.PE_IndicatorCheckBox)

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,  # noqa: N802 - Qt's name
                      painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in self._CHECKS and is_dark(option.palette):
            painter.save()
            painter.setPen(QPen(QColor(DARK_CHECK_FRAME), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(check_frame(option.rect))
            painter.restore()


def check_frame(rect: QRect) -> QRect:
    """Where Fusion draws a check box's frame inside the indicator's rectangle (square, centred)."""
    side = min(rect.width(), rect.height()) - 1
    x = rect.x() + (rect.width() - 1 - side) // 2
    y = rect.y() + (rect.height() - 1 - side) // 2
    return QRect(x, y, side, side)
