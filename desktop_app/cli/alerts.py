"""`regvault alerts`: what was sent and what is pending; `--test` sends a test alert; `--check` looks now."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop_app.cli.common import EXIT_FAILED, CommandError, emit, format_time, guarded
from desktop_app.cli.session import opened_services
from desktop_app.domain.text_safety import printable
from desktop_app.services import alert_texts
from desktop_app.services.alert_delivery import DESKTOP, EMAIL, WEBHOOK
from desktop_app.services.alert_settings import AlertSettings, load_alert_settings
from desktop_app.services.alerts import AlertReport, AlertService, as_jsonable, channel_names
from desktop_app.store.alert_records import AlertRecord

_STATUS_WORDS = {"pending": "pending", "sending": "being sent", "sent": "sent", "failed": "failed, will retry",
                 "dropped": "given up"}


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    alerts = subparsers.add_parser("alerts", parents=[common], help="what alerts were sent and what is pending")
    action = alerts.add_mutually_exclusive_group()
    action.add_argument("--test", action="store_true", help="send a test alert to every channel set up")
    action.add_argument("--check", action="store_true",
                        help="look now (credentials, tenants not backed up) and send what is due or pending")
    alerts.add_argument("--limit", type=int, default=50, metavar="N", help="show the N newest alerts (default 50)")
    alerts.set_defaults(handler=guarded(run_alerts))


def run_alerts(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CommandError("--limit takes 1 or more")
    report: AlertReport | None = None
    with opened_services(args) as services:
        service = services.alerts()
        settings = load_alert_settings(services.store)
        if args.test:
            if not channel_names(settings):
                raise CommandError("no alert channel is set up: see `regvault settings --help` (--alert-desktop, "
                                   "--alert-webhook, --alert-smtp)")
            report = service.send_test()
        elif args.check:
            report = service.after_backups()
        recent = services.store.alerts.recent(args.limit)
        waiting = services.store.alerts.undelivered()
        unavailable = service.unavailable_channels()
    for sentence in report.sentences() if report is not None else []:
        print(f"regvault: warning: {printable(sentence)}", file=sys.stderr)
    document: dict[str, Any] = {"channels": _channels(settings, service), "recent": [as_jsonable(a) for a in recent],
                "pending": [as_jsonable(a) for a in waiting]}
    if report is not None:
        document["sent"] = dict(report.sent)
        document["created"] = report.created

    def text() -> list[str]:
        lines = [_channel_line(settings, unavailable)]
        if report is not None:
            sent = ", ".join(f"{n} on {c}" for c, n in report.sent.items()) or "nothing"
            lines.append(f"Sent now: {sent}" + (f" ({report.created} new alerts)" if args.check else ""))
        lines.append(f"Pending: {len(waiting)}" if waiting else "Pending: none")
        lines += [f"  {_alert_line(a)}" for a in waiting[:20]]
        lines.append("Recent alerts:" if recent else "No alerts yet.")
        lines += [f"  {_alert_line(a)}" for a in recent]
        return lines

    emit(args, document, text)
    problems = report.problems if report is not None else ()
    return EXIT_FAILED if args.test and (problems or not report or not report.sent) else 0


def _channels(settings: AlertSettings, service: AlertService) -> dict[str, Any]:
    unavailable = service.unavailable_channels()
    return {"desktop": {"on": settings.desktop, "here": DESKTOP not in unavailable,
                        "unavailable": unavailable.get(DESKTOP)},
            "webhook": {"on": settings.webhook, "host": settings.webhook_host or None,
                        "here": settings.webhook and WEBHOOK not in unavailable, "unavailable": unavailable.get(WEBHOOK)},
            "email": {"on": settings.smtp, "server": f"{settings.smtp_host}:{settings.smtp_port}" if settings.smtp_host
                      else None, "to": list(settings.smtp_to), "owners": settings.email_owners,
                      "here": settings.smtp and EMAIL not in unavailable, "unavailable": unavailable.get(EMAIL)}}


def _channel_line(settings: AlertSettings, unavailable: dict[str, str]) -> str:
    parts = []
    if settings.desktop:
        parts.append("desktop notifications" + (f" (not here: {unavailable[DESKTOP]})" if DESKTOP in unavailable
                                                 else ""))
    if settings.webhook:
        parts.append(f"webhook at {settings.webhook_host}" + (f" (not here: {unavailable[WEBHOOK]})"
                                                              if WEBHOOK in unavailable else ""))
    if settings.smtp:
        to = ", ".join(settings.smtp_to) + (" and the apps' owners" if settings.email_owners else "")
        parts.append(f"e-mail to {to} via {settings.smtp_host}" + (f" (not here: {unavailable[EMAIL]})"
                                                                   if EMAIL in unavailable else ""))
    return "Alerts go to: " + ("; ".join(parts) if parts else "nowhere (see `regvault settings --help`)")


def _alert_line(alert: AlertRecord) -> str:
    states = ", ".join(f"{d.channel}{' ' + d.recipient if d.recipient else ''}: {_STATUS_WORDS.get(d.status, d.status)}"
                       + (f" ({d.error})" if d.error and d.status in ('failed', 'dropped') else "")
                       for d in alert.deliveries) or "no channel"
    return f"{format_time(alert.created)}  {alert_texts.line(alert)}  [{states}]"
