"""Issue 17: each figure beside its floor, measured in turn in the same run; the ratio is the target.

make bench   (the table is printed at the end; benchmarks/floors.py)
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import event

from benchmarks.floors import ROOT, Row, bare_window, kiosk_window, median, offscreen_env, record
from kiosk.cli import COMMANDS, PLUGIN_COMMANDS
from kiosk.config import PrinterConfig
from kiosk.db import Database, DriverStatement
from kiosk.models import IdMethod, Service
from kiosk.printing import TicketSlip, ticket_slip
from kiosk.register import VisitorDetails, register_visit
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from tests.conftest import new_register

ROUNDS = 7
BANGKOK = ZoneInfo("Asia/Bangkok")


def _station() -> Station:
    return Station(
        id="KIOSK-01",
        zone=BANGKOK,
        centre_name="ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร",
        district="เมืองสกลนคร",
        clock=lambda: dt.datetime.now(dt.UTC),
    )


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with new_register(tmp_path / "register.sqlite3") as database:
        yield database


# Start-up and memory ---------------------------------------------------------------------


@pytest.fixture
def kiosk_home(tmp_path: Path) -> Path:
    home = tmp_path / "kiosk"
    kiosk_window(home, "1", "ready")  # the first start writes kiosk.toml and migrates the register
    return home


def test_start_to_ready_beside_a_bare_window(benchmark: BenchmarkFixture, kiosk_home: Path) -> None:
    """From process start to the welcome screen painted and taking input (``kiosk run``), beside a bare
    PySide6 window with one Sarabun label started the same way."""
    products: list[float] = []
    floors: list[float] = []

    def both() -> None:  # the time to "ready" each process reports, not to its exit
        floors.append(bare_window("1", "ready")[0])
        products.append(kiosk_window(kiosk_home, "1", "ready")[0])

    benchmark.pedantic(both, rounds=ROUNDS)
    row = record(Row("start → welcome screen ready", median(products) * 1000, median(floors) * 1000, "ms", "≤ 3×", 3))
    benchmark.extra_info["floor_ms"] = row.floor


def test_idle_memory_beside_a_bare_window(benchmark: BenchmarkFixture, kiosk_home: Path) -> None:
    """Resident memory at rest on the welcome screen (register, printer and keyboard loaded)."""
    products: list[float] = []
    floors: list[float] = []

    def both() -> None:
        floors.append(float(bare_window("idle", "idle")[1].split()[1]))
        products.append(float(kiosk_window(kiosk_home, "idle", "idle")[1].split()[1]))

    benchmark.pedantic(both, rounds=3)
    row = record(Row("idle memory on the welcome screen", median(products), median(floors), "MB", "≤ 2×", 2))
    benchmark.extra_info.update({"product_mb": row.product, "floor_mb": row.floor})


# A headless command's fixed cost ----------------------------------------------------------

# Every command of the table but the windows (run, demo, desk, display): each must meet the target.
WINDOWS = ("run", "demo", "desk", "display")
HEADLESS = tuple(name for name in (*COMMANDS, *PLUGIN_COMMANDS) if name not in WINDOWS)


def _seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=ROOT, env=offscreen_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def test_headless_command_fixed_cost(benchmark: BenchmarkFixture) -> None:
    """What every headless command pays before its own work: the interpreter, the command frame and
    the command's module (``kiosk <command> --help`` does exactly that and stops), beside ``python -c pass``;
    every command of the table, the slowest reported on its own."""
    times: dict[str, list[float]] = {name: [] for name in HEADLESS}
    floors: list[float] = []

    def floor() -> tuple[tuple[()], dict[str, Any]]:
        floors.append(_seconds([sys.executable, "-c", "pass"]))
        return (), {}

    def commands() -> None:
        for name in HEADLESS:
            times[name].append(_seconds([sys.executable, "-m", "kiosk", name, "--help"]))

    benchmark.pedantic(commands, setup=floor, rounds=5, warmup_rounds=1)
    print("\n" + "  ".join(f"{name} {median(values) - median(floors):+.3f} s" for name, values in times.items()))
    each = {name: median(values) for name, values in times.items()}
    slowest = max(each, key=lambda name: each[name])
    for label, product in (
        (f"a headless command before its own work (median of {len(HEADLESS)})", median(list(each.values()))),
        (f"the slowest: `kiosk {slowest}`", each[slowest]),
    ):
        row = record(Row(label, product, median(floors), "s", "≤ 0.25 s over", None, difference_target=0.25))
    benchmark.extra_info.update({"product_s": row.product, "floor_s": row.floor})


# Registration -----------------------------------------------------------------------------


def test_register_one_visit_beside_its_sql(
    benchmark: BenchmarkFixture, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A registration as the touchscreen asks for it (``kiosk.app.visit.register_visitor``: the visit,
    its ticket and the ticket's slip, in one write transaction), beside the very statements it sends,
    replayed through ``sqlite3`` (same file, same pragmas, a fresh visit and ticket id each time, and
    the number the counter gives used where the product uses it: the ticket and the people ahead)."""
    from kiosk.app import Context
    from kiosk.app.visit import register_visitor
    from kiosk.config import Config

    station = _station()
    app = Context(db=db, station=station, config=Config(home=tmp_path))
    statements: list[tuple[str, Any]] = []

    def register() -> None:
        register_visitor(
            app,
            service_code="thaid",
            group=VisitorGroup.ELDERLY,
            id_method=IdMethod.TYPED,
            details=VisitorDetails(full_name="ปิ่น รักไทย", national_id="1101700203727"),
        )

    def listen(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        statements.append((statement, parameters))

    run = DriverStatement.run

    def sent(statement: DriverStatement, driver: Any, values: Any) -> Any:  # the hot path's, straight to the driver
        statements.append((statement.sql, statement.parameters(values)))
        return run(statement, driver, values)

    event.listen(db.engine, "before_cursor_execute", listen)
    monkeypatch.setattr(DriverStatement, "run", sent)
    register()
    monkeypatch.undo()
    event.remove(db.engine, "before_cursor_execute", listen)
    raw = sqlite3.connect(db.url.removeprefix("sqlite:///"), isolation_level=None)
    # The ids this registration made (not the service's): the floor gives each replay new ones.
    services = {row[0] for row in raw.execute(f"SELECT id FROM {Service.__tablename__}")}
    ids = {p for _, params in statements for p in (params or ()) if isinstance(p, str) and _is_uuid_hex(p)} - services
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
        raw.execute(f"PRAGMA {pragma}")
    floors: list[float] = []

    def replay() -> tuple[tuple[()], dict[str, Any]]:
        fresh = {old: uuid.uuid4().hex for old in ids}
        started = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        number = None
        for statement, params in statements:
            if statement.strip().upper() in ("BEGIN IMMEDIATE", "COMMIT"):
                continue
            values = [fresh.get(p, p) for p in params or ()]
            if statement.startswith("INSERT INTO queue_ticket "):  # the number the counter gave, as the product does
                values[_column(statement, "number")] = number
            if _NUMBER_AHEAD in statement:  # the people ahead of that number: as many rows to count as the product
                values[statement[: statement.index(_NUMBER_AHEAD)].count("?")] = number
            rows = raw.execute(statement, values).fetchall()
            if "RETURNING" in statement and "last_number" in statement:
                number = rows[0][0]
        raw.execute("COMMIT")
        floors.append(time.perf_counter() - started)
        return (), {}

    benchmark.pedantic(register, setup=replay, rounds=200, warmup_rounds=5)
    raw.close()
    assert benchmark.stats is not None
    row = record(
        Row(
            f"register one visit ({len(statements)} SQL statements)",
            benchmark.stats.stats.median * 1000,
            median(floors) * 1000,
            "ms",
            "≤ 2.5×",
            2.5,
        )
    )
    benchmark.extra_info["floor_ms"] = row.floor


_NUMBER_AHEAD = "queue_ticket.number < ?"


def _column(insert: str, name: str) -> int:
    columns = insert[insert.index("(") + 1 : insert.index(")")]
    return [c.strip().strip('"') for c in columns.split(",")].index(name)


def _is_uuid_hex(text: str) -> bool:
    if len(text) != 32:
        return False
    try:
        uuid.UUID(hex=text)
    except ValueError:
        return False
    return True


# The ticket -------------------------------------------------------------------------------


def test_ticket_bytes_beside_qtgui(benchmark: BenchmarkFixture, db: Database) -> None:
    """A new ticket's slip to the ESC/POS bytes handed to the printer, beside QtGui drawing the same
    lines of text and the same QR modules into a 1-bit image."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QImage, QPainter

    from printers import open_printer, raster
    from printers.escpos_printer import EscposTicketPrinter
    from printers.transports import DummyTransport

    station = _station()
    printer = open_printer(PrinterConfig(dots=576, paper_width_mm=80), "dummy:")
    assert isinstance(printer, EscposTicketPrinter) and isinstance(printer.transport, DummyTransport)
    transport = printer.transport
    profile = printer.profile
    floors: list[float] = []

    def new_slip() -> TicketSlip:
        with db.write() as session:
            issued = register_visit(
                session, station, service_code="nhso-rights", group=VisitorGroup.ELDERLY, id_method=IdMethod.OFFICER
            )
            return ticket_slip(session, station, issued.visit.id)

    def floor(slip: TicketSlip) -> None:
        trace: list[raster.TextLine] = []
        height = raster.render_ticket(slip, profile, trace=trace).flatten().height  # the lines to draw, untimed
        matrix = raster._qr_matrix(slip.service_url)
        module = 4
        started = time.perf_counter()
        grey = QImage(profile.dots, height, QImage.Format.Format_Grayscale8)
        grey.fill(QColor(255, 255, 255))
        painter = QPainter(grey)
        black = QColor(0, 0, 0)
        for line in trace:
            painter.setFont(raster._font(line.px, line.weight))
            painter.drawText(QPointF(line.x, line.y), line.text)
        for row, cells in enumerate(matrix):
            for col, dark in enumerate(cells):
                if dark:
                    painter.fillRect(8 + col * module, 8 + row * module, module, module, black)
        painter.end()
        mono = grey.convertToFormat(QImage.Format.Format_Mono)
        assert mono.sizeInBytes() > 0
        floors.append(time.perf_counter() - started)

    def setup() -> tuple[tuple[TicketSlip], dict[str, Any]]:
        slip = new_slip()
        floor(slip)
        transport.clear()
        return (slip,), {}

    benchmark.pedantic(printer.print_ticket, setup=setup, rounds=30, warmup_rounds=2)
    assert len(transport.output) > 1000
    assert benchmark.stats is not None
    row = record(
        Row(
            "a ticket → ESC/POS bytes (80 mm)",
            benchmark.stats.stats.median * 1000,
            median(floors) * 1000,
            "ms",
            "≤ 4×",
            4,
        )
    )
    benchmark.extra_info["floor_ms"] = row.floor


# Sync ---------------------------------------------------------------------------------------

BACKLOG = 10_000


@pytest.fixture(scope="module")
def hub() -> Iterator[tuple[str, str]]:
    """A district hub on a server that really fsyncs: (the superuser's URL, the station's URL)."""
    from kiosk.district import init_hub
    from tests.pg import running_server

    with running_server(durable=True) as server:
        admin = server.create_database("floors")
        (cred,) = init_hub(admin, stations=["KIOSK-01"]).credentials
        yield admin, server.url(cred.database, user=cred.role, password=cred.password)


def test_sync_beside_copy(benchmark: BenchmarkFixture, db: Database, hub: tuple[str, str]) -> None:
    """10,000 pending visits sent to the hub by ``sync_to_district``, beside ``COPY`` of the very rows
    the sync sends into the hub's table (then taken out again, untimed, so the sync finds it as it was)."""
    import psycopg

    from benchmarks.test_bench_sync import add_pending
    from kiosk.config import SyncConfig
    from kiosk.sync import sync_to_district
    from kiosk.sync.engine import _PENDING, hub_row

    admin_url, station_url = hub
    station = _station()
    floors: list[float] = []
    dsn = admin_url.replace("+psycopg", "")

    def setup() -> tuple[tuple[()], dict[str, Any]]:
        add_pending(db, station, BACKLOG)
        with db.read() as session:
            rows = [hub_row(r) for r in session.execute(_PENDING).mappings()]
        columns = list(rows[0])
        with psycopg.connect(dsn) as conn:
            started = time.perf_counter()
            with conn.cursor() as cursor, cursor.copy(f"COPY hub_visit ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[c] for c in columns])
            conn.commit()
            floors.append(time.perf_counter() - started)
            conn.execute("DELETE FROM hub_visit WHERE id = ANY(%s::uuid[])", ([row["id"] for row in rows],))
            conn.commit()
        return (), {}

    def sync() -> int:
        return sync_to_district(db, station, station_url, sync=SyncConfig()).applied

    applied = benchmark.pedantic(sync, setup=setup, rounds=3)
    assert applied == BACKLOG
    assert benchmark.stats is not None
    row = record(
        Row(f"sync {BACKLOG:,} visits, in process", benchmark.stats.stats.median, median(floors), "s", "≤ 5×", 5)
    )
    benchmark.extra_info["floor_s"] = row.floor
