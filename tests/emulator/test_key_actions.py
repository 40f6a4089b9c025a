"""addKey / removeKey (application-addkey, application-removekey, serviceprincipal-addkey, serviceprincipal-removekey):
only with a proof of possession signed by a valid certificate the object already has (emulator/routes/key_actions.py).
This is why an incident rollback removes certificates by PATCH: it must not need a key the attacker may hold."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from emulator_helpers import assert_error

AUDIENCE = "00000002-0000-0000-c000-000000000000"


def certificate() -> tuple[rsa.RSAPrivateKey, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "owner")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=100)).sign(key, hashes.SHA256()))
    return key, cert.public_bytes(serialization.Encoding.DER)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def proof(key: rsa.RSAPrivateKey, der: bytes, issuer: str, now: datetime, *, audience: str = AUDIENCE,
          lifetime: int = 600, start: int = 0) -> str:
    header = {"alg": "RS256", "typ": "JWT", "x5t": _b64(hashlib.sha1(der).digest())}
    nbf = int(now.timestamp()) + start
    claims = {"aud": audience, "iss": issuer, "nbf": nbf, "exp": nbf + lifetime}
    signed = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = key.sign(signed.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signed}.{_b64(signature)}"


def _key(der: bytes) -> dict[str, Any]:
    return {"type": "AsymmetricX509Cert", "usage": "Verify", "key": base64.b64encode(der).decode()}


def test_keys_are_added_and_removed_only_with_a_proof_signed_by_a_key_the_app_holds(graph: httpx.Client,
                                                                                     emulator: Any) -> None:
    app = graph.post("/applications", json={"displayName": "Key roller"}).json()
    path = f"/applications/{app['id']}"
    now = emulator.now()
    owned_key, owned = certificate()
    stranger_key, stranger = certificate()
    _, new = certificate()
    no_cert_yet = graph.post(f"{path}/addKey", json={"keyCredential": _key(new),
                                                     "proof": proof(owned_key, owned, app["id"], now)})
    assert_error(no_cert_yet, 400, "InvalidProof")  # no certificate to prove possession of: PATCH instead
    assert graph.patch(path, json={"keyCredentials": [_key(owned)]}).status_code == 204

    for bad in (proof(stranger_key, stranger, app["id"], now), proof(owned_key, owned, app["id"], now, audience="x"),
                proof(owned_key, owned, "someone-else", now), proof(owned_key, owned, app["id"], now, lifetime=3600),
                proof(owned_key, owned, app["id"], now, start=-1200), "not-a-jwt"):
        assert_error(graph.post(f"{path}/addKey", json={"keyCredential": _key(new), "proof": bad}), 400,
                     "InvalidProof")
    added = graph.post(f"{path}/addKey", json={"keyCredential": _key(new),
                                               "proof": proof(owned_key, owned, app["id"], now)})
    assert added.status_code == 200 and added.json()["key"] is None
    keys = graph.get(path, params={"$select": "keyCredentials"}).json()["keyCredentials"]
    assert len(keys) == 2
    assert_error(graph.post(f"{path}/removeKey", json={"keyId": added.json()["keyId"],
                                                        "proof": proof(stranger_key, stranger, app["id"], now)}),
                 400, "InvalidProof")
    assert graph.post(f"{path}/removeKey", json={"keyId": added.json()["keyId"],
                                                 "proof": proof(owned_key, owned, app["id"], now)}).status_code == 204
    assert [k["keyId"] for k in graph.get(path, params={"$select": "keyCredentials"}).json()["keyCredentials"]] == [
        next(k["keyId"] for k in keys if k["keyId"] != added.json()["keyId"])]


def test_a_service_principal_s_removekey_needs_its_own_proof(graph: httpx.Client, emulator: Any) -> None:
    app = graph.post("/applications", json={"displayName": "SP key roller"}).json()
    sp = graph.post("/servicePrincipals", json={"appId": app["appId"]}).json()
    owned_key, owned = certificate()
    _, other = certificate()
    assert graph.patch(f"/servicePrincipals/{sp['id']}", json={"keyCredentials": [_key(owned), _key(other)]}
                       ).status_code == 204
    keys = graph.get(f"/servicePrincipals/{sp['id']}", params={"$select": "keyCredentials"}).json()["keyCredentials"]
    target = next(k["keyId"] for k in keys if k["key"] == base64.b64encode(other).decode())
    now = emulator.now()
    assert_error(graph.post(f"/servicePrincipals/{sp['id']}/removeKey", json={
        "keyId": target, "proof": proof(owned_key, owned, app["id"], now)}), 400, "InvalidProof")  # iss: the SP
    assert graph.post(f"/servicePrincipals/{sp['id']}/removeKey", json={
        "keyId": target, "proof": proof(owned_key, owned, sp["id"], now)}).status_code == 204
