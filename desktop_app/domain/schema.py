"""The Microsoft Graph v1.0 schema subset Regvault ships, read once from the packaged CSDL.

The CSDL is the ground truth for property *names and types*; which properties Graph lets a client write is not
in it, so the read-only sets below come from `graph-notes.md` §1.1/§1.2.

Type names: every function accepts a type as "application", "graph.application" or "microsoft.graph.application".
`PropertyDef.type_name` is always the full name ("Edm.String", "microsoft.graph.appRole").
"""

from __future__ import annotations

import functools
import importlib.resources
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

NAMESPACE = "microsoft.graph"
APPLICATION_TYPE = "microsoft.graph.application"
_ALIAS = "graph"
_CSDL_PARTS = ("data", "graph", "application-v1.0.csdl.xml")

PropertyKind = Literal["primitive", "complex", "enum", "stream"]


@dataclass(frozen=True)
class PropertyDef:
    name: str
    type_name: str  # element type for collections: "Edm.String", "microsoft.graph.appRole"
    is_collection: bool
    kind: PropertyKind
    nullable: bool = True


@dataclass(frozen=True)
class StructuredType:
    name: str  # full name
    base_type: str | None  # full name
    is_entity: bool
    is_abstract: bool
    is_open: bool
    own_properties: tuple[PropertyDef, ...]
    navigation_properties: tuple[str, ...]


@dataclass(frozen=True)
class EnumType:
    name: str
    members: tuple[str, ...]
    is_flags: bool


class UnknownTypeError(KeyError):
    """A type name the packaged schema does not define."""


def qualified_name(type_name: str) -> str:
    """The full name of a type given as appRole, graph.appRole, microsoft.graph.appRole or #microsoft.graph.appRole."""
    name = type_name.lstrip("#")
    if name.startswith("Edm."):
        return name
    if name.startswith(NAMESPACE + "."):
        return name
    if name.startswith(_ALIAS + "."):
        return NAMESPACE + name[len(_ALIAS) :]
    return f"{NAMESPACE}.{name}"


# --- Read-only knowledge (graph-notes.md §1.1, §1.2); not expressible in CSDL --------------------------------

READ_ONLY_APPLICATION_PROPERTIES: frozenset[str] = frozenset(
    {
        "id",
        "appId",
        "publisherDomain",
        "createdDateTime",
        "deletedDateTime",
        "createdByAppId",
        "applicationTemplateId",
        "disabledByMicrosoftStatus",
        "certification",  # Microsoft-managed
        "verifiedPublisher",  # only through setVerifiedPublisher, tied to the tenant's partner id
        "passwordCredentials",  # PATCH rejects it; secrets are minted with addPassword
        # managerApplications: agentIdentityBlueprint only; Graph answers 400 when it is set on an ordinary app.
        "managerApplications",
        # isDisabled: in this v1.0 CSDL, but graph-notes lists it as beta-only and no source says v1.0 PATCH
        # accepts it (UNVERIFIED) - so a restore does not send it.
        "isDisabled",
    }
)
"""Top-level application properties a restore must never send in POST/PATCH."""

WRITE_ONCE_APPLICATION_PROPERTIES: frozenset[str] = frozenset({"uniqueName"})
"""Writable, but only while null (APP-UPDATE): send on create or when the target has none; never change it.
These are included in `writable_application_properties()`; the restore planner applies the once-only rule."""

READ_ONLY_NESTED_PROPERTIES: Mapping[str, frozenset[str]] = {
    "microsoft.graph.appRole": frozenset({"origin"}),
    "microsoft.graph.permissionScope": frozenset({"origin"}),
    "microsoft.graph.informationalUrl": frozenset({"logoUrl"}),  # a CDN URL; the logo goes through PUT /logo
    "microsoft.graph.passwordCredential": frozenset({"hint", "secretText"}),
}
"""Fields of complex types that Graph fills in and rejects (or ignores) in a write, by full type name."""


# --- The schema ----------------------------------------------------------------------------------------------


class GraphSchema:
    """Structured, complex and enum types of the packaged CSDL. Immutable; obtain it with `load_schema()`."""

    def __init__(self, types: Mapping[str, StructuredType], enums: Mapping[str, EnumType]) -> None:
        self._types = dict(types)
        self._enums = dict(enums)
        self._all_props: dict[str, dict[str, PropertyDef]] = {}
        for name in self._types:
            self._all_props[name] = self._collect(name)

    @classmethod
    def from_xml(cls, text: str | bytes) -> GraphSchema:
        root = ET.fromstring(text)
        schemas = [root] if _local(root.tag) == "Schema" else [e for e in root.iter() if _local(e.tag) == "Schema"]
        types: dict[str, StructuredType] = {}
        enums: dict[str, EnumType] = {}
        for schema in schemas:
            enum_names = {
                qualified_name(e.attrib["Name"]) for e in schema if _local(e.tag) == "EnumType"
            }
            structured = {
                qualified_name(e.attrib["Name"])
                for e in schema
                if _local(e.tag) in ("EntityType", "ComplexType")
            }
            for element in schema:
                tag = _local(element.tag)
                if tag == "EnumType":
                    enum = EnumType(
                        name=qualified_name(element.attrib["Name"]),
                        members=tuple(m.attrib["Name"] for m in element if _local(m.tag) == "Member"),
                        is_flags=element.attrib.get("IsFlags") == "true",
                    )
                    enums[enum.name] = enum
                elif tag in ("EntityType", "ComplexType"):
                    stype = _parse_structured(element, tag == "EntityType", enum_names, structured)
                    types[stype.name] = stype
        return cls(types, enums)

    def _collect(self, name: str) -> dict[str, PropertyDef]:
        chain: list[StructuredType] = []
        seen: set[str] = set()
        current: str | None = name
        while current is not None:
            if current in seen:
                raise ValueError(f"inheritance cycle at {current}")
            seen.add(current)
            stype = self._types.get(current)
            if stype is None:
                raise UnknownTypeError(current)
            chain.append(stype)
            current = stype.base_type
        props: dict[str, PropertyDef] = {}
        for stype in reversed(chain):  # base first, so a derived type's redefinition wins
            for prop in stype.own_properties:
                props[prop.name] = prop
        return props

    # Lookups ------------------------------------------------------------------------------------------------

    def structured_type(self, type_name: str) -> StructuredType:
        name = qualified_name(type_name)
        try:
            return self._types[name]
        except KeyError:
            raise UnknownTypeError(name) from None

    def properties(self, type_name: str) -> dict[str, PropertyDef]:
        """Every structural property of an entity or complex type, inherited ones included (a copy)."""
        name = qualified_name(type_name)
        if name not in self._all_props:
            raise UnknownTypeError(name)
        return dict(self._all_props[name])

    def entity_properties(self, type_name: str) -> dict[str, PropertyDef]:
        if not self.structured_type(type_name).is_entity:
            raise UnknownTypeError(f"{qualified_name(type_name)} is not an entity type")
        return self.properties(type_name)

    def complex_properties(self, type_name: str) -> dict[str, PropertyDef]:
        if self.structured_type(type_name).is_entity:
            raise UnknownTypeError(f"{qualified_name(type_name)} is not a complex type")
        return self.properties(type_name)

    def navigation_properties(self, type_name: str) -> tuple[str, ...]:
        names: list[str] = []
        current: str | None = qualified_name(type_name)
        while current is not None:
            stype = self.structured_type(current)
            names.extend(stype.navigation_properties)
            current = stype.base_type
        return tuple(sorted(set(names)))

    def enum_type(self, type_name: str) -> EnumType:
        name = qualified_name(type_name)
        try:
            return self._enums[name]
        except KeyError:
            raise UnknownTypeError(name) from None

    def entity_type_names(self) -> tuple[str, ...]:
        return tuple(sorted(n for n, t in self._types.items() if t.is_entity))

    def complex_type_names(self) -> tuple[str, ...]:
        return tuple(sorted(n for n, t in self._types.items() if not t.is_entity))

    def enum_type_names(self) -> tuple[str, ...]:
        return tuple(sorted(self._enums))

    # The application ----------------------------------------------------------------------------------------

    def application_properties(self) -> dict[str, PropertyDef]:
        """Every structural property of microsoft.graph.application, inherited included, without the `logo`
        stream (it is not part of the JSON; it has its own endpoint)."""
        return {
            name: prop
            for name, prop in sorted(self.entity_properties(APPLICATION_TYPE).items())
            if prop.kind != "stream"
        }

    def writable_application_properties(self) -> dict[str, PropertyDef]:
        """What a restore may send in POST/PATCH /applications (uniqueName only once, see
        WRITE_ONCE_APPLICATION_PROPERTIES). Nested read-only fields are in READ_ONLY_NESTED_PROPERTIES."""
        return {
            name: prop
            for name, prop in self.application_properties().items()
            if name not in READ_ONLY_APPLICATION_PROPERTIES
        }

    # Validation ---------------------------------------------------------------------------------------------

    def validate_body(self, type_name: str, body: Mapping[str, Any]) -> list[str]:
        """Problems that would make Graph reject `body` as a `type_name`, one message per problem, in a stable
        order; an empty list means valid. Checked, recursively through complex values and collections of them:
        property names the type does not have (also navigation properties and streams, which a JSON body
        cannot carry), objects where a collection is expected and the reverse, and JSON types of primitive
        and enum values. Null is accepted everywhere. Keys containing "@" are OData instance annotations
        (`@odata.type`, `owners@odata.bind`) and are not properties, so they are skipped.

        Messages start with the path, e.g. "api.oauth2PermissionScopes[0].foo: not a property of
        microsoft.graph.permissionScope".
        """
        problems: list[str] = []
        self._validate_object(qualified_name(type_name), body, "", problems)
        return problems

    def _validate_object(self, type_name: str, body: Any, path: str, problems: list[str]) -> None:
        if not isinstance(body, Mapping):
            problems.append(f"{path or '<body>'}: expected an object of {type_name}, got {_json_kind(body)}")
            return
        props = self.properties(type_name)
        for key in sorted(body, key=str):
            if not isinstance(key, str):
                problems.append(f"{_join(path, str(key))}: property names must be strings")
                continue
            if "@" in key:
                continue
            here = _join(path, key)
            prop = props.get(key)
            if prop is None and key in self.navigation_properties(type_name):
                problems.append(f"{here}: a navigation property of {type_name}; it has its own endpoint")
            elif prop is None:
                problems.append(f"{here}: not a property of {type_name}")
            elif prop.kind == "stream":
                problems.append(f"{here}: a stream of {type_name}; it cannot be sent in a JSON body")
            else:
                self._validate_value(prop, body[key], here, problems)

    def _validate_value(self, prop: PropertyDef, value: Any, path: str, problems: list[str]) -> None:
        if value is None:
            return
        if prop.is_collection:
            if not isinstance(value, list):
                problems.append(f"{path}: expected a collection of {prop.type_name}, got {_json_kind(value)}")
                return
            for index, item in enumerate(value):
                self._validate_single(prop, item, f"{path}[{index}]", problems)
        else:
            self._validate_single(prop, value, path, problems)

    def _validate_single(self, prop: PropertyDef, value: Any, path: str, problems: list[str]) -> None:
        if value is None:
            return
        if prop.kind == "complex":
            self._validate_object(prop.type_name, value, path, problems)
        elif prop.kind == "enum":
            enum = self._enums[prop.type_name]
            if not isinstance(value, str):
                problems.append(f"{path}: expected a {prop.type_name} member name, got {_json_kind(value)}")
                return
            names = [v.strip() for v in value.split(",")] if enum.is_flags else [value]
            for member in names:
                if member not in enum.members:
                    problems.append(f"{path}: {member!r} is not a member of {prop.type_name}")
        elif prop.kind == "primitive":
            expected = _PRIMITIVE_JSON.get(prop.type_name)
            if expected is None:
                return  # a primitive this subset never uses: don't guess
            ok = isinstance(value, expected) and not (isinstance(value, bool) and bool not in expected)
            if not ok:
                problems.append(f"{path}: expected {prop.type_name}, got {_json_kind(value)}")


# JSON representations Graph accepts per Edm type (OData JSON format: 64-bit, decimals and dates are strings).
_PRIMITIVE_JSON: dict[str, tuple[type, ...]] = {
    "Edm.String": (str,),
    "Edm.Guid": (str,),
    "Edm.Binary": (str,),
    "Edm.DateTimeOffset": (str,),
    "Edm.Date": (str,),
    "Edm.TimeOfDay": (str,),
    "Edm.Duration": (str,),
    "Edm.Boolean": (bool,),
    "Edm.Int16": (int,),
    "Edm.Int32": (int,),
    "Edm.Int64": (int, str),
    "Edm.Byte": (int,),
    "Edm.Double": (int, float, str),
    "Edm.Single": (int, float, str),
    "Edm.Decimal": (int, float, str),
}


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_structured(
    element: ET.Element, is_entity: bool, enum_names: set[str], structured: set[str]
) -> StructuredType:
    own: list[PropertyDef] = []
    navigation: list[str] = []
    for child in element:
        tag = _local(child.tag)
        if tag == "Property":
            own.append(_parse_property(child, enum_names, structured))
        elif tag == "NavigationProperty":
            navigation.append(child.attrib["Name"])
    base = element.attrib.get("BaseType")
    return StructuredType(
        name=qualified_name(element.attrib["Name"]),
        base_type=qualified_name(base) if base else None,
        is_entity=is_entity,
        is_abstract=element.attrib.get("Abstract") == "true",
        is_open=element.attrib.get("OpenType") == "true",
        own_properties=tuple(own),
        navigation_properties=tuple(navigation),
    )


def _parse_property(element: ET.Element, enum_names: set[str], structured: set[str]) -> PropertyDef:
    raw = element.attrib["Type"]
    is_collection = raw.startswith("Collection(") and raw.endswith(")")
    inner = raw[len("Collection(") : -1] if is_collection else raw
    type_name = qualified_name(inner)
    kind: PropertyKind
    if type_name == "Edm.Stream":
        kind = "stream"
    elif type_name.startswith("Edm."):
        kind = "primitive"
    elif type_name in enum_names:
        kind = "enum"
    elif type_name in structured:
        kind = "complex"
    else:
        # Every type this subset references is in it (see data/graph/README.md); fail loudly if not.
        raise UnknownTypeError(f"{element.attrib['Name']} has type {type_name}, which the schema does not define")
    return PropertyDef(
        name=element.attrib["Name"],
        type_name=type_name,
        is_collection=is_collection,
        kind=kind,
        nullable=element.attrib.get("Nullable", "true") != "false",
    )


@functools.lru_cache(maxsize=1)
def load_schema() -> GraphSchema:
    """The packaged Graph v1.0 schema subset, parsed once per process."""
    resource = importlib.resources.files("desktop_app")
    for part in _CSDL_PARTS:
        resource = resource / part
    return GraphSchema.from_xml(resource.read_bytes())


# Module-level shortcuts over the packaged schema -----------------------------------------------------------


def entity_properties(type_name: str) -> dict[str, PropertyDef]:
    return load_schema().entity_properties(type_name)


def complex_properties(type_name: str) -> dict[str, PropertyDef]:
    return load_schema().complex_properties(type_name)


def application_properties() -> dict[str, PropertyDef]:
    return load_schema().application_properties()


def writable_application_properties() -> dict[str, PropertyDef]:
    return load_schema().writable_application_properties()


def read_only_fields(type_name: str) -> frozenset[str]:
    """Fields of `type_name` a write must not carry: the application's read-only properties or a complex type's
    Graph-filled fields (READ_ONLY_NESTED_PROPERTIES); empty for every other type."""
    name = qualified_name(type_name)
    if name == APPLICATION_TYPE:
        return READ_ONLY_APPLICATION_PROPERTIES
    return READ_ONLY_NESTED_PROPERTIES.get(name, frozenset())


def validate_body(type_name: str, body: Mapping[str, Any]) -> list[str]:
    return load_schema().validate_body(type_name, body)
