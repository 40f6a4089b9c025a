"""A tenant Regvault could not sign in to, in the command line's words, and that failed attempt recorded.

The sentence is what `regvault backup`/`watch` print (cli/session.describe_auth_error adds the exit code) and what
the store keeps as the failed attempt's reason: the alerts send it (services/alerts.py: one 'backup failed' alert
per reason) and the window shows it on the tenant's last backup. One place makes it, so a failure seen by the
window's own capture and by a scheduled backup or `watch` reads the same and is alerted once."""

from __future__ import annotations

from datetime import UTC, datetime

from desktop_app.auth.errors import (
    AuthError,
    InteractionReason,
    InteractionRequired,
    SignInFailed,
)
from desktop_app.services.permissions import PermissionsNeeded
from desktop_app.services.tenants import TenantNotConnectable
from desktop_app.store import Store, TenantInfo
from desktop_app.store.records import SnapshotInfo, SnapshotTrigger


def is_sign_in_failure(exc: BaseException) -> bool:
    """No token for the tenant (no request was made, so no capture or backup recorded it)."""
    return isinstance(exc, AuthError | TenantNotConnectable)


def sign_in_hint(tenant: str) -> str:
    return (f"sign in with `regvault signin --tenant {tenant}` (add --device-code where no browser can open), or "
            f"configure an app-only identity for unattended backups with `regvault tenants app-only --tenant {tenant} …`")


def sign_in_failure_text(exc: BaseException) -> str:
    """The command line's sentence for a sign-in failure (any other error: its str())."""
    if isinstance(exc, PermissionsNeeded):
        return f"{exc.sentence} Run `{exc.command}`."
    if isinstance(exc, InteractionRequired):
        tenant = exc.tenant
        if exc.reason is InteractionReason.NOT_SIGNED_IN:
            text = f"Regvault is not signed in to tenant {tenant}: {sign_in_hint(tenant)}."
        elif exc.reason is InteractionReason.SIGN_IN_EXPIRED:
            text = f"The sign-in to tenant {tenant} has expired or was revoked: {sign_in_hint(tenant)}."
        elif exc.reason is InteractionReason.CONSENT_REQUIRED:
            what = "write access (Application.ReadWrite.All)" if exc.write else "a permission Regvault needs"
            text = (f"Tenant {tenant} has not granted {what} to the sign-in application yet: sign in again with "
                    f"`regvault signin --tenant {tenant}` to consent (an admin may have to approve it).")
        else:
            text = (f"Tenant {tenant} requires you to sign in interactively (MFA or Conditional Access): "
                    f"{sign_in_hint(tenant)}.")
        if exc.detail:
            text += f" ({exc.detail})"
        return text
    if isinstance(exc, SignInFailed):
        return f"sign-in failed: {exc}"
    return str(exc)


def record_sign_in_failure(store: Store, tenant: TenantInfo, exc: BaseException,
                           trigger: SnapshotTrigger = "scheduled") -> SnapshotInfo:
    """The failed attempt, with the command line's sentence as its reason (StoreError when the store takes no
    write: the caller still says the failure)."""
    now = datetime.now(UTC)
    return store.record_failed_backup(tenant.tenant_id, started=now, finished=now, error=sign_in_failure_text(exc),
                                      trigger=trigger)
