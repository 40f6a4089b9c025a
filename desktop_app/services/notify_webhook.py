"""Alerts as a JSON POST to a webhook that Teams' and Slack's incoming webhooks accept.

The body always has `text` (the message as plain lines: what Slack and Teams' Microsoft 365 connector webhooks show)
and `items` (every alert, structured, for any other receiver). For Teams, whose Workflows webhooks ("When a Teams
webhook request is received") take Adaptive Cards only, it also has `type: "message"` and one Adaptive Card
attachment; Slack (hooks.slack.com) gets no `attachments`, which would be its legacy attachments. Teams refuses bodies
over 28 KB: the card shows at most LINES_IN_CARD lines, and the items are cut to fit BODY_LIMIT.

A webhook that is down is tried ATTEMPTS times (connection errors, timeouts, 429 with its Retry-After, 5xx), then
said: DeliveryFailed names the host and what happened, never the URL (it carries a token). 4xx other than 429 is
said at once: the URL is wrong or revoked.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx

from desktop_app.network.http import httpx_transport
from desktop_app.network.proxy import NetworkSettings
from desktop_app.services.alert_delivery import WEBHOOK, AlertMessage, DeliveryFailed

ATTEMPTS = 3
RETRY_DELAYS = (2.0, 10.0)  # seconds before the 2nd and 3rd attempt
MAX_RETRY_AFTER = 60.0
BODY_LIMIT = 24_000  # bytes; Teams refuses more than 28 KB
LINES_IN_CARD = 40
TIMEOUT = httpx.Timeout(15.0, connect=10.0)
_HTTPX_LOG = logging.getLogger("httpx")


def webhook_body(message: AlertMessage, url: str) -> dict[str, Any]:
    body: dict[str, Any] = {"text": message.text, "items": list(message.items)}
    if not _is_slack(url):
        card_lines = [*message.lines[:LINES_IN_CARD]]
        left = message.more + max(0, len(message.lines) - LINES_IN_CARD)
        if left:
            card_lines.append(f"… and {left} more (regvault alerts)")
        body = {"type": "message", **body, "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None,
            "content": {
                "type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "version": "1.4",
                "body": [{"type": "TextBlock", "text": message.title, "weight": "Bolder", "size": "Medium",
                          "wrap": True},
                         *({"type": "TextBlock", "text": line, "wrap": True, "spacing": "Small"}
                           for line in card_lines)],
            },
        }]}
    while len(_encoded(body)) > BODY_LIMIT and body["items"]:
        body["items"] = body["items"][: len(body["items"]) // 2]
        body["itemsLeftOut"] = len(message.items) - len(body["items"])
    return body


class WebhookChannel:
    name = WEBHOOK

    def __init__(self, url: str | None, network: NetworkSettings | None = None, *,
                 retry_delays: Sequence[float] | None = None, sleep: Callable[[float], None] = time.sleep,
                 why_unavailable: str | None = None) -> None:
        self._url = url
        self._network = network or NetworkSettings()
        self._delays = tuple(RETRY_DELAYS if retry_delays is None else retry_delays)
        self._sleep = sleep
        self._why = why_unavailable

    def unavailable(self) -> str | None:
        if self._url:
            return None
        return self._why or "the webhook's URL is not in this workstation's keyring"

    @property
    def host(self) -> str:
        return urlsplit(self._url or "").hostname or "?"

    def send(self, message: AlertMessage, recipient: str = "") -> None:
        if not self._url:
            raise DeliveryFailed(self.unavailable() or "no webhook")
        data = _encoded(webhook_body(message, self._url))
        problem = ""
        pause: float | None = None
        for attempt in range(ATTEMPTS):
            if attempt:
                default = self._delays[min(attempt - 1, len(self._delays) - 1)] if self._delays else 0.0
                self._sleep(default if pause is None else pause)
            pause = None
            try:
                with _UrlHidden(self._url), httpx.Client(transport=httpx_transport(self._url, self._network),
                                                         timeout=TIMEOUT) as client:
                    answer = client.post(self._url, content=data,
                                         headers={"Content-Type": "application/json; charset=utf-8"})
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {_without_url(str(exc), self._url)}"
                continue
            if answer.status_code < 300:
                return
            said = " ".join(answer.text.split())[:160]
            problem = f"HTTP {answer.status_code}{': ' + said if said else ''}"
            if answer.status_code == 429:
                wait = _retry_after(answer)
                pause = None if wait is None else min(wait, MAX_RETRY_AFTER)
            elif answer.status_code < 500:
                raise DeliveryFailed(f"the webhook at {self.host} refused the alert ({problem}); check its URL with "
                                     "`regvault settings --alert-webhook URL`")
        raise DeliveryFailed(f"the webhook at {self.host} could not be reached after {ATTEMPTS} tries ({problem})")


class _UrlHidden(logging.Filter):
    """While the webhook is posted to: httpx's request line (logged at INFO, kept with --debug) says the host, not the
    URL's path and query, which carry its token."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self._url = url

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(self._url in str(a) for a in record.args):
            record.args = tuple(_without_url(str(a), self._url) if self._url in str(a) else a for a in record.args)
        return True

    def __enter__(self) -> _UrlHidden:
        _HTTPX_LOG.addFilter(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        _HTTPX_LOG.removeFilter(self)


def _encoded(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _is_slack(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == "hooks.slack.com" or host.endswith(".slack.com")


def _retry_after(answer: httpx.Response) -> float | None:
    try:
        return max(0.0, float(answer.headers.get("Retry-After", "")))
    except ValueError:
        return None


def _without_url(text: str, url: str) -> str:
    parts = urlsplit(url)
    text = text.replace(url, f"{parts.scheme}://{parts.hostname}/…")
    for secret in (parts.netloc.rpartition("@")[0], parts.path, parts.query):
        if secret and len(secret) > 1:
            text = text.replace(secret, "…")
    return text
