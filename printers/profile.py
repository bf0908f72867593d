"""The printer profile: a model from ``resources/printers/profiles.toml`` with kiosk.toml's overrides."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from kiosk.config import DEFAULT_PRINTER_PROFILE, PrinterConfig, printer_profiles
from kiosk.printing import PrinterConfigError

MM_PER_INCH = 25.4
# The keys of [printer] in kiosk.toml that override the profile when they are set.
OVERRIDES = ("paper_width_mm", "dots", "cut", "native_qr", "centre_raster")


@dataclass(frozen=True)
class PrinterProfile:
    """What the slips need to know about a printer model; the defaults are the generic 80 mm printer."""

    key: str = DEFAULT_PRINTER_PROFILE
    name: str = "generic 80 mm, 576 dots"
    paper_width_mm: int = 80
    dots: int = 576
    dpi: int = 203
    cut: bool = True
    native_qr: bool = False
    baudrate: int = 9600
    speed_mm_s: int = 200
    # The printer centres raster images after ESC a 1 (Epson's and the common clones' firmware
    # do): centred lines are sent without their white margins.
    centre_raster: bool = True
    timeout_s: float = 5.0  # no byte taken by the printer for this long: the send fails

    @classmethod
    def named(cls, key: str, **overrides: Any) -> PrinterProfile:
        """The profile ``key`` of profiles.toml, with ``overrides`` (field by field)."""
        try:
            data = dict(printer_profiles()[key])
        except KeyError:
            known = ", ".join(printer_profiles())
            raise PrinterConfigError(f"unknown printer profile {key!r}; expected one of {known}") from None
        known_fields = {f.name for f in fields(cls)}
        unknown = set(data) - known_fields
        if unknown:
            raise PrinterConfigError(f"printer profile {key!r}: unknown keys {sorted(unknown)}")
        return cls(key=key, **{**data, **overrides})

    @classmethod
    def from_config(cls, config: PrinterConfig) -> PrinterProfile:
        overrides: dict[str, Any] = {
            name: getattr(config, name) for name in OVERRIDES if getattr(config, name) is not None
        }
        return cls.named(config.profile, timeout_s=config.timeout_s, **overrides)

    @property
    def narrow(self) -> bool:
        """58 mm paper (384 dots): smaller type so a line still holds a few Thai words."""
        return self.dots < 512

    @property
    def dots_per_mm(self) -> float:
        return self.dpi / MM_PER_INCH

    def mm(self, millimetres: float) -> int:
        return round(millimetres * self.dots_per_mm)

    def paper_seconds(self, rows: int) -> float:
        """How long the paper takes to move ``rows`` dots at the printer's paper speed."""
        return rows / self.dots_per_mm / self.speed_mm_s


def all_profiles() -> list[PrinterProfile]:
    """Every profile of profiles.toml, as shipped (for the tests' golden slips and the benchmark)."""
    return [PrinterProfile.named(key) for key in printer_profiles()]
