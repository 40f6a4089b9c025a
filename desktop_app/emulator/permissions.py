"""What a token may do: the Graph permissions (delegated scopes) it carries, and the ones each request needs.

Tokens (README "Tokens"): `emulator.<tenantId>` carries every permission below (a tenant admin who consented to
all of them), `.read` the read permissions, `.basic` only User.Read, and `.scp.<A>+<B>+...` exactly the
permissions named (what a real access token's `scp` claim lists).

Graph's rules (the permissions tables of each API page; a request without one of the permissions answers 403
`Authorization_RequestDenied` "Insufficient privileges to complete the operation.", e.g. microsoft/Agent365-devTools
#486: a POST /oauth2PermissionGrants with a token for User.Read only):
- reading delegated permission grants needs Directory.Read.All, DelegatedPermissionGrant.ReadWrite.All or
  Directory.ReadWrite.All (oauth2permissiongrant-list, -get, serviceprincipal-list-oauth2permissiongrants);
- creating, changing or deleting one needs DelegatedPermissionGrant.ReadWrite.All or Directory.ReadWrite.All
  (oauth2permissiongrant-post, -update, -delete): Application.ReadWrite.All is not enough;
- creating or deleting an app role assignment (application permissions, users and groups) needs
  AppRoleAssignment.ReadWrite.All (serviceprincipal-post-approleassignedto, -approleassignments, and their
  delete pages); Application.ReadWrite.All or Directory.ReadWrite.All are not enough (the pages list none);
- listing or getting users (`/users`, `/users/{id | userPrincipalName}`) needs User.ReadBasic.All, User.Read.All,
  User.ReadWrite.All, Directory.Read.All or Directory.ReadWrite.All (user-list, user-get): Application.Read(Write).All
  is not enough;
- listing groups needs GroupMember.Read.All, Group.Read.All, Group.ReadWrite.All, Directory.Read.All or
  Directory.ReadWrite.All (group-list); getting one by id the same without GroupMember.Read.All (group-get's older
  table names only the other four: the stricter reading); creating one Group.Create, Group.ReadWrite.All or
  Directory.ReadWrite.All (group-post-groups);
- getting a directory object by id (`/directoryObjects/{id}`, also `getByIds`) needs Directory.Read.All
  (directoryobject-get, directoryobject-getbyids name no other: Directory.ReadWrite.All is refused, the stricter
  reading);
- adding an owner to an application or a service principal (`POST .../owners/$ref`) needs Application.ReadWrite.All
  *and* Directory.Read.All, or Directory.ReadWrite.All (application-post-owners, serviceprincipal-post-owners);
  removing one Application.ReadWrite.All or Directory.ReadWrite.All (application-delete-owners);
- reading the directory audit log (`/auditLogs/directoryAudits`) needs AuditLog.Read.All *and* Directory.Read.All
  (directoryaudit-list: least privileged both, no higher one named; the stricter reading takes the page as it is:
  Directory.ReadWrite.All does not stand in for Directory.Read.All);
- every other write needs Application.ReadWrite.All or Directory.ReadWrite.All; every other read an application
  or directory read permission; with User.Read only, just /organization and /me answer.
"""

from __future__ import annotations

from collections.abc import Iterable

USER_READ = "User.Read"
APPLICATION_READ = "Application.Read.All"
APPLICATION_WRITE = "Application.ReadWrite.All"
DIRECTORY_READ = "Directory.Read.All"
DIRECTORY_WRITE = "Directory.ReadWrite.All"
GRANTS_WRITE = "DelegatedPermissionGrant.ReadWrite.All"
ASSIGNMENTS_WRITE = "AppRoleAssignment.ReadWrite.All"
USERS_READ_BASIC = "User.ReadBasic.All"
USERS_READ = "User.Read.All"
USERS_WRITE = "User.ReadWrite.All"
GROUP_MEMBERS_READ = "GroupMember.Read.All"
GROUPS_READ = "Group.Read.All"
GROUPS_WRITE = "Group.ReadWrite.All"
GROUPS_CREATE = "Group.Create"
AUDIT_READ = "AuditLog.Read.All"

READ = frozenset({USER_READ, APPLICATION_READ, DIRECTORY_READ})
EVERYTHING = READ | {APPLICATION_WRITE, GRANTS_WRITE, ASSIGNMENTS_WRITE, GROUPS_WRITE, AUDIT_READ}
_NAMED = {"": EVERYTHING, "read": READ, "basic": frozenset({USER_READ})}
SCOPES_PREFIX = "scp."

_READS = frozenset({APPLICATION_READ, APPLICATION_WRITE, DIRECTORY_READ, DIRECTORY_WRITE})
_WRITES = frozenset({APPLICATION_WRITE, DIRECTORY_WRITE})
_GRANT_READS = frozenset({DIRECTORY_READ, GRANTS_WRITE, DIRECTORY_WRITE})
_GRANT_WRITES = frozenset({GRANTS_WRITE, DIRECTORY_WRITE})
_ASSIGNMENT_WRITES = frozenset({ASSIGNMENTS_WRITE})
_ASSIGNMENT_LISTS = ("appRoleAssignments", "appRoleAssignedTo")
_USER_READS = frozenset({USERS_READ_BASIC, USERS_READ, USERS_WRITE, DIRECTORY_READ, DIRECTORY_WRITE})
_USER_WRITES = frozenset({USERS_WRITE, DIRECTORY_WRITE})
_GROUP_GETS = frozenset({GROUPS_READ, GROUPS_WRITE, DIRECTORY_READ, DIRECTORY_WRITE})
_GROUP_LISTS = _GROUP_GETS | {GROUP_MEMBERS_READ}
_GROUP_WRITES = frozenset({GROUPS_CREATE, GROUPS_WRITE, DIRECTORY_WRITE})
_DIRECTORY_OBJECT_READS = frozenset({DIRECTORY_READ})


def permissions_of(suffix: str) -> frozenset[str] | None:
    """The permissions of a token by what follows `emulator.<tenantId>` (without the dot); None: no such token."""
    if suffix.startswith(SCOPES_PREFIX):
        names = frozenset(n for n in suffix[len(SCOPES_PREFIX):].split("+") if n)
        return names or None
    return _NAMED.get(suffix)


def token_suffix(permissions: Iterable[str]) -> str:
    """The token suffix carrying exactly these permissions (the inverse of `permissions_of`)."""
    return SCOPES_PREFIX + "+".join(sorted(set(permissions)))


# Adding an owner needs two permissions together, or Directory.ReadWrite.All alone.
_OWNER_ADDS = (frozenset({APPLICATION_WRITE, DIRECTORY_READ}), frozenset({DIRECTORY_WRITE}))
_AUDIT_READS = (frozenset({AUDIT_READ, DIRECTORY_READ}),)


def allows(permissions: frozenset[str], method: str, segments: list[str], *, basic_resources: Iterable[str]) -> bool:
    """Whether a token with these permissions may send the request (segments as for `needed`)."""
    options = needed(method, segments, basic_resources=basic_resources)
    return not options or any(option <= permissions for option in options)


def needed(method: str, segments: list[str], *, basic_resources: Iterable[str]) -> tuple[frozenset[str], ...]:
    """The permission sets that let the request through: a token holding every permission of any one of them
    (none: no permission needed). Segments: the path, keys still in their parentheses, e.g.
    ["servicePrincipals(appId='…')", "appRoleAssignedTo"]."""
    head = segments[0].split("(", 1)[0] if segments else ""
    if method == "POST" and head in ("applications", "servicePrincipals") and segments[-2:] == ["owners", "$ref"]:
        return _OWNER_ADDS
    if head == "auditLogs":
        return _AUDIT_READS
    return tuple(frozenset({p}) for p in sorted(_any_of(method, head, segments, basic_resources)))


def _any_of(method: str, head: str, segments: list[str], basic_resources: Iterable[str]) -> frozenset[str]:
    """Any one of these permissions lets the request through."""
    write = method in ("POST", "PATCH", "PUT", "DELETE")
    if head in basic_resources:
        return frozenset()  # /organization, /me, $batch (its requests are checked one by one)
    if head == "oauth2PermissionGrants" or (head == "servicePrincipals" and "oauth2PermissionGrants" in segments):
        return _GRANT_WRITES if write else _GRANT_READS
    if write and head == "servicePrincipals" and any(s in _ASSIGNMENT_LISTS for s in segments[1:]):
        return _ASSIGNMENT_WRITES
    if head == "users":
        return _USER_WRITES if write else _USER_READS
    if head == "groups":
        if write:
            return _GROUP_WRITES
        return _GROUP_LISTS if len(segments) == 1 and "(" not in segments[0] else _GROUP_GETS
    if head == "directoryObjects":
        return _DIRECTORY_OBJECT_READS
    return _WRITES if write else _READS
