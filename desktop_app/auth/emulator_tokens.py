"""Tokens for demo and emulator tenants, through the same TokenProvider interface as real sign-in."""

from __future__ import annotations

from collections.abc import Sequence


class EmulatorTokenProvider:
    """The emulator's tokens: "emulator.<tenantId>" may write, "emulator.<tenantId>.read" may only read.

    Reads use the read token even when writing is allowed, the way a real sign-in asks for write scopes
    only when restoring; `read_only=True` models an account that never got them.
    """

    def __init__(self, tenant_id: str, read_only: bool = False) -> None:
        self.tenant_id = tenant_id
        self.read_only = read_only

    def with_permissions(self, permissions: Sequence[str]) -> EmulatorTokenProvider:
        """An emulator tenant's tokens carry every permission a backup or restore asks for (its admin consented to
        all of them; the read token: the read ones). The emulator's scoped tokens are for its tests."""
        return self

    def access_token(self, *, write: bool) -> str:
        if write and not self.read_only:
            return f"emulator.{self.tenant_id}"
        return f"emulator.{self.tenant_id}.read"
