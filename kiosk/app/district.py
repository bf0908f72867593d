"""The district hub, read by a supervisor for the whole district's register and report."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kiosk.app.context import Actor, Context, supervisor_only

if TYPE_CHECKING:
    from kiosk.district import DistrictReader


def available(app: Context) -> bool:
    """Whether a hub URL to read the whole district is configured (``$KIOSK_DISTRICT_URL``)."""
    return bool(app.config.district_url)


def _refused(code: str, th: str, en: str) -> Exception:
    """A hub URL that cannot read the whole district: a request to correct (``kiosk`` exits with 2)."""
    from kiosk.sync import SyncError

    error = SyncError(code, th, en)
    error.exit_code = 2
    return error


@contextlib.contextmanager
def reading(app: Context, who: Actor, *, url: str | None = None) -> Iterator[DistrictReader]:
    """The hub opened to read every station (raises SyncError); ``url`` overrides the configured one."""
    from kiosk.district import DistrictError, reading_district
    from kiosk.sync import SyncError

    supervisor_only(who)
    hub_url = url or app.config.district_url
    if not hub_url:
        raise _refused(
            "district.not_configured",
            "ยังไม่ได้ตั้งค่าที่อยู่ฐานข้อมูลของอำเภอ จึงอ่านข้อมูลทั้งอำเภอไม่ได้",
            "no district hub URL to read: set $KIOSK_DISTRICT_URL to the hub's admin or reporting URL "
            "(this station's sync.url reads only its own visits)",
        )
    with contextlib.ExitStack() as stack:
        try:
            hub = stack.enter_context(reading_district(hub_url, sync=app.config.sync, whole_district=True))
        except DistrictError as exc:
            raise _refused(
                "district.station_role",
                "ที่อยู่ฐานข้อมูลนี้อ่านได้เฉพาะข้อมูลของจุดบริการเดียว ต้องใช้ที่อยู่ของผู้ดูแลหรือสำหรับรายงานของอำเภอ",
                str(exc),
            ) from None
        except SyncError as exc:
            raise SyncError(exc.code, exc.th, f"cannot read the district hub: {exc.en}") from None
        yield hub
