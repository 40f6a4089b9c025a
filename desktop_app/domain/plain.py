"""A deep copy of JSON-like data as plain dicts (keys sorted) and lists, sharing nothing with the original."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def plain(value: Any) -> Any:
    """Runs for every value of every app of every backup: exact type checks first, the abc checks last."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return value
    if kind is dict:
        return {str(k): plain(value[k]) for k in sorted(value)}
    if kind is list or kind is tuple:
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(value[k]) for k in sorted(value)}
    return value
