"""Listing strategies: which apps a read covers, and how Graph is asked for them.

A strategy hands the assembler (AppSink) pages of two kinds, in any order and from any thread:
- applications: every property of APPLICATION_SELECT, owners expanded (`owners`; Graph caps the expansion at
  OWNERS_EXPAND_CAP per app, the assembler reads the rest), keyCredentials with their metadata (bytes only where
  Graph sent them);
- federated credentials: `{"id": <app object id>, "federatedIdentityCredentials": [...]}`.
It also says how the enterprise part is read (alongside the listing, or after it for the apps found), which apps
the store knew that are gone (the recycle bin), and which of the wanted apps were not found.

A listing is not believed where it says an app is gone (a page cut short, emptied, missing its nextLink, on Graph's
side or a proxy's): every app the store knew that the whole-tenant listing left out is confirmed by a read of its
own (`GET /applications/{id}`, then its recycle-bin entry) before it counts as removed. One Graph still has, or that
could not be checked, is `kept` (its stored versions stay current, and the backup says how many).

Strategies here: `WholeTenant` (a backup, "what changed since a snapshot"), `ByIds` (a few apps by object id,
20 requests to a $batch), `ListedSelection` (many apps of a tenant: the whole-tenant listing, keeping the wanted
ones); `by_ids` chooses between the last two by cost. A delta strategy (the change timeline) implements the same
protocol: it lists what changed and names what was removed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol
from urllib.parse import quote

from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.document import APPLICATION_SELECT
from desktop_app.graph.batch import BatchRequest
from desktop_app.graph.client import GraphClient
from desktop_app.services.certificate_reads import CertificateReadPacer
from desktop_app.services.enterprise_read import (
    EnterpriseRead,
    read_selected_enterprise,
    read_tenant_enterprise,
    results,
)
from desktop_app.services.extension_read import read_selected_extensions, read_tenant_extensions
from desktop_app.store.records import CurrentApp

HEX_DIGITS = "0123456789abcdef"
OWNERS_EXPAND_CAP = 20  # Graph returns at most this many expanded items per object, with no nextLink
RECYCLE_BIN_DAYS = 30
BATCH_SIZE = 20
PAGE_SIZE = 999  # Graph's maximum; it lowers it to 100 itself while expanding


@dataclass(frozen=True)
class ReadProgress:
    """Where a read is: `phase` "listing" (done: apps listed so far) or "recycle-bin" (total: apps to look for).
    A backup adds its own phases (services/backup.py)."""

    phase: str
    done: int
    total: int | None = None


@dataclass(frozen=True)
class ListingContext:
    """What a strategy reads with. `pool`: threads for listings side by side (32: two listings in 16 parts)."""

    graph: GraphClient
    cancel: CancelToken
    pacer: CertificateReadPacer
    pool: ThreadPoolExecutor
    known: Mapping[str, CurrentApp]  # what the store knows of the tenant's apps, by object id
    report: Callable[[ReadProgress], None] = field(default=lambda _p: None)


class AppSink(Protocol):
    """The document assembler, as a strategy sees it."""

    def take_apps(self, page: list[dict[str, Any]]) -> None: ...

    def take_fics(self, page: list[dict[str, Any]]) -> None: ...


class ListingStrategy(Protocol):
    @property
    def enterprise_alongside(self) -> bool:
        """True: `read_enterprise` starts with the listing (it needs no app ids); False: it runs after it."""
        ...

    def list_apps(self, ctx: ListingContext, sink: AppSink) -> None:
        """Hand every app of the read, and its federated credentials, to `sink`; returns when all are in."""
        ...

    def read_enterprise(self, ctx: ListingContext, app_ids: Sequence[str]) -> EnterpriseRead:
        """The apps' enterprise part (`app_ids`: the client ids found, when not alongside)."""
        ...

    def removed(self, ctx: ListingContext, listed: Collection[str]) -> Removals:
        """What became of the apps the store knew that the listing left out: in the recycle bin, gone for good
        (neither listed nor in `recycle_bin` nor `kept`), or still there. A strategy that does not see the whole
        tenant says nothing (Removals())."""
        ...

    def missing(self, listed: Collection[str]) -> frozenset[str]:
        """Wanted apps Graph did not return (deleted, or too new to be visible)."""
        ...


@dataclass(frozen=True)
class Removals:
    """Known apps a whole-tenant listing left out, confirmed one by one."""

    recycle_bin: Mapping[str, datetime | None] = field(default_factory=dict)  # object id -> purge time
    # Left out of the listing, but Graph still has them (or could not say): not removed, their versions stay.
    kept: frozenset[str] = frozenset()


# ----- the whole tenant ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WholeTenant:
    """Every app of the tenant, in two listings (the apps with their owners; ids with federated credentials), each
    in 16 parts by the first hex digit of appId, side by side: one page of expanded items holds at most 100 apps,
    and a tenant is otherwise a long chain of sequential pages. The enterprise applications are read alongside,
    unless `enterprise_unread` says why they can't be (a permission the sign-in lacks)."""

    tenant_id: str
    enterprise_unread: str | None = None

    @property
    def enterprise_alongside(self) -> bool:
        return self.enterprise_unread is None

    def list_apps(self, ctx: ListingContext, sink: AppSink) -> None:
        app_params = {"$select": ",".join(APPLICATION_SELECT), "$expand": "owners", "$top": PAGE_SIZE}
        fic_params = {"$select": "id", "$expand": "federatedIdentityCredentials", "$top": PAGE_SIZE}
        parts = [ctx.pool.submit(_list_part, ctx, app_params, digit, sink.take_apps) for digit in HEX_DIGITS]
        parts += [ctx.pool.submit(_list_part, ctx, fic_params, digit, sink.take_fics) for digit in HEX_DIGITS]
        results(parts)

    def read_enterprise(self, ctx: ListingContext, app_ids: Sequence[str]) -> EnterpriseRead:
        read = EnterpriseRead(unread=self.enterprise_unread) if self.enterprise_unread is not None \
            else read_tenant_enterprise(ctx.graph, self.tenant_id, ctx.cancel)
        read.extensions = read_tenant_extensions(ctx.graph, ctx.cancel)
        return read

    def removed(self, ctx: ListingContext, listed: Collection[str]) -> Removals:
        gone = [object_id for object_id, app in ctx.known.items() if object_id not in listed and app.status != "purged"]
        if not gone:
            return Removals()
        ctx.report(ReadProgress("recycle-bin", 0, len(gone)))
        deleted = ctx.graph.get_all(
            "/directory/deletedItems/microsoft.graph.application",
            {"$select": "id,appId,displayName,deletedDateTime", "$top": PAGE_SIZE},
        )
        wanted = set(gone)
        recycle_bin = {str(item.get("id")): purge_date(item.get("deletedDateTime"))
                       for item in deleted if str(item.get("id")) in wanted}
        unconfirmed = [object_id for object_id in gone if object_id not in recycle_bin]
        if not unconfirmed:
            return Removals(recycle_bin)
        binned, kept = _confirm_gone(ctx, unconfirmed)
        return Removals({**recycle_bin, **binned}, kept)

    def missing(self, listed: Collection[str]) -> frozenset[str]:
        return frozenset()


def _confirm_gone(ctx: ListingContext, object_ids: Sequence[str]) -> tuple[dict[str, datetime | None], frozenset[str]]:
    """Apps the listing left out and the recycle bin's listing does not show, each read on its own (10 to a
    $batch: the app, then its recycle-bin entry): (those in the recycle bin after all -> purge time, those Graph
    still has or could not answer for). The rest are gone for good."""
    binned: dict[str, datetime | None] = {}
    kept: set[str] = set()
    per_batch = BATCH_SIZE // 2
    chunks = [list(object_ids[i : i + per_batch]) for i in range(0, len(object_ids), per_batch)]
    batches = [
        [request for n, object_id in enumerate(chunk) for request in (
            BatchRequest(id=f"a{n}", method="GET", url=f"/applications/{object_id}?$select=id"),
            BatchRequest(id=f"d{n}", method="GET", url=f"/directory/deletedItems/{object_id}?$select=id,deletedDateTime"),
        )]
        for chunk in chunks
    ]
    # The read's listing pool is closed by now (this runs after the listing): a few threads of its own.
    with ThreadPoolExecutor(min(8, len(batches)), thread_name_prefix="read-confirm") as pool:
        answered = results([pool.submit(ctx.graph.batch, batch) for batch in batches])
    for chunk, answers in zip(chunks, answered, strict=True):
        for n, object_id in enumerate(chunk):
            app, entry = answers[2 * n], answers[2 * n + 1]
            if app.status == 404 and entry.status == 200:
                binned[object_id] = purge_date((entry.json or {}).get("deletedDateTime"))
            elif not (app.status == 404 and entry.status == 404):
                kept.add(object_id)  # still there (the listing was short), or Graph did not say: not removed
    return binned, frozenset(kept)


def _list_part(ctx: ListingContext, params: Mapping[str, Any], digit: str,
               take: Callable[[list[dict[str, Any]]], None]) -> None:
    query = {**params, "$filter": f"startswith(appId,'{digit}')"}
    # A listing that selects keyCredentials counts against the certificate-read limit too, page by page.
    paced = "keycredentials" in str(params.get("$select", "")).lower().split(",")
    pages = iter(ctx.graph.get_pages("/applications", query))
    while True:
        if paced:
            ctx.pacer.acquire(1, ctx.cancel)
        page = next(pages, None)
        if page is None:
            return
        ctx.cancel.raise_if_cancelled()
        take(page)


# ----- chosen apps ---------------------------------------------------------------------------------------------


class _ChosenApps:
    """A strategy for chosen apps: an app it was asked for and did not list is missing; what else the tenant lost is
    not its to say."""

    object_ids: tuple[str, ...]

    def removed(self, ctx: ListingContext, listed: Collection[str]) -> Removals:
        return Removals()

    def missing(self, listed: Collection[str]) -> frozenset[str]:
        return frozenset(self.object_ids) - frozenset(listed)


@dataclass(frozen=True)
class ByIds(_ChosenApps):
    """Chosen apps by object id: each app and its federated credentials by id, 20 requests to a $batch; the
    enterprise part for the apps found, after them, or alongside them when `app_ids` gives every app's client id
    (the change timeline knows them: a round trip less). Says nothing about the apps it did not read."""

    object_ids: tuple[str, ...]
    app_ids: tuple[str, ...] | None = None

    @property
    def enterprise_alongside(self) -> bool:
        return self.app_ids is not None

    def list_apps(self, ctx: ListingContext, sink: AppSink) -> None:
        # Reading an app by id with keyCredentials selected counts against the 150-a-minute certificate-read limit,
        # so each app is read without them, and their metadata (no bytes) comes from one list call per chunk
        # (`id in (...)`): a chunk of apps costs one read of that budget; bytes are read only where unknown.
        select = ",".join(p for p in APPLICATION_SELECT if p != "keyCredentials")
        per_batch = (BATCH_SIZE - 1) // 2
        wanted = list(dict.fromkeys(self.object_ids))
        chunks = [wanted[i : i + per_batch] for i in range(0, len(wanted), per_batch)]
        futures = []
        for chunk in chunks:
            requests: list[BatchRequest] = []
            for n, object_id in enumerate(chunk):
                requests.append(BatchRequest(
                    id=f"a{n}", method="GET", url=f"/applications/{object_id}?$select={select}&$expand=owners"
                ))
                requests.append(BatchRequest(
                    id=f"f{n}", method="GET", url=f"/applications/{object_id}/federatedIdentityCredentials"
                ))
            ids = ",".join(f"'{object_id}'" for object_id in chunk)
            keys_filter = quote(f"id in ({ids})", safe="")
            requests.append(BatchRequest(
                id="k", method="GET", url=f"/applications?$filter={keys_filter}&$select=id,keyCredentials"
            ))
            ctx.pacer.acquire(1, ctx.cancel)  # the one request of the batch that selects keyCredentials
            futures.append(ctx.pool.submit(ctx.graph.batch, requests))
        for chunk, answers in zip(chunks, results(futures), strict=True):
            apps: list[dict[str, Any]] = []
            fics: list[dict[str, Any]] = []
            keys = answers[-1]
            keys.raise_for_status()
            key_metadata = {str(a.get("id")): a.get("keyCredentials") or [] for a in all_values(ctx.graph, keys.json)}
            for n, object_id in enumerate(chunk):
                app, fic = answers[2 * n], answers[2 * n + 1]
                if app.status == 404 or fic.status == 404 or object_id not in key_metadata:
                    continue  # missing
                app.raise_for_status()
                fic.raise_for_status()
                apps.append({**app.json, "keyCredentials": key_metadata[object_id]})
                fics.append({"id": object_id, "federatedIdentityCredentials": all_values(ctx.graph, fic.json)})
            sink.take_apps(apps)
            sink.take_fics(fics)

    def read_enterprise(self, ctx: ListingContext, app_ids: Sequence[str]) -> EnterpriseRead:
        app_ids = self.app_ids if self.app_ids is not None else app_ids
        if not app_ids:
            read = EnterpriseRead()
            read.extensions = {}
            return read
        extensions = ctx.pool.submit(read_selected_extensions, ctx.graph, app_ids)  # side by side
        try:
            read = read_selected_enterprise(ctx.graph, app_ids)
        finally:
            read_extensions = results([extensions])[0]
        read.extensions = read_extensions
        return read


@dataclass(frozen=True)
class ListedSelection(_ChosenApps):
    """Many apps of a tenant: the whole-tenant listing (the enterprise part too), keeping only the wanted apps."""

    tenant_id: str
    object_ids: tuple[str, ...]

    @property
    def enterprise_alongside(self) -> bool:
        return True

    def list_apps(self, ctx: ListingContext, sink: AppSink) -> None:
        WholeTenant(self.tenant_id).list_apps(ctx, _Only(frozenset(self.object_ids), sink))

    def read_enterprise(self, ctx: ListingContext, app_ids: Sequence[str]) -> EnterpriseRead:
        read = read_tenant_enterprise(ctx.graph, self.tenant_id, ctx.cancel)
        read.extensions = read_tenant_extensions(ctx.graph, ctx.cancel)
        return read


@dataclass(frozen=True)
class _Only:
    wanted: frozenset[str]
    sink: AppSink

    def take_apps(self, page: list[dict[str, Any]]) -> None:
        self.sink.take_apps([item for item in page if str(item.get("id")) in self.wanted])

    def take_fics(self, page: list[dict[str, Any]]) -> None:
        self.sink.take_fics([item for item in page if str(item.get("id")) in self.wanted])


# Resource units (graph-notes §8): reading an app by id costs about 3 (the app with its owners, its federated
# credentials); listing the tenant costs 2 per page of 100 apps in each of the two listings, and at least one
# page for each of the 32 parts.
_UNITS_PER_APP_BY_ID = 3.0
_UNITS_PER_LISTED_APP = 4.0 / 100
_LISTING_BASE_UNITS = 2.0 * 2 * len(HEX_DIGITS)
_LIST_WHEN_UNKNOWN = 100  # apps wanted from a tenant the store knows nothing of


def list_instead(wanted: int, tenant_apps: int) -> bool:
    """Whether reading `wanted` apps of a tenant of about `tenant_apps` apps is cheaper by listing it."""
    if tenant_apps <= 0:
        return wanted >= _LIST_WHEN_UNKNOWN
    return wanted * _UNITS_PER_APP_BY_ID > _LISTING_BASE_UNITS + tenant_apps * _UNITS_PER_LISTED_APP


def by_ids(tenant_id: str, object_ids: Sequence[str], tenant_apps: int,
           app_ids: Mapping[str, str] | None = None, *, by_id: bool = False) -> ByIds | ListedSelection:
    """The cheaper way to read these apps of a tenant of about `tenant_apps` apps: by id, or by listing it (a few
    hundred requests for 10,000 apps instead of 20,000). `app_ids`: object id -> client id, where known. `by_id`:
    by id whatever it costs (the caller has weighed time against Graph's units)."""
    wanted = tuple(dict.fromkeys(object_ids))
    if not by_id and list_instead(len(wanted), tenant_apps):
        return ListedSelection(tenant_id, wanted)
    clients = [(app_ids or {}).get(object_id) for object_id in wanted]
    if app_ids is not None and all(clients):
        return ByIds(wanted, tuple(dict.fromkeys(str(c) for c in clients)))
    return ByIds(wanted)


# ----- helpers -------------------------------------------------------------------------------------------------


def all_values(graph: GraphClient, page: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A collection's first page and the pages its nextLink leads to."""
    values = list(page.get("value") or [])
    next_link = page.get("@odata.nextLink")
    if isinstance(next_link, str):
        values += graph.get_all(next_link)
    return values


def purge_date(deleted: object) -> datetime | None:
    """When Graph purges an item in the recycle bin for good, from its `deletedDateTime` (None: not a time)."""
    if not isinstance(deleted, str):
        return None
    try:
        when = datetime.fromisoformat(deleted.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when + timedelta(days=RECYCLE_BIN_DAYS)
