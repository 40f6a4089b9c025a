"""The change timeline in words: who changed a version, and what the audit log would add when it can't be read."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.domain.audit import AuditEvent, Part, other_properties, parts_changed
from desktop_app.ui.texts import QT_TRANSLATE_NOOP, TrContext, format_datetime

TimelineTexts = TrContext("TimelineTexts")

PART_WORDS: dict[Part, str] = {
    Part.APP: QT_TRANSLATE_NOOP("TimelineTexts", "App"),
    Part.NAME: QT_TRANSLATE_NOOP("TimelineTexts", "Name"),
    Part.REDIRECT_URIS: QT_TRANSLATE_NOOP("TimelineTexts", "Redirect URIs"),
    Part.IDENTIFIER_URIS: QT_TRANSLATE_NOOP("TimelineTexts", "Identifier URIs"),
    Part.AUDIENCE: QT_TRANSLATE_NOOP("TimelineTexts", "Supported accounts"),
    Part.API_PERMISSIONS: QT_TRANSLATE_NOOP("TimelineTexts", "API permissions"),
    Part.CREDENTIALS: QT_TRANSLATE_NOOP("TimelineTexts", "Certificates & secrets"),
    Part.FEDERATED_CREDENTIALS: QT_TRANSLATE_NOOP("TimelineTexts", "Federated credentials"),
    Part.OWNERS: QT_TRANSLATE_NOOP("TimelineTexts", "Owners"),
    Part.LOGO: QT_TRANSLATE_NOOP("TimelineTexts", "Logo"),
    Part.CONSENT: QT_TRANSLATE_NOOP("TimelineTexts", "Consent"),
    Part.ASSIGNMENTS: QT_TRANSLATE_NOOP("TimelineTexts", "Users and groups"),
    Part.SERVICE_PRINCIPAL: QT_TRANSLATE_NOOP("TimelineTexts", "Enterprise application"),
    Part.OTHER: QT_TRANSLATE_NOOP("TimelineTexts", "Other properties"),
}


def actor_words(event: AuditEvent) -> str:
    if event.actor.kind == "app":
        return TimelineTexts.tr("{app} (app)").format(app=event.actor.name or event.actor.id or "?")
    return event.actor.name or event.actor.id or TimelineTexts.tr("someone")


def changed_by_lines(events: Sequence[AuditEvent]) -> list[str]:
    """One line per event: "Redirect URIs: changed by alice@contoso.com at 2026-12-07 09:14 (Update application)"."""
    lines = []
    for event in events:
        parts = ", ".join(_part_words(event, p) for p in parts_changed(event))
        lines.append(TimelineTexts.tr("{parts}: changed by {actor} at {time} ({activity})").format(
            parts=parts, actor=actor_words(event), time=format_datetime(event.time), activity=event.activity))
    return lines


def _part_words(event: AuditEvent, part: Part) -> str:
    others = other_properties(event) if part is Part.OTHER else ()
    if others:  # the log's own names (Notes, Tags): more telling than "other properties"
        return TimelineTexts.tr("Other properties ({names})").format(names=", ".join(others))
    return TimelineTexts.tr(PART_WORDS[part])


def audit_missing_words(missing: str) -> str:
    return TimelineTexts.tr("Who made each change is not known: Regvault's sign-in lacks {permissions}. Signing in "
                            "with them adds who changed what, and when, to every version from then on (and to the "
                            "30 days Entra still keeps).").format(permissions=missing)
