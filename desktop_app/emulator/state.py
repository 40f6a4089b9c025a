"""What the emulated directory holds: tenants, their users, apps, service principals and recycle bin.

Everything lives in memory behind one lock (the HTTP server is threaded, the GIL serialises the work
anyway). Objects are stored in their JSON shape; a PATCH builds a new dict rather than mutating the old one.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import marshal
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .audit import AuditLog, AuditTrail
from .schema import Schema, load_schema

RECYCLE_BIN_DAYS = 30


def clone(value: Any) -> Any:
    """A deep copy of JSON-shaped data (dicts, lists, str, numbers, None); marshal is ~10x faster than deepcopy."""
    return marshal.loads(marshal.dumps(value))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def deterministic_uuid(text: str) -> str:
    return str(uuid.UUID(bytes=hashlib.sha256(text.encode()).digest()[:16], version=4))


@dataclass
class Domain:
    name: str
    is_default: bool = False
    is_initial: bool = False
    is_verified: bool = True


class AppRecord:
    __slots__ = ("doc", "owners", "fics", "logo", "logo_type", "visible_at", "deleted_at", "seq", "extensions")

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.owners: list[str] = []
        self.fics: list[dict[str, Any]] = []
        self.extensions: list[dict[str, Any]] = []  # directory extension definitions (extensionProperty)
        self.logo: bytes | None = None
        self.logo_type = "image/png"
        self.visible_at = float("-inf")  # emulator monotonic clock; eventual consistency hides it until then
        self.deleted_at: datetime | None = None
        self.seq = 0

    @property
    def id(self) -> str:
        return str(self.doc["id"])


class SpRecord:
    __slots__ = ("doc", "owners", "visible_at", "deleted_at", "seq", "own_tags", "roles_visible_at")

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.owners: list[str] = []
        self.own_tags: list[str] = []  # doc["tags"] is these and the application's (servicePrincipal resource)
        self.roles_visible_at: dict[str, float] = {}  # app role id (lower) -> when assignments to it replicate
        self.visible_at = float("-inf")
        self.deleted_at: datetime | None = None
        self.seq = 0

    @property
    def id(self) -> str:
        return str(self.doc["id"])


@dataclass
class Tenant:
    id: str
    name: str
    display_name: str
    domains: list[Domain]
    created: datetime
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    upn_index: dict[str, str] = field(default_factory=dict)
    user_order: list[str] = field(default_factory=list)
    apps: dict[str, AppRecord] = field(default_factory=dict)
    app_order: list[str] = field(default_factory=list)  # active app ids, sorted: cursor paging
    deleted_apps: dict[str, AppRecord] = field(default_factory=dict)
    sps: dict[str, SpRecord] = field(default_factory=dict)
    sp_order: list[str] = field(default_factory=list)
    sp_by_app_id: dict[str, str] = field(default_factory=dict)
    deleted_sps: dict[str, SpRecord] = field(default_factory=dict)
    tombstones: dict[str, int] = field(default_factory=dict)  # permanently deleted app id -> seq (delta)
    sp_tombstones: dict[str, int] = field(default_factory=dict)  # the same for service principals
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    group_order: list[str] = field(default_factory=list)
    # Consent and assignments live apart from the service principals they name: a soft-deleted service principal
    # hides them (see grant_visible / assignment_visible), restoring it brings them back, purging it drops them.
    grants: dict[str, dict[str, Any]] = field(default_factory=dict)  # oAuth2PermissionGrant id -> grant
    assignments: dict[str, dict[str, Any]] = field(default_factory=dict)  # appRoleAssignment id -> assignment
    # Assignment lists lag writes (eventual consistency): a new one is listed from a moment on, a removed one is
    # listed until a moment (emulator monotonic clock).
    assignment_listed_from: dict[str, float] = field(default_factory=dict)
    removed_assignments: dict[str, tuple[dict[str, Any], float]] = field(default_factory=dict)
    plan: str = "p1"  # the tenant's Entra ID plan: "free", "p1" or "p2" (group assignments need P1 or P2)
    seq: int = 0
    audit: AuditTrail = field(default_factory=AuditTrail)
    admin_user_id: str = ""  # who a token that names no one acts as
    named_users: list[str] = field(default_factory=list)  # the seeded administrators the start line lists

    @property
    def verified_domains(self) -> list[str]:
        return [d.name for d in self.domains if d.is_verified]

    @property
    def default_domain(self) -> str:
        return next(d.name for d in self.domains if d.is_default)

    @property
    def initial_domain(self) -> str:
        return next(d.name for d in self.domains if d.is_initial)

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def add_user(self, user: dict[str, Any]) -> None:
        self.users[user["id"]] = user
        self.upn_index[user["userPrincipalName"].lower()] = user["id"]
        self.user_order.append(user["id"])

    def sort_users(self) -> None:
        self.user_order.sort()

    def add_app(self, record: AppRecord) -> None:
        self.apps[record.id] = record
        bisect.insort(self.app_order, record.id)
        record.seq = self.next_seq()

    def remove_app_from_active(self, app_id: str) -> AppRecord:
        record = self.apps.pop(app_id)
        index = bisect.bisect_left(self.app_order, app_id)
        del self.app_order[index]
        return record

    def add_sp(self, record: SpRecord) -> None:
        self.sps[record.id] = record
        bisect.insort(self.sp_order, record.id)
        self.sp_by_app_id[str(record.doc["appId"]).lower()] = record.id
        record.seq = self.next_seq()

    def soft_delete_sp(self, sp_id: str, when: datetime) -> SpRecord:
        """To the recycle bin (delta: `@removed` "changed")."""
        record = self.remove_sp_from_active(sp_id)
        record.deleted_at = when
        record.doc = {**record.doc, "deletedDateTime": iso(when)}
        record.seq = self.next_seq()
        self.deleted_sps[sp_id] = record
        return record

    def changed_sp(self, record: SpRecord, doc: dict[str, Any]) -> None:
        record.doc = doc
        record.seq = self.next_seq()

    def remove_sp_from_active(self, sp_id: str) -> SpRecord:
        record = self.sps.pop(sp_id)
        del self.sp_order[bisect.bisect_left(self.sp_order, sp_id)]
        self.sp_by_app_id.pop(str(record.doc["appId"]).lower(), None)
        return record

    def add_group(self, group: dict[str, Any]) -> None:
        self.groups[group["id"]] = group
        bisect.insort(self.group_order, group["id"])

    def principal_type(self, object_id: str) -> str | None:
        """"User", "Group" or "ServicePrincipal" for an active directory object that can hold a role; else None."""
        if object_id in self.users:
            return "User"
        if object_id in self.groups:
            return "Group"
        if object_id in self.sps:
            return "ServicePrincipal"
        return None

    def grant_visible(self, grant: dict[str, Any]) -> bool:
        return grant["clientId"] in self.sps and grant["resourceId"] in self.sps

    def assignment_visible(self, assignment: dict[str, Any]) -> bool:
        return assignment["resourceId"] in self.sps and self.principal_type(assignment["principalId"]) is not None

    def listed_assignments(self, now: float) -> dict[str, dict[str, Any]]:
        """The assignments as lists show them at `now`: without those not replicated yet, with those removed
        too recently (graph-notes §11: the lists lag writes 30–60 s)."""
        listed = {k: a for k, a in self.assignments.items()
                  if self.assignment_listed_from.get(k, float("-inf")) <= now}
        for key, (assignment, until) in list(self.removed_assignments.items()):
            if until <= now:
                del self.removed_assignments[key]
            else:
                listed[key] = assignment
        return listed

    def purge_sp(self, sp_id: str) -> None:
        """A service principal gone for good takes its consent and assignments with it."""
        if self.deleted_sps.pop(sp_id, None) is not None:
            self.sp_tombstones[sp_id] = self.next_seq()
        self.grants = {k: g for k, g in self.grants.items() if sp_id not in (g["clientId"], g["resourceId"])}
        self.assignments = {k: a for k, a in self.assignments.items()
                            if sp_id not in (a["principalId"], a["resourceId"])}

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "displayName": self.display_name,
            "domains": self.verified_domains,
            "defaultDomain": self.default_domain,
        }


class Directory:
    """All tenants of one emulator, the global indexes (client ids, identifier URIs) and the clock."""

    def __init__(self, seed: int) -> None:
        self.schema: Schema = load_schema()
        self.lock = threading.RLock()
        self.rng = random.Random(f"runtime:{seed}")
        self.tenants: dict[str, Tenant] = {}
        self.tenant_names: dict[str, str] = {}
        self.app_ids: dict[str, str] = {}  # client id (lower) -> object id, every tenant, recycle bin included
        self.identifier_uris: dict[str, str] = {}  # uri (lower) -> object id, every tenant, recycle bin included
        self.audit_log = AuditLog(seed)  # how audit events are made (ids, delay, retention)
        self.clock_offset = 0.0
        self.frozen_mono: float | None = None  # set while a test has stopped the monotonic clock
        self.paused_for = 0.0  # how long it was stopped in all, so it never runs backwards when restarted
        self.client_app_id = deterministic_uuid(f"client:{seed}")  # the one calling app (throttle scope)
        # A tenant's app management policy on key credentials (graph-notes §10), the same in every tenant:
        # {"maxKeyLifetimeDays": N}, enforced on apps created after it was set (`credential_policy_since`).
        self.credential_policy: dict[str, Any] | None = None
        self.credential_policy_since: datetime | None = None
        # knob newAppInstanceLock: a new app created without servicePrincipalLockConfiguration gets the app instance
        # lock, as Microsoft does for new apps (on: the stricter reading; tests of the lenient past switch it off)
        self.new_app_instance_lock = True
        self._purged_at: dict[str, datetime] = {}  # purge_expired, by tenant: when it last looked

    # Kept across runs (Emulator.save_state): not the lock, nor the schema (read again), and every object visible at
    # once (visible_at is on the monotonic clock of the process that made it).
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["lock"], state["schema"]
        state["frozen_mono"], state["paused_for"] = None, 0.0
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.lock = threading.RLock()
        self.schema = load_schema()
        for tenant in self.tenants.values():
            for records in (tenant.apps, tenant.deleted_apps, tenant.sps, tenant.deleted_sps):
                for record in records.values():
                    record.visible_at = float("-inf")

    # The clock: wall time plus whatever the tests moved it forward by.
    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset)

    def mono(self) -> float:
        base = time.monotonic() if self.frozen_mono is None else self.frozen_mono
        return base - self.paused_for + self.clock_offset

    def freeze(self, frozen: bool) -> None:
        if frozen and self.frozen_mono is None:
            self.frozen_mono = time.monotonic()
        elif not frozen and self.frozen_mono is not None:
            self.paused_for += time.monotonic() - self.frozen_mono
            self.frozen_mono = None

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def new_key_id(self) -> str:
        """The shape of a grant's or an assignment's id: 43 characters of base64url, not a GUID."""
        return base64.urlsafe_b64encode(self.rng.randbytes(32)).decode().rstrip("=")

    def new_client_id(self) -> str:
        while True:
            candidate = self.new_id()
            if candidate not in self.app_ids:
                return candidate

    def add_tenant(self, tenant: Tenant) -> None:
        self.tenants[tenant.id] = tenant
        self.tenant_names[tenant.name.lower()] = tenant.id

    def tenant(self, key: str) -> Tenant:
        tenant_id = self.tenant_names.get(key.lower(), key)
        if tenant_id not in self.tenants:
            raise KeyError(key)
        return self.tenants[tenant_id]

    def index_app(self, record: AppRecord) -> None:
        self.app_ids[str(record.doc["appId"]).lower()] = record.id
        for uri in record.doc["identifierUris"]:
            self.identifier_uris[uri.lower()] = record.id

    def reindex_uris(self, record: AppRecord, old: list[str]) -> None:
        for uri in old:
            if self.identifier_uris.get(uri.lower()) == record.id:
                del self.identifier_uris[uri.lower()]
        for uri in record.doc["identifierUris"]:
            self.identifier_uris[uri.lower()] = record.id

    def unindex_app(self, record: AppRecord) -> None:
        # A purged app's client id stays unusable (Graph never hands it out again); only its URIs free up.
        for uri in record.doc["identifierUris"]:
            if self.identifier_uris.get(uri.lower()) == record.id:
                del self.identifier_uris[uri.lower()]

    def purge_expired(self, tenant: Tenant) -> None:
        """Recycle-bin items older than 30 days (emulator clock) are gone for good. Looked at once a second of the
        emulator's clock at most (it runs before every request): an item goes at most a second late."""
        now = self.now()
        last = self._purged_at.get(tenant.id)
        if last is not None and last <= now < last + timedelta(seconds=1):
            return
        self._purged_at[tenant.id] = now
        limit = now - timedelta(days=RECYCLE_BIN_DAYS)
        for app_id in [k for k, r in tenant.deleted_apps.items() if r.deleted_at and r.deleted_at <= limit]:
            record = tenant.deleted_apps.pop(app_id)
            self.unindex_app(record)
            tenant.tombstones[app_id] = tenant.next_seq()
        for sp_id in [k for k, r in tenant.deleted_sps.items() if r.deleted_at and r.deleted_at <= limit]:
            tenant.purge_sp(sp_id)


def application_defaults(schema: Schema) -> dict[str, Any]:
    """A new application's JSON as Graph returns it right after POST with only displayName."""
    doc: dict[str, Any] = {}
    for name, prop in schema.entities["application"].items():
        if prop.kind == "stream":
            continue
        doc[name] = [] if prop.collection else None
    doc.update(
        {
            "signInAudience": "AzureADMyOrg",
            "oauth2RequirePostResponse": False,
            "isFallbackPublicClient": None,
            "api": {
                "acceptMappedClaims": None,
                "knownClientApplications": [],
                "requestedAccessTokenVersion": None,
                "oauth2PermissionScopes": [],
                "preAuthorizedApplications": [],
            },
            "web": {
                "homePageUrl": None,
                "logoutUrl": None,
                "redirectUris": [],
                "implicitGrantSettings": {"enableAccessTokenIssuance": False, "enableIdTokenIssuance": False},
                "redirectUriSettings": [],
            },
            "spa": {"redirectUris": []},
            "publicClient": {"redirectUris": []},
            "info": {
                "logoUrl": None,
                "marketingUrl": None,
                "privacyStatementUrl": None,
                "supportUrl": None,
                "termsOfServiceUrl": None,
            },
            "parentalControlSettings": {"countriesBlockedForMinors": [], "legalAgeGroupRule": "Allow"},
            "verifiedPublisher": {"displayName": None, "verifiedPublisherId": None, "addedDateTime": None},
            "authenticationBehaviors": {
                "blockAzureADGraphAccess": None,
                "removeUnverifiedEmailClaim": True,
                "requireClientServicePrincipal": None,
            },
        }
    )
    return doc


def new_application_doc(schema: Schema) -> dict[str, Any]:
    return clone(_defaults_cache(schema))


_DEFAULTS: dict[int, dict[str, Any]] = {}


def _defaults_cache(schema: Schema) -> dict[str, Any]:
    key = id(schema)
    if key not in _DEFAULTS:
        _DEFAULTS[key] = application_defaults(schema)
    return _DEFAULTS[key]


def service_principal_doc(schema: Schema, sp_id: str, app: dict[str, Any], owner_tenant_id: str, now: datetime) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for name, prop in schema.entities["servicePrincipal"].items():
        doc[name] = [] if prop.collection else None
    doc.update(
        {
            "id": sp_id,
            "appId": app["appId"],
            "displayName": app["displayName"],
            "appDisplayName": app["displayName"],
            "appDescription": app.get("description"),
            "appOwnerOrganizationId": owner_tenant_id,
            "accountEnabled": True,
            "appRoleAssignmentRequired": False,
            "servicePrincipalType": "Application",
            "signInAudience": app.get("signInAudience"),
            "servicePrincipalNames": [app["appId"], *app.get("identifierUris", [])],
            "appRoles": clone(app.get("appRoles", [])),
            "oauth2PermissionScopes": clone((app.get("api") or {}).get("oauth2PermissionScopes", [])),
            "replyUrls": list((app.get("web") or {}).get("redirectUris", [])),
            "tags": list(app.get("tags", [])),
            "info": clone(app.get("info")),
            "homepage": (app.get("web") or {}).get("homePageUrl"),
            "verifiedPublisher": {"displayName": None, "verifiedPublisherId": None, "addedDateTime": None},
        }
    )
    doc.pop("customSecurityAttributes", None)  # returned only when $select-ed, like on Graph
    return doc
