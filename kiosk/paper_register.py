"""A paper register as a CSV file: its columns and the help that says how to write one.

Without SQLAlchemy, so ``kiosk register import --help`` reads it cheaply; the import itself is
:mod:`kiosk.register_import`.
"""

from __future__ import annotations

import datetime as dt

HEADER = ("date", "time", "name", "national_id", "phone", "group", "service_code", "result", "officer", "note")
REQUIRED = ("date", "name", "group", "service_code")
EARLIEST = dt.date(2000, 1, 1)  # no paper register of the e-Service counter is older (พ.ศ. 2543)
ENCODINGS = ("auto", "utf-8", "cp874")

HELP = f"""\
Import a paper register from a CSV file, all rows or none.
Encoding: UTF-8 (with or without BOM), or Windows-874 (CP874/TIS-620, as Thai Excel saves "CSV"):
  --encoding auto (default) reads UTF-8, and a file that is not UTF-8 but reads as Thai in CP874 as CP874.
Header: {",".join(HEADER)}.
  date          YYYY-MM-DD; the year may be CE (2024) or Buddhist Era (2567): a year above 2400 is read as BE;
                from {EARLIEST.isoformat()} to today
  time          HH:MM or HH:MM:SS (24-hour), optional (default 00:00)
  name          Thai or Latin letters, spaces, '.', '-'
  national_id   13 digits with a valid check digit, optional
  phone         optional
  group         general elderly disabled pregnant clergy other, or ทั่วไป ผู้สูงอายุ ผู้พิการ สตรีมีครรภ์ นักบวช อื่น ๆ
  service_code  a code of the catalogue (kiosk services list)
  result        success/สำเร็จ, failed/ไม่สำเร็จ, referred/ส่งต่อ, optional
  officer       the officer's name, optional (created if new, without a PIN)
  note          optional
The whole file is checked before anything is written; every bad row is reported with its line
number and if any row is bad nothing is imported (exit code 1). Rows are then written in short
batches (the kiosk keeps registering citizens meanwhile); an import that fails or is cut off is
undone, and the district receives the rows only once the whole file is in.
"""
