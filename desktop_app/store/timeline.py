"""The change timeline's records: directory audit events, their links to app versions, each tenant's capture state.

The protocol:
- Events are added by Graph's id, once (`add_events`); a tenant's log can be read again and again (a capture looks
  back, since Graph shows events a little after the write and not in order) without doubling anything. Kept as
  long as the store: nothing here deletes an event but removing its tenant with its backups.
- An event explains the versions of the apps it names (target resources: an application by object id, a service
  principal through `ServicePrincipalRef`, an app by appId). Which version: the first one written by a snapshot
  that finished after the event's time and started no later than the first complete full snapshot that started
  after it (`S*`). No such version while `S*` exists: the change made no difference to what is stored (a value set
  to what it was, a change undone before the next capture): the event stays unmatched. No `S*` yet: pending, looked
  at again after the next snapshot. Links are made both when events arrive and when a snapshot is written (in its
  transaction), so the order in which the two come does not matter.
- A tenant's capture state (delta links, the snapshot they came with, the last full sweep, the last look, how far
  the audit log was read) is written with the snapshot it belongs to (`save_capture` inside `write_snapshot`'s
  transaction), or on its own when a capture found nothing to write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

import orjson
from peewee import Database

from desktop_app.domain.audit import AuditEvent, parse_event
from desktop_app.store.engine import Engine
from desktop_app.store.models import (
    App,
    AppVersion,
    AuditEventTarget,
    AuditLink,
    CaptureState,
    ServicePrincipalRef,
    Snapshot,
    from_utc_text,
    to_utc_text,
)
from desktop_app.store.models import (
    AuditEvent as EventRow,
)
from desktop_app.store.parts import StorePart
from desktop_app.store.rows import chunks, inflate, tenant_pk

_EVENT, _TARGET, _LINK = EventRow._meta.table_name, AuditEventTarget._meta.table_name, AuditLink._meta.table_name
_STATE, _REF = CaptureState._meta.table_name, ServicePrincipalRef._meta.table_name
_APP, _VERSION, _SNAPSHOT = App._meta.table_name, AppVersion._meta.table_name, Snapshot._meta.table_name


@dataclass(frozen=True)
class CaptureStateRecord:
    applications_link: str | None = None
    service_principals_link: str | None = None
    snapshot_id: int | None = None
    links_since: datetime | None = None
    full_sweep: datetime | None = None
    looked: datetime | None = None
    audit_read_until: datetime | None = None
    audit_refused: str | None = None


_STATE_TIMES = ("links_since", "full_sweep", "looked", "audit_read_until")
_STATE_COLUMNS = [f.name for f in fields(CaptureStateRecord) if f.name != "snapshot_id"]


def _rows(cur: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in cur.fetchall()]


# ---- inside a transaction (the Store's write_snapshot calls these) --------------------------------------------

def save_capture(db: Database, engine: Engine, tenant_pk: int, snapshot_id: int | None,
                 changes: Mapping[str, Any]) -> None:
    """Set some columns of the tenant's capture state (CaptureStateRecord's names; times as datetimes)."""
    unknown = set(changes) - set(_STATE_COLUMNS)
    if unknown:
        raise ValueError(f"unknown capture state fields: {sorted(unknown)}")
    values = {k: (to_utc_text(v) if k in _STATE_TIMES and v is not None else v) for k, v in changes.items()}
    if snapshot_id is not None:
        values["snapshot_id"] = snapshot_id
    cur = db.cursor()
    cur.execute(engine.sql(f"INSERT INTO {_STATE} (tenant_id) VALUES (?) ON CONFLICT (tenant_id) DO NOTHING"),
                (tenant_pk,))
    if values:
        sets = ", ".join(f"{name} = ?" for name in values)
        cur.execute(engine.sql(f"UPDATE {_STATE} SET {sets} WHERE tenant_id = ?"), (*values.values(), tenant_pk))


def link_pending(db: Database, engine: Engine, tenant_pk: int) -> int:
    """Link the tenant's pending events to the versions they explain (module docstring); returns links made."""
    cur = db.cursor()
    cur.execute(engine.sql(f"SELECT id, started, finished, partial FROM {_SNAPSHOT} WHERE tenant_id = ? AND "
                           "status = 'complete' ORDER BY started"), (tenant_pk,))
    snapshots = [(int(r[0]), r[1], r[2], bool(r[3])) for r in _rows(cur)]
    full_starts = [started for _, started, _, partial in snapshots if not partial]
    if not full_starts:
        return 0
    cur.execute(engine.sql(f"SELECT id, time FROM {_EVENT} WHERE tenant_id = ? AND link_state = 'pending' AND "
                           "time <= ? ORDER BY time"), (tenant_pk, full_starts[-1]))
    pending = [(int(r[0]), str(r[1])) for r in _rows(cur)]
    if not pending:
        return 0
    apps_of = _apps_named(cur, engine, tenant_pk, [pk for pk, _ in pending])
    versions = _versions_of(cur, engine, sorted({a for apps in apps_of.values() for a in apps}))
    links: list[tuple[int, int]] = []
    states: list[tuple[str, int]] = []
    for event_pk, time in pending:
        bound = next((s for s in full_starts if s >= time), None)
        if bound is None:
            continue
        found = []
        for app_pk in apps_of.get(event_pk, ()):
            first = next((v for v, started, finished in versions.get(app_pk, ())
                          if finished is not None and finished >= time and started <= bound), None)
            if first is not None:
                found.append(first)
        links.extend((version_pk, event_pk) for version_pk in found)
        states.append(("linked" if found else "unmatched", event_pk))
    engine.executemany(cur, f"INSERT INTO {_LINK} (version_id, event_id) VALUES (?, ?) "
                            "ON CONFLICT (version_id, event_id) DO NOTHING", links)
    engine.executemany(cur, f"UPDATE {_EVENT} SET link_state = ? WHERE id = ?", states)
    return len(links)


def _apps_named(cur: Any, engine: Engine, tenant_pk: int, event_pks: Sequence[int]) -> dict[int, set[int]]:
    """event pk -> the pks of the stored apps it names (by object id, appId, or service principal)."""
    cur.execute(engine.sql(f"SELECT id, lower(object_id), app_id_folded FROM {_APP} WHERE tenant_id = ?"),
                (tenant_pk,))
    by_object: dict[str, int] = {}
    by_app_id: dict[str, int] = {}
    for pk, object_id, app_id in _rows(cur):
        by_object[object_id] = int(pk)
        by_app_id[app_id] = int(pk)
    cur.execute(engine.sql(f"SELECT lower(sp_object_id), lower(app_id) FROM {_REF} WHERE tenant_id = ?"),
                (tenant_pk,))
    by_sp = {sp: by_app_id[app_id] for sp, app_id in _rows(cur) if app_id in by_app_id}
    named: dict[int, set[int]] = {}
    for part in chunks(list(event_pks)):
        marks = ", ".join("?" for _ in part)
        cur.execute(engine.sql(f"SELECT event_id, object_id, kind FROM {_TARGET} WHERE event_id IN ({marks})"),
                    tuple(part))
        for event_pk, object_id, kind in _rows(cur):
            app_pk = (by_app_id.get(object_id) if kind == "appId" else by_sp.get(object_id)
                      if kind == "ServicePrincipal" else by_object.get(object_id))
            if app_pk is not None:
                named.setdefault(int(event_pk), set()).add(app_pk)
    return named


def _versions_of(cur: Any, engine: Engine, app_pks: Sequence[int]) -> dict[int, list[tuple[int, str, str | None]]]:
    """app pk -> its versions as (pk, snapshot started, snapshot finished), oldest first."""
    out: dict[int, list[tuple[int, str, str | None]]] = {}
    for part in chunks(list(app_pks)):
        marks = ", ".join("?" for _ in part)
        cur.execute(engine.sql(f"SELECT v.app_id, v.id, s.started, s.finished FROM {_VERSION} v JOIN {_SNAPSHOT} s "
                               f"ON s.id = v.valid_from_id WHERE v.app_id IN ({marks}) ORDER BY s.started, v.id"),
                    tuple(part))
        for app_pk, version_pk, started, finished in _rows(cur):
            out.setdefault(int(app_pk), []).append((int(version_pk), started, finished))
    return out


# ---- the Store's part ----------------------------------------------------------------------------------------

class TimelineRecords(StorePart):
    def add_events(self, tenant_id: str, events: Sequence[AuditEvent]) -> list[str]:
        """Keep the events not kept yet (by Graph's id) and link what can be linked; returns the ids of the new."""
        if not events:
            return []
        with self._write():
            tenant_pk = self._tenant_pk(tenant_id)
            cur = self._db.cursor()
            ids = list(dict.fromkeys(e.event_id for e in events))
            known: set[str] = set()
            for part in chunks(ids):
                marks = ", ".join("?" for _ in part)
                cur.execute(self._engine.sql(f"SELECT event_id FROM {_EVENT} WHERE tenant_id = ? AND event_id IN "
                                             f"({marks})"), (tenant_pk, *part))
                known.update(str(r[0]) for r in _rows(cur))
            new = list({e.event_id: e for e in events if e.event_id not in known}.values())
            self._engine.executemany(
                cur,
                f"INSERT INTO {_EVENT} (tenant_id, event_id, time, activity, category, operation, result, actor_kind, "
                "actor_id, actor_name, actor_app_id, correlation_id, link_state, record) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (tenant_id, event_id) DO NOTHING",
                [(tenant_pk, e.event_id, to_utc_text(e.time), e.activity, e.category, e.operation, e.result,
                  e.actor.kind, e.actor.id, e.actor.name, e.actor.app_id, e.correlation_id,
                  orjson.dumps(dict(e.raw)).decode()) for e in new],
            )
            pks = self._event_pks(cur, tenant_pk, [e.event_id for e in new])
            self._engine.executemany(
                cur, f"INSERT INTO {_TARGET} (event_id, object_id, kind) VALUES (?, ?, ?)",
                [(pks[e.event_id], t.id, t.kind) for e in new if e.event_id in pks for t in e.targets],
            )
            link_pending(self._db, self._engine, tenant_pk)
        return [e.event_id for e in new]

    def link(self, tenant_id: str) -> int:
        with self._write():
            return link_pending(self._db, self._engine, self._tenant_pk(tenant_id))

    def events(self, tenant_id: str, *, app_object_id: str | None = None, since: datetime | None = None,
               limit: int | None = None) -> list[AuditEvent]:
        """The tenant's kept events, newest first; with `app_object_id`, those that name the app (by its object id,
        its appId or its service principal)."""
        tenant_pk = self._tenant_pk(tenant_id)
        where: list[str] = ["e.tenant_id = ?"]
        params: list[Any] = [tenant_pk]
        if since is not None:
            where.append("e.time >= ?")
            params.append(to_utc_text(since))
        if app_object_id is not None:
            names = self._names_of_app(tenant_pk, app_object_id)
            if not names:
                return []
            marks = ", ".join("?" for _ in names)
            where.append(f"e.id IN (SELECT t.event_id FROM {_TARGET} t WHERE t.object_id IN ({marks}))")
            params.extend(names)
        query = f"SELECT e.record FROM {_EVENT} e WHERE {' AND '.join(where)} ORDER BY e.time DESC, e.id DESC"
        if limit is not None:
            query += " LIMIT ?"
            params.append(limit)
        return [e for r in self._sql(query, params).fetchall() if (e := parse_event(orjson.loads(r[0]))) is not None]

    def changed_by(self, version_pks: Sequence[int]) -> dict[int, list[AuditEvent]]:
        """version pk -> the events linked to it, oldest first."""
        out: dict[int, list[AuditEvent]] = {}
        for part in chunks(list(version_pks)):
            marks = ", ".join("?" for _ in part)
            rows = self._sql(f"SELECT l.version_id, e.record FROM {_LINK} l JOIN {_EVENT} e ON e.id = l.event_id "
                             f"WHERE l.version_id IN ({marks}) ORDER BY e.time, e.id", list(part)).fetchall()
            for version_pk, raw in rows:
                event = parse_event(orjson.loads(raw))
                if event is not None:
                    out.setdefault(int(version_pk), []).append(event)
        return out

    def event_count(self, tenant_id: str) -> int:
        return int(self._sql(f"SELECT count(*) FROM {_EVENT} WHERE tenant_id = ?",
                             [self._tenant_pk(tenant_id)]).fetchone()[0])

    def capture_state(self, tenant_id: str) -> CaptureStateRecord:
        columns = ", ".join(["snapshot_id", *_STATE_COLUMNS])
        row = self._sql(f"SELECT {columns} FROM {_STATE} WHERE tenant_id = ?",
                        [self._tenant_pk(tenant_id)]).fetchone()
        if row is None:
            return CaptureStateRecord()
        values = dict(zip(["snapshot_id", *_STATE_COLUMNS], row, strict=True))
        for name in _STATE_TIMES:
            if values[name] is not None:
                values[name] = from_utc_text(values[name])
        return CaptureStateRecord(**values)

    def save_capture_state(self, tenant_id: str, **changes: Any) -> None:
        """Set some of the capture state on its own (a capture that wrote no snapshot, a reset after a 410)."""
        with self._write():
            save_capture(self._db, self._engine, self._tenant_pk(tenant_id), None, changes)

    def apps_naming(self, tenant_id: str, needles: Iterable[str]) -> set[str]:
        """Object ids of the active apps whose current document holds one of these texts (e.g. a resource's appId in
        its consent or permissions). Reads every current document: for the rare case a feed can't say (a resource's
        service principal deleted: its grants are gone from Graph's answers)."""
        wanted = [n.lower().encode() for n in needles if n]
        if not wanted:
            return set()
        rows = self._sql(f"SELECT a.object_id, v.document FROM {_APP} a JOIN {_VERSION} v ON v.app_id = a.id AND "
                         "v.valid_until_id IS NULL WHERE a.tenant_id = ? AND a.status = 'active'",
                         [self._tenant_pk(tenant_id)]).fetchall()
        found = set()
        for object_id, document in rows:
            text = inflate(document).lower()
            if any(needle in text for needle in wanted):
                found.add(str(object_id))
        return found

    def service_principals(self, tenant_id: str) -> dict[str, str]:
        """Service principal object id -> appId (both lower case), as the last capture knew them."""
        rows = self._sql(f"SELECT sp_object_id, app_id FROM {_REF} WHERE tenant_id = ?", [self._tenant_pk(tenant_id)])
        return {str(r[0]): str(r[1]) for r in rows.fetchall()}

    def set_service_principals(self, tenant_id: str, refs: Mapping[str, str], *, removed: Iterable[str] = (),
                               replace: bool = False) -> None:
        """Which app (appId) each service principal (object id) belongs to; `replace`: these are all of them."""
        with self._write():
            tenant_pk = self._tenant_pk(tenant_id)
            cur = self._db.cursor()
            if replace:
                cur.execute(self._engine.sql(f"DELETE FROM {_REF} WHERE tenant_id = ?"), (tenant_pk,))
            gone = [(tenant_pk, sp.lower()) for sp in removed]
            self._engine.executemany(cur, f"DELETE FROM {_REF} WHERE tenant_id = ? AND sp_object_id = ?", gone)
            self._engine.executemany(
                cur, f"INSERT INTO {_REF} (tenant_id, sp_object_id, app_id) VALUES (?, ?, ?) "
                     "ON CONFLICT (tenant_id, sp_object_id) DO UPDATE SET app_id = excluded.app_id",
                [(tenant_pk, sp.lower(), app_id.lower()) for sp, app_id in refs.items()],
            )
            if refs:
                link_pending(self._db, self._engine, tenant_pk)

    # ---- helpers --------------------------------------------------------------------------------------------

    def _tenant_pk(self, tenant_id: str) -> int:
        return tenant_pk(self._engine, self._db, tenant_id)

    def _event_pks(self, cur: Any, tenant_pk: int, event_ids: Sequence[str]) -> dict[str, int]:
        pks: dict[str, int] = {}
        for part in chunks(list(event_ids)):
            marks = ", ".join("?" for _ in part)
            cur.execute(self._engine.sql(f"SELECT event_id, id FROM {_EVENT} WHERE tenant_id = ? AND event_id IN "
                                         f"({marks})"), (tenant_pk, *part))
            pks.update((str(r[0]), int(r[1])) for r in _rows(cur))
        return pks

    def _names_of_app(self, tenant_pk: int, object_id: str) -> list[str]:
        """The ids an event may name the app by: its object id, appId, and its service principals' ids."""
        row = self._sql(f"SELECT lower(object_id), app_id_folded FROM {_APP} WHERE tenant_id = ? AND "
                        "lower(object_id) = ?", [tenant_pk, object_id.lower()]).fetchone()
        if row is None:
            return []
        sps = [r[0] for r in self._sql(f"SELECT sp_object_id FROM {_REF} WHERE tenant_id = ? AND app_id = ?",
                                       [tenant_pk, row[1]]).fetchall()]
        return [row[0], row[1], *sps]
