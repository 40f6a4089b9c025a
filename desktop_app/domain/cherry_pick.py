"""Cherry-pick: restore only chosen parts of an app; everything not named stays as it is now.

How it works (the contract with the restore service): the planner is diff-driven (it writes only what differs
between the document it is given and the target's current document), so a restore limited to paths P plans from
`pick(snapshot_document, live_document, P)`: the live document with the values at P taken from the snapshot.
The planner then writes exactly the differences at P: nothing else can differ. The service merges again whenever
it plans again from fresher state (the run re-reads the apps it overwrites), so a change made to another part
between preview and run is never undone.

Paths are written as the side panel and `regvault diff` show them, in Graph's property names:
- an application property or a part of one: `web.redirectUris`, `api.oauth2PermissionScopes`, `displayName`
  (`application.` in front is allowed);
- one item of a keyed collection, by its key or its label: `api.oauth2PermissionScopes[user_impersonation]`,
  `appRoles[<role id>]`, `owners[alice@contoso.com]`, `federatedIdentityCredentials[github-main]`;
- a part of the document beside the application: `owners`, `federatedIdentityCredentials`, `logo`, and the
  enterprise application's parts once the document has them.
Some paths go together because Graph checks them together: `keyCredentials` takes the stored certificate hashes
and `tokenEncryptionKeyId` with it (the key it names must be in the set). Read-only properties (`appId`,
`publisherDomain`...) and client secrets (Graph never returns them) can't be picked: PickError says which.
A pick that would leave the app inconsistent (a pre-authorized client naming a scope the picked scopes lack)
is refused before anything is read from Graph, naming the path to add.
"""

from __future__ import annotations

import copy
import difflib
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.diff import KEYED_COLLECTIONS, keyed_collection_field
from desktop_app.domain.document import DOCUMENT_SECTIONS, AppDocument
from desktop_app.domain.schema import (
    APPLICATION_TYPE,
    READ_ONLY_APPLICATION_PROPERTIES,
    load_schema,
)

# Parts of the document beside the application that are restored whole or by item, never field by field.
_FLAT_SECTIONS = frozenset({"owners", "federatedIdentityCredentials", "keyCredentialKeys", "logo"})
# Paths that must be restored together with another (Graph validates them together).
_COMPANIONS: Mapping[tuple[str, ...], tuple[tuple[str, ...], ...]] = {
    ("application", "keyCredentials"): (("keyCredentialKeys",), ("application", "tokenEncryptionKeyId")),
    ("application", "tokenEncryptionKeyId"): (("application", "keyCredentials"), ("keyCredentialKeys",)),
    ("keyCredentialKeys",): (("application", "keyCredentials"), ("application", "tokenEncryptionKeyId")),
}
# The item label fields (besides the key), as format_path shows items.
_LABELS: Mapping[tuple[str, ...], tuple[str, ...]] = {
    ("application", "appRoles"): ("value", "displayName"),
    ("application", "api", "oauth2PermissionScopes"): ("value",),
    ("application", "keyCredentials"): ("displayName",),
    ("application", "addIns"): ("type",),
    ("owners",): ("userPrincipalName", "appId", "displayName"),
}


class PickErrorCode(enum.StrEnum):
    EMPTY = "empty"  # no path named
    UNKNOWN_PATH = "unknown_path"  # no such property (detail: close matches)
    READ_ONLY = "read_only"  # Graph sets it; a restore can't
    SECRETS = "secrets"  # passwordCredentials: Graph never returns a secret
    NOT_A_COLLECTION = "not_a_collection"  # [item] on something that is not a keyed collection
    ITEM_NOT_FOUND = "item_not_found"  # [item] in neither the snapshot nor the app now
    NEEDS_PATH = "needs_path"  # the pick would be refused by Graph without another path (detail: that path)


class PickError(ValueError):
    def __init__(self, code: PickErrorCode, path: str = "", detail: str = "") -> None:
        super().__init__(f"{code.value}: {path} {detail}".strip())
        self.code = code
        self.path = path
        self.detail = detail


@dataclass(frozen=True)
class PickedPath:
    text: str  # as the user wrote it
    path: tuple[str, ...]  # in the document: ("application", "web", "redirectUris"), ("owners",)
    item: str | None = None  # [item]: a key or a label in the keyed collection at `path`


@dataclass(frozen=True)
class Pick:
    """The parsed paths of one cherry-pick, companions included (see the module's contract)."""

    paths: tuple[PickedPath, ...]
    extra_sections: frozenset[str] = field(default_factory=frozenset)

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(p.text for p in self.paths)

    def names_section(self, section: str) -> bool:
        return any(p.path[0] == section for p in self.paths)


def parse_paths(texts: Iterable[str], *, sections: Iterable[str] = ()) -> Pick:
    """The paths named (commas separate paths too), checked against the v1.0 schema. `sections`: document parts
    beside the application this build knows (the enterprise application's), accepted as top-level paths."""
    known_sections = frozenset(DOCUMENT_SECTIONS) | frozenset(sections)
    out: list[PickedPath] = []
    for chunk in texts:
        for text in (t.strip() for t in chunk.split(",")):
            if text:
                out.append(_parse_one(text, known_sections))
    if not out:
        raise PickError(PickErrorCode.EMPTY)
    seen = {(p.path, p.item) for p in out}
    for picked in list(out):
        if picked.item is not None:
            continue
        for companion in _COMPANIONS.get(picked.path, ()):
            if (companion, None) not in seen:
                seen.add((companion, None))
                out.append(PickedPath(".".join(companion[1:] if companion[0] == "application" else companion),
                                      companion))
    unique = list({(p.path, p.item): p for p in out}.values())
    return Pick(tuple(unique), frozenset(sections))


def pick(snapshot: Mapping[str, Any], live: Mapping[str, Any], chosen: Pick) -> AppDocument:
    """The live document with the chosen paths as they were at the snapshot. A value the snapshot does not have
    is taken out (the planner then leaves it as it is: "as it was" is unknown); an item absent at the snapshot is
    removed from the collection, one absent now is added back."""
    merged: AppDocument = copy.deepcopy(dict(live))
    for picked in chosen.paths:
        if picked.item is None:
            found, value = _get(snapshot, picked.path)
            _set(merged, picked.path, copy.deepcopy(value), present=found)
        else:
            _pick_item(snapshot, merged, picked)
    _keep_live_ids(merged, live)
    _check_consistent(merged, chosen)
    return merged


def _keep_live_ids(merged: dict[str, Any], live: Mapping[str, Any]) -> None:
    """A part picked whole (the enterprise application) keeps the id it has now: ids are Graph's, and a service
    principal made again since the snapshot has another one."""
    for section, value in live.items():
        if section == "application" or not isinstance(value, Mapping) or "id" not in value:
            continue
        picked = merged.get(section)
        if isinstance(picked, dict):
            picked["id"] = value["id"]


# --- parsing -------------------------------------------------------------------------------------------------


def _parse_one(text: str, sections: frozenset[str]) -> PickedPath:
    body, item = text, None
    if body.endswith("]") and "[" in body:
        body, _, rest = body.partition("[")
        item = rest[:-1].strip()
        if not item or "[" in item:
            raise PickError(PickErrorCode.UNKNOWN_PATH, text)
    parts = tuple(p for p in body.split(".") if p)
    if not parts:
        raise PickError(PickErrorCode.UNKNOWN_PATH, text)
    if parts[0] == "application" and len(parts) > 1:
        parts = parts[1:]
    if parts[0] in sections and parts[0] != "application":
        path = parts
        if len(path) > 1 and path[0] in _FLAT_SECTIONS:
            raise PickError(PickErrorCode.UNKNOWN_PATH, text, path[0])
        if path[1:] == ("id",):
            raise PickError(PickErrorCode.READ_ONLY, text)  # the object's id: Graph's, never restored
    else:
        path = ("application", *parts)
        _check_application_path(text, parts)
    if item is not None and keyed_collection_field(path) is None:
        raise PickError(PickErrorCode.NOT_A_COLLECTION, text, _keyed_paths())
    return PickedPath(text, path, item)


def _check_application_path(text: str, parts: Sequence[str]) -> None:
    schema = load_schema()
    top = parts[0]
    if top == "passwordCredentials":
        raise PickError(PickErrorCode.SECRETS, text)
    if top in READ_ONLY_APPLICATION_PROPERTIES:
        raise PickError(PickErrorCode.READ_ONLY, text)
    props = schema.writable_application_properties()
    type_name = APPLICATION_TYPE
    for depth, name in enumerate(parts):
        if name not in props:
            close = difflib.get_close_matches(name, list(props), n=3)
            raise PickError(PickErrorCode.UNKNOWN_PATH, text, ", ".join(".".join((*parts[:depth], c)) for c in close))
        prop = props[name]
        if depth + 1 < len(parts):
            if prop.kind != "complex" or prop.is_collection:
                raise PickError(PickErrorCode.UNKNOWN_PATH, text, ".".join(parts[: depth + 1]))
            type_name = prop.type_name
            props = schema.properties(type_name)


def _keyed_paths() -> str:
    return ", ".join(".".join(p[1:] if p[0] == "application" else p) for p in KEYED_COLLECTIONS if "*" not in p)


# --- merging -------------------------------------------------------------------------------------------------


def _get(document: Mapping[str, Any], path: Sequence[str]) -> tuple[bool, Any]:
    current: Any = document
    for name in path:
        if not isinstance(current, Mapping) or name not in current:
            return False, None
        current = current[name]
    return True, current


def _set(document: dict[str, Any], path: Sequence[str], value: Any, *, present: bool) -> None:
    current = document
    for name in path[:-1]:
        child = current.get(name)
        if not isinstance(child, dict):
            if not present:
                return
            child = {}
            current[name] = child
        current = child
    if present:
        current[path[-1]] = value
    else:
        current.pop(path[-1], None)


def _pick_item(snapshot: Mapping[str, Any], merged: dict[str, Any], picked: PickedPath) -> None:
    key_field = keyed_collection_field(picked.path)
    assert key_field is not None and picked.item is not None
    _, then = _get(snapshot, picked.path)
    _, now = _get(merged, picked.path)
    then_items = [i for i in then or [] if isinstance(i, Mapping)]
    now_items = [dict(i) for i in now or [] if isinstance(i, Mapping)]
    labels = _LABELS.get(picked.path, ())
    wanted = _find(then_items, picked.item, key_field, labels) or _find(now_items, picked.item, key_field, labels)
    if wanted is None:
        raise PickError(PickErrorCode.ITEM_NOT_FOUND, picked.text)
    key = wanted.get(key_field)
    old = next((i for i in then_items if i.get(key_field) == key), None)
    position = next((n for n, i in enumerate(now_items) if i.get(key_field) == key), None)
    if old is None and position is not None:
        del now_items[position]
    elif old is not None and position is not None:
        now_items[position] = copy.deepcopy(dict(old))
    elif old is not None:
        now_items.append(copy.deepcopy(dict(old)))
    _set(merged, picked.path, now_items, present=True)
    if picked.path == ("application", "keyCredentials"):
        hashes = dict(merged.get("keyCredentialKeys") or {})
        stored = (snapshot.get("keyCredentialKeys") or {}).get(str(key))
        if old is not None and stored:
            hashes[str(key)] = stored
        elif old is None:
            hashes.pop(str(key), None)
        merged["keyCredentialKeys"] = dict(sorted(hashes.items()))
    if picked.path == ("owners",):
        merged["owners"] = sorted(now_items, key=lambda o: str(o.get("id")))


def _find(items: Sequence[Mapping[str, Any]], wanted: str, key_field: str,
          labels: Sequence[str]) -> Mapping[str, Any] | None:
    folded = wanted.casefold()
    by_key = [i for i in items if str(i.get(key_field) or "").casefold() == folded]
    if by_key:
        return by_key[0]
    for label in labels:
        matches = [i for i in items if str(i.get(label) or "").casefold() == folded]
        if len(matches) == 1:
            return matches[0]
    return None


def _check_consistent(merged: Mapping[str, Any], chosen: Pick) -> None:
    application = merged.get("application") or {}
    api = application.get("api") or {}
    scope_ids = {str(s.get("id")) for s in api.get("oauth2PermissionScopes") or [] if isinstance(s, Mapping)}
    for entry in api.get("preAuthorizedApplications") or []:
        if not isinstance(entry, Mapping):
            continue
        missing = [i for i in entry.get("delegatedPermissionIds") or [] if str(i) not in scope_ids]
        if missing:
            picked_pre = any(p.path == ("application", "api", "preAuthorizedApplications") for p in chosen.paths)
            needed = "api.oauth2PermissionScopes" if picked_pre else "api.preAuthorizedApplications"
            raise PickError(PickErrorCode.NEEDS_PATH, ", ".join(chosen.texts), needed)


def path_for(document_path: Sequence[str | int]) -> str | None:
    """The cherry-pick path for a value shown at `document_path` (a side-panel row, a diff change), or None when
    it can't be restored on its own (read-only, a secret): a list element stands for its list, a field of a keyed
    item for the item, a certificate hash for its certificate."""
    parts = list(document_path)
    if not parts or not isinstance(parts[0], str) or parts[0].startswith("#"):
        return None
    if parts[0] == "keyCredentialKeys":
        return f"keyCredentials[{parts[1]}]" if len(parts) > 1 else "keyCredentials"
    for n in range(1, len(parts)):
        prefix = tuple(str(p) for p in parts[:n])
        if isinstance(parts[n], int):
            parts = parts[:n]
            break
        if keyed_collection_field(prefix) is not None:
            parts = [*parts[:n], f"[{parts[n]}]"]
            break
    names = [str(p) for p in parts]
    item = names.pop() if names and names[-1].startswith("[") else ""
    sections: tuple[str, ...] = ()
    if names[0] == "application":
        names = names[1:]
        if not names or names[0] in READ_ONLY_APPLICATION_PROPERTIES or names[0] == "passwordCredentials":
            return None
    else:
        sections = (names[0],)
    text = ".".join(names) + item
    try:
        parse_paths([text], sections=sections)
    except PickError:
        return None
    return text
