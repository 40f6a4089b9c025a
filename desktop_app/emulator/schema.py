"""The slice of Microsoft Graph's v1.0 CSDL the emulator validates request bodies against.

The emulator shares no code with the client (import-linter contract), so it parses the same package data
file itself. Type names are kept short ("application", "keyCredential"): everything is microsoft.graph.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

CSDL_PATH = Path(__file__).resolve().parent.parent / "data" / "graph" / "application-v1.0.csdl.xml"


@dataclass(frozen=True)
class Prop:
    name: str
    type_name: str  # "Edm.String" or a short microsoft.graph name ("keyCredential")
    collection: bool
    nullable: bool
    kind: str  # "primitive" | "complex" | "enum" | "stream"


@dataclass
class Schema:
    entities: dict[str, dict[str, Prop]] = field(default_factory=dict)  # inherited properties included
    navigations: dict[str, set[str]] = field(default_factory=dict)
    complexes: dict[str, dict[str, Prop]] = field(default_factory=dict)
    open_complexes: set[str] = field(default_factory=set)
    enums: dict[str, tuple[set[str], bool]] = field(default_factory=dict)  # members, is_flags

    def props(self, type_name: str) -> dict[str, Prop]:
        if type_name in self.entities:
            return self.entities[type_name]
        return self.complexes[type_name]


def _short(type_name: str) -> str:
    for prefix in ("graph.", "microsoft.graph."):
        if type_name.startswith(prefix):
            return type_name[len(prefix):]
    return type_name


def _split_collection(type_name: str) -> tuple[str, bool]:
    if type_name.startswith("Collection(") and type_name.endswith(")"):
        return _short(type_name[len("Collection("):-1]), True
    return _short(type_name), False


@lru_cache(maxsize=1)
def load_schema(path: Path = CSDL_PATH) -> Schema:
    root = ET.parse(path).getroot()
    ns = ""
    if root.tag.startswith("{"):
        ns = root.tag.split("}")[0] + "}"
    schema = Schema()
    enum_names = {e.get("Name", "") for e in root.iter(f"{ns}EnumType")}
    complex_names = {c.get("Name", "") for c in root.iter(f"{ns}ComplexType")}

    def prop_of(el: ET.Element) -> Prop:
        type_name, collection = _split_collection(el.get("Type", ""))
        if type_name == "Edm.Stream":
            kind = "stream"
        elif type_name in enum_names:
            kind = "enum"
        elif type_name in complex_names:
            kind = "complex"
        else:
            kind = "primitive"
        return Prop(el.get("Name", ""), type_name, collection, el.get("Nullable", "true") != "false", kind)

    for enum in root.iter(f"{ns}EnumType"):
        members = {m.get("Name", "") for m in enum.iter(f"{ns}Member")}
        schema.enums[enum.get("Name", "")] = (members, enum.get("IsFlags") == "true")
    for complex_type in root.iter(f"{ns}ComplexType"):
        name = complex_type.get("Name", "")
        schema.complexes[name] = {p.get("Name", ""): prop_of(p) for p in complex_type.iter(f"{ns}Property")}
        if complex_type.get("OpenType") == "true":
            schema.open_complexes.add(name)
    raw: dict[str, tuple[str | None, dict[str, Prop], set[str]]] = {}
    for entity in root.iter(f"{ns}EntityType"):
        base = entity.get("BaseType")
        raw[entity.get("Name", "")] = (
            _short(base) if base else None,
            {p.get("Name", ""): prop_of(p) for p in entity.iter(f"{ns}Property")},
            {n.get("Name", "") for n in entity.iter(f"{ns}NavigationProperty")},
        )

    def resolve(name: str) -> tuple[dict[str, Prop], set[str]]:
        base, props, navs = raw[name]
        if base is None:
            return dict(props), set(navs)
        base_props, base_navs = resolve(base)
        return {**base_props, **props}, base_navs | navs

    for name in raw:
        schema.entities[name], schema.navigations[name] = resolve(name)
    return schema
