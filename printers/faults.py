"""Every error of python-escpos, pyusb, pyserial, sockets and the OS, as one of the kiosk's printer faults."""

from __future__ import annotations

import errno
import socket

from kiosk.printing import PrinterError, PrinterNotFound, PrinterOffline, PrinterTimeout

_NOT_THERE = {errno.ENOENT, errno.ENODEV, errno.ENXIO}
_GONE = {errno.EPIPE, errno.ECONNRESET, errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EIO}


def printer_error(exc: BaseException, *, where: str, action: str) -> PrinterError:
    """The kiosk's fault for ``exc``, raised while doing ``action`` on the printer at ``where``.

    The English message says exactly what failed, for staff and the log; the Thai message of
    the class is for the citizen.
    """
    if isinstance(exc, PrinterError):
        return exc
    detail = f"{where}: {action} failed: {type(exc).__name__}: {exc}".strip()
    chain = _chain(exc)
    if any(_is_timeout(e) for e in chain):
        return PrinterTimeout(f"{where}: {action} timed out (is the printer on, with paper, cover closed?): {exc}")
    if any(isinstance(e, PermissionError) or getattr(e, "errno", None) == errno.EACCES for e in chain):
        return PrinterNotFound(
            f"{where}: permission denied while trying to {action}; install packaging/udev/"
            f"60-kiosk-thermal-printer.rules or add the kiosk user to group lp: {exc}"
        )
    if any(_is_not_found(e) for e in chain):
        return PrinterNotFound(f"{where}: printer not found (unplugged, switched off or wrong URI): {exc}")
    if isinstance(exc, socket.gaierror):
        return PrinterNotFound(f"{where}: unknown host: {exc}")
    if isinstance(exc, OSError) and (exc.errno in _GONE or isinstance(exc, ConnectionError)):
        return PrinterOffline(f"{where}: connection to the printer lost: {exc}")
    if isinstance(exc, OSError):
        return PrinterOffline(detail)
    return PrinterError(detail)


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it was raised from: python-escpos wraps the pyusb or OS error it caught."""
    out: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in out:
        out.append(current)
        current = current.__cause__ or current.__context__
    return out


def _is_timeout(exc: BaseException) -> bool:
    if isinstance(exc, TimeoutError | socket.timeout):
        return True
    names = {cls.__name__ for cls in type(exc).__mro__}
    # pyusb's USBTimeoutError, pyserial's SerialTimeoutException, without importing either
    if names & {"USBTimeoutError", "SerialTimeoutException"}:
        return True
    return getattr(exc, "errno", None) == errno.ETIMEDOUT or getattr(exc, "backend_error_code", None) == -7


def _is_not_found(exc: BaseException) -> bool:
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names & {"DeviceNotFoundError", "USBNotFoundError", "NoBackendError"}:
        return True
    if isinstance(exc, FileNotFoundError):
        return True
    if getattr(exc, "errno", None) in _NOT_THERE:
        return True
    # libusb: LIBUSB_ERROR_NO_DEVICE (-4), LIBUSB_ERROR_NOT_FOUND (-5)
    return getattr(exc, "backend_error_code", None) in {-4, -5}
