"""A plan as the runner and the report see it: items with their steps, warnings, follow-ups and the state
to verify; and what verify reports."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.restore_plan.inputs import RestoreMode, SourceApp
from desktop_app.domain.restore_plan.steps import Action, Step


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
    CONSENT_RESOURCE_NOT_IN_TARGET = "consent_resource_not_in_target"  # resource_app_id, display_name
    PERMISSION_NOT_IN_TARGET = "permission_not_in_target"  # resource_app_id, value: the resource doesn't publish it
    PRINCIPAL_NOT_FOUND = "principal_not_found"  # principal_type, principal_id, display_name, user_principal_name
    ACCESS_NOT_COPIED = "access_not_copied"  # as new: consent and assignments were not asked to be copied
    ACCESS_FROM_RECYCLE_BIN = "access_from_recycle_bin"  # they come back with the service principal, as they were
    # keyCredentials is replaced whole by PATCH: keys the plan can't send again stay as they are (key_ids)
    CERTIFICATES_KEPT = "certificates_kept"
    # the snapshot was written before this key's bytes were read (they are still to come, or the backup was
    # stopped): the app's live key with that keyId is kept as it is (key_id, display_name)
    CERTIFICATE_BYTES_PENDING = "certificate_bytes_pending"
    FEDERATED_CREDENTIAL_LEFT_OUT = "federated_credential_left_out"  # name, issuer, reason=entra_issuer
    KNOWN_CLIENT_LEFT_OUT = "known_client_left_out"  # app_id: not an app of the target tenant
    PRE_AUTHORIZATION_LEFT_OUT = "pre_authorization_left_out"  # app_id: not an app of the target tenant
    # the target tenant has Entra ID Free: groups can't be assigned to an app (P1 or P2 needed): display_name, role
    GROUP_ASSIGNMENT_NEEDS_PREMIUM = "group_assignment_needs_premium"
    # directory extension definitions (name: the full name): Graph can't change one, so one that differs from the
    # snapshot is kept as it is; one the snapshot lacks is kept (deleting it deletes its values on every object);
    # one synced from on-premises AD is Microsoft Entra Connect's to make
    EXTENSION_PROPERTY_DIFFERS = "extension_property_differs"
    EXTENSION_PROPERTY_KEPT = "extension_property_kept"
    EXTENSION_PROPERTY_SYNCED = "extension_property_synced"
    # a redirect URI Graph refuses (http other than localhost, a custom scheme off a public client, one of
    # ! $ ' ( ) , ;) is left out (uri, platform); a platform whose live list holds one is kept as it is (platform)
    REDIRECT_URI_LEFT_OUT = "redirect_uri_left_out"
    REDIRECT_URIS_KEPT = "redirect_uris_kept"
    # a certificate of the enterprise application (its service principal's own, not a SAML signing one) that the
    # service principal written to lacks: a backup keeps no service principal certificate bytes (key_id,
    # display_name, usage)
    SP_CERTIFICATE_NOT_RESTORED = "sp_certificate_not_restored"
    # Said by the run, not the planner:
    OWNER_GONE = "owner_gone"  # owner_id: deleted since the preview, left out
    SERVER_DEFAULT = "server_default"  # path: Graph gave the new app its default where the snapshot had none
    ADOPTED = "adopted"  # an interrupted restore had created this app: taken over and completed, no duplicate
    FOUND_AFTER_TIMEOUT = "found_after_timeout"  # a create's answer was lost: the app it made was found and used
    GROUP_ASSIGNMENT_REFUSED = "group_assignment_refused"  # display_name, role: the tenant's plan refused it (Free)
    ASSIGNMENTS_NOT_LISTED_YET = "assignments_not_listed_yet"  # count: made, accepted, not in Graph's lists yet
    NEW_SIGNING_CERTIFICATE = "new_signing_certificate"  # thumbprint: a SAML app's new token signing certificate


# Said for the admin's information (nothing went wrong, nothing to do): shown as notes, apart from warnings. An app
# restored and verified with notes only is done ("verified"); a warning makes it "done with warnings".
NOTE_CODES = frozenset({
    WarningCode.OWNERS_KEPT, WarningCode.SECRET_KEPT, WarningCode.LOGO_NOT_REMOVABLE,
    WarningCode.IDENTIFIER_URI_REWRITTEN, WarningCode.ACCESS_FROM_RECYCLE_BIN, WarningCode.SERVER_DEFAULT,
    WarningCode.ASSIGNMENTS_NOT_LISTED_YET, WarningCode.ADOPTED, WarningCode.FOUND_AFTER_TIMEOUT,
    WarningCode.NEW_SIGNING_CERTIFICATE,
})


class UriLeftOutReason(enum.StrEnum):
    IN_USE_BY_ORIGINAL = "in_use_by_original"
    NOT_ON_VERIFIED_DOMAIN = "not_on_verified_domain"
    # The identifier-URI policy (new URIs must name a verified domain, the tenant id or the app id)
    NOT_ALLOWED_BY_POLICY = "not_allowed_by_policy"


@dataclass(frozen=True)
class PlanWarning:
    code: WarningCode
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_note(self) -> bool:
        """A note (NOTE_CODES; a part of an app in the recycle bin that can't be listed until it is back), not a
        warning."""
        if self.code is WarningCode.TARGET_STATE_UNKNOWN:
            return self.params.get("reason") == "recycle_bin"
        return self.code in NOTE_CODES


def any_warning(warnings: Iterable[PlanWarning]) -> bool:
    """Whether any of them is a warning, not a note: what makes a verified app "done with warnings"."""
    return any(not w.is_note for w in warnings)


class FollowUpCode(enum.StrEnum):
    ISSUE_SECRET = "issue_secret"  # key_id, display_name, hint, end_date_time
    GRANT_ADMIN_CONSENT = "grant_admin_consent"  # resource_app_ids (comma separated)
    # the app's extension definitions were made again under its new client id: the values on users and other
    # objects keep the old names (names: the old full names, comma separated)
    COPY_EXTENSION_VALUES = "copy_extension_values"
    # the SAML app's service principal got a new token signing certificate (Graph never returns a private key): the
    # service provider must be given the new certificate (old_thumbprint)
    NEW_SAML_SIGNING_CERTIFICATE = "new_saml_signing_certificate"
    # a client secret of the enterprise application (its service principal's own) that the service principal
    # written to lacks (key_id, display_name, hint, end_date_time): Graph never returns a secret
    ISSUE_SP_SECRET = "issue_sp_secret"


@dataclass(frozen=True)
class FollowUp:
    code: FollowUpCode
    params: Mapping[str, str] = field(default_factory=dict)


class AccessChangeKind(enum.StrEnum):
    GRANT = "grant"  # delegated consent given (or its scopes set): subject = resource, detail = scopes, who
    REVOKE = "revoke"
    PERMIT = "permit"  # an application permission granted: subject = resource, detail = permission
    UNPERMIT = "unpermit"
    ASSIGN = "assign"  # a user or group assigned: subject = "user x" / "group y", detail = role
    UNASSIGN = "unassign"


@dataclass(frozen=True)
class AccessChange:
    """One grant or assignment a plan creates or removes, for the preview and the report (consent is a powerful
    write: it is named plainly)."""

    kind: AccessChangeKind
    subject: str
    detail: str
    who: str = ""  # a per-user grant: the user
    principal_id: str = ""  # an assignment: the user's or group's id in the target


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
    # The enterprise application: settings that must hold, and by list ("delegatedPermissionGrants",
    # "appRoleAssignments", "appRoleAssignedTo") the item keys that must be there (grants with their scopes), exact
    # when the plan also removed the others. None: not checked.
    enterprise: Mapping[str, Any] | None = None
    extension_properties: tuple[str, ...] = ()  # the short names of the extension definitions the app must own


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
    access: tuple[AccessChange, ...] = ()  # consent and assignments this item creates or removes

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


@dataclass(frozen=True)
class Mismatch:
    path: tuple[str, ...]
    expected: Any
    actual: Any
