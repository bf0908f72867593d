"""Thai conventions: Buddhist-Era dates, Thai month names and digits, the local day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

BE_OFFSET = 543

MONTHS_TH = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_TH_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
WEEKDAYS_TH = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

UTC = dt.UTC


def thai_digits(text: str) -> str:
    """Replace Arabic digits by Thai digits (๐–๙)."""
    return text.translate(_THAI_DIGITS)


def arabic_digits(text: str) -> str:
    """Replace Thai digits by Arabic digits."""
    return text.translate(_ARABIC_DIGITS)


def be_year(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def ce_year(year_be: int) -> int:
    return year_be - BE_OFFSET


def format_date(day: dt.date, *, short: bool = False, digits: str = "arabic") -> str:
    """``23 กุมภาพันธ์ 2567`` (or ``23 ก.พ. 2567``, or with Thai digits)."""
    months = MONTHS_TH_SHORT if short else MONTHS_TH
    text = f"{day.day} {months[day.month - 1]} {be_year(day.year)}"
    return thai_digits(text) if digits == "thai" else text


def format_time(moment: dt.datetime | dt.time, *, digits: str = "arabic") -> str:
    """``14:05 น.``"""
    text = f"{moment.hour:02d}:{moment.minute:02d} น."
    return thai_digits(text) if digits == "thai" else text


def format_datetime(moment: dt.datetime, *, short: bool = False, digits: str = "arabic") -> str:
    return f"{format_date(moment.date(), short=short, digits=digits)} {format_time(moment, digits=digits)}"


def format_month(year: int, month: int, *, digits: str = "arabic") -> str:
    """``พฤศจิกายน 2569``"""
    text = f"{MONTHS_TH[month - 1]} {be_year(year)}"
    return thai_digits(text) if digits == "thai" else text


def local_now(zone: ZoneInfo, *, now: dt.datetime | None = None) -> dt.datetime:
    """The wall-clock time in the configured zone, whatever the machine's own zone is."""
    moment = now if now is not None else dt.datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    return moment.astimezone(zone)


def local_day(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The calendar day of ``moment`` in ``zone``: the day for queue numbers, logs and reports."""
    return local_now(zone, now=moment).date()


def day_bounds(day: dt.date, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants where the local ``day`` starts and ends (half-open)."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def parse_date(text: str) -> dt.date:
    """``YYYY-MM-DD`` with a CE or a BE year (a year above 2400 is taken as BE)."""
    text = arabic_digits(text.strip())
    try:
        year_s, month_s, day_s = text.split("-")
        year, month, day = int(year_s), int(month_s), int(day_s)
    except ValueError:
        raise ValueError(f"not a date in the form YYYY-MM-DD: {text!r}") from None
    if year > 2400:
        year = ce_year(year)
    try:
        return dt.date(year, month, day)
    except ValueError as exc:  # 2026-13-01, 2026-02-30 …
        raise ValueError(f"no such date: {text!r} ({exc})") from None
