"""The concrete TicketPrinter for a printer URI and the configured profile."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import PrinterConfig
from kiosk.printing import PrinterConfigError, TicketPrinter
from printers.escpos_printer import RESYNC_FILE, EscposTicketPrinter
from printers.preview import PreviewPrinter
from printers.profile import PrinterProfile
from printers.transports import parse_uri, transport_for


def open_printer(
    config: PrinterConfig, uri: str, *, sample: bool = False, state_dir: Path | None = None
) -> TicketPrinter:
    """The printer at ``uri`` (usb://, serial://, tcp://, cups://, win32://, file://, preview://, dummy:).

    Nothing is opened yet: the device is reached on the first status query or slip, so the
    kiosk starts without its printer. A bad URI raises :class:`PrinterConfigError` now.
    ``sample`` marks every slip as a test print (ตัวอย่าง). ``state_dir`` (the data directory)
    keeps what a printer is owed after a send cut off in the middle, for the next process.
    """
    if not uri:
        raise PrinterConfigError("no printer URI: set printer.uri in kiosk.toml or pass --printer")
    profile = PrinterProfile.from_config(config)
    parsed = parse_uri(uri)
    if parsed.scheme == "preview":
        return PreviewPrinter(Path(parsed.target), profile, sample=sample)
    resync_file = state_dir / RESYNC_FILE if state_dir is not None else None
    return EscposTicketPrinter(transport_for(parsed, profile), profile, sample=sample, resync_file=resync_file)
