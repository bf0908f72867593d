"""Printer faults: the right message, the visit intact, the slip waiting in the reprint queue."""

from __future__ import annotations

import errno
import socket
import uuid

import pytest
import usb.core

from kiosk import printing
from kiosk.db import Database
from kiosk.models import IdMethod, PrintJob, QueueTicket, Visit, VisitStatus
from kiosk.printing import (
    PaperOut,
    PrinterError,
    PrinterNotFound,
    PrinterOffline,
    PrinterState,
    PrinterTimeout,
    SlipKind,
)
from kiosk.register import register_visit
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from printers.escpos_printer import EscposTicketPrinter
from printers.faults import printer_error
from printers.profile import PrinterProfile
from printers.samples import DEMO_PRIVACY_URL, DEMO_SURVEY_URL
from printers.transports import UsbTransport, parse_uri
from tests.printers.helpers import ScriptedTransport, decode, read_qr

ONLINE, PAPER_OK = 0x12, 0x12
PAPER_END = 0x12 | 0x60
PAPER_NEAR_END = 0x12 | 0x0C
OFFLINE = 0x12 | 0x08
COVER_OPEN = 0x12 | 0x04


def _visit(db: Database, station: Station) -> uuid.UUID:
    with db.write() as session:
        issued = register_visit(
            session, station, service_code="nhso-rights", group=VisitorGroup.GENERAL, id_method=IdMethod.OFFICER
        )
    return issued.visit.id


def _assert_visit_intact_and_queued(db: Database, visit_id: uuid.UUID, error: PrinterError, kind: SlipKind) -> None:
    with db.read() as session:
        visit = session.get(Visit, visit_id)
        assert visit is not None
        assert visit.status is VisitStatus.WAITING
        ticket = session.query(QueueTicket).filter_by(visit_id=visit_id).one()
        assert ticket.label == "A001"
        assert ticket.printed_at is None
        [pending] = printing.pending_slips(session)
    assert pending.visit_id == visit_id
    assert pending.kind is kind
    assert pending.ticket == "A001"
    assert pending.last_error.startswith(f"{error.code}: ")


def test_device_not_found(db: Database, station: Station) -> None:
    visit_id = _visit(db, station)
    profile = PrinterProfile()
    # a real pyusb lookup of a device that is not there
    printer = EscposTicketPrinter(UsbTransport(parse_uri("usb://0000:0001"), profile), profile)
    with pytest.raises(PrinterNotFound) as caught:
        printing.print_ticket(db, station, printer, visit_id)
    assert "usb://0000:0001: printer not found" in caught.value.en
    assert "ticket A001 not printed" in caught.value.en
    assert caught.value.th == "เครื่องพิมพ์มีปัญหา กรุณาติดต่อเจ้าหน้าที่"
    assert printer.state() is PrinterState.OFFLINE  # never raises
    _assert_visit_intact_and_queued(db, visit_id, caught.value, SlipKind.TICKET)


def test_write_timeout(db: Database, station: Station) -> None:
    visit_id = _visit(db, station)
    timeout = usb.core.USBTimeoutError("Operation timed out", -7, errno.ETIMEDOUT)
    transport = ScriptedTransport(replies={1: ONLINE, 4: PAPER_OK}, job_error=timeout)
    printer = EscposTicketPrinter(transport, PrinterProfile())
    with pytest.raises(PrinterTimeout) as caught:
        printing.print_ticket(db, station, printer, visit_id)
    assert "timed out" in caught.value.en and "ticket A001 not printed" in caught.value.en
    assert transport.devices[0].closed  # the link is opened afresh for the next slip
    _assert_visit_intact_and_queued(db, visit_id, caught.value, SlipKind.TICKET)


def test_paper_out(db: Database, station: Station) -> None:
    visit_id = _visit(db, station)
    transport = ScriptedTransport(replies={1: ONLINE, 4: PAPER_END})
    printer = EscposTicketPrinter(transport, PrinterProfile())
    with pytest.raises(PaperOut) as caught:
        printing.print_ticket(db, station, printer, visit_id)
    assert caught.value.th == "กระดาษหมด กรุณาติดต่อเจ้าหน้าที่"
    assert "out of paper" in caught.value.en
    assert transport.jobs == []  # nothing sent to a printer without paper
    _assert_visit_intact_and_queued(db, visit_id, caught.value, SlipKind.TICKET)


def test_no_status_reply_is_unknown_not_paper_out(db: Database, station: Station) -> None:
    visit_id = _visit(db, station)
    broken = OSError(errno.EIO, "Input/output error")
    transport = ScriptedTransport(replies={}, job_error=broken)
    printer = EscposTicketPrinter(transport, PrinterProfile())
    assert printer.state() is PrinterState.UNKNOWN
    with pytest.raises(PrinterOffline) as caught:
        printing.print_ticket(db, station, printer, visit_id)
    assert "had not answered the status query" in caught.value.en
    _assert_visit_intact_and_queued(db, visit_id, caught.value, SlipKind.TICKET)


def test_silent_printer_that_takes_the_job_prints_it(db: Database, station: Station) -> None:
    visit_id = _visit(db, station)
    transport = ScriptedTransport(replies={})
    printer = EscposTicketPrinter(transport, PrinterProfile())
    slip = printing.print_ticket(db, station, printer, visit_id)
    [job] = transport.jobs
    assert read_qr(decode(job, 576).image) == [slip.service_url]
    with db.read() as session:
        assert printing.pending_slips(session) == []
        assert session.query(QueueTicket).filter_by(visit_id=visit_id).one().printed_at is not None


@pytest.mark.parametrize(
    ("printer_reply", "paper_reply", "cause_reply", "state"),
    [
        (ONLINE, PAPER_OK, None, PrinterState.READY),
        (ONLINE, PAPER_NEAR_END, None, PrinterState.PAPER_LOW),
        (ONLINE, PAPER_END, None, PrinterState.PAPER_OUT),
        (OFFLINE, PAPER_OK, COVER_OPEN, PrinterState.OFFLINE),
        (OFFLINE, None, 0x12 | 0x20, PrinterState.PAPER_OUT),
        (0xFF, PAPER_OK, None, PrinterState.UNKNOWN),  # noise, not a status byte
    ],
)
def test_state_from_status_bytes(
    printer_reply: int, paper_reply: int | None, cause_reply: int | None, state: PrinterState
) -> None:
    replies = {1: printer_reply}
    if paper_reply is not None:
        replies[4] = paper_reply
    if cause_reply is not None:
        replies[2] = cause_reply
    assert EscposTicketPrinter(ScriptedTransport(replies=replies), PrinterProfile()).state() is state


def test_failed_survey_slip_is_queued_then_reprinted(db: Database, station: Station) -> None:
    visit_id = _visit(db, station)
    jammed = ScriptedTransport(replies={1: OFFLINE, 4: PAPER_OK, 2: COVER_OPEN})
    with pytest.raises(PrinterOffline):
        printing.print_survey(
            db,
            station,
            EscposTicketPrinter(jammed, PrinterProfile()),
            visit_id,
            survey_url=DEMO_SURVEY_URL,
            privacy_url=DEMO_PRIVACY_URL,
        )
    with db.read() as session:
        [pending] = printing.pending_slips(session)
    assert pending.kind is SlipKind.SURVEY

    fixed = ScriptedTransport(replies={1: ONLINE, 4: PAPER_OK})
    printing.reprint(
        db,
        station,
        EscposTicketPrinter(fixed, PrinterProfile()),
        pending.id,
        survey_url=DEMO_SURVEY_URL,
        privacy_url=DEMO_PRIVACY_URL,
    )
    assert read_qr(decode(fixed.jobs[0], 576).image) == [DEMO_SURVEY_URL]
    with db.read() as session:
        assert printing.pending_slips(session) == []
        job = session.get(PrintJob, pending.id)
        assert job is not None and job.outcome == "printed"
        visit = session.get(Visit, visit_id)
        assert visit is not None and visit.survey_slip_printed_at is not None


def test_second_failure_counts_attempts_on_the_same_job(db: Database, station: Station) -> None:
    visit_id = _visit(db, station)
    printer = EscposTicketPrinter(ScriptedTransport(replies={1: ONLINE, 4: PAPER_END}), PrinterProfile())
    for _ in range(2):
        with pytest.raises(PaperOut):
            printing.print_ticket(db, station, printer, visit_id)
    with db.read() as session:
        [pending] = printing.pending_slips(session)
    assert pending.attempts == 2


@pytest.mark.parametrize(
    ("exc", "expected", "words"),
    [
        (TimeoutError("timed out"), PrinterTimeout, "timed out"),
        (TimeoutError("timed out"), PrinterTimeout, "timed out"),
        (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), PrinterOffline, "connection"),
        (BrokenPipeError(errno.EPIPE, "Broken pipe"), PrinterOffline, "connection"),
        (socket.gaierror(-2, "Name or service not known"), PrinterNotFound, "unknown host"),
        (FileNotFoundError(errno.ENOENT, "No such file", "/dev/usb/lp0"), PrinterNotFound, "not found"),
        (PermissionError(errno.EACCES, "Permission denied"), PrinterNotFound, "udev"),
        (usb.core.USBError("No such device", -4, errno.ENODEV), PrinterNotFound, "not found"),
        (usb.core.USBTimeoutError("Operation timed out", -7, errno.ETIMEDOUT), PrinterTimeout, "timed out"),
        (ValueError("odd"), PrinterError, "ValueError: odd"),
    ],
)
def test_error_mapping(exc: BaseException, expected: type[PrinterError], words: str) -> None:
    mapped = printer_error(exc, where="usb://04b8:0e15", action="send 10 bytes")
    assert type(mapped) is expected
    assert words in mapped.en
    assert mapped.en.startswith("usb://04b8:0e15")


def test_escpos_wrapped_permission_error_points_to_the_udev_rule() -> None:
    from escpos.exceptions import DeviceNotFoundError

    def open_like_python_escpos() -> None:
        try:
            raise usb.core.USBError("Access denied (insufficient permissions)", -3, errno.EACCES)
        except usb.core.USBError as inner:
            raise DeviceNotFoundError(f"Unable to open USB printer: {inner}")  # noqa: B904 (as escpos does)

    with pytest.raises(DeviceNotFoundError) as caught:
        open_like_python_escpos()
    mapped = printer_error(caught.value, where="usb://04b8:0e15", action="open the printer")
    assert isinstance(mapped, PrinterNotFound)
    assert "60-kiosk-thermal-printer.rules" in mapped.en
