"""Who and where this kiosk is, and its clock: what every use case needs to know."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from kiosk.config import Config
from kiosk.thai import local_day


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Station:
    id: str
    zone: ZoneInfo
    centre_name: str = ""
    district: str = ""
    province: str = ""
    clock: Callable[[], dt.datetime] = field(default=system_clock, compare=False)

    @classmethod
    def from_config(cls, config: Config, *, clock: Callable[[], dt.datetime] = system_clock) -> Station:
        s = config.station
        return cls(
            id=s.id,
            zone=config.zone,
            centre_name=s.centre_name,
            district=s.district,
            province=s.province,
            clock=clock,
        )

    def now(self) -> dt.datetime:
        """The current instant (aware, UTC)."""
        moment = self.clock()
        if moment.tzinfo is None:
            raise ValueError("the clock returned a naive datetime")
        return moment.astimezone(dt.UTC)

    def today(self) -> dt.date:
        """The local day in the station's zone, whatever the machine's zone is."""
        return local_day(self.now(), self.zone)

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.zone)
