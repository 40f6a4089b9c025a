"""Issue 16 case 3: backups that meet a full throttling budget wait and finish. Three backups of one tenant at
once (the emulator's budget is per tenant, as Graph's is per app and tenant) all complete: the store's
per-tenant lock serialises them, and each waits out Graph's 429s (with max_retries=2 they used to give up) in
the tenant's shared budget (one connector, as in the window: the requests in flight restart from one after a
wait, so its 48 threads don't stampede)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService, BackupSummary
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("contoso:300", seed=8, throttle="off") as emu:
        yield emu


@pytest.mark.slow
def test_three_backups_of_one_tenant_at_once_all_complete(tmp_path: Path, emulator: Emulator) -> None:
    tenant_id = emulator.tenant_id("contoso")
    # max_retries=2: giving up after a number of 429s is what made them fail; only Graph's waits count now.
    connectors = [GraphConnector(max_retries=2, timeout=30)] * 3
    store = Store.open(tmp_path / "regvault.sqlite")
    TenantService(store, connectors[0]).add_emulator_tenant(emulator.base_url, tenant_id)
    emulator.configure(throttle="S", ru_quota=300)  # 30 RU/s for the tenant, shared by all three

    def backup(n: int) -> BackupSummary:
        # The store's per-tenant lock serialises them: each waits for the one before instead of being refused.
        return BackupService(store, connectors[n]).run(tenant_id, lock_wait=600)

    try:
        with ThreadPoolExecutor(3) as pool:
            summaries = list(pool.map(backup, range(3)))
        counters = emulator.counters()["tenants"][tenant_id]
        assert counters["throttled"] > 0  # the budget really was full
        assert [s.apps for s in summaries] == [summaries[0].apps] * 3 and summaries[0].apps > 250
        assert len(store.snapshots(tenant_id)) == 3
    finally:
        store.close()
