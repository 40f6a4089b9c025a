"""Test-wide guards: no screen, no OS keyring, no network beyond loopback."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from memory_keyring import MemoryKeyring

# Both store engines (SQLite, and PostgreSQL where REGVAULT_TEST_POSTGRES names a server): `database`.
from store_engines import database, postgres_schema  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TESTS_DIR = Path(__file__).resolve().parent
# Subprocesses started by tests (the CLI, a backup killed with -9) use the in-memory keyring too.
os.environ["PYTHON_KEYRING_BACKEND"] = "memory_keyring.MemoryKeyring"
# No alert pops up on the desktop of whoever runs the tests (the desktop notifier's tests use a bus of their own).
os.environ["REGVAULT_DESKTOP_NOTIFICATIONS"] = "off"
# The window's once-a-day look at the releases feed would leave the machine (tests/services/test_update_check.py
# and the window's test give it a feed in-process instead).
os.environ["REGVAULT_NO_UPDATE_CHECK"] = "1"
# The window in English whatever the machine's language (tests/ui/test_translations.py switches to German itself).
os.environ["REGVAULT_LANGUAGE"] = "en"
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS_DIR), os.environ.get("PYTHONPATH")]))

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _loopback_only(address: object) -> None:
    if not isinstance(address, tuple):
        return  # AF_UNIX and friends
    host = address[0]
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        if host == "localhost":
            return
    raise ConnectionRefusedError(f"tests may only connect to loopback, not {host!r}")


def _guarded_connect(self: socket.socket, address: object) -> None:
    _loopback_only(address)
    return _real_connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    _loopback_only(address)
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)



@pytest.fixture(scope="session")
def qapp(qapp):  # type: ignore[no-untyped-def]
    """pytest-qt's QApplication with the window's translators, as `ui.launch.ensure_application` installs them
    (English has plural forms of its own: "%n app(s)" reads "1 app", "2 apps")."""
    from desktop_app.ui.translations import use_language

    use_language(qapp)
    return qapp


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked slow run first (in their order; the rest after, in theirs): pytest-xdist hands tests out in
    this order, so a two-minute test starts while the others still keep the workers busy, instead of holding the
    whole run up at its end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
