"""The audit trail's codes (domain/restore_plan/recorded.py): what is written reads back the same, through JSON text
as the store keeps it; a code a later version wrote is kept as its text, never an error or lost."""

from __future__ import annotations

import json
from dataclasses import replace

from outcome_samples import GRANT, GRANT_CONSENT_AGAIN, OWNER_GONE, SECRET_KEPT, STEP_FAILED

from desktop_app.domain import restore_plan as plan
from desktop_app.domain.restore_plan import (
    RecordedOutcome,
    failure_from_json,
    failure_json,
    outcome_from_json,
    outcome_json,
)


def _through_text(data: object) -> object:
    return json.loads(json.dumps(data))


def test_an_outcome_reads_back_as_it_was_written() -> None:
    outcome = RecordedOutcome(
        warnings=(OWNER_GONE, SECRET_KEPT), follow_ups=(GRANT_CONSENT_AGAIN,),
        access=(replace(GRANT, who="adele", principal_id="p-1"),),  # a grant of one user's consent
        failure=replace(STEP_FAILED, undo=plan.Undo.FAILED),
    )
    assert outcome_from_json(_through_text(outcome_json(outcome))) == outcome
    assert outcome_from_json(_through_text(outcome_json(RecordedOutcome()))) == RecordedOutcome()


def test_a_row_from_before_codes_has_no_outcome() -> None:
    assert outcome_from_json(None) is None and outcome_from_json("words") is None
    assert failure_from_json(None) is None


def test_codes_a_later_version_wrote_are_kept_as_their_text() -> None:
    stored = {"v": 2,
              "warnings": [{"code": "later_warning", "params": {"x": 1}},
                           {"code": "owner_gone", "params": {"owner_id": "o-7"}}, "not a mapping"],
              "followUps": [{"code": "later_follow_up"}],
              "access": [{"kind": "later_kind", "subject": "s"}],
              "failure": {"code": "later_failure", "params": {}, "undo": "later_undo"}}
    outcome = outcome_from_json(stored)
    assert outcome is not None
    assert outcome.warnings == (OWNER_GONE,)
    assert outcome.follow_ups == () and outcome.access == () and outcome.failure is None
    assert outcome.unknown == ("later_warning {'x': '1'}", "not a mapping", "later_follow_up", "later_kind",
                               "later_failure")
    # Kept when written again (a later run reads what it wrote).
    assert outcome_from_json(_through_text(outcome_json(outcome))) == outcome


def test_an_unknown_undo_reads_as_none_and_the_failure_is_kept() -> None:
    stored = failure_json(plan.Failure(plan.FailureCode.CANCELLED)) | {"undo": "later_undo"}
    assert failure_from_json(stored) == plan.Failure(plan.FailureCode.CANCELLED)
