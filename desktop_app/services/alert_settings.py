"""Where alerts go: the desktop, a webhook, e-mail (Setting "alerts"); the secrets in the OS keyring.

A webhook URL carries its own access token (Slack's and Teams' incoming webhooks post for whoever holds the URL), so
it is a secret like the SMTP password: both live in the keyring of the workstation where they were given, and the
store (which a team may share) only says that they are configured, and the webhook's host. A workstation without
them in its keyring does not serve that channel; another one does (services/alerts.py claims per channel).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from urllib.parse import urlsplit

from desktop_app.auth.errors import KeyringUnavailable
from desktop_app.auth.secrets import KeyringSecrets
from desktop_app.services.setting_problems import BadSetting, SettingProblem
from desktop_app.store.database import Store

SETTING = "alerts"
WEBHOOK_ACCOUNT = "alerts:webhook"
SMTP_SECURITY = ("starttls", "ssl", "none")
_ADDRESS = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")


@dataclass(frozen=True)
class AlertSettings:
    desktop: bool = True
    webhook: bool = False  # a URL is in some workstation's keyring
    webhook_host: str = ""  # for showing which one, never the URL itself
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"  # starttls | ssl | none
    smtp_user: str = ""  # empty: the server takes mail without signing in
    smtp_from: str = ""
    smtp_to: tuple[str, ...] = ()
    email_owners: bool = False  # credential and incident alerts also go to the app's owners

    @property
    def smtp(self) -> bool:
        return bool(self.smtp_host and self.smtp_from and (self.smtp_to or self.email_owners))

    @property
    def smtp_account(self) -> str:
        return f"alerts:smtp:{self.smtp_user}@{self.smtp_host}:{self.smtp_port}"


@dataclass(frozen=True)
class AlertSecrets:
    """What this workstation's keyring holds for the channels (None: not here)."""

    webhook_url: str | None = None
    smtp_password: str | None = None
    problem: str | None = None  # the keyring could not be read: why


def load_alert_settings(store: Store) -> AlertSettings:
    saved = store.get_setting(SETTING) or {}
    if not isinstance(saved, dict):
        return AlertSettings()
    known = {k: v for k, v in saved.items() if k in AlertSettings.__dataclass_fields__}
    if "smtp_to" in known:
        known["smtp_to"] = tuple(known["smtp_to"] or ())
    try:
        return AlertSettings(**known)
    except TypeError:
        return AlertSettings()


def save_alert_settings(store: Store, settings: AlertSettings) -> None:
    check(settings)
    store.set_setting(SETTING, {**asdict(settings), "smtp_to": list(settings.smtp_to)})


def check(settings: AlertSettings) -> None:
    """Raises ValueError with a sentence for settings that can't work."""
    if settings.smtp_security not in SMTP_SECURITY:
        choices = ", ".join(SMTP_SECURITY)
        raise BadSetting(SettingProblem.SMTP_SECURITY, f"SMTP security must be one of {choices}, not "
                         f"{settings.smtp_security!r}", choices=choices, security=repr(settings.smtp_security))
    if not 0 < settings.smtp_port < 65536:
        raise BadSetting(SettingProblem.SMTP_PORT, f"{settings.smtp_port} is not a port number",
                         port=str(settings.smtp_port))
    for address in (settings.smtp_from, *settings.smtp_to):
        if address and not _ADDRESS.fullmatch(address):
            raise BadSetting(SettingProblem.EMAIL_ADDRESS, f"{address!r} is not an e-mail address",
                             address=repr(address))


def check_webhook_url(url: str) -> str:
    """The URL as it will be used, or ValueError: https only (it carries a token), http only to this machine."""
    url = url.strip()
    parts = urlsplit(url)
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if not parts.hostname or parts.scheme not in ("https", "http") or (parts.scheme == "http" and not loopback):
        raise BadSetting(SettingProblem.WEBHOOK_URL,
                         "the webhook URL must be an https:// address (Teams' and Slack's incoming webhooks are)")
    return url


def set_webhook(store: Store, url: str | None, secrets: KeyringSecrets | None = None) -> AlertSettings:
    """Keep the webhook URL in this workstation's keyring (None: remove it); KeyringUnavailable when there is none."""
    keyring = secrets or KeyringSecrets()
    settings = load_alert_settings(store)
    if url is None:
        keyring.delete(WEBHOOK_ACCOUNT)
        changed = replace(settings, webhook=False, webhook_host="")
    else:
        url = check_webhook_url(url)
        keyring.set(WEBHOOK_ACCOUNT, url)
        changed = replace(settings, webhook=True, webhook_host=urlsplit(url).hostname or "")
    save_alert_settings(store, changed)
    return changed


def set_smtp_password(settings: AlertSettings, password: str | None, secrets: KeyringSecrets | None = None) -> None:
    keyring = secrets or KeyringSecrets()
    if password:
        keyring.set(settings.smtp_account, password)
    else:
        keyring.delete(settings.smtp_account)


def load_alert_secrets(settings: AlertSettings, secrets: KeyringSecrets | None = None) -> AlertSecrets:
    """The webhook URL and SMTP password this workstation holds; a keyring that can't be read is said, not raised."""
    if not settings.webhook and not settings.smtp_user:
        return AlertSecrets()
    try:
        keyring = secrets or KeyringSecrets()
        url = keyring.get(WEBHOOK_ACCOUNT) if settings.webhook else None
        password = keyring.get(settings.smtp_account) if settings.smtp_user else None
    except KeyringUnavailable as exc:
        return AlertSecrets(problem=str(exc))
    return AlertSecrets(webhook_url=url, smtp_password=password)
