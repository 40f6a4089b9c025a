"""Incident rollback (DESIGN.md §11): what was added since a moment is removed, what was removed comes back, the
other changes stay; preview → journaled run → verify → report, as a restore.

The protocol:
1. Preview (reads only): dead runs into the tenant are settled first (services/restore_journal.py); the tenant is
   captured and compared with the moment (services/changes.py); the keep list is resolved (an entry that names no
   change: KeepNotFound, before anything is planned); the identity Regvault signs in with is found (`identity_of`:
   the tenant's app-only identity, else the signed-in user from /me); the resources of consent and application
   permissions are found by appId (the store's service principal references, else Graph); the plan is made
   (domain/rollback.py). A plan that would lock Regvault out says so (`refusals`) and is never run.
2. Run, under the tenant's lock (a backup or restore of it waits, and this waits for them): a RestoreRun with mode
   "rollback", its journal (one entry per app: pending, running, finished) and the plan's items
   (store/rollback_records.py); the apps about to change are read and kept as a partial "pre-rollback" snapshot
   (the rollback can itself be undone by a restore); then the apps (services/rollback_run.py); the read-backs are
   kept as a partial "post-rollback" snapshot, and each app's items are settled as it ends.
3. A run stopped half-way (killed, the machine off) leaves its journal: the next preview or run into the tenant
   closes it as interrupted. Running the rollback again finishes it: an undone item is no longer a change since
   the moment, and every step gives the same result sent twice, so nothing is doubled and nothing missed.
   `RollbackRequest.only` limits a run to the items an earlier preview showed (finishing exactly that run).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from desktop_app.auth.app_only import AppOnlyCredentials
from desktop_app.auth.errors import AuthError
from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.incident import TenantChange, resolve_keep
from desktop_app.domain.restore_plan import Failure, FailureCode, RecordedOutcome, failure_json, outcome_json
from desktop_app.domain.rollback import Identity, ItemAction, RollbackPlan, plan_rollback
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphError
from desktop_app.services.app_reader import AppReader, AppsRead, GraphForTenant
from desktop_app.services.changes import ChangesReport, ChangesService, Since
from desktop_app.services.evidence import RolledBack
from desktop_app.services.read_back import GroupedReads
from desktop_app.services.restore_after import ReadBacks, keep_partial
from desktop_app.services.restore_journal import JournalItem, Recovered, recover
from desktop_app.services.restore_texts import describe_failure
from desktop_app.services.restore_writes import RestoreTiming, begin_run, record_stopped, run_ending
from desktop_app.services.rollback_run import VERIFY_PATIENCE_S, AppOutcome, RollbackRunner
from desktop_app.store import SnapshotInfo, Store, TenantInfo
from desktop_app.store.errors import LockHolder, TenantBusy
from desktop_app.store.records import RestoreItemRecord, SnapshotTrigger
from desktop_app.store.rollback_records import ROLLBACK_MODE, RollbackItemRow
from desktop_app.store.workstation import operator_name

log = logging.getLogger(__name__)

IdentityOf = Callable[[TenantInfo, GraphClient], Identity | None]
AppOnlyOf = Callable[[str], AppOnlyCredentials | None]  # the tenant's app-only identity, if one is set up


@dataclass(frozen=True)
class RollbackRequest:
    tenant_id: str
    since: Since
    keep: tuple[str, ...] = ()
    only: frozenset[str] | None = None  # finish an earlier run: only these change ids


class KeepNotFound(Exception):
    """Entries of the keep list that name no change, or more than one (then the full id, with @appId, is needed)."""

    def __init__(self, entries: Sequence[str]) -> None:
        super().__init__(", ".join(entries))
        self.entries = tuple(entries)


class LockOutRefused(Exception):
    """The plan would lock Regvault out (domain/rollback.py LockOut): nothing was written."""

    def __init__(self, preview: RollbackPreview) -> None:
        super().__init__(f"{len(preview.plan.refusals)} change(s) would lock Regvault out")
        self.preview = preview


@dataclass(frozen=True)
class RollbackPreview:
    request: RollbackRequest
    report: ChangesReport
    plan: RollbackPlan
    identity: Identity | None
    kept: frozenset[str]
    resources: Mapping[str, str] = field(default_factory=dict)  # service principal ids by the resource's appId
    recovered: tuple[Recovered, ...] = ()  # interrupted runs into the tenant the preview found and settled

    @property
    def tenant(self) -> TenantInfo:
        return self.report.tenant

    @property
    def changes(self) -> dict[str, TenantChange]:
        return {c.id: c for c in self.report.changes}

    @property
    def refused(self) -> bool:
        """Not to be run: it would lock Regvault out, or who Regvault acts as is not known (so that can't be
        checked)."""
        return self.plan.refused or self.identity is None


@dataclass(frozen=True)
class RollbackReport:
    run_id: int
    apps: tuple[AppOutcome, ...]
    results: Mapping[str, str]  # change id -> done | failed | skipped | kept | not_undone
    cancelled: bool
    stopped: Failure | None  # the run's trouble as a code: Graph refused to write, or some apps not rolled back
    pre_snapshot_id: int | None
    post_snapshot_id: int | None
    seconds: float
    writes: int
    requests: int
    status: str = "complete"

    @property
    def message(self) -> str | None:
        """`stopped` in the command line's words."""
        return describe_failure(self.stopped) if self.stopped is not None else None

    def count(self, result: str) -> int:
        return sum(1 for r in self.results.values() if r == result)


@dataclass
class _Run:
    preview: RollbackPreview
    run_id: int
    results: dict[str, str] = field(default_factory=dict)


class RollbackService:
    def __init__(
        self,
        store: Store,
        changes: ChangesService,
        graph_for_tenant: GraphForTenant,
        *,
        reader: AppReader | None = None,
        identity_of: IdentityOf | None = None,
        operator: str | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Callable[[float], None] = time.sleep,
        timing: RestoreTiming | None = None,
        verify_patience_s: float = VERIFY_PATIENCE_S,
    ) -> None:
        """`identity_of(tenant, graph)`: who Regvault acts as (None: not known, so the lock-out can't be checked and
        the run refuses); the default is the signed-in user from Graph (`signed_in_identity`)."""
        self._store = store
        self._changes = changes
        self._graph_for_tenant = graph_for_tenant
        self._reader = reader or AppReader(store, graph_for_tenant)
        self._identity_of = identity_of or signed_in_identity(lambda _tenant_id: None)
        self._operator = operator
        self._clock = clock
        self._sleep = sleep
        self._timing = timing or RestoreTiming()
        self._patience = verify_patience_s

    # ----- preview -----------------------------------------------------------------------------------------

    def preview(self, request: RollbackRequest, *, capture: bool = True, cancel: CancelToken | None = None,
                progress: Callable[[Any], None] | None = None, lock_wait: float = 0.0,
                on_lock_wait: Callable[[LockHolder | None], None] | None = None) -> RollbackPreview:
        tenant = self._store.get_tenant(request.tenant_id)
        self._changes.baseline(tenant, request.since)  # a wrong moment costs no Graph request
        graph = self._graph_for_tenant(tenant, cancel=cancel)  # as the restore preview: Cancel cuts its waits short
        try:
            recovered = tuple(recover(self._store, graph, tenant.tenant_id))
            report = self._changes.changes(tenant.tenant_id, request.since, capture=capture, progress=progress,
                                           cancel=cancel, lock_wait=lock_wait, on_lock_wait=on_lock_wait)
            kept, unknown = resolve_keep(report.changes, request.keep)
            if unknown:
                raise KeepNotFound(unknown)
            identity = self._identity_of(tenant, graph)
            resources = self._resources(tenant, graph, report.changes)
        finally:
            graph.close()
        plan = plan_rollback(report.changes, report.apps, keep=kept, identity=identity, resources=resources,
                             only=request.only)
        return RollbackPreview(request, report, plan, identity, kept, resources, recovered)

    @staticmethod
    def replan(preview: RollbackPreview, keep: Iterable[str]) -> RollbackPreview:
        """The same changes planned with another keep list (no Graph: the window's ticks)."""
        report = preview.report
        kept, unknown = resolve_keep(report.changes, keep)
        if unknown:
            raise KeepNotFound(unknown)
        plan = plan_rollback(report.changes, report.apps, keep=kept, identity=preview.identity,
                             resources=preview.resources, only=preview.request.only)
        request = replace(preview.request, keep=tuple(sorted(kept)))
        return replace(preview, request=request, plan=plan, kept=kept)

    def _resources(self, tenant: TenantInfo, graph: GraphClient,
                   changes: Iterable[TenantChange]) -> dict[str, str]:
        """Service principal ids of the resources that consent and application permissions name, by appId."""
        wanted = {str(c.item.detail.get("resourceAppId") or "").lower() for c in changes
                  if c.item.kind in ("oauth2PermissionGrant", "appRoleAssignment")} - {""}
        if not wanted:
            return {}
        known = {app_id: sp for sp, app_id in self._store.timeline.service_principals(tenant.tenant_id).items()}
        found = {a: known[a] for a in wanted if a in known}
        for app_id in sorted(wanted - set(found)):
            try:
                answer = graph.get(f"/servicePrincipals(appId='{app_id}')", params={"$select": "id"})
            except GraphError as error:
                if error.status == 404:
                    continue
                raise
            found[app_id] = str(answer["id"])
        return found

    # ----- run ---------------------------------------------------------------------------------------------

    def run(self, preview: RollbackPreview, *, cancel: CancelToken | None = None,
            progress: Callable[[AppOutcome], None] | None = None, lock_wait: float = 0.0,
            on_lock_wait: Callable[[LockHolder | None], None] | None = None) -> RollbackReport:
        """Run the previewed plan; LockOutRefused (nothing written) when it would lock Regvault out. `progress` is
        called from worker threads as each app starts and ends."""
        if preview.refused:
            raise LockOutRefused(preview)
        cancel = cancel or CancelToken()
        tenant = preview.tenant
        try:
            lock = self._store.lock_tenant(tenant.tenant_id, "restore", wait=lock_wait,
                                           should_stop=lambda: cancel.cancelled, on_wait=on_lock_wait)
        except TenantBusy:
            cancel.raise_if_cancelled()
            raise
        with lock:
            return self._run_locked(preview, cancel, progress or (lambda _o: None))

    def _run_locked(self, preview: RollbackPreview, cancel: CancelToken,
                    progress: Callable[[AppOutcome], None]) -> RollbackReport:
        tenant, plan = preview.tenant, preview.plan
        journal_items = [JournalItem(n, app.object_id, app.app_id, app.display_name, ROLLBACK_MODE)
                         for n, app in enumerate(plan.apps)]
        journal_request = request_json(preview)
        graph = self._graph_for_tenant(tenant)
        started, t0, before = self._clock(), time.monotonic(), graph.stats
        info, journal = begin_run(self._store, graph, lambda: self._store.start_restore_run(
            operator=self._operator or operator_name(), tenant_id=tenant.tenant_id, target_tenant_id=tenant.tenant_id,
            snapshot_id=preview.report.baseline.id, mode=ROLLBACK_MODE, started=started),
            journal_request, journal_items, run="rollback", clock=self._clock)
        run = _Run(preview, info.id)
        writing = False
        try:
            self._store.rollbacks.plan(info.id, _rows(preview))
            recover(self._store, graph, tenant.tenant_id, by_run_id=info.id)
            pre = self._keep(tenant, self._read(tenant, graph, [a.object_id for a in plan.apps if a.steps]),
                             "pre-rollback", started)
            kept = ReadBacks()
            reads = GroupedReads(lambda ids, _written: kept.keep(self._read(tenant, graph, ids)).documents)

            def started_app(outcome: AppOutcome) -> None:
                journal.running(outcome.app.object_id)
                progress(outcome)

            def finished_app(outcome: AppOutcome) -> None:
                self._settle(run, outcome)
                journal.finished(_journal_record(outcome))
                progress(outcome)

            runner = RollbackRunner(
                graph, [a for a in plan.apps if a.steps], changes=preview.report.changes,
                before={a.object_id: a.before for a in preview.report.apps}, blob=self._store.blob,
                read_back=reads.get, run_started=started, timing=self._timing, cancel=cancel, sleep=self._sleep,
                on_start=started_app, on_done=finished_app, verify_patience_s=self._patience)
            writing = True
            outcomes = runner.run()
            writing = False
            stats = graph.stats - before
        except BaseException as exc:
            record_stopped(self._store, info.id, exc, writing=writing, run="rollback", finished=self._clock())
            raise
        finally:
            journal.close()
            graph.close()
        cancelled, status = run_ending([o.status for o in outcomes], cancel, runner.gate)
        stopped = runner.gate.failure
        failed = [o for o in outcomes if o.status == "failed"]
        if stopped is None and failed:
            stopped = Failure(FailureCode.NOT_ALL_ROLLED_BACK, {"failed": str(len(failed)), "total": str(len(outcomes))})
        self._store.finish_restore_run(info.id, status, finished=self._clock(),
                                       stopped=failure_json(stopped) if stopped is not None else None)
        post = kept.write(lambda read, when: self._keep(tenant, read, "post-rollback", when), started)
        results = {**{k: p.action.value for k, p in plan.items.items() if not p.action.writes}, **run.results}
        report = RollbackReport(
            run_id=info.id, apps=tuple(outcomes), results=results, cancelled=cancelled, stopped=stopped,
            pre_snapshot_id=pre.id if pre else None, post_snapshot_id=post.id if post else None,
            seconds=time.monotonic() - t0, writes=stats.writes, requests=stats.requests, status=status)
        log.info("rollback run %d of %s: %s in %.1f s, %d writes", info.id, tenant.tenant_id, status, report.seconds,
                 report.writes)
        return report

    def _settle(self, run: _Run, outcome: AppOutcome) -> None:
        """The app's items: all done when it verified; when only the read-back found some still there, the others
        are done; a step that failed leaves them all failed (which of its writes went through is not known)."""
        written = outcome.steps_done == len(outcome.app.steps)
        results: dict[str, tuple[str, str | None]] = {}
        for item in (p for p in outcome.app.items if p.action.writes):
            if outcome.status == "skipped":
                results[item.change_id] = ("skipped", outcome.message)
            elif outcome.status == "done" or (written and outcome.verified is False and outcome.still_there
                                              and item.change_id not in outcome.still_there):
                results[item.change_id] = ("done", None)
            else:
                results[item.change_id] = ("failed", outcome.message)
        run.results.update({k: v[0] for k, v in results.items()})
        self._store.rollbacks.settle(run.run_id, results)

    def _read(self, tenant: TenantInfo, graph: GraphClient, object_ids: Sequence[str]) -> AppsRead:
        return self._reader.read_apps(tenant, list(object_ids), graph=graph, reuse_known=False)

    def _keep(self, tenant: TenantInfo, read: AppsRead, trigger: SnapshotTrigger,
              started: datetime) -> SnapshotInfo | None:
        return keep_partial(self._store, tenant.tenant_id, read, trigger, started, self._clock())

    # ----- what earlier runs did (the evidence pack) -------------------------------------------------------

    def rolled_back(self, report: ChangesReport) -> list[RolledBack]:
        """What the tenant's rollback runs since the moment did to each item, the newest word per item."""
        newest: dict[str, RolledBack] = {}
        for record in self._store.rollbacks.of_tenant(report.tenant.tenant_id, report.moment):
            change = change_from_json(record.item)
            if change is None or record.result in ("planned",):
                continue
            newest[change.id] = RolledBack(change, record.run_id, record.action, record.result,
                                           record.recorded or report.moment, record.message)
        return list(newest.values())


def signed_in_identity(app_only: AppOnlyOf) -> IdentityOf:
    """Who Regvault acts as in a tenant: the app-only identity set up for it (`app_only(tenant id)`: its client id,
    its certificate's thumbprint or its secret's hint, its service principal from Graph), else the signed-in user
    (GET /me); None when neither can be told."""

    def identity_of(tenant: TenantInfo, graph: GraphClient) -> Identity | None:
        credentials = app_only(tenant.tenant_id)
        if credentials is not None:
            return _app_identity(graph, credentials)
        try:
            me = graph.get("/me", params={"$select": "id,userPrincipalName"})
        except (GraphError, AuthError) as error:
            log.warning("who Regvault acts as in %s is not known: %s", tenant.tenant_id, error)
            return None
        return Identity("user", object_id=str(me.get("id")))

    return identity_of


def _app_identity(graph: GraphClient, credentials: AppOnlyCredentials) -> Identity:
    sp_id = None
    try:
        sp_id = str(graph.get(f"/servicePrincipals(appId='{credentials.client_id}')", params={"$select": "id"})["id"])
    except GraphError as error:
        log.warning("the app-only identity's service principal is not known: %s", error)
    thumbprint = None
    if credentials.certificate_path:
        try:
            credential = credentials.msal_credential()
            thumbprint = credential.get("thumbprint") if isinstance(credential, dict) else None  # None: a PFX
        except AuthError:
            thumbprint = None
    hint = credentials.client_secret[:3] if credentials.client_secret else None
    return Identity("app", object_id=sp_id, app_id=credentials.client_id, thumbprint=thumbprint, secret_hint=hint)


def request_json(preview: RollbackPreview) -> dict[str, Any]:
    """What the journal keeps: enough to run the same rollback again (its moment, keep list and items)."""
    since = preview.request.since
    return {"kind": ROLLBACK_MODE, "tenant_id": preview.tenant.tenant_id,
            "since": since.moment.isoformat() if since.moment else None, "snapshot_id": since.snapshot_id,
            "keep": sorted(preview.kept), "only": sorted(k for k, p in preview.plan.items.items() if p.action.writes)}


def change_json(change: TenantChange) -> dict[str, Any]:
    item = change.item
    return {"id": item.id, "kind": item.kind, "holder": item.holder, "change": item.change, "label": item.label,
            "detail": dict(item.detail), "highPrivilege": item.high_privilege, "partOf": item.part_of,
            "objectId": change.object_id, "appId": change.app_id, "displayName": change.display_name,
            "time": change.time.isoformat() if change.time else None, "actor": change.actor,
            "actorKind": change.actor_kind, "activity": change.activity}


def change_from_json(data: Mapping[str, Any]) -> TenantChange | None:
    from desktop_app.domain.changes import ChangeItem
    from desktop_app.domain.credentials import parse_time

    try:
        item = ChangeItem(id=data["id"], kind=data["kind"], change=data["change"], holder=data["holder"],
                          label=data["label"], detail=data.get("detail") or {},
                          high_privilege=bool(data.get("highPrivilege")), part_of=data.get("partOf"))
        return TenantChange(item, data["objectId"], data["appId"], data.get("displayName") or "",
                            parse_time(data.get("time")), data.get("actor"), data.get("actorKind"),
                            data.get("activity"))
    except (KeyError, TypeError):
        return None


def _rows(preview: RollbackPreview) -> list[RollbackItemRow]:
    changes = preview.changes
    rows = []
    for change_id, plan in preview.plan.items.items():
        if plan.action is ItemAction.OTHER:
            continue
        change = changes[change_id]
        refusal = next((r for r in preview.plan.refusals if r.change_id == change_id), None)
        result = "planned" if plan.action.writes else plan.action.value
        reason = plan.reason.value if plan.reason else (refusal.code.value if refusal else None)
        rows.append(RollbackItemRow(change_id, change.object_id, plan.action.value, result, change_json(change),
                                    reason))
    return rows


def _journal_record(outcome: AppOutcome) -> RestoreItemRecord:
    app = outcome.app
    return RestoreItemRecord(source_object_id=app.object_id, source_app_id=app.app_id, action=ROLLBACK_MODE,
                             result=outcome.status, display_name=app.display_name,
                             error_code=outcome.error.code if outcome.error is not None else None,
                             request_id=outcome.error.request_id if outcome.error is not None else None,
                             outcome=outcome_json(RecordedOutcome(failure=outcome.failure)))


