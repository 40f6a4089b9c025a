"""`regvault settings --alert-…`: where alerts go (the desktop, a webhook, e-mail). Secrets go to the keyring: the
webhook's URL (it carries its token) and the SMTP password, which is asked for, never taken from the command line."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from desktop_app.auth.errors import KeyringUnavailable
from desktop_app.cli.common import EXIT_FAILED, CommandError
from desktop_app.cli.session import read_secret
from desktop_app.services.alert_settings import (
    SMTP_SECURITY,
    AlertSettings,
    load_alert_settings,
    save_alert_settings,
    set_smtp_password,
    set_webhook,
)
from desktop_app.store.database import Store

_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def add_alert_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("alerts (after each backup: failures, expiring credentials, incidents)")
    group.add_argument("--alert-desktop", choices=("on", "off"), help="desktop notifications (on by default)")
    group.add_argument("--alert-webhook", metavar="URL",
                       help="POST alerts as JSON to this Teams or Slack incoming webhook ('-': read it from stdin; "
                            "'off': stop); the URL is kept in the keyring")
    group.add_argument("--alert-smtp", metavar="HOST[:PORT]", help="send alerts by e-mail through this server ('off': "
                       "stop)")
    group.add_argument("--alert-smtp-security", choices=SMTP_SECURITY,
                       help="starttls (port 587, the default), ssl (465) or none")
    group.add_argument("--alert-smtp-user", metavar="USER",
                       help="sign in to the server as USER (the password is asked for and kept in the keyring; '' "
                            "for none)")
    group.add_argument("--alert-smtp-from", metavar="ADDRESS", help="the sender of alert e-mails")
    group.add_argument("--alert-smtp-to", metavar="ADDRESS[,ADDRESS…]", help="who gets alert e-mails")
    group.add_argument("--alert-owners", choices=("on", "off"),
                       help="also e-mail each app's owners about its own expiring credentials")


def change_alert_settings(store: Store, args: argparse.Namespace) -> AlertSettings:
    """Apply the --alert-… options given (none: nothing changes); returns the settings now in force."""
    settings = load_alert_settings(store)
    try:
        if args.alert_webhook is not None:
            url = args.alert_webhook.strip()
            if url == "-":
                url = read_secret("Webhook URL: ").strip()
            settings = set_webhook(store, None if url.lower() in ("off", "") else url)
        changed = _smtp_changes(settings, args)
        if changed != settings:
            save_alert_settings(store, changed)
            if args.alert_smtp_user:
                set_smtp_password(changed, read_secret(f"SMTP password of {changed.smtp_user}: ") or None)
        return changed
    except KeyringUnavailable as exc:
        raise CommandError(f"alert secrets are kept in the system keyring, and none is available: {exc}",
                           EXIT_FAILED) from exc
    except ValueError as exc:
        raise CommandError(str(exc)) from exc


def _smtp_changes(settings: AlertSettings, args: argparse.Namespace) -> AlertSettings:
    changed = settings
    if args.alert_desktop:
        changed = replace(changed, desktop=args.alert_desktop == "on")
    if args.alert_smtp_security:
        changed = replace(changed, smtp_security=args.alert_smtp_security,
                          smtp_port=_DEFAULT_PORTS[args.alert_smtp_security])
    if args.alert_smtp is not None:
        server = args.alert_smtp.strip()
        if server.lower() in ("off", ""):
            changed = replace(changed, smtp_host="")
        else:
            host, _, port = server.rpartition(":") if server.count(":") == 1 else (server, "", "")
            try:
                changed = replace(changed, smtp_host=host or server,
                                  smtp_port=int(port) if port else _DEFAULT_PORTS[changed.smtp_security])
            except ValueError as exc:
                raise ValueError(f"{server!r} is not HOST or HOST:PORT") from exc
    if args.alert_smtp_user is not None:
        changed = replace(changed, smtp_user=args.alert_smtp_user.strip())
    if args.alert_smtp_from is not None:
        changed = replace(changed, smtp_from=args.alert_smtp_from.strip())
    if args.alert_smtp_to is not None:
        changed = replace(changed, smtp_to=tuple(a.strip() for a in args.alert_smtp_to.split(",") if a.strip()))
    if args.alert_owners:
        changed = replace(changed, email_owners=args.alert_owners == "on")
    if changed.smtp_host and not changed.smtp_from and changed != settings:
        raise ValueError("alert e-mail needs a sender: add --alert-smtp-from ADDRESS")
    return changed


def alert_settings_json(settings: AlertSettings) -> dict[str, Any]:
    return {"desktop": settings.desktop, "webhook": settings.webhook_host or None,
            "smtp": {"server": settings.smtp_host, "port": settings.smtp_port, "security": settings.smtp_security,
                     "user": settings.smtp_user or None, "from": settings.smtp_from, "to": list(settings.smtp_to),
                     "owners": settings.email_owners} if settings.smtp_host else None}


def alert_settings_text(settings: AlertSettings) -> str:
    lines = [f"Alerts on the desktop: {'yes' if settings.desktop else 'no'}",
             f"Alert webhook: {settings.webhook_host + ' (URL in the keyring)' if settings.webhook else 'none'}"]
    if settings.smtp_host:
        who = ", ".join(settings.smtp_to) or "nobody"
        lines.append(f"Alert e-mail: to {who}{' and the apps’ owners' if settings.email_owners else ''}, from "
                     f"{settings.smtp_from or '?'} via {settings.smtp_host}:{settings.smtp_port} "
                     f"({settings.smtp_security}{', as ' + settings.smtp_user if settings.smtp_user else ''})")
    else:
        lines.append("Alert e-mail: none")
    return "\n".join(lines)
