"""Printer URIs, the transports they choose, and the bytes a real socket and file receive."""

from __future__ import annotations

import socket
import sys
import threading
from pathlib import Path

import pytest

from kiosk.config import PrinterConfig
from kiosk.printing import PrinterConfigError, PrinterState, PrinterTimeout
from printers import open_printer
from printers.escpos_printer import EscposTicketPrinter, status_query
from printers.preview import PreviewPrinter
from printers.profile import PrinterProfile
from printers.samples import sample_ticket
from printers.transports import (
    CupsTransport,
    DummyTransport,
    FileTransport,
    NetworkTransport,
    SerialTransport,
    UsbTransport,
    parse_uri,
)
from tests.printers.helpers import decode, read_qr


@pytest.mark.parametrize(
    ("uri", "transport"),
    [
        ("usb://04b8:0e15", UsbTransport),
        ("usb://0416:5011?in_ep=0x81&out_ep=0x03", UsbTransport),
        ("serial:///dev/ttyUSB0?baudrate=19200", SerialTransport),
        ("tcp://192.168.1.50:9100", NetworkTransport),
        ("cups://TM-T20", CupsTransport),
        ("file:///dev/usb/lp0", FileTransport),
        ("dummy:", DummyTransport),
    ],
)
def test_uri_chooses_the_transport(uri: str, transport: type) -> None:
    printer = open_printer(PrinterConfig(), uri)
    assert isinstance(printer, EscposTicketPrinter)
    assert type(printer.transport) is transport


def test_uri_options() -> None:
    serial = parse_uri("serial:///dev/ttyUSB0?baudrate=19200")
    assert (serial.target, serial.options) == ("/dev/ttyUSB0", {"baudrate": "19200"})
    assert parse_uri("usb://04b8:0e15").target == "04b8:0e15"
    assert parse_uri("win32://EPSON%20TM-T20II%20Receipt").target == "EPSON TM-T20II Receipt"


def test_preview_uri_is_no_escpos_device(tmp_path: Path) -> None:
    printer = open_printer(PrinterConfig(), f"preview://{tmp_path}")
    assert isinstance(printer, PreviewPrinter)
    assert printer.state() is PrinterState.READY
    printer.print_ticket(sample_ticket())
    [written] = printer.written
    assert written.name == "20261124-100500-P012-ticket.png"


@pytest.mark.parametrize(
    ("uri", "words"),
    [
        ("", "no printer URI"),
        ("lpt://1", "unknown scheme 'lpt'"),
        ("usb://epson", "usb://VID:PID"),
        ("tcp://:9100", "tcp://HOST:PORT"),
        ("serial://", "missing"),
    ],
)
def test_bad_uri_says_what_is_wrong(uri: str, words: str) -> None:
    with pytest.raises(PrinterConfigError) as caught:
        open_printer(PrinterConfig(), uri)
    assert words in caught.value.en


@pytest.mark.skipif(sys.platform == "win32", reason="the message is about other systems")
def test_win32_says_it_works_only_on_windows() -> None:
    with pytest.raises(PrinterConfigError, match="only on Windows"):
        open_printer(PrinterConfig(), "win32://EPSON")


def test_file_transport_receives_the_whole_job(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    printer = open_printer(PrinterConfig(), f"file://{target}")
    printer.print_ticket(sample_ticket())
    printer.close()
    assert read_qr(decode(target.read_bytes(), 576).image) == ["https://csg.dcy.go.th"]


def test_network_printer_answers_status_and_gets_the_job() -> None:
    """A fake network printer on localhost: answers DLE EOT like an Epson, keeps what it is sent."""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    received = bytearray()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            while chunk := conn.recv(65536):
                received.extend(chunk)
                if chunk.endswith(status_query(1)) or chunk.endswith(status_query(4)):
                    conn.sendall(b"\x12")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    profile = PrinterProfile(timeout_s=2.0)
    printer = open_printer(PrinterConfig(timeout_s=2.0), f"tcp://127.0.0.1:{port}")
    assert printer.state() is PrinterState.READY
    printer.print_ticket(sample_ticket())
    printer.close()
    thread.join(timeout=5)
    server.close()
    job = bytes(received).split(status_query(4))[-1]
    assert read_qr(decode(job, profile.dots).image) == ["https://csg.dcy.go.th"]


class _SlowUsb:
    """A pyusb device taking at most ``per_call`` bytes a write, then timing out after ``stop_at`` bytes."""

    def __init__(self, per_call: int, stop_at: int | None = None) -> None:
        self.per_call, self.stop_at = per_call, stop_at
        self.received = bytearray()

    def write(self, endpoint: int, data: bytes, timeout_ms: int) -> int:
        if self.stop_at is not None and len(self.received) >= self.stop_at:
            raise TimeoutError(f"[Errno 110] Operation timed out after {timeout_ms} ms")
        taken = bytes(data[: self.per_call])
        self.received += taken
        return len(taken)


class _EscposUsb:
    out_ep = 0x01

    def __init__(self, device: _SlowUsb) -> None:
        self.device = device

    def close(self) -> None:
        pass


def _usb_with(device: _SlowUsb) -> UsbTransport:
    transport = UsbTransport(parse_uri("usb://04b8:0e15"), PrinterProfile(timeout_s=0.5))
    transport._device = _EscposUsb(device)
    return transport


def test_usb_sends_a_slip_in_steps_each_with_its_own_timeout() -> None:
    device = _SlowUsb(per_call=512)
    transport = _usb_with(device)
    data = bytes(range(256)) * 100
    transport.write(data)
    assert bytes(device.received) == data and transport.sent == len(data)


def test_usb_that_stops_taking_bytes_fails_and_says_how_far_it_got() -> None:
    transport = _usb_with(_SlowUsb(per_call=4096, stop_at=8192))
    with pytest.raises(PrinterTimeout, match=r"send 20000 bytes \(stopped after 8192\) timed out"):
        transport.write(bytes(20000))
    assert transport.sent == 8192


def test_a_device_file_that_stops_taking_bytes_fails_after_the_timeout(tmp_path: Path) -> None:
    """``file:///dev/usb/lp0`` is written without blocking: a FIFO nobody reads stands for a stopped printer."""
    import fcntl
    import os

    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        fcntl.fcntl(reader, 1031, 4096)  # F_SETPIPE_SZ: a printer's small buffer
        transport = FileTransport(parse_uri(f"file://{fifo}"), PrinterProfile(timeout_s=0.3))
        with pytest.raises(PrinterTimeout, match="stopped after"):
            transport.write(bytes(20000))
        assert 0 < transport.sent < 20000
    finally:
        os.close(reader)
