"""Sign-in refusals and missing permissions in the window's language. auth/errors.py and services/permissions.py
say them in English for the command line and the log; the window says the same from their facts. The English here
is theirs, word for word (tests/ui/test_auth_words.py holds them together)."""

from __future__ import annotations

from desktop_app.auth.errors import AdminConsentRequired, Refusal, SignInFailed
from desktop_app.services.permissions import LOOK_UP, WRITE_ASSIGNMENTS, WRITE_CONSENT, PermissionsNeeded
from desktop_app.ui.texts import QT_TRANSLATE_NOOP, TrContext

AuthTexts = TrContext("AuthTexts")

_RESTORE_PURPOSE = {
    LOOK_UP: QT_TRANSLATE_NOOP("AuthTexts", "to find the owners, users and groups it puts back in the target, and to "
                                            "add owners: until then they are not looked up there"),
    WRITE_CONSENT: QT_TRANSLATE_NOOP("AuthTexts", "to re-create the enterprise application's consent"),
    WRITE_ASSIGNMENTS: QT_TRANSLATE_NOOP("AuthTexts", "to re-create its application permissions and user and group "
                                                      "assignments"),
}


def sign_in_failed_text(exc: SignInFailed) -> str:
    """The sentence of `exc` in the window's language; Entra's own words (an unknown refusal) as they are."""
    if isinstance(exc, AdminConsentRequired):
        return admin_consent_text(exc.tenant, exc.consent_url)
    facts, refusal = exc.facts, exc.refusal
    if refusal is Refusal.BLOCKED:
        return AuthTexts.tr(
            "Conditional Access in tenant {tenant} blocks this sign-in (AADSTS{aadsts}): its policy does not allow "
            "this device, location or application. Signing in again won't help; ask the tenant's administrator (the "
            "sign-in logs in the Entra admin center show which policy applied).").format(**facts)
    if refusal is Refusal.UNKNOWN_TENANT:
        return AuthTexts.tr("Microsoft Entra ID knows no tenant {tenant}: check the spelling of the tenant's domain "
                            "or ID.").format(tenant=repr(facts["tenant"]))
    if refusal is Refusal.CODE_EXPIRED:
        return AuthTexts.tr("The sign-in code expired before it was entered. Start the sign-in again for a new code.")
    if refusal is Refusal.BROWSER_TIMEOUT:
        return AuthTexts.tr("The browser sign-in to tenant {tenant} was not finished within {minutes} minutes. Start "
                            "it again when you are ready (or sign in with a code on another device).").format(**facts)
    if refusal is Refusal.REFUSED:
        if facts.get("description"):
            return AuthTexts.tr("Microsoft Entra ID refused the sign-in to tenant {tenant} ({error}): "
                                "{description}").format(**facts)
        return AuthTexts.tr("Microsoft Entra ID refused the sign-in to tenant {tenant} ({error}).").format(
            tenant=facts["tenant"], error=facts["error"])
    return exc.sentence


def admin_consent_text(tenant: str, consent_url: str) -> str:
    return AuthTexts.tr(
        "Tenant {tenant} has not approved the permissions Regvault asks for, and this account can't approve them (or "
        "the approval was declined). An administrator of the tenant (Global Administrator, Privileged Role "
        "Administrator, Cloud Application Administrator or Application Administrator) can approve them for everyone "
        "at {url}, then sign in again.").format(tenant=tenant, url=consent_url)


def permissions_text(needed: PermissionsNeeded) -> str:
    """PermissionsNeeded.sentence in the window's language. One permission or several: a list's grammatical number,
    not a count, so two sentences rather than Qt's plural forms (which show the number)."""
    one, tenant = len(needed.permissions) == 1, needed.tenant_name
    if needed.purpose == "restore":
        needs = "; ".join(f"{p} ({AuthTexts.tr(_RESTORE_PURPOSE[p])})" if p in _RESTORE_PURPOSE else p
                          for p in needed.permissions)
        text = AuthTexts.tr("This restore needs the permission {needs}, not yet granted to Regvault's sign-in in "
                            "{tenant}. Nothing was changed. Sign in again to grant it (an admin may have to "
                            "approve).") if one else \
            AuthTexts.tr("This restore needs the permissions {needs}, not yet granted to Regvault's sign-in in "
                         "{tenant}. Nothing was changed. Sign in again to grant them (an admin may have to approve).")
        return text.format(needs=needs, tenant=tenant)
    names = (" " + AuthTexts.tr("and") + " ").join(needed.permissions)
    if needed.purpose == "audit":
        text = AuthTexts.tr("Reading who changed what (the directory audit log) needs the permission {names}, not "
                            "yet granted to Regvault's sign-in in {tenant}. Changes are still captured, without who "
                            "made them. Sign in again to grant it (an admin may have to approve).") if one else \
            AuthTexts.tr("Reading who changed what (the directory audit log) needs the permissions {names}, not yet "
                         "granted to Regvault's sign-in in {tenant}. Changes are still captured, without who made "
                         "them. Sign in again to grant them (an admin may have to approve).")
    else:
        text = AuthTexts.tr("Reading the enterprise applications' consent needs the permission {names}, not yet "
                            "granted to Regvault's sign-in in {tenant}. This backup kept the app registrations "
                            "without their enterprise applications. Sign in again to grant it (an admin may have to "
                            "approve).") if one else \
            AuthTexts.tr("Reading the enterprise applications' consent needs the permissions {names}, not yet "
                         "granted to Regvault's sign-in in {tenant}. This backup kept the app registrations without "
                         "their enterprise applications. Sign in again to grant them (an admin may have to "
                         "approve).")
    return text.format(names=names, tenant=tenant)
