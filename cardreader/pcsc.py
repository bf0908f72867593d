"""PC/SC through pyscard: the readers pcscd (or Windows' Smart Card service) knows, and a thread that watches them.

:class:`CardWatcher` runs on its own thread. It waits on ``SCardGetStatusChange`` (with the
PnP pseudo-reader, so readers plugged in or out are seen), reads a card when one arrives
(only the ID and one name: :func:`kiosk.idcard.read_identity`) and hands plain events to a
callback: the window's adapter turns them into queued Qt signals. Every fault — no
service, no reader, pcscd restarted, a card pulled out mid-read — becomes an event, never
an exception on the thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from smartcard import scard

from kiosk.idcard import CardError, CardIdentity, CardRemoved, card_error, read_identity

log = logging.getLogger(__name__)

PNP = "\\\\?PnP?\\Notification"
POLL_MS = 500  # how often the watcher looks up from its wait to see whether it should stop
RETRY_S = 2.0  # how long it waits before asking for the PC/SC service again
GONE_WAIT_MS = 300  # after a failed exchange, how long to wait for the reader to say the card left

# Status words of pcsc-lite (and WinSCard) that mean the service itself went away.
_SERVICE_GONE = {
    scard.SCARD_E_NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED,
    scard.SCARD_E_INVALID_HANDLE,
    scard.SCARD_E_NO_READERS_AVAILABLE,
}
_CARD_GONE = {scard.SCARD_W_REMOVED_CARD, scard.SCARD_W_RESET_CARD, scard.SCARD_E_NO_SMARTCARD}


class ReaderStatus(StrEnum):
    NO_SERVICE = "no_service"  # pcscd is not running (or not reachable)
    NO_READER = "no_reader"
    READY = "ready"  # at least one reader, waiting for a card


STATUS_TEXT: dict[ReaderStatus, tuple[str, str]] = {
    ReaderStatus.NO_SERVICE: ("บริการอ่านบัตร (pcscd) ไม่ทำงาน", "the PC/SC service (pcscd) is not running"),
    ReaderStatus.NO_READER: ("ไม่พบเครื่องอ่านบัตรประชาชน", "no smart-card reader is connected"),
    ReaderStatus.READY: ("เครื่องอ่านบัตรพร้อม", "the card reader is ready"),
}


@dataclass(frozen=True)
class ReaderState:
    """What the staff area shows: the service, the readers, and what the last read said."""

    status: ReaderStatus
    readers: tuple[str, ...] = ()
    detail: str = ""  # the PC/SC error, in English, for staff

    @property
    def th(self) -> str:
        text = STATUS_TEXT[self.status][0]
        if self.status is ReaderStatus.READY and len(self.readers) > 1:
            text += f" ({len(self.readers)} เครื่อง: อ่านบัตรจากเครื่องที่เสียบ)"
        return text

    @property
    def en(self) -> str:
        text = STATUS_TEXT[self.status][1]
        if self.readers:
            text += ": " + ", ".join(self.readers)
        return text + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class CardInserted:
    reader: str
    at: float  # time.monotonic() when the watcher saw it


@dataclass(frozen=True)
class CardRead:
    identity: CardIdentity
    reader: str
    inserted_at: float  # time.monotonic() when the watcher saw the card arrive
    card_seconds: float  # time spent waiting for the card's answers (the chip's share, not the kiosk's)


@dataclass(frozen=True)
class CardFailed:
    error: CardError
    reader: str


@dataclass(frozen=True)
class CardLeft:
    reader: str


CardEvent = ReaderState | CardInserted | CardRead | CardFailed | CardLeft


class PcscError(Exception):
    def __init__(self, what: str, code: int) -> None:
        self.code = code
        super().__init__(f"{what}: {scard.SCardGetErrorMessage(code)} (0x{code & 0xFFFFFFFF:08X})")


def _check(what: str, result: int) -> None:
    if result != scard.SCARD_S_SUCCESS:
        raise PcscError(what, result)


class PcscCard:
    """A connected card: :class:`kiosk.idcard.CardTransport` over ``SCardTransmit``; counts the time it waits."""

    def __init__(self, context: Any, reader: str) -> None:
        self._context = context
        result, self._handle, self._protocol = scard.SCardConnect(
            context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        if result in _CARD_GONE:
            raise CardRemoved(f"{reader}: the card left before it could be powered")
        if result != scard.SCARD_S_SUCCESS:
            raise card_error("card.unreadable", str(PcscError(f"connect to {reader}", result)))
        self.reader = reader
        self.waited = 0.0
        result, _name, _state, _protocol, atr = scard.SCardStatus(self._handle)
        self._atr = bytes(atr) if result == scard.SCARD_S_SUCCESS else b""

    @property
    def atr(self) -> bytes:
        return self._atr

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        started = time.perf_counter()
        result, response = scard.SCardTransmit(self._handle, self._protocol, list(apdu))
        self.waited += time.perf_counter() - started
        if result != scard.SCARD_S_SUCCESS:
            failure = PcscError(f"transmit to {self.reader}", result)
            if result in _CARD_GONE or self._gone():
                raise CardRemoved(f"{self.reader}: the card was pulled out during the read ({failure})")
            raise card_error("card.unreadable", str(failure))
        if len(response) < 2:  # vpcd, for one, answers nothing when the card went during the exchange
            if self._gone():
                raise CardRemoved(f"{self.reader}: the card was pulled out during the read (empty answer)")
            raise card_error("card.unreadable", f"{self.reader}: an answer of {len(response)} bytes")
        return bytes(response[:-2]), response[-2] << 8 | response[-1]

    def _gone(self) -> bool:
        """After a failed exchange: did the card leave? (A reader may take a moment to notice.)"""
        result, _found = scard.SCardGetStatusChange(
            self._context, GONE_WAIT_MS, [(self.reader, scard.SCARD_STATE_PRESENT)]
        )
        if result == scard.SCARD_E_TIMEOUT:
            return False
        result, found = scard.SCardGetStatusChange(self._context, 0, [(self.reader, scard.SCARD_STATE_UNAWARE)])
        return result != scard.SCARD_S_SUCCESS or not card_present(found[0][1])

    def close(self) -> None:
        scard.SCardDisconnect(self._handle, scard.SCARD_LEAVE_CARD)


def _context() -> Any:
    result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    _check("connect to the PC/SC service", result)
    return context


def _readers(context: Any) -> tuple[str, ...]:
    result, names = scard.SCardListReaders(context, [])
    if result == scard.SCARD_E_NO_READERS_AVAILABLE:
        return ()
    _check("list the readers", result)
    return tuple(names)


def reader_state() -> ReaderState:
    """The service and the readers, now (``kiosk card status``)."""
    try:
        context = _context()
    except PcscError as exc:
        return ReaderState(ReaderStatus.NO_SERVICE, detail=str(exc))
    try:
        readers = _readers(context)
    except PcscError as exc:
        return ReaderState(ReaderStatus.NO_SERVICE, detail=str(exc))
    finally:
        scard.SCardReleaseContext(context)
    return ReaderState(ReaderStatus.READY if readers else ReaderStatus.NO_READER, readers)


def card_present(state: int) -> bool:
    return bool(state & scard.SCARD_STATE_PRESENT) and not state & scard.SCARD_STATE_MUTE


def read_card(context: Any, reader: str, *, language: str) -> tuple[CardIdentity, float]:
    """Connect, read the ID and the name, disconnect; the identity and the seconds spent waiting on the card."""
    card = PcscCard(context, reader)
    try:
        return read_identity(card, language=language), card.waited
    finally:
        card.close()


def read_once(*, language: str = "th", timeout_s: float = 0.0) -> CardIdentity:
    """Read the card in the (first) reader that has one, waiting up to ``timeout_s`` for one (``kiosk card read``)."""
    try:
        context = _context()
    except PcscError as exc:
        raise card_error("card.no_service", str(exc)) from None
    try:
        readers = _readers(context)
        if not readers:
            raise card_error("card.no_reader", "no smart-card reader is connected")
        deadline = time.monotonic() + timeout_s
        states = [(name, scard.SCARD_STATE_UNAWARE) for name in readers]
        result, found = scard.SCardGetStatusChange(context, 0, states)
        _check("ask the readers for their state", result)
        while True:
            with_card = [name for name, state, _atr in found if card_present(state)]
            if with_card:
                return read_card(context, with_card[0], language=language)[0]
            left = deadline - time.monotonic()
            if left <= 0:
                raise card_error("card.unreadable", "no card in " + ", ".join(readers))
            states = [(name, state & ~scard.SCARD_STATE_CHANGED) for name, state, _atr in found]
            result, changed = scard.SCardGetStatusChange(context, int(min(left, 1.0) * 1000), states)
            if result != scard.SCARD_E_TIMEOUT:
                _check("wait for a card", result)
                found = changed
    except PcscError as exc:
        raise card_error("card.no_service", str(exc)) from None
    finally:
        scard.SCardReleaseContext(context)


class CardWatcher:
    """Watches every reader on a thread of its own and calls ``on_event`` (on that thread) with a :data:`CardEvent`.

    ``language`` ("th" or "en") says which name the next card gives; the window sets it when
    the visitor changes language. Nothing read is kept here once it has been handed on.
    """

    def __init__(self, on_event: Callable[[CardEvent], None], *, language: str = "th") -> None:
        self.on_event = on_event
        self.language = language
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._context: Any = None
        self._last_state: ReaderState | None = None

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="card-watcher", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        context = self._context
        if context is not None:
            scard.SCardCancel(context)  # wakes the wait at once
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _say(self, event: CardEvent) -> None:
        if isinstance(event, ReaderState):
            if event == self._last_state:
                return
            self._last_state = event
            log.info("card reader: %s", event.en)
        try:
            self.on_event(event)
        except Exception:  # the receiver's bug must not stop the watching
            log.exception("card event handler failed")

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._context = _context()
            except PcscError as exc:
                self._say(ReaderState(ReaderStatus.NO_SERVICE, detail=str(exc)))
                self._stop.wait(RETRY_S)
                continue
            try:
                self._watch(self._context)
            except PcscError as exc:
                log.warning("card watcher: %s", exc)
                if exc.code in _SERVICE_GONE:
                    self._say(ReaderState(ReaderStatus.NO_SERVICE, detail=str(exc)))
                self._stop.wait(RETRY_S if exc.code in _SERVICE_GONE else 0.2)
            finally:
                context, self._context = self._context, None
                scard.SCardReleaseContext(context)

    def _watch(self, context: Any) -> None:
        """Until the readers change (then the caller lists them again) or the service goes."""
        while not self._stop.is_set():
            readers = _readers(context)
            self._say(ReaderState(ReaderStatus.READY if readers else ReaderStatus.NO_READER, readers))
            present = {name: False for name in readers}
            mute: dict[str, bool] = {}
            states = [(name, scard.SCARD_STATE_UNAWARE) for name in readers]
            pnp = (PNP, scard.SCARD_STATE_UNAWARE)  # wakes the wait when a reader comes or goes
            timeout = 0  # the first look returns at once: a card already in the reader is read too
            while not self._stop.is_set():
                result, found = scard.SCardGetStatusChange(context, timeout, [pnp, *states])
                if result in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED):
                    timeout = POLL_MS
                    continue
                if result == scard.SCARD_E_UNKNOWN_READER:
                    break  # a reader went away between the listing and the wait
                _check("wait for the readers", result)
                if timeout and found[0][1] & scard.SCARD_STATE_CHANGED:
                    break  # a reader plugged in or out: list them again
                timeout = POLL_MS
                states = [(name, state & ~scard.SCARD_STATE_CHANGED) for name, state, _atr in found[1:]]
                gone = scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE
                if any(state & gone for _name, state in states):
                    break  # a reader unplugged
                for name, state in states:
                    now = card_present(state)
                    if state & scard.SCARD_STATE_MUTE and not mute.get(name):
                        self._say(
                            CardFailed(card_error("card.unreadable", f"{name}: the card is mute (no valid ATR)"), name)
                        )
                    mute[name] = bool(state & scard.SCARD_STATE_MUTE)
                    if now and not present[name]:
                        present[name] = True
                        self._read(context, name)
                    elif not now and present[name]:
                        present[name] = False
                        self._say(CardLeft(name))

    def _read(self, context: Any, reader: str) -> None:
        at = time.monotonic()
        self._say(CardInserted(reader, at))
        try:
            identity, waited = read_card(context, reader, language=self.language)
        except CardError as exc:
            log.info("card in %s not read: %s", reader, exc.en)
            self._say(CardFailed(exc, reader))
            return
        self._say(CardRead(identity, reader, at, waited))
