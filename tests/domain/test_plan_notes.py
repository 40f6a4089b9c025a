"""The domain says which of a plan's (and a run's) codes are notes: said for the admin's information, nothing went
wrong and nothing is to do."""

from __future__ import annotations

from desktop_app.domain.restore_plan import NOTE_CODES, PlanWarning, WarningCode, any_warning


def test_notes_and_warnings() -> None:
    assert PlanWarning(WarningCode.SECRET_KEPT).is_note
    assert PlanWarning(WarningCode.SERVER_DEFAULT, {"path": "application.x"}).is_note
    assert not PlanWarning(WarningCode.CLIENT_ID_WILL_CHANGE).is_note
    assert not PlanWarning(WarningCode.OWNER_GONE).is_note
    assert WarningCode.TARGET_STATE_UNKNOWN not in NOTE_CODES


def test_a_part_unknown_because_the_app_is_in_the_recycle_bin_is_a_note_one_that_could_not_be_read_a_warning() -> None:
    assert PlanWarning(WarningCode.TARGET_STATE_UNKNOWN, {"part": "owners", "reason": "recycle_bin"}).is_note
    assert not PlanWarning(WarningCode.TARGET_STATE_UNKNOWN, {"part": "owners"}).is_note


def test_an_app_with_notes_only_has_no_warning() -> None:
    """What decides a verified app's result: notes only is "verified", one warning is "with warnings"."""
    notes = [PlanWarning(WarningCode.ASSIGNMENTS_NOT_LISTED_YET, {"count": "2"}), PlanWarning(WarningCode.ADOPTED),
             PlanWarning(WarningCode.FOUND_AFTER_TIMEOUT)]
    assert not any_warning(notes)
    assert not any_warning([])
    assert any_warning([*notes, PlanWarning(WarningCode.OWNER_GONE, {"owner_id": "x"})])
