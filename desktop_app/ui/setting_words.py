"""A setting that can't work (services.setting_problems.BadSetting), in the window's language. The English is the
services' sentence word for word (tests/ui/test_setting_words.py holds them together)."""

from __future__ import annotations

from desktop_app.services.setting_problems import BadSetting, SettingProblem
from desktop_app.ui.texts import QT_TRANSLATE_NOOP, TrContext

SettingTexts = TrContext("SettingTexts")

_WORDS = {
    SettingProblem.PROXY: QT_TRANSLATE_NOOP(
        "SettingTexts", "{proxy} is not a proxy address: give http://host:port, 'direct' or nothing (automatic)"),
    SettingProblem.CA_BUNDLE_MISSING: QT_TRANSLATE_NOOP("SettingTexts", "the CA bundle {bundle} does not exist"),
    SettingProblem.CLIENT_ID: QT_TRANSLATE_NOOP("SettingTexts", "{client_id} is not a client ID (a GUID such as "
                                                                "{example})"),
    SettingProblem.SMTP_SECURITY: QT_TRANSLATE_NOOP("SettingTexts", "SMTP security must be one of {choices}, not "
                                                                    "{security}"),
    SettingProblem.SMTP_PORT: QT_TRANSLATE_NOOP("SettingTexts", "{port} is not a port number"),
    SettingProblem.EMAIL_ADDRESS: QT_TRANSLATE_NOOP("SettingTexts", "{address} is not an e-mail address"),
    SettingProblem.WEBHOOK_URL: QT_TRANSLATE_NOOP(
        "SettingTexts", "the webhook URL must be an https:// address (Teams' and Slack's incoming webhooks are)"),
    SettingProblem.MAIL_SENDER: QT_TRANSLATE_NOOP("SettingTexts", "alert e-mail needs a sender (From)"),
    SettingProblem.TENANT_NAME: QT_TRANSLATE_NOOP("SettingTexts", "a tenant's name can't be empty"),
}


def setting_text(exc: BadSetting) -> str:
    return SettingTexts.tr(_WORDS[exc.problem]).format(**exc.facts)
