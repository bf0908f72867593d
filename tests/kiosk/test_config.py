from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kiosk.config import DEFAULT_TOML, Config, ConfigError, config_from_dict, load_config, with_changes


def test_the_default_file_is_valid_and_says_what_the_defaults_are(tmp_path: Path) -> None:
    written = config_from_dict(tomllib.loads(DEFAULT_TOML), home=tmp_path)
    assert written == Config(home=tmp_path)


def test_first_load_writes_the_default_file(tmp_path: Path) -> None:
    config = load_config(tmp_path / "new")
    assert (tmp_path / "new" / "kiosk.toml").read_text(encoding="utf-8") == DEFAULT_TOML
    assert config.db_url == f"sqlite:///{tmp_path / 'new' / 'register.sqlite3'}"
    assert config.printer_uri == f"preview://{tmp_path / 'new' / 'slips'}"
    assert str(config.zone) == "Asia/Bangkok"


def test_integers_are_accepted_where_seconds_may_be_fractions(tmp_path: Path) -> None:
    config = config_from_dict({"printer": {"timeout_s": 2}}, home=tmp_path)
    assert config.printer.timeout_s == 2.0


def test_booleans_are_not_numbers(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        config_from_dict({"ui": {"idle_seconds": True}}, home=tmp_path)
    assert info.value.key == "ui.idle_seconds" and info.value.exit_code == 2


@pytest.mark.parametrize(("seconds", "ok"), [(9, False), (10, True), (600, True), (601, False)])
def test_the_rating_invitation_waits_a_sensible_time(tmp_path: Path, seconds: int, ok: bool) -> None:
    if ok:
        assert config_from_dict({"ui": {"rating_seconds": seconds}}, home=tmp_path).ui.rating_seconds == seconds
    else:
        with pytest.raises(ConfigError, match="between 10 and 600") as info:
            config_from_dict({"ui": {"rating_seconds": seconds}}, home=tmp_path)
        assert info.value.key == "ui.rating_seconds"


def test_with_changes_replaces_fields_of_sections(tmp_path: Path) -> None:
    config = with_changes(Config(home=tmp_path), printer={"uri": "dummy:"}, ui={"language": "en"})
    assert config.printer.uri == "dummy:" and config.ui.language == "en" and config.printer.profile == "generic-80"


@pytest.mark.parametrize(
    ("district", "province"),
    [
        ("เมืองสกลนคร", "สกลนคร"),
        ("อำเภอเมืองสกลนคร", "จังหวัดสกลนคร"),
        (" อ.เมืองสกลนคร ", "จ. สกลนคร"),
    ],
)
def test_district_and_province_are_kept_bare_however_they_are_written(
    tmp_path: Path, district: str, province: str
) -> None:
    """Tickets, the register and reports add "อำเภอ"/"จังหวัด" themselves: never "อำเภออำเภอ…"."""
    config = config_from_dict({"station": {"district": district, "province": province}}, home=tmp_path)
    assert (config.station.district, config.station.province) == ("เมืองสกลนคร", "สกลนคร")


def test_a_name_that_is_only_the_prefix_is_left_alone(tmp_path: Path) -> None:
    config = config_from_dict({"station": {"district": "อำเภอ"}}, home=tmp_path)
    assert config.station.district == "อำเภอ"


def test_an_unknown_printer_profile_names_the_key_and_the_choices(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        config_from_dict({"printer": {"profile": "tm-t82"}}, home=tmp_path)
    assert info.value.key == "printer.profile" and "epson-tm-t82" in str(info.value)
    with pytest.raises(ConfigError) as info:
        config_from_dict({"printer": {"dots": "576"}}, home=tmp_path)
    assert info.value.key == "printer.dots" and "must be int" in str(info.value)
