"""Composition root: paths, logging, database, keyring, services; the window is started from here."""

from __future__ import annotations
