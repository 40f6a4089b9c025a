"""Credentials never reach a log line: the pure scrubber and the logging filter built on it."""

from __future__ import annotations

import io
import logging

import pytest

from desktop_app.auth.errors import SignInFailed, error_from_result
from desktop_app.auth.log_redaction import RedactingFilter, install_redaction
from desktop_app.domain.redact import REDACTED, redact

JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2lnbmF0dXJl-_x"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Authorization: Bearer abc.def-ghi", "abc.def-ghi"),
        ("{'Authorization': 'Bearer xyz123', 'Accept': 'application/json'}", "xyz123"),
        ('{"authorization": "Basic dXNlcjpwYXNz"}', "dXNlcjpwYXNz"),
        ("sent Bearer tok_en-1.2 to graph", "tok_en-1.2"),
        (f"token {JWT} expired", "c2lnbmF0dXJl"),
        ("grant_type=client_credentials&client_secret=s3cr3t~x&scope=x", "s3cr3t~x"),
        ('{"access_token": "AT123", "expires_in": 3600}', "AT123"),
        ('{"refresh_token":"RT\\"quoted\\"-9"}', "quoted"),
        ("{'refresh_token': '0.AXYZ', 'id_token': 'IDT'}", "0.AXYZ"),
        ('{"passwordCredentials": [{"secretText": "pw~SecretText1", "keyId": "k"}]}', "pw~SecretText1"),
        ('json in a string: {\\"access_token\\": \\"ESCAPED1\\"}', "ESCAPED1"),
        ("refresh_token=RTFORM&client_id=x", "RTFORM"),
    ],
)
def test_redact_removes_the_secret(text: str, secret: str) -> None:
    clean = redact(text)
    assert secret not in clean
    assert REDACTED in clean


def test_redact_keeps_ordinary_text() -> None:
    for text in [
        "Backed up 120 apps of contoso in 4.2 s",
        "403 Authorization_RequestDenied: Insufficient privileges (request-id 1234)",
        '{"displayName": "Payroll", "appId": "5c1e..."}',
        "",
    ]:
        assert redact(text) == text


def test_the_filter_scrubs_messages_arguments_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    install_redaction(handler)
    install_redaction(handler)
    assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
    logger = logging.getLogger("regvault.test.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        logger.info("headers %s", {"Authorization": "Bearer LEAK-ONE"})
        logger.debug("body %r", '{"refresh_token": "LEAK-TWO"}')
        try:
            raise RuntimeError(f"token {JWT}")
        except RuntimeError:
            logger.exception("request failed client_secret=LEAK-THREE")
        logger.info("plain %d apps", 3)
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    for leak in ("LEAK-ONE", "LEAK-TWO", "LEAK-THREE", "c2lnbmF0dXJl"):
        assert leak not in output
    assert "plain 3 apps" in output
    assert "RuntimeError" in output  # the traceback itself is kept


def test_error_messages_are_scrubbed() -> None:
    error = error_from_result(
        {"error": "invalid_request", "error_description": "bad request refresh_token=LEAK4 Bearer LEAK5"},
        "contoso",
        write=False,
        interactive=False,
    )
    assert isinstance(error, SignInFailed)
    assert "LEAK4" not in str(error) and "LEAK5" not in str(error)
