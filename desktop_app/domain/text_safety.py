"""Tenant-controlled text (app names, notes, Graph's messages) made safe for where it is shown or exported.

- `printable(text)`: for a terminal or a text report. Control characters (a newline, a carriage return, an
  escape sequence, DEL, C1 controls), the Unicode line and paragraph separators and the bidirectional
  overrides are written as visible escapes (``\\n``, ``\\x1b``, ``\\u202e``), so a name can't start a new row,
  rewrite the terminal or reorder what is shown. Ordinary text, accents and scripts included, is untouched.
- `html_text(text)`: for a web page (the HTML passport): markup escaped, and every control character and
  bidirectional override made visible as `printable` does; line breaks and tabs stay (notes span lines).
- `spreadsheet_cell(text)`: for a CSV cell. A cell a spreadsheet would read as a formula (first character
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, OWASP's advice against
  CSV injection, so `=cmd|' /C calc'!A0` stays text. Spreadsheets skip leading blanks (a space, a line feed,
  an ideographic space) and read the full-width and small forms of those signs (＝, ＋, ﹦) as the signs
  themselves, so a cell starting with any blank, control character or such a sign is prefixed as well.
"""

from __future__ import annotations

import html
import unicodedata

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Format characters that reorder text (Trojan Source, CVE-2021-42574) are escaped along with the controls.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _unsafe(char: str) -> bool:
    return char in _BIDI or unicodedata.category(char) in ("Cc", "Zl", "Zp")


def printable(text: str, *, keep: str = "") -> str:
    """`text` with every control character (but those in `keep`) written as an escape (backslashes stay as they
    are: a Windows path reads as it is; what matters is that nothing can start a line or move the cursor)."""
    if not any(_unsafe(c) and c not in keep for c in text):
        return text
    out = []
    for char in text:
        if char in keep:
            out.append(char)
        elif char in _NAMED:
            out.append(_NAMED[char])
        elif _unsafe(char):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def html_text(text: str) -> str:
    """`text` for a web page: markup escaped, controls and bidi overrides visible, line breaks and tabs kept."""
    return html.escape(printable(text, keep="\n\t"), quote=True)


def spreadsheet_cell(text: str) -> str:
    """`text` as a CSV cell no spreadsheet runs as a formula."""
    if not text:
        return text
    first = text[0]
    risky = (
        first in _FORMULA_START
        or unicodedata.normalize("NFKC", first) in _FORMULA_START
        or first.isspace()
        or unicodedata.category(first) in ("Cc", "Cf", "Zs", "Zl", "Zp")
    )
    return "'" + text if risky else text
