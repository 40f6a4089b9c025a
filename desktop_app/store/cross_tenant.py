"""Credentials and search over every tenant, in SQL on the rows app_index.py keeps (no document is opened).

- `CredentialQueries.list`: the client secrets and certificates of the apps that exist (active), of one tenant or
  all, soonest end first, optionally only those ending in a window; one indexed range query.
- `SearchQueries.find`: apps of every tenant (or one) whose name, client ID, object ID, URIs, permissions, owners or
  thumbprints hold a text, deleted apps included (their status says so); one scan of one short row per app, then
  the entries of the apps found say which of them matched. Exact matches of a whole entry come first.
Archived tenants (removed, backups kept) are left out of both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import orjson

from desktop_app.domain.search_terms import fold, matches
from desktop_app.store.models import App, AppCredential, AppSearch, Tenant, from_utc_text, to_utc_text
from desktop_app.store.parts import StorePart

_APP, _TENANT = App._meta.table_name, Tenant._meta.table_name
_CREDENTIAL, _SEARCH = AppCredential._meta.table_name, AppSearch._meta.table_name


@dataclass(frozen=True)
class CredentialOwner:
    label: str  # "Adele Vance <adele@contoso.com>"
    user_principal_name: str | None


@dataclass(frozen=True, slots=True)
class CredentialRecord:
    """One client secret or certificate, of an app registration or of its service principal."""

    pk: int
    tenant_id: str
    tenant_name: str
    app_pk: int
    app_id: str
    object_id: str
    app_name: str
    holder: str  # "application" | "servicePrincipal"
    kind: str  # "secret" | "certificate"
    key_id: str
    display_name: str | None
    hint: str | None
    thumbprint: str | None
    start: datetime | None
    end: datetime | None
    owners: tuple[CredentialOwner, ...]


@dataclass(frozen=True)
class SearchMatch:
    kind: str  # a domain.search_terms.SearchKind
    text: str


@dataclass(frozen=True)
class SearchHit:
    tenant_id: str
    tenant_name: str
    app_pk: int
    app_id: str
    object_id: str
    display_name: str
    status: str  # active | recycled | purged
    matches: tuple[SearchMatch, ...]


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[SearchHit, ...]  # at most `limit`, the exact ones first
    total: int  # every app that matched


class CredentialQueries(StorePart):
    def list(
        self,
        tenant_id: str | None = None,
        *,
        ends_after: datetime | None = None,
        ends_before: datetime | None = None,
        ordered: bool = True,
    ) -> list[CredentialRecord]:
        """Credentials of active apps (of `tenant_id`, or of every tenant not archived), soonest end first (those
        without an end last). `ends_after` / `ends_before` keep those whose end is in that window (either bound
        may be left open; a credential without an end is then left out). `ordered=False`: in no order (a caller
        that sorts them itself saves the database's sort)."""
        where = ["a.status = 'active'", "t.archived = ?"]
        params: list[object] = [False]
        if tenant_id is not None:
            where.append("t.tenant_id = ?")
            params.append(tenant_id)
        if ends_after is not None:
            where.append("c.end_time >= ?")
            params.append(to_utc_text(ends_after))
        if ends_before is not None:
            where.append("c.end_time < ?")
            params.append(to_utc_text(ends_before))
        rows = self._sql(
            f"SELECT c.id, t.tenant_id, t.display_name, a.id, a.app_id, a.object_id, a.display_name, c.holder, c.kind, "
            f"c.key_id, c.display_name, c.hint, c.thumbprint, c.start_time, c.end_time, c.owners "
            f"FROM {_CREDENTIAL} c JOIN {_APP} a ON a.id = c.app_id JOIN {_TENANT} t ON t.id = c.tenant_id "
            f"WHERE {' AND '.join(where)} "
            + ("ORDER BY c.end_time IS NULL, c.end_time, t.display_name, a.name_sort, c.id" if ordered else ""),
            params,
        ).fetchall()
        owners_of: dict[str, tuple[CredentialOwner, ...]] = {}  # rows of one app share their owners' text
        out = []
        for r in rows:
            owners = owners_of.get(r[15])
            if owners is None:
                owners = owners_of[r[15]] = tuple(
                    CredentialOwner(str(o.get("label") or ""), o.get("userPrincipalName"))
                    for o in orjson.loads(r[15] or "[]") if isinstance(o, dict))
            out.append(CredentialRecord(
                pk=int(r[0]), tenant_id=r[1], tenant_name=r[2], app_pk=int(r[3]), app_id=r[4], object_id=r[5],
                app_name=r[6], holder=r[7], kind=r[8], key_id=r[9], display_name=r[10], hint=r[11], thumbprint=r[12],
                start=None if r[13] is None else from_utc_text(r[13]), end=None if r[14] is None else from_utc_text(r[14]),
                owners=owners,
            ))
        return out


class SearchQueries(StorePart):
    def find(self, text: str, tenant_id: str | None = None, *, limit: int | None = None) -> SearchResult:
        """Apps whose entries hold `text` (case-insensitive, any part); the exact matches of a whole entry first,
        then by tenant and name. `limit`: at most this many hits (the total still counts all)."""
        needle = fold(text)
        if not needle:
            return SearchResult((), 0)
        where = [self._engine.contains("s.haystack"), "t.archived = ?"]
        params: list[object] = [needle, False]
        if tenant_id is not None:
            where.append("t.tenant_id = ?")
            params.append(tenant_id)
        rows = self._sql(
            f"SELECT t.tenant_id, t.display_name, a.id, a.app_id, a.object_id, a.display_name, a.status, s.entries "
            f"FROM {_SEARCH} s JOIN {_APP} a ON a.id = s.app_id JOIN {_TENANT} t ON t.id = s.tenant_id "
            f"WHERE {' AND '.join(where)} ORDER BY t.display_name, t.id, a.name_sort, a.id",
            params,
        ).fetchall()
        exact: list[SearchHit] = []
        partial: list[SearchHit] = []
        for r in rows:
            entries = [(str(e[0]), str(e[1])) for e in orjson.loads(r[7]) if isinstance(e, list) and len(e) == 2]
            found = matches(needle, entries)
            if not found:
                continue
            hit = SearchHit(
                tenant_id=r[0], tenant_name=r[1], app_pk=int(r[2]), app_id=r[3], object_id=r[4], display_name=r[5],
                status=r[6], matches=tuple(SearchMatch(kind, value) for kind, value in found),
            )
            (exact if any(fold(value) == needle for _, value in found) else partial).append(hit)
        hits = exact + partial
        return SearchResult(tuple(hits if limit is None else hits[:limit]), len(hits))
