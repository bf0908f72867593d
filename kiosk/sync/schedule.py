"""When the nightly sync runs: at the configured local time, and at once when a day has been missed."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kiosk.station import Station
from kiosk.sync.status import SyncStatus

DEFAULT_TIME = dt.time(20, 0)
CATCH_UP_AFTER = dt.timedelta(days=1)


def parse_time(value: str | dt.time) -> dt.time:
    """``"20:00"`` (``sync.time``, checked by the configuration) as a time of day."""
    if isinstance(value, dt.time):
        return value
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def _slot(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, at, tzinfo=zone).astimezone(dt.UTC)


def last_slot(now: dt.datetime, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The latest scheduled moment at or before ``now``."""
    today = now.astimezone(zone).date()
    slot = _slot(today, at, zone)
    return slot if slot <= now else _slot(today - dt.timedelta(days=1), at, zone)


def is_due(now: dt.datetime, last_success: dt.datetime | None, *, at: dt.time, zone: ZoneInfo) -> bool:
    """Never synced, a day or more since the last success (catch-up), or tonight's slot not yet done."""
    if last_success is None or now - last_success >= CATCH_UP_AFTER:
        return True
    return last_success < last_slot(now, at, zone)


def due(station: Station, status: SyncStatus, *, at: str | dt.time = DEFAULT_TIME) -> bool:
    """Whether the station should sync now (at start-up, on a timer tick)."""
    return is_due(station.now(), status.last_success_at, at=parse_time(at), zone=station.zone)


def next_run(station: Station, status: SyncStatus, *, at: str | dt.time = DEFAULT_TIME) -> dt.datetime:
    """When the next sync should start (UTC): now when due, else the next slot.

    When not due, the last success is at or after the latest slot, so the next slot always comes
    before the catch-up deadline (a day after that success).
    """
    now = station.now()
    when = parse_time(at)
    if is_due(now, status.last_success_at, at=when, zone=station.zone):
        return now
    previous = last_slot(now, when, station.zone)
    return _slot(previous.astimezone(station.zone).date() + dt.timedelta(days=1), when, station.zone)
