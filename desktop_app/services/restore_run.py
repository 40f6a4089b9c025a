"""Running a RestorePlan against Graph: the contract in domain/restore_plan.py's docstring, app by app.

- Apps are independent: each runs on a worker of its own; one that fails is reported and the others go on.
  An app whose steps name another app of the same restore (a linked set) waits until that one is created.
- Creates come first (so linked sets resolve early), completions take precedence over new creates once
  their references exist, so apps finish steadily. Cancel stops starting apps; the ones started are finished.
- Writes are paced to Graph's write budget (3,000 per 150 s per app and tenant, graph-notes §8): a throttled
  write still counts against the budget, so running into 429s is slower than never causing them.
- POST /applications is never sent twice blindly: after a timeout, a dropped connection or a 5xx, the app is
  looked up first (display name, created since the run started, same identifier URIs), and only an app that is
  certainly not there is created again. Apps with the same display name are created one at a time, so two
  of them can never claim the same object, and an object any restore into the tenant already claimed is never
  taken. With a journal (services/restore_journal.py), the intent of each create is recorded before the POST
  and its answer after it, so a run killed in between is settled by the next one; an app an earlier run
  created (`adopt`) is taken over instead of created again.
- New objects that Graph does not show yet (404, 400 "does not exist") are retried with backoff.
"""

from __future__ import annotations

import base64
import functools
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from desktop_app.domain.cancel import CancelToken
from desktop_app.domain.document import AppDocument
from desktop_app.domain.remap import RefKind, ResolvedIds, UnresolvedReference, contains_ref
from desktop_app.domain.restore_plan import (
    Mismatch,
    Phase,
    PlanItem,
    ResolvedStep,
    RestorePlan,
    Step,
    StepKind,
    disable_permissions_body,
    server_defaults,
    verify,
    writable_application,
)
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphConnectionError, GraphError, is_not_found_yet
from desktop_app.services.restore_journal import RunJournal, find_created, odata_quote

log = logging.getLogger(__name__)

WRITES_PER_WINDOW = 3000  # graph-notes §8: per app and tenant
WRITE_WINDOW_S = 150.0
_AMBIGUOUS_STATUSES = frozenset({0, 500, 502, 503, 504})
_REFUSED_CODES = frozenset({"Authorization_RequestDenied", "Forbidden", "AccessDenied"})


@dataclass(frozen=True)
class RestoreTiming:
    """How patient and how parallel a run is. Defaults suit Microsoft Graph; tests shorten the waits."""

    workers: int = 16
    writes_per_second: float = WRITES_PER_WINDOW / WRITE_WINDOW_S
    # Writes the budget allows at once when the run starts: Graph's bucket is full when nothing wrote in the last
    # window; a little is kept back for clock differences and other writers. If the bucket was not full, the
    # first 429 drops this to nothing and the run goes on at the steady rate. (A throttled write still counts
    # against the budget, and the client's own retries of it would too: overshooting costs more than it gains.)
    write_burst: float = WRITES_PER_WINDOW * 0.95
    replication_timeout_s: float = 300.0  # new objects have been seen to take minutes (graph-notes §6)
    lag_backoff_s: float = 0.5
    lag_backoff_cap_s: float = 10.0
    lookup_settle_s: tuple[float, ...] = (0.0, 2.0, 5.0)  # waits before each look-up of a create that timed out
    create_attempts: int = 5


class WritePacer:
    """A token bucket in front of every write: `writes_per_second` steady, `burst` at the start."""

    def __init__(
        self,
        writes_per_second: float,
        burst: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._rate = max(writes_per_second, 0.001)
        self._capacity = max(burst, 1.0)
        self._tokens = self._capacity
        self._clock = clock
        self._sleep = sleep
        self._at: float | None = None  # Graph's bucket starts draining at the first write, and so does this
        self._lock = threading.Lock()

    def acquire(self) -> None:
        while True:
            with self._lock:
                now = self._clock()
                if self._at is None:
                    self._at = now
                self._tokens = min(self._capacity, self._tokens + (now - self._at) * self._rate)
                self._at = now
                if self._tokens >= 1.0 - 1e-9:  # float rounding must not leave a sliver to wait for forever
                    self._tokens -= 1.0
                    return
                wait = (1.0 - self._tokens) / self._rate
            self._sleep(wait)

    def exhaust(self) -> None:
        """Graph throttled a write: the budget is not what the burst assumed; continue at the steady rate."""
        with self._lock:
            self._tokens = min(self._tokens, 0.0)
            self._capacity = 1.0


class WriteGate:
    """Lets the run's first write through alone: if Graph refuses it (a read-only token), nothing else is sent."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._opened = threading.Event()
        self._taken = False
        self.refused: GraphError | None = None

    def enter(self) -> bool:
        """True for the caller that sends the first write; the others wait for its answer."""
        with self._lock:
            if not self._taken:
                self._taken = True
                return True
        self._opened.wait()
        if self.refused is not None:
            raise self.refused
        return False

    def answer(self, error: GraphError | None) -> None:
        if error is not None and (error.status in (401, 403) or error.code in _REFUSED_CODES):
            self.refused = error
        self._opened.set()

    @property
    def message(self) -> str | None:
        if self.refused is None:
            return None
        return (
            f"Graph refused to write ({self.refused.status} {self.refused.code}): the account or token may only "
            "read. Nothing was changed. Sign in with an account that may change app registrations "
            "(Application.ReadWrite.All, e.g. Application Administrator) and run the restore again."
        )


@dataclass
class ItemOutcome:
    """What happened to one plan item."""

    index: int
    item: PlanItem
    status: str = "pending"  # pending | running | done | failed | skipped
    error: GraphError | None = None
    message: str | None = None
    unresolved: list[str] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    verified: bool = False
    new_object_id: str | None = None
    new_app_id: str | None = None
    looked_up: int = 0  # creates that timed out and were found by the look-up
    adopted: bool = False  # the app an interrupted run had created was taken over, not created again
    notes: list[Mismatch] = field(default_factory=list)  # defaults Graph filled in on a new app (not failures)
    undone: list[str] = field(default_factory=list)  # disable steps put back after a later step failed
    undo_failed: bool = False
    missing_owners: list[str] = field(default_factory=list)  # owners that no longer exist: left out

    @property
    def failed(self) -> bool:
        return self.status == "failed"


class StepFailed(Exception):
    def __init__(self, message: str, error: GraphError | None = None) -> None:
        super().__init__(message)
        self.error = error


class PlanRunner:
    def __init__(
        self,
        graph: GraphClient,
        plan: RestorePlan,
        *,
        blob: Callable[[str], bytes | None],
        # The app read back after its steps; the second argument is what the run wrote of its certificates
        # (keyId -> sha256 of the bytes), which a reader need not read again.
        read_back: Callable[[str, Mapping[str, str]], AppDocument | None],
        run_started: datetime,
        timing: RestoreTiming = RestoreTiming(),
        pacer: WritePacer | None = None,
        cancel: CancelToken | None = None,
        sleep: Callable[[float], None] = time.sleep,
        on_start: Callable[[ItemOutcome], None] | None = None,
        on_done: Callable[[ItemOutcome], None] | None = None,
        write_gate: WriteGate | None = None,
        journal: RunJournal | None = None,
        adopt: Mapping[str, tuple[str, str]] | None = None,
        claimed: set[str] | None = None,
    ) -> None:
        """`journal` records each create's intent and answer; `adopt` maps a source object id to the app
        (object id, client id) an interrupted run created for it; `claimed` are objects earlier restores into
        the tenant made, which a look-up never takes."""
        self._graph = graph
        self._plan = plan
        self._blob = blob
        self._read_back = read_back
        self._run_started = run_started
        self._timing = timing
        self._pacer = pacer or WritePacer(timing.writes_per_second, timing.write_burst)
        self._cancel = cancel or CancelToken()
        self._sleep = sleep
        self._on_start = on_start or (lambda _o: None)
        self._on_done = on_done or (lambda _o: None)
        self._gate = write_gate or WriteGate()
        self.ids = ResolvedIds()
        self._ids_lock = threading.Lock()
        self._claimed: set[str] = set(claimed or ())  # object ids this run (or an earlier one) created or adopted
        self._journal = journal
        self._adopt = dict(adopt or {})
        self._name_locks: dict[str, threading.Lock] = {}
        self._throttled_seen = graph.stats.throttled
        self._throttle_lock = threading.Lock()
        # An app begins (on_start) only while no Cancel is seen, and begins and ends are reported one at a time
        # under this lock: once Cancel is set, or seen by an on_start/on_done, no app begins but the ones the
        # apps already begun refer to (`_needed`), so what is written after Cancel is the apps under way.
        self._report_lock = threading.RLock()
        self._needed: set[int] = set()  # the items begun, and every item they refer to (transitively)
        self.outcomes = [ItemOutcome(i, item) for i, item in enumerate(plan.items)]

    # ----- scheduling ------------------------------------------------------------------------------------

    def run(self) -> list[ItemOutcome]:
        items = self._plan.items
        deps = [self._dependencies(i) for i in range(len(items))]
        reach = _reach(deps)
        tasks: queue.PriorityQueue[tuple[int, int, Callable[[], None] | None]] = queue.PriorityQueue()
        events: queue.Queue[tuple[str, int]] = queue.Queue()
        order = itertools.count()

        def worker() -> None:
            while True:
                _, _, task = tasks.get()
                if task is None:
                    return
                task()

        def create_task(i: int) -> Callable[[], None]:
            def task() -> None:
                kind = "finished"
                try:
                    if not self._begin(self.outcomes[i], reach[i]):
                        kind = "skipped"  # cancelled while it waited in the queue
                    elif self._create(self.outcomes[i]):
                        kind = "created"
                except Exception as exc:  # noqa: BLE001 - one app's bug must not stop the others
                    self._crashed(self.outcomes[i], exc)
                finally:  # even when reporting the failure failed too: the scheduler must hear of the app
                    events.put((kind, i))
            return task

        def complete_task(i: int) -> Callable[[], None]:
            def task() -> None:
                try:
                    self._complete(self.outcomes[i])
                except Exception as exc:  # noqa: BLE001
                    self._crashed(self.outcomes[i], exc)
                finally:
                    events.put(("finished", i))
            return task

        threads = [
            threading.Thread(target=worker, name=f"restore-{n}", daemon=True)
            for n in range(max(1, min(self._timing.workers, len(items))))
        ]
        for thread in threads:
            thread.start()
        # Only this thread queues apps; a worker begins one only if no Cancel came meanwhile (_begin). After a
        # cancel it queues the apps the begun ones refer to, so none is left with references it can't fill in.
        not_started = list(range(len(items)))
        started: set[int] = set()
        resolved: set[int] = set()  # items whose create phase is over (created or failed)
        waiting: set[int] = set()  # created, waiting for the apps they name
        finished = 0
        window = 2 * len(threads)

        def start(i: int) -> None:
            not_started.remove(i)
            started.add(i)
            tasks.put((1, next(order), create_task(i)))

        def feed() -> None:
            if self._cancel.cancelled:
                with self._report_lock:
                    needed = sorted(self._needed - started)
                for d in needed:
                    start(d)
                return
            while not_started and len(started) - len(resolved) < window:
                start(not_started[0])

        try:
            while True:
                feed()
                if finished == len(started) and (not not_started or self._cancel.cancelled):
                    break
                try:
                    kind, i = events.get(timeout=0.1)
                except queue.Empty:
                    continue
                resolved.add(i)
                if kind == "skipped":  # queued, never begun: reported with the apps never started
                    started.discard(i)
                    not_started.append(i)
                elif kind == "created":
                    waiting.add(i)
                else:
                    finished += 1
                for j in sorted(waiting):
                    if deps[j] <= resolved:
                        waiting.discard(j)
                        tasks.put((0, next(order), complete_task(j)))
        finally:
            for _ in threads:
                tasks.put((9, next(order), None))
            for thread in threads:
                thread.join()
        for i in sorted(not_started):
            outcome = self.outcomes[i]
            outcome.status = "skipped"
            outcome.message = "Cancelled before this app was started."
            self._done(outcome)
        return self.outcomes

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
        """The items whose new ids this item's later steps name."""
        item = self._plan.items[index]
        by_object = {it.source.object_id: n for n, it in enumerate(self._plan.items)}
        by_app = {it.source.app_id.lower(): n for n, it in enumerate(self._plan.items)}
        found: set[int] = set()
        for step in item.steps:
            if step.phase is Phase.CREATE:
                continue
            for ref in step.refs:
                if ref.kind is RefKind.OBJECT_ID and ref.key in by_object:
                    found.add(by_object[ref.key])
                elif ref.kind is RefKind.APP_ID and ref.key in by_app:
                    found.add(by_app[ref.key])
        found.discard(index)
        return found

    # ----- one item ----------------------------------------------------------------------------------------

    def _create(self, outcome: ItemOutcome) -> bool:
        """The item's create phase (after _begin); False when the item is over (failed)."""
        try:
            for step in self._steps(outcome.item):
                if step.phase is Phase.CREATE:
                    self._run_step(outcome, step)
        except StepFailed as failure:
            self._fail(outcome, failure)
            return False
        return True

    def _complete(self, outcome: ItemOutcome) -> None:
        disabled: list[tuple[Step, dict[str, Any]]] = []  # done DISABLE_PERMISSIONS steps and their undo
        try:
            for step in self._steps(outcome.item):
                if step.phase is Phase.CREATE:
                    continue
                try:
                    if step.kind is StepKind.DISABLE_PERMISSIONS:
                        undo = self._undo_of(step)
                        self._run_step(outcome, step)
                        if undo:
                            disabled.append((step, undo))
                        continue
                    self._run_step(outcome, step)
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
            outcome.message = "Not done because an app it refers to was not restored: " + "; ".join(outcome.unresolved)
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
                self._write(functools.partial(self._graph.patch, resolved.path, undo))
                outcome.undone.append(step.kind.value)
            except GraphError as error:
                log.warning("putting back the disabled scopes/roles of %s failed: %s", resolved.path, error)
                outcome.undo_failed = True

    def _crashed(self, outcome: ItemOutcome, exc: Exception) -> None:
        log.exception("restore of %s failed unexpectedly", outcome.item.source.object_id)
        try:
            self._fail(outcome, StepFailed(f"Unexpected error: {type(exc).__name__}: {exc}", None))
        except Exception:  # noqa: BLE001 - e.g. the audit can't be written: the app stays failed, the run goes on
            log.exception("recording the failure of %s failed too", outcome.item.source.object_id)

    def _fail(self, outcome: ItemOutcome, failure: StepFailed) -> None:
        outcome.status = "failed"
        outcome.error = failure.error
        outcome.message = str(failure)
        if outcome.undone:
            outcome.message += " The scopes and app roles disabled for it were enabled again."
        elif outcome.undo_failed:
            outcome.message += " Enabling again the scopes and app roles disabled for it failed too: check them."
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
            raise StepFailed("The app's new id is not known, so it could not be read back.")
        try:
            written = dict(outcome.item.expected.key_credential_keys)
            document = self._lag_retry(lambda: self._read_or_404(object_id, written), eligible=True)
        except GraphError as error:
            raise StepFailed(f"Reading the app back failed: {error}", error) from error
        item = outcome.item
        if outcome.missing_owners and item.expected.owner_ids is not None:
            expected = replace(item.expected, owner_ids=item.expected.owner_ids - set(outcome.missing_owners))
            item = replace(item, expected=expected)
        outcome.mismatches = verify(item, document, self.ids)
        outcome.notes = server_defaults(item, document, self.ids)
        outcome.verified = not outcome.mismatches

    def _read_or_404(self, object_id: str, written: Mapping[str, str]) -> AppDocument:
        document = self._read_back(object_id, written)
        if document is None:
            raise GraphError(404, "Request_ResourceNotFound", f"Application {object_id} is not visible yet.")
        return document

    # ----- steps -------------------------------------------------------------------------------------------

    def _steps(self, item: PlanItem) -> list[Step]:
        """The item's steps as planned. Certificates are never folded into the create: a tenant's app
        management policy that refuses an old certificate would refuse the whole app (graph-notes §10)."""
        return list(item.steps)

    def _run_step(self, outcome: ItemOutcome, step: Step) -> None:
        resolved = step.resolved(
            self.ids, blob_base64=self._blob_base64, graph_base_url=self._graph.base_url
        )
        # Anything on an object this run created, restored or points to may not be visible yet.
        lag = outcome.item.action.creates_application or outcome.item.action.value.startswith("undelete") or bool(
            step.refs
        )
        try:
            if step.kind is StepKind.ADD_OWNER:
                self._add_owner(outcome, step, resolved, lag)
            elif step.kind is StepKind.CREATE_APPLICATION:
                self._create_application(outcome, step, resolved)
            elif step.kind in (StepKind.RESTORE_DELETED_APPLICATION, StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL):
                self._restore_deleted(step, resolved)
            elif step.kind is StepKind.CREATE_SERVICE_PRINCIPAL and step.binds:
                self._create_service_principal(step, resolved, lag)
            elif step.kind.finds_its_object:
                self._lag_retry(lambda: self._find_and_write(step, resolved), eligible=lag)
            else:
                self._lag_retry(lambda: self._send(step, resolved), eligible=lag)
        except GraphError as error:
            raise StepFailed(f"{_describe_step(step.kind)} failed: {error}", error) from error

    def _add_owner(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        """A 404 is either the app not visible yet or an owner that no longer exists (deleted since the
        snapshot): once the app answers, it is the owner, which is left out and reported."""
        app_path = resolved.path.rsplit("/owners/", 1)[0]
        owner_id = str((resolved.body or {}).get("@odata.id", "")).rstrip("/").rsplit("/", 1)[-1]
        try:
            self._send(step, resolved)
            return
        except GraphError as error:
            if error.status != 404:
                raise
        self._lag_retry(lambda: self._exists(app_path, lag_is_error=True), eligible=lag)
        try:
            self._send(step, resolved)
        except GraphError as error:
            if error.status != 404:
                raise
            outcome.missing_owners.append(owner_id)

    # ----- the enterprise application: its service principal's id, grants and assignments found by what they are

    def _create_service_principal(self, step: Step, resolved: ResolvedStep, lag: bool) -> None:
        """Create it and bind its id for the steps that name it; one that exists already (an earlier attempt, or
        Graph's "already in use") is looked up by appId."""
        body = resolved.body or {}
        try:
            answer = self._lag_retry(
                lambda: self._write(lambda: self._graph.post(resolved.path, body, retry_safe=True)), eligible=lag
            )
            sp_id = str(answer["id"])
        except GraphError as error:
            if not _is_conflict(error):
                raise
            found = self._graph.get(f"/servicePrincipals(appId='{body.get('appId')}')", params={"$select": "id"})
            sp_id = str(found["id"])
        with self._ids_lock:
            self.ids.object_ids[str(step.binds)] = sp_id

    def _find_and_write(self, step: Step, resolved: ResolvedStep) -> None:
        body = dict(resolved.body or {})
        graph = self._graph
        if step.kind is StepKind.REMOVE_APP_ROLE_ASSIGNMENT:
            for assignment in graph.get_all(resolved.path, {"$top": 999}):
                if str(assignment.get("principalId")) == str(body.get("principalId")) and \
                        str(assignment.get("appRoleId")).lower() == str(body.get("appRoleId")).lower():
                    self._delete_if_there(f"{resolved.path}/{assignment['id']}")
            return
        existing = self._find_grant(body)
        if step.kind is StepKind.REMOVE_DELEGATED_GRANT:
            if existing is not None:
                self._delete_if_there(f"/oauth2PermissionGrants/{existing['id']}")
            return
        if existing is None:
            try:
                self._write(lambda: graph.post(resolved.path, body, retry_safe=True))
                return
            except GraphError as error:
                if not _is_conflict(error):
                    raise
            existing = self._find_grant(body)  # created meanwhile (an attempt whose answer was lost)
            if existing is None:
                raise StepFailed("Graph says the grant exists, but it could not be found to update.")
        if sorted(str(existing.get("scope") or "").split()) != sorted(str(body.get("scope") or "").split()):
            self._write(lambda: graph.patch(f"/oauth2PermissionGrants/{existing['id']}", {"scope": body["scope"]}))

    def _find_grant(self, body: Mapping[str, Any]) -> dict[str, Any] | None:
        client = odata_quote(str(body.get("clientId")))
        for grant in self._graph.get_all("/oauth2PermissionGrants", {"$filter": f"clientId eq '{client}'"}):
            if (grant.get("resourceId"), grant.get("consentType"), grant.get("principalId") or None) == \
                    (body.get("resourceId"), body.get("consentType"), body.get("principalId") or None):
                return grant
        return None

    def _delete_if_there(self, path: str) -> None:
        try:
            self._write(lambda: self._graph.delete(path))
        except GraphError as error:
            if error.status != 404:
                raise

    def _send(self, step: Step, resolved: ResolvedStep) -> None:
        graph = self._graph
        headers = dict(resolved.headers) or None
        try:
            if step.kind is StepKind.DISABLE_PERMISSIONS and resolved.body is None:
                current = graph.get(resolved.path, params={"$select": "api,appRoles"})
                body = disable_permissions_body(current, step.desired or {})
                if body is not None:
                    self._write(lambda: graph.patch(resolved.path, body))
            elif resolved.method == "POST":
                self._write(lambda: graph.post(resolved.path, resolved.body, retry_safe=step.kind.retry_safe,
                                               headers=headers))
            elif resolved.method == "PATCH":
                self._write(lambda: graph.patch(resolved.path, resolved.body, headers=headers))
            elif resolved.method == "PUT":
                data = self._blob(str(resolved.content_sha256))
                if data is None:
                    raise StepFailed(f"The stored bytes {resolved.content_sha256} are missing from the database.")
                self._write(lambda: graph.put_bytes(resolved.path, data, str(resolved.content_type)))
            elif resolved.method == "DELETE":
                self._write(lambda: graph.delete(resolved.path))
            else:
                raise StepFailed(f"Unexpected method {resolved.method} in the plan.")
        except GraphError as error:
            if step.kind.conflict_means_done and _is_conflict(error):
                return  # an earlier attempt, or the object back from the recycle bin, already has it
            if resolved.method == "DELETE" and error.status == 404:
                return  # gone already (an earlier attempt whose answer was lost, or someone else)
            raise

    def _write(self, send: Callable[[], Any]) -> Any:
        first = self._gate.enter()  # raises Graph's refusal of the first write for every later one
        self._pacer.acquire()
        error: GraphError | None = None
        try:
            return send()
        except GraphError as exc:
            error = exc
            raise
        finally:
            if first:
                self._gate.answer(error)
            self._notice_throttling()

    def _notice_throttling(self) -> None:
        throttled = self._graph.stats.throttled
        with self._throttle_lock:
            if throttled > self._throttled_seen:
                self._throttled_seen = throttled
                self._pacer.exhaust()

    def _lag_retry(self, call: Callable[[], Any], *, eligible: bool) -> Any:
        deadline = time.monotonic() + self._timing.replication_timeout_s
        delay = self._timing.lag_backoff_s
        while True:
            try:
                return call()
            except GraphError as error:
                if not (eligible and _not_visible_yet(error)) or time.monotonic() + delay > deadline:
                    raise
            self._sleep(delay)
            delay = min(delay * 2, self._timing.lag_backoff_cap_s)

    # ----- creating an application: never twice --------------------------------------------------------------

    def _create_application(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep) -> None:
        body = resolved.body or {}
        name = str(body.get("displayName") or "")
        source = outcome.item.source.object_id
        if self._adopt_earlier(outcome, step):
            return
        if step.upsert:
            if self._journal is not None:
                self._journal.creating(source, body)  # durably, before anything leaves
            self._upsert_application(outcome, step, resolved)
            return
        with self._name_lock(name):
            if self._journal is not None:
                self._journal.creating(source, body)  # durably, before anything leaves
            for attempt in range(1, self._timing.create_attempts + 1):
                try:
                    answer = self._write(lambda: self._graph.post(resolved.path, body, retry_safe=False))
                except GraphError as error:
                    ambiguous = error.status in _AMBIGUOUS_STATUSES
                    # A conflict after an attempt that may have worked: that attempt's app holds the URI.
                    if not ambiguous and not (attempt > 1 and _is_conflict(error)):
                        raise
                    log.info("create of %r may or may not have happened (%s); looking it up", name, error)
                    found = self._look_up_created(body)
                    if found is not None:
                        outcome.looked_up += 1
                        self._bind(outcome, step, found)
                        return
                    if attempt == self._timing.create_attempts:
                        raise
                    continue
                self._bind(outcome, step, answer)
                return

    def _adopt_earlier(self, outcome: ItemOutcome, step: Step) -> bool:
        """Take over the app an interrupted run created for this source app, if it still exists."""
        earlier = self._adopt.get(outcome.item.source.object_id)
        if earlier is None:
            return False
        object_id, app_id = earlier
        try:
            found = self._graph.get(f"/applications/{object_id}", params={"$select": "id,appId"})
        except GraphError as error:
            if error.status != 404:
                raise
            log.info("the app %s an interrupted run created is gone; creating it anew", object_id)
            return False
        self._bind(outcome, step, {"id": object_id, "appId": str(found.get("appId") or app_id)})
        outcome.adopted = True
        return True

    def _upsert_application(self, outcome: ItemOutcome, step: Step, resolved: ResolvedStep) -> None:
        """The idempotent create (PATCH /applications(uniqueName=...), Prefer: create-if-missing). An app that
        holds the unique name before the first attempt is someone else's: the upsert would change it, so the
        step fails instead. After that, a 204 (it exists) means an earlier attempt of ours made it."""
        select = {"$select": "id,appId,createdDateTime"}
        try:
            existing = self._graph.get(resolved.path, params=select)
        except GraphError as error:
            if error.status != 404:
                raise
        else:
            raise StepFailed(
                f"An app with this unique name exists already ({existing.get('id')}): it is not the one being "
                "restored, so it is left untouched. Restore as a new app, or remove that one first."
            )
        answer = self._write(lambda: self._graph.upsert(resolved.path, resolved.body or {}, dict(resolved.headers)))
        if not answer.get("id"):
            answer = self._lag_retry(lambda: self._graph.get(resolved.path, params=select), eligible=True)
        self._bind(outcome, step, answer)

    def _bind(self, outcome: ItemOutcome, step: Step, answer: Mapping[str, Any]) -> None:
        with self._ids_lock:
            self._claimed.add(str(answer["id"]))
            self.ids.bind(str(step.binds), outcome.item.source.app_id, str(answer["id"]), str(answer["appId"]))
        outcome.new_object_id = str(answer["id"])
        outcome.new_app_id = str(answer["appId"])
        if self._journal is not None:
            self._journal.created(outcome.item.source.object_id, outcome.new_object_id, outcome.new_app_id)

    def _name_lock(self, name: str) -> threading.Lock:
        with self._ids_lock:
            return self._name_locks.setdefault(name.casefold(), threading.Lock())

    def _look_up_created(self, body: Mapping[str, Any]) -> dict[str, Any] | None:
        """The app an earlier attempt of this POST created, if any (services/restore_journal.find_created),
        created since the run started and not already taken. Asked a few times, because a list may show a new
        object late."""
        for wait in self._timing.lookup_settle_s:
            if wait:
                self._sleep(wait)
            with self._ids_lock:
                taken = set(self._claimed)
            candidate = find_created(self._graph, body, self._run_started, taken.__contains__)
            if candidate is not None:
                with self._ids_lock:
                    if str(candidate["id"]) in self._claimed:
                        continue
                    self._claimed.add(str(candidate["id"]))
                return candidate
        return None

    def _restore_deleted(self, step: Step, resolved: ResolvedStep) -> None:
        """Restore from the recycle bin. Not repeatable blindly (a second try fails once the first worked):
        after an answer that may hide success, look where the object is before sending again."""
        object_id = resolved.path.split("/")[-2]
        live = "/applications/" if step.kind is StepKind.RESTORE_DELETED_APPLICATION else "/servicePrincipals/"
        for attempt in range(1, self._timing.create_attempts + 1):
            try:
                self._write(lambda: self._graph.post(resolved.path, None, retry_safe=False))
                return
            except GraphError as error:
                if error.status == 404 and attempt > 1:
                    if self._exists(live + object_id):
                        return
                    raise
                if error.status not in _AMBIGUOUS_STATUSES:
                    if step.kind is StepKind.RESTORE_DELETED_SERVICE_PRINCIPAL and _is_conflict(error):
                        return  # a service principal for the app exists: the app can be used
                    raise
                if attempt == self._timing.create_attempts:
                    raise
            for wait in self._timing.lookup_settle_s:
                if wait:
                    self._sleep(wait)
                if self._exists(live + object_id):
                    return
                if self._exists(f"/directory/deletedItems/{object_id}"):
                    break  # still in the bin: the attempt did not happen

    def _exists(self, path: str, *, lag_is_error: bool = False) -> bool:
        try:
            self._graph.get(path, params={"$select": "id"})
            return True
        except GraphError as error:
            if error.status == 404 and not lag_is_error:
                return False
            raise

    def _blob_base64(self, sha256: str) -> str:
        data = self._blob(sha256)
        if data is None:
            raise StepFailed(f"The stored bytes {sha256} are missing from the database.")
        return base64.b64encode(data).decode("ascii")


def _not_visible_yet(error: GraphError) -> bool:
    if is_not_found_yet(error):
        return True
    # POST /servicePrincipals right after the app's creation (graph-notes §3).
    return error.status == 400 and "does not reference a valid application" in error.message.lower()


def _is_conflict(error: GraphError) -> bool:
    if isinstance(error, GraphConnectionError):
        return False
    return (
        error.status == 409
        or error.has_code("Request_MultipleObjectsWithSameKeyValue")
        or "already exist" in error.message.lower()
        or "already in use" in error.message.lower()
    )


def _describe_step(kind: StepKind) -> str:
    return kind.value.replace("_", " ").capitalize()


def _reach(deps: list[set[int]]) -> list[frozenset[int]]:
    """Each item with every item it refers to, directly or through others."""
    found: list[frozenset[int]] = []
    for start in range(len(deps)):
        seen = {start}
        todo = list(deps[start])
        while todo:
            d = todo.pop()
            if d not in seen:
                seen.add(d)
                todo.extend(deps[d])
        found.append(frozenset(seen))
    return found
