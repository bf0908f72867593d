"""A register of many plausible visits, bulk-inserted with SQLAlchemy Core (for exports and benchmarks)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kiosk.models import IdMethod, Officer, Role, Service, Visit, VisitResult, VisitStatus
from kiosk.validation import VisitorGroup, national_id_check_digit

BANGKOK = ZoneInfo("Asia/Bangkok")

FIRST_NAMES = ("สมชาย", "สมหญิง", "ปิ่นทอง", "วิไลวรรณ", "ประเสริฐ", "กิตติศักดิ์", "นงลักษณ์", "บุญเรือน", "ศักดิ์ชัย", "อำไพ")
LAST_NAMES = ("ใจดี", "ศรีสุข", "แก้วมณี", "บุญมา", "ทองคำ", "พิทักษ์ธรรม", "สุวรรณภูมิ", "ชัยมงคล", "วงศ์สวัสดิ์", "จันทร์เพ็ญ")
REASONS = ("ระบบของหน่วยงานขัดข้อง", "เอกสารไม่ครบ", "ต้องติดต่อหน่วยงานโดยตรง")


def valid_id(rng: random.Random) -> str:
    first12 = str(rng.choice("1234568")) + "".join(rng.choice("0123456789") for _ in range(11))
    return first12 + str(national_id_check_digit(first12))


def insert_visits(
    session: Session,
    *,
    count: int,
    start: dt.date,
    per_day: int,
    station_id: str = "KIOSK-01",
    seed: int = 5,
    names: Sequence[str] = (),
) -> list[uuid.UUID]:
    """Insert ``count`` done visits, ``per_day`` on each weekday from ``start``; return the officers' ids.

    The visitors are named from ``names`` in turn when given, otherwise at random.
    """
    rng = random.Random(seed)
    services = session.execute(select(Service.id)).scalars().all()
    officers = []
    for name in ("นายปิ่น ศักดิ์สิทธิ์", "นางสาวอำไพ ใจงาม", "นายประเสริฐ ก้าวหน้า"):
        officer = session.scalar(select(Officer).where(Officer.name == name))
        if officer is None:
            officer = Officer(id=uuid.uuid4(), name=name, role=Role.OFFICER)
            session.add(officer)
        officers.append(officer)
    session.flush()
    officer_ids = [o.id for o in officers]
    groups = list(VisitorGroup)
    weights = (60, 25, 5, 3, 2, 5)
    rows = []
    day = start
    made = 0
    while made < count:
        if day.weekday() < 5:
            for i in range(min(per_day, count - made)):
                local = dt.datetime.combine(day, dt.time(8, 30), tzinfo=BANGKOK) + dt.timedelta(minutes=5 * i)
                created = local.astimezone(dt.UTC)
                result = rng.choices(list(VisitResult), weights=(85, 10, 5))[0]
                has_id = rng.random() < 0.8
                nid = valid_id(rng) if has_id else None
                rating = rng.randint(6, 10) if rng.random() < 0.7 else None
                rows.append(
                    {
                        "id": uuid.uuid4(),
                        "station_id": station_id,
                        "created_at": created,
                        "local_day": day,
                        "full_name": names[made % len(names)]
                        if names
                        else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        "national_id": nid,
                        "id_suffix": nid[-4:] if nid else None,
                        "phone": "08" + "".join(rng.choice("0123456789") for _ in range(8))
                        if rng.random() < 0.5
                        else None,
                        "id_method": IdMethod.TYPED,
                        "group": rng.choices(groups, weights=weights)[0],
                        "service_id": rng.choice(services),
                        "status": VisitStatus.DONE,
                        "result": result,
                        "result_reason": rng.choice(REASONS) if result is not VisitResult.SUCCESS else "",
                        "officer_id": rng.choice(officer_ids),
                        "note": "",
                        "called_at": created + dt.timedelta(minutes=3),
                        "finished_at": created + dt.timedelta(minutes=15),
                        "survey_slip_printed_at": created + dt.timedelta(minutes=15),
                        "survey_answered": rng.random() < 0.6,
                        "rating_score": rating,
                        "rating_max": 10 if rating is not None else None,
                        "updated_at": created,
                    }
                )
                made += 1
        day += dt.timedelta(days=1)
    for i in range(0, len(rows), 5000):
        session.execute(insert(Visit), rows[i : i + 5000])
    return officer_ids
