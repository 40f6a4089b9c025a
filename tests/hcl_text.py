"""Reading the Terraform export back in tests: python-hcl2 keeps the quotes of strings and labels."""

from __future__ import annotations

from typing import Any


def unquote(value: Any) -> Any:
    """A parsed HCL value without the quotes python-hcl2 keeps around strings and labels."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    if isinstance(value, list):
        return [unquote(v) for v in value]
    if isinstance(value, dict):
        return {unquote(k): unquote(v) for k, v in value.items()}
    return value
