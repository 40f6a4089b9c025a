"""Restore app registrations as they were at a snapshot (DESIGN.md §1 step 6 and §5).

`RestoreService.preview(request)` (services/restore_preview.py) reads the target's current state (reads only) and
builds the domain plan; nothing is written. `RestoreService.run(preview)` (services/restore_execution.py) takes the
target tenant's lock, keeps a partial "pre-restore" snapshot of every app it will overwrite (so the restore can
itself be undone), runs the plan (services/restore_run.py), reads every app back and verifies it against the plan,
keeps what it read as a "post-restore" snapshot, and writes the audit trail (RestoreRun / RestoreItem). What goes
in and comes out: services/restore_model.py. Choosing the snapshot a user means by a day: here.

What can't be restored is named, never silent: secrets (a follow-up per secret), the client ID of an app that
was deleted permanently (a warning), consent (a follow-up), and every choice the planner made (warnings).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import time as day_time

from desktop_app.domain.restore_plan import RestoreMode
from desktop_app.services.app_reader import AppReader, GraphForTenant
from desktop_app.services.restore_execution import RestoreExecution
from desktop_app.services.restore_model import (
    InputProblem,
    NothingToRestore,
    PreviewItem,
    ReportItem,
    RestoreInputError,
    RestorePreview,
    RestoreProgress,
    RestoreReport,
    RestoreRequest,
    days_around,
)
from desktop_app.services.restore_preview import RestorePreviewer
from desktop_app.services.restore_selection import LeftOut
from desktop_app.services.restore_writes import RestoreTiming
from desktop_app.store.database import Store
from desktop_app.store.records import SnapshotInfo

__all__ = [
    "GraphForTenant",
    "InputProblem",
    "LeftOut",
    "NothingToRestore",
    "PreviewItem",
    "ReportItem",
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


class RestoreService:
    """A restore's two halves: the preview (services/restore_preview.py) and the run
    (services/restore_execution.py)."""

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
        """`reader`: the process's app reader (each tenant's certificate-read budget, shared with the backups);
        `operator`: who the audit names (default: the user running this process)."""
        reader = reader or AppReader(store, graph_for_tenant)
        self._previewer = RestorePreviewer(store, graph_for_tenant, reader)
        self._execution = RestoreExecution(store, graph_for_tenant, reader, self._previewer, operator=operator,
                                           clock=clock, sleep=sleep, timing=timing or RestoreTiming())
        # The preview (RestorePreviewer.preview: reads only) and the run (RestoreExecution.run: under the target's
        # lock, journaled, verified), as the halves say them.
        self.preview = self._previewer.preview
        self.run = self._execution.run


# --- Choosing a snapshot -------------------------------------------------------------------------------------


def pick_snapshot(
    store: Store, tenant_id: str, day: date, at: day_time | None = None, tz: tzinfo | None = None
) -> SnapshotInfo:
    """The snapshot a user means by a day (and time) in their zone: the last full snapshot of that day (a
    partial pre-restore one only when the day has nothing else); with a time, the last one at or before it.
    Raises RestoreInputError (NO_SNAPSHOT_THEN, with where the snapshots are) when there is none."""
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
        raise RestoreInputError(InputProblem.NO_SNAPSHOT_THEN, {
            "day": day.isoformat(), "at": at.strftime("%H:%M") if at is not None else "",
            **days_around(store.snapshot_days(tenant_id, zone), day)})
    if at is None:
        full = [s for s in on_day if not s.partial]
        return (full or on_day)[-1]
    return on_day[-1]
