"""The apps table's id lists, read from the store's SQL on the database worker: the newest request wins, lists
already read are kept (IdListCache), and once the list has been still a moment the other sort orders of a big list
are read ahead (header clicks then cost no SQL)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop_app.store import Store
from desktop_app.store.records import SnapshotInfo
from desktop_app.ui.apps_model import AppIdList, AppsQuery, IdListCache
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner

log = logging.getLogger(__name__)

# Once the list has been still this long, the other sort orders of a big list are read ahead; small lists are
# quick to query anyway.
PREFETCH_DELAY_MS = 400
PREFETCH_MIN_APPS = 2_000


@dataclass(frozen=True)
class TenantState:
    """What the window shows for a tenant beyond the id list; read on the database worker."""

    tenant_id: str
    last_backup: SnapshotInfo | None
    has_backup: bool
    # Certificates whose bytes a backup is still to read (it wrote its snapshot first, or was stopped).
    certificates_pending: int = 0


class AppsLoader(QObject):
    # (AppIdList, TenantState or None): the list for the newest request, and the tenant's state when asked for.
    loaded = Signal(object, object)
    failed = Signal(object)  # the exception

    def __init__(self, store: Store, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._runner = runner
        self._cache = IdListCache()
        # Filters that match no active app → how many deleted apps they match (written on the database worker
        # before the list is handed over, read on the GUI thread after).
        self._deleted_matches: dict[AppsQuery, int] = {}
        self._request = 0
        self._list_op: Operation[tuple[AppIdList, TenantState | None]] | None = None
        self._prefetch_op: Operation[list[AppIdList]] | None = None
        self._tenant_state_pending = False
        self._shown: AppIdList | None = None
        self.prefetch_timer = QTimer(self)
        self.prefetch_timer.setSingleShot(True)
        self.prefetch_timer.setInterval(PREFETCH_DELAY_MS)
        self.prefetch_timer.timeout.connect(self._prefetch_sorts)

    def deleted_matches(self, query: AppsQuery) -> int:
        """How many deleted apps the filter of `query` matches, when it matches no active one (else 0)."""
        return self._deleted_matches.get(query, 0)

    def cached(self, query: AppsQuery) -> AppIdList | None:
        return self._cache.get(query)

    def forget(self) -> None:
        """Everything read so far is read again (after a restore or a backup)."""
        self._cache.clear()
        self._deleted_matches.clear()

    def request(self, query: AppsQuery, *, tenant_changed: bool = False) -> None:
        """The list for `query`: from the cache when it has it, else from SQL on the database worker; `loaded`
        follows (at once from the cache). `tenant_changed` also reads the tenant's state."""
        # A tenant's state asked for and not yet shown (its request superseded) is asked for again.
        tenant_changed = tenant_changed or self._tenant_state_pending
        self._tenant_state_pending = tenant_changed
        self._request += 1
        request = self._request
        self.prefetch_timer.stop()
        if self._prefetch_op is not None:
            self._prefetch_op.cancel()
            self._prefetch_op = None
        cached = None if tenant_changed else self._cache.get(query)
        if cached is not None:
            self._deliver(cached, None)
            return
        store = self._store
        deleted_matches = self._deleted_matches

        def work(task: TaskContext) -> tuple[AppIdList, TenantState | None]:
            task.cancel.raise_if_cancelled()  # superseded while queued (typing, clicking): skip the SQL
            ids = store.app_ids(query.tenant_id, query.filter_text, query.sort, query.descending,
                                query.include_deleted, query.deleted_only)
            if not ids and query.filter_text and not query.include_deleted and not query.deleted_only:
                # Nothing active matches: say whether a deleted app does (the one being looked for, often).
                deleted_matches[query] = len(store.app_ids(query.tenant_id, query.filter_text,
                                                           include_deleted=True))
            state = None
            if tenant_changed:
                state = TenantState(query.tenant_id, store.last_backup(query.tenant_id),
                                    bool(store.snapshots(query.tenant_id)),
                                    sum(store.pending_certificates(query.tenant_id).values()))
            return AppIdList.build(query, ids), state

        def apply(result: tuple[AppIdList, TenantState | None]) -> None:
            self._cache.put(result[0])
            if request == self._request:
                self._deliver(*result)

        if self._list_op is not None:
            self._list_op.cancel()
        self._list_op = Operation(self._runner, work, kind=Executor.DATABASE, owner=self, name="list apps")
        self._list_op.on_success(apply).on_cancelled(lambda: None).on_failure(self.failed.emit).run()

    def _deliver(self, id_list: AppIdList, state: TenantState | None) -> None:
        if state is not None:
            self._tenant_state_pending = False
        self._shown = id_list
        self.loaded.emit(id_list, state)
        self.prefetch_timer.start()

    @Slot()
    def _prefetch_sorts(self) -> None:
        shown = self._shown
        if shown is None or len(shown.ids) < PREFETCH_MIN_APPS:
            return
        query = shown.query
        missing = self._cache.missing_sorts(query)
        if not missing:
            return
        store = self._store

        def work(task: TaskContext) -> list[AppIdList]:
            lists = []
            for sort in missing:
                task.cancel.raise_if_cancelled()  # the user asked for something: the worker is theirs
                ids = store.app_ids(query.tenant_id, query.filter_text, sort, False, query.include_deleted,
                                    query.deleted_only)
                lists.append(AppIdList(replace(query, sort=sort, descending=False), ids, shown.id_set))
            return lists

        def keep(lists: list[AppIdList]) -> None:
            for id_list in lists:
                self._cache.put(id_list)

        self._prefetch_op = Operation(self._runner, work, kind=Executor.DATABASE, owner=self,
                                      name="read sort orders ahead")
        self._prefetch_op.on_success(keep).on_cancelled(lambda: None) \
            .on_failure(lambda exc: log.warning("reading sort orders ahead failed: %s", exc)).run()
