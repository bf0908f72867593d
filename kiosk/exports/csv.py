"""The register as CSV in UTF-8 with a byte-order mark, so that Excel shows the Thai."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

from kiosk.exports.rows import ExportRow, columns


def write_csv(
    rows: Iterable[ExportRow],
    path: Path,
    *,
    total: int,
    progress: Callable[[float], None],
    station: bool = False,
) -> int:
    """Write ``rows`` to ``path``, with the station column if ``station``; return how many were written."""
    written = 0
    # utf-8-sig writes the BOM; newline="" lets the csv module write CRLF as Excel expects.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns(station=station))
        for row in rows:
            writer.writerow(row.cells(station=station))
            written += 1
            if written % 500 == 0:
                progress(written / max(total, 1))
    progress(1.0)
    return written
