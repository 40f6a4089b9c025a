"""A restore's preview: the target's current state read with reads only, and the domain's plan from it; nothing
is written (services/restore.py has the whole protocol)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from desktop_app.auth.errors import InteractionRequired
from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.cherry_pick import Pick, PickError, parse_paths, pick
from desktop_app.domain.restore_plan import (
    PlanError,
    PlanErrorCode,
    PlanItem,
    PlanWarning,
    Presence,
    RestoreMode,
    RestorePlan,
    ServicePrincipalPresence,
    SourceApp,
    SourceTenant,
    TargetState,
    TargetTenant,
    WarningCode,
    plan_restore,
    validate_new_name,
)
from desktop_app.services.app_reader import AppReader, GraphForTenant
from desktop_app.services.permissions import LOOK_UP, READ_CONSENT, ask_for, restore_needs
from desktop_app.services.restore_journal import recover
from desktop_app.services.restore_model import (
    InputProblem,
    NothingToRestore,
    PlanInputs,
    PreviewItem,
    RestoreInputError,
    RestorePreview,
    RestoreProgress,
    RestoreRequest,
)
from desktop_app.services.restore_selection import LeftOut, selection_at
from desktop_app.services.restore_targets import TargetReader
from desktop_app.store.database import Store
from desktop_app.store.errors import StoreError, UnknownTenantError
from desktop_app.store.records import AppAt, SnapshotInfo, TenantInfo


class RestorePreviewer:
    def __init__(self, store: Store, graph_for_tenant: GraphForTenant, reader: AppReader) -> None:
        self._store = store
        self._graph_for_tenant = graph_for_tenant
        self._reader = reader

    def preview(
        self,
        request: RestoreRequest,
        *,
        progress: Callable[[RestoreProgress], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> RestorePreview:
        """The plan, from the target's current state read with reads only. Raises RestoreInputError or
        PlanError for bad input (before reading anything from Graph), GraphError when reading fails."""
        cancel = cancel or CancelToken()
        report = progress or (lambda _p: None)
        source_tenant = self._tenant(request.tenant_id)
        snapshot = self._snapshot(source_tenant, request.snapshot_id)
        target_tenant = self._check_request(request, source_tenant)
        _picked(request)  # bad paths are refused before anything is read
        apps, left_out = self._apps(source_tenant, snapshot, request)
        if request.mode is RestoreMode.AS_NEW and len(apps) != 1:
            raise PlanError(PlanErrorCode.AS_NEW_NEEDS_ONE_APP, count=str(len(apps)))
        sources = tuple(SourceApp(a.object_id, a.app_id, a.document) for a in apps)
        source_apps = self._store.current_apps(source_tenant.tenant_id)
        source = SourceTenant(
            source_tenant.tenant_id,
            source_tenant.domains,
            frozenset(a.app_id for a in source_apps.values() if a.app_id),
        )
        report(RestoreProgress(0, len(apps), "", "running"))
        restores_seen = self.restores_into(target_tenant.tenant_id)
        graph = self._graph_for_tenant(target_tenant, cancel=cancel)
        try:
            # The target's consent, so that only what differs is written, and its users and groups the plan names.
            can_read = ask_for(graph, [READ_CONSENT]) is None
            # Before reading the target: the apps an interrupted run created must be seen as its copies.
            recovered = tuple(recover(self._store, graph, target_tenant.tenant_id))
            reader = TargetReader(self._store, self._reader, graph, source_tenant, source_apps, target_tenant,
                                   cancel, can_look_up=can_read)
            target: TargetTenant | None = None
            extra: dict[str, tuple[PlanWarning, ...]] = {}
            if request.mode is RestoreMode.WITH_OBJECT:
                targets = reader.same_tenant_targets(sources)
                if request.only:
                    _check_picked_apps_exist(apps, targets)
                sources, extra = reader.without_missing_owners(sources)
                if request.only and not _picked(request).names_section("owners"):
                    extra = {}  # the owners stay as they are now: those gone since the snapshot don't matter
            elif request.mode is RestoreMode.OTHER_TENANT:
                assert request.target_domain is not None
                target, targets = reader.other_tenant(sources, request.target_domain)
            else:
                targets = {}
            directory = None
            if request.mode is not RestoreMode.AS_NEW or request.copy_access:
                directory = reader.directory(sources, other_tenant=request.mode is RestoreMode.OTHER_TENANT)
        finally:
            graph.close()
        cancel.raise_if_cancelled()
        inputs = PlanInputs(sources, source, targets, target, extra, directory)
        plan = plan_from(inputs, request)
        if reader.look_ups_refused:
            plan = _without_unsearched(plan)
        report(RestoreProgress(len(apps), len(apps), "", "verified"))
        return RestorePreview(
            request=request, plan=plan, source_tenant=source_tenant, target_tenant=target_tenant,
            snapshot=snapshot,
            items=tuple(_preview_item(a, i, extra.get(a.object_id, ())) for a, i in zip(apps, plan.items,
                                                                                        strict=True)),
            apps=tuple(apps), left_out=left_out, inputs=inputs, recovered=recovered, restores_seen=restores_seen,
            permissions_missing=self._missing_permissions(target_tenant, plan, reader.look_ups_refused),
            look_ups_refused=reader.look_ups_refused,
        )

    def _missing_permissions(self, target: TenantInfo, plan: RestorePlan, looks_up: bool) -> tuple[str, ...]:
        """What the plan needs beyond Application.ReadWrite.All and the target's sign-in can't have silently
        (Directory.Read.All when the look-ups it needed were refused)."""
        needs = restore_needs(plan)
        look_up = (LOOK_UP,) if looks_up else ()
        if not needs:
            return look_up
        graph = self._graph_for_tenant(target)
        try:
            refused = ask_for(graph, needs, write=True) is not None
        except InteractionRequired:
            return look_up  # not signed in to write at all: the run says so, as without consent steps
        finally:
            graph.close()
        return restore_needs(plan, looks_up=looks_up) if refused else look_up

    def restores_into(self, tenant_id: str) -> tuple[int, frozenset[int]]:
        """The newest restore run into the tenant, and the runs into it still marked running."""
        runs = [r for r in self._store.restore_runs(tenant_id) if r.target_tenant_id == tenant_id]
        return max((r.id for r in runs), default=0), frozenset(r.id for r in runs if r.status == "running")

    # ----- input checks ------------------------------------------------------------------------------------

    def _tenant(self, key: str) -> TenantInfo:
        try:
            return self._store.get_tenant(key)
        except UnknownTenantError as exc:
            raise RestoreInputError(InputProblem.UNKNOWN_TENANT, {"tenant": key}) from exc

    def _snapshot(self, tenant: TenantInfo, snapshot_id: int) -> SnapshotInfo:
        try:
            snapshot = self._store.snapshot(snapshot_id)
        except StoreError as exc:
            raise RestoreInputError(InputProblem.NO_SUCH_SNAPSHOT, {"snapshot_id": str(snapshot_id)}) from exc
        if snapshot.tenant_id != tenant.tenant_id:
            raise RestoreInputError(InputProblem.SNAPSHOT_OF_ANOTHER_TENANT,
                                    {"snapshot_id": str(snapshot_id), "tenant": tenant.display_name})
        if snapshot.status != "complete":
            raise RestoreInputError(InputProblem.SNAPSHOT_INCOMPLETE, {"snapshot_id": str(snapshot_id)})
        return snapshot

    def _check_request(self, request: RestoreRequest, source: TenantInfo) -> TenantInfo:
        """The tenant written to; raises for bad input before anything is read from Graph."""
        if request.app_pks is not None and not request.app_pks:
            raise PlanError(PlanErrorCode.NO_APPS_SELECTED)
        if request.mode is RestoreMode.AS_NEW:
            if request.app_pks is not None and len(set(request.app_pks)) != 1:
                raise PlanError(PlanErrorCode.AS_NEW_NEEDS_ONE_APP, count=str(len(set(request.app_pks))))
            problem = validate_new_name(request.new_name)
            if problem is not None:
                raise PlanError(problem, max_length="120")
        if request.mode is not RestoreMode.OTHER_TENANT:
            return source
        if not request.target_tenant_id:
            raise PlanError(PlanErrorCode.TARGET_TENANT_MISSING)
        target = self._tenant(request.target_tenant_id)
        if target.tenant_id.lower() == source.tenant_id.lower():
            raise PlanError(PlanErrorCode.SAME_TENANT, tenant_id=target.tenant_id)
        if not target.domains:
            raise PlanError(PlanErrorCode.TARGET_HAS_NO_VERIFIED_DOMAINS, tenant_id=target.tenant_id)
        domain = (request.target_domain or "").strip()
        if not domain or domain.lower() not in {d.lower() for d in target.domains}:
            raise PlanError(PlanErrorCode.DOMAIN_NOT_VERIFIED, domain=domain or "(none)",
                            verified=", ".join(target.domains))
        return target

    def _apps(
        self, tenant: TenantInfo, snapshot: SnapshotInfo, request: RestoreRequest
    ) -> tuple[list[AppAt], tuple[LeftOut, ...]]:
        """The apps at the snapshot, in the order asked for, and those it does not hold, left out
        (services/restore_selection.py); NothingToRestore when it holds none of them."""
        if request.app_pks is None:
            apps = self._store.apps_at(tenant.tenant_id, snapshot.id)
            if not apps:
                raise PlanError(PlanErrorCode.NO_APPS_SELECTED)
            return apps, ()
        chosen = selection_at(self._store, tenant.tenant_id, snapshot.id, request.app_pks)
        if not chosen.present:
            raise NothingToRestore(snapshot, chosen.left_out)
        apps = self._store.apps_at(tenant.tenant_id, snapshot.id, chosen.present)
        order = {pk: n for n, pk in enumerate(chosen.present)}
        apps.sort(key=lambda a: order[a.app_pk])
        return apps, chosen.left_out


def plan_from(inputs: PlanInputs, request: RestoreRequest) -> RestorePlan:
    """The plan of `request` from what was read (again on every replan, against the freshest state)."""
    sources = list(inputs.sources)
    targets = inputs.targets
    if request.only:
        # Planned from the app as it is now with only the picked paths as at the snapshot: the diff-driven planner
        # then writes those paths and nothing else. Merged again on every (re)plan, against the freshest state.
        chosen = _picked(request)
        try:
            sources = [
                replace(s, document=pick(s.document, inputs.targets[s.object_id].document or {}, chosen))
                for s in sources
            ]
        except PickError as exc:
            raise RestoreInputError(InputProblem.PICK_REFUSED, pick=exc) from exc
        if not chosen.names_section("servicePrincipal"):
            # A missing service principal is not created either: that is a part nobody picked.
            targets = {k: replace(t, service_principal=ServicePrincipalPresence.UNKNOWN) for k, t in targets.items()}
    return plan_restore(
        sources, request.mode, source_tenant=inputs.source, targets=targets,
        target_tenant=inputs.target, new_name=request.new_name.strip() if request.new_name else None,
        directory=inputs.directory, copy_access=request.copy_access,
    )


def _without_unsearched(plan: RestorePlan) -> RestorePlan:
    """The plan without "not found" warnings for users and groups that were not looked up at all (no
    Directory.Read.All: the preview says that instead; the run refuses until a preview could look)."""
    def searched(warning: PlanWarning) -> bool:
        if warning.code is WarningCode.PRINCIPAL_NOT_FOUND:
            return False
        return not (warning.code is WarningCode.OWNER_NOT_FOUND and warning.params.get("user_principal_name"))
    return replace(plan, items=tuple(replace(i, warnings=tuple(w for w in i.warnings if searched(w)))
                                     for i in plan.items))


def _picked(request: RestoreRequest) -> Pick:
    """The request's --only paths, parsed; RestoreInputError when they can't be restored that way."""
    if not request.only:
        return Pick(())
    if request.mode is not RestoreMode.WITH_OBJECT:
        raise RestoreInputError(InputProblem.PICK_ONLY_WITH_OBJECT)
    try:
        return parse_paths(request.only)
    except PickError as exc:
        raise RestoreInputError(InputProblem.PICK_REFUSED, pick=exc) from exc


def _check_picked_apps_exist(apps: Sequence[AppAt], targets: Mapping[str, TargetState]) -> None:
    for app in apps:
        state = targets.get(app.object_id)
        if state is None or state.presence is not Presence.EXISTS or state.document is None:
            presence = Presence.RECYCLED if state is not None and state.presence is Presence.RECYCLED \
                else Presence.GONE
            raise RestoreInputError(InputProblem.PICKED_APP_GONE, {
                "display_name": app.display_name, "app_id": app.app_id, "presence": presence.value})


def _preview_item(app: AppAt, item: PlanItem, extra: Sequence[PlanWarning] = ()) -> PreviewItem:
    return PreviewItem(
        app_pk=app.app_pk, display_name=app.display_name, app_id=app.app_id, action=item.action,
        changes=item.changes, warnings=(*extra, *item.warnings), follow_ups=item.follow_ups, access=item.access,
        up_to_date=item.up_to_date,
    )
