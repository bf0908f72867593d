"""Fixtures for the staff area: a desk on a real register, officers with PINs, a printer that keeps slips."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app import Context
from kiosk.db import Database
from kiosk.models import Role
from kiosk.staff import StaffSession, create_officer, fast_hasher
from kiosk.station import Station
from tests.helpers import FakePrinter, settle
from ui.card_reader import CardReader
from ui.resources import load_fonts
from ui.staff.area import StaffArea
from ui.staff.common import StaffContext
from ui.tasks import TaskManager
from ui.theme import Theme

OFFICER_PIN = "2468"
SUPERVISOR_PIN = "1357"


@pytest.fixture
def officers(db: Database, station: Station) -> dict[str, StaffSession]:
    people = {}
    with db.write() as session:
        for key, name, role, pin in (
            ("officer", "นายปิ่น ศักดิ์สิทธิ์", Role.OFFICER, OFFICER_PIN),
            ("supervisor", "นางอำไพ ใจงาม", Role.SUPERVISOR, SUPERVISOR_PIN),
        ):
            info = create_officer(session, station, name=name, role=role, pin=pin, actor="test", hasher=fast_hasher())
            people[key] = StaffSession(info.id, info.name, info.role)
    return people


@pytest.fixture
def desk(app: Context) -> Context:
    """The context the staff area's operations run with (what the desk facade used to be)."""
    return app


@pytest.fixture
def slip_printer() -> FakePrinter:
    return FakePrinter()


@pytest.fixture
def invited() -> list[tuple[uuid.UUID, str]]:
    return []


@pytest.fixture
def idle_seconds() -> int:
    return 300


@pytest.fixture
def card_reader() -> CardReader | None:
    """The ID-card reader the staff area gets: none, unless a test module says otherwise."""
    return None


@pytest.fixture
def area(
    qtbot: QtBot,
    desk: Context,
    officers: dict[str, StaffSession],
    slip_printer: FakePrinter,
    invited: list[tuple[uuid.UUID, str]],
    idle_seconds: int,
    tmp_path: Path,
    card_reader: CardReader | None,
) -> Iterator[StaffArea]:
    load_fonts()
    tasks = TaskManager()
    theme = Theme()
    theme.set(scale=1280 / 1920)
    desk.printer = slip_printer
    tasks.serve(desk.db)
    ctx = StaffContext(
        app=desk,
        tasks=tasks,
        theme=theme,
        export_dir=tmp_path / "exports",
        idle_seconds=idle_seconds,
        card_reader=card_reader,
    )
    widget = StaffArea(ctx, embedded=True)
    widget.service_ended.connect(lambda visit_id, label: invited.append((visit_id, label)))
    widget.resize(1280, 800)
    widget.show()
    widget.start()
    settle(qtbot, widget)
    yield widget
    tasks.shutdown()
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()
