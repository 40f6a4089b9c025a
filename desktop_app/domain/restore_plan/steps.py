"""The steps of a plan: one Graph request each, in phases, with what each kind means for retries (the
contract with the runner is in the package's docstring)."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.remap import (
    Ref,
    ResolvedIds,
    refs_in,
    resolve,
)


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
    SET_PRE_AUTHORIZED_APPLICATIONS = "set_pre_authorized_applications"
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
    UPDATE_SERVICE_PRINCIPAL = "update_service_principal"
    SET_DELEGATED_GRANT = "set_delegated_grant"  # body: the grant; the runner updates the one there or creates it
    REMOVE_DELEGATED_GRANT = "remove_delegated_grant"  # body: which grant (clientId, consentType, principalId, resourceId)
    ADD_APP_ROLE_ASSIGNMENT = "add_app_role_assignment"
    REMOVE_APP_ROLE_ASSIGNMENT = "remove_app_role_assignment"  # body: which one (principalId, resourceId, appRoleId)
    CREATE_EXTENSION_PROPERTY = "create_extension_property"  # POST .../extensionProperties {name, dataType, ...}
    # POST .../addTokenSigningCertificate {displayName}; the runner then sets preferredTokenSigningKeyThumbprint to it
    ADD_TOKEN_SIGNING_CERTIFICATE = "add_token_signing_certificate"
    # Incident rollback (domain/rollback.py). Removals answered 404 (gone already) are done.
    RECYCLE_APPLICATION = "recycle_application"  # DELETE: to the recycle bin (Graph's soft delete), never purged
    RECYCLE_SERVICE_PRINCIPAL = "recycle_service_principal"
    REMOVE_PASSWORD = "remove_password"  # POST .../removePassword {keyId}
    # PATCH keyCredentials: body {"remove": [keyId], "add": [keyCredential with a blob token]}; the runner reads the
    # live keys with their bytes and sends them back without the removed and with the added
    EDIT_KEY_CREDENTIALS = "edit_key_credentials"
    # PATCH of the app's URI and permission lists: body {"redirectUris": {"remove": [uri], "add": {platform: [uri]}},
    # "identifierUris": {"remove", "add"}, "requiredResourceAccess": {"remove", "add": [{resourceAppId, id, type}]}};
    # the runner reads the live lists and changes them only there
    EDIT_APPLICATION_LISTS = "edit_application_lists"

    @property
    def retry_safe(self) -> bool:
        """Whether the runner may simply send it again after a timeout or a 5xx. Creating an application is
        not (a second POST makes a duplicate): look it up first. Restoring from the recycle bin is not either
        (a second try fails once the first worked): check where the object is first."""
        return self not in (
            StepKind.CREATE_APPLICATION,
            StepKind.RESTORE_DELETED_APPLICATION,
            StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL,
            StepKind.ADD_TOKEN_SIGNING_CERTIFICATE,  # a second one makes a second certificate
        )

    @property
    def conflict_means_done(self) -> bool:
        """An "already exists" answer means the step's effect is there (an earlier attempt, or an object that
        came back from the recycle bin with it)."""
        return self in (
            StepKind.ADD_OWNER,
            StepKind.CREATE_SERVICE_PRINCIPAL,
            StepKind.ADD_FEDERATED_CREDENTIAL,
            StepKind.ADD_APP_ROLE_ASSIGNMENT,
            StepKind.SET_DELEGATED_GRANT,
            StepKind.CREATE_EXTENSION_PROPERTY,
        )

    @property
    def finds_its_object(self) -> bool:
        """The body names the object by what it is, not by id (grants and assignments have tenant-made ids the
        document doesn't keep): the runner lists the collection at `path` (grants: of the body's clientId) to find
        it, then updates or deletes that one. Nothing found: a remove is done; a set creates it."""
        return self in (StepKind.SET_DELEGATED_GRANT, StepKind.REMOVE_DELEGATED_GRANT,
                        StepKind.REMOVE_APP_ROLE_ASSIGNMENT)


# The Graph entity type each kind's JSON body is, for schema validation; None: no body or a $ref body.
BODY_TYPES: Mapping[StepKind, str | None] = {
    StepKind.RESTORE_DELETED_APPLICATION: None,
    StepKind.CREATE_APPLICATION: "application",
    StepKind.DISABLE_PERMISSIONS: "application",
    StepKind.UPDATE_APPLICATION: "application",
    StepKind.SET_PRE_AUTHORIZED_APPLICATIONS: "application",
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
    StepKind.UPDATE_SERVICE_PRINCIPAL: "servicePrincipal",
    StepKind.SET_DELEGATED_GRANT: "oAuth2PermissionGrant",
    StepKind.REMOVE_DELEGATED_GRANT: None,
    StepKind.ADD_APP_ROLE_ASSIGNMENT: "appRoleAssignment",
    StepKind.REMOVE_APP_ROLE_ASSIGNMENT: None,
    StepKind.CREATE_EXTENSION_PROPERTY: "extensionProperty",
    StepKind.ADD_TOKEN_SIGNING_CERTIFICATE: None,  # an action's parameters, not an entity
    StepKind.RECYCLE_APPLICATION: None,
    StepKind.RECYCLE_SERVICE_PRINCIPAL: None,
    StepKind.REMOVE_PASSWORD: None,
    StepKind.EDIT_KEY_CREDENTIALS: None,
    StepKind.EDIT_APPLICATION_LISTS: None,
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
    # DISABLE_PERMISSIONS: the PATCH that puts back what it disabled, should a later step of the item fail
    # (None with no body: the runner keeps the api/appRoles it read before disabling).
    undo: dict[str, Any] | None = None

    @property
    def upsert(self) -> bool:
        """CREATE_APPLICATION through `PATCH /applications(uniqueName=...)` with `Prefer: create-if-missing`:
        201 with the new app, or 204 when it exists already (an earlier attempt): then GET `path` for its ids."""
        return self.kind is StepKind.CREATE_APPLICATION and self.method == "PATCH"

    @property
    def retry_safe(self) -> bool:
        """Like `kind.retry_safe`, except that a create through the upsert may be sent again."""
        return self.kind.retry_safe or self.upsert

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
