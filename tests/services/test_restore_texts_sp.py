"""The sentence for an enterprise-application part that could not be read where the app is restored."""

from desktop_app.domain.restore_plan import PlanWarning, WarningCode
from desktop_app.services.restore_texts import describe_warning


def test_an_unread_service_principal_part_gets_its_own_sentence() -> None:
    text = describe_warning(PlanWarning(WarningCode.TARGET_STATE_UNKNOWN, {"part": "servicePrincipal"}))
    assert "could not be read where the app is restored" in text
    assert "nothing there is removed" in text


def test_an_unread_application_part_keeps_its_sentence() -> None:
    text = describe_warning(PlanWarning(WarningCode.TARGET_STATE_UNKNOWN, {"part": "owners"}))
    assert text == "The current owners of the app could not be read: extras, if any, are not removed."
