"""Bytes of each slip on each printer profile, their transmit time on a serial link, and the paper time.

    .venv/bin/python -m benchmarks.slip_transmit            # the README table
    .venv/bin/python -m benchmarks.slip_transmit --parts    # what each part of a slip costs

A serial link sends 10 bits a byte (8N1). Paper time is the slip's length at 200 mm/s, the speed
of the common 80 mm printers: where the transmit time is longer, the link, not the printer, sets
how long a citizen waits for the ticket.
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from printers.escpos_printer import encode
from printers.profile import PrinterProfile, all_profiles
from printers.raster import (
    SlipImage,
    _draw,
    ensure_fonts,
    render_ruler,
    render_survey,
    render_ticket,
    survey_elements,
    ticket_elements,
)
from printers.samples import sample_survey, sample_ticket

BAUDS = (9600, 19200, 115200)
PAPER_MM_S = 200
SLIP_END_MM = 24  # ESC d 6: six lines of feed past the cutter (about 3 mm a line)


def slips(profile: PrinterProfile) -> dict[str, SlipImage]:
    return {
        "ticket": render_ticket(sample_ticket(), profile),
        "survey": render_survey(sample_survey(), profile),
        "ruler": render_ruler(profile),
    }


def table() -> list[str]:
    head = "| profile | slip | bytes | " + " | ".join(f"{b:,} baud" for b in BAUDS) + " | paper at 200 mm/s |"
    lines = [head, "|" + "---|" * (5 + len(BAUDS) - 1)]
    for profile in all_profiles():
        for name, slip in slips(profile).items():
            size = len(encode(slip, profile))
            length_mm = slip.flatten().height / profile.dots_per_mm + SLIP_END_MM
            times = " | ".join(f"{size * 10 / baud:.1f} s" for baud in BAUDS)
            lines.append(f"| {profile.key} | {name} | {size:,} | {times} | {length_mm / PAPER_MM_S:.2f} s |")
    return lines


def parts() -> list[str]:
    """Bytes of each element of the sample slips drawn and sent on its own (header and cut left out)."""
    out = []
    for key in ("generic-80", "generic-58", "epson-tm-t82"):
        profile = PrinterProfile.named(key)
        for name, elements in (
            ("ticket", ticket_elements(sample_ticket(), profile)),
            ("survey", survey_elements(sample_survey(), profile)),
        ):
            out.append(f"{key} {name}:")
            for element in elements:
                image = _draw([element], profile)
                size = len(encode(SlipImage(profile.dots, (image,)), profile)) - len(encode(SlipImage(8, ()), profile))
                text = getattr(element, "text", "") or type(element).__name__.strip("_")
                out.append(f"  {size:6,} B  {image.height:4} rows  {text[:48]}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", action="store_true", help="what each part of the sample slips costs")
    args = parser.parse_args(argv)
    ensure_fonts()
    print("\n".join(parts() if args.parts else table()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
