"""Sign-in refusals and missing permissions in the window's language: in English word for word the sentences of
auth/errors.py and services/permissions.py (what the command line and the log say), in German German."""

from __future__ import annotations

import pytest

from desktop_app.auth.errors import Refusal, SignInFailed, error_from_result, unknown_tenant
from desktop_app.services.permissions import (
    AUDIT_READ,
    LOOK_UP,
    WRITE_ASSIGNMENTS,
    WRITE_CONSENT,
    PermissionsNeeded,
)
from desktop_app.ui.auth_words import permissions_text, sign_in_failed_text
from desktop_app.ui.errors import describe_error

TENANT = "contoso.onmicrosoft.com"
CONSENT_URL = "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent?client_id=x"


def refusals() -> list[SignInFailed]:
    made: list[SignInFailed] = []
    for result, interactive in (({"error": "invalid_grant", "error_codes": [53003]}, False),
                                ({"error": "invalid_tenant"}, False),
                                ({"error": "expired_token"}, False),
                                ({"error": "invalid_client", "error_description": "AADSTS7000218: no secret"}, True),
                                ({"error": "invalid_client"}, True),
                                ({"error": "invalid_grant", "error_codes": [65001]}, True)):
        error = error_from_result(result, TENANT, write=False, interactive=interactive, consent_url=CONSENT_URL)
        assert isinstance(error, SignInFailed), error
        made.append(error)
    made.append(unknown_tenant("contso.com", "invalid_tenant", "Unable to get authority configuration"))
    return made


def needed() -> list[PermissionsNeeded]:
    return [PermissionsNeeded("t-id", "Contoso", permissions, purpose)  # type: ignore[arg-type]
            for purpose, permissions in (("backup", [LOOK_UP]), ("audit", [AUDIT_READ]),
                                         ("audit", [AUDIT_READ, LOOK_UP]), ("restore", [WRITE_CONSENT]),
                                         ("restore", [LOOK_UP, WRITE_CONSENT, WRITE_ASSIGNMENTS]))]


def test_every_refusal_is_made() -> None:
    assert {error.refusal for error in refusals()} == set(Refusal) - {Refusal.BROWSER_TIMEOUT, None} | {None}


@pytest.mark.parametrize("error", refusals(), ids=lambda e: f"{e.refusal}-{e.code}")
def test_the_english_window_says_what_the_command_line_says(qapp, error: SignInFailed) -> None:  # type: ignore[no-untyped-def]
    assert sign_in_failed_text(error) == error.sentence == str(error)
    assert describe_error(error).summary == error.sentence


@pytest.mark.parametrize("missing", needed(), ids=lambda n: f"{n.purpose}-{len(n.permissions)}")
def test_missing_permissions_in_english_as_the_command_line_says_them(qapp, missing: PermissionsNeeded) -> None:  # type: ignore[no-untyped-def]
    assert permissions_text(missing) == missing.sentence
    assert describe_error(missing).summary == missing.sentence



def test_the_german_window_says_them_in_german(german: None) -> None:
    for error in refusals():
        text = describe_error(error).summary
        assert text != error.sentence and ("Mandant" in text or "Anmeldecode" in text), text
    consent = refusals()[-2]
    assert CONSENT_URL in sign_in_failed_text(consent) and "Anwendungsadministrator" in sign_in_failed_text(consent)
    timeout = SignInFailed("timeout", "", sentence="…", refusal=Refusal.BROWSER_TIMEOUT,
                           facts={"tenant": TENANT, "minutes": "5"})
    assert sign_in_failed_text(timeout).startswith("Die Anmeldung im Browser beim Mandanten contoso")
    for missing in needed():
        text = permissions_text(missing)
        assert text != missing.sentence and "Contoso" in text and all(p in text for p in missing.permissions), text
        assert ("Berechtigungen " in text) == (len(missing.permissions) > 1), text  # the plural agrees
