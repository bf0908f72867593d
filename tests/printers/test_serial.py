"""Serial printers at their real speed: a pseudo-terminal drained at the baud rate stands for the printer."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.printing import PrinterError, PrinterTimeout
from printers.escpos_printer import EscposTicketPrinter, encode, status_query
from printers.profile import PrinterProfile
from printers.raster import render_survey, render_ticket
from printers.samples import sample_survey, sample_ticket
from printers.transports import PrinterUri, SerialTransport, parse_uri
from tests.printers.helpers import PtyPrinter, decode, difference, read_qr

# A send fails after this long without progress; a whole slip takes 7 to 25 s at these speeds.
# Generous, so a loaded machine starving the reader thread for a moment fails nothing.
STALL_S = 2.5


@pytest.fixture
def pty_printers() -> Iterator[list[PtyPrinter]]:
    made: list[PtyPrinter] = []
    yield made
    for printer in made:
        printer.close()


def _serial_printer(
    pty: PtyPrinter, profile: PrinterProfile, baudrate: int, resync_file: Path | None = None
) -> EscposTicketPrinter:
    transport = SerialTransport(parse_uri(f"serial://{pty.path}?baudrate={baudrate}"), profile)
    return EscposTicketPrinter(transport, profile, resync_file=resync_file)


@pytest.mark.slow
def test_tickets_and_survey_slips_arrive_whole_at_9600_and_19200_baud(pty_printers: list[PtyPrinter]) -> None:
    """Every slip takes many times the stall timeout to send, and arrives whole.

    The eight sends (two speeds, two paper widths, ticket and survey slip) run side by side,
    each on its own pty, so the test takes as long as the slowest one (about half a minute).
    """
    cases = [
        (baud, key, kind)
        for baud in (9600, 19200)
        for key in ("generic-80", "generic-58")
        for kind in ("ticket", "survey")
    ]
    expected: dict[tuple[int, str, str], bytes] = {}
    images = {}
    for baud, key, kind in cases:
        profile = PrinterProfile.named(key, timeout_s=STALL_S)
        slip = render_ticket(sample_ticket(), profile) if kind == "ticket" else render_survey(sample_survey(), profile)
        expected[baud, key, kind] = encode(slip, profile)
        images[baud, key, kind] = slip.flatten()
    errors: dict[tuple[int, str, str], BaseException] = {}
    received: dict[tuple[int, str, str], bytes] = {}

    def send(case: tuple[int, str, str]) -> None:
        baud, key, kind = case
        pty = PtyPrinter(baud)
        pty_printers.append(pty)
        profile = PrinterProfile.named(key, timeout_s=STALL_S)
        printer = _serial_printer(pty, profile, baud)
        try:
            if kind == "ticket":
                printer.print_ticket(sample_ticket())
            else:
                printer.print_survey(sample_survey())
            printer.close()
        except PrinterError as exc:
            errors[case] = exc
            return
        size = len(expected[case])
        # the status queries go first; the pty holds what the printer has not yet taken
        received[case] = pty.wait_for(size + 3, timeout_s=size * 10 / baud + 60)

    threads = [threading.Thread(target=send, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors
    for case in cases:
        baud, key, kind = case
        data = received[case]
        assert data.endswith(expected[case]), f"{case}: the slip did not arrive whole"
        profile = PrinterProfile.named(key)
        printed = decode(data[data.index(b"\x1b@") :], profile.dots)
        assert difference(printed.image, images[case]) == 0.0
        url = sample_ticket().service_url if kind == "ticket" else sample_survey().survey_url
        assert url in read_qr(printed.image)
        assert len(data) * 10 / baud > 2 * STALL_S  # the slip took far longer than the stall timeout


@pytest.mark.slow
@pytest.mark.parametrize(("key", "restart"), [("generic-80", False), ("generic-58", True)])
def test_a_slip_cut_off_in_the_middle_leaves_nothing_in_the_next(
    pty_printers: list[PtyPrinter], tmp_path: Path, key: str, restart: bool
) -> None:
    """The printer stops taking bytes part way through a slip (paper out): the send fails after
    the stall timeout. The next slip, once the printer takes bytes again, prints whole and
    alone: the printer first finishes the open raster block with padding, and the spoiled slip
    is cut off on its own. With ``restart`` the next slip comes from a new process (the kiosk
    restarted, or ``kiosk print test`` run again), which reads what is owed from the data directory."""
    pty = PtyPrinter(None)  # no rate limit: only the stop matters here
    pty_printers.append(pty)
    profile = PrinterProfile.named(key, timeout_s=1.5)
    note = tmp_path / "printer-resync.json"
    printer = _serial_printer(pty, profile, 19200, note)
    pty.stop()
    # the pty's own buffer takes some kilobytes before the kiosk sees the printer stop
    with pytest.raises(PrinterTimeout) as caught:
        for _ in range(8):  # a slip, then more, until the buffer is full
            printer.print_survey(sample_survey())
    assert "not printed" in caught.value.en and "stopped after" in caught.value.en
    pty.resume()
    assert note.exists()
    if restart:
        printer.close()
        printer = _serial_printer(pty, profile, 19200, note)
    second = sample_ticket()
    printer.print_ticket(second)
    printer.close()
    assert json.loads(note.read_text(encoding="utf-8")) == {}
    ticket = encode(render_ticket(second, profile), profile)
    data = pty.wait_idle()
    assert data.endswith(ticket)
    # The whole stream, from the first slip on, decodes as a printer reads it: the bytes of the
    # ticket are read as the ticket, not as the rest of an image of the slip cut off.
    printed = decode(data, profile.dots)
    assert printed.last_job is not None
    assert difference(printed.last_job, render_ticket(second, profile).flatten()) == 0.0
    assert read_qr(printed.last_job) == [second.service_url]
    resync = printed.commands.index("nul")  # the padding that finished the open raster block
    assert printed.commands[resync:].count("init") == 2  # reset after the padding, then the ticket
    if profile.cut:  # the slip cut off came out on its own, cut before the ticket
        assert difference(printed.pages[-1], render_ticket(second, profile).flatten()) == 0.0
        assert "cut 0" in printed.commands[resync : printed.commands.index("init", resync) + 4]


def test_serial_uri_flow_control_options() -> None:
    profile = PrinterProfile()

    def transport(query: str) -> SerialTransport:
        return SerialTransport(parse_uri(f"serial:///dev/ttyUSB0{query}"), profile)

    default = transport("")
    assert (default.baudrate, default.dsrdtr, default.rtscts, default.xonxoff) == (9600, True, False, False)
    assert transport("?rtscts=1").dsrdtr is False
    assert transport("?xonxoff=1&baudrate=19200").baudrate == 19200
    assert transport("?dsrdtr=0").dsrdtr is False
    assert SerialTransport(parse_uri("serial:///dev/ttyS0"), PrinterProfile.named("epson-tm-t88")).baudrate == 38400
    with pytest.raises(PrinterError, match="must be 1 or 0"):
        transport("?rtscts=maybe")
    with pytest.raises(PrinterError, match="unknown option 'parity'"):
        transport("?parity=E")


def test_a_printer_that_holds_dsr_low_fails_the_send_after_the_timeout() -> None:
    class Busy:
        dsr = False
        out_waiting = 0

        def fileno(self) -> int:
            raise AssertionError("nothing may be written while the printer is busy")

    uri = PrinterUri("serial", "/dev/ttyUSB0", {}, "serial:///dev/ttyUSB0")
    transport = SerialTransport(uri, PrinterProfile(timeout_s=0.2))
    transport._device = Busy()
    with pytest.raises(PrinterTimeout, match="held DSR low"):
        transport.write(b"\x1b@")


def test_a_status_query_goes_even_while_dsr_says_busy() -> None:
    master, slave = os.openpty()
    try:
        uri = PrinterUri("serial", os.ttyname(slave), {}, f"serial://{os.ttyname(slave)}")
        transport = SerialTransport(uri, PrinterProfile(timeout_s=0.2))

        class Busy:
            dsr = False
            out_waiting = 0

            def fileno(self) -> int:
                return slave

        transport._device = Busy()
        transport.write(status_query(4))
        assert os.read(master, 16) == b"\x10\x04\x04"
    finally:
        os.close(master)
        os.close(slave)
