"""addKey / removeKey on applications and service principals: a certificate added or removed with a proof of
possession (application-addkey, application-removekey, serviceprincipal-addkey, serviceprincipal-removekey).

The proof (microsoftgraph/microsoft-graph-docs#6587, the addKey page's "proof" table) is a JWT signed (RS256) with
the private key of one of the object's existing certificates: a key of type AsymmetricX509Cert and usage Verify whose
validity includes now. Its claims: `aud` 00000002-0000-0000-c000-000000000000, `iss` the object's id, `nbf` and
`exp` with at most 10 minutes between them, and now between them. An object without such a certificate can't use
either action (the docs: "a separate process will be needed": a PATCH of keyCredentials). So whoever removes a key
this way holds a key of the app: an incident response, which must not rely on the attacker's key, removes keys by
PATCH (graph-notes §11).

Stricter readings (the docs name no error codes): every failed check answers 400 `InvalidProof`; addKey takes an
AsymmetricX509Cert public certificate (Verify or Encrypt) only, not a PFX with its password.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from ..errors import ApiError, bad_request
from ..messages import Request, Response, json_response, no_content
from ..state import AppRecord, Directory, SpRecord, Tenant, iso
from ..validation import looks_like_certificate, parse_json_object

PROOF_AUDIENCE = "00000002-0000-0000-c000-000000000000"
MAX_PROOF_LIFETIME_S = 600


def add_key(directory: Directory, req: Request, tenant: Tenant, record: AppRecord | SpRecord) -> Response:
    body = parse_json_object(req.body)
    unknown = sorted(set(body) - {"keyCredential", "passwordCredential", "proof"})
    if unknown:
        raise bad_request(f"Property '{unknown[0]}' does not exist as a declared property or extension property.")
    check_proof(directory, record, body.get("proof"))
    requested = body.get("keyCredential")
    if not isinstance(requested, dict) or requested.get("type") != "AsymmetricX509Cert" \
            or requested.get("usage") not in ("Verify", "Encrypt") or not isinstance(requested.get("key"), str):
        raise bad_request("keyCredential must be an AsymmetricX509Cert with usage Verify or Encrypt and its key.",
                          target="keyCredential")
    der = _b64(requested["key"])
    if der is None or not looks_like_certificate(der):
        raise bad_request("The key of a key credential must be an X.509 certificate, base64.",
                          target="keyCredential.key", code="KeyCredentialsInvalidValue")
    now = directory.now()
    credential = {
        "customKeyIdentifier": base64.b64encode(hashlib.sha1(der).digest()).decode(),
        "displayName": (requested.get("displayName") or "CN=certificate")[:90],
        "endDateTime": requested.get("endDateTime") or iso(_not_after(der) or now),
        "key": requested["key"], "keyId": directory.new_id(),
        "startDateTime": requested.get("startDateTime") or iso(now),
        "type": "AsymmetricX509Cert", "usage": requested["usage"],
    }
    record.doc = {**record.doc, "keyCredentials": [*(record.doc.get("keyCredentials") or []), credential]}
    record.seq = tenant.next_seq()
    answer = {k: v for k, v in credential.items() if k != "key"}
    return json_response(200, {"@odata.context": f"{req.base_url}/$metadata#microsoft.graph.keyCredential",
                               **answer, "key": None}, 1)


def remove_key(directory: Directory, req: Request, tenant: Tenant, record: AppRecord | SpRecord) -> Response:
    body = parse_json_object(req.body)
    key_id = body.get("keyId")
    if set(body) - {"keyId", "proof"} or not isinstance(key_id, str):
        raise bad_request("The request body must be {\"keyId\": \"<guid>\", \"proof\": \"<token>\"}.")
    check_proof(directory, record, body.get("proof"))
    keys = record.doc.get("keyCredentials") or []
    remaining = [k for k in keys if str(k.get("keyId")).lower() != key_id.lower()]
    if len(remaining) == len(keys):
        raise ApiError(404, "Request_ResourceNotFound", f"No key credential found with keyId '{key_id}'.")
    record.doc = {**record.doc, "keyCredentials": remaining}
    record.seq = tenant.next_seq()
    return no_content()


def check_proof(directory: Directory, record: AppRecord | SpRecord, proof: Any) -> None:
    """The proof of possession, or 400 InvalidProof saying which check failed."""
    if not isinstance(proof, str) or proof.count(".") != 2:
        raise _invalid("a proof of possession (a signed JWT) is required")
    head_text, claims_text, signature_text = proof.split(".")
    header, claims, signature = _part(head_text), _part(claims_text), _b64(signature_text, url=True)
    if not isinstance(header, dict) or not isinstance(claims, dict) or signature is None:
        raise _invalid("the proof is not a JWT")
    if header.get("alg") != "RS256":
        raise _invalid("the proof must be signed with RS256")
    now = directory.now()
    keys = _signing_certificates(record, now, header.get("x5t"))
    if not keys:
        raise _invalid("the object has no valid certificate to prove possession of")
    signed = f"{head_text}.{claims_text}".encode("ascii")
    if not any(_verifies(certificate, signed, signature) for certificate in keys):
        raise _invalid("the proof is not signed by one of the object's certificates")
    if claims.get("aud") != PROOF_AUDIENCE:
        raise _invalid(f"the proof's audience must be {PROOF_AUDIENCE}")
    if str(claims.get("iss", "")).lower() != record.id.lower():
        raise _invalid("the proof's issuer must be the object's id")
    nbf, exp = claims.get("nbf"), claims.get("exp")
    if not isinstance(nbf, int | float) or not isinstance(exp, int | float):
        raise _invalid("the proof needs nbf and exp")
    if exp - nbf > MAX_PROOF_LIFETIME_S:
        raise _invalid("the proof may be valid for 10 minutes at most")
    if not nbf <= now.timestamp() < exp:
        raise _invalid("the proof is not valid now")


def _signing_certificates(record: AppRecord | SpRecord, now: datetime, x5t: Any) -> list[x509.Certificate]:
    found = []
    for key in record.doc.get("keyCredentials") or []:
        if key.get("type") != "AsymmetricX509Cert" or key.get("usage") != "Verify" or not key.get("key"):
            continue
        start, end = _time(key.get("startDateTime")), _time(key.get("endDateTime"))
        if (start is not None and start > now) or (end is not None and end <= now):
            continue
        der = _b64(str(key["key"]))
        if der is None:
            continue
        if isinstance(x5t, str) and base64.urlsafe_b64encode(hashlib.sha1(der).digest()).decode().rstrip("=") \
                != x5t.rstrip("="):
            continue
        try:
            found.append(x509.load_der_x509_certificate(der))
        except ValueError:
            continue  # the emulator's seeded certificates have a certificate's shape, not a real key
    return found


def _verifies(certificate: x509.Certificate, signed: bytes, signature: bytes) -> bool:
    public_key = certificate.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        return False
    try:
        public_key.verify(signature, signed, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def _not_after(der: bytes) -> datetime | None:
    try:
        return x509.load_der_x509_certificate(der).not_valid_after_utc
    except ValueError:
        return None


def _part(text: str) -> Any:
    raw = _b64(text, url=True)
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _b64(text: str, *, url: bool = False) -> bytes | None:
    try:
        padded = text + "=" * (-len(text) % 4)
        return base64.urlsafe_b64decode(padded) if url else base64.b64decode(padded, validate=True)
    except (ValueError, TypeError):
        return None


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _invalid(why: str) -> ApiError:
    return bad_request(f"Invalid proof of possession: {why}.", code="InvalidProof")
