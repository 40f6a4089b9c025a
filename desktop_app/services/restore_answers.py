"""What Graph's answers about app role assignments mean to a restore run: replication after a role or a service
principal was created, a refusal for the tenant's plan, and lists that show assignments a little late."""

from __future__ import annotations

from collections.abc import Iterable

from desktop_app.domain.restore_plan import Mismatch
from desktop_app.graph.errors import GraphError

# Graph's answers to an assignment while a new role or service principal replicates (graph-notes §11;
# hashicorp/terraform-provider-azuread#1896 retries both, microsoftgraph/msgraph-bicep-types#193).
REPLICATING = ("permission being assigned was not found on application", "not a valid reference update")


def refused_for_plan(error: GraphError) -> bool:
    """A group assignment on a tenant without Entra ID P1 or P2 (assign-user-or-group-access-portal): the
    portal's words are all that is known of Graph's answer, so the test is on them."""
    return error.status in (400, 403) and "plan level" in error.message.lower()


def listing_lag(written: Iterable[tuple[str, str]], mismatch: Mismatch) -> bool:
    """An assignment the run added that is not listed yet, or removed that is still listed: Graph's lists of
    assignments lag writes by 30-60 s (graph-notes §11), and the write's own answer said it was done. `written`:
    (principalId, appRoleId) of the assignments the run wrote for the app."""
    if len(mismatch.path) != 3 or mismatch.path[:2] not in (("servicePrincipal", "appRoleAssignedTo"),
                                                           ("servicePrincipal", "appRoleAssignments")):
        return False
    part, key = mismatch.path[1], mismatch.path[2]
    principal, _, role = key.rpartition("/")
    for principal_id, role_id in written:
        # appRoleAssignments are keyed by the resource's appId and the role: the app itself is the principal.
        if role_id.lower() == role.lower() and (part == "appRoleAssignments" or principal_id == principal):
            return True
    return False


def refused_assignment(refused_principals: Iterable[str], mismatch: Mismatch) -> bool:
    """An assignment the read-back lacks because the tenant refused it for its plan (said on its own)."""
    return mismatch.path[:2] == ("servicePrincipal", "appRoleAssignedTo") and len(mismatch.path) == 3 \
        and mismatch.path[2].rpartition("/")[0] in set(refused_principals)
