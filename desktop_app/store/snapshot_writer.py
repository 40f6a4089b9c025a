"""Writing one backup: the snapshot row, new and closed versions, App rows and blobs, in ONE transaction.

Rules (also in the Store's docstring):
- An app gets a new AppVersion only when its document hash differs from its current version's; the previous
  version is closed (valid_until = this snapshot). "The app at snapshot S" is the version with
  valid_from <= S < valid_until (valid_until NULL = still current).
- An app that disappeared (full snapshots; in an incremental one, those it lists as in the recycle bin or gone)
  gets status "recycled" (with deleted_until) when it is in the
  recycle bin, else "purged", and its last version is closed at this snapshot: the app at that snapshot is None,
  while its versions stay listed. Recycled -> purged later only updates the status.
- An app that comes back (undeleted, same object id) gets a new version from this snapshot, even with the same
  hash, because its history has a gap.
- last_modified is the finished time of the snapshot that first saw the app's current state: its current
  version, or its deletion for a deleted app (recycled -> purged does not count as a modification).
- A new version that differs from the current one only by a part read for the first time (the enterprise
  application, in a store made before it was read: domain.enterprise.first_read_only) is kept, but the app is not
  counted as changed and its last_modified stays: the upgrade changed what is read, not the app.
- An app a full snapshot did not observe but names in `kept` (a short listing left it out; Graph still has it) is
  neither removed nor changed: its current version stays current.
- An unchanged app whose current version can no longer be read (bytes changed inside the row) gets a new version
  from this backup (a full one): a damaged document is never carried into a new snapshot as the current state.
- Every app that gets a new version gets its search and credential rows anew (app_index.py), in this transaction.
- A document without the enterprise part (not read this time: the permission to read consent is missing, an
  app-only identity without it) keeps the current version's part: what was not read is not "removed", and an app
  whose registration did not change gets no new version.

Hot loops use the connection's cursor directly, in batches of PROGRESS_EVERY apps (executemany; on PostgreSQL
execute_batch, so a batch is a few round trips, not a thousand): peewee's per-row overhead would dominate a
100,000-app backup. The SQL is written once for both engines (`?` placeholders, ON CONFLICT DO NOTHING).
"""

from __future__ import annotations

import hashlib
import json
import logging
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from peewee import Database

from desktop_app.domain.document import canonical_json, document_hash
from desktop_app.domain.enterprise import ENTERPRISE_SECTION, FIRST_READ_PARTS, first_read_only
from desktop_app.domain.natural_sort import natural_key
from desktop_app.store.app_index import index_documents
from desktop_app.store.engine import Engine
from desktop_app.store.errors import StoredValueUnreadable
from desktop_app.store.models import App, AppVersion, Blob, Snapshot, to_utc_text
from desktop_app.store.records import ObservedApp, SnapshotWrite
from desktop_app.store.rows import decompress, inflate

log = logging.getLogger(__name__)

SNAPSHOT_TRIGGERS = ("manual", "scheduled", "pre-restore", "post-restore", "pre-rollback", "post-rollback")
PROGRESS_EVERY = 500
COMPRESS_SERIAL_BELOW = 64  # documents: fewer are not worth a thread
ENTERPRISE_MARKER = f'"{ENTERPRISE_SECTION}":'.encode()
FIRST_READ_MARKERS = tuple({f'"{path[0]}":'.encode() for path in FIRST_READ_PARTS})

WriteProgress = Callable[[int], None]  # apps written so far

_APP = App._meta.table_name
_VERSION = AppVersion._meta.table_name
_BLOB = Blob._meta.table_name
_APP_COLUMNS = (
    "app_id, app_id_folded, display_name, name_folded, name_sort, last_modified, current_hash, logo_url, logo_sha256, "
    "key_credentials_digest, key_credential_keys"
)


_UPDATE_SETS = [
    "last_modified = COALESCE(?, last_modified)" if c.strip() == "last_modified" else f"{c.strip()} = ?"
    for c in _APP_COLUMNS.split(",")
]


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
    repaired: int = 0  # unchanged apps whose current version could not be read: written anew from Graph's answer


@dataclass
class _Batch:
    """The writes of up to PROGRESS_EVERY apps, sent together."""

    new: list[ObservedApp] = field(default_factory=list)
    closes: list[tuple[int, int]] = field(default_factory=list)  # (snapshot pk, version pk)
    versions: list[tuple[int, ObservedApp]] = field(default_factory=list)  # (app pk, app)
    updates: list[tuple[int, ObservedApp, bool]] = field(default_factory=list)  # (pk, app, modified now?)
    logo_urls: list[tuple[str | None, int]] = field(default_factory=list)
    unchanged: list[tuple[_Known, ObservedApp]] = field(default_factory=list)  # current versions carried on


def validate(write: SnapshotWrite) -> None:
    if write.trigger not in SNAPSHOT_TRIGGERS:
        raise ValueError(f"unknown snapshot trigger {write.trigger!r}")
    for sha, data in write.blobs.items():
        if hashlib.sha256(data).hexdigest() != sha.lower():
            raise ValueError(f"blob {sha} does not match the sha256 of its bytes")


def write_versions(
    db: Database,
    engine: Engine,
    tenant_pk: int,
    snapshot_pk: int,
    write: SnapshotWrite,
    progress: WriteProgress | None,
) -> WriteCounts:
    """Apply `write` under snapshot `snapshot_pk`; the caller holds the transaction."""
    cur = db.cursor()
    now = to_utc_text(write.finished)
    known = _load_known(cur, engine, tenant_pk)
    seen: set[str] = set()
    added = changed = removed = repaired = 0
    batch = _Batch()

    for count, app in enumerate(write.observed, start=1):
        if app.object_id in seen:
            raise ValueError(f"app {app.object_id} observed twice in one snapshot")
        seen.add(app.object_id)
        prior = known.get(app.object_id)
        if prior is None:
            batch.new.append(app)
            added += 1
        elif prior.status != "active" or prior.current_hash != app.document_hash:
            # A changed app, or one that came back (its last version is normally closed at the deletion already).
            came_back = prior.status != "active"
            if not came_back:
                app = _keep_unread_part(cur, engine, prior, app)
            if not came_back and app.document_hash == prior.current_hash:
                # Only the enterprise part was not read: the app is as its current version says.
                if prior.logo_url != app.logo_url:
                    batch.logo_urls.append((app.logo_url, prior.pk))
            else:
                first_read = not came_back and _first_read_only(cur, engine, prior, app)
                if prior.version_pk is not None:
                    batch.closes.append((snapshot_pk, prior.version_pk))
                batch.versions.append((prior.pk, app))
                batch.updates.append((prior.pk, app, not first_read))
                if came_back:
                    added += 1
                elif not first_read:
                    changed += 1
        else:
            if prior.version_pk is not None and not (write.partial or write.incremental):
                batch.unchanged.append((prior, app))
            if prior.logo_url != app.logo_url:
                # The CDN URL is not part of the document (DESIGN §3.1) but tells the next backup whether to fetch.
                batch.logo_urls.append((app.logo_url, prior.pk))
        if count % PROGRESS_EVERY == 0:
            repaired += _flush(cur, engine, tenant_pk, snapshot_pk, now, batch)
            batch = _Batch()
            if progress is not None:
                progress(count)
    repaired += _flush(cur, engine, tenant_pk, snapshot_pk, now, batch)

    gone_active: list[tuple[str, str | None, str, int]] = []
    gone_again: list[tuple[str, str | None, int]] = []
    closes: list[tuple[int, int]] = []
    for object_id, prior in known.items():
        if object_id in seen or object_id in write.kept:
            continue
        in_bin = object_id in write.recycle_bin
        if (write.partial or write.incremental) and not in_bin and object_id not in write.gone:
            continue  # a partial snapshot says nothing about apps it did not look at; an incremental one: unchanged
        status = "recycled" if in_bin else "purged"
        deleted_until = write.recycle_bin.get(object_id)
        until_text = to_utc_text(deleted_until) if deleted_until is not None else None
        if prior.status == "active":
            if prior.version_pk is not None:
                closes.append((snapshot_pk, prior.version_pk))
            gone_active.append((status, until_text, now, prior.pk))
            removed += 1
        else:
            gone_again.append((status, until_text, prior.pk))
    engine.executemany(cur, f"UPDATE {_VERSION} SET valid_until_id = ? WHERE id = ?", closes)
    engine.executemany(
        cur, f"UPDATE {_APP} SET status = ?, deleted_until = ?, last_modified = ? WHERE id = ?", gone_active
    )
    engine.executemany(cur, f"UPDATE {_APP} SET status = ?, deleted_until = ? WHERE id = ?", gone_again)
    engine.executemany(
        cur, f"INSERT INTO {_BLOB} (sha256, data) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING",
        [(sha.lower(), data) for sha, data in write.blobs.items()],
    )

    cur.execute(engine.sql(f"SELECT count(*) FROM {_APP} WHERE tenant_id = ? AND status = 'active'"), (tenant_pk,))
    active = cur.fetchone()[0]
    return WriteCounts(apps=int(active), added=added, changed=changed, removed=removed, repaired=repaired)


def _load_known(cur: Any, engine: Engine, tenant_pk: int) -> dict[str, _Known]:
    cur.execute(
        engine.sql(
            f"SELECT a.id, a.object_id, a.status, a.current_hash, v.id, a.logo_url FROM {_APP} a "
            f"LEFT JOIN {_VERSION} v ON v.app_id = a.id AND v.valid_until_id IS NULL WHERE a.tenant_id = ?"
        ),
        (tenant_pk,),
    )
    return {
        r[1]: _Known(pk=r[0], status=r[2], current_hash=r[3], version_pk=r[4], logo_url=r[5])
        for r in cur.fetchall()
    }


def _app_values(app: ObservedApp, now: str | None) -> tuple[Any, ...]:
    return (
        app.app_id, app.app_id.lower(), app.display_name, app.display_name.casefold(),
        natural_key(app.display_name), now, app.document_hash,
        app.logo_url, app.logo_sha256, *key_columns(app.key_credentials_digest, app.key_credential_keys,
                                                     app.pending_keys),
    )


def key_columns(digest: str | None, keys: Mapping[str, str], pending: Iterable[str]) -> tuple[str | None, str]:
    """App.key_credentials_digest and App.key_credential_keys. A key whose bytes are still to come is kept as
    keyId -> "" and the digest as NULL, so the next backup reads it (certificate_fill.py fills both)."""
    stored = {**{str(k): "" for k in pending}, **{str(k): str(v) for k, v in keys.items()}}
    waiting = any(not v for v in stored.values())
    return (None if waiting else digest), str(App.key_credential_keys.db_value(stored))


def _flush(cur: Any, engine: Engine, tenant_pk: int, snapshot_pk: int, now: str, batch: _Batch) -> int:
    """Write the batch; the number of damaged current versions it replaced."""
    damaged = _unreadable(cur, engine, [prior.version_pk for prior, _ in batch.unchanged if prior.version_pk])
    for prior, app in batch.unchanged:
        if prior.version_pk in damaged:
            batch.closes.append((snapshot_pk, prior.version_pk))
            batch.versions.append((prior.pk, app))
            batch.updates.append((prior.pk, app, False))
    if batch.new:
        engine.executemany(
            cur,
            f"INSERT INTO {_APP} (tenant_id, object_id, status, deleted_until, first_seen, {_APP_COLUMNS}) "
            "VALUES (?, ?, 'active', NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(tenant_pk, app.object_id, now, *_app_values(app, now)) for app in batch.new],
        )
        pks = _pks_of(cur, engine, tenant_pk, [app.object_id for app in batch.new])
        batch.versions.extend((pks[app.object_id], app) for app in batch.new)
    engine.executemany(cur, f"UPDATE {_VERSION} SET valid_until_id = ? WHERE id = ?", batch.closes)
    engine.executemany(
        cur,
        f"INSERT INTO {_VERSION} (app_id, document_hash, document, valid_from_id, valid_until_id) "
        "VALUES (?, ?, ?, ?, NULL)",
        [(pk, app.document_hash, data, snapshot_pk)
         for (pk, app), data in zip(batch.versions, compressed([app.document_json for _, app in batch.versions]),
                                    strict=True)],
    )
    index_documents(cur, engine, tenant_pk, [(pk, app.document_json, app.document) for pk, app in batch.versions])
    engine.executemany(
        cur,
        f"UPDATE {_APP} SET status = 'active', deleted_until = NULL, "
        + ", ".join(_UPDATE_SETS)
        + " WHERE id = ?",
        # last_modified None: it stays (only a part read for the first time differs)
        [(*_app_values(app, now if modified else None), pk) for pk, app, modified in batch.updates],
    )
    engine.executemany(cur, f"UPDATE {_APP} SET logo_url = ? WHERE id = ?", batch.logo_urls)
    return len(damaged)


def _unreadable(cur: Any, engine: Engine, version_pks: Sequence[int]) -> set[int]:
    """The versions among `version_pks` whose stored document can't be read any more (bytes changed inside the
    row: SQLite's pages are sound, zlib's checksum is not). A full snapshot would otherwise carry them on as the
    current state of apps that did not change, and nothing could export or restore them."""
    if not version_pks:
        return set()
    marks = ", ".join("?" for _ in version_pks)
    cur.execute(engine.sql(f"SELECT id, document FROM {_VERSION} WHERE id IN ({marks})"), tuple(version_pks))
    rows = cur.fetchall()
    damaged = set(version_pks) - {int(pk) for pk, _ in rows}
    damaged.update(int(pk) for (pk, _), sound in zip(rows, _readable([d for _, d in rows]), strict=True) if not sound)
    if damaged:
        log.warning("%d stored version(s) could not be read; written anew from this backup", len(damaged))
    return damaged


def _readable(documents: Sequence[Any]) -> list[bool]:
    """Whether each stored document decompresses (zlib checks its checksum): in two halves side by side, as
    `compressed` does, since zlib lets go of the GIL."""
    def check(part: Sequence[Any]) -> list[bool]:
        out = []
        for document in part:
            try:
                inflate(document)
                out.append(True)
            except (zlib.error, StoredValueUnreadable):
                out.append(False)
        return out

    if len(documents) < 2 * COMPRESS_SERIAL_BELOW:
        return check(documents)
    half = len(documents) // 2
    with ThreadPoolExecutor(2, thread_name_prefix="snapshot-check") as pool:
        parts = list(pool.map(check, (documents[:half], documents[half:])))
    return parts[0] + parts[1]


def compressed(documents: Sequence[bytes]) -> list[bytes]:
    """zlib of each document. zlib lets go of the GIL while it compresses, so a first backup's thousands of
    documents are compressed in two halves side by side (most of the time a snapshot takes to write)."""
    if len(documents) < 2 * COMPRESS_SERIAL_BELOW:
        return [zlib.compress(document, 6) for document in documents]
    half = len(documents) // 2
    with ThreadPoolExecutor(2, thread_name_prefix="snapshot-compress") as pool:
        parts = list(pool.map(lambda part: [zlib.compress(d, 6) for d in part], (documents[:half], documents[half:])))
    return parts[0] + parts[1]


def _keep_unread_part(cur: Any, engine: Engine, prior: _Known, app: ObservedApp) -> ObservedApp:
    """`app` with the current version's enterprise part when this backup did not read that part."""
    if prior.version_pk is None or ENTERPRISE_MARKER in app.document_json:
        return app
    old = _version_document(cur, engine, prior.version_pk)
    if old is None or ENTERPRISE_SECTION not in old:
        return app
    document = {**json.loads(app.document_json), ENTERPRISE_SECTION: old[ENTERPRISE_SECTION]}
    return replace(app, document_json=canonical_json(document), document_hash=document_hash(document),
                   document=document)


def _version_document(cur: Any, engine: Engine, version_pk: int) -> dict[str, Any] | None:
    cur.execute(engine.sql(f"SELECT document FROM {_VERSION} WHERE id = ?"), (version_pk,))
    row = cur.fetchone()
    return None if row is None else dict(decompress(row[0]))


def _first_read_only(cur: Any, engine: Engine, prior: _Known, app: ObservedApp) -> bool:
    """Whether the new document adds only a part the current version's document never had (read for the first
    time). Only apps whose hash changed are looked at, so a usual backup decompresses a few documents."""
    if prior.version_pk is None or not any(marker in app.document_json for marker in FIRST_READ_MARKERS):
        return False
    old = _version_document(cur, engine, prior.version_pk)
    return old is not None and first_read_only(old, json.loads(app.document_json))


def _pks_of(cur: Any, engine: Engine, tenant_pk: int, object_ids: Sequence[str]) -> dict[str, int]:
    marks = ", ".join("?" for _ in object_ids)
    cur.execute(
        engine.sql(f"SELECT object_id, id FROM {_APP} WHERE tenant_id = ? AND object_id IN ({marks})"),
        (tenant_pk, *object_ids),
    )
    return {r[0]: int(r[1]) for r in cur.fetchall()}


def snapshot_counts_update(snapshot_pk: int, counts: WriteCounts) -> None:
    Snapshot.update(
        apps=counts.apps, added=counts.added, changed=counts.changed, removed=counts.removed
    ).where(Snapshot.id == snapshot_pk).execute()
