"""The delivery port of alerts: a channel takes one message (every alert claimed for it at once) to one recipient.

Adapters: services/notify_desktop.py (the OS's notifications, also with no window open), notify_webhook.py (a JSON
POST that Teams and Slack incoming webhooks accept), notify_email.py (SMTP). A channel that can't work on this
machine says why in `unavailable()` and is not asked to send; one that fails raises DeliveryFailed with a sentence
that names no secret (no webhook URL, no password).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

DESKTOP, WEBHOOK, EMAIL = "desktop", "webhook", "email"
CHANNELS = (DESKTOP, WEBHOOK, EMAIL)


@dataclass(frozen=True)
class AlertMessage:
    title: str  # "Regvault: 3 credentials expire soon, 1 backup failed"
    lines: tuple[str, ...]  # one per alert, the most urgent first, capped (see `more`)
    items: tuple[Mapping[str, Any], ...] = ()  # every alert, structured (kind, tenant, app, facts)
    more: int = 0  # alerts not in `lines`

    @property
    def text(self) -> str:
        tail = (f"… and {self.more} more (regvault alerts)",) if self.more else ()
        return "\n".join((self.title, *self.lines, *tail))

    @property
    def body(self) -> str:
        tail = (f"… and {self.more} more (regvault alerts)",) if self.more else ()
        return "\n".join((*self.lines, *tail))


class DeliveryFailed(Exception):
    """A channel could not deliver; the message is a sentence for the user (no secret in it)."""


class AlertChannel(Protocol):
    name: str

    def unavailable(self) -> str | None:
        """None when this channel can deliver from here; else why not (no notification service, no URL here)."""

    def send(self, message: AlertMessage, recipient: str) -> None:
        """Deliver or raise DeliveryFailed. `recipient`: "" for the desktop and the webhook, an address for e-mail."""


@dataclass
class RecordingChannel:
    """A channel that keeps what it is given (tests, and `--dry-run`-like previews)."""

    name: str
    sent: list[tuple[AlertMessage, str]] = field(default_factory=list)
    failure: str | None = None
    why_unavailable: str | None = None

    def unavailable(self) -> str | None:
        return self.why_unavailable

    def send(self, message: AlertMessage, recipient: str) -> None:
        if self.failure is not None:
            raise DeliveryFailed(self.failure)
        self.sent.append((message, recipient))
