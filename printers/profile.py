"""The printer profile: paper width, dots per line, cutter and QR support, from the configuration."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.config import PrinterConfig

DOTS_PER_MM = 8  # 203 dpi, the resolution of nearly every thermal receipt printer
DPI = 203


@dataclass(frozen=True)
class PrinterProfile:
    paper_width_mm: int = 80
    dots: int = 576
    cut: bool = True
    native_qr: bool = False
    timeout_s: float = 3.0

    @classmethod
    def from_config(cls, config: PrinterConfig) -> PrinterProfile:
        return cls(
            paper_width_mm=config.paper_width_mm,
            dots=config.dots,
            cut=config.cut,
            native_qr=config.native_qr,
            timeout_s=config.timeout_s,
        )

    @property
    def narrow(self) -> bool:
        """58 mm paper (384 dots): smaller type so a line still holds a few Thai words."""
        return self.dots < 512

    def mm(self, millimetres: float) -> int:
        return round(millimetres * DOTS_PER_MM)
