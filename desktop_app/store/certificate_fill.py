"""Certificate bytes that arrive after their snapshot was written (Store.fill_certificates).

A backup writes its snapshot as soon as everything but the certificate bytes is in (Graph allows 150 certificate
reads a minute per tenant, so the bytes of a large tenant take minutes). Those keys are listed in the documents'
keyCredentialsPending (domain.document) and in App.key_credential_keys as keyId -> "" with
App.key_credentials_digest NULL (snapshot_writer.key_columns). When the bytes arrive they are filled in here:
- into the versions that list the key as pending (no new version: the open one, and older ones whose keyCredentials
  name the same certificate, by thumbprint), whose document and hash change in place;
- into the App row: current_hash, key_credential_keys, and the digest once nothing is pending.
A fill is one transaction per call; a kill between two calls leaves the rest pending for the next backup.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from peewee import Database

from desktop_app.domain.document import canonical_json, document_hash, fill_pending_keys, pending_key_ids
from desktop_app.store.engine import Engine
from desktop_app.store.models import App, AppVersion, Blob
from desktop_app.store.rows import inflate
from desktop_app.store.snapshot_writer import key_columns

_APP = App._meta.table_name
_VERSION = AppVersion._meta.table_name
_BLOB = Blob._meta.table_name


@dataclass(frozen=True)
class CertificateFill:
    """What one certificate read found for one app."""

    object_id: str
    arrived: Mapping[str, str | None]  # keyId -> sha256 of its bytes (None: Graph returned the key without bytes)
    thumbprints: Mapping[str, str] = field(default_factory=dict)  # keyId -> base64 SHA-1 of the bytes
    key_credentials_digest: str | None = None  # the app's digest once nothing of it is pending


def fill(
    db: Database, engine: Engine, tenant_pk: int, fills: Sequence[CertificateFill], blobs: Mapping[str, bytes]
) -> int:
    """Apply `fills`; the caller holds the transaction. Returns how many versions were filled."""
    cur = db.cursor()
    engine.executemany(
        cur, f"INSERT INTO {_BLOB} (sha256, data) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING",
        [(sha.lower(), data) for sha, data in blobs.items()],
    )
    filled = 0
    for item in fills:
        cur.execute(
            engine.sql(f"SELECT id FROM {_APP} WHERE tenant_id = ? AND object_id = ?"),
            (tenant_pk, item.object_id),
        )
        row = cur.fetchone()
        if row is None:
            continue
        app_pk = int(row[0])
        cur.execute(
            engine.sql(f"SELECT id, document, valid_until_id FROM {_VERSION} WHERE app_id = ?"), (app_pk,)
        )
        for version_pk, blob, valid_until in cur.fetchall():
            document = json.loads(inflate(blob))
            done = fill_pending_keys(document, item.arrived, item.thumbprints)
            if done is None:
                continue
            new_hash = document_hash(done)
            cur.execute(
                engine.sql(f"UPDATE {_VERSION} SET document = ?, document_hash = ? WHERE id = ?"),
                (zlib.compress(canonical_json(done), 6), new_hash, version_pk),
            )
            filled += 1
            if valid_until is None:  # the App row mirrors its open version
                digest, keys = key_columns(item.key_credentials_digest, done.get("keyCredentialKeys") or {},
                                           pending_key_ids(done))
                cur.execute(
                    engine.sql(f"UPDATE {_APP} SET current_hash = ?, key_credentials_digest = ?, "
                               "key_credential_keys = ? WHERE id = ?"),
                    (new_hash, digest, keys, app_pk),
                )
    return filled


def pending_counts(db: Database, engine: Engine, tenant_pk: int) -> dict[str, int]:
    """object id -> how many of the app's certificates are still to come (only apps with some)."""
    cur = db.cursor()
    cur.execute(
        engine.sql(f"SELECT object_id, key_credential_keys FROM {_APP} "
                   "WHERE tenant_id = ? AND status = 'active' AND key_credentials_digest IS NULL"),
        (tenant_pk,),
    )
    out: dict[str, int] = {}
    for object_id, keys in cur.fetchall():
        waiting = sum(1 for v in (json.loads(keys) if keys else {}).values() if not v)
        if waiting:
            out[str(object_id)] = waiting
    return out
