"""Seeded apps of the third wave's kinds (graph-notes §11), from a random stream of their own so the rest of the seed
stays as it was: SAML applications (a SaaS app's service principal that signs tokens with a certificate of its own)
and apps that own directory extension definitions (an HR sync job's `extension_<appId>_costCenter`)."""

from __future__ import annotations

import base64
import hashlib
import random
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from .seed import KINDS, fake_certificate
from .state import AppRecord, Tenant, iso

SAML_SHARE = 0.5  # of the SaaS apps with a service principal
EXTENSION_SHARE = 0.15  # of the sync jobs (few apps own definitions: an HR sync, a provisioning connector)
EXTENSIONS = (("costCenter", "String", ["User"], False), ("badgeNumber", "String", ["User"], False),
              ("trainingsDone", "String", ["User", "Group"], True), ("contractEnd", "DateTime", ["User"], False))


def fake_pkcs12(certificate: bytes, noise: bytes) -> bytes:
    """A PFX's shape holding a certificate (the private key is noise): what the emulator stores for a Sign key."""
    def der(tag: int, content: bytes) -> bytes:
        size = len(content)
        if size < 0x80:
            return bytes([tag, size]) + content
        raw = size.to_bytes((size.bit_length() + 7) // 8, "big")
        return bytes([tag, 0x80 | len(raw)]) + raw + content
    auth_safe = der(0x30, der(0x06, bytes.fromhex("2a864886f70d010701")) + der(0xA0, der(0x04, certificate + noise)))
    return der(0x30, b"\x02\x01\x03" + auth_safe)


def signing_certificate(rng: random.Random, display_name: str, start: datetime, end: datetime,
                        new_id: Callable[[], str]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], bytes]:
    """What addTokenSigningCertificate adds (serviceprincipal-addtokensigningcertificate): a Sign key (the private
    key), its Verify key (the certificate) and the PFX's password, one customKeyIdentifier for the three, the
    password's keyId the Sign key's. Returns (sign, verify, password, the certificate's DER)."""
    der = fake_certificate(rng, display_name[3:] or "certificate")
    identifier = base64.b64encode(hashlib.sha1(der).digest()).decode()
    common = {"customKeyIdentifier": identifier, "displayName": display_name, "endDateTime": iso(end),
              "startDateTime": iso(start), "type": "AsymmetricX509Cert"}
    sign_id = new_id()
    sign = {**common, "key": base64.b64encode(fake_pkcs12(der, rng.randbytes(64))).decode(), "keyId": sign_id,
            "usage": "Sign"}
    verify = {**common, "key": base64.b64encode(der).decode(), "keyId": new_id(), "usage": "Verify"}
    password = {"customKeyIdentifier": identifier, "displayName": display_name, "endDateTime": iso(end),
                "hint": None, "keyId": sign_id, "secretText": None, "startDateTime": iso(start)}
    return sign, verify, password, der


def seed_extras(tenant: Tenant, records: list[AppRecord], seed: int, now: datetime) -> None:
    rng = random.Random(f"{seed}:{tenant.name}:extras")

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    made: set[str] = set()  # the first app of each kind is always made one, the others by their share
    for index, record in enumerate(records):
        kind = KINDS[index % len(KINDS)]
        if kind == "saas":
            sp_id = tenant.sp_by_app_id.get(str(record.doc["appId"]).lower())
            sp = tenant.sps.get(sp_id or "")
            if sp is not None and sp.doc.get("preferredSingleSignOnMode") is None and \
                    (rng.random() < SAML_SHARE or "saml" not in made):
                made.add("saml")
                start = now - timedelta(days=rng.randint(30, 700))
                name = f"CN=Microsoft Azure Federated SSO Certificate {record.doc['displayName']}"
                sign, verify, password, der = signing_certificate(rng, name, start, start + timedelta(days=1095),
                                                                  new_id)
                sp.doc = {**sp.doc, "preferredSingleSignOnMode": "saml",
                          "samlSingleSignOnSettings": {"relayState": None},
                          "keyCredentials": [sign, verify], "passwordCredentials": [password],
                          "preferredTokenSigningKeyThumbprint": hashlib.sha1(der).hexdigest().upper()}
        elif kind == "daemon" and (rng.random() < EXTENSION_SHARE or "extensions" not in made):
            made.add("extensions")
            app_id = str(record.doc["appId"]).replace("-", "")
            record.extensions = [
                {"id": new_id(), "deletedDateTime": None, "dataType": data_type, "isMultiValued": multi,
                 "isSyncedFromOnPremises": False, "name": f"extension_{app_id}_{name}", "targetObjects": targets}
                for name, data_type, targets, multi in rng.sample(EXTENSIONS, rng.randint(1, 2))]
