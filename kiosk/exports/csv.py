"""The register as CSV in UTF-8 with a byte-order mark, safe to double-click into Excel or LibreOffice.

A spreadsheet opening a CSV runs any cell that looks like a formula and reads digit
strings as numbers. So, by default (the OWASP "CSV injection" guidance):

- a cell whose first character, after any leading spaces and quotes, is ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return gets a leading apostrophe (``'=1+1``); the
  spreadsheet shows it as text, apostrophe included, and runs nothing;
- a phone number is written in its usual Thai grouping, ``081-234-5678`` or
  ``02-123-4567``, which no spreadsheet takes for a number, so the leading zero stays
  (``="0812345678"`` would keep it too, but is itself a formula).

A program reading the file gets the same columns; ``plain=True`` (``--plain-csv``)
writes the values exactly as stored instead, for programs only: never open that one in
a spreadsheet.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

from kiosk.exports.rows import ExportRow, columns

FORMULA_START = frozenset("=+-@\t\r")
GUARD = "'"


def spreadsheet_text(value: str) -> str:
    """``value`` as a spreadsheet will show it and never run it."""
    if value.lstrip(" \"'")[:1] in FORMULA_START and value.lstrip(" \"'"):
        return GUARD + value
    return value


def grouped_phone(digits: str) -> str:
    """``0812345678`` → ``081-234-5678``, ``021234567`` → ``02-123-4567``, ``042123456`` → ``042-123-456``."""
    if not digits.isdigit():
        return digits
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) == 9 and digits.startswith("02"):
        return f"{digits[:2]}-{digits[2:5]}-{digits[5:]}"
    if len(digits) == 9:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return f"{digits[:3]}-{digits[3:]}" if len(digits) > 3 else digits


def spreadsheet_cells(row: ExportRow, *, station: bool) -> list[str]:
    cells = list(row.cells(station=station))
    phone_at = 4 + (1 if station else 0)
    cells[phone_at] = grouped_phone(cells[phone_at])
    return [spreadsheet_text(cell) for cell in cells]


def write_csv(
    rows: Iterable[ExportRow],
    path: Path,
    *,
    total: int,
    progress: Callable[[float], None],
    station: bool = False,
    plain: bool = False,
) -> int:
    """Write ``rows`` to ``path``, with the station column if ``station``; return how many were written.

    ``plain`` leaves out the spreadsheet guards (see the module's docstring).
    """
    written = 0
    # utf-8-sig writes the BOM; newline="" lets the csv module write CRLF as Excel expects.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns(station=station))
        for row in rows:
            writer.writerow(row.cells(station=station) if plain else spreadsheet_cells(row, station=station))
            written += 1
            if written % 500 == 0:
                progress(written / max(total, 1))
    progress(1.0)
    return written
