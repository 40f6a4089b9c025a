"""GUIDs: the ids of Microsoft Entra (objects, apps, tenants). One pattern, one check."""

from __future__ import annotations

import re

# A GUID anywhere in a text (to find or replace ids inside URIs); `is_guid` asks whether a text is one.
GUID_PATTERN = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def is_guid(text: str) -> bool:
    """Whether the whole of `text` is one GUID (any case; nothing before or after it, not even a newline)."""
    return GUID_PATTERN.fullmatch(text) is not None
