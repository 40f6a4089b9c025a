"""What the restore audit trail keeps of each app's result (RestoreItem.outcome) and of how a run stopped
(RestoreRun.stopped): the codes and their facts, never words, so the restore history is said in the reader's
language (the command line's texts, the window's tr()). The stored JSON and its reading live here, beside the
codes: a code this version doesn't know (a later version may retire one) is kept as its text, never an error."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from desktop_app.domain.restore_plan.outcome import Failure, FailureCode, Undo
from desktop_app.domain.restore_plan.plan import (
    AccessChange,
    AccessChangeKind,
    FollowUp,
    FollowUpCode,
    PlanWarning,
    WarningCode,
)

FORMAT = 1  # the "v" of the stored JSON

E = TypeVar("E", bound=enum.Enum)


@dataclass(frozen=True)
class RecordedOutcome:
    """An app's result as the audit trail keeps it: its warnings and notes, follow-ups, grants and assignments made,
    and why it failed or was not started."""

    warnings: tuple[PlanWarning, ...] = ()  # warnings and notes (PlanWarning.is_note)
    follow_ups: tuple[FollowUp, ...] = ()
    access: tuple[AccessChange, ...] = ()
    failure: Failure | None = None
    unknown: tuple[str, ...] = ()  # codes this version doesn't know, as stored ("code {facts}")
    up_to_date: bool = False  # nothing was written: the app was already as at the snapshot (its warnings stand)


def outcome_json(outcome: RecordedOutcome) -> dict[str, Any]:
    return {
        "v": FORMAT,
        "warnings": [{"code": w.code.value, "params": dict(w.params)} for w in outcome.warnings],
        "followUps": [{"code": f.code.value, "params": dict(f.params)} for f in outcome.follow_ups],
        "access": [{"kind": a.kind.value, "subject": a.subject, "detail": a.detail, "who": a.who,
                    "principalId": a.principal_id} for a in outcome.access],
        "failure": failure_json(outcome.failure) if outcome.failure is not None else None,
        **({"unknown": list(outcome.unknown)} if outcome.unknown else {}),
        **({"upToDate": True} if outcome.up_to_date else {}),
    }


def outcome_from_json(data: Any) -> RecordedOutcome | None:
    """The stored outcome; None for a row written before codes were kept (its words are in its own columns)."""
    if not isinstance(data, Mapping):
        return None
    unknown: list[str] = [str(u) for u in _list(data.get("unknown"))]
    warnings = [PlanWarning(code, _params(entry)) for code, entry in _known(WarningCode, data.get("warnings"), unknown)]
    follow_ups = [FollowUp(code, _params(entry)) for code, entry in _known(FollowUpCode, data.get("followUps"), unknown)]
    access = [
        AccessChange(kind, str(entry.get("subject") or ""), str(entry.get("detail") or ""), str(entry.get("who") or ""),
                     str(entry.get("principalId") or ""))
        for kind, entry in _known(AccessChangeKind, data.get("access"), unknown, key="kind")
    ]
    failure = failure_from_json(data.get("failure"))
    if failure is None and isinstance(data.get("failure"), Mapping):
        unknown.append(_as_text(data["failure"], "code"))
    return RecordedOutcome(tuple(warnings), tuple(follow_ups), tuple(access), failure, tuple(unknown),
                           up_to_date=data.get("upToDate") is True)


def failure_json(failure: Failure) -> dict[str, Any]:
    return {"code": failure.code.value, "params": dict(failure.params), "undo": failure.undo.value}


def failure_from_json(data: Any) -> Failure | None:
    """A stored failure; None when there is none, or its code is one this version doesn't know."""
    if not isinstance(data, Mapping):
        return None
    code = _code(FailureCode, data, "code")
    if code is None:
        return None
    try:
        undo = Undo(str(data.get("undo") or ""))
    except ValueError:
        undo = Undo.NONE
    return Failure(code, _params(data), undo)


def _list(value: Any) -> Sequence[Any]:
    return value if isinstance(value, list) else ()


def _known(enum_type: type[E], entries: Any, unknown: list[str], key: str = "code") -> list[tuple[E, Mapping[str, Any]]]:
    """The stored entries whose code this version knows, with their code; the others' text added to `unknown`."""
    known = []
    for entry in _list(entries):
        code = _code(enum_type, entry, key)
        if code is None:
            unknown.append(_as_text(entry, key))
        else:
            known.append((code, entry))
    return known


def _code(enum_type: type[E], entry: Any, key: str) -> E | None:
    if not isinstance(entry, Mapping):
        return None
    try:
        return enum_type(str(entry.get(key)))
    except ValueError:
        return None


def _params(entry: Mapping[str, Any]) -> dict[str, str]:
    params = entry.get("params")
    return {str(k): str(v) for k, v in params.items()} if isinstance(params, Mapping) else {}


def _as_text(entry: Any, key: str) -> str:
    if not isinstance(entry, Mapping):
        return str(entry)
    params = _params(entry)
    return f"{entry.get(key)} {params}" if params else str(entry.get(key))
