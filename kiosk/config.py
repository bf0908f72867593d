"""The kiosk's configuration: one TOML file in the data directory, checked key by key."""

from __future__ import annotations

import functools
import os
import re
import tomllib
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

CONFIG_NAME = "kiosk.toml"
DB_NAME = "register.sqlite3"
# Settings the environment gives or overrides (a systemd unit's EnvironmentFile, a technician's shell).
SYNC_URL_ENV = "KIOSK_SYNC_URL"  # the station's hub URL; wins over sync.url
DISTRICT_URL_ENV = "KIOSK_DISTRICT_URL"  # the hub's admin or reporting URL, never kept in kiosk.toml


class ConfigError(Exception):
    """A bad configuration value; ``key`` names it exactly (``sync.time``)."""

    exit_code = 2

    def __init__(self, key: str, message: str, *, path: Path | None = None) -> None:
        self.key = key
        self.path = path
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{key}: {message}")


@dataclass(frozen=True)
class StationConfig:
    id: str = "KIOSK-01"
    centre_name: str = "ศูนย์ดำรงธรรมอำเภอ"
    district: str = ""  # the bare name: "เมืองสกลนคร"; "อำเภอ" is added where it is printed
    province: str = ""  # the bare name: "สกลนคร"
    timezone: str = "Asia/Bangkok"
    desk: str = "1"  # the service desk (ช่องบริการ) this machine's staff area calls visitors to

    def __post_init__(self) -> None:
        # Officers write "อำเภอเมืองสกลนคร" or "จ.สกลนคร" as often as the bare name: take either.
        object.__setattr__(self, "district", _bare(self.district, "อำเภอ", "อ."))
        object.__setattr__(self, "province", _bare(self.province, "จังหวัด", "จ."))


def _bare(name: str, *prefixes: str) -> str:
    name = name.strip()
    for prefix in prefixes:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :].strip()
    return name


DEFAULT_PRINTER_PROFILE = "generic-80"


@dataclass(frozen=True)
class PrinterConfig:
    """``[printer]``: the profile names the model; a key set here overrides the profile's value."""

    uri: str = ""  # empty: preview:// into the data directory
    profile: str = DEFAULT_PRINTER_PROFILE  # a table of resources/printers/profiles.toml
    paper_width_mm: int | None = None
    dots: int | None = None
    cut: bool | None = None
    native_qr: bool | None = None
    centre_raster: bool | None = None  # false if the ruler's ▲ กึ่งกลาง ▲ prints at the left edge
    timeout_s: float = 5.0  # a send fails after this long without the printer taking a byte
    print_survey_slip: bool = True


@functools.cache
def printer_profiles() -> dict[str, dict[str, Any]]:
    """The printer models the kiosk knows (``resources/printers/profiles.toml``), by profile name."""
    text = (resources.files("resources") / "printers" / "profiles.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True)
class PrivacyConfig:
    notice_url: str = ""
    retention_days: int = 1095


@dataclass(frozen=True)
class SurveyConfig:
    url: str = ""
    quick_rating: bool = True


@dataclass(frozen=True)
class SyncConfig:
    url: str = ""
    time: str = "20:00"
    sslmode: str = "prefer"
    sslrootcert: str = ""
    # Rows per hub transaction: a batch is one COPY and one upsert at the hub, one acknowledging write
    # here (about 20 ms of the register's writer per thousand rows).
    batch_size: int = 2000


@dataclass(frozen=True)
class UiConfig:
    idle_seconds: int = 30  # untouched this long, the kiosk asks "ยังใช้งานอยู่หรือไม่?"
    countdown_seconds: int = 10  # then counts this long down before going back to the welcome screen
    rating_seconds: int = 60  # an invitation to rate that nobody answers goes back to the welcome screen
    hide_cursor: bool = False
    language: str = "th"
    large_text: bool = False
    high_contrast: bool = False
    staff_idle_seconds: int = 300  # the staff area signs the officer out after this long untouched
    card_reader: bool = True  # watch the PC/SC readers for a Thai ID card (false: no reader at this kiosk)


@dataclass(frozen=True)
class DisplayConfig:
    """The waiting-room display (``kiosk display``) and the board the kiosk publishes for it."""

    url: str = ""  # the board of the kiosk machine, for a display on another PC; empty: read the register here
    listen: str = "127.0.0.1:8765"  # where `kiosk run`/`kiosk desk` publish the board; "" for nowhere
    english: bool = True  # English beside the Thai
    recent: int = 5  # how many of the last calls are listed
    screen: int = -1  # which output the display fills: 0 the first, -1 the last


@dataclass(frozen=True)
class AnnounceConfig:
    """The chime and the spoken number on the display's speakers."""

    chime: bool = True
    voice: bool = True
    volume: int = 80  # percent
    phrase: str = "หมายเลข {ticket} เชิญที่ช่องบริการ {desk}"
    player: str = "auto"  # auto, aplay, paplay or none


@dataclass(frozen=True)
class BackupConfig:
    keep: int = 14


@dataclass(frozen=True)
class Config:
    home: Path
    station: StationConfig = field(default_factory=StationConfig)
    printer: PrinterConfig = field(default_factory=PrinterConfig)
    privacy: PrivacyConfig = field(default_factory=PrivacyConfig)
    survey: SurveyConfig = field(default_factory=SurveyConfig)
    sync: SyncConfig = field(default_factory=SyncConfig)
    ui: UiConfig = field(default_factory=UiConfig)
    display: DisplayConfig = field(default_factory=DisplayConfig)
    announce: AnnounceConfig = field(default_factory=AnnounceConfig)
    backup: BackupConfig = field(default_factory=BackupConfig)
    database_url: str = ""
    # From $KIOSK_DISTRICT_URL only: the supervisor's district-wide exports and reports read the hub with it.
    district_url: str = ""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.station.timezone)

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / DB_NAME}"

    @property
    def printer_uri(self) -> str:
        return self.printer.uri or f"preview://{self.home / 'slips'}"

    @property
    def config_path(self) -> Path:
        return self.home / CONFIG_NAME


_SECTIONS: dict[str, type] = {
    "station": StationConfig,
    "printer": PrinterConfig,
    "privacy": PrivacyConfig,
    "survey": SurveyConfig,
    "sync": SyncConfig,
    "ui": UiConfig,
    "display": DisplayConfig,
    "announce": AnnounceConfig,
    "backup": BackupConfig,
}


def default_home() -> Path:
    """``$KIOSK_HOME`` or the platform's data directory."""
    env = os.environ.get("KIOSK_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("damrongdhama-kiosk", appauthor=False))


def load_config(home: Path | None = None) -> Config:
    """Read ``kiosk.toml`` in ``home`` (created with defaults if missing) and check it."""
    home = home if home is not None else default_home()
    path = home / CONFIG_NAME
    data: dict[str, Any] = {}
    if not path.exists():
        _write_default(path)
    if path.is_dir():
        raise ConfigError("(file)", "is a directory, not a file: remove it (an empty kiosk.toml is made)", path=path)
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError("(file)", f"not valid TOML: {exc}", path=path) from exc
        except OSError as exc:
            raise ConfigError(
                "(file)",
                f"cannot be read ({exc.strerror}): check its owner and mode",
                path=path,
            ) from exc
    return with_environment(config_from_dict(data, home=home, path=path))


def with_environment(config: Config, environ: Mapping[str, str] | None = None) -> Config:
    """``config`` with what the environment overrides: ``$KIOSK_SYNC_URL``, ``$KIOSK_DISTRICT_URL``.

    Resolved once, here, when the configuration is loaded: the CLI, the nightly sync and the
    staff area all read the same ``config.sync.url``.
    """
    env = os.environ if environ is None else environ
    sync_url = env.get(SYNC_URL_ENV, "").strip()
    district_url = env.get(DISTRICT_URL_ENV, "").strip()
    if sync_url and hub_url_problem(sync_url):
        raise ConfigError(f"${SYNC_URL_ENV}", hub_url_problem(sync_url))
    changed = config
    if sync_url:
        changed = replace(changed, sync=replace(changed.sync, url=sync_url))
    if district_url:
        changed = replace(changed, district_url=district_url)
    return changed


def _write_default(path: Path) -> None:
    """Leave a commented default file for the officer to fill in; a read-only home is fine."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the register lives here too
        # 0600: sync.url carries the station's password for the district database.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(DEFAULT_TOML)
    except OSError:
        pass


def config_from_dict(data: dict[str, Any], *, home: Path, path: Path | None = None) -> Config:
    kwargs: dict[str, Any] = {"home": home}
    for key, value in data.items():
        if key == "database_url":
            if not isinstance(value, str):
                raise ConfigError(key, "must be a string", path=path)
            kwargs[key] = value
            continue
        section_type = _SECTIONS.get(key)
        if section_type is None:
            raise ConfigError(key, f"unknown section; expected one of {sorted(_SECTIONS)}", path=path)
        if not isinstance(value, dict):
            raise ConfigError(key, "must be a table ([section])", path=path)
        kwargs[key] = _section(key, section_type, value, path)
    config = Config(**kwargs)
    _check(config, path)
    return config


def _section(name: str, section_type: type, values: dict[str, Any], path: Path | None) -> Any:
    known = {f.name: f for f in fields(section_type)}
    defaults = section_type()
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"{name}.{key}", f"unknown key; expected one of {sorted(known)}", path=path)
        expected = _field_type(section_type, key, getattr(defaults, key))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not expected:
            raise ConfigError(
                f"{name}.{key}",
                f"must be {expected.__name__}, got {type(value).__name__} {value!r}",
                path=path,
            )
        out[key] = value
    return section_type(**out)


def _field_type(section_type: type, key: str, default: Any) -> type:
    """The type a key must have: its default's, or ``X`` of an ``X | None`` field (unset by default)."""
    if default is not None:
        return type(default)
    hint = typing.get_type_hints(section_type)[key]
    types: list[type] = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    return types[0]


_URL_SCHEMES = ("http", "https")


def _check(config: Config, path: Path | None) -> None:
    def fail(key: str, message: str) -> None:
        raise ConfigError(key, message, path=path)

    try:
        ZoneInfo(config.station.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        fail("station.timezone", f"unknown time zone {config.station.timezone!r}")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}", config.station.id):
        fail("station.id", "1–40 letters, digits, '.', '_' or '-', starting with a letter or digit")
    for key, url in (
        ("survey.url", config.survey.url),
        ("privacy.notice_url", config.privacy.notice_url),
    ):
        if url and (urlsplit(url).scheme not in _URL_SCHEMES or not urlsplit(url).netloc):
            fail(key, f"must be an http(s) URL, got {url!r}")
    if not 1 <= config.privacy.retention_days <= 36500:
        fail("privacy.retention_days", "must be between 1 and 36500")
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", config.sync.time):
        fail("sync.time", f"must be HH:MM (24-hour), got {config.sync.time!r}")
    if config.sync.sslmode not in {
        "disable",
        "allow",
        "prefer",
        "require",
        "verify-ca",
        "verify-full",
    }:
        fail("sync.sslmode", f"unknown sslmode {config.sync.sslmode!r}")
    if config.sync.url:
        problem = hub_url_problem(config.sync.url)
        if problem:
            fail("sync.url", problem)
    if not 1 <= config.sync.batch_size <= 10000:
        fail("sync.batch_size", "must be between 1 and 10000")
    if config.printer.profile not in printer_profiles():
        fail("printer.profile", f"unknown printer profile; expected one of {', '.join(printer_profiles())}")
    if config.printer.paper_width_mm not in (None, 58, 80):
        fail("printer.paper_width_mm", "must be 58 or 80")
    dots = config.printer.dots
    if dots is not None and (not 256 <= dots <= 832 or dots % 8):
        fail(
            "printer.dots",
            "must be a multiple of 8 between 256 and 832 (384 for 58 mm, 512 or 576 for 80 mm)",
        )
    if not 0.1 <= config.printer.timeout_s <= 120:
        fail(
            "printer.timeout_s", "must be between 0.1 and 120 seconds (the longest wait for the printer to take a byte)"
        )
    if config.printer.uri and "://" not in config.printer.uri and config.printer.uri != "dummy:":
        fail(
            "printer.uri",
            f"must be a printer URI such as usb://04b8:0e15, got {config.printer.uri!r}",
        )
    if not 5 <= config.ui.idle_seconds <= 3600:
        fail("ui.idle_seconds", "must be between 5 and 3600")
    if not 0 <= config.ui.countdown_seconds <= 600:
        fail("ui.countdown_seconds", "must be between 0 and 600")
    if not 10 <= config.ui.rating_seconds <= 600:
        fail("ui.rating_seconds", "must be between 10 and 600")
    if not 30 <= config.ui.staff_idle_seconds <= 7200:
        fail("ui.staff_idle_seconds", "must be between 30 and 7200")
    if config.ui.language not in {"th", "en"}:
        fail("ui.language", "must be 'th' or 'en'")
    if not 1 <= config.backup.keep <= 1000:
        fail("backup.keep", "must be between 1 and 1000")
    if not re.fullmatch(r"[0-9]{1,3}", config.station.desk):
        fail("station.desk", f"must be the desk's number, 1 to 3 digits, got {config.station.desk!r}")
    _check_display(config, fail)


def parse_listen(listen: str) -> tuple[str, int]:
    """``"0.0.0.0:8765"`` → ``("0.0.0.0", 8765)``, where the queue board listens; ValueError naming what is wrong."""
    host, sep, port_text = listen.rpartition(":")
    if not sep or not port_text.isdigit():
        raise ValueError(f"must be HOST:PORT such as 127.0.0.1:8765 or 0.0.0.0:8765, got {listen!r}")
    port = int(port_text)
    if not 0 <= port <= 65535:
        raise ValueError(f"port must be 0–65535, got {port}")
    return host.strip("[]") or "0.0.0.0", port


def _check_display(config: Config, fail: Callable[[str, str], None]) -> None:
    from kiosk import speech  # no I/O, nothing imported: cheap at start-up

    display, spoken = config.display, config.announce
    if display.url and (urlsplit(display.url).scheme not in _URL_SCHEMES or not urlsplit(display.url).netloc):
        fail("display.url", f"must be an http(s) URL such as http://kiosk-01:8765, got {display.url!r}")
    if display.listen:
        try:
            parse_listen(display.listen)
        except ValueError as exc:
            fail("display.listen", str(exc))
    if not 1 <= display.recent <= 12:
        fail("display.recent", "must be between 1 and 12")
    if not -8 <= display.screen <= 8:
        fail("display.screen", "must be between -8 and 8 (0 the first output, -1 the last)")
    if not 0 <= spoken.volume <= 100:
        fail("announce.volume", "must be between 0 and 100")
    if spoken.player not in speech.PLAYERS:
        fail("announce.player", f"must be one of {', '.join(speech.PLAYERS)}, got {spoken.player!r}")
    try:
        speech.check_phrase(spoken.phrase)
    except ValueError as exc:
        fail("announce.phrase", str(exc))


def checked(config: Config) -> Config:
    """``config`` after the checks of a loaded file (ConfigError naming the key), e.g. after a command-line override."""
    _check(config, None)
    return config


HUB_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")


def hub_url_problem(url: str) -> str:
    """What is wrong with a district hub URL, or "" (checked before any connection is tried)."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"not a URL ({exc})"
    if parts.scheme not in HUB_SCHEMES:
        shown = parts.scheme or url[:20]
        return f"must be a postgresql:// URL (the district hub is PostgreSQL), not {shown}://"
    try:
        port = parts.port
    except ValueError:
        raw = parts.netloc.rpartition("@")[2].rpartition(":")[2]
        if raw.isdigit():
            return f"the port {raw} is out of range: it must be between 1 and 65535"
        return f"the port {raw!r} is not a number (postgresql://station@host:5432/register)"
    if port == 0:
        return "the port must be between 1 and 65535"
    if not parts.path.strip("/"):
        return "names no database (postgresql://station@host:5432/register)"
    return ""


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///…`` URL, or None for any other database."""
    if not url.startswith("sqlite:///"):
        return None
    name = url.removeprefix("sqlite:///").split("?", 1)[0]
    return Path(name) if name and name != ":memory:" else None


def with_changes(config: Config, **sections: Any) -> Config:
    """A copy with some sections replaced field by field, e.g. ``printer={"uri": "dummy:"}``."""
    changes = {name: replace(getattr(config, name), **values) for name, values in sections.items()}
    return replace(config, **changes)


DEFAULT_TOML = """\
# Configuration of the e-Service kiosk. Edit, then restart the kiosk.
# A wrong value stops the kiosk with a message naming the key.

[station]
id = "KIOSK-01"                       # unique within the district
centre_name = "ศูนย์ดำรงธรรมอำเภอ"      # as printed on tickets and the register
district = ""                         # e.g. "เมืองสกลนคร" (with or without "อำเภอ")
province = ""                         # e.g. "สกลนคร" (with or without "จังหวัด")
timezone = "Asia/Bangkok"
desk = "1"                            # the service desk (ช่องบริการ) this machine's staff area calls to

[printer]
uri = ""              # empty: preview PNGs in the data directory; usb://VID:PID, tcp://host:9100 …
profile = "generic-80"  # the model: epson-tm-t82, epson-tm-t88, epson-tm-t20, epson-tm-t81,
                        # xprinter-xp-80, xprinter-xp-58, generic-80, generic-80-512, generic-58
# dots = 512          # set only to override the profile (read the ruler of `kiosk print test`)

[survey]
url = ""              # the OPDC satisfaction survey link from the province's letter
quick_rating = true

[privacy]
notice_url = ""       # the district's privacy notice
retention_days = 1095

[sync]
url = ""              # postgresql://station@district-host/register (from `kiosk district init`)
time = "20:00"        # local time of the nightly sync; a missed night is caught up at start-up

[ui]
idle_seconds = 30         # untouched this long, the kiosk asks "ยังใช้งานอยู่หรือไม่?"
countdown_seconds = 10    # then counts down this long before going back to the welcome screen
rating_seconds = 60       # an invitation to rate that nobody answers goes back quietly after this long
staff_idle_seconds = 300  # the staff area signs the officer out after this long
hide_cursor = false
language = "th"

[display]
# `kiosk display`: the "now serving" screen of the waiting room (TV or second screen).
url = ""                     # on another PC: the kiosk machine's board, e.g. "http://kiosk-01:8765"
listen = "127.0.0.1:8765"    # where the kiosk publishes its board; "0.0.0.0:8765" for displays on other PCs
english = true               # English beside the Thai
screen = -1                  # the output it fills: 0 the first, -1 the last

[announce]
chime = true
voice = true                 # the number spoken in Thai after the chime
volume = 80                  # percent
phrase = "หมายเลข {ticket} เชิญที่ช่องบริการ {desk}"
player = "auto"              # auto, aplay, paplay or none

[backup]
keep = 14             # copies kept by `kiosk db backup`
"""
