"""The rows that let credentials and search span every tenant without opening a document.

For each app, from its newest version's document:
- one `app_search` row: the folded texts it can be found by, one per line (domain/search_terms.py);
- one `app_credential` row per client secret and certificate, of the registration and of its service principal
  (domain/credentials.py), with the app's owners.

They are written in the snapshot's own transaction for every app that gets a new version (snapshot_writer), so they
are exactly as current as the versions; a deleted app keeps the rows of its last version (search still finds it, the
credential queries leave it out by its status). Stores made before they existed are filled by `backfill` (the
schema step that adds the tables). Certificate bytes filled in later (certificate_fill) change neither.

A document that can't be read here (not JSON) gets no rows rather than failing the snapshot; it is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from peewee import Database

from desktop_app.domain.credentials import credentials_of, owners_of
from desktop_app.domain.search_terms import haystack, search_entries
from desktop_app.store.engine import Engine
from desktop_app.store.models import App, AppCredential, AppSearch, AppVersion, to_utc_text
from desktop_app.store.rows import chunks, inflate

log = logging.getLogger(__name__)

SEARCH_TABLE = AppSearch._meta.table_name
CREDENTIAL_TABLE = AppCredential._meta.table_name
_CHUNK = 500
_CREDENTIAL_COLUMNS = ("tenant_id, app_id, holder, kind, key_id, display_name, hint, thumbprint, start_time, end_time, "
                       "owners")


def index_documents(cur: Any, engine: Engine, tenant_pk: int,
                    documents: Sequence[tuple[int, bytes, Mapping[str, Any] | None]]) -> None:
    """Replace the rows of each (app pk, canonical JSON of its newest document, that document when the caller has
    it parsed already, else None); the caller holds the transaction."""
    for part in chunks(documents, _CHUNK):
        pks = [pk for pk, _, _ in part]
        marks = ", ".join("?" for _ in pks)
        cur.execute(engine.sql(f"DELETE FROM {SEARCH_TABLE} WHERE app_id IN ({marks})"), pks)
        cur.execute(engine.sql(f"DELETE FROM {CREDENTIAL_TABLE} WHERE app_id IN ({marks})"), pks)
        searches: list[tuple[Any, ...]] = []
        credentials: list[tuple[Any, ...]] = []
        for pk, data, parsed in part:
            try:
                document = orjson.loads(data) if parsed is None else parsed
            except orjson.JSONDecodeError:
                log.warning("app %s: its document is not JSON; it is left out of search and credentials", pk)
                continue
            if not isinstance(document, Mapping):
                continue
            search_row, credential_rows = _rows(tenant_pk, pk, document)
            searches.append(search_row)
            credentials += credential_rows
        engine.executemany(cur, f"INSERT INTO {SEARCH_TABLE} (app_id, tenant_id, haystack, entries) "
                                "VALUES (?, ?, ?, ?)", searches)
        engine.executemany(cur, f"INSERT INTO {CREDENTIAL_TABLE} ({_CREDENTIAL_COLUMNS}) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", credentials)


def _rows(tenant_pk: int, app_pk: int, document: Mapping[str, Any]) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    owners, credentials = owners_of(document), credentials_of(document)
    entries = search_entries(document, owners, credentials)
    search_row = (app_pk, tenant_pk, haystack(entries), orjson.dumps(entries).decode())
    if not credentials:
        return search_row, []
    owner_text = orjson.dumps([{"label": o.label, "userPrincipalName": o.user_principal_name}
                               for o in owners]).decode()
    credential_rows = [
        (tenant_pk, app_pk, c.holder, c.kind, c.key_id, c.display_name, c.hint, c.thumbprint,
         None if c.start is None else to_utc_text(c.start), None if c.end is None else to_utc_text(c.end),
         owner_text)
        for c in credentials
    ]
    return search_row, credential_rows


def backfill(db: Database, engine: Engine) -> int:
    """Rows for every app of a store made before these tables existed (from each app's newest version); returns
    how many apps were indexed. Documents are read a chunk at a time: a store of 100,000 apps is never in memory."""

    version = AppVersion._meta.table_name
    newest = db.execute_sql(f"SELECT app_id, max(id) FROM {version} GROUP BY app_id").fetchall()
    cur = db.cursor()
    for part in chunks(newest, _CHUNK):
        ids = [int(r[1]) for r in part]
        marks = ", ".join("?" for _ in ids)
        rows = db.execute_sql(engine.sql(
            f"SELECT a.tenant_id, v.app_id, v.document FROM {version} v JOIN {App._meta.table_name} a "
            f"ON a.id = v.app_id WHERE v.id IN ({marks})"), ids).fetchall()
        by_tenant: dict[int, list[tuple[int, bytes, Mapping[str, Any] | None]]] = {}
        for tenant_pk, app_pk, blob in rows:
            by_tenant.setdefault(int(tenant_pk), []).append((int(app_pk), inflate(blob), None))
        for tenant_pk, documents in by_tenant.items():
            index_documents(cur, engine, tenant_pk, documents)
    return len(newest)
