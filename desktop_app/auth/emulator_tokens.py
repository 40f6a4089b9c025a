"""Tokens for demo and emulator tenants, through the same TokenProvider interface as real sign-in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from desktop_app.auth.errors import InteractionReason, InteractionRequired

# What the emulator's read token carries (its README "Tokens"); asking for more names them in the token.
_READ = ("Application.Read.All", "Directory.Read.All", "User.Read")


class EmulatorTokenProvider:
    """The emulator's tokens: "emulator.<tenantId>" may write, "emulator.<tenantId>.read" may only read.

    Reads use the read token even when writing is allowed, the way a real sign-in asks for write scopes
    only when restoring; `read_only=True` models an account that never got them. Permissions asked for beyond the
    read ones (AuditLog.Read.All) go into the read token by name (`.scp.`); `refused` models a tenant whose admin
    never consented to them (asking raises InteractionRequired(CONSENT_REQUIRED), as a real sign-in's silent ask).
    """

    def __init__(self, tenant_id: str, read_only: bool = False, *, extra: Iterable[str] = (),
                 refused: Iterable[str] = ()) -> None:
        self.tenant_id = tenant_id
        self.read_only = read_only
        self.extra = tuple(extra)
        self.refused = frozenset(refused)

    def with_permissions(self, permissions: Sequence[str]) -> EmulatorTokenProvider:
        """An emulator tenant's admin consented to every permission a backup or restore asks for, but those in
        `refused`."""
        refused = [p for p in permissions if p in self.refused]
        if refused:
            raise InteractionRequired(InteractionReason.CONSENT_REQUIRED, self.tenant_id, permissions=refused)
        # The read token carries read permissions only: a write permission asked for is the write token's, and an
        # account that never got one (`read_only`) must not gain it here.
        reads = (p for p in permissions if p not in _READ and ".ReadWrite." not in p)
        extra = tuple(dict.fromkeys([*self.extra, *reads]))
        return EmulatorTokenProvider(self.tenant_id, self.read_only, extra=extra, refused=self.refused)

    def access_token(self, *, write: bool) -> str:
        if write and not self.read_only:
            return f"emulator.{self.tenant_id}"
        if self.extra:
            return f"emulator.{self.tenant_id}.scp." + "+".join(sorted({*_READ, *self.extra}))
        return f"emulator.{self.tenant_id}.read"
