"""Fixtures of the auth tests: a fake Microsoft identity platform behind a fake msal application."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
