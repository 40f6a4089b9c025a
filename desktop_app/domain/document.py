"""The app document (DESIGN.md §3.1): the unit Regvault versions, diffs and restores.

Shape of a document (all keys always present):

    {"application": {every v1.0 property Graph returned, projected onto the schema},
     "owners": [{"id", "@odata.type", "displayName", "userPrincipalName" (users) | "appId" (service principals)}],
     "federatedIdentityCredentials": [{"name", "issuer", "subject", "audiences", "description"}],
     "keyCredentialKeys": {keyId: sha256 hex of the certificate bytes},
     "logo": sha256 hex of the logo bytes | null,
     "servicePrincipal": the enterprise application (domain/enterprise.py) | null (none) — absent when not read,
     "extensionProperties": [{"name", "dataType", "isMultiValued", "targetObjects", "isSyncedFromOnPremises"}]
                            — the directory extension definitions the app owns; absent when it owns none,
     "keyCredentialsPending": [keyId, ...] — only while a backup is still reading those certificates' bytes}

A backup writes its snapshot before the last certificate bytes arrive (Graph allows 150 certificate reads a minute
per tenant): a key whose bytes are still to come is listed in keyCredentialsPending, not in keyCredentialKeys, and
the bytes are filled into the same version when they arrive (fill_pending_keys). The section is absent when
nothing is pending, so complete documents hash as they always did.

Its canonical JSON (sorted keys, no spaces, UTF-8) is hashed; same hash means same version.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from desktop_app.domain.plain import plain as _plain
from desktop_app.domain.schema import APPLICATION_TYPE, GraphSchema, load_schema

AppDocument = dict[str, Any]

# Every v1.0 property of microsoft.graph.application in the packaged schema, except the `logo` stream.
# Explicit because Graph returns some (authenticationBehaviors) only when selected; tests keep it equal to
# schema.application_properties().
APPLICATION_SELECT: tuple[str, ...] = (
    "addIns",
    "api",
    "appId",
    "appRoles",
    "applicationTemplateId",
    "authenticationBehaviors",
    "certification",
    "createdByAppId",
    "createdDateTime",
    "defaultRedirectUri",
    "deletedDateTime",
    "description",
    "disabledByMicrosoftStatus",
    "displayName",
    "groupMembershipClaims",
    "id",
    "identifierUris",
    "info",
    "isDeviceOnlyAuthSupported",
    "isDisabled",
    "isFallbackPublicClient",
    "keyCredentials",
    "managerApplications",
    "nativeAuthenticationApisEnabled",
    "notes",
    "oauth2RequirePostResponse",
    "optionalClaims",
    "parentalControlSettings",
    "passwordCredentials",
    "publicClient",
    "publisherDomain",
    "requestSignatureVerification",
    "requiredResourceAccess",
    "samlMetadataUrl",
    "serviceManagementReference",
    "servicePrincipalLockConfiguration",
    "signInAudience",
    "spa",
    "tags",
    "tokenEncryptionKeyId",
    "uniqueName",
    "verifiedPublisher",
    "web",
)

DOCUMENT_SECTIONS: tuple[str, ...] = (
    "application",
    "owners",
    "federatedIdentityCredentials",
    "keyCredentialKeys",
    "logo",
    "servicePrincipal",  # optional: absent in documents of stores made before it was read
)
PENDING_KEYS = "keyCredentialsPending"  # optional, not a section of its own: see the module docstring
OWNER_FIELDS: tuple[str, ...] = ("id", "@odata.type", "displayName", "userPrincipalName", "appId")
FEDERATED_CREDENTIAL_FIELDS: tuple[str, ...] = ("name", "issuer", "subject", "audiences", "description")

NOT_READ: Any = object()  # build_document(service_principal=NOT_READ): the enterprise part was not read
_USER_TYPE = "#microsoft.graph.user"
_SERVICE_PRINCIPAL_TYPE = "#microsoft.graph.servicePrincipal"


@dataclass(frozen=True)
class SecretInfo:
    """What a backup knows of a client secret: never the secret itself (Graph never returns it again)."""

    key_id: str | None
    display_name: str | None
    hint: str | None
    start_date_time: str | None
    end_date_time: str | None


def build_document(
    application: Mapping[str, Any],
    owners: Iterable[Mapping[str, Any]],
    federated_credentials: Iterable[Mapping[str, Any]],
    key_credential_keys: Mapping[str, str],
    logo_sha256: str | None,
    service_principal: Mapping[str, Any] | None = NOT_READ,
    pending_keys: Iterable[str] = (),
) -> AppDocument:
    """The canonical document of one app from what Graph returned.

    - application: projected onto the v1.0 schema, recursively: OData annotations (@odata.*), expanded
      navigation properties (owners) and anything the schema does not name are left out; `info.logoUrl` (a CDN
      URL that changes without the logo changing) and keyCredentials' `key` (the bytes are in
      keyCredentialKeys, by hash) are dropped; a `secretText` is blanked to null so no secret is ever stored.
      Collection order is kept as Graph returned it (the diff matches items by key, not position).
    - owners: sorted by id, one per id, reduced to OWNER_FIELDS (userPrincipalName for users, appId for
      service principals).
    - federatedIdentityCredentials: reduced to FEDERATED_CREDENTIAL_FIELDS (the id is tenant-specific), sorted
      by name.
    - service_principal: the section domain/enterprise.py builds, None when the app has none, NOT_READ to leave
      the key out.
    - pending_keys: keyIds whose bytes a backup is still reading (keyCredentialsPending; left out when empty).
    """
    schema = load_schema()
    app = _project(schema, APPLICATION_TYPE, application)
    info = app.get("info")
    if isinstance(info, dict):
        info.pop("logoUrl", None)
    for credential in _dicts(app.get("keyCredentials")):
        credential.pop("key", None)
    for credential in _dicts(app.get("passwordCredentials")):
        if "secretText" in credential:
            credential["secretText"] = None
    document: AppDocument = {
        "application": app,
        "owners": _owners(owners),
        "federatedIdentityCredentials": _federated_credentials(federated_credentials),
        "keyCredentialKeys": {str(k): str(v) for k, v in sorted(key_credential_keys.items())},
        "logo": logo_sha256,
    }
    pending = sorted({str(k) for k in pending_keys} - set(document["keyCredentialKeys"]))
    if pending:
        document[PENDING_KEYS] = pending
    return with_service_principal(document, service_principal)


EXTENSION_PROPERTY_FIELDS = ("dataType", "isMultiValued", "isSyncedFromOnPremises", "name", "targetObjects")


def with_extension_properties(document: AppDocument, definitions: Iterable[Mapping[str, Any]] | None) -> AppDocument:
    """The document with the directory extension definitions the app owns (`extensionProperties`, sorted by name;
    their ids are the tenant's own): the part is there only when the app owns some."""
    reduced = sorted(({f: _plain(d.get(f)) for f in EXTENSION_PROPERTY_FIELDS} for d in definitions or []
                      if isinstance(d, Mapping)), key=lambda d: str(d.get("name")))
    if not reduced:
        return document
    return {**document, "extensionProperties": reduced}


def with_service_principal(document: AppDocument, service_principal: Mapping[str, Any] | None) -> AppDocument:
    """The document with its enterprise section (build_document's `service_principal`): a backup builds the app's
    part as soon as it is read and adds the section once the tenant's enterprise applications are in."""
    if service_principal is NOT_READ:
        return document
    return {**document, _SECTION: None if service_principal is None else _plain(service_principal)}


_SECTION = "servicePrincipal"


def pending_key_ids(document: Mapping[str, Any]) -> list[str]:
    """The keyIds whose certificate bytes are still to come (empty for a complete document)."""
    pending = document.get(PENDING_KEYS)
    return [str(k) for k in pending] if isinstance(pending, list) else []


def fill_pending_keys(
    document: Mapping[str, Any],
    arrived: Mapping[str, str | None],
    thumbprints: Mapping[str, str] | None = None,
) -> AppDocument | None:
    """The document with the bytes that arrived filled in (keyId -> sha256, or None when Graph returned the key
    without bytes: no longer pending, nothing to keep); None when none of them was pending here.
    With `thumbprints` (keyId -> base64 SHA-1 of the bytes that arrived), a key is filled only where the
    document's keyCredentials name that thumbprint (customKeyIdentifier): an older version of the app may list
    another certificate under the same keyId."""
    pending = pending_key_ids(document)
    identifiers = {
        str(c.get("keyId")): c.get("customKeyIdentifier")
        for c in _dicts((document.get("application") or {}).get("keyCredentials"))
    }
    now = [
        k for k in pending
        if k in arrived
        and (thumbprints is None or arrived[k] is None or identifiers.get(k) in (None, thumbprints.get(k)))
    ]
    if not now:
        return None
    filled: AppDocument = dict(document)
    keys = dict(document.get("keyCredentialKeys") or {})
    for key_id in now:
        sha = arrived[key_id]
        if sha:
            keys[key_id] = sha
    filled["keyCredentialKeys"] = dict(sorted(keys.items()))
    left = [k for k in pending if k not in now]
    if left:
        filled[PENDING_KEYS] = left
    else:
        filled.pop(PENDING_KEYS, None)
    return filled


def canonical_json(document: Mapping[str, Any]) -> bytes:
    """Sorted keys, no whitespace, UTF-8 (not \\u escapes): the bytes that are hashed and stored.

    orjson writes the same bytes as `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)` for
    what documents hold (strings, integers, booleans, null; no property of an app is a floating-point number) and
    is 4x faster, which a backup of 10,000 apps feels. What it refuses (a key that is not a string, an integer
    beyond 64 bits, a mapping that is not a dict) goes to the json module, as before. A NaN would be written as
    null: none reaches a document, because Graph's answers are parsed refusing NaN and Infinity (not JSON).
    """
    try:
        return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return json.dumps(
            document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        ).encode("utf-8")


def json_with_service_principal(
    document: Mapping[str, Any], document_json: bytes, service_principal: Mapping[str, Any] | None
) -> bytes:
    """canonical_json(with_service_principal(document, service_principal)), from the document without its section
    and that document's canonical JSON: the section's key sorts after every other key, so its JSON goes at the
    end. A backup dumps each app's part while Graph is still answering, and only the small section after."""
    if service_principal is NOT_READ:
        return document_json
    if not document or _SECTION in document or max(document) > _SECTION:
        return canonical_json(with_service_principal(dict(document), service_principal))
    section = b"null" if service_principal is None else canonical_json(service_principal)
    return b"".join((document_json[:-1], b',"', _SECTION.encode(), b'":', section, b"}"))


def document_hash(document: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(document)).hexdigest()


def key_credentials_digest(application: Mapping[str, Any]) -> str:
    """sha256 hex of the keyCredentials metadata (without `key`), order-independent.

    The backup fetches certificate bytes only when this changes, so it must not change when Graph merely
    returns the same credentials in another order, or returns `key` in one call and null in another.
    """
    credentials = [
        {k: v for k, v in credential.items() if k != "key"}
        for credential in _dicts(application.get("keyCredentials"))
    ]
    credentials.sort(key=lambda c: (str(c.get("keyId")), canonical_json(c)))
    return hashlib.sha256(canonical_json({"keyCredentials": credentials})).hexdigest()


def secrets_of(document: Mapping[str, Any]) -> list[SecretInfo]:
    """The client secrets an app had, in document order (for "these secrets must be re-created")."""
    application = document.get("application") or {}
    return [
        SecretInfo(
            key_id=_str_or_none(credential.get("keyId")),
            display_name=_str_or_none(credential.get("displayName")),
            hint=_str_or_none(credential.get("hint")),
            start_date_time=_str_or_none(credential.get("startDateTime")),
            end_date_time=_str_or_none(credential.get("endDateTime")),
        )
        for credential in _dicts(application.get("passwordCredentials"))
    ]


# --- helpers -------------------------------------------------------------------------------------------------


def _project(schema: GraphSchema, type_name: str, value: Mapping[str, Any]) -> dict[str, Any]:
    """Only the structural, non-stream properties `type_name` has, recursively through complex values.

    Keys come out sorted. This runs for every app of every backup: the type's properties are looked up once
    (`_plan`), plain values are taken as they are, and abc isinstance checks come last.
    """
    plan = _plan(schema, type_name)
    out: dict[str, Any] = {}
    for key in sorted(value):
        spec = plan.get(key)
        if spec is None:
            continue
        item = value[key]
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None:
            out[key] = item
            continue
        complex_type, is_collection = spec
        if complex_type is not None:
            if is_collection and kind is list:
                out[key] = [
                    _project(schema, complex_type, element) if _is_mapping(element) else _plain(element)
                    for element in item
                ]
                continue
            if not is_collection and _is_mapping(item):
                out[key] = _project(schema, complex_type, item)
                continue
        out[key] = _plain(item)
    return out


@functools.cache
def _plan(schema: GraphSchema, type_name: str) -> dict[str, tuple[str | None, bool]]:
    """Property name -> (its complex type or None, is a collection), stream properties left out; once per type."""
    return {
        name: (prop.type_name if prop.kind == "complex" else None, prop.is_collection)
        for name, prop in schema.properties(type_name).items()
        if prop.kind != "stream"
    }


def _is_mapping(value: Any) -> bool:
    return type(value) is dict or isinstance(value, Mapping)


def _owners(owners: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    reduced: dict[str, dict[str, Any]] = {}
    for owner in owners:
        odata_type = owner.get("@odata.type")
        if odata_type == _USER_TYPE:
            fields: tuple[str, ...] = ("id", "@odata.type", "displayName", "userPrincipalName")
        elif odata_type == _SERVICE_PRINCIPAL_TYPE:
            fields = ("id", "@odata.type", "displayName", "appId")
        else:
            fields = OWNER_FIELDS  # unknown kind: keep whichever identifying fields it has
        item = {field: _plain(owner[field]) for field in sorted(fields) if field in owner}
        owner_id = str(owner.get("id"))
        # An owner listed twice (paging overlap) is one owner; keep a deterministic representative.
        if owner_id not in reduced or canonical_json(item) < canonical_json(reduced[owner_id]):
            reduced[owner_id] = item
    return [reduced[owner_id] for owner_id in sorted(reduced)]


def _federated_credentials(credentials: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    reduced = [
        {field: _plain(credential[field]) for field in sorted(FEDERATED_CREDENTIAL_FIELDS) if field in credential}
        for credential in credentials
    ]
    reduced.sort(key=lambda c: (str(c.get("name")), canonical_json(c)))
    return reduced


def _dicts(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
