"""Read the target tenant's state for a restore plan: the apps the plan may touch, their owners, the
referenced apps and the directory (users, groups, resource service principals) a cross-tenant plan maps onto.

Reads only; every read is listed or batched (a whole tenant is planned in seconds), and nothing is read twice: the
service principals are listed once (in 16 parts at once), and a directory object that owns one of the apps
just read exists, so it is not looked up again. Users and groups are never listed: those the snapshots name are
looked up by sign-in name / display name / id (services/directory_lookup.py), which needs Directory.Read.All;
without it (`can_look_up` False, or Graph refuses) nothing is looked up, `look_ups_refused` says so and every
principal counts as found (the plan is not trimmed on a guess; the run refuses to start without the permission).
Used by services/restore.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.document import APPLICATION_SELECT, build_document
from desktop_app.domain.enterprise import (
    ENTERPRISE_SECTION,
    ENTRA_PREMIUM_PLANS,
    SERVICE_PRINCIPAL_SELECT,
    build_enterprise_section,
)
from desktop_app.domain.restore_plan import (
    PlanError,
    PlanErrorCode,
    PlanWarning,
    Presence,
    ServicePrincipalPresence,
    SourceApp,
    TargetDirectory,
    TargetResource,
    TargetState,
    TargetTenant,
    WarningCode,
)
from desktop_app.graph.batch import BatchRequest, BatchResponse
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphError
from desktop_app.services import directory_lookup
from desktop_app.services.app_reader import HEX_DIGITS, AppReader, AppsRead, list_instead
from desktop_app.services.enterprise_read import results
from desktop_app.services.tenants import read_organization
from desktop_app.store.database import Store
from desktop_app.store.records import CurrentApp, TenantInfo

log = logging.getLogger(__name__)


class TargetReader:
    """The target tenant as one restore sees it (one per preview)."""

    def __init__(
        self,
        store: Store,
        apps: AppReader,
        graph: GraphClient,
        source: TenantInfo,
        source_apps: Mapping[str, CurrentApp],
        target: TenantInfo,
        cancel: CancelToken,
        *,
        can_look_up: bool = True,
    ) -> None:
        self._store = store
        self._apps = apps
        self._graph = graph
        self._source = source
        self._source_apps = source_apps  # what the store knows of the source tenant's apps, by object id
        self._target = target
        self._cancel = cancel
        self._service_principals: list[dict[str, Any]] | None = None
        self._existing: set[str] = set()  # directory objects seen in what was read: they exist
        self._can_look_up = can_look_up  # the token carries Directory.Read.All (as far as the sign-in can tell)
        self._users: dict[str, str] = {}  # lower-case sign-in name -> id, of the names looked up so far
        self._looked_up: set[str] = set()
        self._guest_domains: tuple[str, ...] = ()
        # The plan needed users, groups or directory objects looked up and the permission was missing.
        self.look_ups_refused = False

    def same_tenant_targets(self, sources: Sequence[SourceApp]) -> dict[str, TargetState]:
        """Where each app is now: live, in the recycle bin, or gone - and then, whether an earlier restore
        recreated it (the audit trail maps old to new ids): that copy is overwritten rather than a second made."""
        tenant_id = self._source.tenant_id
        copies = self._store.last_restored_copies(tenant_id, [s.object_id for s in sources], tenant_id)
        candidates = [s.object_id for s in sources]
        candidates += [c.new_object_id for c in copies.values() if c.new_object_id]
        return self._locate(sources, candidates, lambda s: [s.object_id] + _copy_ids(copies.get(s.object_id)),
                            known=self._source_apps)

    def without_missing_owners(
        self, sources: Sequence[SourceApp]
    ) -> tuple[tuple[SourceApp, ...], dict[str, tuple[PlanWarning, ...]]]:
        """The sources without owners that no longer exist in the tenant (a user or service principal deleted
        since the snapshot can't be made an owner again), and a warning for each one left out. The service
        principal of an app restored with them is no such owner: the restore makes or restores it (linked.py)."""
        restored = {str(section.get("id")) for s in sources
                    if isinstance(section := s.document.get(ENTERPRISE_SECTION), Mapping) and section.get("id")}
        owner_ids = {str(o.get("id")) for s in sources for o in s.document.get("owners") or []} - restored
        missing = owner_ids - self._found(owner_ids)
        if not missing:
            return tuple(sources), {}
        out: list[SourceApp] = []
        extra: dict[str, tuple[PlanWarning, ...]] = {}
        for source in sources:
            owners = source.document.get("owners") or []
            gone = [o for o in owners if str(o.get("id")) in missing]
            if not gone:
                out.append(source)
                continue
            document = {**source.document, "owners": [o for o in owners if str(o.get("id")) not in missing]}
            out.append(replace(source, document=document))
            extra[source.object_id] = tuple(
                PlanWarning(WarningCode.OWNER_NOT_FOUND, {
                    k: v for k, v in {
                        "owner_id": str(o.get("id")), "display_name": str(o.get("displayName") or ""),
                        "user_principal_name": o.get("userPrincipalName"), "app_id": o.get("appId"),
                    }.items() if isinstance(v, str)
                })
                for o in gone
            )
        return tuple(out), extra

    def other_tenant(
        self, sources: Sequence[SourceApp], domain: str
    ) -> tuple[TargetTenant, dict[str, TargetState]]:
        org = read_organization(self._graph)
        if not org.domains:
            raise PlanError(PlanErrorCode.TARGET_HAS_NO_VERIFIED_DOMAINS, tenant_id=self._target.tenant_id)
        chosen = next((d for d in org.domains if d.lower() == domain.lower()), None)
        if chosen is None:
            raise PlanError(PlanErrorCode.DOMAIN_NOT_VERIFIED, domain=domain, verified=", ".join(org.domains))
        source_id, target_id = self._source.tenant_id, self._target.tenant_id
        # Apps the selection refers to that an earlier restore copied there: references go to those copies.
        selected = {s.app_id.lower() for s in sources}
        by_app_id = {a.app_id.lower(): a.object_id for a in self._source_apps.values()}
        referenced = {app_id: by_app_id[app_id] for app_id in sorted(_referenced_app_ids(sources) - selected)
                      if app_id in by_app_id}
        copies = self._store.last_restored_copies(
            source_id, [s.object_id for s in sources] + list(referenced.values()), target_id
        )
        previous: dict[str, str] = {}
        for app_id, object_id in referenced.items():
            copy = copies.get(object_id)
            if copy is not None and copy.new_app_id:
                previous[app_id] = copy.new_app_id
        candidates = [object_id for s in sources for object_id in _copy_ids(copies.get(s.object_id))]
        targets = self._locate(sources, candidates, lambda s: _copy_ids(copies.get(s.object_id)))
        for source in sources:
            state = targets.get(source.object_id)
            if state is not None and state.app_id:
                previous[source.app_id.lower()] = state.app_id
        self._guest_domains = tuple(d for d in org.domains if _initial_domain(d))
        users = self._users_named(str(o["userPrincipalName"]) for s in sources for o in s.document.get("owners") or []
                                  if isinstance(o.get("userPrincipalName"), str))
        sps = self._all_service_principals()
        apps = self._graph.get_all("/applications", {"$select": "appId", "$top": 999})
        sp_by_app = {str(sp["appId"]): str(sp["id"]) for sp in sps if sp.get("appId")}
        known = frozenset(sp_by_app) | frozenset(str(a["appId"]) for a in apps if a.get("appId"))
        target = TargetTenant(
            tenant_id=org.tenant_id, verified_domains=org.domains, chosen_domain=chosen, users_by_upn=users,
            service_principals_by_app_id=sp_by_app, known_app_ids=known, previous_copies=previous,
        )
        return target, {k: v for k, v in targets.items() if v.presence.value != "gone"}

    def directory(self, sources: Sequence[SourceApp], *, other_tenant: bool) -> TargetDirectory | None:
        """What the enterprise applications' consent and assignments need of the target: its service principals
        (resources by appId, with their roles and scopes), and the users and groups the snapshots name - in the same
        tenant those that still exist, in another matched by sign-in name / display name. None when no source
        recorded an enterprise application."""
        sections: list[Mapping[str, Any]] = [
            s.document["servicePrincipal"] for s in sources if isinstance(s.document.get("servicePrincipal"), Mapping)
        ]
        if not sections:
            return None
        resources: dict[str, TargetResource] = {}
        for sp in self._all_service_principals():
            roles = [r for r in sp.get("appRoles") or [] if isinstance(r, Mapping) and r.get("isEnabled")]
            resources[str(sp.get("appId", "")).lower()] = TargetResource(
                object_id=str(sp["id"]), display_name=sp.get("displayName"),
                role_ids_by_value={str(r.get("value")): str(r.get("id")) for r in roles
                                   if "Application" in (r.get("allowedMemberTypes") or [])},
                role_ids=frozenset(str(r.get("id")).lower() for r in roles),
                scopes=frozenset(str(x.get("value")) for x in sp.get("oauth2PermissionScopes") or []
                                 if isinstance(x, Mapping) and x.get("isEnabled")),
            )
        self._cancel.raise_if_cancelled()
        principals = [(str(a.get("principalType")), str(a.get("principalId")))
                      for x in sections for a in x.get("appRoleAssignedTo") or []]
        principals += [("User", str((g.get("principal") or {}).get("id")))
                       for x in sections for g in x.get("delegatedPermissionGrants") or [] if g.get("principal")]
        groups_allowed = self._group_assignments() if any(kind == "Group" for kind, _ in principals) else None
        if other_tenant:
            upns = [str(a.get("userPrincipalName")) for x in sections for a in x.get("appRoleAssignedTo") or []
                    if a.get("principalType") == "User" and isinstance(a.get("userPrincipalName"), str)]
            upns += [str((g.get("principal") or {}).get("userPrincipalName")) for x in sections
                     for g in x.get("delegatedPermissionGrants") or []
                     if isinstance((g.get("principal") or {}).get("userPrincipalName"), str)]
            names = [str(a.get("principalDisplayName")) for x in sections for a in x.get("appRoleAssignedTo") or []
                     if a.get("principalType") == "Group" and isinstance(a.get("principalDisplayName"), str)]
            users = self._users_named(upns)
            groups = self._look_up(lambda: directory_lookup.groups_by_name(self._graph, names), {}) if names else {}
            return TargetDirectory(resources=resources, users_by_upn=dict(users),
                                   groups_by_name=groups, group_assignments=groups_allowed)
        found = self._found({i for kind, i in principals if kind in ("User", "Group")})
        kinds = dict((i, kind) for kind, i in principals)
        return TargetDirectory(
            resources=resources,
            user_ids=frozenset(i for i in found if kinds.get(i) == "User"),
            group_ids=frozenset(i for i in found if kinds.get(i) == "Group"), group_assignments=groups_allowed,
        )

    def _group_assignments(self) -> bool | None:
        """Whether the tenant can assign groups to applications: it needs Entra ID P1 or P2 (a service plan in
        /organization's assignedPlans, enabled or in its grace period). None: /organization could not be read."""
        try:
            org = self._graph.get("/organization", params={"$select": "id,assignedPlans"})
        except GraphError as error:
            log.info("The tenant's plans could not be read (%s): group assignments are tried", error.code)
            return None
        plans = [p for o in org.get("value") or [] for p in o.get("assignedPlans") or [] if isinstance(p, Mapping)]
        return any(str(p.get("servicePlanId")).lower() in ENTRA_PREMIUM_PLANS
                   and p.get("capabilityStatus") in ("Enabled", "Warning") for p in plans)

    def _locate(
        self,
        sources: Sequence[SourceApp],
        candidates: Iterable[str],
        ids_of: Callable[[SourceApp], list[str]],
        *,
        known: Mapping[str, CurrentApp] | None = None,
    ) -> dict[str, TargetState]:
        """Where each source is in the target. `known`: the store's apps of the target (the same tenant's), when
        the caller has them: many apps wanted of it are listed, and the rest of what the plan reads is read
        alongside the listing (_Alongside) instead of after it."""
        wanted = list(dict.fromkeys(candidates))
        alongside = _Alongside(self, wanted) if wanted and known is not None \
            and list_instead(len(wanted), len(known)) else None
        try:
            read = self._apps.read_apps(self._target, wanted, graph=self._graph, cancel=self._cancel,
                                        documents_only=True, known=known, sp_certificate_bytes=False) if wanted \
                else AppsRead({}, (), {}, frozenset())
        finally:
            early = alongside.finish() if alongside is not None else None
        self._cancel.raise_if_cancelled()
        deleted: dict[str, dict[str, Any]] = {}
        deleted_sps: dict[str, str] = {}
        if read.missing:
            deleted = early.deleted if early is not None else self._deleted_applications()
            if any(m in deleted for m in read.missing):
                deleted_sps = early.deleted_sps if early is not None and early.deleted_sps is not None \
                    else self._deleted_service_principals()
        live_sps: set[str] = set()
        if read.documents:
            live_sps = {str(sp.get("appId", "")).lower() for sp in self._all_service_principals()}
        # Graph names only existing objects as owners ($expand=owners): those need no look-up of their own.
        self._existing.update(str(o.get("id")) for d in read.documents.values() for o in d.get("owners") or [])
        targets: dict[str, TargetState] = {}
        for source in sources:
            state = TargetState.gone()
            for object_id in ids_of(source):
                document = read.documents.get(object_id)
                if document is not None:
                    app_id = str(document["application"].get("appId") or "")
                    presence = ServicePrincipalPresence.PRESENT if app_id.lower() in live_sps \
                        else ServicePrincipalPresence.ABSENT
                    state = TargetState.exists(object_id, app_id, document, presence)
                    break
                if object_id in deleted:
                    app_id = str(deleted[object_id].get("appId") or "")
                    state = TargetState.recycled(
                        object_id, app_id, None, deleted_service_principal_id=deleted_sps.get(app_id.lower()),
                        service_principal=ServicePrincipalPresence.ABSENT,
                    )
                    break
            targets[source.object_id] = state
        return self._with_recycled_properties(targets, early.answers if early is not None else {})

    def _deleted_applications(self) -> dict[str, dict[str, Any]]:
        """The recycle bin's apps, by object id."""
        return {str(item["id"]): item for item in self._graph.get_all(
            "/directory/deletedItems/microsoft.graph.application", {"$select": "id,appId", "$top": 999})}

    def _deleted_service_principals(self) -> dict[str, str]:
        """The recycle bin's service principals: appId (lower case) -> object id."""
        return {str(sp.get("appId", "")).lower(): str(sp["id"]) for sp in self._graph.get_all(
            "/directory/deletedItems/microsoft.graph.servicePrincipal", {"$select": "id,appId", "$top": 999})}

    def recycle_bin_ahead(self, wanted: Sequence[str]) -> RecycleBinRead:
        """The recycle bin as _locate reads it after the listing, read beside it: its apps, and when it holds
        wanted ones, its service principals and the properties of those apps (and of their service principals)."""
        deleted = self._deleted_applications()
        binned = [object_id for object_id in wanted if object_id in deleted]
        if not binned:
            return RecycleBinRead(deleted, None, {})
        deleted_sps = self._deleted_service_principals()
        requests = _recycled_requests([
            (object_id, deleted_sps.get(str(deleted[object_id].get("appId") or "").lower())) for object_id in binned
        ])
        answers = self._graph.batch(requests)
        return RecycleBinRead(deleted, deleted_sps,
                              {request.url: answer for request, answer in zip(requests, answers, strict=True)})

    def _all_service_principals(self) -> list[dict[str, Any]]:
        """Every service principal of the target with what a plan needs of it, listed once per plan, in one
        listing per first hex digit of appId at once (as a backup lists them: 8 pages of 999 one after the
        other took 8 s at 10,000 apps)."""
        if self._service_principals is None:
            params = {"$select": "id,appId,displayName,appRoles,oauth2PermissionScopes", "$top": 999}
            with ThreadPoolExecutor(len(HEX_DIGITS), thread_name_prefix="plan-sps") as pool:
                parts = [pool.submit(self._graph.get_all, "/servicePrincipals",
                                     {**params, "$filter": f"startswith(appId,'{digit}')"}) for digit in HEX_DIGITS]
                self._service_principals = [sp for part in results(parts) for sp in part]
            self._cancel.raise_if_cancelled()
        return self._service_principals

    def _found(self, object_ids: Iterable[str]) -> set[str]:
        """The directory objects among `object_ids` that exist: those seen in what was read, the others looked
        up by id, 20 to a $batch."""
        wanted = set(object_ids)
        found = wanted & self._existing
        unknown = wanted - found
        if not unknown:
            return found
        found |= self._look_up(lambda: directory_lookup.existing(self._graph, unknown), unknown)
        self._existing |= found
        return found

    def _users_named(self, upns: Iterable[str]) -> dict[str, str]:
        """The target's users among these sign-in names (lower case -> id), each name looked up once a plan."""
        new = {u.lower() for u in upns if u} - self._looked_up
        if new:
            self._users.update(self._look_up(
                lambda: directory_lookup.users_by_upn(self._graph, new, self._guest_domains), {}))
            self._looked_up |= new
        return self._users

    def _look_up(self, read: Callable[[], Any], without: Any) -> Any:
        """`read()`, or `without` when the token can't read users, groups and directory objects (then said)."""
        if not self._can_look_up:
            self.look_ups_refused = True
            return without
        try:
            return read()
        except directory_lookup.LookUpRefused:
            self.look_ups_refused = True
            return without
        finally:
            self._cancel.raise_if_cancelled()

    def _with_recycled_properties(
        self, targets: dict[str, TargetState], read_ahead: Mapping[str, BatchResponse]
    ) -> dict[str, TargetState]:
        """Each app in the recycle bin with its properties as Graph keeps them there (GET
        /directory/deletedItems/{id}, graph-notes §4), batched: the undelete brings back that object, so the plan
        then writes only what differs from the snapshot. Owners, federated credentials, certificate bytes and logo
        are not read there: those stay unknown (the plan writes them, extras are not removed). An app purged
        since the list stays without a known state. `read_ahead`: answers already read beside the listing, by URL
        (the others are read here)."""
        recycled = [(k, s) for k, s in targets.items() if s.presence is Presence.RECYCLED and s.object_id
                    and s.document is None]
        if not recycled:
            return targets
        # Its service principal's settings too, where it waits in the bin (its consent comes back with it).
        sps = [(k, s) for k, s in recycled if s.deleted_service_principal_id]
        requests = _recycled_requests([(str(s.object_id), s.deleted_service_principal_id) for _, s in recycled])
        unread = [request for request in requests if request.url not in read_ahead]
        read = dict(read_ahead)
        if unread:
            read.update((request.url, answer) for request, answer in
                        zip(unread, self._graph.batch(unread), strict=True))
        answers = [read[request.url] for request in requests]
        self._cancel.raise_if_cancelled()
        sp_answers = {key: answer for (key, _), answer in zip(sps, answers[len(recycled):], strict=True)}
        out = dict(targets)
        for (key, state), answer in zip(recycled, answers[:len(recycled)], strict=True):
            if answer.status == 404:
                continue
            answer.raise_for_status()
            if not isinstance(answer.body, Mapping):
                continue
            document: dict[str, Any] = {"application": build_document(answer.body, (), (), {}, None)["application"]}
            sp_answer = sp_answers.get(key)
            if sp_answer is not None and sp_answer.ok and isinstance(sp_answer.body, Mapping):
                section = build_enterprise_section(sp_answer.body, (), (), (), (), {}, {})
                document["servicePrincipal"] = {"id": section["id"], "properties": section["properties"]}
            out[key] = replace(state, document=document)
        return out


@dataclass(frozen=True)
class RecycleBinRead:
    """The recycle bin read beside a listing (TargetReader.recycle_bin_ahead)."""

    deleted: dict[str, dict[str, Any]]  # its apps, by object id
    deleted_sps: dict[str, str] | None  # its service principals (appId -> id); None: not read (no wanted app there)
    answers: Mapping[str, BatchResponse]  # the wanted apps' (and their service principals') properties, by URL


class _Alongside:
    """What a plan of many apps reads besides the listing, started with it: the listing is most of a whole-tenant
    plan's time, mostly spent waiting on Graph (16 parts at once, paced under the certificate-read limit), and
    these reads need nothing from it. The target's service principals and the recycle bin (its apps, its service
    principals, the recycled apps' properties: RecycleBinRead) are read side by side with it; after the listing,
    _locate uses them where it would have read them, and what it turns out not to need is dropped. A read that
    failed here is read again where needed (its error, if it persists, is raised there, as before)."""

    def __init__(self, reader: TargetReader, wanted: Sequence[str]) -> None:
        self._pool = ThreadPoolExecutor(2, thread_name_prefix="plan-alongside")
        # _all_service_principals keeps what it lists: the plan's later calls find it there.
        self._sps = self._pool.submit(reader._all_service_principals)
        self._bin = self._pool.submit(reader.recycle_bin_ahead, wanted)
        self._pool.shutdown(wait=False)

    def finish(self) -> RecycleBinRead | None:
        """Wait for both reads (Future.exception waits); the recycle bin as read, or None when that read failed."""
        if self._sps.exception() is not None:
            log.debug("the service principals read beside the listing failed: read again where needed")
        if self._bin.exception() is not None:
            log.debug("the recycle bin read beside the listing failed: read again where needed")
            return None
        return self._bin.result()


def _recycled_requests(recycled: Sequence[tuple[str, str | None]]) -> list[BatchRequest]:
    """The reads of recycled apps' properties (object id, the deleted service principal's id or None): the apps
    first, then the service principals of those that have one."""
    select = ",".join(APPLICATION_SELECT)
    requests = [BatchRequest(id=str(n), method="GET", url=f"/directory/deletedItems/{object_id}?$select={select}")
                for n, (object_id, _) in enumerate(recycled)]
    sp_select = ",".join(SERVICE_PRINCIPAL_SELECT)
    requests += [BatchRequest(id=f"sp{n}", method="GET", url=f"/directory/deletedItems/{sp_id}?$select={sp_select}")
                 for n, sp_id in enumerate(sp_id for _, sp_id in recycled if sp_id)]
    return requests


def _initial_domain(domain: str) -> bool:
    """The tenant's *.onmicrosoft.com domain (or a national cloud's): where its guests' sign-in names are."""
    lowered = domain.lower()
    return lowered.endswith((".onmicrosoft.com", ".onmicrosoft.us", ".onmschina.cn", ".onmicrosoft.de"))


def _copy_ids(copy: Any) -> list[str]:
    return [copy.new_object_id] if copy is not None and copy.new_object_id else []


def _referenced_app_ids(sources: Iterable[SourceApp]) -> set[str]:
    found: set[str] = set()
    for source in sources:
        app = source.document.get("application") or {}
        for access in app.get("requiredResourceAccess") or []:
            found.add(str(access.get("resourceAppId") or "").lower())
        api = app.get("api") or {}
        found.update(str(a).lower() for a in api.get("knownClientApplications") or [])
        found.update(str(p.get("appId") or "").lower() for p in api.get("preAuthorizedApplications") or [])
    found.discard("")
    return found
