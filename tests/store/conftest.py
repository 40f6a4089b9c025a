"""A temporary database per test (tmp_path); helpers live in store_testkit.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_testkit import tenant_info

from desktop_app.store import Store
from desktop_app.store.location import DatabaseLocation


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "regvault.db"


@pytest.fixture
def store(database: DatabaseLocation) -> Iterator[Store]:
    s = Store.open(database)
    s.add_tenant(tenant_info())
    yield s
    s.close()
