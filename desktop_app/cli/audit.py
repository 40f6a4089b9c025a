"""`regvault audit --tenant T [--app CLIENT_ID] [--since WHEN]`: the directory audit events kept for a tenant, newest
first (the store keeps them beyond Entra's 30 days; captures read them)."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from desktop_app.cli.common import CommandError, emit, format_time, guarded, opened_store
from desktop_app.domain.audit import AuditEvent, Part, other_properties, parts_changed, property_names

# The app document's parts in words (domain/audit.Part codes).
PART_WORDS: dict[Part, str] = {
    Part.APP: "App", Part.NAME: "Name", Part.REDIRECT_URIS: "Redirect URIs", Part.IDENTIFIER_URIS: "Identifier URIs",
    Part.AUDIENCE: "Supported accounts", Part.API_PERMISSIONS: "API permissions",
    Part.CREDENTIALS: "Certificates & secrets", Part.FEDERATED_CREDENTIALS: "Federated credentials",
    Part.OWNERS: "Owners", Part.LOGO: "Logo", Part.CONSENT: "Consent", Part.ASSIGNMENTS: "Users and groups",
    Part.SERVICE_PRINCIPAL: "Enterprise application", Part.OTHER: "Other properties",
}
_RELATIVE = re.compile(r"^(\d+)\s*([dhm])$")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    audit = subparsers.add_parser("audit", parents=[common],
                                  help="who changed which app and when: the directory audit events kept")
    audit.add_argument("--tenant", metavar="T", required=True)
    audit.add_argument("--app", metavar="CLIENT_ID", help="only the events that name this app (client or object ID)")
    audit.add_argument("--since", metavar="WHEN", type=since_value,
                       help="only events from then on: a date or time (2026-05-01, 2026-05-01T09:00) or an age "
                            "(7d, 12h, 30m)")
    audit.set_defaults(handler=guarded(list_events))


def since_value(text: str) -> datetime:
    relative = _RELATIVE.match(text.strip().lower())
    if relative is not None:
        amount, unit = int(relative.group(1)), relative.group(2)
        return datetime.now(UTC) - timedelta(**{{"d": "days", "h": "hours", "m": "minutes"}[unit]: amount})
    try:
        moment = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date, a time or an age (7d, 12h): {text!r}") from None
    return moment.astimezone() if moment.tzinfo is None else moment


def actor_label(event: AuditEvent) -> str:
    if event.actor.kind == "app":
        return f"{event.actor.name or event.actor.id or 'an app'} (app)"
    return event.actor.name or event.actor.id or "unknown"


def event_json(event: AuditEvent) -> dict[str, Any]:
    return {"id": event.event_id, "time": event.time, "activity": event.activity, "actor": actor_label(event),
            "actorKind": event.actor.kind, "actorId": event.actor.id, "result": event.result,
            "parts": [p.value for p in parts_changed(event)], "properties": list(property_names(event)),
            "targets": [{"id": t.id, "type": t.kind, "displayName": t.display_name} for t in event.targets]}


def changed_by_json(event: AuditEvent) -> dict[str, Any]:
    """One entry of `versions --json`'s changedBy."""
    return {"actor": actor_label(event), "activity": event.activity, "time": event.time,
            "actorKind": event.actor.kind, "parts": [p.value for p in parts_changed(event)]}


def what_changed(event: AuditEvent) -> str:
    others = ", ".join(other_properties(event))
    return ", ".join(f"{PART_WORDS[p]} ({others})" if p is Part.OTHER and others else PART_WORDS[p]
                     for p in parts_changed(event))


def list_events(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        tenant = store.get_tenant(args.tenant)
        object_id = None
        if args.app:
            app = store.find_app(tenant.tenant_id, args.app)
            if app is None:
                raise CommandError(f"no backed-up app with client ID or object ID {args.app} in {tenant.display_name}")
            object_id = app.object_id
        events = store.timeline.events(tenant.tenant_id, app_object_id=object_id, since=args.since)
        state = store.timeline.capture_state(tenant.tenant_id)

    def text() -> list[str]:
        lines = [f"{format_time(e.time):<16}  {actor_label(e):<32.32}  {e.activity}: {what_changed(e)}"
                 + (f" ({', '.join(t.display_name for t in e.targets if t.display_name)})" if not args.app else "")
                 for e in events]
        if not lines:
            lines = [f"No audit events kept for {tenant.display_name}{' and this app' if args.app else ''}."]
        if state.audit_refused:
            lines.append(f"The audit log is not read: Regvault's sign-in lacks {state.audit_refused}. Run "
                         f"`regvault signin --tenant {tenant.tenant_id} --audit-read` to record who changes what.")
        elif state.audit_read_until is not None:
            lines.append(f"Audit log read up to {format_time(state.audit_read_until)}.")
        return lines

    emit(args, {"tenant": tenant.tenant_id, "events": [event_json(e) for e in events],
                "readUntil": state.audit_read_until, "missingPermissions": state.audit_refused}, text)
    return 0
