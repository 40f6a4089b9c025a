"""Restore app registrations as they were at a snapshot (DESIGN.md §1 step 6 and §5; issue 5).

`RestoreService.preview(request)` reads the target's current state (reads only) and builds the domain plan;
nothing is written. `RestoreService.run(preview)` takes a partial "pre-restore" snapshot of every app it will
overwrite (so the restore can itself be undone), runs the plan (services/restore_run.py), reads every app back
and verifies it against the plan, and writes the audit trail (RestoreRun / RestoreItem).

What can't be restored is named, never silent: secrets (a follow-up per secret), the client ID of an app that
was deleted permanently (a warning), consent (a follow-up), and every choice the planner made (warnings).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import time as day_time
from typing import Any, Literal

from desktop_app.auth.errors import InteractionRequired
from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.domain.cherry_pick import Pick, PickError, parse_paths, pick
from desktop_app.domain.redact import redact
from desktop_app.domain.restore_plan import (
    AccessChange,
    Action,
    Failure,
    FailureCode,
    FollowUp,
    Mismatch,
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
    TargetDirectory,
    TargetState,
    TargetTenant,
    WarningCode,
    plan_restore,
    validate_new_name,
)
from desktop_app.graph.client import GraphClient
from desktop_app.services.app_reader import AppReader, AppsRead
from desktop_app.services.permissions import LOOK_UP, READ_CONSENT, PermissionsNeeded, ask_for, restore_needs
from desktop_app.services.read_back import GroupedReads
from desktop_app.services.restore_after import ReadBacks
from desktop_app.services.restore_journal import (
    Recovered,
    RunJournal,
    adopted_copies,
    recover,
    wait_for_runs_elsewhere,
)
from desktop_app.services.restore_run import PlanRunner
from desktop_app.services.restore_selection import LeftOut, nothing_to_restore_text, selection_at
from desktop_app.services.restore_steps import ItemOutcome
from desktop_app.services.restore_targets import TargetReader
from desktop_app.services.restore_texts import (
    describe_failure,
    describe_follow_up,
    describe_pick_error,
    remark_text,
)
from desktop_app.services.restore_writes import RestoreTiming, WriteGate, WritePacer
from desktop_app.store.database import Store, workstation
from desktop_app.store.errors import LockHolder, StoreError, TenantBusy, UnknownTenantError
from desktop_app.store.records import (
    AppAt,
    RestoreItemRecord,
    SnapshotInfo,
    SnapshotTrigger,
    SnapshotWrite,
    TenantInfo,
)
from desktop_app.store.restore_journal import JournalItem
from desktop_app.store.workstation import operator_name

__all__ = [
    "PreviewItem",
    "ReportItem",
    "LeftOut",
    "NothingToRestore",
    "RestoreInputError",
    "RestoreMode",
    "RestorePreview",
    "RestoreProgress",
    "RestoreReport",
    "RestoreRequest",
    "RestoreService",
    "RestoreTiming",
    "pick_snapshot",
]

log = logging.getLogger(__name__)

GraphForTenant = Callable[[TenantInfo], GraphClient]
ItemResult = Literal["verified", "warnings", "failed", "skipped", "interrupted"]

# RestoreRun.mode in the audit trail.
_AUDIT_MODES: Mapping[RestoreMode, str] = {
    RestoreMode.WITH_OBJECT: "with-object",
    RestoreMode.AS_NEW: "as-new",
    RestoreMode.OTHER_TENANT: "another-tenant",
}
_OVERWRITES = (Action.OVERWRITE, Action.OVERWRITE_IN_TARGET)


class RestoreInputError(ValueError):
    """Input a restore can't start from (unknown tenant, snapshot of another tenant, none of the apps at the
    snapshot...). The message says what is wrong; nothing was read from or written to Graph."""


class NothingToRestore(RestoreInputError):
    """None of the chosen apps is in the snapshot: each is left out, with the nearest backup that holds it."""

    def __init__(self, snapshot: SnapshotInfo, left_out: tuple[LeftOut, ...]) -> None:
        self.snapshot = snapshot
        self.left_out = left_out
        super().__init__(nothing_to_restore_text(snapshot, left_out))


# --- What goes in and comes out ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreRequest:
    tenant_id: str  # the source tenant (whose backups)
    snapshot_id: int  # restore the apps as they were at this snapshot
    app_pks: tuple[int, ...] | None  # store App primary keys; None = every app of the tenant at the snapshot
    mode: RestoreMode
    new_name: str | None = None  # AS_NEW only
    target_tenant_id: str | None = None  # OTHER_TENANT only
    target_domain: str | None = None  # OTHER_TENANT only: a verified domain of the target
    # Cherry-pick (WITH_OBJECT, apps that exist): restore only these document paths (domain/cherry_pick.py);
    # everything else stays as it is now. Empty: the whole app.
    only: tuple[str, ...] = ()
    # AS_NEW: also copy the enterprise application's consent and user/group assignments (asked; settings always).
    copy_access: bool = False


@dataclass(frozen=True)
class PreviewItem:
    """One app of the preview, as codes and their facts (the edges make the words: services/restore_texts.py for
    the CLI, ui/restore/words.py for the window)."""

    app_pk: int
    display_name: str
    app_id: str
    action: Action
    changes: tuple[str, ...]  # what is written: application property names, "owners", "logo", ...
    warnings: tuple[PlanWarning, ...]  # warnings and notes (PlanWarning.is_note)
    follow_ups: tuple[FollowUp, ...]
    access: tuple[AccessChange, ...] = ()  # each grant and assignment created or removed


@dataclass(frozen=True)
class _PlanInputs:
    """What the plan was made from, so `run` can plan again from fresher state of the apps it overwrites."""

    sources: tuple[SourceApp, ...]
    source: SourceTenant
    targets: Mapping[str, TargetState]
    target: TargetTenant | None
    # Found while reading the target, not by the planner: e.g. owners deleted since the snapshot.
    extra_warnings: Mapping[str, tuple[PlanWarning, ...]] = field(default_factory=dict)
    directory: TargetDirectory | None = None  # the target's resources, users and groups (enterprise application)


@dataclass(frozen=True)
class RestorePreview:
    request: RestoreRequest
    plan: RestorePlan
    source_tenant: TenantInfo
    target_tenant: TenantInfo
    snapshot: SnapshotInfo
    items: tuple[PreviewItem, ...]
    apps: tuple[AppAt, ...] = ()  # the apps at the snapshot, in plan order
    # Chosen apps the snapshot does not hold: not restored, said once (services/restore_selection.py).
    left_out: tuple[LeftOut, ...] = ()
    inputs: _PlanInputs | None = field(default=None, repr=False)
    # Interrupted restores into the target found and settled before planning (services/restore_journal.py).
    recovered: tuple[Recovered, ...] = ()
    # Permissions the plan's consent and assignment steps need that the target never consented to
    # (services/permissions.py): the run would refuse to start until a sign-in grants them.
    permissions_missing: tuple[str, ...] = ()
    # Making the plan needed users, groups or directory objects of the target found, and the token could not read
    # them (Directory.Read.All missing, in permissions_missing): the target was not searched, so the plan counts
    # every principal as found; the run refuses (PermissionsNeeded) unless a new preview can search it.
    look_ups_refused: bool = False
    # The restores into the target when the preview began: the newest run's id, and those still running (None:
    # unknown). A run that finds a newer one, or one of those ended, plans again first: that restore may have
    # created the apps this plan would create.
    restores_seen: tuple[int, frozenset[int]] | None = None

    @property
    def writes(self) -> int:
        """Graph writes the plan sends (before retries and look-ups)."""
        return sum(len(item.steps) for item in self.plan.items)


@dataclass(frozen=True)
class RestoreProgress:
    index: int
    total: int
    display_name: str
    status: str  # "running" | "verified" | "warnings" | "failed" | "skipped"
    # The source app's object id: display names repeat, and a run that plans again (an app deleted since the
    # preview) numbers its items differently from the preview.
    object_id: str = ""


@dataclass(frozen=True)
class ReportItem:
    display_name: str
    source_app_id: str
    source_object_id: str
    action: Action
    result: ItemResult
    new_app_id: str | None
    new_object_id: str | None
    warnings: tuple[PlanWarning, ...]  # the plan's and the run's, warnings and notes (PlanWarning.is_note)
    follow_ups: tuple[FollowUp, ...]
    error_code: str | None = None  # Graph's, or ours: "VerificationFailed", "ChangedSincePreview"
    request_id: str | None = None
    failure: Failure | None = None  # why it failed, or was skipped
    client_id_changed: bool = False
    access: tuple[AccessChange, ...] = ()  # what was re-granted and re-assigned (or removed); none when failed


@dataclass(frozen=True)
class RestoreReport:
    run_id: int
    items: tuple[ReportItem, ...]
    cancelled: bool
    stopped: Failure | None = None  # for the whole run: Graph refused to write, or cancelled
    pre_restore_snapshot_id: int | None = None
    seconds: float = 0.0
    writes: int = 0  # Graph writes sent (retries included)
    requests: int = 0
    # Another restore into the tenant ran since the preview: the run planned again under the lock, and the items
    # are that plan's (RestoreService.run).
    replanned: bool = False

    @property
    def counts(self) -> dict[str, int]:
        out = {"verified": 0, "warnings": 0, "failed": 0, "skipped": 0}
        for item in self.items:
            out[item.result] = out.get(item.result, 0) + 1  # a past run's items may also be "interrupted"
        return out


# --- The service ------------------------------------------------------------------------------------------------


class RestoreService:
    def __init__(
        self,
        store: Store,
        graph_for_tenant: GraphForTenant,
        *,
        reader: AppReader | None = None,
        operator: str | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Callable[[float], None] = time.sleep,
        timing: RestoreTiming | None = None,
    ) -> None:
        self._store = store
        self._graph_for_tenant = graph_for_tenant
        self._reader = reader or AppReader(store, graph_for_tenant)
        self._operator = operator
        self._clock = clock
        self._sleep = sleep
        self._timing = timing or RestoreTiming()
        self._audit_lock = threading.Lock()

    # ----- preview -----------------------------------------------------------------------------------------

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
        restores_seen = self._restores_into(target_tenant.tenant_id)
        graph = self._graph_for_tenant(target_tenant)
        graph.cancel = cancel
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
        inputs = _PlanInputs(sources, source, targets, target, extra, directory)
        plan = _plan(inputs, request)
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

    def _restores_into(self, tenant_id: str) -> tuple[int, frozenset[int]]:
        """The newest restore run into the tenant, and the runs into it still marked running."""
        runs = [r for r in self._store.restore_runs(tenant_id) if r.target_tenant_id == tenant_id]
        return max((r.id for r in runs), default=0), frozenset(r.id for r in runs if r.status == "running")

    def _restored_since(self, preview: RestorePreview) -> bool:
        if preview.restores_seen is None:
            return False
        newest, running = preview.restores_seen
        now_newest, now_running = self._restores_into(preview.target_tenant.tenant_id)
        return now_newest > newest or bool(running - now_running)

    # ----- run ---------------------------------------------------------------------------------------------

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
                preview = self.preview(preview.request, cancel=cancel)
            elif preview.look_ups_refused and self._can_look_up_now(preview.target_tenant):
                # Directory.Read.All granted since the preview: its plan did not search the target. Plan again.
                replanned = True
                preview = self.preview(preview.request, cancel=cancel)
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
                    taken_over_by=f"{self._operator or _operator()} on {workstation()}")
        finally:
            graph.close()

    def _run_locked(
        self, preview: RestorePreview, report: Callable[[RestoreProgress], None], cancel: CancelToken
    ) -> RestoreReport:
        request = preview.request
        target = preview.target_tenant
        # The run's own graph has no cancel token: cancelling must not cut an app in the middle.
        graph = self._graph_with_permissions(preview)
        started = self._clock()
        t0 = time.monotonic()
        try:
            run_info = self._store.start_restore_run(
                operator=self._operator or operator_name(), tenant_id=preview.source_tenant.tenant_id,
                target_tenant_id=target.tenant_id, snapshot_id=preview.snapshot.id,
                mode=_AUDIT_MODES[request.mode], started=started,
            )
        except BaseException:
            graph.close()
            raise
        names = {a.object_id: a.display_name for a in preview.apps}
        try:
            journal = RunJournal.begin(self._store, run_info.id, request_json(request), [
                JournalItem(n, item.source.object_id, item.source.app_id, names.get(item.source.object_id, ""),
                            item.action.value)
                for n, item in enumerate(preview.plan.items)
            ])
        except BaseException as exc:
            graph.close()
            self._store.finish_restore_run(run_info.id, "failed", redact(f"{type(exc).__name__}: {exc}"),
                                           finished=self._clock())
            raise
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
            runner = PlanRunner(
                graph, plan, blob=self._store.blob,
                read_back=read_backs.get,
                run_started=started, timing=self._timing,
                pacer=WritePacer(self._timing.writes_per_second, self._timing.write_burst),
                cancel=cancel, sleep=self._sleep, on_start=started_item, on_done=finished_item,
                write_gate=gate, journal=journal, adopt=adopted_copies(recovered),
                claimed=self._store.journal.claimed_object_ids(target.tenant_id),
            )
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
            self._stopped(run_info.id, exc, writing)
            raise
        finally:
            journal.close()
            graph.close()
        cancelled = cancel.cancelled and any(i.result == "skipped" for i in items)
        stopped = gate.failure
        if stopped is None and cancelled:
            stopped = Failure(FailureCode.CANCELLED)
        status = "cancelled" if cancelled else ("failed" if gate.refused or all(
            i.result == "failed" for i in items) else "complete")
        self._store.finish_restore_run(run_info.id, status, describe_failure(stopped) if stopped else None,
                                       finished=self._clock())
        kept.write(lambda read, when: self._keep(target.tenant_id, read, "post-restore", when), started)
        result = RestoreReport(
            run_id=run_info.id, items=tuple(items), cancelled=cancelled, stopped=stopped,
            pre_restore_snapshot_id=snapshot_id, seconds=time.monotonic() - t0, writes=stats.writes,
            requests=stats.requests,
        )
        log.info("restore run %d: %s in %.1f s, %d writes", run_info.id, result.counts, result.seconds,
                 result.writes)
        return result

    def _stopped(self, run_id: int, exc: BaseException, writing: bool) -> None:
        """The audit of a run an exception stopped. Stopped while apps were being written (a second Ctrl+C or
        SIGTERM, the database failing under it), some may be half done, or created with only Graph knowing: the
        run is `interrupted` and its journal left for the next preview or restore into the tenant to settle
        (services/restore_journal.py), which adopts what it created. Before that, nothing was written."""
        if isinstance(exc, Cancelled):
            status, reason = "failed", "Cancelled"
        elif isinstance(exc, KeyboardInterrupt | SystemExit):
            status, reason = ("interrupted", "Stopped at once (a second Ctrl+C or signal)") if writing else \
                ("failed", "Stopped before anything was written (Ctrl+C or a signal)")
        else:
            # Any exception may end up here, not only ours that redact themselves: the audit is a database too.
            status, reason = "interrupted" if writing else "failed", redact(f"{type(exc).__name__}: {exc}")
        if status == "interrupted":
            reason += (" while apps were being written. The next preview or restore into this tenant settles the "
                       "apps that were in flight (what they created is adopted, never created twice).")
        try:
            self._store.finish_restore_run(run_id, status, reason, finished=self._clock())
        except Exception as error:  # noqa: BLE001 - the store failing is why we are here: the journal says the rest
            log.warning("restore run %d: could not record how it stopped: %s", run_id, error)

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
            if current.document != fresh:
                targets[key] = replace(current, document=fresh)
                changed = True
        if lost:
            remaining = tuple(s for s in inputs.sources if s.object_id not in lost)
            inputs = replace(inputs, sources=remaining, targets=targets)
            changed = True
        if changed:
            inputs = replace(inputs, targets=targets)
            plan = _plan(inputs, preview.request) if inputs.sources else replace(plan, items=())
        return plan, snapshot.id if snapshot is not None else None, lost

    def _read_backs(
        self, tenant: TenantInfo, graph: GraphClient, object_ids: list[str], written: Mapping[str, Mapping[str, str]]
    ) -> AppsRead:
        """The apps as Graph has them now (absent from `documents`: not found); certificate bytes the restore just
        wrote (`written`: object id -> keyId -> sha256) are not read again (150 a minute per tenant) when the keys
        listed are those (keyId and thumbprint)."""
        return self._reader.read_apps(tenant, object_ids, graph=graph, reuse_known=False,
                                      written_keys=written or None)

    def _keep(self, tenant_id: str, read: AppsRead, trigger: SnapshotTrigger, started: datetime) -> SnapshotInfo | None:
        """The apps read as a partial snapshot (before the run: so that the restore can itself be undone; after
        it: what the tenant now holds); None when nothing was read."""
        if not read.observed:
            return None
        return self._store.write_snapshot(tenant_id, SnapshotWrite(
            started=started, finished=self._clock(), observed=list(read.observed), blobs=dict(read.blobs),
            trigger=trigger, partial=True,
        ))

    # ----- input checks ------------------------------------------------------------------------------------

    def _tenant(self, key: str) -> TenantInfo:
        try:
            return self._store.get_tenant(key)
        except UnknownTenantError as exc:
            raise RestoreInputError(str(exc)) from exc

    def _snapshot(self, tenant: TenantInfo, snapshot_id: int) -> SnapshotInfo:
        try:
            snapshot = self._store.snapshot(snapshot_id)
        except StoreError as exc:
            raise RestoreInputError(f"There is no snapshot {snapshot_id}.") from exc
        if snapshot.tenant_id != tenant.tenant_id:
            raise RestoreInputError(f"Snapshot {snapshot_id} is not a snapshot of {tenant.display_name}.")
        if snapshot.status != "complete":
            raise RestoreInputError(f"Snapshot {snapshot_id} did not complete; choose another one.")
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


def _plan(inputs: _PlanInputs, request: RestoreRequest) -> RestorePlan:
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
            raise RestoreInputError(describe_pick_error(exc)) from exc
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
        raise RestoreInputError(
            "Restoring selected values works on apps in their own tenant (with object), not as new or into "
            "another tenant.")
    try:
        return parse_paths(request.only)
    except PickError as exc:
        raise RestoreInputError(describe_pick_error(exc)) from exc


def _check_picked_apps_exist(apps: Sequence[AppAt], targets: Mapping[str, TargetState]) -> None:
    for app in apps:
        state = targets.get(app.object_id)
        if state is None or state.presence is not Presence.EXISTS or state.document is None:
            where = "is in the recycle bin" if state is not None and state.presence is Presence.RECYCLED \
                else "was deleted permanently"
            raise RestoreInputError(
                f"{app.display_name} ({app.app_id}) {where}: selected values can only be restored into an app that "
                "exists. Restore the whole app first.")


# --- Report ------------------------------------------------------------------------------------------------------


def request_json(request: RestoreRequest) -> dict[str, Any]:
    """The request as the journal keeps it: the window offers to finish an interrupted run on the same apps and
    snapshot (ui/unfinished_restore.py)."""
    data = asdict(request)
    data["mode"] = request.mode.value
    data["app_pks"] = None if request.app_pks is None else list(request.app_pks)
    return data


def _preview_item(app: AppAt, item: PlanItem, extra: Sequence[PlanWarning] = ()) -> PreviewItem:
    return PreviewItem(
        app_pk=app.app_pk, display_name=app.display_name, app_id=app.app_id, action=item.action,
        changes=item.changes, warnings=(*extra, *item.warnings), follow_ups=item.follow_ups, access=item.access,
    )


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
    error = outcome.error
    failure = outcome.failure
    result: ItemResult
    if outcome.status == "skipped":
        result = "skipped"
    elif outcome.failed:
        result = "failed"
        if gate.refused is not None and (error is None or error is gate.refused):
            error = gate.refused
            failure = gate.failure
    elif outcome.mismatches:
        result = "failed"
        failure = Failure(FailureCode.NOT_VERIFIED, {"paths": ", ".join(_mismatch_path(m) for m in outcome.mismatches)})
    else:
        result = "warnings" if warnings else "verified"
    if outcome.adopted:
        warnings.append(PlanWarning(WarningCode.ADOPTED))
    if outcome.looked_up:
        warnings.append(PlanWarning(WarningCode.FOUND_AFTER_TIMEOUT))
    new_app_id = outcome.new_app_id
    return ReportItem(
        display_name=name or str((item.source.document.get("application") or {}).get("displayName") or ""),
        source_app_id=item.source.app_id, source_object_id=item.source.object_id, action=item.action,
        result=result, new_app_id=new_app_id, new_object_id=outcome.new_object_id, warnings=tuple(warnings),
        follow_ups=item.follow_ups, error_code=error.code if error is not None else (
            "VerificationFailed" if outcome.mismatches else None),
        request_id=error.request_id if error is not None else None, failure=failure,
        client_id_changed=bool(new_app_id) and str(new_app_id).lower() != item.source.app_id.lower(),
        access=() if result == "failed" else tuple(a for a in item.access if a not in refused),
    )


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
    """The item as the audit trail keeps it: in the CLI's words (English), as the report files have them."""
    return RestoreItemRecord(
        source_object_id=item.source_object_id, source_app_id=item.source_app_id, action=item.action.value,
        result=item.result, display_name=item.display_name, new_object_id=item.new_object_id,
        new_app_id=item.new_app_id,
        warnings=tuple(remark_text(w) for w in item.warnings)
        + tuple(f"Follow-up: {describe_follow_up(f)}" for f in item.follow_ups),
        error_code=item.error_code, request_id=item.request_id,
        message=describe_failure(item.failure) if item.failure is not None else None,
    )


# --- Choosing a snapshot -------------------------------------------------------------------------------------


def pick_snapshot(
    store: Store, tenant_id: str, day: date, at: day_time | None = None, tz: tzinfo | None = None
) -> SnapshotInfo:
    """The snapshot a user means by a day (and time) in their zone: the last full snapshot of that day (a
    partial pre-restore one only when the day has nothing else); with a time, the last one at or before it.
    Raises RestoreInputError naming the days that do have snapshots when there is none."""
    zone = tz or datetime.now().astimezone().tzinfo
    on_day = store.snapshots_on(tenant_id, day, zone)
    if at is not None:
        # A time is typed to the minute (as the app shows them) or to the second: the whole of it counts.
        step = timedelta(minutes=1) if at.second == 0 and at.microsecond == 0 else timedelta(seconds=1)
        try:
            limit: datetime | None = datetime.combine(day, at.replace(microsecond=0), zone) + step
        except OverflowError:  # the last minute of 9999-12-31: every snapshot of that day is before it
            limit = None
        on_day = [s for s in on_day if s.finished is not None and (limit is None or s.finished < limit)]
    if not on_day:
        when = day.isoformat() + (f" at or before {at.strftime('%H:%M')}" if at is not None else "")
        where = days_with_snapshots(store.snapshot_days(tenant_id, zone), day)
        raise RestoreInputError(f"There is no snapshot on {when}. {where}")
    if at is None:
        full = [s for s in on_day if not s.partial]
        return (full or on_day)[-1]
    return on_day[-1]


def days_with_snapshots(days: Sequence[date], day: date) -> str:
    """Where the snapshots are, as seen from `day`: their range and the nearest days before and after it."""
    if not days:
        return "The tenant has no snapshot yet."
    span = (f"Snapshots exist on 1 day, {days[0].isoformat()}." if len(days) == 1 else
            f"Snapshots exist on {len(days)} days from {days[0].isoformat()} to {days[-1].isoformat()}.")
    before = [d for d in days if d < day]
    after = [d for d in days if d > day]
    near = [f"the last before it is {before[-1].isoformat()}"] if before else []
    near += [f"the first after it is {after[0].isoformat()}"] if after else []
    return span + (f" Nearest: {' and '.join(near)}." if near and len(days) > 1 else "")


def _when(snapshot: SnapshotInfo) -> str:
    moment = snapshot.finished or snapshot.started
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
