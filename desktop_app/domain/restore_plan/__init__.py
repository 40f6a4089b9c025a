"""Restore planning: from app documents at a snapshot, the target's state and a mode, to the ordered Graph
writes per app, with warnings and follow-ups. Pure: no I/O; services/restore_run.py runs the plan (PlanRunner: its
items scheduled by services/restore_scheduler.py, its steps sent by services/restore_steps.py, one handler per kind).

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
   - CREATE_SERVICE_PRINCIPAL with `binds` ("sp:<source object id>"): the answer's id (or, when one exists
     already, the id of the app's service principal) is bound to that key of `ids.object_ids`: later steps name it
     by `sp_ref(source object id)`. RESTORE_DELETED_SERVICE_PRINCIPAL with `binds` binds the id it restored.
     An item whose steps name another item's `sp_ref` waits for that item's create phase, where the service
     principal of an app other items name is made (linked.py).
   - `kind.finds_its_object` (SET_DELEGATED_GRANT, REMOVE_DELEGATED_GRANT, REMOVE_APP_ROLE_ASSIGNMENT): the body
     says which grant or assignment (by client, resource, consent type and user; by principal, resource and
     role), not its id: list the client's grants / the resource's appRoleAssignedTo and act on the match.
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

Where each part lives (one reason to change each): `inputs` (the request and its checks), `steps` and `plan` (this
contract's types), `action` (overwrite, undelete, recreate or create), `planner` (the item by item walk),
`application_body` and `writable` (what is sent), `remapping` (other apps, tenants, domains, users),
`permissions` (disable before remove), `application_steps`, `certificates`, `federated_credentials`, `owners`,
`logo`, `service_principal`, `enterprise` (the enterprise application's settings, consent and assignments),
`linked` (apps of the restore that name each other's service principals),
`client_secrets` (each part's steps), `verify` (after the run).
"""

from __future__ import annotations

from desktop_app.domain.restore_plan.enterprise import TargetDirectory, TargetResource, sp_ref
from desktop_app.domain.restore_plan.inputs import (
    MAX_DISPLAY_NAME_LENGTH,
    PlanError,
    PlanErrorCode,
    Presence,
    RestoreMode,
    ServicePrincipalPresence,
    SourceApp,
    SourceTenant,
    TargetState,
    TargetTenant,
    validate_new_name,
)
from desktop_app.domain.restore_plan.outcome import RUNS, Failure, FailureCode, Undo
from desktop_app.domain.restore_plan.permissions import disable_permissions_body
from desktop_app.domain.restore_plan.plan import (
    NOTE_CODES,
    AccessChange,
    AccessChangeKind,
    ExpectedState,
    FollowUp,
    FollowUpCode,
    Mismatch,
    PlanItem,
    PlanWarning,
    RestorePlan,
    UriLeftOutReason,
    WarningCode,
    any_warning,
)
from desktop_app.domain.restore_plan.planner import plan_restore
from desktop_app.domain.restore_plan.recorded import (
    RecordedOutcome,
    failure_from_json,
    failure_json,
    outcome_from_json,
    outcome_json,
)
from desktop_app.domain.restore_plan.remapping import is_first_party
from desktop_app.domain.restore_plan.steps import BODY_TYPES, Action, Phase, ResolvedStep, Step, StepKind
from desktop_app.domain.restore_plan.verify import expected_application, server_defaults, verify
from desktop_app.domain.restore_plan.writable import writable_application

__all__ = [
    "AccessChange",
    "AccessChangeKind",
    "Action",
    "BODY_TYPES",
    "ExpectedState",
    "Failure",
    "FailureCode",
    "FollowUp",
    "FollowUpCode",
    "MAX_DISPLAY_NAME_LENGTH",
    "Mismatch",
    "NOTE_CODES",
    "Phase",
    "PlanError",
    "PlanErrorCode",
    "PlanItem",
    "PlanWarning",
    "Presence",
    "ResolvedStep",
    "RUNS",
    "RecordedOutcome",
    "RestoreMode",
    "RestorePlan",
    "ServicePrincipalPresence",
    "SourceApp",
    "SourceTenant",
    "Step",
    "StepKind",
    "TargetDirectory",
    "TargetResource",
    "TargetState",
    "TargetTenant",
    "Undo",
    "UriLeftOutReason",
    "WarningCode",
    "any_warning",
    "disable_permissions_body",
    "failure_from_json",
    "failure_json",
    "outcome_from_json",
    "outcome_json",
    "expected_application",
    "is_first_party",
    "plan_restore",
    "sp_ref",
    "validate_new_name",
    "server_defaults",
    "verify",
    "writable_application",
]
