"""The writable projection of an application (what a restore may send) and order-insensitive comparison."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Mapping
from typing import Any

import orjson

from desktop_app.domain.schema import (
    GraphSchema,
    PropertyDef,
    load_schema,
    read_only_fields,
)

# Properties Graph gives a value of its own where a client names none: the app instance lock, on by default for new
# apps (Microsoft announced it). A snapshot without one predates it; a restore leaves Graph's as it is, so it never
# switches the protection off (an app a restore recreated has it on, and restoring it again must not clear it).
SERVER_DEFAULTS = frozenset({"servicePrincipalLockConfiguration"})


def unset_server_default(key: str, wanted: Any) -> bool:
    """Whether `wanted` is the snapshot's silence on a property Graph fills in itself."""
    return key in SERVER_DEFAULTS and wanted in (None, [], {})


def writable_application(application: Mapping[str, Any]) -> dict[str, Any]:
    """The properties of `application` a restore may send, recursively without Graph-filled fields (origin of
    roles and scopes, info.logoUrl, a keyCredential's key); unknown properties dropped; null non-nullable
    collections become []."""
    schema = load_schema()
    out: dict[str, Any] = {}
    for name, prop in _writable_properties(schema).items():
        if name in application:
            out[name] = _writable_value(schema, prop, application[name])
    for credential in out.get("keyCredentials") or []:
        if isinstance(credential, dict):
            credential.pop("key", None)
    return out


def _writable_value(schema: GraphSchema, prop: PropertyDef, value: Any) -> Any:
    if value is None:
        return [] if prop.is_collection and not prop.nullable else None
    if prop.kind != "complex":
        return _copy(value)
    if prop.is_collection and isinstance(value, list):
        return [_writable_object(schema, prop.type_name, v) if isinstance(v, Mapping) else v for v in value]
    if isinstance(value, Mapping):
        return _writable_object(schema, prop.type_name, value)
    return _copy(value)


def _copy(value: Any) -> Any:
    """A deep copy of JSON: what documents hold (copy.deepcopy was a fifth of planning 10,000 apps)."""
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return copy.deepcopy(value)


@functools.cache
def _writable_properties(schema: GraphSchema) -> dict[str, PropertyDef]:
    """The schema's writable application properties, once (a whole-tenant plan asks 50,000 times)."""
    return schema.writable_application_properties()


@functools.cache
def _fields(schema: GraphSchema, type_name: str) -> tuple[dict[str, PropertyDef], frozenset[str]]:
    return schema.properties(type_name), read_only_fields(type_name)


def _writable_object(schema: GraphSchema, type_name: str, value: Mapping[str, Any]) -> dict[str, Any]:
    props, skip = _fields(schema, type_name)
    return {
        key: _writable_value(schema, props[key], item)
        for key, item in value.items()
        if key in props and key not in skip
    }


def _text(value: Any) -> bytes:
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):  # a key that is not a string, an integer beyond 64 bits
        return json.dumps(value, sort_keys=True).encode()


def canonical(value: Any) -> Any:
    """Order-insensitive form for "is it already so?": lists sorted, keys sorted."""
    if isinstance(value, Mapping):
        return {k: canonical(value[k]) for k in sorted(value)}
    if isinstance(value, list | tuple):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def same_value(a: Any, b: Any) -> bool:
    """Equal but for the order of lists and keys. The same JSON text is the same value whatever the order
    rule, and it is what a whole-tenant plan meets for almost every property: the canonical form (a JSON
    text per list item to sort by) is built only when the texts differ. The texts are orjson's (a tenth of the
    json module's time: a whole-tenant plan compares 400,000 values); json's for what orjson can't write."""
    if _text(a) == _text(b):
        return True
    return json.dumps(canonical(a), sort_keys=True) == json.dumps(canonical(b), sort_keys=True)
