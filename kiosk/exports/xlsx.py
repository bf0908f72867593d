"""The register as an Excel workbook: typed columns, a frozen header row, readable widths.

Written with XlsxWriter in constant-memory mode rather than openpyxl: openpyxl's
write-only mode took 3.8 s for the 300,000 cells of a busy district's year on the
kiosk's 2-core machine, XlsxWriter 2.4 s, within the 5 s budget with room to spare.
The tests read the file back with openpyxl.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from kiosk.exports.rows import ExportRow, columns

# A workbook names one font and the office PC must have it. TH SarabunPSK is the official
# Thai government font (cabinet resolution of 2010) and is on practically every government
# PC; where it is missing, Windows' font linking draws the Thai in Tahoma or Leelawadee
# UI and LibreOffice substitutes a Thai font, so the text stays readable. (Sarabun, the
# kiosk's own PDF font, is rarely installed on an office PC.) Sarabun PSK is drawn
# small for its size: 14 pt reads like 11 pt of Tahoma.
FONT_NAME = "TH SarabunPSK"
FONT_SIZE = 14
ROW_HEIGHT = 21  # points: a line of 14 pt Thai with its marks above and below, not clipped
PAPER_A4 = 9
# Excel's Thai Buddhist calendar (the 07 of the LCID modifier) shows 24/11/2569 for 2026.
DATE_FORMAT = "[$-1070000]d/mm/yyyy hh:mm"
WIDTHS = (7, 18, 26, 20, 13, 13, 40, 28, 28, 20, 12, 30)
STATION_WIDTH = 14
TITLE_ROW = 0
HEADER_ROW = 1
FIRST_DATA_ROW = 2


def _header_text(text: str) -> str:
    return text.replace("&", "&&")  # & starts a control code in a page header or footer


def write_xlsx(
    rows: Iterable[ExportRow],
    path: Path,
    *,
    title: str,
    total: int,
    progress: Callable[[float], None],
    station: bool = False,
    unit: str = "",
    period: str = "",
) -> int:
    """Write ``rows`` to ``path`` with ``title`` above the header row; return how many were written.

    With ``station`` the station's id is the second column (the district's register).
    Printed, it is A4 landscape, fitted to the page width, the header row repeated on
    every page, ``unit`` centred in the page header and ``period`` with the page number
    in the footer.
    """
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    try:
        wb.set_properties({"title": title, "comments": "damrongdhama-kiosk"})
        ws = wb.add_worksheet("ทะเบียน")
        font = {"font_name": FONT_NAME, "font_size": FONT_SIZE}
        title_fmt = wb.add_format({**font, "bold": True, "font_size": FONT_SIZE + 2})
        header_fmt = wb.add_format(
            {**font, "bold": True, "bg_color": "#DDE5F0", "text_wrap": True, "valign": "vcenter", "border": 1}
        )
        text_fmt = wb.add_format(font)
        date_fmt = wb.add_format({**font, "num_format": DATE_FORMAT})
        seq_fmt = wb.add_format({**font, "num_format": "0"})
        names = columns(station=station)
        widths = (WIDTHS[0], STATION_WIDTH, *WIDTHS[1:]) if station else WIDTHS
        date_col = 2 if station else 1
        for col, width in enumerate(widths):
            ws.set_column(col, col, width, text_fmt)
        ws.freeze_panes(FIRST_DATA_ROW, 0)  # the title and the header row stay in view
        ws.set_default_row(ROW_HEIGHT)
        ws.set_landscape()
        ws.set_paper(PAPER_A4)
        ws.fit_to_pages(1, 0)  # every column on the page's width, as many pages down as needed
        ws.repeat_rows(HEADER_ROW)
        ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
        header_font = f'&"{FONT_NAME},Bold"&14'
        ws.set_header(f"&C{header_font}{_header_text(unit or title)}")
        ws.set_footer(f'&L&"{FONT_NAME}"&12{_header_text(period)}&R&"{FONT_NAME}"&12หน้า &P / &N')
        ws.write_string(TITLE_ROW, 0, title, title_fmt)
        ws.set_row(HEADER_ROW, 2 * FONT_SIZE * 1.35)  # room for a heading wrapped on two lines
        for col, name in enumerate(names):
            ws.write_string(HEADER_ROW, col, name, header_fmt)

        written = 0
        r = FIRST_DATA_ROW
        for row in rows:
            ws.write_number(r, 0, row.seq, seq_fmt)
            if station:
                ws.write_string(r, 1, row.station, text_fmt)
            ws.write_datetime(r, date_col, row.at.replace(tzinfo=None), date_fmt)  # Excel has no time zones
            # Every other column is text: IDs and phones may start with 0 and must stay as typed.
            for col, value in enumerate(
                (
                    row.full_name,
                    row.national_id,
                    row.phone,
                    row.group,
                    row.service,
                    row.owner,
                    row.result,
                    row.officer,
                    row.survey_text,
                    row.note,
                ),
                start=date_col + 1,
            ):
                if value:
                    ws.write_string(r, col, value, text_fmt)
            r += 1
            written += 1
            if written % 500 == 0:
                progress(0.95 * written / max(total, 1))
        ws.autofilter(HEADER_ROW, 0, max(HEADER_ROW, r - 1), len(names) - 1)
    finally:
        wb.close()
    progress(1.0)
    return written
