"""The Thai national ID card's chip: the APDUs that read the ID and the name, and nothing else (DOMAIN.md §7).

This module speaks to a card through :class:`CardTransport` (one APDU in, data and status
words out); the PC/SC transport lives in ``cardreader``, the tests' emulated card speaks
the same frames. Only the 13-digit ID and one name (Thai, or English when the visitor
chose English) are ever asked of the chip: never the photo, address or birth date.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Protocol

from kiosk.errors import KioskError
from kiosk.validation import ValidationError, mask_national_id, validate_name, validate_national_id

# The Ministry of Interior's applet on the chip.
SELECT_APPLET = bytes.fromhex("00A4040008A000000054480001")
# (P1 P2, Le) of the fields the register needs; read with 80 B0 P1 P2 02 00 Le.
CID = (bytes.fromhex("0004"), 0x0D)
NAME_TH = (bytes.fromhex("0011"), 0x64)
NAME_EN = (bytes.fromhex("0075"), 0x64)
SW_OK = 0x9000
# TIS-620 exactly: cp874 (its Windows superset) would also take 0x80-0x9F, which no chip holds.
ENCODING = "tis_620"


class CardError(KioskError):
    """The card could not be read. ``th`` is for the visitor, ``en`` for the log and staff."""


# What the visitor is told for each way a read can fail: the visit always goes on by typing.
_TYPE_INSTEAD = "กรุณาพิมพ์ชื่อแทน หรือให้เจ้าหน้าที่ช่วย"
MESSAGES: dict[str, str] = {
    "card.not_thai_id": "บัตรนี้ไม่ใช่บัตรประจำตัวประชาชน " + _TYPE_INSTEAD,
    "card.removed": "บัตรถูกดึงออกก่อนอ่านเสร็จ กรุณาเสียบบัตรค้างไว้จนอ่านเสร็จ",
    "card.unreadable": "อ่านข้อมูลจากบัตรไม่ได้ " + _TYPE_INSTEAD,
    "card.bad_id": "เลขประจำตัวประชาชนในบัตรไม่ถูกต้อง " + _TYPE_INSTEAD,
    "card.no_service": "เครื่องอ่านบัตรยังไม่พร้อม " + _TYPE_INSTEAD,
    "card.no_reader": "ไม่พบเครื่องอ่านบัตร " + _TYPE_INSTEAD,
}


def card_error(code: str, en: str) -> CardError:
    return CardError(code, MESSAGES[code], en)


class CardRemoved(CardError):
    """The card left the reader (or reset) while it was being read."""

    def __init__(self, en: str) -> None:
        super().__init__("card.removed", MESSAGES["card.removed"], en)


@dataclass(frozen=True)
class CardIdentity:
    """What the kiosk takes from a card (PDPA s.22: only what the register needs)."""

    national_id: str
    full_name: str
    language: str  # "th" or "en": which name was read

    @property
    def national_id_masked(self) -> str:
        return mask_national_id(self.national_id)

    def __repr__(self) -> str:  # never the whole ID in a log line or a traceback
        return f"CardIdentity(national_id={self.national_id_masked!r}, full_name=<{len(self.full_name)} chars>)"


class CardTransport(Protocol):
    """One card in one reader: send a command APDU, get the response data and the status word."""

    @property
    def atr(self) -> bytes: ...

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        """The response data and SW1SW2. Raises :class:`CardRemoved` when the card went away."""
        ...


def get_response_class(atr: bytes) -> int:
    """P2 of GET RESPONSE: 01 for the cards whose ATR starts 3B 67, 00 for the others."""
    return 0x01 if atr[:2] == b"\x3b\x67" else 0x00


def read_field(card: CardTransport, where: tuple[bytes, int]) -> bytes:
    """One field: READ BINARY of the applet, then GET RESPONSE for its bytes."""
    offset, length = where
    data, sw = card.transmit(b"\x80\xb0" + offset + bytes([0x02, 0x00, length]))
    if sw >> 8 == 0x61:  # the data is waiting: 61 xx says how much
        pass
    elif sw != SW_OK:
        raise card_error("card.unreadable", f"READ BINARY {offset.hex()} answered SW {sw:04X}")
    data, sw = card.transmit(bytes([0x00, 0xC0, 0x00, get_response_class(card.atr), length]))
    if sw != SW_OK:
        raise card_error("card.unreadable", f"GET RESPONSE for {offset.hex()} answered SW {sw:04X}")
    if len(data) != length:
        raise card_error("card.unreadable", f"field {offset.hex()}: {len(data)} bytes, expected {length}")
    return data


def decode_text(raw: bytes, *, what: str) -> str:
    """TIS-620 text padded with spaces (or NULs); a byte outside TIS-620 means the chip answered garbage."""
    try:
        text = raw.decode(ENCODING, errors="strict")
    except UnicodeDecodeError as exc:
        raise card_error("card.unreadable", f"{what}: not TIS-620 text ({exc.reason} at byte {exc.start})") from None
    if any(unicodedata.category(c) in ("Cc", "Co", "Cn") for c in text.rstrip("\x00 ")):
        raise card_error("card.unreadable", f"{what}: control characters in the text")
    return text.rstrip("\x00 ").strip()


def parse_name(raw: bytes, *, language: str) -> str:
    """``นาย#สมชาย##ใจดี`` (title, first, middle, last) → ``นายสมชาย ใจดี``; English ``Mr. Somchai Jaidee``."""
    parts = [p.strip() for p in decode_text(raw, what="name").split("#")]
    if len(parts) != 4 or not parts[1] or not parts[3]:
        raise card_error("card.unreadable", f"name: {len(parts)} parts, expected title#first#middle#last")
    title, first, middle, last = parts
    given = f"{title}{first}" if language == "th" else f"{title} {first}".strip()
    name = " ".join(p for p in (given, middle, last) if p)
    try:
        return validate_name(name)
    except ValidationError:
        raise card_error("card.unreadable", "name: letters a name never has") from None


def parse_national_id(raw: bytes) -> str:
    digits = decode_text(raw, what="citizen ID")
    try:
        return validate_national_id(digits)
    except ValidationError as exc:
        raise card_error("card.bad_id", f"citizen ID on the chip refused: {exc.problems[0].en}") from None


def read_identity(card: CardTransport, *, language: str = "th") -> CardIdentity:
    """Select the applet and read the ID and the name in ``language`` ("th" or "en")."""
    _data, sw = card.transmit(SELECT_APPLET)
    if sw >> 8 in (0x6A, 0x6D, 0x6E) or sw == 0x6999:  # not found, no such command or class: another kind of card
        raise card_error("card.not_thai_id", f"the applet A0 00 00 00 54 48 00 01 is not on this card (SW {sw:04X})")
    if sw >> 8 != 0x61 and sw != SW_OK:
        raise card_error("card.unreadable", f"SELECT of the applet answered SW {sw:04X}")
    national_id = parse_national_id(read_field(card, CID))
    full_name = parse_name(read_field(card, NAME_EN if language == "en" else NAME_TH), language=language)
    return CardIdentity(national_id=national_id, full_name=full_name, language=language)
