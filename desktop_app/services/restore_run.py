"""Running a RestorePlan against Graph: the contract in domain/restore_plan/__init__.py's docstring, app by app.

- Apps are independent: each runs on a worker of its own; one that fails is reported and the others go on.
- Which app starts and which completes next is the scheduler's (services/restore_scheduler.py: creates first, a
  linked set completes once the apps it names are created, Cancel stops starting apps, the ones started are
  finished); each step is sent by the step executor (services/restore_steps.py: one handler per step kind, paced
  and gated writes, creates never sent twice blindly).
- Per app (PlanRunner): its create phase, then its remaining steps, a scope or role disabled before a later step
  failed enabled again, then the app read back and verified against the plan.
"""

from __future__ import annotations

import functools
import itertools
import logging
import queue
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.document import AppDocument
from desktop_app.domain.remap import RefKind, UnresolvedReference, contains_ref
from desktop_app.domain.restore_plan import (
    Failure,
    FailureCode,
    Phase,
    RestorePlan,
    Step,
    StepKind,
    Undo,
    server_defaults,
    verify,
    writable_application,
)
from desktop_app.graph.errors import GraphError
from desktop_app.services.restore_answers import listing_lag, refused_assignment
from desktop_app.services.restore_scheduler import Event, ItemScheduler
from desktop_app.services.restore_steps import ItemOutcome, StepExecutor, StepFailed

log = logging.getLogger(__name__)

# The run's queue: completions before new creates, so apps finish steadily; a worker's stop sign last.
_COMPLETE, _CREATE, _STOP = 0, 1, 9


class PlanRunner:
    def __init__(
        self,
        plan: RestorePlan,
        steps: StepExecutor,
        *,
        # The app read back after its steps; the second argument is what the run wrote of its certificates
        # (keyId -> sha256 of the bytes), which a reader need not read again.
        read_back: Callable[[str, Mapping[str, str]], AppDocument | None],
        cancel: CancelToken | None = None,
        on_start: Callable[[ItemOutcome], None] | None = None,
        on_done: Callable[[ItemOutcome], None] | None = None,
    ) -> None:
        """`steps` sends the plan's steps (its Graph, timing, pacing, write gate, the run's journal and what
        earlier runs created are its own)."""
        self._graph = steps.graph
        self._plan = plan
        self._read_back = read_back
        self._timing = steps.timing
        self._cancel = cancel or CancelToken()
        self._on_start = on_start or (lambda _o: None)
        self._on_done = on_done or (lambda _o: None)
        self._journal = steps.journal
        self._steps = steps
        self.ids = self._steps.ids
        self._steps.writes_app_roles = any(isinstance(step.body, Mapping) and "appRoles" in step.body
                                           for item in plan.items for step in item.steps)
        # An app begins (on_start) only while no Cancel is seen, and begins and ends are reported one at a time
        # under this lock: once Cancel is set, or seen by an on_start/on_done, no app begins but the ones the
        # apps already begun refer to (`_needed`), so what is written after Cancel is the apps under way.
        self._report_lock = threading.RLock()
        self._needed: set[int] = set()  # the items begun, and every item they refer to (transitively)
        self.outcomes = [ItemOutcome(i, item) for i, item in enumerate(plan.items)]

    def run(self) -> list[ItemOutcome]:
        items = self._plan.items
        workers = max(1, min(self._timing.workers, len(items)))
        scheduler = ItemScheduler([self._dependencies(i) for i in range(len(items))], window=2 * workers)
        tasks: queue.PriorityQueue[tuple[int, int, Callable[[], None] | None]] = queue.PriorityQueue()
        events: queue.Queue[tuple[Event, int]] = queue.Queue()
        order = itertools.count()

        def worker() -> None:
            while True:
                _, _, task = tasks.get()
                if task is None:
                    return
                task()

        threads = [threading.Thread(target=worker, name=f"restore-{n}", daemon=True) for n in range(workers)]
        for thread in threads:
            thread.start()
        # Only this thread queues apps; a worker begins one only if no Cancel came meanwhile (_begin).
        try:
            while True:
                cancelled = self._cancel.cancelled
                needed: set[int] = set()
                if cancelled:  # the lock only then: workers hold it while they record an app's start and end
                    with self._report_lock:
                        needed = set(self._needed)
                for i in scheduler.to_start(cancelled=cancelled, needed=needed):
                    tasks.put((_CREATE, next(order), functools.partial(
                        self._create_task, i, scheduler.reach[i], events)))
                if scheduler.over(cancelled=cancelled):
                    break
                try:
                    event, i = events.get(timeout=0.1)
                except queue.Empty:
                    continue
                for j in scheduler.report(i, event):
                    tasks.put((_COMPLETE, next(order), functools.partial(self._complete_task, j, events)))
        finally:
            for _ in threads:
                tasks.put((_STOP, next(order), None))
            for thread in threads:
                thread.join()
        for i in scheduler.not_started:
            outcome = self.outcomes[i]
            outcome.status = "skipped"
            outcome.failure = Failure(FailureCode.NOT_STARTED)
            self._done(outcome)
        return self.outcomes

    def _create_task(self, i: int, reach: frozenset[int], events: queue.Queue[tuple[Event, int]]) -> None:
        event = Event.FINISHED
        try:
            if not self._begin(self.outcomes[i], reach):
                event = Event.SKIPPED  # cancelled while it waited in the queue
            elif self._create(self.outcomes[i]):
                event = Event.CREATED
        except Exception as exc:  # noqa: BLE001 - one app's bug must not stop the others
            self._crashed(self.outcomes[i], exc)
        finally:  # even when reporting the failure failed too: the scheduler must hear of the app
            events.put((event, i))

    def _complete_task(self, i: int, events: queue.Queue[tuple[Event, int]]) -> None:
        try:
            self._complete(self.outcomes[i])
        except Exception as exc:  # noqa: BLE001
            self._crashed(self.outcomes[i], exc)
        finally:
            events.put((Event.FINISHED, i))

    def _begin(self, outcome: ItemOutcome, reach: frozenset[int]) -> bool:
        """Begin the item unless Cancel came and no begun item refers to it; False: it stays not started."""
        with self._report_lock:
            if self._cancel.cancelled and outcome.index not in self._needed:
                return False
            self._needed |= reach
            outcome.status = "running"
            if self._journal is not None:
                self._journal.running(outcome.item.source.object_id)
            self._on_start(outcome)
            return True

    def _done(self, outcome: ItemOutcome) -> None:
        with self._report_lock:
            self._on_done(outcome)

    def _dependencies(self, index: int) -> set[int]:
        """The items whose new ids (or service principals: linked.py) this item's later steps name."""
        item = self._plan.items[index]
        by_object = {it.source.object_id: n for n, it in enumerate(self._plan.items)}
        by_app = {it.source.app_id.lower(): n for n, it in enumerate(self._plan.items)}
        found: set[int] = set()
        for step in item.steps:
            if step.phase is Phase.CREATE:
                continue
            for ref in step.refs:
                if ref.kind is RefKind.OBJECT_ID and ref.key.startswith("sp:") and ref.key[3:] in by_object:
                    found.add(by_object[ref.key[3:]])  # its service principal, made in its create phase
                elif ref.kind is RefKind.OBJECT_ID and ref.key in by_object:
                    found.add(by_object[ref.key])
                elif ref.kind is RefKind.APP_ID and ref.key in by_app:
                    found.add(by_app[ref.key])
        found.discard(index)
        return found

    # ----- one item ----------------------------------------------------------------------------------------

    def _create(self, outcome: ItemOutcome) -> bool:
        """The item's create phase (after _begin); False when the item is over (failed). Its steps run as planned:
        certificates are never folded into the create (an app management policy that refuses an old certificate
        would refuse the whole app, graph-notes §10)."""
        try:
            for step in outcome.item.steps:
                if step.phase is Phase.CREATE:
                    self._steps.run_step(outcome, step)
        except StepFailed as failure:
            self._fail(outcome, failure)
            return False
        return True

    def _complete(self, outcome: ItemOutcome) -> None:
        if outcome.item.up_to_date:
            # Nothing to write: the app was read just before the run, and planned again had it changed, so that
            # read is the check (a whole tenant to an earlier day is mostly these: no second read of each).
            self._set_new_ids(outcome)
            outcome.status = "unchanged"
            self._done(outcome)
            return
        disabled: list[tuple[Step, dict[str, Any]]] = []  # done DISABLE_PERMISSIONS steps and their undo
        try:
            for step in outcome.item.steps:
                if step.phase is Phase.CREATE:
                    continue
                try:
                    if step.kind is StepKind.DISABLE_PERMISSIONS:
                        undo = self._undo_of(step)
                        self._steps.run_step(outcome, step)
                        if undo:
                            disabled.append((step, undo))
                        continue
                    self._steps.run_step(outcome, step)
                except StepFailed:
                    self._undo_disables(outcome, disabled)
                    raise
                except UnresolvedReference as missing:
                    # The step names an app whose creation failed or was cancelled: it can't run, the others can.
                    outcome.unresolved.append(f"{step.kind.value}: {missing}")
            if outcome.unresolved:
                self._set_new_ids(outcome)
            else:
                self._verify(outcome)
        except StepFailed as failure:
            self._fail(outcome, failure)
            return
        outcome.status = "failed" if outcome.unresolved else "done"
        if outcome.unresolved:
            outcome.failure = Failure(FailureCode.REFERENCE_NOT_RESTORED, {"unresolved": "; ".join(outcome.unresolved)})
        self._done(outcome)

    def _undo_of(self, step: Step) -> dict[str, Any] | None:
        """What puts back the scopes/roles a disable step turns off: the plan's, or (no body: the plan did not
        know the current state) the api/appRoles as they are right before it runs."""
        if step.undo is not None or step.body is not None:
            return step.undo
        resolved = step.resolved(self.ids, graph_base_url=self._graph.base_url)
        try:
            current = self._graph.get(resolved.path, params={"$select": "api,appRoles"})
        except GraphError:
            return None
        wanted = writable_application(current)
        return {k: wanted[k] for k in ("api", "appRoles") if k in wanted} or None

    def _undo_disables(self, outcome: ItemOutcome, disabled: list[tuple[Step, dict[str, Any]]]) -> None:
        """A later step failed: never leave the app with fewer enabled scopes/roles than before the restore."""
        for step, undo in reversed(disabled):
            resolved = step.resolved(self.ids, graph_base_url=self._graph.base_url)
            try:
                self._steps.write(functools.partial(self._graph.patch, resolved.path, undo))
                outcome.undone.append(step.kind.value)
            except GraphError as error:
                log.warning("putting back the disabled scopes/roles of %s failed: %s", resolved.path, error)
                outcome.undo_failed = True

    def _crashed(self, outcome: ItemOutcome, exc: Exception) -> None:
        log.exception("restore of %s failed unexpectedly", outcome.item.source.object_id)
        try:
            self._fail(outcome, StepFailed(Failure(FailureCode.UNEXPECTED, {"error": f"{type(exc).__name__}: {exc}"})))
        except Exception:  # noqa: BLE001 - e.g. the audit can't be written: the app stays failed, the run goes on
            log.exception("recording the failure of %s failed too", outcome.item.source.object_id)

    def _fail(self, outcome: ItemOutcome, failure: StepFailed) -> None:
        outcome.status = "failed"
        outcome.error = failure.error
        undo = Undo.DONE if outcome.undone else Undo.FAILED if outcome.undo_failed else Undo.NONE
        outcome.failure = replace(failure.failure, undo=undo)
        self._set_new_ids(outcome)
        self._done(outcome)

    def _set_new_ids(self, outcome: ItemOutcome) -> None:
        item = outcome.item
        outcome.new_object_id = self.ids.object_ids.get(item.source.object_id) or (
            None if contains_ref(item.object_id) else item.object_id
        )
        outcome.new_app_id = self.ids.app_ids.get(item.source.app_id.lower()) or (
            None if contains_ref(item.app_id) else item.app_id
        )

    def _verify(self, outcome: ItemOutcome) -> None:
        self._set_new_ids(outcome)
        object_id = outcome.new_object_id
        if object_id is None:
            raise StepFailed(Failure(FailureCode.NEW_ID_UNKNOWN))
        try:
            written = dict(outcome.item.expected.key_credential_keys)
            document = self._steps.lag_retry(lambda: self._read_or_404(object_id, written), eligible=True)
        except GraphError as error:
            raise StepFailed(Failure(FailureCode.READ_BACK_FAILED, {"error": str(error)}), error) from error
        item = outcome.item
        if outcome.missing_owners and item.expected.owner_ids is not None:
            expected = replace(item.expected, owner_ids=item.expected.owner_ids - set(outcome.missing_owners))
            item = replace(item, expected=expected)
        mismatches = verify(item, document, self.ids)
        outcome.not_listed_yet = [m for m in mismatches if listing_lag(outcome.assignments_written, m)]
        outcome.mismatches = [m for m in mismatches if m not in outcome.not_listed_yet
                              and not refused_assignment(outcome.refused_for_plan, m)]
        outcome.notes = server_defaults(item, document, self.ids)
        outcome.verified = not outcome.mismatches

    def _read_or_404(self, object_id: str, written: Mapping[str, str]) -> AppDocument:
        document = self._read_back(object_id, written)
        if document is None:
            raise GraphError(404, "Request_ResourceNotFound", f"Application {object_id} is not visible yet.")
        return document
