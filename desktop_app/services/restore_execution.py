"""Running a previewed restore: under the target tenant's lock, journaled, each app read back and verified, the
audit trail written (services/restore.py has the whole protocol; the plan itself runs in services/restore_run.py)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from desktop_app.auth.errors import InteractionRequired
from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.enterprise import without_certificate_bytes
from desktop_app.domain.restore_plan import (
    Action,
    Failure,
    FailureCode,
    FollowUp,
    FollowUpCode,
    Mismatch,
    PlanWarning,
    RecordedOutcome,
    RestoreMode,
    RestorePlan,
    WarningCode,
    any_warning,
    failure_json,
    outcome_json,
)
from desktop_app.graph.client import GraphClient
from desktop_app.services.app_reader import AppReader, AppsRead, GraphForTenant
from desktop_app.services.permissions import LOOK_UP, READ_CONSENT, PermissionsNeeded, ask_for, restore_needs
from desktop_app.services.read_back import GroupedReads
from desktop_app.services.restore_after import ReadBacks, keep_partial
from desktop_app.services.restore_journal import adopted_copies, recover, wait_for_runs_elsewhere
from desktop_app.services.restore_model import (
    ItemResult,
    ReportItem,
    RestorePreview,
    RestoreProgress,
    RestoreReport,
    request_json,
)
from desktop_app.services.restore_preview import RestorePreviewer, plan_from
from desktop_app.services.restore_run import PlanRunner
from desktop_app.services.restore_steps import ItemOutcome, StepExecutor
from desktop_app.services.restore_writes import (
    RestoreTiming,
    WriteGate,
    WritePacer,
    begin_run,
    record_stopped,
    run_ending,
)
from desktop_app.store.database import Store
from desktop_app.store.errors import LockHolder, TenantBusy
from desktop_app.store.records import (
    AppAt,
    RestoreItemRecord,
    SnapshotInfo,
    SnapshotTrigger,
    TenantInfo,
)
from desktop_app.store.restore_journal import JournalItem
from desktop_app.store.workstation import operator_name, workstation

log = logging.getLogger(__name__)

# RestoreRun.mode in the audit trail.
_AUDIT_MODES: Mapping[RestoreMode, str] = {
    RestoreMode.WITH_OBJECT: "with-object",
    RestoreMode.AS_NEW: "as-new",
    RestoreMode.OTHER_TENANT: "another-tenant",
}
_OVERWRITES = (Action.OVERWRITE, Action.OVERWRITE_IN_TARGET)


class RestoreExecution:
    def __init__(
        self,
        store: Store,
        graph_for_tenant: GraphForTenant,
        reader: AppReader,
        previewer: RestorePreviewer,
        *,
        operator: str | None,
        clock: Callable[[], datetime],
        sleep: Callable[[float], None],
        timing: RestoreTiming,
    ) -> None:
        self._store = store
        self._graph_for_tenant = graph_for_tenant
        self._reader = reader
        self._previewer = previewer
        self._operator = operator
        self._clock = clock
        self._sleep = sleep
        self._timing = timing
        self._audit_lock = threading.Lock()

    def run(
        self,
        preview: RestorePreview,
        *,
        progress: Callable[[RestoreProgress], None] | None = None,
        cancel: CancelToken | None = None,
        lock_wait: float = 0.0,
        on_lock_wait: Callable[[LockHolder | None], None] | None = None,
        take_over: bool = False,
    ) -> RestoreReport:
        """Run the previewed restore. `progress` is called from worker threads, once when each app starts and
        once when it ends. Cancel stops starting apps; the ones in flight are finished and verified.

        The run holds the target tenant's lock (Store.lock_tenant) from before its audit row to its end, as a
        backup does: a backup or another restore of that tenant, in any process or workstation, makes it wait up
        to `lock_wait` seconds (`on_lock_wait(holder)` told once), then TenantBusy says who holds it; a cancel
        while waiting is Cancelled, with nothing written. Holding it, a restore another workstation may still be
        running (killed there, its lock gone with its connection, its heartbeat recent) is waited for within the
        same `lock_wait`, then settled; still alive then, RestoreRunningElsewhere, nothing written; `take_over`
        settles it at once, on the user's word that it stopped (services/restore_journal.py, step 4a). When
        another restore into the tenant ran since the preview, the request is previewed again under the lock and
        that plan is run (the report says what it did)."""
        cancel = cancel or CancelToken()
        deadline = time.monotonic() + max(0.0, lock_wait)
        try:
            lock = self._store.lock_tenant(preview.target_tenant.tenant_id, "restore", wait=lock_wait,
                                           should_stop=lambda: cancel.cancelled, on_wait=on_lock_wait)
        except TenantBusy:
            cancel.raise_if_cancelled()
            raise
        with lock:
            forced = wait_for_runs_elsewhere(
                self._store, preview.target_tenant.tenant_id, wait=deadline - time.monotonic(),
                should_stop=lambda: cancel.cancelled, on_wait=on_lock_wait, take_over=take_over)
            self._settle_open_runs(preview.target_tenant, forced)
            replanned = self._restored_since(preview)
            if replanned:
                # Another restore into the tenant ran since the preview (often the one this run waited for): the
                # apps it recreated would be created twice from the old plan. Plan again from what is there now.
                log.info("restore: another restore into %s ran since the preview; planning again",
                         preview.target_tenant.tenant_id)
                preview = self._previewer.preview(preview.request, cancel=cancel)
            elif preview.look_ups_refused and self._can_look_up_now(preview.target_tenant):
                # Directory.Read.All granted since the preview: its plan did not search the target. Plan again.
                replanned = True
                preview = self._previewer.preview(preview.request, cancel=cancel)
            if preview.look_ups_refused:
                target = preview.target_tenant
                raise PermissionsNeeded(target.tenant_id, target.display_name,
                                        preview.permissions_missing or (LOOK_UP,), "restore")
            done = self._run_locked(preview, progress or (lambda _p: None), cancel)
        return replace(done, replanned=True) if replanned else done

    def _settle_open_runs(self, target: TenantInfo, forced: frozenset[int]) -> None:
        """Holding the tenant's lock: settle the runs into it that are dead (or taken over), before planning."""
        if not self._store.journal.open_runs(target.tenant_id):
            return
        graph = self._graph_for_tenant(target)
        try:
            recover(self._store, graph, target.tenant_id, locked=True, forced=forced,
                    taken_over_by=f"{self._operator or operator_name()} on {workstation()}")
        finally:
            graph.close()

    def _run_locked(
        self, preview: RestorePreview, report: Callable[[RestoreProgress], None], cancel: CancelToken
    ) -> RestoreReport:
        request = preview.request
        target = preview.target_tenant
        names = {a.object_id: a.display_name for a in preview.apps}
        journal_items = [
            JournalItem(n, item.source.object_id, item.source.app_id, names.get(item.source.object_id, ""),
                        item.action.value)
            for n, item in enumerate(preview.plan.items)
        ]
        journal_request = request_json(request)
        # The run's own graph has no cancel token: cancelling must not cut an app in the middle.
        graph = self._graph_with_permissions(preview)
        started = self._clock()
        t0 = time.monotonic()
        run_info, journal = begin_run(self._store, graph, lambda: self._store.start_restore_run(
            operator=self._operator or operator_name(), tenant_id=preview.source_tenant.tenant_id,
            target_tenant_id=target.tenant_id, snapshot_id=preview.snapshot.id,
            mode=_AUDIT_MODES[request.mode], started=started,
        ), journal_request, journal_items, run="restore", clock=self._clock)
        before = graph.stats
        writing = False
        try:
            recovered = preview.recovered + tuple(
                recover(self._store, graph, target.tenant_id, by_run_id=run_info.id, locked=True))
            plan, snapshot_id, lost = self._before_writing(preview, graph, started)
            total = len(plan.items)
            results: dict[int, ReportItem] = {}
            gate = WriteGate()

            def started_item(outcome: ItemOutcome) -> None:
                key = outcome.item.source.object_id
                report(RestoreProgress(outcome.index, total, names.get(key, ""), "running", key))

            def finished_item(outcome: ItemOutcome) -> None:
                key = outcome.item.source.object_id
                extra = preview.inputs.extra_warnings.get(key, ()) if preview.inputs is not None else ()
                item = _report_item(outcome, names.get(key, ""), gate, extra)
                with self._audit_lock:
                    results[outcome.index] = item
                    journal.finished(_record(item))
                report(RestoreProgress(outcome.index, total, item.display_name, item.result, key))

            for object_id in lost.values():
                log.warning("restore: %s was deleted after the preview", object_id)
            # Read-backs of apps finishing together share their certificate-limited read (services/read_back.py).
            # Each app's read-back is also kept, as what the tenant now holds (services/restore_after.py).
            kept = ReadBacks()
            read_backs = GroupedReads(lambda ids, written: kept.keep(self._read_backs(target, graph, ids,
                                                                                      written)).documents)
            steps = StepExecutor(
                graph, blob=self._store.blob, run_started=started, timing=self._timing,
                pacer=WritePacer(self._timing.writes_per_second, self._timing.write_burst), gate=gate,
                sleep=self._sleep, journal=journal, adopt=adopted_copies(recovered),
                claimed=self._store.journal.claimed_object_ids(target.tenant_id),
            )
            runner = PlanRunner(plan, steps, read_back=read_backs.get, cancel=cancel, on_start=started_item,
                                on_done=finished_item)
            writing = True
            runner.run()
            writing = False
            items = [results[i] for i in range(total)]
            items += [_lost_item(app, lost[app.object_id]) for app in preview.apps if app.object_id in lost]
            for item in items[total:]:
                with self._audit_lock:
                    self._store.add_restore_item(run_info.id, _record(item))
            stats = graph.stats - before
        except BaseException as exc:
            record_stopped(self._store, run_info.id, exc, writing=writing, run="restore", finished=self._clock())
            raise
        finally:
            journal.close()
            graph.close()
        cancelled, status = run_ending([i.result for i in items], cancel, gate)
        stopped = gate.failure
        if stopped is None and cancelled:
            stopped = Failure(FailureCode.CANCELLED)
        self._store.finish_restore_run(run_info.id, status, finished=self._clock(),
                                       stopped=failure_json(stopped) if stopped is not None else None)
        gone = _replaced_objects(preview, plan)
        kept.write(lambda read, when: self._keep(target.tenant_id, read, "post-restore", when, gone), started)
        result = RestoreReport(
            run_id=run_info.id, items=tuple(items), cancelled=cancelled, stopped=stopped,
            pre_restore_snapshot_id=snapshot_id, seconds=time.monotonic() - t0, writes=stats.writes,
            requests=stats.requests,
        )
        log.info("restore run %d: %s in %.1f s, %d writes", run_info.id, result.counts, result.seconds,
                 result.writes)
        return result

    def _before_writing(
        self, preview: RestorePreview, graph: GraphClient, started: datetime
    ) -> tuple[RestorePlan, int | None, dict[str, str]]:
        """Read the apps about to be overwritten again, keep them as a partial pre-restore snapshot, and plan
        again if they changed since the preview (the plan must start from what is there now)."""
        plan = preview.plan
        inputs = preview.inputs
        overwritten = [item for item in plan.items if item.action in _OVERWRITES]
        lost: dict[str, str] = {}
        if not overwritten or inputs is None:
            return plan, None, lost
        read = self._reader.read_apps(
            preview.target_tenant, [item.object_id for item in overwritten], graph=graph
        )
        snapshot = self._keep(preview.target_tenant.tenant_id, read, "pre-restore", started)
        changed = False
        targets = dict(inputs.targets)
        for item in overwritten:
            key = item.source.object_id
            current = targets.get(key)
            fresh = read.documents.get(item.object_id)
            if current is None:
                continue
            if fresh is None:
                lost[key] = item.object_id  # deleted after the preview
                continue
            # The preview read the target without its service principal's certificate bytes (sp_certificates)
            if without_certificate_bytes(current.document) != without_certificate_bytes(fresh):
                targets[key] = replace(current, document=fresh)
                changed = True
        if lost:
            remaining = tuple(s for s in inputs.sources if s.object_id not in lost)
            inputs = replace(inputs, sources=remaining, targets=targets)
            changed = True
        if changed:
            inputs = replace(inputs, targets=targets)
            plan = plan_from(inputs, preview.request) if inputs.sources else replace(plan, items=())
        return plan, snapshot.id if snapshot is not None else None, lost

    def _read_backs(
        self, tenant: TenantInfo, graph: GraphClient, object_ids: list[str], written: Mapping[str, Mapping[str, str]]
    ) -> AppsRead:
        """The apps as Graph has them now (absent from `documents`: not found); certificate bytes the restore just
        wrote (`written`: object id -> keyId -> sha256) are not read again (150 a minute per tenant) when the keys
        listed are those (keyId and thumbprint)."""
        return self._reader.read_apps(tenant, object_ids, graph=graph, reuse_known=False,
                                      written_keys=written or None)

    def _keep(self, tenant_id: str, read: AppsRead, trigger: SnapshotTrigger, started: datetime,
              gone: frozenset[str] = frozenset()) -> SnapshotInfo | None:
        return keep_partial(self._store, tenant_id, read, trigger, started, self._clock(), gone)

    def _can_look_up_now(self, target: TenantInfo) -> bool:
        """The target's sign-in gives Directory.Read.All now (silently; a token provider that can't ask: False,
        its tokens are what they were at the preview)."""
        graph = self._graph_for_tenant(target)
        try:
            return graph.ask_for([LOOK_UP]) is True
        except InteractionRequired:
            return False
        finally:
            graph.close()

    def _graph_with_permissions(self, preview: RestorePreview) -> GraphClient:
        """The run's client, its tokens carrying what the plan needs; PermissionsNeeded (nothing written yet)."""
        target = preview.target_tenant
        graph = self._graph_for_tenant(target)
        needs = restore_needs(preview.plan)
        try:
            refused = ask_for(graph, needs or [READ_CONSENT], write=bool(needs))
            if refused is not None and needs:
                raise PermissionsNeeded(target.tenant_id, target.display_name, needs, "restore", refused)
        except BaseException:
            graph.close()
            raise
        return graph

    def _restored_since(self, preview: RestorePreview) -> bool:
        if preview.restores_seen is None:
            return False
        newest, running = preview.restores_seen
        now_newest, now_running = self._previewer.restores_into(preview.target_tenant.tenant_id)
        return now_newest > newest or bool(running - now_running)


def _report_item(
    outcome: ItemOutcome, name: str, gate: WriteGate, extra: Sequence[PlanWarning] = ()
) -> ReportItem:
    item = outcome.item
    warnings = [*extra, *item.warnings]
    refused = [a for a in item.access if a.principal_id and a.principal_id in outcome.refused_for_plan]
    warnings += [PlanWarning(WarningCode.OWNER_GONE, {"owner_id": owner_id}) for owner_id in outcome.missing_owners]
    warnings += [PlanWarning(WarningCode.SERVER_DEFAULT, {"path": _mismatch_path(note)}) for note in outcome.notes]
    warnings += [PlanWarning(WarningCode.GROUP_ASSIGNMENT_REFUSED, {
        "display_name": change.subject.removeprefix("group "), "role": change.detail}) for change in refused]
    if outcome.not_listed_yet:
        warnings.append(PlanWarning(WarningCode.ASSIGNMENTS_NOT_LISTED_YET, {"count": str(len(outcome.not_listed_yet))}))
    if outcome.adopted:
        warnings.append(PlanWarning(WarningCode.ADOPTED))
    if outcome.looked_up:
        warnings.append(PlanWarning(WarningCode.FOUND_AFTER_TIMEOUT))
    if outcome.signing_thumbprint:
        warnings.append(PlanWarning(WarningCode.NEW_SIGNING_CERTIFICATE, {"thumbprint": outcome.signing_thumbprint}))
    error = outcome.error
    failure = outcome.failure
    result: ItemResult
    if outcome.status == "skipped":
        result = "skipped"
    elif outcome.status == "unchanged":
        result = "warnings" if any_warning(warnings) else "unchanged"
    elif outcome.failed:
        result = "failed"
        if gate.refused is not None and (error is None or error is gate.refused):
            error = gate.refused
            failure = gate.failure
    elif outcome.mismatches:
        result = "failed"
        failure = Failure(FailureCode.NOT_VERIFIED, {"paths": ", ".join(_mismatch_path(m) for m in outcome.mismatches)})
    else:
        result = "warnings" if any_warning(warnings) else "verified"  # notes only: done and verified
    new_app_id = outcome.new_app_id
    return ReportItem(
        display_name=name or str((item.source.document.get("application") or {}).get("displayName") or ""),
        source_app_id=item.source.app_id, source_object_id=item.source.object_id, action=item.action,
        result=result, new_app_id=new_app_id, new_object_id=outcome.new_object_id, warnings=tuple(warnings),
        follow_ups=tuple(_after_run(f, new_app_id) for f in item.follow_ups),
        error_code=error.code if error is not None else (
            "VerificationFailed" if outcome.mismatches else None),
        request_id=error.request_id if error is not None else None, failure=failure,
        client_id_changed=bool(new_app_id) and str(new_app_id).lower() != item.source.app_id.lower(),
        access=() if result == "failed" else tuple(a for a in item.access if a not in refused),
        up_to_date=outcome.status == "unchanged",
    )


def _after_run(follow_up: FollowUp, new_app_id: str | None) -> FollowUp:
    """A follow-up with what the run learnt: the new client id that renamed the app's directory extensions."""
    if follow_up.code is FollowUpCode.COPY_EXTENSION_VALUES and new_app_id:
        return FollowUp(follow_up.code, {**follow_up.params, "new_app_id": new_app_id})
    return follow_up


def _mismatch_path(mismatch: Mismatch) -> str:
    return ".".join(str(p) for p in mismatch.path)


def _lost_item(app: AppAt, object_id: str) -> ReportItem:
    return ReportItem(
        display_name=app.display_name, source_app_id=app.app_id, source_object_id=app.object_id,
        action=Action.OVERWRITE, result="failed", new_app_id=None, new_object_id=None, warnings=(),
        follow_ups=(), error_code="ChangedSincePreview",
        failure=Failure(FailureCode.DELETED_SINCE_PREVIEW, {"object_id": object_id}),
    )


def _record(item: ReportItem) -> RestoreItemRecord:
    """The item as the audit trail keeps it: its warnings, notes, follow-ups, grants and failure as codes (the
    restore history and its exports say them in their reader's words)."""
    return RestoreItemRecord(
        source_object_id=item.source_object_id, source_app_id=item.source_app_id, action=item.action.value,
        result=item.result, display_name=item.display_name, new_object_id=item.new_object_id,
        new_app_id=item.new_app_id, error_code=item.error_code, request_id=item.request_id,
        outcome=outcome_json(RecordedOutcome(item.warnings, item.follow_ups, item.access, item.failure,
                                             up_to_date=item.up_to_date)),
    )


def _replaced_objects(preview: RestorePreview, plan: RestorePlan) -> frozenset[str]:
    """The snapshot's objects a restore into their own tenant wrote to another object (recreated, or the copy an
    earlier restore made): gone for good, which is why they were recreated. Never another tenant's objects."""
    if preview.request.mode is not RestoreMode.WITH_OBJECT:
        return frozenset()
    return frozenset(i.source.object_id for i in plan.items if i.object_id != i.source.object_id)
