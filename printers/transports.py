"""How the bytes reach the printer, chosen by a URI: usb://, serial://, tcp://, cups://, win32://, file://, dummy:."""

from __future__ import annotations

import contextlib
import copy
import logging
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

from kiosk.printing import PrinterConfigError
from printers._escpos import escpos_printer_module
from printers.faults import printer_error
from printers.profile import DPI, PrinterProfile

log = logging.getLogger(__name__)

SCHEMES = ("usb", "serial", "tcp", "cups", "win32", "file", "preview", "dummy")
STATUS_READ_S = 0.5  # how long to wait for the answer to a status query


class Transport(Protocol):
    """A link to a printer. Every method raises :class:`kiosk.printing.PrinterError` only."""

    uri: str

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


def escpos_profile(profile: PrinterProfile) -> Any:
    """python-escpos's default profile with our paper width, so ``image()`` checks it and never prints a warning."""
    escpos_printer_module()
    from escpos.capabilities import Profile

    capabilities = Profile()
    # The profile's data is a dict shared by every instance of the class: copy before changing it.
    capabilities.profile_data = copy.deepcopy(capabilities.profile_data)
    capabilities.profile_data["media"] = {"dpi": DPI, "width": {"mm": profile.paper_width_mm, "pixels": profile.dots}}
    capabilities.features = dict(capabilities.profile_data["features"])
    return capabilities


class EscposTransport:
    """A link through one of python-escpos's device classes; faults become :class:`PrinterError`."""

    can_read = False

    def __init__(self, uri: PrinterUri, profile: PrinterProfile) -> None:
        self.uri = uri.text
        self.target = uri
        self.profile = profile
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
        self.open()
        try:
            self._device._raw(data)
        except Exception as exc:
            self.close()  # a broken link is opened afresh for the next slip
            raise printer_error(exc, where=self.uri, action=f"send {len(data)} bytes") from exc

    def read(self, timeout_s: float) -> bytes:
        return b""

    def end_job(self) -> None:
        pass

    def close(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            with contextlib.suppress(Exception):
                device.close()


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
    can_read = True

    def _make(self) -> Any:
        return escpos_printer_module().Serial(
            devfile=self.target.target,
            baudrate=_int_option(self.target, "baudrate", 9600),
            timeout=STATUS_READ_S,
            dsrdtr=self.target.options.get("dsrdtr", "true").lower() in {"1", "true", "yes"},
            profile=escpos_profile(self.profile),
        )

    def _after_open(self, device: Any) -> None:
        device.device.write_timeout = self.profile.timeout_s

    def read(self, timeout_s: float) -> bytes:
        self.open()
        try:
            self._device.device.timeout = timeout_s
            return bytes(self._device.device.read(16))
        except Exception as exc:
            self.close()
            raise printer_error(exc, where=self.uri, action="read the status") from exc


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
    """A device file (``/dev/usb/lp0`` of the Linux usblp driver) or a plain file of ESC/POS bytes."""

    def _make(self) -> Any:
        return escpos_printer_module().File(devfile=self.target.target, profile=escpos_profile(self.profile))


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
