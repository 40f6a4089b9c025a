"""Network failures in the window's language: in English word for word network/failures.py's sentence (what the
command line and the log say), in German German; the error dialog's summary is that text."""

from __future__ import annotations

import socket
import ssl

import httpx
import pytest

from desktop_app.auth.errors import SignInUnreachable
from desktop_app.graph.errors import GraphConnectionError
from desktop_app.network.failures import NetworkFailure, Problem, ProxyTrouble, captive_portal, classify
from desktop_app.ui.errors import describe_error
from desktop_app.ui.network_words import network_failure_text

HOST = "graph.microsoft.com"
PROXY = "http://proxy.contoso.com:8080"


def failures() -> list[NetworkFailure]:
    made = []
    for proxy in (None, PROXY):
        for exc in (ssl.SSLCertVerificationError(1, "certificate verify failed"),
                    socket.gaierror(-2, "Name or service not known"),
                    ConnectionRefusedError(111, "Connection refused"),
                    TimeoutError("timed out"),
                    OSError("something else")):
            made.append(classify(exc, HOST, proxy=proxy))
    made.append(classify(httpx.ProxyError("407 Proxy Authentication Required"), HOST, proxy=PROXY))
    made.append(classify(httpx.ProxyError("Bad gateway"), HOST, proxy=PROXY))
    portal = captive_portal(HOST, 511, "text/html")
    assert portal is not None
    made.append(portal)
    return made


def test_every_kind_of_failure_is_made() -> None:
    made = failures()
    assert {f.problem for f in made} == set(Problem)
    assert {f.proxy_trouble for f in made if f.problem is Problem.PROXY} == set(ProxyTrouble)


@pytest.mark.parametrize("failure", failures(), ids=lambda f: f"{f.problem.value}-{f.proxy_trouble}-{bool(f.proxy)}")
def test_the_english_window_says_what_the_command_line_says(qapp, failure: NetworkFailure) -> None:  # type: ignore[no-untyped-def]
    assert network_failure_text(failure) == failure.sentence



def test_the_german_window_says_it_in_german(german: None) -> None:
    for failure in failures():
        text = network_failure_text(failure)
        assert text != failure.sentence and HOST in text, text
        assert (failure.proxy in text) == (failure.proxy in failure.sentence), text  # named where English names it
        assert any(word in text for word in ("Prüfen Sie", "Öffnen Sie", "Bitten Sie", "Installieren Sie")), text
    sign_in = classify(httpx.ProxyError("407 Proxy Authentication Required"), HOST, proxy=PROXY)
    assert "NTLM" in network_failure_text(sign_in) and "Px (https://github.com/genotrance/px)" in \
        network_failure_text(sign_in)


def test_the_error_dialog_says_the_failure_in_the_windows_language(german: None) -> None:
    failure = classify(socket.gaierror(-2, "Name or service not known"), HOST)
    graph = GraphConnectionError(failure.problem.value, "gaierror", sentence=failure.sentence, failure=failure)
    assert describe_error(graph).summary == network_failure_text(failure)
    assert describe_error(graph).summary.startswith("Der Name graph.microsoft.com wurde nicht gefunden")
    sign_in = SignInUnreachable("login.microsoftonline.com", failure.sentence, problem=failure.problem.value,
                                failure=classify(TimeoutError("timed out"), "login.microsoftonline.com"))
    assert describe_error(sign_in).summary.startswith("login.microsoftonline.com ist für die Anmeldung nicht erreichbar")
    # A sentence of the caller's own (the demo's, for its stopped emulator) is shown as it is.
    own = GraphConnectionError("refused", "ConnectError", sentence="The demo's Graph is not running.")
    assert describe_error(own).summary == "The demo's Graph is not running."
