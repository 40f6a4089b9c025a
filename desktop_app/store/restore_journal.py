"""The restore journal's tables (RestoreJournalRun, RestoreJournalEntry): the store half of
services/restore_journal.py, whose docstring is the protocol. Every call is its own committed transaction, so
what it records survives the process being killed the moment it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from peewee import JOIN, fn

from desktop_app.store.models import RestoreItem, RestoreJournalEntry, RestoreJournalRun, RestoreRun
from desktop_app.store.records import RestoreItemRecord, RestoreRunInfo
from desktop_app.store.rows import restore_item_values

ENTRY_STATES = ("pending", "running", "creating", "created", "finished")


@dataclass(frozen=True)
class JournalItem:
    """One app of a run, as the run starts."""

    position: int
    source_object_id: str
    source_app_id: str
    display_name: str
    action: str


@dataclass(frozen=True)
class JournalEntry(JournalItem):
    state: str = "pending"
    creating_since: datetime | None = None
    markers: Mapping[str, Any] | None = None
    new_object_id: str | None = None
    new_app_id: str | None = None


@dataclass(frozen=True)
class JournaledRun:
    run: RestoreRunInfo
    request: Mapping[str, Any]
    host: str
    pid: int
    heartbeat: datetime
    recovered_by: int | None


@dataclass(frozen=True)
class UnjournaledRun:
    """A run marked running that has no journal (RestoreJournalStore.unjournaled_runs)."""

    run: RestoreRunInfo
    reported: int  # apps it had written a RestoreItem for
    last_reported: datetime | None


class RestoreJournalStore:
    def __init__(
        self,
        write: Callable[[], AbstractContextManager[None]],
        read: Callable[[Callable[[], Any]], Any],
        run_info: Callable[[RestoreRun], RestoreRunInfo],
    ) -> None:
        self._write = write
        self._read = read
        self._run_info = run_info

    def begin(self, run_id: int, request: Mapping[str, Any], host: str, pid: int,
              items: Sequence[JournalItem]) -> None:
        now = datetime.now(UTC)
        with self._write():
            RestoreJournalRun.create(run=run_id, request=dict(request), host=host, pid=pid, heartbeat=now)
            rows = [
                {"run": run_id, "position": i.position, "source_object_id": i.source_object_id,
                 "source_app_id": i.source_app_id, "display_name": i.display_name, "action": i.action,
                 "state": "pending", "updated": now}
                for i in items
            ]
            for start in range(0, len(rows), 100):
                RestoreJournalEntry.insert_many(rows[start : start + 100]).execute()

    def heartbeat(self, run_id: int) -> None:
        with self._write():
            RestoreJournalRun.update(heartbeat=datetime.now(UTC)).where(RestoreJournalRun.run == run_id).execute()

    def running(self, run_id: int, source_object_id: str) -> None:
        with self._write():
            self._entry(run_id, source_object_id).update(state="running", updated=datetime.now(UTC)).execute()

    def creating(self, run_id: int, source_object_id: str, markers: Mapping[str, Any]) -> None:
        """Before the POST: from now on an app may exist that only Graph knows of."""
        now = datetime.now(UTC)
        with self._write():
            self._entry(run_id, source_object_id).update(
                state="creating", creating_since=now, markers=dict(markers), updated=now
            ).execute()

    def created(self, run_id: int, source_object_id: str, object_id: str, app_id: str) -> None:
        with self._write():
            self._entry(run_id, source_object_id).update(
                state="created", new_object_id=object_id, new_app_id=app_id, updated=datetime.now(UTC)
            ).execute()

    def record_item(self, run_id: int, item: RestoreItemRecord) -> None:
        """The app's RestoreItem and its entry `finished`, in one transaction: a kill between the two can't
        leave an app reported twice (by the run, and again by the recovery)."""
        now = datetime.now(UTC)
        with self._write():
            _create_item(run_id, item, now)
            self._entry(run_id, item.source_object_id).update(state="finished", updated=now).execute()

    def reported(self, run_id: int) -> set[str]:
        """Source object ids the run has a RestoreItem for."""
        result: set[str] = self._read(lambda: {
            str(r[0]) for r in _tuples(RestoreItem.select(RestoreItem.source_object_id).where(RestoreItem.run == run_id))
        })
        return result

    def finished(self, run_id: int, source_object_id: str) -> None:
        with self._write():
            self._entry(run_id, source_object_id).update(state="finished", updated=datetime.now(UTC)).execute()

    def _entry(self, run_id: int, source_object_id: str) -> _EntryUpdate:
        """The entry of one app of a run (an app is in a run once; positions follow the preview's plan)."""
        return _EntryUpdate(
            (RestoreJournalEntry.run == run_id) & (RestoreJournalEntry.source_object_id == source_object_id)
        )

    def open_runs(self, target_tenant_id: str | None = None) -> list[JournaledRun]:
        """Journaled runs not yet settled: still marked running (alive or dead: the caller decides), or stopped
        by their own process while writing (`interrupted` before anyone settled them)."""

        def query() -> list[JournaledRun]:
            rows = (
                RestoreJournalRun.select(RestoreJournalRun, RestoreRun).join(RestoreRun)
                .where(RestoreRun.status.in_(("running", "interrupted")) & RestoreJournalRun.recovered_by.is_null())
                .order_by(RestoreRun.id)
            )
            if target_tenant_id is not None:
                rows = rows.where(RestoreRun.target_tenant_id == target_tenant_id)
            return [
                JournaledRun(self._run_info(r.run), r.request, r.host, r.pid, r.heartbeat, r.recovered_by)
                for r in rows
            ]

        result: list[JournaledRun] = self._read(query)
        return result

    def unjournaled_runs(self, target_tenant_id: str | None, quiet_since: datetime) -> list[UnjournaledRun]:
        """Runs still marked running that have no journal row (started by a version before the journal, or
        stopped between their audit row and their journal) and have shown no sign of life since `quiet_since`:
        neither started nor reported an app after it."""

        def query() -> list[UnjournaledRun]:
            rows = (
                RestoreRun.select(RestoreRun)
                .join(RestoreJournalRun, JOIN.LEFT_OUTER, on=(RestoreJournalRun.run == RestoreRun.id))
                .where((RestoreRun.status == "running") & RestoreJournalRun.run.is_null()
                       & (RestoreRun.started < quiet_since))
                .order_by(RestoreRun.id)
            )
            if target_tenant_id is not None:
                rows = rows.where(RestoreRun.target_tenant_id == target_tenant_id)
            found = []
            for row in rows:
                reported, last = next(_tuples(
                    RestoreItem.select(fn.COUNT(RestoreItem.id), fn.MAX(RestoreItem.recorded))
                    .where(RestoreItem.run == row.id)))
                last_seen = RestoreItem.recorded.python_value(last) if isinstance(last, str) else last
                if last_seen is None or last_seen < quiet_since:
                    found.append(UnjournaledRun(self._run_info(row), int(reported or 0), last_seen))
            return found

        result: list[UnjournaledRun] = self._read(query)
        return result

    def close_unjournaled(self, run_id: int, stopped: Mapping[str, Any]) -> bool:
        """Close a run without a journal as `interrupted` (False: it was closed meanwhile, or has a journal)."""
        journaled = RestoreJournalRun.select(RestoreJournalRun.run).where(RestoreJournalRun.run == run_id)
        with self._write():
            closed = RestoreRun.update(status="interrupted", stopped=stopped,
                                       finished=datetime.now(UTC)).where(
                (RestoreRun.id == run_id) & (RestoreRun.status == "running") & ~fn.EXISTS(journaled)
            ).execute()
        return bool(closed)

    def entries(self, run_id: int) -> list[JournalEntry]:
        def query() -> list[JournalEntry]:
            rows = RestoreJournalEntry.select().where(RestoreJournalEntry.run == run_id).order_by(
                RestoreJournalEntry.position)
            return [
                JournalEntry(
                    position=r.position, source_object_id=r.source_object_id, source_app_id=r.source_app_id,
                    display_name=r.display_name, action=r.action, state=r.state, creating_since=r.creating_since,
                    markers=r.markers, new_object_id=r.new_object_id, new_app_id=r.new_app_id,
                )
                for r in rows
            ]

        result: list[JournalEntry] = self._read(query)
        return result

    def claimed_object_ids(self, target_tenant_id: str) -> set[str]:
        """Objects any restore into the tenant made or adopted: a look-up for a lost create never takes one."""

        def query() -> set[str]:
            journaled = (
                RestoreJournalEntry.select(RestoreJournalEntry.new_object_id).join(RestoreRun)
                .where((RestoreRun.target_tenant_id == target_tenant_id)
                       & RestoreJournalEntry.new_object_id.is_null(False))
            )
            audited = (
                RestoreItem.select(RestoreItem.new_object_id).join(RestoreRun)
                .where((RestoreRun.target_tenant_id == target_tenant_id) & RestoreItem.new_object_id.is_null(False))
            )
            return {str(r[0]) for q in (journaled, audited) for r in _tuples(q)}

        result: set[str] = self._read(query)
        return result

    def take_over(self, run_id: int, by_run_id: int) -> bool:
        """Claim a dead run for recovery; False when another process claimed it first."""
        with self._write():
            claimed = RestoreJournalRun.update(recovered_by=by_run_id).where(
                (RestoreJournalRun.run == run_id) & RestoreJournalRun.recovered_by.is_null()
            ).execute()
        return bool(claimed)

    def release(self, run_id: int) -> None:
        """A recovery that failed (Graph unreachable): the next one may take the run over again."""
        with self._write():
            RestoreJournalRun.update(recovered_by=None).where(RestoreJournalRun.run == run_id).execute()

    def close_interrupted(
        self, run_id: int, items: Iterable[RestoreItemRecord], stopped: Mapping[str, Any]
    ) -> None:
        """The dead run's audit, in one transaction: an item for every app it had not reported, each entry
        finished (its object, found or not, recorded), the run `interrupted`, how it `stopped` said."""
        now = datetime.now(UTC)
        with self._write():
            for item in items:
                _create_item(run_id, item, now)
                self._entry(run_id, item.source_object_id).update(
                    state="finished", new_object_id=item.new_object_id, new_app_id=item.new_app_id, updated=now,
                ).execute()
            RestoreRun.update(status="interrupted", stopped=stopped, finished=now).where(
                RestoreRun.id == run_id).execute()


def _create_item(run_id: int, item: RestoreItemRecord, now: datetime) -> None:
    RestoreItem.create(run=run_id, recorded=now, **restore_item_values(item))


class _EntryUpdate:
    def __init__(self, where: Any) -> None:
        self._where = where

    def update(self, **values: Any) -> Any:
        return RestoreJournalEntry.update(**values).where(self._where)


def _tuples(query: Any) -> Iterator[tuple[Any, ...]]:
    return iter(query.tuples())
