"""Issue 16 case 8: tenant-controlled text can't forge rows or drive the terminal."""

from __future__ import annotations

import pytest

from desktop_app.domain.text_safety import printable, spreadsheet_cell


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
