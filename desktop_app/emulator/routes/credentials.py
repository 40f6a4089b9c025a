"""Credentials of applications and service principals: addPassword / removePassword (both), a service principal's
token signing certificate (addTokenSigningCertificate) and the keyCredentials a PATCH of one may carry.

Rules (sources in the emulator README): secrets are made by Graph and returned once (application-addpassword,
serviceprincipal-addpassword); a PATCH can't carry passwordCredentials ("New password credentials must be generated
using service actions.", MicrosoftDocs/azure-docs#59275); every key a PATCH sends needs its bytes, a certificate for
Verify and Encrypt keys, a PKCS#12 file for a Sign key (the stricter reading: Graph's exact check is not documented);
`preferredTokenSigningKeyThumbprint` names the certificate of one of the service principal's keys (the stricter
reading: the SAML configuration page sets it to the thumbprint addTokenSigningCertificate returned).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import string
from datetime import datetime, timedelta
from typing import Any

from ..errors import ApiError, bad_request
from ..messages import Request, Response, json_response
from ..seed_extras import signing_certificate
from ..state import AppRecord, Directory, SpRecord, Tenant, iso
from ..validation import check_object, looks_like_certificate, parse_json_object

SECRET_ALPHABET = string.ascii_letters + string.digits + "~._-"
SIGNING_CERTIFICATE_YEARS = 3


def add_password(directory: Directory, req: Request, tenant: Tenant, record: AppRecord | SpRecord) -> Response:
    body = parse_json_object(req.body) if req.body.strip() else {}
    if set(body) - {"passwordCredential"}:
        raise bad_request(f"Property '{sorted(set(body) - {'passwordCredential'})[0]}' does not exist as a "
                          "declared property or extension property.")
    requested = body.get("passwordCredential") or {}
    check_object(directory.schema, "passwordCredential", requested, "passwordCredential")
    for read_only in ("secretText", "hint", "keyId"):
        if requested.get(read_only) is not None:
            raise bad_request(f"Property '{read_only}' is read-only and cannot be set.")
    now = directory.now()
    secret = "".join(secrets.choice(SECRET_ALPHABET) for _ in range(40))
    credential = {
        "customKeyIdentifier": None,
        "displayName": requested.get("displayName"),
        "endDateTime": requested.get("endDateTime") or iso(now + timedelta(days=730)),
        "hint": secret[:3],
        "keyId": directory.new_id(),
        "secretText": None,
        "startDateTime": requested.get("startDateTime") or iso(now),
    }
    record.doc = {**record.doc, "passwordCredentials": [*(record.doc.get("passwordCredentials") or []), credential]}
    record.seq = tenant.next_seq()
    answer = {"@odata.context": f"{req.base_url}/$metadata#microsoft.graph.passwordCredential",
              **credential, "secretText": secret}
    return json_response(200, answer, 1)


def remove_password(req: Request, tenant: Tenant, record: AppRecord | SpRecord) -> Response:
    body = parse_json_object(req.body)
    key_id = body.get("keyId")
    if set(body) - {"keyId"} or not isinstance(key_id, str):
        raise bad_request("The request body must be {\"keyId\": \"<guid>\"}.")
    current = record.doc.get("passwordCredentials") or []
    remaining = [c for c in current if c["keyId"].lower() != key_id.lower()]
    if len(remaining) == len(current):
        raise ApiError(404, "Request_ResourceNotFound", f"No password credential found with keyId '{key_id}'.")
    record.doc = {**record.doc, "passwordCredentials": remaining}
    record.seq = tenant.next_seq()
    return Response(204)


def thumbprint(der: bytes) -> str:
    """A certificate's thumbprint as Graph and the portal show it: SHA-1, upper-case hex."""
    return hashlib.sha1(der).hexdigest().upper()


def certificate_thumbprints(keys: list[dict[str, Any]]) -> set[str]:
    """The thumbprints of the certificates among a service principal's keys (the Sign keys hold a private key,
    whose certificate is the Verify key made with it)."""
    found = set()
    for key in keys:
        if key.get("usage") != "Sign" and key.get("key"):
            found.add(thumbprint(base64.b64decode(key["key"])))
    return found


def check_preferred_thumbprint(doc: dict[str, Any]) -> None:
    """`preferredTokenSigningKeyThumbprint` must name a certificate the service principal holds (stricter reading)."""
    wanted = doc.get("preferredTokenSigningKeyThumbprint")
    if wanted is None:
        return
    if not isinstance(wanted, str) or wanted.upper() not in certificate_thumbprints(doc.get("keyCredentials") or []):
        raise bad_request(f"The thumbprint '{wanted}' in preferredTokenSigningKeyThumbprint does not match a "
                          "certificate of this service principal.", target="preferredTokenSigningKeyThumbprint")


def looks_like_pkcs12(der: bytes) -> bool:
    """A PFX's DER shape: SEQUENCE { version INTEGER 3, authSafe ContentInfo SEQUENCE, ... } spanning the value."""
    if len(der) < 8 or der[0] != 0x30:
        return False
    length, at = der[1], 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4:
            return False
        length, at = int.from_bytes(der[2:2 + count], "big"), 2 + count
    return at + length == len(der) and der[at:at + 3] == b"\x02\x01\x03" and der[at + 3] == 0x30


def normalise_sp_key_credentials(doc: dict[str, Any], now: datetime, new_guid: Any) -> None:
    """What a PATCH of a service principal's keyCredentials must carry, with the metadata Graph fills in."""
    keys = doc.get("keyCredentials") or []
    for index, credential in enumerate(keys):
        target = f"keyCredentials[{index}]"
        if not credential.get("key"):
            raise bad_request("Key credential 'key' is required: every key credential must be sent with its bytes.",
                              target=f"{target}.key")
        if not credential.get("type") or credential.get("usage") not in ("Sign", "Verify", "Encrypt"):
            raise bad_request("Key credential 'type' and 'usage' (Sign, Verify or Encrypt) are required.",
                              target=target)
        der = base64.b64decode(credential["key"])
        valid = looks_like_pkcs12(der) if credential["usage"] == "Sign" else looks_like_certificate(der)
        if not valid:
            raise bad_request("The key of a key credential must be an X.509 certificate (a PKCS#12 file for a Sign "
                              "key), base64: the value sent is not one.", target=f"{target}.key",
                              code="KeyCredentialsInvalidValue")
        credential["keyId"] = credential.get("keyId") or new_guid()
        if credential["usage"] != "Sign":
            credential["customKeyIdentifier"] = credential.get("customKeyIdentifier") or \
                base64.b64encode(hashlib.sha1(der).digest()).decode()
        credential["startDateTime"] = credential.get("startDateTime") or iso(now)
        credential["endDateTime"] = credential.get("endDateTime") or iso(now + timedelta(days=365))
        credential["displayName"] = (credential.get("displayName") or "CN=certificate")[:90]
    key_ids = [str(c["keyId"]).lower() for c in keys]
    if len(set(key_ids)) != len(key_ids):
        raise bad_request("Key credentials must have distinct keyId values.", target="keyCredentials")


def add_token_signing_certificate(directory: Directory, req: Request, tenant: Tenant, record: SpRecord) -> Response:
    """A self-signed SAML signing certificate: a Sign key (the private key, never read back), its Verify key (the
    certificate) and the password that opens the PFX, all with one customKeyIdentifier; the answer is the public
    part (serviceprincipal-addtokensigningcertificate). It does not set preferredTokenSigningKeyThumbprint."""
    body = parse_json_object(req.body) if req.body.strip() else {}
    unknown = sorted(set(body) - {"displayName", "endDateTime"})
    if unknown:
        raise bad_request(f"Property '{unknown[0]}' does not exist as a declared property or extension property.")
    display_name = body.get("displayName")
    if not isinstance(display_name, str) or not display_name.startswith("CN="):
        raise bad_request("Property 'displayName' is required and must start with 'CN='.", target="displayName")
    now = directory.now().replace(microsecond=0)
    end = body.get("endDateTime")
    if end is not None:
        try:
            end_at = datetime.fromisoformat(str(end).replace("Z", "+00:00"))
        except ValueError:
            raise bad_request("Property 'endDateTime' is not a date and time.", target="endDateTime") from None
        if end_at <= now:
            raise bad_request("Property 'endDateTime' must be in the future.", target="endDateTime")
    else:
        end_at = now + timedelta(days=365 * SIGNING_CERTIFICATE_YEARS)
    sign, verify, password, der = signing_certificate(directory.rng, display_name, now, end_at, directory.new_id)
    record.doc = {**record.doc,
                  "keyCredentials": [*(record.doc.get("keyCredentials") or []), sign, verify],
                  "passwordCredentials": [*(record.doc.get("passwordCredentials") or []), password]}
    record.seq = tenant.next_seq()
    answer = {"@odata.context": f"{req.base_url}/$metadata#microsoft.graph.selfSignedCertificate",
              **{k: verify[k] for k in ("customKeyIdentifier", "displayName", "endDateTime", "key", "keyId",
                                         "startDateTime", "type", "usage")},
              "thumbprint": thumbprint(der)}
    return json_response(200, answer, 1)
