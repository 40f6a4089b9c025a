"""The report's rows in the window's words: a run's items, or a past run's items from the audit trail, both from
their codes through tr() (a past run recorded before the audit kept codes: in the English words it was recorded
with)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from desktop_app.domain.natural_sort import natural_key
from desktop_app.domain.restore_plan import Action, RecordedOutcome, failure_from_json, outcome_from_json
from desktop_app.services.restore import ReportItem
from desktop_app.store.records import RestoreItemInfo, RestoreRunInfo
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
    up_to_date: bool = False  # nothing was written to it (ReportItem.up_to_date)


def report_row(item: ReportItem) -> ReportRow:
    row = ReportRow(
        display_name=item.display_name, source_app_id=item.source_app_id, source_object_id=item.source_object_id,
        action=item.action, result=item.result, new_app_id=item.new_app_id, new_object_id=item.new_object_id,
        error_code=item.error_code, request_id=item.request_id, message=None, up_to_date=item.up_to_date,
    )
    return _said(row, RecordedOutcome(item.warnings, item.follow_ups, item.access, item.failure))


def recorded_row(item: RestoreItemInfo) -> ReportRow:
    """A past run's item from the audit trail: from its codes, or, recorded before the audit kept codes, in the
    words it was recorded with (its follow-ups and notes among its warnings)."""
    row = ReportRow(
        display_name=item.display_name, source_app_id=item.source_app_id, source_object_id=item.source_object_id,
        action=_action(item.action), result=item.result, new_app_id=item.new_app_id,
        new_object_id=item.new_object_id, error_code=item.error_code, request_id=item.request_id,
        message=item.message, warnings=tuple(item.warnings), up_to_date=item.result == "unchanged",
    )
    outcome = outcome_from_json(item.outcome)
    if outcome is None:
        return row
    return _said(replace(row, up_to_date=row.up_to_date or outcome.up_to_date), outcome)


def _said(row: ReportRow, outcome: RecordedOutcome) -> ReportRow:
    """The row with its codes in the window's words: why it failed, its warnings apart from its notes, what is left
    to do, what was granted or assigned (codes a later version wrote, as they were stored, among the warnings)."""
    return replace(
        row, message=failure_text(outcome.failure) if outcome.failure is not None else None,
        warnings=tuple(warning_text(w) for w in outcome.warnings if not w.is_note) + outcome.unknown,
        notes=tuple(warning_text(w) for w in outcome.warnings if w.is_note),
        follow_ups=tuple(follow_up_text(f) for f in outcome.follow_ups),
        access=tuple(access_text(a, done=True) for a in outcome.access),
    )


# What needs a look first (failed, then with warnings), each by name; a run's own order is completion's.
_LOOK_FIRST = {"failed": 0, "interrupted": 1, "warnings": 2, "skipped": 3, "unchanged": 5}


def needing_a_look_first(rows: Iterable[ReportRow]) -> list[ReportRow]:
    """A run's rows as its report lists them, in the wizard and in the Restore history alike."""
    return sorted(rows, key=lambda r: (_LOOK_FIRST.get(r.result, 4), natural_key(r.display_name)))


def run_stop_text(run: RestoreRunInfo) -> str:
    """How a past run stopped, in the window's words ("" when it completed); recorded before the audit kept codes:
    in the words it was recorded with."""
    stopped = failure_from_json(run.stopped)
    return failure_text(stopped) if stopped is not None else run.message or ""


def _action(value: str) -> Action | str:
    try:
        return Action(value)
    except ValueError:  # an action this version doesn't know (a newer one wrote the audit): kept as text
        return value
