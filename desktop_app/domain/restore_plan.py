"""Restore planning: from app documents at a snapshot, the target's state and a mode, to the ordered Graph
writes per app, with warnings and follow-ups. Pure: no I/O; the runner (services/restore.py) executes the plan.

How a plan is run (the contract with the runner):

1. Every item's steps with `phase == Phase.CREATE` run first (restore from the recycle bin, POST /applications).
   The answer of a CREATE_APPLICATION step gives the new ids: call
   `ids.bind(step.binds, item.source.app_id, answer["id"], answer["appId"])`.
2. Then, per item, the remaining steps in order. Before sending, `step.resolved(ids, blob_base64=...,
   graph_base_url=...)` replaces the reference tokens (see remap.py) in path and body; it raises
   `UnresolvedReference` when a step names an app whose creation failed - that step cannot run, the others can.
3. Per step kind (`StepKind`), besides sending method/path/body (and `headers`):
   - `kind.retry_safe` False (CREATE_APPLICATION, the two restores from the recycle bin): never resend blindly;
     after a timeout look first (the app by display name created after the run started; the deleted item).
   - `kind.conflict_means_done` (ADD_OWNER, CREATE_SERVICE_PRINCIPAL, ADD_FEDERATED_CREDENTIAL): an "already
     exists" answer after a retry, or for an object back from the recycle bin, counts as done.
   - DISABLE_PERMISSIONS with `body is None`: the plan did not know the app's current scopes/roles (undelete
     without a known state); GET /applications/{id}?$select=api,appRoles and send
     `disable_permissions_body(current, step.desired)` if it is not None. (With a body, `desired` is set too: a
     runner that prefers fresh state over the preview's may recompute the same way.)
   - SET_LOGO: PUT the stored bytes with sha256 `content_sha256` (raw body, `content_type`).
   - Every step on a just-created object: retry 404 / 400 "does not exist" (replication lag).
4. Afterwards read the app back (as an AppDocument) and call `verify(item, document, ids)`.

Choices where Graph leaves room (each one is reported as a warning code, never silent):
- Owners: the snapshot's owners are added, then the others removed - unless none of the snapshot's owners can be
  put back: the current ones then stay (OWNERS_KEPT), so a restore never leaves an app without owners.
- Secrets: never removed (one added since the snapshot may run production: SECRET_KEPT); each snapshot secret the
  app lacks is an ISSUE_SECRET follow-up.
- Logo: Graph has no way to remove one (LOGO_NOT_REMOVABLE).
- Certificates: only public ones with stored bytes go back (CERTIFICATE_NOT_RESTORABLE otherwise).
- Identifier URIs: as new, the ones not naming the old client id stay with the original (IDENTIFIER_URI_LEFT_OUT);
  elsewhere, ones the target can't verify are left out likewise. Redirect URIs are the app's real addresses and
  are kept, except that a client id of a restored app inside one (msal{id}://auth) is replaced.
"""

from __future__ import annotations

import copy
import enum
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.document import AppDocument, secrets_of
from desktop_app.domain.remap import (
    GRAPH_BASE_TOKEN,
    Ref,
    ResolvedIds,
    acceptable_in_tenant,
    app_id_ref,
    blob_ref,
    contains_ref,
    object_id_ref,
    refs_in,
    replace_ids,
    resolve,
    rewrite_domain,
    strip_refs,
)
from desktop_app.domain.schema import (
    WRITE_ONCE_APPLICATION_PROPERTIES,
    GraphSchema,
    PropertyDef,
    load_schema,
    read_only_fields,
)

MAX_DISPLAY_NAME_LENGTH = 120  # graph-notes §1.3: the strictest documented limit (AAD audiences)

# Audiences that include personal Microsoft accounts require v2 access tokens (graph-notes §3).
_MSA_AUDIENCES = frozenset({"AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"})

# Only public certificates can be put back; symmetric keys and private (Sign) keys are secrets Graph never returns.
_RESTORABLE_KEY_TYPES = frozenset({"AsymmetricX509Cert"})
_RESTORABLE_KEY_USAGES = frozenset({"Verify", "Encrypt"})

# Handled by their own steps, never in the plain application PATCH/POST.
_SEPARATE_PROPERTIES = frozenset({"keyCredentials", "tokenEncryptionKeyId"})

# Microsoft's own APIs have the same client id in every tenant (graph-notes §3). The pattern covers Microsoft
# Graph, Azure AD Graph, Exchange, SharePoint, Dynamics, Power BI...; the set a few common others.
_FIRST_PARTY_PATTERN = re.compile(r"^0000000[0-9a-f]-0000-(0000-c000|0ff1-ce00)-000000000000$", re.IGNORECASE)
_FIRST_PARTY_APP_IDS = frozenset(
    {
        "797f4846-ba00-4fd7-ba43-dac1f8f63013",  # Azure Service Management
        "e406a681-f3d4-42a8-90b6-c2b029497af1",  # Azure Storage
        "cfa8b339-82a2-471a-a3c9-0fc0be7a4093",  # Azure Key Vault
        "499b84ac-1321-427f-aa17-267ca6975798",  # Azure DevOps
        "ca7f3f0b-7d91-482c-8e09-c5d840d0eac5",  # Log Analytics
    }
)


# --- Inputs ------------------------------------------------------------------------------------------------------


class RestoreMode(enum.StrEnum):
    WITH_OBJECT = "with_object"  # same tenant, keep the object (overwrite / undelete / recreate)
    AS_NEW = "as_new"  # same tenant, one app, a new object with a new name
    OTHER_TENANT = "other_tenant"


class Presence(enum.StrEnum):
    EXISTS = "exists"
    RECYCLED = "recycled"  # in the recycle bin (deleted items)
    GONE = "gone"  # deleted permanently, or (other tenant) never copied there


class ServicePrincipalPresence(enum.StrEnum):
    PRESENT = "present"
    RECYCLED = "recycled"
    ABSENT = "absent"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SourceApp:
    """An app as it was at the chosen snapshot."""

    object_id: str
    app_id: str
    document: AppDocument


@dataclass(frozen=True)
class SourceTenant:
    tenant_id: str
    verified_domains: tuple[str, ...] = ()
    # Client ids of every app registered in the source tenant (from the backup), to tell custom APIs from
    # Microsoft's and third parties' when restoring elsewhere. Empty: fall back to known first-party ids.
    app_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TargetState:
    """Where the app (or, for another tenant, the copy an earlier restore made there) is now.

    `document` is what is known of its current state, in app-document form: a missing section is unknown
    (e.g. an app in the recycle bin whose owners were not read); None means nothing is known, and the plan
    then writes everything instead of only what differs.
    """

    presence: Presence
    object_id: str | None = None
    app_id: str | None = None
    document: Mapping[str, Any] | None = None
    service_principal: ServicePrincipalPresence = ServicePrincipalPresence.UNKNOWN
    deleted_service_principal_id: str | None = None

    @classmethod
    def exists(
        cls,
        object_id: str,
        app_id: str,
        document: Mapping[str, Any] | None = None,
        service_principal: ServicePrincipalPresence = ServicePrincipalPresence.UNKNOWN,
    ) -> TargetState:
        return cls(Presence.EXISTS, object_id, app_id, document, service_principal)

    @classmethod
    def recycled(
        cls,
        object_id: str,
        app_id: str,
        document: Mapping[str, Any] | None = None,
        deleted_service_principal_id: str | None = None,
        service_principal: ServicePrincipalPresence = ServicePrincipalPresence.UNKNOWN,
    ) -> TargetState:
        sp = ServicePrincipalPresence.RECYCLED if deleted_service_principal_id else service_principal
        return cls(Presence.RECYCLED, object_id, app_id, document, sp, deleted_service_principal_id)

    @classmethod
    def gone(cls) -> TargetState:
        return cls(Presence.GONE)


@dataclass(frozen=True)
class TargetTenant:
    """The tenant a cross-tenant restore writes to."""

    tenant_id: str
    verified_domains: tuple[str, ...]
    chosen_domain: str
    users_by_upn: Mapping[str, str] = field(default_factory=dict)  # userPrincipalName (any case) -> object id
    service_principals_by_app_id: Mapping[str, str] = field(default_factory=dict)  # appId -> SP object id
    known_app_ids: frozenset[str] = frozenset()  # client ids usable there (its apps and service principals)
    previous_copies: Mapping[str, str] = field(default_factory=dict)  # source client id -> copy's client id


# --- Output ------------------------------------------------------------------------------------------------------


class Action(enum.StrEnum):
    OVERWRITE = "overwrite"
    UNDELETE = "undelete"
    RECREATE = "recreate"
    CREATE_AS_NEW = "create_as_new"
    CREATE_IN_TARGET = "create_in_target"
    OVERWRITE_IN_TARGET = "overwrite_in_target"
    UNDELETE_IN_TARGET = "undelete_in_target"

    @property
    def creates_application(self) -> bool:
        return self in (Action.RECREATE, Action.CREATE_AS_NEW, Action.CREATE_IN_TARGET)


class Phase(enum.IntEnum):
    CREATE = 1  # objects come into existence; all items' CREATE steps run before any COMPLETE step
    COMPLETE = 2


class StepKind(enum.StrEnum):
    RESTORE_DELETED_APPLICATION = "restore_deleted_application"
    CREATE_APPLICATION = "create_application"
    DISABLE_PERMISSIONS = "disable_permissions"
    UPDATE_APPLICATION = "update_application"
    SET_CERTIFICATES = "set_certificates"
    SET_TOKEN_ENCRYPTION_KEY = "set_token_encryption_key"
    DELETE_FEDERATED_CREDENTIAL = "delete_federated_credential"
    UPDATE_FEDERATED_CREDENTIAL = "update_federated_credential"
    ADD_FEDERATED_CREDENTIAL = "add_federated_credential"
    UPSERT_FEDERATED_CREDENTIAL = "upsert_federated_credential"
    ADD_OWNER = "add_owner"
    REMOVE_OWNER = "remove_owner"
    SET_LOGO = "set_logo"
    RESTORE_DELETED_SERVICE_PRINCIPAL = "restore_deleted_service_principal"
    CREATE_SERVICE_PRINCIPAL = "create_service_principal"

    @property
    def retry_safe(self) -> bool:
        """Whether the runner may simply send it again after a timeout or a 5xx. Creating an application is
        not (a second POST makes a duplicate): look it up first. Restoring from the recycle bin is not either
        (a second try fails once the first worked): check where the object is first."""
        return self not in (
            StepKind.CREATE_APPLICATION,
            StepKind.RESTORE_DELETED_APPLICATION,
            StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL,
        )

    @property
    def conflict_means_done(self) -> bool:
        """An "already exists" answer means the step's effect is there (an earlier attempt, or an object that
        came back from the recycle bin with it)."""
        return self in (
            StepKind.ADD_OWNER,
            StepKind.CREATE_SERVICE_PRINCIPAL,
            StepKind.ADD_FEDERATED_CREDENTIAL,
        )


# The Graph entity type each kind's JSON body is, for schema validation; None: no body or a $ref body.
BODY_TYPES: Mapping[StepKind, str | None] = {
    StepKind.RESTORE_DELETED_APPLICATION: None,
    StepKind.CREATE_APPLICATION: "application",
    StepKind.DISABLE_PERMISSIONS: "application",
    StepKind.UPDATE_APPLICATION: "application",
    StepKind.SET_CERTIFICATES: "application",
    StepKind.SET_TOKEN_ENCRYPTION_KEY: "application",
    StepKind.DELETE_FEDERATED_CREDENTIAL: None,
    StepKind.UPDATE_FEDERATED_CREDENTIAL: "federatedIdentityCredential",
    StepKind.ADD_FEDERATED_CREDENTIAL: "federatedIdentityCredential",
    StepKind.UPSERT_FEDERATED_CREDENTIAL: "federatedIdentityCredential",
    StepKind.ADD_OWNER: None,
    StepKind.REMOVE_OWNER: None,
    StepKind.SET_LOGO: None,
    StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL: None,
    StepKind.CREATE_SERVICE_PRINCIPAL: "servicePrincipal",
}


@dataclass(frozen=True)
class ResolvedStep:
    kind: StepKind
    method: str
    path: str
    body: dict[str, Any] | None
    content_sha256: str | None
    content_type: str | None
    headers: Mapping[str, str]


@dataclass(frozen=True)
class Step:
    """One Graph request. `path` and `body` may hold reference tokens (remap.py)."""

    kind: StepKind
    method: str
    path: str
    body: dict[str, Any] | None = None
    phase: Phase = Phase.COMPLETE
    binds: str | None = None  # CREATE_APPLICATION: the old object id whose new ids the answer gives
    content_sha256: str | None = None  # SET_LOGO: the stored bytes to send
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    desired: dict[str, Any] | None = None  # DISABLE_PERMISSIONS with no body: the target api/appRoles

    @property
    def refs(self) -> frozenset[Ref]:
        return refs_in([self.path, self.body])

    def resolved(
        self,
        ids: ResolvedIds,
        *,
        blob_base64: Callable[[str], str] | None = None,
        graph_base_url: str = "https://graph.microsoft.com/v1.0",
    ) -> ResolvedStep:
        path, body = resolve(
            [self.path, self.body], ids, blob_base64=blob_base64, graph_base_url=graph_base_url
        )
        return ResolvedStep(
            self.kind, self.method, path, body, self.content_sha256, self.content_type, dict(self.headers)
        )


class WarningCode(enum.StrEnum):
    CLIENT_ID_WILL_CHANGE = "client_id_will_change"  # old_app_id
    IDENTIFIER_URI_REWRITTEN = "identifier_uri_rewritten"  # old, new
    IDENTIFIER_URI_LEFT_OUT = "identifier_uri_left_out"  # uri, reason (UriLeftOutReason)
    OWNER_NOT_FOUND = "owner_not_found"  # owner_id, display_name, user_principal_name | app_id
    OWNERS_KEPT = "owners_kept"  # the snapshot had no owners: current ones are not removed (count)
    CUSTOM_API_NOT_IN_TARGET = "custom_api_not_in_target"  # resource_app_id
    CERTIFICATE_NOT_RESTORABLE = "certificate_not_restorable"  # key_id, display_name, reason
    TOKEN_ENCRYPTION_KEY_LEFT_OUT = "token_encryption_key_left_out"  # key_id
    SECRET_KEPT = "secret_kept"  # a secret added after the snapshot stays: key_id, display_name, hint
    LOGO_NOT_REMOVABLE = "logo_not_removable"  # the snapshot had no logo; Graph has no way to remove one
    UNIQUE_NAME_LEFT_OUT = "unique_name_left_out"  # unique_name, reason: in_use_by_original | immutable
    TARGET_STATE_UNKNOWN = "target_state_unknown"  # part[, reason=recycle_bin]: extras (if any) are not removed


class UriLeftOutReason(enum.StrEnum):
    IN_USE_BY_ORIGINAL = "in_use_by_original"
    NOT_ON_VERIFIED_DOMAIN = "not_on_verified_domain"


@dataclass(frozen=True)
class PlanWarning:
    code: WarningCode
    params: Mapping[str, str] = field(default_factory=dict)


class FollowUpCode(enum.StrEnum):
    ISSUE_SECRET = "issue_secret"  # key_id, display_name, hint, end_date_time
    GRANT_ADMIN_CONSENT = "grant_admin_consent"  # resource_app_ids (comma separated)


@dataclass(frozen=True)
class FollowUp:
    code: FollowUpCode
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ExpectedState:
    """What the app must look like after the plan ran (tokens resolved by `verify`)."""

    application: Mapping[str, Any]  # the writable properties the plan sets (read-only ones never compared)
    owner_ids: frozenset[str] | None  # None: not checked
    owners_exact: bool  # False: these must be among the owners (Graph adds the creator of a new app)
    federated_credentials: tuple[Mapping[str, Any], ...]
    federated_credentials_exact: bool
    key_credential_keys: Mapping[str, str]
    logo_sha256: str | None
    check_logo: bool


@dataclass(frozen=True)
class PlanItem:
    source: SourceApp
    action: Action
    object_id: str  # the object written to: an id, or a token for an app the plan creates
    app_id: str  # its client id after the restore (id or token)
    steps: tuple[Step, ...]
    warnings: tuple[PlanWarning, ...]
    follow_ups: tuple[FollowUp, ...]
    changes: tuple[str, ...]  # what is written: application property names, "owners", "logo", ...
    expected: ExpectedState

    @property
    def up_to_date(self) -> bool:
        """Nothing to write: the app is already as it was at the snapshot."""
        return not self.steps


@dataclass(frozen=True)
class RestorePlan:
    mode: RestoreMode
    target_tenant_id: str
    items: tuple[PlanItem, ...]
    warnings: tuple[PlanWarning, ...] = ()


class PlanErrorCode(enum.StrEnum):
    NO_APPS_SELECTED = "no_apps_selected"
    DUPLICATE_APP = "duplicate_app"
    AS_NEW_NEEDS_ONE_APP = "as_new_needs_one_app"
    NAME_EMPTY = "name_empty"
    NAME_TOO_LONG = "name_too_long"
    TARGET_TENANT_MISSING = "target_tenant_missing"
    SAME_TENANT = "same_tenant"
    TARGET_HAS_NO_VERIFIED_DOMAINS = "target_has_no_verified_domains"
    DOMAIN_NOT_VERIFIED = "domain_not_verified"
    TARGET_STATE_MISSING = "target_state_missing"


class PlanError(ValueError):
    def __init__(self, code: PlanErrorCode, **params: str) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code.value} {params}" if params else code.value)


@dataclass(frozen=True)
class Mismatch:
    path: tuple[str, ...]
    expected: Any
    actual: Any


# --- Validation ----------------------------------------------------------------------------------------------------


def validate_new_name(name: str | None) -> PlanErrorCode | None:
    """For the wizard's name field and the CLI: None when `name` can be the display name of a new app."""
    text = (name or "").strip()
    if not text:
        return PlanErrorCode.NAME_EMPTY
    if len(text) > MAX_DISPLAY_NAME_LENGTH:
        return PlanErrorCode.NAME_TOO_LONG
    return None


def _validate(
    sources: Sequence[SourceApp],
    mode: RestoreMode,
    source_tenant: SourceTenant,
    targets: Mapping[str, TargetState],
    target_tenant: TargetTenant | None,
    new_name: str | None,
) -> None:
    if not sources:
        raise PlanError(PlanErrorCode.NO_APPS_SELECTED)
    seen: set[str] = set()
    for source in sources:
        if source.object_id in seen:
            raise PlanError(PlanErrorCode.DUPLICATE_APP, object_id=source.object_id)
        seen.add(source.object_id)
    if mode is RestoreMode.AS_NEW:
        if len(sources) != 1:
            raise PlanError(PlanErrorCode.AS_NEW_NEEDS_ONE_APP, count=str(len(sources)))
        problem = validate_new_name(new_name)
        if problem is not None:
            raise PlanError(problem, max_length=str(MAX_DISPLAY_NAME_LENGTH))
    if mode is RestoreMode.WITH_OBJECT:
        for source in sources:
            if source.object_id not in targets:
                raise PlanError(PlanErrorCode.TARGET_STATE_MISSING, object_id=source.object_id)
    if mode is RestoreMode.OTHER_TENANT:
        if target_tenant is None:
            raise PlanError(PlanErrorCode.TARGET_TENANT_MISSING)
        if target_tenant.tenant_id.lower() == source_tenant.tenant_id.lower():
            raise PlanError(PlanErrorCode.SAME_TENANT, tenant_id=target_tenant.tenant_id)
        if not target_tenant.verified_domains:
            raise PlanError(PlanErrorCode.TARGET_HAS_NO_VERIFIED_DOMAINS, tenant_id=target_tenant.tenant_id)
        verified = {d.lower() for d in target_tenant.verified_domains}
        if target_tenant.chosen_domain.lower() not in verified:
            raise PlanError(PlanErrorCode.DOMAIN_NOT_VERIFIED, domain=target_tenant.chosen_domain)


# --- Writable projection ---------------------------------------------------------------------------------------------


def writable_application(application: Mapping[str, Any]) -> dict[str, Any]:
    """The properties of `application` a restore may send, recursively without Graph-filled fields (origin of
    roles and scopes, info.logoUrl, a keyCredential's key); unknown properties dropped; null non-nullable
    collections become []."""
    schema = load_schema()
    out: dict[str, Any] = {}
    for name, prop in schema.writable_application_properties().items():
        if name in application:
            out[name] = _writable_value(schema, prop, application[name])
    for credential in out.get("keyCredentials") or []:
        if isinstance(credential, dict):
            credential.pop("key", None)
    return out


def _writable_value(schema: GraphSchema, prop: PropertyDef, value: Any) -> Any:
    if value is None:
        return [] if prop.is_collection and not prop.nullable else None
    if prop.kind != "complex":
        return copy.deepcopy(value)
    if prop.is_collection and isinstance(value, list):
        return [_writable_object(schema, prop.type_name, v) if isinstance(v, Mapping) else v for v in value]
    if isinstance(value, Mapping):
        return _writable_object(schema, prop.type_name, value)
    return copy.deepcopy(value)


def _writable_object(schema: GraphSchema, type_name: str, value: Mapping[str, Any]) -> dict[str, Any]:
    props = schema.properties(type_name)
    skip = read_only_fields(type_name)
    return {
        key: _writable_value(schema, props[key], item)
        for key, item in value.items()
        if key in props and key not in skip
    }


def _canon(value: Any) -> Any:
    """Order-insensitive form for "is it already so?": lists sorted, keys sorted."""
    if isinstance(value, Mapping):
        return {k: _canon(value[k]) for k in sorted(value)}
    if isinstance(value, list | tuple):
        return sorted((_canon(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def _same(a: Any, b: Any) -> bool:
    return json.dumps(_canon(a), sort_keys=True) == json.dumps(_canon(b), sort_keys=True)


# --- Disable before remove (graph-notes §3) ------------------------------------------------------------------------


def disable_permissions_body(
    current_application: Mapping[str, Any], desired_application: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The PATCH that disables every enabled scope and app role that the desired state removes or changes
    (Graph refuses to delete or change an enabled one). The current values are sent otherwise unchanged.
    None when nothing needs disabling."""
    current = writable_application(current_application)
    desired = writable_application(desired_application)
    body: dict[str, Any] = {}
    current_api = current.get("api") or {}
    desired_scopes = (desired.get("api") or {}).get("oauth2PermissionScopes")
    if "api" in desired and current_api:
        scopes, changed = _disabled(current_api.get("oauth2PermissionScopes") or [], desired_scopes or [])
        if changed:
            body["api"] = {**current_api, "oauth2PermissionScopes": scopes}
    if "appRoles" in desired:
        roles, changed = _disabled(current.get("appRoles") or [], desired.get("appRoles") or [])
        if changed:
            body["appRoles"] = roles
    return body or None


def _disabled(current: list[Any], desired: list[Any]) -> tuple[list[Any], bool]:
    wanted = {str(item.get("id")): item for item in desired if isinstance(item, Mapping)}
    out: list[Any] = []
    changed = False
    for item in current:
        if not isinstance(item, Mapping):
            out.append(item)
            continue
        target = wanted.get(str(item.get("id")))
        must_go_or_change = target is None or not _same(_without_enabled(item), _without_enabled(target))
        if item.get("isEnabled") and must_go_or_change:
            out.append({**item, "isEnabled": False})
            changed = True
        else:
            out.append(dict(item))
    return out, changed


def _without_enabled(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != "isEnabled"}


# --- Planning --------------------------------------------------------------------------------------------------------


@dataclass
class _Context:
    mode: RestoreMode
    source_tenant: SourceTenant
    target_tenant: TargetTenant | None
    app_id_map: dict[str, str]  # old client id (lower) -> new client id or token, where it changes
    in_set: frozenset[str]  # old client ids (lower) of the apps in this restore

    @property
    def target_tenant_id(self) -> str:
        return self.target_tenant.tenant_id if self.target_tenant else self.source_tenant.tenant_id


@dataclass
class _Draft:
    """An item while it is built."""

    source: SourceApp
    action: Action
    object_id: str
    app_id: str
    target: TargetState
    warnings: list[PlanWarning] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    def warn(self, code: WarningCode, **params: str) -> None:
        warning = PlanWarning(code, params)
        if warning not in self.warnings:
            self.warnings.append(warning)

    @property
    def app_path(self) -> str:
        return f"/applications/{self.object_id}"


def plan_restore(
    sources: Sequence[SourceApp],
    mode: RestoreMode,
    *,
    source_tenant: SourceTenant,
    targets: Mapping[str, TargetState] | None = None,
    target_tenant: TargetTenant | None = None,
    new_name: str | None = None,
) -> RestorePlan:
    """The plan for restoring exactly `sources` (one item each, in the given order).

    targets: by source object id, the state of the app in the target (WITH_OBJECT: required; OTHER_TENANT:
    the copy an earlier restore made, absent = never copied). Raises PlanError for bad input.
    """
    targets = targets or {}
    _validate(sources, mode, source_tenant, targets, target_tenant, new_name)

    drafts = [_draft(source, mode, targets, target_tenant) for source in sources]
    app_id_map: dict[str, str] = {}
    if mode is RestoreMode.OTHER_TENANT and target_tenant is not None:
        app_id_map.update({old.lower(): new for old, new in target_tenant.previous_copies.items()})
    for draft in drafts:
        if draft.app_id.lower() != draft.source.app_id.lower():
            app_id_map[draft.source.app_id.lower()] = draft.app_id
    context = _Context(
        mode, source_tenant, target_tenant, app_id_map, frozenset(d.source.app_id.lower() for d in drafts)
    )
    items = tuple(_plan_item(draft, context, new_name) for draft in drafts)
    return RestorePlan(mode, context.target_tenant_id, items)


def _draft(
    source: SourceApp,
    mode: RestoreMode,
    targets: Mapping[str, TargetState],
    target_tenant: TargetTenant | None,
) -> _Draft:
    new_object, new_app = object_id_ref(source.object_id), app_id_ref(source.app_id)
    if mode is RestoreMode.AS_NEW:
        return _Draft(source, Action.CREATE_AS_NEW, new_object, new_app, TargetState.gone())
    target = targets.get(source.object_id, TargetState.gone())
    same = mode is RestoreMode.WITH_OBJECT
    if target.presence is Presence.GONE:
        action = Action.RECREATE if same else Action.CREATE_IN_TARGET
        return _Draft(source, action, new_object, new_app, target)
    if target.presence is Presence.EXISTS:
        action = Action.OVERWRITE if same else Action.OVERWRITE_IN_TARGET
    else:
        action = Action.UNDELETE if same else Action.UNDELETE_IN_TARGET
    object_id = target.object_id or (source.object_id if same else None)
    app_id = target.app_id or (source.app_id if same else None)
    if object_id is None or app_id is None:
        raise PlanError(PlanErrorCode.TARGET_STATE_MISSING, object_id=source.object_id)
    return _Draft(source, action, object_id, app_id, target)


def _plan_item(draft: _Draft, context: _Context, new_name: str | None) -> PlanItem:
    source_app = draft.source.document.get("application") or {}
    if draft.action is Action.RECREATE:
        draft.warn(WarningCode.CLIENT_ID_WILL_CHANGE, old_app_id=draft.source.app_id)
    desired = _desired_application(draft, context, source_app, new_name)
    certificates = _restorable_certificates(draft, source_app)
    token_key = _token_encryption_key(draft, source_app, certificates)
    if draft.action.creates_application:
        _plan_create(draft, desired, certificates, token_key)
    else:
        _plan_overwrite(draft, desired, certificates, token_key, "tokenEncryptionKeyId" in source_app)
    expected_federated, federated_exact = _plan_federated_credentials(draft)
    owner_ids, owners_exact = _plan_owners(draft, context)
    check_logo = _plan_logo(draft)
    _plan_secrets(draft, source_app)
    _plan_service_principal(draft, desired)
    if context.mode is RestoreMode.OTHER_TENANT:
        _warn_custom_apis(draft, context, source_app)

    expected_application = dict(desired)
    if certificates is not None:
        expected_application["keyCredentials"] = [
            {k: v for k, v in c.items() if k != "key"} for c in certificates
        ]
    if "tokenEncryptionKeyId" in source_app:
        expected_application["tokenEncryptionKeyId"] = token_key
    if any(w.code is WarningCode.UNIQUE_NAME_LEFT_OUT for w in draft.warnings):
        expected_application.pop("uniqueName", None)
    expected = ExpectedState(
        application=expected_application,
        owner_ids=owner_ids,
        owners_exact=owners_exact,
        federated_credentials=expected_federated,
        federated_credentials_exact=federated_exact,
        key_credential_keys={str(c["keyId"]): _key_sha(draft, c) for c in certificates or []},
        logo_sha256=draft.source.document.get("logo"),
        check_logo=check_logo,
    )
    return PlanItem(
        source=draft.source,
        action=draft.action,
        object_id=draft.object_id,
        app_id=draft.app_id,
        steps=tuple(draft.steps),
        warnings=tuple(draft.warnings),
        follow_ups=tuple(draft.follow_ups),
        changes=tuple(dict.fromkeys(draft.changes)),
        expected=expected,
    )


# --- The application body --------------------------------------------------------------------------------------------

# Where client ids of apps appear as whole values, and where inside URIs (graph-notes §3).
_REDIRECT_URI_PATHS: tuple[tuple[str, ...], ...] = (
    ("web", "redirectUris"),
    ("spa", "redirectUris"),
    ("publicClient", "redirectUris"),
)


def _desired_application(
    draft: _Draft, context: _Context, source_app: Mapping[str, Any], new_name: str | None
) -> dict[str, Any]:
    """The writable state the app must end in, ids remapped, URIs rewritten; without keyCredentials and
    tokenEncryptionKeyId (their own steps)."""
    desired = {k: v for k, v in writable_application(source_app).items() if k not in _SEPARATE_PROPERTIES}
    id_map = context.app_id_map
    if draft.action is Action.CREATE_AS_NEW:
        assert new_name is not None  # validated
        desired["displayName"] = new_name.strip()
        unique_name = desired.pop("uniqueName", None)
        if unique_name:
            draft.warn(
                WarningCode.UNIQUE_NAME_LEFT_OUT, unique_name=str(unique_name), reason="in_use_by_original"
            )
    if id_map:
        _remap_references(desired, id_map)
    if "identifierUris" in desired:
        desired["identifierUris"] = _identifier_uris(draft, context, desired["identifierUris"] or [])
    return desired


def _map_id(value: Any, id_map: Mapping[str, str]) -> Any:
    if isinstance(value, str) and value.lower() in id_map:
        return id_map[value.lower()]
    return value


def _remap_references(desired: dict[str, Any], id_map: Mapping[str, str]) -> None:
    api = desired.get("api")
    if isinstance(api, dict):
        if isinstance(api.get("knownClientApplications"), list):
            api["knownClientApplications"] = [_map_id(v, id_map) for v in api["knownClientApplications"]]
        for pre in api.get("preAuthorizedApplications") or []:
            if isinstance(pre, dict):
                pre["appId"] = _map_id(pre.get("appId"), id_map)
    for access in desired.get("requiredResourceAccess") or []:
        if isinstance(access, dict):
            access["resourceAppId"] = _map_id(access.get("resourceAppId"), id_map)
    # Redirect URIs of mobile/desktop apps embed the client id (msal{id}://auth, .../BrokerPlugin/{id}).
    for section, key in _REDIRECT_URI_PATHS:
        holder = desired.get(section)
        if isinstance(holder, dict) and isinstance(holder.get(key), list):
            holder[key] = [replace_ids(v, id_map) if isinstance(v, str) else v for v in holder[key]]
    web = desired.get("web")
    if isinstance(web, dict):
        for setting in web.get("redirectUriSettings") or []:
            if isinstance(setting, dict) and isinstance(setting.get("uri"), str):
                setting["uri"] = replace_ids(setting["uri"], id_map)
    if isinstance(desired.get("defaultRedirectUri"), str):
        desired["defaultRedirectUri"] = replace_ids(desired["defaultRedirectUri"], id_map)


def _identifier_uris(draft: _Draft, context: _Context, uris: Iterable[Any]) -> list[Any]:
    own = draft.source.app_id.lower()
    target = context.target_tenant
    out: list[Any] = []
    for uri in uris:
        if not isinstance(uri, str):
            out.append(uri)
            continue
        names_own_id = own in uri.lower()
        if draft.action is Action.CREATE_AS_NEW and not names_own_id:
            # Identifier URIs are unique in the tenant and the original still uses this one.
            draft.warn(
                WarningCode.IDENTIFIER_URI_LEFT_OUT, uri=uri, reason=UriLeftOutReason.IN_USE_BY_ORIGINAL
            )
            continue
        new = replace_ids(uri, context.app_id_map)
        if context.mode is RestoreMode.OTHER_TENANT and target is not None:
            new = replace_ids(new, {context.source_tenant.tenant_id: target.tenant_id})
            new = rewrite_domain(new, context.source_tenant.verified_domains, target.chosen_domain)
            if not acceptable_in_tenant(new, target.tenant_id, target.verified_domains):
                draft.warn(
                    WarningCode.IDENTIFIER_URI_LEFT_OUT,
                    uri=uri,
                    reason=UriLeftOutReason.NOT_ON_VERIFIED_DOMAIN,
                )
                continue
        if new != uri:
            draft.warn(WarningCode.IDENTIFIER_URI_REWRITTEN, old=uri, new=new)
        if new not in out:
            out.append(new)
    return out


def _post_body(desired: Mapping[str, Any]) -> dict[str, Any]:
    """What can be sent at creation: no id tokens (unknown yet), no nulls or empty collections (defaults)."""
    body: dict[str, Any] = {}
    for key, value in strip_refs(dict(desired)).items():
        if value is None or value == []:
            continue
        body[key] = value
    return body


# --- Certificates -----------------------------------------------------------------------------------------------------


def _key_sha(draft: _Draft, credential: Mapping[str, Any]) -> str:
    keys = draft.source.document.get("keyCredentialKeys") or {}
    return str(keys.get(str(credential.get("keyId")), ""))


def _restorable_certificates(draft: _Draft, source_app: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    """The keyCredentials to PATCH (with key tokens); None when the snapshot says nothing about them."""
    if "keyCredentials" not in source_app:
        return None
    keys = draft.source.document.get("keyCredentialKeys") or {}
    out: list[dict[str, Any]] = []
    for credential in writable_application({"keyCredentials": source_app.get("keyCredentials")}).get(
        "keyCredentials", []
    ):
        key_id = str(credential.get("keyId"))
        display_name = str(credential.get("displayName") or "")
        if (
            credential.get("type") not in _RESTORABLE_KEY_TYPES
            or credential.get("usage") not in _RESTORABLE_KEY_USAGES
        ):
            draft.warn(
                WarningCode.CERTIFICATE_NOT_RESTORABLE,
                key_id=key_id,
                display_name=display_name,
                reason="not_public",
            )
            continue
        sha = keys.get(key_id)
        if not sha:
            draft.warn(
                WarningCode.CERTIFICATE_NOT_RESTORABLE,
                key_id=key_id,
                display_name=display_name,
                reason="no_bytes",
            )
            continue
        out.append({**credential, "key": blob_ref(str(sha))})
    return out


def _token_encryption_key(
    draft: _Draft, source_app: Mapping[str, Any], certificates: list[dict[str, Any]] | None
) -> str | None:
    key_id = source_app.get("tokenEncryptionKeyId")
    if not key_id:
        return None
    if str(key_id) not in {str(c.get("keyId")) for c in certificates or []}:
        draft.warn(WarningCode.TOKEN_ENCRYPTION_KEY_LEFT_OUT, key_id=str(key_id))
        return None
    return str(key_id)


def _certificates_body(certificates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [dict(c) for c in certificates]


# --- Create ------------------------------------------------------------------------------------------------------------


def _plan_create(
    draft: _Draft, desired: dict[str, Any], certificates: list[dict[str, Any]] | None, token_key: str | None
) -> None:
    draft.steps.append(
        Step(
            StepKind.CREATE_APPLICATION,
            "POST",
            "/applications",
            _post_body(desired),
            phase=Phase.CREATE,
            binds=draft.source.object_id,
        )
    )
    draft.changes.extend(k for k, v in desired.items() if v not in (None, []))
    # Everything naming a new id (its own, or another app's in this restore) once all ids exist.
    completion = {k: v for k, v in desired.items() if contains_ref(v)}
    if certificates:
        completion["keyCredentials"] = _certificates_body(certificates)
        draft.changes.append("keyCredentials")
    if completion:
        draft.steps.append(Step(StepKind.UPDATE_APPLICATION, "PATCH", draft.app_path, completion))
    if token_key:
        _set_token_encryption_key(draft, token_key)


# --- Overwrite / undelete -----------------------------------------------------------------------------------------------


def _plan_overwrite(
    draft: _Draft,
    desired: dict[str, Any],
    certificates: list[dict[str, Any]] | None,
    token_key: str | None,
    manage_token_key: bool,
) -> None:
    if draft.action in (Action.UNDELETE, Action.UNDELETE_IN_TARGET):
        draft.steps.append(
            Step(
                StepKind.RESTORE_DELETED_APPLICATION,
                "POST",
                f"/directory/deletedItems/{draft.object_id}/restore",
                phase=Phase.CREATE,
            )
        )
        draft.changes.append("restored from the recycle bin")
    document = draft.target.document
    current_raw = document.get("application") if document is not None else None
    current = writable_application(current_raw) if isinstance(current_raw, Mapping) else None

    # 1. Disable what must go or change (graph-notes §3), in its own PATCH.
    # `desired` rides along so a runner can also recompute the body from a fresh read.
    wanted: dict[str, Any] = {k: desired[k] for k in ("api", "appRoles") if k in desired}
    if current is not None:
        disable = disable_permissions_body(current, desired)
        if disable is not None:
            draft.steps.append(
                Step(StepKind.DISABLE_PERMISSIONS, "PATCH", draft.app_path, disable, desired=wanted)
            )
    elif wanted:
        draft.steps.append(Step(StepKind.DISABLE_PERMISSIONS, "PATCH", draft.app_path, None, desired=wanted))

    # 2. The application's own properties: what differs (everything when the current state is unknown).
    body: dict[str, Any] = {}
    for key, value in desired.items():
        if key in WRITE_ONCE_APPLICATION_PROPERTIES:
            _write_once(draft, body, key, value, current)
        elif current is None or key not in current or not _same(current[key], value):
            body[key] = value
    if body.get("signInAudience") in _MSA_AUDIENCES and "api" in desired:
        body["api"] = desired["api"]  # requestedAccessTokenVersion 2 must come in the same body
    current_keys = _current_key_ids(current)
    certificates_change = certificates is not None and _certificates_differ(draft, current, certificates)
    current_token_key = current.get("tokenEncryptionKeyId") if current is not None else _UNKNOWN
    token_key_later = False
    if certificates_change:
        # The key the app encrypts tokens with can't be removed from under it; set it again after the keys.
        if current_token_key is _UNKNOWN or (current_token_key and current_token_key != token_key):
            body["tokenEncryptionKeyId"] = None
        token_key_later = token_key is not None and current_token_key != token_key
    elif not manage_token_key:
        pass  # a snapshot that does not name it: leave it as it is
    elif current_token_key is _UNKNOWN or (current_token_key or None) != token_key:
        if token_key is None or token_key in current_keys or current is None:
            body["tokenEncryptionKeyId"] = token_key
        else:
            token_key_later = True
    if body:
        draft.steps.append(Step(StepKind.UPDATE_APPLICATION, "PATCH", draft.app_path, body))
        draft.changes.extend(k for k in body if k != "tokenEncryptionKeyId" or body[k] == token_key)

    # 3. Certificates (public keys), then the token encryption key that names one of them.
    if certificates_change and certificates is not None:
        draft.steps.append(
            Step(
                StepKind.SET_CERTIFICATES,
                "PATCH",
                draft.app_path,
                {"keyCredentials": _certificates_body(certificates)},
            )
        )
        draft.changes.append("keyCredentials")
    if token_key_later:
        _set_token_encryption_key(draft, token_key)


def _set_token_encryption_key(draft: _Draft, token_key: str | None) -> None:
    """Its own PATCH, after the certificates: Graph refuses a key id that names no certificate yet."""
    draft.steps.append(Step(StepKind.SET_TOKEN_ENCRYPTION_KEY, "PATCH", draft.app_path,
                            {"tokenEncryptionKeyId": token_key}))
    draft.changes.append("tokenEncryptionKeyId")


class _Unknown:
    pass


_UNKNOWN: Any = _Unknown()


def _write_once(
    draft: _Draft, body: dict[str, Any], key: str, value: Any, current: Mapping[str, Any] | None
) -> None:
    """uniqueName can be set only while it is null (graph-notes §1.1)."""
    if current is None or value is None:
        return  # unknown: the object keeps what it has
    existing = current.get(key)
    if existing is None:
        body[key] = value
    elif existing != value:
        draft.warn(WarningCode.UNIQUE_NAME_LEFT_OUT, unique_name=str(value), reason="immutable")


def _current_key_ids(current: Mapping[str, Any] | None) -> set[str]:
    if current is None:
        return set()
    return {str(c.get("keyId")) for c in current.get("keyCredentials") or [] if isinstance(c, Mapping)}


def _certificates_differ(
    draft: _Draft, current: Mapping[str, Any] | None, certificates: list[dict[str, Any]]
) -> bool:
    if current is None:
        return True
    metadata = [{k: v for k, v in c.items() if k != "key"} for c in certificates]
    if not _same(current.get("keyCredentials") or [], metadata):
        return True
    document = draft.target.document or {}
    current_keys = document.get("keyCredentialKeys")
    if not isinstance(current_keys, Mapping):
        return False  # same metadata; the bytes were not read, and a keyId names one certificate
    return any(current_keys.get(str(c["keyId"])) not in (None, _key_sha(draft, c)) for c in certificates)


# --- Federated credentials, owners, logo, service principal, secrets -----------------------------------------------

_FIC_FIELDS = ("issuer", "subject", "audiences", "description")


def _fic_body(credential: Mapping[str, Any], with_name: bool) -> dict[str, Any]:
    body = {k: copy.deepcopy(credential[k]) for k in _FIC_FIELDS if k in credential}
    if with_name:
        body = {"name": credential.get("name"), **body}
    return body


def _plan_federated_credentials(draft: _Draft) -> tuple[tuple[Mapping[str, Any], ...], bool]:
    wanted = [
        c for c in draft.source.document.get("federatedIdentityCredentials") or [] if isinstance(c, Mapping)
    ]
    base = f"{draft.app_path}/federatedIdentityCredentials"
    if draft.action.creates_application:
        for credential in wanted:
            draft.steps.append(
                Step(StepKind.ADD_FEDERATED_CREDENTIAL, "POST", base, _fic_body(credential, True))
            )
        if wanted:
            draft.changes.append("federatedIdentityCredentials")
        return tuple(wanted), True
    document = draft.target.document
    current_list = document.get("federatedIdentityCredentials") if document is not None else None
    if not isinstance(current_list, list):
        # Unknown current state: create or update each by name (upsert); extras, if any, stay.
        for credential in wanted:
            draft.steps.append(
                Step(
                    StepKind.UPSERT_FEDERATED_CREDENTIAL,
                    "PATCH",
                    f"{base}(name='{credential.get('name')}')",
                    _fic_body(credential, True),
                    headers=(("Prefer", "create-if-missing"),),
                )
            )
        _warn_unknown(draft, "federatedIdentityCredentials")
        if wanted:
            draft.changes.append("federatedIdentityCredentials")
        return tuple(wanted), False
    current = {str(c.get("name")): c for c in current_list if isinstance(c, Mapping)}
    desired = {str(c.get("name")): c for c in wanted}
    steps: list[Step] = []
    # Deletes first: issuer+subject are unique within an app and there is a cap of 20 (graph-notes §1.3).
    for name in sorted(set(current) - set(desired)):
        steps.append(Step(StepKind.DELETE_FEDERATED_CREDENTIAL, "DELETE", f"{base}/{name}"))
    for name in sorted(set(current) & set(desired)):
        if not _same(_fic_body(current[name], False), _fic_body(desired[name], False)):
            # The name is immutable (and the key), so only the other fields are sent.
            steps.append(
                Step(
                    StepKind.UPDATE_FEDERATED_CREDENTIAL,
                    "PATCH",
                    f"{base}/{name}",
                    _fic_body(desired[name], False),
                )
            )
    for name in sorted(set(desired) - set(current)):
        steps.append(Step(StepKind.ADD_FEDERATED_CREDENTIAL, "POST", base, _fic_body(desired[name], True)))
    draft.steps.extend(steps)
    if steps:
        draft.changes.append("federatedIdentityCredentials")
    return tuple(wanted), True


def _warn_unknown(draft: _Draft, part: str) -> None:
    """The current `part` was not read. An app in the recycle bin has its owners and federated credentials only
    listed once it is back (graph-notes §4): nothing failed, so the warning says why (reason=recycle_bin)."""
    if draft.action in (Action.UNDELETE, Action.UNDELETE_IN_TARGET):
        draft.warn(WarningCode.TARGET_STATE_UNKNOWN, part=part, reason="recycle_bin")
    else:
        draft.warn(WarningCode.TARGET_STATE_UNKNOWN, part=part)


def _owner_ref_body(owner_id: str) -> dict[str, Any]:
    return {"@odata.id": f"{GRAPH_BASE_TOKEN}/directoryObjects/{owner_id}"}


def _map_owner(draft: _Draft, context: _Context, owner: Mapping[str, Any]) -> str | None:
    owner_id = str(owner.get("id"))
    target = context.target_tenant
    if context.mode is not RestoreMode.OTHER_TENANT or target is None:
        return owner_id
    upn = owner.get("userPrincipalName")
    app_id = owner.get("appId")
    found: str | None = None
    if isinstance(upn, str):
        found = _users_by_upn(target).get(upn.lower())
    elif isinstance(app_id, str):
        by_app = {k.lower(): v for k, v in target.service_principals_by_app_id.items()}
        found = by_app.get(app_id.lower())
    if found is None:
        params = {"owner_id": owner_id, "display_name": str(owner.get("displayName") or "")}
        if isinstance(upn, str):
            params["user_principal_name"] = upn
        if isinstance(app_id, str):
            params["app_id"] = app_id
        draft.warn(WarningCode.OWNER_NOT_FOUND, **params)
    return found


def _users_by_upn(target: TargetTenant) -> dict[str, str]:
    """Target users by lower-case UPN; a guest (ann_contoso.com#EXT#@fabrikam.onmicrosoft.com) is also found
    under the UPN it has at home (ann@contoso.com), which is what the source tenant's owner list shows. A
    member with that exact UPN wins over a guest."""
    out: dict[str, str] = {}
    for upn, object_id in target.users_by_upn.items():
        lowered = upn.lower()
        if "#ext#@" in lowered:
            local = lowered.split("#ext#@", 1)[0]
            name, _, domain = local.rpartition("_")
            if name and domain:
                out.setdefault(f"{name}@{domain}", object_id)
    for upn, object_id in target.users_by_upn.items():
        out[upn.lower()] = object_id
    return out


def _plan_owners(draft: _Draft, context: _Context) -> tuple[frozenset[str] | None, bool]:
    """Add the snapshot's owners, then remove the others - except when the snapshot had none that can be put
    back: then the current owners stay (an app with no owner can only be managed by admins, which a restore
    should not cause behind the user's back; the report says so)."""
    wanted: list[str] = []
    for owner in draft.source.document.get("owners") or []:
        if isinstance(owner, Mapping):
            mapped = _map_owner(draft, context, owner)
            if mapped is not None and mapped not in wanted:
                wanted.append(mapped)
    base = f"{draft.app_path}/owners"
    document = draft.target.document
    current_list = None if draft.action.creates_application or document is None else document.get("owners")
    current = (
        [str(o.get("id")) for o in current_list if isinstance(o, Mapping)]
        if isinstance(current_list, list)
        else None
    )
    to_add = [o for o in wanted if current is None or o not in current]
    for owner_id in to_add:
        draft.steps.append(Step(StepKind.ADD_OWNER, "POST", f"{base}/$ref", _owner_ref_body(owner_id)))
    changed = bool(to_add)
    if draft.action.creates_application:
        if changed:
            draft.changes.append("owners")
        return frozenset(wanted), False  # the creator may be added by Graph
    if current is None:
        _warn_unknown(draft, "owners")
        if changed:
            draft.changes.append("owners")
        return frozenset(wanted), False
    extras = [o for o in current if o not in wanted]
    if extras and not wanted:
        draft.warn(WarningCode.OWNERS_KEPT, count=str(len(extras)))
        if changed:
            draft.changes.append("owners")
        return frozenset(current), True
    for owner_id in extras:
        draft.steps.append(Step(StepKind.REMOVE_OWNER, "DELETE", f"{base}/{owner_id}/$ref"))
    if changed or extras:
        draft.changes.append("owners")
    return frozenset(wanted), True


def _plan_logo(draft: _Draft) -> bool:
    wanted = draft.source.document.get("logo")
    document = draft.target.document
    known = not draft.action.creates_application and document is not None and "logo" in document
    current = document.get("logo") if known and document is not None else None
    if wanted:
        if not known or current != wanted or draft.action.creates_application:
            draft.steps.append(
                Step(
                    StepKind.SET_LOGO,
                    "PUT",
                    f"{draft.app_path}/logo",
                    content_sha256=str(wanted),
                    content_type="application/octet-stream",
                )
            )
            draft.changes.append("logo")
        return True
    if known and current:
        draft.warn(WarningCode.LOGO_NOT_REMOVABLE)
        return False
    return known or draft.action.creates_application


def _plan_service_principal(draft: _Draft, desired: Mapping[str, Any]) -> None:
    sp = draft.target.service_principal
    create = False
    if draft.action.creates_application:
        create = True
    elif draft.action in (Action.UNDELETE, Action.UNDELETE_IN_TARGET):
        if draft.target.deleted_service_principal_id:
            draft.steps.append(
                Step(
                    StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL,
                    "POST",
                    f"/directory/deletedItems/{draft.target.deleted_service_principal_id}/restore",
                )
            )
            draft.changes.append("servicePrincipal")
        elif sp is not ServicePrincipalPresence.PRESENT:
            create = True
    elif sp is ServicePrincipalPresence.ABSENT:
        create = True
    if create:
        draft.steps.append(
            Step(StepKind.CREATE_SERVICE_PRINCIPAL, "POST", "/servicePrincipals", {"appId": draft.app_id})
        )
        draft.changes.append("servicePrincipal")
        # Consent lives on the service principal: a new one has none.
        resources = [
            str(a.get("resourceAppId"))
            for a in desired.get("requiredResourceAccess") or []
            if isinstance(a, Mapping) and a.get("resourceAccess")
        ]
        if resources:
            draft.follow_ups.append(
                FollowUp(FollowUpCode.GRANT_ADMIN_CONSENT, {"resource_app_ids": ",".join(resources)})
            )


def _plan_secrets(draft: _Draft, source_app: Mapping[str, Any]) -> None:
    """Secrets can't be put back (Graph never returns them): each one the app had and lacks is a follow-up."""
    document = draft.target.document
    current_app = document.get("application") if document is not None else None
    if draft.action.creates_application:
        current_ids: set[str] | None = set()
    elif isinstance(current_app, Mapping) and "passwordCredentials" in current_app:
        current_ids = {
            str(c.get("keyId"))
            for c in current_app.get("passwordCredentials") or []
            if isinstance(c, Mapping)
        }
    else:
        current_ids = None  # undelete without a known state: the object comes back with its secrets
    if current_ids is None:
        return
    snapshot = secrets_of({"application": source_app})
    for secret in snapshot:
        if str(secret.key_id) not in current_ids:
            draft.follow_ups.append(
                FollowUp(
                    FollowUpCode.ISSUE_SECRET,
                    {
                        "key_id": secret.key_id or "",
                        "display_name": secret.display_name or "",
                        "hint": secret.hint or "",
                        "end_date_time": secret.end_date_time or "",
                    },
                )
            )
    if draft.action is Action.OVERWRITE and isinstance(current_app, Mapping):
        # Secrets added since the snapshot stay: removing one could stop a service in production.
        snapshot_ids = {str(s.key_id) for s in snapshot}
        for credential in current_app.get("passwordCredentials") or []:
            if isinstance(credential, Mapping) and str(credential.get("keyId")) not in snapshot_ids:
                draft.warn(
                    WarningCode.SECRET_KEPT,
                    key_id=str(credential.get("keyId")),
                    display_name=str(credential.get("displayName") or ""),
                    hint=str(credential.get("hint") or ""),
                )


def is_first_party(app_id: str) -> bool:
    return bool(_FIRST_PARTY_PATTERN.match(app_id)) or app_id.lower() in _FIRST_PARTY_APP_IDS


def _warn_custom_apis(draft: _Draft, context: _Context, source_app: Mapping[str, Any]) -> None:
    target = context.target_tenant
    assert target is not None
    known = {a.lower() for a in target.known_app_ids}
    for access in source_app.get("requiredResourceAccess") or []:
        if not isinstance(access, Mapping):
            continue
        resource = str(access.get("resourceAppId") or "")
        lowered = resource.lower()
        if lowered in context.app_id_map or lowered in context.in_set or lowered in known:
            continue
        if context.source_tenant.app_ids:
            custom = lowered in {a.lower() for a in context.source_tenant.app_ids}
        else:
            custom = not is_first_party(resource)
        if custom:
            draft.warn(WarningCode.CUSTOM_API_NOT_IN_TARGET, resource_app_id=resource)


# --- Verify ------------------------------------------------------------------------------------------------------------


def expected_application(item: PlanItem, ids: ResolvedIds) -> dict[str, Any]:
    """The writable properties the app must have after the run, with the new ids filled in."""
    resolved: dict[str, Any] = resolve(dict(item.expected.application), ids)
    return resolved


def verify(item: PlanItem, read_back: Mapping[str, Any], ids: ResolvedIds) -> list[Mismatch]:
    """Differences between the app as read back after the run (an AppDocument) and what the plan set.

    Not compared: what Graph does not let a client restore (secrets, ids, client id, read-only properties),
    collection order, and - for a new app - owners beyond the expected ones (Graph adds the creator)."""
    mismatches: list[Mismatch] = []
    expected = item.expected
    want_app = expected_application(item, ids)
    got_app = writable_application(read_back.get("application") or {})
    for key in sorted(want_app):
        if not _same(want_app[key], got_app.get(key, _missing_default(key))):
            mismatches.append(Mismatch(("application", key), want_app[key], got_app.get(key)))

    if expected.owner_ids is not None:
        got_owners = {str(o.get("id")) for o in read_back.get("owners") or [] if isinstance(o, Mapping)}
        want_owners = set(resolve(sorted(expected.owner_ids), ids))
        if (expected.owners_exact and got_owners != want_owners) or not want_owners <= got_owners:
            mismatches.append(Mismatch(("owners",), sorted(want_owners), sorted(got_owners)))

    got_fics = {
        str(c.get("name")): c
        for c in read_back.get("federatedIdentityCredentials") or []
        if isinstance(c, Mapping)
    }
    for credential in expected.federated_credentials:
        name = str(credential.get("name"))
        got = got_fics.get(name)
        if got is None or not _same(_fic_body(credential, False), _fic_body(got, False)):
            mismatches.append(Mismatch(("federatedIdentityCredentials", name), dict(credential), got))
    if expected.federated_credentials_exact:
        wanted_names = {str(c.get("name")) for c in expected.federated_credentials}
        for name in sorted(set(got_fics) - wanted_names):
            mismatches.append(Mismatch(("federatedIdentityCredentials", name), None, got_fics[name]))

    got_keys = read_back.get("keyCredentialKeys") or {}
    for key_id, sha in sorted(expected.key_credential_keys.items()):
        actual = got_keys.get(key_id)
        if actual is not None and actual != sha:  # absent: the runner did not read the bytes back
            mismatches.append(Mismatch(("keyCredentialKeys", key_id), sha, actual))

    if expected.check_logo and read_back.get("logo") != expected.logo_sha256:
        mismatches.append(Mismatch(("logo",), expected.logo_sha256, read_back.get("logo")))
    return mismatches


def _missing_default(key: str) -> Any:
    prop = load_schema().writable_application_properties().get(key)
    return [] if prop is not None and prop.is_collection else None
