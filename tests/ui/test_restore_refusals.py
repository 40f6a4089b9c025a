"""Why a restore can't start, in the window's words (ui/restore/refusals.py) and the command line's
(services/restore_texts.py): every plan, input and pick code has a sentence of its own in both, made from the code and
its facts, never the code itself; the preview page says it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop_app.domain.cherry_pick import PickError, PickErrorCode
from desktop_app.domain.restore_plan import PlanError, PlanErrorCode
from desktop_app.services.restore import InputProblem, NothingToRestore, RestoreInputError
from desktop_app.services.restore_selection import Absence, LeftOut
from desktop_app.services.restore_texts import describe_input_error, describe_pick_error, describe_plan_error
from desktop_app.store.records import SnapshotInfo
from desktop_app.ui.restore.refusals import input_error_text, pick_error_text, plan_error_text, refusal_text

_FACTS = {"tenant": "nowhere.example", "snapshot_id": "12", "day": "2026-11-21", "at": "", "count": "3",
          "first": "2026-11-01", "last": "2026-11-20", "before": "2026-11-20", "after": "", "display_name": "Payroll",
          "app_id": "a-1", "presence": "recycled", "object_id": "o-1", "domain": "x.com", "verified": "y.com",
          "tenant_id": "t-1"}


def _said(text: str, code: str) -> None:
    assert text and not text.startswith(code) and "{" not in text, text


@pytest.mark.parametrize("code", list(PlanErrorCode))
def test_every_plan_error_has_a_sentence(code: PlanErrorCode) -> None:
    _said(plan_error_text(PlanError(code, **_FACTS)), code.value)
    _said(describe_plan_error(PlanError(code, **_FACTS)), code.value)


@pytest.mark.parametrize("code", list(PickErrorCode))
def test_every_pick_error_has_a_sentence(code: PickErrorCode) -> None:
    error = PickError(code, "web.redirectUri", "web.redirectUris")
    _said(pick_error_text(error), code.value)
    _said(describe_pick_error(error), code.value)
    assert input_error_text(RestoreInputError(InputProblem.PICK_REFUSED, pick=error)) == pick_error_text(error)
    assert describe_input_error(RestoreInputError(InputProblem.PICK_REFUSED, pick=error)) == describe_pick_error(error)


@pytest.mark.parametrize("problem", list(InputProblem))
def test_every_input_problem_has_a_sentence(problem: InputProblem) -> None:
    error = RestoreInputError(problem, _FACTS)
    _said(input_error_text(error), problem.value)
    _said(describe_input_error(error), problem.value)


def test_the_facts_are_said() -> None:
    gone = RestoreInputError(InputProblem.PICKED_APP_GONE, {"display_name": "Payroll", "app_id": "a-1",
                                                            "presence": "gone"})
    assert input_error_text(gone).startswith("Payroll (a-1) was deleted permanently: selected values")
    assert describe_input_error(gone).startswith("Payroll (a-1) was deleted permanently: selected values")
    recycled = RestoreInputError(InputProblem.PICKED_APP_GONE, {"display_name": "Payroll", "app_id": "a-1",
                                                                "presence": "recycled"})
    assert "Payroll (a-1) is in the recycle bin" in input_error_text(recycled)
    missing = RestoreInputError(InputProblem.NO_SNAPSHOT_THEN, {**_FACTS, "at": "07:00"})
    assert input_error_text(missing) == describe_input_error(missing) == (
        "There is no snapshot on 2026-11-21 at or before 07:00. Snapshots exist on 3 days from 2026-11-01 to "
        "2026-11-20. Nearest: the last before it is 2026-11-20.")
    assert describe_input_error(RestoreInputError(InputProblem.NO_SNAPSHOT_THEN, {"day": "2026-11-21", "count": "0"})) \
        == "There is no snapshot on 2026-11-21. The tenant has no snapshot yet."
    # The exception itself carries the code and facts, not a sentence.
    assert str(gone).startswith("picked_app_gone ")


def test_nothing_to_restore_is_said_with_the_apps_left_out(qapp: object) -> None:
    when = datetime(2026, 11, 20, 8, tzinfo=UTC)
    snapshot = SnapshotInfo(id=3, tenant_id="t-1", started=when, finished=when, status="complete", trigger="manual",
                            partial=False, apps=2, added=0, changed=0, removed=0, requests=0, resource_units=0.0,
                            error=None)
    error = NothingToRestore(snapshot, (LeftOut(1, "Payroll", "a-1", Absence.DELETED, None),
                                        LeftOut(2, "Billing", "a-2", Absence.NOT_YET, None)))
    assert input_error_text(error) == "None of the 2 chosen apps is in this snapshot: pick another day."
    assert describe_input_error(error).startswith("None of the 2 apps is in the backup of ")
    assert refusal_text(error) == input_error_text(error)
    assert refusal_text(ValueError("x")) is None
