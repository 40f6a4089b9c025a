"""Graph's change feeds for the timeline: `/applications/delta` and `/servicePrincipals/delta` (graph-notes §2, §11).

A round follows the stored deltaLink page by page to a new deltaLink. What it tells: objects created or changed
(Graph may send only the changed properties, so the apps are read again in full), objects in the recycle bin
(`@removed` "changed") and gone for good (`@removed` "deleted"). A token Graph no longer knows (7 days) answers 410:
`FeedExpired`, and the caller starts over with a full backup. `$deltatoken=latest` starts a feed from now (what a
full backup does, before it reads the tenant: what changes while it reads comes again in the next round).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.cancel import CancelToken
from desktop_app.graph.batch import BatchRequest
from desktop_app.graph.client import READ_ENVELOPES_IN_FLIGHT, GraphClient
from desktop_app.graph.errors import GraphError

APPLICATIONS = "/applications/delta"
SERVICE_PRINCIPALS = "/servicePrincipals/delta"
_MAX_PAGES = 100_000  # a feed that never ends is Graph's fault, not a reason to loop forever


class FeedExpired(Exception):
    """Graph answered 410 for a stored deltaLink: its tokens live 7 days (or Graph lost the state)."""


@dataclass
class FeedRound:
    changed: dict[str, dict[str, Any]] = field(default_factory=dict)  # object id -> the object as the feed sent it
    recycled: set[str] = field(default_factory=set)  # @removed "changed": in the recycle bin
    gone: set[str] = field(default_factory=set)  # @removed "deleted": deleted for good
    delta_link: str = ""

    @property
    def empty(self) -> bool:
        return not (self.changed or self.recycled or self.gone)


# What each feed sends of an object (kept in its tokens): the apps are read again in full anyway; an appId says
# which app a service principal belongs to, and lets a new app's enterprise application be read alongside it.
SELECT = {APPLICATIONS: "id,appId", SERVICE_PRINCIPALS: "id,appId"}


def latest_link(graph: GraphClient, path: str) -> str:
    """A deltaLink that starts from now (`$deltatoken=latest`: no objects)."""
    page = graph.get(path, {"$deltatoken": "latest", "$select": SELECT[path]})
    link = page.get("@odata.deltaLink")
    if not isinstance(link, str) or not link:
        raise GraphError(200, "NoDeltaLink", "the answer to $deltatoken=latest has no deltaLink", method="GET",
                         path=path)
    return link


def follow(graph: GraphClient, link: str, cancel: CancelToken) -> FeedRound:
    """One round of a feed from a stored deltaLink."""
    result = FeedRound()
    url: str | None = link
    for _ in range(_MAX_PAGES):
        cancel.raise_if_cancelled()
        assert url is not None
        try:
            page = graph.get(url)
        except GraphError as exc:
            if exc.status == 410:
                raise FeedExpired(str(exc)) from exc
            raise
        for item in page.get("value") or []:
            _take(result, item)
        next_link, delta_link = page.get("@odata.nextLink"), page.get("@odata.deltaLink")
        if isinstance(delta_link, str) and delta_link:
            result.delta_link = delta_link
            return result
        if not isinstance(next_link, str) or not next_link or next_link == url:
            raise GraphError(200, "InvalidNextLink", "a delta page with neither a nextLink nor a deltaLink",
                             method="GET", path=url.split("?")[0])
        url = next_link
    raise GraphError(200, "EndlessDelta", "the change feed did not end", method="GET", path=link.split("?")[0])


def _take(result: FeedRound, item: Any) -> None:
    if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
        return
    object_id = item["id"]
    removed = item.get("@removed")
    if isinstance(removed, Mapping):
        result.changed.pop(object_id, None)
        if removed.get("reason") == "deleted":
            result.recycled.discard(object_id)
            result.gone.add(object_id)
        else:
            result.gone.discard(object_id)
            result.recycled.add(object_id)
        return
    result.recycled.discard(object_id)
    result.gone.discard(object_id)  # the same id twice: the later one wins (Graph may replay)
    result.changed[object_id] = dict(item)


def clients_of(graph: GraphClient, resource_ids: Iterable[str]) -> set[str]:
    """The service principals with consent to, or application permissions on, these resources (a resource's name or
    roles are in their documents). 2 requests per resource, 20 to a $batch."""
    resources = sorted(set(resource_ids))
    requests: list[BatchRequest] = []
    for n, sp_id in enumerate(resources):
        requests.append(BatchRequest(id=f"a{n}", method="GET",
                                     url=f"/servicePrincipals/{sp_id}/appRoleAssignedTo?$select=principalId,"
                                         "principalType&$top=999"))
        requests.append(BatchRequest(id=f"g{n}", method="GET", url=f"/oauth2PermissionGrants?$filter=resourceId eq "
                                                                   f"'{sp_id}'&$select=clientId&$top=999"))
    clients: set[str] = set()
    for answer in graph.batch(requests, parallel=READ_ENVELOPES_IN_FLIGHT) if requests else []:
        if answer.status == 404:
            continue  # the resource went meanwhile
        answer.raise_for_status()
        values = _all(graph, answer.body)
        if answer.id.startswith("a"):
            clients.update(str(v["principalId"]) for v in values if v.get("principalType") == "ServicePrincipal")
        else:
            clients.update(str(v["clientId"]) for v in values if v.get("clientId"))
    return clients


def owned_by(graph: GraphClient, sp_ids: Iterable[str]) -> tuple[set[str], set[str]]:
    """(applications, service principals) these service principals own (GET …/ownedObjects, 20 to a $batch): a
    service principal back from the recycle bin is an owner again."""
    ids = sorted(set(sp_ids))
    requests = [BatchRequest(id=str(n), method="GET", url=f"/servicePrincipals/{sp}/ownedObjects?$select=id")
                for n, sp in enumerate(ids)]
    apps: set[str] = set()
    sps: set[str] = set()
    for answer in graph.batch(requests, parallel=READ_ENVELOPES_IN_FLIGHT) if requests else []:
        if answer.status == 404:
            continue
        answer.raise_for_status()
        for item in _all(graph, answer.body):
            kind = str(item.get("@odata.type", ""))
            if kind.endswith(".application"):
                apps.add(str(item["id"]))
            elif kind.endswith(".servicePrincipal"):
                sps.add(str(item["id"]).lower())
    return apps, sps


def _all(graph: GraphClient, body: Any) -> list[dict[str, Any]]:
    values = list((body or {}).get("value") or [])
    next_link = (body or {}).get("@odata.nextLink")
    if isinstance(next_link, str):
        values += graph.get_all(next_link)
    return values


def service_principal_refs(graph: GraphClient) -> dict[str, str]:
    """Every service principal of the tenant: object id -> appId."""
    return {str(sp["id"]): str(sp["appId"])
            for sp in graph.get_all("/servicePrincipals", {"$select": "id,appId", "$top": 999})
            if sp.get("id") and sp.get("appId")}


def app_ids_of(items: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """A feed round's service principals: object id -> appId (those the feed sent it for)."""
    return {object_id: str(item["appId"]) for object_id, item in items.items() if item.get("appId")}
