"""The kiosk's own housekeeping: the nightly sync when due, a staff banner on failure, the daily purge."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import Context, visit
from kiosk.config import SYNC_URL_ENV as URL_ENV
from kiosk.config import Config, with_changes, with_environment
from kiosk.db import Database
from kiosk.housekeeping import SyncCheck, SyncOutcome
from kiosk.models import IdMethod, Visit
from kiosk.register import VisitorDetails
from kiosk.retention import PurgeResult
from kiosk.sync import SyncBusy, SyncError
from kiosk.sync.status import record_success
from kiosk.validation import VisitorGroup
from tests.helpers import BANGKOK, FakeClock, FakeHub, settle
from ui.housekeeping import SYNC_FAILED, Housekeeping, Schedule
from ui.window import KioskWindow

HUB = "postgresql://kiosk01:secret@hub.example/district"
QUICK = Schedule(first_check_s=0.01, sync_every_s=0.03, sync_retry_s=0.05, purge_every_s=0.03, wait_for_register_s=0.01)


@pytest.fixture(autouse=True)
def no_url_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(URL_ENV, raising=False)


@pytest.fixture
def hub() -> FakeHub:
    return FakeHub()


@pytest.fixture
def checks() -> list[object]:
    return []


@pytest.fixture
def keeper(
    window: KioskWindow, hub: FakeHub, checks: list[object], request: pytest.FixtureRequest
) -> Iterator[Housekeeping]:
    configure(window, getattr(request, "param", HUB))
    keeper = Housekeeping(window, schedule=QUICK, run_sync=hub)
    keeper.synced.connect(checks.append)
    keeper.sync_failed.connect(checks.append)
    yield keeper
    keeper.stop()


def configure(window: KioskWindow, url: str) -> None:
    """The register's context with this hub URL and 30 days kept (what kiosk.toml would say)."""
    assert window.app is not None
    window.app.config = with_changes(window.app.config, sync={"url": url}, privacy={"retention_days": 30})


def wait_checks(qtbot: QtBot, checks: list[object], more: int) -> None:
    """Let ``more`` further looks at the sync schedule happen."""
    target = len(checks) + more
    qtbot.waitUntil(lambda: len(checks) >= target, timeout=5000)


def set_last_success(db: Database, at: dt.datetime) -> None:
    with db.write() as session:
        record_success(session, at=at, rows_sent=1)


def test_a_due_sync_runs_once_on_the_network_worker_then_again_at_the_nightly_slot(
    qtbot: QtBot, window: KioskWindow, keeper: Housekeeping, hub: FakeHub, checks: list[object], clock: FakeClock
) -> None:
    keeper.start()  # never synced: due at once
    qtbot.waitUntil(lambda: len(hub.calls) == 1, timeout=5000)
    wait_checks(qtbot, checks, 4)
    assert hub.calls == [HUB]
    assert hub.threads == ["kiosk-network_0"]
    assert [c.outcome for c in checks if isinstance(c, SyncCheck)][-1] is SyncOutcome.NOT_DUE
    clock.set(dt.datetime(2026, 11, 24, 20, 1, tzinfo=BANGKOK).astimezone(dt.UTC))  # tonight's slot
    qtbot.waitUntil(lambda: len(hub.calls) == 2, timeout=5000)
    wait_checks(qtbot, checks, 3)
    assert len(hub.calls) == 2
    assert not window.banner.isVisible()


def test_a_sync_done_last_night_is_not_repeated_but_a_missed_day_is_caught_up_at_start(
    qtbot: QtBot, window: KioskWindow, keeper: Housekeeping, hub: FakeHub, checks: list[object], db: Database
) -> None:
    set_last_success(db, dt.datetime(2026, 11, 23, 20, 5, tzinfo=BANGKOK))  # it is 10:00 the next morning
    keeper.start()
    wait_checks(qtbot, checks, 3)
    assert hub.calls == []
    first = checks[0]
    assert isinstance(first, SyncCheck) and first.next_run == dt.datetime(2026, 11, 24, 20, 0, tzinfo=BANGKOK)
    keeper.stop()

    set_last_success(db, dt.datetime(2026, 11, 22, 20, 5, tzinfo=BANGKOK))  # the kiosk was off last night
    keeper.start()
    qtbot.waitUntil(lambda: len(hub.calls) == 1, timeout=5000)


def test_a_failed_sync_raises_the_staff_banner_and_citizens_see_nothing_else(
    qtbot: QtBot, window: KioskWindow, keeper: Housekeeping, hub: FakeHub, checks: list[object]
) -> None:
    en = "could not reach the district server hub.example:5432/district: connection refused"
    hub.fail = SyncError("unreachable", "เชื่อมต่อเครื่องแม่ข่ายของอำเภอไม่ได้", en)
    alerts: list[str] = []
    window.staff_alert.connect(alerts.append)
    keeper.start()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=5000)
    assert window.staff_alert_text == alerts[0] == SYNC_FAILED + "เชื่อมต่อเครื่องแม่ข่ายของอำเภอไม่ได้"
    assert "sync" not in window.banner_text.text() and "อำเภอ" not in window.banner_text.text()
    assert en in checks
    assert window.current == "welcome"
    assert "secret" not in window.banner_text.text()

    hub.fail = None  # the hub is back: the retry succeeds and the banner goes
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=5000)
    assert hub.calls[-1] == HUB
    assert alerts[-1] == ""


def test_a_sync_already_running_elsewhere_is_no_failure(
    qtbot: QtBot, window: KioskWindow, keeper: Housekeeping, hub: FakeHub, checks: list[object]
) -> None:
    hub.fail = SyncBusy("sync_busy", "กำลังส่งข้อมูลไปอำเภออยู่แล้ว", "another sync of station KIOSK-01 is running now")
    keeper.start()
    qtbot.waitUntil(lambda: len(hub.calls) >= 2, timeout=5000)  # asked again soon
    assert not window.banner.isVisible()
    assert not any(isinstance(c, str) for c in checks)  # sync_failed never emitted
    hub.fail = None
    qtbot.waitUntil(
        lambda: any(isinstance(c, SyncCheck) and c.outcome is SyncOutcome.SYNCED for c in checks), timeout=5000
    )


def test_a_success_leaves_another_alert_standing(
    qtbot: QtBot, window: KioskWindow, keeper: Housekeeping, hub: FakeHub
) -> None:
    window.raise_staff_alert("printer: paper out")
    keeper.start()
    qtbot.waitUntil(lambda: len(hub.calls) == 1, timeout=5000)
    settle(qtbot, window)  # the success has been handled on the main thread
    assert window.banner.isVisible() and window.staff_alert_text == "printer: paper out"


@pytest.mark.parametrize("keeper", [""], indirect=True)
def test_no_hub_configured_means_no_sync_and_one_log_line(
    qtbot: QtBot,
    window: KioskWindow,
    keeper: Housekeeping,
    hub: FakeHub,
    checks: list[object],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="ui.housekeeping")
    keeper.start()
    qtbot.waitUntil(lambda: len(checks) == 1, timeout=5000)
    assert isinstance(checks[0], SyncCheck) and checks[0].outcome is SyncOutcome.NOT_CONFIGURED
    keeper.stop()
    with qtbot.waitSignal(keeper.purged, timeout=5000):  # the first look after this start has happened
        keeper.start()  # shown again: still nothing to do
    settle(qtbot, window)
    assert hub.calls == []
    assert len(checks) == 1
    assert sum("no district hub configured" in r.getMessage() for r in caplog.records) == 1
    assert not window.banner.isVisible()


def test_the_url_may_come_from_the_environment_as_for_kiosk_sync(
    qtbot: QtBot, window: KioskWindow, hub: FakeHub
) -> None:
    assert window.app is not None
    environment = {URL_ENV: "postgresql://kiosk01@hub.example/district"}
    window.app.config = with_environment(Config(home=window.app.config.home), environment)
    keeper = Housekeeping(window, schedule=QUICK, run_sync=hub)
    keeper.start()
    qtbot.waitUntil(lambda: len(hub.calls) == 1, timeout=5000)
    assert hub.calls == ["postgresql://kiosk01@hub.example/district"]


def test_the_retention_purge_runs_once_a_day(
    qtbot: QtBot, window: KioskWindow, keeper: Housekeeping, app: Context, clock: FakeClock, db: Database
) -> None:
    now = clock.moment
    clock.set(now - dt.timedelta(days=40))  # a visit older than the 30 days kept
    old = visit.register_visitor(
        app,
        service_code="welfare-card",
        group=VisitorGroup.GENERAL,
        id_method=IdMethod.TYPED,
        details=VisitorDetails(full_name="สมหญิง ศรีสุข", national_id="3101201234569"),
    )
    clock.set(now)
    results: list[PurgeResult | None] = []
    keeper.purged.connect(results.append)
    keeper.start()
    qtbot.waitUntil(lambda: len(results) >= 4, timeout=5000)
    first, *later = results
    assert isinstance(first, PurgeResult) and first.visits == 1
    assert later == [None] * len(later)
    with db.read() as session:
        purged = session.get(Visit, old.visit_id)
        assert purged is not None and purged.full_name is None and purged.national_id is None

    clock.advance(days=1)
    qtbot.waitUntil(lambda: any(r is not None for r in results[4:]), timeout=5000)


def test_timers_run_while_the_window_is_shown(qtbot: QtBot, window: KioskWindow, hub: FakeHub) -> None:
    configure(window, HUB)
    keeper = Housekeeping(window, schedule=QUICK, run_sync=hub)
    assert not keeper.active  # made after the window was shown: install() starts it then
    window.hide()
    window.show()
    assert keeper.active
    qtbot.waitUntil(lambda: len(hub.calls) == 1, timeout=5000)
    window.hide()
    qtbot.waitUntil(lambda: not keeper.active, timeout=5000)  # no timer armed, nothing running
    calls = len(hub.calls)
    settle(qtbot, window)
    assert len(hub.calls) == calls
