"""The card watcher on the real stack: pyscard → a private pcscd → the vpcd reader → an emulated Thai ID card."""

from __future__ import annotations

import queue
from collections.abc import Iterator

import pytest

from cardreader.pcsc import (
    CardEvent,
    CardFailed,
    CardInserted,
    CardLeft,
    CardRead,
    CardWatcher,
    ReaderState,
    ReaderStatus,
    read_once,
    reader_state,
)
from kiosk.idcard import CardError
from tests.pcsc import CITIZEN_ID, OTHER_ATR, THAI_ATR, THAI_ATR_NEW, PrivatePcscd, ThaiIdChip, pad

pytestmark = pytest.mark.pcsc


class Events:
    """What the watcher said, in order, as its thread said it."""

    def __init__(self) -> None:
        self.queue: queue.Queue[CardEvent] = queue.Queue()

    def __call__(self, event: CardEvent) -> None:
        self.queue.put(event)

    def next(self, kind: type, timeout: float = 10.0) -> CardEvent:
        """The next event of ``kind``, skipping the others."""
        while True:
            event = self.queue.get(timeout=timeout)
            if isinstance(event, kind):
                return event

    def state(self, status: ReaderStatus, timeout: float = 15.0) -> ReaderState:
        while True:
            event = self.next(ReaderState, timeout)
            assert isinstance(event, ReaderState)
            if event.status is status:
                return event


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def watcher(pcscd: PrivatePcscd, events: Events) -> Iterator[CardWatcher]:
    watching = CardWatcher(events)
    watching.start()
    events.state(ReaderStatus.READY)
    yield watching
    watching.stop()


def test_insert_read_remove(pcscd: PrivatePcscd, watcher: CardWatcher, events: Events) -> None:
    chip = ThaiIdChip()
    card = pcscd.card(chip).insert()
    assert isinstance(events.next(CardInserted), CardInserted)
    read = events.next(CardRead)
    assert isinstance(read, CardRead)
    assert read.identity.national_id == CITIZEN_ID
    assert read.identity.full_name == "นายสมชาย ใจดี"
    assert read.identity.language == "th"
    assert read.card_seconds > 0
    # only the ID and the Thai name were asked of the chip: no photo, address, birth date
    assert chip.asked == ["0004", "0011"]
    assert CITIZEN_ID not in repr(read.identity)
    card.remove()
    assert isinstance(events.next(CardLeft), CardLeft)


def test_english_name_when_the_visitor_chose_english(pcscd: PrivatePcscd, watcher: CardWatcher, events: Events) -> None:
    watcher.language = "en"
    chip = ThaiIdChip()
    pcscd.card(chip).insert()
    read = events.next(CardRead)
    assert isinstance(read, CardRead)
    assert read.identity.full_name == "Mr. Somchai Jaidee"
    assert chip.asked == ["0004", "0075"]


def test_newer_cards_take_get_response_class_00(pcscd: PrivatePcscd, watcher: CardWatcher, events: Events) -> None:
    chip = ThaiIdChip(atr=THAI_ATR_NEW)
    pcscd.card(chip).insert()
    read = events.next(CardRead)
    assert isinstance(read, CardRead) and read.identity.national_id == CITIZEN_ID


def failure(events: Events) -> CardError:
    failed = events.next(CardFailed)
    assert isinstance(failed, CardFailed)
    return failed.error


def test_card_pulled_out_mid_read(pcscd: PrivatePcscd, watcher: CardWatcher, events: Events) -> None:
    card = pcscd.card(ThaiIdChip(pull_after=3)).insert()  # SELECT, READ CID, then gone
    error = failure(events)
    assert error.code == "card.removed"
    assert "ดึงออก" in error.th
    card.remove()
    # the watcher goes on: the same card put back is read
    pcscd.card(ThaiIdChip()).insert()
    assert isinstance(events.next(CardRead), CardRead)


def test_garbled_tis620_is_refused(pcscd: PrivatePcscd, watcher: CardWatcher, events: Events) -> None:
    pcscd.card(ThaiIdChip(name_th=pad(b"\xff\xdb#\xfc\xfd##\xa1", 100))).insert()
    error = failure(events)
    assert error.code == "card.unreadable"
    assert "TIS-620" in error.en


def test_a_chip_that_answers_garbage(pcscd: PrivatePcscd, watcher: CardWatcher, events: Events) -> None:
    pcscd.card(ThaiIdChip(garbage_after_select=True)).insert()
    error = failure(events)
    assert error.code == "card.unreadable"
    assert "BEEF" in error.en


def test_a_short_answer_is_refused(pcscd: PrivatePcscd, watcher: CardWatcher, events: Events) -> None:
    pcscd.card(ThaiIdChip(citizen_id=b"12345")).insert()
    error = failure(events)
    assert error.code == "card.unreadable" and "expected 13" in error.en


def test_wrong_check_digit_is_refused(pcscd: PrivatePcscd, watcher: CardWatcher, events: Events) -> None:
    pcscd.card(ThaiIdChip(citizen_id=pad(CITIZEN_ID[:12] + "9", 13))).insert()
    error = failure(events)
    assert error.code == "card.bad_id"
    assert "check digit" in error.en


def test_a_card_that_is_not_a_thai_id_card(pcscd: PrivatePcscd, watcher: CardWatcher, events: Events) -> None:
    chip = ThaiIdChip(atr=OTHER_ATR, thai_applet=False)
    pcscd.card(chip).insert()
    error = failure(events)
    assert error.code == "card.not_thai_id"
    assert chip.asked == []


def test_no_pcscd_then_back(pcscd: PrivatePcscd, watcher: CardWatcher, events: Events) -> None:
    pcscd.stop()
    gone = events.state(ReaderStatus.NO_SERVICE)
    assert "pcscd" in gone.th
    assert reader_state().status is ReaderStatus.NO_SERVICE
    with pytest.raises(CardError) as refused:
        read_once()
    assert refused.value.code == "card.no_service"
    pcscd.start()
    events.state(ReaderStatus.READY)
    pcscd.card(ThaiIdChip()).insert()
    assert isinstance(events.next(CardRead), CardRead)


def test_reader_unplugged_and_plugged_back(pcscd: PrivatePcscd, watcher: CardWatcher, events: Events) -> None:
    # vpcd is a serial driver, it cannot be hot-unplugged: pcscd comes back without it, then with it.
    pcscd.stop()
    pcscd.set_readers(0)
    pcscd.start()
    assert events.state(ReaderStatus.NO_READER).readers == ()
    with pytest.raises(CardError) as refused:
        read_once()
    assert refused.value.code == "card.no_reader"
    pcscd.stop()
    pcscd.set_readers(1)
    pcscd.start()
    events.state(ReaderStatus.READY)
    pcscd.card(ThaiIdChip()).insert()
    assert isinstance(events.next(CardRead), CardRead)


def test_two_readers_a_card_in_either_is_read(pcscd: PrivatePcscd, events: Events) -> None:
    # vpcd shows two reader slots: the kiosk watches both and reads the one a card goes into
    assert reader_state().readers == ("Virtual PCD 00 00", "Virtual PCD 00 01")
    watching = CardWatcher(events)
    watching.start()
    try:
        ready = events.state(ReaderStatus.READY)
        assert "2 เครื่อง" in ready.th
        pcscd.card(ThaiIdChip(), reader=1).insert()
        read = events.next(CardRead)
        assert isinstance(read, CardRead)
        assert read.reader == "Virtual PCD 00 01"
        pcscd.card(ThaiIdChip(), reader=0).insert()
        read = events.next(CardRead)
        assert isinstance(read, CardRead) and read.reader == "Virtual PCD 00 00"
    finally:
        watching.stop()


def test_read_once_reads_the_card_in_the_reader(pcscd: PrivatePcscd) -> None:
    card = pcscd.card(ThaiIdChip(atr=THAI_ATR)).insert()
    try:
        identity = read_once(timeout_s=5)
    finally:
        card.remove()
    assert identity.national_id == CITIZEN_ID
    assert identity.national_id_masked == "1-xxxx-xxxxx-x6-1"
