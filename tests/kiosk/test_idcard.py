"""The chip protocol without a reader: the APDUs asked, the GET RESPONSE class, TIS-620 names, the check digit."""

from __future__ import annotations

import pytest

from kiosk.idcard import CardError, CardRemoved, get_response_class, parse_name, read_identity
from tests.pcsc import CITIZEN_ID, OTHER_ATR, THAI_ATR, THAI_ATR_NEW, ThaiIdChip, pad


class ChipTransport:
    """kiosk.idcard's CardTransport over the emulated chip, with the exchanges kept."""

    def __init__(self, chip: ThaiIdChip, *, gone_after: int | None = None) -> None:
        self.chip = chip
        self.sent: list[bytes] = []
        self.gone_after = gone_after

    @property
    def atr(self) -> bytes:
        return self.chip.atr

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.sent.append(apdu)
        if self.gone_after is not None and len(self.sent) > self.gone_after:
            raise CardRemoved("test: pulled out")
        answer = self.chip.answer(apdu)
        return answer[:-2], answer[-2] << 8 | answer[-1]


def test_the_apdus_of_a_read_and_nothing_more() -> None:
    card = ChipTransport(ThaiIdChip(atr=THAI_ATR))
    identity = read_identity(card)
    assert identity.national_id == CITIZEN_ID and identity.full_name == "นายสมชาย ใจดี"
    assert [apdu.hex(" ").upper() for apdu in card.sent] == [
        "00 A4 04 00 08 A0 00 00 00 54 48 00 01",
        "80 B0 00 04 02 00 0D",
        "00 C0 00 01 0D",  # the ATR starts 3B 67: class 01
        "80 B0 00 11 02 00 64",
        "00 C0 00 01 64",
    ]


def test_get_response_class_follows_the_atr() -> None:
    assert get_response_class(THAI_ATR) == 0x01
    assert get_response_class(THAI_ATR_NEW) == 0x00
    card = ChipTransport(ThaiIdChip(atr=THAI_ATR_NEW))
    read_identity(card, language="en")
    assert card.sent[2] == bytes.fromhex("00C000000D")
    assert card.sent[3] == bytes.fromhex("80B00075020064")


@pytest.mark.parametrize(
    ("raw", "language", "name"),
    [
        ("นาย#สมชาย##ใจดี", "th", "นายสมชาย ใจดี"),
        ("นางสาว#มาลี#ศรี#บุญมา", "th", "นางสาวมาลี ศรี บุญมา"),
        ("Mr.#Somchai##Jaidee", "en", "Mr. Somchai Jaidee"),
        ("#Somchai##Jaidee", "en", "Somchai Jaidee"),
    ],
)
def test_names_are_put_together_as_written(raw: str, language: str, name: str) -> None:
    assert parse_name(pad(raw, 100), language=language) == name


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfe#\xa1##\xa1",  # bytes TIS-620 does not have
        b"\x80\x81#\xa1##\xa1",  # cp874's additions: no chip holds them
        pad("นาย#สมชาย", 100),  # too few parts
        pad("นาย###ใจดี", 100),  # no given name
        b"\x01\x02#\xa1##\xa1",  # control characters
        pad("นาย#สมชาย1##ใจดี", 100),  # a digit in a name
    ],
)
def test_garbled_names_are_refused(raw: bytes) -> None:
    with pytest.raises(CardError) as refused:
        parse_name(raw.ljust(100, b" "), language="th")
    assert refused.value.code == "card.unreadable"


def test_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(CardError) as refused:
        read_identity(ChipTransport(ThaiIdChip(citizen_id=pad(CITIZEN_ID[:12] + "0", 13))))
    assert refused.value.code == "card.bad_id"
    assert refused.value.th.startswith("เลขประจำตัวประชาชนในบัตรไม่ถูกต้อง")


def test_another_card_is_told_apart_from_a_broken_one() -> None:
    with pytest.raises(CardError) as other:
        read_identity(ChipTransport(ThaiIdChip(atr=OTHER_ATR, thai_applet=False)))
    assert other.value.code == "card.not_thai_id"
    with pytest.raises(CardError) as broken:
        read_identity(ChipTransport(ThaiIdChip(garbage_after_select=True)))
    assert broken.value.code == "card.unreadable"


def test_a_card_pulled_out_says_so() -> None:
    with pytest.raises(CardRemoved) as pulled:
        read_identity(ChipTransport(ThaiIdChip(), gone_after=2))
    assert pulled.value.code == "card.removed"
