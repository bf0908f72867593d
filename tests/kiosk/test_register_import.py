from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kiosk.db import Database
from kiosk.models import IdMethod, Officer, Visit, VisitResult
from kiosk.register import day_log
from kiosk.register_import import HEADER, ImportFailed, import_file
from kiosk.station import Station
from kiosk.validation import national_id_check_digit

HEAD = ",".join(HEADER)


def run(db: Database, station: Station, text: str | bytes) -> int:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_file(db, station, data).imported


def count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Visit)) or 0)


def test_imports_a_paper_register_with_bom_and_buddhist_era(db: Database, station: Station) -> None:
    text = (
        "\ufeff" + HEAD + "\r\n"
        "2567-02-23,09:15,ปิ่น รักไทย,1-1017-00203-72-7,081-234-5678,ผู้สูงอายุ,thaid,สำเร็จ,สมชาย ใจดี,มากับลูก\r\n"
        "2024-02-23,,Somchai Jaidee,,,general,rd-efiling,referred,สมชาย ใจดี,\r\n"
        "\r\n"
        '2024-02-24,13:00,"นาง มาลี, ศรีสุข",,,อื่น ๆ,thaid,,,\r\n'
    )
    with pytest.raises(ImportFailed) as info:  # a comma inside a quoted name is still not a letter
        run(db, station, text)
    assert [p.line for p in info.value.problems] == [5]
    assert count(db) == 0
    assert run(db, station, text.replace('"นาง มาลี, ศรีสุข"', "นาง มาลี ศรีสุข")) == 3
    with db.read() as session:
        first, second = day_log(session, dt.date(2024, 2, 23))
        officers = session.scalars(select(Officer.name)).all()
    assert first.created_at == dt.datetime(2024, 2, 23, 0, 0, tzinfo=dt.UTC) - dt.timedelta(hours=7)
    assert second.full_name == "ปิ่น รักไทย" and second.national_id_masked == "1-xxxx-xxxxx-x2-7"
    assert second.result is VisitResult.SUCCESS and second.officer_name == "สมชาย ใจดี"
    assert second.id_method is IdMethod.IMPORTED and second.ticket == ""
    assert officers == ["สมชาย ใจดี"]


def test_every_bad_row_is_reported_and_nothing_is_imported(db: Database, station: Station) -> None:
    text = "\n".join(
        [
            HEAD,
            "2024-02-23,09:15,ปิ่น รักไทย,1101700203727,,general,thaid,success,,",  # good
            "2024-13-01,09:15,ปิ่น รักไทย,,,general,thaid,,,",  # month 13
            "2024-02-23,9h,ปิ่น รักไทย,,,general,thaid,,,",  # time
            "2024-02-23,09:15,😀,1101700203728,12,vip,nope,maybe,,",  # everything wrong
            "2024-02-23,09:15,ปิ่น รักไทย,,,general,thaid,,",  # one field short
            "2099-01-01,09:15,ปิ่น รักไทย,,,general,thaid,,,",  # future
            "2024-02-23,09:15,ปิ่น รักไทย,1101700203727,,general,thaid,success,,",  # same as line 2
            "2024-02-23,09:15," + "ก" * 2048 + ",,,general,thaid,,,",
        ]
    )
    with pytest.raises(ImportFailed) as info:
        run(db, station, text)
    by_line = {p.line: p.message for p in info.value.problems}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9]
    assert "date" in by_line[3] and "time" in by_line[4] and "future" in by_line[7]
    for field in ("name", "national_id", "phone", "group", "service_code", "result"):
        assert field in by_line[5]
    assert "expected 10 fields" in by_line[6]
    assert "line 2" in by_line[8]
    assert "longer than 100" in by_line[9]
    assert count(db) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"name,date\n", "header must be"),
        ((HEAD + '\n2024-02-23,09:15,"ปิ่น,,,general,thaid,,,\n').encode(), "broken CSV"),
        (
            (HEAD + "\n").encode("utf-8") + b"2024-02-23,09:15,\x81\x82,,,general,thaid,,,\n",
            "line 2: not UTF-8 text (byte 89)",
        ),
        (HEAD.encode() + b"\n", "no rows"),
    ],
)
def test_broken_files_are_refused(db: Database, station: Station, data: bytes, message: str) -> None:
    with pytest.raises(ImportFailed) as info:
        run(db, station, data)
    assert message in str(info.value.problems[0])
    assert count(db) == 0


def test_importing_the_same_file_twice_is_refused(db: Database, station: Station) -> None:
    text = HEAD + "\n2024-02-23,09:15,ปิ่น รักไทย,,,general,thaid,,,\n"
    assert run(db, station, text) == 1
    with pytest.raises(ImportFailed) as info:
        run(db, station, text)
    assert "already in the register" in str(info.value.problems[0])
    assert count(db) == 1


thai_words = st.sampled_from(["สมชาย", "ปิ่น", "มาลี", "ใจดี", "รักไทย", "ศรีสุข", "กุ้ง", "ทองคำ", "Anna", "Lee"])
rows = st.lists(
    st.tuples(
        st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 11, 23)),
        st.times().map(lambda t: t.replace(second=0, microsecond=0)),
        st.lists(thai_words, min_size=2, max_size=3).map(" ".join),
        st.one_of(
            st.just(""),
            st.text("0123456789", min_size=12, max_size=12).map(lambda d: d + str(national_id_check_digit(d))),
        ),
        st.sampled_from(["general", "elderly", "ผู้พิการ", "สตรีมีครรภ์", "clergy", "อื่น ๆ"]),
        st.sampled_from(["thaid", "rd-efiling", "pea-electricity"]),
        st.booleans(),  # BE year?
    ),
    min_size=1,
    max_size=15,
    unique_by=lambda r: (r[0], r[1], r[2], r[5]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows, data=st.data())
def test_valid_files_import_whole_and_one_bad_row_imports_nothing(
    db: Database,
    station: Station,
    rows: list[tuple[dt.date, dt.time, str, str, str, str, bool]],
    data: st.DataObject,
) -> None:
    lines = [HEAD]
    for day, time, name, nid, group, service, be in rows:
        year = day.year + 543 if be else day.year
        lines.append(f"{year:04d}-{day.month:02d}-{day.day:02d},{time:%H:%M},{name},{nid},,{group},{service},,,")
    bad_index = data.draw(st.integers(min_value=1, max_value=len(lines) - 1))
    broken = list(lines)
    broken[bad_index] = broken[bad_index].replace(",general,", ",nobody,", 1).replace(",thaid,", ",gone,", 1)
    if broken[bad_index] == lines[bad_index]:
        broken[bad_index] = "not,a,row"
    before = count(db)
    with pytest.raises(ImportFailed) as info:
        run(db, station, "\n".join(broken))
    assert [p.line for p in info.value.problems] == [bad_index + 1]
    assert count(db) == before
    assert run(db, station, "\n".join(lines)) == len(rows)
    with db.write() as session:  # leave the register empty for the next example
        session.query(Visit).delete()
