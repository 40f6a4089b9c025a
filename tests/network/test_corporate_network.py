"""Issue 12: the OS trust store, proxies, loopback never proxied, network failures said fast and in words."""

from __future__ import annotations

import functools
import socket
import time
from pathlib import Path

import httpx
import pytest
from local_servers import ForwardProxy, LocalCa, StaticToken, TlsServer, closed_port
from pypac.parser import PACFile

from desktop_app.auth.errors import SignInUnreachable
from desktop_app.auth.msal_client import msal_public_client
from desktop_app.auth.sign_in import SignIn, SignInSettings
from desktop_app.auth.token_cache import TokenCacheStore
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphConnectionError
from desktop_app.network.http import SignInSession
from desktop_app.network.proxy import NetworkSettings, proxy_for


def graph(base_url: str, network: NetworkSettings | None = None) -> GraphClient:
    return GraphClient(base_url, StaticToken(), network=network, max_retries=8, timeout=10)


# --- the OS trust store --------------------------------------------------------------------------------------------

def test_a_root_only_in_the_os_trust_store_is_trusted(
    tls_server: TlsServer, test_ca: LocalCa, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"https://localhost:{tls_server.port}/v1.0"
    with pytest.raises(httpx.ConnectError):  # what Regvault did before: certifi's roots only
        httpx.get(url + "/organization", timeout=5)

    # Linux's trust store is OpenSSL's default locations: the test CA is put in one that only this test sees.
    monkeypatch.setenv("SSL_CERT_FILE", str(test_ca.ca_pem))
    with graph(url) as client:
        assert client.get("/organization")["value"][0]["displayName"] == "Behind the proxy"
    session = SignInSession()  # msal's HTTP: the same trust
    assert session.get(url + "/organization").status_code == 200


def test_an_untrusted_root_is_refused_at_once_with_a_sentence(tls_server: TlsServer) -> None:
    started = time.monotonic()
    with graph(f"https://localhost:{tls_server.port}/v1.0") as client, pytest.raises(GraphConnectionError) as raised:
        client.get("/organization")
    assert time.monotonic() - started < 5 and raised.value.attempts == 1  # not retried
    assert raised.value.code == "tls"
    assert "not signed by a root this computer trusts" in str(raised.value) and "CA bundle" in str(raised.value)


def test_the_ca_bundle_setting_adds_a_root(tls_server: TlsServer, test_ca: LocalCa) -> None:
    network = NetworkSettings(ca_bundle=str(test_ca.ca_pem))
    with graph(f"https://localhost:{tls_server.port}/v1.0", network) as client:
        assert client.get("/organization")["value"]


# --- proxies -------------------------------------------------------------------------------------------------------

def test_a_proxy_carries_graph_calls(tls_server: TlsServer, test_ca: LocalCa) -> None:
    proxy = ForwardProxy(tls_port=tls_server.port)
    try:
        network = NetworkSettings(proxy=proxy.url, ca_bundle=str(test_ca.ca_pem))
        with graph("https://graph.microsoft.com/v1.0", network) as client:
            assert client.get("/organization")["value"]
        assert proxy.log == ["CONNECT graph.microsoft.com:443"]
        assert tls_server.seen == [("graph.microsoft.com", "/v1.0/organization")]
    finally:
        proxy.close()


def test_the_environment_proxy_carries_graph_calls_and_loopback_bypasses_it(
    tls_server: TlsServer, test_ca: LocalCa, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = ForwardProxy(tls_port=tls_server.port)
    try:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        network = NetworkSettings(ca_bundle=str(test_ca.ca_pem))
        with graph("https://graph.microsoft.com/v1.0", network) as client:
            assert client.get("/organization")["value"]
        assert proxy.log == ["CONNECT graph.microsoft.com:443"]
        with graph(f"https://127.0.0.1:{tls_server.port}/v1.0", network) as local:
            assert local.get("/organization")["value"]  # straight to loopback
        assert proxy.log == ["CONNECT graph.microsoft.com:443"]
    finally:
        proxy.close()


def test_loopback_works_with_a_dead_proxy_in_the_environment(
    tls_server: TlsServer, test_ca: LocalCa, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's emulator with HTTP_PROXY pointing at nothing (it used to hang in retries)."""
    dead = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("HTTP_PROXY", dead)
    monkeypatch.setenv("HTTPS_PROXY", dead)
    monkeypatch.setenv("ALL_PROXY", dead)
    for host in ("127.0.0.1", "localhost"):
        with graph(f"https://{host}:{tls_server.port}/v1.0", NetworkSettings(ca_bundle=str(test_ca.ca_pem))) as c:
            assert c.get("/organization")["value"]
    assert proxy_for("http://[::1]:8765/v1.0", NetworkSettings(proxy=dead)) is None


def test_a_dead_proxy_is_named_within_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    dead = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("HTTPS_PROXY", dead)
    started = time.monotonic()
    with graph("https://graph.microsoft.com/v1.0") as client, pytest.raises(GraphConnectionError) as raised:
        client.get("/organization")
    assert time.monotonic() - started < 5
    assert raised.value.code == "proxy" and dead in str(raised.value)


def test_a_pac_file_chooses_the_proxy() -> None:
    pac = PACFile("""
        function FindProxyForURL(url, host) {
            if (dnsDomainIs(host, ".microsoft.com")) return "PROXY proxy.corp.example:8080; DIRECT";
            return "DIRECT";
        }""")
    assert proxy_for("https://graph.microsoft.com/v1.0", pac=pac) == "http://proxy.corp.example:8080"
    assert proxy_for("https://example.org/", pac=pac) is None
    assert proxy_for("http://127.0.0.1:8765/v1.0", pac=pac) is None  # loopback, whatever the PAC says
    assert proxy_for("https://graph.microsoft.com/v1.0", NetworkSettings(proxy="direct"), pac=pac) is None


# --- failures said fast --------------------------------------------------------------------------------------------

def test_connection_refused_is_said_in_under_five_seconds() -> None:
    port = closed_port()
    started = time.monotonic()
    with graph(f"http://127.0.0.1:{port}/v1.0") as client, pytest.raises(GraphConnectionError) as raised:
        client.get("/organization")
    assert time.monotonic() - started < 5
    assert raised.value.code == "refused" and "127.0.0.1 refused the connection" in str(raised.value)


@pytest.fixture
def no_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if host in ("graph.microsoft.com", "login.microsoftonline.com"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_a_dns_failure_is_said_in_under_five_seconds(no_dns: None) -> None:
    started = time.monotonic()
    with graph("https://graph.microsoft.com/v1.0") as client, pytest.raises(GraphConnectionError) as raised:
        client.get("/organization")
    assert time.monotonic() - started < 5
    assert raised.value.code == "dns" and "graph.microsoft.com could not be found (DNS)" in str(raised.value)


def real_sign_in_failure(tmp_path: Path) -> SignInUnreachable:
    """Sign in to a real (not faked) tenant with the real msal on Regvault's HTTP session; the failure, timed."""
    factory = functools.partial(msal_public_client, http_client=SignInSession())
    session = SignIn(TokenCacheStore(tmp_path), SignInSettings(use_broker=False), client_factory=factory).session(
        "contoso.example")
    started = time.monotonic()
    with pytest.raises(SignInUnreachable) as raised:
        session.sign_in_interactive()
    assert time.monotonic() - started < 5
    return raised.value


def test_sign_in_with_no_dns_says_so_in_under_five_seconds(no_dns: None, tmp_path: Path) -> None:
    failure = real_sign_in_failure(tmp_path)
    assert failure.problem == "dns" and "login.microsoftonline.com could not be found" in str(failure)


def test_a_captive_portal_is_recognised(tls_server: TlsServer) -> None:
    def portal(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://wifi.hotel.example/login", "Content-Type": "text/html"})

    client = GraphClient("https://graph.microsoft.com/v1.0", StaticToken(), transport=httpx.MockTransport(portal))
    with client, pytest.raises(GraphConnectionError) as raised:
        client.get("/organization")
    assert raised.value.code == "captive_portal" and "sign in to it first" in str(raised.value)


def test_a_proxy_asking_for_a_password_is_said_so(tls_server: TlsServer) -> None:
    proxy = ForwardProxy(tls_port=tls_server.port, wants_password=True)
    try:
        client = graph("https://graph.microsoft.com/v1.0", NetworkSettings(proxy=proxy.url))
        with client, pytest.raises(GraphConnectionError) as raised:
            client.get("/organization")
        assert raised.value.code == "proxy" and "407" in str(raised.value) and proxy.url in str(raised.value)
        assert raised.value.attempts == 1
        # An NTLM/Negotiate proxy is no dead end: the sentence names what to configure instead.
        assert "NTLM" in str(raised.value) and "Px (https://github.com/genotrance/px)" in str(raised.value)
        assert "--proxy http://127.0.0.1:3128" in str(raised.value)
    finally:
        proxy.close()


def test_adding_a_real_tenant_behind_a_dead_proxy_fails_in_seconds_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("HTTPS_PROXY", dead)
    failure = real_sign_in_failure(tmp_path)
    assert failure.problem == "proxy" and dead in str(failure)


def test_a_captive_portal_at_sign_in_is_named_not_an_unknown_tenant(
    tls_server: TlsServer, test_ca: LocalCa, tmp_path: Path
) -> None:
    """Guest Wi-Fi answers every HTTPS request (here: the proxy's tunnel) with its sign-in page."""
    tls_server.httpd.page = "<html><body>Welcome to Hotel Wi-Fi: accept the terms</body></html>"  # type: ignore[attr-defined]
    proxy = ForwardProxy(tls_port=tls_server.port)
    try:
        network = NetworkSettings(proxy=proxy.url, ca_bundle=str(test_ca.ca_pem))
        factory = functools.partial(msal_public_client, http_client=SignInSession(network))
        settings = SignInSettings(use_broker=False, network=network)
        session = SignIn(TokenCacheStore(tmp_path), settings, client_factory=factory).session("contoso.example")
        with pytest.raises(SignInUnreachable) as raised:
            session.sign_in_interactive()
        assert raised.value.problem == "captive_portal" and "sign in to it first" in str(raised.value)
        assert "knows no tenant" not in str(raised.value)
    finally:
        proxy.close()
