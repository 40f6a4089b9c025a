"""What can go wrong while signing in, in terms the UI and the CLI can act on.

Messages never carry a token or a secret: they are built from msal's error codes and descriptions,
and those are scrubbed again with `redact` for good measure.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from desktop_app.domain.redact import redact
from desktop_app.network.failures import NetworkFailure


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

    def __init__(self, reason: InteractionReason, tenant: str, detail: str = "", *, write: bool = False,
                 claims: str | None = None, permissions: Sequence[str] = ()) -> None:
        self.reason = reason
        self.tenant = tenant
        self.detail = redact(detail)
        self.write = write
        # The Graph permissions asked for beyond backup/restore's own (e.g. Directory.Read.All), when some were.
        self.permissions = tuple(permissions)
        # Conditional Access's claims challenge (MFA, compliant device): the next sign-in passes it to Entra.
        self.claims = claims
        text = f"sign-in needed for tenant {tenant} ({reason.value})"
        super().__init__(f"{text}: {self.detail}" if self.detail else text)


class SignInCancelled(AuthError):
    """The user closed the browser or the broker window, or cancelled the device code flow."""


class Refusal(enum.Enum):
    """Why a sign-in failed, for the window to say it in its language (SignInFailed.refusal, with .facts)."""

    BLOCKED = "blocked"  # Conditional Access (facts: tenant, aadsts)
    UNKNOWN_TENANT = "unknown_tenant"  # (tenant)
    CODE_EXPIRED = "code_expired"  # the device code
    REFUSED = "refused"  # Entra's own error (tenant, error, description)
    BROWSER_TIMEOUT = "browser_timeout"  # (tenant, minutes)


class SignInFailed(AuthError):
    """Entra ID refused the sign-in for a reason signing in again won't fix by itself. `str()` is a sentence for
    the user (in English: the command line's); `code` and `description` are Entra's own (for the details and the
    log); `refusal` and `facts` say the same for the window to put in its language."""

    def __init__(self, code: str, description: str = "", *, sentence: str | None = None,
                 refusal: Refusal | None = None, facts: Mapping[str, str] | None = None) -> None:
        self.code = code
        self.description = redact(description)
        self.sentence = sentence or (f"{code}: {self.description}" if self.description else code)
        self.refusal = refusal
        self.facts = dict(facts or {})
        super().__init__(self.sentence)


class AdminConsentRequired(SignInFailed):
    """The tenant requires an administrator to approve Regvault's permissions, and the account that signed in
    could not (or did not) approve them. `consent_url`: the admin consent page to hand to an administrator."""

    def __init__(self, tenant: str, consent_url: str, description: str = "") -> None:
        self.tenant = tenant
        self.consent_url = consent_url
        super().__init__(
            "consent_required", description,
            sentence=(f"Tenant {tenant} has not approved the permissions Regvault asks for, and this account can't "
                      "approve them (or the approval was declined). An administrator of the tenant (Global "
                      "Administrator, Privileged Role Administrator, Cloud Application Administrator or Application "
                      f"Administrator) can approve them for everyone at {consent_url}, then sign in again."))


class SignInUnreachable(SignInFailed):
    """The sign-in service could not be reached (offline, DNS, proxy, TLS): nothing was refused.
    `problem`: network.failures.Problem's value (refused, dns, proxy, tls, captive_portal, timeout, other)."""

    def __init__(self, host: str, sentence: str, *, problem: str = "other", detail: str = "",
                 failure: NetworkFailure | None = None) -> None:
        self.host = host
        self.problem = problem
        self.failure = failure  # the facts, for the window to say in its language
        super().__init__("network", detail, sentence=f"Can't reach {host} to sign in. {sentence}")


# Suberrors Entra ID sends with invalid_grant / interaction_required.
_CONSENT_SUBERRORS = {"consent_required"}
_EXPIRED_SUBERRORS = {"bad_token", "token_expired", "user_password_expired"}
# AADSTS codes: 65001 consent missing; 700082/700084 refresh token expired; 50173/50133 grant revoked
# (password changed); 70043 refresh token expired by Conditional Access sign-in frequency.
# 65001 consent missing; 65004 consent declined (also what "return to the app without approving" on Entra's
# "Need admin approval" page sends back); 90094/90095 the grant needs an administrator's permission.
_CONSENT_CODES = {65001, 65004, 90094, 90095}
_EXPIRED_CODES = {700082, 700084, 50173, 50133, 70043, 70000}
# 53003: blocked by Conditional Access (device, location, app); 53000/53001: device not compliant / not joined;
# 530003: device must be managed. Signing in again won't help; the tenant's admin decides.
_BLOCKED_CODES = {53000, 53001, 53003, 530003}
# 50076/50079: MFA required or registration required; 50158: external security challenge; 50072: MFA setup.
_CLAIMS_CODES = {50076, 50079, 50158, 50072}
_UNKNOWN_TENANT_CODES = {90002, 900023}
_CANCEL_ERRORS = {"access_denied", "authorization_declined", "user_cancelled", "user_canceled"}
_AADSTS = re.compile(r"AADSTS(\d{4,7})")


def _codes(result: Mapping[str, Any]) -> set[int]:
    """AADSTS codes: `error_codes` of a token response, or those in `error_description` (an authorization
    response, such as a declined consent, carries them only there)."""
    codes = result.get("error_codes") or []
    found = {int(c) for c in codes if isinstance(c, int | str) and str(c).isdigit()}
    return found | {int(c) for c in _AADSTS.findall(str(result.get("error_description") or ""))}


def unknown_tenant(tenant: str, error: str, description: str) -> SignInFailed:
    return SignInFailed(error, description, sentence=(
        f"Microsoft Entra ID knows no tenant {tenant!r}: check the spelling of the tenant's domain or ID."),
        refusal=Refusal.UNKNOWN_TENANT, facts={"tenant": tenant})


def admin_consent_url(authority_host: str, tenant: str, client_id: str, scopes: Sequence[str]) -> str:
    """The v2 admin consent page: an administrator who opens it approves `scopes` for the whole tenant."""
    query = urlencode({"client_id": client_id, "scope": " ".join(scopes), "redirect_uri": "http://localhost"})
    return f"{authority_host.rstrip('/')}/{tenant}/v2.0/adminconsent?{query}"


def error_from_result(result: Mapping[str, Any], tenant: str, *, write: bool, interactive: bool,
                      consent_url: str = "") -> AuthError:
    """Turn an msal error dict into the exception the caller should handle. `consent_url`: where an
    administrator approves the scopes asked for (for AdminConsentRequired)."""
    error = str(result.get("error") or "unknown_error")
    suberror = str(result.get("suberror") or "")
    description = str(result.get("error_description") or "")
    codes = _codes(result)
    claims = str(result["claims"]) if result.get("claims") else None
    if codes & _BLOCKED_CODES:
        aadsts = str(min(codes & _BLOCKED_CODES))
        return SignInFailed(error, description, sentence=(
            f"Conditional Access in tenant {tenant} blocks this sign-in (AADSTS{aadsts}): its "
            "policy does not allow this device, location or application. Signing in again won't help; ask the "
            "tenant's administrator (the sign-in logs in the Entra admin center show which policy applied)."),
            refusal=Refusal.BLOCKED, facts={"tenant": tenant, "aadsts": aadsts})
    if codes & _UNKNOWN_TENANT_CODES or error == "invalid_tenant":
        return unknown_tenant(tenant, error, description)
    if interactive and (codes & _CONSENT_CODES or suberror in _CONSENT_SUBERRORS):
        # The user was in front of the consent page and came back without the grant: asking again would loop.
        return AdminConsentRequired(tenant, consent_url, description)
    if error in _CANCEL_ERRORS or suberror in _CANCEL_ERRORS:
        return SignInCancelled(f"sign-in to tenant {tenant} was cancelled")
    if suberror in _CONSENT_SUBERRORS or codes & _CONSENT_CODES:
        return InteractionRequired(InteractionReason.CONSENT_REQUIRED, tenant, description, write=write)
    if error == "expired_token":
        return SignInFailed(error, description, sentence=(
            "The sign-in code expired before it was entered. Start the sign-in again for a new code."),
            refusal=Refusal.CODE_EXPIRED)
    if interactive:
        # The user was already in front of the sign-in page: asking again would loop.
        return SignInFailed(error, description, sentence=(
            f"Microsoft Entra ID refused the sign-in to tenant {tenant} ({error}): {redact(description)}"
            if description else f"Microsoft Entra ID refused the sign-in to tenant {tenant} ({error})."),
            refusal=Refusal.REFUSED, facts={"tenant": tenant, "error": error, "description": redact(description)})
    if suberror in _EXPIRED_SUBERRORS or codes & _EXPIRED_CODES:
        return InteractionRequired(InteractionReason.SIGN_IN_EXPIRED, tenant, description, write=write)
    if claims is not None or codes & _CLAIMS_CODES or error in {"invalid_grant", "interaction_required",
                                                                  "login_required"}:
        return InteractionRequired(InteractionReason.INTERACTION_REQUIRED, tenant, description, write=write,
                                   claims=claims)
    return SignInFailed(error, description)
