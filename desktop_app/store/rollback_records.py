"""What each rollback run did to each incident item (RollbackItem): the store half of services/rollback.py.

- `plan`: when a run starts, one row per incident item of its plan, with the item as the run saw it: `planned` for
  those it is to write, the final word for the others (kept, not undone, refused). One transaction.
- `settle`: when an app is over, its items' results (done, failed, skipped), in one transaction. A run killed
  before leaves them `planned`: its RestoreRun says how it ended (interrupted), and the next run does what is left.
- `of_tenant`: the items of the tenant's real (not dry) rollback runs started since a moment, oldest first, for
  the evidence pack.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from desktop_app.store.models import RestoreRun, RollbackItem, from_utc_text, to_utc_text
from desktop_app.store.parts import StorePart

_ITEM, _RUN = RollbackItem._meta.table_name, RestoreRun._meta.table_name
ROLLBACK_MODE = "rollback"  # RestoreRun.mode of a rollback run


@dataclass(frozen=True)
class RollbackItemRow:
    change_id: str
    object_id: str
    action: str
    result: str
    item: Mapping[str, Any]
    reason: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class RollbackItemRecord(RollbackItemRow):
    run_id: int = 0
    recorded: datetime | None = None


class RollbackRecords(StorePart):
    def plan(self, run_id: int, rows: Sequence[RollbackItemRow]) -> None:
        now = to_utc_text(datetime.now(UTC))
        with self._write():
            self._engine.executemany(
                self._db.cursor(),
                f"INSERT INTO {_ITEM} (run_id, change_id, object_id, action, result, reason, message, item, recorded) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, r.change_id, r.object_id, r.action, r.result, r.reason, r.message,
                  orjson.dumps(dict(r.item)).decode(), now) for r in rows])

    def settle(self, run_id: int, results: Mapping[str, tuple[str, str | None]]) -> None:
        """change id -> (result, message), for the items of one app."""
        now = to_utc_text(datetime.now(UTC))
        with self._write():
            self._engine.executemany(
                self._db.cursor(),
                f"UPDATE {_ITEM} SET result = ?, message = ?, recorded = ? WHERE run_id = ? AND change_id = ?",
                [(result, message, now, run_id, change_id) for change_id, (result, message) in results.items()])

    def of_run(self, run_id: int) -> list[RollbackItemRecord]:
        return self._records("WHERE i.run_id = ? ORDER BY i.id", [run_id])

    def of_tenant(self, tenant_id: str, since: datetime) -> list[RollbackItemRecord]:
        return self._records(
            f"JOIN {_RUN} r ON r.id = i.run_id WHERE r.tenant_id = ? AND r.mode = ? AND r.dry_run = ? "
            "AND r.started >= ? ORDER BY i.id", [tenant_id, ROLLBACK_MODE, False, to_utc_text(since)])

    def _records(self, where: str, params: Sequence[Any]) -> list[RollbackItemRecord]:
        rows = self._sql(f"SELECT i.change_id, i.object_id, i.action, i.result, i.item, i.reason, i.message, i.run_id, "
                         f"i.recorded FROM {_ITEM} i {where}", params).fetchall()
        return [RollbackItemRecord(change_id=r[0], object_id=r[1], action=r[2], result=r[3], item=orjson.loads(r[4]),
                                   reason=r[5], message=r[6], run_id=int(r[7]), recorded=from_utc_text(r[8]))
                for r in rows]
