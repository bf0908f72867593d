"""What went wrong talking to the district server, said precisely and without the password."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from kiosk.errors import KioskError


class SyncError(KioskError):
    """A sync that could not be done. ``code`` is stable; ``th`` for the screen, ``en`` for staff and logs."""


class SyncBusy(SyncError):
    """Another sync of the same station is running (the kiosk's own and the systemd timer's, say): not a failure."""


class SyncCancelled(Exception):
    """Raised by a progress callback to stop a sync between two batches (nothing half-done is kept)."""


def redact(url: str | URL) -> str:
    """The URL with its password replaced by ``***``, for messages and logs."""
    try:
        return (url if isinstance(url, URL) else make_url(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparsable URL)"


def _password_of(url: str | URL) -> str | None:
    try:
        return (url if isinstance(url, URL) else make_url(url)).password
    except ArgumentError:
        return None


def scrub(text: str, url: str | URL) -> str:
    """``text`` with the URL's password removed, wherever a driver may have echoed it."""
    password = _password_of(url)
    if password:
        text = text.replace(password, "***")
    return text


def where(url: str | URL) -> str:
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except ArgumentError:
        return "the district server"
    host = parsed.host or "localhost"
    return f"{host}:{parsed.port or 5432}/{parsed.database or ''}"


def _sqlstate(exc: BaseException) -> str:
    return str(getattr(exc, "sqlstate", "") or "")


def map_error(exc: BaseException, url: str | URL) -> SyncError:
    """A driver or SQLAlchemy error turned into a precise :class:`SyncError` that names no password."""
    if isinstance(exc, SyncError):
        return exc
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    message = scrub(str(orig).strip(), url)
    lowered = message.lower()
    state = _sqlstate(orig)
    server = where(url)
    try:
        user = (url if isinstance(url, URL) else make_url(url)).username or "?"
    except ArgumentError:
        user = "?"
    first_line = message.splitlines()[0] if message else type(orig).__name__

    if "password authentication failed" in lowered or state == "28P01" or "no password supplied" in lowered:
        return SyncError(
            "auth_failed",
            "รหัสผ่านสำหรับส่งข้อมูลไปอำเภอไม่ถูกต้อง กรุณาติดต่อผู้ดูแลระบบของอำเภอ",
            f"the district server {server} refused user {user!r}: wrong password or unknown station role "
            "(ask the district for this station's connection settings)",
        )
    if state == "28000" or "no pg_hba.conf entry" in lowered or ('role "' in lowered and "does not exist" in lowered):
        return SyncError(
            "auth_failed",
            "เครื่องนี้ไม่มีสิทธิ์ส่งข้อมูลไปอำเภอ กรุณาติดต่อผู้ดูแลระบบของอำเภอ",
            f"the district server {server} does not let user {user!r} in from this machine: {first_line}",
        )
    if "connection refused" in lowered:
        return SyncError(
            "connection_refused",
            "เชื่อมต่อเครื่องแม่ข่ายของอำเภอไม่ได้ (ปลายทางปฏิเสธการเชื่อมต่อ) จะลองใหม่ภายหลัง",
            f"the district server {server} refused the connection: is PostgreSQL running there and the port open?",
        )
    if (
        "server closed the connection" in lowered
        or "connection is lost" in lowered
        or "consuming input failed" in lowered
        or "terminating connection" in lowered
        or "connection is closed" in lowered
        or state in {"57P01", "57P02", "57P03", "08006", "08003", "08000"}
        or (isinstance(exc, DBAPIError) and exc.connection_invalidated)
    ):
        return SyncError(
            "connection_lost",
            "การเชื่อมต่อกับอำเภอขาดระหว่างส่งข้อมูล ข้อมูลไม่สูญหาย จะส่งต่อในครั้งถัดไป",
            f"the district server {server} closed the connection in the middle of the sync "
            "(nothing is lost: the next sync resumes from the last acknowledged batch)",
        )
    if "could not translate host name" in lowered or "name or service not known" in lowered:
        return SyncError(
            "host_unknown",
            "ไม่พบเครื่องแม่ข่ายของอำเภอ กรุณาตรวจสอบเครือข่าย",
            f"the district server's host name in {redact(url)} cannot be resolved (DNS or network down?)",
        )
    if "timeout expired" in lowered or "timed out" in lowered or state in {"57014", "55P03"} or "timeout" in lowered:
        return SyncError(
            "timeout",
            "เครื่องแม่ข่ายของอำเภอไม่ตอบสนอง จะลองใหม่ภายหลัง",
            f"the district server {server} did not answer in time",
        )
    if "ssl" in lowered or "certificate" in lowered:
        return SyncError(
            "tls",
            "การเชื่อมต่อที่ปลอดภัยกับอำเภอไม่สำเร็จ กรุณาติดต่อผู้ดูแลระบบ",
            f"TLS with the district server {server} failed (check sync.sslmode and sync.sslrootcert): {first_line}",
        )
    if "row-level security" in lowered:
        return SyncError(
            "refused_rows",
            "อำเภอไม่รับข้อมูลบางรายการของเครื่องนี้ กรุณาติดต่อผู้ดูแลระบบ",
            f"the district server refused rows as user {user!r}: they belong to another station "
            f"(row-level security): {first_line}",
        )
    if state == "42P01" or ("relation" in lowered and "does not exist" in lowered):
        return SyncError(
            "hub_missing",
            "ฐานข้อมูลของอำเภอยังไม่พร้อม กรุณาติดต่อผู้ดูแลระบบ",
            f"the district database {server} has no hub tables: run `kiosk district init` with its admin URL",
        )
    if state == "42501" or "permission denied" in lowered:
        return SyncError(
            "permission_denied",
            "เครื่องนี้ไม่มีสิทธิ์ส่งข้อมูลไปอำเภอ กรุณาติดต่อผู้ดูแลระบบ",
            f"user {user!r} lacks a privilege on the district server {server}: {first_line}",
        )
    if isinstance(exc, ArgumentError):
        return SyncError("bad_url", "ตั้งค่าการส่งข้อมูลไม่ถูกต้อง", f"the district URL is not valid: {redact(url)}")
    kind = "database" if isinstance(exc, SQLAlchemyError | DBAPIError) or state else type(orig).__name__
    return SyncError(
        "failed",
        "ส่งข้อมูลไปอำเภอไม่สำเร็จ จะลองใหม่ภายหลัง",
        f"sync with {server} failed ({kind} error{' ' + state if state else ''}): {first_line}",
    )
