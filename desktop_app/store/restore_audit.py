"""The restore audit trail: who restored what, when, from which snapshot, to where, and each app's result
(RestoreRun and RestoreItem). The Store answers for it (Store.start_restore_run, Store.restore_runs, ...)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from desktop_app.store.errors import StoreError
from desktop_app.store.models import RestoreItem, RestoreRun, Snapshot, from_utc_text
from desktop_app.store.parts import StorePart
from desktop_app.store.records import RestoreItemInfo, RestoreItemRecord, RestoreRunInfo
from desktop_app.store.rows import chunks, restore_item_info, restore_item_values, restore_run_info
from desktop_app.store.workstation import workstation


class RestoreAudit(StorePart):
    def start_run(
        self,
        *,
        operator: str,
        tenant_id: str,
        target_tenant_id: str,
        snapshot_id: int | None,
        mode: str,
        dry_run: bool = False,
        started: datetime | None = None,
    ) -> RestoreRunInfo:
        with self._write():
            taken = None
            if snapshot_id is not None:
                taken = Snapshot.select(Snapshot.finished).where(Snapshot.id == snapshot_id).scalar()
                if taken is None:
                    raise StoreError(f"No snapshot {snapshot_id}.")
            run = RestoreRun.create(
                operator=operator, started=started or datetime.now(UTC), tenant_id=tenant_id,
                target_tenant_id=target_tenant_id, snapshot=snapshot_id,
                snapshot_taken=from_utc_text(taken) if isinstance(taken, str) else taken,
                mode=mode, dry_run=dry_run, workstation=workstation(),
            )
        return self.run(run.id)

    def add_item(self, run_id: int, item: RestoreItemRecord) -> RestoreItemInfo:
        with self._write():
            row = RestoreItem.create(run=run_id, recorded=datetime.now(UTC), **restore_item_values(item))
        return restore_item_info(RestoreItem.get_by_id(row.id))

    def finish_run(
        self, run_id: int, status: str, message: str | None = None, finished: datetime | None = None, *,
        stopped: Mapping[str, Any] | None = None,
    ) -> RestoreRunInfo:
        """The run's end: its status and, when it did not complete, how it stopped (`stopped`: its code as stored
        JSON, domain/restore_plan/recorded.py failure_json; `message`: words, for callers that have no code)."""
        with self._write():
            RestoreRun.update(status=status, message=message, stopped=stopped,
                              finished=finished or datetime.now(UTC)).where(RestoreRun.id == run_id).execute()
        return self.run(run_id)


    def run(self, run_id: int) -> RestoreRunInfo:
        row = RestoreRun.get_or_none(RestoreRun.id == run_id)
        if row is None:
            raise StoreError(f"No restore run {run_id}.")
        return restore_run_info(row)

    def runs(self, tenant_id: str | None = None) -> list[RestoreRunInfo]:
        """Restore runs newest first; with `tenant_id`, those from or to that tenant."""

        def query() -> list[RestoreRunInfo]:
            rows = RestoreRun.select().order_by(RestoreRun.id.desc())
            if tenant_id is not None:
                rows = rows.where((RestoreRun.tenant_id == tenant_id) | (RestoreRun.target_tenant_id == tenant_id))
            return [restore_run_info(r) for r in rows]

        return query()

    def items(self, run_id: int) -> list[RestoreItemInfo]:
        return [restore_item_info(r)
                for r in RestoreItem.select().where(RestoreItem.run == run_id).order_by(RestoreItem.id)]

    def last_restored_copies(
        self, tenant_id: str, source_object_ids: Iterable[str], target_tenant_id: str
    ) -> dict[str, RestoreItemInfo]:
        """Per source app (object id), the newest item of a real (not dry) run that created or overwrote a copy of
        it in the target tenant: lets a second restore overwrite that copy instead of making another. Apps without
        one are left out. One query for many apps (a preview of 1,000 apps asks once, not 1,000 times)."""
        copies: dict[str, RestoreItemInfo] = {}
        for chunk in chunks(list(dict.fromkeys(source_object_ids))):
            rows = (
                RestoreItem.select()
                .join(RestoreRun)
                .where(
                    (RestoreRun.tenant_id == tenant_id)
                    & (RestoreRun.target_tenant_id == target_tenant_id)
                    & (RestoreRun.dry_run == False)  # noqa: E712 - peewee expression
                    & RestoreItem.source_object_id.in_(chunk)
                    & RestoreItem.new_object_id.is_null(False)
                )
                .order_by(RestoreItem.id.desc())
            )
            for row in rows:
                copies.setdefault(row.source_object_id, restore_item_info(row))
        return copies
