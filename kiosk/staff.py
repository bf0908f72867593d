"""Staff sign-in by PIN: argon2 hashes, two roles, lock-out after repeated wrong PINs, all audited."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import unicodedata
import uuid
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.models import Officer, Role, Setting
from kiosk.register import audit
from kiosk.station import Station
from kiosk.thai import arabic_digits
from kiosk.validation import ValidationError, validate_name

if TYPE_CHECKING:
    from kiosk.db import Database

MAX_FAILED_PINS = 5
# Each lock-out in a row (no right PIN, unlock or new PIN between them) lasts longer, so guessing
# a 4-digit PIN takes years instead of days; the longest is repeated.
LOCKOUTS = tuple(dt.timedelta(minutes=m) for m in (5, 15, 60, 240, 1440))
LOCKOUT = LOCKOUTS[0]
PIN_MIN = 4
PIN_MAX = 8

# argon2-cffi's defaults (RFC 9106 low-memory profile) for the kiosk; tests pass a cheap hasher.
DEFAULT_HASHER = PasswordHasher()


def fast_hasher() -> PasswordHasher:
    """A cheap hasher for tests and demos only: never for real PINs."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class StaffError(KioskError):
    """A sign-in or staff change refused; ``th`` for the screen, ``en`` for the log."""

    def __init__(self, code: str, th: str, en: str, *, locked_until: dt.datetime | None = None) -> None:
        super().__init__(code, th, en)
        self.locked_until = locked_until


@dataclass(frozen=True)
class StaffSession:
    """The officer signed in at the staff area."""

    officer_id: uuid.UUID
    name: str
    role: Role

    @property
    def id(self) -> uuid.UUID:
        return self.officer_id

    @property
    def is_supervisor(self) -> bool:
        return self.role is Role.SUPERVISOR


@dataclass(frozen=True)
class OfficerInfo:
    id: uuid.UUID
    name: str
    role: Role
    active: bool
    has_pin: bool
    locked_until: dt.datetime | None


def _info(officer: Officer) -> OfficerInfo:
    return OfficerInfo(
        id=officer.id,
        name=officer.name,
        role=officer.role,
        active=officer.active,
        has_pin=officer.pin_hash is not None,
        locked_until=officer.locked_until,
    )


# The PINs guessed first (DataGenetics' study of 3.4 million 4-digit PINs, and their 6-digit kin).
COMMON_PINS = frozenset(
    {"1234", "0000", "1111", "1212", "7777", "1004", "2000", "4444", "2222", "6969", "9999", "3333", "5555", "6666",
     "1122", "1313", "8888", "4321", "2001", "1010", "123456", "654321", "111111", "000000", "121212", "112233",
     "123123", "666666", "159753", "2580", "0852"}
)  # fmt: skip


def trivial_pin(pin: str) -> bool:
    """A PIN tried first by anyone guessing: a common one, one digit repeated, a run (1234, 9876), halves alike."""
    if pin in COMMON_PINS or len(set(pin)) == 1:
        return True
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    if steps in ({1}, {9}):  # 3456, 7890, 6543
        return True
    half = len(pin) // 2
    return len(pin) % 2 == 0 and pin[:half] == pin[half:]  # 1212, 123123


def check_pin(raw: str, *, allow_trivial: bool = False) -> str:
    """A PIN of 4–8 digits (Thai digits accepted), not a trivial one unless allowed (the demo); raise StaffError."""
    pin = arabic_digits(raw.strip())
    if not (pin.isascii() and pin.isdigit()):
        raise StaffError("pin.chars", "รหัส PIN ต้องเป็นตัวเลขเท่านั้น", "a PIN may contain only digits")
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        raise StaffError(
            "pin.length",
            f"รหัส PIN ต้องมี {PIN_MIN}–{PIN_MAX} หลัก",
            f"a PIN must have {PIN_MIN} to {PIN_MAX} digits, got {len(pin)}",
        )
    if len(set(pin)) == 1:
        raise StaffError("pin.weak", "รหัส PIN ต้องไม่ใช่ตัวเลขซ้ำกันทั้งหมด", "a PIN must not repeat one digit")
    if not allow_trivial and trivial_pin(pin):
        raise StaffError(
            "pin.trivial",
            "รหัส PIN นี้เดาง่ายเกินไป (เช่น 1234 หรือเลขเรียงกัน) กรุณาเลือกรหัสอื่น",
            "this PIN is among the first anyone tries (a common PIN, a run like 1234 or halves alike): choose another",
        )
    return pin


def confirm_pin(pin: str, again: str) -> str:
    """A new PIN typed twice: valid (:func:`check_pin`) and the same both times."""
    pin = check_pin(pin)
    if arabic_digits(again.strip()) != pin:
        raise StaffError("pin.mismatch", "รหัส PIN สองครั้งไม่ตรงกัน", "the two PINs differ")
    return pin


def _check_officer_name(raw: str) -> str:
    try:
        return validate_name(raw)
    except ValidationError as exc:
        raise StaffError("officer.name", exc.th, exc.en) from None


def find_officer(session: Session, name_or_id: str | uuid.UUID) -> Officer | None:
    """An officer by id (UUID or its text) or by exact name (white space folded)."""
    if isinstance(name_or_id, uuid.UUID):
        return session.get(Officer, name_or_id)
    text = " ".join(unicodedata.normalize("NFC", name_or_id).split())
    try:
        return session.get(Officer, uuid.UUID(text))
    except ValueError:
        pass
    return session.scalar(select(Officer).where(Officer.name == text))


def _officer_or_fail(session: Session, name_or_id: str | uuid.UUID) -> Officer:
    officer = find_officer(session, name_or_id)
    if officer is None:
        raise StaffError("officer.not_found", "ไม่พบชื่อเจ้าหน้าที่", f"no officer {str(name_or_id)!r}")
    return officer


def create_officer(
    session: Session,
    station: Station,
    *,
    name: str,
    role: Role | str = Role.OFFICER,
    pin: str | None = None,
    actor: str,
    hasher: PasswordHasher | None = None,
    allow_trivial: bool = False,
) -> OfficerInfo:
    """Add an officer (with a PIN, or without: then they cannot sign in until one is set).

    An officer of the same name that exists without a PIN (e.g. added by a paper-register
    import) is given the role and PIN instead of being refused.
    """
    name = _check_officer_name(name)
    try:
        role = Role(role)
    except ValueError:
        raise StaffError("officer.role", "บทบาทไม่ถูกต้อง", f"role must be officer or supervisor, not {role!r}") from None
    pin = check_pin(pin, allow_trivial=allow_trivial) if pin is not None else None
    officer = session.scalar(select(Officer).where(Officer.name == name))
    if officer is not None and officer.pin_hash is not None:
        raise StaffError("officer.exists", "มีเจ้าหน้าที่ชื่อนี้แล้ว", f"officer {name!r} already exists")
    if officer is None:
        officer = Officer(id=uuid.uuid4(), name=name, created_at=station.now(), failed_pins=0, active=True)
        session.add(officer)
    officer.role = role
    officer.active = True
    if pin is not None:
        officer.pin_hash = (hasher or DEFAULT_HASHER).hash(pin)
    session.flush()
    audit(
        session,
        station,
        actor=actor,
        action="officer_add",
        entity="officer",
        entity_id=str(officer.id),
        details={"name": name, "role": role.value, "pin_set": pin is not None},
    )
    return _info(officer)


def set_pin(
    session: Session,
    station: Station,
    name_or_id: str | uuid.UUID,
    pin: str,
    *,
    actor: str,
    hasher: PasswordHasher | None = None,
    allow_trivial: bool = False,
) -> OfficerInfo:
    """Give an officer a new PIN; it also lifts a lock-out."""
    pin = check_pin(pin, allow_trivial=allow_trivial)
    officer = _officer_or_fail(session, name_or_id)
    officer.pin_hash = (hasher or DEFAULT_HASHER).hash(pin)
    _clear_lockouts(session, officer)
    session.flush()
    audit(session, station, actor=actor, action="pin_set", entity="officer", entity_id=str(officer.id))
    return _info(officer)


def _keep_a_supervisor(session: Session, officer: Officer) -> None:
    """Refuse to leave the station without an active supervisor (nobody could manage the staff)."""
    others = session.scalar(
        select(func.count())
        .select_from(Officer)
        .where(Officer.role == Role.SUPERVISOR, Officer.active.is_(True), Officer.id != officer.id)
    )
    if not others:
        raise StaffError(
            "officer.last_supervisor",
            "ต้องมีผู้ดูแลที่ใช้งานได้อย่างน้อยหนึ่งคน กรุณาเพิ่มผู้ดูแลคนใหม่ก่อน",
            f"{officer.name} is the last active supervisor: add another supervisor first",
        )


def set_role(session: Session, station: Station, name_or_id: str | uuid.UUID, role: Role, *, actor: str) -> OfficerInfo:
    """Make an officer a supervisor or back; the last active supervisor stays one."""
    officer = _officer_or_fail(session, name_or_id)
    if officer.role is not role:
        if officer.role is Role.SUPERVISOR and officer.active:
            _keep_a_supervisor(session, officer)
        audit(
            session,
            station,
            actor=actor,
            action="role_set",
            entity="officer",
            entity_id=str(officer.id),
            details={"from": officer.role.value, "to": role.value},
        )
        officer.role = role
        session.flush()
    return _info(officer)


def set_active(
    session: Session,
    station: Station,
    name_or_id: str | uuid.UUID,
    active: bool,
    *,
    actor: str,
    actor_id: uuid.UUID | None = None,
) -> OfficerInfo:
    """An officer who leaves is made inactive, never deleted: the register names them.

    Nobody deactivates themself (``actor_id``, the signed-in officer), nor the last active supervisor.
    """
    officer = _officer_or_fail(session, name_or_id)
    if officer.active and not active:
        if actor_id is not None and officer.id == actor_id:
            raise StaffError(
                "officer.self",
                "ระงับการใช้งานของตนเองไม่ได้",
                f"{officer.name} cannot deactivate themself",
            )
        if officer.role is Role.SUPERVISOR:
            _keep_a_supervisor(session, officer)
    if officer.active != active:
        officer.active = active
        session.flush()
        audit(
            session,
            station,
            actor=actor,
            action="officer_activate" if active else "officer_deactivate",
            entity="officer",
            entity_id=str(officer.id),
        )
    return _info(officer)


def unlock(session: Session, station: Station, name_or_id: str | uuid.UUID, *, actor: str) -> OfficerInfo:
    """A supervisor lifts a lock-out before its five minutes are over."""
    officer = _officer_or_fail(session, name_or_id)
    _clear_lockouts(session, officer)
    session.flush()
    audit(session, station, actor=actor, action="unlock", entity="officer", entity_id=str(officer.id))
    return _info(officer)


def list_officers(session: Session, *, include_inactive: bool = True) -> list[OfficerInfo]:
    stmt = select(Officer).order_by(Officer.name)
    if not include_inactive:
        stmt = stmt.where(Officer.active.is_(True))
    return [_info(o) for o in session.scalars(stmt)]


def _lock_message(until: dt.datetime, station: Station) -> StaffError:
    local = station.local(until)
    day = f"{local:%Y-%m-%d} " if local.date() != station.today() else ""
    return StaffError(
        "signin.locked",
        f"ใส่รหัส PIN ผิดหลายครั้ง ระบบล็อกไว้ถึง {day}เวลา {local:%H:%M} น. กรุณารอแล้วลองใหม่ หรือให้ผู้ดูแลปลดล็อก",
        f"locked after {MAX_FAILED_PINS} wrong PINs until {day}{local:%H:%M:%S} local time",
        locked_until=until,
    )


def lockout_after(level: int) -> dt.timedelta:
    """How long the ``level``-th lock-out in a row lasts (0: the first)."""
    return LOCKOUTS[min(level, len(LOCKOUTS) - 1)]


_DUMMY_HASHES: dict[tuple[int, int, int], str] = {}


def _spend_a_check(hasher: PasswordHasher, pin: str) -> None:
    """Verify ``pin`` against a hash of nothing, so a refusal takes as long as a real check.

    Without it the answer's time tells an unknown name (under a millisecond) from a known one
    (one argon2 verification, about 100 ms), and a locked officer from one who may try.
    """
    params = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    dummy = _DUMMY_HASHES.get(params)
    if dummy is None:
        dummy = _DUMMY_HASHES[params] = hasher.hash(uuid.uuid4().hex)
    with suppress(VerifyMismatchError, VerificationError, InvalidHashError):
        hasher.verify(dummy, pin)


class PinChecks:
    """The argon2 work of one PIN attempt (≈ 0.1 s of CPU and 64 MiB each), done once and remembered.

    ``sign_in_db`` and ``check_pad_pin_db`` do it between reading the hashes and the short write
    transaction that records the attempt, so the one SQLite writer is never held by it (read
    first, do the slow part, write briefly). A hash that changed in between is checked in the
    transaction, as a session given no checks does.
    """

    def __init__(self, hasher: PasswordHasher, pin: str) -> None:
        self.hasher = hasher
        self.candidate = arabic_digits(pin.strip())
        self._results: dict[str, bool] = {}
        self._new_hashes: dict[str, str] = {}
        self._spent = False

    def verify(self, pin_hash: str) -> bool:
        """Is the PIN the one of ``pin_hash``?"""
        if pin_hash not in self._results:
            try:
                self.hasher.verify(pin_hash, self.candidate)
                self._results[pin_hash] = True
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                self._results[pin_hash] = False
            self._spent = True
        return self._results[pin_hash]

    def spend(self) -> None:
        """A refusal takes as long as one real check (:func:`_spend_a_check`), once per attempt."""
        if not self._spent:
            _spend_a_check(self.hasher, self.candidate)
            self._spent = True

    def new_hash(self, pin_hash: str) -> str | None:
        """The PIN hashed again with the hasher's parameters, when ``pin_hash`` was made with others."""
        if not self.hasher.check_needs_rehash(pin_hash):
            return None
        if pin_hash not in self._new_hashes:
            self._new_hashes[pin_hash] = self.hasher.hash(self.candidate)
        return self._new_hashes[pin_hash]


def _lockout_key(officer: Officer) -> str:
    return f"pin_lockouts:{officer.id}"


def _lockouts_in_a_row(session: Session, officer: Officer) -> int:
    """Lock-outs of this officer since their last right PIN, unlock or new PIN (a Setting, kept across restarts)."""
    setting = session.get(Setting, _lockout_key(officer))
    return int(setting.value) if setting is not None and setting.value.isdigit() else 0


def _count_lockout(session: Session, officer: Officer, level: int, now: dt.datetime) -> None:
    setting = session.get(Setting, _lockout_key(officer))
    if setting is None:
        session.add(Setting(key=_lockout_key(officer), value=str(level), updated_at=now))
    else:
        setting.value, setting.updated_at = str(level), now


def _clear_lockouts(session: Session, officer: Officer) -> None:
    """A right PIN, an unlock or a new PIN: the next lock-out is a short one again."""
    officer.failed_pins = 0
    officer.locked_until = None
    setting = session.get(Setting, _lockout_key(officer))
    if setting is not None:
        session.delete(setting)


def sign_in(
    session: Session,
    station: Station,
    name_or_id: str | uuid.UUID,
    pin: str,
    *,
    hasher: PasswordHasher | None = None,
    checks: PinChecks | None = None,
) -> StaffSession:
    """Check an officer's PIN and return who is signed in, or raise :class:`StaffError`.

    A wrong PIN counts, and the fifth in a row locks the officer out for five minutes (by the
    station's clock); a right PIN resets the count. Every attempt goes into the audit trail.
    The count and the audit are written to ``session`` **also when StaffError is raised**:
    the caller must commit in both cases (:func:`sign_in_db` does).
    """
    checks = checks or PinChecks(hasher or DEFAULT_HASHER, pin)
    now = station.now()
    officer = find_officer(session, name_or_id)
    if officer is None or not officer.active or officer.pin_hash is None or _locked(officer, now):
        checks.spend()  # every refusal takes as long as a real check
    if officer is None or not officer.active:
        audit(
            session,
            station,
            actor=str(name_or_id)[:100],
            action="sign_in_refused",
            entity="officer",
            entity_id=str(officer.id) if officer else "",
            details={"reason": "unknown" if officer is None else "inactive"},
        )
        session.flush()
        raise StaffError(
            "signin.unknown",
            "ชื่อหรือรหัส PIN ไม่ถูกต้อง",
            f"no active officer {str(name_or_id)!r}",
        )
    actor = officer.name

    def refused(reason: str) -> None:
        assert officer is not None
        audit(
            session,
            station,
            actor=actor,
            action="sign_in_refused",
            entity="officer",
            entity_id=str(officer.id),
            details={"reason": reason},
        )
        session.flush()

    if _locked(officer, now):
        assert officer.locked_until is not None
        refused("locked")
        raise _lock_message(officer.locked_until, station)
    if officer.pin_hash is None:
        refused("no_pin")
        raise StaffError(
            "signin.no_pin",
            "ยังไม่ได้ตั้งรหัส PIN กรุณาติดต่อผู้ดูแล",
            f"officer {actor!r} has no PIN yet (kiosk staff set-pin)",
        )
    if not checks.verify(officer.pin_hash):
        officer.failed_pins = (officer.failed_pins or 0) + 1
        if officer.failed_pins >= MAX_FAILED_PINS:
            level = _lockouts_in_a_row(session, officer)
            officer.locked_until = now + lockout_after(level)
            _count_lockout(session, officer, level + 1, now)
            officer.failed_pins = 0
            audit(
                session,
                station,
                actor=actor,
                action="lockout",
                entity="officer",
                entity_id=str(officer.id),
                details={"until": officer.locked_until.isoformat(), "after": MAX_FAILED_PINS, "level": level + 1},
            )
            session.flush()
            raise _lock_message(officer.locked_until, station)
        left = MAX_FAILED_PINS - officer.failed_pins
        audit(
            session,
            station,
            actor=actor,
            action="sign_in_failed",
            entity="officer",
            entity_id=str(officer.id),
            details={"failed": officer.failed_pins},
        )
        session.flush()
        raise StaffError(
            "signin.pin",
            f"รหัส PIN ไม่ถูกต้อง (ลองได้อีก {left} ครั้ง)",
            f"wrong PIN for {actor!r}; {left} attempt(s) left before a lock-out",
        )
    _clear_lockouts(session, officer)
    new_hash = checks.new_hash(officer.pin_hash)
    if new_hash is not None:
        officer.pin_hash = new_hash
    audit(session, station, actor=actor, action="sign_in", entity="officer", entity_id=str(officer.id))
    session.flush()
    return StaffSession(officer_id=officer.id, name=officer.name, role=officer.role)


def _locked(officer: Officer, now: dt.datetime) -> bool:
    return officer.locked_until is not None and officer.locked_until > now


def sign_in_db(
    db: Database,
    station: Station,
    name_or_id: str | uuid.UUID,
    pin: str,
    *,
    hasher: PasswordHasher | None = None,
) -> StaffSession:
    """:func:`sign_in` in a short write transaction of its own, committed even when the PIN is wrong;
    the PIN is checked before it, against the hash read first (:class:`PinChecks`)."""
    checks = PinChecks(hasher or DEFAULT_HASHER, pin)
    with db.read() as session:
        officer = find_officer(session, name_or_id)
        may_try = officer is not None and officer.active and not _locked(officer, station.now())
        pin_hash = officer.pin_hash if may_try and officer is not None else None
    if pin_hash is None:
        checks.spend()
    elif checks.verify(pin_hash):
        checks.new_hash(pin_hash)
    return _committed_even_if_refused(db, lambda session: sign_in(session, station, name_or_id, pin, checks=checks))


def _committed_even_if_refused(db: Database, fn: Callable[[Session], StaffSession]) -> StaffSession:
    """``fn(session)`` in one write transaction on the database's writer, committed also when it raises
    :class:`StaffError`: a wrong PIN's count and its audit line must stay."""

    def attempt(session: Session) -> StaffSession | StaffError:
        try:
            return fn(session)
        except StaffError as exc:
            return exc  # leave the transaction normally: the failed attempt is committed

    outcome = db.write_with(attempt)
    if isinstance(outcome, StaffError):
        raise outcome
    return outcome


PIN_PAD_KEY = "pin_pad"  # kiosk.models.Setting: the kiosk PIN pad's own count of wrong PINs


def check_pad_pin(
    session: Session,
    station: Station,
    pin: str,
    *,
    hasher: PasswordHasher | None = None,
    checks: PinChecks | None = None,
) -> StaffSession:
    """The kiosk's PIN pad, which asks for a PIN and no name: whose active supervisor's PIN is it?

    The pad cannot tell whose PIN a wrong one was meant to be, so it counts wrong PINs against
    itself (a :class:`~kiosk.models.Setting`, kept across restarts), never against an officer:
    five in a row lock the pad for five minutes, and a supervisor who uses the pad every day
    never locks out the others. Every attempt is audited; like :func:`sign_in`, the count is
    written to ``session`` also when :class:`StaffError` is raised (use :func:`check_pad_pin_db`).
    """
    checks = checks or PinChecks(hasher or DEFAULT_HASHER, pin)
    now = station.now()
    setting = session.get(Setting, PIN_PAD_KEY)
    if setting is None:
        setting = Setting(key=PIN_PAD_KEY, value="{}", updated_at=now)
        session.add(setting)
    locked_until = _pad_locked_until(setting)
    if locked_until is not None and locked_until > now:
        checks.spend()
        audit(
            session, station, actor="pin_pad", action="pin_pad_refused", entity="pin_pad", details={"reason": "locked"}
        )
        session.flush()
        raise _lock_message(locked_until, station)
    for officer in session.scalars(_pad_supervisors()):
        assert officer.pin_hash is not None
        if not checks.verify(officer.pin_hash):
            continue
        setting.value, setting.updated_at = "{}", now
        audit(session, station, actor=officer.name, action="pin_pad", entity="officer", entity_id=str(officer.id))
        session.flush()
        return StaffSession(officer_id=officer.id, name=officer.name, role=officer.role)
    state = json.loads(setting.value or "{}")
    failed = int(state.get("failed", 0)) + 1
    level = int(state.get("level", 0))
    if failed >= MAX_FAILED_PINS:
        until = now + lockout_after(level)
        setting.value = json.dumps({"failed": 0, "locked_until": until.isoformat(), "level": level + 1})
        setting.updated_at = now
        audit(
            session,
            station,
            actor="pin_pad",
            action="pin_pad_lockout",
            entity="pin_pad",
            details={"until": until.isoformat(), "after": MAX_FAILED_PINS},
        )
        session.flush()
        raise _lock_message(until, station)
    setting.value, setting.updated_at = json.dumps({"failed": failed, "level": level}), now
    audit(session, station, actor="pin_pad", action="pin_pad_failed", entity="pin_pad", details={"failed": failed})
    session.flush()
    left = MAX_FAILED_PINS - failed
    raise StaffError(
        "signin.pin",
        f"รหัส PIN ไม่ถูกต้อง (ลองได้อีก {left} ครั้ง)",
        f"wrong supervisor PIN at the kiosk PIN pad; {left} attempt(s) left before a lock-out of the pad",
    )


def check_pad_pin_db(db: Database, station: Station, pin: str, *, hasher: PasswordHasher | None = None) -> StaffSession:
    """:func:`check_pad_pin` in a short write transaction of its own, committed even when the PIN is wrong;
    the PIN is checked before it, against the supervisors' hashes read first (:class:`PinChecks`)."""
    checks = PinChecks(hasher or DEFAULT_HASHER, pin)
    with db.read() as session:
        locked_until = _pad_locked_until(session.get(Setting, PIN_PAD_KEY))
        locked = locked_until is not None and locked_until > station.now()
        hashes = [] if locked else [o.pin_hash for o in session.scalars(_pad_supervisors()) if o.pin_hash]
    if not any(checks.verify(pin_hash) for pin_hash in hashes):
        checks.spend()
    return _committed_even_if_refused(db, lambda session: check_pad_pin(session, station, pin, checks=checks))


def _pad_locked_until(setting: Setting | None) -> dt.datetime | None:
    state = json.loads(setting.value or "{}") if setting is not None else {}
    return dt.datetime.fromisoformat(state["locked_until"]) if state.get("locked_until") else None


def _pad_supervisors() -> Select[Officer]:
    """The officers whose PIN opens the kiosk's PIN pad, in the order they are tried."""
    return (
        select(Officer)
        .where(Officer.active.is_(True), Officer.role == Role.SUPERVISOR, Officer.pin_hash.is_not(None))
        .order_by(Officer.name)
    )


def sign_out(session: Session, station: Station, staff: StaffSession, *, reason: str = "manual") -> None:
    """Record that an officer left the staff area (``reason``: manual or idle)."""
    audit(
        session,
        station,
        actor=staff.name,
        action="sign_out",
        entity="officer",
        entity_id=str(staff.officer_id),
        details={"reason": reason},
    )
    session.flush()
