"""Connection failures in words: what happened, to which host, and what to check. The same sentences for httpx
(Graph) and requests (msal's sign-in), worked out from the exception chain.

`permanent` failures are said at once instead of being retried: retrying a refused connection, a name that does
not resolve, a proxy that refuses or a certificate nobody trusts only makes the user wait for the same answer.
Timeouts and dropped connections stay retryable (as do Graph's 429/503)."""

from __future__ import annotations

import enum
import socket
import ssl
from dataclasses import dataclass


class Problem(enum.Enum):
    REFUSED = "refused"
    DNS = "dns"
    PROXY = "proxy"
    TLS = "tls"
    CAPTIVE_PORTAL = "captive_portal"
    TIMEOUT = "timeout"
    OTHER = "other"


PERMANENT = frozenset({Problem.REFUSED, Problem.DNS, Problem.PROXY, Problem.TLS, Problem.CAPTIVE_PORTAL})


class ProxyTrouble(enum.Enum):
    """Which way a proxy failed (Problem.PROXY): it wants a sign-in (407), nothing listens there, or it didn't pass."""

    SIGN_IN = "sign_in"
    REFUSED = "refused"
    BLOCKED = "blocked"


@dataclass(frozen=True)
class NetworkFailure:
    problem: Problem
    host: str
    sentence: str  # in English, for the command line and the log (the window says it from the fields below)
    proxy: str = ""  # the proxy the connection went through, if any
    detail: str = ""  # the last exception of the chain, where the sentence names it
    proxy_trouble: ProxyTrouble | None = None  # for Problem.PROXY

    @property
    def permanent(self) -> bool:
        return self.problem in PERMANENT


_DNS_WORDS = ("name or service not known", "getaddrinfo failed", "nodename nor servname", "temporary failure in name "
              "resolution", "no address associated", "name resolution", "failed to resolve", "errno -2", "errno -3",
              "errno 11001", "errno 8]")
_REFUSED_WORDS = ("connection refused", "errno 111", "errno 61", "winerror 10061", "actively refused")
_TLS_WORDS = ("certificate_verify_failed", "certificate verify failed", "self-signed certificate",
              "unable to get local issuer", "self signed certificate")


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 12:
        seen.append(current)
        current = current.__cause__ or current.__context__
        # urllib3 keeps the real error in .reason; requests' ConnectionError in args[0]
        for holder in (getattr(seen[-1], "reason", None), *(a for a in getattr(seen[-1], "args", ())[:1])):
            if isinstance(holder, BaseException) and holder not in seen and current is None:
                current = holder
    return seen


class CaptivePortalError(OSError):
    """A web page came back where Microsoft's JSON was expected (raised by network.http's msal session)."""

    def __init__(self, failure: NetworkFailure) -> None:
        self.failure = failure
        super().__init__(failure.sentence)


def classify(exc: BaseException, host: str, *, proxy: str | None = None) -> NetworkFailure:
    """What `exc`, raised while connecting to `host` (through `proxy`, if any), means for the user."""
    chain = _chain(exc)
    for link in chain:
        if isinstance(link, CaptivePortalError):
            return link.failure
    text = " ".join(f"{type(e).__name__}: {e}" for e in chain).lower()
    names = {type(e).__name__ for e in chain}
    proxied = f" through the proxy {proxy}" if proxy else ""
    via, detail = proxy or "", _short(chain)
    if any(isinstance(e, ssl.SSLCertVerificationError) for e in chain) or any(w in text for w in _TLS_WORDS):
        return NetworkFailure(Problem.TLS, host, (
            f"The connection to {host}{proxied} was refused as unsafe: its certificate is not signed by a root this "
            "computer trusts. This is usually a network that inspects HTTPS (a corporate proxy or firewall) whose "
            "root certificate is not installed: install your organisation's root CA in the operating system's "
            "trust store, or name it as the CA bundle in Settings."), via)
    if proxy and "407" in text:
        return NetworkFailure(Problem.PROXY, host, proxy_sign_in_sentence(proxy, host), via,
                              proxy_trouble=ProxyTrouble.SIGN_IN)
    if proxy and ("ProxyError" in names or "proxy" in text):
        return NetworkFailure(Problem.PROXY, host, (
            f"The proxy {proxy} did not let the connection to {host} through ({detail}). Check the proxy "
            "settings (Settings, HTTPS_PROXY, or the system's proxy/PAC), and whether the proxy needs you to sign "
            "in; set the proxy to 'direct' if this network needs none."), via, detail, ProxyTrouble.BLOCKED)
    if any(isinstance(e, socket.gaierror) for e in chain) or any(w in text for w in _DNS_WORDS):
        return NetworkFailure(Problem.DNS, host, (
            f"The name {host} could not be found (DNS). Check that this computer is online and its DNS works"
            + (", or that the proxy settings are right" if not proxy else "") + "."), via)
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or any(w in text for w in _REFUSED_WORDS):
        if proxy:
            return NetworkFailure(Problem.PROXY, host, (
                f"The proxy {proxy} refused the connection (nothing listens there) while connecting to {host}. "
                "Check the proxy settings (Settings, HTTPS_PROXY, or the system's proxy/PAC); set the proxy to "
                "'direct' if this network needs none."), via, proxy_trouble=ProxyTrouble.REFUSED)
        return NetworkFailure(Problem.REFUSED, host, (
            f"{host} refused the connection (nothing listens there, or a firewall rejects it). Check the address "
            "and the firewall."), via)
    if "timeout" in text or "timed out" in text:
        return NetworkFailure(Problem.TIMEOUT, host, (
            f"{host} did not answer in time{proxied}. Check the network connection; Regvault tried again."), via)
    return NetworkFailure(Problem.OTHER, host, (
        f"The connection to {host}{proxied} failed ({detail}). Check the network connection."), via, detail)


# A local proxy that signs in to the corporate proxy with the Windows account (NTLM, Kerberos), maintained and
# widely used for exactly this; Regvault itself talks to proxies through httpx (Graph) and requests (msal), which
# can't answer an NTLM or Negotiate challenge on a CONNECT tunnel.
LOCAL_AUTH_PROXY = "Px (https://github.com/genotrance/px)"
LOCAL_AUTH_PROXY_URL = "http://127.0.0.1:3128"


def proxy_sign_in_sentence(proxy: str, host: str) -> str:
    """A 407 from the proxy: what to configure instead (Regvault signs in to no proxy)."""
    return (f"The proxy {proxy} wants Regvault to sign in to it (407 Proxy Authentication Required), so {host} "
            "can't be reached. Regvault can't sign in to a proxy, neither with your Windows account (NTLM, "
            "Kerberos/Negotiate) nor with a password. Either ask IT to let Microsoft's sign-in and Graph hosts "
            "through without a proxy sign-in (login.microsoftonline.com and graph.microsoft.com, or your national "
            f"cloud's), or run {LOCAL_AUTH_PROXY} on this computer, which signs in to {proxy} with your Windows "
            f"account, and set Regvault's proxy to {LOCAL_AUTH_PROXY_URL} (Settings → Network, or regvault "
            f"settings --proxy {LOCAL_AUTH_PROXY_URL}).")


def captive_portal(host: str, status: int, content_type: str, location: str = "") -> NetworkFailure | None:
    """A web page where Microsoft's JSON API should answer: the network's sign-in page (hotel, guest Wi-Fi)."""
    redirected_away = 300 <= status < 400 and bool(location) and host not in location
    if status == 511 or redirected_away or ("text/html" in content_type.lower() and status in (200, 302, 303, 307)):
        return NetworkFailure(Problem.CAPTIVE_PORTAL, host, (
            f"The network answered for {host} with a web page instead of Microsoft's service: it probably wants "
            "you to sign in to it first (a hotel or guest Wi-Fi page). Open a browser, complete that page, then "
            "try again."))
    return None


def _short(chain: list[BaseException]) -> str:
    last = chain[-1] if chain else None
    return f"{type(last).__name__}: {last}" if last is not None else "no detail"
