"""The Graph permissions Regvault asks for only when an operation needs them (README "Permissions").

A backup and a restore of app registrations need Application.Read.All / Application.ReadWrite.All (the sign-in's
own scopes). The enterprise application needs more, and only sometimes:
- a backup reads the delegated permission grants (consent) of the tenant: Directory.Read.All
  (oauth2permissiongrant-list). Asked for silently when the backup starts; never consented: the backup goes on
  without the enterprise part (recorded as not read, so nothing looks removed) and says which permission and
  which sign-in brings it (`PermissionsNeeded`, not raised: `BackupSummary.permissions_missing`).
- a restore whose plan writes consent needs DelegatedPermissionGrant.ReadWrite.All (oauth2permissiongrant-post,
  -delete), one whose plan writes app role assignments (application permissions, users and groups)
  AppRoleAssignment.ReadWrite.All (serviceprincipal-post-approleassignedto). Asked for silently when the preview
  is made (the preview says what is missing) and again before the first write; never consented: the restore
  writes nothing and raises `PermissionsNeeded`.
- a restore whose plan finds users, groups or directory objects in the target (owners that may be gone, users
  and groups assigned or given per-user consent; in another tenant matched by sign-in name / display name) needs
  Directory.Read.All: Graph reads users only with User.ReadBasic.All or more, groups with GroupMember.Read.All or
  more, directory objects with Directory.Read.All alone (user-list/-get, group-list/-get, directoryobject-get),
  and adding an owner needs Application.ReadWrite.All *and* Directory.Read.All (application-post-owners).
  Directory.Read.All is the one permission that covers all of these, and the one a backup already asks for:
  one consent, not three narrower ones (User.ReadBasic.All would not do for the directory objects nor owners).
  Without it the target is not searched at all (services/restore_targets.py), the preview says so and the run
  refuses before writing.
- the change timeline reads the directory audit log (who changed what): AuditLog.Read.All and Directory.Read.All
  (directoryaudit-list needs both). Asked for silently the first time a capture reads the log; never consented:
  every capture still works, without who made the changes (`PermissionsNeeded` with purpose "audit", not raised),
  and the window says what the permission would add.
The window offers the sign-in that asks for them (incremental consent); the command line names the command.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Literal

from desktop_app.auth.errors import AuthError, InteractionReason, InteractionRequired
from desktop_app.domain.restore_plan import RestorePlan, StepKind
from desktop_app.graph.client import GraphClient

log = logging.getLogger(__name__)

READ_CONSENT = "Directory.Read.All"
AUDIT_READ = "AuditLog.Read.All"
WRITE_CONSENT = "DelegatedPermissionGrant.ReadWrite.All"
WRITE_ASSIGNMENTS = "AppRoleAssignment.ReadWrite.All"

Purpose = Literal["backup", "restore", "audit"]

_NEEDED_BY_STEP = {
    StepKind.ADD_OWNER: READ_CONSENT,  # Graph adds an owner with Application.ReadWrite.All and Directory.Read.All
    StepKind.SET_DELEGATED_GRANT: WRITE_CONSENT,
    StepKind.REMOVE_DELEGATED_GRANT: WRITE_CONSENT,
    StepKind.ADD_APP_ROLE_ASSIGNMENT: WRITE_ASSIGNMENTS,
    StepKind.REMOVE_APP_ROLE_ASSIGNMENT: WRITE_ASSIGNMENTS,
}
# What `regvault signin` asks for with each option (cli/signin.py).
SIGN_IN_OPTION: dict[Purpose, str] = {"backup": "--enterprise-read", "restore": "--enterprise-restore",
                                      "audit": "--audit-read"}
PERMISSIONS_OF: dict[Purpose, tuple[str, ...]] = {"backup": (READ_CONSENT,),
                                                  "restore": (READ_CONSENT, WRITE_CONSENT, WRITE_ASSIGNMENTS),
                                                  "audit": (AUDIT_READ, READ_CONSENT)}
LOOK_UP = READ_CONSENT  # finding the target's users, groups and directory objects (restore_targets.py)
# What each permission is for in a restore, said in the preview and the refusal.
RESTORE_PURPOSE = {
    LOOK_UP: "to find the owners, users and groups it puts back in the target, and to add owners: until then they "
             "are not looked up there",
    WRITE_CONSENT: "to re-create the enterprise application's consent",
    WRITE_ASSIGNMENTS: "to re-create its application permissions and user and group assignments",
}


class PermissionsNeeded(AuthError):
    """Permissions the tenant never consented to for Regvault's sign-in; a sign-in that asks for them is needed."""

    def __init__(self, tenant_id: str, tenant_name: str, permissions: Sequence[str], purpose: Purpose,
                 cause: InteractionRequired | None = None) -> None:
        self.tenant_id = tenant_id
        self.tenant_name = tenant_name
        self.permissions = tuple(permissions)
        self.purpose = purpose
        self.cause = cause
        super().__init__(self.sentence)

    @property
    def names(self) -> str:
        return " and ".join(self.permissions)

    @property
    def command(self) -> str:
        option = SIGN_IN_OPTION[self.purpose]
        if self.purpose == "restore" and set(self.permissions) <= {LOOK_UP}:
            option = "--write --enterprise-read"  # only the look-ups: no consent-writing permission asked for
        return f"regvault signin --tenant {self.tenant_id} {option}"

    @property
    def sentence(self) -> str:
        plural = "s" if len(self.permissions) > 1 else ""
        if self.purpose == "restore":
            needs = "; ".join(f"{p} ({RESTORE_PURPOSE[p]})" if p in RESTORE_PURPOSE else p for p in self.permissions)
            return (f"This restore needs the permission{plural} {needs}, not yet granted to Regvault's sign-in in "
                    f"{self.tenant_name}. Nothing was changed. Sign in again to grant {'them' if plural else 'it'} "
                    "(an admin may have to approve).")
        elif self.purpose == "audit":
            what = "Reading who changed what (the directory audit log) needs"
            outcome = "Changes are still captured, without who made them."
        else:
            what = "Reading the enterprise applications' consent needs"
            outcome = "This backup kept the app registrations without their enterprise applications."
        return (f"{what} the permission{plural} {self.names}, not yet granted to Regvault's sign-in in "
                f"{self.tenant_name}. {outcome} Sign in again to grant {'them' if plural else 'it'} (an admin may "
                "have to approve).")


def restore_needs(plan: RestorePlan, *, looks_up: bool = False) -> tuple[str, ...]:
    """The permissions beyond Application.ReadWrite.All that the plan's steps need (and Directory.Read.All when
    making it needed the target's users, groups or directory objects: `looks_up`), in a stable order."""
    wanted = {_NEEDED_BY_STEP[step.kind] for item in plan.items for step in item.steps if step.kind in _NEEDED_BY_STEP}
    if looks_up:
        wanted.add(LOOK_UP)
    return tuple(p for p in (LOOK_UP, WRITE_CONSENT, WRITE_ASSIGNMENTS) if p in wanted)


def ask_for(graph: GraphClient, permissions: Iterable[str], *, write: bool = False) -> InteractionRequired | None:
    """Make `graph`'s tokens carry these permissions (asked silently). None when they do (or when its tokens
    can't ask: then Graph's answers will say); the refusal when they were never consented. Other sign-in
    failures (not signed in, expired) are raised: the operation can't go on anyway."""
    wanted = tuple(permissions)
    try:
        graph.ask_for(wanted, write=write)
    except InteractionRequired as exc:
        if exc.reason is not InteractionReason.CONSENT_REQUIRED:
            raise
        log.info("permissions %s not consented in tenant %s", ", ".join(wanted), exc.tenant)
        return exc
    return None
