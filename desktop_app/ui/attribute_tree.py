"""An app document as a tree of rows for the side panel, with the diff's changes marked (no widgets here).

Built on the database worker (a document of a few hundred nodes takes well under a millisecond), handed to
`AttributesModel` on the GUI thread. Its words are translated here (Qt's translate may run on any thread).

Which rows are red (the rule the tests check):
- every path of `diff_documents(previous, shown)` that exists in the shown version is a red row: the leaf
  whose value changed, the item row of a keyed item added (its fields are not red one by one: the whole item
  is new), a whole list compared as one value (redirect URIs), a collection whose items were reordered;
- a path REMOVED in the shown version gets a "removed" row of its own (struck out, red) under its parent, so
  nothing that vanished is invisible;
- ancestors of red rows are not red; the view expands them so every red row is visible.
Items of keyed collections use the diff's path element (their key), other list items their index, so a
node's `path` equals the diff's path for the same value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop_app.domain.diff import Change, ChangeKind, Path, keyed_collection_field
from desktop_app.domain.permission_names import PermissionNames
from desktop_app.ui import panel_sections
from desktop_app.ui.panel_sections import (
    MANIFEST,
    ShapePath,
    hidden,
    label_of,
    section_label,
    section_of,
    splits,
    value_words,
    words_of,
)
from desktop_app.ui.texts import TrContext

TreeTexts = TrContext("TreeTexts")

# Fields that name a list item better than its key or index, in order of preference.
_ITEM_LABEL_FIELDS = ("value", "displayName", "userPrincipalName", "principalDisplayName", "name", "type", "appRoleValue",
                     "resourceDisplayName", "resourceAppId", "appId")

_TOOLTIP_LIMIT = 600


@dataclass(eq=False)
class AttributeNode:
    label: str
    value: str
    path: Path
    kind: str = "scalar"  # "object" | "list" | "scalar" | "root"
    change: ChangeKind | None = None
    old_value: Any = None
    removed: bool = False  # a row for a value that is no longer there
    count: int | None = None  # for objects and lists: how many attributes / items (the model says it in words)
    section: bool = False  # a top-level part of the document (Application, Owners, …)
    children: list[AttributeNode] = field(default_factory=list)
    parent: AttributeNode | None = None
    row: int = 0

    @property
    def is_red(self) -> bool:
        return self.change is not None

    def add(self, child: AttributeNode) -> AttributeNode:
        child.parent = self
        child.row = len(self.children)
        self.children.append(child)
        return child

    def walk(self) -> Iterable[AttributeNode]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def old_value_text(self) -> str:
        """The old value, shortened, for the tooltip of a changed or removed row."""
        return _short(self.old_value)


@dataclass(frozen=True)
class AttributeTree:
    root: AttributeNode
    changes: tuple[Change, ...]
    # Paths of the changes, for the tests and for "expand what changed".
    red_paths: frozenset[Path]
    has_previous: bool


def build_tree(document: Mapping[str, Any], changes: Sequence[Change] = (), *,
               has_previous: bool = False, names: PermissionNames | None = None) -> AttributeTree:
    """The document in the portal's sections (panel_sections), each attribute under its portal label; API
    permissions by name (Microsoft Graph, not 00000003-…; User.Read, not e1fe6dd8-…) where `names` knows them."""
    by_path = {change.path: change for change in changes}
    root = AttributeNode("", "", (), kind="root")
    nodes: dict[Path, AttributeNode] = {(): root}
    sections = {section.key: AttributeNode(section_label(section), "", ("#section", section.key), kind="object",
                                           section=True) for section in panel_sections.SECTIONS}

    def place(key: str, value: Any, path: Path) -> None:
        if isinstance(value, Mapping) and splits(path):
            for child_key in value:
                place(str(child_key), value[child_key], (*path, str(child_key)))
            return
        found = section_of(path)
        raw = found is None or found[0] == MANIFEST
        section = sections[found[0] if found is not None and found[0] in sections else MANIFEST]
        node = _build(key, value, path, _shape(path), nodes, raw=raw)
        if raw and len(path) > 1 and path[0] != "application":
            node.label = ".".join(str(p) for p in path)
        section.add(node)

    for key in document:
        place(str(key), document[key], (str(key),))
    _name_permissions(nodes, document, names or PermissionNames())
    _name_clients(nodes, document, names or PermissionNames())
    changed_sections = {found[0] for found in (section_of(c.path) for c in changes) if found is not None}
    optional = {section.key for section in panel_sections.SECTIONS if section.optional}
    for key, section in sections.items():
        section.count = len(section.children)
        if key in optional and not section.count and key not in changed_sections:
            continue
        root.add(section)
        nodes[section.path] = section
    for path, change in by_path.items():
        if change.kind == ChangeKind.REMOVED:
            parent = nodes.get(path[:-1])
            if path[:-1] == () or splits(path[:-1]):  # a placed attribute: its section is the parent
                found = section_of(path)
                parent = sections[found[0] if found is not None and found[0] in sections else MANIFEST]
            if parent is None:
                continue  # its parent went too: the parent's own REMOVED row says it
            raw = (section_of(path) or (MANIFEST,))[0] == MANIFEST
            label = _index_label(path[-1], raw) if isinstance(path[-1], int) else label_of(_shape(path), raw=raw)
            if isinstance(change.old, Mapping) and keyed_collection_field(path[:-1]) is not None:
                label = _item_label(change.old, path[-1])
            # What was inside is in the tooltip, not in rows of its own.
            ghost = AttributeNode(label, "", path, change=change.kind, old_value=change.old, removed=True)
            parent.add(ghost)
            nodes[path] = ghost
            continue
        changed = nodes.get(path)
        if changed is None and path == ():
            continue  # a whole new document (first version): nothing is red, there is nothing to compare
        if changed is not None:
            changed.change, changed.old_value = change.kind, change.old
    red = frozenset(path for path, node in nodes.items() if node.change is not None)
    return AttributeTree(root, tuple(changes), red, has_previous)


def only_changed(tree: AttributeTree) -> AttributeNode:
    """A copy of the tree with only red rows, their ancestors, and what is inside red rows."""
    def copy(node: AttributeNode) -> AttributeNode | None:
        if node.change is not None:
            return _clone(node, keep_children=True)
        kept = [c for c in (copy(child) for child in node.children) if c is not None]
        if not kept:
            return None
        clone = _clone(node, keep_children=False)
        for child in kept:
            clone.add(child)
        return clone

    result = copy(tree.root)
    return result if result is not None else AttributeNode("", "", (), kind="root")


# --- building ------------------------------------------------------------------------------------------------


_PERMISSIONS = ("application", "requiredResourceAccess")


def _value_at(document: Mapping[str, Any], path: Path) -> Any:
    value: Any = document
    for depth, element in enumerate(path):
        if isinstance(value, Mapping):
            value = value.get(element)  # type: ignore[call-overload]
        elif isinstance(value, list):
            if isinstance(element, int):
                value = value[element] if 0 <= element < len(value) else None
            else:
                key = keyed_collection_field(path[:depth])
                value = next((i for i in value if isinstance(i, Mapping) and i.get(key) == element), None)
        else:
            return None
    return value


def _name_permissions(nodes: dict[Path, AttributeNode], document: Mapping[str, Any],
                      names: PermissionNames) -> None:
    """The API permissions as the portal lists them: the API by name, each permission by name and kind."""
    for path, node in nodes.items():
        if path[:2] != _PERMISSIONS or len(path) not in (3, 5) or node.removed:
            continue
        resource = _value_at(document, path[:3])
        if not isinstance(resource, Mapping):
            continue
        resource_id = str(resource.get("resourceAppId") or "")
        if len(path) == 3:
            node.label = names.api(resource_id) or resource_id or node.label
            continue
        if path[3] != "resourceAccess":
            continue
        access = _value_at(document, path)
        if isinstance(access, Mapping) and access.get("id"):
            kind = str(access.get("type") or "")
            node.label = names.permission(resource_id, str(access["id"]), kind) or str(access["id"])
            node.value = TreeTexts.tr("Application") if kind == "Role" else TreeTexts.tr("Delegated") \
                if kind == "Scope" else kind
            node.count = None


_API = ("application", "api")


def _name_clients(nodes: dict[Path, AttributeNode], document: Mapping[str, Any], names: PermissionNames) -> None:
    """The apps this API trusts by name (the tenant's apps and Microsoft's known ones) beside their client ID, and
    the scopes they are pre-authorized for by their value (this app's own scopes), not as GUIDs."""
    api = _value_at(document, _API)
    scopes = {str(s.get("id")): str(s.get("value")) for s in (api or {}).get("oauth2PermissionScopes") or []
              if isinstance(s, Mapping) and s.get("id") and s.get("value")} if isinstance(api, Mapping) else {}
    for path, node in nodes.items():
        if path[:3] == (*_API, "preAuthorizedApplications") and len(path) == 4 and isinstance(path[3], str):
            name = names.api(path[3])
            if name:
                node.label, node.value, node.count = name, path[3], None
        elif path[:3] == (*_API, "preAuthorizedApplications") and len(path) == 6 \
                and path[4] == "delegatedPermissionIds" and node.value in scopes:
            node.value = f"{scopes[node.value]} ({node.value})"
        elif path[:3] == (*_API, "knownClientApplications") and len(path) == 4 and node.value:
            name = names.api(node.value)
            if name:
                node.value = f"{name} ({node.value})"
        elif path[:3] == (*_API, "preAuthorizedApplications") and len(path) == 5 \
                and path[4] == "delegatedPermissionIds" and node.kind == "list":
            ids = _value_at(document, path)
            if isinstance(ids, list) and ids and len(ids) <= 3:
                node.value = ", ".join(scopes.get(str(i), str(i)) for i in ids)


def _shape(path: Path) -> ShapePath:
    """The path with list items as "*" (what LABELS are keyed by)."""
    return tuple("*" if isinstance(p, int) or (i and _is_item(path[:i], p)) else str(p) for i, p in enumerate(path))


def _is_item(parent: Path, element: str | int) -> bool:
    return keyed_collection_field(parent) is not None


def _build(key: str | int, value: Any, path: Path, shape: ShapePath, nodes: dict[Path, AttributeNode], *,
           raw: bool = False) -> AttributeNode:
    label = _index_label(key, raw) if isinstance(key, int) else label_of(shape, raw=raw)
    if isinstance(value, Mapping):
        # An empty object says "(none)" outside the Manifest, not "{}".
        node = AttributeNode(label, "" if value or raw else TreeTexts.tr("(none)"), path, kind="object",
                             count=len(value))
        nodes[path] = node
        for child_key in value:
            name = str(child_key)
            if not raw and hidden((*shape, name)):
                continue
            node.add(_build(name, value[child_key], (*path, name), (*shape, name), nodes, raw=raw))
        node.count = len(node.children)
        return node
    if isinstance(value, list):
        node = AttributeNode(label, "", path, kind="list", count=len(value))
        nodes[path] = node
        keys = _item_keys(path, value)
        key_shown = raw or not hidden((*shape, "*", keyed_collection_field(path) or ""))
        for index, item in enumerate(value):
            element: str | int = keys[index] if keys is not None else index
            child = _build(element, item, (*path, element), (*shape, "*"), nodes, raw=raw)
            if isinstance(item, Mapping):
                child.label = _item_label(item, element)
                if keys is not None and isinstance(element, str) and child.label != element and key_shown:
                    child.value, child.count = element, None  # the key (a GUID) next to the readable label
            elif keys is not None and isinstance(element, str):
                child.label = element
            node.add(child)
        if value and all(not isinstance(item, Mapping | list) for item in value) and len(value) <= 3:
            node.value = ", ".join(child.value for child in node.children)  # as each item's row says it
        return node
    # The portal's sections say yes/no, "(none)" and times in the reader's zone; the Manifest keeps the JSON's.
    text = _scalar(value) if raw else value_word(value)
    words = None if raw or not isinstance(value, str) else value_words(shape, value)
    node = AttributeNode(label, words or text, path)
    nodes[path] = node
    return node


def _item_keys(path: Path, items: list[Any]) -> list[str] | None:
    """The diff's key for each item, or None when the diff compares this list whole / by position."""
    key_field = keyed_collection_field(path)
    if key_field is None:
        return None
    keys: list[str] = []
    for item in items:
        key = item.get(key_field) if isinstance(item, Mapping) else None
        if not isinstance(key, str) or key in keys:
            return None  # the same fallback as the diff: not matchable by key
        keys.append(key)
    return keys


def _index_label(index: int, raw: bool) -> str:
    """An unnamed item of a list: "#1" as the compare view counts (path_words), "[0]" in the Manifest's JSON."""
    return f"[{index}]" if raw else f"#{index + 1}"


def _item_label(item: Mapping[str, Any], element: str | int) -> str:
    for name in _ITEM_LABEL_FIELDS:
        value = item.get(name)
        if isinstance(value, str) and value:
            return value
    return f"[{element}]" if isinstance(element, int) else element


def _clone(node: AttributeNode, *, keep_children: bool) -> AttributeNode:
    clone = AttributeNode(node.label, node.value, node.path, node.kind, node.change, node.old_value, node.removed,
                          node.count, node.section)
    if keep_children:
        for child in node.children:
            clone.add(_clone(child, keep_children=True))
    return clone


def value_word(value: Any) -> str:
    """A scalar in the panel's words: Yes/No, (none), Graph's UTC times local to the minute."""
    if value is None:
        return TreeTexts.tr("(none)")
    if value is True:
        return TreeTexts.tr("Yes")
    if value is False:
        return TreeTexts.tr("No")
    if isinstance(value, str) and _ISO_TIME.fullmatch(value):
        try:  # Graph's UTC times, as the rest of the window writes times: local, to the minute
            return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    return str(value)


_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})")


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _short(value: Any) -> str:
    """The old value in words for a tooltip: "name: value" lines, lists as items, not JSON."""
    text = '""' if value == "" else "\n".join(_readable(value, 0))
    return text if len(text) <= _TOOLTIP_LIMIT else text[:_TOOLTIP_LIMIT] + " …"


def _readable(value: Any, depth: int) -> list[str]:
    pad = "    " * depth
    if isinstance(value, Mapping):
        if not value:
            return [pad + TreeTexts.tr("(empty)")]
        lines = []
        for key, item in value.items():
            label = words_of(str(key))
            if isinstance(item, Mapping) and item or isinstance(item, list) and any(
                    isinstance(i, Mapping | list) for i in item):
                lines.append(f"{pad}{label}:")
                lines.extend(_readable(item, depth + 1))
            else:
                lines.append(f"{pad}{label}: {_readable(item, 0)[0].strip()}")
        return lines
    if isinstance(value, list):
        if not value:
            return [pad + TreeTexts.tr("(none)")]
        if all(not isinstance(item, Mapping | list) for item in value):
            return [pad + ", ".join(_scalar(item) for item in value)]
        lines = []
        for item in value:
            inner = _readable(item, depth + 1)
            lines.append(pad + "• " + inner[0].strip())
            lines.extend(inner[1:])
        return lines
    return [pad + (TreeTexts.tr("(none)") if value is None else _scalar(value))]
