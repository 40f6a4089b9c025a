"""Issue 16 case 8: tenant-controlled text can't forge rows or drive the terminal."""

from __future__ import annotations

import pytest

from desktop_app.domain.text_safety import html_text, printable, spreadsheet_cell


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("HR portal", "HR portal"),
        ("Café – 東京 🚀", "Café – 東京 🚀"),
        ("C:\\Users\\x", "C:\\Users\\x"),
        ("evil\nFAKE ROW", "evil\\nFAKE ROW"),
        ("a\r\nb", "a\\r\\nb"),
        ("\x1b[2Jcleared", "\\x1b[2Jcleared"),
        ("bell\x07", "bell\\x07"),
        ("del\x7f", "del\\x7f"),
        ("c1\x9b", "c1\\x9b"),
        ("line\u2028sep", "line\\u2028sep"),
        ("abc\u202edcba", "abc\\u202edcba"),
        ("tab\tbed", "tab\\tbed"),
    ],
)
def test_printable(raw: str, shown: str) -> None:
    assert printable(raw) == shown
    assert "\n" not in printable(raw) and "\x1b" not in printable(raw)


@pytest.mark.parametrize("raw", ["=1+1", "+1", "-1", "@x", "\t=1", "\r=1"])
def test_spreadsheet_cell_neutralises_formulas(raw: str) -> None:
    assert spreadsheet_cell(raw) == "'" + raw


@pytest.mark.parametrize("raw", ["", "HR portal", "1-2", "a=b", "'quoted"])
def test_spreadsheet_cell_leaves_text_alone(raw: str) -> None:
    assert spreadsheet_cell(raw) == raw


@pytest.mark.parametrize("raw", ["\n=1+1", " =1+1", "\u3000=1", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)",
                                 "\ufe661", "\x00=1", "\u00a0@x"])
def test_spreadsheet_cell_neutralises_formulas_behind_blanks_and_full_width_signs(raw: str) -> None:
    """Issue 29 item 13: spreadsheets skip a leading line feed or space, and read the full-width signs of East
    Asian input methods as formulas: those cells start with an apostrophe too."""
    assert spreadsheet_cell(raw) == "'" + raw


def test_html_text_escapes_markup_controls_and_bidi_overrides_but_keeps_line_breaks() -> None:
    shown = html_text('<b>"x"</b>\x1b[31m\u202eevil\x00 line\nnext\u2028')
    assert shown == "&lt;b&gt;&quot;x&quot;&lt;/b&gt;\\x1b[31m\\u202eevil\\x00 line\nnext\\u2028"
