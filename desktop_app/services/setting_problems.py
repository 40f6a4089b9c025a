"""A setting that can't work, as a code with its facts (the window says it in its language: ui/setting_words.py)
and as an English sentence (`str()`: what the command line prints). A ValueError, as before."""

from __future__ import annotations

import enum


class SettingProblem(enum.Enum):
    PROXY = "proxy"  # facts: proxy
    CA_BUNDLE_MISSING = "ca_bundle_missing"  # bundle
    CLIENT_ID = "client_id"  # client_id, example
    SMTP_SECURITY = "smtp_security"  # security, choices
    SMTP_PORT = "smtp_port"  # port
    EMAIL_ADDRESS = "email_address"  # address
    WEBHOOK_URL = "webhook_url"
    MAIL_SENDER = "mail_sender"  # e-mail alerts without a From
    TENANT_NAME = "tenant_name"


class BadSetting(ValueError):
    def __init__(self, problem: SettingProblem, sentence: str, **facts: str) -> None:
        super().__init__(sentence)
        self.problem = problem
        self.facts = facts
