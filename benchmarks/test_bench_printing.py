"""From "issue ticket" to the bytes handed to the printer: target ≤ 150 ms median, ticket ≤ 32 KB."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from kiosk.config import PrinterConfig
from kiosk.db import Database
from kiosk.models import IdMethod
from kiosk.printing import print_ticket
from kiosk.register import register_visit
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from printers import open_printer
from printers.escpos_printer import EscposTicketPrinter
from printers.transports import DummyTransport
from tests.helpers import new_register

BAUD = 115_200  # 8N1: 10 bits on the wire per byte


@pytest.fixture
def printing_db(tmp_path: Path) -> Iterator[Database]:
    with new_register(tmp_path / "register.sqlite3") as database:
        yield database


@pytest.mark.parametrize("dots", [576, 384], ids=["80mm", "58mm"])
def test_issue_ticket_to_printer_bytes(benchmark: BenchmarkFixture, printing_db: Database, dots: int) -> None:
    station = Station(
        id="KIOSK-01",
        zone=ZoneInfo("Asia/Bangkok"),
        centre_name="ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร",
        district="เมืองสกลนคร",
        clock=lambda: dt.datetime.now(dt.UTC),
    )
    printer = open_printer(PrinterConfig(dots=dots, paper_width_mm=80 if dots > 384 else 58), "dummy:")
    assert isinstance(printer, EscposTicketPrinter) and isinstance(printer.transport, DummyTransport)
    transport = printer.transport
    sizes: list[int] = []

    def issue_and_print() -> None:
        transport.clear()
        with printing_db.write() as session:
            issued = register_visit(
                session,
                station,
                service_code="nhso-rights",
                group=VisitorGroup.ELDERLY,
                id_method=IdMethod.OFFICER,
            )
        print_ticket(printing_db, station, printer, issued.visit.id)
        sizes.append(len(transport.output))

    benchmark.pedantic(issue_and_print, rounds=30, warmup_rounds=2)
    size = max(sizes)
    seconds = size * 10 / BAUD
    benchmark.extra_info.update({"ticket_bytes": size, "seconds_at_115200_baud": round(seconds, 2)})
    print(f"\n{dots} dots: ticket {size} bytes ({size / 1024:.1f} KiB), {seconds:.2f} s at {BAUD} baud")
    assert benchmark.stats is not None
    assert benchmark.stats.stats.median < 0.150
