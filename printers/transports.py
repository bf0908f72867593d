"""How the bytes reach the printer, chosen by a URI: usb://, serial://, tcp://, cups://, win32://, file://, dummy:."""

from __future__ import annotations

import contextlib
import copy
import errno
import logging
import os
import re
import select
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

from kiosk.printing import PrinterConfigError
from printers._escpos import escpos_printer_module
from printers.faults import printer_error
from printers.profile import PrinterProfile

log = logging.getLogger(__name__)

SCHEMES = ("usb", "serial", "tcp", "cups", "win32", "file", "preview", "dummy")
STATUS_READ_S = 0.5  # how long to wait for the answer to a status query
DSR_CHUNK = 64  # bytes sent between two looks at DSR: well inside a printer's "busy" margin
DSR_POLL_S = 0.002


class Transport(Protocol):
    """A link to a printer. Every method raises :class:`kiosk.printing.PrinterError` only."""

    uri: str
    sent: int  # bytes of the last write the device took (all of them unless it raised)

    @property
    def can_read(self) -> bool:
        """Whether the printer can answer status queries over this link."""
        ...

    def open(self) -> None: ...

    def write(self, data: bytes) -> None: ...

    def read(self, timeout_s: float) -> bytes:
        """What the printer sent back within ``timeout_s``; ``b""`` when it said nothing."""
        ...

    def end_job(self) -> None:
        """The job is complete: hand it over (CUPS) or flush it."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class PrinterUri:
    scheme: str
    target: str  # "04b8:0e15", "/dev/ttyUSB0", "host:9100", a queue or printer name, a path
    options: dict[str, str] = field(default_factory=dict)
    text: str = ""


def parse_uri(uri: str) -> PrinterUri:
    """Split and check a printer URI; a bad one raises :class:`PrinterConfigError` naming the problem."""
    if uri.strip() in {"dummy:", "dummy://"}:
        return PrinterUri("dummy", "", {}, uri)
    parts = urlsplit(uri.strip())
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise PrinterConfigError(
            f"printer URI {uri!r}: unknown scheme {scheme!r}; expected one of {', '.join(SCHEMES)}"
        )
    target = unquote(parts.netloc + parts.path)
    options = dict(parse_qsl(parts.query))
    if scheme == "usb" and not re.fullmatch(r"[0-9a-fA-F]{4}:[0-9a-fA-F]{4}", target):
        raise PrinterConfigError(f"printer URI {uri!r}: expected usb://VID:PID in hex, e.g. usb://04b8:0e15")
    if scheme == "tcp" and not parts.hostname:
        raise PrinterConfigError(f"printer URI {uri!r}: expected tcp://HOST:PORT, e.g. tcp://192.168.1.50:9100")
    if scheme in {"serial", "cups", "win32", "file", "preview"} and not target:
        raise PrinterConfigError(f"printer URI {uri!r}: the device, queue or path is missing")
    return PrinterUri(scheme, target, options, uri)


def _int_option(uri: PrinterUri, name: str, default: int) -> int:
    value = uri.options.get(name)
    if value is None:
        return default
    try:
        return int(value, 0)
    except ValueError:
        raise PrinterConfigError(f"printer URI {uri.text!r}: {name}={value!r} is not a number") from None


def _bool_option(uri: PrinterUri, name: str, default: bool) -> bool:
    value = uri.options.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise PrinterConfigError(f"printer URI {uri.text!r}: {name}={value!r} must be 1 or 0")


def escpos_profile(profile: PrinterProfile) -> Any:
    """python-escpos's default profile with our paper width, so ``image()`` checks it and never prints a warning."""
    escpos_printer_module()
    from escpos.capabilities import Profile

    capabilities = Profile()
    # The profile's data is a dict shared by every instance of the class: copy before changing it.
    capabilities.profile_data = copy.deepcopy(capabilities.profile_data)
    capabilities.profile_data["media"] = {
        "dpi": profile.dpi,
        "width": {"mm": profile.paper_width_mm, "pixels": profile.dots},
    }
    capabilities.features = dict(capabilities.profile_data["features"])
    return capabilities


class EscposTransport:
    """A link through one of python-escpos's device classes; faults become :class:`PrinterError`.

    A slip goes out in chunks, each with its own timeout: a send fails only when the printer
    takes no byte for ``profile.timeout_s`` seconds, however long the whole slip takes on a slow
    link (an 80 mm ticket needs half a minute at 9,600 baud).
    """

    can_read = False
    chunk = 4096  # bytes handed to the device at a time; each must go within the timeout

    def __init__(self, uri: PrinterUri, profile: PrinterProfile) -> None:
        self.uri = uri.text
        self.target = uri
        self.profile = profile
        self.sent = 0
        self._device: Any = None

    def _make(self) -> Any:
        raise NotImplementedError

    def _after_open(self, device: Any) -> None:
        """Set timeouts python-escpos leaves at their defaults."""

    def open(self) -> None:
        if self._device is not None:
            return
        try:
            device = self._make()
            device.open()
            self._after_open(device)
        except Exception as exc:
            raise printer_error(exc, where=self.uri, action="open the printer") from exc
        self._device = device

    def write(self, data: bytes) -> None:
        self.sent = 0
        self.open()
        try:
            while self.sent < len(data):
                self.sent += self._send(data[self.sent : self.sent + self.chunk])
        except Exception as exc:
            self._abandon()  # a broken link is opened afresh for the next slip
            action = f"send {len(data)} bytes (stopped after {self.sent})"
            raise printer_error(exc, where=self.uri, action=action) from exc

    def _send(self, data: bytes) -> int:
        """Hand some of ``data`` to the device; how many bytes it took (at least one)."""
        self._device._raw(data)
        return len(data)

    def read(self, timeout_s: float) -> bytes:
        return b""

    def end_job(self) -> None:
        pass

    def close(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            with contextlib.suppress(Exception):
                device.close()

    def _abandon(self) -> None:
        """Close after a failed send."""
        self.close()


class UsbTransport(EscposTransport):
    can_read = True

    def _make(self) -> Any:
        vendor, product = (int(part, 16) for part in self.target.target.split(":"))
        return escpos_printer_module().Usb(
            vendor,
            product,
            timeout=int(self.profile.timeout_s * 1000),
            in_ep=_int_option(self.target, "in_ep", 0x82),
            out_ep=_int_option(self.target, "out_ep", 0x01),
            profile=escpos_profile(self.profile),
        )

    def _send(self, data: bytes) -> int:
        written: int = self._device.device.write(self._device.out_ep, data, int(self.profile.timeout_s * 1000))
        return written

    def read(self, timeout_s: float) -> bytes:
        self.open()
        try:
            return bytes(self._device.device.read(self._device.in_ep, 16, int(timeout_s * 1000)))
        except Exception as exc:
            if type(exc).__name__ == "USBTimeoutError":
                return b""
            self.close()
            raise printer_error(exc, where=self.uri, action="read the status") from exc


class SerialTransport(EscposTransport):
    """An RS-232 printer, or a USB one that shows up as a serial port (/dev/ttyUSB0, /dev/ttyACM0).

    ``serial:///dev/ttyUSB0?baudrate=19200&dsrdtr=1`` — the printer's DIP switches or memory
    switches decide the speed and the handshake, and its self-test slip prints both:

    - ``dsrdtr=1`` (the default): wait while the printer holds DSR low (its BUSY signal, Epson's
      factory setting). Linux has no DSR/DTR flow control in its serial driver (pyserial's
      ``dsrdtr`` only stops it from toggling DTR), so the kiosk watches DSR itself and sends
      small chunks (status queries go regardless). A cable that does not carry DSR reads as
      "busy" for ever: use ``dsrdtr=0`` with one of the others, or none (``dsrdtr=0`` alone).
    - ``rtscts=1``: hardware handshake on CTS, done by the kernel.
    - ``xonxoff=1``: the printer sends XOFF/XON, handled by the kernel. Status replies never look
      like XON or XOFF (bits 1 and 4 are always set), so they still come through.

    Without any handshake a printer that stops (paper out, cover open) loses what it is sent
    while stopped; with one, the kiosk notices after ``printer.timeout_s`` seconds and the next
    slip starts clean (see :mod:`printers.escpos_printer`).
    """

    can_read = True

    def __init__(self, uri: PrinterUri, profile: PrinterProfile) -> None:
        super().__init__(uri, profile)
        self.baudrate = _int_option(uri, "baudrate", profile.baudrate)
        self.rtscts = _bool_option(uri, "rtscts", False)
        self.xonxoff = _bool_option(uri, "xonxoff", False)
        self.dsrdtr = _bool_option(uri, "dsrdtr", not (self.rtscts or self.xonxoff))
        unknown = set(uri.options) - {"baudrate", "rtscts", "xonxoff", "dsrdtr"}
        if unknown:
            raise PrinterConfigError(
                f"printer URI {uri.text!r}: unknown option {sorted(unknown)[0]!r}; "
                "expected baudrate, rtscts, dsrdtr or xonxoff"
            )
        # With DSR watched by us, no more than a small chunk may be on its way when BUSY rises.
        self.chunk = DSR_CHUNK if self.dsrdtr else 1024
        self._modem_lines = True

    def _make(self) -> Any:
        import serial

        return serial.Serial(
            baudrate=self.baudrate,
            timeout=STATUS_READ_S,
            rtscts=self.rtscts,
            xonxoff=self.xonxoff,
            dsrdtr=False,  # pyserial would only stop raising DTR; the kiosk watches DSR itself
        )

    def open(self) -> None:
        if self._device is not None:
            return
        try:
            port = self._make()
            port.port = self.target.target
            port.open()
        except Exception as exc:
            raise printer_error(exc, where=self.uri, action="open the serial port") from exc
        self._device = port
        self._modem_lines = True

    def _send(self, data: bytes) -> int:
        port = self._device
        deadline = time.monotonic() + self.profile.timeout_s
        # A status query (DLE EOT n) goes even while the printer is busy: ESC/POS printers answer
        # real-time commands at once, and it is how the kiosk learns the paper is out.
        if self.dsrdtr and not (len(data) == 3 and data.startswith(b"\x10\x04")):
            while not self._dsr(port):
                if time.monotonic() >= deadline:
                    raise TimeoutError(
                        "the printer held DSR low (busy): paper out, cover open, or a cable without DSR "
                        "(then add dsrdtr=0 to the URI, with rtscts=1 or xonxoff=1 if the printer uses them)"
                    )
                time.sleep(DSR_POLL_S)
            while port.out_waiting and time.monotonic() < deadline:
                time.sleep(DSR_POLL_S)  # the previous chunk is still on the wire
        return write_within(port.fileno(), data, max(0.0, deadline - time.monotonic()))

    def _dsr(self, port: Any) -> bool:
        """DSR, or True on a port without modem lines (a pseudo-terminal): nothing to wait for."""
        if not self._modem_lines:
            return True
        try:
            return bool(port.dsr)
        except OSError as exc:
            if exc.errno in {errno.EINVAL, errno.ENOTTY}:
                log.info("%s: no modem lines, DSR handshake off", self.uri)
                self._modem_lines = False
                return True
            raise

    def read(self, timeout_s: float) -> bytes:
        self.open()
        try:
            self._device.timeout = timeout_s
            return bytes(self._device.read(16))
        except Exception as exc:
            self.close()
            raise printer_error(exc, where=self.uri, action="read the status") from exc

    def close(self) -> None:
        """Close once the port has sent what it holds, or has sent nothing for ``timeout_s``."""
        port = self._device
        if port is None:
            return
        with contextlib.suppress(Exception):
            waiting, deadline = port.out_waiting, time.monotonic() + self.profile.timeout_s
            while waiting and time.monotonic() < deadline:
                time.sleep(0.05)
                if port.out_waiting < waiting:
                    waiting, deadline = port.out_waiting, time.monotonic() + self.profile.timeout_s
        self._abandon()

    def _abandon(self) -> None:
        port, self._device = self._device, None
        if port is None:
            return
        with contextlib.suppress(Exception):
            if port.out_waiting:
                # Drop what a stopped printer has not taken, or closing waits up to 30 s for it
                # (the tty's closing_wait); the next slip begins by resynchronising anyway.
                port.reset_output_buffer()
        with contextlib.suppress(Exception):
            port.close()


class NetworkTransport(EscposTransport):
    can_read = True

    def _make(self) -> Any:
        parts = urlsplit(self.uri)
        return escpos_printer_module().Network(
            host=parts.hostname or "",
            port=parts.port or 9100,
            timeout=self.profile.timeout_s,
            profile=escpos_profile(self.profile),
        )

    def _send(self, data: bytes) -> int:
        # socket.sendall's timeout bounds the whole call since Python 3.5; send() is one step
        sent: int = self._device.device.send(data)
        return sent

    def read(self, timeout_s: float) -> bytes:
        self.open()
        sock = self._device.device
        try:
            sock.settimeout(timeout_s)
            return bytes(sock.recv(16))
        except TimeoutError:
            return b""
        except Exception as exc:
            self.close()
            raise printer_error(exc, where=self.uri, action="read the status") from exc
        finally:
            if self._device is not None:
                sock.settimeout(self.profile.timeout_s)


class FileTransport(EscposTransport):
    """A device file (``/dev/usb/lp0`` of the Linux usblp driver) or a plain file of ESC/POS bytes.

    Written without blocking, so a printer that stops taking bytes fails the send after
    ``printer.timeout_s`` instead of hanging the printer's worker.
    """

    def open(self) -> None:
        if self._device is not None:
            return
        try:
            self._device = os.open(self.target.target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK, 0o644)
        except OSError as exc:
            raise printer_error(exc, where=self.uri, action="open the printer") from exc

    def _send(self, data: bytes) -> int:
        return write_within(self._device, data, self.profile.timeout_s)

    def close(self) -> None:
        fd, self._device = self._device, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)


def write_within(fd: int, data: bytes, timeout_s: float) -> int:
    """Write some of ``data`` to a non-blocking ``fd`` once it takes bytes; TimeoutError after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        _read, ready, _error = select.select([], [fd], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise TimeoutError(f"the device took no byte for {timeout_s:g} s")
        try:
            return os.write(fd, data)
        except BlockingIOError:
            continue


class CupsTransport(EscposTransport):
    """A raw CUPS queue, through the ``lp`` command (package cups-client); each slip is one CUPS job."""

    def _make(self) -> Any:
        return escpos_printer_module().LP(printer_name=self.target.target, profile=escpos_profile(self.profile))

    def end_job(self) -> None:
        self.close()  # closing lp's input submits the job


class Win32Transport(EscposTransport):
    """A printer installed in Windows (vendor driver), printed to raw. Works only on Windows, with pywin32."""

    def __init__(self, uri: PrinterUri, profile: PrinterProfile) -> None:
        if sys.platform != "win32":
            raise PrinterConfigError(
                f"printer URI {uri.text!r}: win32:// printers work only on Windows; "
                "on Linux use usb://VID:PID, file:///dev/usb/lp0 or cups://QUEUE"
            )
        super().__init__(uri, profile)

    def _make(self) -> Any:
        module = escpos_printer_module()
        if not module.Win32Raw.is_usable():
            raise PrinterConfigError("win32:// needs pywin32: pip install pywin32")
        return module.Win32Raw(printer_name=self.target.target, profile=escpos_profile(self.profile))

    def end_job(self) -> None:
        self.close()  # Win32Raw ends the spooler job on close


class DummyTransport(EscposTransport):
    """python-escpos's ``Dummy``: keeps every byte, for tests and benchmarks."""

    def _make(self) -> Any:
        return escpos_printer_module().Dummy(profile=escpos_profile(self.profile))

    @property
    def output(self) -> bytes:
        self.open()
        data: bytes = self._device.output
        return data

    def clear(self) -> None:
        if self._device is not None:
            self._device.clear()


_TRANSPORTS: dict[str, type[EscposTransport]] = {
    "usb": UsbTransport,
    "serial": SerialTransport,
    "tcp": NetworkTransport,
    "file": FileTransport,
    "cups": CupsTransport,
    "win32": Win32Transport,
    "dummy": DummyTransport,
}


def transport_for(uri: PrinterUri, profile: PrinterProfile) -> EscposTransport:
    """The transport of an ESC/POS printer URI (not ``preview://``, which is no printer)."""
    try:
        transport_type = _TRANSPORTS[uri.scheme]
    except KeyError:
        raise PrinterConfigError(f"printer URI {uri.text!r} is not an ESC/POS device") from None
    return transport_type(uri, profile)
