"""Fakes and checks for printer tests: an ESC/POS stream decoder, scripted transports, QR reading."""

from __future__ import annotations

import os
import select
import threading
import time
import tty
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from printers.profile import PrinterProfile
from printers.raster import qr_image
from printers.transports import EscposTransport, PrinterUri


@dataclass
class Decoded:
    """What an ESC/POS stream would print: the paper as an image, and the commands in order."""

    image: Image.Image
    commands: list[str] = field(default_factory=list)
    raster_blocks: list[tuple[int, int]] = field(default_factory=list)  # (width in dots, height)
    native_qr: list[str] = field(default_factory=list)
    pages: list[Image.Image] = field(default_factory=list)  # the paper cut into slips (the rest last)
    after_init: list[int] = field(default_factory=list)  # the paper's length in rows at each ESC @
    last_job: Image.Image | None = None  # what was printed after the last ESC @


def decode(stream: bytes, width: int) -> Decoded:
    """Replay ``stream`` on paper ``width`` dots wide; unknown bytes fail the test.

    Understands what the kiosk sends: DLE EOT (status), ESC @, GS v 0, ESC J, ESC d, ESC a, GS ( k (QR), GS V, LF,
    and NUL, which a printer ignores. Like a printer, a raster block takes the next bytes as its
    data, however many it declared, whatever they are.
    """
    stride = width // 8
    rows: list[bytes] = []
    out = Decoded(Image.new("1", (width, 1)))
    i = 0
    qr_data = b""
    qr_module = 3
    page_start = 0
    align = 0
    while i < len(stream):
        if stream[i] == 0:
            out.commands.append("nul")
            i += 1
        elif stream.startswith(b"\x10\x04", i):
            out.commands.append(f"status {stream[i + 2]}")
            i += 3
        elif stream.startswith(b"\x1b@", i):
            align = 0
            out.commands.append("init")
            out.after_init.append(len(rows))
            i += 2
        elif stream.startswith(b"\x1dv0", i):
            x_bytes = stream[i + 4] | stream[i + 5] << 8
            height = stream[i + 6] | stream[i + 7] << 8
            assert stream[i + 3] == 0, "raster in normal density"
            assert x_bytes <= stride, f"raster block {x_bytes * 8} dots wide on {width}-dot paper"
            data = stream[i + 8 : i + 8 + x_bytes * height]
            assert len(data) == x_bytes * height, "truncated raster block: the printer would wait for the rest"
            left = 0
            if align == 1:  # centred by the printer, as Epson's firmware does after ESC a 1
                assert (stride - x_bytes) % 2 == 0, "the kiosk crops centred blocks the same on both sides"
                left = (stride - x_bytes) // 2
            rows += [
                (bytes(left) + data[r * x_bytes : (r + 1) * x_bytes]).ljust(stride, b"\x00") for r in range(height)
            ]
            out.commands.append(f"raster {x_bytes * 8}x{height}")
            out.raster_blocks.append((x_bytes * 8, height))
            i += 8 + len(data)
        elif stream.startswith(b"\x1bJ", i):
            rows += [bytes(stride)] * stream[i + 2]
            out.commands.append(f"feed {stream[i + 2]} dots")
            i += 3
        elif stream.startswith(b"\x1bd", i):
            out.commands.append(f"feed {stream[i + 2]} lines")
            i += 3
        elif stream.startswith(b"\x1ba", i):
            align = stream[i + 2]
            out.commands.append(f"align {align}")
            i += 3
        elif stream.startswith(b"\x1d(k", i):
            size = stream[i + 3] | stream[i + 4] << 8
            cn, fn, params = stream[i + 5], stream[i + 6], stream[i + 7 : i + 5 + size]
            assert cn == 49, "2D code type QR"
            if fn == 67:  # module size in dots
                qr_module = params[0]
            elif fn == 80:  # store the data
                qr_data = params[1:]
            elif fn == 81:  # print the stored symbol, drawn as such a printer draws it, centred
                out.native_qr.append(qr_data.decode())
                symbol = qr_image(qr_data.decode(), qr_module, width).tobytes()
                rows += [
                    bytes(b ^ 0xFF for b in symbol[r * stride : (r + 1) * stride]) for r in range(len(symbol) // stride)
                ]
            out.commands.append(f"qr fn {fn}")
            i += 5 + size
        elif stream.startswith(b"\x1dV", i):
            mode = stream[i + 2]
            out.commands.append(f"cut {mode}")
            i += 4 if mode in (65, 66) else 3
            out.pages.append(_paper(rows[page_start:], width))
            page_start = len(rows)
        elif stream[i] == 0x0A:
            out.commands.append("lf")
            i += 1
        else:
            raise AssertionError(f"unknown ESC/POS bytes at {i}: {stream[i : i + 8]!r}")
    if rows:
        out.image = _paper(rows, width)
    if len(rows) > page_start:
        out.pages.append(_paper(rows[page_start:], width))
    out.last_job = _paper(rows[out.after_init[-1] :] if out.after_init else rows, width)
    return out


def _paper(rows: list[bytes], width: int) -> Image.Image:
    if not rows:
        return Image.new("1", (width, 0), 1)
    inverted = bytes(b ^ 0xFF for b in b"".join(rows))  # ESC/POS: 1 is black; PIL mode 1: 1 is white
    return Image.frombytes("1", (width, len(rows)), inverted)


def read_qr(image: Image.Image) -> list[str]:
    from pyzbar import pyzbar

    return [symbol.data.decode() for symbol in pyzbar.decode(image.convert("L")) if symbol.type == "QRCODE"]


def difference(a: Image.Image, b: Image.Image) -> float:
    """Share of pixels that differ, counting any difference of size as all different."""
    if a.size != b.size:
        return 1.0
    pa, pb = a.convert("1").tobytes(), b.convert("1").tobytes()
    differing = sum(bin(x ^ y).count("1") for x, y in zip(pa, pb, strict=True))
    return differing / (a.width * a.height)


class FakeDevice:
    """Stands for a python-escpos device: records bytes, raises what it is told to."""

    def __init__(self, *, open_error: BaseException | None, job_error: BaseException | None) -> None:
        self.open_error = open_error
        self.job_error = job_error
        self.written: list[bytes] = []
        self.closed = False

    def open(self) -> None:
        if self.open_error is not None:
            raise self.open_error

    def _raw(self, data: bytes) -> None:
        if self.job_error is not None and not data.startswith(b"\x10\x04"):
            raise self.job_error
        self.written.append(data)

    def close(self) -> None:
        self.closed = True


class ScriptedTransport(EscposTransport):
    """A printer link through the real EscposTransport code with a fake device and scripted status replies.

    ``replies`` maps the ``n`` of ``DLE EOT n`` to the byte the printer answers; missing is silence.
    """

    chunk = 1 << 30  # one device write per job, so ``jobs`` lists whole jobs

    def __init__(
        self,
        *,
        replies: dict[int, int] | None = None,
        can_read: bool = True,
        open_error: BaseException | None = None,
        job_error: BaseException | None = None,
    ) -> None:
        super().__init__(PrinterUri("usb", "04b8:0e15", {}, "usb://04b8:0e15"), PrinterProfile())
        self.replies = replies or {}
        self.can_read = can_read
        self.devices: list[FakeDevice] = []
        self._open_error = open_error
        self._job_error = job_error
        self._last_query: int | None = None

    def _make(self) -> Any:
        device = FakeDevice(open_error=self._open_error, job_error=self._job_error)
        self.devices.append(device)
        return device

    def write(self, data: bytes) -> None:
        if data.startswith(b"\x10\x04"):
            self._last_query = data[2]
        super().write(data)

    def read(self, timeout_s: float) -> bytes:
        self.open()
        reply = self.replies.get(self._last_query) if self._last_query is not None else None
        return b"" if reply is None else bytes([reply])

    @property
    def jobs(self) -> list[bytes]:
        """What reached the printer, status queries left out."""
        return [data for device in self.devices for data in device.written if not data.startswith(b"\x10\x04")]


def load_png(path: Path) -> Image.Image:
    """An image read and its file closed (pytest turns the unclosed-file warning into an error)."""
    with Image.open(path) as image:
        image.load()
        return image.copy()


class PtyPrinter:
    """A serial printer at the other end of a pseudo-terminal, taking bytes at ``baudrate`` (8N1).

    A reader thread drains the pty at ``baudrate / 10`` bytes a second, as a UART would; ``stop()``
    makes it stop taking bytes (paper out, cover open) until ``resume()``. ``path`` is the device
    to put in a ``serial://`` URI.
    """

    def __init__(self, baudrate: int | None) -> None:
        self.master, slave = os.openpty()
        tty.setraw(self.master)
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        self._slave = slave  # kept open so the pty survives the kiosk closing and reopening it
        self.rate = baudrate / 10 if baudrate else None
        self.received = bytearray()
        self._lock = threading.Lock()
        self._running = threading.Event()
        self._running.set()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._drain, name="pty-printer", daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        credit, last = 0.0, time.monotonic()
        while not self._done.is_set():
            if not self._running.wait(0.05):
                last = time.monotonic()
                continue
            now = time.monotonic()
            if self.rate is not None:
                # catches up after the thread was kept from running for up to half a second
                credit = min(credit + (now - last) * self.rate, self.rate * 0.5 + 1)
            last = now
            want = 65536 if self.rate is None else min(int(credit), 4096)
            if self.rate is not None and credit < self.rate / 50:  # read 20 ms of bytes at a time
                time.sleep((self.rate / 50 - credit) / self.rate)
                continue
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, want)
            except OSError:
                return
            credit -= len(data)
            with self._lock:
                self.received += data

    def stop(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def wait_for(self, size: int, timeout_s: float) -> bytes:
        """What the printer took once it has ``size`` bytes (or after ``timeout_s``)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= size:
                    break
            time.sleep(0.02)
        with self._lock:
            return bytes(self.received)

    def wait_idle(self, quiet_s: float = 0.5, timeout_s: float = 20) -> bytes:
        """What the printer took once nothing more has come for ``quiet_s``."""
        deadline = time.monotonic() + timeout_s
        size, since = -1, time.monotonic()
        while time.monotonic() < deadline:
            with self._lock:
                now_size = len(self.received)
            if now_size != size:
                size, since = now_size, time.monotonic()
            elif time.monotonic() - since >= quiet_s:
                break
            time.sleep(0.02)
        with self._lock:
            return bytes(self.received)

    def close(self) -> None:
        self._done.set()
        self._thread.join(timeout=2)
        os.close(self.master)
        os.close(self._slave)
