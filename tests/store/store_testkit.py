"""Helpers that build what a backup would hand the store (imported by the tests of tests/store)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from desktop_app.store import ObservedApp, SnapshotInfo, SnapshotWrite, Store, TenantInfo

TENANT = "11111111-1111-1111-1111-111111111111"
T0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


def canonical(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()


def observed(object_id: str, name: str, app_id: str | None = None, **extra: Any) -> ObservedApp:
    app_id = app_id or f"a{object_id}"
    doc = {"application": {"id": object_id, "appId": app_id, "displayName": name, **extra}, "owners": []}
    data = canonical(doc)
    return ObservedApp(
        object_id=object_id,
        app_id=app_id,
        display_name=name,
        document_json=data,
        document_hash=hashlib.sha256(data).hexdigest(),
    )


def snapshot_write(apps: list[ObservedApp], day: int = 0, **kwargs: Any) -> SnapshotWrite:
    started = T0 + timedelta(days=day)
    return SnapshotWrite(started=started, finished=started + timedelta(minutes=1), observed=apps, **kwargs)


def write(store: Store, apps: list[ObservedApp], day: int = 0, **kwargs: Any) -> SnapshotInfo:
    return store.write_snapshot(TENANT, snapshot_write(apps, day, **kwargs))


def tenant_info(tenant_id: str = TENANT, name: str = "Contoso", domain: str = "contoso.example") -> TenantInfo:
    return TenantInfo(
        tenant_id=tenant_id,
        display_name=name,
        graph_base_url="http://127.0.0.1:1/v1.0",
        default_domain=domain,
        domains=(domain, f"{name.lower()}.onmicrosoft.example"),
        kind="emulator",
    )


