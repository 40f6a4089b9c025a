"""Scrub credentials out of text before it reaches a log line, an exception message or the database: the one
redactor (logs, sign-in errors, Graph's error messages, the restore audit), with one set of rules.

Pure string work, so it can run in a logging filter on any thread. It errs on the side of removing too much:
a log line with a hole in it is harmless, a refresh token in a support bundle is not.
"""

from __future__ import annotations

import re

REDACTED = "[redacted]"

# Field names whose value is a credential, wherever they appear: JSON ("access_token": "..."),
# a Python repr ('secretText': '...'), a form body (client_secret=...&) or a query string.
SECRET_FIELDS: tuple[str, ...] = (
    "access_token",
    "refresh_token",
    "id_token",
    "client_secret",
    "client_assertion",
    "secretText",
    "passphrase",
    "password",
)

_FIELD_NAMES = "|".join(re.escape(name) for name in SECRET_FIELDS)

# A quoted field: the key (optionally quoted, quotes possibly backslash-escaped inside a JSON string),
# a ':' or '=', then a quoted value. The value ends at the same kind of quote.
_QUOTED_FIELD = re.compile(
    r"(?P<key>(?P<kq>\\?[\"']?)\b(?:" + _FIELD_NAMES + r")\b(?P=kq)\s*[:=]\s*)"
    r"(?P<vq>\\?[\"'])(?P<value>.*?)(?<!\\)(?P=vq)",
    re.IGNORECASE | re.DOTALL,
)
# An unquoted field: form bodies and query strings (client_secret=abc&scope=...).
_BARE_FIELD = re.compile(
    r"(?P<key>\b(?:" + _FIELD_NAMES + r")\b\s*[:=]\s*)(?P<value>[^\s&,;'\"}\]\)]+)",
    re.IGNORECASE,
)
# Authorization header values in any rendering: "Authorization: Bearer x", {'Authorization': 'Bearer x'}.
_AUTHORIZATION_QUOTED = re.compile(
    r"(?P<key>(?P<kq>\\?[\"'])authorization(?P=kq)\s*[:=]\s*)(?P<vq>\\?[\"'])(?P<value>.*?)(?<!\\)(?P=vq)",
    re.IGNORECASE | re.DOTALL,
)
_AUTHORIZATION_LINE = re.compile(r"(?P<key>\bauthorization\s*[:=]\s*)(?P<value>[^\r\n'\"]+)", re.IGNORECASE)
_BEARER = re.compile(r"(?P<key>\bbearer\s+)(?P<value>[A-Za-z0-9\-._~+/=]+)", re.IGNORECASE)
# Base64url segments starting with '{"' encoded (eyJ): an access, ID or client-assertion JWT, or one cut short
# (a message that quotes only its first two segments).
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?")
# The emulator's tokens: "emulator.<tenant id>", with ".read" or ".scp.<scopes>", and "~<who acts>".
_EMULATOR_TOKEN = re.compile(
    r"\bemulator\.[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"(?:\.[A-Za-z0-9.+_:-]*)?(?:~[^\s\"',;&)}\]]*)?"
)


def _keep_key(match: re.Match[str]) -> str:
    quote = match.groupdict().get("vq") or ""
    return f"{match.group('key')}{quote}{REDACTED}{quote}"


def redact(text: str, *secrets: str) -> str:
    """Return `text` with every credential-looking value, and each of `secrets` (the token a request was sent
    with), replaced by "[redacted]"."""
    if not text:
        return text
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    text = _AUTHORIZATION_QUOTED.sub(_keep_key, text)
    text = _QUOTED_FIELD.sub(_keep_key, text)
    text = _AUTHORIZATION_LINE.sub(_keep_key, text)
    text = _BARE_FIELD.sub(_keep_key, text)
    text = _BEARER.sub(_keep_key, text)
    text = _EMULATOR_TOKEN.sub(REDACTED, text)
    return _JWT.sub(REDACTED, text)
