"""The TLS context of every HTTPS call: the operating system's trust store (truststore), so a corporate root CA
installed there (TLS inspection) is trusted as the browser trusts it; plus, optionally, a CA bundle file the user
names in Settings (for roots that are not in the OS store)."""

from __future__ import annotations

import functools
import ssl
from pathlib import Path

import truststore


class CaBundleError(ValueError):
    """The CA bundle named in Settings can't be used."""


def ssl_context(ca_bundle: str | Path | None = None) -> ssl.SSLContext:
    """A client context verifying against the OS trust store (and `ca_bundle`, a PEM file, when given)."""
    return _context(str(ca_bundle) if ca_bundle else "")


@functools.lru_cache(maxsize=8)
def _context(ca_bundle: str) -> ssl.SSLContext:
    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca_bundle:
        try:
            context.load_verify_locations(cafile=ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise CaBundleError(f"The CA bundle {ca_bundle} can't be read as PEM certificates: {exc}") from exc
    return context
