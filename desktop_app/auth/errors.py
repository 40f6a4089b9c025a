"""What can go wrong while signing in, in terms the UI and the CLI can act on.

Messages never carry a token or a secret: they are built from msal's error codes and descriptions,
and those are scrubbed again with `redact` for good measure.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from desktop_app.domain.redact import redact


class AuthError(Exception):
    """Base of every sign-in and credential failure."""


class KeyringUnavailable(AuthError):
    """No OS keyring backend works. The caller may continue with `session_only=True` (nothing stored)."""


class InteractionReason(enum.Enum):
    NOT_SIGNED_IN = "not_signed_in"  # no account for this tenant in the token cache
    CONSENT_REQUIRED = "consent_required"  # the scopes were never granted (typically the restore scopes)
    SIGN_IN_EXPIRED = "sign_in_expired"  # refresh token expired or revoked: sign in again
    INTERACTION_REQUIRED = "interaction_required"  # MFA, Conditional Access, terms of use ...


class InteractionRequired(AuthError):
    """A token can't be had silently; the UI (or the CLI) has to ask the user to sign in."""

    def __init__(self, reason: InteractionReason, tenant: str, detail: str = "", *, write: bool = False) -> None:
        self.reason = reason
        self.tenant = tenant
        self.detail = redact(detail)
        self.write = write
        text = f"sign-in needed for tenant {tenant} ({reason.value})"
        super().__init__(f"{text}: {self.detail}" if self.detail else text)


class SignInCancelled(AuthError):
    """The user closed the browser or the broker window, or cancelled the device code flow."""


class SignInFailed(AuthError):
    """Entra ID refused the sign-in for a reason signing in again won't fix by itself."""

    def __init__(self, code: str, description: str = "") -> None:
        self.code = code
        self.description = redact(description)
        super().__init__(f"{code}: {self.description}" if self.description else code)


# Suberrors Entra ID sends with invalid_grant / interaction_required.
_CONSENT_SUBERRORS = {"consent_required"}
_EXPIRED_SUBERRORS = {"bad_token", "token_expired", "user_password_expired"}
# AADSTS codes: 65001 consent missing; 700082/700084 refresh token expired; 50173/50133 grant revoked
# (password changed); 70043 refresh token expired by Conditional Access sign-in frequency.
_CONSENT_CODES = {65001}
_EXPIRED_CODES = {700082, 700084, 50173, 50133, 70043, 70000}
_CANCEL_ERRORS = {"access_denied", "authorization_declined", "user_cancelled", "user_canceled"}


def _codes(result: Mapping[str, Any]) -> set[int]:
    codes = result.get("error_codes") or []
    return {int(c) for c in codes if isinstance(c, int | str) and str(c).isdigit()}


def error_from_result(result: Mapping[str, Any], tenant: str, *, write: bool, interactive: bool) -> AuthError:
    """Turn an msal error dict into the exception the caller should handle."""
    error = str(result.get("error") or "unknown_error")
    suberror = str(result.get("suberror") or "")
    description = str(result.get("error_description") or "")
    codes = _codes(result)
    if error in _CANCEL_ERRORS or suberror in _CANCEL_ERRORS:
        return SignInCancelled(f"sign-in to tenant {tenant} was cancelled")
    if suberror in _CONSENT_SUBERRORS or codes & _CONSENT_CODES:
        return InteractionRequired(InteractionReason.CONSENT_REQUIRED, tenant, description, write=write)
    if interactive:
        # The user was already in front of the sign-in page: asking again would loop.
        return SignInFailed(error, description)
    if suberror in _EXPIRED_SUBERRORS or codes & _EXPIRED_CODES:
        return InteractionRequired(InteractionReason.SIGN_IN_EXPIRED, tenant, description, write=write)
    if error in {"invalid_grant", "interaction_required", "login_required"}:
        return InteractionRequired(InteractionReason.INTERACTION_REQUIRED, tenant, description, write=write)
    return SignInFailed(error, description)
