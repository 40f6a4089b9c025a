"""Which of the chosen apps a snapshot holds, and which snapshot a choice of apps starts on.

A restore puts apps back as they were at one snapshot. A chosen app that the snapshot does not hold has nothing
to go back to: it is *left out*, with why (it was first backed up after the snapshot, or it had been deleted before
it) and the nearest full backup that does hold it (a later one, or an earlier one), so that every message about a
date points the right way. The restore goes on with the others; when none is left there is nothing to restore.
Removing apps added since the snapshot is an incident rollback, not a restore.

The whole tenant: chosen apps that cover every active app of the tenant (all the window's list shows with deleted
apps hidden and no filter) are the whole tenant, as `restore --all` is. At a snapshot that is every app it holds:
the chosen ones and the apps deleted since, which come back (undeleted from the recycle bin, or recreated when
purged: the planner decides). Chosen apps the snapshot does not hold are left out as above.

The snapshot a choice starts on (the wizard's default): the newest full backup that holds every chosen app; when
none holds them all, the newest that holds the most. A deleted app chosen alone therefore starts on the last backup
that contains it, not on the newest, where it is gone.

The window and the command line both ask here, so they leave out the same apps and say the same.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop_app.domain.natural_sort import natural_key
from desktop_app.store.database import Store
from desktop_app.store.records import SnapshotInfo

Spans = Sequence[tuple[int, int | None]]  # an app's versions: (valid_from, valid_until) snapshot ids


class Absence(enum.Enum):
    NOT_YET = "not-yet"  # first backed up after the snapshot
    DELETED = "deleted"  # held by an earlier backup, gone at the snapshot


@dataclass(frozen=True)
class LeftOut:
    app_pk: int
    display_name: str
    app_id: str
    absence: Absence
    # The nearest full backup that holds the app: the first after the snapshot (NOT_YET) or the last before it
    # (DELETED); None when there is none.
    nearest: SnapshotInfo | None


@dataclass(frozen=True)
class Selection:
    """The chosen apps at one snapshot: those it holds (in the order chosen) and those left out (by name)."""

    snapshot_id: int
    present: tuple[int, ...]  # the whole tenant: the chosen apps it holds, then the others it holds
    left_out: tuple[LeftOut, ...]
    whole_tenant: bool = False
    deleted_since: tuple[int, ...] = ()  # the whole tenant: the apps present that are deleted now (they come back)


def holds(spans: Spans, snapshot_id: int) -> bool:
    return any(start <= snapshot_id and (until is None or snapshot_id < until) for start, until in spans)


def full_backups(store: Store, tenant_id: str) -> list[SnapshotInfo]:
    """The tenant's complete full backups, newest first (partial ones, taken around a restore, hold only some apps
    and are never a default)."""
    return [s for s in store.snapshots(tenant_id) if not s.partial]


def is_whole_tenant(store: Store, tenant_id: str, app_pks: Sequence[int]) -> bool:
    """Whether the chosen apps cover every active app of the tenant (see the module's docstring)."""
    active = store.app_ids(tenant_id)
    return bool(active) and set(active) <= set(app_pks)


def selection_at(store: Store, tenant_id: str, snapshot_id: int, app_pks: Sequence[int], *,
                 whole_tenant: bool = False) -> Selection:
    wanted = list(dict.fromkeys(app_pks))
    chosen = set(wanted)
    deleted = store.app_ids(tenant_id, deleted_only=True) if whole_tenant else []
    others = [pk for pk in deleted if pk not in chosen]
    spans = store.version_spans(wanted + others)
    present = tuple(pk for pk in wanted + others if holds(spans.get(pk, ()), snapshot_id))
    gone = set(deleted)
    since = tuple(pk for pk in present if pk in gone)
    held = set(present)
    missing = [pk for pk in wanted if pk not in held]
    if not missing:
        return Selection(snapshot_id, present, (), whole_tenant, since)
    backups = full_backups(store, tenant_id)
    rows = {row.pk: row for row in store.app_rows(missing)}
    left_out = []
    for pk in missing:
        row = rows.get(pk)
        absence, nearest = _absence(spans.get(pk, ()), snapshot_id, backups)
        left_out.append(LeftOut(pk, row.display_name if row else "", row.app_id if row else "", absence, nearest))
    return Selection(snapshot_id, present, tuple(sorted(left_out, key=_by_name)), whole_tenant, since)


def whole_tenant_at(store: Store, tenant_id: str, snapshot_id: int, app_pks: Sequence[int]) -> tuple[int, ...]:
    """What a restore of the whole tenant asks for: the chosen apps, then every other app the snapshot holds."""
    chosen = tuple(dict.fromkeys(app_pks))
    held = selection_at(store, tenant_id, snapshot_id, chosen, whole_tenant=True).present
    return tuple(dict.fromkeys(chosen + held))


def default_snapshot(store: Store, tenant_id: str, app_pks: Sequence[int]) -> SnapshotInfo | None:
    """The full backup a restore of these apps starts on (see the module's docstring); None: no backup."""
    return choose_default(full_backups(store, tenant_id), store.version_spans(list(dict.fromkeys(app_pks))))


def choose_default(backups: Sequence[SnapshotInfo], spans: Mapping[int, Spans]) -> SnapshotInfo | None:
    """`backups` newest first. The first that holds every app, else the newest of those that hold the most."""
    best: tuple[int, SnapshotInfo] | None = None
    for snapshot in backups:
        held = sum(holds(s, snapshot.id) for s in spans.values())
        if held == len(spans):
            return snapshot
        if best is None or held > best[0]:
            best = (held, snapshot)
    return best[1] if best is not None else None


def _absence(spans: Spans, snapshot_id: int, backups: Sequence[SnapshotInfo]) -> tuple[Absence, SnapshotInfo | None]:
    if any(start <= snapshot_id for start, _until in spans):
        earlier = (s for s in backups if s.id < snapshot_id and holds(spans, s.id))  # newest first
        return Absence.DELETED, next(earlier, None)
    later = [s for s in backups if s.id > snapshot_id and holds(spans, s.id)]
    return Absence.NOT_YET, later[-1] if later else None


def _by_name(item: LeftOut) -> tuple[object, int]:
    return natural_key(item.display_name), item.app_pk


# --- In English (the command line's words; the window makes its own with tr()) -------------------------------------

NAMES_SHOWN = 5


def _when(snapshot: SnapshotInfo) -> str:
    moment = snapshot.finished or snapshot.started
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _names(items: Sequence[LeftOut]) -> str:
    shown = ", ".join(f"{i.display_name} ({i.app_id})" for i in items[:NAMES_SHOWN])
    return shown + (f" and {len(items) - NAMES_SHOWN} more" if len(items) > NAMES_SHOWN else "")


def _apps(n: int) -> str:
    return "1 app" if n == 1 else f"{n:,} apps"


def left_out_text(snapshot: SnapshotInfo, left_out: Sequence[LeftOut]) -> str:
    """One sentence per reason: "Left out, not in the backup of 2026-12-01 02:00: 3 apps did not exist yet (A, B,
    C); 1 app had been deleted before it (D)." Empty when nothing is left out."""
    if not left_out:
        return ""
    parts = []
    later = [i for i in left_out if i.absence is Absence.NOT_YET]
    earlier = [i for i in left_out if i.absence is Absence.DELETED]
    if later:
        parts.append(f"{_apps(len(later))} did not exist yet ({_names(later)})")
    if earlier:
        parts.append(f"{_apps(len(earlier))} had been deleted before it ({_names(earlier)})")
    return f"Left out, not in the backup of {_when(snapshot)}: " + "; ".join(parts) + "."


def nothing_to_restore_text(snapshot: SnapshotInfo, left_out: Sequence[LeftOut]) -> str:
    """Why nothing can be restored from this snapshot, and which one to choose instead."""
    when = _when(snapshot)
    if len(left_out) == 1:
        item = left_out[0]
        name = f"{item.display_name} ({item.app_id})"
        if item.absence is Absence.DELETED:
            text = f"{name} had been deleted before the backup of {when}"
            advice = (f"the last backup that holds it is {_when(item.nearest)}: choose that one or an earlier one"
                      if item.nearest is not None else "choose an earlier snapshot")
        else:
            text = f"{name} did not exist yet at the backup of {when}"
            advice = (f"it was first backed up on {_when(item.nearest)}: choose that one or a later one"
                      if item.nearest is not None else "choose a later snapshot")
        return f"{text}; {advice}."
    return f"None of the {len(left_out):,} apps is in the backup of {when}. " + left_out_text(snapshot, left_out)
