"""Demo mode: the built-in Graph emulator in this process, with 60 days of backed-up history.

The demo's data folder is apart from real data (AppPaths.demo). The first start builds the history with real
backups: the emulator's clock starts 59 days ago, and each day it makes a few seeded portal-style changes
(renames, redirect URIs, secrets, owners, logos, consent, deleted and new apps) made by the tenant's named users
and spread over the day, so the audit log says who changed what and when; Regvault backs up, and so day after day
recycle-bin items expire into "deleted permanently" as they would. Closing the demo keeps its tenants as they are
then (the emulator's state, beside the database), and the next start goes on from there: what a restore did in the
demo stays done. Without that state (a history still being built), a start replays the same seeded changes without
backing up, so the emulator is where the stored history left it.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.app import AppPaths
from desktop_app.domain.cancel import CancelToken
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupProgress, BackupService
from desktop_app.services.capture import CaptureService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store

log = logging.getLogger(__name__)

DEMO_SEED = 7
DEMO_HISTORY = 3  # how the history is made: a demo folder built another way is built again
DEMO_DAYS = 60
# name: (apps, changes a day)
DEMO_TENANTS: dict[str, tuple[int, int]] = {"contoso": (2000, 16), "fabrikam": (150, 2)}
DAY = 86_400

DemoProgress = Callable[[int, int], None]  # (days built, days in all)


@dataclass
class DemoEnvironment:
    emulator: Emulator
    store: Store
    graph_for_tenant: GraphConnector
    # The days still to back up when prepare_demo(first_days=...) returned early; build_rest() backs them up.
    _rest: Iterator[int] | None = None
    days_built: int = 0
    days: int = DEMO_DAYS
    # Told of each day build_rest backs up, besides its own `progress` (the terminal's line, the window's bar).
    on_day: DemoProgress | None = None
    # Where close() keeps the emulator's tenants for the next start (graph_state_file); None: nowhere.
    state_file: Path | None = None

    @property
    def complete(self) -> bool:
        return self._rest is None

    def build_rest(self, progress: DemoProgress | None = None, *, cancel: CancelToken | None = None) -> None:
        """Back up the days prepare_demo left (the window is open meanwhile). Cancelled: the days backed up are
        kept, the next start goes on from there."""
        rest, self._rest = self._rest, None
        if rest is None:
            return
        token = cancel or CancelToken()
        self._cancel_box[0] = token
        for built in rest:
            self.days_built = built
            if progress is not None:
                progress(built, self.days)
            if self.on_day is not None:
                self.on_day(built, self.days)

    def between_days(self, on_wait: Callable[[], None] | None = None,
                     cancel: CancelToken | None = None) -> AbstractContextManager[None]:
        """Hold the history still: inside, no day of it is built (the day being built is finished first, and
        `on_wait` is told once when that has to be waited for). The window's Back up now runs in here, so its
        snapshot falls between two days of the history instead of racing a day's backups for the tenant's
        lock (the loser of that race failed: "another Regvault is running on it")."""
        return self._days.between(on_wait, cancel)

    def close(self) -> None:
        """Stop the emulator, keeping its tenants for the next start once the history is whole."""
        if self.state_file is not None and self.days_built >= self.days:
            try:
                self.emulator.save_state(self.state_file)
            except OSError as exc:
                log.warning("the demo's tenants could not be kept for the next start: %s", exc)
        self.emulator.stop()

    # The build's cancel token, swapped by build_rest for the window's.
    _cancel_box: list[CancelToken | None] = field(default_factory=lambda: [None])
    # One day of the history is built at a time, or work runs between two days (between_days).
    _days: DayGate = field(default_factory=lambda: DayGate())


class DayGate:
    """Either one day of the demo's history is being built, or other work runs between two days: never both.
    Work that asks goes before the next day, so it waits at most for the day being built."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._building = False
        self._held = 0  # works running between two days
        self._wanted = 0  # works waiting for the day being built

    @contextmanager
    def day(self) -> Iterator[None]:
        with self._changed:
            while self._held or self._wanted:
                self._changed.wait()
            self._building = True
        try:
            yield
        finally:
            with self._changed:
                self._building = False
                self._changed.notify_all()

    @contextmanager
    def between(self, on_wait: Callable[[], None] | None, cancel: CancelToken | None) -> Iterator[None]:
        with self._changed:
            self._wanted += 1
            try:
                if self._building and on_wait is not None:
                    on_wait()
                while self._building:
                    self._changed.wait(0.1)
                    if cancel is not None:
                        cancel.raise_if_cancelled()
            finally:
                self._wanted -= 1
                self._changed.notify_all()
            self._held += 1
        try:
            yield
        finally:
            with self._changed:
                self._held -= 1
                self._changed.notify_all()


def prepare_demo(
    paths: AppPaths,
    progress: DemoProgress | None = None,
    *,
    tenants: dict[str, tuple[int, int]] | None = None,
    days: int = DEMO_DAYS,
    cancel: CancelToken | None = None,
    first_days: int | None = None,
) -> DemoEnvironment:
    """Start the demo's emulator and make sure its history is in the demo database (built on first use).
    `cancel` stops the build (domain Cancelled); the days backed up so far are kept for the next start.
    `first_days`: return once that many days are backed up (the window opens on them) and leave the rest to
    `DemoEnvironment.build_rest`, which the window runs behind itself."""
    tenants = tenants or DEMO_TENANTS
    paths.ensure()
    spec = ",".join(f"{name}:{apps}" for name, (apps, _) in tenants.items())
    mark = f"demo:{DEMO_HISTORY}:{DEMO_SEED}:{days}:{spec}:" + ",".join(str(c) for _, c in tenants.values())
    # The last day of the history is today.
    emulator = Emulator(spec, seed=DEMO_SEED, throttle="off", start_days_ago=days - 1)
    store: Store | None = None
    try:
        store = _open_demo_store(paths, mark)
        built = store.get_setting("demo.daysBuilt", 0)
        # A complete history goes on where the last run left its tenants (what was restored stays restored);
        # without that state, the days are made again without backing up.
        state_file = graph_state_file(paths)
        resumed = built >= days and emulator.load_state(state_file)
        emulator.start()
        connector = GraphConnector()
        service = TenantService(store, connector)
        tenant_ids = [
            service.add_emulator_tenant(emulator.base_url, emulator.tenant_id(name)).tenant_id for name in tenants
        ]
        # Each day's backup reads the audit log too: the history says who made each change (the named users).
        backup = CaptureService(store, BackupService(store, connector, clock=emulator.now), clock=emulator.now)
        cancel_box: list[CancelToken | None] = [cancel]
        gate = DayGate()
        window_open = [False]  # set once prepare_demo returns with days left to build_rest

        def build() -> Iterator[int]:
            """Day after day; yields the number of days backed up after each day it backs up. A day (its changes,
            its backups, the clock's move to the next day) is built inside `gate.day()` (see between_days)."""
            for day in range(0 if resumed else days):
                token = cancel_box[0]
                if token is not None:
                    token.raise_if_cancelled()
                backed_up = day >= built
                if backed_up and day == built and first_days is not None and built >= first_days:
                    yield built  # a later start: the window opens on the days already there, before any backup
                with gate.day():
                    if day:
                        _changes_of_a_day(emulator, tenants)
                    if backed_up:
                        for tenant_id in tenant_ids:
                            if first_days is not None and not window_open[0]:
                                _browsable_backup(backup, tenant_id, cancel_box[0])
                            else:
                                backup.capture(tenant_id, full=True, trigger="scheduled", cancel=cancel_box[0])
                        store.set_setting("demo.daysBuilt", day + 1)
                if backed_up:
                    yield day + 1

        days_built = built
        steps = build()
        rest: Iterator[int] | None = None
        for days_built in steps:
            if progress is not None:
                progress(days_built, days)
            if first_days is not None and days_built >= first_days and days_built < days:
                rest = steps  # the window opens now; the rest is built behind it
                window_open[0] = True
                break
    except BaseException:
        if store is not None:
            store.close()
        emulator.stop()
        raise
    log.info("demo ready: %d of %d days of history in %s", max(days_built, built), days, paths.data_dir)
    return DemoEnvironment(emulator, store, connector, rest, max(days_built, built), days, state_file=state_file,
                           _cancel_box=cancel_box, _days=gate)


def graph_state_file(paths: AppPaths) -> Path:
    """The demo's tenants as its last run left them (Emulator.save_state); beside the database, so that a demo
    started afresh (other settings: _open_demo_store) removes it with it."""
    return paths.data_dir / (paths.database.name + ".graph")


def _changes_of_a_day(emulator: Emulator, tenants: dict[str, tuple[int, int]]) -> None:
    """The day since the last backup, its changes spread over it: each made by one of the tenant's named users at
    its own time (the audit log says who and when), the clock a day on when the last is made."""
    order = [name for i in range(max(c for _, c in tenants.values())) for name, (_, c) in tenants.items() if i < c]
    step = DAY / (len(order) + 1)
    for name in order:
        emulator.advance_clock(step)
        emulator.churn(name, 1)
    emulator.advance_clock(DAY - step * len(order))


def _browsable_backup(backup: CaptureService, tenant_id: str, cancel: CancelToken | None) -> None:
    """A backup of the days the window opens on, over once its snapshot can be browsed: the certificate bytes
    (150 reads a minute, Graph's limit: ~70 s of a first start) stay pending, and the next day's backup, behind
    the window, reads them first."""
    stop = CancelToken()

    def progress(p: BackupProgress) -> None:
        if p.phase == "browsable" or (cancel is not None and cancel.cancelled):
            stop.cancel()

    backup.capture(tenant_id, full=True, trigger="scheduled", progress=progress, cancel=stop)
    if cancel is not None:
        cancel.raise_if_cancelled()


def _open_demo_store(paths: AppPaths, mark: str) -> Store:
    """The demo database, started afresh when it was built from other demo settings."""
    store = Store.open(paths.database)
    current = store.get_setting("demo.mark")
    if current == mark or (current is None and not store.list_tenants()):
        store.set_setting("demo.mark", mark)
        return store
    store.close()
    # The database, its journal files, its tenant-locks folder, the emulator's state, a migration's copy.
    for leftover in [*paths.data_dir.glob(paths.database.name + "*"), *paths.data_dir.glob("regvault.bak-*")]:
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()
    store = Store.open(paths.database)
    store.set_setting("demo.mark", mark)
    return store
