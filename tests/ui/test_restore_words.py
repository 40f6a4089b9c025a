"""The restore's codes in the window's words (ui/restore/words.py): every code has a sentence of its own, the same
as the command line's in English, notes are told from warnings by the domain's codes (never by comparing
sentences), and a run's report items become rows."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from desktop_app.domain import restore_plan as plan
from desktop_app.domain.remap import app_id_ref
from desktop_app.services.restore import PreviewItem, ReportItem
from desktop_app.services.restore_texts import describe_failure, describe_warning
from desktop_app.ui.restore.preview_rows import preview_rows
from desktop_app.ui.restore.report_rows import report_row
from desktop_app.ui.restore.words import access_text, failure_text, follow_up_text, warning_text

_FACTS = {"old_app_id": "11111111-1111-1111-1111-111111111111", "uri": "api://x", "old": "api://a", "new": "api://b",
          "owner_id": "o-1", "display_name": "Finance", "count": "2", "resource_app_id": "r-1", "key_id": "k-1",
          "hint": "abc", "unique_name": "orders", "part": "owners", "value": "Mail.Send", "principal_type": "User",
          "principal_id": "p-1", "key_ids": "k-1, k-2", "name": "github", "issuer": "https://sts", "app_id": "a-1",
          "path": "application.servicePrincipalLockConfiguration",
          "thumbprint": "AB12"}

_FAILURE_FACTS = {"step": "add_owner", "error": "Graph said no", "sha256": "s", "method": "GET", "object_id": "o",
                  "unresolved": "u", "paths": "p", "status": "403", "code": "Forbidden"}


@pytest.mark.parametrize("code", list(plan.WarningCode))
def test_every_warning_code_has_a_sentence(code: plan.WarningCode) -> None:
    text = warning_text(plan.PlanWarning(code, _FACTS))
    assert text and code.value not in text and "{" not in text, text


@pytest.mark.parametrize("code", list(plan.FailureCode))
def test_every_failure_code_has_a_sentence(code: plan.FailureCode) -> None:
    text = failure_text(plan.Failure(code, _FAILURE_FACTS))
    assert text and code.value not in text and "{" not in text, text


@pytest.mark.parametrize("kind", list(plan.StepKind))
def test_every_step_kind_is_named_when_it_fails(kind: plan.StepKind) -> None:
    text = failure_text(plan.Failure(plan.FailureCode.STEP_FAILED, {"step": kind.value, "error": "no"}))
    assert kind.value not in text and text.endswith(" failed: no"), text


@pytest.mark.parametrize("code", list(plan.WarningCode))
def test_the_window_says_a_warning_as_the_command_line_does_in_english(code: plan.WarningCode) -> None:
    """One sentence for both: the window's English is the CLI's (but for a Graph path, said in the side panel's
    words)."""
    if code is not plan.WarningCode.SERVER_DEFAULT:
        assert warning_text(plan.PlanWarning(code, _FACTS)) == describe_warning(plan.PlanWarning(code, _FACTS))


@pytest.mark.parametrize("code", list(plan.FailureCode))
def test_the_window_says_a_failure_as_the_command_line_does_in_english(qapp: object, code: plan.FailureCode) -> None:
    """(qapp: the window's English installed, with its plural forms.)"""
    if code is not plan.FailureCode.NOT_VERIFIED:
        failure = plan.Failure(code, _FAILURE_FACTS, undo=plan.Undo.FAILED)
        assert failure_text(failure) == describe_failure(failure)


def test_a_failed_step_and_what_became_of_its_disabled_scopes_are_said() -> None:
    failure = plan.Failure(plan.FailureCode.STEP_FAILED,
                           {"step": plan.StepKind.ADD_OWNER.value, "error": "Graph said no"}, undo=plan.Undo.DONE)
    assert failure_text(failure) == ("Adding an owner failed: Graph said no The scopes and app roles disabled for it "
                                     "were enabled again.")


def test_a_reference_to_an_app_not_created_yet_is_said_in_words() -> None:
    text = warning_text(plan.PlanWarning(plan.WarningCode.IDENTIFIER_URI_REWRITTEN,
                                         {"old": "api://a", "new": f"api://{app_id_ref('a-1')}"}))
    assert text == "Identifier URI api://a becomes api://<new client ID of a-1>."


def test_follow_ups_and_access_have_their_sentences() -> None:
    assert "replace Old secret (hint abc)" in follow_up_text(
        plan.FollowUp(plan.FollowUpCode.ISSUE_SECRET, {"display_name": "Old secret", "hint": "abc"}))
    old = "extension_0c8a8cad08fd42779345" + "3ad6f7b1612e_costCenter"
    copy = plan.FollowUp(plan.FollowUpCode.COPY_EXTENSION_VALUES, {"names": old})
    assert f"{old} -> extension_<new client ID>_costCenter" in follow_up_text(copy)  # the preview
    after = plan.FollowUp(plan.FollowUpCode.COPY_EXTENSION_VALUES,
                          {"names": old, "new_app_id": "11111111-2222-3333-4444-555555555555"})
    assert f"{old} -> extension_11111111222233334444555555555555_costCenter" in follow_up_text(after)  # the report
    assert all(follow_up_text(plan.FollowUp(code, {"names": old})) != code.value for code in plan.FollowUpCode)
    grant = plan.AccessChange(plan.AccessChangeKind.GRANT, "Microsoft Graph", "User.Read")
    assert access_text(grant) == "Grant admin consent for all users of the tenant on Microsoft Graph: User.Read"
    assert access_text(grant, done=True).startswith("Granted admin consent")


def _preview(*warnings: plan.PlanWarning) -> Any:
    item = PreviewItem(app_pk=1, display_name="Payroll", app_id="a-1", action=plan.Action.UNDELETE, changes=(),
                       warnings=warnings, follow_ups=(), access=())
    return SimpleNamespace(items=(item,), apps=(), inputs=None)


def test_the_preview_tells_notes_from_warnings_by_their_codes() -> None:
    recycled = plan.PlanWarning(plan.WarningCode.TARGET_STATE_UNKNOWN, {"part": "owners", "reason": "recycle_bin"})
    unread = plan.PlanWarning(plan.WarningCode.TARGET_STATE_UNKNOWN, {"part": "owners"})
    kept = plan.PlanWarning(plan.WarningCode.SECRET_KEPT, {"display_name": "s", "hint": "h"})
    [row] = preview_rows(_preview(recycled, unread, kept))
    assert row.notes == (warning_text(recycled), warning_text(kept))
    assert row.warnings == (warning_text(unread),)  # a part that could not be read is a warning, not a note


def test_a_report_item_becomes_a_row_in_words() -> None:
    item = ReportItem(display_name="Payroll", source_app_id="a-1", source_object_id="o-1", action=plan.Action.RECREATE,
                      result="failed", new_app_id=None, new_object_id=None,
                      warnings=(plan.PlanWarning(plan.WarningCode.SERVER_DEFAULT,
                                                 {"path": "application.servicePrincipalLockConfiguration"}),
                                plan.PlanWarning(plan.WarningCode.OWNER_GONE, {"owner_id": "o-9"})),
                      follow_ups=(),
                      failure=plan.Failure(plan.FailureCode.NOT_VERIFIED, {"paths": "application.notes"}))
    row = report_row(item)
    assert row.message == "Read back after the restore, the app differs from the plan at: Overview › Internal notes"
    assert row.notes == ("Graph gave the new app its default for Authentication › App instance property lock (the "
                         "snapshot had none); that is Graph's, not a failure.",)
    assert row.warnings == ("Owner o-9 no longer exists in the tenant and was left out.",)
