"""Render the staff area's pages into PNG files: ``python -m ui.staff.screenshots docs/screenshots``.

A throw-away register in a temporary directory with the default catalogue, made-up visitors and
officers, and the clock of the citizen screenshots (24 November 2569, 10:30 in Bangkok).
Nothing shown is real data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from kiosk.app import Context, officers, queue, records, roster, slips
from kiosk.catalogue import seed_defaults
from kiosk.config import Config, SurveyConfig
from kiosk.db import Database, upgrade
from kiosk.models import IdMethod, Role, VisitResult
from kiosk.register import VisitorDetails, register_visit
from kiosk.staff import StaffSession, create_officer, fast_hasher, set_active
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from ui import app, tasks
from ui.screenshots import BANGKOK, MOMENT
from ui.staff.area import StaffArea
from ui.staff.common import StaffContext
from ui.theme import Theme

SIZES = {"1920x1080": (1920, 1080), "1280x800": (1280, 800)}
# name, group, service, how they said who they are, national ID
VISITORS: tuple[tuple[str | None, VisitorGroup, str, IdMethod, str | None], ...] = (
    ("สมหญิง ศรีสุข", VisitorGroup.ELDERLY, "welfare-card", IdMethod.TYPED, "3101201234569"),
    ("ประเสริฐ ก้าวหน้า", VisitorGroup.GENERAL, "thaid", IdMethod.TYPED, None),
    (None, VisitorGroup.GENERAL, "nhso-rights", IdMethod.OFFICER, None),
    (None, VisitorGroup.CLERGY, "nhso-rights", IdMethod.THAID, None),  # showed ThaID: no name at the kiosk
    ("วันเพ็ญ ทองคำ", VisitorGroup.PREGNANT, "child-support-grant", IdMethod.TYPED, None),
    ("ธนากร มั่นคง", VisitorGroup.GENERAL, "rd-efiling", IdMethod.TYPED, None),
    ("ทองดี รักไทย", VisitorGroup.DISABLED, "disability-registration", IdMethod.TYPED, None),
    ("กนกวรรณ ภูมิใจ", VisitorGroup.GENERAL, "sso-section40", IdMethod.TYPED, None),
)


class Clock:
    def __init__(self) -> None:
        self.moment = MOMENT.replace(hour=8, minute=40).astimezone(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.moment


def sample_day(db: Database, station: Station, clock: Clock) -> dict[str, StaffSession]:
    """Two officers, a supervisor, a morning of visitors in every state, a roster, a failed slip."""
    people: dict[str, StaffSession] = {}
    hasher = fast_hasher()
    with db.write() as session:
        seed_defaults(session)
        for key, name, role in (
            ("officer", "นายปิ่น ศักดิ์สิทธิ์", Role.OFFICER),
            ("officer2", "นางสาววิไล สายทอง", Role.OFFICER),
            ("supervisor", "นางอำไพ ใจงาม", Role.SUPERVISOR),
        ):
            info = create_officer(session, station, name=name, role=role, pin="2468", actor="ตัวอย่าง", hasher=hasher)
            people[key] = StaffSession(info.id, info.name, info.role)
        retired = create_officer(session, station, name="นายสมปอง เกษียณสุข", pin="2468", actor="ตัวอย่าง", hasher=hasher)
        set_active(session, station, retired.id, False, actor="ตัวอย่าง")
    ids = []
    for full_name, group, service, method, nid in VISITORS:
        clock.moment += dt.timedelta(minutes=11)
        with db.write() as session:
            issued = register_visit(
                session,
                station,
                service_code=service,
                group=group,
                id_method=method,
                details=VisitorDetails(full_name=full_name, national_id=nid) if full_name else None,
            )
        ids.append(issued.visit.id)
    sample = sample_context(db, station)
    officer, other, boss = people["officer"], people["officer2"], people["supervisor"]
    clock.moment += dt.timedelta(minutes=5)
    first = queue.call_next(sample, officer)
    assert first is not None
    queue.start(sample, officer, first.id)
    clock.moment += dt.timedelta(minutes=12)
    queue.finish(sample, officer, first.id, result=VisitResult.SUCCESS)
    slips.print_survey(sample, first.id)  # no printer in the sample: the slip waits in the reprint queue
    second = queue.call_next(sample, other)
    assert second is not None
    clock.moment += dt.timedelta(minutes=9)
    queue.finish(sample, other, second.id, result=VisitResult.REFERRED, reason="ส่งต่อหน่วยงานเจ้าของบริการ")
    third = queue.call_next(sample, officer)
    assert third is not None
    queue.start(sample, officer, third.id)
    records.correct(sample, officer, first.id, {"full_name": "สมหญิง ศรีสุขใจ", "note": "แก้ชื่อตามบัตร"})
    fourth = queue.call_next(sample, other)
    assert fourth is not None
    today = station.today()
    roster.add_shift(
        sample, boss, officer_id=officer.id, day=today - dt.timedelta(days=1), repeat_weekly=True, order_ref="ที่ 45/2569"
    )
    roster.add_shift(sample, boss, officer_id=other.id, day=today, repeat_weekly=True, order_ref="ที่ 45/2569")
    roster.add_shift(
        sample, boss, officer_id=other.id, day=today + dt.timedelta(days=4), shift="weekend", order_ref="ที่ 45/2569"
    )
    clock.moment = MOMENT.astimezone(dt.UTC)
    return people


def sample_context(db: Database, station: Station) -> Context:
    """The sample register's context: no printer (slips wait in the reprint queue), a survey link."""
    config = Config(home=Path(tempfile.gettempdir()), survey=SurveyConfig(url="https://example.org/survey"))
    return Context(db=db, station=station, config=config, hasher=fast_hasher())


def settle(manager: tasks.TaskManager, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        if manager.pending == 0:
            # A panel's layout settles in a chain of posted layout requests (its scroll area asks
            # again once the content has): a few rounds, or a shot catches a scroll bar of a moment.
            for _ in range(5):
                QCoreApplication.processEvents()
            return
        time.sleep(0.005)
    raise TimeoutError("background tasks did not finish")


def _shots(
    out: Path,
    size_name: str,
    area: StaffArea,
    manager: tasks.TaskManager,
    people: dict[str, StaffSession],
    inspect: Callable[[str, QWidget], None] | None = None,
) -> list[Path]:
    """Every page of one window size, signed in as an officer then as the supervisor."""
    written: list[Path] = []

    def shot(name: str, prepare: Callable[[], None]) -> None:
        prepare()
        settle(manager)
        path = out / f"staff-{name}.{size_name}.png"
        if inspect is not None:
            inspect(f"staff-{name}.{size_name}", area)
        area.grab().save(str(path), "PNG")
        written.append(path)

    def sign_in(key: str) -> None:
        area.signin._on_signed_in(people[key])

    def locked() -> None:
        area.signin.refresh()
        settle(manager)
        button = area.signin.name_button(people["officer2"].id)
        assert button is not None
        button.click()
        for _ in range(5):
            area.signin.pin.setText("1111")
            area.signin._on_ok()
            settle(manager)

    def outcome() -> None:
        area.show_page("queue")
        settle(manager)
        serving = area.queue.view.serving[0] if area.queue.view else None
        assert serving is not None
        area.queue.select_visit(serving.id)
        area.outcome_panel.open_for(serving)
        area.outcome_panel.choices[VisitResult.FAILED].setChecked(True)
        area.outcome_panel.reason.setCurrentText("ระบบของหน่วยงานขัดข้อง")

    def complete() -> None:
        area.outcome_panel.hide()
        view = area.queue.view
        assert view is not None and view.to_complete
        area.complete_panel.open_for(view.to_complete[0])
        from kiosk.idcard import CardIdentity
        from ui.card_reader import DemoCardReader

        reader = area.ctx.card_reader
        assert isinstance(reader, DemoCardReader)  # the visitor's card, read into the panel
        reader.hand_in(CardIdentity(national_id="3101201234569", full_name="นางบุญเรือน ชัยมงคล", language="th"))

    def correction() -> None:
        area.complete_panel.hide()
        view = area.queue.view
        assert view is not None
        area.correction_panel.open_for(view.done[-1].id)

    def page(name: str) -> Callable[[], None]:
        def go() -> None:
            area.correction_panel.hide()
            area.show_page(name)

        return go

    def exporting() -> None:
        area.show_page("export")
        area.export.full_id.setChecked(True)
        area.export.export.click()  # the confirmation step, nothing written yet

    def officers() -> None:
        area.show_page("officers")
        settle(manager)
        area.officers.select_officer(people["officer2"].id)  # locked out in 02-locked
        area.officers.name.setText("นางสาวกมลา ใจดี")
        area.officers.pin.setText("2591")
        area.officers.again.setText("2591")

    shot("01-sign-in", lambda: None)
    shot("02-locked", locked)
    shot("03-queue", lambda: sign_in("officer"))
    shot("04-outcome", outcome)
    shot("05-complete", complete)
    shot("06-correction-trail", correction)
    shot("07-day-log", page("day"))
    shot("08-reprints", page("reprints"))
    area.sign_out()
    settle(manager)
    sign_in("supervisor")
    settle(manager)
    shot("09-roster", page("roster"))
    shot("10-catalogue", page("catalogue"))
    shot("11-export-full-id", exporting)
    shot("12-report", page("report"))
    shot("13-sync", page("sync"))
    shot("14-officers", officers)
    area.sign_out()
    settle(manager)
    return written


def render(
    out: Path,
    sizes: dict[str, tuple[int, int]],
    *,
    theme_options: dict[str, bool] | None = None,
    inspect: Callable[[str, QWidget], None] | None = None,
) -> list[Path]:
    """Save every page for every size; ``inspect`` is called with each shot's name and the staff area first."""
    written: list[Path] = []
    app.application()
    with tempfile.TemporaryDirectory(prefix="staff-shots-") as tmp:
        clock = Clock()
        station = Station(
            id="DEMO-01",
            zone=BANGKOK,
            centre_name="ศูนย์ดำรงธรรมอำเภอตัวอย่าง",
            district="ตัวอย่าง",
            province="ตัวอย่าง",
            clock=clock,
        )
        db = Database(f"sqlite:///{Path(tmp) / 'register.sqlite3'}")
        upgrade(db.engine)
        people = sample_day(db, station, clock)
        sample = sample_context(db, station)
        for size_name, (width, height) in sizes.items():
            manager = tasks.TaskManager()
            theme = Theme(**(theme_options or {}))
            theme.fit(width, height)
            from ui.card_reader import DemoCardReader

            ctx = StaffContext(
                app=sample,
                tasks=manager,
                theme=theme,
                export_dir=Path(tmp) / "exports",
                card_reader=DemoCardReader(),
            )
            area = StaffArea(ctx, embedded=True)
            area.resize(width, height)
            area.show()
            area.start()
            settle(manager)

            written += _shots(out, size_name, area, manager, people, inspect)
            manager.shutdown()
            area.close()
            area.deleteLater()
            officers.unlock(sample, people["supervisor"], people["officer2"].id)  # the next size starts unlocked
        db.dispose()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.staff.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory for the PNG files (e.g. docs/screenshots)")
    parser.add_argument("--size", choices=sorted(SIZES), action="append", help="only these sizes (default: all)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    sizes = {k: SIZES[k] for k in (args.size or SIZES)}
    written = render(args.out, sizes)
    print(f"{len(written)} screenshots in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
