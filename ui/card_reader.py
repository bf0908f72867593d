"""The Thai ID-card reader as Qt signals: the watcher runs on its own thread, its events arrive queued on the UI thread.

The reader reads only what the register needs (DOMAIN.md §7: the 13-digit ID and one name,
see :mod:`kiosk.idcard`); the window fills the form with it and the visitor confirms.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk.idcard import CardIdentity

if TYPE_CHECKING:
    from cardreader.pcsc import CardEvent, CardWatcher

__all__ = ["CardIdentity", "CardReader", "DemoCardReader", "PcscCardReader"]

log = logging.getLogger(__name__)


class CardReader(QObject):
    """Base of card readers; the signals are emitted on the UI thread. Signals:
    inserted(): a card went in; reading it takes a moment.
    card_read(object): a CardIdentity. ``shown_after`` gives the kiosk's own share of the time.
    failed(object): a CardError (``th`` for the visitor, ``en`` for the log and staff).
    removed(): the card came out.
    state_changed(str, str): the reader's state in Thai and in English (staff area, log).
    """

    inserted = Signal()
    card_read = Signal(object)
    failed = Signal(object)
    removed = Signal()
    state_changed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state_th = ""
        self.state_en = ""
        self.ready = False
        self.language = "th"
        # time.monotonic() when the last card was seen and the seconds its chip took to answer
        self.last_inserted_at = 0.0
        self.last_card_seconds = 0.0

    def start(self) -> None:
        """Begin watching for cards (a real reader overrides this)."""

    def stop(self) -> None:
        """Stop watching and release the reader."""

    def set_language(self, language: str) -> None:
        """Which name the next card gives: "th" or "en"."""
        self.language = language

    def kiosk_seconds(self) -> float:
        """The kiosk's own share since the last card went in: the time so far less the chip's answers."""
        return time.monotonic() - self.last_inserted_at - self.last_card_seconds

    def _set_state(self, th: str, en: str, *, ready: bool) -> None:
        self.state_th, self.state_en, self.ready = th, en, ready
        self.state_changed.emit(th, en)


class DemoCardReader(CardReader):
    """For the screenshots: a reader that says it is ready and "reads" the card it is handed (no hardware)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._set_state("เครื่องอ่านบัตรพร้อม", "the card reader is ready (demo)", ready=True)

    def hand_in(self, card: CardIdentity) -> None:
        self.last_inserted_at, self.last_card_seconds = time.monotonic(), 0.0
        self.inserted.emit()
        self.card_read.emit(card)


class PcscCardReader(CardReader):
    """PC/SC through pyscard (``cardreader.pcsc.CardWatcher``): pcscd on Linux, the Smart Card service on Windows."""

    # Cross-thread hand-over: emitted on the watcher's thread, delivered queued on this object's (the UI) thread.
    _event = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher: CardWatcher | None = None
        self._event.connect(self._on_event)

    def start(self) -> None:
        from cardreader.pcsc import CardWatcher

        if self._watcher is None:
            self._watcher = CardWatcher(self._event.emit, language=self.language)
            self._watcher.start()

    def stop(self) -> None:
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()

    def set_language(self, language: str) -> None:
        super().set_language(language)
        if self._watcher is not None:
            self._watcher.language = language

    def _on_event(self, event: CardEvent) -> None:
        from cardreader.pcsc import CardFailed, CardInserted, CardLeft, CardRead, ReaderState, ReaderStatus

        if isinstance(event, ReaderState):
            self._set_state(event.th, event.en, ready=event.status is ReaderStatus.READY)
        elif isinstance(event, CardInserted):
            self.last_inserted_at, self.last_card_seconds = event.at, 0.0
            self.inserted.emit()
        elif isinstance(event, CardRead):
            self.last_inserted_at, self.last_card_seconds = event.inserted_at, event.card_seconds
            self.card_read.emit(event.identity)
        elif isinstance(event, CardFailed):
            self.failed.emit(event.error)
        elif isinstance(event, CardLeft):
            self.removed.emit()
