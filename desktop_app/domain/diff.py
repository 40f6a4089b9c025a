"""Attribute-level differences between two app documents: what the side panel turns red.

Rules (exact and stable; the same two documents always give the same list):
- Objects are compared key by key. A key only in `new` is ADDED (even with a null value), only in `old` is
  REMOVED; values present in both are compared recursively. null vs an object, or any change of JSON type, is one
  CHANGED at that path.
- Keyed collections (KEYED_COLLECTIONS) are matched by their natural key: the path of an item is the collection
  path plus the key value, e.g. ("application", "api", "oauth2PermissionScopes", "<scope id>", "isEnabled").
  An item only in `new` is ADDED, only in `old` REMOVED, in both compared field by field. If the items common
  to both are in a different order, that is also one CHANGED at the collection path (the hash differs, so the
  diff must not be empty). A collection whose items are not all objects with a distinct string key is
  compared whole.
- Every other list (redirect URIs, tags, optional claims...) is compared whole: one CHANGED at the list path.
- Scalars are equal only if their JSON is equal (True is not 1, 1 is not 1.0).
- The result is sorted by path.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

PathElement = str | int
Path = tuple[PathElement, ...]

WILDCARD = "*"

# Collection path pattern -> the field that identifies an item. WILDCARD stands for one item key.
KEYED_COLLECTIONS: Mapping[tuple[str, ...], str] = {
    ("application", "appRoles"): "id",
    ("application", "api", "oauth2PermissionScopes"): "id",
    ("application", "api", "preAuthorizedApplications"): "appId",
    ("application", "keyCredentials"): "keyId",
    ("application", "passwordCredentials"): "keyId",
    ("application", "addIns"): "id",
    ("application", "requiredResourceAccess"): "resourceAppId",
    ("application", "requiredResourceAccess", WILDCARD, "resourceAccess"): "id",
    ("owners",): "id",
    ("federatedIdentityCredentials",): "name",
    ("servicePrincipal", "owners"): "id",
    ("servicePrincipal", "delegatedPermissionGrants"): "key",
    ("servicePrincipal", "appRoleAssignments"): "key",
    ("servicePrincipal", "appRoleAssignedTo"): "key",
    ("servicePrincipal", "keyCredentials"): "keyId",
    ("servicePrincipal", "passwordCredentials"): "keyId",
    ("extensionProperties",): "name",
}

# For display only: the field whose value names an item better than its GUID key (see format_path).
_DISPLAY_LABELS: Mapping[tuple[str, ...], tuple[str, ...]] = {
    ("application", "appRoles"): ("value", "displayName"),
    ("application", "api", "oauth2PermissionScopes"): ("value",),
    ("application", "keyCredentials"): ("displayName",),
    ("application", "passwordCredentials"): ("displayName",),
    ("application", "addIns"): ("type",),
    ("owners",): ("userPrincipalName", "appId", "displayName"),
    ("servicePrincipal", "owners"): ("userPrincipalName", "appId", "displayName"),
    ("servicePrincipal", "delegatedPermissionGrants"): ("resourceDisplayName", "resourceAppId"),
    ("servicePrincipal", "appRoleAssignments"): ("appRoleValue", "appRoleId"),
    ("servicePrincipal", "appRoleAssignedTo"): ("principalDisplayName", "principalId"),
    ("servicePrincipal", "keyCredentials"): ("displayName",),
    ("servicePrincipal", "passwordCredentials"): ("displayName",),
}


class ChangeKind(enum.Enum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class Change:
    path: Path
    kind: ChangeKind
    old: Any  # None for ADDED
    new: Any  # None for REMOVED


def diff_documents(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> list[Change]:
    """Every difference between two documents, sorted by path. A missing document (None) is one change at ()."""
    if old is None and new is None:
        return []
    if old is None:
        return [Change((), ChangeKind.ADDED, None, new)]
    if new is None:
        return [Change((), ChangeKind.REMOVED, old, None)]
    changes: list[Change] = []
    _diff(old, new, (), changes)
    changes.sort(key=lambda change: _path_sort_key(change.path))
    return changes


def changed_paths(changes: Iterable[Change]) -> set[Path]:
    """The paths of `changes`, for lookups such as "is this field red?" (see is_changed)."""
    return {change.path for change in changes}


def is_changed(path: Sequence[PathElement], paths: set[Path]) -> bool:
    """True if the value at `path` differs: it, or an object/collection containing it, is a changed path."""
    as_tuple = tuple(path)
    return any(as_tuple[:length] in paths for length in range(len(as_tuple) + 1))


def contains_change(path: Sequence[PathElement], paths: set[Path]) -> bool:
    """True if something at or below `path` changed (for marking a collapsed section)."""
    as_tuple = tuple(path)
    return any(p[: len(as_tuple)] == as_tuple for p in paths)


def keyed_collection_field(path: Sequence[PathElement]) -> str | None:
    """The key field of the collection at `path`, or None if it is not a keyed collection."""
    for pattern, field in KEYED_COLLECTIONS.items():
        if _matches(pattern, path):
            return field
    return None


def format_path(path: Sequence[PathElement], *documents: Mapping[str, Any]) -> str:
    """A path for people: "api.oauth2PermissionScopes[user_impersonation].isEnabled".

    - Paths inside "application" are shown without that prefix; other sections keep their name ("owners[...]",
      "keyCredentialKeys[...]", "logo").
    - An item of a keyed collection is shown as [label]: the first of its label fields (scope/role `value`,
      credential `displayName`, owner `userPrincipalName`/`appId`/`displayName`, add-in `type`) found in the
      first of `documents` that holds the item, provided no other item of that collection in that document has
      the same label; otherwise the key itself. Items of keyCredentialKeys show their keyId. So the result
      depends only on the path and the documents given.
    - Integer elements are shown as [n]; an empty path is "(document)".
    """
    elements = tuple(path)
    if not elements:
        return "(document)"
    text = ""
    for index, element in enumerate(elements):
        parent = elements[:index]
        if isinstance(element, int):
            text += f"[{element}]"
        elif keyed_collection_field(parent) is not None or parent == ("keyCredentialKeys",):
            text += f"[{_label(parent, element, documents)}]"
        elif index == 0 and element == "application" and len(elements) > 1:
            continue
        else:
            text += f".{element}" if text else element
    return text


# --- comparison ----------------------------------------------------------------------------------------------


def _diff(old: Any, new: Any, path: Path, changes: list[Change]) -> None:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in sorted(set(old) | set(new), key=str):
            here = (*path, key)
            if key not in new:
                changes.append(Change(here, ChangeKind.REMOVED, old[key], None))
            elif key not in old:
                changes.append(Change(here, ChangeKind.ADDED, None, new[key]))
            else:
                _diff(old[key], new[key], here, changes)
    elif isinstance(old, list) and isinstance(new, list):
        field = keyed_collection_field(path)
        old_items = _index(old, field) if field else None
        new_items = _index(new, field) if field else None
        if old_items is None or new_items is None:
            if not _same(old, new):
                changes.append(Change(path, ChangeKind.CHANGED, old, new))
            return
        common_old = [key for key in old_items if key in new_items]
        common_new = [key for key in new_items if key in old_items]
        if common_old != common_new:
            changes.append(Change(path, ChangeKind.CHANGED, old, new))
        for key in sorted(set(old_items) | set(new_items)):
            here = (*path, key)
            if key not in new_items:
                changes.append(Change(here, ChangeKind.REMOVED, old_items[key], None))
            elif key not in old_items:
                changes.append(Change(here, ChangeKind.ADDED, None, new_items[key]))
            else:
                _diff(old_items[key], new_items[key], here, changes)
    elif not _same(old, new):
        changes.append(Change(path, ChangeKind.CHANGED, old, new))


def _index(items: list[Any], field: str) -> dict[str, Mapping[str, Any]] | None:
    """Items by key in list order, or None when the list cannot be matched by key."""
    indexed: dict[str, Mapping[str, Any]] = {}
    for item in items:
        if not isinstance(item, Mapping):
            return None
        key = item.get(field)
        if not isinstance(key, str) or key in indexed:
            return None
        indexed[key] = item
    return indexed


def _same(old: Any, new: Any) -> bool:
    return _json(old) == _json(new)


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=repr)


def _matches(pattern: tuple[str, ...], path: Sequence[PathElement]) -> bool:
    if len(pattern) != len(path):
        return False
    return all(p in (WILDCARD, element) for p, element in zip(pattern, path, strict=True))


def _path_sort_key(path: Path) -> tuple[tuple[int, int, str], ...]:
    # ints before strings at the same depth; a parent path sorts before its children (a prefix is smaller).
    return tuple((0, element, "") if isinstance(element, int) else (1, 0, element) for element in path)


# --- display -------------------------------------------------------------------------------------------------


def _label(collection_path: Path, key: PathElement, documents: Sequence[Mapping[str, Any]]) -> str:
    label_fields = next(
        (fields for pattern, fields in _DISPLAY_LABELS.items() if _matches(pattern, collection_path)), ()
    )
    field = keyed_collection_field(collection_path)
    if not label_fields or field is None:
        return str(key)
    for document in documents:
        items = _resolve(document, collection_path)
        if not isinstance(items, list):
            continue
        indexed = _index(items, field)
        if indexed is None or key not in indexed:
            continue
        item = indexed[str(key)]
        for label_field in label_fields:
            label = item.get(label_field)
            if isinstance(label, str) and label:
                taken = sum(1 for other in indexed.values() if other.get(label_field) == label)
                return label if taken == 1 else str(key)
        return str(key)
    return str(key)


def _resolve(document: Mapping[str, Any], path: Path) -> Any:
    """The value at `path` (keyed-collection items looked up by key), or None."""
    current: Any = document
    for index, element in enumerate(path):
        if isinstance(current, Mapping):
            current = current.get(element) if isinstance(element, str) else None
        elif isinstance(current, list):
            field = keyed_collection_field(path[:index])
            indexed = _index(current, field) if field else None
            if indexed is not None and isinstance(element, str):
                current = indexed.get(element)
            elif isinstance(element, int) and 0 <= element < len(current):
                current = current[element]
            else:
                return None
        else:
            return None
    return current
