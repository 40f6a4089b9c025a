"""A number of things in English words: "1 app", "1,935 apps" (never "app(s)", never "1 differences").

For the command line and the English reports; the window makes its own plurals through tr()."""

from __future__ import annotations


def counted(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
