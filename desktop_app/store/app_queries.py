"""The apps of a tenant as the window's table and the history show them: which apps match (sorting and filtering
in SQL), their rows, their versions, and the apps as they were at a snapshot (Store.app_ids, Store.versions,
Store.apps_at, ...)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from peewee import fn

from desktop_app.domain.natural_sort import natural_key
from desktop_app.store.errors import StoreError
from desktop_app.store.models import App, AppVersion, Snapshot, from_utc_text
from desktop_app.store.parts import StorePart
from desktop_app.store.records import AppAt, AppDocument, AppRow, AppSort, VersionInfo
from desktop_app.store.rows import chunks, confirm_missing, decompress, tenant_pk, tuples

APP_SORTS: tuple[str, ...] = ("name", "appId", "modified", "status")
# Status: active, then in the recycle bin, then deleted permanently; by name within each.
_SORT_COLUMNS = {"name": "name_sort", "appId": "app_id_folded", "modified": "last_modified",
                 "status": "CASE status WHEN 'active' THEN 0 WHEN 'recycled' THEN 1 ELSE 2 END {direction}, name_sort"}


class AppQueries(StorePart):
    def _app_filter_sql(self, tenant_id: str, filter_text: str, include_deleted: bool,
                        deleted_only: bool = False) -> tuple[str, list[Any]]:
        where = "tenant_id = ?"
        params: list[Any] = [tenant_pk(self._engine, self._db, tenant_id)]
        if deleted_only:
            where += " AND status <> 'active'"
        elif not include_deleted:
            where += " AND status = 'active'"
        needle = filter_text.strip()
        if needle:
            # instr/strpos, not LIKE: no wildcard escaping; name_folded makes it case-insensitive beyond ASCII.
            contains = self._engine.contains
            where += f" AND ({contains('name_folded')} OR {contains('app_id_folded')})"
            params += [needle.casefold(), needle.lower()]
        return where, params

    def app_ids(
        self,
        tenant_id: str,
        filter_text: str = "",
        sort: AppSort = "name",
        descending: bool = False,
        include_deleted: bool = False,
        deleted_only: bool = False,
    ) -> list[int]:
        """Primary keys of the matching apps in display order, from one SQL query.

        Filter: any part of the display name (case-insensitive) or of the client id; active apps only, or deleted
        ones too, or deleted ones only. Ties are broken by pk, and descending is the exact reverse of ascending, so
        the order is stable.
        """
        if sort not in _SORT_COLUMNS:
            raise ValueError(f"sort must be one of {APP_SORTS}, not {sort!r}")
        where, params = self._app_filter_sql(tenant_id, filter_text, include_deleted, deleted_only)
        direction = "DESC" if descending else "ASC"
        order = f"{_SORT_COLUMNS[sort].format(direction=direction)} {direction}, id {direction}"
        return self._engine.id_list(self._db, App._meta.table_name, where, order, params)

    def count_apps(self, tenant_id: str, filter_text: str = "", include_deleted: bool = False,
                   deleted_only: bool = False) -> int:
        where, params = self._app_filter_sql(tenant_id, filter_text, include_deleted, deleted_only)
        sql = f"SELECT count(*) FROM {App._meta.table_name} WHERE {where}"
        return int(self._sql(sql, params).fetchone()[0])

    def app_rows(self, ids: Sequence[int]) -> list[AppRow]:
        """Rows for `ids`, in the order given (unknown ids skipped)."""
        by_pk: dict[int, AppRow] = {}
        for chunk in chunks(list(ids)):
            counts: dict[int, int] = dict(
                tuples(
                    AppVersion.select(AppVersion.app, fn.COUNT(AppVersion.id))
                    .where(AppVersion.app.in_(chunk))
                    .group_by(AppVersion.app)
                )
            )
            rows = App.select(
                App.id, App.object_id, App.app_id, App.display_name, App.status, App.deleted_until,
                App.last_modified, App.first_seen,
            ).where(App.id.in_(chunk))
            for r in tuples(rows):
                by_pk[r[0]] = AppRow(
                    pk=r[0], object_id=r[1], app_id=r[2], display_name=r[3], status=r[4], deleted_until=r[5],
                    last_modified=r[6], first_seen=r[7], version_count=int(counts.get(r[0], 0)),
                )
        return [by_pk[i] for i in ids if i in by_pk]

    def app_row(self, app_pk: int) -> AppRow | None:
        rows = self.app_rows([app_pk])
        return rows[0] if rows else None

    def find_app(self, tenant_id: str, key: str) -> AppRow | None:
        """An app by client id or object id (any case); the active one first when several share a client id."""
        wanted = key.strip().lower()

        def query() -> int | None:
            pk = (
                App.select(App.id)
                .where(
                    (App.tenant == tenant_pk(self._engine, self._db, tenant_id))
                    & ((App.app_id_folded == wanted) | (fn.LOWER(App.object_id) == wanted))
                )
                .order_by((App.status != "active"), App.last_modified.desc())
                .scalar()
            )
            return None if pk is None else int(pk)

        pk = query()
        if pk is None:
            confirm_missing(self._engine, self._db, App._meta.table_name, "tenant_id = ? AND (app_id_folded = ? OR lower(object_id) = ?)",
                                  (tenant_pk(self._engine, self._db, tenant_id), wanted, wanted), "the apps")
            return None
        return self.app_row(pk)

    # ----- history
    def versions(self, app_pk: int) -> list[VersionInfo]:
        """The app's versions, newest first, with the times of the snapshots that bound them."""
        return self._versions(app_pk)

    def version_at(self, app_pk: int, snapshot_id: int) -> VersionInfo | None:
        """The version valid at the snapshot: valid_from <= S < valid_until (None: the app didn't exist)."""
        found = self._versions(app_pk, at=snapshot_id)
        return found[0] if found else None

    def _versions(self, app_pk: int, at: int | None = None) -> list[VersionInfo]:
        """The app's versions, newest first; with `at`, only the one valid at that snapshot."""
        snap = Snapshot._meta.table_name
        where, params = "v.app_id = ?", [app_pk]
        if at is not None:
            where += " AND v.valid_from_id <= ? AND (v.valid_until_id IS NULL OR v.valid_until_id > ?)"
            params += [at, at]
        sql = (
            f"SELECT v.id, v.app_id, v.document_hash, v.valid_from_id, f.finished, v.valid_until_id, u.finished "
            f"FROM {AppVersion._meta.table_name} v JOIN {snap} f ON f.id = v.valid_from_id "
            f"LEFT JOIN {snap} u ON u.id = v.valid_until_id WHERE {where} ORDER BY v.valid_from_id DESC, v.id DESC"
        )
        return [
            VersionInfo(
                pk=r[0], app_pk=r[1], document_hash=r[2], valid_from=r[3], valid_from_time=from_utc_text(r[4]),
                valid_until=r[5], valid_until_time=None if r[6] is None else from_utc_text(r[6]),
            )
            for r in self._sql(sql, params).fetchall()
        ]

    def version_spans(self, app_pks: Sequence[int]) -> dict[int, list[tuple[int, int | None]]]:
        """Each app's versions as (valid_from, valid_until) snapshot ids, oldest first, in one query per 900 apps
        (which apps a snapshot holds, for a selection of thousands)."""
        spans: dict[int, list[tuple[int, int | None]]] = {pk: [] for pk in app_pks}
        for chunk in chunks(list(dict.fromkeys(app_pks))):
            rows = (AppVersion.select(AppVersion.app, AppVersion.valid_from, AppVersion.valid_until)
                    .where(AppVersion.app.in_(chunk)).order_by(AppVersion.valid_from))
            for app_pk, valid_from, valid_until in tuples(rows):
                spans[int(app_pk)].append((int(valid_from), None if valid_until is None else int(valid_until)))
        return spans

    def version_document(self, version_pk: int) -> AppDocument:
        blob = AppVersion.select(AppVersion.document).where(AppVersion.id == version_pk).scalar()
        if blob is None:
            raise StoreError(f"No app version {version_pk}.")
        return decompress(blob)

    def current_documents(self, app_pks: Sequence[int]) -> dict[int, AppDocument]:
        """The documents of the apps' current versions (the last backup's), by app pk; an app without one is left
        out."""
        self._check_open()
        found: dict[int, AppDocument] = {}
        for chunk in chunks(list(dict.fromkeys(app_pks))):
            rows = (AppVersion.select(AppVersion.app, AppVersion.document)
                    .where(AppVersion.app.in_(chunk) & AppVersion.valid_until.is_null()))
            for app_pk, blob in tuples(rows):
                found[int(app_pk)] = decompress(blob)
        return found

    def app_at(self, app_pk: int, snapshot_id: int) -> AppDocument | None:
        version = self.version_at(app_pk, snapshot_id)
        return None if version is None else self.version_document(version.pk)

    def apps_at(
        self, tenant_id: str, snapshot_id: int, app_pks: Sequence[int] | None = None
    ) -> list[AppAt]:
        """Every app of the tenant as it was at the snapshot (or only `app_pks`), sorted by name (naturally) then pk."""
        where = (
            (App.tenant == tenant_pk(self._engine, self._db, tenant_id))
            & (AppVersion.valid_from <= snapshot_id)
            & (AppVersion.valid_until.is_null() | (AppVersion.valid_until > snapshot_id))
        )
        selected: list[Any] = []
        for chunk in chunks(list(app_pks)) if app_pks is not None else [None]:
            clause = where if chunk is None else where & App.id.in_(chunk)
            selected += list(
                tuples(
                    AppVersion.select(
                        App.id, App.object_id, App.app_id, App.display_name, App.status, AppVersion.id,
                        AppVersion.document_hash, AppVersion.document,
                    )
                    .join(App)
                    .where(clause)
                )
            )
        found = []
        for r in selected:
            document = decompress(r[7])
            name = document.get("application", {}).get("displayName", r[3])
            found.append(
                AppAt(
                    app_pk=r[0], object_id=r[1], app_id=r[2], display_name=name, status=r[4],
                    version_pk=r[5], document_hash=r[6], document=document,
                )
            )
        found.sort(key=lambda a: (natural_key(str(a.display_name)), a.app_pk))
        return found
