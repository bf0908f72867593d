"""The seam for a Thai ID-card reader (PC/SC), which comes later.

A reader lives on its own thread, reads only what the register needs (DOMAIN.md §7: the
13-digit ID and the Thai name) and emits :attr:`CardReader.card_read`; the window fills the
form with it and the visitor confirms as usual.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class CardIdentity:
    """What the kiosk takes from a card: no photo, no address, no religion (PDPA s.22)."""

    national_id: str
    full_name_th: str


class CardReader(QObject):
    """Base of card readers. Signals:
    card_read(object): a CardIdentity, emitted on the main thread.
    failed(str): the card could not be read (English, for the log and staff).
    """

    card_read = Signal(object)
    failed = Signal(str)

    def start(self) -> None:
        """Begin watching for cards (a real reader overrides this)."""

    def stop(self) -> None:
        """Stop watching and release the reader."""
