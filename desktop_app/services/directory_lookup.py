"""Look up the users, groups and directory objects a restore plan names, in the target tenant, by name or id.

Never a listing of the tenant's users or groups: a 100,000-user target costs requests in proportion to the
principals the snapshots name (GET /users/{userPrincipalName}, GET /groups?$filter=displayName eq '...',
GET /directoryObjects/{id}), 20 to a $batch (graph-notes §10).

Graph's permissions (emulator/README.md "Tokens"): users need User.ReadBasic.All or more, groups
GroupMember.Read.All or more, directory objects Directory.Read.All - Regvault asks for Directory.Read.All, which
covers all three (services/permissions.py). A look-up Graph refuses for want of a permission (403
Authorization_RequestDenied) raises `LookUpRefused`: the caller records the permission as missing; nothing is
guessed from a refusal. Used by services/restore_targets.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import quote

from desktop_app.graph.batch import BatchRequest, BatchResponse
from desktop_app.graph.client import GraphClient

REFUSED = "Authorization_RequestDenied"


class LookUpRefused(Exception):
    """Graph refused a user, group or directory-object look-up: the token lacks the read permission."""


def users_by_upn(graph: GraphClient, upns: Iterable[str], guest_domains: Sequence[str] = ()) -> dict[str, str]:
    """Target user ids by lower-case sign-in name, for those of `upns` the target has. A name the target has no
    member for is also looked up as a guest account of each of `guest_domains` (the target's initial
    *.onmicrosoft.com domain): ann@contoso.com invited there is ann_contoso.com#EXT#@fabrikam.onmicrosoft.com,
    found under ann@contoso.com (what the source's owner lists show)."""
    wanted = sorted({u.lower() for u in upns if u})
    found = _users(graph, {u: u for u in wanted})
    guests = {_guest_upn(u, d): u for u in wanted if u not in found and "#ext#" not in u for d in guest_domains}
    for upn, user_id in _users(graph, guests).items():
        found.setdefault(guests[upn], user_id)
    return found


def groups_by_name(graph: GraphClient, names: Iterable[str]) -> dict[str, str]:
    """Target group ids by case-folded display name, for those of `names` exactly one group of the target
    bears (a name two groups share can't say which one was meant: left out, so the plan warns)."""
    wanted = sorted({n for n in names if n}, key=str.casefold)
    unique = list({n.casefold(): n for n in wanted}.values())
    requests = [BatchRequest(id=str(n), method="GET", url="/groups?$filter=" + quote(
        f"displayName eq '{odata_string(name)}'", safe="") + "&$select=id,displayName&$top=2")
        for n, name in enumerate(unique)]
    out: dict[str, str] = {}
    for name, answer in zip(unique, _send(graph, requests), strict=True):
        groups = [g for g in answer.json.get("value") or [] if isinstance(g, dict)]
        if len(groups) == 1:
            out[name.casefold()] = str(groups[0]["id"])
    return out


def existing(graph: GraphClient, object_ids: Iterable[str]) -> set[str]:
    """Those of `object_ids` that are directory objects of the target (GET /directoryObjects/{id})."""
    wanted = sorted(set(object_ids))
    requests = [BatchRequest(id=str(n), method="GET", url=f"/directoryObjects/{quote(i, safe='')}?$select=id")
                for n, i in enumerate(wanted)]
    return {i for i, answer in zip(wanted, _send(graph, requests, missing_ok=True), strict=True) if answer.ok}


def odata_string(value: str) -> str:
    """`value` inside an OData string literal ('...'): a quote is doubled."""
    return value.replace("'", "''")


def _users(graph: GraphClient, by_upn: dict[str, str]) -> dict[str, str]:
    upns = list(by_upn)
    requests = [BatchRequest(id=str(n), method="GET",
                             url=f"/users/{quote(upn, safe='@')}?$select=id,userPrincipalName")
                for n, upn in enumerate(upns)]
    return {upn: str(answer.json["id"]) for upn, answer in zip(upns, _send(graph, requests, missing_ok=True),
                                                                strict=True)
            if answer.ok and answer.json.get("id")}


def _guest_upn(upn: str, domain: str) -> str:
    return f"{upn.replace('@', '_')}#ext#@{domain.lower()}"


def _send(graph: GraphClient, requests: list[BatchRequest], *, missing_ok: bool = False) -> list[BatchResponse]:
    """The answers; 404 is an answer ("no such object") when `missing_ok`; a refusal raises LookUpRefused,
    any other failure its GraphError."""
    if not requests:
        return []
    answers = graph.batch(requests)
    for answer in answers:
        if answer.ok or (missing_ok and answer.status == 404):
            continue
        error = answer.error
        if error is not None and error.status == 403 and error.code == REFUSED:
            raise LookUpRefused(error.message)
        answer.raise_for_status()
    return answers
