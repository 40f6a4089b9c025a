"""Writing one backup: the snapshot row, new and closed versions, App rows and blobs, in ONE transaction.

Rules (also in the Store's docstring):
- An app gets a new AppVersion only when its document hash differs from its current version's; the previous
  version is closed (valid_until = this snapshot). "The app at snapshot S" is the version with
  valid_from <= S < valid_until (valid_until NULL = still current).
- An app that disappeared (full snapshots only) gets status "recycled" (with deleted_until) when it is in the
  recycle bin, else "purged", and its last version is closed at this snapshot: the app at that snapshot is None,
  while its versions stay listed. Recycled -> purged later only updates the status.
- An app that comes back (undeleted, same object id) gets a new version from this snapshot, even with the same
  hash, because its history has a gap.
- last_modified is the finished time of the snapshot that first saw the app's current state: its current
  version, or its deletion for a deleted app (recycled -> purged does not count as a modification).
- A new version that differs from the current one only by a part read for the first time (the enterprise
  application, in a store made before it was read: domain.enterprise.first_read_only) is kept, but the app is not
  counted as changed and its last_modified stays: the upgrade changed what is read, not the app.

Hot loops use the connection's cursor directly: peewee's per-row overhead would dominate a 100,000-app backup.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from peewee import SqliteDatabase

from desktop_app.domain.enterprise import ENTERPRISE_SECTION, first_read_only
from desktop_app.store.models import App, AppVersion, Blob, Snapshot, to_utc_text
from desktop_app.store.records import ObservedApp, SnapshotWrite

SNAPSHOT_TRIGGERS = ("manual", "scheduled", "pre-restore")
PROGRESS_EVERY = 500
ENTERPRISE_MARKER = f'"{ENTERPRISE_SECTION}":'.encode()

WriteProgress = Callable[[int], None]  # apps written so far

_APP = App._meta.table_name
_VERSION = AppVersion._meta.table_name
_BLOB = Blob._meta.table_name


@dataclass
class _Known:
    pk: int
    status: str
    current_hash: str | None
    version_pk: int | None  # the open version, if any
    logo_url: str | None


@dataclass(frozen=True)
class WriteCounts:
    apps: int
    added: int
    changed: int
    removed: int


def validate(write: SnapshotWrite) -> None:
    if write.trigger not in SNAPSHOT_TRIGGERS:
        raise ValueError(f"unknown snapshot trigger {write.trigger!r}")
    for sha, data in write.blobs.items():
        if hashlib.sha256(data).hexdigest() != sha.lower():
            raise ValueError(f"blob {sha} does not match the sha256 of its bytes")


def write_versions(
    db: SqliteDatabase,
    tenant_pk: int,
    snapshot_pk: int,
    write: SnapshotWrite,
    progress: WriteProgress | None,
) -> WriteCounts:
    """Apply `write` under snapshot `snapshot_pk`; the caller holds the transaction."""
    cur: sqlite3.Cursor = db.cursor()
    now = to_utc_text(write.finished)
    known = _load_known(cur, tenant_pk)
    seen: set[str] = set()
    added = changed = removed = 0

    for count, app in enumerate(write.observed, start=1):
        if app.object_id in seen:
            raise ValueError(f"app {app.object_id} observed twice in one snapshot")
        seen.add(app.object_id)
        prior = known.get(app.object_id)
        if prior is None:
            _insert_app(cur, tenant_pk, snapshot_pk, app, now)
            added += 1
        elif prior.status != "active":
            _close(cur, prior, snapshot_pk)  # normally closed at the deletion already
            _new_version(cur, prior.pk, snapshot_pk, app)
            _update_app(cur, prior.pk, app, now)
            added += 1
        elif prior.current_hash != app.document_hash:
            first_read = _first_read_only(cur, prior, app)
            _close(cur, prior, snapshot_pk)
            _new_version(cur, prior.pk, snapshot_pk, app)
            _update_app(cur, prior.pk, app, None if first_read else now)
            changed += 0 if first_read else 1
        elif prior.logo_url != app.logo_url:
            # The CDN URL is not part of the document (DESIGN §3.1) but tells the next backup whether to fetch.
            cur.execute(f"UPDATE {_APP} SET logo_url = ? WHERE id = ?", (app.logo_url, prior.pk))
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)

    for object_id, prior in known.items():
        if object_id in seen:
            continue
        in_bin = object_id in write.recycle_bin
        if write.partial and not in_bin:
            continue  # a partial snapshot says nothing about apps it did not look at
        status = "recycled" if in_bin else "purged"
        deleted_until = write.recycle_bin.get(object_id)
        until_text = to_utc_text(deleted_until) if deleted_until is not None else None
        if prior.status == "active":
            _close(cur, prior, snapshot_pk)
            cur.execute(
                f"UPDATE {_APP} SET status = ?, deleted_until = ?, last_modified = ? WHERE id = ?",
                (status, until_text, now, prior.pk),
            )
            removed += 1
        else:
            cur.execute(
                f"UPDATE {_APP} SET status = ?, deleted_until = ? WHERE id = ?",
                (status, until_text, prior.pk),
            )

    for sha, data in write.blobs.items():
        cur.execute(f"INSERT OR IGNORE INTO {_BLOB} (sha256, data) VALUES (?, ?)", (sha.lower(), data))

    active = cur.execute(
        f"SELECT count(*) FROM {_APP} WHERE tenant_id = ? AND status = 'active'", (tenant_pk,)
    ).fetchone()[0]
    return WriteCounts(apps=int(active), added=added, changed=changed, removed=removed)


def _load_known(cur: sqlite3.Cursor, tenant_pk: int) -> dict[str, _Known]:
    rows = cur.execute(
        f"SELECT a.id, a.object_id, a.status, a.current_hash, v.id, a.logo_url FROM {_APP} a "
        f"LEFT JOIN {_VERSION} v ON v.app_id = a.id AND v.valid_until_id IS NULL WHERE a.tenant_id = ?",
        (tenant_pk,),
    )
    return {r[1]: _Known(pk=r[0], status=r[2], current_hash=r[3], version_pk=r[4], logo_url=r[5]) for r in rows}


def _insert_app(cur: sqlite3.Cursor, tenant_pk: int, snapshot_pk: int, app: ObservedApp, now: str) -> None:
    cur.execute(
        f"INSERT INTO {_APP} (tenant_id, object_id, app_id, app_id_folded, display_name, name_folded, status, deleted_until, "
        "last_modified, first_seen, current_hash, logo_url, logo_sha256, key_credentials_digest, "
        "key_credential_keys) VALUES (?, ?, ?, ?, ?, ?, 'active', NULL, ?, ?, ?, ?, ?, ?, ?)",
        (tenant_pk, app.object_id, app.app_id, app.app_id.lower(), app.display_name, app.display_name.casefold(), now, now,
         app.document_hash, app.logo_url, app.logo_sha256, app.key_credentials_digest,
         App.key_credential_keys.db_value(dict(app.key_credential_keys))),
    )
    _new_version(cur, int(cur.lastrowid or 0), snapshot_pk, app)


def _update_app(cur: sqlite3.Cursor, app_pk: int, app: ObservedApp, now: str | None) -> None:
    """`now` None: last_modified stays (nothing of the app changed)."""
    cur.execute(
        f"UPDATE {_APP} SET app_id = ?, app_id_folded = ?, display_name = ?, name_folded = ?, status = 'active', deleted_until = NULL, "
        "last_modified = COALESCE(?, last_modified), current_hash = ?, logo_url = ?, logo_sha256 = ?, key_credentials_digest = ?, "
        "key_credential_keys = ? WHERE id = ?",
        (app.app_id, app.app_id.lower(), app.display_name, app.display_name.casefold(), now, app.document_hash, app.logo_url,
         app.logo_sha256, app.key_credentials_digest,
         App.key_credential_keys.db_value(dict(app.key_credential_keys)), app_pk),
    )


def _first_read_only(cur: sqlite3.Cursor, prior: _Known, app: ObservedApp) -> bool:
    """Whether the new document adds only a part the current version's document never had (read for the first
    time). Only apps whose hash changed are looked at, so a usual backup decompresses a few documents."""
    if prior.version_pk is None or ENTERPRISE_MARKER not in app.document_json:
        return False
    row = cur.execute(f"SELECT document FROM {_VERSION} WHERE id = ?", (prior.version_pk,)).fetchone()
    if row is None:
        return False
    old = json.loads(zlib.decompress(row[0]))
    return first_read_only(old, json.loads(app.document_json))


def _new_version(cur: sqlite3.Cursor, app_pk: int, snapshot_pk: int, app: ObservedApp) -> None:
    cur.execute(
        f"INSERT INTO {_VERSION} (app_id, document_hash, document, valid_from_id, valid_until_id) "
        "VALUES (?, ?, ?, ?, NULL)",
        (app_pk, app.document_hash, zlib.compress(app.document_json, 6), snapshot_pk),
    )


def _close(cur: sqlite3.Cursor, prior: _Known, snapshot_pk: int) -> None:
    if prior.version_pk is not None:
        cur.execute(
            f"UPDATE {_VERSION} SET valid_until_id = ? WHERE id = ?", (snapshot_pk, prior.version_pk)
        )


def snapshot_counts_update(snapshot_pk: int, counts: WriteCounts) -> None:
    Snapshot.update(
        apps=counts.apps, added=counts.added, changed=counts.changed, removed=counts.removed
    ).where(Snapshot.id == snapshot_pk).execute()
