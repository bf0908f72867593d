"""The service catalogue: data in ``resources/``, editable by the supervisor, never code."""

from __future__ import annotations

import csv
import io
import re
import tomllib
import uuid
from dataclasses import asdict, dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.errors import escape_control
from kiosk.models import Service
from kiosk.validation import validate_free_text

ICON_RE = re.compile(r"[a-z0-9][a-z0-9\-]{0,39}")
CODE_RE = re.compile(r"[a-z0-9][a-z0-9\-_.]{0,39}")
CSV_COLUMNS = (
    "code",
    "name_th",
    "name_en",
    "owner_th",
    "owner_en",
    "url",
    "help_th",
    "help_en",
    "icon",
    "active",
    "display_order",
    "verified",
    "inactive_message_th",
)
REQUIRED = ("code", "name_th", "name_en", "owner_th", "url")


@dataclass(frozen=True)
class ServiceEntry:
    """One service of the catalogue as the screens and the files see it."""

    code: str
    name_th: str
    name_en: str
    owner_th: str
    url: str
    owner_en: str = ""
    help_th: str = ""
    help_en: str = ""
    icon: str = ""
    active: bool = True
    display_order: int = 0
    verified: bool = False
    inactive_message_th: str = ""


class CatalogueError(ValueError):
    """A catalogue file with bad entries; ``problems`` lists each with where it is."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def default_catalogue_text() -> str:
    return (resources.files("resources") / "catalogue" / "services.toml").read_text(encoding="utf-8")


def default_entries() -> list[ServiceEntry]:
    return parse_toml(default_catalogue_text())


def _as_bool(value: Any, where: str, problems: list[str]) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "1", "yes", "y", "ใช่"}:
        return True
    if text in {"false", "0", "no", "n", "", "ไม่"}:
        return False
    problems.append(f"{where}: not a yes/no value: {escape_control(repr(value))}")
    return False


DISPLAY_ORDER_MAX = 9999


def _display_order(value: Any, where: str, problems: list[str]) -> int | None:
    """A whole number 0–9999: 1.7 is not one (it used to become 1), nor is 2**70 (the column is 32-bit)."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,18}\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(f"{where}: display_order must be a whole number, got {escape_control(repr(value))}")
        return None
    if not 0 <= value <= DISPLAY_ORDER_MAX:
        problems.append(f"{where}: display_order must be between 0 and {DISPLAY_ORDER_MAX}, got {value}")
        return None
    return value


def _entry(raw: Any, where: str, problems: list[str]) -> ServiceEntry | None:
    if not isinstance(raw, dict):
        problems.append(
            f"{where}: must be a table of keys ([[service]] with code = …), got {type(raw).__name__} "
            f"{escape_control(repr(raw))}"
        )
        return None
    known = {f.name for f in fields(ServiceEntry)}
    before = len(problems)
    unknown = set(raw) - known
    if unknown:
        problems.append(f"{where}: unknown field(s) {sorted(unknown)}")
    for key in known & set(raw):
        if key not in {"active", "verified", "display_order"} and not isinstance(raw[key], str):
            problems.append(
                f"{where}: {key} must be text, got {type(raw[key]).__name__} {escape_control(repr(raw[key]))}"
            )
    for key in REQUIRED:
        if key in raw and not isinstance(raw[key], str):
            continue  # said above
        if not str(raw.get(key, "") or "").strip():
            problems.append(f"{where}: '{key}' is required")
    if len(problems) > before:
        return None
    values: dict[str, Any] = {}
    for key in known & set(raw):
        value = raw[key]
        if key in {"active", "verified"}:
            values[key] = _as_bool(value, f"{where}: {key}", problems)
        elif key == "display_order":
            order = _display_order(value, where, problems)
            if order is not None:
                values[key] = order
        else:
            try:
                values[key] = validate_free_text(str(value), field=key, limit=500)
            except ValueError as exc:
                problems.append(f"{where}: {key}: {exc}")
    code = values.get("code", "")
    if code and not CODE_RE.fullmatch(code):
        problems.append(f"{where}: code {code!r} must be lower-case letters, digits, '-', '_' or '.' (max 40)")
    url = values.get("url", "")
    parts = urlsplit(url)
    if url and (parts.scheme not in ("http", "https") or not parts.netloc):
        problems.append(f"{where}: url {url!r} must be an http(s) address")
    icon = values.get("icon", "")
    if icon and not ICON_RE.fullmatch(icon):
        problems.append(f"{where}: icon {icon!r} must be a lower-case name such as 'id-card'")
    for key in ("name_th", "name_en", "owner_th"):
        if len(values.get(key, "")) > 200:
            problems.append(f"{where}: {key} is longer than 200 characters")
    if len(problems) > before:
        return None
    return ServiceEntry(**values)


def _check_all(entries: list[ServiceEntry | None], problems: list[str]) -> list[ServiceEntry]:
    seen: set[str] = set()
    for entry in entries:
        if entry is not None:
            if entry.code in seen:
                problems.append(f"code {entry.code!r} appears more than once")
            seen.add(entry.code)
    if not any(entries) and not problems:
        problems.append("the file has no services")
    if problems:
        raise CatalogueError(problems)
    return [e for e in entries if e is not None]


def parse_toml(text: str) -> list[ServiceEntry]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError([f"not valid TOML: {exc}"]) from exc
    raw_entries = data.get("service")
    if not isinstance(raw_entries, list):
        raise CatalogueError(["expected [[service]] tables"])
    unknown = sorted(set(data) - {"service"})
    if unknown:
        raise CatalogueError([f"unknown top-level key(s) {unknown}; expected [[service]] tables only"])
    problems: list[str] = []
    entries = [_entry(raw, f"service #{i}", problems) for i, raw in enumerate(raw_entries, 1)]
    return _check_all(entries, problems)


def parse_csv(text: str) -> list[ServiceEntry]:
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        raise CatalogueError([f"line 1: broken CSV: {exc}"]) from None
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise CatalogueError([f"line 1: column(s) {twice} appear more than once: keep one of each"])
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CatalogueError([f"line 1: missing column(s) {missing}; expected {list(CSV_COLUMNS)}"])
    problems: list[str] = []
    entries: list[ServiceEntry | None] = []
    while True:
        start = reader.line_num + 1
        try:
            fields_ = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            what = "a quote opened here is never closed" if "end of data" in str(exc) else str(exc)
            problems.append(f"line {start}: broken CSV: {what}")
            break
        if not any(f.strip() for f in fields_):
            continue
        if len(fields_) > len(header):
            problems.append(f"line {start}: more fields than the header")
            entries.append(None)
            continue
        raw = {k: v for k, v in zip(header, fields_, strict=False) if v != ""}
        entries.append(_entry(raw, f"line {start}", problems))
    return _check_all(entries, problems)


def parse_file(path: Path) -> list[ServiceEntry]:
    """Read a catalogue file, TOML or CSV by its suffix; raise with every problem found."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueError([f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from exc
    if path.suffix.lower() == ".csv":
        return parse_csv(text)
    if path.suffix.lower() == ".toml":
        return parse_toml(text)
    raise CatalogueError([f"{path}: unknown file type; use .toml or .csv"])


def to_entry(service: Service) -> ServiceEntry:
    return ServiceEntry(**{f.name: getattr(service, f.name) for f in fields(ServiceEntry)})


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    unchanged: int


def apply_entries(session: Session, entries: list[ServiceEntry]) -> ImportSummary:
    """Add or update services by code. Services missing from the file are left as they are."""
    existing = {s.code: s for s in session.scalars(select(Service))}
    added = updated = unchanged = 0
    for entry in entries:
        service = existing.get(entry.code)
        if service is None:
            session.add(Service(id=uuid.uuid4(), **asdict(entry)))
            added += 1
            continue
        changed = False
        for key, value in asdict(entry).items():
            if getattr(service, key) != value:
                setattr(service, key, value)
                changed = True
        updated += changed
        unchanged += not changed
    session.flush()
    return ImportSummary(added=added, updated=updated, unchanged=unchanged)


def seed_defaults(session: Session) -> ImportSummary | None:
    """Load the default catalogue into an empty database; leave an existing one alone."""
    if session.scalar(select(Service.id).limit(1)) is not None:
        return None
    return apply_entries(session, default_entries())


def list_services(session: Session, *, active_only: bool = False) -> list[ServiceEntry]:
    stmt = select(Service).order_by(Service.display_order, Service.code)
    if active_only:
        stmt = stmt.where(Service.active.is_(True))
    return [to_entry(s) for s in session.scalars(stmt)]


def set_active(session: Session, code: str, active: bool, *, message_th: str = "") -> ServiceEntry:
    service = session.scalar(select(Service).where(Service.code == code))
    if service is None:
        raise CatalogueError([f"no service with code {code!r}"])
    service.active = active
    service.inactive_message_th = "" if active else validate_free_text(message_th, field="message", limit=200)
    session.flush()
    return to_entry(service)
