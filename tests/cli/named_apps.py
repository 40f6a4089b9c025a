"""A data folder with a backup of an emulator tenant that holds apps of the names a test is about (scripts, control
characters): what the text and JSON outputs then print."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from desktop_app.app import AppPaths
from desktop_app.emulator import Emulator
from desktop_app.services.backup import BackupService
from desktop_app.services.tenants import GraphConnector, TenantService
from desktop_app.store import Store


@contextmanager
def backed_up_with_names(folder: Path, tenants: str, seed: int, names: Iterable[str]) -> Iterator[Path]:
    """`folder`, a data folder holding one backup of the emulator's contoso after apps named `names` were added to
    it (as in the portal: plain HTTP); the emulator runs until the block ends."""
    with Emulator(tenants, seed=seed) as emulator:
        token = emulator.token("contoso")
        with httpx.Client(base_url=emulator.base_url, headers={"Authorization": f"Bearer {token}"}) as http:
            for name in names:
                http.post("/applications", json={"displayName": name}).raise_for_status()
        store = Store.open(AppPaths.resolve(folder).ensure().database)
        tenant = TenantService(store, GraphConnector()).add_emulator_tenant(
            emulator.base_url, emulator.tenant_id("contoso"))
        BackupService(store, GraphConnector()).run(tenant.tenant_id)
        store.close()
        yield folder
