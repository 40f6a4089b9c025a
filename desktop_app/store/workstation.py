"""Who runs this process, and where: the operator and workstation the audit trail, the snapshots and the tenant locks
name."""

from __future__ import annotations

import getpass
import socket


def workstation() -> str:
    """Where this process runs (the machine's name)."""
    try:
        return socket.gethostname() or "unknown"
    except OSError:
        return "unknown"


def operator_name() -> str:
    """Who runs this process (a backup's and a restore's operator, a tenant lock's holder)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a service account without one)
        return "unknown"
