"""Fixtures of the Graph client tests; the fake Graph lives in graph_fakes.py."""

from __future__ import annotations

import pytest
from graph_fakes import Harness


@pytest.fixture
def harness() -> Harness:
    return Harness()
