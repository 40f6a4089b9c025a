"""Natural order of names ("App 2" before "App 10") as a plain text key, so a database can sort by it.

natural_key(name) is the case-folded name with every run of ASCII digits written as its length (two digits)
followed by the number without leading zeros: "App 2" -> "app 012", "App 10" -> "app 0210". Compared byte by
byte (SQLite's BINARY, PostgreSQL's "C" collation, or Python's str order) the keys put shorter numbers first and
equal-length numbers by value, and everything that is not a number keeps its case-folded order. A digit run
starts with a digit in the key too, so numbers keep their place among the other characters. Names that differ
only in leading zeros ("App 02", "App 2") get the same key; the caller breaks the tie (the store by row id).
Runs of more than 99 significant digits are cut into pieces of 99 (the order stays total, if not numeric).
"""

from __future__ import annotations

import re

__all__ = ["natural_key"]

_DIGITS = re.compile(r"[0-9]+")
_MAX_RUN = 99


def _number(match: re.Match[str]) -> str:
    digits = match.group().lstrip("0")
    pieces = [digits[i : i + _MAX_RUN] for i in range(0, len(digits), _MAX_RUN)] or [""]
    return "".join(f"{len(piece):02d}{piece}" for piece in pieces)


def natural_key(name: str) -> str:
    return _DIGITS.sub(_number, name.casefold())
