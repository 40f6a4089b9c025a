"""A setting that can't work, in the window's language: in English word for word the services' sentence (what the
command line prints), in German German; the settings dialog's status says it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.network.proxy import NetworkSettings
from desktop_app.services.alert_settings import AlertSettings, check, check_webhook_url
from desktop_app.services.network_settings import save_network_settings
from desktop_app.services.setting_problems import BadSetting, SettingProblem
from desktop_app.services.tenants import SignInPreferences, save_preferences
from desktop_app.store import Store
from desktop_app.ui.alert_settings_group import AlertChanges, check_alert_changes
from desktop_app.ui.errors import describe_error
from desktop_app.ui.setting_words import setting_text


def bad_settings(store: Store, folder: Path) -> list[BadSetting]:
    attempts: list[Callable[[], object]] = [
        lambda: save_network_settings(store, NetworkSettings(proxy="proxy.contoso.com:8080")),
        lambda: save_network_settings(store, NetworkSettings(ca_bundle=str(folder / "missing.pem"))),
        lambda: save_preferences(store, SignInPreferences(client_id="not a guid")),
        lambda: check(AlertSettings(smtp_security="ssl3")),
        lambda: check(AlertSettings(smtp_port=70000)),
        lambda: check(AlertSettings(smtp_host="smtp.contoso.com", smtp_from="it-admins")),
        lambda: check_webhook_url("http://hooks.contoso.com/x"),
        lambda: check_alert_changes(AlertChanges(AlertSettings(smtp_host="smtp.contoso.com"), None, None)),
    ]
    made = []
    for attempt in attempts:
        with pytest.raises(BadSetting) as raised:
            attempt()
        made.append(raised.value)
    return made


def test_every_problem_is_made(store: Store, tmp_path: Path) -> None:
    assert {e.problem for e in bad_settings(store, tmp_path)} == set(SettingProblem) - {SettingProblem.TENANT_NAME}


def test_the_english_window_says_what_the_command_line_says(qapp, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for error in [*bad_settings(store, tmp_path), BadSetting(SettingProblem.TENANT_NAME, "a tenant's name can't be "
                                                                                       "empty")]:
        assert setting_text(error) == str(error) == describe_error(error).summary


def test_the_german_window_says_it_in_german(german: None, store: Store, tmp_path: Path) -> None:
    for error in bad_settings(store, tmp_path):
        text = describe_error(error).summary
        assert text != str(error) and any(w in text for w in ("ist keine", "existiert nicht", "muss", "brauchen")), text
        assert all(fact in text for fact in error.facts.values()), text
