"""A temporary database per test (tmp_path); helpers live in store_testkit.py."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# --import-mode=importlib puts no test folder on sys.path; the store tests share one helper module.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_testkit import tenant_info  # noqa: E402

from desktop_app.store import Store  # noqa: E402
from desktop_app.store.location import DatabaseLocation  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "regvault.db"


@pytest.fixture
def store(database: DatabaseLocation) -> Iterator[Store]:
    s = Store.open(database)
    s.add_tenant(tenant_info())
    yield s
    s.close()
