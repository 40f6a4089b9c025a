"""The restore journal: a restore killed half-way (kill -9, SIGTERM, power cut) is found later, what it created
is adopted, and no app is ever created twice (DESIGN.md §10).

Protocol (the tables are store/restore_journal.py's; every step below is committed before the next begins):
1. A run starts: its RestoreRun is `running`, its journal row holds the request, the host and the process id,
   and one entry per app of the plan, `pending`. While the run goes on, a heartbeat is written every
   HEARTBEAT_S seconds.
2. Before each `POST /applications` the app's entry becomes `creating`, with what identifies the app the POST
   makes (display name, uniqueName, identifier URIs, audience, notes, description) and the time. From that
   moment an app may exist that only Graph knows of.
   (An app being restored is `running` from its start, so an overwrite that was cut short is told from an app
   that was never started.)
3. Graph answers (or the look-up of a lost answer finds the app): the entry becomes `created`, with the new
   object and client ids. When the app is over, its RestoreItem is written and the entry is `finished`.
4. A run is dead when its process is gone (same host, the pid is no longer running) or, from another host,
   when its heartbeat is older than STALE_S, or when its process stopped it while writing and marked it
   `interrupted` (a second Ctrl+C, the database failing under it) without settling it. A live run is never
   touched. A run holds the tenant's lock (Store.lock_tenant) from before its audit row to its end, so one that
   still looks alive to a process holding that lock has lost it: killed on another workstation, its lock dropped
   with its connection. Under the lock its heartbeat is trusted for LOCKED_STALE_S only (three beats).
4a. Before a run writes (under the lock), no run another workstation may still own is left open: it waits for
   each one to end or go quiet (wait_for_runs_elsewhere, up to the caller's wait, told once), then settles it as
   in 5; one still beating when the wait is over is RestoreRunningElsewhere, and nothing is written. Taking it
   over is explicit (`take_over`, `regvault restore --take-over`): the user says that workstation has stopped,
   and the run is settled at once, its message saying who took it over. Never run beside it.
5. Recovery runs before every preview and run into a tenant (and when the window starts, which then offers to
   finish the run): each dead run into that tenant is taken over by one process only, and each entry not
   finished is settled:
   - `created`: the app exists; it is recorded as the run's item, result `interrupted`, with its ids (adopted);
   - `creating`: the app is looked up (the same display name, created since the intent minus the clock skew,
     the same identifiers, not claimed by any restore into the tenant): found, it is adopted as above; not
     found, nothing was created and the item says so;
   - `pending`: the app was never started: `skipped`.
   The run is closed `interrupted`, its message saying how many apps were done, adopted and not started.
   A run still `running` that has no journal row at all (a version before the journal ran it) has nothing to
   settle from: once it has shown no sign of life for UNJOURNALED_QUIET it is closed `interrupted` with what
   it had reported (close_unjournaled_runs), at the same moments and when the window starts.
6. Later plans see the adopted apps in the audit (the copies a restore made: `Store.last_restored_copies`) and
   overwrite them instead of creating another; finishing the run previews and runs its request again, and a
   copy "as new" is adopted by its source app (`adopted_copies`).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from desktop_app.domain.cancel import Cancelled
from desktop_app.domain.restore_plan import (
    Failure,
    FailureCode,
    RecordedOutcome,
    failure_json,
    outcome_json,
    writable_application,
)
from desktop_app.graph.client import GraphClient
from desktop_app.store.database import Store
from desktop_app.store.errors import LockHolder, TenantBusy
from desktop_app.store.records import RestoreItemRecord
from desktop_app.store.restore_journal import JournaledRun, JournalEntry, JournalItem

log = logging.getLogger(__name__)

HEARTBEAT_S = 15.0
STALE_S = 120.0
LOCKED_STALE_S = 3 * HEARTBEAT_S  # holding the tenant's lock: a run that beat in the last three beats may be alive
WAIT_POLL_S = 2.0  # how often a run waiting for another one looks again
UNJOURNALED_QUIET = timedelta(minutes=10)  # a run without a journal and no sign of life for this long is gone
CLOCK_SKEW = timedelta(minutes=10)  # createdDateTime is Graph's clock, the intent's time is ours
MARKER_KEYS = ("displayName", "uniqueName", "identifierUris", "signInAudience", "notes", "description")
LOOKUP_SELECT = "id,appId,displayName,createdDateTime,identifierUris,signInAudience,notes,description,uniqueName"

_active_here: set[int] = set()  # runs of this process that are going on (the GUI may run several)
_active_lock = threading.Lock()


# --- Finding what a POST created -----------------------------------------------------------------------------


def markers_of(body: Mapping[str, Any]) -> dict[str, Any]:
    return {k: body[k] for k in MARKER_KEYS if k in body and body[k] not in (None, [])}


def find_created(
    graph: GraphClient, markers: Mapping[str, Any], since: datetime, taken: Callable[[str], bool]
) -> dict[str, Any] | None:
    """The app a POST with these markers created, if Graph shows one: same display name (and uniqueName),
    created since `since` minus the clock skew, the same identifiers, and not `taken` by another app."""
    name = str(markers.get("displayName") or "")
    flt = f"displayName eq '{odata_quote(name)}'"
    if markers.get("uniqueName"):
        flt += f" and uniqueName eq '{odata_quote(str(markers['uniqueName']))}'"
    earliest = since - CLOCK_SKEW
    candidates = graph.get_all("/applications", params={"$filter": flt, "$select": LOOKUP_SELECT})
    for candidate in sorted(candidates, key=lambda c: str(c.get("createdDateTime") or "")):
        created = parse_time(candidate.get("createdDateTime"))
        if created is not None and created < earliest:
            continue
        if not same_creation(candidate, markers) or taken(str(candidate["id"])):
            continue
        return candidate
    return None


def same_creation(candidate: Mapping[str, Any], body: Mapping[str, Any]) -> bool:
    """Whether `candidate` can be the app `body` created. Identifier URIs are unique in a tenant, so they
    decide when there are any; the other fields guard against a same-named app someone else just made."""
    sent = writable_application(body)
    got = writable_application(candidate)
    for key in ("identifierUris", "signInAudience", "notes", "description"):
        if key in sent and sent[key] not in (None, []):
            want, have = sent[key], got.get(key)
            if isinstance(want, list):
                if not set(map(str, want)) <= set(map(str, have or [])):
                    return False
            elif json.dumps(want) != json.dumps(have):
                return False
    return True


def odata_quote(text: str) -> str:
    return text.replace("'", "''")


def parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


# --- One run's journal ---------------------------------------------------------------------------------------


class RunJournal:
    """What a running restore writes to its journal (steps 1 to 3 of the protocol), and its heartbeat."""

    def __init__(self, store: Store, run_id: int) -> None:
        self._store = store
        self.run_id = run_id
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    @classmethod
    def begin(cls, store: Store, run_id: int, request: Mapping[str, Any], items: Sequence[JournalItem]) -> RunJournal:
        store.journal.begin(run_id, request, socket.gethostname(), os.getpid(), items)
        journal = cls(store, run_id)
        with _active_lock:
            _active_here.add(run_id)
        journal._beat = threading.Thread(target=journal._heartbeat, name=f"restore-{run_id}-heartbeat", daemon=True)
        journal._beat.start()
        return journal

    def _heartbeat(self) -> None:
        while not self._stop.wait(HEARTBEAT_S):
            try:
                self._store.journal.heartbeat(self.run_id)
            except Exception as exc:  # noqa: BLE001 - a missed beat must not stop the restore
                log.warning("restore %d: heartbeat not written: %s", self.run_id, exc)

    def running(self, source_object_id: str) -> None:
        self._store.journal.running(self.run_id, source_object_id)

    def creating(self, source_object_id: str, body: Mapping[str, Any]) -> None:
        self._store.journal.creating(self.run_id, source_object_id, markers_of(body))

    def created(self, source_object_id: str, object_id: str, app_id: str) -> None:
        self._store.journal.created(self.run_id, source_object_id, object_id, app_id)

    def finished(self, item: RestoreItemRecord) -> None:
        """The app's audit item, and its entry finished, in one transaction."""
        self._store.journal.record_item(self.run_id, item)

    def close(self) -> None:
        self._stop.set()
        if self._beat is not None:
            self._beat.join(timeout=5)
        with _active_lock:
            _active_here.discard(self.run_id)


# --- Dead runs -----------------------------------------------------------------------------------------------


def is_dead(run: JournaledRun, *, now: datetime | None = None, stale_s: float | None = None) -> bool:
    """Step 4: whether the process that ran `run` is gone (`stale_s`: how old a heartbeat from another host
    may be; STALE_S when None)."""
    now = now or datetime.now(UTC)
    stale_s = STALE_S if stale_s is None else stale_s
    if run.host == socket.gethostname() and run.pid == os.getpid():
        with _active_lock:
            return run.run.id not in _active_here
    if run.run.status == "interrupted":
        return True  # its own process stopped it and said so
    if run.host == socket.gethostname():
        return not _pid_running(run.pid)
    return (now - run.heartbeat).total_seconds() > stale_s


def _pid_running(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process there
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        try:
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        finally:
            kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process holds the pid: it is running
    return True


def dead_runs(store: Store, target_tenant_id: str | None = None, *, stale_s: float | None = None,
              forced: frozenset[int] = frozenset()) -> list[JournaledRun]:
    """Open runs into the tenant that are dead (`forced`: run ids taken over, dead by the user's word)."""
    return [run for run in store.journal.open_runs(target_tenant_id)
            if run.run.id in forced or is_dead(run, stale_s=stale_s)]


class RestoreRunningElsewhere(TenantBusy):
    """A restore into the tenant that another process may still be running (its heartbeat is recent): this one
    waited for it and it has not ended. Nothing was written."""

    def __init__(self, tenant_id: str, run: JournaledRun, quiet_s: float) -> None:
        holder = holder_of(run)
        super().__init__(tenant_id, holder)
        self.run = run
        self.quiet_s = quiet_s
        self.args = (
            f"A restore into tenant {tenant_id} ({holder.describe()}, run {run.run.id}) may still be running: "
            f"it was last heard from {quiet_s:.0f} s ago. Regvault never runs a second restore beside it. Wait for "
            "it, or, if you know that workstation has stopped, take the run over explicitly; its journal then "
            "settles what it was doing.",
        )

    def __str__(self) -> str:
        return str(self.args[0])


def holder_of(run: JournaledRun) -> LockHolder:
    """The run as the one who waits is told of it."""
    return LockHolder(purpose="restore", user=run.run.operator, workstation=run.host, pid=run.pid,
                      since=run.run.started)


def wait_for_runs_elsewhere(
    store: Store, target_tenant_id: str, *, wait: float, should_stop: Callable[[], bool],
    on_wait: Callable[[LockHolder | None], None] | None = None, take_over: bool = False,
) -> frozenset[int]:
    """Step 4a, called holding the tenant's lock: returns once no open run into the tenant may still be alive;
    the ids of the runs taken over (take_over) are returned, to be settled as dead. Raises
    RestoreRunningElsewhere when one still beats after `wait` seconds, Cancelled when `should_stop()`."""
    deadline = time.monotonic() + max(0.0, wait)
    told = False
    while True:
        alive = [r for r in store.journal.open_runs(target_tenant_id) if not is_dead(r, stale_s=LOCKED_STALE_S)]
        if not alive:
            return frozenset()
        if take_over:
            for run in alive:
                log.warning("restore run %d (host %s, process %d) taken over by the user's word", run.run.id,
                            run.host, run.pid)
            return frozenset(r.run.id for r in alive)
        quiet = max(0.0, (datetime.now(UTC) - alive[0].heartbeat).total_seconds())
        if should_stop():
            raise Cancelled()
        if time.monotonic() >= deadline:
            raise RestoreRunningElsewhere(target_tenant_id, alive[0], quiet)
        if not told and on_wait is not None:
            on_wait(holder_of(alive[0]))
            told = True
        time.sleep(min(WAIT_POLL_S, max(0.0, deadline - time.monotonic())))


@dataclass(frozen=True)
class Recovered:
    """What recovery found of one dead run."""

    run_id: int
    finished: int  # apps the run had reported
    adopted: tuple[RestoreItemRecord, ...]  # apps it had created, recorded with their ids
    not_created: int  # apps it was creating when it died, that Graph does not show
    not_started: int
    stopped: Failure  # how it ended, as the audit keeps it (PROCESS_GONE or UNJOURNALED_GONE, with its facts)


def close_unjournaled_runs(store: Store, target_tenant_id: str | None = None, *,
                           now: datetime | None = None) -> list[Recovered]:
    """Runs left `running` without a journal row: started by a version of Regvault before the journal (schema
    3), or stopped in the moment between their audit row and their journal. No process and host were recorded
    for them, so one is taken to be gone when it has shown no sign of life (its start, its last app reported)
    for UNJOURNALED_QUIET: a live run reports its apps one by one, and a current one writes its journal within
    a second of its audit row. Each is closed `interrupted`, saying what it had reported and what is unknown."""
    quiet_since = (now or datetime.now(UTC)) - UNJOURNALED_QUIET
    closed = []
    for found in store.journal.unjournaled_runs(target_tenant_id, quiet_since):
        run = found.run
        stopped = Failure(FailureCode.UNJOURNALED_GONE, {
            "started": run.started.isoformat(), "operator": run.operator, "workstation": run.workstation or "",
            "reported": str(found.reported)})
        if store.journal.close_unjournaled(run.id, failure_json(stopped)):
            log.warning("restore run %d was left running without a journal; closed as interrupted", run.id)
            closed.append(Recovered(run.id, found.reported, (), 0, 0, stopped))
    return closed


def recover(store: Store, graph: GraphClient, target_tenant_id: str, *, by_run_id: int = 0,
            locked: bool = False, forced: frozenset[int] = frozenset(),
            taken_over_by: str | None = None) -> list[Recovered]:
    """Step 5 for every dead run into the tenant (a no-op when there is none: one query), and the runs into it
    left running without a journal (close_unjournaled_runs). `locked`: the caller holds the tenant's lock (a
    heartbeat is trusted for LOCKED_STALE_S, not STALE_S); `forced`: runs taken over by the user's word
    (`taken_over_by` names who)."""
    found = close_unjournaled_runs(store, target_tenant_id)
    stale_s = LOCKED_STALE_S if locked else STALE_S
    for run in dead_runs(store, target_tenant_id, stale_s=stale_s, forced=forced):
        if not store.journal.take_over(run.run.id, by_run_id):
            continue  # another process is recovering it
        try:
            found.append(_settle(store, graph, run, taken_over_by if run.run.id in forced else None))
        except BaseException:
            # Nothing of it is lost: the journal stays, and the next recovery tries again.
            store.journal.release(run.run.id)
            raise
    return found


def _settle(store: Store, graph: GraphClient, run: JournaledRun, taken_over_by: str | None = None) -> Recovered:
    reported = store.journal.reported(run.run.id)
    entries = store.journal.entries(run.run.id)
    # An incident rollback is journaled the same way (services/rollback.py).
    what = "rollback" if run.run.mode == "rollback" else "restore"
    claimed = store.journal.claimed_object_ids(run.run.target_tenant_id)
    items: list[RestoreItemRecord] = []
    adopted: list[RestoreItemRecord] = []
    not_created = not_started = finished = 0
    for entry in entries:
        if entry.state == "finished" or entry.source_object_id in reported:
            finished += 1
            continue
        if entry.state == "pending":
            not_started += 1
            items.append(_item(entry, "skipped", Failure(FailureCode.INTERRUPTED_BEFORE_START, {"run": what})))
            continue
        object_id, app_id = entry.new_object_id, entry.new_app_id
        if entry.state == "creating" and entry.markers is not None and entry.creating_since is not None:
            candidate = find_created(graph, entry.markers, entry.creating_since, lambda oid: oid in claimed)
            if candidate is not None:
                object_id, app_id = str(candidate["id"]), str(candidate.get("appId") or "")
                claimed.add(object_id)
        if object_id:
            item = _item(entry, "interrupted", Failure(FailureCode.INTERRUPTED_AFTER_CREATE, {"object_id": object_id}),
                         object_id, app_id)
            adopted.append(item)
        elif entry.state == "creating":
            not_created += 1
            item = _item(entry, "interrupted", Failure(FailureCode.INTERRUPTED_NOTHING_CREATED))
        else:
            item = _item(entry, "interrupted", Failure(FailureCode.INTERRUPTED_UNDER_WAY, {"run": what}))
        items.append(item)
    stopped = Failure(FailureCode.PROCESS_GONE, {
        "run": what, "host": run.host, "pid": str(run.pid), "taken_over_by": taken_over_by or "",
        "finished": str(finished), "total": str(len(entries)), "adopted": str(len(adopted)),
        "not_created": str(not_created), "not_started": str(not_started)})
    store.journal.close_interrupted(run.run.id, items, failure_json(stopped))
    log.warning("restore run %d was interrupted; recovered: %s", run.run.id, dict(stopped.params))
    return Recovered(run.run.id, finished, tuple(adopted), not_created, not_started, stopped)


def _item(entry: JournalEntry, result: str, failure: Failure, object_id: str | None = None,
          app_id: str | None = None) -> RestoreItemRecord:
    return RestoreItemRecord(
        source_object_id=entry.source_object_id, source_app_id=entry.source_app_id, action=entry.action,
        result=result, display_name=entry.display_name, new_object_id=object_id, new_app_id=app_id or None,
        error_code="Interrupted", outcome=outcome_json(RecordedOutcome(failure=failure)),
    )


def adopted_copies(recovered: Sequence[Recovered]) -> dict[str, tuple[str, str]]:
    """Source object id -> (object id, client id) of each app the dead runs created."""
    return {
        item.source_object_id: (str(item.new_object_id), str(item.new_app_id or ""))
        for r in recovered for item in r.adopted if item.new_object_id
    }
