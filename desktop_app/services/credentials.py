"""Every client secret and certificate across tenants, from the store (no network): what `regvault credentials`
and the window's Credentials view show."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop_app.domain.credentials import days_left
from desktop_app.store.cross_tenant import CredentialRecord
from desktop_app.store.database import Store

HOLDER_WORDS = {"application": "app registration", "servicePrincipal": "service principal"}
KIND_WORDS = {"secret": "client secret", "certificate": "certificate"}


def list_credentials(store: Store, now: datetime, tenant_id: str | None = None, *, expiring_days: int | None = None,
                     expired: bool = False) -> list[CredentialRecord]:
    """All credentials (of one tenant, or every one), soonest end first; `expiring_days`: those that end within that
    many days (and have not yet); `expired`: those that have ended; both: either."""
    if expiring_days is not None and expiring_days < 0:
        raise ValueError("--expiring takes a number of days, 0 or more")
    if expiring_days is None and not expired:
        return store.credentials.list(tenant_id)
    before = now + timedelta(days=expiring_days) if expiring_days is not None else now
    after = now if not expired else None
    return store.credentials.list(tenant_id, ends_after=after, ends_before=before)


def days_left_of(record: CredentialRecord, now: datetime) -> int | None:
    return None if record.end is None else days_left(record.end, now)


def identifier_of(record: CredentialRecord) -> str:
    """A secret's hint or a certificate's thumbprint: what tells it apart in the portal."""
    return (record.hint if record.kind == "secret" else record.thumbprint) or ""
