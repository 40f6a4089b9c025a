"""Where the client gets its bearer tokens: a sign-in (auth), an app-only identity, the emulator's fixed tokens.

A provider may also be able to ask for more Graph permissions than a backup or a restore of app registrations
needs (`AsksForPermissions`): e.g. Directory.Read.All to read consent, asked only when an operation needs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable


class TokenProvider(Protocol):
    def access_token(self, *, write: bool) -> str:
        """A bearer token for the next request; `write` asks for one that may change the tenant."""
        ...


@runtime_checkable
class AsksForPermissions(Protocol):
    def with_permissions(self, permissions: Sequence[str]) -> TokenProvider:
        """A provider whose tokens also carry these Graph permissions (names such as "Directory.Read.All").
        It asks for them when a token is needed, without user interaction; one never consented raises the
        provider's sign-in error (auth.errors.InteractionRequired)."""
        ...


class StaticTokenProvider:
    """Fixed tokens, e.g. the emulator's "emulator.<tenantId>" (and its ".read" variant)."""

    def __init__(self, token: str, write_token: str | None = None) -> None:
        self._token = token
        self._write_token = write_token

    def access_token(self, *, write: bool) -> str:
        if write and self._write_token is not None:
            return self._write_token
        return self._token

    def __repr__(self) -> str:
        # A repr ends up in tracebacks and logs; it must never show the token itself.
        return "StaticTokenProvider(<redacted>)"
