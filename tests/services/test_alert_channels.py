"""The alert adapters against real peers on this machine: a webhook receiver, an SMTP server, a D-Bus session bus
with a notification service. The macOS and Windows notification commands can't run here: they are checked as built."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from alert_peers import session_bus, smtp_server, webhook_receiver

from desktop_app.services.alert_delivery import AlertMessage, DeliveryFailed
from desktop_app.services.alert_settings import AlertSettings
from desktop_app.services.notify_desktop import POWERSHELL_APP_ID, DesktopNotifier, session_bus_address
from desktop_app.services.notify_email import EmailChannel
from desktop_app.services.notify_webhook import BODY_LIMIT, WebhookChannel, webhook_body

MESSAGE = AlertMessage(title="Regvault: 1 credential expires soon",
                       lines=("Contoso / Payroll: client secret 'prod' expires in 5 days (2026-06-06)",),
                       items=({"kind": "credentialExpiring", "tenant": "Contoso", "app": "Payroll"},))


# --- webhook -----------------------------------------------------------------------------------------------------
def test_teams_and_generic_receivers_get_text_items_and_an_adaptive_card_slack_no_attachments() -> None:
    teams = webhook_body(MESSAGE, "https://contoso.webhook.office.com/webhookb2/x")
    assert teams["type"] == "message" and teams["text"].startswith("Regvault: 1 credential expires soon\n")
    assert teams["items"] == [{"kind": "credentialExpiring", "tenant": "Contoso", "app": "Payroll"}]
    card = teams["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert [b["text"] for b in card["content"]["body"]] == [MESSAGE.title, *MESSAGE.lines]
    slack = webhook_body(MESSAGE, "https://hooks.slack.com/services/T0/B0/x")
    assert set(slack) == {"text", "items"} and slack["text"] == MESSAGE.text


def test_a_huge_message_is_cut_to_fit_what_teams_accepts() -> None:
    many = AlertMessage(title="t", lines=tuple(f"line {i}" for i in range(25)), more=4975,
                        items=tuple({"text": "x" * 200, "n": i} for i in range(5000)))
    body = webhook_body(many, "https://x.webhook.office.com/a")
    import json

    assert len(json.dumps(body, ensure_ascii=False).encode()) <= BODY_LIMIT
    assert body["itemsLeftOut"] == 5000 - len(body["items"]) and body["items"]
    assert body["attachments"][0]["content"]["body"][-1]["text"] == "… and 4975 more (regvault alerts)"


def test_a_webhook_post_arrives_as_json() -> None:
    with webhook_receiver() as hook:
        WebhookChannel(hook.url).send(MESSAGE)
    assert hook.bodies[0]["text"] == MESSAGE.text and hook.paths == ["/webhookb2/secret-token-path"]


def test_a_failing_webhook_is_tried_again_with_pauses_then_succeeds() -> None:
    pauses: list[float] = []
    with webhook_receiver([(503, {}), (429, {"Retry-After": "7"}), (200, {})]) as hook:
        WebhookChannel(hook.url, retry_delays=(2.0, 10.0), sleep=pauses.append).send(MESSAGE)
    assert len(hook.bodies) == 3 and pauses == [2.0, 7.0]


def test_a_webhook_that_is_down_is_tried_three_times_then_said_without_its_url() -> None:
    with webhook_receiver() as hook:
        url = hook.url  # the receiver is gone once this block ends: its port refuses
    pauses: list[float] = []
    with pytest.raises(DeliveryFailed) as failed:
        WebhookChannel(url, sleep=pauses.append).send(MESSAGE)
    said = str(failed.value)
    assert said.startswith("the webhook at 127.0.0.1 could not be reached after 3 tries (ConnectError")
    assert "secret-token-path" not in said and pauses == [2.0, 10.0]


def test_a_webhook_that_refuses_is_said_at_once() -> None:
    with webhook_receiver([(404, {})]) as hook, pytest.raises(
            DeliveryFailed, match=r"refused the alert \(HTTP 404: invalid_payload\)"):
        WebhookChannel(hook.url, sleep=lambda _s: None).send(MESSAGE)
    assert len(hook.bodies) == 1


def test_without_a_url_here_the_webhook_is_unavailable() -> None:
    assert WebhookChannel(None).unavailable() == "the webhook's URL is not in this workstation's keyring"


# --- e-mail ------------------------------------------------------------------------------------------------------
def _smtp(port: int, **changes: Any) -> AlertSettings:
    return AlertSettings(**{"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_security": "none",
                            "smtp_from": "regvault@contoso.example", "smtp_to": ("admins@contoso.example",),
                            **changes})


def test_an_alert_mail_is_sent_signed_in_with_the_keyring_password() -> None:
    with smtp_server(password="s3cret") as box:
        EmailChannel(_smtp(box.port, smtp_user="alerts"), "s3cret").send(MESSAGE, "admins@contoso.example")
    sender, recipients, mail = box.messages[0]
    assert (sender, recipients, box.logins) == ("regvault@contoso.example", ["admins@contoso.example"],
                                               [("alerts", "s3cret")])
    assert mail["Subject"] == MESSAGE.title and mail["Auto-Submitted"] == "auto-generated"
    assert "client secret 'prod' expires in 5 days" in mail.get_payload(decode=True).decode()


def test_a_wrong_password_or_a_server_that_is_down_is_said() -> None:
    with smtp_server(password="right") as box:
        with pytest.raises(DeliveryFailed, match="refused the sign-in of alerts"):
            EmailChannel(_smtp(box.port, smtp_user="alerts"), "wrong").send(MESSAGE, "a@contoso.example")
        port = box.port
    with pytest.raises(DeliveryFailed, match=rf"the mail server 127.0.0.1:{port} could not take the alert"):
        EmailChannel(_smtp(port), None).send(MESSAGE, "a@contoso.example")


def test_email_needs_a_server_and_the_password_of_its_user() -> None:
    assert EmailChannel(AlertSettings(), None).unavailable().startswith("no SMTP server is set")
    assert "not in this workstation's keyring" in EmailChannel(_smtp(25, smtp_user="u"), None).unavailable()
    assert EmailChannel(_smtp(25), None).unavailable() is None


# --- desktop -----------------------------------------------------------------------------------------------------
def test_a_notification_reaches_the_desktop_s_notification_service_over_d_bus() -> None:
    with session_bus() as bus:
        notifier = DesktopNotifier("linux", environ={"DBUS_SESSION_BUS_ADDRESS": bus.address})
        assert notifier.unavailable() is None
        notifier.send(MESSAGE)
    assert bus.shown == [("Regvault", MESSAGE.title, MESSAGE.lines[0])]


def test_a_bus_without_a_notification_service_is_a_failure_said() -> None:
    with session_bus(with_notifications=False) as bus:
        notifier = DesktopNotifier("linux", environ={"DBUS_SESSION_BUS_ADDRESS": bus.address})
        with pytest.raises(DeliveryFailed, match="no notification service.*ServiceUnknown"):
            notifier.send(MESSAGE)


def test_no_session_bus_means_unavailable_and_cron_finds_the_user_s_bus(tmp_path: Any) -> None:
    assert DesktopNotifier("linux", environ={"XDG_RUNTIME_DIR": str(tmp_path)}).unavailable() is not None
    (tmp_path / "bus").touch()
    assert session_bus_address({"XDG_RUNTIME_DIR": str(tmp_path)}) == f"unix:path={tmp_path}/bus"


class _Run:
    def __init__(self, returncode: int = 0, stderr: str = "") -> None:
        self.calls: list[tuple[list[str], dict[str, str] | None]] = []
        self.extra: list[dict[str, Any]] = []  # what else was passed beyond the usual
        self.returncode, self.stderr = returncode, stderr

    def __call__(self, command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        self.calls.append((command, kwargs.get("env")))
        self.extra.append({k: v for k, v in kwargs.items()
                           if k not in ("env", "capture_output", "text", "timeout", "check")})
        return subprocess.CompletedProcess(command, self.returncode, "", self.stderr)


def test_macos_is_told_through_osascript_with_quotes_escaped() -> None:
    run = _Run()
    DesktopNotifier("darwin", run=run).send(AlertMessage(title='Regvault: "1"', lines=('App \\ "x"', "two")))
    command, env = run.calls[0]
    assert command == ["/usr/bin/osascript", "-e",
                       'display notification "App \\\\ \\"x\\" two" with title "Regvault: \\"1\\""']
    assert env is None


def test_windows_gets_a_toast_whose_texts_travel_in_the_environment_not_the_script() -> None:
    run = _Run()
    DesktopNotifier("win32", run=run, environ={"PATH": "C:\\Windows"}).send(
        AlertMessage(title="Regvault: <1> & 'x'", lines=("$(evil)",)))
    command, env = run.calls[0]
    assert command[:5] == ["powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass"]
    assert "$(evil)" not in command[-1] and "ToastNotificationManager" in command[-1]
    assert env is not None and env["REGVAULT_TOAST_TITLE"] == "Regvault: <1> & 'x'"
    assert (env["REGVAULT_TOAST_BODY"], env["REGVAULT_TOAST_APP"], env["PATH"]) == ("$(evil)", POWERSHELL_APP_ID,
                                                                                   "C:\\Windows")
    assert run.extra[0] == {"creationflags": 0x08000000}  # CREATE_NO_WINDOW: no console flashing up


def test_a_command_that_fails_is_said_with_what_it_printed() -> None:
    with pytest.raises(DeliveryFailed, match=r"osascript exit 1: execution error"):
        DesktopNotifier("darwin", run=_Run(1, "execution error\n")).send(MESSAGE)
