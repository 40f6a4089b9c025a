"""Reading the enterprise applications (service principals, their consent and assignments) the way a backup reads
apps: in listings and `$batch`, never one request per app per kind.

A whole tenant (`read_tenant_enterprise`), in parallel:
- the service principals with their settings and owners expanded, split in 16 parts by the first hex digit of
  appId (as the apps are); Graph caps expanded items per object (20), so one at the cap has them read in full;
- the service principals again, ids only, with `appRoleAssignedTo` expanded: every app role assignment of the
  tenant is in its resource's list, so an app's application permissions are found without asking per app;
- every delegated permission grant of the tenant (`/oauth2PermissionGrants`), in two listings side by side,
  one per consent type (`consentType` supports `$filter` eq: oauth2permissiongrant resource type); the
  per-user one names the users to read, and the sections are built while the tenant-wide one (the longer) is
  still coming: only its grants are added after;
- Microsoft Graph's `appRoleAssignedTo` in full (found by its appId): most application permissions of a tenant are
  Microsoft Graph's, so that list is the one certain to exceed the expand cap, and it is long; read from the start
  instead of after the listings;
then the users that consent or assignments name, 20 to a `$batch` (their sign-in names map them into another
tenant).

A few apps (`read_selected_enterprise`): each service principal by appId, then its three lists, 20 to a batch.

Listing grants needs Directory.Read.All (oauth2permissiongrant-list), which a backup's sign-in may not have: a
refusal (403) leaves every app's enterprise part unread (the section absent, not empty), so nothing looks removed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.enterprise import SERVICE_PRINCIPAL_SELECT, build_enterprise_section, delegated_grants
from desktop_app.domain.permission_names import MICROSOFT_GRAPH
from desktop_app.graph.batch import BatchRequest, BatchResponse
from desktop_app.graph.client import READ_ENVELOPES_IN_FLIGHT, GraphClient
from desktop_app.graph.errors import GraphError

log = logging.getLogger(__name__)

HEX_DIGITS = "0123456789abcdef"
EXPAND_CAP = 20
PAGE_SIZE = 999
BATCH_SIZE = 20
IN_FILTER_MAX = 15  # values in one `in` of $filter
USER_SELECT = "id,userPrincipalName,displayName"
RESOURCE_SELECT = "id,appId,displayName,appRoles"
_REFUSED = (401, 403)
CONSENT_TYPES = ("AllPrincipals", "Principal")


@dataclass
class EnterpriseRead:
    """By client id (lower case): the app's enterprise section, or None when it has no service principal.
    `unread`: why nothing could be read (then every app's part stays unread)."""

    sections: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    unread: str | None = None
    requests: dict[str, int] = field(default_factory=dict)  # what it read, by kind (for the benchmark)
    # The directory extension definitions the apps own (services/extension_read.py), by client id (lower case):
    # read with the application permissions, so even when the enterprise part is unread; None: not read.
    extensions: dict[str, list[dict[str, Any]]] | None = None
    blobs: dict[str, bytes] = field(default_factory=dict)  # sha256 -> bytes of the sections' own certificates

    def section_of(self, app_id: str) -> tuple[bool, dict[str, Any] | None]:
        """(known, section): known False means the part was not read for this app; a known None, that the app
        has no service principal."""
        if self.unread is not None:
            return False, None
        return True, self.sections.get(app_id.lower())


def read_tenant_enterprise(graph: GraphClient, tenant_id: str, cancel: CancelToken) -> EnterpriseRead:
    """The enterprise part of every app registered in the tenant: the service principals it owns (an app without
    one has None)."""
    result = EnterpriseRead()
    with ThreadPoolExecutor(2 * len(HEX_DIGITS) + len(CONSENT_TYPES) + 1,
                            thread_name_prefix="backup-enterprise") as pool:
        return _read_tenant(graph, tenant_id.lower(), cancel, pool, result)


def _read_tenant(graph: GraphClient, tenant_id: str, cancel: CancelToken, pool: ThreadPoolExecutor,
                 result: EnterpriseRead) -> EnterpriseRead:
    try:
        sp_parts = [pool.submit(_list, graph, cancel, "/servicePrincipals", {
            "$select": ",".join(SERVICE_PRINCIPAL_SELECT), "$expand": "owners", "$top": PAGE_SIZE,
            "$filter": f"startswith(appId,'{d}')"}) for d in HEX_DIGITS]
        assigned_parts = [pool.submit(_list, graph, cancel, "/servicePrincipals", {
            "$select": "id", "$expand": "appRoleAssignedTo", "$top": PAGE_SIZE,
            "$filter": f"startswith(appId,'{d}')"}) for d in HEX_DIGITS]
        tenant_wide, per_user = (pool.submit(_list, graph, cancel, "/oauth2PermissionGrants", {
            "$top": PAGE_SIZE, "$filter": f"consentType eq '{kind}'"}) for kind in CONSENT_TYPES)
        graph_assigned = pool.submit(_assigned_to_app, graph, cancel, MICROSOFT_GRAPH)
        sps = {str(sp["id"]): sp for part in results(sp_parts) for sp in part}
        assigned_lists = {str(sp["id"]): list(sp.get("appRoleAssignedTo") or [])
                          for part in results(assigned_parts) for sp in part}
        grants = results([per_user])[0]
    except GraphError as error:
        tenant_wide.cancel()
        graph_assigned.cancel()
        return _refused(result, error)
    result.requests.update(listings=len(HEX_DIGITS) * 2 + len(CONSENT_TYPES) + 1)
    mine = {sp_id: sp for sp_id, sp in sps.items() if str(sp.get("appOwnerOrganizationId", "")).lower() == tenant_id}
    owners = {sp_id: list(sp.get("owners") or []) for sp_id, sp in mine.items()}
    full_owners = [sp_id for sp_id, listed in owners.items() if len(listed) >= EXPAND_CAP]
    # Microsoft Graph's list comes in full from its own read (not one of this tenant's apps: it names no user of
    # theirs, so the users can be read before it is in).
    being_read = {sp_id for sp_id, sp in sps.items() if str(sp.get("appId", "")).lower() == MICROSOFT_GRAPH}
    full_assigned = [sp_id for sp_id, listed in assigned_lists.items()
                     if len(listed) >= EXPAND_CAP and sp_id not in being_read]
    for sp_id, values in _read_lists(graph, [(i, f"/servicePrincipals/{i}/owners?$top={PAGE_SIZE}")
                                             for i in full_owners]).items():
        owners[sp_id] = values
    for sp_id, values in _read_lists(graph, [(i, f"/servicePrincipals/{i}/appRoleAssignedTo?$top={PAGE_SIZE}")
                                             for i in full_assigned]).items():
        assigned_lists[sp_id] = values
    result.requests.update(owners=len(full_owners), assigned=len(full_assigned))
    assignments = [a for values in assigned_lists.values() for a in values]
    users = _read_users(graph, _user_ids(grants, assignments, mine), pool)  # tenant-wide consent names no user
    result.requests["users"] = len(users)
    try:
        graph_read = results([graph_assigned])[0]
    except GraphError as error:
        tenant_wide.cancel()
        return _refused(result, error)
    if graph_read is not None and graph_read[0] in assigned_lists:
        assigned_lists[graph_read[0]] = graph_read[1]
        assignments = [a for values in assigned_lists.values() for a in values]
    sections = _sections(mine, owners, grants, assignments, sps, users)
    try:
        consent = results([tenant_wide])[0]
    except GraphError as error:
        return _refused(result, error)
    by_client: dict[str, list[Mapping[str, Any]]] = {}
    for grant in [*grants, *consent]:
        by_client.setdefault(str(grant.get("clientId")), []).append(grant)
    for sp_id in {str(g.get("clientId")) for g in consent} & set(mine):
        section = sections[str(mine[sp_id].get("appId", "")).lower()]
        section["delegatedPermissionGrants"] = delegated_grants(by_client[sp_id], sps, users)
    result.sections = sections
    return result


def _refused(result: EnterpriseRead, error: GraphError) -> EnterpriseRead:
    """Without the permission to read them (401/403), every app's part stays unread; other failures are raised."""
    if error.status not in _REFUSED:
        raise error
    log.warning("the enterprise applications could not be read (%s): their part stays unread", error)
    result.unread = str(error)
    return result


def read_selected_enterprise(graph: GraphClient, app_ids: Sequence[str]) -> EnterpriseRead:
    """The enterprise part of a few apps, by client id. Their service principals are listed 15 appIds to a page
    (Graph's most for `in`), not read one by one: a page that selects keyCredentials is one certificate read of the
    150 a minute, one service principal would be one each."""
    result = EnterpriseRead()
    select = ",".join(SERVICE_PRINCIPAL_SELECT)
    try:
        chunks = [list(app_ids[i:i + IN_FILTER_MAX]) for i in range(0, len(app_ids), IN_FILTER_MAX)]
        answers = graph.batch([BatchRequest(id=str(n), method="GET", url=(
            f"/servicePrincipals?$select={select}&$top={PAGE_SIZE}&$filter=appId%20in%20("
            + ",".join(f"'{a}'" for a in chunk) + ")")) for n, chunk in enumerate(chunks)])
        mine: dict[str, dict[str, Any]] = {}
        for answer in answers:
            answer.raise_for_status()
            for sp in answer.json.get("value") or []:
                mine[str(sp["id"])] = sp
        found = {str(sp.get("appId", "")).lower() for sp in mine.values()}
        for app_id in app_ids:
            if app_id.lower() not in found:
                result.sections[app_id.lower()] = None
        lists: list[tuple[str, str]] = []
        for sp_id in mine:
            lists += [(f"p:{sp_id}", f"/servicePrincipals/{sp_id}/appRoleAssignments?$top={PAGE_SIZE}"),
                      (f"a:{sp_id}", f"/servicePrincipals/{sp_id}/appRoleAssignedTo?$top={PAGE_SIZE}"),
                      (f"g:{sp_id}", f"/oauth2PermissionGrants?$filter=clientId%20eq%20'{sp_id}'&$top={PAGE_SIZE}"),
                      (f"o:{sp_id}", f"/servicePrincipals/{sp_id}/owners?$top={PAGE_SIZE}")]
        read = _read_lists(graph, lists)
    except GraphError as error:
        if error.status in _REFUSED:
            result.unread = str(error)
            return result
        raise
    grants = [g for key, values in read.items() if key.startswith("g:") for g in values]
    assignments = [a for key, values in read.items() if key[:2] in ("p:", "a:") for a in values]
    owners = {sp_id: read.get(f"o:{sp_id}", []) for sp_id in mine}
    resource_ids = {str(x.get("resourceId")) for x in [*grants, *assignments]} - set(mine)
    resources = {**_read_objects(graph, [f"/servicePrincipals/{i}?$select={RESOURCE_SELECT}" for i in resource_ids]),
                 **mine}
    users = _read_users(graph, _user_ids(grants, assignments, mine))
    unique = {str(a.get("id")): a for a in assignments}
    result.sections.update(_sections(mine, owners, grants, list(unique.values()), resources, users))
    return result


# ----- helpers -----------------------------------------------------------------------------------------------


def _sections(mine: Mapping[str, Mapping[str, Any]], owners: Mapping[str, list[dict[str, Any]]],
              grants: Sequence[Mapping[str, Any]], assignments: Sequence[Mapping[str, Any]],
              sps: Mapping[str, Mapping[str, Any]], users: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    by_client: dict[str, list[Mapping[str, Any]]] = {}
    for grant in grants:
        by_client.setdefault(str(grant.get("clientId")), []).append(grant)
    as_principal: dict[str, list[Mapping[str, Any]]] = {}
    as_resource: dict[str, list[Mapping[str, Any]]] = {}
    for assignment in assignments:
        as_principal.setdefault(str(assignment.get("principalId")), []).append(assignment)
        as_resource.setdefault(str(assignment.get("resourceId")), []).append(assignment)
    sections: dict[str, Any] = {}
    for sp_id, sp in mine.items():
        sections[str(sp.get("appId", "")).lower()] = build_enterprise_section(
            sp, owners.get(sp_id, []), by_client.get(sp_id, []), as_principal.get(sp_id, []),
            as_resource.get(sp_id, []), sps, users)
    return sections


def _user_ids(grants: Iterable[Mapping[str, Any]], assignments: Iterable[Mapping[str, Any]],
              mine: Mapping[str, Any]) -> set[str]:
    ids = {str(g["principalId"]) for g in grants if g.get("principalId") and str(g.get("clientId")) in mine}
    ids |= {str(a["principalId"]) for a in assignments
            if a.get("principalType") == "User" and str(a.get("resourceId")) in mine}
    return ids


def _read_users(graph: GraphClient, ids: Iterable[str],
                pool: ThreadPoolExecutor | None = None) -> dict[str, dict[str, Any]]:
    urls = [f"/users/{i}?$select={USER_SELECT}" for i in sorted(ids)]
    if pool is None or len(urls) <= BATCH_SIZE:
        return _read_objects(graph, urls)
    found: dict[str, dict[str, Any]] = {}
    chunks = [urls[i:i + BATCH_SIZE] for i in range(0, len(urls), BATCH_SIZE)]
    for part in results([pool.submit(_read_objects, graph, chunk) for chunk in chunks]):
        found.update(part)  # the batches side by side: they are independent
    return found


def _read_objects(graph: GraphClient, urls: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Single objects, 20 to a batch; one that is gone (404) is left out."""
    if not urls:
        return {}
    found: dict[str, dict[str, Any]] = {}
    for answer in graph.batch([BatchRequest(id=str(n), method="GET", url=u) for n, u in enumerate(urls)],
                              parallel=READ_ENVELOPES_IN_FLIGHT):
        if answer.status == 404:
            continue
        answer.raise_for_status()
        found[str(answer.json.get("id"))] = answer.json
    return found


def _read_lists(graph: GraphClient, lists: Sequence[tuple[str, str]]) -> dict[str, list[dict[str, Any]]]:
    """Collections by key, their first pages 20 to a batch, the rest followed page by page."""
    if not lists:
        return {}
    answers = graph.batch([BatchRequest(id=str(n), method="GET", url=url) for n, (_, url) in enumerate(lists)],
                          parallel=READ_ENVELOPES_IN_FLIGHT)
    out: dict[str, list[dict[str, Any]]] = {}
    for (key, _), answer in zip(lists, answers, strict=True):
        out[key] = _values(graph, answer)
    return out


def _values(graph: GraphClient, answer: BatchResponse) -> list[dict[str, Any]]:
    answer.raise_for_status()
    values = list(answer.json.get("value") or [])
    next_link = answer.json.get("@odata.nextLink")
    if isinstance(next_link, str):
        values += graph.get_all(next_link)
    return values


def _assigned_to_app(graph: GraphClient, cancel: CancelToken,
                     app_id: str) -> tuple[str, list[dict[str, Any]]] | None:
    """(service principal id, every app role assignment to it) of the app's service principal in the tenant;
    None when the tenant has none."""
    try:
        found = graph.get(f"/servicePrincipals(appId='{app_id}')", {"$select": "id"})
    except GraphError as error:
        if error.status == 404:
            return None
        raise
    sp_id = str(found["id"])
    return sp_id, _list(graph, cancel, f"/servicePrincipals/{sp_id}/appRoleAssignedTo", {"$top": PAGE_SIZE})


def _list(graph: GraphClient, cancel: CancelToken, path: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for page in graph.get_pages(path, params):
        cancel.raise_if_cancelled()
        items.extend(page)
    return items


def results(futures: Sequence[Future[Any]]) -> list[Any]:
    """Every future's result in order; on the first failure the rest are cancelled and it is raised."""
    try:
        return [future.result() for future in futures]
    except BaseException:
        for future in futures:
            future.cancel()
        raise
