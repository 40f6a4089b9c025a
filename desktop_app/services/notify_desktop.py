"""Desktop notifications from any process, with or without Regvault's window (a scheduled backup has none).

- Linux and other freedesktop systems: org.freedesktop.Notifications.Notify on the user's session bus, through
  jeepney (pure Python, already there for the keyring). A process started by cron has no DBUS_SESSION_BUS_ADDRESS;
  the user's bus is then found at /run/user/<uid>/bus (systemd), as `notify-send` would need it too. Without a bus
  or a notification service the channel is unavailable (a headless server), not failing every night.
- macOS: `osascript -e 'display notification …'` (the notification shows as from Script Editor; the signed app
  bundle could post its own with UserNotifications, which needs a running NSApplication).
- Windows: a toast through Windows PowerShell's WinRT projection (ToastNotificationManager), under Regvault's
  AppUserModelID when the installer registered one, else PowerShell's own. Title and text go through environment
  variables and are XML-escaped by the script, never pasted into it.
Only the Linux path runs in this project's tests against a real D-Bus daemon; the macOS and Windows commands are
tested as built, not shown.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from desktop_app.services.alert_delivery import DESKTOP, AlertMessage, DeliveryFailed

log = logging.getLogger(__name__)

APP_NAME = "Regvault"
BODY_LIMIT = 900  # characters: notification servers cut long bodies, Windows toasts show a few lines
TIMEOUT_SECONDS = 10
# The AppUserModelID a Windows installer gives Regvault's Start-menu shortcut (toasts are shown under it), and
# Windows PowerShell's, which every Windows has registered, for an install without one.
WINDOWS_APP_ID = "Regvault.Regvault"
POWERSHELL_APP_ID = "{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\\WindowsPowerShell\\v1.0\\powershell.exe"

Run = Callable[..., subprocess.CompletedProcess[Any]]
CREATE_NO_WINDOW = 0x08000000  # subprocess.CREATE_NO_WINDOW, which exists on Windows only

_WINDOWS_SCRIPT = r"""
$ErrorActionPreference = 'Stop'
[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime] > $null
[Windows.Data.Xml.Dom.XmlDocument, Windows.Data.Xml.Dom.XmlDocument, ContentType = WindowsRuntime] > $null
$title = [System.Security.SecurityElement]::Escape($env:REGVAULT_TOAST_TITLE)
$body = [System.Security.SecurityElement]::Escape($env:REGVAULT_TOAST_BODY)
$xml = New-Object Windows.Data.Xml.Dom.XmlDocument
$xml.LoadXml("<toast><visual><binding template='ToastGeneric'><text>$title</text><text>$body</text></binding></visual></toast>")
$toast = New-Object Windows.UI.Notifications.ToastNotification $xml
[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier($env:REGVAULT_TOAST_APP).Show($toast)
"""


class DesktopNotifier:
    """The desktop channel for this OS (see the module docstring)."""

    name = DESKTOP

    def __init__(self, platform: str | None = None, *, run: Run = subprocess.run,
                 environ: Mapping[str, str] | None = None, windows_app_id: str | None = None) -> None:
        self._platform = platform or sys.platform
        self._run = run
        self._environ = dict(os.environ if environ is None else environ)
        self._windows_app_id = windows_app_id

    def unavailable(self) -> str | None:
        if self._platform in ("win32", "darwin"):
            return None
        if session_bus_address(self._environ) is None:
            return "no desktop session bus (D-Bus) to show notifications on"
        return None

    def send(self, message: AlertMessage, recipient: str = "") -> None:
        body = message.body if len(message.body) <= BODY_LIMIT else message.body[:BODY_LIMIT - 1] + "…"
        if self._platform == "win32":
            self._windows(message.title, body)
        elif self._platform == "darwin":
            self._mac(message.title, body)
        else:
            self._freedesktop(message.title, body)

    # --- Linux and friends ---------------------------------------------------------------------------------
    def _freedesktop(self, title: str, body: str) -> None:
        address = session_bus_address(self._environ)
        if address is None:
            raise DeliveryFailed("no desktop session bus (D-Bus) to show notifications on")
        try:
            notify_over_dbus(address, title, body)
        except DeliveryFailed:
            raise
        except Exception as exc:  # noqa: BLE001 - jeepney and sockets raise their own types
            raise DeliveryFailed(f"the desktop's notification service did not answer ({type(exc).__name__}: "
                                 f"{exc})") from exc

    # --- macOS -----------------------------------------------------------------------------------------------
    def mac_command(self, title: str, body: str) -> list[str]:
        script = f"display notification {_applescript_text(body)} with title {_applescript_text(title)}"
        return ["/usr/bin/osascript", "-e", script]

    def _mac(self, title: str, body: str) -> None:
        self._command(self.mac_command(title, body), None)

    # --- Windows ---------------------------------------------------------------------------------------------
    def windows_command(self, title: str, body: str) -> tuple[list[str], dict[str, str]]:
        environ = {**self._environ, "REGVAULT_TOAST_TITLE": title, "REGVAULT_TOAST_BODY": body,
                   "REGVAULT_TOAST_APP": self._windows_app_id or POWERSHELL_APP_ID}
        return (["powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
                 "-Command", _WINDOWS_SCRIPT], environ)

    def _windows(self, title: str, body: str) -> None:
        command, environ = self.windows_command(title, body)
        # The scheduled backup runs regvault.exe, which has no console: PowerShell would open one, a black window
        # flashing on the desktop, without CREATE_NO_WINDOW.
        self._command(command, environ, creationflags=CREATE_NO_WINDOW)

    def _command(self, command: Sequence[str], environ: Mapping[str, str] | None, **extra: Any) -> None:
        try:
            done = self._run(list(command), env=None if environ is None else dict(environ), capture_output=True,
                             text=True, timeout=TIMEOUT_SECONDS, check=False, **extra)
        except (OSError, subprocess.SubprocessError) as exc:
            raise DeliveryFailed(f"the notification could not be shown ({type(exc).__name__}: {exc})") from exc
        if done.returncode != 0:
            said = " ".join(str(done.stderr or "").split())[:200]
            raise DeliveryFailed(f"the notification could not be shown ({Path(command[0]).name} exit "
                                 f"{done.returncode}: {said})")


def session_bus_address(environ: Mapping[str, str]) -> str | None:
    """The user's D-Bus session bus: the environment's, else systemd's per-user socket (a cron job has no
    DBUS_SESSION_BUS_ADDRESS, but the user's logged-in session still listens there)."""
    given = environ.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if given:
        return given
    runtime = environ.get("XDG_RUNTIME_DIR") or (f"/run/user/{os.getuid()}" if hasattr(os, "getuid") else "")
    socket = Path(runtime) / "bus" if runtime else None
    if socket is not None and socket.exists():
        return f"unix:path={socket}"
    return None


def notify_over_dbus(address: str, title: str, body: str) -> int:
    """org.freedesktop.Notifications.Notify; returns the notification's id. Raises DeliveryFailed when the bus
    answers with an error (no notification service)."""
    from jeepney import DBusAddress, HeaderFields, MessageType, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    target = DBusAddress("/org/freedesktop/Notifications", bus_name="org.freedesktop.Notifications",
                         interface="org.freedesktop.Notifications")
    call = new_method_call(target, "Notify", "susssasa{sv}i",
                           (APP_NAME, 0, "dialog-warning", title, body, [], {"urgency": ("y", 1)}, -1))
    with open_dbus_connection(bus=address, enable_fds=False) as connection:
        reply = connection.send_and_get_reply(call, timeout=TIMEOUT_SECONDS)
    if reply.header.message_type == MessageType.error:
        name = reply.header.fields.get(HeaderFields.error_name, "an error")
        raise DeliveryFailed(f"the desktop has no notification service ({name})")
    return int(reply.body[0]) if reply.body else 0


def _applescript_text(text: str) -> str:
    """A string literal of AppleScript: backslashes and quotes escaped, one line."""
    flat = " ".join(text.splitlines())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'
