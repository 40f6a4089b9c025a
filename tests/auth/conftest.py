"""Fixtures of the auth tests: a fake Microsoft identity platform behind a fake msal application."""

from __future__ import annotations


