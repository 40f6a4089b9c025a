"""The report's rows in the window's words: a run's items (codes, made into words here through tr()), or a past
run's items from the audit trail (recorded in the words of the time)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.restore_plan import Action
from desktop_app.services.restore import ReportItem
from desktop_app.store.records import RestoreItemInfo
from desktop_app.ui.restore.words import access_text, failure_text, follow_up_text, warning_text


@dataclass(frozen=True)
class ReportRow:
    display_name: str
    source_app_id: str
    source_object_id: str
    action: Action | str  # text: an action a newer version wrote to the audit
    result: str
    new_app_id: str | None
    new_object_id: str | None
    error_code: str | None
    request_id: str | None
    message: str | None  # why it failed, or was not started
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()
    access: tuple[str, ...] = ()  # what was granted, assigned or removed


def report_row(item: ReportItem) -> ReportRow:
    return ReportRow(
        display_name=item.display_name, source_app_id=item.source_app_id, source_object_id=item.source_object_id,
        action=item.action, result=item.result, new_app_id=item.new_app_id, new_object_id=item.new_object_id,
        error_code=item.error_code, request_id=item.request_id,
        message=failure_text(item.failure) if item.failure is not None else None,
        warnings=tuple(warning_text(w) for w in item.warnings if not w.is_note),
        notes=tuple(warning_text(w) for w in item.warnings if w.is_note),
        follow_ups=tuple(follow_up_text(f) for f in item.follow_ups),
        access=tuple(access_text(a, done=True) for a in item.access),
    )


def recorded_row(item: RestoreItemInfo) -> ReportRow:
    """A past run's item as the audit trail recorded it (its follow-ups and notes among its warnings)."""
    return ReportRow(
        display_name=item.display_name, source_app_id=item.source_app_id, source_object_id=item.source_object_id,
        action=_action(item.action), result=item.result, new_app_id=item.new_app_id,
        new_object_id=item.new_object_id, error_code=item.error_code, request_id=item.request_id,
        message=item.message, warnings=tuple(item.warnings),
    )


def _action(value: str) -> Action | str:
    try:
        return Action(value)
    except ValueError:  # an action this version doesn't know (a newer one wrote the audit): kept as text
        return value
