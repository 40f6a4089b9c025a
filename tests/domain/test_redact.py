"""The one redactor (domain/redact.py): a case for each of its rules. (The logging filter and the sign-in errors
built on it: tests/auth/test_redaction.py; Graph's error messages: tests/graph/test_errors_and_headers.py.)"""

from __future__ import annotations

import pytest

from desktop_app.domain.redact import REDACTED, redact

JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2lnbmF0dXJl"
TENANT = "3ea32923-20c0-4405-9493-caa4dbeaea37"


@pytest.mark.parametrize(("rule", "text", "secret", "kept"), [
    ("a quoted field", '{"client_secret": "s3cr3t", "scope": "x"}', "s3cr3t", '"scope": "x"'),
    ("a bare field", "client_secret=s3cr3t&scope=x", "s3cr3t", "&scope=x"),
    ("a quoted Authorization header", "{'Authorization': 'Basic dXNlcg==', 'Accept': 'json'}", "dXNlcg==",
     "'Accept': 'json'"),
    ("an Authorization header line", "Authorization: Basic dXNlcg==", "dXNlcg==", "Authorization: "),
    ("a bearer token", "sent Bearer tok_en-1.2 to graph", "tok_en-1.2", "to graph"),
    ("a JWT", f"token {JWT} expired", "c2lnbmF0dXJl", "expired"),
    ("a JWT cut short", f"token {JWT.rsplit('.', 1)[0]} expired", "eyJhdWQi", "expired"),
    ("an emulator token", f"as emulator.{TENANT} it failed", TENANT, "it failed"),
    ("a read-only emulator token", f"as emulator.{TENANT}.read it failed", TENANT, "it failed"),
    ("an emulator token with scopes and who acts",
     f"token=emulator.{TENANT}.scp.AuditLog.Read.All+User.Read~adele@contoso.com, then", "adele@contoso.com",
     ", then"),
])
def test_each_rule_removes_its_secret_and_keeps_the_rest(rule: str, text: str, secret: str, kept: str) -> None:
    clean = redact(text)
    assert secret not in clean, rule
    assert REDACTED in clean and kept in clean, (rule, clean)


def test_the_secrets_a_caller_names_are_removed_whatever_their_shape() -> None:
    assert redact("refused read-secret-9f8e for /applications", "read-secret-9f8e") == \
        f"refused {REDACTED} for /applications"


def test_the_emulator_package_and_ordinary_text_are_kept() -> None:
    for text in ["desktop_app.emulator.api answered 404", "emulator.py", "Backed up 120 apps in 4.2 s", ""]:
        assert redact(text) == text
