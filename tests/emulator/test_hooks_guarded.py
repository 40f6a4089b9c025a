"""Issue 29 item 12: the emulator's control endpoints can't be driven by a web page open on the machine. A
request from a foreign Origin, addressed to a foreign Host (DNS rebinding), or without the emulator's own control
token is refused and changes nothing; the token is printed on the start line and never equals a tenant's."""

from __future__ import annotations

import http.client
import json

import httpx
import pytest

from desktop_app.emulator import Emulator


def _raw(emulator: Emulator, method: str, path: str, body: bytes, headers: dict[str, str]) -> int:
    """A request with exactly these headers (httpx would add its own Host)."""
    connection = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        return connection.getresponse().status
    finally:
        connection.close()


CHURN = json.dumps({"tenant": "contoso", "changes": 5}).encode()


def _apps(emulator: Emulator) -> str:
    apps = emulator.directory.tenant("contoso").apps.values()
    return json.dumps({a.id: [a.doc, a.owners, str(a.deleted_at)] for a in apps}, sort_keys=True, default=str)


@pytest.mark.parametrize(("path", "body"), [
    ("/_emulator/churn", CHURN),
    ("/_emulator/clock", b'{"advanceSeconds": 2592000}'),
    ("/_emulator/config", b'{"faultRate": 1.0}'),
])
def test_a_cross_origin_text_plain_post_is_refused(emulator: Emulator, path: str, body: bytes) -> None:
    """What a page on evil.example can send without a preflight: a simple POST with text/plain."""
    before = _apps(emulator)
    clock = emulator.now_iso()
    host = f"127.0.0.1:{emulator.port}"
    for headers in (
        {"Host": host, "Origin": "https://evil.example", "Content-Type": "text/plain"},
        {"Host": host, "Origin": "null", "Content-Type": "text/plain"},
        {"Host": f"evil.example:{emulator.port}", "Content-Type": "text/plain"},  # rebound DNS: no Origin sent
        {"Host": host, "Content-Type": "text/plain"},  # no token
        {"Host": host, "Content-Type": "application/json", "Authorization": "Bearer wrong"},
        {"Host": host, "Authorization": f"Bearer {emulator.token('contoso')}"},  # a tenant's Graph token
        {"Host": f"evil.example:{emulator.port}", "Authorization": f"Bearer {emulator.control_token}"},
        {"Host": host, "Origin": "https://evil.example", "Authorization": f"Bearer {emulator.control_token}"},
    ):
        assert _raw(emulator, "POST", path, body, headers) in (401, 403), headers
    assert _apps(emulator) == before
    assert emulator.knobs.fault_rate == 0
    assert emulator.now_iso()[:16] == clock[:16]


def test_reading_the_hooks_needs_the_token_too(emulator: Emulator) -> None:
    """GET /_emulator/tenants hands out every tenant's Graph token: no less guarded than control."""
    host = f"127.0.0.1:{emulator.port}"
    assert _raw(emulator, "GET", "/_emulator/tenants", b"", {"Host": host}) == 401
    assert _raw(emulator, "GET", "/_emulator/tenants", b"", {"Host": f"evil.example:{emulator.port}",
                                                             "Authorization": f"Bearer {emulator.control_token}"}) == 403


def test_the_emulators_own_callers_are_served(emulator: Emulator) -> None:
    before = emulator.counters()["requests"]
    for host in (f"127.0.0.1:{emulator.port}", f"localhost:{emulator.port}"):
        headers = {"Host": host, "Authorization": f"Bearer {emulator.control_token}", "Content-Type": "application/json"}
        assert _raw(emulator, "POST", "/_emulator/churn", CHURN, headers) == 200
        same_origin = {**headers, "Origin": f"http://{host}"}
        assert _raw(emulator, "GET", "/_emulator/counters", b"", same_origin) == 200
    with httpx.Client(base_url=emulator.root_url, headers=emulator.control_headers, timeout=10) as hooks:
        assert hooks.get("/_emulator/tenants").status_code == 200
    assert emulator.counters()["requests"] == before  # hooks are not Graph requests
    assert emulator.info()["controlToken"] == emulator.control_token
    assert emulator.control_token not in {emulator.token(t["id"]) for t in emulator.tenants}
    assert len(emulator.control_token) >= 32
