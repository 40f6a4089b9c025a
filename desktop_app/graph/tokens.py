"""Where the client gets its bearer tokens: the emulator's fixed tokens now, msal later."""

from __future__ import annotations

from typing import Protocol


class TokenProvider(Protocol):
    def access_token(self, *, write: bool) -> str:
        """A bearer token for the next request; `write` asks for one that may change the tenant."""
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
