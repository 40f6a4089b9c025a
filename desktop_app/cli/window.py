"""`regvault` and `regvault --demo`: the desktop app."""

from __future__ import annotations

import argparse
import sys


def run_window(args: argparse.Namespace) -> int:
    print("regvault: the window is not built yet; try `regvault emulator`.", file=sys.stderr)
    return 2
