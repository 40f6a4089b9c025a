"""Network failures in the window's language. network/failures.py says them in English for the command line and
the log; the window says the same from the failure's facts (problem, host, proxy), so a German window doesn't show
an English sentence when a proxy, DNS or a certificate stands in the way. The English here is failures.py's, word
for word (tests/ui/test_network_words.py holds them together)."""

from __future__ import annotations

from desktop_app.network.failures import (
    LOCAL_AUTH_PROXY,
    LOCAL_AUTH_PROXY_URL,
    NetworkFailure,
    Problem,
    ProxyTrouble,
)
from desktop_app.ui.texts import TrContext

NetworkTexts = TrContext("NetworkTexts")


def network_failure_text(failure: NetworkFailure) -> str:
    host, proxy, detail = failure.host, failure.proxy, failure.detail
    problem = failure.problem
    if problem is Problem.TLS:
        start = NetworkTexts.tr("The connection to {host} through the proxy {proxy} was refused as unsafe:") if proxy \
            else NetworkTexts.tr("The connection to {host} was refused as unsafe:")
        return start.format(host=host, proxy=proxy) + " " + NetworkTexts.tr(
            "its certificate is not signed by a root this computer trusts. This is usually a network that inspects "
            "HTTPS (a corporate proxy or firewall) whose root certificate is not installed: install your "
            "organisation's root CA in the operating system's trust store, or name it as the CA bundle in Settings.")
    if problem is Problem.PROXY:
        return _proxy_text(failure)
    if problem is Problem.DNS:
        if proxy:
            return NetworkTexts.tr("The name {host} could not be found (DNS). Check that this computer is online and "
                                   "its DNS works.").format(host=host)
        return NetworkTexts.tr("The name {host} could not be found (DNS). Check that this computer is online and its "
                               "DNS works, or that the proxy settings are right.").format(host=host)
    if problem is Problem.REFUSED:
        return NetworkTexts.tr("{host} refused the connection (nothing listens there, or a firewall rejects it). "
                               "Check the address and the firewall.").format(host=host)
    if problem is Problem.CAPTIVE_PORTAL:
        return NetworkTexts.tr("The network answered for {host} with a web page instead of Microsoft's service: it "
                               "probably wants you to sign in to it first (a hotel or guest Wi-Fi page). Open a "
                               "browser, complete that page, then try again.").format(host=host)
    if problem is Problem.TIMEOUT:
        if proxy:
            return NetworkTexts.tr("{host} did not answer in time through the proxy {proxy}. Check the network "
                                   "connection; Regvault tried again.").format(host=host, proxy=proxy)
        return NetworkTexts.tr("{host} did not answer in time. Check the network connection; Regvault tried "
                               "again.").format(host=host)
    if proxy:
        return NetworkTexts.tr("The connection to {host} through the proxy {proxy} failed ({detail}). Check the "
                               "network connection.").format(host=host, proxy=proxy, detail=detail)
    return NetworkTexts.tr("The connection to {host} failed ({detail}). Check the network "
                           "connection.").format(host=host, detail=detail)


def _proxy_text(failure: NetworkFailure) -> str:
    host, proxy = failure.host, failure.proxy
    check = NetworkTexts.tr("Check the proxy settings (Settings, HTTPS_PROXY, or the system's proxy/PAC)")
    if failure.proxy_trouble is ProxyTrouble.SIGN_IN:
        return NetworkTexts.tr(
            "The proxy {proxy} wants Regvault to sign in to it (407 Proxy Authentication Required), so {host} can't "
            "be reached. Regvault can't sign in to a proxy, neither with your Windows account (NTLM, "
            "Kerberos/Negotiate) nor with a password. Either ask IT to let Microsoft's sign-in and Graph hosts "
            "through without a proxy sign-in (login.microsoftonline.com and graph.microsoft.com, or your national "
            "cloud's), or run {local_proxy} on this computer, which signs in to {proxy} with your Windows account, "
            "and set Regvault's proxy to {local_url} (Settings → Network, or regvault settings --proxy "
            "{local_url})."
        ).format(proxy=proxy, host=host, local_proxy=LOCAL_AUTH_PROXY, local_url=LOCAL_AUTH_PROXY_URL)
    if failure.proxy_trouble is ProxyTrouble.REFUSED:
        return NetworkTexts.tr("The proxy {proxy} refused the connection (nothing listens there) while connecting "
                               "to {host}. {check}; set the proxy to 'direct' if this network needs "
                               "none.").format(proxy=proxy, host=host, check=check)
    return NetworkTexts.tr("The proxy {proxy} did not let the connection to {host} through ({detail}). {check}, and "
                           "whether the proxy needs you to sign in; set the proxy to 'direct' if this network needs "
                           "none.").format(proxy=proxy, host=host, detail=failure.detail, check=check)


def sign_in_unreachable_text(host: str, failure: NetworkFailure) -> str:
    return NetworkTexts.tr("Can't reach {host} to sign in. {why}").format(host=host,
                                                                           why=network_failure_text(failure))
