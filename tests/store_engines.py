"""Both store engines for the tests: SQLite in tmp_path, and PostgreSQL where a server is configured.

`.ci/run` starts a throwaway PostgreSQL cluster and exports REGVAULT_TEST_POSTGRES (a URL with its password);
without it the PostgreSQL cases skip. Each test gets a schema of its own in that database (through libpq's
search_path option), dropped afterwards, which is much faster than a database per test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from desktop_app.store.location import DatabaseLocation

POSTGRES_URL = os.environ.get("REGVAULT_TEST_POSTGRES", "")
NO_POSTGRES = "no PostgreSQL server configured (REGVAULT_TEST_POSTGRES; .ci/run starts one)"
needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason=NO_POSTGRES)

ENGINES = [pytest.param("sqlite", id="sqlite"), pytest.param("postgresql", id="postgresql", marks=needs_postgres)]


def _admin() -> object:
    import psycopg2

    conn = psycopg2.connect(**DatabaseLocation.parse(POSTGRES_URL).connect_params())
    conn.autocommit = True
    return conn


def new_postgres_schema() -> str:
    name = f"t_{uuid.uuid4().hex[:16]}"
    conn = _admin()
    try:
        conn.cursor().execute(f'CREATE SCHEMA "{name}"')  # type: ignore[attr-defined]
    finally:
        conn.close()  # type: ignore[attr-defined]
    return name


def drop_postgres_schema(name: str) -> None:
    conn = _admin()
    try:
        cur = conn.cursor()  # type: ignore[attr-defined]
        # A test may leave a connection (a lock, a killed child) in the schema: end those first.
        cur.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    finally:
        conn.close()  # type: ignore[attr-defined]


def postgres_url(schema: str) -> str:
    """The test server's URL (password included) confined to `schema`."""
    sep = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{sep}options={quote(f'-csearch_path={schema}', safe='')}"


def location_for(engine: str, tmp_path: Path, schema: str | None = None) -> DatabaseLocation:
    if engine == "sqlite":
        return DatabaseLocation.sqlite(tmp_path / "regvault.sqlite")
    assert schema is not None
    return DatabaseLocation.parse(postgres_url(schema))


@pytest.fixture(params=ENGINES)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DatabaseLocation]:
    """A fresh, empty database location on each engine."""
    if request.param == "sqlite":
        yield location_for("sqlite", tmp_path)
        return
    schema = new_postgres_schema()
    try:
        yield location_for("postgresql", tmp_path, schema)
    finally:
        from desktop_app.store.database import _open_store

        if _open_store is not None:
            _open_store.close()
        drop_postgres_schema(schema)


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """An empty schema of the test server (the test skips without one)."""
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    schema = new_postgres_schema()
    try:
        yield schema
    finally:
        from desktop_app.store.database import _open_store

        if _open_store is not None:
            _open_store.close()
        drop_postgres_schema(schema)
