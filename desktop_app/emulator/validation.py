"""Write validation for applications and their federated identity credentials, as Graph does it.

Two passes: the body against the schema (unknown properties, wrong types, read-only properties), then the
merged result against the directory's rules (identifier URIs, entitlements, audience coupling, key ids).
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from .errors import ApiError, bad_request
from .schema import Prop, Schema
from .state import AppRecord, Directory, Tenant, clone

GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
APP_READ_ONLY = {
    "id", "appId", "createdDateTime", "deletedDateTime", "publisherDomain", "createdByAppId",
    "applicationTemplateId", "disabledByMicrosoftStatus", "certification", "verifiedPublisher",
}
FIC_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,119}$")
MAX_FICS = 20


def _type_error(path: str, expected: str, value: Any) -> ApiError:
    return bad_request(
        f"Cannot convert the literal '{value}' to the expected type '{expected}' (property '{path}').",
        target=path, code="InvalidValue")


def check_value(schema: Schema, prop: Prop, value: Any, path: str) -> None:
    if value is None:
        if not prop.nullable:
            raise bad_request(f"A null value was found for the property named '{path}', which has the expected "
                              f"type '{'Collection(' if prop.collection else ''}{prop.type_name}"
                              f"{')' if prop.collection else ''}[Nullable=False]'.", target=path, code="InvalidValue")
        return
    if prop.collection:
        if not isinstance(value, list):
            raise _type_error(path, f"Collection({prop.type_name})", value)
        item = Prop(prop.name, prop.type_name, False, prop.type_name.startswith("Edm.") or prop.kind == "enum", prop.kind)
        for index, element in enumerate(value):
            if element is None:
                raise bad_request(f"A null value was found in the collection '{path}'.", target=f"{path}[{index}]",
                                  code="InvalidValue")
            check_value(schema, item, element, f"{path}[{index}]")
        return
    if prop.kind == "complex":
        if not isinstance(value, dict):
            raise _type_error(path, f"microsoft.graph.{prop.type_name}", value)
        check_object(schema, prop.type_name, value, path)
    elif prop.kind == "enum":
        members, flags = schema.enums[prop.type_name]
        names = [v.strip() for v in value.split(",")] if isinstance(value, str) and flags else [value]
        if not all(isinstance(n, str) and n in members for n in names):
            raise _type_error(path, f"microsoft.graph.{prop.type_name}", value)
    elif prop.kind == "stream":
        raise bad_request(f"Property '{path}' is a stream; use its media endpoint.", target=path)
    else:
        _check_primitive(prop.type_name, value, path)


def _check_primitive(type_name: str, value: Any, path: str) -> None:
    ok = True
    if type_name == "Edm.String":
        ok = isinstance(value, str)
    elif type_name == "Edm.Boolean":
        ok = isinstance(value, bool)
    elif type_name == "Edm.Int32":
        ok = isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31
    elif type_name == "Edm.Guid":
        ok = isinstance(value, str) and bool(GUID.match(value))
    elif type_name == "Edm.DateTimeOffset":
        ok = isinstance(value, str) and _parse_datetime(value) is not None
    elif type_name == "Edm.Binary":
        try:
            ok = isinstance(value, str)
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            ok = False
    if not ok:
        raise _type_error(path, type_name, value)


def _parse_datetime(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def check_object(schema: Schema, type_name: str, body: dict[str, Any], path: str = "") -> None:
    """Every property must exist on the type (nested complex types included) and carry the right type."""
    props = schema.props(type_name)
    for name, value in body.items():
        if name.startswith("@odata."):
            if name == "@odata.type" and value not in (f"#microsoft.graph.{type_name}", f"microsoft.graph.{type_name}"):
                raise bad_request(f"Invalid @odata.type '{value}' for 'microsoft.graph.{type_name}'.")
            continue
        full = f"{path}.{name}" if path else name
        prop = props.get(name)
        if prop is None:
            if type_name in schema.open_complexes:
                continue
            if path:
                raise bad_request(
                    f"The property '{name}' does not exist on type 'microsoft.graph.{type_name}'. Make sure to only "
                    "use property names that are defined by the type.", target=full)
            raise bad_request(f"Property '{name}' does not exist as a declared property or extension property.",
                              target=full)
        check_value(schema, prop, value, full)


def parse_json_object(raw: bytes) -> dict[str, Any]:
    import json

    if not raw.strip():
        raise bad_request("Empty request payload; a JSON object was expected.", "BadRequest")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_request("Unable to read JSON request payload. Please ensure Content-Type header is set and "
                          "payload is of valid JSON format.", "BadRequest") from exc
    if not isinstance(body, dict):
        raise bad_request("The request payload must be a JSON object.", "BadRequest")
    return body


def validate_application_body(directory: Directory, body: dict[str, Any], current: AppRecord | None) -> None:
    check_object(directory.schema, "application", body)
    for name in body:
        if name in APP_READ_ONLY:
            raise bad_request(f"Property '{name}' is read-only and cannot be set.", target=name,
                              code="Request_BadRequest")
    if "passwordCredentials" in body:
        raise bad_request("Property 'passwordCredentials' cannot be set on create or update; use the addPassword "
                          "and removePassword actions.", target="passwordCredentials")
    if body.get("managerApplications"):
        raise bad_request("Property 'managerApplications' can only be set on agent identity blueprints.",
                          target="managerApplications")
    info = body.get("info")
    if isinstance(info, dict) and info.get("logoUrl") is not None:
        old = (current.doc.get("info") or {}).get("logoUrl") if current else None
        if info["logoUrl"] != old:
            raise bad_request("Property 'info.logoUrl' is read-only; upload the logo to /logo instead.",
                              target="info.logoUrl")
    if current is None:
        if not isinstance(body.get("displayName"), str) or not body["displayName"].strip():
            raise bad_request("Property 'displayName' is required and cannot be empty.", target="displayName")
    elif "displayName" in body and (not isinstance(body["displayName"], str) or not body["displayName"].strip()):
        raise bad_request("Property 'displayName' cannot be empty.", target="displayName")
    if isinstance(body.get("displayName"), str) and len(body["displayName"]) > 256:
        raise bad_request("Property 'displayName' is too long (256 characters at most).", target="displayName")
    if current is not None and "uniqueName" in body:
        old_unique = current.doc.get("uniqueName")
        if old_unique is not None and body["uniqueName"] != old_unique:
            raise bad_request("Property 'uniqueName' is immutable once set.", target="uniqueName")
    entitlements = list(body.get("appRoles") or []) + list(((body.get("api") or {}).get("oauth2PermissionScopes")) or [])
    for entitlement in entitlements:
        if "origin" in entitlement:
            raise bad_request("Property 'origin' is read-only on app roles and permission scopes and must not be "
                              "sent.", target="origin")


def merge(old: Any, patch: Any, prop: Prop | None, schema: Schema) -> Any:
    """PATCH semantics: complex values merge property by property, collections and primitives are replaced."""
    if prop is not None and prop.kind == "complex" and not prop.collection and isinstance(old, dict) \
            and isinstance(patch, dict):
        props = schema.complexes[prop.type_name]
        result = dict(old)
        for name, value in patch.items():
            if name.startswith("@odata."):
                continue
            result[name] = merge(old.get(name), value, props.get(name), schema)
        return result
    return clone(patch)


def merge_application(schema: Schema, old_doc: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    props = schema.entities["application"]
    doc = dict(old_doc)
    for name, value in body.items():
        if name.startswith("@odata."):
            continue
        doc[name] = merge(old_doc.get(name), value, props[name], schema)
    return doc


def fill_complex_defaults(schema: Schema, type_name: str, value: dict[str, Any]) -> dict[str, Any]:
    """Graph answers every declared property of a complex value, null or empty when it was not sent."""
    result: dict[str, Any] = {}
    for name, prop in schema.complexes[type_name].items():
        if name in value:
            inner = value[name]
            if prop.kind == "complex" and isinstance(inner, dict):
                inner = fill_complex_defaults(schema, prop.type_name, inner)
            elif prop.kind == "complex" and prop.collection and isinstance(inner, list):
                inner = [fill_complex_defaults(schema, prop.type_name, v) for v in inner]
            result[name] = inner
        else:
            result[name] = [] if prop.collection else None
    return result


def normalise_application(schema: Schema, doc: dict[str, Any], body: dict[str, Any], now: datetime,
                          new_guid: Any) -> None:
    """Fill the server-side parts of what was written: complex defaults, key credential metadata."""
    props = schema.entities["application"]
    for name in body:
        prop = props.get(name)
        if prop is None or prop.kind != "complex" or doc.get(name) is None:
            continue
        if prop.collection:
            doc[name] = [fill_complex_defaults(schema, prop.type_name, v) for v in doc[name]]
        else:
            doc[name] = fill_complex_defaults(schema, prop.type_name, doc[name])
    for role in doc.get("appRoles") or []:
        role["origin"] = "Application"
    for scope in (doc.get("api") or {}).get("oauth2PermissionScopes") or []:
        scope["origin"] = "Application"
    if "keyCredentials" in body:
        from datetime import timedelta

        from .state import iso

        for index, credential in enumerate(doc["keyCredentials"]):
            if not credential.get("key"):
                raise bad_request("Key credential 'key' is required: the public certificate (base64 DER) must be "
                                  "sent for every key credential.", target=f"keyCredentials[{index}].key")
            if not credential.get("type") or not credential.get("usage"):
                raise bad_request("Key credential 'type' and 'usage' are required.", target=f"keyCredentials[{index}]")
            import hashlib

            der = base64.b64decode(credential["key"])
            if not looks_like_certificate(der):
                raise bad_request("The key of a key credential must be an X.509 certificate (DER, base64): the value "
                                  "sent is not one.", target=f"keyCredentials[{index}].key",
                                  code="KeyCredentialsInvalidValue")
            credential["keyId"] = credential.get("keyId") or new_guid()
            credential["customKeyIdentifier"] = credential.get("customKeyIdentifier") or \
                base64.b64encode(hashlib.sha1(der).digest()).decode()
            credential["startDateTime"] = credential.get("startDateTime") or iso(now)
            credential["endDateTime"] = credential.get("endDateTime") or iso(now + timedelta(days=365))
            credential["displayName"] = (credential.get("displayName") or "CN=certificate")[:90]
        key_ids = [c["keyId"].lower() for c in doc["keyCredentials"]]
        if len(set(key_ids)) != len(key_ids):
            raise bad_request("Key credentials must have distinct keyId values.", target="keyCredentials")


def _der_element(data: bytes, at: int) -> tuple[int, int, int] | None:
    """(tag, start of content, end) of the DER element at `at`, or None if it does not fit."""
    if at + 2 > len(data):
        return None
    tag, length = data[at], data[at + 1]
    at += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or at + count > len(data):
            return None
        length = int.from_bytes(data[at:at + count], "big")
        at += count
    end = at + length
    return (tag, at, end) if end <= len(data) else None


def looks_like_certificate(der: bytes) -> bool:
    """An X.509 certificate's DER shape: SEQUENCE { tbsCertificate SEQUENCE { ... at least 6 fields },
    signatureAlgorithm SEQUENCE, signature BIT STRING }, spanning the whole value. Graph parses the certificate
    and refuses bytes that are not one; the emulator checks the shape (it has no X.509 parser)."""
    outer = _der_element(der, 0)
    if outer is None or outer[0] != 0x30 or outer[2] != len(der):
        return False
    tags: list[int] = []
    at = outer[1]
    tbs: tuple[int, int, int] | None = None
    while at < outer[2]:
        element = _der_element(der, at)
        if element is None:
            return False
        tags.append(element[0])
        tbs = tbs or element
        at = element[2]
    if tags != [0x30, 0x30, 0x03] or tbs is None:
        return False
    fields = 0
    at = tbs[1]
    while at < tbs[2]:
        element = _der_element(der, at)
        if element is None:
            return False
        fields += 1
        at = element[2]
    return fields >= 6


def _check_pre_authorizations(doc: dict[str, Any], old: dict[str, Any] | None, body: dict[str, Any]) -> None:
    """A pre-authorized client may name only scopes the app had before this request and still has after it
    (graph-notes §10: a scope and a pre-authorization naming it can't come in one body, nor an unknown id)."""
    if "api" not in body:
        return
    before = {str(s.get("id", "")).lower() for s in ((old or {}).get("api") or {}).get("oauth2PermissionScopes") or []}
    after = {str(s.get("id", "")).lower() for s in (doc.get("api") or {}).get("oauth2PermissionScopes") or []}
    for pre in (doc.get("api") or {}).get("preAuthorizedApplications") or []:
        for permission in pre.get("delegatedPermissionIds") or []:
            if str(permission).lower() not in before & after:
                raise ApiError(400, "InvalidValue",
                               "Property api.preAuthorizedApplications.delegatedPermissionIds names a permission id "
                               "that is not among the app's existing permission scopes.",
                               [{"code": "InvalidValue", "target": "api.preAuthorizedApplications.delegatedPermissionIds"}])


def _check_credential_policy(directory: Directory, doc: dict[str, Any], old: dict[str, Any] | None,
                             body: dict[str, Any]) -> None:
    """The tenant's app management policy on new apps: key credentials added to an app created after the policy
    may not live longer than its maximum (nor be expired already)."""
    policy, since = directory.credential_policy, directory.credential_policy_since
    if not policy or since is None or "keyCredentials" not in body:
        return
    created = _parse_datetime(str(doc.get("createdDateTime") or ""))
    if created is None or created < since:
        return
    max_days = policy.get("maxKeyLifetimeDays")
    known = {str(c.get("keyId", "")).lower() for c in (old or {}).get("keyCredentials") or []}
    now = directory.now()
    for credential in doc.get("keyCredentials") or []:
        if str(credential.get("keyId", "")).lower() in known:
            continue
        start = _parse_datetime(str(credential.get("startDateTime") or ""))
        end = _parse_datetime(str(credential.get("endDateTime") or ""))
        too_long = max_days is not None and start is not None and end is not None and \
            (end - start).total_seconds() > float(max_days) * 86400
        if too_long or (end is not None and end < now):
            raise ApiError(400, "CredentialInvalidLifetimeAsPerAppPolicy",
                           "The credential's lifetime is outside what the tenant's app management policy allows.",
                           [{"code": "InvalidKeyEndDate", "target": "EndDate"}])


def validate_application_result(directory: Directory, tenant: Tenant, doc: dict[str, Any],
                                old: dict[str, Any] | None, body: dict[str, Any]) -> None:
    _check_entitlements(doc, old, body)
    _check_pre_authorizations(doc, old, body)
    _check_credential_policy(directory, doc, old, body)
    if "identifierUris" in body:
        _check_identifier_uris(directory, tenant, doc, old)
    if doc.get("signInAudience") == "AzureADandPersonalMicrosoftAccount" and \
            (doc.get("api") or {}).get("requestedAccessTokenVersion") != 2:
        raise bad_request("Property api.requestedAccessTokenVersion is invalid: it must be 2 when signInAudience is "
                          "AzureADandPersonalMicrosoftAccount.", target="api.requestedAccessTokenVersion",
                          code="InvalidAccessTokenVersion")
    _check_limits(doc, body)
    default_uri = doc.get("defaultRedirectUri")
    if default_uri is not None and ({"defaultRedirectUri", "web", "spa", "publicClient"} & set(body)) \
            and default_uri not in _redirect_uris(doc):
        raise bad_request("Property defaultRedirectUri must be one of the application's redirect URIs.",
                          target="defaultRedirectUri")
    audience = doc.get("signInAudience")
    if audience not in ("AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount",
                        "PersonalMicrosoftAccount"):
        raise bad_request(f"Property signInAudience has an invalid value '{audience}'.", target="signInAudience")
    key_id = doc.get("tokenEncryptionKeyId")
    if key_id is not None and ("tokenEncryptionKeyId" in body or "keyCredentials" in body):
        known = {str(c.get("keyId", "")).lower() for c in doc.get("keyCredentials") or []}
        if key_id.lower() not in known:
            raise bad_request(f"Property tokenEncryptionKeyId '{key_id}' does not reference a key credential of "
                              "this application.", target="tokenEncryptionKeyId")


REDIRECT_URI_MAX_LENGTH = 256
MANIFEST_MAX_ENTRIES = 1200


def _redirect_uris(doc: dict[str, Any]) -> list[str]:
    uris: list[str] = []
    for platform in ("web", "spa", "publicClient"):
        uris += list((doc.get(platform) or {}).get("redirectUris") or [])
    return uris


REDIRECT_URI_FORBIDDEN = set("!$'(),;")
LOOPBACK_HOSTS = ("localhost", "127.0.0.1")


def _check_redirect_uri(platform: str, uri: str) -> None:
    """REPLY-URL: https, or http for localhost only (custom schemes for public clients); none of ! $ ' ( ) , ;.
    Every URI of a platform the request sends is checked (the stricter reading: one the app had before too)."""
    parts = urlsplit(uri)
    if REDIRECT_URI_FORBIDDEN & set(uri):
        raise bad_request(f"The redirect URI '{uri}' contains a character redirect URIs don't support "
                          "(! $ ' ( ) , ;).", target=f"{platform}.redirectUris", code="InvalidValue")
    scheme = parts.scheme.lower()
    web_like = scheme in ("http", "https") or platform != "publicClient"
    if not parts.scheme or (web_like and not parts.netloc) or \
            (scheme == "http" and (parts.hostname or "").lower() not in LOOPBACK_HOSTS) or \
            (platform != "publicClient" and scheme not in ("http", "https")):
        raise bad_request(f"The redirect URI '{uri}' is not valid: use https, or http for localhost only.",
                          target=f"{platform}.redirectUris", code="InvalidValue")


def _check_limits(doc: dict[str, Any], body: dict[str, Any]) -> None:
    """Redirect URI limits (REPLY-URL) and the 1,200-entry aggregate of manifest collections (MANIFEST)."""
    if {"web", "spa", "publicClient", "signInAudience"} & set(body):
        uris = _redirect_uris(doc)
        personal = doc.get("signInAudience") in ("AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount")
        limit = 100 if personal else 256
        if len(uris) > limit:
            raise bad_request(f"An application with this signInAudience can have at most {limit} redirect URIs.",
                              target="redirectUris")
        for uri in uris:
            if len(uri) > REDIRECT_URI_MAX_LENGTH:
                raise bad_request(f"A redirect URI is longer than {REDIRECT_URI_MAX_LENGTH} characters.",
                                  target="redirectUris")
    for platform in ("web", "spa", "publicClient"):
        if isinstance(body.get(platform), dict) and "redirectUris" in body[platform]:
            for uri in (doc.get(platform) or {}).get("redirectUris") or []:
                _check_redirect_uri(platform, uri)
    api = doc.get("api") or {}
    entries = (len(doc.get("appRoles") or []) + len(doc.get("keyCredentials") or [])
               + len(doc.get("identifierUris") or []) + len(_redirect_uris(doc))
               + len(doc.get("requiredResourceAccess") or []) + len(api.get("oauth2PermissionScopes") or [])
               + len(api.get("knownClientApplications") or []) + len(api.get("preAuthorizedApplications") or []))
    if entries > MANIFEST_MAX_ENTRIES:
        raise bad_request("The size of the manifest has exceeded its limit. Please reduce the number of values and "
                          "retry your request.", target="manifest")


def _entitlements(doc: dict[str, Any] | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if doc is None:
        return [], []
    return list(doc.get("appRoles") or []), list(((doc.get("api") or {}).get("oauth2PermissionScopes")) or [])


def _check_entitlements(doc: dict[str, Any], old: dict[str, Any] | None, body: dict[str, Any]) -> None:
    new_roles, new_scopes = _entitlements(doc)
    for kind, items in (("appRoles", new_roles), ("oauth2PermissionScopes", new_scopes)):
        ids = [str(i.get("id", "")).lower() for i in items]
        if any(not GUID.match(i) for i in ids):
            raise bad_request(f"Every entry of {kind} needs an id (a GUID chosen by the client).", target=kind)
        if len(set(ids)) != len(ids):
            raise bad_request(f"Entries of {kind} must have distinct ids.", target=kind)
        values = [str(i.get("value")).lower() for i in items if i.get("value")]
        if len(set(values)) != len(values):
            raise bad_request(f"Entries of {kind} must have distinct values.", target=kind)
    if old is None:
        return
    old_roles, old_scopes = _entitlements(old)
    pairs = []
    if "appRoles" in body:
        pairs.append((old_roles, new_roles))
    if "oauth2PermissionScopes" in (body.get("api") or {}):
        pairs.append((old_scopes, new_scopes))
    ignored = {"isEnabled", "origin"}
    for old_items, new_items in pairs:
        by_id = {str(i["id"]).lower(): i for i in new_items}
        for item in old_items:
            if not item.get("isEnabled"):
                continue
            replacement = by_id.get(str(item["id"]).lower())
            changed = replacement is None or any(
                replacement.get(k) != item.get(k) for k in set(item) | set(replacement) if k not in ignored)
            if changed:
                raise ApiError(400, "CannotDeleteOrUpdateEnabledEntitlement",
                               "Permission (scope or role) cannot be deleted or updated unless disabled first.",
                               [{"code": "CannotDeleteOrUpdateEnabledEntitlement", "target": str(item["id"])}])


def _on_domain(host: str, domains: list[str]) -> bool:
    host = host.lower()
    return any(host == d.lower() or host.endswith("." + d.lower()) for d in domains)


def identifier_uri_allowed(uri: str, app_id: str, tenant: Tenant) -> bool:
    """The default schemes, or a verified domain of the tenant (IDURI in graph-notes.md section 3)."""
    parts = urlsplit(uri)
    if parts.query or parts.fragment:
        return False
    host = parts.netloc
    path = parts.path.strip("/")
    domains = tenant.verified_domains
    if parts.scheme == "api":
        segments = [s for s in path.split("/") if s]
        if host.lower() == app_id.lower():
            return True
        if host.lower() == tenant.id.lower():
            return bool(segments)
        if segments and segments[-1].lower() == app_id.lower():
            return True
        return _on_domain(host, domains) and bool(segments)
    if parts.scheme == "https":
        return _on_domain(host, domains)
    return False


def _check_identifier_uris(directory: Directory, tenant: Tenant, doc: dict[str, Any], old: dict[str, Any] | None) -> None:
    uris = doc.get("identifierUris") or []
    if len({u.lower() for u in uris}) != len(uris):
        raise bad_request("identifierUris contains the same value twice.", target="identifierUris")
    previous = {u.lower() for u in (old or {}).get("identifierUris") or []}
    for uri in uris:
        if len(uri) > 255:
            raise bad_request("An identifier URI is longer than 255 characters.", target="identifierUris")
        owner = directory.identifier_uris.get(uri.lower())
        if owner is not None and owner != doc["id"]:
            raise bad_request("Another object with the same value for property identifierUris already exists.",
                              target="identifierUris", code="Request_BadRequest")
        if uri.lower() not in previous and not identifier_uri_allowed(uri, doc["appId"], tenant):
            raise ApiError(400, "HostNameNotOnVerifiedDomain",
                           "Values of identifierUris property must use a verified domain of the organization or its "
                           f"subdomain: '{uri}'", [{"code": "HostNameNotOnVerifiedDomain", "target": "identifierUris"}])


def validate_fic(schema: Schema, body: dict[str, Any], existing: list[dict[str, Any]],
                 current: dict[str, Any] | None) -> None:
    check_object(schema, "federatedIdentityCredential", body)
    if "id" in body and (current is None or body["id"] != current["id"]):
        raise bad_request("Property 'id' is read-only and cannot be set.", target="id")
    if current is not None and "name" in body and body["name"] != current["name"]:
        raise bad_request("Property 'name' of a federated identity credential cannot be changed.", target="name")
    merged = {**(current or {}), **body}
    if current is None:
        for required in ("name", "issuer", "subject", "audiences"):
            if not merged.get(required):
                raise bad_request(f"Property '{required}' is required.", target=required)
    if not FIC_NAME.match(str(merged.get("name", ""))):
        raise bad_request("Property 'name' must be 1 to 120 URL-friendly characters (letters, digits, '-', '_', '.').",
                          target="name")
    if len(str(merged.get("issuer") or "")) > 600 or len(str(merged.get("description") or "")) > 600:
        raise bad_request("Property 'issuer' or 'description' is longer than 600 characters.")
    audiences = merged.get("audiences") or []
    if len(audiences) != 1:
        raise bad_request("Property 'audiences' must hold exactly one value.", target="audiences")
    others = [f for f in existing if current is None or f["id"] != current["id"]]
    if current is None and len(others) >= MAX_FICS:
        raise bad_request(f"An application can have at most {MAX_FICS} federated identity credentials.",
                          code="Request_BadRequest", target="federatedIdentityCredentials")
    if any(f["name"].lower() == str(merged["name"]).lower() for f in others):
        raise ApiError(409, "Request_MultipleObjectsWithSameKeyValue",
                       f"FederatedIdentityCredential with name {merged['name']} already exists.")
    if any(f["issuer"] == merged.get("issuer") and f["subject"] == merged.get("subject") for f in others):
        raise ApiError(409, "Request_MultipleObjectsWithSameKeyValue",
                       "FederatedIdentityCredential with the same issuer and subject already exists.")
