"""Run-time references and the rewriting of ids and domains that a restore to new objects needs.

A plan is made before anything is written, so it cannot know the object id or client id Graph will give an app it
creates. Wherever such an id belongs (a path, a body, inside an identifier URI) the plan holds a *reference token*,
a short string the runner replaces once the id exists:

    {{regvault:id:<old object id>}}      the new object id of the app restored from <old object id>
    {{regvault:appId:<old client id>}}   the new client id of the app restored from <old client id>
    {{regvault:blob:<sha256>}}           base64 of the stored bytes with that hash (certificate keys)
    {{regvault:graph}}                   the Graph base URL the runner talks to (for "@odata.id" of $ref bodies)

Tokens are plain strings so they can sit inside other strings ("api://{{regvault:appId:…}}") and survive JSON;
`resolve()` substitutes them and raises `UnresolvedReference` for an id that is not known (the app it names was
not created), so nothing half-resolved is ever sent.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from desktop_app.domain.guid import GUID_PATTERN, is_guid

_TOKEN = re.compile(r"\{\{regvault:(id|appId|blob|graph)(?::([^{}]*))?\}\}")


class RefKind(enum.StrEnum):
    OBJECT_ID = "id"
    APP_ID = "appId"
    BLOB = "blob"
    GRAPH_BASE = "graph"


@dataclass(frozen=True, order=True)
class Ref:
    kind: RefKind
    key: str = ""

    @property
    def token(self) -> str:
        if self.kind is RefKind.GRAPH_BASE:
            return "{{regvault:graph}}"
        return f"{{{{regvault:{self.kind.value}:{self.key}}}}}"


def object_id_ref(old_object_id: str) -> str:
    return Ref(RefKind.OBJECT_ID, old_object_id).token


def app_id_ref(old_app_id: str) -> str:
    return Ref(RefKind.APP_ID, old_app_id.lower()).token


def blob_ref(sha256: str) -> str:
    return Ref(RefKind.BLOB, sha256).token


GRAPH_BASE_TOKEN = Ref(RefKind.GRAPH_BASE).token


def refs_in(value: Any) -> frozenset[Ref]:
    """Every reference token anywhere in a JSON-like value (keys included)."""
    found: set[Ref] = set()
    _collect(value, found)
    return frozenset(found)


def contains_ref(value: Any, kinds: Iterable[RefKind] = (RefKind.OBJECT_ID, RefKind.APP_ID)) -> bool:
    wanted = set(kinds)
    return any(ref.kind in wanted for ref in refs_in(value))


def _collect(value: Any, found: set[Ref]) -> None:
    if isinstance(value, str):
        for match in _TOKEN.finditer(value):
            found.add(Ref(RefKind(match.group(1)), match.group(2) or ""))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _collect(key, found)
            _collect(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _collect(item, found)


class UnresolvedReference(LookupError):
    """A step names an id that is not known at run time: the app it belongs to was not (yet) created."""

    def __init__(self, refs: Iterable[Ref]) -> None:
        self.refs = tuple(sorted(set(refs)))
        super().__init__("unresolved: " + ", ".join(ref.token for ref in self.refs))


@dataclass
class ResolvedIds:
    """What the runner learnt while running a plan: old id -> new id, filled in as apps are created.

    `bind()` is called with the answer of each CREATE_APPLICATION step (and of an undelete, where the ids stay).
    """

    object_ids: dict[str, str] = field(default_factory=dict)
    app_ids: dict[str, str] = field(default_factory=dict)  # keys lower-case

    def bind(self, old_object_id: str, old_app_id: str, new_object_id: str, new_app_id: str) -> None:
        self.object_ids[old_object_id] = new_object_id
        self.app_ids[old_app_id.lower()] = new_app_id


def resolve(
    value: Any,
    ids: ResolvedIds,
    *,
    blob_base64: Callable[[str], str] | None = None,
    graph_base_url: str = "https://graph.microsoft.com/v1.0",
) -> Any:
    """A deep copy of `value` with every token replaced; raises UnresolvedReference listing every missing id."""
    missing: set[Ref] = set()

    def substitute(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            ref = Ref(RefKind(match.group(1)), match.group(2) or "")
            if ref.kind is RefKind.GRAPH_BASE:
                return graph_base_url.rstrip("/")
            if ref.kind is RefKind.OBJECT_ID and ref.key in ids.object_ids:
                return ids.object_ids[ref.key]
            if ref.kind is RefKind.APP_ID and ref.key in ids.app_ids:
                return ids.app_ids[ref.key]
            if ref.kind is RefKind.BLOB and blob_base64 is not None:
                return blob_base64(ref.key)
            missing.add(ref)
            return match.group(0)

        return _TOKEN.sub(one, text)

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return substitute(item)
        if isinstance(item, Mapping):
            return {walk(k): walk(v) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [walk(v) for v in item]
        return item

    result = walk(value)
    if missing:
        raise UnresolvedReference(missing)
    return result


def humanize(text: str, name: Callable[[RefKind, str], str] | None = None) -> str:
    """For previews and reports before the run: "api://{{regvault:appId:X}}" -> "api://<new client ID of X>".
    `name(kind, key)` says a reference in other words (the window's, translated); without it, in English."""

    def one(match: re.Match[str]) -> str:
        return (name or _english_ref)(RefKind(match.group(1)), match.group(2) or "")

    return _TOKEN.sub(one, text)


def _english_ref(kind: RefKind, key: str) -> str:
    if kind is RefKind.APP_ID:
        return f"<new client ID of {key}>"
    if kind is RefKind.OBJECT_ID:
        return f"<new object ID of {key}>"
    if kind is RefKind.BLOB:
        return f"<stored bytes {key[:12]}>"
    return "<Graph>"


def strip_refs(value: Any) -> Any:
    """The part of a value that can be sent before any new id is known: list items that contain an id token
    are left out, object fields whose value is a string with an id token are left out. Blob tokens stay."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if isinstance(item, str) and contains_ref(item):
                continue
            out[key] = strip_refs(item)
        return out
    if isinstance(value, list):
        return [strip_refs(item) for item in value if not contains_ref(item)]
    return value


# --- Rewriting ids and domains ----------------------------------------------------------------------------------


# The last map replace_ids prepared (a plan calls it with one map for every URI of every app): (the map, its
# keys lower-cased, whether they are all GUIDs). Checking 200 ids against the pattern for each of 14,000 URIs
# was a sixth of planning a 10,000-app tenant.
_prepared: tuple[dict[str, str], dict[str, str], bool] = ({}, {}, True)


def _lowered(id_map: Mapping[str, str]) -> tuple[dict[str, str], bool]:
    global _prepared
    last = _prepared
    if last[0] == id_map:
        return last[1], last[2]
    lowered = {old.lower(): new for old, new in id_map.items()}
    guids = all(is_guid(old) for old in lowered)
    _prepared = (dict(id_map), lowered, guids)
    return lowered, guids


def replace_ids(text: str, id_map: Mapping[str, str]) -> str:
    """Every occurrence of an old GUID (any case) in `text` replaced by its mapped value."""
    if not id_map:
        return text
    lowered, guids = _lowered(id_map)
    if guids:
        # One pattern for any GUID and a lookup: linear in the text, whatever the size of the restore.
        return GUID_PATTERN.sub(lambda m: lowered.get(m.group(0).lower(), m.group(0)), text)
    pattern = re.compile(
        "|".join(re.escape(old) for old in sorted(lowered, key=len, reverse=True)), re.IGNORECASE
    )
    return pattern.sub(lambda m: lowered[m.group(0).lower()], text)


def _domain_match(host: str, domains: Iterable[str]) -> str | None:
    """The longest of `domains` that `host` is, or is a subdomain of."""
    host = host.lower()
    best: str | None = None
    for domain in domains:
        d = domain.lower()
        if (host == d or host.endswith("." + d)) and (best is None or len(d) > len(best)):
            best = d
    return best


def uri_authority(uri: str) -> tuple[str, str] | None:
    """(scheme, host) of an identifier URI; for api:// the first segment counts as the host."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return None
    if not parts.scheme or not parts.netloc:
        return None
    host = parts.hostname or parts.netloc
    return parts.scheme.lower(), host


def rewrite_domain(uri: str, source_domains: Iterable[str], target_domain: str) -> str:
    """An identifier URI on one of the source's domains (or a subdomain of it) moved to `target_domain`,
    subdomain labels kept: https://api.contoso.com/x -> https://api.fabrikam.com/x. Other URIs unchanged."""
    authority = uri_authority(uri)
    if authority is None:
        return uri
    scheme, host = authority
    matched = _domain_match(host, source_domains)
    if matched is None:
        return uri
    new_host = host[: len(host) - len(matched)] + target_domain.lower()
    prefix = f"{scheme}://"
    rest = uri[len(prefix) :] if uri.lower().startswith(prefix) else uri.split("://", 1)[1]
    # Keep whatever follows the host (port, path, query) exactly as it was.
    index = rest.lower().find(host)
    if index != 0:
        return uri
    return prefix + new_host + rest[len(host) :]


def acceptable_in_tenant(
    uri: str, tenant_id: str, verified_domains: Iterable[str], app_id: str | None = None
) -> bool:
    """Whether Graph would accept `uri` as a new identifier URI of an app in the tenant, as far as the plan can
    tell (graph-notes §3, §10: the identifier-URI policy): api://<GUID or pending id>/..., api:// or http(s)://
    on a verified domain (or a subdomain of one), api://<string>/<the app's id> (`app_id`, or a pending id).
    Schemes the notes say nothing about are given the benefit of the doubt."""
    if app_id and not contains_ref(uri):
        last = uri.rstrip("/").rsplit("/", 1)[-1]
        if uri.lower().startswith("api://") and last.lower() == app_id.lower():
            return True
    authority = uri_authority(uri)
    if authority is None:
        return True
    scheme, host = authority
    if scheme not in ("api", "http", "https"):
        return True
    if _domain_match(host, verified_domains) is not None:
        return True
    if scheme == "api":
        if contains_ref(uri) or is_guid(host) or host.lower() == tenant_id.lower():
            return True
        # api://<string>/<appId>: valid when the last segment is the app's own (new) id.
        last = uri.rstrip("/").rsplit("/", 1)[-1]
        return contains_ref(last)
    return False
