"""Alerts by e-mail over SMTP: STARTTLS (port 587, the default), implicit TLS (465) or none (a relay on the LAN),
signed in with a user whose password is in the OS keyring, or not signed in. TLS trusts the OS's roots plus the
CA bundle setting, as every other connection of Regvault does."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from desktop_app.network.proxy import NetworkSettings
from desktop_app.network.tls import ssl_context
from desktop_app.services.alert_delivery import EMAIL, AlertMessage, DeliveryFailed
from desktop_app.services.alert_settings import AlertSettings

TIMEOUT_SECONDS = 30


def email_message(message: AlertMessage, sender: str, recipient: str) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = message.title
    mail["From"] = sender
    mail["To"] = recipient
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to it
    mail.set_content(message.text + "\n\n-- \nSent by Regvault. `regvault alerts` lists every alert.\n")
    return mail


class EmailChannel:
    name = EMAIL

    def __init__(self, settings: AlertSettings, password: str | None, network: NetworkSettings | None = None,
                 *, why_unavailable: str | None = None) -> None:
        self._settings = settings
        self._password = password
        self._network = network or NetworkSettings()
        self._why = why_unavailable

    def unavailable(self) -> str | None:
        if not self._settings.smtp:
            return "no SMTP server is set (regvault settings --alert-smtp HOST …)"
        if self._settings.smtp_user and not self._password:
            return self._why or f"the SMTP password of {self._settings.smtp_user} is not in this workstation's keyring"
        return None

    def send(self, message: AlertMessage, recipient: str) -> None:
        s = self._settings
        where = f"{s.smtp_host}:{s.smtp_port}"
        try:
            context = ssl_context(self._network.ca_bundle or None)
            smtp: smtplib.SMTP
            if s.smtp_security == "ssl":
                smtp = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=TIMEOUT_SECONDS, context=context)
            else:
                smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=TIMEOUT_SECONDS)
            with smtp:
                if s.smtp_security == "starttls":
                    smtp.starttls(context=context)
                if s.smtp_user:
                    smtp.login(s.smtp_user, self._password or "")
                smtp.send_message(email_message(message, s.smtp_from, recipient))
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryFailed(f"the mail server {where} refused the sign-in of {s.smtp_user} ({exc.smtp_code}); "
                                 "give the password again with `regvault settings --alert-smtp-user USER`") from exc
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryFailed(f"the mail server {where} refused the recipient {recipient}") from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise DeliveryFailed(f"the mail server {where} does not offer STARTTLS; choose --alert-smtp-security ssl "
                                 "or none") from exc
        except (smtplib.SMTPException, OSError) as exc:  # ssl.SSLError and timeouts are OSErrors
            raise DeliveryFailed(f"the mail server {where} could not take the alert ({type(exc).__name__}: "
                                 f"{' '.join(str(exc).split())[:200]})") from exc
