"""The nightly schedule: the configured local time, and catch-up when a day was missed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kiosk.station import Station
from kiosk.sync import SyncStatus, due, next_run
from tests.conftest import BANGKOK, FakeClock


def bangkok(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=BANGKOK)


def status(last_success: dt.datetime | None) -> SyncStatus:
    return SyncStatus(
        last_success_at=last_success.astimezone(dt.UTC) if last_success else None,
        last_attempt_at=None,
        pending=0,
        last_rows_sent=0,
        last_error_code="",
        last_error="",
        last_error_th="",
    )


@pytest.mark.parametrize(
    ("now", "last", "expected"),
    [
        (bangkok(24, 10), None, True),  # never synced: catch up at once
        (bangkok(24, 10), bangkok(23, 20, 1), False),  # last night done, tonight not yet
        (bangkok(24, 19, 59), bangkok(23, 20, 1), False),
        (bangkok(24, 20, 0), bangkok(23, 20, 1), True),  # tonight's slot
        (bangkok(24, 20, 5), bangkok(24, 20, 1), False),  # tonight's slot done
        (bangkok(24, 10), bangkok(22, 20, 1), True),  # a day missed (kiosk switched off): catch up
        (bangkok(24, 10), bangkok(23, 9, 0), True),  # more than a day old
        (bangkok(24, 10), bangkok(24, 8, 0), False),  # a manual sync this morning
        (bangkok(25, 0, 30), bangkok(24, 19, 0), True),  # kiosk was off at 20:00 yesterday
    ],
)
def test_due(clock: FakeClock, station: Station, now: dt.datetime, last: dt.datetime | None, expected: bool) -> None:
    clock.set(now.astimezone(dt.UTC))
    assert due(station, status(last), at="20:00") is expected


def test_the_day_is_bangkoks_whatever_the_machines_zone(clock: FakeClock, station: Station) -> None:
    # 13:30 UTC is 20:30 in Bangkok: tonight's slot has passed there, though it is afternoon in UTC.
    clock.set(dt.datetime(2026, 11, 24, 13, 30, tzinfo=dt.UTC))
    assert due(station, status(bangkok(23, 20, 1)), at="20:00")
    assert not due(station, status(bangkok(24, 20, 1)), at="20:00")


def test_next_run_is_tonight_or_now(clock: FakeClock, station: Station) -> None:
    clock.set(bangkok(24, 10).astimezone(dt.UTC))
    assert next_run(station, status(bangkok(23, 20, 5)), at="20:00") == bangkok(24, 20).astimezone(dt.UTC)
    assert next_run(station, status(bangkok(24, 8)), at="20:00") == bangkok(24, 20).astimezone(dt.UTC)
    assert next_run(station, status(bangkok(24, 8)), at=dt.time(7, 30)) == bangkok(25, 7, 30).astimezone(dt.UTC)
    assert next_run(station, status(None)) == station.now()
    clock.set(bangkok(24, 21).astimezone(dt.UTC))
    assert next_run(station, status(bangkok(24, 20, 2))) == bangkok(25, 20).astimezone(dt.UTC)


def test_a_morning_slot_missed_is_due_at_once(clock: FakeClock, station: Station) -> None:
    clock.set(bangkok(24, 10).astimezone(dt.UTC))
    assert next_run(station, status(bangkok(24, 6)), at="07:00") == station.now()
    assert next_run(station, status(bangkok(24, 7, 1)), at="07:00") == bangkok(25, 7).astimezone(dt.UTC)


def test_status_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        status(None).pending = 3  # type: ignore[misc]
