"""Fixtures of the network tests (issue 12): local servers only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from local_servers import LocalCa, TlsServer, make_test_ca

from desktop_app.network import tls


@pytest.fixture
def test_ca(tmp_path: Path) -> LocalCa:
    return make_test_ca(tmp_path / "pki")


@pytest.fixture
def tls_server(test_ca: LocalCa) -> Iterator[TlsServer]:
    server = TlsServer(test_ca)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(autouse=True)
def fresh_tls_contexts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test builds its trust anew (the contexts are cached per CA bundle), with no proxy from outside."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                 "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    tls._context.cache_clear()
    yield
    tls._context.cache_clear()
