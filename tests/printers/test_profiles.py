"""Printer profiles: data in resources/printers/profiles.toml, named by kiosk.toml, overridden key by key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import Config, config_from_dict
from kiosk.printing import PrinterConfigError
from printers.profile import PrinterProfile, all_profiles


@pytest.mark.parametrize("profile", all_profiles(), ids=lambda p: p.key)
def test_every_profile_is_complete_and_fits_its_paper(profile: PrinterProfile) -> None:
    assert profile.dots % 8 == 0 and profile.paper_width_mm in (58, 80)
    assert profile.dots / profile.dots_per_mm <= profile.paper_width_mm - 4  # a margin on each side
    assert profile.name and profile.baudrate in (9600, 19200, 38400, 57600, 115200)
    assert profile.narrow == (profile.paper_width_mm == 58)


def test_the_models_of_the_issue_are_there() -> None:
    keys = {profile.key for profile in all_profiles()}
    assert {"epson-tm-t82", "epson-tm-t88", "epson-tm-t20", "epson-tm-t81", "xprinter-xp-80", "xprinter-xp-58"} <= keys
    assert {(p.paper_width_mm, p.dots) for p in all_profiles() if p.key.startswith("generic")} == {
        (80, 576),
        (80, 512),
        (58, 384),
    }


def test_the_printer_profile_is_named_and_explicit_keys_override_it(tmp_path: Path) -> None:
    config = config_from_dict({"printer": {"profile": "epson-tm-t88"}}, home=tmp_path)
    profile = PrinterProfile.from_config(config.printer)
    assert (profile.dots, profile.dpi, profile.native_qr, profile.baudrate) == (512, 180, True, 38400)
    config = config_from_dict({"printer": {"profile": "epson-tm-t88", "dots": 576, "native_qr": False}}, home=tmp_path)
    profile = PrinterProfile.from_config(config.printer)
    assert (profile.dots, profile.dpi, profile.native_qr) == (576, 180, False)
    assert PrinterProfile.from_config(Config(home=tmp_path).printer).dots == 576  # generic-80 by default


def test_an_unknown_profile_is_a_printer_configuration_fault() -> None:
    with pytest.raises(PrinterConfigError, match="unknown printer profile 'tm-t82'"):
        PrinterProfile.named("tm-t82")
