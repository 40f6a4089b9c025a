"""One Regvault window per data folder: a second start brings the first window to the front and exits.

Two windows on one database would each think they know what the tenant looks like, and each run its own
backups and restores. So the first window holds a lock file in the data folder (QLockFile: a crashed holder's
lock is taken over, since its process id is gone) and listens on a local socket (a named pipe on Windows)
named after the user and the folder. A second start finds the lock held, connects, says "activate" and
waits for "ok"; the first raises its window. The demo has its own data folder, so the demo and real data
can be open side by side.

The command line is not limited: `regvault backup` next to an open window is the scheduled backup's normal
case (the store serialises what must be serialised).
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Qt, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from desktop_app.store.workstation import operator_name

log = logging.getLogger(__name__)

LOCK_FILE_NAME = "window.lock"
ACTIVATE = b"activate\n"
ACKNOWLEDGED = b"ok\n"
# A first window that has just taken the lock needs a moment before it listens; a busy machine, a few.
HANDOVER_TIMEOUT_S = 10.0


def server_name(data_dir: Path) -> str:
    """Per user and data folder; short (a Unix socket path is limited to ~100 bytes)."""
    digest = hashlib.sha256(f"{operator_name()}\0{data_dir.resolve()}".encode()).hexdigest()[:20]
    return f"regvault-{digest}"


class WindowInstance(QObject):
    """`claim(data_dir)`: the first start gets `is_first` and raises its window when a second start asks."""

    activation_requested = Signal()

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.name = server_name(data_dir)
        self.lock = QLockFile(str(data_dir / LOCK_FILE_NAME))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone, never because it is old
        self.server: QLocalServer | None = None
        self.is_first = False

    @classmethod
    def claim(cls, data_dir: Path, *, timeout_s: float = HANDOVER_TIMEOUT_S) -> WindowInstance:
        """Become the window of this data folder, or hand over to the one that is (`is_first` False then).
        Needs the QApplication to exist."""
        instance = cls(data_dir)
        deadline = time.monotonic() + timeout_s
        while True:
            if instance.lock.tryLock(0):
                instance._listen()
                return instance
            if instance._hand_over():
                return instance
            if time.monotonic() >= deadline:
                # The holder neither listens nor lets go (hung while starting?): open anyway rather than not at
                # all; the user sees two windows and can close one.
                log.warning("a Regvault window seems to hold %s but does not answer; opening another",
                            instance.lock.fileName())
                instance.is_first = True
                return instance
            time.sleep(0.2)

    def _listen(self) -> None:
        self.is_first = True
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # A socket file left by a crashed window (Unix) would make listen() fail; the lock says it is ours now.
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            log.warning("cannot listen for a second start on %s: %s", self.name, server.errorString())
            return
        server.newConnection.connect(self._second_start)
        self.server = server
        log.info("window of %s: listening for a second start on %s", self.data_dir, self.name)

    def _hand_over(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(1000):
            return False
        socket.write(ACTIVATE)
        socket.flush()
        answered = socket.waitForReadyRead(3000) and socket.readAll().data() == ACKNOWLEDGED
        socket.disconnectFromServer()
        if answered:
            log.info("a Regvault window is already open on %s: it was asked to come to the front", self.data_dir)
        return answered

    @Slot()
    def _second_start(self) -> None:
        assert self.server is not None
        socket = self.server.nextPendingConnection()
        if socket is None:
            return
        socket.setParent(self)

        def read() -> None:
            if socket.canReadLine() and socket.readLine().data() == ACTIVATE:
                socket.write(ACKNOWLEDGED)
                socket.flush()
                log.info("a second start asked this window to come to the front")
                self.activation_requested.emit()
                bring_to_front()
            socket.disconnectFromServer()

        socket.readyRead.connect(read)
        socket.disconnected.connect(socket.deleteLater)
        if socket.bytesAvailable():
            read()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        if self.is_first:
            self.lock.unlock()


def bring_to_front() -> QWidget | None:
    """Raise the window the user sees: the main window, else whatever top-level window is open (the demo's
    progress); restored if it was minimised."""
    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
    if not windows:
        return None
    main = [w for w in windows if isinstance(w, QMainWindow)]
    window = (main or windows)[0]
    window.setWindowState((window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
