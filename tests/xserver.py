"""A private X server for the tests: Xvfb on a display of its own, real pointer events, screen grabs.

:func:`xvfb` starts Xvfb with ``-displayfd`` (the server picks a free display number and writes it
to a pipe: no fixed numbers, so test runs in parallel never meet) and no window manager. The
:class:`XServer` it yields sends pointer events through the XTEST extension (python-xlib): the
server delivers them to whatever window is under the pointer exactly as it would a mouse or a
touchscreen's emulated pointer, so the application sees a real press and release, not an event
posted to one of its widgets. :meth:`XServer.grab` reads the screen's pixels back.

Used by the end-to-end suite (``tests/e2e``), the card flow under Xvfb, the cage session's x11
backend and the tap-to-repaint benchmark.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image
    from Xlib.display import Display

START_TIMEOUT_S = 20.0


class XServer:
    """A running Xvfb: its display name, and (opened on first use) an X connection that taps and grabs."""

    def __init__(self, number: str, width: int, height: int) -> None:
        self.number = number
        self.name = f":{number}"
        self.width, self.height = width, height
        self._display: Display | None = None

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a child that should open its windows here (Qt's xcb platform)."""
        return {**os.environ, "DISPLAY": self.name, "QT_QPA_PLATFORM": "xcb", **extra}

    @property
    def display(self) -> Display:
        if self._display is None:
            from Xlib.display import Display

            display = Display(self.name)
            if not display.has_extension("XTEST"):
                display.close()
                raise RuntimeError(f"the X server {self.name} has no XTEST extension")
            self._display = display
        return self._display

    def close(self) -> None:
        if self._display is not None:
            self._display.close()
            self._display = None

    # Pointer ---------------------------------------------------------------------------------

    def move(self, x: int, y: int) -> None:
        from Xlib import X
        from Xlib.ext import xtest

        xtest.fake_input(self.display, X.MotionNotify, x=int(x), y=int(y))
        self.display.sync()

    def press(self, x: int, y: int, button: int = 1) -> None:
        """The pointer to (x, y) on the root window, then the button down."""
        from Xlib import X
        from Xlib.ext import xtest

        self.move(x, y)
        xtest.fake_input(self.display, X.ButtonPress, button)
        self.display.sync()

    def release(self, button: int = 1) -> None:
        from Xlib import X
        from Xlib.ext import xtest

        xtest.fake_input(self.display, X.ButtonRelease, button)
        self.display.sync()

    def click(self, x: int, y: int, *, hold_s: float = 0.03, button: int = 1) -> None:
        """A tap: press at (x, y), hold a moment as a finger does, release. Returns once the server has both."""
        self.press(x, y, button)
        if hold_s > 0:
            time.sleep(hold_s)
        self.release(button)

    def taps(self, x: int, y: int, count: int, interval_s: float, *, hold_s: float = 0.03) -> list[float]:
        """``count`` taps on one spot, each starting ``interval_s`` after the one before (a double or triple tap).

        Returns when each press was sent (``time.monotonic()``): on a loaded machine they may be later.
        """
        start = time.monotonic()
        sent = []
        for i in range(count):
            wait = start + i * interval_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            sent.append(time.monotonic())
            self.click(x, y, hold_s=min(hold_s, interval_s / 3))
        return sent

    # Pixels ----------------------------------------------------------------------------------

    def grab(self, x: int = 0, y: int = 0, width: int | None = None, height: int | None = None) -> Image.Image:
        """The screen's pixels (the root window, what the server shows now) as an RGB image."""
        from PIL import Image
        from Xlib import X

        w = self.width - x if width is None else width
        h = self.height - y if height is None else height
        reply = self.display.screen().root.get_image(x, y, w, h, X.ZPixmap, 0xFFFFFFFF)
        data = reply.data if isinstance(reply.data, bytes) else bytes(reply.data)
        return Image.frombytes("RGB", (w, h), data, "raw", "BGRX")


@contextmanager
def xvfb(width: int = 1920, height: int = 1080, *, depth: int = 24) -> Iterator[XServer]:
    """An Xvfb of its own, ``width``×``height``, stopped at the end."""
    if not shutil.which("Xvfb"):
        raise RuntimeError("Xvfb is missing: make test installs xvfb (TEST_DEBS)")
    read, write = os.pipe()
    server = subprocess.Popen(
        # -noreset: the server keeps its state when its last client goes (one kiosk after another).
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x{depth}", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    x: XServer | None = None
    try:
        with os.fdopen(read) as lines:
            number = _first_line(lines.fileno(), START_TIMEOUT_S)
        if not number:
            raise RuntimeError(f"Xvfb did not start (exit code {server.poll()})")
        x = XServer(number, width, height)
        yield x
    finally:
        if x is not None:
            x.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _first_line(fd: int, timeout_s: float) -> str:
    """The first line written to ``fd`` (Xvfb's display number), or "" when nothing comes in time."""
    import select

    deadline = time.monotonic() + timeout_s
    got = b""
    while b"\n" not in got:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return ""
        chunk = os.read(fd, 64)
        if not chunk:
            break
        got += chunk
    return got.decode().strip()
