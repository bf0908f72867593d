"""``preview://DIR``: a TicketPrinter that writes a PNG of each slip instead of printing (``make run``, demos)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from kiosk.printing import PrinterError, PrinterOffline, PrinterState, SurveySlip, TicketSlip
from printers.profile import PrinterProfile
from printers.raster import RenderError, SlipImage, render_ruler, render_survey, render_ticket

log = logging.getLogger(__name__)


class PreviewPrinter:
    """Writes ``<date>-<time>-<ticket>-ticket.png`` and ``…-survey.png`` at the printer's resolution."""

    def __init__(self, directory: Path, profile: PrinterProfile, *, sample: bool = False) -> None:
        self.uri = f"preview://{directory}"
        self.directory = directory
        self.profile = profile
        self.sample = sample
        self.written: list[Path] = []

    def state(self) -> PrinterState:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            return PrinterState.OFFLINE
        return PrinterState.READY

    def print_ticket(self, slip: TicketSlip) -> None:
        self._write(lambda: render_ticket(slip, self.profile, sample=self.sample), slip.issued_at, slip.label, "ticket")

    def print_survey(self, slip: SurveySlip) -> None:
        self._write(lambda: render_survey(slip, self.profile, sample=self.sample), slip.served_at, slip.label, "survey")

    def print_calibration(self) -> None:
        """The calibration ruler of ``kiosk print test``, as ``…-ruler.png``."""
        self._write(lambda: render_ruler(self.profile), dt.datetime.now().astimezone(), self.profile.key, "ruler")

    def _write(self, draw: Callable[[], SlipImage], moment: dt.datetime, label: str, kind: str) -> None:
        name = f"{'sample-' if self.sample else ''}{moment:%Y%m%d-%H%M%S}-{label}-{kind}.png"
        path = self.directory / name
        try:
            image = draw().flatten()
        except RenderError as exc:
            raise PrinterError(f"{self.uri}: cannot draw the {kind} slip {label}: {exc}") from exc
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            image.save(path, format="PNG", optimize=True)
        except OSError as exc:
            raise PrinterOffline(f"{self.uri}: cannot write {path}: {exc}") from exc
        self.written.append(path)
        log.info("preview of %s %s written to %s", kind, label, path)

    def close(self) -> None:
        pass
