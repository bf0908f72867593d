"""systemd's service notification protocol (sd_notify(3)): READY, WATCHDOG, STOPPING and STATUS datagrams.

The protocol is one datagram of ``KEY=value`` lines sent to the unix socket named by
``$NOTIFY_SOCKET`` (a path, or an abstract name written with a leading ``@``). Spoken directly:
it is a dozen lines, and a binding would be one more native dependency on the kiosk.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Supervision:
    """What systemd asked of this process: where to report, and how often to say it is alive."""

    socket_address: str | bytes
    watchdog_usec: int = 0  # 0: no watchdog

    @property
    def ping_interval_s(self) -> float:
        """Half the watchdog timeout, as sd_watchdog_enabled(3) recommends; 0 with no watchdog."""
        return self.watchdog_usec / 2 / 1_000_000


def supervision_from(env: Mapping[str, str], *, pid: int | None = None) -> Supervision | None:
    """The supervision described by ``env`` (the process environment), or None when not run by systemd.

    ``WATCHDOG_PID``, when set, names the one process the watchdog is meant for: any other process
    (a child the service spawned) must not ping it, exactly as sd_watchdog_enabled(3) decides.
    """
    raw = env.get("NOTIFY_SOCKET", "")
    if not raw:
        return None
    if raw.startswith("@"):
        address: str | bytes = b"\0" + raw[1:].encode()  # Linux abstract namespace
    elif raw.startswith("/"):
        address = raw
    else:
        log.warning("NOTIFY_SOCKET is neither a path nor an abstract name, ignored: %r", raw)
        return None
    usec = 0
    text = env.get("WATCHDOG_USEC", "")
    if text:
        try:
            usec = int(text)
        except ValueError:
            log.warning("WATCHDOG_USEC is not a number, watchdog off: %r", text)
        if usec < 0:
            usec = 0
    watchdog_pid = env.get("WATCHDOG_PID", "")
    if usec and watchdog_pid:
        own = os.getpid() if pid is None else pid
        if watchdog_pid != str(own):
            usec = 0  # the watchdog is another process's
    return Supervision(address, usec)


class Notifier:
    """Sends notifications to systemd; a failed send is logged, never raised into the caller."""

    def __init__(self, supervision: Supervision) -> None:
        self.supervision = supervision
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
        self._failed = False

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> Notifier | None:
        supervision = supervision_from(os.environ if env is None else env)
        return cls(supervision) if supervision is not None else None

    @property
    def watchdog_enabled(self) -> bool:
        return self.supervision.watchdog_usec > 0

    def notify(self, **fields: str | int) -> bool:
        """Send ``KEY=value`` lines (``notify(READY=1, STATUS="…")``); True when the datagram went out."""
        message = "\n".join(f"{key}={value}" for key, value in fields.items())
        try:
            self._socket.sendto(message.encode(), self.supervision.socket_address)
        except OSError as exc:
            # Once as a warning: a ping every few seconds must not flood the journal.
            log.log(
                logging.DEBUG if self._failed else logging.WARNING, "systemd notification %r not sent: %s", message, exc
            )
            self._failed = True
            return False
        self._failed = False
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify(READY=1, STATUS=status) if status else self.notify(READY=1)

    def watchdog(self) -> bool:
        return self.notify(WATCHDOG=1)

    def status(self, text: str) -> bool:
        return self.notify(STATUS=text)

    def stopping(self) -> bool:
        return self.notify(STOPPING=1)

    def close(self) -> None:
        self._socket.close()
