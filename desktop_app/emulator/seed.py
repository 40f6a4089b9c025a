"""Deterministic seed data: tenants with users, domains and apps of every kind real tenants have.

Everything comes from `random.Random` seeded with (seed, tenant name), so the same `--seed` gives the same
tenants, ids and apps on every machine. Built for speed: 10,000 apps in well under a few seconds.
"""

from __future__ import annotations

import base64
import hashlib
import random
import struct
import uuid
import zlib
from datetime import timedelta
from typing import Any

from .seed_enterprise import seed_enterprise
from .state import (
    AppRecord,
    Directory,
    Domain,
    SpRecord,
    Tenant,
    clone,
    deterministic_uuid,
    iso,
    new_application_doc,
    service_principal_doc,
)

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
GRAPH_USER_READ = "e1fe6dd8-ba31-4d61-89e7-88639da4683d"
GRAPH_SCOPES = {
    "openid": "37f7f235-527c-4136-accd-4a02d197296e",
    "profile": "14dad69e-099b-42c9-810b-d002981feec1",
    "offline_access": "7427e0e9-2fba-42fe-b0c0-848c9e6a8182",
    "Mail.Read": "570282fd-fa5c-430d-a7fd-fc8dc98a9dca",
}
GRAPH_ROLES = {
    "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
    "Group.Read.All": "5b567255-7703-4780-807c-7be8301ae99b",
    "Application.Read.All": "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
}
NAMED_USERS = 5  # users after the admin who manage apps (the start line lists them; the demo's history is theirs)
GITHUB_ISSUER = "https://token.actions.githubusercontent.com"
FIC_AUDIENCE = "api://AzureADTokenExchange"

FIRST = ["Ada", "Ben", "Chloe", "Dev", "Elif", "Farah", "Gus", "Hana", "Ivan", "Jo", "Kai", "Lena", "Mo", "Nia",
         "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Vik", "Wen", "Xavi", "Yara", "Zoe"]
LAST = ["Adams", "Brandt", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski",
        "Larsen", "Moreau", "Novak", "Okafor", "Patel", "Quist", "Rossi", "Silva", "Tanaka", "Ueda", "Varga",
        "Weber", "Xu", "Yilmaz", "Zhang"]
JOBS = ["Developer", "Cloud Engineer", "Security Analyst", "IT Admin", "Product Owner", "Architect"]
AREAS = ["Payroll", "Billing", "Inventory", "Helpdesk", "Reporting", "CRM", "Intranet", "Onboarding", "Expenses",
         "Analytics", "Wiki", "Scheduler", "Catalog", "Shipping", "Portal", "Timesheets", "Recruiting", "Audit"]
KINDS = ["web", "spa", "public", "api", "daemon", "github", "saas"]
KIND_SUFFIX = {"web": "Web", "spa": "SPA", "public": "Desktop", "api": "API", "daemon": "Sync Job",
               "github": "Deploy", "saas": "Cloud"}


def _png(rgb: tuple[int, int, int]) -> bytes:
    """A real 16x16 PNG, so a client that decodes logos gets an image."""
    width = height = 16
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


LOGOS = [_png(c) for c in [(0, 120, 212), (16, 124, 16), (216, 59, 1), (92, 45, 145), (0, 153, 188), (255, 185, 0)]]


def logo_url(tenant_id: str, data: bytes, version: int) -> str:
    digest = hashlib.sha256(data).hexdigest()[:16]
    return f"https://aadcdn.msftauthimages.net/{tenant_id}/appbranding/{digest}/1033/bannerlogo?ts={version}"


def _der(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes([tag, length]) + content
    size = (length.bit_length() + 7) // 8
    return bytes([tag, 0x80 | size]) + length.to_bytes(size, "big") + content


def fake_certificate(rng: random.Random, subject: str) -> bytes:
    """An X.509 certificate's DER shape (tbsCertificate, algorithm, signature; the subject inside), random key
    and signature bits: Graph's shape check passes, a real parser's signature check would not. It draws 700
    random bytes, as the seed always has, so every other seeded value stays what it was."""
    noise = rng.randbytes(700)
    sha256_rsa = _der(0x30, _der(0x06, bytes.fromhex("2a864886f70d01010b")) + _der(0x05, b""))
    name = _der(0x30, _der(0x31, _der(0x30, _der(0x06, bytes.fromhex("550403")) + _der(0x0C, subject.encode()))))
    validity = _der(0x30, _der(0x17, b"250101000000Z") + _der(0x17, b"350101000000Z"))
    rsa = _der(0x30, _der(0x06, bytes.fromhex("2a864886f70d010101")) + _der(0x05, b""))
    key = _der(0x30, rsa + _der(0x03, b"\x00" + noise[15:285]))
    tbs = _der(0x30, _der(0xA0, _der(0x02, b"\x02")) + _der(0x02, b"\x01" + noise[:15]) + sha256_rsa + name
               + validity + name + key)
    return _der(0x30, tbs + sha256_rsa + _der(0x03, b"\x00" + noise[285:541]))


def key_credential(rng: random.Random, subject: str, start_days_ago: int, now: Any) -> dict[str, Any]:
    der = fake_certificate(rng, subject)
    start = now - timedelta(days=start_days_ago)
    return {
        "customKeyIdentifier": base64.b64encode(hashlib.sha1(der).digest()).decode(),
        "displayName": f"CN={subject}",
        "endDateTime": iso(start + timedelta(days=365)),
        "key": base64.b64encode(der).decode(),
        "keyId": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "startDateTime": iso(start),
        "type": "AsymmetricX509Cert",
        "usage": "Verify",
    }


def password_credential(rng: random.Random, name: str, start_days_ago: int, now: Any) -> dict[str, Any]:
    start = now - timedelta(days=start_days_ago)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789~._-"
    return {
        "customKeyIdentifier": None,
        "displayName": name,
        "endDateTime": iso(start + timedelta(days=rng.choice([180, 365, 730]))),
        "hint": "".join(rng.choice(alphabet) for _ in range(3)),
        "keyId": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "secretText": None,
        "startDateTime": iso(start),
    }


def parse_tenants(spec: str) -> list[tuple[str, int]]:
    result: list[tuple[str, int]] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        name, _, count = part.partition(":")
        name = name.strip().lower()
        if not name.isidentifier() and not name.replace("-", "").isalnum():
            raise ValueError(f"bad tenant name {name!r}")
        count = count.strip()
        if count and not count.isdigit():
            raise ValueError(f"bad app count {count!r} for tenant {name!r}: give NAME:APPS, e.g. contoso:200")
        result.append((name, int(count) if count else 50))
    if not result:
        raise ValueError("no tenants given")
    if len({n for n, _ in result}) != len(result):
        raise ValueError("tenant names must be different")
    return result


def seed_directory(directory: Directory, spec: str, seed: int) -> None:
    for name, count in parse_tenants(spec):
        _seed_tenant(directory, name, count, seed)


def _seed_tenant(directory: Directory, name: str, app_count: int, seed: int) -> None:
    rng = random.Random(f"{seed}:{name}")
    # Dates are relative to the start of today (UTC), so the same seed gives the same data all day long.
    now = directory.now().replace(hour=0, minute=0, second=0, microsecond=0)

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    tenant = Tenant(
        id=deterministic_uuid(f"tenant:{seed}:{name}"),
        name=name,
        display_name=name.replace("-", " ").title(),
        domains=[
            Domain(f"{name}.com", is_default=True),
            Domain(f"{name}.onmicrosoft.com", is_initial=True),
            Domain(f"{name}-labs.io"),
            Domain(f"{name}-pending.org", is_verified=False),
        ],
        created=now - timedelta(days=1500),
    )
    directory.add_tenant(tenant)
    domain = tenant.default_domain

    user_count = min(30 + app_count // 20, 2000)
    users: list[str] = []
    for i in range(user_count):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7 + i // len(FIRST)) % len(LAST)]
        upn = f"{first.lower()}.{last.lower()}{i if i >= len(FIRST) else ''}@{domain}"
        user: dict[str, Any] = {
            "id": new_id(),
            "businessPhones": [],
            "displayName": f"{first} {last}",
            "givenName": first,
            "jobTitle": JOBS[i % len(JOBS)],
            "mail": upn,
            "mobilePhone": None,
            "officeLocation": None,
            "preferredLanguage": "en-US",
            "surname": last,
            "userPrincipalName": upn,
        }
        if i == 0:
            user.update(displayName="Admin", givenName=None, surname=None, jobTitle="Global Administrator",
                        userPrincipalName=f"admin@{tenant.initial_domain}", mail=None)
            tenant.admin_user_id = user["id"]
        elif i <= NAMED_USERS:
            tenant.named_users.append(user["id"])  # the tenant's application administrators
        tenant.add_user(user)
        users.append(user["id"])
    tenant.sort_users()

    schema = directory.schema
    template = new_application_doc(schema)
    by_kind: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
    records: list[AppRecord] = []
    for i in range(app_count):
        kind = KINDS[i % len(KINDS)]
        area = AREAS[(i // len(KINDS)) % len(AREAS)]
        number = i // (len(KINDS) * len(AREAS))
        display = f"{tenant.display_name} {area} {KIND_SUFFIX[kind]}" + (f" {number + 1}" if number else "")
        slug = display.lower().replace(" ", "-")
        app_id = new_id()
        while app_id in directory.app_ids:
            app_id = new_id()
        doc = clone(template)
        created = now - timedelta(days=rng.randint(31, 1400), seconds=rng.randint(0, 86399))
        doc.update(
            id=new_id(),
            appId=app_id,
            displayName=display,
            createdDateTime=iso(created),
            publisherDomain=domain,
            description=f"{area} ({kind})" if rng.random() < 0.6 else None,
            notes="Owned by the platform team." if rng.random() < 0.2 else None,
            tags=["HideApp"] if rng.random() < 0.05 else [],
        )
        _shape(doc, kind, rng, tenant, slug, by_kind, now, i)
        by_kind[kind].append(doc)
        record = AppRecord(doc)
        owner_count = rng.choice([0, 1, 1, 2, 2, 3])
        if i % 37 == 5:
            owner_count = min(21 + i % 9, len(users))  # more than Graph's $expand cap of 20
        record.owners = sorted(rng.sample(users, owner_count))
        if kind == "github":
            repo = f"{name}/{slug}"
            record.fics = [
                {"id": new_id(), "name": f"github-{slug}-main"[:120], "issuer": GITHUB_ISSUER,
                 "subject": f"repo:{repo}:ref:refs/heads/main", "audiences": [FIC_AUDIENCE],
                 "description": "Deploy from main"},
                {"id": new_id(), "name": f"github-{slug}-production"[:120], "issuer": GITHUB_ISSUER,
                 "subject": f"repo:{repo}:environment:production", "audiences": [FIC_AUDIENCE],
                 "description": None},
            ]
        if kind == "saas" or rng.random() < 0.2:
            record.logo = LOGOS[i % len(LOGOS)]
            doc["info"]["logoUrl"] = logo_url(tenant.id, record.logo, i)
        records.append(record)
    for record in records:
        tenant.apps[record.id] = record
        record.seq = tenant.next_seq()
        directory.index_app(record)
    tenant.app_order = sorted(tenant.apps)

    # Service principals for most apps; a few apps are owned by a service principal (automation).
    sp_records: list[SpRecord] = []
    for index, record in enumerate(records):
        if index % 4 != 3:
            sp = SpRecord(service_principal_doc(schema, new_id(), record.doc, tenant.id, now))
            sp_records.append(sp)
            tenant.sps[sp.id] = sp
            sp.seq = tenant.next_seq()
            tenant.sp_by_app_id[record.doc["appId"].lower()] = sp.id
    tenant.sp_order = sorted(tenant.sps)
    for index, record in enumerate(records):
        if index % 11 == 4 and sp_records:
            record.owners.append(sp_records[index % len(sp_records)].id)

    seed_enterprise(tenant, schema, records, seed, now)
    from .seed_extras import seed_extras  # it builds on this module's kinds and certificates

    seed_extras(tenant, records, seed, now)

    # The recycle bin: about 3% of the apps, deleted 1 to 29 days ago (with their service principals).
    for index, record in enumerate(records):
        if index % 33 == 17:
            deleted = now - timedelta(days=rng.randint(1, 29), hours=rng.randint(0, 23))
            tenant.remove_app_from_active(record.id)
            record.deleted_at = deleted
            record.doc["deletedDateTime"] = iso(deleted)
            tenant.deleted_apps[record.id] = record
            sp_id = tenant.sp_by_app_id.get(record.doc["appId"].lower())
            if sp_id:
                tenant.soft_delete_sp(sp_id, deleted)


def _shape(doc: dict[str, Any], kind: str, rng: random.Random, tenant: Tenant, slug: str,
           by_kind: dict[str, list[dict[str, Any]]], now: Any, index: int) -> None:
    domain = tenant.default_domain
    graph_user_read = {"resourceAppId": GRAPH_APP_ID, "resourceAccess": [{"id": GRAPH_USER_READ, "type": "Scope"}]}

    def new_guid() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    if kind == "web":
        doc["web"].update(
            homePageUrl=f"https://{slug}.{domain}/",
            logoutUrl=f"https://{slug}.{domain}/signout-oidc",
            redirectUris=[f"https://{slug}.{domain}/signin-oidc", f"https://{slug}-staging.{domain}/signin-oidc"],
            implicitGrantSettings={"enableAccessTokenIssuance": False, "enableIdTokenIssuance": rng.random() < 0.3},
        )
        doc["requiredResourceAccess"] = [graph_user_read]
        doc["groupMembershipClaims"] = rng.choice([None, "SecurityGroup", "All"])
        doc["passwordCredentials"] = [password_credential(rng, "web secret", rng.randint(10, 300), now)]
    elif kind == "spa":
        doc["spa"]["redirectUris"] = [f"https://{slug}.{domain}/", "http://localhost:3000/"]
        doc["requiredResourceAccess"] = [
            {"resourceAppId": GRAPH_APP_ID, "resourceAccess": [
                {"id": GRAPH_USER_READ, "type": "Scope"}, {"id": GRAPH_SCOPES["openid"], "type": "Scope"}]}]
    elif kind == "public":
        doc["publicClient"]["redirectUris"] = [
            "http://localhost", f"ms-appx-web://microsoft.aad.brokerplugin/{doc['appId']}"]
        doc["isFallbackPublicClient"] = True
        doc["requiredResourceAccess"] = [graph_user_read]
    elif kind == "api":
        scopes = []
        for value, admin in (("access_as_user", False), ("Data.Read", False), ("Data.Write", True)):
            scopes.append({
                "adminConsentDescription": f"Allows the app to {value} on behalf of the signed-in user.",
                "adminConsentDisplayName": f"{value} ({slug})",
                "id": new_guid(),
                "isEnabled": True,
                "type": "Admin" if admin else "User",
                "userConsentDescription": None if admin else f"Allow the app to {value} for you.",
                "userConsentDisplayName": None if admin else value,
                "value": value,
                "origin": "Application",
            })
        clients = [d["appId"] for d in (by_kind["web"][-2:] + by_kind["spa"][-1:])]
        doc["api"].update(
            requestedAccessTokenVersion=2,
            oauth2PermissionScopes=scopes,
            preAuthorizedApplications=[{"appId": c, "delegatedPermissionIds": [scopes[0]["id"]]} for c in clients],
            knownClientApplications=clients[:1],
        )
        doc["identifierUris"] = [f"api://{doc['appId']}"] if index % 2 else [f"https://{domain}/{slug}"]
        if rng.random() < 0.5:
            doc["appRoles"] = [{
                "allowedMemberTypes": ["User"], "description": "Readers can read data.", "displayName": "Reader",
                "id": new_guid(), "isEnabled": True, "origin": "Application", "value": "Data.Reader"}]
    elif kind == "daemon":
        doc["appRoles"] = [
            {"allowedMemberTypes": ["Application"], "description": "Can run the sync job.", "displayName": "Sync.Run",
             "id": new_guid(), "isEnabled": True, "origin": "Application", "value": "Sync.Run"},
            {"allowedMemberTypes": ["Application", "User"], "description": "Legacy role, disabled.",
             "displayName": "Sync.Legacy", "id": new_guid(), "isEnabled": False, "origin": "Application",
             "value": "Sync.Legacy"},
        ]
        doc["keyCredentials"] = [key_credential(rng, f"{slug}.{domain}", rng.randint(10, 200), now)]
        if rng.random() < 0.4:
            doc["keyCredentials"].append(key_credential(rng, f"{slug}-next.{domain}", 5, now))
        if rng.random() < 0.3:
            doc["tokenEncryptionKeyId"] = doc["keyCredentials"][0]["keyId"]
        doc["requiredResourceAccess"] = [{"resourceAppId": GRAPH_APP_ID, "resourceAccess": [
            {"id": GRAPH_ROLES["User.Read.All"], "type": "Role"}, {"id": GRAPH_ROLES["Group.Read.All"], "type": "Role"}]}]
        doc["serviceManagementReference"] = f"SN-{rng.randint(10000, 99999)}"
    elif kind == "github":
        doc["requiredResourceAccess"] = [{"resourceAppId": GRAPH_APP_ID, "resourceAccess": [
            {"id": GRAPH_ROLES["Application.Read.All"], "type": "Role"}]}]
        doc["notes"] = "Deploys from GitHub Actions with workload identity federation; no secrets."
    elif kind == "saas":
        personal = index % 3 == 0
        doc["signInAudience"] = "AzureADandPersonalMicrosoftAccount" if personal else "AzureADMultipleOrgs"
        doc["api"]["requestedAccessTokenVersion"] = 2
        doc["identifierUris"] = [f"https://{slug}.{domain}"]
        doc["web"].update(
            homePageUrl=f"https://{slug}.{domain}/",
            redirectUris=[f"https://{slug}.{domain}/auth/callback"],
            redirectUriSettings=[{"uri": f"https://{slug}.{domain}/auth/callback", "index": None}],
        )
        doc["info"].update(
            marketingUrl=f"https://{domain}/{slug}",
            privacyStatementUrl=f"https://{domain}/privacy",
            supportUrl=f"https://support.{domain}/",
            termsOfServiceUrl=f"https://{domain}/terms",
        )
        doc["optionalClaims"] = {
            "idToken": [{"name": "email", "source": None, "essential": False, "additionalProperties": []},
                        {"name": "groups", "source": None, "essential": False, "additionalProperties": ["sam_account_name"]}],
            "accessToken": [{"name": "upn", "source": None, "essential": False, "additionalProperties": []}],
            "saml2Token": [],
        }
        doc["requiredResourceAccess"] = [graph_user_read]
        doc["passwordCredentials"] = [password_credential(rng, "prod", rng.randint(10, 300), now),
                                      password_credential(rng, "rollover", 3, now)]
        doc["authenticationBehaviors"] = {"blockAzureADGraphAccess": True, "removeUnverifiedEmailClaim": True,
                                          "requireClientServicePrincipal": False}
