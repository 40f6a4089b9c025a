"""The other ends of alert channels, on this machine: a webhook receiver, an SMTP server, a D-Bus session bus with a
notification service. Each runs in a thread (or a child process for dbus-daemon) and records what it received."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socketserver
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@contextmanager
def serving(server: socketserver.BaseServer) -> Iterator[int]:
    """Serve in a thread until the block ends; yields the port."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])  # type: ignore[index]
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Webhook:
    """Answers each POST with the next of `answers` ((status, headers), the last one repeats); keeps the bodies."""

    answers: list[tuple[int, dict[str, str]]] = field(default_factory=lambda: [(200, {})])
    bodies: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    url: str = ""


@contextmanager
def webhook_receiver(answers: list[tuple[int, dict[str, str]]] | None = None) -> Iterator[Webhook]:
    hook = Webhook(answers or [(200, {})])
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                hook.bodies.append(json.loads(data))
                hook.paths.append(self.path)
                status, headers = hook.answers[min(len(hook.bodies) - 1, len(hook.answers) - 1)]
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            body = b"1" if status < 300 else b"invalid_payload"
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as port:
        hook.url = f"http://127.0.0.1:{port}/webhookb2/secret-token-path"
        yield hook


@dataclass
class Mailbox:
    messages: list[tuple[str, list[str], Message]] = field(default_factory=list)  # (from, to, message)
    logins: list[tuple[str, str]] = field(default_factory=list)
    port: int = 0
    password: str | None = None  # when set, AUTH must give it


@contextmanager
def smtp_server(password: str | None = None) -> Iterator[Mailbox]:
    """A minimal SMTP server (RFC 5321's commands a client sends, AUTH PLAIN and LOGIN), no TLS."""
    box = Mailbox(password=password)

    class Handler(socketserver.StreamRequestHandler):
        def reply(self, text: str) -> None:
            self.wfile.write(text.encode() + b"\r\n")

        def handle(self) -> None:
            self.reply("220 localhost test SMTP")
            sender, recipients = "", []
            while line := self.rfile.readline():
                command = line.decode().rstrip("\r\n")
                verb = command.split(" ", 1)[0].upper()
                if verb == "EHLO":
                    self.reply("250-localhost\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME")
                elif verb == "AUTH":
                    self.auth(command)
                elif verb == "MAIL":
                    sender, recipients = command.split(":", 1)[1].strip().split()[0].strip("<>"), []
                    self.reply("250 OK")
                elif verb == "RCPT":
                    recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                    self.reply("250 OK")
                elif verb == "DATA":
                    self.reply("354 go on")
                    data = b""
                    while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                        data += chunk[1:] if chunk.startswith(b"..") else chunk
                    box.messages.append((sender, recipients, message_from_bytes(data)))
                    self.reply("250 queued")
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("250 OK")

        def auth(self, command: str) -> None:
            parts = command.split()
            if parts[1].upper() == "PLAIN":
                blob = parts[2] if len(parts) > 2 else self._ask("")
                _, user, given = base64.b64decode(blob).decode().split("\0")
            else:
                user = base64.b64decode(self._ask("VXNlcm5hbWU6")).decode()
                given = base64.b64decode(self._ask("UGFzc3dvcmQ6")).decode()
            box.logins.append((user, given))
            if box.password is not None and given != box.password:
                self.reply("535 5.7.8 Authentication credentials invalid")
            else:
                self.reply("235 2.7.0 Authentication successful")

        def _ask(self, prompt: str) -> str:
            self.reply(f"334 {prompt}")
            return self.rfile.readline().decode().strip()

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with serving(server) as box.port:
        yield box


@dataclass
class NotificationService:
    address: str
    shown: list[tuple[str, str, str]] = field(default_factory=list)  # (app name, title, body)


@contextmanager
def session_bus(with_notifications: bool = True) -> Iterator[NotificationService]:
    """A private D-Bus session bus (dbus-daemon), with a notification service on it that keeps each Notify."""
    if shutil.which("dbus-daemon") is None:
        import pytest

        pytest.skip("dbus-daemon is not installed")
    folder = Path(tempfile.mkdtemp(prefix="regvault-bus-"))
    config = folder / "session.conf"
    config.write_text(
        "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
        "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
        f"<busconfig><type>session</type><listen>unix:path={folder}/bus</listen>"
        "<auth>EXTERNAL</auth><policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
        "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n")
    daemon = subprocess.Popen(["dbus-daemon", "--config-file", str(config), "--nofork", "--print-address"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    service = NotificationService(address)
    stop = threading.Event()
    thread = None
    if with_notifications:
        ready = threading.Event()
        thread = threading.Thread(target=_serve_notifications, args=(service, ready, stop), daemon=True)
        thread.start()
        assert ready.wait(10), "the test notification service did not start"
    try:
        yield service
    finally:
        stop.set()
        daemon.terminate()
        daemon.wait(10)
        if thread is not None:
            thread.join(10)
        shutil.rmtree(folder, ignore_errors=True)


def _serve_notifications(service: NotificationService, ready: threading.Event, stop: threading.Event) -> None:
    from jeepney import HeaderFields, MessageType, new_method_return
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus=service.address) as connection:
        connection.send_and_get_reply(message_bus.RequestName("org.freedesktop.Notifications"))
        ready.set()
        counter = 0
        while not stop.is_set():
            try:
                message = connection.receive(timeout=0.2)
            except TimeoutError:
                continue
            except (ConnectionError, OSError):
                return
            header = message.header
            if header.message_type != MessageType.method_call:
                continue
            if header.fields.get(HeaderFields.member) == "Notify":
                app, _replaces, _icon, title, body = message.body[:5]
                service.shown.append((app, title, body))
                counter += 1
                connection.send(new_method_return(message, "u", (counter,)))


def environ_with_bus(address: str) -> dict[str, str]:
    return {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}


