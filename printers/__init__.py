"""Ticket and survey slips on thermal printers: Thai drawn by Qt, sent as ESC/POS raster images.

Only the UI's composition root and the ``kiosk print`` commands import this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from kiosk.config import PrinterConfig
    from kiosk.printing import TicketPrinter

__all__ = ["open_printer"]


def open_printer(
    config: PrinterConfig, uri: str, *, sample: bool = False, state_dir: Path | None = None
) -> TicketPrinter:
    """See :func:`printers.factory.open_printer` (imported on first use: Qt and escpos are slow to load)."""
    from printers.factory import open_printer as _open_printer

    return _open_printer(config, uri, sample=sample, state_dir=state_dir)
