"""What a restore is asked to do: the apps at a snapshot, the mode, where they go and what is there now;
checked before anything is planned."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.document import AppDocument

MAX_DISPLAY_NAME_LENGTH = 120  # graph-notes §1.3: the strictest documented limit (AAD audiences)


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


def validate_new_name(name: str | None) -> PlanErrorCode | None:
    """For the wizard's name field and the CLI: None when `name` can be the display name of a new app."""
    text = (name or "").strip()
    if not text:
        return PlanErrorCode.NAME_EMPTY
    if len(text) > MAX_DISPLAY_NAME_LENGTH:
        return PlanErrorCode.NAME_TOO_LONG
    return None


def validate_request(
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
