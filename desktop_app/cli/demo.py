"""Demo mode: the built-in Graph emulator in this process, with 60 days of backed-up history.

The demo's data folder is apart from real data (AppPaths.demo). The first start builds the history with real
backups: the emulator's clock starts 59 days ago, and each day it makes a few seeded portal-style changes
(renames, redirect URIs, secrets, owners, logos, deleted and new apps), Regvault backs up, and the clock moves
on a day, so recycle-bin items expire into "deleted permanently" as they would. Later starts replay the same
seeded changes without backing up, so the emulator is where the stored history left it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.app import AppPaths
from desktop_app.domain.cancel import CancelToken
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store

log = logging.getLogger(__name__)

DEMO_SEED = 7
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

    def close(self) -> None:
        self.emulator.stop()


def prepare_demo(
    paths: AppPaths,
    progress: DemoProgress | None = None,
    *,
    tenants: dict[str, tuple[int, int]] | None = None,
    days: int = DEMO_DAYS,
    cancel: CancelToken | None = None,
) -> DemoEnvironment:
    """Start the demo's emulator and make sure its history is in the demo database (built on first use).
    `cancel` stops the build (domain Cancelled); the days backed up so far are kept for the next start."""
    tenants = tenants or DEMO_TENANTS
    paths.ensure()
    spec = ",".join(f"{name}:{apps}" for name, (apps, _) in tenants.items())
    mark = f"demo:{DEMO_SEED}:{days}:{spec}:" + ",".join(str(c) for _, c in tenants.values())
    # The last day of the history is today.
    emulator = Emulator(spec, seed=DEMO_SEED, throttle="off", start_days_ago=days - 1).start()
    store: Store | None = None
    try:
        store = _open_demo_store(paths, mark)
        connector = GraphConnector()
        service = TenantService(store, connector)
        tenant_ids = [
            service.add_emulator_tenant(emulator.base_url, emulator.tenant_id(name)).tenant_id for name in tenants
        ]
        built = store.get_setting("demo.daysBuilt", 0)
        backup = BackupService(store, connector, clock=emulator.now)
        for day in range(days):
            if cancel is not None:
                cancel.raise_if_cancelled()
            if day:
                for name, (_, changes) in tenants.items():
                    emulator.churn(name, changes)
            if day >= built:
                for tenant_id in tenant_ids:
                    backup.run(tenant_id, trigger="scheduled", cancel=cancel)
                store.set_setting("demo.daysBuilt", day + 1)
                if progress is not None:
                    progress(day + 1, days)
            if day < days - 1:
                emulator.advance_clock(DAY)
    except BaseException:
        if store is not None:
            store.close()
        emulator.stop()
        raise
    log.info("demo ready: %d days of history in %s", days, paths.data_dir)
    return DemoEnvironment(emulator, store, connector)


def _open_demo_store(paths: AppPaths, mark: str) -> Store:
    """The demo database, started afresh when it was built from other demo settings."""
    store = Store.open(paths.database)
    current = store.get_setting("demo.mark")
    if current == mark or (current is None and not store.list_tenants()):
        store.set_setting("demo.mark", mark)
        return store
    store.close()
    for leftover in paths.data_dir.glob(paths.database.name + "*"):
        leftover.unlink()
    store = Store.open(paths.database)
    store.set_setting("demo.mark", mark)
    return store
