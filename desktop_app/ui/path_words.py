"""A document path in the side panel's words: "Expose an API › Scopes defined by this API › Data.Read › Enabled",
not "api.oauth2PermissionScopes[Data.Read].isEnabled" (no Qt here; the compare view and the panel agree).

The section and each attribute's label come from panel_sections (the Entra admin center's words); an item of a
keyed collection is named as domain.diff.format_path names it (a scope's value, a credential's name), looked up in
the documents given, newest first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from desktop_app.domain.diff import PathElement, format_path, keyed_collection_field
from desktop_app.ui.attribute_tree import value_word
from desktop_app.ui.panel_sections import MANIFEST, SECTIONS, label_of, section_of, words_of

SEPARATOR = " › "
# The fields that name an item of a list (an owner, a scope, a credential), as a list of changes names it.
_NAME_FIELDS = ("displayName", "name", "value", "userPrincipalName")
# Containers whose word the section already says: "Expose an API › Scopes…", not "Expose an API › API › Scopes…".
_UNSAID = {("application",), ("servicePrincipal",), ("application", "api"), ("servicePrincipal", "properties")}


def path_words(path: Sequence[PathElement], *documents: Mapping[str, Any] | None) -> str:
    elements = tuple(path)
    if not elements:
        return "(the whole app)"
    docs = [d for d in documents if d is not None]
    found = section_of(elements)
    section = found[0] if found is not None else MANIFEST
    if section == MANIFEST:  # the manifest's own names, as JSON has them (as the panel's Manifest shows them)
        return next(s.label for s in SECTIONS if s.key == MANIFEST) + SEPARATOR + format_path(elements, *docs)
    words = [next(s.label for s in SECTIONS if s.key == section)]
    shape: list[str] = []
    for index, element in enumerate(elements):
        parent = elements[:index]
        if isinstance(element, int):
            words.append(f"#{element + 1}")
            shape.append("*")
        elif keyed_collection_field(parent) is not None or parent[-1:] == ("keyCredentialKeys",):
            named = format_path(elements[: index + 1], *docs)
            words.append(named[named.rfind("[") + 1: -1] if named.endswith("]") else str(element))
            shape.append("*")
        else:
            shape.append(element)
            if tuple(shape) in _UNSAID and len(elements) > len(shape):
                continue  # the section says it
            words.append(label_of(tuple(shape)))
    # A section named like its only attribute ("Owners › Owners") says it once.
    deduplicated = [w for n, w in enumerate(words) if n == 0 or w != words[n - 1]]
    return SEPARATOR.join(deduplicated)


def value_words(value: Any, limit: int = 160) -> str:
    """A value as a list of changes reads it: Yes/No, a list as its items, an item by its name, an unnamed object
    as "Label: value" pairs; never JSON. Cut to `limit` characters with "…"."""
    if isinstance(value, list):
        text = ", ".join(value_words(v, limit) for v in value) if value else value_word(None)
    elif isinstance(value, Mapping):
        name = next((value[k] for k in _NAME_FIELDS if isinstance(value.get(k), str) and value[k]), None)
        text = name if name is not None else "; ".join(
            f"{words_of(str(k))}: {value_words(v, limit)}" for k, v in value.items())
    else:
        text = '""' if value == "" else value_word(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
