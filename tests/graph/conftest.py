"""Fixtures of the Graph client tests; the fake Graph lives in graph_fakes.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from graph_fakes import Harness  # noqa: E402


@pytest.fixture
def harness() -> Harness:
    return Harness()
