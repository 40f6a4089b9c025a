"""What changed in a tenant since a snapshot: the apps whose version at that snapshot is not their version now, with
both documents (Store.changes). The store half of services/changes.py.

"The app at snapshot S" is its version with valid_from <= S < valid_until (snapshot_writer.py); "now" is its current
version (valid_until NULL), or none when the app is in the recycle bin or gone. An app changed since S has a version
that began or ended after S: one scan of the tenant's versions finds them (10,000 apps: milliseconds), then only
their two documents are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.store.models import App, AppVersion
from desktop_app.store.parts import StorePart
from desktop_app.store.rows import chunks, decompress, tenant_pk

_APP, _VERSION = App._meta.table_name, AppVersion._meta.table_name


@dataclass(frozen=True)
class AppSince:
    app_pk: int
    object_id: str
    app_id: str
    display_name: str
    before: dict[str, Any] | None  # at the snapshot (None: it did not exist then)
    after: dict[str, Any] | None  # now (None: recycled or gone)
    before_version: int | None
    after_version: int | None


class ChangeQueries(StorePart):
    def changed_since(self, tenant_id: str, snapshot_id: int) -> list[AppSince]:
        """The tenant's apps whose document differs between the snapshot and now, ordered by app (UnknownTenantError
        when the tenant was never added)."""
        tenant = tenant_pk(self._engine, self._db, tenant_id)
        rows = self._sql(
            f"SELECT v.app_id, v.id, v.valid_from_id, v.valid_until_id, v.document_hash FROM {_VERSION} v "
            f"JOIN {_APP} a ON a.id = v.app_id WHERE a.tenant_id = ? AND v.app_id IN ("
            f"SELECT w.app_id FROM {_VERSION} w JOIN {_APP} b ON b.id = w.app_id WHERE b.tenant_id = ? AND "
            f"(w.valid_from_id > ? OR w.valid_until_id > ?))",
            [tenant, tenant, snapshot_id, snapshot_id]).fetchall()
        at: dict[int, tuple[int, str]] = {}
        now: dict[int, tuple[int, str]] = {}
        for app_pk, version_pk, valid_from, valid_until, digest in rows:
            if valid_from <= snapshot_id and (valid_until is None or snapshot_id < valid_until):
                at[int(app_pk)] = (int(version_pk), str(digest))
            if valid_until is None:
                now[int(app_pk)] = (int(version_pk), str(digest))
        changed = sorted(pk for pk in {*at, *now} if (at.get(pk) or (0, ""))[1] != (now.get(pk) or (0, ""))[1])
        documents = self._documents([v[0] for pk in changed for v in (at.get(pk), now.get(pk)) if v is not None])
        names = self._apps(changed)
        out = []
        for pk in changed:
            object_id, app_id, display_name = names[pk]
            before, after = at.get(pk), now.get(pk)
            out.append(AppSince(pk, object_id, app_id, display_name,
                                documents[before[0]] if before else None, documents[after[0]] if after else None,
                                before[0] if before else None, after[0] if after else None))
        return out

    def _documents(self, version_pks: Sequence[int]) -> dict[int, dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        for part in chunks(version_pks):
            marks = ", ".join("?" for _ in part)
            for pk, blob in self._sql(f"SELECT id, document FROM {_VERSION} WHERE id IN ({marks})", part).fetchall():
                out[int(pk)] = decompress(blob)
        return out

    def _apps(self, app_pks: Sequence[int]) -> dict[int, tuple[str, str, str]]:
        out: dict[int, tuple[str, str, str]] = {}
        for part in chunks(app_pks):
            marks = ", ".join("?" for _ in part)
            for pk, object_id, app_id, name in self._sql(
                    f"SELECT id, object_id, app_id, display_name FROM {_APP} WHERE id IN ({marks})", part).fetchall():
                out[int(pk)] = (str(object_id), str(app_id), str(name))
        return out
