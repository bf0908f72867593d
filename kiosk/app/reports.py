"""The reports to the province: the monthly form (แบบรายงานผล) with the OPDC survey's figures, and the fiscal year."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import register
from kiosk.app import district
from kiosk.app.context import Actor, Context, Job, Work, operation, supervisor_only

if TYPE_CHECKING:
    from kiosk.fiscal import FiscalYearFigures
    from kiosk.report import MonthlyFigures, SurveyFigures


@dataclass(frozen=True)
class WrittenReport:
    """A report form written: the file, and the figures it shows."""

    path: Path
    figures: MonthlyFigures


@operation(Work.WRITE)
def monthly_figures(app: Context, year: int, month: int, *, cutoff_day: int | None = None) -> MonthlyFigures:
    """This station's figures of a month (a few quick counts)."""
    from kiosk.report import monthly_figures as figures

    return app.read(lambda session: figures(session, app.station, year, month, cutoff_day=cutoff_day))


@operation(Work.NETWORK)
def district_monthly_figures(
    app: Context, who: Actor, year: int, month: int, *, cutoff_day: int | None = None, url: str | None = None
) -> MonthlyFigures:
    """The month's figures of every station, read from the district hub (raises SyncError).

    The official survey's figures, which the hub does not keep, come from this station's register.
    """
    from kiosk.report import district_monthly_figures as figures
    from kiosk.report import survey_figures

    with district.reading(app, who, url=url) as hub:
        official = app.read(lambda session: survey_figures(session, year, month))
        return figures(
            hub,
            year,
            month,
            cutoff_day=cutoff_day,
            district=app.station.district,
            province=app.station.province,
            official=official,
        )


@operation(Work.WRITE)
def set_survey_figures(
    app: Context, who: Actor, year: int, month: int, *, responses: int, mean: float, scale_max: float = 10.0
) -> SurveyFigures:
    """The official OPDC survey's figures for a month, copied by the supervisor."""
    from kiosk.report import set_survey_figures as keep

    supervisor_only(who)
    return app.write(
        lambda session: keep(
            session, app.station, year, month, responses=responses, mean=mean, scale_max=scale_max, actor=who.name
        )
    )


@operation(Work.LONG_READ)
def monthly_report(
    app: Context,
    who: Actor,
    year: int,
    month: int,
    *,
    folder: Path | None = None,
    path: Path | None = None,
    cutoff_day: int | None = None,
    thai_digits: bool = True,
    job: Job | None = None,
) -> WrittenReport:
    """Write this station's report form of a month (PDF) to ``path``, or into ``folder`` under the province's
    file name.

    ``job.cancel()`` before the PDF is written stops it with ExportCancelled.
    """
    supervisor_only(who)
    job = job or Job()
    _step(job, 0.0)
    figures = monthly_figures(app, year, month, cutoff_day=cutoff_day)
    return _write(app, who, figures, year, month, folder, path, cutoff_day, thai_digits, job, {})


@operation(Work.NETWORK)
def district_monthly_report(
    app: Context,
    who: Actor,
    year: int,
    month: int,
    *,
    folder: Path | None = None,
    path: Path | None = None,
    cutoff_day: int | None = None,
    thai_digits: bool = True,
    job: Job | None = None,
    url: str | None = None,
) -> WrittenReport:
    """The report form of every station of the district, read from the hub (raises SyncError)."""
    supervisor_only(who)
    job = job or Job()
    _step(job, 0.0)
    figures = district_monthly_figures(app, who, year, month, cutoff_day=cutoff_day, url=url)
    more = {"source": "district", "stations": len(figures.stations or ())}
    return _write(app, who, figures, year, month, folder, path, cutoff_day, thai_digits, job, more)


def _step(job: Job, fraction: float) -> None:
    from kiosk.exports import ExportCancelled

    if job.cancelled:
        raise ExportCancelled("the monthly report was cancelled; no file written")
    job.report(fraction)


def _write(
    app: Context,
    who: Actor,
    figures: MonthlyFigures,
    year: int,
    month: int,
    folder: Path | None,
    path: Path | None,
    cutoff_day: int | None,
    thai_digits: bool,
    job: Job,
    more: dict[str, object],
) -> WrittenReport:
    from kiosk.report import report_file_name, write_monthly_report

    _step(job, 0.5)
    if path is None:
        if folder is None:
            raise ValueError("give the report a folder or a path")
        path = Path(folder) / report_file_name(figures.centre or app.station.id, year, month)
    written = write_monthly_report(figures, path, digits="thai" if thai_digits else "arabic")
    details: dict[str, object] = {"file": written.name, "cutoff_day": cutoff_day, "visits": figures.total, **more}
    app.write(
        lambda session: register.audit(
            session,
            app.station,
            actor=who.name,
            action="report_monthly",
            entity="report",
            entity_id=f"{year:04d}-{month:02d}",
            details=details,
        )
    )
    job.report(1.0)
    return WrittenReport(written, figures)


# The fiscal year --------------------------------------------------------------------------


@dataclass(frozen=True)
class WrittenFiscalYear:
    """A fiscal-year report written: the file, and the figures it shows."""

    path: Path
    figures: FiscalYearFigures


@operation(Work.LONG_READ)
def fiscal_year_report(
    app: Context,
    who: Actor,
    year_be: int,
    *,
    folder: Path | None = None,
    path: Path | None = None,
    fmt: str = "pdf",
    cutoff_day: int | None = None,
    thai_digits: bool = True,
) -> WrittenFiscalYear:
    """Write this station's fiscal year (ปีงบประมาณ ``year_be``) as PDF or XLSX to ``path`` or into ``folder``."""
    from kiosk.fiscal import fiscal_year_figures

    supervisor_only(who)
    figures = app.read(lambda session: fiscal_year_figures(session, app.station, year_be, cutoff_day=cutoff_day))
    unit = app.station.centre_name or app.station.id
    return _write_fiscal(app, who, figures, unit, folder, path, fmt, thai_digits, {})


@operation(Work.NETWORK)
def district_fiscal_year_report(
    app: Context,
    who: Actor,
    year_be: int,
    *,
    folder: Path | None = None,
    path: Path | None = None,
    fmt: str = "pdf",
    cutoff_day: int | None = None,
    thai_digits: bool = True,
    url: str | None = None,
) -> WrittenFiscalYear:
    """The fiscal year of every station of the district from the hub, with the stations ranked (raises SyncError).

    The official survey's figures, which the hub does not keep, come from this station's register.
    """
    from kiosk.exports.rows import district_scope
    from kiosk.fiscal import district_fiscal_year_figures
    from kiosk.report import survey_figures

    supervisor_only(who)
    with district.reading(app, who, url=url) as hub:
        figures = district_fiscal_year_figures(
            hub,
            year_be,
            cutoff_day=cutoff_day,
            district=app.station.district,
            province=app.station.province,
            official=lambda year, month: app.read(lambda session: survey_figures(session, year, month)),
        )
    more = {"source": "district", "stations": len(figures.stations or ())}
    return _write_fiscal(app, who, figures, district_scope(app.station.district), folder, path, fmt, thai_digits, more)


def _write_fiscal(
    app: Context,
    who: Actor,
    figures: FiscalYearFigures,
    unit: str,
    folder: Path | None,
    path: Path | None,
    fmt: str,
    thai_digits: bool,
    more: dict[str, object],
) -> WrittenFiscalYear:
    from kiosk.fiscal import fiscal_year_file_name, write_fiscal_year_pdf, write_fiscal_year_xlsx

    if fmt not in ("pdf", "xlsx"):
        raise ValueError(f"a fiscal-year report is a pdf or an xlsx, not {fmt!r}")
    if path is None:
        if folder is None:
            raise ValueError("give the report a folder or a path")
        path = Path(folder) / fiscal_year_file_name(unit, figures.year_be, fmt)
    if fmt == "xlsx":
        written = write_fiscal_year_xlsx(figures, path)
    else:
        written = write_fiscal_year_pdf(figures, path, digits="thai" if thai_digits else "arabic")
    details: dict[str, object] = {
        "file": written.name,
        "cutoff_day": figures.cutoff_day,
        "visits": figures.users,
        **more,
    }
    app.write(
        lambda session: register.audit(
            session,
            app.station,
            actor=who.name,
            action="report_fiscal_year",
            entity="report",
            entity_id=str(figures.year_be),
            details=details,
        )
    )
    return WrittenFiscalYear(written, figures)
