"""Reading the directory extension definitions apps own (`/applications/{id}/extensionProperties`, issue 27 item 6).

A whole tenant: one advanced query finds the apps that own any (`extensionProperties/$count ne 0`: the application
resource supports it with ConsistencyLevel eventual and $count), then theirs are read, 20 apps to a `$batch` -
never one request per app of the tenant (each costs 2 resource units). A few apps: theirs, by appId, 20 to a batch.
`POST /directoryObjects/getAvailableExtensionProperties` is not used: it answers nothing for a tenant with more
than 1,000 service principals (its page's known issue), which a backup can't tell from "none".

Both give {appId (lower case): [extension definitions as Graph returns them]}, with every app read and none found
left out: a document holds the part only when the app owns definitions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop_app.domain.cancel import CancelToken
from desktop_app.graph.batch import BatchRequest
from desktop_app.graph.client import READ_ENVELOPES_IN_FLIGHT, GraphClient

PAGE_SIZE = 999
ADVANCED = {"ConsistencyLevel": "eventual"}


def read_tenant_extensions(graph: GraphClient, cancel: CancelToken) -> dict[str, list[dict[str, Any]]]:
    owners = graph.get_all("/applications", {"$filter": "extensionProperties/$count ne 0", "$count": "true",
                                             "$select": "id,appId", "$top": PAGE_SIZE}, headers=ADVANCED)
    cancel.raise_if_cancelled()
    return _read(graph, [(str(a["appId"]), f"/applications/{a['id']}/extensionProperties") for a in owners])


def read_selected_extensions(graph: GraphClient, app_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    return _read(graph, [(a, f"/applications(appId='{a}')/extensionProperties") for a in app_ids])


def _read(graph: GraphClient, urls: Sequence[tuple[str, str]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    answers = graph.batch([BatchRequest(id=str(n), method="GET", url=f"{url}?$top={PAGE_SIZE}")
                           for n, (_, url) in enumerate(urls)], parallel=READ_ENVELOPES_IN_FLIGHT)
    for (app_id, _), answer in zip(urls, answers, strict=True):
        if answer.status == 404:
            continue  # deleted since it was listed
        answer.raise_for_status()
        values = list(answer.json.get("value") or [])
        next_link = answer.json.get("@odata.nextLink")
        if isinstance(next_link, str):
            values += graph.get_all(next_link)
        if values:
            found[app_id.lower()] = values
    return found
